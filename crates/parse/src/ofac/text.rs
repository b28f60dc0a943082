//! Bytes to text, and text to CSV rows, for OFAC's legacy CSV files.
//!
//! OFAC's CSV files are Windows-1252, have no header, quote text fields, write
//! `-0-` for an empty field and end with a DOS end-of-file byte (0x1A). A
//! general CSV reader would accept a file cut in the middle of a quoted field
//! as a shorter last row, and says little about where a row went wrong; this
//! small scanner refuses such files and reports the line of every row.

use std::borrow::Cow;

use crate::common::line_of;
use crate::{Input, Location, ParseError};

/// The DOS end-of-file byte OFAC's files end with.
const EOF_BYTE: u8 = 0x1A;

/// Bytes that Windows-1252 leaves undefined.
fn undefined_in_cp1252(byte: u8) -> bool {
    matches!(byte, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
}

/// A control byte no text file of a list should contain.
fn bad_control(byte: u8) -> bool {
    byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')
}

/// Decoded text, and whether it was UTF-8 rather than Windows-1252.
pub(crate) struct Decoded<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// The file was valid UTF-8 with non-ASCII characters, and was read as such.
    pub utf8: bool,
}

/// Decodes an OFAC text file: Windows-1252 (ASCII in practice), without the
/// trailing 0x1A. A file that is valid UTF-8 and not ASCII is read as UTF-8
/// (reading it as Windows-1252 would garble every accented letter); the caller
/// notes that. Refuses bytes Windows-1252 does not define and control bytes,
/// with their line.
pub(crate) fn decode(input: &Input) -> Result<Decoded<'_>, ParseError> {
    let mut bytes = input.bytes.as_slice();
    while let [rest @ .., EOF_BYTE] = bytes {
        bytes = rest;
    }
    let error = |offset: usize, what: String| ParseError::Encoding {
        location: Location::line(&input.name, line_of(bytes, offset)),
        reason: what,
    };
    if let Some(offset) = bytes.iter().position(|&b| bad_control(b)) {
        return Err(error(
            offset,
            format!("control byte 0x{:02X} in a text file", bytes[offset]),
        ));
    }
    if bytes.is_ascii() {
        let text = std::str::from_utf8(bytes).expect("ASCII is UTF-8");
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            utf8: false,
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            utf8: true,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| undefined_in_cp1252(b)) {
        return Err(error(
            offset,
            format!(
                "byte 0x{:02X} is not a Windows-1252 character",
                bytes[offset]
            ),
        ));
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok(Decoded {
        text: Cow::Owned(text.into_owned()),
        utf8: false,
    })
}

/// One CSV row.
#[derive(Debug)]
pub(crate) struct Row<'a> {
    /// The 1-based line the row starts on.
    pub line: u64,
    /// The fields, trimmed, with OFAC's empty marker `-0-` turned into `""`.
    pub fields: Vec<Cow<'a, str>>,
}

impl Row<'_> {
    /// Field `index`, or `""`.
    pub fn get(&self, index: usize) -> &str {
        self.fields.get(index).map_or("", |f| f.as_ref())
    }
}

/// Whether a field is OFAC's empty marker. `-0` also counts: a copy of the
/// 2019 files lost the last byte of the marker at the very end of a file.
fn is_empty_marker(field: &str) -> bool {
    matches!(field, "-0-" | "-0" | "")
}

