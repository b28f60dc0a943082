//! `ndjson_stream` (the server's batch screening) on the real UN list:
//! results in input order, bad rows inline, counts that add up.

use std::path::PathBuf;

use interdict_batch::{ndjson_stream, BatchConfig};
use interdict_model::SourceId;
use interdict_screening::Threshold;
use interdict_store::Store;
use serde_json::Value;

fn un_list() -> PathBuf {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("lists/un-sc/consolidated_2026-02-27.xml")
}

#[test]
fn ndjson_in_ndjson_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    interdict_lists::import_paths(&mut store, SourceId::UnSc, &[un_list()], None).unwrap();
    let set = interdict_screening::load_screening_set(&store, &[], None).unwrap();
    let input = "{\"ref\": \"1\", \"name\": \"Qasem Soleimani\", \"birth_date\": \"1957\"}\n\
                 {\"ref\": \"2\", \"name\": \"Patricia Lucas Wheeler\", \"country\": \"Ethiopia\"}\n\
                 {\"ref\": \"3\", \"birth_date\": \"1957\"}\n\
                 {\"ref\": \"4\", \"name\": \"عبدالحی سالک\"}\n";
    let mut output = Vec::new();
    let config = BatchConfig {
        threshold: Threshold::DEFAULT,
        limit: 3,
    };
    let counts = ndjson_stream(&set, input.as_bytes(), &mut output, &config).unwrap();
    assert_eq!(
        (
            counts.records,
            counts.screened,
            counts.alerts,
            counts.errors
        ),
        (4, 3, 2, 1)
    );
    let lines: Vec<Value> = std::str::from_utf8(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let refs: Vec<&str> = lines.iter().map(|l| l["ref"].as_str().unwrap()).collect();
    assert_eq!(refs, ["1", "2", "3", "4"]);
    assert_eq!(lines[0]["results"][0]["id"], "un-sc:IRi.039");
    assert_eq!(lines[0]["alert"], true);
    assert_eq!(lines[1]["alert"], false);
    assert_eq!(lines[2]["error"], "no name");
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[3]["results"][0]["id"], "un-sc:TAi.108");
    assert!(lines[3]["results"].as_array().unwrap().len() <= 3);
}
