//! Hostile input: bad and revoked keys, wrong roles, oversized and malformed
//! bodies, wrong content types, injection strings, NUL bytes, huge names,
//! deeply nested JSON, path tricks, rate limits. Every one gets a clean 4xx
//! in our JSON shape, the server answers normally afterwards, and no key
//! secret ever reaches the log.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use common::{assert_error, result_ids, TestServer};
use serde_json::json;

/// Everything logged by this test binary.
fn log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = buffer.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .init();
        buffer
    })
    .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn still_answers(server: &TestServer, key: &str) {
    let answer = server
        .post("/v1/screen", Some(key), &json!({"name": "Qasem Soleimani"}))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(result_ids(&answer.body)[0], "ofac-sdn:10481");
}

#[tokio::test]
async fn keys_roles_and_no_secret_in_the_log() {
    let log = log();
    let server = TestServer::start();
    let screener = server.key("screener");
    let secret = screener.rsplit('_').next().unwrap().to_string();
    let id = screener.split('_').nth(1).unwrap().to_string();

    let body = json!({"name": "Qasem Soleimani"});
    assert_error(
        &server.post("/v1/screen", None, &body).await,
        401,
        "unauthorized",
    );
    assert_error(
        &server.post("/v1/screen", Some("not-a-key"), &body).await,
        401,
        "unauthorized",
    );
    let forged = format!("idk_{id}_{}", "0".repeat(secret.len()));
    assert_error(
        &server.post("/v1/screen", Some(&forged), &body).await,
        401,
        "unauthorized",
    );
    let basic = server
        .send(
            axum::http::Request::get("/v1/lists")
                .header("authorization", format!("Basic {screener}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_error(&basic, 401, "unauthorized");
    assert_eq!(server.get("/v1/lists", Some(&screener)).await.status, 200);

    // Roles: a screener may not review alerts nor reload.
    assert_error(
        &server.get("/v1/alerts", Some(&screener)).await,
        403,
        "forbidden",
    );
    assert_error(
        &server
            .post("/v1/admin/reload", Some(&screener), &json!({}))
            .await,
        403,
        "forbidden",
    );
    let analyst = server.key("analyst");
    assert_eq!(server.get("/v1/alerts", Some(&analyst)).await.status, 200);
    assert_error(
        &server
            .post("/v1/admin/reload", Some(&analyst), &json!({}))
            .await,
        403,
        "forbidden",
    );
    let whoami = server.get("/v1/whoami", Some(&analyst)).await;
    assert_eq!(whoami.body["role"], "analyst");

    still_answers(&server, &screener).await;
    server.revoke(&id);
    // Another process revoked it: the server's key cache notices within
    // interdict_keys::REVALIDATE (1 s).
    let revoked_at = std::time::Instant::now();
    let refused = loop {
        let answer = server.post("/v1/screen", Some(&screener), &body).await;
        if answer.status != 200 || revoked_at.elapsed() > std::time::Duration::from_millis(1500) {
            break answer;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_error(&refused, 401, "unauthorized");
    assert!(
        revoked_at.elapsed() <= interdict_keys::REVALIDATE + std::time::Duration::from_millis(500)
    );
    still_answers(&server, &analyst).await;

    let logged = String::from_utf8_lossy(&log.lock().unwrap()).to_string();
    assert!(logged.contains(&id), "the key id is logged: {logged}");
    assert!(!logged.contains(&secret), "a key secret reached the log");
    assert!(!logged.contains(&screener), "a whole key reached the log");
}

#[tokio::test]
async fn hostile_bodies_get_clean_errors() {
    let _ = log();
    let server = TestServer::with(|config| config.max_body = 64 * 1024, true);
    let key = server.key("screener");

    let big = format!("{{\"name\": \"{}\"}}", "a".repeat(100 * 1024));
    let answer = server
        .post_raw(
            "/v1/screen",
            Some(&key),
            "application/json",
            big.into_bytes(),
        )
        .await;
    assert_error(&answer, 413, "payload_too_large");

    for bad in ["{\"name\": ", "not json", "{\"name\": \"x\",}", "", "[1, 2"] {
        let answer = server
            .post_raw(
                "/v1/screen",
                Some(&key),
                "application/json",
                bad.as_bytes().to_vec(),
            )
            .await;
        assert_eq!(answer.status, 400, "{bad:?}: {}", answer.text);
        assert!(
            ["invalid_json", "bad_request"]
                .contains(&answer.body["error"]["code"].as_str().unwrap()),
            "{}",
            answer.text
        );
    }
    let wrong_type = server
        .post_raw(
            "/v1/screen",
            Some(&key),
            "text/plain",
            b"{\"name\": \"x\"}".to_vec(),
        )
        .await;
    assert_error(&wrong_type, 415, "unsupported_media_type");
    let form = server
        .post_raw(
            "/v1/screen",
            Some(&key),
            "application/x-www-form-urlencoded",
            b"name=x".to_vec(),
        )
        .await;
    assert_error(&form, 415, "unsupported_media_type");
    let not_utf8 = server
        .post_raw(
            "/v1/screen",
            Some(&key),
            "application/json",
            vec![b'{', 0xff, 0xfe, b'}'],
        )
        .await;
    assert_error(&not_utf8, 400, "invalid_json");

    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let answer = server
        .post_raw(
            "/v1/screen",
            Some(&key),
            "application/json",
            nested.into_bytes(),
        )
        .await;
    assert_error(&answer, 400, "invalid_json");
    let wrong_shape = server
        .post("/v1/screen", Some(&key), &json!({"name": ["a", "b"]}))
        .await;
    assert_error(&wrong_shape, 400, "invalid_json");

    let nul = server
        .post(
            "/v1/screen",
            Some(&key),
            &json!({"name": "Qasem\u{0}Soleimani"}),
        )
        .await;
    assert_error(&nul, 400, "bad_request");
    let huge = server
        .post(
            "/v1/screen",
            Some(&key),
            &json!({"name": "x".repeat(10_000)}),
        )
        .await;
    assert_error(&huge, 400, "bad_request");
    let huge_ref = server
        .post(
            "/v1/screen",
            Some(&key),
            &json!({"name": "x", "subject_ref": "r".repeat(10_000)}),
        )
        .await;
    assert_error(&huge_ref, 400, "bad_request");

    // Injection strings are names like any other: screened, nothing executed.
    for name in [
        "'; DROP TABLE versions; --",
        "Robert'); DELETE FROM audit; --",
        "<script>alert(1)</script>",
        "{{7*7}} ${jndi:ldap://x/a}",
        "\u{202e}inamielos",
    ] {
        let answer = server
            .post("/v1/screen", Some(&key), &json!({"name": name}))
            .await;
        assert_eq!(answer.status, 200, "{name}: {}", answer.text);
        assert_eq!(answer.body["query"]["name"], name);
        assert!(
            !answer.text.contains("<script>")
                || answer.headers["content-type"] == "application/json"
        );
    }
    let lists = server.get("/v1/lists", Some(&key)).await;
    assert_eq!(
        lists.body.as_array().unwrap().len(),
        2,
        "the store is intact"
    );
    still_answers(&server, &key).await;
}

#[tokio::test]
async fn path_tricks_and_unknown_routes() {
    let _ = log();
    let server = TestServer::start();
    let key = server.key("screener");
    let traversal = server
        .get("/v1/entities/..%2F..%2Fetc%2Fpasswd", Some(&key))
        .await;
    assert_error(&traversal, 400, "bad_request");
    let encoded_nul = server
        .get("/v1/entities/un-sc:IRi.039%00", Some(&key))
        .await;
    assert_error(&encoded_nul, 400, "bad_request");
    let ui = server.get("/ui/../../Cargo.toml", None).await;
    assert_eq!(ui.status, 404, "{}", ui.text);
    assert!(!ui.text.contains("[workspace]"));
    let ui_encoded = server.get("/ui/..%2F..%2FCargo.toml", None).await;
    assert_eq!(ui_encoded.status, 404, "{}", ui_encoded.text);
    assert!(!ui_encoded.text.contains("[workspace]"));
    assert_error(
        &server.get("/v1/nothing-here", Some(&key)).await,
        404,
        "not_found",
    );
    assert_error(
        &server
            .get("/v1/alerts/abc", Some(&server.key("analyst")))
            .await,
        400,
        "bad_request",
    );
    let method = server.get("/v1/screen", Some(&key)).await;
    assert_eq!(method.status, 405);
    assert_eq!(method.body["error"]["code"], "method_not_allowed");
    let bad_query = server
        .get("/v1/entities/un-sc:IRi.039?version=abc", Some(&key))
        .await;
    assert_error(&bad_query, 400, "bad_request");
    still_answers(&server, &key).await;
}

#[tokio::test]
async fn rate_limit_per_key_with_retry_after() {
    let _ = log();
    let server = TestServer::with(|config| config.rate_limit = Some(3), true);
    let busy = server.key("screener");
    let calm = server.key("screener");
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(server.get("/v1/whoami", Some(&busy)).await.status.as_u16());
    }
    assert_eq!(&statuses[..3], &[200, 200, 200], "{statuses:?}");
    assert!(statuses[3..].contains(&429), "{statuses:?}");
    let limited = server.get("/v1/whoami", Some(&busy)).await;
    assert_error(&limited, 429, "rate_limited");
    let wait: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=1).contains(&wait), "{wait}");
    // Another key has its own bucket.
    assert_eq!(server.get("/v1/whoami", Some(&calm)).await.status, 200);
}
