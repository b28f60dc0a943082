//! Screening against a chosen set of list versions: the [`ScreeningSet`] (an index over the
//! versions in force, or those in force on a date, with the record of which) and [`screen`],
//! the one function that turns a query into judged results.
//!
//! Every surface screens through [`screen`]: the command line, the HTTP API and its
//! yente-compatible endpoints (through `interdict-app`), batch files, payment messages, text
//! and travel checks (the domain crates, which sit below the application layer and take the
//! set from here). So the rules that decide what a result is are written once: how far below
//! the threshold near misses are shown ([`Floor`]), and whether a result reaches the
//! threshold ([`Threshold::judge`]). Nothing above this crate compares a score with a
//! threshold or builds the matcher's configuration.
//!
//! Architecture invariant: this crate builds `interdict_matcher::MatchConfig` in exactly one
//! place (`screen::match_config`) outside the evaluation harness ([`eval`]).

pub mod eval;
mod screen;
mod set;

pub use screen::{screen, Floor, ScoredHit, ScreenOptions, Threshold, ThresholdError};
pub use set::{load_screening_set, ScreeningSet, NEAR_MISS_SHARE};

impl eval::PairsReport {
    /// Whether a pair's score reaches the report's threshold: what `interdict eval pairs`
    /// writes as the pair's predicted match.
    pub fn predicted(&self, pair: &eval::ScoredPair) -> bool {
        pair.score >= self.threshold
    }
}

/// Why loading a screening set or reading an evaluation file failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScreeningError {
    /// The store failed.
    #[error("store")]
    Store(#[from] interdict_store::StoreError),
    /// A user-supplied file (evaluation set) has a bad row.
    #[error("{location}: {reason}")]
    BadInput {
        /// File and line.
        location: String,
        /// What is wrong.
        reason: String,
    },
}
