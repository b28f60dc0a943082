//! The [`World`]: one screening set and everything derived from it, built once and never
//! changed.
//!
//! The index is derived state built from exactly one set of list versions; the text
//! screener's dictionary, the linkage clusters and each entity's listing hashes are derived
//! from that index in turn. Using any of them with another index would mix two versions of
//! the lists, so they live together here: a World is the snapshot every answer is computed
//! from (after rust-analyzer's `Analysis`), and a new version imported means a new World,
//! swapped whole by the [`crate::Host`] (see its docs for the lifecycle). The derived parts
//! are built on first use, once each, or ahead of need by [`World::prepare`].

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};
use interdict_linkage::{Clusters, DeclaredLinks, Options};
use interdict_mentions::Dictionary;
use interdict_model::{Entity, SourceId};
use interdict_screening::ScreeningSet;
use interdict_store::{Store, VersionInfo};
use serde_json::Value;

use crate::listing::ListingHashes;
use crate::AppError;

/// One screening set and what is derived from it (see the module docs).
pub struct World {
    set: ScreeningSet,
    generation: u64,
    loaded_at: DateTime<Utc>,
    fingerprint: Vec<i64>,
    /// Each entity's listing hashes, computed on first need: every recorded screening
    /// names the hashes of its matches.
    listings: Vec<OnceLock<ListingHashes>>,
    /// The versions as the audit log records them, once: every entry names them.
    recorded_versions: Vec<Value>,
    dictionary: OnceLock<Dictionary>,
    positions: OnceLock<HashMap<String, usize>>,
    clusters: OnceLock<Result<Clusters, ClustersFailed>>,
}

/// Why the linkage clusters of a World could not be built (kept with the World, so the
/// failure is reported to every caller, not retried on every request).
#[derive(Clone, Debug, thiserror::Error)]
#[error("building the linkage clusters: {0}")]
pub struct ClustersFailed(String);

impl World {
    /// The World of the versions in force (the latest of each of `sources`, every source
    /// held when empty), or of those in force on `as_of`. [`AppError::NothingHeld`] when no
    /// version of any of them is held.
    pub fn load(
        store: &Store,
        sources: &[SourceId],
        as_of: Option<NaiveDate>,
    ) -> Result<World, AppError> {
        let set = interdict_screening::load_screening_set(store, sources, as_of)?;
        if set.versions.is_empty() && set.unknown.is_empty() {
            return Err(AppError::NothingHeld);
        }
        Ok(World::of_set(set, 0))
    }

    /// A World over a set already built, numbered `generation` (0 for a World that is not
    /// one of the [`crate::Host`]'s generations).
    pub fn of_set(set: ScreeningSet, generation: u64) -> World {
        let mut fingerprint: Vec<i64> = set.versions.iter().map(|v| v.id).collect();
        fingerprint.sort_unstable();
        let listings = (0..set.entities.len()).map(|_| OnceLock::new()).collect();
        let recorded_versions = set.versions.iter().map(interdict_json::version).collect();
        World {
            set,
            generation,
            loaded_at: Utc::now(),
            fingerprint,
            listings,
            recorded_versions,
            dictionary: OnceLock::new(),
            positions: OnceLock::new(),
            clusters: OnceLock::new(),
        }
    }

    /// The screening set.
    pub fn set(&self) -> &ScreeningSet {
        &self.set
    }

    /// The versions screened, one per source.
    pub fn versions(&self) -> &[VersionInfo] {
        &self.set.versions
    }

    /// Sources held none of whose versions was in force on the as-of date.
    pub fn unknown(&self) -> &[(SourceId, VersionInfo)] {
        &self.set.unknown
    }

    /// 1 for the first World a host loaded, +1 per swap (0 outside a host).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// When it was built.
    pub fn loaded_at(&self) -> DateTime<Utc> {
        self.loaded_at
    }

    /// The store-wide ids of its versions, sorted: two Worlds with the same fingerprint
    /// index the same data.
    pub fn fingerprint(&self) -> &[i64] {
        &self.fingerprint
    }

    /// Entities indexed.
    pub fn entity_count(&self) -> usize {
        self.set.entities.len()
    }

    /// The hashes of the listing of the entity at `position` in the set.
    pub fn listing(&self, position: usize) -> &ListingHashes {
        self.listings[position].get_or_init(|| ListingHashes::of(&self.set.entities[position]))
    }

    /// The versions in the shape the audit log records.
    pub fn recorded_versions(&self) -> &[Value] {
        &self.recorded_versions
    }

    /// The text screener's dictionary of this set.
    pub fn dictionary(&self) -> &Dictionary {
        self.dictionary.get_or_init(|| Dictionary::build(&self.set))
    }

    /// The entity of the set with this id, and its position.
    pub fn find(&self, id: &str) -> Option<(usize, &Entity)> {
        let positions = self.positions.get_or_init(|| {
            self.set
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str().to_string(), i))
                .collect()
        });
        positions.get(id).map(|&i| (i, &self.set.entities[i]))
    }

    /// The parties across the lists of this World, if they have been built.
    pub fn clusters_if_built(&self) -> Option<&Clusters> {
        self.clusters.get().and_then(|built| built.as_ref().ok())
    }

    /// The parties across the lists of this World (the versions in force and the records
    /// earlier versions held), built on first use with the declarations of `data_dir`.
    pub fn clusters(&self, data_dir: &Path) -> Result<&Clusters, ClustersFailed> {
        self.clusters
            .get_or_init(|| {
                let started = std::time::Instant::now();
                let built = build_clusters(&self.set, data_dir)
                    .map_err(|e| ClustersFailed(crate::error_chain(&e)));
                tracing::info!(
                    generation = self.generation,
                    seconds = started.elapsed().as_secs_f64(),
                    "linkage clusters built"
                );
                built
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Builds what is derived from the set (dictionary, id positions, clusters), so the
    /// first request that needs them does not wait. Blocking.
    pub fn prepare(&self, data_dir: &Path) {
        let started = std::time::Instant::now();
        self.dictionary();
        self.find("");
        if let Err(error) = self.clusters(data_dir) {
            tracing::error!(%error, "linkage clusters");
        }
        tracing::info!(
            generation = self.generation,
            seconds = started.elapsed().as_secs_f64(),
            "text dictionary and linkage clusters ready"
        );
    }
}

fn build_clusters(set: &ScreeningSet, data_dir: &Path) -> Result<Clusters, AppError> {
    let store = Store::open(data_dir)?;
    let declared = DeclaredLinks::open(data_dir)?.in_force()?;
    Ok(Clusters::build(
        &store,
        set,
        None,
        &declared,
        &Options::default(),
    )?)
}
