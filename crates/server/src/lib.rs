//! The interdict HTTP service: an adapter over the application layer.
//!
//! The same data directory as the command line: the list versions come from
//! the store (`interdict import`/`update` in another process add them), API
//! keys from `keys.sqlite`, and every screening goes to the audit log before
//! its answer leaves. Handlers parse the request, call `interdict-app` (one
//! use case each: `screen`, `record`, a lookup, a diff, ...), and render the
//! answer with `interdict-json`; the World of the lists in force is the
//! application's, built off the request path and swapped whole
//! (`interdict_app::host`).
//!
//! Surfaces: API v1 ([`api`], shapes from `interdict-json`, documented in
//! `docs/api.md`), yente-compatible endpoints ([`yente`]), operations
//! ([`ops`]: health, readiness, metrics, OpenAPI) and the web UI ([`ui`]).
//!
//! Modules depend on each other without circles: [`error`], [`auth`] and
//! [`metrics`] know nothing of the state; [`state`] holds them;
//! [`middleware`], [`api`], [`yente`] and [`ops`] use the state.

pub mod api;
pub mod auth;
pub mod error;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod ops;
pub mod state;
pub mod ui;
pub mod yente;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;

pub use crate::error::ApiError;
pub use crate::state::{AppState, ServerConfig};
pub use interdict_app::ReloadOutcome;

/// Why the service could not start or stopped serving.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// Opening the data directory's key store or audit log failed.
    #[error("opening the data directory")]
    Open(#[from] interdict_app::AppError),
    /// Serving failed.
    #[error("serving")]
    Serve(#[from] std::io::Error),
}

/// The whole router over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    let keyed = Router::new()
        .merge(api::router())
        .merge(yente::router())
        .route("/metrics", get(ops::metrics))
        .route("/openapi.json", get(ops::openapi))
        .route_layer(from_fn_with_state(state.clone(), middleware::authenticate));
    let open = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/", get(ui::root))
        .route("/ui", get(ui::root))
        .route("/ui/", get(ui::index))
        .route("/ui/{*path}", get(ui::file));
    keyed
        .merge(open)
        .route_layer(from_fn_with_state(state.clone(), middleware::track))
        .layer(RequestBodyLimitLayer::new(state.config.max_body))
        .layer(from_fn(error::json_errors))
        .with_state(state)
}

/// Builds the state, loads the first index in the background (`/readyz` is
/// 503 until it is in), polls for new versions every `reload_interval`, and
/// serves on `listener` until `shutdown` resolves; in-flight requests finish.
pub async fn serve(
    config: ServerConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let state = Arc::new(AppState::new(config)?);
    spawn_reloader(state.clone());
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// Loads the first index now and then looks for new versions every
/// `reload_interval`, each time on a blocking thread.
pub fn spawn_reloader(state: Arc<AppState>) {
    tokio::spawn(async move {
        let interval = state.config.reload_interval;
        loop {
            let worker = state.clone();
            match tokio::task::spawn_blocking(move || worker.reload()).await {
                Ok(Ok(ReloadOutcome::Swapped { .. })) => {
                    // The text dictionary and linkage clusters of the new
                    // World, off the polling loop.
                    let worker = state.clone();
                    tokio::task::spawn_blocking(move || worker.host.prepare_current());
                }
                Ok(Ok(_)) => {}
                Ok(Err(error)) => {
                    let error = interdict_app::error_chain(&error);
                    tracing::error!(%error, "loading the screening index failed");
                }
                Err(error) => tracing::error!(%error, "the index loader panicked"),
            }
            let Some(interval) = interval else { break };
            tokio::time::sleep(interval).await;
        }
    });
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
