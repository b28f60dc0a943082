//! Fuzzes the OFAC CSV-set join: the fuzzer's bytes are split into the four
//! files of a set, so alt/add/comments rows that point nowhere are exercised.
#![no_main]

use interdict_model::SourceId;
use interdict_parse::{parse, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |&b| b == 0xff);
    let names = ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"];
    let inputs: Vec<Input> = names
        .iter()
        .map(|name| Input::new(name, parts.next().unwrap_or_default().to_vec()))
        .collect();
    let _ = parse(SourceId::OfacSdn, &inputs);
});
