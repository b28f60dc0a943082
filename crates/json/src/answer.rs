//! The screening answer written straight to bytes, without building a `serde_json::Value`
//! tree: the shape of `interdict screen --json` and `POST /v1/screen` (and of every hit in
//! the other answers), defined once here as `Serialize` implementations.
//!
//! The service writes thousands of these a second; building a map per object and then
//! serializing it cost a large share of its time. Keys are written in byte order, as a
//! `Value` map (a `BTreeMap`) writes them, so the bytes are the same as those of the
//! `Value` form: [`crate::hit`], [`crate::explanation`] and [`crate::version`] are this
//! module's shapes converted, not second definitions.

use chrono::NaiveDate;
use interdict_audit::{AlertOutcome, RecordedScreening};
use interdict_matcher::Explanation;
use interdict_model::SourceId;
use interdict_screening::{ScoredHit, ScreeningSet, Threshold};
use interdict_store::VersionInfo;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use crate::{agreement, round, snake};

/// The query as understood, echoed in the answer's `query`.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryEcho<'a> {
    /// The name as given.
    pub name: &'a str,
    /// The schema understood (FtM name), if any.
    pub schema: Option<&'a str>,
    /// The birth date understood, if any.
    pub birth_date: Option<String>,
    /// The countries given.
    pub countries: &'a [String],
    /// The identifiers given.
    pub ids: &'a [String],
    /// The as-of date, if any.
    pub as_of: Option<NaiveDate>,
}

impl Serialize for QueryEcho<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("as_of", &self.as_of.map(|d| d.to_string()))?;
        map.serialize_entry("birth_date", &self.birth_date)?;
        map.serialize_entry("countries", self.countries)?;
        map.serialize_entry("ids", self.ids)?;
        map.serialize_entry("name", self.name)?;
        map.serialize_entry("schema", &self.schema)?;
        map.end()
    }
}

/// A whole screening answer: the query as understood, the threshold, the versions screened
/// (of the sources asked for), the results best first, and, once recorded, the screening's id
/// and each match's alert.
pub struct ScreeningAnswer<'a> {
    /// The set screened.
    pub set: &'a ScreeningSet,
    /// The results.
    pub results: &'a [ScoredHit],
    /// The threshold.
    pub threshold: Threshold,
    /// The query as understood.
    pub query: QueryEcho<'a>,
    /// Only the versions and unknown sources of these sources are named; all when `None`.
    pub sources: Option<&'a [SourceId]>,
    /// The audit record, once written.
    pub recorded: Option<&'a RecordedScreening>,
}

impl ScreeningAnswer<'_> {
    fn named(&self, source: SourceId) -> bool {
        self.sources.is_none_or(|sources| sources.contains(&source))
    }
}

impl Serialize for ScreeningAnswer<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("query", &self.query)?;
        map.serialize_entry(
            "results",
            &Results {
                set: self.set,
                results: self.results,
                recorded: self.recorded,
            },
        )?;
        if let Some(recorded) = self.recorded {
            map.serialize_entry("screening_id", &recorded.seq)?;
        }
        map.serialize_entry("threshold", &self.threshold.value())?;
        map.serialize_entry(
            "unknown_sources",
            &Unknown {
                set: self.set,
                keep: &|source| self.named(source),
            },
        )?;
        map.serialize_entry(
            "versions",
            &Versions {
                versions: &self.set.versions,
                keep: &|source| self.named(source),
            },
        )?;
        map.end()
    }
}

struct Results<'a> {
    set: &'a ScreeningSet,
    results: &'a [ScoredHit],
    recorded: Option<&'a RecordedScreening>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.results.len()))?;
        for scored in self.results {
            let alert = self
                .recorded
                .filter(|_| scored.is_match)
                .and_then(|recorded| alert_of(recorded, scored.hit.entity_id.as_str()));
            seq.serialize_element(&HitShape {
                set: self.set,
                scored,
                alert,
            })?;
        }
        seq.end()
    }
}

/// The alert the audit log raised on `entity_id`, if any.
pub fn alert_of<'a>(recorded: &'a RecordedScreening, entity_id: &str) -> Option<&'a AlertOutcome> {
    recorded.alerts.iter().find(|a| a.entity_id == entity_id)
}

/// One result: the entity, its score, whether it alerts, why, and its alert once recorded.
pub struct HitShape<'a> {
    /// The set the hit is of.
    pub set: &'a ScreeningSet,
    /// The hit.
    pub scored: &'a ScoredHit,
    /// Its alert, for a recorded match.
    pub alert: Option<&'a AlertOutcome>,
}

