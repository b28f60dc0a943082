//! Downloads against a loopback server serving the real list files: caching
//! validators, retries, cut-off and oversize bodies, garbage, secrets.

mod support;

use std::io::Write as _;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use interdict_fetch::{
    fetch_source, Config, FetchError, FetchOutcome, FetchedFile, FileSpec, HttpConfig,
    SourceConfig, Validators,
};
use interdict_model::SourceId;
use support::{shared_bytes, Route, TestServer};

const SDN_SET: [(&str, &str); 4] = [
    ("/SDN.CSV", "ofac-sdn/2023-12-28/sdn.csv"),
    ("/ADD.CSV", "ofac-sdn/2023-12-28/add.csv"),
    ("/ALT.CSV", "ofac-sdn/2023-12-28/alt.csv"),
    ("/SDN_COMMENTS.CSV", "ofac-sdn/2023-12-28/sdn_comments.csv"),
];
const UN_2026: &str = "un-sc/consolidated_2026-02-27.xml";

/// A configuration with only `source`, pointing at `urls`, quick to give up.
fn config(source: SourceId, urls: &[String]) -> Config {
    let mut config = Config {
        http: HttpConfig {
            user_agent: "interdict-test/1".to_string(),
            connect_timeout_ms: 2_000,
            read_timeout_ms: 2_000,
            timeout_ms: 10_000,
            retries: 2,
            backoff_ms: 1,
            max_backoff_ms: 5,
            max_retry_after_ms: 50,
            max_bytes: 64 << 20,
        },
        sources: Default::default(),
    };
    config.sources.insert(
        source,
        SourceConfig {
            enabled: true,
            files: urls.iter().map(|url| FileSpec::new(url)).collect(),
            headers: Default::default(),
            max_bytes: None,
        },
    );
    config
}

fn sdn_server() -> TestServer {
    TestServer::start(SDN_SET.iter().enumerate().map(|(i, (path, file))| {
        (
            *path,
            Route::shared(file)
                .with_etag(&format!("\"sdn-{i}-v1\""))
                .with_last_modified("Thu, 28 Dec 2023 21:05:11 GMT"),
        )
    }))
}

fn sdn_urls(server: &TestServer) -> Vec<String> {
    SDN_SET.iter().map(|(path, _)| server.url(path)).collect()
}

fn fetched(outcome: FetchOutcome) -> Vec<FetchedFile> {
    match outcome {
        FetchOutcome::Fetched { files } => files,
        FetchOutcome::NotModified => panic!("expected a download, got NotModified"),
    }
}

#[test]
fn whole_set_with_etags_then_304_on_revalidation() {
    let server = sdn_server();
    let config = config(SourceId::OfacSdn, &sdn_urls(&server));

    let files = fetched(fetch_source(&config, SourceId::OfacSdn, &[]).unwrap());
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"]);
    let sizes: Vec<usize> = files.iter().map(|f| f.bytes.len()).collect();
    assert_eq!(sizes, [3_477_010, 1_226_935, 888_775, 18_656]);
    for (file, (_, shared)) in files.iter().zip(SDN_SET) {
        assert!(file.bytes == shared_bytes(shared), "{} differs", file.name);
    }
    // The legacy OFAC CSVs end with a ^Z byte: the file arrived to its end.
    assert_eq!(files[0].bytes.last(), Some(&0x1A));
    assert_eq!(files[0].validators.etag.as_deref(), Some("\"sdn-0-v1\""));
    assert_eq!(
        files[3].validators.last_modified.as_deref(),
        Some("Thu, 28 Dec 2023 21:05:11 GMT")
    );
    assert_eq!(
        files[0].last_modified_date,
        NaiveDate::from_ymd_opt(2023, 12, 28)
    );
    assert_eq!(files[1].url, server.url("/ADD.CSV"));
    assert_eq!(files[1].validators.url, files[1].url);
    let first = &server.requests_to("/SDN.CSV")[0];
    assert_eq!(first.header("if-none-match"), None);
    assert_eq!(first.header("user-agent"), Some("interdict-test/1"));

    let prior: Vec<Validators> = files.iter().map(|f| f.validators.clone()).collect();
    let again = fetch_source(&config, SourceId::OfacSdn, &prior).unwrap();
    assert_eq!(again, FetchOutcome::NotModified);
    for (i, (path, _)) in SDN_SET.iter().enumerate() {
        assert_eq!(server.hits(path), 2, "{path}");
        let second = &server.requests_to(path)[1];
        assert_eq!(
            second.header("if-none-match"),
            Some(format!("\"sdn-{i}-v1\"").as_str())
        );
        assert_eq!(
            second.header("if-modified-since"),
            Some("Thu, 28 Dec 2023 21:05:11 GMT")
        );
    }
}

