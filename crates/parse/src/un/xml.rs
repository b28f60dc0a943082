//! Record-at-a-time XML reading for the list formats that publish XML (UN, EU).
//!
//! Both formats are a root element holding a flat sequence of records. Building a
//! DOM of the whole file would be simple but wasteful; a pure event loop would
//! spread each record's logic over a state machine. This module does the middle
//! thing: it streams the file with quick-xml and hands out one record at a time as
//! a small tree ([`Node`]), so the format modules read records like documents
//! while memory stays bounded by the largest record.
//!
//! It is also where files are refused: the root element is sniffed from the raw
//! bytes before anything else (so a CSV or another list's XML is a
//! `WrongFormat`, not an encoding or syntax error), the bytes are checked to be
//! text in the declared encoding (`Encoding` with the line of the first bad
//! byte), and every syntax error, undefined entity or unescaped `&` becomes a
//! `Malformed` error naming the file and line, computed from the byte offset
//! quick-xml reports. A file that ends inside an element is `Truncated`.

use std::borrow::Cow;

use interdict_model::SourceId;
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use crate::common::{line_of, LineCounter};
use crate::{Input, Location, ParseError};

/// One element with everything inside it. Names are local names (namespace
/// prefixes dropped); text is the element's own character data with entities
/// resolved and line ends normalised, not trimmed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Node {
    /// Local name.
    pub name: String,
    /// Attributes in document order: (qualified name, unescaped value).
    pub attrs: Vec<(String, String)>,
    /// Character data directly inside this element.
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Node>,
    /// 1-based line of the start tag.
    pub line: u64,
}

impl Node {
    /// The trimmed text, or `None` if it is blank.
    pub fn value(&self) -> Option<&str> {
        let text = self.text.trim();
        (!text.is_empty()).then_some(text)
    }

    /// The trimmed value of an attribute, or `None` if absent or blank.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    /// The children with a given name.
    pub fn children_named<'n>(&'n self, name: &'n str) -> impl Iterator<Item = &'n Node> + 'n {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// Everything in the element as one line of text: attribute values,
    /// character data and, recursively, children as `name: text`. Used to keep
    /// elements the parser does not know in an entity's notes.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        self.describe_into(&mut parts);
        parts.join("; ")
    }

    fn describe_into(&self, parts: &mut Vec<String>) {
        for (key, value) in &self.attrs {
            let value = value.trim();
            if !value.is_empty() && !key.starts_with("xmlns") {
                parts.push(format!("{key}={value}"));
            }
        }
        if let Some(text) = self.value() {
            parts.push(text.to_string());
        }
        for child in &self.children {
            let inner = child.describe();
            if !inner.is_empty() {
                parts.push(format!("{}: {inner}", child.name));
            }
        }
    }
}

/// What the reader hands out, in document order.
#[derive(Debug)]
pub(crate) enum Item {
    /// The root element's start tag (its children are not included).
    Root(Node),
    /// An element between the root and the records, e.g. UN `INDIVIDUALS`
    /// (children not included).
    Frame(Node),
    /// A whole element at record depth, with the name of its parent.
    Record {
        /// Local name of the enclosing element.
        parent: String,
        /// The record.
        node: Node,
    },
    /// Non-blank character data outside any record.
    StrayText {
        /// The text, trimmed.
        text: String,
        /// Where it starts.
        line: u64,
    },
}

