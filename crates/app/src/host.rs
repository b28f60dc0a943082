//! The [`Host`]: what a long-running surface (the HTTP service) holds between requests.
//!
//! # The World lifecycle
//!
//! 1. [`Host::open`] opens the key store and the audit log; no World is loaded yet, and
//!    [`Host::ready`] answers [`AppError::NotReady`].
//! 2. [`Host::reload`] (at start, on a timer, on an admin's request) reads the versions held.
//!    When the versions in force differ from those of the current World, it builds a whole
//!    new World off the request path and swaps it in with one atomic pointer store; reloads
//!    are serialized. Otherwise the current World stays.
//! 3. A request takes the `Arc` of the World in force when it starts ([`Host::ready`],
//!    [`Host::world_for`]) and answers from it alone, however long it runs: no request sees
//!    a half-built World or two generations at once.
//! 4. After a swap, [`World::prepare`] builds the derived parts (text dictionary, linkage
//!    clusters) in the background; until then they are built on first use.
//! 5. The old World is dropped when the last request holding it ends. As-of Worlds (the
//!    versions in force on a past date) and travel Worlds are cached per date, and dropped at
//!    the next swap, since a version imported late may be in force on a past date too.

use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use arc_swap::ArcSwapOption;
use chrono::NaiveDate;
use interdict_audit::{AlertFilter, AlertPage, AlertView, Decision, RecordedScreening};
use interdict_keys::{KeyInfo, KeyStore};
use interdict_ownership::Snapshot;
use interdict_store::VersionInfo;
use lru::LruCache;

use crate::record::{AuditTrail, Findings};
use crate::{AppError, DataDir, Lists, Screening, World};

/// What a reload did.
#[derive(Clone, Debug, PartialEq)]
pub enum ReloadOutcome {
    /// The versions in force changed; a new World was swapped in.
    Swapped {
        /// The new generation.
        generation: u64,
        /// The versions now screened.
        versions: Vec<VersionInfo>,
        /// Seconds the load and build took.
        seconds: f64,
    },
    /// Nothing new was imported; the World in place stays.
    Unchanged {
        /// The generation kept.
        generation: u64,
    },
}

/// How many travel Worlds (one per travel date) are kept built.
const TRAVEL_WORLDS: usize = 4;

/// The ownership graph of one World generation and one state of the ownership imports.
pub struct OwnershipView {
    /// The generation the graph was read with.
    pub generation: u64,
    /// The ownership imports it holds (id of the last, count).
    pub imports: (Option<i64>, usize),
    /// The graph.
    pub snapshot: Snapshot,
}

/// The state a long-running surface holds (see the module docs).
pub struct Host {
    data: DataDir,
    current: ArcSwapOption<World>,
    as_of: Mutex<LruCache<NaiveDate, Arc<World>>>,
    travel: Mutex<LruCache<(u64, NaiveDate), Arc<World>>>,
    ownership: Mutex<Option<Arc<OwnershipView>>>,
    lists: Mutex<Option<Lists>>,
    reload_lock: Mutex<()>,
    keys: KeyStore,
    audit: Box<dyn AuditTrail>,
}

impl Host {
    /// Opens the key store and the audit log of `data`; keeps up to `as_of_worlds` as-of
    /// Worlds built. No World is loaded yet (see [`Host::reload`]).
    pub fn open(data: DataDir, as_of_worlds: usize) -> Result<Host, AppError> {
        let keys = data.keys()?;
        let audit = Box::new(data.audit()?);
        Ok(Host::with_audit(data, as_of_worlds, keys, audit))
    }

    /// A host recording to `audit` (another backend than the data directory's log).
    pub fn with_audit(
        data: DataDir,
        as_of_worlds: usize,
        keys: KeyStore,
        audit: Box<dyn AuditTrail>,
    ) -> Host {
        let capacity = NonZeroUsize::new(as_of_worlds.max(1)).expect("at least one");
        Host {
            data,
            current: ArcSwapOption::empty(),
            as_of: Mutex::new(LruCache::new(capacity)),
            travel: Mutex::new(LruCache::new(
                NonZeroUsize::new(TRAVEL_WORLDS).expect("non-zero"),
            )),
            ownership: Mutex::new(None),
            lists: Mutex::new(None),
            reload_lock: Mutex::new(()),
            keys,
            audit,
        }
    }

    /// The data directory.
    pub fn data(&self) -> &DataDir {
        &self.data
    }

    /// The audit log.
    pub fn audit(&self) -> &dyn AuditTrail {
        self.audit.as_ref()
    }

    /// The World in force, or `None` before the first load.
    pub fn current(&self) -> Option<Arc<World>> {
        self.current.load_full()
    }

    /// The World in force, or [`AppError::NotReady`].
    pub fn ready(&self) -> Result<Arc<World>, AppError> {
        self.current().ok_or(AppError::NotReady)
    }

    /// Runs `f` with the read connection to the list store (opened on first use). Blocking.
    pub fn with_lists<T>(
        &self,
        f: impl FnOnce(&Lists) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut held = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        if held.is_none() {
            *held = Some(self.data.lists()?);
        }
        f(held.as_ref().expect("opened above"))
    }

