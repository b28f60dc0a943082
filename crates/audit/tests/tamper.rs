//! Tampering with `audit.sqlite` directly (its triggers dropped, as an
//! attacker with file access would) is found by `verify`, with the first bad
//! seq and the reason; so is a re-verification of an edited export.

use std::path::Path;

use interdict_audit::{
    verify_export, AuditLog, Decision, NewScreening, ScreenedResult, VerifyReport,
};
use rusqlite::Connection;
use serde_json::json;

/// A log of six entries: five screenings of a real UN listing (ids and names
/// from un-sc consolidated 2018-10-29) and one decision (seq 2).
fn six_entries(dir: &Path) {
    let log = AuditLog::open(dir).unwrap();
    let names = [
        ("un-sc:YEi.001", "ABD AL-KHALIQ AL-HOUTHI"),
        ("un-sc:IRi.039", "QASEM SOLEIMANI"),
        ("un-sc:QDi.001", "SAYF-AL ADL"),
        ("un-sc:YEi.001", "ABD AL-KHALIQ AL-HOUTHI"),
        ("un-sc:IRi.039", "QASEM SOLEIMANI"),
    ];
    for (i, (id, caption)) in names.iter().enumerate() {
        log.record_screening(NewScreening {
            actor: "cli:tester".into(),
            channel: "cli".into(),
            subject_key: format!("query:{}", caption.to_lowercase()),
            query: json!({"name": caption}),
            versions: vec![json!({"source": "un-sc", "version": 1, "published": "2018-10-29"})],
            results: vec![ScreenedResult {
                entity_id: id.to_string(),
                caption: caption.to_string(),
                score: 0.9731,
                is_match: true,
                entity_hash: "ab".repeat(32),
                earlier_entity_hash: None,
                matched_name: None,
                explanation: None,
            }],
        })
        .unwrap();
        if i == 0 {
            log.decide(1, Decision::FalsePositive, "other person", "cli:analyst")
                .unwrap();
        }
    }
    let report = log.verify().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.entries, 6);
}

/// Opens the SQLite file as an attacker would: triggers dropped.
fn attacker(dir: &Path) -> Connection {
    let conn = Connection::open(dir.join("audit.sqlite")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete;
         DROP TRIGGER head_only_forward; DROP TRIGGER head_no_delete;",
    )
    .unwrap();
    conn
}

fn verify(dir: &Path) -> VerifyReport {
    AuditLog::open(dir).unwrap().verify().unwrap()
}

fn assert_bad(report: &VerifyReport, seq: Option<u64>, reason_starts: &str) {
    assert!(!report.ok, "{report:?}");
    assert_eq!(report.first_bad_seq, seq, "{report:?}");
    let reason = report.reason.as_deref().unwrap();
    assert!(reason.starts_with(reason_starts), "{reason}");
}

#[test]
fn the_triggers_refuse_changes() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    let conn = Connection::open(dir.path().join("audit.sqlite")).unwrap();
    let err = conn
        .execute("UPDATE entries SET actor = 'x' WHERE seq = 1", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn
        .execute("DELETE FROM entries WHERE seq = 6", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn.execute("UPDATE head SET seq = 4", []).unwrap_err();
    assert!(err.to_string().contains("only moves forward"), "{err}");
}

#[test]
fn an_edited_field_is_found() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    attacker(dir.path())
        .execute("UPDATE entries SET actor = 'cli:mallory' WHERE seq = 3", [])
        .unwrap();
    let report = verify(dir.path());
    assert_bad(
        &report,
        Some(3),
        "entry 3 was changed: its content hashes to ",
    );
    assert_eq!(report.entries, 2);
    assert_eq!(report.last_seq, 2);
}

#[test]
fn an_edited_body_is_found() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    // Lower the score of the screening so it would not have alerted.
    let changed = attacker(dir.path())
        .execute(
            "UPDATE entries SET body = replace(body, '\"score\":0.9731', '\"score\":0.5') WHERE seq = 4",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    assert_bad(&verify(dir.path()), Some(4), "entry 4 was changed");
}

