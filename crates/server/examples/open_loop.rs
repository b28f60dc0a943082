//! An open-loop load generator for `POST /v1/screen`: requests are sent at a fixed rate
//! whatever the server does, and each latency is measured from the moment its request was
//! due, not from when a connection became free. A closed-loop tool (wrk) waits for an answer
//! before it sends the next request on a connection, so a stalled server also stalls the
//! load and the worst waits are never measured ("coordinated omission"); here a request
//! that finds every connection busy opens another one (up to 1,000 at once; beyond that it
//! waits, and the wait counts in its latency). A request unanswered after 10 s is counted
//! in `timeouts`.
//!
//! ```sh
//! INTERDICT_KEY=idk_... cargo run --release -p interdict-server --example open_loop -- \
//!     --url http://127.0.0.1:18080/v1/screen --rate 2000 --seconds 30 --connections 64
//! ```
//!
//! Names rotate over the same real files as `bench/serve.lua` (UN positives, synthetic
//! negatives from `$INTERDICT_SHARED/bench/screening_fixtures`). Prints one JSON object.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Most connections open at once.
const MAX_CONNECTIONS: usize = 1000;
/// How long an answer may take before it counts as a timeout.
const TIMEOUT: Duration = Duration::from_secs(10);

struct Options {
    host: String,
    path: String,
    rate: f64,
    seconds: f64,
    connections: usize,
    key: String,
}

fn options() -> Options {
    let mut url = "http://127.0.0.1:18080/v1/screen".to_string();
    let (mut rate, mut seconds, mut connections) = (2000.0, 30.0, 64);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => url = value,
            "--rate" => rate = value.parse().expect("--rate: requests per second"),
            "--seconds" => seconds = value.parse().expect("--seconds: a duration"),
            "--connections" => connections = value.parse().expect("--connections: a count"),
            other => panic!("unknown flag {other}: want --url, --rate, --seconds, --connections"),
        }
    }
    let rest = url
        .strip_prefix("http://")
        .expect("--url: http://host:port/path");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    Options {
        host: host.to_string(),
        path: if path.is_empty() {
            "/".into()
        } else {
            path.into()
        },
        rate,
        seconds,
        connections,
        key: std::env::var("INTERDICT_KEY").expect("INTERDICT_KEY: an API key"),
    }
}

/// The names of `bench/serve.lua`: the first 700 untreated UN positives, up to 1,400 names
/// with the treated ones, up to 3,400 with the global negatives.
fn names() -> Vec<String> {
    let shared = std::env::var("INTERDICT_SHARED").unwrap_or_else(|_| "../shared".into());
    let mut names = Vec::new();
    for (file, limit) in [
        ("positives_un_untreated.csv", 700),
        ("positives_un_treated.csv", 1400),
        ("negatives_global.csv", 3400),
    ] {
        let path = format!("{shared}/bench/screening_fixtures/{file}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for line in text.lines().skip(1) {
            let name = match line.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next().unwrap_or(""),
                None => line.split(',').next().unwrap_or(""),
            };
            if !name.is_empty() {
                names.push(name.to_string());
                if names.len() >= limit {
                    break;
                }
            }
        }
    }
    names
}

/// Sends one request on `stream` and reads the whole answer; returns the status.
async fn exchange(stream: &mut TcpStream, request: &[u8]) -> std::io::Result<u16> {
    stream.write_all(request).await?;
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    loop {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buffer.extend_from_slice(&chunk[..read]);
        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buffer.len() < end + 4 + length {
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            buffer.extend_from_slice(&chunk[..read]);
        }
        return Ok(status);
    }
}

#[tokio::main]
async fn main() {
    let options = options();
    let names = names();
    let requests: Arc<Vec<Vec<u8>>> = Arc::new(
        names
            .iter()
            .map(|name| {
                let body = serde_json::json!({ "name": name }).to_string();
                format!(
                    "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nAuthorization: Bearer {}\r\nContent-Length: {}\r\n\r\n{}",
                    options.path, options.host, options.key, body.len(), body
                )
                .into_bytes()
            })
            .collect(),
    );
    let pool: Arc<Mutex<Vec<TcpStream>>> = Arc::new(Mutex::new(Vec::new()));
    for _ in 0..options.connections {
        let stream = TcpStream::connect(&options.host).await.expect("connected");
        stream.set_nodelay(true).expect("nodelay");
        pool.lock().expect("the pool").push(stream);
    }
    let opened = Arc::new(AtomicU64::new(options.connections as u64));
    let (non_2xx, errors) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let timeouts = Arc::new(AtomicU64::new(0));
    let in_flight = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let latencies: Arc<Mutex<Vec<u64>>> = Arc::new(Mutex::new(Vec::new()));
    let total = (options.rate * options.seconds).round() as u64;
    let period = Duration::from_secs_f64(1.0 / options.rate);
    let start = Instant::now() + Duration::from_millis(100);
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = start + period.mul_f64(i as f64);
        tokio::time::sleep_until(due.into()).await;
        let (pool, requests, latencies) = (pool.clone(), requests.clone(), latencies.clone());
        let (opened, non_2xx, errors) = (opened.clone(), non_2xx.clone(), errors.clone());
        let (timeouts, in_flight) = (timeouts.clone(), in_flight.clone());
        let host = options.host.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = in_flight.acquire_owned().await.expect("never closed");
            let held = pool.lock().expect("the pool").pop();
            let mut stream = match held {
                Some(stream) => stream,
                None => {
                    opened.fetch_add(1, Ordering::Relaxed);
                    match TcpStream::connect(&host).await {
                        Ok(stream) => stream,
                        Err(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            return;
                        }
                    }
                }
            };
            let request = &requests[i as usize % requests.len()];
            match tokio::time::timeout(TIMEOUT, exchange(&mut stream, request)).await {
                Err(_) => {
                    timeouts.fetch_add(1, Ordering::Relaxed);
                }
                Ok(Ok(status)) => {
                    let took = due.elapsed().as_micros() as u64;
                    latencies.lock().expect("latencies").push(took);
                    if !(200..300).contains(&status) {
                        non_2xx.fetch_add(1, Ordering::Relaxed);
                    }
                    pool.lock().expect("the pool").push(stream);
                }
                Ok(Err(_)) => {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let mut latencies = latencies.lock().expect("latencies").clone();
    latencies.sort_unstable();
    let at = |q: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let i = ((latencies.len() - 1) as f64 * q).round() as usize;
        latencies[i] as f64 / 1000.0
    };
    let report = serde_json::json!({
        "rate_asked": options.rate,
        "requests": total,
        "answered": latencies.len(),
        "achieved_per_second": (latencies.len() as f64 / elapsed).round(),
        "non_2xx": non_2xx.load(Ordering::Relaxed),
        "errors": errors.load(Ordering::Relaxed),
        "timeouts": timeouts.load(Ordering::Relaxed),
        "connections_opened": opened.load(Ordering::Relaxed),
        "latency_ms": {"p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "p999": at(0.999), "max": at(1.0)},
    });
    println!("{report}");
}
