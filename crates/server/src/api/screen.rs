//! `POST /v1/screen`: one query, or a batch of up to 1000, screened against
//! the index in force (or the versions in force on `as_of`), recorded in the
//! audit log before the answer leaves.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use interdict_app::{
    parse_date, parse_partial_date, parse_source, Channel, Query, QueryInput, Screening,
};
use interdict_audit::RecordedScreening;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::{blocking, ApiJson};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::AppState;

/// Most queries in one batch.
pub const MAX_BATCH: usize = 1000;

/// One screening query.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreenRequest {
    /// The name, in any script.
    #[schema(example = "Gen. Qassem Suleimani")]
    pub name: String,
    /// Person, Organization, Company, LegalEntity, Vessel or Airplane.
    pub schema: Option<String>,
    /// Birth date, possibly partial: `1957`, `1957-03`, `1957-03-11`.
    pub birth_date: Option<String>,
    /// Countries (names or ISO codes).
    #[serde(default)]
    pub countries: Vec<String>,
    /// Identifiers (passport, registration, IMO, ...).
    #[serde(default)]
    pub ids: Vec<String>,
    /// Only these sources (`ofac-sdn`, `un-sc`, ...); all when empty.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Screen against the versions in force on this date (`YYYY-MM-DD`).
    pub as_of: Option<String>,
    /// At most this many results (default 10, at most 500).
    pub limit: Option<usize>,
    /// Alert threshold in [0, 1] (default: the matcher's, 0.7).
    pub threshold: Option<f64>,
    /// The caller's stable reference for the subject (a customer id); alert
    /// decisions follow it. Without it, the normalized query is the subject.
    pub subject_ref: Option<String>,
    /// `screening` (the default): a subject is screened, and each match raises
    /// an alert. `lookup`: an analyst looks a party up (the web UI's search);
    /// recorded in the audit log on the channel `lookup`, raising no alert.
    #[schema(example = "screening")]
    pub purpose: Option<String>,
}

/// A batch of queries.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// Up to 1000 queries.
    pub queries: Vec<ScreenRequest>,
}

