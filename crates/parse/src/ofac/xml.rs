//! Reading OFAC's XML files one record at a time.
//!
//! Both XML formats are a root element with a short header and then thousands
//! of records. Reading the whole file into a tree would cost memory for no
//! gain; this reader streams the file with quick-xml and builds a small tree
//! of one child of the root at a time, which the format modules interpret.
//! It also tracks line numbers, so errors and issues can say where they are.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::common::LineCounter;
use crate::{Input, Location, ParseError};

/// One element with its attributes, text and children.
#[derive(Clone, Debug, Default)]
pub(super) struct Node {
    /// Local name (namespace prefix removed).
    pub name: String,
    /// Attributes by local name.
    pub attrs: Vec<(String, String)>,
    /// The element's own text, entity references resolved.
    pub text: String,
    /// Child elements.
    pub children: Vec<Node>,
    /// The line of the start tag.
    pub line: u64,
}

impl Node {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All children named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child named `name`, or `""`.
    pub fn text_of(&self, name: &str) -> &str {
        self.child(name).map_or("", |c| c.text.trim())
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the element has neither text nor children.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.children.is_empty()
    }
}

/// A streaming reader over the children of the root element.
pub(super) struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    bytes: &'a [u8],
    file: &'a str,
    lines: LineCounter<'a>,
    /// Depth of open elements.
    depth: usize,
    /// Elements whose children are records rather than records themselves
    /// (`<entities>`): the reader steps into them.
    containers: &'static [&'static str],
    /// How many containers are open.
    open_containers: usize,
}

