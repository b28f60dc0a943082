//! Fuzzes the UsCsl parser: arbitrary bytes must give entities or a located
//! error, never a panic.
#![no_main]

use interdict_model::SourceId;
use interdict_parse::{parse, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse(
        SourceId::UsCsl,
        &[Input::new("consolidated.csv", data.to_vec())],
    );
});
