//! Appends/s of the audit log with many concurrent callers, each call
//! returning only once its entry is durable (group commit).
//!
//! `cargo run --release -p interdict-audit --example append_bench -- [CALLERS] [SECONDS] [DIR]`
//! (defaults: 64 callers, 10 s, a temp dir). `bench/audit.sh` runs it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use interdict_audit::{AuditLog, NewScreening, ScreenedResult};
use serde_json::json;

fn screening(caller: usize, i: usize) -> NewScreening {
    // The size of a typical API screening: the query, the versions of two
    // sources, three results of which one alerts.
    let version = |source: &str, n: u32| {
        json!({"source": source, "version": n, "published": "2026-02-27",
               "imported_at": "2026-02-28T06:00:00+00:00", "entities": 1018,
               "sha256": "66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf",
               "format": "un-xml"})
    };
    let name = format!("Customer {caller} number {i}");
    NewScreening {
        actor: format!("key{caller:08x}"),
        channel: "api".into(),
        subject_key: format!("ref:customer-{caller}-{}", i % 50),
        query: json!({"name": name, "schema": "Person", "birth_date": "1957-03",
                      "countries": ["IR"], "threshold": 0.7, "limit": 10}),
        versions: vec![version("un-sc", 3), version("ofac-sdn", 9)],
        results: vec![
            ScreenedResult {
                entity_id: "un-sc:IRi.039".into(),
                caption: "QASEM SOLEIMANI".into(),
                score: 0.9731,
                is_match: true,
                entity_hash: "9f".repeat(32),
                earlier_entity_hash: None,
                matched_name: None,
                explanation: None,
            },
            ScreenedResult {
                entity_id: "ofac-sdn:10481".into(),
                caption: "SOLEIMANI, Qasem".into(),
                score: 0.6612,
                is_match: false,
                entity_hash: "a0".repeat(32),
                earlier_entity_hash: None,
                matched_name: None,
                explanation: None,
            },
            ScreenedResult {
                entity_id: "un-sc:IRi.040".into(),
                caption: "AHMAD VAHIDI".into(),
                score: 0.4120,
                is_match: false,
                entity_hash: "b1".repeat(32),
                earlier_entity_hash: None,
                matched_name: None,
                explanation: None,
            },
        ],
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let callers: usize = args.next().map_or(64, |a| a.parse().expect("CALLERS"));
    let seconds: u64 = args.next().map_or(10, |a| a.parse().expect("SECONDS"));
    let temp = tempfile::tempdir().expect("a temp dir");
    let dir = args.next().map_or(temp.path().to_path_buf(), Into::into);
    let log = Arc::new(AuditLog::open(&dir).expect("the audit log opens"));
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let threads: Vec<_> = (0..callers)
        .map(|caller| {
            let log = Arc::clone(&log);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    log.record_screening(screening(caller, i))
                        .expect("appended");
                    latencies.push(t.elapsed());
                    i += 1;
                }
                latencies
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut latencies: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("a caller"))
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let n = latencies.len();
    let pct = |p: f64| latencies[((n as f64 * p) as usize).min(n - 1)].as_secs_f64() * 1e3;
    let t = Instant::now();
    let report = log.verify().expect("verify runs");
    let verify_s = t.elapsed().as_secs_f64();
    assert!(report.ok, "{report:?}");
    let wal = std::fs::metadata(dir.join("audit.sqlite-wal")).map_or(0, |m| m.len());
    // Closing the log checkpoints the WAL into the database file.
    drop(log);
    let size = std::fs::metadata(dir.join("audit.sqlite")).map_or(0, |m| m.len());
    println!(
        "{callers} callers, {elapsed:.1} s: {n} durable appends, {:.0} appends/s; call latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        n as f64 / elapsed,
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
    println!(
        "verify: {} entries in {verify_s:.2} s ({:.0} entries/s); {:.0} bytes per entry on disk; WAL at the end {:.1} MiB",
        report.entries,
        report.entries as f64 / verify_s,
        size as f64 / n as f64,
        wal as f64 / (1 << 20) as f64
    );
}
