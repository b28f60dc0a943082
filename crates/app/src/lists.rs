//! The data directory and the list use cases reached through it: import, update, the
//! versions held, an entity as of a date or version, diffs, histories, the party across
//! lists, the ownership graph of a day.
//!
//! The surfaces never open the store themselves: [`DataDir`] opens what a use case needs
//! (the list store, the audit log, the key store, the declared links, the ownership data)
//! and [`Lists`] is the one place the list store is read or written for them, so a second
//! backend is introduced here.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use interdict_audit::AuditLog;
use interdict_keys::KeyStore;
use interdict_linkage::{party_view, Clusters, DeclaredLinks, LinkageError, Options, PartyView};
use interdict_lists::{ImportSummary, ListsError, Lookup, UpdateOutcome};
use interdict_model::{Entity, EntityId, SourceId};
use interdict_ownership::{OwnershipStore, Snapshot};
use interdict_store::{Diff, History, Store, VersionInfo, VersionSelector};

use crate::{AppError, World};

/// A data directory: the list store (`interdict.db`), the key store, the audit log, the
/// declared links and the user's ownership data, side by side.
#[derive(Clone, Debug)]
pub struct DataDir {
    path: PathBuf,
}

impl DataDir {
    /// The data directory at `path` (nothing is opened yet).
    pub fn new(path: impl Into<PathBuf>) -> DataDir {
        DataDir { path: path.into() }
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the list store (creating it if missing).
    pub fn lists(&self) -> Result<Lists, AppError> {
        Ok(Lists {
            store: Store::open(&self.path)?,
        })
    }

    /// Opens the list store only if the directory holds one: never creates it.
    pub fn existing_lists(&self) -> Result<Option<Lists>, AppError> {
        if self.path.join(interdict_store::DB_FILE).exists() {
            self.lists().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Opens the audit log (and starts its writer thread).
    pub fn audit(&self) -> Result<AuditLog, AppError> {
        Ok(AuditLog::open(&self.path)?)
    }

    /// Opens the key store.
    pub fn keys(&self) -> Result<KeyStore, AppError> {
        Ok(KeyStore::open(&self.path)?)
    }

    /// Opens the links declared by hand.
    pub fn declared_links(&self) -> Result<DeclaredLinks, AppError> {
        Ok(DeclaredLinks::open(&self.path)?)
    }

    /// Opens the user's ownership data.
    pub fn ownership(&self) -> Result<OwnershipStore, AppError> {
        Ok(OwnershipStore::open(&self.path)?)
    }
}

/// The list store of a data directory, with the use cases surfaces need.
pub struct Lists {
    pub(crate) store: Store,
}

impl Lists {
    /// Reads the files or CSV-set folders at `paths` and imports them as one version of
    /// `source` (`published`: the date the user asserts).
    pub fn import(
        &mut self,
        source: SourceId,
        paths: &[PathBuf],
        published: Option<NaiveDate>,
    ) -> Result<ImportSummary, AppError> {
        Ok(interdict_lists::import_paths(
            &mut self.store,
            source,
            paths,
            published,
        )?)
    }

    /// Downloads each source's current publication and imports what changed; one outcome
    /// per source (a failure of one does not stop the others).
    pub fn update(
        &mut self,
        config: &interdict_fetch::Config,
        sources: &[SourceId],
        today: NaiveDate,
    ) -> Vec<(SourceId, Result<UpdateOutcome, ListsError>)> {
        interdict_lists::update_sources(&mut self.store, config, sources, today)
    }

    /// The versions held, by source then publication date (of one source, if given).
    pub fn versions(&self, source: Option<SourceId>) -> Result<Vec<VersionInfo>, AppError> {
        Ok(self.store.versions(source)?)
    }

    /// The version of `source` that `selector` names.
    pub fn version(
        &self,
        source: SourceId,
        selector: &VersionSelector,
    ) -> Result<VersionInfo, AppError> {
        Ok(interdict_lists::resolve_version(
            &self.store,
            source,
            selector,
        )?)
    }

    /// The version of the same source held just before `to`.
    pub fn previous(&self, to: &VersionInfo) -> Result<VersionInfo, AppError> {
        Ok(interdict_lists::previous_version(&self.store, to)?)
    }

    /// Is this entity in the version `selector` names? "Unknown" before the first version.
    pub fn lookup(&self, id: &EntityId, selector: &VersionSelector) -> Result<Lookup, AppError> {
        Ok(interdict_lists::lookup(&self.store, id, selector)?)
    }

    /// What changed between two versions of a source.
    pub fn diff(&self, from: &VersionInfo, to: &VersionInfo) -> Result<Diff, AppError> {
        Ok(self.store.diff(from, to)?)
    }

    /// Every version of the entity's source, whether it held the entity, and the intervals.
    pub fn history(&self, id: &EntityId) -> Result<History, AppError> {
        Ok(self.store.history(id)?)
    }

    /// The entities of a version.
    pub fn entities(&self, version: &VersionInfo) -> Result<Vec<Entity>, AppError> {
        Ok(self.store.entities(version)?)
    }

    /// The World of the versions in force (see [`World::load`]).
    pub fn world(&self, sources: &[SourceId], as_of: Option<NaiveDate>) -> Result<World, AppError> {
        World::load(&self.store, sources, as_of)
    }

    /// The World for a travel check on `date`: per source the version in force, or the
    /// earliest one when every version held is later (`interdict_travel::load_travel_set`).
    pub fn travel_world(&self, date: NaiveDate) -> Result<World, AppError> {
        let set = interdict_travel::load_travel_set(&self.store, date)?;
        Ok(World::of_set(set, 0))
    }

    /// The party of record `id` across the lists in force (or in force on `as_of`), built
    /// for this one view; `None` when no version held has the record.
    pub fn party(
        &self,
        data: &DataDir,
        id: &EntityId,
        as_of: Option<NaiveDate>,
    ) -> Result<Option<PartyView>, AppError> {
        let declared = data.declared_links()?.in_force()?;
        let clusters =
            Clusters::load_around(&self.store, id, as_of, &declared, &Options::default())?;
        view(party_view(&self.store, &clusters, id, as_of))
    }

    /// The party of record `id` in `world`: from its clusters when they are built, else
    /// built around the record for this view.
    pub fn party_in(
        &self,
        data: &DataDir,
        world: &World,
        id: &EntityId,
    ) -> Result<Option<PartyView>, AppError> {
        if let Some(clusters) = world.clusters_if_built() {
            return view(party_view(&self.store, clusters, id, None));
        }
        let declared = data.declared_links()?.in_force()?;
        let clusters = Clusters::around(
            &self.store,
            world.set(),
            id,
            None,
            &declared,
            &Options::default(),
        )?;
        view(party_view(&self.store, &clusters, id, None))
    }

    /// The party of record `id` on a past date, clustered over every record in force then.
    pub fn party_on(
        &self,
        data: &DataDir,
        id: &EntityId,
        day: NaiveDate,
    ) -> Result<Option<PartyView>, AppError> {
        let declared = data.declared_links()?.in_force()?;
        let clusters = Clusters::load(&self.store, Some(day), &declared, &Options::default())?;
        view(party_view(&self.store, &clusters, id, Some(day)))
    }

    /// Every party of the lists in force (or on `as_of`) with the declarations of `data`.
    pub fn clusters(&self, data: &DataDir, as_of: Option<NaiveDate>) -> Result<Clusters, AppError> {
        let declared = data.declared_links()?.in_force()?;
        Ok(Clusters::load(
            &self.store,
            as_of,
            &declared,
            &Options::default(),
        )?)
    }

    /// How well linkage agrees with the OpenSanctions referents held.
    pub fn evaluate_links(&self) -> Result<interdict_linkage::eval::EvalReport, AppError> {
        Ok(interdict_linkage::eval::evaluate(&self.store)?)
    }

    /// The ownership graph of the lists in force on `as_of` (the latest, if `None`) and the
    /// user's ownership rows in force then.
    pub fn ownership(
        &self,
        owners: &OwnershipStore,
        as_of: Option<NaiveDate>,
    ) -> Result<Snapshot, AppError> {
        Ok(Snapshot::load(&self.store, owners, as_of)?)
    }
}

/// A party view, or `None` for a record no version held has.
fn view(view: Result<PartyView, LinkageError>) -> Result<Option<PartyView>, AppError> {
    match view {
        Ok(view) => Ok(Some(view)),
        Err(LinkageError::NotHeld { .. }) => Ok(None),
        Err(error) => Err(error.into()),
    }
}