#[test]
fn last_modified_alone_revalidates_and_dates_the_file() {
    let server = TestServer::start([(
        "/consolidated.xml",
        Route::shared(UN_2026).with_last_modified("Fri, 27 Feb 2026 10:15:00 GMT"),
    )]);
    let config = config(SourceId::UnSc, &[server.url("/consolidated.xml")]);
    let files = fetched(fetch_source(&config, SourceId::UnSc, &[]).unwrap());
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].bytes.len(), 2_030_620);
    assert!(files[0].bytes == shared_bytes(UN_2026));
    assert_eq!(files[0].validators.etag, None);
    assert_eq!(
        files[0].last_modified_date,
        NaiveDate::from_ymd_opt(2026, 2, 27)
    );

    let prior = [files[0].validators.clone()];
    assert_eq!(
        fetch_source(&config, SourceId::UnSc, &prior).unwrap(),
        FetchOutcome::NotModified
    );
    let second = &server.requests_to("/consolidated.xml")[1];
    assert_eq!(
        second.header("if-modified-since"),
        Some("Fri, 27 Feb 2026 10:15:00 GMT")
    );
    assert_eq!(second.header("if-none-match"), None);
}

#[test]
fn one_changed_file_brings_the_whole_set() {
    let server = sdn_server();
    let config = config(SourceId::OfacSdn, &sdn_urls(&server));
    let first = fetched(fetch_source(&config, SourceId::OfacSdn, &[]).unwrap());
    let prior: Vec<Validators> = first.iter().map(|f| f.validators.clone()).collect();

    // OFAC republishes: only alt.csv changed (here: the 2021 file stands in).
    server.set_route(
        "/ALT.CSV",
        Route::shared("ofac-sdn/2021-07-07/alt.csv").with_etag("\"sdn-2-v2\""),
    );
    let files = fetched(fetch_source(&config, SourceId::OfacSdn, &prior).unwrap());
    assert_eq!(files.len(), 4);
    assert!(files[2].bytes == shared_bytes("ofac-sdn/2021-07-07/alt.csv"));
    assert_ne!(files[2].bytes.len(), 888_775);
    assert_eq!(files[2].validators.etag.as_deref(), Some("\"sdn-2-v2\""));
    for i in [0, 1, 3] {
        assert!(files[i].bytes == first[i].bytes, "{}", files[i].name);
    }
    // SDN.CSV and ADD.CSV answered 304 first and were fetched again without
    // conditions; SDN_COMMENTS.CSV came after the change, unconditionally.
    let sdn = server.requests_to("/SDN.CSV");
    assert_eq!(sdn.len(), 3);
    assert_eq!(sdn[1].header("if-none-match"), Some("\"sdn-0-v1\""));
    assert_eq!(sdn[2].header("if-none-match"), None);
    assert_eq!(server.hits("/ADD.CSV"), 3);
    assert_eq!(server.hits("/ALT.CSV"), 1);
    let comments = server.requests_to("/SDN_COMMENTS.CSV");
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[1].header("if-none-match"), None);
}

#[test]
fn a_body_cut_off_midway_is_an_error_after_retries() {
    let half = 2_030_620 / 2;
    let server = TestServer::start([(
        "/consolidated.xml",
        Route::shared(UN_2026).truncate_after(half),
    )]);
    let url = server.url("/consolidated.xml");
    let config = config(SourceId::UnSc, std::slice::from_ref(&url));
    let err = fetch_source(&config, SourceId::UnSc, &[]).unwrap_err();
    match &err {
        FetchError::Truncated {
            url: err_url,
            received,
            expected,
            attempts,
            ..
        } => {
            assert_eq!(err_url, &url);
            assert_eq!(*received, half as u64);
            assert_eq!(*expected, Some(2_030_620));
            assert_eq!(*attempts, 3);
        }
        other => panic!("expected Truncated, got {other:?}"),
    }
    assert_eq!(server.hits("/consolidated.xml"), 3);
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "{url}: transfer cut off after 1015310 bytes of 2030620"
        )),
        "{message}"
    );
    assert!(message.ends_with("(after 3 attempts)"), "{message}");
}

#[test]
fn a_cut_off_chunked_body_is_an_error() {
    let server = TestServer::start([(
        "/consolidated.xml",
        Route::shared(UN_2026).chunked().truncate_after(100_000),
    )]);
    let config = config(SourceId::UnSc, &[server.url("/consolidated.xml")]);
    let err = fetch_source(&config, SourceId::UnSc, &[]).unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Truncated {
                expected: None,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.hits("/consolidated.xml"), 3);
}

