//! `POST /v1/screen`: one query, or a batch of up to 1000, screened against
//! the index in force (or the versions in force on `as_of`), recorded in the
//! audit log before the answer leaves.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use interdict_engine::eval::parse_schema;
use interdict_engine::matcher::{Hit, MatchConfig, Query, DEFAULT_THRESHOLD};
use interdict_engine::NEAR_MISS_SHARE;
use interdict_model::{PartialDate, SourceId};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::api::{blocking, ApiJson};
use crate::error::ApiError;
use crate::guard::{audit_append_error, subject_key, Principal, Screening};
use crate::state::SetRef;
use crate::AppState;
use interdict_audit::RecordedScreening;

/// Most queries in one batch.
pub const MAX_BATCH: usize = 1000;
/// Longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 1000;
/// Most results per query.
pub const MAX_LIMIT: usize = 500;
/// Most countries or identifiers per query.
pub const MAX_LIST_ITEMS: usize = 50;

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

/// A query checked and turned into the matcher's terms.
pub struct Checked {
    /// The matcher query.
    pub query: Query,
    /// The as-of date.
    pub as_of: Option<NaiveDate>,
    /// Sources to keep; `None` for all.
    pub sources: Option<Vec<SourceId>>,
    /// Results wanted.
    pub limit: usize,
    /// Alert threshold.
    pub threshold: f64,
    /// The query as understood (the CLI's `query` object).
    pub echo: Value,
    /// The subject key for the audit log.
    pub subject_key: String,
    /// The audit channel: `api`, or [`interdict_audit::LOOKUP_CHANNEL`] for a
    /// lookup.
    pub channel: &'static str,
}

/// Refuses text no name has: control characters (NUL included) and, past
/// `max`, sheer length.
pub fn check_text(field: &str, text: &str, max: usize) -> Result<(), ApiError> {
    if text.chars().count() > max {
        return Err(ApiError::bad_request(format!(
            "{field} is longer than {max} characters"
        )));
    }
    if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(ApiError::bad_request(format!(
            "{field} contains control characters"
        )));
    }
    Ok(())
}

/// Parses a partial date, naming the field on error.
pub fn parse_partial_date(field: &str, text: &str) -> Result<PartialDate, ApiError> {
    text.trim()
        .parse::<PartialDate>()
        .map_err(|e| ApiError::bad_request(format!("{field} {text:?}: {e}")))
}

/// Parses a `YYYY-MM-DD` date, naming the field on error.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::bad_request(format!("{field} {text:?} is not a YYYY-MM-DD date")))
}

/// Parses a source name.
pub fn parse_source(text: &str) -> Result<SourceId, ApiError> {
    text.parse::<SourceId>().map_err(|_| {
        let known: Vec<&str> = SourceId::ALL.iter().map(|s| s.as_str()).collect();
        ApiError::bad_request(format!(
            "{text:?} is not a source: want one of {}",
            known.join(", ")
        ))
    })
}

impl ScreenRequest {
    /// Checks every field; the first problem is the error.
    pub fn check(&self) -> Result<Checked, ApiError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(ApiError::bad_request("name is empty"));
        }
        check_text("name", &self.name, MAX_NAME_CHARS)?;
        let schema = match &self.schema {
            Some(text) => {
                check_text("schema", text, 64)?;
                parse_schema(text).map_err(ApiError::bad_request)?
            }
            None => None,
        };
        let birth_date = match &self.birth_date {
            Some(text) if !text.trim().is_empty() => {
                check_text("birth_date", text, 64)?;
                Some(parse_partial_date("birth_date", text)?)
            }
            _ => None,
        };
        for (field, items) in [("countries", &self.countries), ("ids", &self.ids)] {
            if items.len() > MAX_LIST_ITEMS {
                return Err(ApiError::bad_request(format!(
                    "{field} has more than {MAX_LIST_ITEMS} items"
                )));
            }
            for item in items {
                check_text(field, item, 200)?;
            }
        }
        let as_of = match &self.as_of {
            Some(text) => Some(parse_date("as_of", text)?),
            None => None,
        };
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
        let limit = self.limit.unwrap_or(10);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::bad_request(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        let threshold = self.threshold.unwrap_or(DEFAULT_THRESHOLD);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(ApiError::bad_request(format!(
                "threshold must be in [0, 1], not {threshold}"
            )));
        }
        if let Some(reference) = &self.subject_ref {
            check_text("subject_ref", reference, 200)?;
        }
        let channel = match self.purpose.as_deref() {
            None | Some("screening") => "api",
            Some("lookup") => interdict_audit::LOOKUP_CHANNEL,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "purpose {other:?} is neither \"screening\" nor \"lookup\""
                )))
            }
        };
        let mut query = Query::name(name);
        query.schema = schema;
        query.birth_date = birth_date;
        query.countries = self.countries.clone();
        query.identifiers = self.ids.clone();
        let schema_name = query.schema.as_ref().map(|s| s.as_str().to_string());
        let birth_text = birth_date.map(|d| d.to_string());
        let echo = json!({
            "name": self.name, "schema": schema_name, "birth_date": birth_text,
            "countries": query.countries, "ids": query.identifiers,
            "as_of": as_of.map(|d| d.to_string()),
        });
        let subject_key = subject_key(
            self.subject_ref.as_deref(),
            name,
            schema_name.as_deref(),
            birth_text.as_deref(),
            &query.countries,
            &query.identifiers,
        );
        Ok(Checked {
            query,
            as_of,
            sources,
            limit,
            threshold,
            echo,
            subject_key,
            channel,
        })
    }
}

