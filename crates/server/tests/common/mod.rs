//! Helpers for the server's tests: a data directory with real lists
//! imported (UN SC 2018-10-29 and OFAC SDN 2023-12-28 from
//! `$INTERDICT_SHARED/lists`, default `../shared/lists` from the repository
//! root), the router over it, and requests sent through `tower::oneshot`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use interdict_model::SourceId;
use interdict_server::{router, AppState, ServerConfig};
use serde_json::Value;
use tower::ServiceExt;

/// `$INTERDICT_SHARED/lists`.
pub fn lists_dir() -> PathBuf {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("lists")
}

/// A shared list file or folder; it must exist.
pub fn shared(relative: &str) -> PathBuf {
    let path = lists_dir().join(relative);
    assert!(
        path.exists(),
        "{} is missing (set INTERDICT_SHARED)",
        path.display()
    );
    path
}

/// Imports `relative` (a file or a CSV-set folder) as a new version of `source`.
pub fn import(dir: &Path, source: SourceId, relative: &str) {
    let mut lists = interdict_app::DataDir::new(dir)
        .lists()
        .expect("the store opens");
    lists
        .import(source, &[shared(relative)], None)
        .unwrap_or_else(|e| panic!("importing {relative}: {}", interdict_app::error_chain(&e)));
}

/// A data directory with UN SC 2018-10-29 and OFAC SDN 2023-12-28, imported
/// once per test binary and copied for each test.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temp dir");
            import(
                dir.path(),
                SourceId::UnSc,
                "un-sc/consolidated_2018-10-29.xml",
            );
            import(dir.path(), SourceId::OfacSdn, "ofac-sdn/2023-12-28");
            dir
        })
        .path()
}

/// A server over its own copy of the template data directory.
pub struct TestServer {
    pub dir: tempfile::TempDir,
    pub state: Arc<AppState>,
    pub app: Router,
}

/// A response: status, headers, JSON body (`Value::Null` when not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl TestServer {
    /// The lists imported, the index loaded, no rate limit, no polling.
    pub fn start() -> TestServer {
        TestServer::with(|_| {}, true)
    }

    /// Changes the config before starting; loads the index when `load`.
    pub fn with(configure: impl FnOnce(&mut ServerConfig), load: bool) -> TestServer {
        let dir = tempfile::tempdir().expect("a temp dir");
        for entry in std::fs::read_dir(template()).expect("the template") {
            let entry = entry.expect("an entry");
            let name = entry.file_name();
            if name.to_string_lossy().starts_with("interdict.db") {
                std::fs::copy(entry.path(), dir.path().join(&name)).expect("copied");
            }
        }
        let mut config = ServerConfig::new(dir.path());
        config.reload_interval = None;
        config.rate_limit = None;
        configure(&mut config);
        let state = Arc::new(AppState::new(config).expect("the state"));
        if load {
            state.reload().expect("the index loads");
        }
        let app = router(state.clone());
        TestServer { dir, state, app }
    }

    /// A new key of `role` (`screener`, `analyst`, `admin`).
    pub fn key(&self, role: &str) -> String {
        let role: interdict_keys::Role = role.parse().expect("a role");
        let keys = interdict_keys::KeyStore::open(self.dir.path()).expect("the key store");
        keys.create(role, Some("test")).expect("a key").key
    }

    /// Revokes the key with public id `id`.
    pub fn revoke(&self, id: &str) {
        let keys = interdict_keys::KeyStore::open(self.dir.path()).expect("the key store");
        keys.revoke(id).expect("revoked");
    }

    /// Sends a request.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.app.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("the body")
            .to_bytes();
        let text = String::from_utf8_lossy(&bytes).to_string();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
            text,
        }
    }

    /// `GET path` with `key`.
    pub async fn get(&self, path: &str, key: Option<&str>) -> Answer {
        let mut request = Request::get(path);
        if let Some(key) = key {
            request = request.header("authorization", format!("Bearer {key}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// `POST path` with a JSON body and `key`.
    pub async fn post(&self, path: &str, key: Option<&str>, body: &Value) -> Answer {
        self.post_raw(path, key, "application/json", body.to_string().into_bytes())
            .await
    }

    /// `POST path` with any body and content type.
    pub async fn post_raw(
        &self,
        path: &str,
        key: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let mut request = Request::post(path).header("content-type", content_type);
        if let Some(key) = key {
            request = request.header("authorization", format!("Bearer {key}"));
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }
}

/// Asserts an error answer: status, stable code, JSON shape.
pub fn assert_error(answer: &Answer, status: u16, code: &str) {
    assert_eq!(answer.status.as_u16(), status, "body: {}", answer.text);
    assert_eq!(answer.body["error"]["code"], code, "body: {}", answer.text);
    assert!(
        answer.body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "body: {}",
        answer.text
    );
}

/// The ids of a screening answer's results.
pub fn result_ids(answer: &Value) -> Vec<String> {
    answer["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| x["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}
