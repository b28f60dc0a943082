//! Screening: a query against the index, as ranked hits with an explanation per feature.
//!
//! [`screen`] asks the index for the names worth scoring (no full scan), compares each with the
//! query name token by token, takes each entity's best name, and then weighs the facts given
//! with the query: birth date, countries, identifiers, gender and schema. Hits at or above the
//! configured threshold come back best first.
//!
//! The name score is where screening is won or lost, so its rules are explicit (see `name.rs`):
//! order-free alignment; exact, transliterated, variant, skeleton, typo, initial, joined and
//! acronym matches at decreasing strength; left-over tokens cost in full when they face a
//! different token and little when merely missing; numbers must match exactly; initials,
//! particles, generic words and legal forms never carry a match alone; a person match on one
//! word only, a lone given name, or a weak alias on its own stays below the default threshold.
//! There are no per-name exceptions anywhere: every rule is about the kind of token, never about
//! a particular name.
//!
//! **Architecture invariant:** pure. No I/O, clock or randomness; the same index, query and
//! config always give the same hits in the same order (ties are broken by entity position).
//!
//! ```
//! use interdict_index::Index;
//! use interdict_matcher::{screen, MatchConfig, Query, DEFAULT_THRESHOLD};
//! use interdict_model::{Entity, EntityId, Prop, Schema, SourceId};
//!
//! let mut entity = Entity::new(EntityId::new(SourceId::UnSc, "IRi.039"), Schema::Person);
//! entity.add(Prop::Name, "Qasem Soleimani");
//! let index = Index::build(&[entity]);
//! let config = MatchConfig { threshold: DEFAULT_THRESHOLD, limit: 10, sources: None };
//! let hits = screen(&index, &Query::name("Gen. Ghasem Sulaimani"), &config);
//! assert_eq!(hits[0].entity_id.as_str(), "un-sc:IRi.039");
//! assert!(screen(&index, &Query::name("Mohammed"), &config).is_empty());
//! ```

#![deny(missing_docs)]

mod explain;
mod name;

use std::collections::HashMap;

use interdict_index::{
    name_kind, normalize_country, normalize_identifier, Gender, Index, IndexedEntity, NameSource,
    PreparedName,
};
use interdict_model::{EntityId, PartialDate, Schema, SourceId};
use interdict_text::NameKind;

pub use explain::{Agreement, Explanation, MatchKind, NameExplanation, NameRule, TokenMatch};

/// The threshold at which a hit alerts, unless the caller configures another. On the name
/// benchmark (`examples/name_bench.rs`, `--sweep`) F1 peaks between 0.70 and 0.71; the caps of
/// the name rules (0.5, 0.6, weak alias 0.6) sit below it with room for a birth date agreeing.
/// Checked against recall and the false-alert rate of the synthetic negatives
/// (`examples/un_positives.rs`).
pub const DEFAULT_THRESHOLD: f64 = 0.7;

/// The most a weak alias can score on its name alone: below [`DEFAULT_THRESHOLD`] even with a
/// birth date and a country agreeing, so that only an identifier can lift it to an alert.
const WEAK_ALIAS_CAP: f64 = 0.6;

/// The most the features other than the name can add to a score (birth date, country and an
/// identifier agreeing); see [`final_score`].
const MAX_BONUS: f64 = 0.05 + 0.03 + 0.2;

/// How many candidate names the index hands over per query for full scoring.
pub const MAX_CANDIDATES: usize = 64;

/// A screening query: a name and whatever else is known of the party.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The name as written, in any script.
    pub name: String,
    /// The schema, when known (Person, Company, ...); `None` screens against every schema.
    pub schema: Option<Schema>,
    /// The birth date, possibly partial.
    pub birth_date: Option<PartialDate>,
    /// Countries (nationality, residence, ...) as names or ISO codes.
    pub countries: Vec<String>,
    /// Identifiers (passport, national id, registration, IMO, ...), as written.
    pub identifiers: Vec<String>,
    /// Gender, when known.
    pub gender: Option<Gender>,
}

impl Query {
    /// A query of a name alone.
    pub fn name(name: &str) -> Query {
        Query {
            name: name.to_owned(),
            schema: None,
            birth_date: None,
            countries: Vec::new(),
            identifiers: Vec::new(),
            gender: None,
        }
    }
}

