//! The list lifecycle: what turns official publications into versions, and finds an entity
//! in one.
//!
//! `parse` turns bytes into entities and `store` keeps versions; neither knows the other.
//! This crate holds the policy between them: which publication date a version gets, that
//! nothing is stored unless the whole publication parsed, and (in `update`) that downloads
//! are checked the same way as files a user imports by hand. It also answers "is this entity
//! in that version?" with "unknown" before the first version held.
//!
//! Architecture invariant: the only crate that calls `parse` and `fetch` for a surface; the
//! application layer (`interdict-app`) reaches them through it.

mod import;
mod lookup;
mod published;
mod report;
mod update;

pub use import::{import_inputs, import_paths, ImportSummary};
pub use lookup::{lookup, previous_version, resolve_version, Lookup};
pub use published::{published_from_name, resolve_published};
pub use report::report_to_json;
pub use update::{update_sources, UpdateOutcome};

use interdict_model::SourceId;

/// Why an import, update or lookup failed. Each variant carries what a user needs to find the
/// problem: the file, the source, the date. Wrapped errors are `source()`s, not repeated in
/// the message: print the chain (as `anyhow`'s `{:#}` or [`error_chain`] do) to see the whole
/// story once.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ListsError {
    /// Reading input files failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The publication was refused by its parser; nothing was stored.
    #[error("refused, nothing stored")]
    Parse(#[from] interdict_parse::ParseError),
    /// The store failed.
    #[error("store")]
    Store(#[from] interdict_store::StoreError),
    /// Downloading failed.
    #[error("download failed, nothing stored")]
    Fetch(#[from] interdict_fetch::FetchError),
    /// Neither the file nor the caller gives a publication date.
    #[error(
        "{list}: {files}: the file states no publication date and none was given; pass --published YYYY-MM-DD"
    )]
    NoPublicationDate {
        /// The source.
        list: SourceId,
        /// The files imported.
        files: String,
    },
    /// The file states one publication date and the caller gave another.
    #[error("{list}: {files}: the file states publication date {stated}, but {given} was given")]
    PublishedConflict {
        /// The source.
        list: SourceId,
        /// The files imported.
        files: String,
        /// The date in the file.
        stated: chrono::NaiveDate,
        /// The date given.
        given: chrono::NaiveDate,
    },
}

/// An error and its sources, joined with ": ", each said once.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
