//! Turning published bytes into rows of text cells: text encodings, CSV and
//! Excel (gunzipping is [`crate::common::gunzip`]).
//!
//! The UK list comes as CSV (Windows-1252 before 2022, UTF-8 after), as the same
//! CSV gzipped, and as `.xlsx`; the US CSL as UTF-8 CSV, plain or gzipped.
//! Whatever the container, the parsers above see the same thing: rows of
//! cells with the line (or sheet row) each starts on, so their errors can say
//! where. A file that ends inside a record is refused here, not half read.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::common::line_of;
use crate::{Location, ParseError};

/// One row of a table: the 1-based line (CSV) or sheet row (xlsx) it starts
/// on, and its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Where the row starts.
    pub line: u64,
    /// The cells, as text (one buffer per row, not one per cell).
    pub cells: csv::StringRecord,
}

impl Row {
    /// Whether every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|cell| cell.trim().is_empty())
    }
}

fn encoding_error(name: &str, bytes: &[u8], offset: usize, reason: String) -> ParseError {
    ParseError::Encoding {
        location: Location::line(name, line_of(bytes, offset)),
        reason,
    }
}

/// Bytes that Windows-1252 leaves undefined.
const CP1252_UNDEFINED: [u8; 5] = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/// Decodes text that must be UTF-8 (a BOM is allowed and removed). Invalid
/// bytes are refused with the line they are on.
pub fn decode_utf8<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, ParseError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|err| {
        let offset = bytes.len() - body.len() + err.valid_up_to();
        encoding_error(
            name,
            bytes,
            offset,
            format!("byte 0x{:02X} is not valid UTF-8", body[err.valid_up_to()]),
        )
    })
}

/// Decodes text that is UTF-8 or Windows-1252, deciding from the bytes:
/// - a UTF-8 BOM, or bytes that are valid UTF-8 throughout: UTF-8;
/// - a UTF-16 BOM: UTF-16 (refused if the code units are broken);
/// - otherwise Windows-1252, unless the bytes are mostly well-formed UTF-8
///   with a few broken sequences (a damaged or mixed file), or contain bytes
///   that Windows-1252 leaves undefined, or NUL bytes: those are refused with
///   the line of the first offending byte.
///
/// Returns the text and the name of the encoding found.
pub fn decode_text<'a>(
    name: &str,
    bytes: &'a [u8],
) -> Result<(Cow<'a, str>, &'static str), ParseError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Ok((Cow::Borrowed(decode_utf8(name, bytes)?), "UTF-8"));
    }
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(body) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(body)
                .map(|text| (Cow::Owned(text.into_owned()), encoding.name()))
                .ok_or_else(|| ParseError::Encoding {
                    location: Location::file(name),
                    reason: format!(
                        "the file starts with a {} BOM but is not valid {}",
                        encoding.name(),
                        encoding.name()
                    ),
                });
        }
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(encoding_error(
            name,
            bytes,
            nul,
            "a NUL byte: this is not a text file".to_string(),
        ));
    }
    let Err(first_error) = std::str::from_utf8(bytes) else {
        // Checked just above.
        return Ok((
            Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default()),
            "UTF-8",
        ));
    };
    let (good, bad) = utf8_sequence_counts(bytes);
    if good > bad {
        let offset = first_error.valid_up_to();
        return Err(encoding_error(
            name,
            bytes,
            offset,
            format!(
                "byte 0x{:02X} is not valid UTF-8, yet the file has {good} well-formed UTF-8 \
                 multi-byte sequences: a damaged or mixed-encoding file",
                bytes[offset]
            ),
        ));
    }
    if let Some(offset) = bytes.iter().position(|b| CP1252_UNDEFINED.contains(b)) {
        return Err(encoding_error(
            name,
            bytes,
            offset,
            format!(
                "byte 0x{:02X} is neither UTF-8 nor Windows-1252",
                bytes[offset]
            ),
        ));
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok((text, "Windows-1252"))
}

/// Counts well-formed multi-byte UTF-8 sequences and bytes that start no
/// well-formed sequence.
fn utf8_sequence_counts(bytes: &[u8]) -> (usize, usize) {
    let (mut good, mut bad) = (0, 0);
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                good += text.bytes().filter(|&b| b >= 0xC0).count();
                break;
            }
            Err(err) => {
                let valid = &rest[..err.valid_up_to()];
                good += valid.iter().filter(|&&b| b >= 0xC0).count();
                bad += 1;
                let skip = err.error_len().unwrap_or(rest.len() - err.valid_up_to());
                rest = &rest[err.valid_up_to() + skip.max(1)..];
            }
        }
    }
    (good, bad)
}