#[test]
fn a_rehashed_edit_breaks_the_next_link() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    let conn = attacker(dir.path());
    // The attacker recomputes entry 3's hash after editing it.
    let (at, kind, body, prev): (String, String, String, String) = conn
        .query_row(
            "SELECT at, kind, body, prev_hash FROM entries WHERE seq = 3",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let hash = interdict_audit::chain::entry_hash(&prev, 3, &at, &kind, "cli:mallory", &body);
    conn.execute(
        "UPDATE entries SET actor = 'cli:mallory', hash = ?1 WHERE seq = 3",
        [&hash],
    )
    .unwrap();
    assert_bad(
        &verify(dir.path()),
        Some(4),
        "entry 4 does not follow entry 3",
    );
}

#[test]
fn swapped_entries_are_found() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    attacker(dir.path())
        .execute_batch(
            "UPDATE entries SET seq = -1 WHERE seq = 3;
             UPDATE entries SET seq = 3 WHERE seq = 5;
             UPDATE entries SET seq = 5 WHERE seq = -1;",
        )
        .unwrap();
    assert_bad(
        &verify(dir.path()),
        Some(3),
        "entry 3 does not follow entry 2",
    );
}

#[test]
fn a_deleted_middle_entry_is_found() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    attacker(dir.path())
        .execute("DELETE FROM entries WHERE seq = 4", [])
        .unwrap();
    let report = verify(dir.path());
    assert_bad(
        &report,
        Some(4),
        "entry 4 is missing (deleted): the chain goes from 3 to 5",
    );
}

#[test]
fn a_deleted_first_entry_is_found() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    attacker(dir.path())
        .execute("DELETE FROM entries WHERE seq = 1", [])
        .unwrap();
    assert_bad(&verify(dir.path()), Some(1), "entry 1 is missing (deleted)");
}

#[test]
fn deleted_newest_entries_are_found_by_the_head_table() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    attacker(dir.path())
        .execute("DELETE FROM entries WHERE seq >= 5", [])
        .unwrap();
    let report = verify(dir.path());
    assert_bad(
        &report,
        Some(5),
        "entries 5 to 6 are missing (deleted): the chain ends at 4, but the head table records entry 6",
    );
    assert_eq!(report.entries, 4);
}

#[test]
fn deleted_newest_entries_are_found_by_the_head_file() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    // The attacker also moves the head table back to the new end...
    let conn = attacker(dir.path());
    conn.execute("DELETE FROM entries WHERE seq = 6", [])
        .unwrap();
    conn.execute(
        "UPDATE head SET seq = 5, hash = (SELECT hash FROM entries WHERE seq = 5)",
        [],
    )
    .unwrap();
    // ...but not audit.head, outside the database.
    assert_bad(
        &verify(dir.path()),
        Some(6),
        "entries 6 to 6 are missing (deleted): the chain ends at 5, but the audit.head records entry 6",
    );
}

#[test]
fn a_deleted_head_file_is_found() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    std::fs::remove_file(dir.path().join("audit.head")).unwrap();
    let report = verify(dir.path());
    assert_bad(&report, None, "");
    assert!(report.reason.unwrap().contains("audit.head is missing"));
}

#[test]
fn an_export_verifies_alone_and_an_edited_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    let log = AuditLog::open(dir.path()).unwrap();
    let mut export = Vec::new();
    assert_eq!(log.export(&mut export).unwrap(), 6);
    let text = String::from_utf8(export).unwrap();
    assert_eq!(text.lines().count(), 6);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["actor", "at", "body", "hash", "kind", "prev_hash", "seq"]
    );
    assert_eq!(first["body"]["results"][0]["entity_id"], "un-sc:YEi.001");
    assert_eq!(first["prev_hash"], interdict_audit::chain::GENESIS);

    let report = verify_export(&mut text.as_bytes(), "export.jsonl").unwrap();
    let db = log.verify().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!((report.entries, &report.last_hash), (6, &db.last_hash));

    // Pretty-printing a body keeps its meaning and its hash.
    let line: serde_json::Value = serde_json::from_str(text.lines().nth(2).unwrap()).unwrap();
    let pretty = text.replacen(text.lines().nth(2).unwrap(), &line.to_string(), 1);
    assert!(verify_export(&mut pretty.as_bytes(), "x").unwrap().ok);

    let edited = text.replacen("other person", "same person", 1);
    let report = verify_export(&mut edited.as_bytes(), "export.jsonl").unwrap();
    assert!(!report.ok);
    assert_eq!(report.first_bad_seq, Some(2));
    assert!(report
        .reason
        .unwrap()
        .starts_with("line 2: entry 2 was changed"));

    let dropped: String = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 3)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let report = verify_export(&mut dropped.as_bytes(), "export.jsonl").unwrap();
    assert_eq!(report.first_bad_seq, Some(4));

    let err = verify_export(&mut "{\"seq\": 1}\nnot json\n".as_bytes(), "e.jsonl").unwrap_err();
    assert_eq!(err.to_string(), "e.jsonl: line 1: no field \"body\"");
}