impl Serialize for HitShape<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let hit = &self.scored.hit;
        let entity = self.set.entity(hit);
        let mut map = serializer.serialize_map(None)?;
        if let Some(alert) = self.alert {
            map.serialize_entry("alert", &AlertShape(alert))?;
        }
        map.serialize_entry("caption", entity.caption())?;
        map.serialize_entry("explanation", &ExplanationShape(&hit.explanation))?;
        map.serialize_entry("id", hit.entity_id.as_str())?;
        map.serialize_entry("match", &self.scored.is_match)?;
        map.serialize_entry("matched_name", &hit.matched_name)?;
        map.serialize_entry("programs", &Programs(entity))?;
        map.serialize_entry("schema", entity.schema.as_str())?;
        map.serialize_entry("score", &round(hit.score))?;
        map.serialize_entry("source", hit.entity_id.source().as_str())?;
        map.end()
    }
}

struct Programs<'a>(&'a interdict_model::Entity);

impl Serialize for Programs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.sanctions.iter().flat_map(|s| s.programs.iter()))
    }
}

/// An alert as answers show it: `{id, reason, status}`.
pub struct AlertShape<'a>(pub &'a AlertOutcome);

impl Serialize for AlertShape<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("id", &self.0.alert_id)?;
        map.serialize_entry("reason", &self.0.reason)?;
        map.serialize_entry("status", self.0.status.as_str())?;
        map.end()
    }
}

/// Why a hit scored as it did, feature by feature.
pub struct ExplanationShape<'a>(pub &'a Explanation);

impl Serialize for ExplanationShape<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let explanation = self.0;
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("birth_date", agreement(explanation.birth_date))?;
        map.serialize_entry("birth_year_near", &explanation.birth_year_near)?;
        map.serialize_entry("country", agreement(explanation.country))?;
        map.serialize_entry("gender", agreement(explanation.gender))?;
        map.serialize_entry("identifiers", &explanation.identifiers)?;
        map.serialize_entry("name", &NameShape(explanation))?;
        map.serialize_entry("schema_mismatch", &explanation.schema_mismatch)?;
        map.serialize_entry("weak_alias", &explanation.weak_alias)?;
        map.end()
    }
}

struct NameShape<'a>(&'a Explanation);

impl Serialize for NameShape<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let name = &self.0.name;
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("dropped_titles", &name.dropped_titles)?;
        map.serialize_entry("extra", &name.extra)?;
        map.serialize_entry("missing", &name.missing)?;
        map.serialize_entry(
            "rules",
            &name
                .rules
                .iter()
                .map(|rule| snake(rule))
                .collect::<Vec<_>>(),
        )?;
        map.serialize_entry("score", &round(name.score))?;
        map.serialize_entry("tokens", &Tokens(self.0))?;
        map.end()
    }
}

struct Tokens<'a>(&'a Explanation);

impl Serialize for Tokens<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let pairs = &self.0.name.pairs;
        let mut seq = serializer.serialize_seq(Some(pairs.len()))?;
        for pair in pairs {
            seq.serialize_element(&TokenShape(pair))?;
        }
        seq.end()
    }
}

struct TokenShape<'a>(&'a interdict_matcher::TokenMatch);

impl Serialize for TokenShape<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let pair = self.0;
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("kind", &snake(&pair.kind))?;
        map.serialize_entry("list", &pair.list)?;
        map.serialize_entry("query", &pair.query)?;
        map.serialize_entry("similarity", &round(pair.similarity))?;
        map.end()
    }
}

/// A list version.
pub struct VersionShape<'a>(pub &'a VersionInfo);

impl Serialize for VersionShape<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let version = self.0;
        let mut map = serializer.serialize_map(Some(7))?;
        map.serialize_entry("entities", &version.entities)?;
        map.serialize_entry("format", &version.format)?;
        map.serialize_entry("imported_at", &version.imported_at.to_rfc3339())?;
        map.serialize_entry("published", &version.published.to_string())?;
        map.serialize_entry("sha256", &version.sha256)?;
        map.serialize_entry("source", version.source.as_str())?;
        map.serialize_entry("version", &version.seq)?;
        map.end()
    }
}

struct Versions<'a> {
    versions: &'a [VersionInfo],
    keep: &'a dyn Fn(SourceId) -> bool,
}

impl Serialize for Versions<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.versions
                .iter()
                .filter(|v| (self.keep)(v.source))
                .map(VersionShape),
        )
    }
}

struct Unknown<'a> {
    set: &'a ScreeningSet,
    keep: &'a dyn Fn(SourceId) -> bool,
}

impl Serialize for Unknown<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.set
                .unknown
                .iter()
                .filter(|(source, _)| (self.keep)(*source))
                .map(|(source, first)| UnknownShape {
                    source: *source,
                    first,
                }),
        )
    }
}

/// A source whose answer is unknown on the as-of date.
pub struct UnknownShape<'a> {
    /// The source.
    pub source: SourceId,
    /// Its first version held.
    pub first: &'a VersionInfo,
}

impl Serialize for UnknownShape<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(
            "reason",
            &format!(
                "the as-of date is before the first version held ({})",
                self.first.published
            ),
        )?;
        map.serialize_entry("source", self.source.as_str())?;
        map.end()
    }
}
