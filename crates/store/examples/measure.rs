//! Measures the store on a list the size of OFAC's SDN list (14,000 entries):
//! first import, a daily update, `entities()` read-back, diff and history.
//!
//! `cargo run --release -p interdict-store --example measure -- [FILE...]`
//! Files given are attached to each import as the published files (e.g. the
//! four OFAC CSVs); without them a 5.5 MB generated CSV stands in.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{generated_list, with_files};
use interdict_model::{Prop, SourceId};
use interdict_store::{ImportOutcome, Store};

/// CPU time of this thread so far (Linux; zero elsewhere), to see through
/// the noise of a shared machine.
fn cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// Wall and CPU time of one step.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Took {
    wall: Duration,
    cpu: Duration,
}

impl std::fmt::Display for Took {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let wall = format!("{:.1?}", self.wall);
        let cpu = format!("{:.1?}", self.cpu);
        write!(f, "{wall:>9} wall {cpu:>9} cpu")
    }
}

struct Clock(Instant, Duration);

impl Clock {
    fn start() -> Clock {
        Clock(Instant::now(), cpu())
    }

    fn took(&self) -> Took {
        Took {
            wall: self.0.elapsed(),
            cpu: cpu() - self.1,
        }
    }
}

/// The timings of one trial, in the order printed.
struct Trial {
    first_import: Took,
    second_import: Took,
    reimport: Took,
    read_back: Took,
    diff: Took,
    history: Took,
    verify: Took,
    db_size: u64,
    changes: (usize, usize, usize),
    rows: (usize, usize),
    tables: Vec<(String, i64)>,
}

const COUNT: usize = 14_000;
const TRIALS: usize = 5;

fn main() {
    let mut owned: Vec<(String, Vec<u8>)> = std::env::args()
        .skip(1)
        .map(|path| {
            let bytes = std::fs::read(&path).expect("read file");
            (path, bytes)
        })
        .collect();
    if owned.is_empty() {
        let csv: Vec<u8> = (0..COUNT)
            .flat_map(|i| {
                format!(
                    "{i},\"NAME, Given {i}\",individual,\"SDGT] [IRGC\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,\
                     \"DOB 01 Jan 1960; POB Tehran, Iran; nationality Iran; Passport P{i:08} (Iran); \
                     Additional Sanctions Information - Subject to Secondary Sanctions.\"\r\n"
                )
                .into_bytes()
            })
            .collect();
        owned.push(("sdn.csv".into(), csv));
    }
    let files: Vec<(String, &[u8])> = owned
        .iter()
        .map(|(name, bytes)| (name.clone(), bytes.as_slice()))
        .collect();
    let file_bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let trials: Vec<Trial> = (0..TRIALS).map(|_| trial(&files)).collect();
    let best = |f: fn(&Trial) -> Took| {
        let wall = trials.iter().map(|t| f(t).wall).min().unwrap();
        let cpu = trials.iter().map(|t| f(t).cpu).min().unwrap();
        Took { wall, cpu }
    };
    let last = trials.last().unwrap();
    let (added, removed, changed) = last.changes;
    println!("{COUNT} entities, {file_bytes} bytes of published files; best of {TRIALS} trials");
    println!("first import (empty store):   {}", best(|t| t.first_import));
    println!(
        "next-day import (1% changed): {}",
        best(|t| t.second_import)
    );
    println!("re-import of the same sha:    {}", best(|t| t.reimport));
    println!("entities() read-back:         {}", best(|t| t.read_back));
    println!(
        "diff (+{added} -{removed} ~{changed}):        {}",
        best(|t| t.diff)
    );
    println!("history of one entity:        {}", best(|t| t.history));
    println!(
        "verify ({} blobs, {} rows): {}",
        last.rows.0,
        last.rows.1,
        best(|t| t.verify)
    );
    println!("database size (db + wal):     {:>10} bytes", last.db_size);
    for (table, bytes) in &last.tables {
        println!("  {table:<40} {bytes:>10} bytes");
    }
}

fn trial(files: &[(String, &[u8])]) -> Trial {
    let source = SourceId::OfacSdn;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open");

    let day1 = generated_list(source, COUNT, "");
    // The next day: 1% of the entries amended, 10 added, 5 removed.
    let mut day2 = day1.clone();
    for entity in day2.iter_mut().step_by(100) {
        entity.add(Prop::Alias, "NEW ALIAS");
    }
    day2.drain(0..5);
    day2.extend(generated_list(source, COUNT + 10, "").split_off(COUNT));

    let started = Clock::start();
    let outcome = store
        .import_full(&with_files(source, "2024-05-02", "day1", files), &day1)
        .expect("import");
    let first_import = started.took();
    let ImportOutcome::Added(v1) = outcome else {
        panic!("not added")
    };

    let mut files2 = files.to_vec();
    let changed_file: Vec<u8> = [files[0].1, b"\r\n1,\"X\"\r\n".as_slice()].concat();
    files2[0].1 = &changed_file;
    let started = Clock::start();
    let ImportOutcome::Added(v2) = store
        .import_full(&with_files(source, "2024-05-03", "day2", &files2), &day2)
        .expect("import")
    else {
        panic!("not added")
    };
    let second_import = started.took();

    let started = Clock::start();
    let unchanged = store
        .import_full(&with_files(source, "2024-05-03", "day2", &files2), &day2)
        .expect("import");
    let reimport = started.took();
    assert!(matches!(unchanged, ImportOutcome::Unchanged(_)));

    let started = Clock::start();
    let back = store.entities(&v2).expect("entities");
    let read_back = started.took();
    assert_eq!(back, day2);

    let started = Clock::start();
    let diff = store.diff(&v1, &v2).expect("diff");
    let diff_time = started.took();

    let started = Clock::start();
    let history = store.history(&day2[500].id).expect("history");
    let history_time = started.took();
    assert_eq!(history.intervals.len(), 1);

    let started = Clock::start();
    let report = store.verify().expect("verify");
    let verify = started.took();

    let db_size = std::fs::metadata(store.path())
        .map(|m| m.len())
        .unwrap_or(0)
        + std::fs::metadata(store.path().with_extension("db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    let conn = rusqlite::Connection::open(store.path()).expect("open");
    let tables = conn
        .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8")
        .expect("dbstat")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("dbstat")
        .collect::<Result<_, _>>()
        .expect("dbstat");
    Trial {
        tables,
        first_import,
        second_import,
        reimport,
        read_back,
        diff: diff_time,
        history: history_time,
        verify,
        db_size,
        changes: (diff.added.len(), diff.removed.len(), diff.changed.len()),
        rows: (report.blobs, report.rows),
    }
}
