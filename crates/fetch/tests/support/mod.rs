//! A loopback HTTP server for download tests.
//!
//! The machine has no internet, and a downloader must be tested against the
//! failures real servers produce: bodies cut off mid-transfer, 503s, garbage,
//! stalls. This server binds `127.0.0.1:0`, serves routes whose behaviour each
//! test scripts ([`Route`]), records every request ([`RecordedRequest`]), and
//! stops when dropped. It uses only `std` and `flate2` (for gzip), so other
//! crates' tests can include it:
//!
//! ```ignore
//! #[path = "../../fetch/tests/support/mod.rs"]
//! mod support;
//! let server = support::TestServer::start([
//!     ("/SDN.CSV", support::Route::shared("ofac-sdn/2023-12-28/sdn.csv").with_etag("\"v1\"")),
//!     ("/consolidated.xml", support::Route::status(503).fail_first(2, 503)),
//! ]);
//! let url = server.url("/SDN.CSV");
//! ```
//!
//! Every connection is answered with `Connection: close`; a request for a path
//! without a route gets 404. Request loops are the client's: the server only
//! answers.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// `$INTERDICT_SHARED/lists`, by default `../shared/lists` seen from the
/// repository root (the same rule as the parse crate's tests).
pub fn lists_dir() -> PathBuf {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("lists")
}

