//! Fuzzes the SWIFT FIN (MT103/MT101, RJE) reader: arbitrary text must give messages or a
//! located error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = interdict_messages::mt::parse("fuzz.fin", text);
    }
});