/// Checks that `input` is XML whose root element has the local name
/// `expected_root`, and returns its text. `hint` may name the format a wrong
/// root belongs to, for the error message.
pub(crate) fn open<'i>(
    list: SourceId,
    input: &'i Input,
    expected_root: &str,
    hint: fn(&str) -> Option<&'static str>,
) -> Result<Cow<'i, str>, ParseError> {
    let bytes = input.bytes.as_slice();
    let wrong = |reason: String| ParseError::WrongFormat {
        list,
        location: Location::file(&input.name),
        reason,
    };
    // UTF-16 is legal XML; decode it first so the sniffing sees text.
    let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    if let Some(encoding) = utf16 {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(ParseError::Encoding {
                location: Location::file(&input.name),
                reason: format!(
                    "the file starts with a {} byte-order mark but is not valid {}",
                    encoding.name(),
                    encoding.name()
                ),
            });
        }
        let text = text.into_owned();
        check_root(text.as_bytes(), expected_root, hint).map_err(wrong)?;
        return Ok(Cow::Owned(text));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let declared = check_root(bytes, expected_root, hint).map_err(wrong)?;
    match declared {
        Some(label) if !is_utf8_label(&label) => {
            let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
                return Err(ParseError::Encoding {
                    location: Location::line(&input.name, 1),
                    reason: format!("unknown encoding {label:?} in the XML declaration"),
                });
            };
            match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(text) => Ok(text),
                None => Err(ParseError::Encoding {
                    location: Location::file(&input.name),
                    reason: format!(
                        "bytes that are not {} although the XML declaration says so",
                        encoding.name()
                    ),
                }),
            }
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(err) => {
                let offset = err.valid_up_to();
                Err(ParseError::Encoding {
                    location: Location::line(&input.name, line_of(bytes, offset)),
                    reason: format!(
                        "byte 0x{:02X} at offset {offset} is not UTF-8 (the file declares UTF-8)",
                        bytes[offset]
                    ),
                })
            }
        },
    }
}

fn is_utf8_label(label: &str) -> bool {
    label.eq_ignore_ascii_case("utf-8") || label.eq_ignore_ascii_case("utf8")
}

