//! Where the shared, read-only list files live for tests.

use std::path::PathBuf;

use interdict_model::SourceId;
use interdict_parse::{load_inputs, parse, ParsedList};

/// `$INTERDICT_SHARED/lists`, by default `../shared/lists` seen from the
/// repository root.
pub fn lists_dir() -> PathBuf {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("lists")
}

/// Parses the files at `relative` paths under the lists directory.
#[allow(dead_code)]
pub fn parse_shared(source: SourceId, relative: &[&str]) -> ParsedList {
    let paths: Vec<PathBuf> = relative.iter().map(|r| lists_dir().join(r)).collect();
    let inputs = load_inputs(&paths).expect("shared list files are readable");
    parse(source, &inputs).unwrap_or_else(|err| panic!("{relative:?} should parse: {err}"))
}
