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

/// The entity with this id (`un-sc:IRi.039`) or native id (`IRi.039`).
#[allow(dead_code)]
pub fn entity<'l>(list: &'l ParsedList, id: &str) -> &'l interdict_model::Entity {
    list.entities
        .iter()
        .find(|entity| entity.id.as_str() == id || entity.id.native() == id)
        .unwrap_or_else(|| panic!("{id} is on the list"))
}

/// A date the test writes as text.
#[allow(dead_code)]
pub fn date(text: &str) -> interdict_model::PartialDate {
    text.parse().expect("tests write valid dates")
}

/// One shared file, as an input.
#[allow(dead_code)]
pub fn read(relative: &str) -> interdict_parse::Input {
    let mut inputs = load_inputs(&[lists_dir().join(relative)]).expect("readable");
    inputs.remove(0)
}

/// One shared file's bytes.
#[allow(dead_code)]
pub fn shared_bytes(relative: &str) -> Vec<u8> {
    std::fs::read(lists_dir().join(relative)).expect("shared file is readable")
}
