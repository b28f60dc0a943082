//! The evidence that two records are one party, gathered kind by kind.
//!
//! Each function here proposes candidate links with their evidence; none of
//! them clusters. The rules are about kinds of evidence, never about a
//! particular record, and each errs on the side of not linking: a wrong link
//! merges two parties in the view a compliance officer relies on, a missed one
//! only leaves the view incomplete.

use std::collections::{HashMap, HashSet};

use interdict_index::{normalize_country, normalize_identifier};
use interdict_matcher::{Hit, Query};
use interdict_model::{Entity, EntityId, IdKind, PartialDate, Prop, Schema, SourceId};
use interdict_screening::{screen, Floor, ScreenOptions, ScreeningSet, Threshold};

/// The kinds of evidence, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceKind {
    /// Declared by hand.
    Declared,
    /// A list names the other record (UN reference, CSL id, OpenSanctions referent).
    CrossReference,
    /// Both records give the same strong identifier.
    Identifier,
    /// Person: names match closely and a full birth date agrees.
    NameBirthDate,
    /// Organisation: names match closely and a country agrees.
    NameCountry,
}

impl EvidenceKind {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Declared => "declared",
            EvidenceKind::CrossReference => "cross_reference",
            EvidenceKind::Identifier => "identifier",
            EvidenceKind::NameBirthDate => "name_birth_date",
            EvidenceKind::NameCountry => "name_country",
        }
    }
}

/// Why two records are one party.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// The kind.
    pub kind: EvidenceKind,
    /// What exactly, in words ("uk-hmt:9062 gives UN Ref IRi.039").
    pub detail: String,
    /// Confidence in `[0, 1]`: 1 for declarations and cross-references, the
    /// matcher's name score for name evidence.
    pub score: f64,
}

/// A link between two records with its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// One record.
    pub a: EntityId,
    /// The other record.
    pub b: EntityId,
    /// Why.
    pub evidence: Evidence,
}

/// A proposed link between two records, by position.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub a: u32,
    pub b: u32,
    pub evidence: Evidence,
}

/// The kind of party, for what may be compared with what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Person,
    Organization,
    /// `LegalEntity`: lists that do not say whether a person or a company.
    Unknown,
    Vessel,
    Airplane,
}

impl Class {
    pub fn of(schema: &Schema) -> Class {
        match schema {
            Schema::Person => Class::Person,
            Schema::Organization | Schema::Company => Class::Organization,
            Schema::Vessel => Class::Vessel,
            Schema::Airplane => Class::Airplane,
            Schema::LegalEntity | Schema::Other(_) => Class::Unknown,
        }
    }

    fn compatible(self, other: Class) -> bool {
        use Class::*;
        self == other
            || matches!(
                (self, other),
                (Unknown, Person | Organization) | (Person | Organization, Unknown)
            )
    }
}

/// One record and the facts linkage compares.
pub(crate) struct Facts<'a> {
    pub entity: &'a Entity,
    pub class: Class,
    pub countries: Vec<String>,
    pub birth_dates: Vec<PartialDate>,
}

