//! Who may call: the principal a key identifies, roles and per-key rate limits.
//!
//! Every route but `/healthz`, `/readyz` and the static UI needs
//! `Authorization: Bearer <key>`. The key is checked against the key store
//! (`crate::middleware::authenticate`); only its public id is ever logged or
//! used as a label. Each route group names the least role it needs; a key of a
//! lower role gets 403.

use std::num::NonZeroU32;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use interdict_keys::Role;

use crate::error::ApiError;

/// The caller a key identifies.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The key's public id (safe to log): the actor the audit log records.
    pub id: String,
    /// What the key may do.
    pub role: Role,
}

/// Per-key token buckets.
pub struct Limiter {
    limiter: DefaultKeyedRateLimiter<String>,
}

impl Limiter {
    /// `per_second` requests per second per key, with a burst of as many.
    pub fn new(per_second: u32) -> Option<Limiter> {
        let rate = NonZeroU32::new(per_second)?;
        Some(Limiter {
            limiter: RateLimiter::keyed(Quota::per_second(rate)),
        })
    }

    /// `Ok` when the key may go on, else the seconds to wait.
    pub fn check(&self, key_id: &str) -> Result<(), u64> {
        self.limiter
            .check_key(&key_id.to_string())
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
            })
    }
}

/// Middleware for a route group: refuses principals whose role does not
/// include `needed`.
pub async fn require_role(
    State(needed): State<Role>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let allowed = request
        .extensions()
        .get::<Principal>()
        .is_some_and(|p| p.role.allows(needed));
    if !allowed {
        return ApiError::forbidden(format!(
            "this needs a key with the {} role",
            needed.as_str()
        ))
        .into_response();
    }
    next.run(request).await
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Principal>()
            .cloned()
            .ok_or_else(|| ApiError::unauthorized("send an API key as Authorization: Bearer <key>"))
    }
}
