//! Exposure query latency over a generated 1M-edge graph plus the real edges
//! of the OFAC SDN list (2023-12-28). Run through `bench/exposure.sh`.
//!
//! The synthetic graph: 200,000 persons (every 50th on the SDN list) and
//! 400,000 companies. Each company has 1–3 owners (shares splitting at most
//! 100%), mostly earlier companies or persons, 5% of them later companies so
//! ownership has cycles; the rest of the million edges are LinkedTo and
//! Associate links between random parties. The fixpoint of each rule is
//! computed once (timed); each query is one `Analysis::exposure` (paths up to
//! 4 links, at most 50 paths, the arithmetic, and the OFAC comparison).
//! Each query is timed by the wall clock and by the thread's CPU clock: on a
//! shared machine the wall clock also counts the time slices other processes
//! take (multiples of the 4 ms scheduler tick), the CPU clock does not.

use std::path::PathBuf;
use std::time::Instant;

use interdict_model::SourceId;
use interdict_ownership::{
    listing, Analysis, Blocked, EdgeKind, ExposureRequest, GraphBuilder, Jurisdiction, Party,
    Percent,
};

const PERSONS: usize = 200_000;
const COMPANIES: usize = 400_000;
const EDGES: usize = 1_000_000;
const QUERIES: usize = 20_000;

fn person(i: usize) -> String {
    format!("ofac-sdn:syn-p{i}")
}

fn company(i: usize) -> String {
    format!("ofac-sdn:syn-c{i}")
}

/// CPU time of this thread, in seconds: unlike wall time, not inflated when
/// the scheduler gives the core to another process.
fn thread_cpu() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn main() {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let started = Instant::now();
    let inputs = interdict_parse::load_inputs(&[shared.join("lists/ofac-sdn/2023-12-28")])
        .expect("the SDN files are readable");
    let real = interdict_parse::parse(SourceId::OfacSdn, &inputs)
        .expect("the SDN list parses")
        .entities;
    eprintln!(
        "parsed {} real entities in {:.2}s",
        real.len(),
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let mut rng = fastrand::Rng::with_seed(20141113);
    let mut builder = GraphBuilder::new();
    builder.add_entities(&real);
    let persons: Vec<u32> = (0..PERSONS)
        .map(|i| builder.party(&Party::Id(person(i))))
        .collect();
    let companies: Vec<u32> = (0..COMPANIES)
        .map(|i| builder.party(&Party::Id(company(i))))
        .collect();
    let mut synthetic = 0usize;
    for (c, &owned) in companies.iter().enumerate() {
        let owners = rng.usize(1..=3);
        let mut left = 100u64;
        for k in 0..owners {
            let share = if k + 1 == owners {
                rng.u64(0..=left)
            } else {
                rng.u64(0..=left.min(60))
            };
            left -= share;
            let owner = match rng.u8(0..100) {
                0..=39 => persons[rng.usize(0..PERSONS)],
                40..=94 if c > 0 => companies[rng.usize(c.saturating_sub(5_000)..c)],
                _ => companies[rng.usize(0..COMPANIES)],
            };
            builder.edge(
                owner,
                owned,
                EdgeKind::Ownership,
                Some(Percent::from_micros(share * 1_000_000).expect("0-100")),
                "synthetic",
                None,
            );
            synthetic += 1;
        }
    }
    let all = PERSONS + COMPANIES;
    let node = |i: usize| {
        if i < PERSONS {
            persons[i]
        } else {
            companies[i - PERSONS]
        }
    };
    while synthetic < EDGES {
        let kind = if rng.bool() {
            EdgeKind::LinkedTo
        } else {
            EdgeKind::Associate
        };
        builder.edge(
            node(rng.usize(0..all)),
            node(rng.usize(0..all)),
            kind,
            None,
            "synthetic",
            None,
        );
        synthetic += 1;
    }
    let graph = builder.build();
    eprintln!(
        "graph: {} nodes, {} edges ({} synthetic + real) built in {:.2}s",
        graph.node_count(),
        graph.edge_count(),
        EDGES,
        started.elapsed().as_secs_f64()
    );

    let real_by_id: std::collections::HashMap<&str, &interdict_model::Entity> =
        real.iter().map(|e| (e.id.as_str(), e)).collect();
    for jurisdiction in [Jurisdiction::Us, Jurisdiction::Uk] {
        let blocked = |key: &str| -> Option<Blocked> {
            if let Some(entity) = real_by_id.get(key) {
                return listing(entity, Jurisdiction::Us);
            }
            let n: usize = key.strip_prefix("ofac-sdn:syn-p")?.parse().ok()?;
            n.is_multiple_of(50).then(|| Blocked {
                basis: vec![format!("{key} (SYNTHETIC)")],
                secondary_sanctions: Vec::new(),
            })
        };
        let started = Instant::now();
        let on = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let analysis = Analysis::new(&graph, &blocked, jurisdiction, on);
        eprintln!(
            "{}: listings and fixpoint in {:.3}s; {} blocked by ownership",
            jurisdiction.as_str(),
            started.elapsed().as_secs_f64(),
            analysis.fixpoint().blocked_by_ownership()
        );
        for (label, real_queries) in [("synthetic companies", false), ("real SDN entities", true)] {
            let mut times = Vec::with_capacity(QUERIES);
            let mut cpu = Vec::with_capacity(QUERIES);
            let (mut blocked_count, mut paths) = (0usize, 0usize);
            let count = if real_queries {
                real.len().min(QUERIES)
            } else {
                QUERIES
            };
            for entity in real.iter().cycle().take(count) {
                let party = if real_queries {
                    entity.id.as_str().to_string()
                } else {
                    company(rng.usize(0..COMPANIES))
                };
                let mut request = ExposureRequest::new(&party, jurisdiction);
                request.on = on;
                request.non_us = true;
                let started = Instant::now();
                let cpu_started = thread_cpu();
                let report = analysis.exposure(&request);
                cpu.push((thread_cpu() - cpu_started) * 1000.0);
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                if ms > 5.0 && std::env::var_os("SLOW").is_some() {
                    eprintln!(
                        "slow {party}: {ms:.2} ms, {} paths, truncated {}, contributors {}",
                        report.paths.len(),
                        report.truncated,
                        report
                            .ownership
                            .as_ref()
                            .map_or(0, |a| a.contributors.len() + a.not_counted.len())
                    );
                }
                times.push(ms);
                blocked_count += usize::from(report.blocked_by_ownership);
                paths += report.paths.len();
            }
            times.sort_by(f64::total_cmp);
            cpu.sort_by(f64::total_cmp);
            println!(
                "{} {label}: {count} queries  wall p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms | thread CPU p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms  ({} blocked by ownership, {:.1} paths/query)",
                jurisdiction.as_str(),
                percentile(&times, 0.5),
                percentile(&times, 0.99),
                times[times.len() - 1],
                percentile(&cpu, 0.5),
                percentile(&cpu, 0.99),
                cpu[cpu.len() - 1],
                blocked_count,
                paths as f64 / count as f64
            );
        }
    }
}