impl<'a> Facts<'a> {
    pub fn new(entity: &'a Entity) -> Facts<'a> {
        let mut countries: Vec<String> = [
            Prop::Nationality,
            Prop::Citizenship,
            Prop::Country,
            Prop::Jurisdiction,
        ]
        .into_iter()
        .flat_map(|prop| entity.get(prop).iter())
        .filter_map(|value| normalize_country(value))
        .collect();
        countries.sort_unstable();
        countries.dedup();
        let mut birth_dates: Vec<PartialDate> = entity
            .get(Prop::BirthDate)
            .iter()
            .filter_map(|v| v.trim().parse().ok())
            .collect();
        birth_dates.sort_unstable();
        birth_dates.dedup();
        Facts {
            entity,
            class: Class::of(&entity.schema),
            countries,
            birth_dates,
        }
    }

    fn source(&self) -> SourceId {
        self.entity.id.source()
    }
}

/// Record positions by id.
pub(crate) type ById<'a> = HashMap<&'a str, u32>;

/// A UN reference as a comparable key: `IRi.039`, `IRI.039.` and ` iri.039`
/// are one reference.
fn un_key(reference: &str) -> Option<String> {
    let key: String = reference
        .trim()
        .trim_end_matches('.')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    // A UN reference is letters, a dot and digits (QDi.001, KPe.064, CDi.001).
    (key.len() >= 5 && key.contains('.') && key.bytes().any(|b| b.is_ascii_digit())).then_some(key)
}

/// The records our ids give to an OpenSanctions referent (`ofac-10481`,
/// `unsc-110408`, `gb-hmt-9062`, `eu-fsf-eu-1163-58`, `trade-csl-<sha1>`),
/// among `held`. `dataids` maps UN DATAIDs to our UN ids (the UN record's
/// reference number).
pub fn referent_ids(
    referent: &str,
    dataids: &HashMap<String, EntityId>,
    held: &dyn Fn(&EntityId) -> bool,
) -> Vec<EntityId> {
    let mut out = Vec::new();
    let mut push = |source: SourceId, native: &str| {
        if native.is_empty() {
            return;
        }
        let id = EntityId::new(source, native);
        if held(&id) {
            out.push(id);
        }
    };
    if let Some(number) = referent.strip_prefix("ofac-") {
        if number.bytes().all(|b| b.is_ascii_digit()) {
            push(SourceId::OfacSdn, number);
            push(SourceId::OfacCons, number);
        }
    } else if let Some(dataid) = referent.strip_prefix("unsc-") {
        if let Some(id) = dataids.get(dataid) {
            if held(id) {
                out.push(id.clone());
            }
        }
    } else if let Some(group) = referent.strip_prefix("gb-hmt-") {
        push(SourceId::UkHmt, group);
    } else if let Some(rest) = referent.strip_prefix("eu-fsf-eu-") {
        // eu-fsf-eu-<logicalId>-<check>
        if let Some((logical, _)) = rest.split_once('-') {
            push(SourceId::EuFsf, logical);
        }
    } else if let Some(hash) = referent.strip_prefix("trade-csl-") {
        push(SourceId::UsCsl, hash);
    }
    out
}

/// UN DATAID → our UN id, from the `DATAID n` summary line of UN records.
pub(crate) fn un_dataids<'a>(
    entities: impl IntoIterator<Item = &'a Entity>,
) -> HashMap<String, EntityId> {
    let mut out = HashMap::new();
    for entity in entities {
        if entity.id.source() != SourceId::UnSc {
            continue;
        }
        for sanction in &entity.sanctions {
            for line in &sanction.summary {
                if let Some(dataid) = line.strip_prefix("DATAID ") {
                    out.insert(dataid.trim().to_string(), entity.id.clone());
                }
            }
        }
    }
    out
}

/// Explicit cross-references: UN references, CSL ids that are OFAC entity
/// numbers, and (when `referents`) OpenSanctions referents.
pub(crate) fn cross_references(records: &[Facts], by_id: &ById, referents: bool) -> Vec<Candidate> {
    let mut out = Vec::new();
    // UN references: every record citing one, linked to the UN record itself
    // (or, when the UN record is not held, to the first record citing it).
    let mut by_ref: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, facts) in records.iter().enumerate() {
        let mut keys: Vec<String> = facts
            .entity
            .sanctions
            .iter()
            .filter_map(|s| s.unsc_id.as_deref().and_then(un_key))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            by_ref.entry(key).or_default().push(i as u32);
        }
    }
    let mut refs: Vec<_> = by_ref.into_iter().collect();
    refs.sort_unstable();
    for (key, members) in refs {
        let un = members
            .iter()
            .copied()
            .find(|&i| records[i as usize].source() == SourceId::UnSc);
        let anchor = un.unwrap_or(members[0]);
        for &other in members.iter().filter(|&&i| i != anchor) {
            let cited = &records[other as usize].entity.id;
            let detail = match un {
                Some(_) => format!("{cited} gives UN reference {key}, the UN record's own"),
                None => format!(
                    "{cited} and {} both give UN reference {key}",
                    records[anchor as usize].entity.id
                ),
            };
            out.push(Candidate {
                a: anchor,
                b: other,
                evidence: Evidence {
                    kind: EvidenceKind::CrossReference,
                    detail,
                    score: 1.0,
                },
            });
        }
    }
    // The CSL's records of Treasury lists carry the OFAC entity number as id.
    for (i, facts) in records.iter().enumerate() {
        let id = &facts.entity.id;
        if id.source() != SourceId::UsCsl || !id.native().bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        for source in [SourceId::OfacSdn, SourceId::OfacCons] {
            let target = EntityId::new(source, id.native());
            if let Some(&j) = by_id.get(target.as_str()) {
                out.push(Candidate {
                    a: j,
                    b: i as u32,
                    evidence: Evidence {
                        kind: EvidenceKind::CrossReference,
                        detail: format!(
                            "the CSL record {id} is OFAC entity number {}",
                            id.native()
                        ),
                        score: 1.0,
                    },
                });
            }
        }
    }
    if referents {
        let dataids = un_dataids(records.iter().map(|f| f.entity));
        let held = |id: &EntityId| by_id.contains_key(id.as_str());
        let key = Prop::Other("referents".into());
        for (i, facts) in records.iter().enumerate() {
            if facts.source() != SourceId::OpenSanctions {
                continue;
            }
            for referent in facts.entity.get(key.clone()) {
                for target in referent_ids(referent, &dataids, &held) {
                    out.push(Candidate {
                        a: by_id[target.as_str()],
                        b: i as u32,
                        evidence: Evidence {
                            kind: EvidenceKind::CrossReference,
                            detail: format!(
                                "OpenSanctions {} names {target} as a source record (referent {referent})",
                                facts.entity.id.native()
                            ),
                            score: 1.0,
                        },
                    });
                }
            }
        }
    }
    out
}

