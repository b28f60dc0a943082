//! Fuzzes the re-verification of an audit export (JSON lines from outside):
//! any bytes give a report or an error naming the line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = data;
    let _ = interdict_audit::verify_export(&mut input, "fuzz.jsonl");
});
