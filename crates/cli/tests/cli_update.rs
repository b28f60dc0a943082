//! `interdict update` end to end, against a loopback server (127.0.0.1 only)
//! that serves the real published files, or damages them.

#[path = "../../fetch/tests/support/mod.rs"]
mod support;

mod common;

use std::path::PathBuf;

use common::{assert_version, Data, OFAC_2023_12_28_SHA256};
use serde_json::{json, Value};
use support::{Route, TestServer};

const UN_2026: &str = "un-sc/consolidated_2026-02-27.xml";
const UN_PATH: &str = "/consolidated.xml";

/// A download configuration for `source` with these file URLs and fast,
/// few retries, written into its own temp dir.
struct Config {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn config(source: &str, urls: &[String]) -> Config {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cfg.toml");
    let files: Vec<String> = urls.iter().map(|url| format!("  \"{url}\",\n")).collect();
    let text = format!(
        "[http]\n\
         retries = 1\n\
         backoff_ms = 1\n\
         max_backoff_ms = 2\n\
         max_retry_after_ms = 2\n\
         connect_timeout_ms = 2000\n\
         read_timeout_ms = 5000\n\
         timeout_ms = 30000\n\n\
         [sources.{source}]\n\
         files = [\n{}]\n",
        files.concat()
    );
    std::fs::write(&path, text).unwrap();
    Config { _dir: dir, path }
}

/// `update <source> --config <cfg> --json`: the exit code and the output.
fn update(data: &Data, config: &Config, source: &str) -> (i32, Value) {
    let output = data
        .cmd()
        // Loopback only: no proxy may take the requests elsewhere.
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("all_proxy")
        .env_remove("ALL_PROXY")
        .arg("update")
        .arg(source)
        .arg("--config")
        .arg(&config.path)
        .arg("--json")
        .output()
        .unwrap();
    let value = common::parse_json(&output.stdout);
    let code = output.status.code().expect("exited");
    (code, value)
}

/// The one result of an update of one source, checked to be about `source`.
fn only(results: &Value, source: &str) -> Value {
    let results = results.as_array().expect("update prints an array");
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0]["source"], source);
    results[0].clone()
}

/// The ETag sent as `If-None-Match` by each request to `path`, in order.
fn if_none_match(server: &TestServer, path: &str) -> Vec<Option<String>> {
    server
        .requests_to(path)
        .iter()
        .map(|request| request.header("if-none-match").map(String::from))
        .collect()
}

/// a) A download with an ETag becomes a version; the next update asks with
/// If-None-Match, gets 304, and changes nothing.
#[test]
fn download_then_not_modified() {
    let server = TestServer::start([(UN_PATH, Route::shared(UN_2026).with_etag("\"un-2026\""))]);
    let config = config("un-sc", &[server.url(UN_PATH)]);
    let data = Data::new();

    let (code, results) = update(&data, &config, "un-sc");
    assert_eq!(code, 0, "{results}");
    let result = only(&results, "un-sc");
    assert_eq!(result["status"], "added");
    assert_eq!(result["format"], "un-xml");
    assert_eq!(result["report"]["records"], 1003);
    assert_version(&result["version"], "un-sc", 1, "2026-02-27", 1003, "un-xml");
    assert_eq!(data.lists(), json!([result["version"]]));
    let before = data.lists_bytes();

    let (code, results) = update(&data, &config, "un-sc");
    assert_eq!(code, 0, "{results}");
    assert_eq!(
        results,
        json!([{"source": "un-sc", "status": "not_modified"}])
    );
    assert_eq!(
        if_none_match(&server, UN_PATH),
        [None, Some("\"un-2026\"".to_string())]
    );
    assert_eq!(data.lists_bytes(), before);
    assert_eq!(data.show("un-sc:IRi.039", &[])["status"], "listed");
}

/// b) A body cut off mid-transfer, every time: the update fails with exit
/// code 1 and the versions held stay as they were. Once the server sends
/// the whole file, the next update imports it.
#[test]
fn truncated_download_stores_nothing() {
    let whole = support::shared_bytes(UN_2026).len();
    let server = TestServer::start([(
        UN_PATH,
        Route::shared(UN_2026)
            .with_etag("\"un-2026\"")
            .truncate_after(100_000),
    )]);
    let config = config("un-sc", &[server.url(UN_PATH)]);
    let data = Data::new();
    let held = data.import("un-sc", &["un-sc/consolidated_2020-11-24.xml"]);
    let before = data.lists_bytes();

    let (code, results) = update(&data, &config, "un-sc");
    assert_eq!(code, 1, "{results}");
    let result = only(&results, "un-sc");
    assert_eq!(result["status"], "failed");
    let error = result["error"].as_str().unwrap();
    let expected = format!(
        "download failed, nothing stored: {}: transfer cut off after 100000 bytes of {whole}: ",
        server.url(UN_PATH)
    );
    assert!(error.starts_with(&expected), "{error}");
    assert!(error.ends_with(" (after 2 attempts)"), "{error}");
    // retries = 1: two requests, then the update gave up.
    assert_eq!(server.hits(UN_PATH), 2);
    assert_eq!(data.lists_bytes(), before);

    // The server is fixed: the update imports the whole file.
    server.set_route(UN_PATH, Route::shared(UN_2026).with_etag("\"un-2026\""));
    let (code, results) = update(&data, &config, "un-sc");
    assert_eq!(code, 0, "{results}");
    let result = only(&results, "un-sc");
    assert_eq!(result["status"], "added");
    assert_version(&result["version"], "un-sc", 2, "2026-02-27", 1003, "un-xml");
    assert_eq!(data.lists(), json!([held["version"], result["version"]]));
}

