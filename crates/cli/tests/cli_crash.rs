//! `kill -9` of `interdict import` leaves the store whole: the old state, or
//! the old state plus the whole new version, never a part of one.
//!
//! The store holds the OFAC SDN list of 2023-06-29 (sdn.csv, 12,631
//! entities); `interdict import ofac-sdn <2023-12-28 set>` (13,821 entities)
//! runs as a child process and is killed with SIGKILL. An import spends most
//! of its time parsing and the last ~100 ms committing (the store writes its
//! WAL, then checkpoints it into the database file), so two kinds of rounds:
//! - commit rounds watch `interdict.db-wal` and kill 0–125 ms after the
//!   commit starts writing it (in the WAL write, the checkpoint, or after);
//! - spread rounds kill after a delay placed at random in one of equal slices
//!   of 1.1 × the time an import takes to reach its commit (5 ms onwards).
//!
//! `INTERDICT_CLI_KILL9_SEED` reproduces a run's delays. Unix only (SIGKILL).

#![cfg(unix)]

mod common;

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{published_and_counts, shared, Data};

/// Per commit round, the window (ms after the commit starts writing the WAL)
/// the kill falls in: the WAL write itself (~30 ms here), the checkpoint, and
/// around its end.
const COMMIT_WINDOWS_MS: [(f64, f64); 3] = [(0.0, 10.0), (10.0, 60.0), (60.0, 125.0)];
const SPREAD_ROUNDS: u32 = 3;
const SEED: &str = "INTERDICT_CLI_KILL9_SEED";

/// A small deterministic generator (xorshift64*), enough to place delays.
struct Rng(u64);

