//! `interdict batch` end to end on real data: the UN positives of
//! ../shared/bench as a customer file against the real UN list, header
//! layouts, bad rows, exit codes, and resume after SIGKILL.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{lists_dir, parse_json, Data};
use serde_json::Value;

/// `$INTERDICT_SHARED/bench/screening_fixtures/<name>`.
fn fixture(name: &str) -> PathBuf {
    let path = lists_dir()
        .parent()
        .unwrap()
        .join("bench/screening_fixtures")
        .join(name);
    assert!(path.exists(), "{} is missing", path.display());
    path
}

/// The fixture's rows as (full_name, date_of_birth, nationality).
fn people(name: &str, take: usize) -> Vec<[String; 3]> {
    let mut reader = csv::Reader::from_path(fixture(name)).unwrap();
    reader
        .records()
        .take(take)
        .map(|r| {
            let r = r.unwrap();
            [r[0].to_string(), r[5].to_string(), r[7].to_string()]
        })
        .collect()
}

/// Writes a customer file: `Customer ID;Full Name;DOB;Nationality`, with a
/// BOM, as Excel in a `;` locale writes it. Refs are C0001, C0002, ...
fn customer_file(path: &Path, rows: &[[String; 3]]) {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut bytes);
        writer
            .write_record(["Customer ID", "Full Name", "DOB", "Nationality"])
            .unwrap();
        for (i, [name, dob, country]) in rows.iter().enumerate() {
            writer
                .write_record([&format!("C{:04}", i + 1), name, dob, country])
                .unwrap();
        }
    }
    std::fs::write(path, bytes).unwrap();
}

fn un() -> Data {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2026-02-27.xml"]);
    data
}