/// How to screen. No `Default`: the threshold is a compliance decision, so it is always passed
/// explicitly (use [`DEFAULT_THRESHOLD`] to take the documented one).
#[derive(Clone, Debug, PartialEq)]
pub struct MatchConfig {
    /// Hits scoring below this are not returned.
    pub threshold: f64,
    /// At most this many hits are returned.
    pub limit: usize,
    /// Only entities of these sources; `None` for all.
    pub sources: Option<Vec<SourceId>>,
}

/// One hit: an entity that matched the query.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Position of the entity in [`Index::entities`].
    pub entity: u32,
    /// The entity id.
    pub entity_id: EntityId,
    /// The score in `[0, 1]`.
    pub score: f64,
    /// The list name that matched best, as the list writes it.
    pub matched_name: String,
    /// Why.
    pub explanation: Explanation,
}

/// Screens `query` against `index`: hits at or above `config.threshold`, best first, at most
/// `config.limit`. Pure and deterministic.
pub fn screen(index: &Index, query: &Query, config: &MatchConfig) -> Vec<Hit> {
    let kind = query.schema.as_ref().map_or(NameKind::Unknown, name_kind);
    let prepared = PreparedName::new(&query.name, kind);
    if prepared.body().next().is_none() {
        return Vec::new();
    }
    let facts = QueryFacts::new(query);
    let query_name = name::QueryName::new(&prepared);
    let mut best: HashMap<u32, Hit> = HashMap::new();
    for candidate in index.candidates(&prepared, MAX_CANDIDATES) {
        let indexed_name = &index.names()[candidate.name as usize];
        let entity = &index.entities()[indexed_name.entity as usize];
        if let Some(sources) = &config.sources {
            if !sources.contains(&entity.id.source()) {
                continue;
            }
        }
        let compare_kind = compare_kind(query.schema.as_ref(), &entity.schema);
        let compared = name::score(&query_name, &indexed_name.name, compare_kind);
        let weak_alias = indexed_name.source == NameSource::WeakAlias;
        let capped = weak_alias && compared.score > WEAK_ALIAS_CAP;
        let name_score = if capped {
            WEAK_ALIAS_CAP
        } else {
            compared.score
        };
        // Agreement of the other features adds at most this much; a name this far below the
        // threshold cannot become a hit, so it is not explained.
        if name_score + MAX_BONUS < config.threshold {
            continue;
        }
        if let Some(current) = best.get(&indexed_name.entity) {
            if current.explanation.name.score >= name_score {
                continue;
            }
        }
        let mut name = compared.explain();
        if capped {
            name.score = WEAK_ALIAS_CAP;
            name.rules.push(NameRule::WeakAlias);
        }
        let mut explanation = facts.explain(entity, query.schema.as_ref(), name, weak_alias);
        // A person query against a name with a legal form ("Feng Sheng Co., Ltd.") is a schema
        // mismatch whatever schema the list gives the entity (some lists only say "entity").
        if query.schema == Some(Schema::Person)
            && indexed_name
                .name
                .tokens
                .iter()
                .any(|t| matches!(t.role, interdict_text::Role::LegalForm(_)))
        {
            explanation.schema_mismatch = true;
        }
        let score = final_score(&explanation);
        best.insert(
            indexed_name.entity,
            Hit {
                entity: indexed_name.entity,
                entity_id: entity.id.clone(),
                score,
                matched_name: indexed_name.name.original.clone(),
                explanation,
            },
        );
    }
    let mut hits: Vec<Hit> = best
        .into_values()
        .filter(|hit| hit.score >= config.threshold)
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
    hits.truncate(config.limit);
    hits
}

/// Scores two names of one schema against each other, name evidence only: the function the
/// name benchmark evaluates.
///
/// ```
/// use interdict_matcher::{score_pair, DEFAULT_THRESHOLD};
/// use interdict_model::Schema;
/// let (score, _) = score_pair(&Schema::Company, "OOO Romashka", "Romashka LLC");
/// assert!(score >= DEFAULT_THRESHOLD);
/// let (score, _) = score_pair(&Schema::Company, "Trust 2004-2", "Trust 2004-1");
/// assert!(score < DEFAULT_THRESHOLD);
/// ```
pub fn score_pair(schema: &Schema, name1: &str, name2: &str) -> (f64, Explanation) {
    let kind = name_kind(schema);
    let query = PreparedName::new(name1, kind);
    let list = PreparedName::new(name2, kind);
    let name = name::compare(&query, &list, compare_kind(Some(schema), schema));
    let explanation = Explanation {
        name,
        birth_date: Agreement::Unknown,
        birth_year_near: false,
        country: Agreement::Unknown,
        gender: Agreement::Unknown,
        identifiers: Vec::new(),
        schema_mismatch: false,
        weak_alias: false,
    };
    (final_score(&explanation), explanation)
}

