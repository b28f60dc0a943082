//! Reading customer files: CSV (header or positional columns, delimiter
//! sniffed, BOM skipped) or JSON lines, record by record, with the byte
//! offset and line of every record so a run can stop and resume exactly.
//!
//! The layout (format, delimiter, which column is which field) is decided once
//! from the head of the input and then fixed: a resumed run re-reads it from
//! the same head and seeks past what is done.

use std::fmt;
use std::io::{self, BufRead, BufReader, Chain, Cursor, Read};
use std::str::FromStr;

use serde_json::Value;

use crate::record::{Field, Record, RowError};

/// How much of the input is read to decide its layout.
const HEAD_BYTES: usize = 64 * 1024;

/// The UTF-8 byte order mark some tools (Excel) put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The input's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// Delimiter-separated values.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl InputFormat {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Csv => "csv",
            InputFormat::Jsonl => "jsonl",
        }
    }
}

impl FromStr for InputFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "csv" | "tsv" => Ok(InputFormat::Csv),
            "jsonl" | "ndjson" | "json" => Ok(InputFormat::Jsonl),
            _ => Err(format!("{text:?}: want csv or jsonl")),
        }
    }
}

/// Where a column is: named by its header, or by its position (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnRef {
    /// The header cell, compared without regard to case or surrounding space.
    Header(String),
    /// The position, 1-based.
    Position(usize),
}

/// `--columns name=Full Name,birth_date=DOB` or `--columns ref=1,name=2`:
/// which column holds which field, for files whose headers are not
/// recognised or that have none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnSpec(pub Vec<(Field, ColumnRef)>);

impl FromStr for ColumnSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut spec = Vec::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| {
                format!("{part:?}: want field=column, e.g. name=Full Name or name=2")
            })?;
            let field = Field::from_header(key).ok_or_else(|| {
                let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
                format!("{key:?} is not a field: want one of {}", keys.join(", "))
            })?;
            let value = value.trim();
            let column = match value.parse::<usize>() {
                Ok(0) => return Err(format!("{part:?}: positions count from 1")),
                Ok(position) => ColumnRef::Position(position),
                Err(_) if value.is_empty() => return Err(format!("{part:?}: no column named")),
                Err(_) => ColumnRef::Header(value.to_string()),
            };
            if !field.repeatable() && spec.iter().any(|(f, _)| *f == field) {
                return Err(format!("{field} is given twice"));
            }
            spec.push((field, column));
        }
        if spec.is_empty() {
            return Err("no columns given".into());
        }
        Ok(ColumnSpec(spec))
    }
}

impl fmt::Display for ColumnSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (field, column)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match column {
                ColumnRef::Header(name) => write!(f, "{field}={name}")?,
                ColumnRef::Position(p) => write!(f, "{field}={p}")?,
            }
        }
        Ok(())
    }
}

/// What the caller says about the input; the rest is detected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReaderOptions {
    /// The format; detected from the first byte when `None` (`{`: JSON lines).
    pub format: Option<InputFormat>,
    /// Which column is which field (CSV only); detected from the header when `None`.
    pub columns: Option<ColumnSpec>,
}

/// Why the input's layout could not be decided. Nothing was screened.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// Reading the input failed.
    #[error("reading the input: {0}")]
    Io(#[from] io::Error),
    /// The layout is not usable, with the reason and the remedy.
    #[error("{0}")]
    Bad(String),
}

/// The input's layout, decided from its head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The format.
    pub format: InputFormat,
    /// The CSV delimiter.
    pub delimiter: u8,
    /// The header row, when the first row is one (CSV).
    pub header: Option<Vec<String>>,
    /// Which column (0-based) holds which field (CSV).
    pub columns: Vec<(usize, Field)>,
    /// How many fields every CSV row must have: the header's or the first row's.
    pub width: usize,
}

