//! Travel-ban checks: may this person enter that state on that date?
//!
//! Screening says a name is on a list; a border or a travel desk needs more:
//! which listing carried a travel ban *on the date of travel*, and whether
//! that ban binds *the destination state*. A UN ban binds every UN member
//! state (Russia included); an EU ban binds the EU member states; a US
//! listing bars entry to the United States only. The regime table
//! ([`interdict_regimes`]) holds the dates and bases; this crate joins it to
//! the screening result.
//!
//! The lists held may start after the travel date (our UN file begins in
//! 2018, a question may be about 2015). Then [`load_travel_set`] screens the
//! earliest version held, and [`check`] keeps a match only if the record
//! itself says it was listed on or before the date, marking the answer as an
//! inference with the reason. A party delisted before the first version held
//! cannot be seen that way; the report says so.

use chrono::NaiveDate;
use interdict_index::normalize_country;
use interdict_matcher::Query;
use interdict_model::{Entity, PartialDate, Schema, SourceId};
use interdict_regimes::{Binds, Classified, MeasureKind, Regimes};
use interdict_screening::{
    screen, ScoredHit, ScreenOptions, ScreeningError, ScreeningSet, Threshold,
};
use interdict_store::{AsOf, Store, VersionInfo};
use serde::Serialize;

/// How many results a travel check looks at.
const LIMIT: usize = 10;

/// A travel question.
#[derive(Clone, Debug)]
pub struct TravelRequest {
    /// The traveller's name, in any script.
    pub name: String,
    /// The destination state, ISO 3166-1 alpha-2 (`RU`, `FR`).
    pub destination: String,
    /// The date of travel.
    pub date: NaiveDate,
    /// The traveller's birth date, if known.
    pub birth_date: Option<PartialDate>,
    /// Nationalities, as names or ISO codes.
    pub nationalities: Vec<String>,
    /// The match threshold ([`Threshold::DEFAULT`] unless given).
    pub threshold: Threshold,
}

impl TravelRequest {
    /// A request with the default threshold and no birth date or nationality.
    /// The destination may be an ISO alpha-2 code or a country name
    /// (`Russia`, `Russian Federation`); it is normalized to the code.
    pub fn new(name: &str, destination: &str, date: NaiveDate) -> TravelRequest {
        TravelRequest {
            name: name.to_string(),
            destination: normalize_country(destination)
                .unwrap_or_default()
                .to_ascii_uppercase(),
            date,
            birth_date: None,
            nationalities: Vec::new(),
            threshold: Threshold::DEFAULT,
        }
    }
}

/// The answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A matched listed person was under a travel ban in force on the date
    /// that binds the destination state.
    Violation,
    /// Listed on the date, but no ban in force then binds the destination.
    NoBindingBan,
    /// No listed person matched.
    NotListed,
    /// A name matched, but no matched record can be placed on the date (no
    /// version held then and the record states no listing date).
    Unknown,
}

/// One travel ban in force on the date for a matched listed person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ban {
    /// The list the listing is on.
    pub source: String,
    /// The listed entity.
    pub entity_id: String,
    /// The regime id (`un-iran`).
    pub regime: String,
    /// The regime's name.
    pub regime_name: String,
    /// The list's code that put the listing under the regime.
    pub code: String,
    /// The legal basis of the ban in force on the date.
    pub basis: String,
    /// URL of the official document.
    pub citation: String,
    /// Who the regime binds.
    pub binds: Vec<Binds>,
    /// Whether it binds the destination state on the date.
    pub binds_destination: bool,
    /// First day of the ban's period in force.
    pub in_force_from: NaiveDate,
    /// First day it no longer applied, if it ended.
    pub until: Option<NaiveDate>,
    /// Whether the listing on the date is inferred from the record's listing
    /// date (no version of the source held on the date).
    pub inference: bool,
}

/// A listed person the name matched, placed on the date.
#[derive(Clone, Debug)]
pub struct TravelMatch {
    /// The screening hit (it reaches the threshold).
    pub hit: ScoredHit,
    /// The publication date of the version the record comes from.
    pub version_published: NaiveDate,
    /// The listing date the record states, if any.
    pub listing_date: Option<PartialDate>,
    /// Why the listing on the date is an inference, if it is.
    pub inference: Option<String>,
}

