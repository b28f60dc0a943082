//! What the text, message, entity, travel and exposure endpoints derive from
//! the screening index, built once per index and replaced with it.
//!
//! The text screener's [`Dictionary`] and the linkage [`Clusters`] are built
//! from one screening set; using them with another would mix two versions of
//! the lists. So they are held together with the `Arc` of the index they were
//! built from ([`Derived`]): a request takes the pair of one generation, and a
//! new generation gets a new pair. Each part is built on first use (or right
//! after a swap by [`Derived::prepare`], which the reloader calls), once.
//!
//! Travel checks need the versions in force on the travel date, and when no
//! version held is that old, the earliest one (`interdict_travel::
//! load_travel_set`); those sets are cached per date here, beside the
//! server's as-of cache (which is used when every source has a version in
//! force on the date). The ownership graph ([`Snapshot`]) depends on the list
//! versions and on the user's ownership imports, so it is rebuilt when either
//! changes.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;
use interdict_engine::store::Store;
use interdict_engine::{error_chain, ScreeningSet};
use interdict_linkage::{Clusters, DeclaredLinks, Options};
use interdict_mentions::Dictionary;
use interdict_model::Entity;
use interdict_ownership::{OwnershipStore, Snapshot};
use lru::LruCache;

use crate::error::ApiError;
use crate::state::{Loaded, SetRef};
use crate::AppState;

/// How many travel sets (one per travel date) are kept built.
const TRAVEL_SETS: usize = 4;

/// The derived state of the server: per index generation, and the caches.
pub struct Derived {
    current: Mutex<Option<Arc<ForIndex>>>,
    travel: Mutex<LruCache<(u64, NaiveDate), Arc<ScreeningSet>>>,
    snapshot: Mutex<Option<Arc<OwnershipView>>>,
}

impl Default for Derived {
    fn default() -> Self {
        Derived::new()
    }
}

/// What is derived from one index: built lazily, once each.
pub struct ForIndex {
    /// The index these were built from.
    pub loaded: Arc<Loaded>,
    dictionary: OnceLock<Dictionary>,
    clusters: OnceLock<Result<Clusters, String>>,
    positions: OnceLock<HashMap<String, usize>>,
}

/// The ownership graph of one index generation and one state of the
/// ownership imports.
pub struct OwnershipView {
    /// The index generation the graph was read with.
    pub generation: u64,
    /// The ownership imports it holds (id of the last, count).
    pub imports: (Option<i64>, usize),
    /// The graph.
    pub snapshot: Snapshot,
}

impl ForIndex {
    /// The set.
    pub fn set(&self) -> &ScreeningSet {
        &self.loaded.set
    }

    /// The text screener's dictionary of this index.
    pub fn dictionary(&self) -> &Dictionary {
        self.dictionary
            .get_or_init(|| Dictionary::build(&self.loaded.set))
    }

    /// The entity of the set with this id, if screened.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        let positions = self.positions.get_or_init(|| {
            self.loaded
                .set
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str().to_string(), i))
                .collect()
        });
        positions.get(id).map(|&i| &self.loaded.set.entities[i])
    }

    /// The parties across the lists of this index (the versions in force and
    /// the records earlier versions held). Blocking: the first call builds.
    /// The clusters of this index, if the background build has finished.
    pub fn clusters_if_built(&self) -> Option<&Clusters> {
        self.clusters.get().and_then(|built| built.as_ref().ok())
    }

    /// The clusters of this index, built on first use.
    pub fn clusters(&self, state: &AppState) -> Result<&Clusters, ApiError> {
        self.clusters
            .get_or_init(|| {
                let started = std::time::Instant::now();
                let store = Store::open(state.data_dir()).map_err(|e| error_chain(&e))?;
                let declared = DeclaredLinks::open(state.data_dir())
                    .and_then(|d| d.in_force())
                    .map_err(|e| error_chain(&e))?;
                let clusters = Clusters::build(
                    &store,
                    &self.loaded.set,
                    None,
                    &declared,
                    &Options::default(),
                )
                .map_err(|e| error_chain(&e))?;
                tracing::info!(
                    generation = self.loaded.generation,
                    seconds = started.elapsed().as_secs_f64(),
                    "linkage clusters built"
                );
                Ok(clusters)
            })
            .as_ref()
            .map_err(|e| ApiError::internal(format!("building the linkage clusters: {e}")))
    }
}

