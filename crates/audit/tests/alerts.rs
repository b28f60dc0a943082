//! Alert states through the public API: open, suppressed by a false-positive
//! decision while the listing is unchanged, reraised when it changed, never
//! suppressed after a confirmed match; the review queue; rebuilding the side
//! tables from the chain. (The same rules on real lists, end to end, are in
//! `crates/cli/tests/cli_audit.rs`.)

use std::sync::Arc;

use interdict_audit::{
    AlertFilter, AlertStatus, AuditError, AuditLog, Decision, NewScreening, ScreenedResult,
};
use serde_json::json;

fn screening(subject: &str, results: &[(&str, f64, bool, &str)]) -> NewScreening {
    NewScreening {
        actor: "key-0123".into(),
        channel: "api".into(),
        subject_key: subject.into(),
        query: json!({"name": subject}),
        versions: vec![json!({"source": "un-sc", "version": 1})],
        results: results
            .iter()
            .map(|(id, score, is_match, hash)| ScreenedResult {
                entity_id: id.to_string(),
                caption: format!("caption of {id}"),
                score: *score,
                is_match: *is_match,
                entity_hash: hash.to_string(),
                earlier_entity_hash: None,
                matched_name: None,
                explanation: None,
            })
            .collect(),
    }
}

#[test]
fn suppressed_while_unchanged_reraised_when_changed() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::open(dir.path()).unwrap();

    let first = log
        .record_screening(screening(
            "ref:c-42",
            &[
                ("un-sc:YEi.001", 1.0, true, "h1"),
                ("un-sc:QDi.001", 0.61, false, "q1"),
            ],
        ))
        .unwrap();
    assert_eq!(first.seq, 1);
    assert_eq!(first.hash.len(), 64);
    // Only the matched result is an alert.
    assert_eq!(first.alerts.len(), 1);
    assert_eq!(first.alerts[0].alert_id, 1);
    assert_eq!(first.alerts[0].status, AlertStatus::Open);
    assert_eq!(first.alerts[0].reason, None);

    let decided = log
        .decide(
            1,
            Decision::FalsePositive,
            "born 1990, not the listed man",
            "key-analyst",
        )
        .unwrap();
    assert_eq!(decided.status, AlertStatus::Decided);
    assert_eq!(decided.decisions.len(), 1);
    assert_eq!(decided.decisions[0].seq, 2);
    assert_eq!(decided.decisions[0].actor, "key-analyst");
    let decided_at = decided.decisions[0]
        .at
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);

    // Same subject, same listing: suppressed, naming the decision.
    let second = log
        .record_screening(screening("ref:c-42", &[("un-sc:YEi.001", 1.0, true, "h1")]))
        .unwrap();
    assert_eq!(second.seq, 3);
    assert_eq!(second.alerts[0].alert_id, 2);
    assert_eq!(second.alerts[0].status, AlertStatus::Suppressed);
    assert_eq!(
        second.alerts[0].reason.as_deref().unwrap(),
        format!(
            "suppressed by the false-positive decision of {decided_at} by key-analyst on alert 1 (\"born 1990, not the listed man\"); the listing of un-sc:YEi.001 is unchanged since"
        )
    );

    // Another subject: the decision does not apply.
    let other = log
        .record_screening(screening("ref:c-43", &[("un-sc:YEi.001", 1.0, true, "h1")]))
        .unwrap();
    assert_eq!(other.alerts[0].status, AlertStatus::Open);

    // The listing changed: reraised.
    let third = log
        .record_screening(screening("ref:c-42", &[("un-sc:YEi.001", 1.0, true, "h2")]))
        .unwrap();
    assert_eq!(third.alerts[0].status, AlertStatus::Reraised);
    assert_eq!(
        third.alerts[0].reason.as_deref().unwrap(),
        format!(
            "the listing of un-sc:YEi.001 changed since the false-positive decision of {decided_at} by key-analyst on alert 1 (\"born 1990, not the listed man\")"
        )
    );
    let reraised_id = third.alerts[0].alert_id;
    assert_eq!(reraised_id, 4);

    // A confirmed match on the new listing is never suppressed.
    log.decide(
        reraised_id,
        Decision::ConfirmedMatch,
        "same passport",
        "key-analyst",
    )
    .unwrap();
    let fourth = log
        .record_screening(screening("ref:c-42", &[("un-sc:YEi.001", 1.0, true, "h2")]))
        .unwrap();
    assert_eq!(fourth.alerts[0].status, AlertStatus::Open);
    assert!(
        fourth.alerts[0]
            .reason
            .as_deref()
            .unwrap()
            .starts_with("un-sc:YEi.001 was confirmed a match for this subject on "),
        "{:?}",
        fourth.alerts[0].reason
    );

    // The queue: by status, oldest first, with totals and paging.
    let open = log
        .alerts(&AlertFilter {
            status: Some(AlertStatus::Open),
            ..AlertFilter::default()
        })
        .unwrap();
    assert_eq!(open.total, 2);
    let ids: Vec<u64> = open.alerts.iter().map(|a| a.id).collect();
    assert_eq!(ids, [3, 5]);
    let all = log.alerts(&AlertFilter::default()).unwrap();
    assert_eq!(all.total, 5);
    let statuses: Vec<AlertStatus> = all.alerts.iter().map(|a| a.status).collect();
    use AlertStatus::*;
    assert_eq!(statuses, [Decided, Suppressed, Open, Decided, Open]);
    let page = log
        .alerts(&AlertFilter {
            status: None,
            limit: 2,
            offset: 3,
        })
        .unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(page.alerts.iter().map(|a| a.id).collect::<Vec<_>>(), [4, 5]);

    let alert = log.alert(2).unwrap().unwrap();
    assert_eq!(alert.screening_seq, 3);
    assert_eq!(alert.subject_key, "ref:c-42");
    assert_eq!(alert.query, json!({"name": "ref:c-42"}));
    assert_eq!(alert.caption, "caption of un-sc:YEi.001");
    assert_eq!(alert.channel, "api");
    assert_eq!(log.alert(99).unwrap(), None);

    // JSON of an alert view: the contract's field names.
    let value = serde_json::to_value(log.alert(4).unwrap().unwrap()).unwrap();
    assert_eq!(value["status"], "decided");
    assert_eq!(value["decisions"][0]["decision"], "confirmed_match");

    // The side tables are derived: rebuilt from the chain, they are the same.
    let before = log.alerts(&AlertFilter::default()).unwrap();
    assert_eq!(log.rebuild_views().unwrap(), 7);
    assert_eq!(log.alerts(&AlertFilter::default()).unwrap(), before);

    let report = log.verify().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.entries, 7);
}