#[test]
fn a_whole_chunked_body_arrives() {
    let server = TestServer::start([("/consolidated.xml", Route::shared(UN_2026).chunked())]);
    let config = config(SourceId::UnSc, &[server.url("/consolidated.xml")]);
    let files = fetched(fetch_source(&config, SourceId::UnSc, &[]).unwrap());
    assert!(files[0].bytes == shared_bytes(UN_2026));
}

#[test]
fn a_close_delimited_body_arrives() {
    // No Content-Length, no chunking: the body ends with the connection.
    // (Completeness cannot be checked then; the fetcher logs a warning.)
    let server = TestServer::start([(
        "/consolidated.xml",
        Route::shared(UN_2026).without_content_length(),
    )]);
    let config = config(SourceId::UnSc, &[server.url("/consolidated.xml")]);
    let files = fetched(fetch_source(&config, SourceId::UnSc, &[]).unwrap());
    assert!(files[0].bytes == shared_bytes(UN_2026));
}

#[test]
fn nothing_is_lost_when_a_download_fails() {
    // The first attempt is cut off, the retry succeeds: the file is whole.
    let server = TestServer::start([(
        "/consolidated.xml",
        Route::shared(UN_2026)
            .with_etag("\"un-1\"")
            .truncate_first(1, 500_000),
    )]);
    let config = config(SourceId::UnSc, &[server.url("/consolidated.xml")]);
    let files = fetched(fetch_source(&config, SourceId::UnSc, &[]).unwrap());
    assert_eq!(server.hits("/consolidated.xml"), 2);
    assert!(files[0].bytes == shared_bytes(UN_2026));
    let prior = [files[0].validators.clone()];

    // A new publication whose every transfer breaks: an error, and the caller
    // keeps its prior validators (and version).
    server.set_route(
        "/consolidated.xml",
        Route::shared("un-sc/consolidated_2020-11-24.xml")
            .with_etag("\"un-2\"")
            .truncate_after(1_000),
    );
    assert!(matches!(
        fetch_source(&config, SourceId::UnSc, &prior),
        Err(FetchError::Truncated { .. })
    ));
    // Once the server is mended, the same prior validators bring the new file.
    server.set_route(
        "/consolidated.xml",
        Route::shared("un-sc/consolidated_2020-11-24.xml").with_etag("\"un-2\""),
    );
    let files = fetched(fetch_source(&config, SourceId::UnSc, &prior).unwrap());
    assert_eq!(files[0].bytes.len(), 1_601_008);
    assert_eq!(files[0].validators.etag.as_deref(), Some("\"un-2\""));
}