/// What an identifier is, for comparing: numbers of different classes never meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum IdClass {
    Imo,
    Bic,
    Document,
}

impl IdClass {
    fn as_str(self) -> &'static str {
        match self {
            IdClass::Imo => "IMO number",
            IdClass::Bic => "SWIFT/BIC",
            IdClass::Document => "document number",
        }
    }
}

/// A valid IMO number: seven digits whose last is the check digit.
fn imo(value: &str) -> Option<String> {
    let digits = normalize_identifier(value);
    let digits = digits.strip_prefix("IMO").unwrap_or(&digits);
    if digits.len() != 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = (0..6).map(|i| d[i] * (7 - i as u32)).sum();
    (sum % 10 == d[6]).then(|| digits.to_string())
}

/// A SWIFT/BIC code, reduced to its institution and country part (8 characters).
fn bic(value: &str) -> Option<String> {
    let code = normalize_identifier(value);
    let ok = (code.len() == 8 || code.len() == 11)
        && code[..6].bytes().all(|b| b.is_ascii_alphabetic())
        && code[6..].bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then(|| code[..8].to_string())
}

/// A document number specific enough to identify: at least six characters,
/// a digit among them, not one repeated character, and not a placeholder.
fn document(value: &str) -> Option<String> {
    let number = normalize_identifier(value);
    let distinct: HashSet<u8> = number.bytes().collect();
    let ok = number.len() >= 6
        && number.bytes().any(|b| b.is_ascii_digit())
        && distinct.len() >= 3
        && number.bytes().any(|b| b != b'0' && b.is_ascii_digit());
    ok.then_some(number)
}

struct Number {
    class: IdClass,
    value: String,
    country: Option<String>,
    label: String,
}

fn numbers(entity: &Entity) -> Vec<Number> {
    let mut out: Vec<Number> = Vec::new();
    let mut push = |class: IdClass, value: Option<String>, country: Option<String>, label: &str| {
        let Some(value) = value else { return };
        if let Some(existing) = out
            .iter_mut()
            .find(|n| n.class == class && n.value == value)
        {
            if existing.country.is_none() {
                existing.country = country;
            }
            return;
        }
        out.push(Number {
            class,
            value,
            country,
            label: label.to_string(),
        });
    };
    for identifier in &entity.identifiers {
        let country = identifier.country.as_deref().and_then(normalize_country);
        let (class, value) = match identifier.kind {
            IdKind::Imo => (IdClass::Imo, imo(&identifier.number)),
            IdKind::SwiftBic => (IdClass::Bic, bic(&identifier.number)),
            _ => (IdClass::Document, document(&identifier.number)),
        };
        push(class, value, country, &identifier.label);
    }
    for value in entity.get(Prop::ImoNumber) {
        push(IdClass::Imo, imo(value), None, "IMO");
    }
    for value in entity.get(Prop::SwiftBic) {
        push(IdClass::Bic, bic(value), None, "SWIFT/BIC");
    }
    for prop in [
        Prop::PassportNumber,
        Prop::IdNumber,
        Prop::TaxNumber,
        Prop::RegistrationNumber,
        Prop::InnCode,
        Prop::OgrnCode,
        Prop::LeiCode,
    ] {
        let label = prop.to_string();
        for value in entity.get(prop) {
            push(IdClass::Document, document(value), None, &label);
        }
    }
    out
}