/// Screens a checked query: the alerts and the near misses, best first.
pub fn run_query(set: &SetRef, checked: &Checked) -> Vec<Hit> {
    let config = MatchConfig {
        threshold: checked.threshold * NEAR_MISS_SHARE,
        limit: checked.limit,
        sources: checked.sources.clone(),
    };
    set.set().screen(&checked.query, &config)
}

/// Screens a checked query and builds the answer (without its audit part).
/// Blocking: CPU work, and a set for `as_of` may have to be built.
fn screen_only(state: &AppState, checked: &Checked) -> Result<(SetRef, Vec<Hit>, Value), ApiError> {
    let set = state.set_for(checked.as_of)?;
    let hits = run_query(&set, checked);
    let mut answer =
        interdict_json::screen(set.set(), &hits, checked.threshold, checked.echo.clone());
    if let Some(sources) = &checked.sources {
        keep_sources(&mut answer, sources);
    }
    Ok((set, hits, answer))
}

/// Adds the audit outcome to an answer: the screening id and each match's
/// alert.
fn finish(
    state: &AppState,
    channel: &str,
    mut answer: Value,
    recorded: &RecordedScreening,
) -> Value {
    state.metrics.screening(channel, recorded);
    answer["screening_id"] = json!(recorded.seq);
    if let Some(results) = answer["results"].as_array_mut() {
        for result in results {
            if result["match"] != json!(true) {
                continue;
            }
            let alert = recorded
                .alerts
                .iter()
                .find(|a| result["id"].as_str() == Some(a.entity_id.as_str()));
            if let Some(alert) = alert {
                result["alert"] = json!({
                    "id": alert.alert_id, "status": alert.status.as_str(), "reason": alert.reason,
                });
            }
        }
    }
    answer
}

/// Screens, records in the audit log, and builds the answer. Blocking.
fn screen_and_record(
    state: &AppState,
    principal: &Principal,
    channel: &str,
    raw: Value,
    checked: &Checked,
) -> Result<Value, ApiError> {
    let (set, hits, answer) = screen_only(state, checked)?;
    let recorded = state.guard.record(Screening {
        principal,
        channel,
        subject_key: checked.subject_key.clone(),
        query: raw,
        set: &set,
        hits: &hits,
        threshold: checked.threshold,
    })?;
    Ok(finish(state, channel, answer, &recorded))
}

/// One query: screened while holding one of the [`AppState::screen_slots`]
/// (as many as cores), on the runtime's thread against the index in force or
/// on a blocking thread for an as-of date, queued for the audit log there,
/// and its commit awaited without holding any thread. The answer leaves only
/// once the entry is durable.
async fn screen_one(
    state: Arc<AppState>,
    principal: Principal,
    raw: Value,
    checked: Checked,
) -> Result<Value, ApiError> {
    let slot = state
        .screen_slots
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::unavailable("the server is shutting down"))?;
    // Against the index in force, a screening is a fraction of a millisecond of CPU with no
    // I/O: it runs on the runtime's thread, sparing two thread switches. An as-of date may
    // have to load and index old versions: that goes to a blocking thread.
    let inline = checked.as_of.is_none();
    let worker = state.clone();
    let channel = checked.channel;
    let work = move || {
        let (set, hits, answer) = screen_only(&worker, &checked)?;
        let committed = worker.guard.submit(Screening {
            principal: &principal,
            channel: checked.channel,
            subject_key: checked.subject_key.clone(),
            query: raw,
            set: &set,
            hits: &hits,
            threshold: checked.threshold,
        })?;
        drop(slot);
        Ok((answer, committed))
    };
    let (answer, committed) = if inline {
        work()?
    } else {
        blocking(work).await?
    };
    let recorded = committed
        .await
        .map_err(|_| ApiError::internal("audit log: the writer thread has stopped"))?
        .map_err(audit_append_error)?;
    Ok(finish(&state, channel, answer, &recorded))
}

/// Keeps only the versions and unknown sources of `sources` in an answer.
pub fn keep_sources(answer: &mut Value, sources: &[SourceId]) {
    for field in ["versions", "unknown_sources"] {
        if let Some(items) = answer[field].as_array_mut() {
            items.retain(|item| {
                item["source"]
                    .as_str()
                    .is_some_and(|s| sources.iter().any(|w| w.as_str() == s))
            });
        }
    }
}

fn parse_request<T: serde::de::DeserializeOwned>(value: Value, what: &str) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| {
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
) -> Result<Json<Value>, ApiError> {
    state.ready()?;
    if body.get("queries").is_some() {
        let batch: BatchRequest = parse_request(body.clone(), "the batch")?;
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
        let checked = batch
            .queries
            .iter()
            .enumerate()
            .map(|(i, q)| {
                q.check().map_err(|mut e| {
                    e.message = format!("queries[{i}]: {}", e.message);
                    e
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let answers = blocking(move || screen_batch(&state, &principal, raws, checked)).await?;
        return Ok(Json(json!({ "results": answers })));
    }
    let request: ScreenRequest = parse_request(body.clone(), "the query")?;
    let checked = request.check()?;
    let answer = screen_one(state, principal, body, checked).await?;
    Ok(Json(answer))
}

/// Screens a batch. Each query is its own audit entry; several threads
/// record at once so the audit writer commits them in groups.
fn screen_batch(
    state: &AppState,
    principal: &Principal,
    raws: Vec<Value>,
    checked: Vec<Checked>,
) -> Result<Vec<Value>, ApiError> {
    const THREADS: usize = 16;
    let jobs: Vec<(Value, Checked)> = raws.into_iter().zip(checked).collect();
    let chunk = jobs.len().div_ceil(THREADS).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(raw, checked)| {
                            screen_and_record(
                                state,
                                principal,
                                checked.channel,
                                raw.clone(),
                                checked,
                            )
                        })
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
