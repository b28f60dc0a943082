//! Helpers for the end-to-end tests of the `interdict` binary.
//!
//! Every test gets its own data directory in a temp dir ([`Data`]) and runs
//! the real binary on the real published files of `$INTERDICT_SHARED/lists`
//! (default `../shared/lists` seen from the repository root), which are only
//! read.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

/// The content hash of the OFAC SDN CSV set of 2023-12-28 (`sdn.csv`,
/// `add.csv`, `alt.csv`, `sdn_comments.csv`), as the importer computes it from
/// the lower-cased file names and the bytes. The same whether the set is read
/// from disk or downloaded as `SDN.CSV`, ...
pub const OFAC_2023_12_28_SHA256: &str =
    "57b2f04b58e9742af78ec3ddaaf89c56372ac3f1e68f8c06e95cbab1d55bf7da";

/// The content hash of `un-sc/consolidated_2026-02-27.xml`: for one file,
/// what `sha256sum` prints, whatever the file is called.
pub const UN_2026_02_27_SHA256: &str =
    "66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf";

/// `$INTERDICT_SHARED/lists`, by default `../shared/lists` seen from the
/// repository root (the rule of the other crates' tests).
pub fn lists_dir() -> PathBuf {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("lists")
}

/// A shared list file or folder, `relative` to [`lists_dir`]; it must exist.
pub fn shared(relative: &str) -> PathBuf {
    let path = lists_dir().join(relative);
    assert!(
        path.exists(),
        "{} is missing (set INTERDICT_SHARED)",
        path.display()
    );
    path
}

/// A fresh data directory, deleted when dropped.
pub struct Data {
    dir: tempfile::TempDir,
}

impl Default for Data {
    fn default() -> Self {
        Data::new()
    }
}

impl Data {
    /// An empty data directory.
    pub fn new() -> Data {
        Data {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `interdict --data <dir>`, with no data or log settings from the
    /// environment of the test run.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("interdict").expect("the interdict binary");
        cmd.env_remove("INTERDICT_DATA")
            .env_remove("INTERDICT_LOG")
            .arg("--data")
            .arg(self.path());
        cmd
    }

    /// Runs `interdict --data <dir> <args>` and returns what it did.
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd().args(args).output().expect("interdict runs")
    }

    /// Runs a command that must succeed and print one JSON document.
    pub fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let output = self.run(&args);
        assert!(
            output.status.success(),
            "interdict {args:?} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        parse_json(&output.stdout)
    }

    /// Runs `<command> <args> --json` for a command that exits 3 on an alert
    /// and 0 without one; returns the exit code and the document.
    pub fn json_alerting(&self, command: &str, args: &[&str]) -> (i32, Value) {
        let mut all = vec![command];
        all.extend_from_slice(args);
        all.push("--json");
        let output = self.run(&all);
        let code = output.status.code().expect("exit code");
        assert!(
            code == 0 || code == 3,
            "{command} {args:?} failed ({code}): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        (code, parse_json(&output.stdout))
    }

    /// Runs a command that must fail with exit code 1, print nothing on
    /// stdout, and explain itself on stderr; returns stderr.
    pub fn fails<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let output = self.run(&args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "interdict {args:?} should fail with exit code 1; stdout: {}; stderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            output.stdout.is_empty(),
            "a failed command printed on stdout: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
        assert!(stderr.starts_with("interdict: error: "), "stderr: {stderr}");
        stderr
    }

    /// `import <source> <shared paths...> --json`, which must succeed.
    pub fn import(&self, source: &str, relative: &[&str]) -> Value {
        let mut args: Vec<std::ffi::OsString> = vec!["import".into(), source.into()];
        args.extend(relative.iter().map(|r| shared(r).into_os_string()));
        args.push("--json".into());
        self.json(args)
    }

    /// `lists --json`, parsed.
    pub fn lists(&self) -> Value {
        self.json(["lists", "--json"])
    }

    /// `lists --json`, the bytes exactly as printed.
    pub fn lists_bytes(&self) -> Vec<u8> {
        let output = self.run(["lists", "--json"]);
        assert!(output.status.success(), "lists failed: {output:?}");
        output.stdout
    }

    /// `show <id> [extra...] --json`, parsed.
    pub fn show(&self, id: &str, extra: &[&str]) -> Value {
        let mut args = vec!["show", id];
        args.extend_from_slice(extra);
        args.push("--json");
        self.json(args)
    }
}

/// Parses a command's stdout as one JSON document.
pub fn parse_json(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not one JSON document ({err}): {}",
            String::from_utf8_lossy(stdout)
        )
    })
}

/// The keys of a JSON object, sorted.
pub fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// A JSON array of strings as strings.
pub fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|item| {
            item.as_str()
                .unwrap_or_else(|| panic!("not a string: {item}"))
        })
        .collect()
}

/// Checks a version object (docs/cli-json.md, "Version object"): exactly its
/// keys, these values, a 64-hex `sha256` and an RFC 3339 UTC `imported_at`.
pub fn assert_version(
    version: &Value,
    source: &str,
    seq: u64,
    published: &str,
    entities: u64,
    format: &str,
) {
    assert_eq!(
        keys(version),
        [
            "entities",
            "format",
            "imported_at",
            "published",
            "sha256",
            "source",
            "version"
        ],
        "{version}"
    );
    assert_eq!(version["source"], source, "{version}");
    assert_eq!(version["version"], seq, "{version}");
    assert_eq!(version["published"], published, "{version}");
    assert_eq!(version["entities"], entities, "{version}");
    assert_eq!(version["format"], format, "{version}");
    let sha = version["sha256"].as_str().expect("sha256 is a string");
    assert!(
        sha.len() == 64
            && sha
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "sha256 {sha:?} is not 64 lower-case hex digits"
    );
    let imported_at = version["imported_at"]
        .as_str()
        .expect("imported_at is a string");
    let time = chrono::DateTime::parse_from_rfc3339(imported_at)
        .unwrap_or_else(|err| panic!("imported_at {imported_at:?}: {err}"));
    assert_eq!(
        time.offset().local_minus_utc(),
        0,
        "imported_at is not UTC: {imported_at}"
    );
}

/// The `(published, entities)` of each version in a `lists --json` array.
pub fn published_and_counts(lists: &Value) -> Vec<(String, u64)> {
    lists
        .as_array()
        .unwrap_or_else(|| panic!("lists is not an array: {lists}"))
        .iter()
        .map(|v| {
            (
                v["published"].as_str().unwrap().to_string(),
                v["entities"].as_u64().unwrap(),
            )
        })
        .collect()
}
