//! `regimes` and `travel` end to end, on the real lists.

mod common;

use common::{parse_json, Data};

#[test]
fn regimes_lists_the_table_without_creating_a_store() {
    let data = Data::new();
    let table = data.json(["regimes", "--json"]);
    assert_eq!(table["regimes"].as_array().unwrap().len(), 126);
    assert_eq!(table["embargoes"].as_array().unwrap().len(), 9);
    assert_eq!(table["unmapped"], serde_json::Value::Null);
    let iran = table["regimes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "un-iran")
        .unwrap();
    assert_eq!(iran["binds"], serde_json::json!(["un_member_states"]));
    assert_eq!(iran["in_force"][1]["from"], "2025-09-28");
    assert!(!data.path().join("interdict.db").exists());
}

#[test]
fn regimes_reports_no_unmapped_code_in_held_versions() {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2026-02-27.xml"]);
    data.import("eu-fsf", &["eu-fsf/sample-b_2020-04-15.xml"]);
    let report = data.json(["regimes", "--unmapped", "--json"]);
    assert_eq!(report["unmapped"]["codes"], serde_json::json!([]));
    assert_eq!(report["unmapped"]["versions"].as_array().unwrap().len(), 2);
    let text = data.run(["regimes", "--unmapped"]);
    assert_eq!(
        String::from_utf8(text.stdout).unwrap(),
        "2 versions held; 0 codes without a row\n"
    );
}

#[test]
fn travel_soleimani_to_moscow_in_2015_is_a_violation() {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2018-10-29.xml"]);
    let output = data.run([
        "travel",
        "Qasem Soleimani",
        "--to",
        "Russia",
        "--date",
        "2015-07-24",
        "--birth-date",
        "1957",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(3), "a violation exits 3");
    let answer = parse_json(&output.stdout);
    assert_eq!(answer["outcome"], "violation");
    assert_eq!(answer["destination"], "RU");
    assert_eq!(answer["inference"], true);
    assert_eq!(answer["bans"][0]["entity_id"], "un-sc:IRi.039");
    assert_eq!(answer["bans"][0]["regime"], "un-iran");
    assert_eq!(answer["bans"][0]["in_force_from"], "2010-06-09");
    assert_eq!(answer["versions"][0]["published"], "2018-10-29");
}

#[test]
fn travel_refuses_an_unknown_destination() {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2018-10-29.xml"]);
    let stderr = data.fails(["travel", "X", "--to", "Narnia", "--date", "2015-07-24"]);
    assert!(stderr.contains("--to \"Narnia\""), "{stderr}");
}