/// Shared strong identifiers. A number that one source gives to two records is
/// not specific (a parent and its branch, a ship and its manager) and links
/// nothing; issuing countries, where both records state one, must agree.
pub(crate) fn identifiers(records: &[Facts]) -> Vec<Candidate> {
    // (record, issuing country, label) per number.
    type Holders = Vec<(u32, Option<String>, String)>;
    let mut by_number: HashMap<(IdClass, String), Holders> = HashMap::new();
    for (i, facts) in records.iter().enumerate() {
        for number in numbers(facts.entity) {
            by_number
                .entry((number.class, number.value))
                .or_default()
                .push((i as u32, number.country, number.label));
        }
    }
    let mut groups: Vec<_> = by_number.into_iter().filter(|(_, g)| g.len() > 1).collect();
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    for ((class, value), group) in groups {
        let mut sources = HashSet::new();
        if !group
            .iter()
            .all(|(i, _, _)| sources.insert(records[*i as usize].source()))
        {
            continue;
        }
        for (x, (i, country_i, label_i)) in group.iter().enumerate() {
            for (j, country_j, label_j) in &group[x + 1..] {
                let (fi, fj) = (&records[*i as usize], &records[*j as usize]);
                if !fi.class.compatible(fj.class) {
                    continue;
                }
                if let (Some(ci), Some(cj)) = (country_i, country_j) {
                    if ci != cj {
                        continue;
                    }
                }
                let country = country_i.as_ref().or(country_j.as_ref());
                let detail = format!(
                    "both give {} {value}{} ({} {label_i}; {} {label_j})",
                    class.as_str(),
                    country.map(|c| format!(" ({c})")).unwrap_or_default(),
                    fi.entity.id,
                    fj.entity.id,
                );
                let score = match class {
                    IdClass::Imo | IdClass::Bic => 1.0,
                    IdClass::Document if country_i.is_some() && country_j.is_some() => 0.98,
                    IdClass::Document => 0.95,
                };
                out.push(Candidate {
                    a: *i,
                    b: *j,
                    evidence: Evidence {
                        kind: EvidenceKind::Identifier,
                        detail,
                        score,
                    },
                });
            }
        }
    }
    out
}

/// The lowest name score (the matcher's, in `[0, 1]`) at which a person with
/// the same full birth date is linked.
pub const PERSON_NAME_MIN: f64 = 0.9;

/// The lowest name score at which a person is linked whose birth dates are
/// not full but stated identically on both records (the same years, or
/// years and months: `1974 | 1975` on both).
pub const PERSON_NAME_SAME_DATES_MIN: f64 = 0.95;

/// The lowest name score at which an organisation sharing a country is linked.
pub const ORGANIZATION_NAME_MIN: f64 = 0.95;

/// How many names of one record are screened at most.
const MAX_NAMES: usize = 3;

/// Whether two lists of birth dates share a full date (year, month and day).
fn same_full_birth_date(a: &[PartialDate], b: &[PartialDate]) -> Option<PartialDate> {
    a.iter()
        .filter(|d| d.is_full())
        .find(|d| b.contains(d))
        .copied()
}

/// High-confidence matcher hits: persons whose names score at least
/// [`PERSON_NAME_MIN`] and who share a full birth date; organisations whose
/// names score at least [`ORGANIZATION_NAME_MIN`] and who share a country.
///
/// `records[..set.entities.len()]` must be `set.entities`, in order: the
/// index's positions are record positions.
pub(crate) fn names(records: &[Facts], set: &ScreeningSet) -> Vec<Candidate> {
    let all: Vec<usize> = (0..records.len()).collect();
    names_of(records, set, &all)
}

