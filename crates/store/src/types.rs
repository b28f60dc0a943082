//! The plain values the store hands out and takes in: what a version is, how
//! to name one, what an import did.

use chrono::{DateTime, NaiveDate, Utc};
use interdict_model::SourceId;

/// One immutable version of one source, as held by the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    /// Store-wide id, in import order.
    pub id: i64,
    /// The source.
    pub source: SourceId,
    /// 1, 2, ... per source, in import order (not publication order).
    pub seq: u32,
    /// The publication date the caller gave (the date the list states).
    pub published: NaiveDate,
    /// When the import was written (UTC), just before it committed.
    pub imported_at: DateTime<Utc>,
    /// How many entities the version holds (after applying a delta).
    pub entities: usize,
    /// The content hash the caller gave; unique per source.
    pub sha256: String,
    /// The format name the caller gave (e.g. `ofac-sdn-csv`).
    pub format: String,
    /// Whether the version came from a full list or from a delta.
    pub kind: VersionKind,
}

/// How a version was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionKind {
    /// From a complete list.
    Full,
    /// From a delta applied to `base` (the store-wide version id), or to
    /// nothing when the source had no version published on or before it.
    Delta {
        /// The version the delta was applied to.
        base: Option<i64>,
    },
}

/// What the caller knows of a publication it imports.
#[derive(Clone, Copy, Debug)]
pub struct NewVersion<'a> {
    /// The source.
    pub source: SourceId,
    /// The publication date.
    pub published: NaiveDate,
    /// The content hash of the published files (how the caller computes it is
    /// its business; equal hashes mean "same publication").
    pub sha256: &'a str,
    /// The format name.
    pub format: &'a str,
    /// The published files, name and bytes, kept so the version can be parsed
    /// again later.
    pub files: &'a [(String, &'a [u8])],
    /// The import report as JSON text, stored as is.
    pub report: &'a str,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A new version was added.
    Added(VersionInfo),
    /// The source already has a version with this content hash; nothing was
    /// added. This is that existing version.
    Unchanged(VersionInfo),
}

impl ImportOutcome {
    /// The version added or found.
    pub fn version(&self) -> &VersionInfo {
        match self {
            ImportOutcome::Added(version) | ImportOutcome::Unchanged(version) => version,
        }
    }
}

/// Names one version of a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionSelector {
    /// The version with this per-source sequence number.
    Seq(u32),
    /// The version in force on this date (see [`crate::Store::as_of`]).
    AsOf(NaiveDate),
    /// The version in force today: the latest published (the last imported
    /// among those published the same day).
    Latest,
}

/// Which version of a source was in force on a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AsOf {
    /// The latest version published on or before the date.
    InForce(VersionInfo),
    /// The date is before the first version held: what the list said then is
    /// unknown. Never to be read as "not listed".
    BeforeFirst {
        /// The earliest version held.
        first: VersionInfo,
    },
    /// The store holds no version of the source.
    NoVersions,
}

/// The downloader's conditional-request state for one URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchState {
    /// The `ETag` the server last sent.
    pub etag: Option<String>,
    /// The `Last-Modified` the server last sent.
    pub last_modified: Option<String>,
    /// When this state was recorded.
    pub updated_at: DateTime<Utc>,
}

/// One published file of a version, as it was imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// The file name the caller gave.
    pub name: String,
    /// SHA-256 of `bytes`, lower-case hex.
    pub sha256: String,
    /// The bytes, exactly as imported.
    pub bytes: Vec<u8>,
}

/// What [`crate::Store::verify`] checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Versions checked.
    pub versions: usize,
    /// Version rows (entity memberships) checked.
    pub rows: usize,
    /// Distinct entity bodies decoded and re-hashed.
    pub blobs: usize,
    /// Stored files decompressed and re-hashed.
    pub files: usize,
}
