//! Proof that `kill -9` in the middle of an import leaves the store
//! consistent: the test runs its own binary again as an importer that loops
//! over large imports, kills it with SIGKILL at random moments, and then
//! checks every version held, down to every entity.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use common::{day, generated_list, with_files};
use interdict_model::SourceId;
use interdict_store::{ImportOutcome, Store, VersionInfo};

const SDN: SourceId = SourceId::OfacSdn;
/// Set to the store directory in the child importer.
const CHILD_DIR: &str = "INTERDICT_STORE_KILL9_DIR";
/// Set to the round number in the child importer.
const CHILD_ROUND: &str = "INTERDICT_STORE_KILL9_ROUND";
/// Set to reproduce a run: the seed of the kill moments.
const SEED: &str = "INTERDICT_STORE_KILL9_SEED";
const ENTITIES: usize = 20_000;
const ROUNDS: u32 = 4;

/// The content of import `tag`: 20k entities whose odd half carries the tag
/// (new content every import, unchanged even half), and a published file.
fn content(tag: &str) -> (Vec<interdict_model::Entity>, Vec<u8>) {
    let file: Vec<u8> = (0..20_000)
        .flat_map(|i| format!("{i},\"ENTRY {i}{tag}\",individual,-0-\r\n").into_bytes())
        .collect();
    (generated_list(SDN, ENTITIES, tag), file)
}

fn published(tag: &str) -> String {
    // Tags are r<round>i<loop>; spread publication dates from them.
    let digits: u64 = tag
        .trim_start_matches('r')
        .replace('i', "0")
        .parse()
        .unwrap();
    (day("2000-01-01") + chrono::Days::new(digits % 9000))
        .format("%Y-%m-%d")
        .to_string()
}

/// Not a test of its own: the importer the kill test runs in a child
/// process. It does nothing unless the parent set `CHILD_DIR`.
#[test]
fn kill9_child_importer() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let round: u32 = std::env::var(CHILD_ROUND).unwrap().parse().unwrap();
    let mut store = Store::open(Path::new(&dir)).unwrap();
    let mut out = std::io::stdout();
    for i in 0.. {
        let tag = format!("r{round}i{i}");
        let (list, file) = content(&tag);
        let files = [("sdn.csv".to_string(), file.as_slice())];
        writeln!(out, "\n@@ begin {tag}").unwrap();
        out.flush().unwrap();
        let outcome = store
            .import_full(&with_files(SDN, &published(&tag), &tag, &files), &list)
            .unwrap();
        assert!(matches!(outcome, ImportOutcome::Added(_)));
        writeln!(out, "@@ done {tag}").unwrap();
        out.flush().unwrap();
    }
}

/// Kills the child if the parent panics first.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A small xorshift generator: the moments need not be good randomness, only
/// different from run to run and reproducible from the printed seed.
struct Moments(u64);

impl Moments {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A duration uniformly in `[0, max]`.
    fn up_to(&mut self, max: Duration) -> Duration {
        let nanos = max.as_nanos().max(1) as u64;
        Duration::from_nanos(self.next() % nanos)
    }
}

#[derive(Default)]
struct Round {
    begun: Vec<String>,
    done: Vec<String>,
}

/// Whether a line of the importer says an import began or is done. Markers
/// start with `@@`, so that libtest's own output on the line cannot hide them.
#[derive(PartialEq)]
enum Event {
    Begin,
    Done,
    Other,
}

impl Round {
    fn record(&mut self, line: &str) -> Event {
        let marker = line.find("@@ ").map(|at| &line[at + 3..]);
        match marker.and_then(|m| m.split_once(' ')) {
            Some(("begin", tag)) => {
                self.begun.push(tag.to_string());
                Event::Begin
            }
            Some(("done", tag)) => {
                self.done.push(tag.to_string());
                Event::Done
            }
            _ => Event::Other,
        }
    }
}