/// Reads delimited text into rows. Field counts are not checked here (the
/// caller knows the header), but a file that ends inside a quoted field is
/// refused as [`ParseError::Truncated`] at the line where that record starts.
/// The flag returned tells whether the text ends with a line break, so the caller can
/// also refuse a last record that is short of fields.
pub fn read_delimited(
    name: &str,
    text: &str,
    delimiter: u8,
) -> Result<(Vec<Row>, bool), ParseError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut last_start = 0usize;
    loop {
        let start = reader.position().clone();
        match reader.read_record(&mut record) {
            Ok(true) => {
                // The position before the read is at the end of the previous
                // record; the record's own start is in the record itself.
                let position = record.position().unwrap_or(&start);
                last_start = position.byte() as usize;
                rows.push(Row {
                    line: position.line(),
                    cells: compact(&record),
                });
            }
            Ok(false) => break,
            Err(err) => {
                let line = err.position().map_or(start.line(), |p| p.line());
                return Err(ParseError::Malformed {
                    location: Location::line(name, line),
                    reason: err.to_string(),
                });
            }
        }
    }
    // A record that ends inside a quoted field has an odd number of quotes
    // (escaped quotes come in pairs); only the end of the file can cut one.
    let tail = &text.as_bytes()[last_start.min(text.len())..];
    if tail.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
        let line = rows.last().map_or(1, |row| row.line);
        return Err(ParseError::Truncated {
            location: Location::line(name, line),
            reason: format!(
                "the file ends inside a quoted field of the record that starts on line {line}"
            ),
        });
    }
    let complete = text.ends_with('\n') || text.is_empty();
    Ok((rows, complete))
}

/// The first sheet of a workbook, as text.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// The rows, empty ones included.
    pub rows: Vec<Row>,
    /// The Excel error cells (`#N/A`, ...): their row and text.
    pub errors: Vec<(u64, String)>,
}

/// A copy of `record` sized to its content (the reader's own buffer keeps
/// the capacity of the longest record read).
fn compact(record: &csv::StringRecord) -> csv::StringRecord {
    let mut copy = csv::StringRecord::with_capacity(record.as_slice().len(), record.len());
    for field in record {
        copy.push_field(field);
    }
    copy
}

/// Reads the first sheet of an `.xlsx` workbook into rows of text. Cells that
/// Excel stores as numbers or dates are written as OFSI writes them in CSV
/// (integers without `.0`, dates as `dd/mm/yyyy`); error cells are kept as
/// their text and listed.
pub fn read_xlsx(name: &str, bytes: &[u8]) -> Result<Sheet, ParseError> {
    let malformed = |reason: String| ParseError::Malformed {
        location: Location::file(name),
        reason,
    };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|err| malformed(format!("not a readable xlsx workbook: {err}")))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| malformed("the workbook has no sheet".to_string()))?
        .map_err(|err| malformed(format!("the first sheet cannot be read: {err}")))?;
    let first_row = range.start().map_or(0, |(row, _)| row as u64);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let mut rows = Vec::with_capacity(range.height());
    let mut errors = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let line = first_row + i as u64 + 1;
        let mut out = csv::StringRecord::with_capacity(64, first_col + cells.len());
        for _ in 0..first_col {
            out.push_field("");
        }
        for cell in cells {
            match cell {
                Data::String(text) => out.push_field(text),
                other => out.push_field(&cell_text(other, line, &mut errors)),
            }
        }
        rows.push(Row { line, cells: out });
    }
    Ok(Sheet { rows, errors })
}

fn cell_text(cell: &Data, line: u64, errors: &mut Vec<(u64, String)>) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => excel_serial_date(dt.as_f64()).unwrap_or_else(|| dt.to_string()),
        Data::DateTimeIso(text) => iso_to_dmy(text).unwrap_or_else(|| text.clone()),
        Data::DurationIso(text) => text.clone(),
        Data::Error(err) => {
            let text = err.to_string();
            errors.push((line, text.clone()));
            text
        }
    }
}

/// An Excel serial date (days since 1899-12-30) as `dd/mm/yyyy`.
fn excel_serial_date(serial: f64) -> Option<String> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let date = base.checked_add_signed(chrono::TimeDelta::try_days(serial.floor() as i64)?)?;
    Some(date.format("%d/%m/%Y").to_string())
}

/// `yyyy-mm-dd[T...]` as `dd/mm/yyyy`.
fn iso_to_dmy(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let parsed = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(parsed.format("%d/%m/%Y").to_string())
}

