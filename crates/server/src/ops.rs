//! Operations endpoints: `/healthz` (process up), `/readyz` (index loaded),
//! `/metrics` (Prometheus) and `/openapi.json`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::AppState;

/// `GET /healthz`: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "{\"status\": \"ok\"}")))]
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /readyz`: 200 once the first index is loaded, 503 before.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "{\"status\": \"ready\", \"generation\": N, ...}"),
              (status = 503, description = "unavailable: no index loaded yet")))]
pub async fn readyz(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    let world = state.ready()?;
    Ok(Json(json!({
        "status": "ready",
        "generation": world.generation(),
        "loaded_at": world.loaded_at().to_rfc3339(),
        "entities": world.entity_count(),
        "versions": world.versions().iter().map(interdict_json::version).collect::<Vec<_>>(),
    })))
}

/// `GET /metrics`: Prometheus text (OpenMetrics).
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus/OpenMetrics text", content_type = "application/openmetrics-text")),
    security(("bearer" = [])))]
pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.encode(),
    )
        .into_response()
}

/// `GET /openapi.json`: the OpenAPI 3 description, generated from the code.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3 document")),
    security(("bearer" = [])))]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(crate::openapi::document())
}
