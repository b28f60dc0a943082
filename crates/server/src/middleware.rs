//! The middleware that needs the shared state: authentication (the bearer key checked
//! against the key store, the key's rate limit) and request metrics. Kept apart from
//! [`crate::auth`] and [`crate::metrics`], which know nothing of the state, so that no two
//! modules of the server import each other.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::AppState;

/// Middleware: checks the bearer key, applies the key's rate limit, and
/// puts the [`Principal`] in the request's extensions.
pub async fn authenticate(
    State(state): State<Arc<AppState>>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            let (scheme, rest) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        });
    let Some(presented) = presented.filter(|k| !k.is_empty()) else {
        return ApiError::unauthorized("send an API key as Authorization: Bearer <key>")
            .into_response();
    };
    let principal = match state.host.authenticate(presented) {
        Ok(Some(info)) => Principal {
            id: info.id,
            role: info.role,
        },
        Ok(None) => {
            // The key's public id when it has the form of one; never the secret.
            let id = interdict_keys::key_id(presented).unwrap_or("(malformed)");
            tracing::info!(key_id = id, "refused: unknown or revoked key");
            return ApiError::unauthorized("the API key is unknown or revoked").into_response();
        }
        Err(error) => return ApiError::from(error).into_response(),
    };
    if let Some(limiter) = &state.limiter {
        if let Err(wait) = limiter.check(&principal.id) {
            state.metrics.rate_limited();
            return ApiError::rate_limited(wait).into_response();
        }
    }
    tracing::debug!(
        key_id = %principal.id,
        method = %request.method(),
        path = %request.uri().path(),
        "request"
    );
    request.extensions_mut().insert(principal);
    next.run(request).await
}

/// Middleware: counts every request by route pattern and status and times it.
pub async fn track(
    State(state): State<Arc<AppState>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    state.metrics.request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}