/// Finds the root element and the declared encoding; refuses anything that is
/// not XML with the expected root. Returns the encoding label from the XML
/// declaration, if any.
fn check_root(
    bytes: &[u8],
    expected_root: &str,
    hint: fn(&str) -> Option<&'static str>,
) -> Result<Option<String>, String> {
    let mut rest = bytes;
    let mut encoding = None;
    loop {
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        rest = &rest[start..];
        if rest.is_empty() {
            return Err("the file is empty or blank, not XML".to_string());
        }
        if rest[0] != b'<' {
            return Err(format!("not XML: the file starts with {:?}", preview(rest)));
        }
        if rest.starts_with(b"<?") {
            let end = find(rest, b"?>").ok_or("not XML: unterminated `<?`")?;
            let decl = &rest[..end];
            if decl.starts_with(b"<?xml") {
                encoding = declared_encoding(decl);
            }
            rest = &rest[end + 2..];
        } else if rest.starts_with(b"<!--") {
            let end = find(rest, b"-->").ok_or("not XML: unterminated comment")?;
            rest = &rest[end + 3..];
        } else if rest.starts_with(b"<!") {
            // DOCTYPE, possibly with an internal subset.
            let end = match (find(rest, b"["), find(rest, b">")) {
                (Some(open), Some(close)) if open < close => find(rest, b"]>").map(|i| i + 1),
                (_, close) => close,
            }
            .ok_or("not XML: unterminated `<!`")?;
            rest = &rest[end + 1..];
        } else {
            let name_len = rest[1..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                .unwrap_or(rest.len() - 1);
            let qname = String::from_utf8_lossy(&rest[1..1 + name_len]);
            let local = qname.rsplit(':').next().unwrap_or_default();
            if local == expected_root {
                return Ok(encoding);
            }
            let mut reason = format!("the root element is <{qname}>, not <{expected_root}>");
            if let Some(format) = hint(local) {
                reason.push_str(&format!(" (this looks like {format})"));
            }
            return Err(reason);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn preview(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(40)];
    String::from_utf8_lossy(head).into_owned()
}

fn declared_encoding(decl: &[u8]) -> Option<String> {
    let at = find(decl, b"encoding")?;
    let rest = &decl[at + b"encoding".len()..];
    let rest = &rest[rest.iter().position(|&b| b == b'=')? + 1..];
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let end = rest[1..].iter().position(|&b| b == quote)?;
    Some(String::from_utf8_lossy(&rest[1..1 + end]).into_owned())
}

/// Streams `text` and hands out the root, frame elements and whole records.
/// Records are the elements at depth `record_depth` (the root is depth 0).
pub(crate) struct XmlRecords<'a> {
    reader: Reader<&'a [u8]>,
    file: &'a str,
    lines: LineCounter<'a>,
    record_depth: usize,
    /// Names of the open root and frame elements.
    open: Vec<(String, u64)>,
    root_closed: bool,
    done: bool,
}

impl<'a> XmlRecords<'a> {
    /// A reader over `text`, whose errors cite `file`.
    pub fn new(file: &'a str, text: &'a str, record_depth: usize) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        XmlRecords {
            reader,
            file,
            lines: LineCounter::new(text.as_bytes()),
            record_depth: record_depth.max(1),
            open: Vec::new(),
            root_closed: false,
            done: false,
        }
    }

    fn line(&mut self, offset: u64) -> u64 {
        self.lines
            .line_at(usize::try_from(offset).unwrap_or(usize::MAX))
    }

    fn malformed(&mut self, offset: u64, reason: String) -> ParseError {
        ParseError::Malformed {
            location: Location::line(self.file, self.line(offset)),
            reason,
        }
    }

    fn xml_error(&mut self, err: XmlError) -> ParseError {
        let offset = self.reader.error_position();
        let line = self.line(offset);
        let location = Location::line(self.file, line);
        match err {
            XmlError::Syntax(
                kind @ (SyntaxError::UnclosedTag
                | SyntaxError::UnclosedComment
                | SyntaxError::UnclosedCData
                | SyntaxError::UnclosedDoctype
                | SyntaxError::UnclosedPIOrXmlDecl),
            ) => ParseError::Truncated {
                location,
                reason: kind.to_string(),
            },
            XmlError::IllFormed(IllFormedError::MissingEndTag(tag)) => ParseError::Truncated {
                location,
                reason: format!("the file ends inside <{tag}>"),
            },
            XmlError::IllFormed(IllFormedError::UnclosedReference) => ParseError::Malformed {
                location,
                reason: "unescaped `&` (an entity reference not closed by `;`)".to_string(),
            },
            other => ParseError::Malformed {
                location,
                reason: other.to_string(),
            },
        }
    }

    /// The next item, or `None` at the end of a well-formed document.
    pub fn next_item(&mut self) -> Result<Option<Item>, ParseError> {
        if self.done {
            return Ok(None);
        }
        loop {
            let start = self.reader.buffer_position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    self.done = true;
                    return Err(self.xml_error(err));
                }
            };
            match event {
                Event::Start(tag) | Event::Empty(tag) if self.root_closed => {
                    let name = String::from_utf8_lossy(tag.name().as_ref()).into_owned();
                    self.done = true;
                    return Err(self.malformed(
                        start,
                        format!("element <{name}> after the end of the root element"),
                    ));
                }
                Event::Start(tag) => {
                    let node = self.start_node(&tag, start)?;
                    let depth = self.open.len();
                    if depth == self.record_depth {
                        let parent = self.open.last().map(|(n, _)| n.clone()).unwrap_or_default();
                        let node = self.read_record(node)?;
                        return Ok(Some(Item::Record { parent, node }));
                    }
                    self.open.push((node.name.clone(), node.line));
                    return Ok(Some(if depth == 0 {
                        Item::Root(node)
                    } else {
                        Item::Frame(node)
                    }));
                }
                Event::Empty(tag) => {
                    let node = self.start_node(&tag, start)?;
                    let depth = self.open.len();
                    if depth == 0 {
                        self.root_closed = true;
                        return Ok(Some(Item::Root(node)));
                    }
                    if depth == self.record_depth {
                        let parent = self.open.last().map(|(n, _)| n.clone()).unwrap_or_default();
                        return Ok(Some(Item::Record { parent, node }));
                    }
                    return Ok(Some(Item::Frame(node)));
                }
                Event::End(_) => {
                    self.open.pop();
                    if self.open.is_empty() {
                        self.root_closed = true;
                    }
                }
                Event::Text(text) => {
                    let text = text
                        .xml10_content()
                        .map_err(|err| self.malformed(start, err.to_string()))?;
                    if !text.trim().is_empty() {
                        if self.open.is_empty() {
                            self.done = true;
                            return Err(self.malformed(
                                start,
                                format!(
                                    "text outside the root element: {:?}",
                                    preview(text.trim().as_bytes())
                                ),
                            ));
                        }
                        let line = self.line(start);
                        return Ok(Some(Item::StrayText {
                            text: text.trim().to_string(),
                            line,
                        }));
                    }
                }
                Event::CData(data) => {
                    let text = data
                        .decode()
                        .map_err(|err| self.malformed(start, err.to_string()))?;
                    if !text.trim().is_empty() {
                        if self.open.is_empty() {
                            self.done = true;
                            return Err(
                                self.malformed(start, "CDATA outside the root element".into())
                            );
                        }
                        let line = self.line(start);
                        return Ok(Some(Item::StrayText {
                            text: text.trim().to_string(),
                            line,
                        }));
                    }
                }
                Event::GeneralRef(reference) => {
                    let resolved = self.resolve(&reference, start)?;
                    if self.open.is_empty() {
                        self.done = true;
                        return Err(self
                            .malformed(start, "entity reference outside the root element".into()));
                    }
                    if !resolved.trim().is_empty() {
                        let line = self.line(start);
                        return Ok(Some(Item::StrayText {
                            text: resolved,
                            line,
                        }));
                    }
                }
                Event::Eof => {
                    self.done = true;
                    if let Some((name, line)) = self.open.last() {
                        return Err(ParseError::Truncated {
                            location: Location::line(self.file, *line),
                            reason: format!("the file ends inside <{name}> opened here"),
                        });
                    }
                    if !self.root_closed {
                        return Err(ParseError::Truncated {
                            location: Location::file(self.file),
                            reason: "no root element".into(),
                        });
                    }
                    return Ok(None);
                }
                Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
            }
        }
    }

    /// Reads the rest of a record whose start tag made `root`.
    fn read_record(&mut self, root: Node) -> Result<Node, ParseError> {
        let mut stack = vec![root];
        loop {
            let start = self.reader.buffer_position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    self.done = true;
                    return Err(self.xml_error(err));
                }
            };
            match event {
                Event::Start(tag) => {
                    let node = self.start_node(&tag, start)?;
                    stack.push(node);
                }
                Event::Empty(tag) => {
                    let node = self.start_node(&tag, start)?;
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(node);
                    }
                }
                Event::End(_) => {
                    let Some(node) = stack.pop() else {
                        self.done = true;
                        return Err(self.malformed(start, "unmatched end tag".into()));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => return Ok(node),
                    }
                }
                Event::Text(text) => {
                    let text = text
                        .xml10_content()
                        .map_err(|err| self.malformed(start, err.to_string()))?;
                    if let Some(node) = stack.last_mut() {
                        node.text.push_str(&text);
                    }
                }
                Event::CData(data) => {
                    let text = data
                        .decode()
                        .map_err(|err| self.malformed(start, err.to_string()))?;
                    if let Some(node) = stack.last_mut() {
                        node.text.push_str(&text);
                    }
                }
                Event::GeneralRef(reference) => {
                    let resolved = self.resolve(&reference, start)?;
                    if let Some(node) = stack.last_mut() {
                        node.text.push_str(&resolved);
                    }
                }
                Event::Eof => {
                    self.done = true;
                    let (name, line) = stack
                        .last()
                        .map(|node| (node.name.clone(), node.line))
                        .unwrap_or_default();
                    return Err(ParseError::Truncated {
                        location: Location::line(self.file, line),
                        reason: format!("the file ends inside <{name}> opened here"),
                    });
                }
                Event::Decl(_) => {
                    self.done = true;
                    return Err(self.malformed(start, "XML declaration inside an element".into()));
                }
                Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
            }
        }
    }

    fn start_node(&mut self, tag: &BytesStart<'_>, start: u64) -> Result<Node, ParseError> {
        let local = tag.local_name();
        let name = std::str::from_utf8(local.as_ref())
            .map_err(|err| self.malformed(start, err.to_string()))?
            .to_string();
        if name.is_empty() {
            self.done = true;
            return Err(self.malformed(start, "an element without a name".into()));
        }
        let mut attrs = Vec::new();
        for attr in tag.attributes() {
            let attr = match attr {
                Ok(attr) => attr,
                Err(err) => {
                    self.done = true;
                    return Err(self.malformed(start, format!("in <{name}>: {err}")));
                }
            };
            let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
            let value = match attr.decode_and_unescape_value(self.reader.decoder()) {
                Ok(value) => value.into_owned(),
                Err(err) => {
                    self.done = true;
                    return Err(
                        self.malformed(start, format!("in attribute {key} of <{name}>: {err}"))
                    );
                }
            };
            attrs.push((key, value));
        }
        let line = self.line(start);
        Ok(Node {
            name,
            attrs,
            text: String::new(),
            children: Vec::new(),
            line,
        })
    }

    fn resolve(&mut self, reference: &BytesRef<'_>, start: u64) -> Result<String, ParseError> {
        let resolved = match reference.resolve_char_ref() {
            Ok(Some(ch)) => Some(ch.to_string()),
            Ok(None) => {
                let name = reference.decode().unwrap_or_default();
                quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
            }
            Err(_) => None,
        };
        match resolved {
            Some(text) => Ok(text),
            None => {
                self.done = true;
                let name = String::from_utf8_lossy(reference.as_ref()).into_owned();
                Err(self.malformed(
                    start,
                    format!("unescaped `&` or undefined entity `&{name};`"),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str, depth: usize) -> Result<Vec<Item>, ParseError> {
        let mut reader = XmlRecords::new("t.xml", text, depth);
        let mut items = Vec::new();
        while let Some(item) = reader.next_item()? {
            items.push(item);
        }
        Ok(items)
    }

    #[test]
    fn records_come_out_whole() {
        let items = records(
            "<?xml version=\"1.0\"?>\n<r a=\"1\">\n <g>\n  <x k=\"v&amp;w\">A &amp; B<y>t</y><z/></x>\n  <x/>\n </g>\n</r>\n",
            2,
        )
        .unwrap();
        assert_eq!(items.len(), 4);
        let Item::Root(root) = &items[0] else {
            panic!()
        };
        assert_eq!(root.attr("a"), Some("1"));
        let Item::Record { parent, node } = &items[2] else {
            panic!()
        };
        assert_eq!(parent, "g");
        assert_eq!(node.line, 4);
        assert_eq!(node.attr("k"), Some("v&w"));
        assert_eq!(node.text, "A & B");
        assert_eq!(node.children.len(), 2);
        assert_eq!(node.describe(), "k=v&w; A & B; y: t");
    }

    #[test]
    fn errors_are_located() {
        let err = records("<r>\n<g>\n<x>A & B</x>\n</g>\n</r>", 2).unwrap_err();
        assert!(
            matches!(err, ParseError::Malformed { ref location, .. } if location.line == Some(3)),
            "{err}"
        );
        let err = records("<r>\n<g>\n<x>A &foo; B</x>\n</g>\n</r>", 2).unwrap_err();
        assert!(
            matches!(err, ParseError::Malformed { ref location, .. } if location.line == Some(3)),
            "{err}"
        );
        let err = records("<r>\n<g>\n<x>A</y>\n</g>\n</r>", 2).unwrap_err();
        assert!(
            matches!(err, ParseError::Malformed { ref location, .. } if location.line == Some(3)),
            "{err}"
        );
        let err = records("<r>\n<g>\n<x>A</x>\n", 2).unwrap_err();
        assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
        let err = records("<r>\n<g>\n<x>A", 2).unwrap_err();
        assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
        let err = records("<r/><r/>", 1).unwrap_err();
        assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
    }

    #[test]
    fn sniffing_finds_the_root() {
        let hint = |_: &str| Some("something else");
        let utf8 = |text: &str| check_root(text.as_bytes(), "r", hint);
        assert_eq!(utf8("<?xml version='1.0' encoding='ISO-8859-1'?><!-- c --><!DOCTYPE r [<!ENTITY a 'b'>]><r/>"), Ok(Some("ISO-8859-1".into())));
        assert_eq!(utf8("\n <ns:r xmlns:ns='x'>"), Ok(None));
        assert!(utf8("a,b,c\n").unwrap_err().contains("not XML"));
        assert!(utf8("<s/>").unwrap_err().contains("something else"));
        assert!(utf8("").is_err());
        assert!(utf8("<?xml").is_err());
    }
}
