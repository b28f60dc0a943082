//! Property tests of the record reader: what a spreadsheet or a program
//! writes (any delimiter, BOM or not, CRLF or LF, quoting) reads back as the
//! same records on the right lines; arbitrary bytes never panic, every row
//! is a record or a located bad row, and a reader resumed at any position
//! reads the same as one that never stopped.

use interdict_batch::{ReaderOptions, Record, RecordReader, RowError};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Row {
    reference: String,
    name: String,
    dob: String,
    countries: Vec<String>,
}

fn row() -> impl Strategy<Value = Row> {
    (
        "[A-Za-z0-9-]{1,12}",
        "[^\\x00-\\x1f\\x7f]{1,40}".prop_filter("a name", |n| !n.trim().is_empty()),
        prop_oneof![
            Just(String::new()),
            (1900u16..2030).prop_map(|y| y.to_string()),
            (1900u16..2030, 1u8..13).prop_map(|(y, m)| format!("{y}-{m:02}")),
            (1900u16..2030, 1u8..13, 1u8..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        ],
        prop::collection::vec("[A-Za-z ]{0,10}", 0..3),
    )
        .prop_map(|(reference, name, dob, countries)| Row {
            reference,
            name,
            dob,
            countries,
        })
}

fn read_all(bytes: &[u8]) -> Vec<Result<Record, RowError>> {
    RecordReader::new(bytes, &ReaderOptions::default())
        .expect("a layout")
        .collect()
}

fn check(rows: &[Row], items: &[Result<Record, RowError>], first_line: u64) {
    assert_eq!(items.len(), rows.len());
    for (i, (row, item)) in rows.iter().zip(items).enumerate() {
        let record = item.as_ref().expect("a good row");
        assert_eq!(record.line, first_line + i as u64);
        assert_eq!(record.reference.as_deref(), Some(row.reference.as_str()));
        assert_eq!(record.name, row.name.trim());
        assert_eq!(
            record.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            row.dob
        );
        let countries: Vec<&str> = row
            .countries
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(record.countries, countries);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn csv_as_written_reads_back(
        rows in prop::collection::vec(row(), 1..30),
        delimiter in prop::sample::select(vec![b',', b';', b'\t', b'|']),
        bom in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        {
            let terminator = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
            let mut writer = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .terminator(terminator)
                .from_writer(&mut bytes);
            writer.write_record(["Customer ID", "Full Name", "DOB", "Nationality"]).unwrap();
            for row in &rows {
                writer
                    .write_record([&row.reference, &row.name, &row.dob, &row.countries.join("|")])
                    .unwrap();
            }
        }
        let reader = RecordReader::new(bytes.as_slice(), &ReaderOptions::default()).unwrap();
        prop_assert_eq!(reader.layout().delimiter, delimiter);
        check(&rows, &read_all(&bytes), 2);
    }

    #[test]
    fn json_lines_as_written_read_back(rows in prop::collection::vec(row(), 1..30)) {
        let mut bytes = Vec::new();
        for row in &rows {
            let value = serde_json::json!({
                "ref": row.reference, "name": row.name, "dob": row.dob, "country": row.countries,
            });
            serde_json::to_writer(&mut bytes, &value).unwrap();
            bytes.push(b'\n');
        }
        check(&rows, &read_all(&bytes), 1);
    }

    #[test]
    fn any_bytes_give_records_or_located_errors(
        head in prop::sample::select(vec![&b"name,dob\n"[..], b"{\"name\":\"a\"}\n", b"ref;name\n", b""]),
        body in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut bytes = head.to_vec();
        bytes.extend_from_slice(&body);
        let Ok(mut reader) = RecordReader::new(bytes.as_slice(), &ReaderOptions::default()) else {
            return Ok(());
        };
        let layout = reader.layout().clone();
        let mut items = Vec::new();
        let mut positions = Vec::new();
        loop {
            positions.push(reader.resume_point());
            match reader.read_record().unwrap() {
                Some(item) => items.push(item),
                None => break,
            }
        }
        let lines: Vec<u64> = items.iter().map(|i| match i { Ok(r) => r.line, Err(e) => e.line }).collect();
        prop_assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{:?}", lines);
        prop_assert!(lines.iter().all(|l| *l >= 1));
        // Resuming at any record boundary reads the rest the same way.
        for (done, at) in positions.iter().enumerate() {
            let rest = &bytes[at.offset as usize..];
            let resumed: Vec<_> = RecordReader::resume(rest, layout.clone(), *at).collect();
            prop_assert_eq!(&resumed[..], &items[done..]);
        }
    }
}
