//! `ownership import|list` and `exposure`, end to end on the real lists.

mod common;

use std::path::PathBuf;

use common::Data;
use serde_json::Value;

fn write(data: &Data, name: &str, text: &str) -> PathBuf {
    let path = data.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `exposure ... --json`; returns the exit code (0 or 3) and the document.
fn exposure(data: &Data, args: &[&str]) -> (i32, Value) {
    data.json_alerting("exposure", args)
}

const OWNERS: &str = "owner,owned,percent,as_of\n\
    ofac-sdn:16456,Acme Trading LLC,30,2023-01-01\n\
    ofac-sdn:2686,Acme Trading LLC,25,2024-06-01\n\
    un-sc:IRi.039,Half Held Ltd,25,2023-01-01\n\
    un-sc:QDi.006,Half Held Ltd,25,2023-01-01\n";

fn with_owners() -> Data {
    let data = Data::new();
    data.import("ofac-sdn", &["ofac-sdn/2023-12-28"]);
    data.import("un-sc", &["un-sc/consolidated_2026-02-27.xml"]);
    let file = write(&data, "owners.csv", OWNERS);
    let info = data.json([
        "ownership".as_ref(),
        "import".as_ref(),
        file.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(info["id"], 1);
    assert_eq!(info["rows"], 4);
    assert_eq!(info["file_name"], "owners.csv");
    assert_eq!(info["already_imported"], false);
    data
}

#[test]
fn import_refuses_a_bad_file_whole_and_lists_what_is_held() {
    let data = with_owners();
    let bad = write(
        &data,
        "bad.csv",
        "owner,owned,percent,as_of\nA,B,10,2024-01-01\nA,C,10,2024-13-01\n",
    );
    let stderr = data.fails(["ownership".as_ref(), "import".as_ref(), bad.as_os_str()]);
    assert!(
        stderr.contains("bad.csv, line 3: as_of \"2024-13-01\" is not a date YYYY-MM-DD"),
        "{stderr}"
    );
    let listed = data.json(["ownership", "list", "--json"]);
    assert_eq!(listed["imports"].as_array().unwrap().len(), 1);
    let rows = listed["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1]["owner"], "ofac-sdn:2686");
    assert_eq!(rows[1]["percent"], 25.0);
    assert_eq!(rows[1]["as_of"], "2024-06-01");
    assert_eq!(rows[1]["line"], 3);
    assert_eq!(rows[1]["file_name"], "owners.csv");
}

#[test]
fn two_sdns_block_an_unlisted_company_and_the_date_matters() {
    let data = with_owners();
    let (code, report) = exposure(&data, &["Acme Trading LLC"]);
    assert_eq!(code, 3, "blocked by ownership is an alert");
    assert_eq!(report["blocked_by_ownership"], true);
    assert_eq!(report["aggregate_percent"], 55.0);
    assert_eq!(report["rule"]["id"], "ofac-50-percent-2014");
    assert_eq!(
        report["ownership"]["result"],
        "30% + 25% = 55%, which is 50% or more: blocked by ownership"
    );
    let sources: Vec<&str> = report["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["ofac-sdn", "un-sc"]);
    assert_eq!(report["ownership_imports"][0]["file_name"], "owners.csv");
    assert_eq!(report["paths"].as_array().unwrap().len(), 2);

    // On 2024-01-01 Nasrallah's 25% (stated as of 2024-06-01) is not yet held.
    let (code, report) = exposure(&data, &["Acme Trading LLC", "--as-of", "2024-01-01"]);
    assert_eq!(code, 0);
    assert_eq!(report["blocked_by_ownership"], false);
    assert_eq!(report["aggregate_percent"], 30.0);
    assert_eq!(report["as_of"], "2024-01-01");
    assert_eq!(report["unknown"][0]["source"], "un-sc");
}

#[test]
fn exactly_half_held_by_two_un_listed_persons_in_the_eu_and_the_uk() {
    let data = with_owners();
    let (code, uk) = exposure(&data, &["Half Held Ltd", "--jurisdiction", "uk"]);
    assert_eq!(code, 0);
    assert_eq!(uk["rule"]["id"], "uk-ofsi-2023");
    assert_eq!(uk["blocked_by_ownership"], false);
    assert_eq!(uk["aggregate_percent"], 25.0);
    assert_eq!(uk["comparison"]["blocked_by_ownership"], true);
    assert!(uk["comparison"]["why"]
        .as_str()
        .unwrap()
        .starts_with("OFAC adds up the shares of different blocked owners"));

    // Today the EU Best Practices of July 2024 apply: 50% or more.
    let (code, eu) = exposure(&data, &["Half Held Ltd", "--jurisdiction", "eu"]);
    assert_eq!(code, 3);
    assert_eq!(eu["rule"]["id"], "eu-best-practices-2024");
    assert_eq!(eu["blocked_by_ownership"], true);

    // Under US rules the UN listings do not block: no alert.
    let (code, us) = exposure(&data, &["Half Held Ltd"]);
    assert_eq!(code, 0);
    assert_eq!(us["blocked_by_ownership"], false);
}

#[test]
fn linked_to_path_and_text_output() {
    let data = with_owners();
    let output = data.run(["exposure", "Comercializadora J Durango"]);
    assert_eq!(output.status.code(), Some(3), "a listed party is an alert");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(
            "1. ofac-sdn:16456 DURANGO RESTREPO, Jairo de Jesus (listed: ofac-sdn:16456 (SDNTK))"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "COMERCIALIZADORA J DURANGO —linked to (ofac-sdn)→ DURANGO RESTREPO, Jairo de Jesus"
        ),
        "{text}"
    );

    let (code, report) = exposure(&data, &["ofac-sdn:4632", "--non-us", "--depth", "1"]);
    assert_eq!(code, 3);
    assert_eq!(
        report["secondary_sanctions"][0]["basis"][0],
        "OFAC: Subject to Secondary Sanctions"
    );

    let stderr = data.fails(["exposure", "ofac-sdn:99999999"]);
    assert!(
        stderr.contains("ofac-sdn:99999999 is in none of the list versions read"),
        "{stderr}"
    );
}
