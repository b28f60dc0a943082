//! `GET /v1/whoami` and `POST /v1/admin/reload`.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use interdict_app::ReloadOutcome;

use crate::api::blocking;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::AppState;

/// `GET /v1/whoami`: the key's id and role.
#[utoipa::path(get, path = "/v1/whoami", tag = "keys",
    responses((status = 200, description = "{\"id\": \"...\", \"role\": \"analyst\"}"), (status = 401, description = "unauthorized")),
    security(("bearer" = [])))]
pub async fn whoami(principal: Principal) -> Json<Value> {
    Json(json!({"id": principal.id, "role": principal.role.as_str()}))
}

/// `POST /v1/admin/reload`: look for new list versions now and swap a new
/// index in when there are.
#[utoipa::path(post, path = "/v1/admin/reload", tag = "admin",
    responses((status = 200, description = "{\"status\": \"swapped\"|\"unchanged\", \"generation\": N, \"versions\": [...]}"),
              (status = 403, description = "forbidden: admin only")),
    security(("bearer" = [])))]
pub async fn reload(
    State(state): State<Arc<AppState>>,
    principal: Principal,
) -> Result<Json<Value>, ApiError> {
    tracing::info!(key_id = %principal.id, "reload asked");
    let outcome = blocking(move || Ok(state.reload()?)).await?;
    Ok(Json(match outcome {
        ReloadOutcome::Swapped {
            generation,
            versions,
            ..
        } => json!({
            "status": "swapped", "generation": generation,
            "versions": versions.iter().map(interdict_json::version).collect::<Vec<_>>(),
        }),
        ReloadOutcome::Unchanged { generation } => {
            json!({"status": "unchanged", "generation": generation})
        }
    }))
}
