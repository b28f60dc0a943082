//! `POST /v1/exposure`: a party's paths to listed parties and whether it is
//! blocked by ownership, by the rule of a jurisdiction
//! (`interdict-ownership`); `POST /v1/ownership`: the user's ownership rows
//! (CSV) into the ownership store of the data directory.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use interdict_app::{check_text, parse_date};
use interdict_ownership::{ExposureRequest, Jurisdiction, Snapshot};
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::api::bodies::{media_type, unsupported};
use crate::api::{blocking, ApiJson};
use crate::error::ApiError;
use crate::AppState;

/// Longest path searched, at most.
pub const MAX_DEPTH: usize = 8;
/// Most paths reported, at most.
pub const MAX_PATHS: usize = 500;

/// An exposure question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExposureBody {
    /// An entity id (`ofac-sdn:12345`) or a name.
    #[schema(example = "Acme Trading LLC")]
    pub party: String,
    /// `us` (OFAC 50% rule, default), `eu` or `uk`.
    pub jurisdiction: Option<String>,
    /// The caller is not a US person: report US secondary-sanctions exposure.
    #[serde(default)]
    pub non_us: bool,
    /// The list versions and ownership rows in force on this date.
    pub as_of: Option<String>,
    /// Longest path searched, in links (default 4, at most 8).
    pub depth: Option<usize>,
    /// Most paths reported (default 50, at most 500).
    pub max_paths: Option<usize>,
}

/// `POST /v1/exposure`.
#[utoipa::path(
    post, path = "/v1/exposure", tag = "semantics",
    request_body = ExposureBody,
    responses(
        (status = 200, description = "The exposure report (docs/ownership.md): party, matches, jurisdiction, rule, listed, blocked_by_ownership, aggregate_percent, ownership, comparison, paths, secondary_sanctions, versions, ownership_imports"),
        (status = 400, description = "bad_request / invalid_json"),
        (status = 404, description = "not_found: an entity id in none of the versions read"),
        (status = 503, description = "unavailable: no index loaded yet"),
    ),
    security(("bearer" = []))
)]
pub async fn exposure(
    State(state): State<Arc<AppState>>,
    ApiJson(body): ApiJson<ExposureBody>,
) -> Result<Json<Value>, ApiError> {
    let party = body.party.trim().to_string();
    if party.is_empty() {
        return Err(ApiError::bad_request("party is empty"));
    }
    check_text("party", &party, 1000)?;
    let jurisdiction = match &body.jurisdiction {
        Some(text) => text.parse::<Jurisdiction>().map_err(|_| {
            ApiError::bad_request(format!("jurisdiction {text:?}: want us, eu or uk"))
        })?,
        None => Jurisdiction::Us,
    };
    let as_of = body
        .as_of
        .as_deref()
        .map(|t| parse_date("as_of", t))
        .transpose()?;
    let mut request = ExposureRequest::new(&party, jurisdiction);
    request.non_us = body.non_us;
    if let Some(depth) = body.depth {
        if depth == 0 || depth > MAX_DEPTH {
            return Err(ApiError::bad_request(format!(
                "depth must be between 1 and {MAX_DEPTH}"
            )));
        }
        request.max_depth = depth;
    }
    if let Some(paths) = body.max_paths {
        if paths == 0 || paths > MAX_PATHS {
            return Err(ApiError::bad_request(format!(
                "max_paths must be between 1 and {MAX_PATHS}"
            )));
        }
        request.max_paths = paths;
    }
    if let Some(day) = as_of {
        request.on = day;
    }
    state.ready()?;
    blocking(move || {
        let answer = |snapshot: &Snapshot| -> Result<Json<Value>, ApiError> {
            let report = interdict_app::exposure(snapshot, &request)?;
            Ok(Json(interdict_json::domain::exposure(snapshot, &report)))
        };
        match as_of {
            // The graph of the lists in force, built once per World and ownership import.
            None => answer(&state.host.ownership()?.snapshot),
            // A past date: built for this request.
            Some(day) => {
                let owners = state.host.data().ownership()?;
                let snapshot = state
                    .host
                    .with_lists(|lists| lists.ownership(&owners, Some(day)))?;
                answer(&snapshot)
            }
        }
    })
    .await
}

/// How an ownership file is named.
#[derive(Debug, Deserialize, IntoParams)]
pub struct OwnershipParams {
    /// The file name kept with the import and used in errors (default
    /// `ownership.csv`).
    pub file: Option<String>,
}

/// `POST /v1/ownership` (analyst).
#[utoipa::path(
    post, path = "/v1/ownership", tag = "semantics",
    params(OwnershipParams),
    request_body(content = String, description = "CSV, header owner,owned,percent,as_of", content_type = "text/csv"),
    responses(
        (status = 200, description = "The import: {id, file_name, sha256, imported_at, rows, already_imported}"),
        (status = 403, description = "forbidden: needs analyst or admin"),
        (status = 415, description = "unsupported_media_type"),
        (status = 422, description = "invalid_ownership_data: '<file>, line <n>: <reason>'; nothing imported"),
    ),
    security(("bearer" = []))
)]
pub async fn import_ownership(
    State(state): State<Arc<AppState>>,
    Query(params): Query<OwnershipParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let media = media_type(&headers);
    const ACCEPTED: [&str; 3] = ["text/csv", "text/plain", "application/octet-stream"];
    if !ACCEPTED.contains(&media.as_str()) {
        return Err(unsupported(&media, &ACCEPTED));
    }
    let file = params.file.unwrap_or_else(|| "ownership.csv".to_string());
    check_text("file", &file, 200)?;
    blocking(move || {
        let mut owners = state.host.data().ownership()?;
        let info = owners
            .import(&file, &body)
            .map_err(interdict_app::AppError::from)?;
        state.host.ownership_changed();
        let value = serde_json::to_value(&info)
            .map_err(|e| ApiError::internal(format!("serializing an import: {e}")))?;
        Ok(Json(value))
    })
    .await
}
