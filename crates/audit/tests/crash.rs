//! `kill -9` in the middle of appends leaves a chain that verifies, and every
//! entry a caller was told about is in it.
//!
//! The test re-runs its own binary as the child (env `AUDIT_CRASH_CHILD`).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use interdict_audit::{AuditLog, NewScreening, ScreenedResult};
use serde_json::json;

const CHILD: &str = "AUDIT_CRASH_CHILD";

/// The child: 8 callers appending until killed, printing each acknowledged seq.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD) else {
        return;
    };
    let log = Arc::new(AuditLog::open(std::path::Path::new(&dir)).unwrap());
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let log = Arc::clone(&log);
            std::thread::spawn(move || loop {
                let recorded = log
                    .record_screening(NewScreening {
                        actor: format!("key{t}"),
                        channel: "api".into(),
                        subject_key: format!("ref:{t}"),
                        query: json!({"name": "Qasem Soleimani"}),
                        versions: vec![json!({"source": "un-sc", "version": 1})],
                        results: vec![ScreenedResult {
                            entity_id: "un-sc:IRi.039".into(),
                            caption: "QASEM SOLEIMANI".into(),
                            score: 1.0,
                            is_match: true,
                            entity_hash: "ab".repeat(32),
                            earlier_entity_hash: None,
                            matched_name: None,
                            explanation: None,
                        }],
                    })
                    .unwrap();
                println!("acked {}", recorded.seq);
            })
        })
        .collect();
    for thread in threads {
        let _ = thread.join();
    }
}

#[test]
fn kill_9_while_appending_leaves_a_verifiable_chain() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash_child",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(CHILD, dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Kept open until the kill, so the child never writes to a closed pipe.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acked = 0u64;
    let start = Instant::now();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(seq) = line.strip_prefix("acked ") {
            acked = acked.max(seq.trim().parse().unwrap());
        }
        if acked >= 300 || start.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(lines);
    assert!(acked >= 300, "the child acknowledged only {acked} entries");

    let log = AuditLog::open(dir.path()).unwrap();
    let report = log.verify().unwrap();
    assert!(report.ok, "{report:?}");
    // Every acknowledged entry is durable.
    assert!(report.last_seq >= acked, "{} < {acked}", report.last_seq);
    assert_eq!(report.entries, report.last_seq);
    // The head table is exact; the head file may lag, never lead.
    assert_eq!(report.anchors[0].anchor, "head table");
    assert_eq!(report.anchors[0].seq, report.last_seq);
    assert_eq!(report.anchors[1].anchor, "audit.head");
    assert!(report.anchors[1].seq <= report.last_seq);
    // And the log goes on from there.
    let next = log
        .record_screening(NewScreening {
            actor: "key".into(),
            channel: "api".into(),
            subject_key: "ref:after".into(),
            query: json!({}),
            versions: vec![],
            results: vec![],
        })
        .unwrap();
    assert_eq!(next.seq, report.last_seq + 1);
}