/// Whether a record's names are screened for name evidence (persons with a
/// birth date, organisations with a country): also whether it can be hit.
fn usable(facts: &Facts) -> bool {
    (facts.class == Class::Person && !facts.birth_dates.is_empty())
        || (facts.class == Class::Organization && !facts.countries.is_empty())
}

/// The records an in-force record's names could be found by, when other
/// records screen theirs: every name of `records[i]` screened without birth
/// date or country, at a lower threshold and a higher limit than
/// [`names`] uses. A superset (in practice) of the records whose own
/// screening finds `records[i]`; the caller checks each with [`names_of`].
/// Screening options for names scoring at least `lowest`: linkage reads the matcher's scores
/// as similarity, so the alert threshold plays no part (every result is judged against the
/// default and the judgement is not read).
fn similar_names(lowest: f64, limit: usize) -> ScreenOptions {
    ScreenOptions {
        threshold: Threshold::DEFAULT,
        limit,
        sources: None,
        floor: Floor::AtLeast(lowest),
    }
}

pub(crate) fn name_neighbourhood(records: &[Facts], set: &ScreeningSet, i: usize) -> Vec<u32> {
    let facts = &records[i];
    if i >= set.entities.len() || !usable(facts) {
        return Vec::new();
    }
    let options = similar_names(0.8, 64);
    let mut out: Vec<u32> = Vec::new();
    for name in facts.entity.get(Prop::Name) {
        let query = Query {
            name: name.clone(),
            schema: Some(facts.entity.schema.clone()),
            birth_date: None,
            countries: Vec::new(),
            identifiers: Vec::new(),
            gender: None,
        };
        out.extend(
            screen(set, &query, &options)
                .iter()
                .map(|scored| scored.hit.entity),
        );
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|&j| j as usize != i);
    out
}

