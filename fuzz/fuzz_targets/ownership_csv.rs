//! Fuzzes the user ownership CSV reader: arbitrary bytes must give rows or an
//! error naming the file and line, never a panic; rows read are valid.
#![no_main]

use interdict_ownership::{read_csv, Percent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = read_csv("owners.csv", data) {
        for row in rows {
            assert!(row.percent <= Percent::HUNDRED);
            assert!(row.line >= 2);
            assert!(!row.owner.is_empty() && !row.owned.is_empty());
        }
    }
});
