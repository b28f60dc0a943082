//! Screening against the list versions in force.
//!
//! The index is derived state: it is built from exactly the versions chosen
//! (the latest of each source, or those in force on an as-of date), and every
//! answer names those versions, so a screening result can always be traced to
//! the publications it was checked against.

use chrono::NaiveDate;
use interdict_index::Index;
use interdict_matcher::{Hit, MatchConfig, Query};
use interdict_model::{Entity, SourceId};
use interdict_store::{AsOf, Store, VersionInfo};

use crate::ScreeningError;

/// An index over a chosen set of list versions, with the record of which.
pub struct ScreeningSet {
    /// The index over every entity of `versions`.
    pub index: Index,
    /// The versions indexed, one per source.
    pub versions: Vec<VersionInfo>,
    /// Sources with versions held, none of which was in force on the as-of
    /// date: their answer on that date is unknown, not "not listed".
    pub unknown: Vec<(SourceId, VersionInfo)>,
    /// The party entities, parallel to `index.entities()`, for showing hits.
    pub entities: Vec<Entity>,
    /// Seconds spent reading the versions' entities from the store.
    pub load_seconds: f64,
    /// Seconds spent building the index.
    pub build_seconds: f64,
}

/// Builds the screening set: for each of `sources` (every source held, if
/// empty), the latest version, or the version in force on `as_of`.
pub fn load_screening_set(
    store: &Store,
    sources: &[SourceId],
    as_of: Option<NaiveDate>,
) -> Result<ScreeningSet, ScreeningError> {
    let wanted: Vec<SourceId> = if sources.is_empty() {
        SourceId::ALL.to_vec()
    } else {
        sources.to_vec()
    };
    let mut versions = Vec::new();
    let mut unknown = Vec::new();
    for source in wanted {
        let held = store.versions(Some(source))?;
        let Some(latest) = held.last() else { continue };
        match as_of {
            None => versions.push(latest.clone()),
            Some(date) => match store.as_of(source, date)? {
                AsOf::InForce(version) => versions.push(version),
                AsOf::BeforeFirst { first } => unknown.push((source, first)),
                AsOf::NoVersions => {}
            },
        }
    }
    ScreeningSet::from_versions(store, versions, unknown)
}

/// Results down to this share of the threshold are returned as near misses
/// (marked `match: false`, never alerts), so an analyst sees what the line
/// separated (see [`crate::Floor::NearMisses`]).
pub const NEAR_MISS_SHARE: f64 = 0.8;

impl ScreeningSet {
    /// Reads the party entities of `versions` from the store and indexes them; `unknown` is
    /// kept as given. For callers that choose the versions themselves (as-of rules of their
    /// own, such as travel checks); [`load_screening_set`] chooses them by source and date.
    pub fn from_versions(
        store: &Store,
        versions: Vec<VersionInfo>,
        unknown: Vec<(SourceId, VersionInfo)>,
    ) -> Result<ScreeningSet, ScreeningError> {
        let started = std::time::Instant::now();
        let mut entities = Vec::new();
        for version in &versions {
            // Only parties are indexed; keeping the same filter here keeps
            // `entities` parallel to `index.entities()`.
            entities.extend(
                store
                    .entities(version)?
                    .into_iter()
                    .filter(|e| e.schema.is_party()),
            );
        }
        let load_seconds = started.elapsed().as_secs_f64();
        let started = std::time::Instant::now();
        let index = Index::build(&entities);
        let build_seconds = started.elapsed().as_secs_f64();
        debug_assert_eq!(index.entities().len(), entities.len());
        Ok(ScreeningSet {
            index,
            versions,
            unknown,
            entities,
            load_seconds,
            build_seconds,
        })
    }

    /// The matcher's raw hits for a configuration of the caller's: for the evaluation
    /// harness only, which measures the matcher at a threshold of its own. Surfaces screen
    /// through [`crate::screen`].
    pub(crate) fn screen(&self, query: &Query, config: &MatchConfig) -> Vec<Hit> {
        interdict_matcher::screen(&self.index, query, config)
    }

    /// The entity of a hit.
    pub fn entity(&self, hit: &Hit) -> &Entity {
        &self.entities[hit.entity as usize]
    }
}
