//! The one error type of the store, so callers (the CLI, the server) can tell
//! "you asked for something that is not there" from "the database is damaged".

use std::path::PathBuf;

use chrono::NaiveDate;
use interdict_model::SourceId;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The data directory could not be created or opened.
    #[error("cannot use the store directory {path}: {error}")]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// SQLite reported an error (including "database is locked" after the busy
    /// timeout ran out).
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Stored data does not decode or contradicts itself.
    #[error("the store is corrupt: {what}")]
    Corrupt {
        /// What was found wrong, and where.
        what: String,
    },
    /// The version, entity or file asked for is not held.
    #[error("not found: {what}")]
    NotFound {
        /// What was looked for.
        what: String,
    },
    /// A date before the first version held of a source was asked for. What
    /// the list said then is unknown: this is never "not listed".
    #[error(
        "{date} is before the first version of {list} held (published {first}): \
         what the list said then is unknown"
    )]
    BeforeFirstVersion {
        /// The source.
        list: SourceId,
        /// The date asked for.
        date: NaiveDate,
        /// The publication date of the first version held.
        first: NaiveDate,
    },
    /// The import was refused before anything was written (duplicate entity
    /// ids, an entity of another source, an empty content hash, ...).
    #[error("import refused: {reason}")]
    Refused {
        /// Why.
        reason: String,
    },
    /// Two versions of different sources were given where one source is needed.
    #[error("versions of different sources: {first} and {second}")]
    SourceMismatch {
        /// The first version's source.
        first: SourceId,
        /// The second version's source.
        second: SourceId,
    },
    /// The store was written by a newer interdict whose schema this one does
    /// not know.
    #[error("the store's schema version is {found}; this program knows up to {supported}")]
    NewerSchema {
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this program knows.
        supported: i64,
    },
}
