//! ISO 20022 pacs.008 and pain.001, any version, with or without a business application
//! header.
//!
//! The messages are read by element *local* names along their path, not against one version's
//! schema: the elements that name parties (`Dbtr`, `Cdtr`, `UltmtDbtr`, `UltmtCdtr`,
//! `InitgPty`), agents (`DbtrAgt`, `CdtrAgt`, `IntrmyAgt1`..`3`, `InstgAgt`, `InstdAgt`,
//! `PrvsInstgAgt1`..`3`, and the header's `Fr`/`To`) and free text (`Ustrd`, `AddtlRmtInf`,
//! `InstrInf`) have kept their names from pain.001.001.03 to pacs.008.001.12, while their
//! containers moved (`Cdtr/Nm` in pacs.008.001.08, `Cdtr/Pty/Nm` in later versions; `BIC` in
//! .03, `BICFI` since). Prefixes and envelopes (`Envelope`, `message`, `DataPDU`) are ignored;
//! the namespace of `Document` must be the one of the message its body is.
//!
//! Field paths start at `Document` (or `AppHdr`); elements that repeat (`PmtInf`,
//! `CdtTrfTxInf`, `AdrLine`, `Ustrd`, `InstrInf`) carry their position, from 1:
//! `Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm`.

use quick_xml::events::{BytesRef, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::{line_column, Format, FreeText, Located, Message, MessageError, Party};

const PARTIES: &[&str] = &["Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr", "InitgPty"];
const AGENTS: &[&str] = &[
    "DbtrAgt",
    "CdtrAgt",
    "IntrmyAgt1",
    "IntrmyAgt2",
    "IntrmyAgt3",
    "InstgAgt",
    "InstdAgt",
    "PrvsInstgAgt1",
    "PrvsInstgAgt2",
    "PrvsInstgAgt3",
    "FwdgAgt",
];
const REPEATED: &[&str] = &[
    "PmtInf",
    "CdtTrfTxInf",
    "AdrLine",
    "Ustrd",
    "InstrInf",
    "Othr",
];
const FREE_TEXT: &[&str] = &["Ustrd", "AddtlRmtInf", "InstrInf"];

struct Open {
    /// Local name.
    name: String,
    /// The path segment (`CdtTrfTxInf[2]`).
    segment: String,
    /// Counts of repeated children seen so far, by local name.
    children: Vec<(String, usize)>,
    /// Where it was opened (byte offset), for truncation errors.
    at: usize,
}

/// Reads one pacs.008 or pain.001 message.
pub fn parse(file: &str, text: &str) -> Result<Message, MessageError> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut state = IsoReader::new(file, text);
    loop {
        let at = reader.buffer_position() as usize;
        let (namespace, event) = match reader.read_resolved_event() {
            Ok(pair) => pair,
            Err(err) => return Err(state.error(reader.error_position() as usize, err.to_string())),
        };
        match event {
            Event::Start(start) => {
                let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                let namespace = match namespace {
                    ResolveResult::Bound(ns) => String::from_utf8_lossy(ns.as_ref()).into_owned(),
                    _ => String::new(),
                };
                state.start(at, &namespace, local)?;
            }
            Event::Empty(_) => {}
            Event::Text(content) => {
                let decoded = content
                    .decode()
                    .map_err(|err| state.error(at, format!("text: {err}")))?;
                state.current_text.push_str(&decoded);
            }
            Event::CData(content) => {
                let content = String::from_utf8_lossy(&content.into_inner()).into_owned();
                state.current_text.push_str(&content);
            }
            Event::GeneralRef(reference) => {
                let resolved = resolve(&reference).ok_or_else(|| {
                    state.error(
                        at,
                        format!(
                            "unescaped `&` or undefined entity `&{};`",
                            String::from_utf8_lossy(reference.as_ref())
                        ),
                    )
                })?;
                state.current_text.push_str(&resolved);
            }
            Event::End(_) => state.end(),
            Event::Eof => return state.finish(),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// What the reader holds while it walks the elements of one message.
struct IsoReader<'a> {
    file: &'a str,
    text: &'a str,
    stack: Vec<Open>,
    /// Index in `stack` of the element `Document` or `AppHdr` that paths start at.
    root: Option<usize>,
    format: Option<Format>,
    message: Message,
    header_id: Option<String>,
    /// The party being read: its index in `message.parties` and its depth in `stack`.
    party: Option<(usize, usize)>,
    current_text: String,
    saw_document: bool,
}

impl<'a> IsoReader<'a> {
    fn new(file: &'a str, text: &'a str) -> IsoReader<'a> {
        IsoReader {
            file,
            text,
            stack: Vec::new(),
            root: None,
            format: None,
            message: Message {
                format: Format::Pacs008,
                id: None,
                date: None,
                transactions: 0,
                parties: Vec::new(),
                texts: Vec::new(),
                warnings: Vec::new(),
            },
            header_id: None,
            party: None,
            current_text: String::new(),
            saw_document: false,
        }
    }

    /// The error at byte offset `at`, with its line and column.
    fn error(&self, at: usize, reason: String) -> MessageError {
        let (line, column) = line_column(self.text.as_bytes(), at);
        MessageError::Xml {
            file: self.file.to_owned(),
            line,
            column,
            reason,
        }
    }

    /// An element opens at `at`.
    fn start(&mut self, at: usize, namespace: &str, local: String) -> Result<(), MessageError> {
        self.current_text.clear();
        if local == "Document" || local == "AppHdr" {
            self.root = Some(self.stack.len());
        }
        if local == "Document" {
            self.document(at, namespace)?;
        }
        self.check_body(at, &local)?;
        let segment = self.segment(&local);
        if local == "CdtTrfTxInf" && in_document(&self.stack, self.root) {
            self.message.transactions += 1;
        }
        let is_party = PARTIES.contains(&local.as_str()) || AGENTS.contains(&local.as_str());
        let header_party = (local == "Fr" || local == "To")
            && self.stack.last().is_some_and(|p| p.name == "AppHdr");
        self.stack.push(Open {
            name: local.clone(),
            segment,
            children: Vec::new(),
            at,
        });
        if self.party.is_none() && (is_party || header_party) && self.root.is_some() {
            self.open_party(&local, header_party);
        }
        Ok(())
    }

    /// `<Document>`: its namespace names the message definition.
    fn document(&mut self, at: usize, namespace: &str) -> Result<(), MessageError> {
        self.saw_document = true;
        let format = document_format(namespace).ok_or_else(|| {
            self.error(
                at,
                if namespace.is_empty() {
                    "<Document> has no namespace; an ISO 20022 message names its message definition (urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08, ...)".to_owned()
                } else {
                    format!("<Document> namespace {namespace:?} is not a pacs.008 or pain.001 message definition")
                },
            )
        })?;
        self.format = Some(format);
        Ok(())
    }

    /// The body element of `<Document>` must be the message its namespace says.
    fn check_body(&self, at: usize, local: &str) -> Result<(), MessageError> {
        let root = self.root;
        if !root.is_some_and(|r| self.stack.len() == r + 1 && self.stack[r].name == "Document") {
            return Ok(());
        }
        let expected = match self.format {
            Some(Format::Pacs008) => "FIToFICstmrCdtTrf",
            _ => "CstmrCdtTrfInitn",
        };
        if local == expected {
            return Ok(());
        }
        Err(self.error(
            at,
            format!(
                "<Document> namespace says {}, but its body is <{local}> (expected <{expected}>)",
                format_name(self.format)
            ),
        ))
    }

    /// The path segment of a new child of the current element: repeated elements carry
    /// their position among their siblings of the same name, from 1.
    fn segment(&mut self, local: &str) -> String {
        let Some(parent) = self.stack.last_mut() else {
            return local.to_string();
        };
        if !REPEATED.contains(&local) {
            return local.to_string();
        }
        let n = match parent.children.iter_mut().find(|(name, _)| name == local) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                parent.children.push((local.to_string(), 1));
                1
            }
        };
        format!("{local}[{n}]")
    }

    /// A party or agent element opens (the element just pushed).
    fn open_party(&mut self, local: &str, header_party: bool) {
        let transaction = self
            .stack
            .iter()
            .any(|o| o.name == "CdtTrfTxInf")
            .then_some(self.message.transactions);
        self.message.parties.push(Party {
            role: if header_party {
                format!("AppHdr/{local}")
            } else {
                local.to_string()
            },
            agent: header_party || AGENTS.contains(&local),
            transaction,
            ..Party::default()
        });
        self.party = Some((self.message.parties.len() - 1, self.stack.len()));
    }

    /// The current element closes: its text, if any, is recorded where it belongs.
    fn end(&mut self) {
        let value = self.current_text.trim().to_owned();
        self.current_text.clear();
        let path = path(&self.stack, self.root);
        let open = self.stack.pop().expect("quick-xml checks end names");
        if !value.is_empty() && self.root.is_some_and(|root| root <= self.stack.len()) {
            let located = Located { field: path, value };
            record(
                &mut self.message,
                &mut self.header_id,
                &self.stack,
                &open,
                self.party,
                located,
            );
        }
        if let Some((_, depth)) = self.party {
            if self.stack.len() < depth {
                self.party = None;
            }
        }
        if self.root == Some(self.stack.len()) {
            self.root = None;
        }
    }

    /// The end of the input: every element closed, a `<Document>` seen.
    fn finish(self) -> Result<Message, MessageError> {
        if let Some(open) = self.stack.last() {
            return Err(self.error(
                self.text.len(),
                format!(
                    "unexpected end of file: <{}> opened at line {} is not closed (truncated?)",
                    open.name,
                    line_column(self.text.as_bytes(), open.at).0
                ),
            ));
        }
        if !self.saw_document {
            return Err(self.error(
                0,
                "no <Document> element: not an ISO 20022 message".to_owned(),
            ));
        }
        let mut message = self.message;
        message.format = self.format.expect("set with the Document");
        if message.id.is_none() {
            message.id = self.header_id;
        }
        Ok(message)
    }
}

