//! The web UI end to end: real lists imported into a temp data dir, an
//! analyst key, `interdict serve` on a free loopback port, and
//! `e2e/ui.test.mjs` driving headless Chromium against it (search, entity
//! page and timeline, list diff, alert decision).
//!
//! Needs Chromium and the e2e packages:
//! `apt-get install -y chromium && npm ci --prefix e2e`. Without them the
//! test fails saying so, unless `INTERDICT_SKIP_E2E=1` is set.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::Data;

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What the e2e run needs and is missing, as one message; `None` if all is there.
fn missing_tools(chromium: &Path) -> Option<String> {
    let mut missing = Vec::new();
    if !chromium.exists() {
        missing.push(format!("{} (Chromium)", chromium.display()));
    }
    if !root().join("e2e/node_modules/playwright-core").exists() {
        missing.push("e2e/node_modules (playwright-core)".to_string());
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".to_string());
    }
    if missing.is_empty() {
        None
    } else {
        Some(format!(
            "the UI e2e test needs {}: install them with `apt-get install -y chromium && npm ci --prefix e2e` \
             (or set INTERDICT_SKIP_E2E=1 to skip this test knowingly)",
            missing.join(", ")
        ))
    }
}

/// `interdict keys create --role <role> --json` → the key text.
fn create_key(data: &Data, role: &str) -> String {
    let created = data.json([
        "keys", "create", "--role", role, "--label", "ui e2e", "--json",
    ]);
    assert_eq!(created["role"], role, "{created}");
    let key = created["key"].as_str().expect("a key").to_string();
    assert!(key.starts_with("idk_"), "{key}");
    key
}

/// Starts `interdict serve --listen 127.0.0.1:0` and waits for the line
/// `listening on http://127.0.0.1:PORT`; returns the server and its URL.
fn serve(data: &Data) -> (Server, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("interdict"))
        .env_remove("INTERDICT_DATA")
        .env_remove("INTERDICT_LOG")
        .arg("--data")
        .arg(data.path())
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("interdict serve starts");
    let (tx, rx) = mpsc::channel::<String>();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                eprintln!("[serve] {line}");
                let _ = tx.send(line);
            }
        });
    }
    let server = Server(child);
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let line = rx
            .recv_timeout(left)
            .expect("`interdict serve` printed `listening on http://…` within 120 s");
        if let Some(at) = line.find("listening on http://") {
            let url = line[at + "listening on ".len()..]
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
            return (server, url);
        }
    }
}

/// Waits until `/readyz` answers 200 (the index is loaded).
fn wait_ready(url: &str) {
    let script = format!(
        "const end = Date.now() + 120000;\
         for (;;) {{ try {{ const r = await fetch('{url}/readyz'); if (r.ok) process.exit(0); }} catch {{}}\
         if (Date.now() > end) {{ console.error('not ready'); process.exit(1); }}\
         await new Promise((r) => setTimeout(r, 200)); }}"
    );
    let status = Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .status()
        .expect("node runs");
    assert!(status.success(), "{url}/readyz never answered 200");
}

#[test]
fn web_ui_end_to_end_in_headless_chromium() {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if let Some(message) = missing_tools(&chromium) {
        if std::env::var_os("INTERDICT_SKIP_E2E").is_some_and(|v| v == "1") {
            eprintln!("SKIPPED (INTERDICT_SKIP_E2E=1): {message}");
            return;
        }
        panic!("{message}");
    }

    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2018-10-29.xml"]);
    data.import("un-sc", &["un-sc/consolidated_2020-11-24.xml"]);
    data.import("ofac-sdn", &["ofac-sdn/2023-12-28"]);
    let analyst = create_key(&data, "analyst");
    let screener = create_key(&data, "screener");

    let (server, url) = serve(&data);
    wait_ready(&url);

    let shots = std::env::var_os("INTERDICT_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("interdict-ui"));
    let output = Command::new("node")
        .arg("e2e/ui.test.mjs")
        .current_dir(root())
        .env("INTERDICT_URL", &url)
        .env("INTERDICT_KEY", &analyst)
        .env("INTERDICT_SCREENER_KEY", &screener)
        .env("INTERDICT_SCREENSHOTS", &shots)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs e2e/ui.test.mjs");
    drop(server);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "e2e/ui.test.mjs failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    // node:test's summary: every test passed, none skipped or cancelled.
    assert!(stdout.contains("# fail 0"), "{stdout}");
    assert!(stdout.contains("# cancelled 0"), "{stdout}");
    let passed: u32 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("# pass "))
        .and_then(|n| n.trim().parse().ok())
        .expect("a `# pass N` line");
    assert!(passed >= 15, "only {passed} UI tests passed:\n{stdout}");
}