fn batch(data: &Data, args: &[&Path]) -> Output {
    let mut all: Vec<&std::ffi::OsStr> = vec!["batch".as_ref()];
    all.extend(args.iter().map(|a| a.as_os_str()));
    data.run(all)
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn un_positives_as_a_customer_file() {
    let data = un();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    customer_file(&input, &people("positives_un_untreated.csv", usize::MAX));
    let output = dir.path().join("results.jsonl");
    let out = batch(
        &data,
        &[&input, "--output".as_ref(), &output, "--json".as_ref()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "alerts exit 3: {stderr}");
    let summary = parse_json(&out.stdout);
    assert_eq!(summary["records"], 683);
    assert_eq!(summary["screened"], 683);
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["alerts"], 679);
    assert_eq!(
        summary["layout"],
        "CSV, delimiter ';', header: \"Customer ID\" -> ref, \"Full Name\" -> name, \"DOB\" -> birth_date, \"Nationality\" -> country"
    );
    assert_eq!(summary["versions"][0]["source"], "un-sc");
    assert!(
        stderr.contains("683 records read, 683 screened, 679 alerts, 0 bad rows"),
        "{stderr}"
    );
    let results = lines(&output);
    assert_eq!(results.len(), 683);
    // In input order, with the customer's reference and the line.
    let first = &results[0];
    assert_eq!(first["line"], 2);
    assert_eq!(first["ref"], "C0001");
    assert_eq!(first["query"]["name"], "ABDULHAI SALEK");
    assert_eq!(first["query"]["birth_date"], "1965");
    assert_eq!(first["alert"], true);
    assert_eq!(first["results"][0]["id"], "un-sc:TAi.108");
    assert_eq!(first["results"][0]["match"], true);
    assert_eq!(first["results"][0]["explanation"]["birth_date"], "agree");
    let badege = &results[149];
    assert_eq!(badege["ref"], "C0150");
    assert_eq!(badege["query"]["name"], "ERIC BADEGE");
    assert_eq!(badege["results"][0]["id"], "un-sc:CDi.001");
    let alerts = results.iter().filter(|r| r["alert"] == true).count();
    assert_eq!(alerts, 679);
    assert!(!output.with_extension("jsonl.checkpoint").exists());
}

#[test]
fn no_alerts_exit_0_and_csv_output() {
    let data = un();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("people.tsv");
    // No header: positions say which column is which.
    let rows: Vec<String> = people("negatives_us.csv", 50)
        .iter()
        .enumerate()
        .map(|(i, [name, dob, country])| format!("{name}\t{dob}\t{country}\tK-{i}"))
        .collect();
    std::fs::write(&input, rows.join("\n")).unwrap();
    let output = dir.path().join("out.csv");
    let out = batch(
        &data,
        &[
            &input,
            "--columns".as_ref(),
            "name=1,birth_date=2,country=3,ref=4".as_ref(),
            "-o".as_ref(),
            &output,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&output).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        interdict_batch::CSV_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // One row per record without hits, one per hit otherwise; all in order.
    let first = &rows[0];
    assert_eq!(&first[0], "1");
    assert_eq!(&first[1], "K-0");
    assert_eq!(&first[2], "Ingeborg Abrahamsen");
    assert_eq!(&first[3], "false");
    assert!(rows.iter().all(|r| &r[3] == "false"));
    let mut seen: Vec<u64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    seen.dedup();
    assert_eq!(seen, (1..=50).collect::<Vec<u64>>());
}

#[test]
fn bad_rows_are_reported_counted_and_exit_4() {
    let data = un();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"ref\": \"A\", \"name\": \"ERIC BADEGE\", \"dob\": \"1971\"}\n\
         {\"ref\": \"B\", \"name\": \"\"}\n\
         {\"ref\": \"C\", \"name\": \"X\", \"dob\": \"1971-02-30\"}\n\
         not json at all\n\
         \n\
         {\"ref\": \"D\", \"name\": \"Patricia Lucas Wheeler\", \"type\": \"person\"}\n",
    )
    .unwrap();
    let output = dir.path().join("out.jsonl");
    let errors = dir.path().join("errors.jsonl");
    let out = batch(
        &data,
        &[
            &input,
            "--output".as_ref(),
            &output,
            "--errors".as_ref(),
            &errors,
            "--json".as_ref(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    let summary = parse_json(&out.stdout);
    assert_eq!(
        (
            &summary["records"],
            &summary["screened"],
            &summary["errors"],
            &summary["alerts"]
        ),
        (&5.into(), &2.into(), &3.into(), &1.into())
    );
    assert!(stderr.contains("in.jsonl:2 (ref B): no name"), "{stderr}");
    assert!(
        stderr.contains("in.jsonl:3 (ref C): birth_date: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("in.jsonl:4: not a JSON object: "),
        "{stderr}"
    );
    let errs = lines(&errors);
    let located: Vec<(u64, &str)> = errs
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["ref"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(located, [(2, "B"), (3, "C"), (4, "")]);
    let results = lines(&output);
    let refs: Vec<&str> = results.iter().map(|r| r["ref"].as_str().unwrap()).collect();
    assert_eq!(refs, ["A", "D"]);
    assert_eq!(results[1]["line"], 6);
    assert_eq!(results[1]["query"]["schema"], "Person");
}

#[test]
fn unusable_input_stops_with_exit_1() {
    let data = un();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "Kunde,Nom complet\n1,Jane Roe\n").unwrap();
    let stderr = data.fails([
        "batch".as_ref(),
        input.as_os_str(),
        "--output".as_ref(),
        dir.path().join("o.jsonl").as_os_str(),
    ]);
    assert!(
        stderr
            .contains("in.csv: the first line names no known column (\"Kunde\", \"Nom complet\")"),
        "{stderr}"
    );
    let stderr = data.fails([
        "batch".as_ref(),
        input.as_os_str(),
        "--columns".as_ref(),
        "name=Full Name".as_ref(),
    ]);
    assert!(
        stderr.contains("--columns name=Full Name: the header has no column \"Full Name\""),
        "{stderr}"
    );
    let stderr = data.fails([
        "batch".as_ref(),
        input.as_os_str(),
        "--output".as_ref(),
        dir.path().join("o.jsonl").as_os_str(),
        "--resume".as_ref(),
    ]);
    assert!(stderr.contains("cannot resume: no checkpoint"), "{stderr}");
}

/// Kills the child if the test panics first.
struct Reaper(std::process::Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(data: &Data, args: &[&std::ffi::OsStr]) -> Reaper {
    let child = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .env_remove("INTERDICT_DATA")
        .env_remove("INTERDICT_LOG")
        .arg("--data")
        .arg(data.path())
        .arg("batch")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Reaper(child)
}

fn checkpoint_line(path: &Path) -> Option<u64> {
    let text = std::fs::read(path).ok()?;
    let value: Value = serde_json::from_slice(&text).ok()?;
    value["line"].as_u64()
}

#[cfg(unix)]
#[test]
fn resume_after_sigkill_gives_the_bytes_of_a_clean_run() {
    use std::os::unix::process::ExitStatusExt;

    let data = un();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("customers.csv");
    // UN positives among synthetic negatives, and a few bad rows.
    let mut rows = people("negatives_global.csv", 1500);
    for (i, person) in people("positives_un_treated.csv", 683)
        .into_iter()
        .enumerate()
    {
        rows.insert(i * 2, person);
    }
    for i in [10, 700, 1900] {
        rows[i][1] = "19XX".into();
    }
    customer_file(&input, &rows);
    let records = rows.len();
    let opts = |output: &Path, errors: &Path| -> Vec<std::ffi::OsString> {
        vec![
            input.clone().into(),
            "--output".into(),
            output.into(),
            "--errors".into(),
            errors.into(),
            "--chunk-size".into(),
            "50".into(),
        ]
    };
    let clean = dir.path().join("clean.jsonl");
    let clean_errors = dir.path().join("clean.errors.jsonl");
    let args = opts(&clean, &clean_errors);
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let out = data.cmd().arg("batch").args(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let output = dir.path().join("killed.jsonl");
    let errors = dir.path().join("killed.errors.jsonl");
    let checkpoint = dir.path().join("killed.jsonl.checkpoint");
    let first = opts(&output, &errors);
    let first: Vec<&std::ffi::OsStr> = first.iter().map(|a| a.as_os_str()).collect();
    let mut resume = first.clone();
    resume.push("--resume".as_ref());
    let mut kills = 0;
    let mut last_line = 0;
    for round in 0..3 {
        let mut child = spawn(&data, if round == 0 { &first } else { &resume });
        // Kill once the run has got past its previous checkpoint, a little
        // after a chunk (somewhere in the next chunk's work or writing).
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if child.0.try_wait().unwrap().is_some() {
                break;
            }
            if checkpoint_line(&checkpoint).is_some_and(|line| line > last_line + 100) {
                std::thread::sleep(Duration::from_millis(7 * (round + 1)));
                break;
            }
            assert!(Instant::now() < deadline, "the run makes no progress");
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = child.0.kill();
        let status = child.0.wait().unwrap();
        if status.signal() == Some(9) {
            kills += 1;
            let line = checkpoint_line(&checkpoint).expect("a killed run leaves its checkpoint");
            assert!(
                line > last_line,
                "round {round}: checkpoint at {line}, before {last_line}"
            );
            last_line = line;
        }
    }
    assert!(
        kills >= 2,
        "the run finished before it could be killed twice"
    );

    // A changed input or other options are refused, and change nothing.
    let mut other = resume.clone();
    other.extend([
        std::ffi::OsStr::new("--threshold"),
        std::ffi::OsStr::new("0.8"),
    ]);
    let out = data.cmd().arg("batch").args(&other).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "cannot resume: the run started with other options (threshold: 0.8 now, 0.7 then)"
        ),
        "{stderr}"
    );
    let original = std::fs::read(&input).unwrap();
    let mut changed = original.clone();
    changed.extend_from_slice(b"C9999;Jane Roe;1970;FR\r\n");
    std::fs::write(&input, &changed).unwrap();
    let out = data.cmd().arg("batch").args(&resume).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("changed since the run started"), "{stderr}");
    std::fs::write(&input, &original).unwrap();

    // The last resume runs to the end.
    let mut last = resume.clone();
    last.push("--json".as_ref());
    let out = data.cmd().arg("batch").args(&last).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = parse_json(&out.stdout);
    assert_eq!(summary["records"], records as u64);
    // The three rows made bad here, and three of the treated UN rows
    // (birth dates 1974-01-32, 1968-13-30, 1948-13-16).
    assert_eq!(summary["errors"], 6);
    assert_eq!(
        summary["screened"].as_u64().unwrap() + summary["errors"].as_u64().unwrap(),
        records as u64
    );
    assert_eq!(summary["resumed_after_line"], last_line);
    assert!(
        std::fs::read(&output).unwrap() == std::fs::read(&clean).unwrap(),
        "outputs differ"
    );
    assert_eq!(
        std::fs::read_to_string(&errors).unwrap(),
        std::fs::read_to_string(&clean_errors).unwrap()
    );
    assert!(!checkpoint.exists());
    assert_eq!(lines(&clean).len(), records - 6);
}

#[test]
fn csv_output_has_a_row_per_hit() {
    let data = un();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "name,dob,ref\nERIC BADEGE,1971,k1\nPatricia Lucas Wheeler,2002-07-14,k2\n",
    )
    .unwrap();
    let output = dir.path().join("out.csv");
    let out = batch(
        &data,
        &[
            &input,
            "--output".as_ref(),
            &output,
            "--limit".as_ref(),
            "2".as_ref(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_path(&output).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let first = &rows[0];
    assert_eq!(
        first.iter().take(11).collect::<Vec<_>>(),
        [
            "2",
            "k1",
            "ERIC BADEGE",
            "true",
            "1",
            "un-sc:CDi.001",
            "ERIC BADEGE",
            "Person",
            "un-sc",
            first.get(9).unwrap(),
            "true"
        ]
    );
    assert!(first[9].parse::<f64>().unwrap() >= 0.7);
    let explanation: Value = serde_json::from_str(&first[13]).unwrap();
    assert_eq!(explanation["birth_date"], "agree");
    // The record without hits has one row, hit columns empty.
    let last = rows.last().unwrap();
    assert_eq!(&last[0], "3");
    assert_eq!(&last[1], "k2");
    assert_eq!(&last[3], "false");
    assert!(rows.iter().filter(|r| &r[0] == "2").count() <= 2);
}
