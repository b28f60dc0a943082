//! Fuzzes the ISO 20022 reader: arbitrary text must give a message or a located error, never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = interdict_messages::iso::parse("fuzz.xml", text);
    }
    let _ = interdict_messages::parse("fuzz.xml", data);
});
