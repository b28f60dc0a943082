//! The versioned store: every import of a sanctions list becomes an immutable
//! version of its source, so that interdict can answer not only "who is
//! listed" but "who was listed on 3 March 2022", "what changed in Tuesday's
//! update" and "since when has this party been on the list".
//!
//! Why it is shaped this way:
//!
//! - One SQLite file, `<data dir>/interdict.db`, in WAL mode: a single file to
//!   back up, transactions that survive `kill -9` (an import is one
//!   transaction: after a crash the store holds either the old state or the
//!   whole new version), readers that never see half an import, and several
//!   processes (CLI import, server) on one directory.
//! - Entities are content-addressed: each entity's canonical JSON (the store's
//!   own private layout; the model has no serde on purpose) is stored once
//!   under its SHA-256, and a version is one row per entity naming that
//!   content. An unchanged entity costs one small row per version, and a diff
//!   compares addresses before it decodes anything.
//! - The published files are kept too, so any version can be parsed again by
//!   a better parser: nothing imported is lost.
//! - "As of" a date means the latest version published on or before it. A
//!   date before the first version held is *unknown* ([`AsOf::BeforeFirst`],
//!   [`Listing::Unknown`]), never "not listed".
//!
//! The store does not parse: callers hand it model entities and the metadata
//! of the publication ([`NewVersion`]). Bad input is refused by the parser
//! before it reaches the store, so the previous version stays as it was.
//!
//! ```
//! use chrono::NaiveDate;
//! use interdict_model::{Entity, EntityId, Prop, Schema, SourceId};
//! use interdict_store::{AsOf, ImportOutcome, NewVersion, Store};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(dir.path()).unwrap();
//! let mut entity = Entity::new(EntityId::new(SourceId::UnSc, "IRi.039"), Schema::Person);
//! entity.add(Prop::Name, "Qasem Soleimani");
//! let published = NaiveDate::from_ymd_opt(2020, 11, 24).unwrap();
//! let new = NewVersion {
//!     source: SourceId::UnSc,
//!     published,
//!     sha256: "5e1f...",
//!     format: "un-sc-xml",
//!     files: &[("consolidated.xml".to_string(), b"<CONSOLIDATED_LIST/>".as_slice())],
//!     report: "{}",
//! };
//! let ImportOutcome::Added(version) = store.import_full(&new, &[entity]).unwrap() else {
//!     panic!("a first import adds a version");
//! };
//! assert_eq!(version.seq, 1);
//! assert!(matches!(store.import_full(&new, &[]).unwrap(), ImportOutcome::Unchanged(_)));
//! let earlier = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
//! assert!(matches!(store.as_of(SourceId::UnSc, earlier).unwrap(), AsOf::BeforeFirst { .. }));
//! ```

mod diff;
mod dto;
mod error;
mod history;
mod sql;
mod store;
mod types;

pub use diff::{
    compare, render_identifier, render_link, render_sanction, Diff, EntityChange, FieldChange,
};
pub use error::StoreError;
pub use history::{History, HistoryEntry, Interval, Listing};
pub use store::{Store, DB_FILE};
pub use types::{
    AsOf, FetchState, ImportOutcome, NewVersion, StoredFile, VerifyReport, VersionInfo,
    VersionKind, VersionSelector,
};