impl ScreenRequest {
    /// The request as the application's query, checked; the first problem is the error.
    pub fn query(&self) -> Result<Query, ApiError> {
        let birth_date = match &self.birth_date {
            Some(text) if !text.trim().is_empty() => {
                interdict_app::check_text("birth_date", text, 64)?;
                Some(parse_partial_date("birth_date", text)?)
            }
            _ => None,
        };
        let as_of = self
            .as_of
            .as_deref()
            .map(|text| parse_date("as_of", text))
            .transpose()?;
        let sources = if self.sources.is_empty() {
            None
        } else {
            Some(
                self.sources
                    .iter()
                    .map(|s| parse_source(s))
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        let channel = Channel::of_purpose(self.purpose.as_deref())?;
        let mut input = QueryInput::name(&self.name, channel);
        input.schema.clone_from(&self.schema);
        input.birth_date = birth_date;
        input.countries.clone_from(&self.countries);
        input.identifiers.clone_from(&self.ids);
        input.sources = sources;
        input.as_of = as_of;
        input.limit = Some(interdict_app::check_limit(
            self.limit,
            interdict_app::DEFAULT_LIMIT,
            interdict_app::MAX_LIMIT,
        )?);
        input.threshold = self.threshold;
        input.subject_ref.clone_from(&self.subject_ref);
        Ok(Query::new(input)?)
    }
}

/// A JSON answer already written to bytes.
pub fn json_bytes(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

/// Writes an answer straight to bytes.
pub fn to_bytes(answer: &impl Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(answer).map_err(|e| ApiError::internal(format!("writing an answer: {e}")))
}

/// One query: screened while holding one of the [`AppState::screen_slots`] (as many as
/// cores), on the runtime's thread against the World in force or on a blocking thread for
/// an as-of date, queued for the audit log there, and its commit awaited without holding
/// any thread. The answer leaves only once the entry is durable.
async fn screen_one(
    state: Arc<AppState>,
    principal: Principal,
    raw: Value,
    query: Query,
) -> Result<Vec<u8>, ApiError> {
    let slot = state
        .screen_slots
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::unavailable("the server is shutting down"))?;
    // Against the World in force, a screening is a fraction of a millisecond of CPU with no
    // I/O: it runs on the runtime's thread, sparing two thread switches. An as-of date may
    // have to load and index old versions: that goes to a blocking thread.
    let inline = query.as_of().is_none();
    let worker = state.clone();
    let work = move || -> Result<_, ApiError> {
        let world = worker.host.world_for(query.as_of())?;
        let screening = interdict_app::screen(&world, query);
        let (reply, committed) = tokio::sync::oneshot::channel();
        interdict_app::submit(
            worker.host.audit(),
            &screening,
            &principal.id,
            raw,
            Box::new(move |outcome| {
                let _ = reply.send(outcome);
            }),
        )?;
        drop(slot);
        Ok((screening, committed))
    };
    let (screening, committed) = if inline {
        work()?
    } else {
        blocking(work).await?
    };
    let recorded = committed
        .await
        .map_err(|_| ApiError::internal("audit log: the writer thread has stopped"))?
        .map_err(|e| ApiError::from(interdict_app::AppError::from(e)))?;
    state
        .metrics
        .screening(screening.query().channel().as_str(), &recorded);
    to_bytes(&screening.answer(Some(&recorded)))
}

fn parse_request<T: serde::de::DeserializeOwned>(value: &Value, what: &str) -> Result<T, ApiError> {
    T::deserialize(value).map_err(|e| {
        ApiError::invalid_json(format!("{what} does not have the expected shape: {e}"))
    })
}

/// `POST /v1/screen`.
#[utoipa::path(
    post, path = "/v1/screen", tag = "screening",
    request_body(content = ScreenRequest, description = "One query, or {\"queries\": [...]} (at most 1000)"),
    responses(
        (status = 200, description = "The screening answer (the CLI's screen JSON) with screening_id and per-alert status; for a batch, {\"results\": [...]}"),
        (status = 400, description = "bad_request / invalid_json"),
        (status = 401, description = "unauthorized"),
        (status = 413, description = "payload_too_large"),
        (status = 415, description = "unsupported_media_type"),
        (status = 429, description = "rate_limited"),
        (status = 503, description = "unavailable: no index loaded yet"),
    ),
    security(("bearer" = []))
)]
pub async fn screen(
    State(state): State<Arc<AppState>>,
    principal: Principal,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response, ApiError> {
    state.ready()?;
    if body.get("queries").is_some() {
        let batch: BatchRequest = parse_request(&body, "the batch")?;
        if batch.queries.len() > MAX_BATCH {
            return Err(ApiError::bad_request(format!(
                "a batch holds at most {MAX_BATCH} queries, not {}",
                batch.queries.len()
            )));
        }
        if batch.queries.is_empty() {
            return Err(ApiError::bad_request("the batch holds no queries"));
        }
        let raws = body["queries"].as_array().cloned().unwrap_or_default();
        let queries = batch
            .queries
            .iter()
            .enumerate()
            .map(|(i, q)| {
                q.query().map_err(|mut e| {
                    e.message = format!("queries[{i}]: {}", e.message);
                    e
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let bytes = blocking(move || {
            let answers = screen_batch(&state, &principal, raws, queries)?;
            to_bytes(&BatchAnswer(&answers))
        })
        .await?;
        return Ok(json_bytes(bytes));
    }
    let request: ScreenRequest = parse_request(&body, "the query")?;
    let query = request.query()?;
    Ok(json_bytes(screen_one(state, principal, body, query).await?))
}

/// `{"results": [answer, ...]}` of a batch.
struct BatchAnswer<'a>(&'a [(Screening, RecordedScreening)]);

impl Serialize for BatchAnswer<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(
            "results",
            &self
                .0
                .iter()
                .map(|(screening, recorded)| screening.answer(Some(recorded)))
                .collect::<Vec<_>>(),
        )?;
        map.end()
    }
}

/// Screens a batch. Each query is its own audit entry; several threads record at once so
/// the audit writer commits them in groups.
fn screen_batch(
    state: &AppState,
    principal: &Principal,
    raws: Vec<Value>,
    queries: Vec<Query>,
) -> Result<Vec<(Screening, RecordedScreening)>, ApiError> {
    const THREADS: usize = 16;
    let jobs: Vec<(Value, Query)> = raws.into_iter().zip(queries).collect();
    let chunk = jobs.len().div_ceil(THREADS).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(raw, query)| screen_and_record(state, principal, raw, query))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut answers = Vec::with_capacity(jobs.len());
        for handle in handles {
            let part = handle
                .join()
                .map_err(|_| ApiError::internal("a batch screening thread panicked"))??;
            answers.extend(part);
        }
        Ok(answers)
    })
}

/// Screens one query of a batch and records it. Blocking.
fn screen_and_record(
    state: &AppState,
    principal: &Principal,
    raw: &Value,
    query: &Query,
) -> Result<(Screening, RecordedScreening), ApiError> {
    let world = state.host.world_for(query.as_of())?;
    let screening = interdict_app::screen(&world, query.clone());
    let recorded = state.host.record(&screening, &principal.id, raw.clone())?;
    state.metrics.screening(query.channel().as_str(), &recorded);
    Ok((screening, recorded))
}
