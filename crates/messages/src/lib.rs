//! Payment messages as screenable items, and their screening.
//!
//! A payment is screened field by field: every party and agent name against the lists (with
//! the country of its address), every BIC as an identifier and by its institution's country,
//! every country and town against the comprehensive embargoes, and the free text (remittance
//! information, sender-to-receiver information) with the text screener of
//! `interdict-mentions`. An alert must say where in the message it came from, so each item
//! keeps its field path: `Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm` for ISO 20022,
//! `MT103 :59:` for SWIFT FIN.
//!
//! Two formats are read:
//! - ISO 20022 pacs.008 (FI to FI customer credit transfer) and pain.001 (customer credit
//!   transfer initiation), any version, with or without a business application header
//!   (`AppHdr`) and whatever envelope element wraps them ([`iso`]);
//! - SWIFT FIN MT103 and MT101, one message or an RJE file of messages separated by `$`,
//!   with or without acknowledgements before them ([`mt`]).
//!
//! A message that is not well formed is refused whole with a [`MessageError`] naming the file,
//! the line and column (XML) or message and field (FIN), and the reason: screening half a
//! payment would pass the other half unscreened.

#![deny(missing_docs)]

pub mod bic;
mod embargo;
pub mod iso;
pub mod mt;
mod screen;

use serde::Serialize;

pub use embargo::{embargoes_for, Embargo};
pub use screen::{
    screen_message, screen_messages, BicNote, EmbargoFlag, MentionPlace, MessageConfig, MessageHit,
    MessageReport,
};

/// The kind of a payment message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Format {
    /// ISO 20022 pacs.008, FI to FI customer credit transfer.
    #[serde(rename = "pacs.008")]
    Pacs008,
    /// ISO 20022 pain.001, customer credit transfer initiation.
    #[serde(rename = "pain.001")]
    Pain001,
    /// SWIFT MT103, single customer credit transfer.
    #[serde(rename = "MT103")]
    Mt103,
    /// SWIFT MT101, request for transfer.
    #[serde(rename = "MT101")]
    Mt101,
}

/// A value read from a message, with the path of the field it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Located {
    /// The field: an XPath-like element path (`Document/.../Cdtr/Nm`) or a FIN field
    /// (`MT103 :59:`).
    pub field: String,
    /// The value as written (whitespace trimmed).
    pub value: String,
}

/// A party or agent of a message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Party {
    /// Its role: the ISO element (`Cdtr`, `DbtrAgt`, `AppHdr/Fr`) or the FIN field (`59`, `57A`).
    pub role: String,
    /// Whether it is a financial institution (an agent) rather than a customer.
    pub agent: bool,
    /// The transaction it belongs to, from 1; `None` for message-level parties.
    pub transaction: Option<usize>,
    /// Its names (the name proper first; contact names after).
    pub names: Vec<Located>,
    /// Its BIC, as written.
    pub bic: Option<Located>,
    /// Other identifiers (LEI, organisation or private ids).
    pub ids: Vec<Located>,
    /// Countries stated for it (address country, country of residence), as written.
    pub countries: Vec<Located>,
    /// Towns of its address.
    pub towns: Vec<Located>,
    /// Unstructured address lines.
    pub address_lines: Vec<Located>,
}

/// A free-text field (remittance information, instructions, sender-to-receiver information).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FreeText {
    /// The transaction it belongs to, from 1; `None` for message-level text.
    pub transaction: Option<usize>,
    /// The field and its text.
    pub text: Located,
}

/// One payment message, read into the items a screener looks at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Its kind.
    pub format: Format,
    /// Its identifier: `GrpHdr/MsgId` (ISO 20022) or field `:20:` (FIN); `None` if absent.
    pub id: Option<String>,
    /// Its creation or value date, `YYYY-MM-DD`, when stated.
    pub date: Option<chrono::NaiveDate>,
    /// The number of transactions in it.
    pub transactions: usize,
    /// Its parties and agents, in document order.
    pub parties: Vec<Party>,
    /// Its free-text fields, in document order.
    pub texts: Vec<FreeText>,
    /// Damage that was tolerated because nothing to screen was lost (a stray brace).
    pub warnings: Vec<String>,
}

/// Why a message file was refused. Every variant names the file and where in it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MessageError {
    /// The bytes are not UTF-8.
    #[error(
        "{file}:{line}:{column}: not UTF-8 (byte {byte:#04x}); payment messages must be UTF-8"
    )]
    NotUtf8 {
        /// The file.
        file: String,
        /// Line, from 1.
        line: usize,
        /// Column (byte in the line), from 1.
        column: usize,
        /// The offending byte.
        byte: u8,
    },
    /// The XML is not well formed, or not the message it says it is.
    #[error("{file}:{line}:{column}: {reason}")]
    Xml {
        /// The file.
        file: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        reason: String,
    },
    /// A FIN message is damaged.
    #[error("{file}: message {message} (line {line}){}: {reason}", field.as_ref().map(|f| format!(", field {f}")).unwrap_or_default())]
    Fin {
        /// The file.
        file: String,
        /// The message in the file, from 1.
        message: usize,
        /// The line, from 1.
        line: usize,
        /// The field (`:59:`, `{4:}`), when the error is in one.
        field: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// The content is neither ISO 20022 XML nor SWIFT FIN.
    #[error("{file}: not a payment message: {reason}")]
    UnknownFormat {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
}

/// Reads a message file: ISO 20022 XML (first non-blank byte `<`) or SWIFT FIN (`{`).
/// `file` names the input in errors.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Vec<Message>, MessageError> {
    let text = utf8(file, bytes)?;
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    match trimmed.as_bytes().first() {
        Some(b'<') => iso::parse(file, text).map(|message| vec![message]),
        Some(b'{') => mt::parse(file, text),
        Some(_) => Err(MessageError::UnknownFormat {
            file: file.to_owned(),
            reason: "it starts with neither '<' (ISO 20022 XML) nor '{' (SWIFT FIN)".into(),
        }),
        None => Err(MessageError::UnknownFormat {
            file: file.to_owned(),
            reason: "the file is empty".into(),
        }),
    }
}

/// The bytes as UTF-8, or an error locating the first bad byte.
fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, MessageError> {
    std::str::from_utf8(bytes).map_err(|err| {
        let at = err.valid_up_to();
        let (line, column) = line_column(&bytes[..at], at);
        MessageError::NotUtf8 {
            file: file.to_owned(),
            line,
            column,
            byte: bytes[at],
        }
    })
}

/// Line and column (from 1) of byte offset `at`.
pub(crate) fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(bytes.len());
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, at - line_start + 1)
}
