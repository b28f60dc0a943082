//! One party across jurisdictions: which records of different sources are the
//! same person, company or vessel, and why.
//!
//! Every authority lists a party under its own id: Qasem Soleimani is
//! `un-sc:IRi.039`, `ofac-sdn:10481` and (until 2023) `uk-hmt:9062`. A
//! compliance officer asks about the party: who lists it, since when, under
//! what, and who has let it go. This crate links the records with evidence,
//! strongest first:
//!
//! 1. explicit cross-references the lists themselves state: the UN reference
//!    the UK and EU give (`Sanction::unsc_id`), the CSL's reuse of the OFAC
//!    entity number as its record id, OpenSanctions `referents`;
//! 2. shared strong identifiers: IMO numbers (check digit valid), SWIFT/BIC
//!    codes, passport, national and registration numbers, normalized, long
//!    enough, with issuing countries that do not disagree, and only numbers that
//!    no source gives to two records;
//! 3. high-confidence matches of the matcher: person name plus the same full
//!    birth date; organisation name plus a shared country;
//! 4. links declared by hand ([`DeclaredLinks`]), which always win: a declared
//!    "same" is applied first, a declared "not the same" vetoes any chain of
//!    automatic evidence that would join the two records.
//!
//! Records are clustered with union-find. Automatic evidence never puts two
//! records of one source into one party (the authority itself says they are
//! two listings); only a declaration can. Every link keeps its evidence (kind,
//! detail, score), and evidence that was refused (by a declaration or that
//! rule) is kept too, so the merged view can say why records are, or are not,
//! one party.
//!
//! The clusters cover the records of the versions in force (the latest, or
//! those in force on an as-of date) and the records those sources held in
//! earlier versions and no longer hold, so "delisted by one, kept by another"
//! is visible. [`party_view`] is the merged view that `interdict show` and
//! `GET /v1/entities/{id}` return.

mod cluster;
mod declared;
pub mod eval;
mod evidence;
mod view;

use std::path::PathBuf;

pub use cluster::{BuildStats, Clusters, Member, Options, Party, Refusal, RefusedLink};
pub use declared::{Declaration, DeclaredLinks, Verdict, DECLARED_FILE};
pub use evidence::{referent_ids, Evidence, EvidenceKind, Link};
pub use view::{party_view, LinkView, MemberView, PartyView, RegimeView, SourceStatus, Status};

use interdict_model::EntityId;

/// Why linkage failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LinkageError {
    /// Loading the screening set failed.
    #[error("reading the lists")]
    Screening(#[from] interdict_screening::ScreeningError),
    /// The store failed.
    #[error("reading the lists")]
    Store(#[from] interdict_store::StoreError),
    /// The declarations file could not be read or written.
    #[error("{}: declared links", path.display())]
    Declared {
        /// The file.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// The declarations file holds something that is not a declaration.
    #[error("{}: corrupt declaration: {what:?}", path.display())]
    CorruptDeclaration {
        /// The file.
        path: PathBuf,
        /// The value that could not be read.
        what: String,
    },
    /// Creating the data directory failed.
    #[error("{}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The record is in none of the versions the clusters were built from.
    #[error("{id}: no version held (in force or earlier) holds this record")]
    NotHeld {
        /// The record.
        id: EntityId,
    },
    /// A record cannot be linked to itself.
    #[error("{id}: a record cannot be linked to itself")]
    SelfLink {
        /// The record.
        id: EntityId,
    },
}