fn compare_kind(query: Option<&Schema>, entity: &Schema) -> name::Kind {
    let person = match query {
        Some(schema) => *schema == Schema::Person,
        None => *entity == Schema::Person,
    };
    if person {
        name::Kind::Person
    } else {
        name::Kind::Other
    }
}

/// The query's facts, normalized once.
struct QueryFacts {
    birth_date: Option<PartialDate>,
    countries: Vec<String>,
    identifiers: Vec<String>,
    gender: Option<Gender>,
}

impl QueryFacts {
    fn new(query: &Query) -> QueryFacts {
        QueryFacts {
            birth_date: query.birth_date,
            countries: query
                .countries
                .iter()
                .filter_map(|c| normalize_country(c))
                .collect(),
            identifiers: query
                .identifiers
                .iter()
                .map(|id| normalize_identifier(id))
                .filter(|id| id.len() >= 4)
                .collect(),
            gender: query.gender,
        }
    }

    fn explain(
        &self,
        entity: &IndexedEntity,
        schema: Option<&Schema>,
        name: NameExplanation,
        weak_alias: bool,
    ) -> Explanation {
        let (birth_date, near_year) = match self.birth_date {
            Some(date) if !entity.birth_dates.is_empty() => {
                if entity.birth_dates.iter().any(|d| d.is_compatible(&date)) {
                    (Agreement::Agree, false)
                } else {
                    let near = entity
                        .birth_dates
                        .iter()
                        .any(|d| d.get_year().abs_diff(date.get_year()) <= 1);
                    (Agreement::Conflict, near)
                }
            }
            _ => (Agreement::Unknown, false),
        };
        let country = if self.countries.is_empty() || entity.countries.is_empty() {
            Agreement::Unknown
        } else if self.countries.iter().any(|c| entity.countries.contains(c)) {
            Agreement::Agree
        } else {
            Agreement::Conflict
        };
        let gender = match (self.gender, entity.gender) {
            (Some(a), Some(b)) if a == b => Agreement::Agree,
            (Some(_), Some(_)) => Agreement::Conflict,
            _ => Agreement::Unknown,
        };
        let identifiers = self
            .identifiers
            .iter()
            .filter(|id| entity.identifiers.binary_search(id).is_ok())
            .cloned()
            .collect();
        Explanation {
            name,
            birth_date,
            birth_year_near: near_year,
            country,
            gender,
            identifiers,
            schema_mismatch: schema.is_some_and(|s| schema_mismatch(s, &entity.schema)),
            weak_alias,
        }
    }
}

/// A person query against a company, vessel against person, ...: schemata that cannot denote
/// the same party. LegalEntity is compatible with persons and organisations alike.
fn schema_mismatch(query: &Schema, entity: &Schema) -> bool {
    fn family(schema: &Schema) -> Option<u8> {
        match schema {
            Schema::Person => Some(0),
            Schema::Organization | Schema::Company => Some(1),
            Schema::Vessel => Some(2),
            Schema::Airplane => Some(3),
            Schema::LegalEntity | Schema::Other(_) => None,
        }
    }
    match (family(query), family(entity)) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    }
}

/// The entity score: the name score moved by the other features. Agreement adds little (the
/// name must carry a hit); conflict subtracts more (a different birth date is strong evidence
/// of a different person); a shared identifier adds much.
fn final_score(explanation: &Explanation) -> f64 {
    let mut score = explanation.name.score;
    score += match explanation.birth_date {
        Agreement::Agree => 0.05,
        // A birth date a year off may be a calendar conversion or a typo; further off, it is
        // another person.
        Agreement::Conflict if explanation.birth_year_near => -0.2,
        Agreement::Conflict => -0.35,
        Agreement::Unknown => 0.0,
    };
    score += match explanation.country {
        Agreement::Agree => 0.03,
        Agreement::Conflict => -0.1,
        Agreement::Unknown => 0.0,
    };
    if explanation.gender == Agreement::Conflict {
        score -= 0.1;
    }
    if !explanation.identifiers.is_empty() {
        score += 0.2;
    }
    if explanation.schema_mismatch {
        score -= 0.25;
    }
    score.clamp(0.0, 1.0)
}