/// The bytes of a shared list file (`relative` to [`lists_dir`]).
pub fn shared_bytes(relative: &str) -> Vec<u8> {
    let path = lists_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// How the server answers requests for one path.
#[derive(Clone, Debug)]
pub struct Route {
    status: u16,
    body: Vec<u8>,
    etag: Option<String>,
    last_modified: Option<String>,
    headers: Vec<(String, String)>,
    fail_first: usize,
    fail_status: u16,
    retry_after: Option<String>,
    truncate_at: Option<usize>,
    truncate_times: usize,
    gzip: bool,
    chunked: bool,
    content_length: bool,
    stall: Option<Duration>,
}

impl Route {
    /// 200 with `body`.
    pub fn bytes(body: impl Into<Vec<u8>>) -> Route {
        Route {
            status: 200,
            body: body.into(),
            etag: None,
            last_modified: None,
            headers: Vec::new(),
            fail_first: 0,
            fail_status: 503,
            retry_after: None,
            truncate_at: None,
            truncate_times: usize::MAX,
            gzip: false,
            chunked: false,
            content_length: true,
            stall: None,
        }
    }

    /// 200 with the bytes of the file at `path` (read now).
    pub fn file(path: impl AsRef<Path>) -> Route {
        let path = path.as_ref();
        let body = std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        Route::bytes(body)
    }

    /// 200 with the bytes of a shared list file, `relative` to [`lists_dir`].
    pub fn shared(relative: &str) -> Route {
        Route::bytes(shared_bytes(relative))
    }

    /// Always `status`, with a short text body.
    pub fn status(status: u16) -> Route {
        let mut route = Route::bytes(format!("status {status}\n"));
        route.status = status;
        route
    }

    /// Sends this `ETag` and answers a matching `If-None-Match` with 304.
    pub fn with_etag(mut self, etag: &str) -> Route {
        self.etag = Some(etag.to_string());
        self
    }

    /// Sends this `Last-Modified` and answers an identical `If-Modified-Since`
    /// (when no `If-None-Match` came) with 304.
    pub fn with_last_modified(mut self, http_date: &str) -> Route {
        self.last_modified = Some(http_date.to_string());
        self
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: &str, value: &str) -> Route {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The first `times` requests get `status` (e.g. 503) instead.
    pub fn fail_first(mut self, times: usize, status: u16) -> Route {
        self.fail_first = times;
        self.fail_status = status;
        self
    }

    /// Sends `Retry-After: value` with the failures of [`Route::fail_first`].
    pub fn with_retry_after(mut self, value: &str) -> Route {
        self.retry_after = Some(value.to_string());
        self
    }

    /// Every 200 announces the whole body but sends only its first `bytes`
    /// bytes, then closes the connection.
    pub fn truncate_after(mut self, bytes: usize) -> Route {
        self.truncate_at = Some(bytes);
        self.truncate_times = usize::MAX;
        self
    }

    /// Like [`Route::truncate_after`], for the first `times` 200s only.
    pub fn truncate_first(mut self, times: usize, bytes: usize) -> Route {
        self.truncate_at = Some(bytes);
        self.truncate_times = times;
        self
    }

    /// Compresses the body (`Content-Encoding: gzip`) when the client accepts it.
    pub fn gzip(mut self) -> Route {
        self.gzip = true;
        self
    }

    /// Sends the body with `Transfer-Encoding: chunked`.
    pub fn chunked(mut self) -> Route {
        self.chunked = true;
        self
    }

    /// Sends no `Content-Length`: the body ends when the connection closes.
    pub fn without_content_length(mut self) -> Route {
        self.content_length = false;
        self
    }

    /// Waits `pause` after the response head before sending the body.
    pub fn stall(mut self, pause: Duration) -> Route {
        self.stall = Some(pause);
        self
    }
}

/// One request the server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, ...
    pub method: String,
    /// The request target as sent: path and query.
    pub target: String,
    /// The headers, names lower-cased, in order.
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The path part of the target.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or(&self.target)
    }

    /// The value of header `name` (case-insensitive), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}

struct RouteState {
    route: Route,
    hits: usize,
    served: usize,
}

struct State {
    routes: Mutex<HashMap<String, RouteState>>,
    requests: Mutex<Vec<RecordedRequest>>,
    stop: AtomicBool,
}

/// A running loopback server; stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<State>,
    accept: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Binds `127.0.0.1:0` and serves `routes` (path → behaviour).
    pub fn start<'a>(routes: impl IntoIterator<Item = (&'a str, Route)>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State {
            routes: Mutex::new(
                routes
                    .into_iter()
                    .map(|(path, route)| {
                        (
                            path.to_string(),
                            RouteState {
                                route,
                                hits: 0,
                                served: 0,
                            },
                        )
                    })
                    .collect(),
            ),
            requests: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
        });
        let accept_state = Arc::clone(&state);
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if accept_state.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let state = Arc::clone(&accept_state);
                std::thread::spawn(move || {
                    let _ = handle(stream, &state);
                });
            }
        });
        TestServer {
            addr,
            state,
            accept: Some(accept),
        }
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` followed by `path_and_query`.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://{}{}", self.addr, path_and_query)
    }

    /// Replaces (or adds) the route for `path`; its counters start again.
    pub fn set_route(&self, path: &str, route: Route) {
        self.state.routes.lock().unwrap().insert(
            path.to_string(),
            RouteState {
                route,
                hits: 0,
                served: 0,
            },
        );
    }

    /// How many requests reached the route for `path` since it was set.
    pub fn hits(&self, path: &str) -> usize {
        self.state
            .routes
            .lock()
            .unwrap()
            .get(path)
            .map_or(0, |state| state.hits)
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The requests for `path`, in order.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|request| request.path() == path)
            .collect()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// What one request gets, decided under the lock.
struct Plan {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    truncate_at: Option<usize>,
    chunked: bool,
    content_length: bool,
    stall: Option<Duration>,
}

fn handle(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let Some(request) = read_request(&mut stream)? else {
        return Ok(());
    };
    if state.stop.load(Ordering::SeqCst) {
        return Ok(());
    }
    state.requests.lock().unwrap().push(request.clone());
    let plan = plan(&request, state);
    respond(&mut stream, plan)
}

fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<RecordedRequest>> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Ok(None);
        }
        head.extend_from_slice(&buffer[..n]);
        if head.len() > 64 * 1024 {
            return Ok(None);
        }
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let headers = lines
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    Ok(Some(RecordedRequest {
        method,
        target,
        headers,
    }))
}

fn plan(request: &RecordedRequest, state: &State) -> Plan {
    let mut routes = state.routes.lock().unwrap();
    let Some(entry) = routes.get_mut(request.path()) else {
        return simple(404, b"no such route\n".to_vec(), Vec::new());
    };
    entry.hits += 1;
    let route = &entry.route;
    if entry.hits <= route.fail_first {
        let mut headers = Vec::new();
        if let Some(retry_after) = &route.retry_after {
            headers.push(("Retry-After".to_string(), retry_after.clone()));
        }
        return simple(
            route.fail_status,
            format!("failure {} of {}\n", entry.hits, route.fail_first).into_bytes(),
            headers,
        );
    }

    let mut headers = route.headers.clone();
    if let Some(etag) = &route.etag {
        headers.push(("ETag".to_string(), etag.clone()));
    }
    if let Some(date) = &route.last_modified {
        headers.push(("Last-Modified".to_string(), date.clone()));
    }
    let not_modified = match request.header("if-none-match") {
        Some(asked) => route.etag.as_ref().is_some_and(|etag| {
            asked
                .split(',')
                .map(str::trim)
                .any(|candidate| candidate == "*" || candidate == etag)
        }),
        None => match (request.header("if-modified-since"), &route.last_modified) {
            (Some(asked), Some(date)) => asked == date,
            _ => false,
        },
    };
    if route.status == 200 && not_modified {
        return simple(304, Vec::new(), headers);
    }
    if route.status != 200 {
        return simple(route.status, route.body.clone(), headers);
    }

    let mut body = route.body.clone();
    let accepts_gzip = request
        .header("accept-encoding")
        .is_some_and(|value| value.contains("gzip"));
    if route.gzip && accepts_gzip {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&body).expect("gzip in memory");
        body = encoder.finish().expect("gzip in memory");
        headers.push(("Content-Encoding".to_string(), "gzip".to_string()));
    }
    entry.served += 1;
    let truncate_at = route
        .truncate_at
        .filter(|_| entry.served <= route.truncate_times);
    Plan {
        status: 200,
        headers,
        body,
        truncate_at,
        chunked: route.chunked,
        content_length: route.content_length,
        stall: route.stall,
    }
}

fn simple(status: u16, body: Vec<u8>, headers: Vec<(String, String)>) -> Plan {
    Plan {
        status,
        headers,
        body,
        truncate_at: None,
        chunked: false,
        content_length: true,
        stall: None,
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn respond(stream: &mut TcpStream, plan: Plan) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nConnection: close\r\n",
        plan.status,
        reason(plan.status)
    );
    for (name, value) in &plan.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let has_body = plan.status != 304;
    if has_body {
        if plan.chunked {
            head.push_str("Transfer-Encoding: chunked\r\n");
        } else if plan.content_length {
            head.push_str(&format!("Content-Length: {}\r\n", plan.body.len()));
        }
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.flush()?;
    if let Some(pause) = plan.stall {
        std::thread::sleep(pause);
    }
    if has_body {
        let end = plan
            .truncate_at
            .unwrap_or(plan.body.len())
            .min(plan.body.len());
        let body = &plan.body[..end];
        if plan.chunked {
            for chunk in body.chunks(16 * 1024) {
                stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())?;
                stream.write_all(chunk)?;
                stream.write_all(b"\r\n")?;
            }
            if plan.truncate_at.is_none() {
                stream.write_all(b"0\r\n\r\n")?;
            }
        } else {
            stream.write_all(body)?;
        }
    }
    stream.flush()?;
    let _ = stream.shutdown(Shutdown::Both);
    Ok(())
}