/// c) A server that answers 200 with garbage: the parser refuses it, nothing
/// is stored, and its ETag is not saved, so when the server is fixed (same
/// ETag) the next update downloads and imports instead of taking a 304.
#[test]
fn garbage_is_refused_and_its_etag_not_kept() {
    let html = b"<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>\n\
                 <body>The list is temporarily unavailable.</body></html>\n"
        .to_vec();
    let server = TestServer::start([(UN_PATH, Route::bytes(html).with_etag("\"v1\""))]);
    let config = config("un-sc", &[server.url(UN_PATH)]);
    let data = Data::new();

    let (code, results) = update(&data, &config, "un-sc");
    assert_eq!(code, 1, "{results}");
    let result = only(&results, "un-sc");
    assert_eq!(result["status"], "failed");
    let error = result["error"].as_str().unwrap();
    assert!(
        error.starts_with("refused, nothing stored: consolidated.xml"),
        "{error}"
    );
    assert!(error.contains("not a un-sc publication"), "{error}");
    assert_eq!(data.lists(), json!([]));

    // Random bytes, same ETag.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let noise: Vec<u8> = (0..50_000)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect();
    server.set_route(UN_PATH, Route::bytes(noise).with_etag("\"v1\""));
    let (code, results) = update(&data, &config, "un-sc");
    assert_eq!(code, 1, "{results}");
    let result = only(&results, "un-sc");
    assert_eq!(result["status"], "failed");
    assert!(
        result["error"]
            .as_str()
            .unwrap()
            .starts_with("refused, nothing stored: consolidated.xml"),
        "{result}"
    );
    assert_eq!(data.lists(), json!([]));

    // Fixed, with the very ETag the garbage came with.
    server.set_route(UN_PATH, Route::shared(UN_2026).with_etag("\"v1\""));
    let (code, results) = update(&data, &config, "un-sc");
    assert_eq!(code, 0, "{results}");
    let result = only(&results, "un-sc");
    assert_eq!(result["status"], "added");
    assert_eq!(result["version"]["entities"], 1003);
    // No request ever revalidated with the garbage's ETag.
    assert_eq!(if_none_match(&server, UN_PATH), [None, None, None]);
    // Now it is saved: the next update revalidates.
    let (code, results) = update(&data, &config, "un-sc");
    assert_eq!(code, 0);
    assert_eq!(
        results,
        json!([{"source": "un-sc", "status": "not_modified"}])
    );
    assert_eq!(data.lists().as_array().unwrap().len(), 1);
}

/// d) The OFAC SDN CSV set, four files, served as OFAC names them: one
/// version of 13,821 entities, dated by Last-Modified, with the same content
/// hash as the set read from disk; then 304 for all four.
#[test]
fn ofac_csv_set_download() {
    const LAST_MODIFIED: &str = "Thu, 28 Dec 2023 20:15:00 GMT";
    let files = [
        ("/SDN.CSV", "ofac-sdn/2023-12-28/sdn.csv"),
        ("/ADD.CSV", "ofac-sdn/2023-12-28/add.csv"),
        ("/ALT.CSV", "ofac-sdn/2023-12-28/alt.csv"),
        ("/SDN_COMMENTS.CSV", "ofac-sdn/2023-12-28/sdn_comments.csv"),
    ];
    let server = TestServer::start(files.iter().map(|(path, file)| {
        let route = Route::shared(file)
            .with_etag(&format!("\"{}\"", &path[1..]))
            .with_last_modified(LAST_MODIFIED);
        // One compressed in transfer, one chunked: both transparent.
        let route = match *path {
            "/SDN.CSV" => route.gzip(),
            "/ALT.CSV" => route.chunked(),
            _ => route,
        };
        (*path, route)
    }));
    let urls: Vec<String> = files.iter().map(|(path, _)| server.url(path)).collect();
    let config = config("ofac-sdn", &urls);
    let data = Data::new();

    let (code, results) = update(&data, &config, "ofac-sdn");
    assert_eq!(code, 0, "{results}");
    let result = only(&results, "ofac-sdn");
    assert_eq!(result["status"], "added");
    assert_eq!(result["format"], "ofac-csv-set");
    assert_eq!(result["report"]["records"], 49915);
    assert_version(
        &result["version"],
        "ofac-sdn",
        1,
        "2023-12-28",
        13821,
        "ofac-csv-set",
    );
    assert_eq!(result["version"]["sha256"], OFAC_2023_12_28_SHA256);
    assert_eq!(data.lists().as_array().unwrap().len(), 1);
    let show = data.show("ofac-sdn:10481", &[]);
    assert_eq!(show["entity"]["caption"], "SOLEIMANI, Qasem");
    assert_eq!(
        show["entity"]["properties"]["alias"]
            .as_array()
            .unwrap()
            .len(),
        8
    );

    let (code, results) = update(&data, &config, "ofac-sdn");
    assert_eq!(code, 0, "{results}");
    assert_eq!(
        results,
        json!([{"source": "ofac-sdn", "status": "not_modified"}])
    );
    for (path, _) in files {
        assert_eq!(
            if_none_match(&server, path),
            [None, Some(format!("\"{}\"", &path[1..]))],
            "{path}"
        );
    }
    assert_eq!(data.lists().as_array().unwrap().len(), 1);
}
