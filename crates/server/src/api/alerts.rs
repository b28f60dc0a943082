//! The review queue: `GET /v1/alerts`, `GET /v1/alerts/{id}`,
//! `POST /v1/alerts/{id}/decision` (analysts and admins).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::api::{blocking, ApiJson};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::AppState;
use interdict_audit::{AlertFilter, AlertStatus, Decision};

/// Filter and page of the queue.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AlertsParams {
    /// open, suppressed, reraised, decided or all (default all).
    pub status: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u64>,
    /// Alerts to skip (default 0).
    pub offset: Option<u64>,
}

/// A decision on an alert.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `false_positive` or `confirmed_match`.
    #[schema(value_type = String, example = "false_positive")]
    pub decision: Decision,
    /// Why (required, not empty).
    pub comment: String,
}

fn alert_id(text: &str) -> Result<u64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::bad_request(format!("{text:?} is not an alert id")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Json<Value>, ApiError> {
    serde_json::to_value(value)
        .map(Json)
        .map_err(ApiError::internal)
}

/// `GET /v1/alerts`: the review queue, newest first.
#[utoipa::path(get, path = "/v1/alerts", tag = "alerts", params(AlertsParams),
    responses((status = 200, description = "AlertPage: {\"alerts\": [AlertView], \"total\": N}"), (status = 403, description = "forbidden: analyst or admin")),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    params: Result<Query<AlertsParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(params) = params?;
    let status = match params.status.as_deref() {
        None | Some("all") => None,
        Some(text) => Some(
            text.parse::<AlertStatus>()
                .map_err(|e| ApiError::bad_request(e.to_string()))?,
        ),
    };
    let limit = params.limit.unwrap_or(50);
    if limit == 0 || limit > 500 {
        return Err(ApiError::bad_request("limit must be between 1 and 500"));
    }
    let filter = AlertFilter {
        status,
        limit,
        offset: params.offset.unwrap_or(0),
    };
    let page = blocking(move || Ok(state.host.alerts(&filter)?)).await?;
    to_json(&page)
}

/// `GET /v1/alerts/{id}`.
#[utoipa::path(get, path = "/v1/alerts/{id}", tag = "alerts",
    params(("id" = u64, Path, description = "Alert id")),
    responses((status = 200, description = "AlertView"), (status = 404, description = "not_found")),
    security(("bearer" = [])))]
pub async fn one(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = alert_id(&id)?;
    let view = blocking(move || Ok(state.host.alert(id)?)).await?;
    to_json(&view)
}

/// `POST /v1/alerts/{id}/decision`.
#[utoipa::path(post, path = "/v1/alerts/{id}/decision", tag = "alerts",
    params(("id" = u64, Path, description = "Alert id")),
    request_body = DecisionRequest,
    responses((status = 200, description = "The AlertView after the decision"), (status = 404, description = "not_found"), (status = 400, description = "bad_request")),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<Arc<AppState>>,
    principal: Principal,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<DecisionRequest>,
) -> Result<Json<Value>, ApiError> {
    let id = alert_id(&id)?;
    interdict_app::check_text("comment", &request.comment, 4000)?;
    let view = blocking(move || {
        Ok(state
            .host
            .decide(id, request.decision, &request.comment, &principal.id)?)
    })
    .await?;
    to_json(&view)
}