#[test]
fn decisions_need_an_alert_and_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::open(dir.path()).unwrap();
    assert!(matches!(
        log.decide(7, Decision::FalsePositive, "why", "a"),
        Err(AuditError::UnknownAlert(7))
    ));
    log.record_screening(screening("s", &[("un-sc:X", 0.9, true, "h")]))
        .unwrap();
    assert!(matches!(
        log.decide(1, Decision::FalsePositive, "  ", "a"),
        Err(AuditError::EmptyComment)
    ));
    // Neither refusal wrote anything.
    assert_eq!(log.verify().unwrap().entries, 1);
}

#[test]
fn concurrent_callers_get_one_gapless_chain() {
    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(AuditLog::open(dir.path()).unwrap());
    let threads: Vec<_> = (0..16)
        .map(|t| {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                (0..25)
                    .map(|i| {
                        log.record_screening(screening(
                            &format!("s{t}-{i}"),
                            &[("un-sc:X", 0.9, true, "h")],
                        ))
                        .unwrap()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut seqs: Vec<u64> = Vec::new();
    let mut alert_ids: Vec<u64> = Vec::new();
    for thread in threads {
        for recorded in thread.join().unwrap() {
            seqs.push(recorded.seq);
            alert_ids.push(recorded.alerts[0].alert_id);
        }
    }
    seqs.sort_unstable();
    alert_ids.sort_unstable();
    assert_eq!(seqs, (1..=400).collect::<Vec<_>>());
    assert_eq!(alert_ids, (1..=400).collect::<Vec<_>>());
    let report = log.verify().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.entries, 400);
}

#[test]
fn a_second_process_appends_to_the_same_chain() {
    // Two handles on one directory (the CLI beside a running server).
    let dir = tempfile::tempdir().unwrap();
    let a = AuditLog::open(dir.path()).unwrap();
    let b = AuditLog::open(dir.path()).unwrap();
    assert_eq!(a.record_screening(screening("s", &[])).unwrap().seq, 1);
    assert_eq!(b.record_screening(screening("s", &[])).unwrap().seq, 2);
    assert_eq!(a.record_screening(screening("s", &[])).unwrap().seq, 3);
    assert!(b.verify().unwrap().ok);
}

#[test]
fn the_log_is_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<AuditLog>();
}

#[test]
fn lookups_are_recorded_but_raise_no_alert() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::open(dir.path()).unwrap();
    let mut lookup = screening(
        "query:qasem soleimani",
        &[("un-sc:IRi.039", 1.0, true, "h1")],
    );
    lookup.channel = interdict_audit::LOOKUP_CHANNEL.into();
    let recorded = log.record_screening(lookup).unwrap();
    assert_eq!(recorded.seq, 1);
    assert!(recorded.alerts.is_empty(), "{:?}", recorded.alerts);
    // The same result screened (not looked up) alerts.
    let screened = log
        .record_screening(screening(
            "query:qasem soleimani",
            &[("un-sc:IRi.039", 1.0, true, "h1")],
        ))
        .unwrap();
    assert_eq!(screened.alerts.len(), 1);
    assert_eq!(screened.alerts[0].status, AlertStatus::Open);
    let page = log.alerts(&AlertFilter::default()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.alerts[0].screening_seq, 2);
    // Both entries are in the chain, and rebuilding the tables from it gives the same queue.
    assert_eq!(log.verify().unwrap().entries, 2);
    assert_eq!(log.rebuild_views().unwrap(), 2);
    let rebuilt = log.alerts(&AlertFilter::default()).unwrap();
    assert_eq!(rebuilt.total, 1);
    assert_eq!(rebuilt.alerts[0].screening_seq, 2);
}

#[test]
fn an_alert_keeps_the_reasons_it_was_raised_on() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::open(dir.path()).unwrap();
    let mut new = screening("ref:c-1", &[("un-sc:IRi.039", 0.97, true, "h1")]);
    new.results[0].matched_name = Some("QASEM SOLEIMANI".into());
    new.results[0].explanation = Some(json!({"name": {"score": 0.97, "tokens": [
        {"query": "suleimani", "list": "soleimani", "kind": "transliterated", "similarity": 0.95}]}}));
    let recorded = log.record_screening(new).unwrap();
    let id = recorded.alerts[0].alert_id;
    let view = log.alert(id).unwrap().unwrap();
    assert_eq!(view.matched_name.as_deref(), Some("QASEM SOLEIMANI"));
    assert_eq!(
        view.explanation.as_ref().unwrap()["name"]["tokens"][0]["kind"],
        "transliterated"
    );
    // The queue lists alerts without them; the chain holds them (and still verifies).
    let page = log.alerts(&AlertFilter::default()).unwrap();
    assert_eq!(page.alerts[0].explanation, None);
    assert!(log.verify().unwrap().ok);
    let mut exported = Vec::new();
    log.export(&mut exported).unwrap();
    assert!(String::from_utf8(exported)
        .unwrap()
        .contains("\"matched_name\":\"QASEM SOLEIMANI\""));
}