fn format_name(format: Option<Format>) -> &'static str {
    match format {
        Some(Format::Pacs008) => "pacs.008",
        _ => "pain.001",
    }
}

/// The message a `Document` namespace defines: ISO's `urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08`
/// or a community variant that keeps the definition in its name (SIX's
/// `http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd`).
fn document_format(namespace: &str) -> Option<Format> {
    if namespace.contains("pacs.008.") {
        Some(Format::Pacs008)
    } else if namespace.contains("pain.001.") {
        Some(Format::Pain001)
    } else {
        None
    }
}

fn in_document(stack: &[Open], root: Option<usize>) -> bool {
    root.is_some_and(|r| stack.get(r).is_some_and(|o| o.name == "Document"))
}

/// The path of the innermost open element, from the root (`Document` or `AppHdr`).
fn path(stack: &[Open], root: Option<usize>) -> String {
    let start = root.unwrap_or(0).min(stack.len());
    let segments: Vec<&str> = stack[start..].iter().map(|o| o.segment.as_str()).collect();
    segments.join("/")
}

fn resolve(reference: &BytesRef<'_>) -> Option<String> {
    match reference.resolve_char_ref() {
        Ok(Some(ch)) => Some(ch.to_string()),
        Ok(None) => {
            let name = reference.decode().ok()?;
            quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
        }
        Err(_) => None,
    }
}

