//! Ownership and relationship exposure.
//!
//! Screening a name says whether a party is listed. Sanctions reach further:
//! an unlisted company owned by listed persons can be blocked by operation of
//! law (OFAC's 50 Percent Rule; the EU and UK "owned or controlled" tests),
//! and a non-US bank dealing with certain listed parties risks US secondary
//! sanctions. This crate builds one graph from the relationships the lists
//! state (OFAC `Linked To:` and Enhanced-XML relationships, UK parent and
//! subsidiary companies, OpenSanctions' FtM Ownership, Directorship, Family,
//! Associate and UnknownLink entities) and from the user's own ownership data
//! (CSV, kept in `ownership.db`), applies each jurisdiction's ownership rule
//! by its own text, and answers, for one party, the paths to listed parties
//! and whether, and by what arithmetic, it is blocked by ownership.
//!
//! The rules and their sources are documented in `docs/ownership.md`.

mod exposure;
mod graph;
mod listing;
mod percent;
mod rules;
mod snapshot;
mod userdata;

pub use exposure::{
    exposure, Analysis, Arithmetic, Comparison, Contributor, ExposurePath, ExposureReport,
    ExposureRequest, MatchedParty, PartyRef, PathEnd, RuleInfo, SecondaryExposure, Step,
};
pub use graph::{normalize_name, EdgeKind, EdgeRef, Graph, GraphBuilder, NodeKind, NodeRef, Party};
pub use listing::{listing, listing_on, Blocked};
pub use percent::{Percent, PercentError, Share};
pub use rules::{eu_2024_edition_date, Fixpoint, Jurisdiction, Rule, Status};
pub use snapshot::{rows_as_edges, Snapshot, SnapshotError, UserEdge};
pub use userdata::{
    effective_rows, read_csv, ImportInfo, OwnershipError, OwnershipRow, OwnershipStore, StoredRow,
    DB_FILE,
};