impl Layout {
    /// Decides the layout from the head of the input (after any BOM).
    pub fn detect(head: &[u8], options: &ReaderOptions) -> Result<Layout, LayoutError> {
        let first = head.iter().find(|b| !b.is_ascii_whitespace());
        let format = match (options.format, first) {
            (Some(format), _) => format,
            // Nothing but blanks: zero records, read as JSON lines.
            (None, None) => InputFormat::Jsonl,
            (None, Some(b'{')) => InputFormat::Jsonl,
            (None, Some(_)) => InputFormat::Csv,
        };
        if format == InputFormat::Jsonl {
            if options.columns.is_some() {
                return Err(LayoutError::Bad(
                    "--columns applies to CSV input; JSON lines name their fields".into(),
                ));
            }
            return Ok(Layout {
                format,
                delimiter: b',',
                header: None,
                columns: Vec::new(),
                width: 0,
            });
        }
        let delimiter = sniff_delimiter(head);
        let first_row = first_csv_row(head, delimiter)
            .ok_or_else(|| LayoutError::Bad("the input is empty".into()))?;
        let known = first_row
            .iter()
            .filter(|cell| Field::from_header(cell).is_some())
            .count();
        let by_header = |name: &str| {
            first_row
                .iter()
                .position(|cell| cell.trim().eq_ignore_ascii_case(name.trim()))
        };
        let mut columns: Vec<(usize, Field)> = Vec::new();
        let header;
        match &options.columns {
            Some(spec) => {
                let named = spec
                    .0
                    .iter()
                    .any(|(_, c)| matches!(c, ColumnRef::Header(_)));
                header = (named || known > 0).then(|| first_row.clone());
                for (field, column) in &spec.0 {
                    let index = match column {
                        ColumnRef::Header(name) => by_header(name).ok_or_else(|| {
                            LayoutError::Bad(format!(
                                "--columns {field}={name}: the header has no column {name:?} (it has {})",
                                quoted(&first_row)
                            ))
                        })?,
                        ColumnRef::Position(p) if *p <= first_row.len() => p - 1,
                        ColumnRef::Position(p) => {
                            return Err(LayoutError::Bad(format!(
                                "--columns {field}={p}: the first row has only {} columns",
                                first_row.len()
                            )))
                        }
                    };
                    columns.push((index, *field));
                }
                if named {
                    // Fields not given are still found by their usual headers.
                    let given: Vec<Field> = spec.0.iter().map(|(f, _)| *f).collect();
                    for (index, cell) in first_row.iter().enumerate() {
                        if let Some(field) = Field::from_header(cell) {
                            let used = columns.iter().any(|(i, _)| *i == index);
                            if !given.contains(&field) && !used {
                                add_column(&mut columns, index, field, &first_row)?;
                            }
                        }
                    }
                }
            }
            None => {
                if known == 0 {
                    return Err(LayoutError::Bad(format!(
                        "the first line names no known column ({}); if it is a header, say which \
                         column is which with --columns name=<header>,...; if the file has no \
                         header, give positions: --columns name=1,...",
                        quoted(&first_row)
                    )));
                }
                header = Some(first_row.clone());
                for (index, cell) in first_row.iter().enumerate() {
                    if let Some(field) = Field::from_header(cell) {
                        add_column(&mut columns, index, field, &first_row)?;
                    }
                }
            }
        }
        if !columns.iter().any(|(_, f)| *f == Field::Name) {
            return Err(LayoutError::Bad(format!(
                "no name column among {}; say which it is with --columns name=<header or position>",
                quoted(&first_row)
            )));
        }
        columns.sort_unstable();
        Ok(Layout {
            format,
            delimiter,
            header,
            width: first_row.len(),
            columns,
        })
    }

    /// One line for people: format, delimiter and which column is which.
    pub fn describe(&self) -> String {
        if self.format == InputFormat::Jsonl {
            return "JSON lines".into();
        }
        let delimiter = match self.delimiter {
            b'\t' => "tab".to_string(),
            d => format!("'{}'", d as char),
        };
        let columns: Vec<String> = self
            .columns
            .iter()
            .map(|(i, field)| match &self.header {
                Some(header) => format!("{:?} -> {field}", header[*i]),
                None => format!("column {} -> {field}", i + 1),
            })
            .collect();
        format!(
            "CSV, delimiter {delimiter}, {}: {}",
            if self.header.is_some() {
                "header"
            } else {
                "no header"
            },
            columns.join(", ")
        )
    }
}

