//! Secrets (a token in a URL query, an `Authorization` header, `${ENV}`
//! values) must not show in errors or logs. Its own test binary: `tracing`
//! caches per-callsite interest process-wide, so capturing logs while other
//! tests run in parallel threads would be unreliable.

mod support;

use std::sync::{Arc, Mutex};

use interdict_fetch::{fetch_source, Config, FileSpec, HttpConfig, SourceConfig};
use interdict_model::SourceId;
use support::{Route, TestServer};

fn config(source: SourceId, urls: &[String]) -> Config {
    let mut config = Config {
        http: HttpConfig {
            retries: 2,
            backoff_ms: 1,
            max_backoff_ms: 5,
            ..HttpConfig::default()
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

/// Collects everything `tracing` writes, at every level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[test]
fn secrets_stay_out_of_errors_and_logs() {
    const TOKEN: &str = "eu-token-8f3a91c2";
    const BEARER: &str = "bearer-secret-55e0d7";
    const LITERAL: &str = "literal-key-a1b2c3";
    std::env::set_var("INTERDICT_TEST_FETCH_TOKEN", TOKEN);
    std::env::set_var("INTERDICT_TEST_FETCH_BEARER", BEARER);

    let server = TestServer::start([
        ("/fsf/content", Route::status(503)),
        ("/mirror/SDN.CSV", Route::status(403)),
    ]);
    let mut eu = config(SourceId::EuFsf, &[]);
    let settings = eu.sources.get_mut(&SourceId::EuFsf).unwrap();
    settings.files = vec![FileSpec::named(
        &server.url("/fsf/content?token=${INTERDICT_TEST_FETCH_TOKEN}&lang=en"),
        "eu.xml",
    )];
    settings.headers.insert(
        "Authorization".to_string(),
        "Bearer ${INTERDICT_TEST_FETCH_BEARER}".to_string(),
    );
    let mut sdn = config(
        SourceId::OfacSdn,
        &[server.url(&format!("/mirror/SDN.CSV?api_key={LITERAL}"))],
    );
    sdn.sources
        .get_mut(&SourceId::OfacSdn)
        .unwrap()
        .headers
        .insert("X-Api-Key".to_string(), BEARER.to_string());

    // ureq logs through the `log` crate; bridge it as the CLI would, at the
    // debug level (ureq prints full URLs only at trace: the CLI must not
    // enable trace for ureq in production).
    tracing_log::LogTracer::builder()
        .with_max_level(tracing_log::log::LevelFilter::Debug)
        .init()
        .unwrap();
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let (eu_err, sdn_err) = tracing::subscriber::with_default(subscriber, || {
        (
            fetch_source(&eu, SourceId::EuFsf, &[]).unwrap_err(),
            fetch_source(&sdn, SourceId::OfacSdn, &[]).unwrap_err(),
        )
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();

    // The secrets did reach the server, so the test is not vacuous ...
    let eu_request = &server.requests_to("/fsf/content")[0];
    assert_eq!(
        eu_request.target,
        format!("/fsf/content?token={TOKEN}&lang=en")
    );
    assert_eq!(
        eu_request.header("authorization"),
        Some(format!("Bearer {BEARER}").as_str())
    );
    assert_eq!(server.hits("/fsf/content"), 3);
    assert!(logs.contains("retrying"), "{logs}");
    // ... but no error, debug form or log line shows them.
    assert_eq!(
        eu_err.to_string(),
        format!(
            "{}: HTTP 503 (after 3 attempts)",
            server.url("/fsf/content?token=REDACTED&lang=en")
        )
    );
    assert_eq!(
        sdn_err.to_string(),
        format!(
            "{}: HTTP 403",
            server.url("/mirror/SDN.CSV?api_key=REDACTED")
        )
    );
    for text in [
        eu_err.to_string(),
        format!("{eu_err:?}"),
        sdn_err.to_string(),
        format!("{sdn_err:?}"),
        logs.clone(),
    ] {
        for secret in [TOKEN, BEARER, LITERAL] {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }
    assert!(logs.contains("token=REDACTED"), "{logs}");
    // ureq's own lines came through the bridge and are covered above.
    assert!(logs.contains("ureq"), "{logs}");
}