/// Files a leaf value: message id and date, a party's name, BIC, ids, address, or free text.
/// `stack` holds the leaf's ancestors; `open` is the leaf.
fn record(
    message: &mut Message,
    header_id: &mut Option<String>,
    stack: &[Open],
    open: &Open,
    party: Option<(usize, usize)>,
    located: Located,
) {
    let leaf = open.name.as_str();
    let parent = stack.last().map_or("", |o| o.name.as_str());
    let grandparent = stack
        .len()
        .checked_sub(2)
        .map_or("", |i| stack[i].name.as_str());
    if leaf == "MsgId" && parent == "GrpHdr" && message.id.is_none() {
        message.id = Some(located.value);
        return;
    }
    if leaf == "BizMsgIdr" && parent == "AppHdr" {
        *header_id = Some(located.value);
        return;
    }
    if leaf == "CreDtTm" && parent == "GrpHdr" && message.date.is_none() {
        message.date = located.value.get(..10).and_then(|d| d.parse().ok());
        return;
    }
    if FREE_TEXT.contains(&leaf) {
        let transaction = stack
            .iter()
            .any(|o| o.name == "CdtTrfTxInf")
            .then_some(message.transactions);
        message.texts.push(FreeText {
            transaction,
            text: located,
        });
        return;
    }
    let Some((index, _)) = party else { return };
    let party = &mut message.parties[index];
    match leaf {
        "Nm" if parent == "CtctDtls" => party.names.push(located),
        "Nm" if matches!(parent, "FinInstnId" | "Pty") || is_party_element(parent) => {
            party.names.insert(
                party
                    .names
                    .iter()
                    .take_while(|n| !n.field.contains("CtctDtls"))
                    .count(),
                located,
            )
        }
        "BICFI" | "BIC" | "BICOrBEI" | "AnyBIC" => {
            if party.bic.is_none() {
                party.bic = Some(located)
            } else {
                party.ids.push(located)
            }
        }
        "LEI" => party.ids.push(located),
        "Id" if parent == "Othr" && matches!(grandparent, "OrgId" | "PrvtId" | "FinInstnId") => {
            party.ids.push(located)
        }
        "Ctry" if parent == "PstlAdr" => party.countries.push(located),
        "CtryOfRes" => party.countries.push(located),
        "TwnNm" if parent == "PstlAdr" => party.towns.push(located),
        "AdrLine" => party.address_lines.push(located),
        _ => {}
    }
}

