//! The history of one entity across the versions of its source: when it was
//! listed, when it changed, and, as importantly, for which dates nothing is
//! known because no version that old is held.

use chrono::NaiveDate;
use interdict_model::EntityId;

use crate::VersionInfo;

/// The history of one entity over the versions held of its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    /// The entity.
    pub id: EntityId,
    /// Every version of the entity's source, by publication date (then
    /// import order), with what it held of the entity.
    pub versions: Vec<HistoryEntry>,
    /// The intervals during which the entity was on its source, derived from
    /// `versions`, oldest first.
    pub intervals: Vec<Interval>,
}

/// One version of the entity's source and whether it held the entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The version.
    pub version: VersionInfo,
    /// The content hash (SHA-256, hex) of the entity in this version, or
    /// `None` if the version does not hold it. A new hash means the entry
    /// changed.
    pub hash: Option<String>,
}

/// A period during which the entity was listed: from `from` (inclusive)
/// until `until` (exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    /// Publication date of the first version of the run that holds it.
    pub from: NaiveDate,
    /// Publication date of the first later version that does not hold it;
    /// `None` when the latest version still holds it.
    pub until: Option<NaiveDate>,
}

/// What the versions held say about one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    /// The version in force on the date holds the entity.
    Listed,
    /// The version in force on the date does not hold the entity.
    NotListed,
    /// No version held was published on or before the date.
    Unknown,
}

impl History {
    /// Builds the history from the versions of the source, each with the
    /// entity's hash in it. Sorts them by publication date, then sequence.
    pub(crate) fn new(id: EntityId, mut versions: Vec<HistoryEntry>) -> History {
        versions.sort_by_key(|entry| (entry.version.published, entry.version.seq));
        let intervals = intervals(
            versions
                .iter()
                .map(|entry| (entry.version.published, entry.hash.is_some())),
        );
        History {
            id,
            versions,
            intervals,
        }
    }

    /// Whether the entity was listed on `date`, by the version in force then
    /// (the last published on or before it).
    pub fn listing_on(&self, date: NaiveDate) -> Listing {
        match self
            .versions
            .iter()
            .rev()
            .find(|entry| entry.version.published <= date)
        {
            None => Listing::Unknown,
            Some(entry) if entry.hash.is_some() => Listing::Listed,
            Some(_) => Listing::NotListed,
        }
    }
}

/// Folds (publication date, holds the entity) in publication order into
/// listing intervals.
pub(crate) fn intervals(held: impl IntoIterator<Item = (NaiveDate, bool)>) -> Vec<Interval> {
    let mut out: Vec<Interval> = Vec::new();
    let mut open: Option<NaiveDate> = None;
    for (published, holds) in held {
        match (open, holds) {
            (None, true) => open = Some(published),
            (Some(from), false) => {
                out.push(Interval {
                    from,
                    until: Some(published),
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        out.push(Interval { from, until: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(n as u64)
    }

    #[test]
    fn listed_delisted_relisted() {
        let held = [(0, false), (1, true), (2, true), (3, false), (5, true)];
        let got = intervals(held.iter().map(|&(d, h)| (day(d), h)));
        assert_eq!(
            got,
            [
                Interval {
                    from: day(1),
                    until: Some(day(3))
                },
                Interval {
                    from: day(5),
                    until: None
                }
            ]
        );
        assert!(intervals([(day(0), false)]).is_empty());
        assert!(intervals([]).is_empty());
    }

    proptest! {
        /// Every version holding the entity falls in exactly one interval;
        /// every version not holding it falls in none.
        #[test]
        fn intervals_cover_exactly_the_holding_versions(
            held in prop::collection::vec(any::<bool>(), 0..40)
        ) {
            // Strictly increasing dates, so that membership is unambiguous.
            let points: Vec<(NaiveDate, bool)> =
                held.iter().enumerate().map(|(i, &h)| (day(i as i64 * 3), h)).collect();
            let got = intervals(points.iter().copied());
            for window in got.windows(2) {
                prop_assert!(window[0].until.unwrap() < window[1].from);
            }
            for (date, holds) in points {
                let inside = got
                    .iter()
                    .filter(|iv| iv.from <= date && iv.until.is_none_or(|until| date < until))
                    .count();
                prop_assert_eq!(inside, usize::from(holds));
            }
        }
    }
}