/// What verify cannot see: an attacker who rewrites the whole chain, the head
/// table and `audit.head` consistently. Only a head kept elsewhere (an earlier
/// export's last hash, a printed receipt) shows it: the new head differs.
#[test]
fn a_consistent_rewrite_needs_an_outside_receipt() {
    let dir = tempfile::tempdir().unwrap();
    six_entries(dir.path());
    let receipt = verify(dir.path()).last_hash;
    let conn = attacker(dir.path());
    let rows: Vec<(i64, String, String, String, String)> = conn
        .prepare("SELECT seq, at, kind, actor, body FROM entries ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = interdict_audit::chain::GENESIS.to_string();
    for (seq, at, kind, actor, body) in rows {
        let actor = if seq == 3 {
            "cli:mallory".to_string()
        } else {
            actor
        };
        let hash = interdict_audit::chain::entry_hash(&prev, seq as u64, &at, &kind, &actor, &body);
        conn.execute(
            "UPDATE entries SET actor = ?2, prev_hash = ?3, hash = ?4 WHERE seq = ?1",
            rusqlite::params![seq, actor, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute("UPDATE head SET hash = ?1", [&prev]).unwrap();
    std::fs::write(
        dir.path().join("audit.head"),
        format!("{{\"seq\":6,\"hash\":\"{prev}\"}}\n"),
    )
    .unwrap();
    let report = verify(dir.path());
    assert!(report.ok, "{report:?}");
    assert_ne!(report.last_hash, receipt, "the receipt shows the rewrite");
}

mod export_properties {
    use super::*;
    use proptest::prelude::*;

    fn export_of_six() -> String {
        let dir = tempfile::tempdir().unwrap();
        six_entries(dir.path());
        let mut out = Vec::new();
        AuditLog::open(dir.path())
            .unwrap()
            .export(&mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any text is a report or an error naming a line, never a panic.
        #[test]
        fn any_text_is_refused_cleanly(text in "(.{0,80}\n){0,4}") {
            let _ = verify_export(&mut text.as_bytes(), "any.jsonl");
        }

        /// Dropping any line but the last breaks the chain exactly there;
        /// changing any character of a hash breaks it at that entry or the next.
        #[test]
        fn dropped_lines_and_changed_hashes_are_found(line in 0usize..6, digit in 0usize..64) {
            let text = export_of_six();
            let lines: Vec<&str> = text.lines().collect();
            let kept: String = lines.iter().enumerate()
                .filter(|(i, _)| *i != line)
                .map(|(_, l)| format!("{l}\n"))
                .collect();
            let report = verify_export(&mut kept.as_bytes(), "x").unwrap();
            if line == 5 {
                // Only a head kept elsewhere shows a cut-off end.
                prop_assert!(report.ok);
                prop_assert_eq!(report.last_seq, 5);
            } else {
                prop_assert!(!report.ok);
                prop_assert_eq!(report.first_bad_seq, Some(line as u64 + 1));
            }

            let entry: serde_json::Value = serde_json::from_str(lines[line]).unwrap();
            let hash = entry["hash"].as_str().unwrap();
            let mut changed = hash.as_bytes().to_vec();
            changed[digit] = if changed[digit] == b'0' { b'1' } else { b'0' };
            let changed = String::from_utf8(changed).unwrap();
            let edited = text.replacen(hash, &changed, 1);
            let report = verify_export(&mut edited.as_bytes(), "x").unwrap();
            prop_assert!(!report.ok);
            prop_assert_eq!(report.first_bad_seq, Some(line as u64 + 1));
        }
    }
}
