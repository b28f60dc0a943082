//! `interdict diff` between real consecutive OFAC SDN publications.
//!
//! The expected ids were computed from the `sdn.csv` files themselves (their
//! `ent_num` column, and rows that differ between the two files), not from
//! interdict's output.

mod common;

use common::{assert_version, keys, strings, Data};
use serde_json::Value;

fn ids(value: &Value) -> Vec<String> {
    let mut ids: Vec<String> = strings(value).into_iter().map(String::from).collect();
    ids.sort_by_key(|id| {
        id.trim_start_matches("ofac-sdn:")
            .parse::<u64>()
            .expect("an ofac-sdn id")
    });
    ids
}

/// 2022-02-23 → 2022-03-07 (the first wave of Russia designations): 200
/// added, none removed, 14 rows changed.
#[test]
fn russia_wave_2022() {
    let data = Data::new();
    let first = data.import("ofac-sdn", &["ofac-sdn/2022-02-23"]);
    let second = data.import("ofac-sdn", &["ofac-sdn/2022-03-07"]);
    assert_version(
        &first["version"],
        "ofac-sdn",
        1,
        "2022-02-23",
        9121,
        "ofac-csv-set",
    );
    assert_version(
        &second["version"],
        "ofac-sdn",
        2,
        "2022-03-07",
        9321,
        "ofac-csv-set",
    );

    let diff = data.json([
        "diff",
        "ofac-sdn",
        "--from",
        "2022-02-23",
        "--to",
        "2022-03-07",
        "--json",
    ]);
    assert_eq!(
        keys(&diff),
        ["added", "changed", "from", "removed", "source", "to"]
    );
    assert_eq!(diff["source"], "ofac-sdn");
    assert_eq!(diff["from"], first["version"]);
    assert_eq!(diff["to"], second["version"]);
    let added = ids(&diff["added"]);
    assert_eq!(added.len(), 200);
    assert!(added.iter().all(|id| id.starts_with("ofac-sdn:")));
    assert_eq!(diff["removed"], serde_json::json!([]));
    let changed: Vec<&str> = diff["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| change["id"].as_str().unwrap())
        .collect();
    let mut sorted = changed.clone();
    sorted.sort_by_key(|id| id[9..].parse::<u64>().unwrap());
    assert_eq!(
        sorted,
        [
            "ofac-sdn:16669",
            "ofac-sdn:16671",
            "ofac-sdn:16685",
            "ofac-sdn:16688",
            "ofac-sdn:16692",
            "ofac-sdn:16829",
            "ofac-sdn:18310",
            "ofac-sdn:18647",
            "ofac-sdn:21171",
            "ofac-sdn:24183",
            "ofac-sdn:24309",
            "ofac-sdn:33398",
            "ofac-sdn:33399",
            "ofac-sdn:33400",
        ]
    );
    // ROTENBERG, Arkady became ROTENBERG, Arkady Romanovich, with RUSSIA-EO14024
    // added to his programs.
    let rotenberg = diff["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|change| change["id"] == "ofac-sdn:16669")
        .unwrap();
    let name = rotenberg["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|field| field["field"] == "name")
        .unwrap_or_else(|| panic!("no name change in {rotenberg}"));
    assert_eq!(strings(&name["before"]), ["ROTENBERG, Arkady"]);
    assert_eq!(strings(&name["after"]), ["ROTENBERG, Arkady Romanovich"]);
    let sanctions = rotenberg["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|field| field["field"] == "sanctions")
        .unwrap_or_else(|| panic!("no sanctions change in {rotenberg}"));
    assert!(!strings(&sanctions["before"])[0].contains("RUSSIA-EO14024"));
    assert!(strings(&sanctions["after"])[0].contains("RUSSIA-EO14024"));

    // The same diff through version numbers, through defaults (--to the
    // latest, --from the one before it), through dates in force, and through
    // "latest".
    for args in [
        vec!["--from", "1", "--to", "2"],
        vec![],
        vec!["--to", "2"],
        vec!["--from", "1"],
        vec!["--from", "2022-03-06", "--to", "2030-01-01"],
        vec!["--from", "1", "--to", "latest"],
    ] {
        let mut command = vec!["diff", "ofac-sdn", "--json"];
        command.extend(&args);
        assert_eq!(data.json(&command), diff, "diff {args:?}");
    }

    // Reversed, the 200 are removed.
    let reversed = data.json(["diff", "ofac-sdn", "--from", "2", "--to", "1", "--json"]);
    assert_eq!(ids(&reversed["removed"]), added);
    assert_eq!(reversed["added"], serde_json::json!([]));

    // Selectors that match nothing are errors, not empty diffs.
    let stderr = data.fails(["diff", "ofac-sdn", "--to", "1", "--json"]);
    assert!(
        stderr.contains("before version 1 (the first held); give `from`"),
        "{stderr}"
    );
    let stderr = data.fails(["diff", "ofac-sdn", "--from", "3", "--json"]);
    assert!(stderr.contains("no version matches version 3"), "{stderr}");
    let stderr = data.fails(["diff", "ofac-sdn", "--from", "2022-02-22", "--json"]);
    assert!(
        stderr.contains("no version matches date 2022-02-22"),
        "{stderr}"
    );
    let stderr = data.fails(["diff", "un-sc", "--json"]);
    assert!(stderr.contains("un-sc"), "{stderr}");
}

/// 2024-05-02 → 2024-05-03, consecutive days: 8 entries removed, nothing
/// added or changed; the removed entries' history closes on 2024-05-03.
#[test]
fn consecutive_days_2024() {
    const REMOVED: [&str; 8] = [
        "ofac-sdn:38556",
        "ofac-sdn:38557",
        "ofac-sdn:38558",
        "ofac-sdn:38559",
        "ofac-sdn:38560",
        "ofac-sdn:38563",
        "ofac-sdn:38565",
        "ofac-sdn:38566",
    ];
    let data = Data::new();
    let first = data.import("ofac-sdn", &["ofac-sdn/2024-05-02"]);
    let second = data.import("ofac-sdn", &["ofac-sdn/2024-05-03"]);
    assert_eq!(first["version"]["entities"], 14973);
    assert_eq!(second["version"]["entities"], 14965);

    let diff = data.json(["diff", "ofac-sdn", "--json"]);
    assert_eq!(diff["from"], first["version"]);
    assert_eq!(diff["to"], second["version"]);
    assert_eq!(diff["added"], serde_json::json!([]));
    assert_eq!(ids(&diff["removed"]), REMOVED);
    assert_eq!(diff["changed"], serde_json::json!([]));

    // EMPEROR AVIATION LTD (38556): listed on 2024-05-02, gone on 2024-05-03.
    let history = data.json(["history", "ofac-sdn:38556", "--json"]);
    assert_eq!(
        keys(&history),
        ["id", "intervals", "not_held", "source", "versions"]
    );
    assert_eq!(history["id"], "ofac-sdn:38556");
    assert_eq!(history["source"], "ofac-sdn");
    let held = history["versions"].as_array().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["version"], 1);
    assert_eq!(held[0]["published"], "2024-05-02");
    assert_eq!(held[0]["content_hash"].as_str().unwrap().len(), 64);
    assert_eq!(
        history["not_held"],
        serde_json::json!([{"version": 2, "published": "2024-05-03"}])
    );
    assert_eq!(
        history["intervals"],
        serde_json::json!([{"from": "2024-05-02", "until": "2024-05-03"}])
    );
    let show = data.show("ofac-sdn:38556", &[]);
    assert_eq!(show["status"], "not_listed");
    assert_eq!(show["version"], second["version"]);
    assert_eq!(show["entity"], Value::Null);
    let then = data.show("ofac-sdn:38556", &["--as-of", "2024-05-02"]);
    assert_eq!(then["status"], "listed");
    assert_eq!(then["entity"]["caption"], "EMPEROR AVIATION LTD");
}
