//! What every request shares: the screening index behind an atomic swap, the
//! as-of sets, the store for reads, and the configuration.
//!
//! The index is derived state built from exactly one set of versions. A new
//! version imported by another process is picked up by building a whole new
//! set off the request path and swapping the pointer: a request holds the
//! `Arc` of the set it started with, so none fails and none sees a half-built
//! index.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use arc_swap::ArcSwapOption;
use chrono::{DateTime, NaiveDate, Utc};
use interdict_engine::store::{Store, VersionInfo};
use interdict_engine::{error_chain, load_screening_set, ScreeningSet};
use lru::LruCache;

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

/// A screening set and when and from what it was built.
pub struct Loaded {
    /// The set.
    pub set: ScreeningSet,
    /// The store-wide ids of the versions indexed: two loads with the same
    /// fingerprint index the same data.
    pub fingerprint: Vec<i64>,
    /// When the set was swapped in.
    pub loaded_at: DateTime<Utc>,
    /// 1 for the first set loaded, +1 per swap.
    pub generation: u64,
    /// Each entity's listing hash (`interdict_json::entity_hash`), computed
    /// on first need: every screening records the hashes of its results.
    hashes: Vec<OnceLock<String>>,
    /// The versions as `interdict_json::version` writes them, once: every
    /// audit entry names them.
    versions_json: Vec<serde_json::Value>,
}

/// What a reload did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReloadOutcome {
    /// The versions in force changed; a new index was swapped in.
    Swapped {
        /// The new generation.
        generation: u64,
        /// The versions now screened.
        versions: Vec<VersionInfo>,
    },
    /// Nothing new was imported; the index in place stays.
    Unchanged {
        /// The generation kept.
        generation: u64,
    },
}

/// The state shared by all requests.
pub struct AppState {
    /// The configuration.
    pub config: ServerConfig,
    current: ArcSwapOption<Loaded>,
    as_of: Mutex<LruCache<NaiveDate, Arc<ScreeningSet>>>,
    store: Mutex<Option<Store>>,
    reload_lock: Mutex<()>,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// The key store and audit log.
    pub guard: crate::guard::Guard,
    /// The per-key rate limit, if any.
    pub limiter: Option<crate::auth::Limiter>,
    /// What the semantics, message and text endpoints derive from the index.
    pub derived: crate::api::derived::Derived,
    /// Screenings running at once: as many as there are cores. A request
    /// waits here (asynchronously) before taking a blocking thread to screen,
    /// so a burst of connections queues instead of time-slicing dozens of
    /// CPU-bound threads; the permit is given back before the audit wait.
    pub screen_slots: Arc<tokio::sync::Semaphore>,
    started: Instant,
}

/// How many screenings run at once: the cores available.
pub fn screening_parallelism() -> usize {
    std::thread::available_parallelism().map_or(2, NonZeroUsize::get)
}

impl AppState {
    /// The state for `config`, with no index loaded yet (see [`AppState::reload`]).
    pub fn new(config: ServerConfig) -> Result<AppState, String> {
        let guard = crate::guard::Guard::open(&config.data_dir)?;
        let config_limiter = config.rate_limit.and_then(crate::auth::Limiter::new);
        let capacity = NonZeroUsize::new(config.as_of_cache.max(1)).expect("at least one");
        Ok(AppState {
            config,
            current: ArcSwapOption::empty(),
            as_of: Mutex::new(LruCache::new(capacity)),
            store: Mutex::new(None),
            reload_lock: Mutex::new(()),
            metrics: Metrics::new(),
            guard,
            limiter: config_limiter,
            derived: crate::api::derived::Derived::new(),
            screen_slots: Arc::new(tokio::sync::Semaphore::new(screening_parallelism())),
            started: Instant::now(),
        })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.config.data_dir
    }

    /// The index in force, or `None` before the first load.
    pub fn current(&self) -> Option<Arc<Loaded>> {
        self.current.load_full()
    }

    /// The index in force, or 503.
    pub fn ready(&self) -> Result<Arc<Loaded>, ApiError> {
        self.current()
            .ok_or_else(|| ApiError::unavailable("no screening index is loaded yet; retry shortly"))
    }

