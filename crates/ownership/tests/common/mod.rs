//! Shared, read-only list files for the tests.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use interdict_model::{Entity, SourceId};
use interdict_parse::{load_inputs, parse};

/// `$INTERDICT_SHARED/lists`, by default `../shared/lists` seen from the
/// repository root.
pub fn lists_dir() -> PathBuf {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("lists")
}

/// The entities parsed from shared files.
pub fn entities(source: SourceId, relative: &[&str]) -> Vec<Entity> {
    let paths: Vec<PathBuf> = relative.iter().map(|r| lists_dir().join(r)).collect();
    let inputs = load_inputs(&paths).expect("shared list files are readable");
    parse(source, &inputs)
        .unwrap_or_else(|err| panic!("{relative:?} should parse: {err}"))
        .entities
}

/// OFAC SDN of 2023-12-28, parsed once per test binary.
pub fn ofac_2023() -> &'static [Entity] {
    static ONCE: OnceLock<Vec<Entity>> = OnceLock::new();
    ONCE.get_or_init(|| entities(SourceId::OfacSdn, &["ofac-sdn/2023-12-28"]))
}

/// The OpenSanctions delta of 2024-05-30, parsed once per test binary.
pub fn opensanctions_2024() -> &'static [Entity] {
    static ONCE: OnceLock<Vec<Entity>> = OnceLock::new();
    ONCE.get_or_init(|| {
        entities(
            SourceId::OpenSanctions,
            &["opensanctions/sanctions_2024-05-30.delta.ftm.json"],
        )
    })
}
