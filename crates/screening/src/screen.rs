//! The one screening function and the rules it applies: the alert threshold, how far below it
//! results are still shown, and the judgement of each result.
//!
//! The matcher knows scores; what a score means for a compliance team (an alert, a near miss
//! an analyst should see, nothing) is decided here, once, so the command line and the API
//! cannot drift apart on it.

use interdict_matcher::{Hit, MatchConfig, Query, DEFAULT_THRESHOLD};
use interdict_model::SourceId;

use crate::{ScreeningSet, NEAR_MISS_SHARE};

/// An alert threshold: a score in `[0, 1]`. A result alerts when its score reaches it.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Threshold(f64);

/// A threshold outside `[0, 1]` (or not a number).
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[error("threshold must be in [0, 1], not {0}")]
pub struct ThresholdError(pub f64);

impl Threshold {
    /// The matcher's documented default (`interdict_matcher::DEFAULT_THRESHOLD`).
    pub const DEFAULT: Threshold = Threshold(DEFAULT_THRESHOLD);

    /// A threshold of `value`, refused outside `[0, 1]`.
    pub fn new(value: f64) -> Result<Threshold, ThresholdError> {
        if (0.0..=1.0).contains(&value) {
            Ok(Threshold(value))
        } else {
            Err(ThresholdError(value))
        }
    }

    /// The given threshold, else [`Threshold::DEFAULT`].
    pub fn or_default(value: Option<f64>) -> Result<Threshold, ThresholdError> {
        value.map_or(Ok(Threshold::DEFAULT), Threshold::new)
    }

    /// The score.
    pub fn value(self) -> f64 {
        self.0
    }

    /// Judges a result: whether it reaches the threshold (an alert) or not (a near miss).
    /// The only comparison of a score with a threshold.
    pub fn judge(self, hit: Hit) -> ScoredHit {
        ScoredHit {
            is_match: hit.score >= self.0,
            hit,
        }
    }
}

/// The lowest score a result may have to be returned at all.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Floor {
    /// Down to [`NEAR_MISS_SHARE`] of the threshold: alerts and the near misses an analyst
    /// should see (`screen`, `POST /v1/screen`, batch, payment messages).
    NearMisses,
    /// Only results that reach the threshold (travel checks, mentions in text).
    Alerts,
    /// From this score on (yente's `/search`, which lists names above a fixed score).
    AtLeast(f64),
    /// Strictly above this score, or everything when it is 0 (yente's `cutoff`).
    Above(f64),
}

/// How to screen one query. No `Default`: the threshold is a compliance decision and is
/// always passed.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenOptions {
    /// The alert threshold.
    pub threshold: Threshold,
    /// At most this many results.
    pub limit: usize,
    /// Only entities of these sources; `None` for all.
    pub sources: Option<Vec<SourceId>>,
    /// The lowest score returned.
    pub floor: Floor,
}

impl ScreenOptions {
    /// Alerts and near misses, from every source: what surfaces show by default.
    pub fn near_misses(threshold: Threshold, limit: usize) -> ScreenOptions {
        ScreenOptions {
            threshold,
            limit,
            sources: None,
            floor: Floor::NearMisses,
        }
    }

    /// Only results that reach the threshold, from every source.
    pub fn alerts(threshold: Threshold, limit: usize) -> ScreenOptions {
        ScreenOptions {
            floor: Floor::Alerts,
            ..ScreenOptions::near_misses(threshold, limit)
        }
    }
}

/// One result, judged: the matcher's hit and whether it reaches the threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredHit {
    /// The hit: entity, score, matched name, explanation.
    pub hit: Hit,
    /// Whether the score reaches the threshold: an alert (for a screening) or a match.
    pub is_match: bool,
}

/// Screens one query against `set`: the results down to the options' floor, best first (ties
/// broken by entity position), at most `limit`, each judged against the threshold.
pub fn screen(set: &ScreeningSet, query: &Query, options: &ScreenOptions) -> Vec<ScoredHit> {
    let mut hits = interdict_matcher::screen(&set.index, query, &match_config(options));
    if let Floor::Above(cutoff) = options.floor {
        if cutoff > 0.0 {
            hits.retain(|hit| hit.score > cutoff);
        }
    }
    hits.into_iter()
        .map(|hit| options.threshold.judge(hit))
        .collect()
}

/// The matcher's configuration for `options`: the one place it is built (outside the
/// evaluation harness), so a new matcher setting is added here once.
fn match_config(options: &ScreenOptions) -> MatchConfig {
    let threshold = options.threshold.value();
    let lowest = match options.floor {
        Floor::NearMisses => threshold * NEAR_MISS_SHARE,
        Floor::Alerts => threshold,
        Floor::AtLeast(score) | Floor::Above(score) => score,
    };
    MatchConfig {
        threshold: lowest,
        limit: options.limit,
        sources: options.sources.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_scores() {
        assert_eq!(Threshold::new(0.7).map(Threshold::value), Ok(0.7));
        assert_eq!(Threshold::or_default(None), Ok(Threshold::DEFAULT));
        assert_eq!(Threshold::DEFAULT.value(), DEFAULT_THRESHOLD);
        assert_eq!(
            Threshold::new(1.5).unwrap_err().to_string(),
            "threshold must be in [0, 1], not 1.5"
        );
        assert!(Threshold::new(f64::NAN).is_err());
        assert!(Threshold::new(-0.1).is_err());
    }

    #[test]
    fn floors_set_the_lowest_score_asked_of_the_matcher() {
        let threshold = Threshold::new(0.8).expect("a threshold");
        let mut options = ScreenOptions::near_misses(threshold, 5);
        assert!((match_config(&options).threshold - 0.64).abs() < 1e-12);
        options.floor = Floor::Alerts;
        assert_eq!(match_config(&options).threshold, 0.8);
        options.floor = Floor::AtLeast(0.5);
        assert_eq!(match_config(&options).threshold, 0.5);
        assert_eq!(match_config(&options).limit, 5);
    }
}