/// The answer to a travel question, with every reason.
#[derive(Clone, Debug)]
pub struct TravelReport {
    /// The outcome.
    pub outcome: Outcome,
    /// The destination, as checked.
    pub destination: String,
    /// The date of travel.
    pub date: NaiveDate,
    /// Travel bans in force on the date for the matched persons, binding the
    /// destination or not.
    pub bans: Vec<Ban>,
    /// Matched listed persons placed on the date.
    pub matches: Vec<TravelMatch>,
    /// Why, one sentence each.
    pub reasons: Vec<String>,
}

impl TravelReport {
    /// Whether any part of the answer rests on an inference from a record's
    /// listing date.
    pub fn inference(&self) -> bool {
        self.matches.iter().any(|m| m.inference.is_some())
    }
}

/// The versions to screen for travel on `date`: per source the version in
/// force, or, if every version held is later, the earliest one (its records
/// are then kept only if their listing date is on or before `date`, see
/// [`check`]).
pub fn load_travel_set(store: &Store, date: NaiveDate) -> Result<ScreeningSet, ScreeningError> {
    let mut versions = Vec::new();
    for source in SourceId::ALL {
        match store.as_of(source, date)? {
            AsOf::InForce(version) => versions.push(version),
            AsOf::BeforeFirst { first } => versions.push(first),
            AsOf::NoVersions => {}
        }
    }
    ScreeningSet::from_versions(store, versions, Vec::new())
}

/// Answers a travel question against a loaded set (see [`load_travel_set`]).
pub fn check(set: &ScreeningSet, regimes: &Regimes, req: &TravelRequest) -> TravelReport {
    let date = req.date;
    let destination = req.destination.as_str();
    let mut reasons = Vec::new();
    if !(destination.len() == 2 && destination.bytes().all(|b| b.is_ascii_uppercase())) {
        reasons.push(format!(
            "destination {destination:?} is not an ISO 3166-1 alpha-2 code: no state can be found bound"
        ));
    }
    for (source, first) in &set.unknown {
        reasons.push(format!(
            "{source} not screened: no version held on {date} (first: {})",
            first.published
        ));
    }
    let query = Query {
        schema: Some(Schema::Person),
        birth_date: req.birth_date,
        countries: req.nationalities.clone(),
        ..Query::name(&req.name)
    };
    let hits = screen(set, &query, &ScreenOptions::alerts(req.threshold, LIMIT));
    let mut matches = Vec::new();
    let mut bans = Vec::new();
    let mut undated = false;
    let mut inferred_sources: Vec<(SourceId, NaiveDate)> = Vec::new();
    for scored in hits {
        let hit = &scored.hit;
        let entity = set.entity(hit);
        let id = hit.entity_id.as_str().to_string();
        let source = hit.entity_id.source();
        let Some(version) = set.versions.iter().find(|v| v.source == source) else {
            continue;
        };
        let listing_date = listing_date(entity);
        let inference = if version.published > date {
            match listing_date {
                Some(listed) if latest_day(listed) <= date => Some(format!(
                    "no version of {source} held on {date}; the listing date written in the record is {}",
                    listed
                )),
                Some(listed) => {
                    reasons.push(format!(
                        "{id} ({}): not counted: the record states it was listed on {listed}, after {date}",
                        entity.caption()
                    ));
                    continue;
                }
                None => {
                    undated = true;
                    reasons.push(format!(
                        "{id} ({}): not counted: no version of {source} held on {date} (first: {}) and the record states no listing date",
                        entity.caption(),
                        version.published
                    ));
                    continue;
                }
            }
        } else {
            None
        };
        if inference.is_some() && !inferred_sources.iter().any(|(s, _)| *s == source) {
            inferred_sources.push((source, version.published));
        }
        if let Some(reason) = &inference {
            reasons.push(format!("{id} ({}): {reason}", entity.caption()));
        }
        bans_of(
            regimes,
            entity,
            &id,
            version,
            req,
            inference.is_some(),
            &mut bans,
            &mut reasons,
        );
        matches.push(TravelMatch {
            hit: scored,
            version_published: version.published,
            listing_date,
            inference,
        });
    }
    for (source, first) in inferred_sources {
        reasons.push(format!(
            "{source}: parties delisted before {first} (the first version held) cannot be seen on {date}"
        ));
    }
    let outcome = if bans.iter().any(|b| b.binds_destination) {
        Outcome::Violation
    } else if !matches.is_empty() {
        Outcome::NoBindingBan
    } else if undated {
        Outcome::Unknown
    } else {
        Outcome::NotListed
    };
    match outcome {
        Outcome::Violation => {}
        Outcome::NoBindingBan => reasons.push(format!(
            "listed on {date}, but no travel ban in force then binds {destination}"
        )),
        Outcome::NotListed => reasons.push(format!(
            "no listed person matched {:?} at threshold {}",
            req.name,
            req.threshold.value()
        )),
        Outcome::Unknown => reasons.push(format!(
            "a listed person matched, but no matched record can be placed on {date}"
        )),
    }
    TravelReport {
        outcome,
        destination: destination.to_string(),
        date,
        bans,
        matches,
        reasons,
    }
}

