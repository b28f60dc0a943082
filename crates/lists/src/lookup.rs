//! Finding one entity in one version: the question `show` on the command line
//! and `GET /v1/entities/{id}` on the server both ask.
//!
//! The answer is three-valued on purpose. A date before the first version held
//! is "unknown", never "not listed": we cannot say what a list we do not hold
//! said.

use interdict_model::{Entity, EntityId, SourceId};
use interdict_store::{AsOf, Store, StoreError, VersionInfo, VersionSelector};

use crate::ListsError;

/// The answer to "is this entity in that version?".
#[derive(Clone, Debug)]
pub enum Lookup {
    /// The version holds the entity.
    Found(VersionInfo, Entity),
    /// The version exists and does not hold the entity.
    NotListed(VersionInfo),
    /// The date asked for precedes every version held of the source.
    BeforeFirst {
        /// The date asked for.
        date: chrono::NaiveDate,
        /// The first version held.
        first: VersionInfo,
    },
    /// No version of the entity's source is held.
    NoVersions,
}

/// Looks `id` up in the version of its source that `selector` names.
pub fn lookup(
    store: &Store,
    id: &EntityId,
    selector: &VersionSelector,
) -> Result<Lookup, ListsError> {
    let source = id.source();
    if store.versions(Some(source))?.is_empty() {
        return Ok(Lookup::NoVersions);
    }
    let version = match selector {
        VersionSelector::AsOf(date) => match store.as_of(source, *date)? {
            AsOf::InForce(version) => version,
            AsOf::BeforeFirst { first } => return Ok(Lookup::BeforeFirst { date: *date, first }),
            AsOf::NoVersions => return Ok(Lookup::NoVersions),
        },
        other => resolve_version(store, source, other)?,
    };
    Ok(match store.entity(id, &version)? {
        Some(entity) => Lookup::Found(version, entity),
        None => Lookup::NotListed(version),
    })
}

/// The version of `source` that `selector` names. A version not held is
/// [`interdict_store::StoreError::NotFound`]; a date before the first version
/// held is [`interdict_store::StoreError::BeforeFirstVersion`].
pub fn resolve_version(
    store: &Store,
    source: SourceId,
    selector: &VersionSelector,
) -> Result<VersionInfo, ListsError> {
    Ok(store.version(source, selector)?)
}

/// The version of the same source held just before `to`, for a diff with no
/// explicit `from`.
pub fn previous_version(store: &Store, to: &VersionInfo) -> Result<VersionInfo, ListsError> {
    let versions = store.versions(Some(to.source))?;
    let position = versions.iter().position(|version| version.id == to.id);
    match position {
        Some(position) if position > 0 => Ok(versions[position - 1].clone()),
        _ => Err(StoreError::NotFound {
            what: format!(
                "a version of {} before version {} (the first held); give `from` to compare with another",
                to.source, to.seq
            ),
        }
        .into()),
    }
}
