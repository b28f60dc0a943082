//! `POST /v1/screen/batch`: NDJSON in (one `interdict-batch` record a line),
//! NDJSON out, streamed in input order as records are screened.
//!
//! Each record is its own screening in the audit log (channel `batch`),
//! recorded before its result line is sent, so every matched result carries
//! its alert as in `POST /v1/screen`. A bad line is an error line naming its
//! line number, not a failed request. The body is bounded by the server's
//! body limit and by [`MAX_LINES`] records.

use std::convert::Infallible;
use std::io::Cursor;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use interdict_app::{
    check_limit, parse_date, subject_key_of, Channel, Subject, Threshold, World, DEFAULT_LIMIT,
    MAX_LIMIT,
};
use interdict_batch::{
    error_json, query_json, result_json, screen_record, BatchConfig, InputFormat, LayoutError,
    ReaderOptions, Record, RecordReader, RowError,
};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use utoipa::IntoParams;

use crate::api::bodies::{media_type, unsupported};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::AppState;

/// Most records (non-blank lines) in one request.
pub const MAX_LINES: usize = 10_000;

/// Records screened (and recorded) together before their lines are sent.
const CHUNK: usize = 64;

/// Threads screening and recording one chunk.
const THREADS: usize = 8;

/// Options of a batch.
#[derive(Debug, Deserialize, IntoParams)]
pub struct BatchParams {
    /// Alert threshold in [0, 1] (default 0.7).
    pub threshold: Option<f64>,
    /// At most this many results per record (default 10, at most 500).
    pub limit: Option<usize>,
    /// Screen against the versions in force on this date (`YYYY-MM-DD`).
    pub as_of: Option<String>,
}

const ACCEPTED: [&str; 5] = [
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/json",
    "text/plain",
];

/// `POST /v1/screen/batch`.
#[utoipa::path(
    post, path = "/v1/screen/batch", tag = "screening",
    params(BatchParams),
    request_body(content = String, description = "NDJSON: one record a line, {\"name\", \"ref\"?, \"schema\"?, \"birth_date\"?, \"country\"?, \"ids\"?, \"gender\"?} (docs/batch.md)", content_type = "application/x-ndjson"),
    responses(
        (status = 200, description = "NDJSON, one line per record in input order: {line, ref, query, alert, results (each matched one with its alert), screening_id}, or {line, ref, error} for a bad line", content_type = "application/x-ndjson"),
        (status = 400, description = "bad_request (threshold, limit, as_of)"),
        (status = 413, description = "payload_too_large: over the body limit or over 10,000 records"),
        (status = 415, description = "unsupported_media_type"),
        (status = 503, description = "unavailable: no index loaded yet"),
    ),
    security(("bearer" = []))
)]
pub async fn screen_batch(
    State(state): State<Arc<AppState>>,
    principal: Principal,
    Query(params): Query<BatchParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let media = media_type(&headers);
    if !ACCEPTED.contains(&media.as_str()) {
        return Err(unsupported(&media, &ACCEPTED));
    }
    let threshold =
        Threshold::or_default(params.threshold).map_err(interdict_app::QueryError::from)?;
    let limit = check_limit(params.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let as_of = params
        .as_of
        .as_deref()
        .map(|t| parse_date("as_of", t))
        .transpose()?;
    let lines = body
        .split(|&b| b == b'\n')
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .count();
    if lines > MAX_LINES {
        return Err(ApiError::payload_too_large(format!(
            "a batch holds at most {MAX_LINES} records, not {lines}"
        )));
    }
    if lines == 0 {
        return Err(ApiError::bad_request("the batch holds no records"));
    }
    state.ready()?;
    let options = ReaderOptions {
        format: Some(InputFormat::Jsonl),
        columns: None,
    };
    let reader = RecordReader::new(Cursor::new(body), &options).map_err(|e| match e {
        LayoutError::Bad(reason) => ApiError::bad_request(reason),
        LayoutError::Io(error) => ApiError::bad_request(error.to_string()),
    })?;
    let config = BatchConfig { threshold, limit };
    let (sender, receiver) = mpsc::channel::<Bytes>(4);
    let worker = state.clone();
    tokio::task::spawn_blocking(move || {
        let world = match worker.host.world_for(as_of) {
            Ok(world) => world,
            Err(error) => {
                let error = ApiError::from(error);
                let line = json!({"line": null, "ref": null, "error": error.message});
                let _ = sender.blocking_send(ndjson(&[line]));
                return;
            }
        };
        stream(&worker, &principal, &world, reader, &config, &sender);
    });
    let lines = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver
            .recv()
            .await
            .map(|chunk| (Ok::<Bytes, Infallible>(chunk), receiver))
    });
    let mut response = Body::from_stream(lines).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(response)
}

/// Reads, screens, records and sends chunk by chunk until the input ends,
/// the client goes away, or the audit log fails (then an error line for the
/// first record not recorded ends the stream).
fn stream(
    state: &AppState,
    principal: &Principal,
    world: &World,
    mut reader: RecordReader<Cursor<Bytes>>,
    config: &BatchConfig,
    sender: &mpsc::Sender<Bytes>,
) {
    loop {
        let chunk: Vec<Result<Record, RowError>> = reader.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            return;
        }
        let per_thread = chunk.len().div_ceil(THREADS).max(1);
        let answers: Vec<Result<Value, Value>> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .chunks(per_thread)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|item| match item {
                                Ok(record) => screen_one(state, principal, world, record, config),
                                Err(bad) => Ok(error_json(bad)),
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join().unwrap_or_else(|_| {
                        vec![Err(json!({"line": null, "ref": null,
                                        "error": "internal error; the server log has the details"}))]
                    })
                })
                .collect()
        });
        let mut lines = Vec::with_capacity(answers.len());
        let mut failed = false;
        for answer in answers {
            match answer {
                Ok(line) => lines.push(line),
                Err(line) => {
                    lines.push(line);
                    failed = true;
                    break;
                }
            }
        }
        if sender.blocking_send(ndjson(&lines)).is_err() || failed {
            return;
        }
    }
}

/// One record screened and recorded: its result line, or (the audit log
/// failed) an error line that ends the stream.
fn screen_one(
    state: &AppState,
    principal: &Principal,
    world: &World,
    record: &Record,
    config: &BatchConfig,
) -> Result<Value, Value> {
    let result = screen_record(world.set(), record, config);
    let mut line = result_json(world.set(), record, &result);
    let key = subject_key_of(
        record.reference.as_deref(),
        &record.name,
        record.schema.as_ref(),
        record.birth_date,
        &record.countries,
        &record.ids,
    );
    let subject = Subject {
        channel: Channel::Batch,
        key,
        received: json!({"line": record.line, "ref": record.reference, "query": query_json(record)}),
    };
    let recorded = interdict_app::record_results(
        state.host.audit(),
        world,
        subject,
        &result.hits,
        &principal.id,
    )
    .map_err(|e| {
        let message = ApiError::from(e).message;
        json!({"line": record.line, "ref": record.reference, "error": message})
    })?;
    state.metrics.screening(Channel::Batch.as_str(), &recorded);
    line["screening_id"] = json!(recorded.seq);
    if let Some(results) = line["results"].as_array_mut() {
        interdict_json::attach_alerts(&recorded, results.iter_mut());
    }
    Ok(line)
}

fn ndjson(lines: &[Value]) -> Bytes {
    let mut out = Vec::new();
    for line in lines {
        serde_json::to_writer(&mut out, line).expect("writing to memory");
        out.push(b'\n');
    }
    Bytes::from(out)
}
