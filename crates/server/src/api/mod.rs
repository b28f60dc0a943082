//! API v1: one module per area. Later areas (bulk, message, text, travel,
//! exposure screening) add a module here and one `.merge(...)` in
//! [`router`], under the same auth, limits and error shape.

pub mod admin;
pub mod alerts;
pub mod bodies;
pub mod bulk;
pub mod data;
pub mod exposure;
pub mod message;
pub mod party;
pub mod screen;
pub mod text;
pub mod travel;

use std::sync::Arc;

use axum::extract::{FromRequest, Request};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::AppState;
use interdict_keys::Role;

/// `axum::Json` whose rejections are [`ApiError`]s (our JSON shape, stable codes).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<T>::from_request(request, state).await?;
        Ok(ApiJson(value))
    }
}

/// Runs blocking work (store reads, screening, audit appends) off the async
/// runtime's threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::internal(format!("a blocking task failed: {e}")))?
}

/// The v1 routes, each group behind the least role it needs. Authentication
/// is layered on by the caller.
pub fn router() -> Router<Arc<AppState>> {
    let screener = Router::new()
        .route("/v1/screen", post(screen::screen))
        .route("/v1/entities/{id}", get(party::entity))
        .route("/v1/screen/batch", post(bulk::screen_batch))
        .route("/v1/screen/message", post(message::screen_message))
        .route("/v1/screen/text", post(text::screen_text))
        .route("/v1/travel-check", post(travel::travel_check))
        .route("/v1/exposure", post(exposure::exposure))
        .route("/v1/entities/{id}/history", get(data::history))
        .route("/v1/lists", get(data::lists))
        .route("/v1/lists/{source}/diff", get(data::diff))
        .route("/v1/whoami", get(admin::whoami))
        .route_layer(from_fn_with_state(
            Role::Screener,
            crate::auth::require_role,
        ));
    let analyst = Router::new()
        .route("/v1/alerts", get(alerts::list))
        .route("/v1/alerts/{id}", get(alerts::one))
        .route("/v1/alerts/{id}/decision", post(alerts::decide))
        .route("/v1/ownership", post(exposure::import_ownership))
        .route_layer(from_fn_with_state(Role::Analyst, crate::auth::require_role));
    let admin = Router::new()
        .route("/v1/admin/reload", post(admin::reload))
        .route_layer(from_fn_with_state(Role::Admin, crate::auth::require_role));
    screener.merge(analyst).merge(admin)
}
