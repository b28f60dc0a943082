//! The real lists, indexed once per test binary.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use interdict_mentions::Dictionary;
use interdict_model::SourceId;
use interdict_screening::ScreeningSet;
use interdict_store::Store;

/// `$INTERDICT_SHARED`, by default `../shared` seen from the repository root.
pub fn shared() -> PathBuf {
    std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// A file of `$INTERDICT_SHARED`; it must exist.
pub fn shared_file(relative: &str) -> PathBuf {
    let path = shared().join(relative);
    assert!(
        path.exists(),
        "{} is missing (set INTERDICT_SHARED)",
        path.display()
    );
    path
}

/// A fixture of this crate.
pub fn fixture(name: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    (name.to_owned(), std::fs::read(path).unwrap())
}

/// The UN list of 2026-02-27 and the OFAC SDN set of 2023-12-28.
pub fn set() -> &'static (ScreeningSet, Dictionary) {
    static SET: OnceLock<(ScreeningSet, Dictionary)> = OnceLock::new();
    SET.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for (source, path) in [
            (SourceId::UnSc, "lists/un-sc/consolidated_2026-02-27.xml"),
            (SourceId::OfacSdn, "lists/ofac-sdn/2023-12-28"),
        ] {
            interdict_lists::import_paths(&mut store, source, &[shared_file(path)], None).unwrap();
        }
        let set = interdict_screening::load_screening_set(&store, &[], None).unwrap();
        let dictionary = Dictionary::build(&set);
        (set, dictionary)
    })
}