/// Splits `text` (the whole file) into rows of exactly `width` fields.
/// Blank lines are skipped. A row of another width is refused as malformed, a
/// quoted field still open at the end of the file as truncated, each with the
/// file, line and (when it could be read) the row's first field.
pub(crate) fn rows<'a>(
    text: &'a str,
    file: &str,
    width: usize,
) -> Result<Vec<Row<'a>>, ParseError> {
    let bytes = text.as_bytes();
    let mut rows = Vec::with_capacity(bytes.len() / 150);
    let mut pos = 0;
    let mut line: u64 = 1;
    while pos < bytes.len() {
        // Skip blank lines.
        match bytes[pos] {
            b'\n' => {
                pos += 1;
                line += 1;
                continue;
            }
            b'\r' if bytes.get(pos + 1) == Some(&b'\n') || pos + 1 == bytes.len() => {
                pos += 1;
                continue;
            }
            _ => {}
        }
        let start_line = line;
        let mut fields: Vec<Cow<'a, str>> = Vec::with_capacity(width);
        loop {
            // One field starting at `pos`.
            let mut field_start = pos;
            while field_start < bytes.len() && bytes[field_start] == b' ' {
                field_start += 1;
            }
            if bytes.get(field_start) == Some(&b'"') {
                let (value, next, lines) = quoted(text, field_start + 1).ok_or_else(|| {
                    let mut location = Location::line(file, start_line);
                    if let Some(first) = fields.first() {
                        location = location.with_record(first);
                    }
                    ParseError::Truncated {
                        location,
                        reason: format!(
                            "the file ends inside a quoted field (field {} of the row)",
                            fields.len() + 1
                        ),
                    }
                })?;
                line += lines;
                pos = next;
                // Allow spaces between the closing quote and the separator.
                while pos < bytes.len() && bytes[pos] == b' ' {
                    pos += 1;
                }
                if is_empty_marker(value.trim()) {
                    fields.push(Cow::Borrowed(""));
                } else {
                    fields.push(value);
                }
                match bytes.get(pos) {
                    None | Some(b',' | b'\r' | b'\n') => {}
                    Some(_) => {
                        let mut location = Location::line(file, line);
                        if let Some(first) = fields.first() {
                            location = location.with_record(first);
                        }
                        return Err(ParseError::Malformed {
                            location,
                            reason: format!(
                                "text after the closing quote of field {}",
                                fields.len()
                            ),
                        });
                    }
                }
            } else {
                let end = bytes[pos..]
                    .iter()
                    .position(|&b| matches!(b, b',' | b'\n'))
                    .map_or(bytes.len(), |n| pos + n);
                let value = text[pos..end].trim();
                if value.contains('"') {
                    let mut location = Location::line(file, line);
                    if let Some(first) = fields.first() {
                        location = location.with_record(first);
                    }
                    return Err(ParseError::Malformed {
                        location,
                        reason: format!("a quote inside unquoted field {}", fields.len() + 1),
                    });
                }
                fields.push(Cow::Borrowed(if is_empty_marker(value) {
                    ""
                } else {
                    value
                }));
                pos = end;
            }
            match bytes.get(pos) {
                Some(b',') => pos += 1,
                Some(b'\r') => {
                    pos += 1;
                    if bytes.get(pos) == Some(&b'\n') {
                        pos += 1;
                        line += 1;
                    }
                    break;
                }
                Some(b'\n') => {
                    pos += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        if fields.len() != width {
            let location = Location::line(file, start_line).with_record(&fields[0]);
            let at_end = pos >= bytes.len();
            let reason = format!("expected {width} fields, found {}", fields.len());
            return Err(if at_end && fields.len() < width {
                ParseError::Truncated {
                    location,
                    reason: format!("{reason}: the file ends in the middle of a row"),
                }
            } else {
                ParseError::Malformed { location, reason }
            });
        }
        rows.push(Row {
            line: start_line,
            fields,
        });
    }
    Ok(rows)
}

/// Reads a quoted field whose content starts at `start` (after the opening
/// quote). Returns the value, the position after the closing quote, and the
/// number of line breaks inside; `None` if the text ends first.
fn quoted(text: &str, start: usize) -> Option<(Cow<'_, str>, usize, u64)> {
    let bytes = text.as_bytes();
    let mut pos = start;
    let mut owned: Option<String> = None;
    let mut lines = 0;
    loop {
        let offset = bytes[pos..].iter().position(|&b| b == b'"' || b == b'\n')?;
        let at = pos + offset;
        if bytes[at] == b'\n' {
            lines += 1;
            if let Some(out) = owned.as_mut() {
                out.push_str(&text[pos..=at]);
                pos = at + 1;
            } else {
                pos = at + 1;
            }
            continue;
        }
        if bytes.get(at + 1) == Some(&b'"') {
            // An escaped quote.
            let out = owned.get_or_insert_with(|| text[start..pos].to_string());
            out.push_str(&text[pos..=at]);
            pos = at + 2;
            continue;
        }
        let value = match owned {
            Some(mut out) => {
                out.push_str(&text[pos..at]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(&text[start..at]),
        };
        return Some((value, at + 1, lines));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ofac_rows() {
        let text =
            "36,\"AERO, X\",-0- ,\"CUBA\"\r\n37,\"A \"\"B\"\"\",-0-,-0- \r\n\r\n38,\"x\ny\",a,b";
        let rows = rows(text, "sdn.csv", 4).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].fields, ["36", "AERO, X", "", "CUBA"]);
        assert_eq!(rows[1].fields, ["37", "A \"B\"", "", ""]);
        assert_eq!(rows[2].line, 4);
        assert_eq!(rows[2].get(1), "x\ny");
    }

    #[test]
    fn refuses_damage() {
        let err = rows("1,\"a\",b\r\n2,\"cut", "sdn.csv", 3).unwrap_err();
        assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
        assert_eq!(err.location().unwrap().line, Some(2));
        let err = rows("1,a,b\r\n2,a\r\n3,a,b", "sdn.csv", 3).unwrap_err();
        assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
        assert_eq!(err.location().unwrap().line, Some(2));
        let err = rows("1,\"a\"x,b", "sdn.csv", 3).unwrap_err();
        assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
    }

    #[test]
    fn decodes_and_refuses_bytes() {
        let input = Input::new("sdn.csv", b"1,\"Caf\xe9\"\r\n\x1a".to_vec());
        assert_eq!(decode(&input).unwrap().text, "1,\"Caf\u{e9}\"\r\n");
        let input = Input::new("sdn.csv", b"1,a\r\n2,\x81\r\n".to_vec());
        let err = decode(&input).err().unwrap();
        assert!(matches!(err, ParseError::Encoding { .. }));
        assert_eq!(err.location().unwrap().line, Some(2));
        let input = Input::new("sdn.csv", "1,\"Café\"".as_bytes().to_vec());
        let decoded = decode(&input).unwrap();
        assert!(decoded.utf8);
        assert_eq!(decoded.text, "1,\"Café\"");
    }
}
