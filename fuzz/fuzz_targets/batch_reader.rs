//! Fuzzes the batch record reader (CSV and JSON lines): arbitrary bytes must
//! give a layout error, or records and located bad rows with lines that never
//! go backwards; never a panic.
#![no_main]

use interdict_batch::{ReaderOptions, RecordReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = RecordReader::new(data, &ReaderOptions::default()) else {
        return;
    };
    let mut last = 0;
    for item in reader {
        let line = match &item {
            Ok(record) => record.line,
            Err(err) => err.line,
        };
        assert!(line >= last, "line {line} after {last}");
        last = line;
    }
});