/// Where each known column of a CSV-like table is, found by header name, and
/// the columns the reader does not know (kept so their cells go to notes).
/// `C` is the reader's column enum; its discriminant is its position in the
/// name table given to [`Columns::from_header`].
pub(crate) struct Columns<C> {
    index: Vec<Option<usize>>,
    /// Unknown columns: position and header as written.
    pub(crate) unknown: Vec<(usize, String)>,
    /// Number of header cells; every row must have as many.
    pub(crate) width: usize,
    column: std::marker::PhantomData<C>,
}

impl<C: Copy + Into<usize>> Columns<C> {
    /// Maps `header` onto `names` (the normalised header of each column, in
    /// `C` order). `normalize` is the reader's header spelling rule; empty
    /// headers are ignored, and a repeated known header counts as unknown.
    pub(crate) fn from_header(
        header: &csv::StringRecord,
        names: &[&str],
        normalize: fn(&str) -> String,
    ) -> Columns<C> {
        let mut index = vec![None; names.len()];
        let mut unknown = Vec::new();
        for (i, cell) in header.iter().enumerate() {
            let normal = normalize(cell);
            if normal.is_empty() {
                continue;
            }
            match names.iter().position(|name| *name == normal) {
                Some(known) if index[known].is_none() => index[known] = Some(i),
                _ => unknown.push((i, cell.trim().to_string())),
            }
        }
        Columns {
            index,
            unknown,
            width: header.len(),
            column: std::marker::PhantomData,
        }
    }

    /// Whether the table has `col`.
    pub(crate) fn has(&self, col: C) -> bool {
        self.index[col.into()].is_some()
    }

    /// The trimmed cell of `col` in `row`, or "" when the column is absent.
    pub(crate) fn get<'r>(&self, row: &'r Row, col: C) -> &'r str {
        self.index[col.into()]
            .and_then(|i| row.cells.get(i))
            .map_or("", |cell| cell.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodings_are_told_apart() {
        let (text, encoding) = decode_text("f", b"caf\xe9 \x92s").unwrap();
        assert_eq!((text.as_ref(), encoding), ("café ’s", "Windows-1252"));
        let (text, encoding) = decode_text("f", "café".as_bytes()).unwrap();
        assert_eq!((text.as_ref(), encoding), ("café", "UTF-8"));
        let (text, _) = decode_text("f", b"\xEF\xBB\xBFx").unwrap();
        assert_eq!(text, "x");
        let (text, encoding) = decode_text("f", b"\xFF\xFEa\x00").unwrap();
        assert_eq!((text.as_ref(), encoding), ("a", "UTF-16LE"));
        // UTF-8 with a stray Windows-1252 byte on line 3.
        let mut mixed = "a’b\nc’d\n".as_bytes().to_vec();
        mixed.extend_from_slice(b"e\x92f\n");
        let err = decode_text("f.csv", &mixed).unwrap_err();
        assert!(matches!(err, ParseError::Encoding { .. }), "{err}");
        assert_eq!(err.location().unwrap().line, Some(3));
        // Undefined in Windows-1252.
        let err = decode_text("f.csv", b"a\nb\x81").unwrap_err();
        assert_eq!(err.location().unwrap().line, Some(2));
        let err = decode_text("f.csv", b"a\x00").unwrap_err();
        assert!(matches!(err, ParseError::Encoding { .. }));
        let err = decode_utf8("f.csv", b"ok\n\xe9").unwrap_err();
        assert_eq!(err.location().unwrap().line, Some(2));
    }

    #[test]
    fn truncated_quoted_field_is_refused_at_its_record() {
        let text = "a,b\n1,\"x\"\n2,\"multi\nline\n";
        let err = read_delimited("t.csv", text, b',').unwrap_err();
        assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
        assert_eq!(err.location().unwrap().line, Some(3));
        let (rows, complete) = read_delimited("t.csv", "a,b\n1,\"x\ny\"\n2,3", b',').unwrap();
        assert!(!complete);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].line, 4);
        assert_eq!(rows[1].cells.iter().collect::<Vec<_>>(), ["1", "x\ny"]);
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_serial_date(45757.0).as_deref(), Some("10/04/2025"));
        assert_eq!(
            iso_to_dmy("2025-04-10T00:00:00").as_deref(),
            Some("10/04/2025")
        );
    }

    proptest! {
        #[test]
        fn decoding_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode_text("p", &bytes);
            let _ = decode_utf8("p", &bytes);
        }

        #[test]
        fn reading_never_panics(text in "[a-z,\"\n\r]{0,80}") {
            let _ = read_delimited("p", &text, b',');
        }
    }
}