fn add_column(
    columns: &mut Vec<(usize, Field)>,
    index: usize,
    field: Field,
    header: &[String],
) -> Result<(), LayoutError> {
    if !field.repeatable() {
        if let Some((other, _)) = columns.iter().find(|(_, f)| *f == field) {
            return Err(LayoutError::Bad(format!(
                "two columns hold the {field}: {:?} (column {}) and {:?} (column {}); say which \
                 with --columns {field}=<header>",
                header[*other],
                other + 1,
                header[index],
                index + 1
            )));
        }
    }
    columns.push((index, field));
    Ok(())
}

fn quoted(cells: &[String]) -> String {
    let shown: Vec<String> = cells.iter().take(12).map(|c| format!("{c:?}")).collect();
    let more = if cells.len() > 12 { ", ..." } else { "" };
    format!("{}{more}", shown.join(", "))
}

fn csv_builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    // Records end at `\n` only: with CRLF ends, the csv crate would start the
    // next record's position before the `\n`, one line early. The `\r` left
    // at the end of the last cell is trimmed like any space.
    builder
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'));
    builder
}

/// The delimiter among `,` `;` tab `|` that splits the first lines of the head
/// into the same number (> 1) of fields, the most fields winning; `,` if none.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let complete = match head.iter().rposition(|b| *b == b'\n') {
        Some(end) => &head[..=end],
        None => head,
    };
    let mut best = (b',', 1);
    for delimiter in [b',', b';', b'\t', b'|'] {
        let mut reader = csv_builder(delimiter).from_reader(complete);
        let mut widths = reader.byte_records().take(20).map(|r| r.map(|r| r.len()));
        let Some(Ok(width)) = widths.next() else {
            continue;
        };
        if width > best.1 && widths.all(|w| w.is_ok_and(|w| w == width)) {
            best = (delimiter, width);
        }
    }
    best.0
}

fn first_csv_row(head: &[u8], delimiter: u8) -> Option<Vec<String>> {
    let mut reader = csv_builder(delimiter).from_reader(head);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => Some(
            record
                .iter()
                .map(|cell| String::from_utf8_lossy(cell).trim().to_string())
                .collect(),
        ),
        _ => None,
    }
}

/// Where the reader is: the byte offset just past the last record read and
/// the 1-based line the next record starts on. A reader resumed there
/// ([`RecordReader::resume`]) continues exactly where this one stopped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// Bytes from the start of the input.
    pub offset: u64,
    /// The next line, 1-based.
    pub line: u64,
}

type Source<R> = Chain<Cursor<Vec<u8>>, R>;

enum Inner<R: Read> {
    Csv {
        reader: csv::Reader<Source<R>>,
        record: csv::ByteRecord,
    },
    Jsonl {
        reader: BufReader<Source<R>>,
        buf: Vec<u8>,
        /// Lines and bytes consumed since the base.
        lines: u64,
        bytes: u64,
    },
}

/// Reads records from any `Read`: an iterator over `Result<Record, RowError>`
/// in input order. A bad row is an `Err` naming its line, and reading goes on.
pub struct RecordReader<R: Read> {
    layout: Layout,
    inner: Inner<R>,
    /// Bytes and lines before the stream the parser sees (a BOM, or what a
    /// resumed run skipped).
    base: Position,
    failed: bool,
}

