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
    let error = |at: usize, reason: String| {
        let (line, column) = line_column(text.as_bytes(), at);
        MessageError::Xml {
            file: file.to_owned(),
            line,
            column,
            reason,
        }
    };
    let mut stack: Vec<Open> = Vec::new();
    // Index in `stack` of the element `Document` or `AppHdr` that paths start at.
    let mut root: Option<usize> = None;
    let mut format: Option<Format> = None;
    let mut message = Message {
        format: Format::Pacs008,
        id: None,
        date: None,
        transactions: 0,
        parties: Vec::new(),
        texts: Vec::new(),
        warnings: Vec::new(),
    };
    let mut header_id: Option<String> = None;
    // The party being read: its index in `message.parties` and its depth in `stack`.
    let mut party: Option<(usize, usize)> = None;
    let mut current_text = String::new();
    let mut saw_document = false;
    loop {
        let at = reader.buffer_position() as usize;
        let (namespace, event) = match reader.read_resolved_event() {
            Ok(pair) => pair,
            Err(err) => return Err(error(reader.error_position() as usize, err.to_string())),
        };
        match event {
            Event::Start(start) => {
                let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                current_text.clear();
                if local == "Document" || local == "AppHdr" {
                    root = Some(stack.len());
                }
                if local == "Document" {
                    saw_document = true;
                    let ns = match namespace {
                        ResolveResult::Bound(ns) => {
                            String::from_utf8_lossy(ns.as_ref()).into_owned()
                        }
                        _ => String::new(),
                    };
                    format = Some(document_format(&ns).ok_or_else(|| {
                        error(
                            at,
                            if ns.is_empty() {
                                "<Document> has no namespace; an ISO 20022 message names its message definition (urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08, ...)".to_owned()
                            } else {
                                format!("<Document> namespace {ns:?} is not a pacs.008 or pain.001 message definition")
                            },
                        )
                    })?);
                }
                if root.is_some_and(|r| stack.len() == r + 1 && stack[r].name == "Document") {
                    // The body element: it must be the message the namespace says.
                    let expected = match format {
                        Some(Format::Pacs008) => "FIToFICstmrCdtTrf",
                        _ => "CstmrCdtTrfInitn",
                    };
                    if local != expected {
                        return Err(error(
                            at,
                            format!("<Document> namespace says {}, but its body is <{local}> (expected <{expected}>)", format_name(format)),
                        ));
                    }
                }
                let mut segment = local.clone();
                if let Some(parent) = stack.last_mut() {
                    if REPEATED.contains(&local.as_str()) {
                        let n = match parent.children.iter_mut().find(|(name, _)| *name == local) {
                            Some((_, n)) => {
                                *n += 1;
                                *n
                            }
                            None => {
                                parent.children.push((local.clone(), 1));
                                1
                            }
                        };
                        segment = format!("{local}[{n}]");
                    }
                }
                if local == "CdtTrfTxInf" && in_document(&stack, root) {
                    message.transactions += 1;
                }
                let is_party =
                    PARTIES.contains(&local.as_str()) || AGENTS.contains(&local.as_str());
                let header_party = (local == "Fr" || local == "To")
                    && stack.last().is_some_and(|p| p.name == "AppHdr");
                stack.push(Open {
                    name: local.clone(),
                    segment,
                    children: Vec::new(),
                    at,
                });
                if party.is_none() && (is_party || header_party) && root.is_some() {
                    let transaction = stack
                        .iter()
                        .any(|o| o.name == "CdtTrfTxInf")
                        .then_some(message.transactions);
                    message.parties.push(Party {
                        role: if header_party {
                            format!("AppHdr/{local}")
                        } else {
                            local.clone()
                        },
                        agent: header_party || AGENTS.contains(&local.as_str()),
                        transaction,
                        ..Party::default()
                    });
                    party = Some((message.parties.len() - 1, stack.len()));
                }
            }
            Event::Empty(_) => {}
            Event::Text(content) => {
                let decoded = content
                    .decode()
                    .map_err(|err| error(at, format!("text: {err}")))?;
                current_text.push_str(&decoded);
            }
            Event::CData(content) => {
                current_text.push_str(&String::from_utf8_lossy(&content.into_inner()));
            }
            Event::GeneralRef(reference) => {
                let resolved = resolve(&reference).ok_or_else(|| {
                    error(
                        at,
                        format!(
                            "unescaped `&` or undefined entity `&{};`",
                            String::from_utf8_lossy(reference.as_ref())
                        ),
                    )
                })?;
                current_text.push_str(&resolved);
            }
            Event::End(_) => {
                let value = current_text.trim().to_owned();
                current_text.clear();
                let path = path(&stack, root);
                let open = stack.pop().expect("quick-xml checks end names");
                if !value.is_empty() && root.is_some() && root.unwrap() <= stack.len() {
                    let located = Located { field: path, value };
                    record(&mut message, &mut header_id, &stack, &open, party, located);
                }
                if let Some((_, depth)) = party {
                    if stack.len() < depth {
                        party = None;
                    }
                }
                if root == Some(stack.len()) {
                    root = None;
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(error(
                        text.len(),
                        format!(
                            "unexpected end of file: <{}> opened at line {} is not closed (truncated?)",
                            open.name,
                            line_column(text.as_bytes(), open.at).0
                        ),
                    ));
                }
                break;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !saw_document {
        return Err(error(
            0,
            "no <Document> element: not an ISO 20022 message".to_owned(),
        ));
    }
    message.format = format.expect("set with the Document");
    if message.id.is_none() {
        message.id = header_id;
    }
    Ok(message)
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