    /// Seconds since the server started.
    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }

    /// Runs `f` with the read connection to the store (opened on first use).
    /// Blocking: call from a blocking task.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut guard = self.store.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            let store = Store::open(&self.config.data_dir).map_err(|e| {
                ApiError::internal(format!(
                    "opening the data directory {}: {}",
                    self.config.data_dir.display(),
                    error_chain(&e)
                ))
            })?;
            *guard = Some(store);
        }
        f(guard.as_ref().expect("opened above"))
    }

    /// Looks at the versions held and, when they differ from those indexed,
    /// builds a new index and swaps it in. Blocking (reads the store, builds
    /// an index): run it on a blocking thread. Reloads are serialized; the
    /// index in place keeps answering until the swap.
    pub fn reload(&self) -> Result<ReloadOutcome, String> {
        let _one_at_a_time = self.reload_lock.lock().unwrap_or_else(|e| e.into_inner());
        // A connection of its own, so a long build never holds the read
        // connection the request handlers share.
        let store = Store::open(&self.config.data_dir).map_err(|e| error_chain(&e))?;
        let versions = store.versions(None).map_err(|e| error_chain(&e))?;
        let fingerprint = latest_fingerprint(&versions);
        let current = self.current();
        if let Some(loaded) = &current {
            if loaded.fingerprint == fingerprint {
                return Ok(ReloadOutcome::Unchanged {
                    generation: loaded.generation,
                });
            }
        }
        let started = Instant::now();
        let set = load_screening_set(&store, &[], None).map_err(|e| error_chain(&e))?;
        let mut fingerprint = set.versions.iter().map(|v| v.id).collect::<Vec<_>>();
        fingerprint.sort_unstable();
        let generation = current.as_ref().map_or(1, |c| c.generation + 1);
        let versions = set.versions.clone();
        let hashes = (0..set.entities.len()).map(|_| OnceLock::new()).collect();
        let versions_json = set.versions.iter().map(interdict_json::version).collect();
        let loaded = Loaded {
            hashes,
            versions_json,
            set,
            fingerprint,
            loaded_at: Utc::now(),
            generation,
        };
        self.metrics.index_loaded(&loaded, started.elapsed());
        self.current.store(Some(Arc::new(loaded)));
        // A version imported late may be in force on a past date too.
        self.as_of.lock().unwrap_or_else(|e| e.into_inner()).clear();
        tracing::info!(
            generation,
            versions = versions.len(),
            seconds = started.elapsed().as_secs_f64(),
            "screening index swapped in"
        );
        Ok(ReloadOutcome::Swapped {
            generation,
            versions,
        })
    }

    /// The screening set for `as_of` (the current one when `None`), built and
    /// cached when not held. Blocking.
    pub fn set_for(&self, as_of: Option<NaiveDate>) -> Result<SetRef, ApiError> {
        let loaded = self.ready()?;
        let Some(date) = as_of else {
            return Ok(SetRef::Current(loaded));
        };
        if let Some(set) = self
            .as_of
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&date)
        {
            return Ok(SetRef::AsOf(set.clone()));
        }
        let set = self.with_store(|store| {
            load_screening_set(store, &[], Some(date))
                .map_err(|e| ApiError::internal(error_chain(&e)))
        })?;
        let set = Arc::new(set);
        self.as_of
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .put(date, set.clone());
        Ok(SetRef::AsOf(set))
    }
}

/// The ids of the latest version of each source (the last imported among
/// those published last), as `load_screening_set` would pick them.
fn latest_fingerprint(versions: &[VersionInfo]) -> Vec<i64> {
    // `versions` is ordered by source, then publication date: the last of
    // each source's run is the one in force.
    let mut ids = Vec::new();
    for (i, version) in versions.iter().enumerate() {
        let last_of_source = versions
            .get(i + 1)
            .is_none_or(|next| next.source != version.source);
        if last_of_source {
            ids.push(version.id);
        }
    }
    ids.sort_unstable();
    ids
}

/// A screening set held for one request.
pub enum SetRef {
    /// The index in force.
    Current(Arc<Loaded>),
    /// A set of the versions in force on a past date.
    AsOf(Arc<ScreeningSet>),
}

impl SetRef {
    /// The listing hash of a hit's entity (cached for the index in force).
    pub fn entity_hash(&self, hit: &interdict_engine::matcher::Hit) -> String {
        match self {
            SetRef::Current(loaded) => loaded.hashes[hit.entity as usize]
                .get_or_init(|| interdict_json::entity_hash(loaded.set.entity(hit)))
                .clone(),
            SetRef::AsOf(set) => interdict_json::entity_hash(set.entity(hit)),
        }
    }

    /// The versions screened, as `interdict_json::version` writes them.
    pub fn versions_json(&self) -> Vec<serde_json::Value> {
        match self {
            SetRef::Current(loaded) => loaded.versions_json.clone(),
            SetRef::AsOf(set) => set.versions.iter().map(interdict_json::version).collect(),
        }
    }

    /// The set.
    pub fn set(&self) -> &ScreeningSet {
        match self {
            SetRef::Current(loaded) => &loaded.set,
            SetRef::AsOf(set) => set,
        }
    }
}