/// [`names`], with only the records at `askers` (ascending) screening their
/// names: the evidence between two records both in `askers` is what
/// [`names`] finds for them.
pub(crate) fn names_of(records: &[Facts], set: &ScreeningSet, askers: &[usize]) -> Vec<Candidate> {
    let indexed = set.index.entities();
    let options = similar_names(PERSON_NAME_MIN.min(ORGANIZATION_NAME_MIN), 16);
    // The queries, each once: the CSL repeats OFAC's records, OpenSanctions
    // everyone's, and a hit list does not depend on who asks.
    let mut queries: Vec<Query> = Vec::new();
    let mut query_of: HashMap<(String, String, Option<PartialDate>, Vec<String>), usize> =
        HashMap::new();
    let mut asks: Vec<(usize, usize)> = Vec::new();
    for &i in askers {
        let facts = &records[i];
        if !usable(facts) {
            continue;
        }
        for name in facts.entity.get(Prop::Name).iter().take(MAX_NAMES) {
            let birth_date = facts
                .birth_dates
                .iter()
                .find(|d| d.is_full())
                .or(facts.birth_dates.first())
                .copied();
            let key = (
                name.clone(),
                facts.entity.schema.to_string(),
                birth_date,
                facts.countries.clone(),
            );
            let q = *query_of.entry(key).or_insert_with(|| {
                queries.push(Query {
                    name: name.clone(),
                    schema: Some(facts.entity.schema.clone()),
                    birth_date,
                    countries: facts.countries.clone(),
                    identifiers: Vec::new(),
                    gender: None,
                });
                queries.len() - 1
            });
            asks.push((i, q));
        }
    }
    let threads = if queries.len() < 64 {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    let chunk = queries.len().div_ceil(threads).max(1);
    let answers: Vec<Vec<Hit>> = std::thread::scope(|scope| {
        let workers: Vec<_> = queries
            .chunks(chunk)
            .map(|part| {
                scope.spawn(|| {
                    part.iter()
                        .map(|query| {
                            screen(set, query, &options)
                                .into_iter()
                                .map(|scored| scored.hit)
                                .collect::<Vec<Hit>>()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("screening does not panic"))
            .collect()
    });
    let mut best: HashMap<(u32, u32), Candidate> = HashMap::new();
    for (i, q) in asks {
        let facts = &records[i];
        let person = facts.class == Class::Person;
        let name = &queries[q].name;
        {
            for hit in &answers[q] {
                let j = hit.entity;
                if j as usize == i {
                    continue;
                }
                let other = &records[j as usize];
                if other.source() == facts.source() || !facts.class.compatible(other.class) {
                    continue;
                }
                let name_score = hit.explanation.name.score;
                if hit.explanation.weak_alias || hit.explanation.schema_mismatch {
                    continue;
                }
                let detail;
                let kind;
                if person {
                    if name_score < PERSON_NAME_MIN || other.class != Class::Person {
                        continue;
                    }
                    let theirs = &indexed[j as usize].birth_dates;
                    let born = match same_full_birth_date(&facts.birth_dates, theirs) {
                        Some(date) => date.to_string(),
                        None if name_score >= PERSON_NAME_SAME_DATES_MIN
                            && facts.birth_dates == *theirs =>
                        {
                            let dates: Vec<String> =
                                theirs.iter().map(PartialDate::to_string).collect();
                            format!("{} (both state exactly this)", dates.join(" or "))
                        }
                        None => continue,
                    };
                    kind = EvidenceKind::NameBirthDate;
                    detail = format!(
                        "names {name:?} and {:?} score {name_score:.2}; both born {born}",
                        hit.matched_name
                    );
                } else {
                    if name_score < ORGANIZATION_NAME_MIN || other.class != Class::Organization {
                        continue;
                    }
                    let Some(country) =
                        facts.countries.iter().find(|c| other.countries.contains(c))
                    else {
                        continue;
                    };
                    kind = EvidenceKind::NameCountry;
                    detail = format!(
                        "names {name:?} and {:?} score {name_score:.2}; both in {country}",
                        hit.matched_name
                    );
                }
                let key = (i.min(j as usize) as u32, i.max(j as usize) as u32);
                let candidate = Candidate {
                    a: key.0,
                    b: key.1,
                    evidence: Evidence {
                        kind,
                        detail,
                        score: name_score,
                    },
                };
                match best.get(&key) {
                    Some(current) if current.evidence.score >= name_score => {}
                    _ => {
                        best.insert(key, candidate);
                    }
                }
            }
        }
    }
    let mut out: Vec<Candidate> = best.into_values().collect();
    out.sort_unstable_by_key(|c| (c.a, c.b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imo_numbers_need_a_valid_check_digit() {
        // 9176187: 9*7+1*6+7*5+6*4+1*3+8*2 = 147, check digit 7.
        assert_eq!(imo("IMO 9176187").as_deref(), Some("9176187"));
        assert_eq!(imo("9176188"), None);
        assert_eq!(imo("917618"), None);
    }

    #[test]
    fn weak_numbers_are_not_identifiers() {
        assert_eq!(document("N/A"), None);
        assert_eq!(document("000000"), None);
        assert_eq!(document("111111"), None);
        assert_eq!(document("12345"), None);
        assert_eq!(document("ABCDEFG"), None);
        assert_eq!(document("A-123 456").as_deref(), Some("A123456"));
        assert_eq!(bic("BKIDIRTH XXX").as_deref(), Some("BKIDIRTH"));
        assert_eq!(bic("1234IRTH"), None);
    }

    #[test]
    fn un_references_compare_without_case_or_trailing_dot() {
        assert_eq!(un_key(" IRi.039."), un_key("IRI.039"));
        assert_eq!(un_key("n/a"), None);
    }

    #[test]
    fn referents_map_to_our_ids() {
        let held = |_: &EntityId| true;
        let mut dataids = HashMap::new();
        dataids.insert(
            "110408".to_string(),
            EntityId::parse("un-sc:IRi.039").unwrap(),
        );
        let ids = |r: &str| -> Vec<String> {
            referent_ids(r, &dataids, &held)
                .iter()
                .map(|id| id.to_string())
                .collect()
        };
        assert_eq!(ids("ofac-10481"), ["ofac-sdn:10481", "ofac-cons:10481"]);
        assert_eq!(ids("unsc-110408"), ["un-sc:IRi.039"]);
        assert_eq!(ids("gb-hmt-9062"), ["uk-hmt:9062"]);
        assert_eq!(ids("eu-fsf-eu-1163-58"), ["eu-fsf:1163"]);
        assert!(ids("ch-seco-17311").is_empty());
    }
}
