//! `screen` records to the audit log, `alerts decide` suppresses later
//! screenings of the same subject while the listing is unchanged, and a new
//! UN publication that changed the listing reraises the alert; `audit verify`
//! and `audit export` on the same log, and on a tampered one.
//!
//! The listing: un-sc:YEi.001, ABD AL-KHALIQ AL-HOUTHI, whose record differs
//! between the UN consolidated lists of 2018-10-29 and 2020-11-24 (its notes
//! and its sanction's modification date; see `interdict diff un-sc`).

mod common;

use common::{keys, parse_json, Data};
use serde_json::Value;

const NAME: &str = "Abd al-Khaliq al-Houthi";
const ENTITY: &str = "un-sc:YEi.001";

/// `interdict <args>` as the user `tester`, with its exit code and stdout.
fn run(data: &Data, args: &[&str]) -> (i32, Vec<u8>, String) {
    let output = data
        .cmd()
        .env("USER", "tester")
        .args(args)
        .output()
        .expect("interdict runs");
    (
        output.status.code().expect("an exit code"),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn json(data: &Data, args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(data, args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    parse_json(&stdout)
}

/// Screens NAME against un-sc; returns the answer and the YEi.001 result.
fn screen(data: &Data) -> (Value, Value) {
    let (code, stdout, stderr) = run(data, &["screen", NAME, "--source", "un-sc", "--json"]);
    assert_eq!(code, 3, "a match exits 3: {stderr}");
    let answer = parse_json(&stdout);
    let results = answer["results"].as_array().unwrap();
    // The only result at or above the threshold is the listed man.
    let matched: Vec<&str> = results
        .iter()
        .filter(|r| r["match"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(matched, [ENTITY]);
    let result = results[0].clone();
    assert_eq!(result["id"], ENTITY);
    assert_eq!(result["score"], 1.0);
    // Results below the threshold carry no alert.
    assert!(results.iter().skip(1).all(|r| r.get("alert").is_none()));
    (answer, result)
}

#[test]
fn false_positive_suppresses_until_the_listing_changes() {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2018-10-29.xml"]);

    let (answer, result) = screen(&data);
    assert_eq!(answer["screening_id"], 1);
    assert_eq!(answer["versions"][0]["published"], "2018-10-29");
    assert_eq!(
        result["alert"],
        serde_json::json!({"id": 1, "status": "open", "reason": null})
    );

    let open = json(&data, &["alerts", "--status", "open", "--json"]);
    assert_eq!(keys(&open), ["alerts", "total"]);
    assert_eq!(open["total"], 1);
    let alert = &open["alerts"][0];
    assert_eq!(alert["id"], 1);
    assert_eq!(alert["entity_id"], ENTITY);
    assert_eq!(alert["caption"], "ABD AL-KHALIQ AL-HOUTHI");
    assert_eq!(alert["actor"], "cli:tester");
    assert_eq!(alert["channel"], "cli");
    assert_eq!(alert["subject_key"], "query:abd al-khaliq al-houthi");
    assert_eq!(alert["query"]["name"], NAME);
    assert_eq!(alert["screening_seq"], 1);
    // One alert shows the reasons recorded with its screening.
    let shown = json(&data, &["alerts", "show", "1", "--json"]);
    assert_eq!(shown["matched_name"], "ABD AL-KHALIQ AL-HOUTHI");
    assert_eq!(shown["explanation"], result["explanation"]);
    let (code, text, _) = run(&data, &["alerts", "show", "1"]);
    assert_eq!(code, 0);
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("matched \"ABD AL-KHALIQ AL-HOUTHI\": abd ~ abd (particle), al ~ al (particle), al ~ al (particle), houthi ~ houthi (exact), khaliq ~ khaliq (exact)"),
        "{text}"
    );

    let decided = json(
        &data,
        &[
            "alerts",
            "decide",
            "1",
            "--decision",
            "false-positive",
            "--comment",
            "customer born 1990 in Aden, not the listed man",
            "--json",
        ],
    );
    assert_eq!(decided["status"], "decided");
    assert_eq!(decided["decisions"][0]["decision"], "false_positive");
    assert_eq!(decided["decisions"][0]["actor"], "cli:tester");
    assert_eq!(decided["decisions"][0]["seq"], 2);
    let decided_at = decided["decisions"][0]["at"].as_str().unwrap().to_string();
    // The reason quotes the timestamp as the chain records it (microseconds, Z).
    let at = chrono::DateTime::parse_from_rfc3339(&decided_at)
        .unwrap()
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);

    // The same subject, spelled differently, against the same listing.
    let (code, stdout, _) = run(
        &data,
        &[
            "screen",
            "ABD AL-KHALIQ  AL-HOUTHI",
            "--source",
            "un-sc",
            "--json",
        ],
    );
    assert_eq!(code, 3);
    let again = parse_json(&stdout);
    assert_eq!(again["screening_id"], 3);
    let alert = &again["results"][0]["alert"];
    assert_eq!(alert["id"], 2);
    assert_eq!(alert["status"], "suppressed");
    assert_eq!(
        alert["reason"],
        format!(
            "suppressed by the false-positive decision of {at} by cli:tester on alert 1 (\"customer born 1990 in Aden, not the listed man\"); the listing of un-sc:YEi.001 is unchanged since"
        )
    );

    // The UN publication of 2020-11-24 changed the listing.
    data.import("un-sc", &["un-sc/consolidated_2020-11-24.xml"]);
    let (answer, result) = screen(&data);
    assert_eq!(answer["screening_id"], 4);
    assert_eq!(answer["versions"][0]["published"], "2020-11-24");
    assert_eq!(result["alert"]["id"], 3);
    assert_eq!(result["alert"]["status"], "reraised");
    assert_eq!(
        result["alert"]["reason"],
        format!(
            "the listing of un-sc:YEi.001 changed since the false-positive decision of {at} by cli:tester on alert 1 (\"customer born 1990 in Aden, not the listed man\")"
        )
    );

    let all = json(&data, &["alerts", "--json"]);
    let statuses: Vec<&str> = all["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["decided", "suppressed", "reraised"]);

    // The trail: three screenings and one decision, intact.
    let report = json(&data, &["audit", "verify", "--json"]);
    assert_eq!(report["ok"], true);
    assert_eq!(report["entries"], 4);
    assert_eq!(report["last_seq"], 4);
    assert_eq!(report["first_bad_seq"], Value::Null);
    let anchors: Vec<&str> = report["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["anchor"].as_str().unwrap())
        .collect();
    assert_eq!(anchors, ["head table", "audit.head"]);

    // The export re-verifies alone, to the same head.
    let export = data.path().join("export.jsonl");
    let (code, _, stderr) = run(
        &data,
        &["audit", "export", "--output", export.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        format!("exported 4 entries to {}\n", export.display())
    );
    let lines: Vec<Value> = std::fs::read_to_string(&export)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["screening", "decision", "screening", "screening"]);
    assert_eq!(lines[3]["body"]["versions"][0]["published"], "2020-11-24");
    assert_eq!(lines[3]["hash"], report["last_hash"]);
    let from_export = json(
        &data,
        &[
            "audit",
            "verify",
            "--export",
            export.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(from_export["ok"], true);
    assert_eq!(from_export["entries"], 4);
    assert_eq!(from_export["last_hash"], report["last_hash"]);

    // An edited export fails, naming the entry.
    let text = std::fs::read_to_string(&export).unwrap();
    std::fs::write(
        &export,
        text.replace("not the listed man", "the listed man"),
    )
    .unwrap();
    let (code, stdout, _) = run(
        &data,
        &["audit", "verify", "--export", export.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    let stdout = String::from_utf8(stdout).unwrap();
    assert!(
        stdout.starts_with("TAMPERED: first bad entry 2: line 2: entry 2 was changed"),
        "{stdout}"
    );
}

#[test]
fn confirmed_match_is_never_suppressed_and_verify_finds_deletion() {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2018-10-29.xml"]);
    screen(&data);
    let (code, stdout, stderr) = run(
        &data,
        &[
            "alerts",
            "decide",
            "1",
            "--decision",
            "confirmed-match",
            "--comment",
            "same passport",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = String::from_utf8(stdout).unwrap();
    assert!(text.contains("confirmed_match by cli:tester at "), "{text}");
    let (_, result) = screen(&data);
    assert_eq!(result["alert"]["status"], "open");
    assert!(result["alert"]["reason"]
        .as_str()
        .unwrap()
        .starts_with("un-sc:YEi.001 was confirmed a match for this subject on "));

    // Deciding needs a comment, and an alert that exists.
    let (code, _, stderr) = run(
        &data,
        &[
            "alerts",
            "decide",
            "9",
            "--decision",
            "false-positive",
            "--comment",
            "x",
        ],
    );
    assert_eq!(
        (code, stderr.as_str()),
        (1, "interdict: error: no alert has the id 9\n")
    );
    let (code, _, stderr) = run(
        &data,
        &[
            "alerts",
            "decide",
            "1",
            "--decision",
            "false-positive",
            "--comment",
            " ",
        ],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("a decision needs a comment"), "{stderr}");

    // Someone deletes the newest entry from the SQLite file.
    let conn = rusqlite::Connection::open(data.path().join("audit.sqlite")).unwrap();
    conn.execute_batch("DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE seq = 3;")
        .unwrap();
    drop(conn);
    let (code, stdout, _) = run(&data, &["audit", "verify", "--json"]);
    assert_eq!(code, 1);
    let report = parse_json(&stdout);
    assert_eq!(report["ok"], false);
    assert_eq!(report["first_bad_seq"], 3);
    assert_eq!(
        report["reason"],
        "entries 3 to 3 are missing (deleted): the chain ends at 2, but the head table records entry 3"
    );
}