impl<'a> XmlReader<'a> {
    /// A reader over `input`.
    pub fn new(input: &'a Input) -> XmlReader<'a> {
        let mut reader = Reader::from_reader(input.bytes.as_slice());
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = true;
        XmlReader {
            reader,
            bytes: &input.bytes,
            file: &input.name,
            lines: LineCounter::new(&input.bytes),
            depth: 0,
            containers: &[],
            open_containers: 0,
        }
    }

    /// Makes the reader step into elements named `containers` and return
    /// their children one at a time.
    pub fn with_containers(mut self, containers: &'static [&'static str]) -> XmlReader<'a> {
        self.containers = containers;
        self
    }

    /// The line of byte `offset`. An offset before one already counted (the
    /// stale `error_position` of an attribute error) gives the current line.
    fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.max(self.lines.pos());
        self.lines.line_at(offset)
    }

    /// A location at byte `offset`.
    pub fn location(&mut self, offset: usize) -> Location {
        let line = self.line_at(offset);
        Location::line(self.file, line)
    }

    fn error(&mut self, err: quick_xml::Error) -> ParseError {
        let offset = self.reader.error_position() as usize;
        let location = self.location(offset);
        match err {
            quick_xml::Error::Syntax(syntax) => {
                let reason = syntax.to_string();
                if reason.contains("unclosed") || reason.contains("not closed") {
                    ParseError::Truncated { location, reason }
                } else {
                    ParseError::Malformed { location, reason }
                }
            }
            quick_xml::Error::Encoding(e) => ParseError::Encoding {
                location,
                reason: e.to_string(),
            },
            other => ParseError::Malformed {
                location,
                reason: other.to_string(),
            },
        }
    }

    /// Reads up to the root element and returns its local name and line, or
    /// `None` when the file has no element at all.
    pub fn root(&mut self) -> Result<Option<(String, u64)>, ParseError> {
        loop {
            let offset = self.reader.buffer_position() as usize;
            match self.reader.read_event() {
                Ok(Event::Start(start)) => {
                    self.depth = 1;
                    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                    let line = self.line_at(offset);
                    return Ok(Some((name, line)));
                }
                Ok(Event::Eof) => return Ok(None),
                Ok(Event::Text(text)) if text.iter().all(|b| b.is_ascii_whitespace()) => {}
                Ok(Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                    let location = self.location(offset);
                    return Err(ParseError::Malformed {
                        location,
                        reason: "text before the root element".into(),
                    });
                }
                Ok(_) => {}
                Err(err) => return Err(self.error(err)),
            }
        }
    }

    /// The next child of the root, as a tree; `None` after the root closes.
    pub fn next(&mut self) -> Result<Option<Node>, ParseError> {
        let mut stack: Vec<Node> = Vec::new();
        loop {
            let offset = self.reader.buffer_position() as usize;
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(err) => return Err(self.error(err)),
            };
            match event {
                Event::Start(start) => {
                    self.depth += 1;
                    if stack.is_empty()
                        && self
                            .containers
                            .iter()
                            .any(|c| start.local_name().as_ref() == c.as_bytes())
                    {
                        self.open_containers += 1;
                        continue;
                    }
                    let mut node = Node {
                        name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
                        line: self.line_at(offset),
                        ..Node::default()
                    };
                    for attr in start.attributes() {
                        let attr = attr.map_err(|e| self.error(e.into()))?;
                        let value = attr
                            .decode_and_unescape_value(self.reader.decoder())
                            .map_err(|e| self.error(e))?;
                        node.attrs.push((
                            String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned(),
                            value.into_owned(),
                        ));
                    }
                    stack.push(node);
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    match stack.pop() {
                        None if self.open_containers > 0 => self.open_containers -= 1,
                        None => return Ok(None), // the root closed
                        Some(node) => match stack.last_mut() {
                            Some(parent) => parent.children.push(node),
                            None => return Ok(Some(node)),
                        },
                    }
                }
                Event::Text(text) => {
                    if let Some(node) = stack.last_mut() {
                        let text = text.decode().map_err(|e| self.error(e.into()))?;
                        node.text.push_str(&text);
                    }
                }
                Event::CData(data) => {
                    if let Some(node) = stack.last_mut() {
                        let text = data.decode().map_err(|e| self.error(e.into()))?;
                        node.text.push_str(&text);
                    }
                }
                Event::GeneralRef(reference) => {
                    let resolved = if reference.is_char_ref() {
                        reference
                            .resolve_char_ref()
                            .map_err(|e| self.error(e))?
                            .map(String::from)
                    } else {
                        let name = reference.decode().map_err(|e| self.error(e.into()))?;
                        quick_xml::escape::resolve_predefined_entity(&name).map(String::from)
                    };
                    let Some(resolved) = resolved else {
                        let location = self.location(offset);
                        return Err(ParseError::Malformed {
                            location,
                            reason: "unknown entity reference".into(),
                        });
                    };
                    if let Some(node) = stack.last_mut() {
                        node.text.push_str(&resolved);
                    }
                }
                Event::Eof => {
                    let location = self.location(self.bytes.len());
                    return Err(ParseError::Truncated {
                        location,
                        reason: format!("the file ends with {} element(s) still open", self.depth),
                    });
                }
                _ => {}
            }
        }
    }

    /// The file name.
    pub fn file(&self) -> &'a str {
        self.file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records() {
        let input = Input::new(
            "x.xml",
            b"<?xml version=\"1.0\"?>\n<root xmlns=\"urn:x\">\n <a id=\"1\">x &amp; y<b>2</b></a>\n <a/>\n</root>\n".to_vec(),
        );
        let mut reader = XmlReader::new(&input);
        assert_eq!(reader.root().unwrap(), Some(("root".to_string(), 2)));
        let a = reader.next().unwrap().unwrap();
        assert_eq!(
            (a.text.as_str(), a.attr("id"), a.text_of("b"), a.line),
            ("x & y", Some("1"), "2", 3)
        );
        assert!(reader.next().unwrap().unwrap().is_empty());
        assert!(reader.next().unwrap().is_none());
    }

    #[test]
    fn refuses_damage() {
        let input = Input::new("x.xml", b"<root>\n<a>x & y</a></root>".to_vec());
        let mut reader = XmlReader::new(&input);
        reader.root().unwrap();
        let err = reader.next().unwrap_err();
        assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
        assert_eq!(err.location().unwrap().line, Some(2));
        let input = Input::new("x.xml", b"<root>\n<a>x</a>\n<a>y".to_vec());
        let mut reader = XmlReader::new(&input);
        reader.root().unwrap();
        reader.next().unwrap();
        let err = reader.next().unwrap_err();
        assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
    }
}