fn is_party_element(name: &str) -> bool {
    PARTIES.contains(&name) || AGENTS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>\
             <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-01-02T10:00:00</CreDtTm></GrpHdr>{body}</FIToFICstmrCdtTrf></Document>"
        )
    }

    #[test]
    fn paths_roles_and_entities() {
        let text = doc(
            "<CdtTrfTxInf><Cdtr><Nm>A &amp; B</Nm><PstlAdr><TwnNm>Tehran</TwnNm><Ctry>IR</Ctry>\
             <AdrLine>x</AdrLine><AdrLine>y</AdrLine></PstlAdr></Cdtr>\
             <CdtrAgt><FinInstnId><BICFI>BKMTIRTH</BICFI></FinInstnId></CdtrAgt>\
             <RmtInf><Ustrd>one</Ustrd><Ustrd>two</Ustrd></RmtInf></CdtTrfTxInf><CdtTrfTxInf><Dbtr><Nm>C</Nm></Dbtr></CdtTrfTxInf>",
        );
        let message = parse("t.xml", &text).unwrap();
        assert_eq!(message.format, Format::Pacs008);
        assert_eq!(message.id.as_deref(), Some("M1"));
        assert_eq!(message.date.unwrap().to_string(), "2026-01-02");
        assert_eq!(message.transactions, 2);
        let cdtr = &message.parties[0];
        assert_eq!(cdtr.role, "Cdtr");
        assert_eq!(cdtr.names[0].value, "A & B");
        assert_eq!(
            cdtr.names[0].field,
            "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm"
        );
        assert_eq!(
            cdtr.address_lines[1].field,
            "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/PstlAdr/AdrLine[2]"
        );
        assert_eq!(cdtr.countries[0].value, "IR");
        assert_eq!(message.parties[1].bic.as_ref().unwrap().value, "BKMTIRTH");
        assert!(message.parties[1].agent);
        assert_eq!(message.parties[2].transaction, Some(2));
        assert_eq!(
            message.texts[1].text.field,
            "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/RmtInf/Ustrd[2]"
        );
    }

    #[test]
    fn located_errors() {
        let text = doc("<CdtTrfTxInf><Cdtr><Nm>A</Nm></Cdtr>");
        let err = parse("t.xml", &text[..text.len() - 40])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.xml:1:"), "{err}");
        assert!(err.contains("not closed"), "{err}");
        let wrong = text.replace("pacs.008.001.08", "camt.053.001.02");
        let err = parse("w.xml", &wrong).unwrap_err().to_string();
        assert!(
            err.contains(
                "\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\" is not a pacs.008 or pain.001"
            ),
            "{err}"
        );
        let body = text.replace("FIToFICstmrCdtTrf", "CstmrCdtTrfInitn");
        let err = parse("b.xml", &body).unwrap_err().to_string();
        assert!(
            err.contains("namespace says pacs.008, but its body is <CstmrCdtTrfInitn>"),
            "{err}"
        );
        let amp = doc("<CdtTrfTxInf><Cdtr><Nm>A & B</Nm></Cdtr></CdtTrfTxInf>");
        let err = parse("a.xml", &amp).unwrap_err().to_string();
        assert!(err.starts_with("a.xml:1:"), "{err}");
    }
}