impl<R: Read> RecordReader<R> {
    /// Reads the head of `input`, decides the layout, and skips the header.
    pub fn new(mut input: R, options: &ReaderOptions) -> Result<RecordReader<R>, LayoutError> {
        let mut head = Vec::with_capacity(HEAD_BYTES);
        (&mut input)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)?;
        let mut base = Position { offset: 0, line: 0 };
        if head.starts_with(BOM) {
            head.drain(..BOM.len());
            base.offset = BOM.len() as u64;
        }
        let layout = Layout::detect(&head, options)?;
        let mut reader = RecordReader::with_layout(Cursor::new(head).chain(input), layout, base);
        if reader.layout.header.is_some() {
            if let Inner::Csv { reader, record } = &mut reader.inner {
                reader.read_byte_record(record).map_err(csv_io)?;
            }
        }
        Ok(reader)
    }

    /// Continues a run: `input` is positioned at `at.offset` of the same input
    /// whose layout is `layout`.
    pub fn resume(input: R, layout: Layout, at: Position) -> RecordReader<R> {
        let base = Position {
            offset: at.offset,
            line: at.line.saturating_sub(1),
        };
        RecordReader::with_layout(Cursor::new(Vec::new()).chain(input), layout, base)
    }

    fn with_layout(source: Source<R>, layout: Layout, base: Position) -> RecordReader<R> {
        let inner = match layout.format {
            InputFormat::Csv => Inner::Csv {
                reader: csv_builder(layout.delimiter)
                    .buffer_capacity(256 * 1024)
                    .from_reader(source),
                record: csv::ByteRecord::new(),
            },
            InputFormat::Jsonl => Inner::Jsonl {
                reader: BufReader::with_capacity(256 * 1024, source),
                buf: Vec::new(),
                lines: 0,
                bytes: 0,
            },
        };
        RecordReader {
            layout,
            inner,
            base,
            failed: false,
        }
    }

    /// The layout in use.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Where the next record starts.
    pub fn resume_point(&self) -> Position {
        let (offset, line) = match &self.inner {
            Inner::Csv { reader, .. } => {
                let p = reader.position();
                (p.byte(), p.line())
            }
            Inner::Jsonl { lines, bytes, .. } => (*bytes, lines + 1),
        };
        Position {
            offset: self.base.offset + offset,
            line: self.base.line + line,
        }
    }

    /// The next record, a bad row, or `None` at the end. An I/O error stops
    /// reading: what was read before it stands, nothing after it is known.
    pub fn read_record(&mut self) -> io::Result<Option<Result<Record, RowError>>> {
        let base = self.base;
        match &mut self.inner {
            Inner::Csv { reader, record } => loop {
                let start_line = reader.position().line();
                match reader.read_byte_record(record) {
                    Ok(false) => return Ok(None),
                    // A blank line (`\r\n`, spaces): not a record.
                    Ok(true)
                        if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) => {}
                    Ok(true) => {
                        let line = base.line + record.position().map_or(start_line, |p| p.line());
                        return Ok(Some(csv_record(&self.layout, line, record)));
                    }
                    Err(err) => return Err(csv_io(err)),
                }
            },
            Inner::Jsonl {
                reader,
                buf,
                lines,
                bytes,
            } => loop {
                buf.clear();
                let n = reader.read_until(b'\n', buf)?;
                if n == 0 {
                    return Ok(None);
                }
                *lines += 1;
                *bytes += n as u64;
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Ok(Some(json_record(base.line + *lines, buf)));
            },
        }
    }
}

impl<R: Read> Iterator for RecordReader<R> {
    type Item = Result<Record, RowError>;

    /// Records and bad rows; an I/O error is reported once as a bad row at the
    /// current line, and ends the iteration.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.read_record() {
            Ok(item) => item,
            Err(err) => {
                self.failed = true;
                Some(Err(RowError {
                    line: self.resume_point().line,
                    reference: None,
                    reason: format!("reading stopped: {err}"),
                }))
            }
        }
    }
}

fn csv_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
    }
}