#[test]
fn a_failure_in_one_file_fails_the_set() {
    let server = sdn_server();
    server.set_route("/ALT.CSV", Route::status(500));
    let config = config(SourceId::OfacSdn, &sdn_urls(&server));
    let err = fetch_source(&config, SourceId::OfacSdn, &[]).unwrap_err();
    assert!(
        matches!(
            &err,
            FetchError::Status {
                status: 500,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("{}: HTTP 500 (after 3 attempts)", server.url("/ALT.CSV"))
    );
    // The set stops at the broken file.
    assert_eq!(server.hits("/SDN_COMMENTS.CSV"), 0);
}

#[test]
fn service_unavailable_twice_then_success() {
    let server = TestServer::start([(
        "/consolidated.csv",
        Route::bytes(b"name,source\nACME,Entity List\n".to_vec()).fail_first(2, 503),
    )]);
    let config = config(SourceId::UsCsl, &[server.url("/consolidated.csv")]);
    let files = fetched(fetch_source(&config, SourceId::UsCsl, &[]).unwrap());
    assert_eq!(files[0].bytes, b"name,source\nACME,Entity List\n");
    assert_eq!(server.hits("/consolidated.csv"), 3);
}

#[test]
fn retry_after_is_obeyed_up_to_the_cap() {
    // The server asks for an hour; the configuration caps waits at 50 ms.
    let server = TestServer::start([(
        "/consolidated.csv",
        Route::bytes(b"ok".to_vec())
            .fail_first(1, 429)
            .with_retry_after("3600"),
    )]);
    let config = config(SourceId::UsCsl, &[server.url("/consolidated.csv")]);
    let started = Instant::now();
    let files = fetched(fetch_source(&config, SourceId::UsCsl, &[]).unwrap());
    let elapsed = started.elapsed();
    assert_eq!(files[0].bytes, b"ok");
    assert_eq!(server.hits("/consolidated.csv"), 2);
    assert!(elapsed >= Duration::from_millis(50), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[test]
fn not_found_is_not_retried() {
    let server = TestServer::start(std::iter::empty());
    let url = server.url("/ConList.csv");
    let config = config(SourceId::UkHmt, std::slice::from_ref(&url));
    let err = fetch_source(&config, SourceId::UkHmt, &[]).unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Status {
                status: 404,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.to_string(), format!("{url}: HTTP 404"));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn garbage_arrives_intact_for_the_parser_to_refuse() {
    let garbage: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let damaged = "bad/un-sc_consolidated_2024-10-16_reformatted_unescaped_ampersands.xml";
    let server = TestServer::start([
        ("/garbage.csv", Route::bytes(garbage.clone())),
        ("/consolidated.xml", Route::shared(damaged)),
    ]);
    let csl = config(SourceId::UsCsl, &[server.url("/garbage.csv")]);
    let files = fetched(fetch_source(&csl, SourceId::UsCsl, &[]).unwrap());
    assert!(files[0].bytes == garbage);

    let un = config(SourceId::UnSc, &[server.url("/consolidated.xml")]);
    let files = fetched(fetch_source(&un, SourceId::UnSc, &[]).unwrap());
    assert!(files[0].bytes == shared_bytes(damaged));
}

#[test]
fn oversize_is_refused() {
    let server = TestServer::start([
        ("/declared.xml", Route::shared(UN_2026)),
        ("/chunked.xml", Route::shared(UN_2026).chunked()),
        ("/bomb.csv", Route::bytes(vec![b'0'; 4 << 20]).gzip()),
    ]);
    let mut config = config(
        SourceId::UnSc,
        &[
            server.url("/declared.xml"),
            server.url("/chunked.xml"),
            server.url("/bomb.csv"),
        ],
    );
    config.http.max_bytes = 1_000_000;
    let files = config.sources[&SourceId::UnSc].files.clone();

    // Content-Length over the limit: refused before reading, not retried.
    let err = fetch_source(&config, SourceId::UnSc, &[]).unwrap_err();
    match &err {
        FetchError::TooLarge {
            limit, declared, ..
        } => {
            assert_eq!(*limit, 1_000_000);
            assert_eq!(*declared, Some(2_030_620));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!(
            "{}: larger than the limit of 1000000 bytes (Content-Length 2030620)",
            server.url("/declared.xml")
        )
    );
    assert_eq!(server.hits("/declared.xml"), 1);

    // No Content-Length (chunked): refused while reading.
    let only = |file: &FileSpec| {
        let mut config = config.clone();
        config.sources.get_mut(&SourceId::UnSc).unwrap().files = vec![file.clone()];
        config
    };
    let err = fetch_source(&only(&files[1]), SourceId::UnSc, &[]).unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { declared: None, .. }),
        "{err:?}"
    );
    assert_eq!(server.hits("/chunked.xml"), 1);

    // 4 MiB of zeros gzipped to a few KiB: the decompressed size counts.
    let err = fetch_source(&only(&files[2]), SourceId::UnSc, &[]).unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
    assert_eq!(server.hits("/bomb.csv"), 1);

    // A source's own limit overrides the global one.
    let mut roomy = only(&files[0]);
    roomy.sources.get_mut(&SourceId::UnSc).unwrap().max_bytes = Some(3_000_000);
    assert_eq!(
        fetched(fetch_source(&roomy, SourceId::UnSc, &[]).unwrap())[0]
            .bytes
            .len(),
        2_030_620
    );
}

#[test]
fn gzip_transfer_encoding_is_transparent() {
    let server = TestServer::start([(
        "/SDN.CSV",
        Route::shared("ofac-sdn/2023-12-28/sdn.csv").gzip(),
    )]);
    let config = config(SourceId::OfacSdn, &[server.url("/SDN.CSV")]);
    let files = fetched(fetch_source(&config, SourceId::OfacSdn, &[]).unwrap());
    assert_eq!(files[0].bytes.len(), 3_477_010);
    assert!(files[0].bytes == shared_bytes("ofac-sdn/2023-12-28/sdn.csv"));
    let request = &server.requests_to("/SDN.CSV")[0];
    assert!(request.header("accept-encoding").unwrap().contains("gzip"));
}

#[test]
fn a_gzip_file_is_delivered_as_published() {
    // A .csv.gz is a file format, not a transfer encoding: bytes stay compressed.
    let path = "us-csl/consolidated_2022-05-06.csv.gz";
    let server = TestServer::start([("/consolidated.csv.gz", Route::shared(path))]);
    let config = config(SourceId::UsCsl, &[server.url("/consolidated.csv.gz")]);
    let files = fetched(fetch_source(&config, SourceId::UsCsl, &[]).unwrap());
    assert_eq!(files[0].name, "consolidated.csv.gz");
    assert_eq!(files[0].bytes.len(), 1_386_578);
    assert_eq!(&files[0].bytes[..2], &[0x1f, 0x8b]);
}

#[test]
fn a_stalled_transfer_times_out() {
    let server = TestServer::start([(
        "/consolidated.xml",
        Route::bytes(b"<xml/>".to_vec()).stall(Duration::from_secs(2)),
    )]);
    let mut config = config(SourceId::UnSc, &[server.url("/consolidated.xml")]);
    config.http.read_timeout_ms = 100;
    config.http.retries = 1;
    let started = Instant::now();
    let err = fetch_source(&config, SourceId::UnSc, &[]).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(1_500),
        "{:?}",
        started.elapsed()
    );
    match &err {
        FetchError::Transport {
            reason, attempts, ..
        } => {
            assert!(reason.contains("timed out"), "{reason}");
            assert_eq!(*attempts, 2);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(server.hits("/consolidated.xml"), 2);
}

#[test]
fn connection_refused_is_retried_then_reported() {
    // A port that was just free: nothing listens there.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/consolidated.xml");
    let config = config(SourceId::UnSc, std::slice::from_ref(&url));
    let err = fetch_source(&config, SourceId::UnSc, &[]).unwrap_err();
    assert!(
        matches!(&err, FetchError::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert!(err.to_string().starts_with(&format!("{url}: ")), "{err}");
}

#[test]
fn unconditional_304_and_partial_content_are_refused() {
    let server = TestServer::start([
        ("/a.xml", Route::status(304)),
        ("/b.xml", Route::status(206)),
    ]);
    let a = config(SourceId::UnSc, &[server.url("/a.xml")]);
    let err = fetch_source(&a, SourceId::UnSc, &[]).unwrap_err();
    assert!(matches!(err, FetchError::Protocol { .. }), "{err:?}");
    let b = config(SourceId::UnSc, &[server.url("/b.xml")]);
    let err = fetch_source(&b, SourceId::UnSc, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: HTTP 206 Partial Content where a whole file (200) was expected",
            server.url("/b.xml")
        )
    );
}

#[test]
fn disabled_and_unconfigured_sources() {
    let mut config = config(SourceId::UnSc, &["http://127.0.0.1:9/x.xml".to_string()]);
    config.sources.get_mut(&SourceId::UnSc).unwrap().enabled = false;
    assert_eq!(
        fetch_source(&config, SourceId::UnSc, &[])
            .unwrap_err()
            .to_string(),
        "source un-sc is disabled in the download configuration"
    );
    assert_eq!(
        fetch_source(&config, SourceId::EuFsf, &[])
            .unwrap_err()
            .to_string(),
        "source eu-fsf has no entry in the download configuration"
    );
    // The official defaults keep the EU disabled until a token is configured.
    assert!(matches!(
        fetch_source(&Config::default_official(), SourceId::EuFsf, &[]),
        Err(FetchError::Disabled {
            source_id: SourceId::EuFsf
        })
    ));
}

#[test]
fn a_missing_token_names_the_variable_not_a_value() {
    let mut eu = Config::default_official();
    eu.sources.get_mut(&SourceId::EuFsf).unwrap().enabled = true;
    std::env::remove_var("INTERDICT_EU_FSF_TOKEN");
    let err = fetch_source(&eu, SourceId::EuFsf, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=REDACTED: \
         environment variable INTERDICT_EU_FSF_TOKEN is not set (the URL or a header uses ${INTERDICT_EU_FSF_TOKEN})"
    );
}

#[test]
fn the_server_records_and_stops() {
    let server = TestServer::start([("/x", Route::bytes(b"x".to_vec()))]);
    let addr = server.addr();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /x?q=1 HTTP/1.1\r\nHost: t\r\nX-Test: yes\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nx"), "{answer}");
    let request = &server.requests()[0];
    assert_eq!(request.path(), "/x");
    assert_eq!(request.header("X-TEST"), Some("yes"));
    drop(server);
    // Stopped: nothing is answered any more.
    let refused = std::net::TcpStream::connect(addr)
        .and_then(|mut s| {
            s.set_read_timeout(Some(Duration::from_millis(500)))?;
            s.write_all(b"GET /x HTTP/1.1\r\n\r\n")?;
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut s, &mut buf).map(|_| buf)
        })
        .map(|buf| buf.is_empty())
        .unwrap_or(true);
    assert!(refused);
}