impl Derived {
    /// Nothing built yet.
    pub fn new() -> Derived {
        Derived {
            current: Mutex::new(None),
            travel: Mutex::new(LruCache::new(
                NonZeroUsize::new(TRAVEL_SETS).expect("non-zero"),
            )),
            snapshot: Mutex::new(None),
        }
    }

    /// What is derived from the index in force (503 before the first load).
    pub fn for_index(&self, state: &AppState) -> Result<Arc<ForIndex>, ApiError> {
        let loaded = state.ready()?;
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(held) = current.as_ref() {
            if held.loaded.generation == loaded.generation {
                return Ok(held.clone());
            }
        }
        let fresh = Arc::new(ForIndex {
            loaded,
            dictionary: OnceLock::new(),
            clusters: OnceLock::new(),
            positions: OnceLock::new(),
        });
        *current = Some(fresh.clone());
        Ok(fresh)
    }

    /// Builds everything derived from the index in force, so the first
    /// request after a swap does not wait. Blocking.
    pub fn prepare(&self, state: &AppState) {
        let Ok(derived) = self.for_index(state) else {
            return;
        };
        let started = std::time::Instant::now();
        derived.dictionary();
        derived.entity("");
        if let Err(error) = derived.clusters(state) {
            tracing::error!(%error, "linkage clusters");
        }
        tracing::info!(
            generation = derived.loaded.generation,
            seconds = started.elapsed().as_secs_f64(),
            "text dictionary and linkage clusters ready"
        );
    }

    /// The screening set for a travel date: the server's as-of set when every
    /// source held has a version in force on the date, else
    /// `load_travel_set` (the earliest version of the sources that start
    /// later), cached per date. Blocking.
    pub fn travel_set(&self, state: &AppState, date: NaiveDate) -> Result<TravelSet, ApiError> {
        let set = state.set_for(Some(date))?;
        if set.set().unknown.is_empty() {
            return Ok(TravelSet::AsOf(set));
        }
        let generation = state.ready()?.generation;
        let key = (generation, date);
        if let Some(set) = self
            .travel
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(TravelSet::Travel(set.clone()));
        }
        let set = state.with_store(|store| {
            interdict_travel::load_travel_set(store, date)
                .map_err(|e| ApiError::internal(error_chain(&e)))
        })?;
        let set = Arc::new(set);
        self.travel
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .put(key, set.clone());
        Ok(TravelSet::Travel(set))
    }

    /// The ownership graph of the lists in force and the ownership rows
    /// imported, rebuilt when either changed. Blocking.
    pub fn ownership(&self, state: &AppState) -> Result<Arc<OwnershipView>, ApiError> {
        let generation = state.ready()?.generation;
        let owners = open_owners(state)?;
        let imports = owners.imports().map_err(ownership_error)?;
        let stamp = (imports.iter().map(|i| i.id).max(), imports.len());
        let mut held = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(view) = held.as_ref() {
            if view.generation == generation && view.imports == stamp {
                return Ok(view.clone());
            }
        }
        let snapshot = state.with_store(|store| {
            Snapshot::load(store, &owners, None).map_err(|e| ApiError::internal(error_chain(&e)))
        })?;
        let view = Arc::new(OwnershipView {
            generation,
            imports: stamp,
            snapshot,
        });
        *held = Some(view.clone());
        Ok(view)
    }

    /// Forgets the ownership graph (after an import).
    pub fn ownership_changed(&self) {
        *self.snapshot.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// A set for a travel check.
pub enum TravelSet {
    /// The server's as-of set.
    AsOf(SetRef),
    /// A travel set (earliest versions where none was in force).
    Travel(Arc<ScreeningSet>),
}

impl TravelSet {
    /// The set.
    pub fn set(&self) -> &ScreeningSet {
        match self {
            TravelSet::AsOf(set) => set.set(),
            TravelSet::Travel(set) => set,
        }
    }
}

/// Opens the ownership store of the data directory.
pub fn open_owners(state: &AppState) -> Result<OwnershipStore, ApiError> {
    OwnershipStore::open(state.data_dir()).map_err(ownership_error)
}

/// An ownership store failure: a refused file is the caller's (422), the
/// rest is ours.
pub fn ownership_error(error: interdict_ownership::OwnershipError) -> ApiError {
    use interdict_ownership::OwnershipError;
    match &error {
        OwnershipError::Row { .. } | OwnershipError::File { .. } => ApiError {
            status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_ownership_data",
            message: error.to_string(),
            retry_after: None,
        },
        _ => ApiError::internal(error_chain(&error)),
    }
}