    /// Looks at the versions held and, when those in force differ from the current World's,
    /// builds a new World and swaps it in (see the module docs). Blocking.
    pub fn reload(&self) -> Result<ReloadOutcome, AppError> {
        let _one_at_a_time = self.reload_lock.lock().unwrap_or_else(|e| e.into_inner());
        // A connection of its own, so a long build never holds the read connection the
        // request handlers share.
        let lists = self.data.lists()?;
        let fingerprint = latest_fingerprint(&lists.versions(None)?);
        let current = self.current();
        if let Some(world) = &current {
            if world.fingerprint() == fingerprint.as_slice() {
                return Ok(ReloadOutcome::Unchanged {
                    generation: world.generation(),
                });
            }
        }
        let started = Instant::now();
        let set = interdict_screening::load_screening_set(&lists.store, &[], None)?;
        let generation = current.as_ref().map_or(1, |w| w.generation() + 1);
        let world = World::of_set(set, generation);
        let versions = world.versions().to_vec();
        self.current.store(Some(Arc::new(world)));
        self.as_of.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let seconds = started.elapsed().as_secs_f64();
        tracing::info!(
            generation,
            versions = versions.len(),
            seconds,
            "screening index swapped in"
        );
        Ok(ReloadOutcome::Swapped {
            generation,
            versions,
            seconds,
        })
    }

    /// The World for `as_of` (the current one when `None`), built and cached when not held.
    /// Blocking.
    pub fn world_for(&self, as_of: Option<NaiveDate>) -> Result<Arc<World>, AppError> {
        let current = self.ready()?;
        let Some(date) = as_of else {
            return Ok(current);
        };
        if let Some(world) = self
            .as_of
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&date)
        {
            return Ok(Arc::clone(world));
        }
        let world = Arc::new(self.with_lists(|lists| {
            let set = interdict_screening::load_screening_set(&lists.store, &[], Some(date))?;
            Ok(World::of_set(set, current.generation()))
        })?);
        self.as_of
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .put(date, Arc::clone(&world));
        Ok(world)
    }

    /// The World for a travel check on `date`: the as-of World when every source held has a
    /// version in force on the date, else the travel World (the earliest version of the
    /// sources that start later), cached per date. Blocking.
    pub fn travel_world(&self, date: NaiveDate) -> Result<Arc<World>, AppError> {
        let world = self.world_for(Some(date))?;
        if world.unknown().is_empty() {
            return Ok(world);
        }
        let key = (world.generation(), date);
        if let Some(world) = self
            .travel
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(Arc::clone(world));
        }
        let travel = Arc::new(self.with_lists(|lists| lists.travel_world(date))?);
        self.travel
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .put(key, Arc::clone(&travel));
        Ok(travel)
    }

    /// The ownership graph of the lists in force and the ownership rows imported, rebuilt
    /// when either changed. Blocking.
    pub fn ownership(&self) -> Result<Arc<OwnershipView>, AppError> {
        let generation = self.ready()?.generation();
        let owners = self.data.ownership()?;
        let imports = owners.imports()?;
        let stamp = (imports.iter().map(|i| i.id).max(), imports.len());
        let mut held = self.ownership.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(view) = held.as_ref() {
            if view.generation == generation && view.imports == stamp {
                return Ok(Arc::clone(view));
            }
        }
        let snapshot = self.with_lists(|lists| lists.ownership(&owners, None))?;
        let view = Arc::new(OwnershipView {
            generation,
            imports: stamp,
            snapshot,
        });
        *held = Some(Arc::clone(&view));
        Ok(view)
    }

    /// Forgets the ownership graph (after an import).
    pub fn ownership_changed(&self) {
        *self.ownership.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The key a presented secret identifies; `None` for an unknown or revoked key. Never
    /// logs the key.
    pub fn authenticate(&self, presented: &str) -> Result<Option<KeyInfo>, AppError> {
        Ok(self.keys.authenticate(presented)?)
    }

    /// Records a screening and returns once it is durable. Blocking.
    pub fn record(
        &self,
        screening: &Screening,
        actor: &str,
        received: serde_json::Value,
    ) -> Result<RecordedScreening, AppError> {
        crate::record(self.audit(), screening, actor, received)
    }

    /// Records findings (a message, a text) and returns once durable. Blocking.
    pub fn record_findings(
        &self,
        findings: Findings<'_>,
        actor: &str,
    ) -> Result<RecordedScreening, AppError> {
        crate::record_findings(self.audit(), findings, actor)
    }

    /// A page of the review queue.
    pub fn alerts(&self, filter: &AlertFilter) -> Result<AlertPage, AppError> {
        Ok(self.audit.alerts(filter)?)
    }

    /// One alert, or [`AppError::NotFound`].
    pub fn alert(&self, id: u64) -> Result<AlertView, AppError> {
        self.audit
            .alert(id)?
            .ok_or_else(|| AppError::NotFound(format!("no alert has the id {id}")))
    }

    /// Records a decision on an alert.
    pub fn decide(
        &self,
        id: u64,
        decision: Decision,
        comment: &str,
        actor: &str,
    ) -> Result<AlertView, AppError> {
        crate::decide(self.audit(), id, decision, comment, actor)
    }

    /// Builds the derived parts of the current World (see [`World::prepare`]). Blocking.
    pub fn prepare_current(&self) {
        if let Some(world) = self.current() {
            world.prepare(self.data.path());
        }
    }

    /// The data directory's path.
    pub fn path(&self) -> &Path {
        self.data.path()
    }
}

/// The ids of the latest version of each source (the last imported among those published
/// last), as `load_screening_set` picks them, sorted.
fn latest_fingerprint(versions: &[VersionInfo]) -> Vec<i64> {
    // `versions` is ordered by source, then publication date: the last of each source's run
    // is the one in force.
    let mut ids: Vec<i64> = versions
        .iter()
        .enumerate()
        .filter(|(i, version)| {
            versions
                .get(i + 1)
                .is_none_or(|next| next.source != version.source)
        })
        .map(|(_, version)| version.id)
        .collect();
    ids.sort_unstable();
    ids
}
