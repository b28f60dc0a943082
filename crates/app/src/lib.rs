//! The application layer: every use case of interdict written once, for every surface.
//!
//! The command line and the HTTP service are adapters: they parse arguments or requests,
//! call this crate, and render the answer with `interdict-json` (or as text). Neither sees
//! the matcher, the index, the store or the parsers (after rust-analyzer's `ide` crate,
//! the API boundary that hands out [`World`] snapshots the way `AnalysisHost` hands out
//! `Analysis`):
//!
//! - a [`World`] is one screening set and what is derived from it (text dictionary, linkage
//!   clusters, listing hashes), built once and never changed; a [`Host`] holds the World in
//!   force for a long-running surface and swaps a new one in whole when the lists change
//!   (the lifecycle is in [`host`]);
//! - a [`Query`] is a query checked once ([`Query::new`]), whatever surface it came from;
//! - [`screen`] screens a query against a World for the command line's `screen`,
//!   `POST /v1/screen` and the yente endpoints (batch files, payment messages, text and
//!   travel checks screen through the same `interdict_screening::screen` from below), and
//!   returns results already judged against the [`Threshold`];
//! - [`record`] writes a screening to the audit log ([`AuditTrail`]), where each match
//!   raises an alert or is suppressed by an earlier decision kept against the listing's
//!   content hash ([`listing`]);
//! - the lists (import, update, versions, as-of, diff, history, the party across lists),
//!   the keys and the decisions are reached through [`DataDir`], [`Lists`] and [`Host`].
//!
//! Architecture invariant: nothing above this crate builds `MatchConfig` or compares a score
//! with a threshold; cli and server depend on it and not on matcher, index, store or parse.
//!
//! ```no_run
//! use std::sync::Arc;
//! use interdict_app::{screen, Channel, DataDir, Query, QueryInput};
//!
//! let data = DataDir::new("interdict-data");
//! let world = Arc::new(data.lists()?.world(&[], None)?);
//! let query = Query::new(QueryInput::name("Qasem Soleimani", Channel::Cli))?;
//! let screening = screen(&world, query);
//! for result in screening.results() {
//!     println!("{} {:.3} alert: {}", result.hit.entity_id, result.hit.score, result.is_match);
//! }
//! # Ok::<(), interdict_app::AppError>(())
//! ```

#![deny(missing_docs)]

mod documents;
mod error;
pub mod host;
pub mod listing;
mod lists;
mod query;
mod record;
mod screen;
mod world;

pub use documents::{exposure, screen_message, screen_text, travel_check, TextScreening};
pub use error::{error_chain, AppError, ErrorKind};
pub use host::{Host, OwnershipView, ReloadOutcome};
pub use lists::{DataDir, Lists};
pub use query::{
    check_limit, check_text, parse_date, parse_partial_date, parse_source, subject_key_of, Channel,
    Query, QueryError, QueryInput, DEFAULT_LIMIT, MAX_ITEM_CHARS, MAX_LIMIT, MAX_LIST_ITEMS,
    MAX_NAMES, MAX_NAME_CHARS, MAX_RESULTS,
};
pub use record::{
    cli_actor, decide, entry, record, record_findings, record_results, submit, AuditTrail,
    Findings, Subject,
};
pub use screen::{screen, Screening};
pub use world::{ClustersFailed, World};

// The types of this crate's API that are defined below it: surfaces name them through here,
// so that they depend on this crate alone for them.
pub use interdict_fetch::Config as FetchConfig;
pub use interdict_lists::{ImportSummary, ListsError, Lookup, UpdateOutcome};
pub use interdict_matcher::{Agreement, Explanation};
pub use interdict_screening::{
    eval, Floor, ScoredHit, ScreeningSet, Threshold, ThresholdError, NEAR_MISS_SHARE,
};
pub use interdict_store::{Diff, History, ImportOutcome, VersionInfo, VersionSelector};