#[test]
fn kill9_during_imports_leaves_the_store_consistent() {
    if std::env::var_os(CHILD_DIR).is_some() {
        return; // in the child: only the importer runs
    }
    let dir = tempfile::tempdir().unwrap();
    let seed = std::env::var(SEED)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            let nanos = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64;
            (nanos ^ u64::from(std::process::id())) | 1
        });
    eprintln!("kill -9 test: {SEED}={seed}");
    let mut moments = Moments(seed);
    let exe = std::env::current_exe().unwrap();
    let mut import_time = Duration::ZERO;
    let mut rounds = Vec::new();
    let mut killed_mid_import = 0;
    let deadline = Instant::now() + Duration::from_secs(600);

    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args([
                "kill9_child_importer",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, dir.path())
            .env(CHILD_ROUND, round.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut child = Reaper(child);
        let (send, lines) = mpsc::channel::<(Instant, String)>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        let mut seen = Round::default();
        let mut began_at = Instant::now();
        let next = |seen: &mut Round| -> (Instant, Event) {
            let timeout = deadline.saturating_duration_since(Instant::now());
            let (at, line) = lines
                .recv_timeout(timeout)
                .expect("the importer stopped reporting");
            (at, seen.record(&line))
        };
        // Wait until a version landed in this round, timing the import.
        while seen.done.is_empty() {
            match next(&mut seen) {
                (at, Event::Begin) => began_at = at,
                (at, Event::Done) => import_time = import_time.max(at - began_at),
                (_, Event::Other) => {}
            }
        }
        // Wait for the next import to start, then kill at a random moment
        // within about one import's time.
        while seen.begun.len() == seen.done.len() {
            next(&mut seen);
        }
        let pause = moments.up_to(import_time.mul_f64(1.1));
        std::thread::sleep(pause);
        child.0.kill().unwrap(); // SIGKILL on Unix
        let status = child.0.wait().unwrap();
        assert!(!status.success());
        reader.join().unwrap();
        while let Ok((_, line)) = lines.try_recv() {
            seen.record(&line);
        }
        let mid = seen.begun.len() > seen.done.len();
        killed_mid_import += usize::from(mid);
        eprintln!(
            "round {round}: killed after {pause:?} (imports take ~{import_time:?}), \
             {} imports done, {}",
            seen.done.len(),
            if mid { "mid-import" } else { "between imports" }
        );
        rounds.push(seen);
    }
    assert!(
        killed_mid_import >= 1,
        "no kill landed inside an import; rerun with {SEED}={seed}"
    );

    // The raw file first, with SQLite alone.
    let db = rusqlite::Connection::open(dir.path().join(interdict_store::DB_FILE)).unwrap();
    let integrity: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let dangling: i64 = db
        .query_row(
            "SELECT count(*) FROM version_entities ve \
             LEFT JOIN entity_blobs b ON b.id = ve.blob WHERE b.id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dangling, 0, "rows naming a missing blob");
    let miscounted: i64 = db
        .query_row(
            "SELECT count(*) FROM versions v WHERE v.entities != \
             (SELECT count(*) FROM version_entities ve WHERE ve.version = v.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        miscounted, 0,
        "versions whose count differs from their rows"
    );
    drop(db);

    // Then through the store: every version is exactly one whole import.
    let mut store = Store::open(dir.path()).unwrap();
    let report = store.verify().unwrap();
    let versions: Vec<VersionInfo> = store.versions(Some(SDN)).unwrap();
    assert_eq!(report.versions, versions.len());
    assert_eq!(report.rows, versions.len() * ENTITIES);
    for seen in &rounds {
        for tag in &seen.done {
            assert!(
                versions.iter().any(|v| &v.sha256 == tag),
                "committed import {tag} is missing"
            );
        }
    }
    let begun: Vec<&String> = rounds.iter().flat_map(|r| &r.begun).collect();
    // The imports a kill interrupted: held whole or not at all.
    let in_flight: Vec<&String> = rounds.iter().filter_map(|r| r.begun.last()).collect();
    let mut compared = 0;
    for version in &versions {
        assert!(begun.contains(&&version.sha256), "{version:?}");
        assert_eq!(version.entities, ENTITIES);
        // verify() decoded every version's entities and checked their ids
        // and counts; compare content in full for the interrupted imports and
        // the first one (in debug builds, all would take ~2 s a version).
        if in_flight.contains(&&version.sha256) || version.seq == 1 {
            let (list, file) = content(&version.sha256);
            assert_eq!(store.entities(version).unwrap(), list, "{}", version.sha256);
            assert_eq!(store.files(version).unwrap()[0].bytes, file);
            compared += 1;
        }
    }
    assert!(compared >= 1);
    let done: usize = rounds.iter().map(|r| r.done.len()).sum();
    assert!(versions.len() >= done && versions.len() <= begun.len());
    eprintln!(
        "{} versions held after {ROUNDS} kills ({} blobs), all whole; {compared} compared in full",
        versions.len(),
        report.blobs
    );

    // And the store takes the next import.
    let (list, file) = content("r9i9");
    let files = [("sdn.csv".to_string(), file.as_slice())];
    let outcome = store
        .import_full(&with_files(SDN, "2030-01-01", "after", &files), &list)
        .unwrap();
    assert!(matches!(outcome, ImportOutcome::Added(_)));
}