/// The travel bans of every regime the entity's listings fall under.
#[allow(clippy::too_many_arguments)]
fn bans_of(
    regimes: &Regimes,
    entity: &Entity,
    id: &str,
    version: &VersionInfo,
    req: &TravelRequest,
    inference: bool,
    bans: &mut Vec<Ban>,
    reasons: &mut Vec<String>,
) {
    let date = req.date;
    let destination = req.destination.as_str();
    let mut seen: Vec<&str> = Vec::new();
    for sanction in &entity.sanctions {
        for classified in regimes.classify(sanction) {
            let (code, regime) = match classified {
                Classified::Mapped { code, regime } => (code, regime),
                Classified::Unmapped { source, code } => {
                    reasons.push(format!(
                        "{id}: code {code:?} of {source} has no row in the regime table; its measures are unknown"
                    ));
                    continue;
                }
            };
            if seen.contains(&regime.id.as_str()) {
                continue;
            }
            seen.push(regime.id.as_str());
            let Some(measure) = regime.measure(MeasureKind::TravelBan) else {
                if let Some(note) = regime
                    .measure(MeasureKind::TravelNotification)
                    .and_then(|m| m.period_on(date))
                {
                    reasons.push(format!(
                        "{id}: {} on {date}: travel vigilance/notification only, not a ban ({})",
                        regime.id, note.basis
                    ));
                }
                continue;
            };
            let Some(period) = measure.period_on(date) else {
                if let Some(note) = regime
                    .measure(MeasureKind::TravelNotification)
                    .and_then(|m| m.period_on(date))
                {
                    reasons.push(format!(
                        "{id}: {} on {date}: travel vigilance/notification only, not a ban ({})",
                        regime.id, note.basis
                    ));
                } else if let Some(last) = measure
                    .periods
                    .iter()
                    .rev()
                    .find(|p| p.until.is_some_and(|u| u <= date))
                {
                    reasons.push(format!(
                        "{id}: {} travel ban not in force on {date}: the last period ended on {} ({})",
                        regime.id,
                        last.until.expect("found by until"),
                        last.basis
                    ));
                } else {
                    reasons.push(format!(
                        "{id}: {} travel ban not yet in force on {date}",
                        regime.id
                    ));
                }
                continue;
            };
            let binding = regimes.binds(regime, destination, date);
            let binds: Vec<&str> = regime.binds.iter().map(|b| b.as_str()).collect();
            reasons.push(if binding {
                format!(
                    "{id}: {} travel ban in force on {date} ({}) binds {destination} ({})",
                    regime.id,
                    period.basis,
                    binds.join(", ")
                )
            } else {
                format!(
                    "{id}: {} travel ban in force on {date} binds {}, not {destination}",
                    regime.id,
                    binds.join(", ")
                )
            });
            bans.push(Ban {
                source: version.source.as_str().to_string(),
                entity_id: id.to_string(),
                regime: regime.id.clone(),
                regime_name: regime.name.clone(),
                code,
                basis: period.basis.clone(),
                citation: period.citation.clone(),
                binds: regime.binds.clone(),
                binds_destination: binding,
                in_force_from: period.from,
                until: period.until,
                inference,
            });
        }
    }
}

/// The earliest listing date the record states (UN `LISTED_ON`, UK `Listed
/// On`, EU regulation date, ...).
fn listing_date(entity: &Entity) -> Option<PartialDate> {
    entity
        .sanctions
        .iter()
        .filter_map(|s| s.listing_date)
        .min_by_key(|d| latest_day(*d))
}

/// The last day a partial date can mean: a record listed "2007" is certainly
/// listed on a date only from 2007-12-31.
fn latest_day(date: PartialDate) -> NaiveDate {
    let year = i32::from(date.get_year());
    let (month, day) = match (date.get_month(), date.get_day()) {
        (Some(m), Some(d)) => (u32::from(m), u32::from(d)),
        (Some(m), None) => {
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, u32::from(m) + 1, 1)
            };
            return next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX);
        }
        _ => (12, 31),
    };
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MAX)
}
