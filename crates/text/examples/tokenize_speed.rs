//! Measures tokenize (and skeletons of the tokens) over a file of names, one per line,
//! repeated up to 300,000 names: the index builds these for every list name.
//!
//! ```sh
//! cargo run --release -p interdict-text --example tokenize_speed -- names.txt
//! ```
//!
//! A names file can be made from the UN XML and OFAC CSVs with any small script; this example
//! does no extraction itself so that it measures only this crate.

use std::time::Instant;

use interdict_text::{skeleton, tokenize, NameKind};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: tokenize_speed NAMES_FILE");
    let text = std::fs::read_to_string(&path).expect("names file is readable UTF-8");
    let unique: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!unique.is_empty(), "no names in {path}");
    let target = 300_000;
    let names: Vec<&str> = unique.iter().copied().cycle().take(target).collect();

    let mut n_tokens = 0usize;
    let start = Instant::now();
    for name in &names {
        n_tokens += tokenize(name, NameKind::Unknown).tokens().len();
    }
    let tokenize_time = start.elapsed();

    let start = Instant::now();
    let mut skeleton_bytes = 0usize;
    for name in &names {
        for token in tokenize(name, NameKind::Unknown).tokens() {
            skeleton_bytes += skeleton(&token.text).len();
        }
    }
    let with_skeleton_time = start.elapsed();

    let per_second = names.len() as f64 / tokenize_time.as_secs_f64();
    println!(
        "{} names ({} distinct lines), {n_tokens} tokens",
        names.len(),
        unique.len()
    );
    println!(
        "tokenize: {:.0} ms, {:.0} names/s, {:.2} us/name",
        tokenize_time.as_secs_f64() * 1e3,
        per_second,
        tokenize_time.as_secs_f64() * 1e6 / names.len() as f64
    );
    println!(
        "tokenize + skeleton of every token: {:.0} ms ({skeleton_bytes} skeleton bytes)",
        with_skeleton_time.as_secs_f64() * 1e3
    );
}
