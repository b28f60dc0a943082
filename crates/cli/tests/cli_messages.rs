//! `message` and `text` end to end, on the real lists.

mod common;

use std::io::Write;
use std::path::PathBuf;

use common::{parse_json, Data};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../messages/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn ofac() -> Data {
    let data = Data::new();
    data.import("ofac-sdn", &["ofac-sdn/2023-12-28"]);
    data
}

#[test]
fn message_alerts_with_fields_and_exit_code() {
    let data = ofac();
    let output = data.run(["message", &fixture("mt103_listed_parties.rje"), "--json"]);
    assert_eq!(output.status.code(), Some(3), "an alert exits 3");
    let report = parse_json(&output.stdout);
    assert_eq!(report["alert"], true);
    assert_eq!(report["messages"][0]["format"], "MT103");
    let beneficiary = report["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["field"] == "MT103 :59:")
        .unwrap();
    assert_eq!(beneficiary["id"], "ofac-sdn:12927");
    assert_eq!(beneficiary["message_id"], "HTG-2026-0042");
    assert_eq!(beneficiary["transaction"], 1);
    assert_eq!(report["versions"][0]["source"], "ofac-sdn");

    let text = data.run(["message", &fixture("mt103_listed_parties.rje")]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("ALERT 1.000 ofac-sdn:12927 MAHAN AIR [party] in MT103 :59:"),
        "{text}"
    );
    assert!(text.contains("EMBARGO US embargo on Iran"), "{text}");
}

#[test]
fn message_refused_with_its_place() {
    let data = ofac();
    let err = data.fails(["message", &fixture("mt103_bad_tag.fin")]);
    assert!(
        err.contains("mt103_bad_tag.fin: message 1 (line 6): bad field tag :5Z:"),
        "{err}"
    );
}

#[test]
fn text_from_stdin_and_html() {
    let data = ofac();
    let mut child = data
        .cmd()
        .args(["text", "-", "--json"])
        .write_stdin("Gen. Qassem Suleimani's visit to Moscow.")
        .output()
        .unwrap();
    assert_eq!(child.status.code(), Some(3));
    let answer = parse_json(&std::mem::take(&mut child.stdout));
    assert_eq!(answer["mentions"][0]["id"], "ofac-sdn:10481");
    assert_eq!(answer["mentions"][0]["start"], 5);
    assert_eq!(answer["mentions"][0]["end"], 21);
    assert_eq!(answer["text_chars"], 40);

    let mut page = tempfile::NamedTempFile::new().unwrap();
    write!(
        page,
        "<p>The tanker <b>ADRIAN DARYA&nbsp;1</b> &amp; crew.</p>"
    )
    .unwrap();
    let output = data.run(["text", page.path().to_str().unwrap(), "--html", "--json"]);
    assert_eq!(output.status.code(), Some(3));
    let answer = parse_json(&output.stdout);
    assert_eq!(answer["mentions"][0]["id"], "ofac-sdn:27304");
    assert_eq!(answer["mentions"][0]["text"], "ADRIAN DARYA 1");

    let quiet = data
        .cmd()
        .args(["text", "-"])
        .write_stdin("Nothing to see here.")
        .output()
        .unwrap();
    assert_eq!(quiet.status.code(), Some(0), "no mention exits 0");
}
