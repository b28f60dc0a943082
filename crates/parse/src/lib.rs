//! Readers for the official sanctions-list formats.
//!
//! Each authority publishes its list in its own format, and interdict reads the
//! publications themselves rather than a third party's flattening of them. One
//! module per source family turns the published bytes into [`interdict_model`]
//! entities:
//!
//! | source          | module            | formats                                            |
//! |-----------------|-------------------|----------------------------------------------------|
//! | `ofac-sdn`      | [`ofac`]          | legacy CSV set (sdn, add, alt, sdn_comments)       |
//! | `ofac-cons`     | [`ofac`]          | legacy CSV set, `sdnList` XML, Enhanced XML        |
//! | `un-sc`         | [`un`]            | consolidated.xml                                   |
//! | `uk-hmt`        | [`uk`]            | ConList.csv (plain or .gz), ConList.xlsx           |
//! | `eu-fsf`        | [`eu`]            | FSF XML 1.1                                        |
//! | `us-csl`        | [`csl`]           | trade.gov CSV (plain or .gz), BIS DPL .txt         |
//! | `opensanctions` | [`opensanctions`] | FtM JSON lines: full export, or delta ops          |
//!
//! Architecture invariants:
//! - Parsers work on bytes in memory ([`Input`]); only [`load_inputs`] touches the
//!   file system. That keeps them fuzzable.
//! - A file that is not what it claims to be (malformed XML, a truncated CSV, the
//!   wrong format for the named source, the wrong encoding) is refused whole with a
//!   [`ParseError`] that names the file, the line or record, and the reason. A
//!   version built from half a file would silently "delist" the other half.
//! - Within a well-formed file, nothing is dropped: text a parser does not
//!   structure goes to the entity's `notes` and is counted in the
//!   [`ImportReport`].

mod common;
pub mod csl;
pub mod eu;
mod input;
pub mod ofac;
pub mod opensanctions;
mod report;
pub mod uk;
pub mod un;

pub use input::{inputs_sha256, load_inputs, Input};
pub use report::{ImportReport, ListKind, Location, ParseError, ParseIssue, ParsedList};

use interdict_model::SourceId;

/// Parses the publication `inputs` of `source`: one file, or the files of a CSV
/// set. The format is recognised from the content; a file of another format is
/// refused with [`ParseError::WrongFormat`].
pub fn parse(source: SourceId, inputs: &[Input]) -> Result<ParsedList, ParseError> {
    if inputs.is_empty() {
        return Err(ParseError::NoInput { list: source });
    }
    match source {
        SourceId::OfacSdn => ofac::parse_sdn(inputs),
        SourceId::OfacCons => ofac::parse_cons(inputs),
        SourceId::UnSc => un::parse(inputs),
        SourceId::UkHmt => uk::parse(inputs),
        SourceId::EuFsf => eu::parse(inputs),
        SourceId::UsCsl => csl::parse(inputs),
        SourceId::OpenSanctions => opensanctions::parse(inputs),
    }
}
