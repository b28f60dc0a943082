//! `screen` and `eval` end to end, on the real lists.

mod common;

use common::Data;
use serde_json::Value;

/// Runs `screen ... --json`, which exits 3 when a result matches and 0 when
/// none does; returns the exit code and the document.
fn screen(data: &Data, args: &[&str]) -> (i32, Value) {
    data.json_alerting("screen", args)
}

fn ids(results: &Value) -> Vec<&str> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect()
}

fn un_and_ofac() -> Data {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2026-02-27.xml"]);
    data.import("ofac-sdn", &["ofac-sdn/2023-12-28"]);
    data
}

#[test]
fn soleimani_behind_a_title_and_a_spelling_variant() {
    let data = un_and_ofac();
    let (code, answer) = screen(&data, &["Gen. Qassem Suleimani", "--birth-date", "1957"]);
    assert_eq!(code, 3, "a match exits 3");
    let found = ids(&answer);
    assert!(
        found[..2].contains(&"ofac-sdn:10481") && found[..2].contains(&"un-sc:IRi.039"),
        "{found:?}"
    );
    let best = &answer["results"][0];
    assert_eq!(best["match"], true);
    assert!(best["score"].as_f64().unwrap() >= answer["threshold"].as_f64().unwrap());
    let explanation = &best["explanation"];
    assert_eq!(
        explanation["name"]["dropped_titles"],
        serde_json::json!(["gen"])
    );
    assert_eq!(explanation["birth_date"], "agree");
    let kinds: Vec<&str> = explanation["name"]["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"phonetic"), "{kinds:?}");
    // Both versions screened are named.
    let sources: Vec<&str> = answer["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["ofac-sdn", "un-sc"]);
}

#[test]
fn arabic_script_query_is_transliterated() {
    let data = un_and_ofac();
    let (code, answer) = screen(&data, &["قاسم سليماني", "--limit", "5"]);
    assert_eq!(code, 3);
    let found = ids(&answer);
    assert!(
        found.contains(&"un-sc:IRi.039") && found.contains(&"ofac-sdn:10481"),
        "{found:?}"
    );
    let kinds: Vec<&str> = answer["results"][0]["explanation"]["name"]["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.iter().all(|k| *k == "transliterated"), "{kinds:?}");
}

#[test]
fn a_birth_date_conflict_lowers_the_score() {
    let data = un_and_ofac();
    let (_, agreeing) = screen(
        &data,
        &[
            "Qasem Soleimani",
            "--birth-date",
            "1957-03-11",
            "--source",
            "un-sc",
        ],
    );
    let (_, conflicting) = screen(
        &data,
        &[
            "Qasem Soleimani",
            "--birth-date",
            "1990-01-01",
            "--source",
            "un-sc",
        ],
    );
    let score = |answer: &Value| {
        answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "un-sc:IRi.039")
            .map_or(0.0, |r| r["score"].as_f64().unwrap())
    };
    assert!(
        score(&agreeing) > score(&conflicting),
        "{} vs {}",
        score(&agreeing),
        score(&conflicting)
    );
    let agreeing_hit = &agreeing["results"][0];
    assert_eq!(agreeing_hit["explanation"]["birth_date"], "agree");
    // --source limits the versions screened.
    assert_eq!(agreeing["versions"].as_array().unwrap().len(), 1);
}

#[test]
fn as_of_before_the_first_version_is_unknown() {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2020-11-24.xml"]);
    let (code, answer) = screen(&data, &["Qasem Soleimani", "--as-of", "2019-01-01"]);
    assert_eq!(code, 0);
    assert_eq!(answer["results"], serde_json::json!([]));
    assert_eq!(answer["unknown_sources"][0]["source"], "un-sc");
    let (code, answer) = screen(&data, &["Qasem Soleimani", "--as-of", "2021-01-01"]);
    assert_eq!(code, 3);
    assert_eq!(answer["versions"][0]["published"], "2020-11-24");
}

#[test]
fn eval_pairs_reports_and_writes_scores() {
    let data = Data::new();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("pairs.csv");
    std::fs::write(
        &input,
        "case_group,schema,name1,name2,is_match,category\n\
         g,Person,Qasem Soleimani,SOLEIMANI Qasem,true,order\n\
         g,Person,Olaf Scholz,Angela Merkel,false,other\n\
         h,Company,Romashka LLC,OOO Romashka,true,legal\n",
    )
    .unwrap();
    let scores = dir.path().join("scores.csv");
    let report = data.json([
        "eval",
        "pairs",
        input.to_str().unwrap(),
        "--scores",
        scores.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(report["cases"], 3);
    assert_eq!(report["precision"], 1.0);
    assert_eq!(report["recall"], 1.0);
    assert_eq!(report["f1"], 1.0);
    assert_eq!(report["slices"]["case_group"]["g"]["tp"], 1);
    assert_eq!(report["slices"]["case_group"]["g"]["tn"], 1);
    assert_eq!(report["slices"]["category"]["legal"]["tp"], 1);
    let written = std::fs::read_to_string(&scores).unwrap();
    assert_eq!(written.lines().count(), 4, "{written}");
    assert!(written.starts_with(
        "line,schema,name1,name2,is_match,score,predicted_match,case_group,category\n"
    ));

    std::fs::write(&input, "schema,name1,name2,is_match\nPerson,a,b,maybe\n").unwrap();
    let stderr = data.fails(["eval", "pairs", input.to_str().unwrap()]);
    assert!(stderr.contains("pairs.csv:2"), "{stderr}");
    assert!(stderr.contains("maybe"), "{stderr}");
}

#[test]
fn eval_screen_on_real_rows() {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2026-02-27.xml"]);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    std::fs::write(
        &input,
        "name,schema,birth_date,country,expected\n\
         QASEM SOLEIMANI,Person,1957,Iran,un-sc:IRi.039\n\
         ERIC BADEGE,Person,1971-01-32,,un-sc:CDi.001\n\
         Patricia Lucas Wheeler,Person,2002-07-14,Ethiopia,\n",
    )
    .unwrap();
    let report = data.json(["eval", "screen", input.to_str().unwrap(), "--json"]);
    assert_eq!(report["positives"], 2);
    assert_eq!(report["negatives"], 1);
    assert_eq!(report["recall_at_1"], 1.0);
    assert_eq!(report["recall_at_10"], 1.0);
    assert_eq!(report["retrieval_recall"], 1.0);
    assert_eq!(report["false_alert_rate"], 0.0);
    assert_eq!(report["rows"][0]["rank"], 1);
    // A birth date that is not a date is dropped from its row, said once, and
    // the row is still screened by name.
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .contains("rows.csv:3: birth date ignored"),
        "{warnings:?}"
    );
    assert_eq!(report["rows"][1]["rank"], 1);
    assert_eq!(report["index"]["entities"], 1003);
    assert!(report["latency"]["p50_us"].as_f64().unwrap() > 0.0);
}
