//! What every request shares: the application's [`Host`] (the World in force behind an
//! atomic swap, the keys, the audit log), the metrics, the rate limiter and the
//! configuration. The lifecycle of Worlds is the host's (see `interdict_app::host`); this
//! module only adds what is HTTP's: how often to poll, how much to accept, how many
//! screenings run at once.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use interdict_app::{DataDir, Host, ReloadOutcome, World};

use crate::auth::Limiter;
use crate::error::ApiError;
use crate::metrics::Metrics;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The data directory (the CLI's `--data`).
    pub data_dir: PathBuf,
    /// How often to look for new list versions; `None` never polls.
    pub reload_interval: Option<Duration>,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// Requests per second allowed per key (the burst is the same number);
    /// `None` for no limit.
    pub rate_limit: Option<u32>,
    /// How many as-of screening sets are kept built (least recently used go).
    pub as_of_cache: usize,
}

impl ServerConfig {
    /// The defaults: poll every 60 s, 1 MiB bodies, 100 requests/s per key,
    /// four as-of sets.
    pub fn new(data_dir: impl Into<PathBuf>) -> ServerConfig {
        ServerConfig {
            data_dir: data_dir.into(),
            reload_interval: Some(Duration::from_secs(60)),
            max_body: DEFAULT_MAX_BODY,
            rate_limit: Some(DEFAULT_RATE_LIMIT),
            as_of_cache: 4,
        }
    }
}

/// The default body limit: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// The default rate limit per key, requests per second.
pub const DEFAULT_RATE_LIMIT: u32 = 100;

/// The state shared by all requests.
pub struct AppState {
    /// The configuration.
    pub config: ServerConfig,
    /// The application: Worlds, lists, keys, audit log.
    pub host: Host,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// The per-key rate limit, if any.
    pub limiter: Option<Limiter>,
    /// Screenings running at once: as many as there are cores. A request
    /// waits here (asynchronously) before screening, so a burst of connections
    /// queues instead of time-slicing dozens of CPU-bound tasks; the permit is
    /// given back before the audit wait.
    pub screen_slots: Arc<tokio::sync::Semaphore>,
    started: Instant,
}

/// How many screenings run at once: the cores available.
pub fn screening_parallelism() -> usize {
    std::thread::available_parallelism().map_or(2, NonZeroUsize::get)
}

impl AppState {
    /// The state for `config`, with no World loaded yet (see [`AppState::reload`]).
    pub fn new(config: ServerConfig) -> Result<AppState, interdict_app::AppError> {
        let host = Host::open(DataDir::new(&config.data_dir), config.as_of_cache)?;
        let limiter = config.rate_limit.and_then(Limiter::new);
        Ok(AppState {
            config,
            host,
            metrics: Metrics::new(),
            limiter,
            screen_slots: Arc::new(tokio::sync::Semaphore::new(screening_parallelism())),
            started: Instant::now(),
        })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.config.data_dir
    }

    /// The World in force, or 503.
    pub fn ready(&self) -> Result<Arc<World>, ApiError> {
        Ok(self.host.ready()?)
    }

    /// Seconds since the server started.
    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }

    /// Looks for new list versions and swaps a new World in when there are
    /// (`Host::reload`), recording it in the metrics. Blocking.
    pub fn reload(&self) -> Result<ReloadOutcome, interdict_app::AppError> {
        let outcome = self.host.reload()?;
        if let (ReloadOutcome::Swapped { seconds, .. }, Some(world)) =
            (&outcome, self.host.current())
        {
            self.metrics
                .index_loaded(&world, Duration::from_secs_f64(*seconds));
        }
        Ok(outcome)
    }
}