fn csv_record(layout: &Layout, line: u64, record: &csv::ByteRecord) -> Result<Record, RowError> {
    let bad = |reason: String| RowError {
        line,
        reference: None,
        reason,
    };
    if record.len() != layout.width {
        let what = if layout.header.is_some() {
            "the header"
        } else {
            "the first row"
        };
        return Err(bad(format!(
            "{} fields where {what} has {} (an unquoted delimiter in a value?)",
            record.len(),
            layout.width
        )));
    }
    let mut pairs = Vec::with_capacity(layout.columns.len());
    for (index, field) in &layout.columns {
        let cell = std::str::from_utf8(&record[*index]).map_err(|err| {
            bad(format!(
                "{field} (column {}) is not UTF-8 at byte {}",
                index + 1,
                err.valid_up_to()
            ))
        })?;
        pairs.push((*field, cell));
    }
    Record::from_pairs(line, pairs)
}

fn json_record(line: u64, bytes: &[u8]) -> Result<Record, RowError> {
    let bad = |reason: String, reference: Option<String>| RowError {
        line,
        reference,
        reason,
    };
    let object: serde_json::Map<String, Value> = serde_json::from_slice(bytes)
        .map_err(|err| bad(format!("not a JSON object: {err}"), None))?;
    let mut values: Vec<(Field, String)> = Vec::new();
    let mut problems = Vec::new();
    for (key, value) in &object {
        let Some(field) = Field::from_header(key) else {
            continue;
        };
        let mut push = |value: &Value| match value {
            Value::String(text) => values.push((field, text.clone())),
            Value::Number(number) => values.push((field, number.to_string())),
            Value::Null => {}
            _ => problems.push(format!(
                "{key}: want a string, a number{} or null",
                if field.repeatable() {
                    ", an array of them"
                } else {
                    ""
                }
            )),
        };
        match value {
            Value::Array(items) if field.repeatable() => items.iter().for_each(&mut push),
            other => push(other),
        }
    }
    if !problems.is_empty() {
        let reference = values
            .iter()
            .find(|(f, _)| *f == Field::Ref)
            .map(|(_, v)| v.clone());
        return Err(bad(problems.join("; "), reference));
    }
    Record::from_pairs(line, values.iter().map(|(f, v)| (*f, v.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str, options: &ReaderOptions) -> Vec<Result<Record, RowError>> {
        RecordReader::new(input.as_bytes(), options)
            .unwrap()
            .collect()
    }

    fn layout(input: &str) -> Result<Layout, LayoutError> {
        RecordReader::new(input.as_bytes(), &ReaderOptions::default()).map(|r| r.layout)
    }

    fn names(items: &[Result<Record, RowError>]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                Ok(r) => format!("{}:{}", r.line, r.name),
                Err(e) => format!("{}:ERR", e.line),
            })
            .collect()
    }

    #[test]
    fn header_layouts_are_recognised() {
        let l = layout("Customer ID;Full Name;DOB;Nationality\nC1;Jane Roe;1970;FR\n").unwrap();
        assert_eq!(l.delimiter, b';');
        assert_eq!(
            l.columns,
            [
                (0, Field::Ref),
                (1, Field::Name),
                (2, Field::BirthDate),
                (3, Field::Country)
            ]
        );
        let l = layout("name\tdate_of_birth\tcountry\tpassport\nJane\t1970\tFR\tX1\n").unwrap();
        assert_eq!(l.delimiter, b'\t');
        assert_eq!(l.columns.len(), 4);
        // The screening fixtures' layout: full_name is the name, the name
        // parts and place of birth are not fields.
        let l = layout(
            "full_name,first_name,middle_name,last_name,gender,date_of_birth,place_of_birth,nationality\n",
        )
        .unwrap();
        assert_eq!(
            l.columns,
            [
                (0, Field::Name),
                (4, Field::Gender),
                (5, Field::BirthDate),
                (7, Field::Country)
            ]
        );
        let l = layout("\u{feff}Ref|Name|Type\n1|ACME|company\n").unwrap();
        assert_eq!(l.delimiter, b'|');
        assert_eq!(l.header.as_ref().unwrap()[0], "Ref");
    }

    #[test]
    fn unknown_headers_need_columns() {
        let err = layout("Kunde,Nom complet\n1,Jane\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("the first line names no known column (\"Kunde\", \"Nom complet\")"),
            "{err}"
        );
        let options = ReaderOptions {
            format: None,
            columns: Some("ref=Kunde,name=Nom complet".parse().unwrap()),
        };
        let items = read("Kunde,Nom complet\n1,Jane\n", &options);
        assert_eq!(names(&items), ["2:Jane"]);
        assert_eq!(items[0].as_ref().unwrap().reference.as_deref(), Some("1"));
        // Positional: no header.
        let options = ReaderOptions {
            format: None,
            columns: Some("name=2,ref=1,birth_date=3".parse().unwrap()),
        };
        let items = read("A-1,Jane Roe,1970\nA-2,John Doe,1971-02\n", &options);
        assert_eq!(names(&items), ["1:Jane Roe", "2:John Doe"]);
        let err = layout("ref,dob\n1,1970\n").unwrap_err().to_string();
        assert!(
            err.starts_with("no name column among \"ref\", \"dob\""),
            "{err}"
        );
        let err = layout("name,full name\na,b\n").unwrap_err().to_string();
        assert!(err.starts_with("two columns hold the name"), "{err}");
    }

    #[test]
    fn bad_rows_have_their_lines() {
        let input = "ref,name,dob\n\
                     1,Jane Roe,1970\n\
                     2,,1970\n\
                     3,\"Multi\nLine\",1970-13\n\
                     4,Too,Many,Fields\n\
                     5,John Doe,\n";
        let items = read(input, &ReaderOptions::default());
        assert_eq!(
            names(&items),
            ["2:Jane Roe", "3:ERR", "4:ERR", "6:ERR", "7:John Doe"]
        );
        let err = items[1].as_ref().unwrap_err();
        assert_eq!(
            (err.reason.as_str(), err.reference.as_deref()),
            ("no name", Some("2"))
        );
        assert!(items[2]
            .as_ref()
            .unwrap_err()
            .reason
            .starts_with("birth_date: "));
        assert_eq!(
            items[3].as_ref().unwrap_err().reason,
            "4 fields where the header has 3 (an unquoted delimiter in a value?)"
        );
    }

    #[test]
    fn json_lines() {
        let input = "{\"ref\": 17, \"name\": \"Jane Roe\", \"countries\": [\"FR\", \"DE\"], \"type\": \"person\"}\n\
                     \n\
                     {\"name\": \"x\", \"dob\": {}}\n\
                     not json\n\
                     {\"full_name\": \"ACME\", \"ids\": \"IMO 9187629\"}";
        let items = read(input, &ReaderOptions::default());
        assert_eq!(names(&items), ["1:Jane Roe", "3:ERR", "4:ERR", "5:ACME"]);
        let first = items[0].as_ref().unwrap();
        assert_eq!(first.reference.as_deref(), Some("17"));
        assert_eq!(first.countries, ["FR", "DE"]);
        assert_eq!(
            items[1].as_ref().unwrap_err().reason,
            "dob: want a string, a number or null"
        );
        assert!(items[2]
            .as_ref()
            .unwrap_err()
            .reason
            .starts_with("not a JSON object: "));
    }

    #[test]
    fn a_resumed_reader_continues_where_the_first_stopped() {
        for input in [
            "ref,name\r\n1,\"A\r\nB\"\r\n2,C\r\n\r\n3,D\r\n4,E",
            "\u{feff}name;dob\n\"x\";1970\n\ny;1971\nz;1972\n",
            "{\"name\":\"a\"}\n\n{\"name\":\"b\"}\r\n{\"name\":\"c\"}\n",
        ] {
            let all = read(input, &ReaderOptions::default());
            for stop in 0..all.len() {
                let mut first =
                    RecordReader::new(input.as_bytes(), &ReaderOptions::default()).unwrap();
                let mut got: Vec<_> = (&mut first).take(stop).collect();
                let at = first.resume_point();
                let rest = &input.as_bytes()[at.offset as usize..];
                let resumed = RecordReader::resume(rest, first.layout().clone(), at);
                got.extend(resumed);
                assert_eq!(got, all, "{input:?} stopped after {stop} at {at:?}");
            }
        }
    }
}