impl Rng {
    fn next_unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let value = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (value >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Kills the child if the test panics first.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// How a round ended.
struct Round {
    label: String,
    /// Whether SIGKILL ended the child (not its own exit just before).
    killed: bool,
    versions: usize,
}

fn copy_store(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn spawn_import(data: &Data) -> Reaper {
    let child = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .env_remove("INTERDICT_DATA")
        .env_remove("INTERDICT_LOG")
        .arg("--data")
        .arg(data.path())
        .arg("import")
        .arg("ofac-sdn")
        .arg(shared("ofac-sdn/2023-12-28"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Reaper(child)
}

/// Sends SIGKILL (`Child::kill`) and reaps the child.
fn kill(child: &mut Reaper) -> ExitStatus {
    let _ = child.0.kill();
    child.0.wait().unwrap()
}

fn was_killed(status: ExitStatus) -> bool {
    status.signal() == Some(9)
}

/// The checks after each round. Returns how many versions are held.
fn check_store(data: &Data, label: &str, full_diff: bool) -> usize {
    let lists = data.lists();
    let versions = published_and_counts(&lists);
    let old = ("2023-06-29".to_string(), 12631);
    let new = ("2023-12-28".to_string(), 13821);
    assert!(
        versions == [old.clone()] || versions == [old, new],
        "{label}: after kill -9 the store holds {versions:?}"
    );
    let two = versions.len() == 2;
    // SOLEIMANI is on both lists; the latest version answers.
    let show = data.show("ofac-sdn:10481", &[]);
    assert_eq!(show["status"], "listed", "{label}");
    assert_eq!(show["entity"]["caption"], "SOLEIMANI, Qasem", "{label}");
    assert_eq!(show["version"], *lists.as_array().unwrap().last().unwrap());
    let aliases = show["entity"]["properties"]["alias"]
        .as_array()
        .map_or(0, Vec::len);
    // sdn.csv alone (2023-06-29) has no alt.csv: its a.k.a.s are only in
    // the remarks; the 2023-12-28 set has 8 from alt.csv.
    if two {
        assert_eq!(aliases, 8, "{label}");
    }
    // Added in 2023-12-28: the first and the very last row of its sdn.csv.
    // Removed: the first and the last of those gone.
    for (id, added) in [
        ("ofac-sdn:9647", true),
        ("ofac-sdn:47089", true),
        ("ofac-sdn:6330", false),
        ("ofac-sdn:40562", false),
    ] {
        let listed = data.show(id, &[])["status"] == "listed";
        assert_eq!(listed, added == two, "{label}: {id}");
        assert_eq!(
            data.show(id, &["--version", "1"])["status"] == "listed",
            !added,
            "{label}: {id} in version 1"
        );
    }
    if two && full_diff {
        // Every entity of both versions read back: the new version differs
        // from the old exactly as the two sdn.csv files do.
        let diff = data.json(["diff", "ofac-sdn", "--json"]);
        assert_eq!(diff["added"].as_array().unwrap().len(), 1401, "{label}");
        assert_eq!(diff["removed"].as_array().unwrap().len(), 211, "{label}");
    }
    versions.len()
}

#[test]
fn kill_9_during_import_leaves_old_or_whole_new_version() {
    let seed: u64 = match std::env::var(SEED) {
        Ok(text) => text.parse().expect("a u64 seed"),
        Err(_) => {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        }
    };
    eprintln!("{SEED}={seed}");
    let mut rng = Rng(seed);

    // The old state, imported once and copied into each round's directory.
    let template = Data::new();
    let old = template.import("ofac-sdn", &["ofac-sdn/2023-06-29"]);
    assert_eq!(old["version"]["entities"], 12631);
    check_store(&template, "before any kill", false);

    let mut rounds = Vec::new();
    // How long an import takes until its commit starts (or until it ends):
    // the shortest seen, so that spread rounds mostly kill before the end.
    let mut until_commit = Duration::MAX;
    // Reading back every entity (a diff) takes ~2 s in a debug build: done
    // the first time a killed import left two versions.
    let mut diffed = false;
    for (round, (low, high)) in COMMIT_WINDOWS_MS.into_iter().enumerate() {
        let data = Data::new();
        copy_store(template.path(), data.path());
        let wal = data.path().join("interdict.db-wal");
        let after_ms = low + (high - low) * rng.next_unit();
        let start = Instant::now();
        let mut child = spawn_import(&data);
        // The WAL starts empty; the commit writes it (32-byte header first).
        let mut commit_seen = false;
        while child.0.try_wait().unwrap().is_none() {
            if std::fs::metadata(&wal).is_ok_and(|meta| meta.len() >= 32) {
                commit_seen = true;
                break;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        until_commit = until_commit.min(start.elapsed());
        std::thread::sleep(Duration::from_secs_f64(after_ms / 1000.0));
        let status = kill(&mut child);
        let label = format!(
            "commit round {round}: kill {after_ms:.1} ms after the WAL grew \
             (commit seen: {commit_seen})"
        );
        let killed = was_killed(status);
        let versions = check_store(&data, &label, killed && !diffed);
        diffed |= killed && versions == 2;
        rounds.push(Round {
            label,
            killed,
            versions,
        });
    }

    // Spread over the import: slices of 1.1 × the time to the commit.
    let span = until_commit.as_secs_f64() * 1.1;
    for round in 0..SPREAD_ROUNDS {
        let data = Data::new();
        copy_store(template.path(), data.path());
        let slice = span / f64::from(SPREAD_ROUNDS);
        let delay = Duration::from_secs_f64(0.005 + slice * (f64::from(round) + rng.next_unit()));
        let mut child = spawn_import(&data);
        std::thread::sleep(delay);
        let status = kill(&mut child);
        let label = format!("spread round {round}: kill after {delay:?}");
        let killed = was_killed(status);
        let versions = check_store(&data, &label, killed && !diffed);
        diffed |= killed && versions == 2;
        rounds.push(Round {
            label: label.clone(),
            killed,
            versions,
        });
        if round == SPREAD_ROUNDS - 1 {
            // A killed import does not wedge the store: importing again
            // completes (or finds the version already whole).
            let again = data.import("ofac-sdn", &["ofac-sdn/2023-12-28"]);
            let expected = if versions == 2 { "unchanged" } else { "added" };
            assert_eq!(again["status"], expected, "{label}");
            assert_eq!(check_store(&data, &label, !diffed), 2);
        }
    }
    eprintln!("the commit started after {until_commit:?}");
    for round in &rounds {
        eprintln!(
            "{}: killed by the signal: {}; versions held: {}",
            round.label, round.killed, round.versions
        );
    }
    // The first spread round kills within the first slice (5 ms onwards),
    // long before any commit.
    let first = &rounds[COMMIT_WINDOWS_MS.len()];
    assert!(
        first.killed && first.versions == 1,
        "{}: killed {}, {} versions",
        first.label,
        first.killed,
        first.versions
    );
}
