//! Read endpoints over the store: entities (as of a date or version), their
//! history, the versions held, and diffs. The shapes are `interdict-json`'s,
//! the same as the CLI's `--json`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::Json;
use interdict_app::{check_text, parse_date, VersionSelector};
use interdict_model::{EntityId, SourceId};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;

use crate::api::blocking;
use crate::error::ApiError;
use crate::AppState;

/// Which version: `as_of=YYYY-MM-DD` or `version=N` (default the latest).
#[derive(Debug, Deserialize, IntoParams)]
pub struct VersionParams {
    /// The version in force on this date.
    pub as_of: Option<String>,
    /// The version with this number.
    pub version: Option<u32>,
}

/// The two ends of a diff: a version number or a date each.
#[derive(Debug, Deserialize, IntoParams)]
pub struct DiffParams {
    /// From (default: the version before `to`).
    pub from: Option<String>,
    /// To (default: the latest).
    pub to: Option<String>,
}

/// Parses an entity id, refusing what is not `<source>:<native id>`.
pub fn parse_entity_id(text: &str) -> Result<EntityId, ApiError> {
    check_text("entity id", text, 256)?;
    EntityId::parse(text).ok_or_else(|| {
        let sources: Vec<&str> = SourceId::ALL.iter().map(|s| s.as_str()).collect();
        ApiError::bad_request(format!(
            "{text:?} is not an entity id: want <source>:<native id>, with source one of {}",
            sources.join(", ")
        ))
    })
}

fn selector(text: &str) -> Result<VersionSelector, ApiError> {
    match text.parse::<u32>() {
        Ok(seq) => Ok(VersionSelector::Seq(seq)),
        Err(_) => Ok(VersionSelector::AsOf(parse_date("version", text)?)),
    }
}

type QueryResult<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

/// `GET /v1/entities/{id}`.
#[utoipa::path(get, path = "/v1/entities/{id}", tag = "data",
    params(("id" = String, Path, description = "Entity id, <source>:<native id>"), VersionParams),
    responses((status = 200, description = "The lookup shape: status listed / not_listed / unknown, version, entity"),
              (status = 400, description = "bad_request"), (status = 404, description = "not_found: no such version")),
    security(("bearer" = [])))]
pub async fn entity(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    params: QueryResult<VersionParams>,
) -> Result<Json<Value>, ApiError> {
    let Query(params) = params?;
    let id = parse_entity_id(&id)?;
    let selector = match (params.as_of, params.version) {
        (Some(_), Some(_)) => return Err(ApiError::bad_request("give as_of or version, not both")),
        (Some(date), None) => VersionSelector::AsOf(parse_date("as_of", &date)?),
        (None, Some(seq)) => VersionSelector::Seq(seq),
        (None, None) => VersionSelector::Latest,
    };
    blocking(move || {
        let lookup = state
            .host
            .with_lists(|lists| lists.lookup(&id, &selector))?;
        Ok(Json(interdict_json::lookup(&id, &lookup)))
    })
    .await
}

/// `GET /v1/entities/{id}/history`.
#[utoipa::path(get, path = "/v1/entities/{id}/history", tag = "data",
    params(("id" = String, Path, description = "Entity id")),
    responses((status = 200, description = "The history shape: versions holding it, versions not holding it, intervals")),
    security(("bearer" = [])))]
pub async fn history(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_entity_id(&id)?;
    blocking(move || {
        let history = state.host.with_lists(|lists| lists.history(&id))?;
        Ok(Json(interdict_json::history(&id, &history)))
    })
    .await
}

/// `GET /v1/lists`: every version held.
#[utoipa::path(get, path = "/v1/lists", tag = "data",
    responses((status = 200, description = "Array of version objects, by source then publication date")),
    security(("bearer" = [])))]
pub async fn lists(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    blocking(move || {
        let versions = state.host.with_lists(|lists| lists.versions(None))?;
        Ok(Json(Value::Array(
            versions.iter().map(interdict_json::version).collect(),
        )))
    })
    .await
}

/// `GET /v1/lists/{source}/diff`.
#[utoipa::path(get, path = "/v1/lists/{source}/diff", tag = "data",
    params(("source" = String, Path, description = "Source name, e.g. ofac-sdn"), DiffParams),
    responses((status = 200, description = "The diff shape: added, removed, changed with fields"),
              (status = 404, description = "not_found: unknown source or version")),
    security(("bearer" = [])))]
pub async fn diff(
    State(state): State<Arc<AppState>>,
    Path(source): Path<String>,
    params: QueryResult<DiffParams>,
) -> Result<Json<Value>, ApiError> {
    let Query(params) = params?;
    let source = source
        .parse::<SourceId>()
        .map_err(|_| ApiError::not_found(format!("no list is called {source:?}")))?;
    let to = match &params.to {
        Some(text) => selector(text)?,
        None => VersionSelector::Latest,
    };
    let from = params.from.as_deref().map(selector).transpose()?;
    blocking(move || {
        let (from, to, diff) = state.host.with_lists(|lists| {
            let to = lists.version(source, &to)?;
            let from = match from {
                Some(from) => lists.version(source, &from)?,
                None => lists.previous(&to)?,
            };
            let diff = lists.diff(&from, &to)?;
            Ok((from, to, diff))
        })?;
        Ok(Json(interdict_json::diff(&from, &to, &diff)))
    })
    .await
}
