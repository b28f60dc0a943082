//! The graph as the data directory states it on a day: the list versions in
//! force (the latest of each source, or those in force on the as-of date),
//! and the user's ownership rows in force then. What the CLI and the server
//! build once and query many times.

use std::collections::HashMap;

use chrono::NaiveDate;
use interdict_model::{Entity, SourceId};
use interdict_store::{AsOf, Store, StoreError, VersionInfo};

use crate::exposure::{Analysis, ExposureReport, ExposureRequest};
use crate::graph::{EdgeKind, Graph, GraphBuilder, Party};
use crate::listing::{listing_on, Blocked};
use crate::rules::Jurisdiction;
use crate::userdata::{ImportInfo, OwnershipError, OwnershipStore};

/// Why a snapshot could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The list store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The ownership database failed.
    #[error(transparent)]
    Ownership(#[from] OwnershipError),
}

const JURISDICTIONS: [Jurisdiction; 3] = [Jurisdiction::Us, Jurisdiction::Eu, Jurisdiction::Uk];

/// The relationship graph of one day, with each entity's listings.
pub struct Snapshot {
    /// The graph.
    pub graph: Graph,
    /// The list versions read, one per source.
    pub versions: Vec<VersionInfo>,
    /// Sources held whose first version is later than the as-of date.
    pub unknown: Vec<(SourceId, VersionInfo)>,
    /// The user's ownership imports.
    pub imports: Vec<ImportInfo>,
    /// How many user rows are in force.
    pub user_rows: usize,
    /// The as-of date, if any.
    pub as_of: Option<NaiveDate>,
    listings: HashMap<String, [Option<Blocked>; 3]>,
}

impl Snapshot {
    /// Reads the versions in force on `as_of` (the latest, if `None`) and the
    /// user rows in force then, and builds the graph.
    pub fn load(
        store: &Store,
        owners: &OwnershipStore,
        as_of: Option<NaiveDate>,
    ) -> Result<Snapshot, SnapshotError> {
        let mut versions = Vec::new();
        let mut unknown = Vec::new();
        for source in SourceId::ALL {
            let held = store.versions(Some(source))?;
            let Some(latest) = held.last() else { continue };
            match as_of {
                None => versions.push(latest.clone()),
                Some(day) => match store.as_of(source, day)? {
                    AsOf::InForce(version) => versions.push(version),
                    AsOf::BeforeFirst { first } => unknown.push((source, first)),
                    AsOf::NoVersions => {}
                },
            }
        }
        let mut entities = Vec::new();
        for version in &versions {
            entities.extend(store.entities(version)?);
        }
        let rows = owners.effective(as_of)?;
        let on = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let mut snapshot = Snapshot::from_parts_on(&entities, &rows_as_edges(&rows), on);
        snapshot.versions = versions;
        snapshot.unknown = unknown;
        snapshot.imports = owners.imports()?;
        snapshot.user_rows = rows.len();
        snapshot.as_of = as_of;
        Ok(snapshot)
    }

    /// A snapshot of given entities and user edges, with no versions named;
    /// secondary-sanctions measures as in force today.
    pub fn from_parts(entities: &[Entity], user: &[UserEdge]) -> Snapshot {
        Snapshot::from_parts_on(entities, user, chrono::Utc::now().date_naive())
    }

    /// [`Snapshot::from_parts`] with the secondary-sanctions measures in force
    /// on `on`.
    pub fn from_parts_on(entities: &[Entity], user: &[UserEdge], on: NaiveDate) -> Snapshot {
        let mut builder = GraphBuilder::new();
        builder.add_entities(entities);
        for edge in user {
            let owner = builder.party(&Party::from_text(&edge.owner));
            let owned = builder.party(&Party::from_text(&edge.owned));
            builder.edge(
                owner,
                owned,
                EdgeKind::Ownership,
                Some(edge.percent),
                &edge.source,
                Some(&edge.note),
            );
        }
        let listings = entities
            .iter()
            .filter(|e| e.schema.is_party())
            .filter_map(|e| {
                let each = JURISDICTIONS.map(|j| listing_on(e, j, on));
                each.iter()
                    .any(Option::is_some)
                    .then(|| (e.id.as_str().to_string(), each))
            })
            .collect();
        Snapshot {
            graph: builder.build(),
            versions: Vec::new(),
            unknown: Vec::new(),
            imports: Vec::new(),
            user_rows: user.len(),
            as_of: None,
            listings,
        }
    }

    /// What the lists say of an entity id under a jurisdiction.
    pub fn blocked(&self, id: &str, jurisdiction: Jurisdiction) -> Option<Blocked> {
        let slot = JURISDICTIONS
            .iter()
            .position(|j| *j == jurisdiction)
            .expect("every jurisdiction has a slot");
        self.listings.get(id).and_then(|each| each[slot].clone())
    }

    /// The analysis of one jurisdiction on a day: build once, query often.
    pub fn analysis(&self, jurisdiction: Jurisdiction, on: NaiveDate) -> Analysis<'_> {
        Analysis::new(
            &self.graph,
            &|id| self.blocked(id, jurisdiction),
            jurisdiction,
            on,
        )
    }

    /// Assesses one party.
    pub fn exposure(&self, request: &ExposureRequest) -> ExposureReport {
        self.analysis(request.jurisdiction, request.on)
            .exposure(request)
    }
}

/// A user-stated ownership edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserEdge {
    /// Entity id or free name of the owner.
    pub owner: String,
    /// Entity id or free name of the owned.
    pub owned: String,
    /// The share.
    pub percent: crate::Percent,
    /// `user:<file name>`.
    pub source: String,
    /// `as_of <date>, line <n>`.
    pub note: String,
}

/// The user rows as edges.
pub fn rows_as_edges(rows: &[crate::userdata::StoredRow]) -> Vec<UserEdge> {
    rows.iter()
        .map(|row| UserEdge {
            owner: row.row.owner.clone(),
            owned: row.row.owned.clone(),
            percent: row.row.percent,
            source: format!("user:{}", row.file_name),
            note: format!("as_of {}, line {}", row.row.as_of, row.row.line),
        })
        .collect()
}
