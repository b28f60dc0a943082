//! The read-only in-memory screening index.
//!
//! Screening compares one query name with every name of every party in force, across all
//! sources; a full scan with a real comparison per name costs milliseconds, and screening is
//! done per payment. So the index does the expensive, query-independent work once, at build:
//!
//! - every name of every party (`name`, `alias`, `previousName`, `weakAlias`, the joined name
//!   parts, `originalName`) is tokenized by `interdict-text` into a [`PreparedName`], with
//!   skeletons and variant groups precomputed;
//! - per entity, the facts the matcher weighs besides the name ([`IndexedEntity`]): schema,
//!   birth dates as `PartialDate`, countries normalized to ISO alpha-2 ([`normalize_country`]),
//!   gender, identifiers reduced to uppercase alphanumerics;
//! - postings from keys to the names that contain them, so [`Index::candidates`] finds the names
//!   worth scoring without a scan. Keys are a token's exact text, its consonant skeleton
//!   (transliteration variants), its given-name variant group, the concatenation of two adjacent
//!   tokens (so "AlisherUsmanov" meets "Alisher Usmanov"), and for typos the token's
//!   deletion neighbourhood: the token with any one letter removed. Two tokens within one edit
//!   (insertion, deletion, substitution, adjacent transposition) share a deletion key. Measured
//!   against padded character trigrams on the combined lists (ofac-sdn, un-sc, uk-hmt, us-csl,
//!   eu-fsf, opensanctions; words of four letters or more): about as many postings in all
//!   (1.83 M against 1.59 M), but a query word touches 185 postings through its deletion keys
//!   against 7,562 through its trigrams, since trigrams like "ali" or "ova" are on thousands
//!   of names. Deletion keys also find exactly distance one, with no overlap threshold.
//!
//! Keys are 64-bit FNV-1a hashes of a tag and the text: a collision can only add a candidate,
//! which the matcher then scores low; it can never lose one.
//!
//! **Architecture invariant:** an index is built from one set of entities (the versions in
//! force) and never patched; a new publication means a new index, swapped whole. It is
//! immutable after [`Index::build`] and `Send + Sync`; the one mutex guards a pool of scratch
//! buffers that candidate retrieval reuses between queries, which no answer depends on.
//!
//! ```
//! use interdict_index::Index;
//! use interdict_model::{Entity, EntityId, Prop, Schema, SourceId};
//!
//! let mut entity = Entity::new(EntityId::new(SourceId::UnSc, "IRi.039"), Schema::Person);
//! entity.add(Prop::Name, "Qasem Soleimani");
//! entity.add(Prop::Nationality, "Iran (Islamic Republic of)");
//! let index = Index::build(&[entity]);
//! assert_eq!(index.entities()[0].countries, ["IR"]);
//! let query = interdict_index::PreparedName::new("Ghasem Sulaimani", interdict_text::NameKind::Person);
//! assert_eq!(index.candidates(&query, 10).len(), 1);
//! ```

#![deny(missing_docs)]

mod country;
mod prepared;

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use interdict_model::{Entity, EntityId, PartialDate, Prop, Schema};
use interdict_text::Role;

pub use country::normalize_country;
pub use prepared::{name_kind, NameToken, PreparedName};

/// Where a name comes from; decides how far it may carry a hit on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameSource {
    /// The primary name.
    Name,
    /// A strong alias.
    Alias,
    /// A former name.
    PreviousName,
    /// A weak alias (low-quality a.k.a., nickname): must not alert on its own.
    WeakAlias,
    /// The name parts (first, middle, last, ...) joined in order.
    NameParts,
    /// The name in its original script.
    OriginalName,
}

/// Gender, where the list states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
}

impl Gender {
    /// Reads "male"/"female" (any case, also "m"/"f"); anything else is unknown.
    pub fn parse(value: &str) -> Option<Gender> {
        match value.trim().to_ascii_lowercase().as_str() {
            "male" | "m" => Some(Gender::Male),
            "female" | "f" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// One indexed name.
#[derive(Clone, Debug)]
pub struct IndexedName {
    /// Position of the entity in [`Index::entities`].
    pub entity: u32,
    /// Where the name comes from.
    pub source: NameSource,
    /// The prepared name.
    pub name: PreparedName,
}

/// The matching facts of one indexed entity.
#[derive(Clone, Debug)]
pub struct IndexedEntity {
    /// The entity id (`<source>:<native id>`).
    pub id: EntityId,
    /// Its schema.
    pub schema: Schema,
    /// Its caption (primary name).
    pub caption: String,
    /// Birth dates, as partial dates (unparseable values are left out).
    pub birth_dates: Vec<PartialDate>,
    /// Countries from nationality, citizenship, country and birthCountry, normalized by
    /// [`normalize_country`], sorted and deduplicated.
    pub countries: Vec<String>,
    /// Gender, when stated (and not contradictory).
    pub gender: Option<Gender>,
    /// Identifiers (passports, national ids, registration, IMO, ...) as uppercase
    /// alphanumerics; sorted and deduplicated; at least four characters long.
    pub identifiers: Vec<String>,
    /// The range of this entity's names in [`Index::names`].
    pub names: std::ops::Range<u32>,
}

/// A candidate name found by [`Index::candidates`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    /// Position of the name in [`Index::names`].
    pub name: u32,
    /// How much of the query the retrieval keys cover, weighted by key rarity (higher first).
    pub coverage: f32,
}

/// The read-only screening index. See the crate docs.
#[derive(Debug)]
pub struct Index {
    entities: Vec<IndexedEntity>,
    names: Vec<IndexedName>,
    /// Key → (start, len) into `postings`.
    keys: HashMap<u64, (u32, u32), FastHash>,
    postings: Vec<u32>,
    /// Buffers of [`Index::candidates`] between queries, one per query running at once: the
    /// only mutable part, and it holds no state a query can see.
    scratch: Mutex<Vec<Scratch>>,
}

/// The working memory of one [`Index::candidates`] call: per indexed name, the query tokens it
/// matched (as bits) and its coverage so far, plus the names touched. Slots are dense, so a
/// posting costs an array access rather than a hash-table probe, and only the touched slots
/// are reset afterwards, so a query costs what it touches.
#[derive(Debug, Default)]
struct Scratch {
    slots: Vec<(u64, f32)>,
    touched: Vec<u32>,
}

/// Key tags: one per kind of key, so equal texts of different kinds do not meet.
const TAG_EXACT: u8 = b'e';
const TAG_SKELETON: u8 = b's';
const TAG_VARIANT: u8 = b'v';
const TAG_DELETION: u8 = b'd';
const TAG_NICKNAME: u8 = b'n';

/// Tokens shorter than this get no deletion keys: one edit in a three-letter token is a
/// different name (Ali / Ari), and their neighbourhoods would be enormous.
const MIN_TYPO_LEN: usize = 4;

/// Skeletons shorter than this are not keys: one consonant meets half the list.
const MIN_SKELETON_LEN: usize = 2;

impl Index {
    /// Builds the index over `entities`: all the entities in force, of every source and version
    /// being screened. Entities that are not parties (`Schema::is_party`) are skipped.
    pub fn build(entities: &[Entity]) -> Index {
        Index::from_entities(entities.iter())
    }

    /// Builds the index from an iterator over entities (see [`Index::build`]).
    pub fn from_entities<'a>(entities: impl IntoIterator<Item = &'a Entity>) -> Index {
        let mut indexed_entities = Vec::new();
        let mut names = Vec::new();
        let mut key_lists: HashMap<u64, Vec<u32>> = HashMap::new();
        for entity in entities {
            if !entity.schema.is_party() {
                continue;
            }
            let entity_pos = indexed_entities.len() as u32;
            let first_name = names.len() as u32;
            let kind = name_kind(&entity.schema);
            let mut seen: Vec<Vec<String>> = Vec::new();
            for (source, text) in name_values(entity) {
                let name = PreparedName::new(&text, kind);
                if name.body().next().is_none() {
                    continue;
                }
                // One entry per distinct token sequence; the strongest source wins, since
                // name_values yields the strong names first.
                let texts: Vec<String> = name.tokens.iter().map(|t| t.text.clone()).collect();
                if seen.contains(&texts) {
                    continue;
                }
                seen.push(texts);
                let name_pos = names.len() as u32;
                for key in name_keys(&name) {
                    let list = key_lists.entry(key).or_default();
                    if list.last() != Some(&name_pos) {
                        list.push(name_pos);
                    }
                }
                names.push(IndexedName {
                    entity: entity_pos,
                    source,
                    name,
                });
            }
            indexed_entities.push(IndexedEntity {
                id: entity.id.clone(),
                schema: entity.schema.clone(),
                caption: entity.caption().to_owned(),
                birth_dates: birth_dates(entity),
                countries: countries(entity),
                gender: gender(entity),
                identifiers: identifiers(entity),
                names: first_name..names.len() as u32,
            });
        }
        let mut keys = HashMap::with_capacity_and_hasher(key_lists.len(), FastHash);
        let mut postings = Vec::with_capacity(key_lists.values().map(Vec::len).sum());
        let mut sorted: Vec<(u64, Vec<u32>)> = key_lists.into_iter().collect();
        sorted.sort_unstable_by_key(|(key, _)| *key);
        for (key, list) in sorted {
            keys.insert(key, (postings.len() as u32, list.len() as u32));
            postings.extend_from_slice(&list);
        }
        Index {
            entities: indexed_entities,
            names,
            keys,
            postings,
            scratch: Mutex::new(Vec::new()),
        }
    }

    /// The indexed entities, in build order.
    pub fn entities(&self) -> &[IndexedEntity] {
        &self.entities
    }

    /// The indexed names; [`IndexedEntity::names`] gives each entity's range.
    pub fn names(&self) -> &[IndexedName] {
        &self.names
    }

    /// The number of distinct retrieval keys (for build statistics).
    pub fn n_keys(&self) -> usize {
        self.keys.len()
    }

    /// The number of postings (name references) over all keys (for build statistics).
    pub fn n_postings(&self) -> usize {
        self.postings.len()
    }

    /// The names worth scoring for `query`, best `max` first.
    ///
    /// Each query body token is looked up by exact text, skeleton, variant group and deletion
    /// neighbourhood, and each pair of adjacent query tokens by their concatenation. A name's
    /// coverage is the sum, over the query tokens it matched by any key, of the token's
    /// weight, the inverse log frequency of the token's rarest matching key: a name that shares
    /// the rare surname ranks above one that shares only "Mohammed". Ties go to the lower name
    /// position, so the result is deterministic.
    pub fn candidates(&self, query: &PreparedName, max: usize) -> Vec<Candidate> {
        let body: Vec<&NameToken> = query.body().collect();
        let n_names = self.names.len().max(1) as f32;
        // Per query token: the set of keys to look up.
        let mut per_token: Vec<Vec<u64>> = Vec::with_capacity(body.len() + 1);
        for token in &body {
            per_token.push(token_query_keys(token));
        }
        // Adjacent pairs joined: "alisher usmanov" → "alisherusmanov".
        for pair in body.windows(2) {
            if is_joinable(pair[0]) && is_joinable(pair[1]) {
                let joined = format!("{}{}", pair[0].text, pair[1].text);
                per_token.push(vec![hash_key(TAG_EXACT, &joined)]);
            }
        }
        let mut scratch = self
            .scratch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .unwrap_or_default();
        if scratch.slots.len() != self.names.len() {
            scratch.slots = vec![(0, 0.0); self.names.len()];
        }
        let Scratch { slots, touched } = &mut scratch;
        for (token_pos, keys) in per_token.iter().enumerate() {
            let bit = 1u64 << token_pos.min(63);
            for key in keys {
                let postings = self.postings(*key);
                if postings.is_empty() {
                    continue;
                }
                let weight = (n_names / postings.len() as f32).ln().max(0.1);
                for &name in postings {
                    let slot = &mut slots[name as usize];
                    if slot.0 == 0 {
                        touched.push(name);
                    }
                    if slot.0 & bit == 0 {
                        slot.0 |= bit;
                        slot.1 += weight;
                    }
                }
            }
        }
        // A name that shares fewer than half of the query's words cannot score as a match (each
        // word it lacks counts against it), so it is not worth scoring.
        let n_words = body.iter().filter(|t| t.role != Role::Particle).count() as u32;
        let min_tokens = n_words.div_ceil(2).max(1);
        let mut out = Vec::new();
        for &name in touched.iter() {
            let (mask, coverage) = std::mem::take(&mut slots[name as usize]);
            if mask.count_ones() >= min_tokens {
                out.push(Candidate { name, coverage });
            }
        }
        touched.clear();
        self.scratch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(scratch);
        let order = |a: &Candidate, b: &Candidate| {
            b.coverage
                .total_cmp(&a.coverage)
                .then_with(|| a.name.cmp(&b.name))
        };
        if out.len() > max && max > 0 {
            out.select_nth_unstable_by(max - 1, order);
        }
        out.truncate(max);
        out.sort_unstable_by(order);
        out
    }

    fn postings(&self, key: u64) -> &[u32] {
        match self.keys.get(&key) {
            Some(&(start, len)) => &self.postings[start as usize..(start + len) as usize],
            None => &[],
        }
    }
}

/// The names of a party, strong sources first, then weak aliases.
fn name_values(entity: &Entity) -> Vec<(NameSource, String)> {
    let mut out = Vec::new();
    for (prop, source) in [
        (Prop::Name, NameSource::Name),
        (Prop::Alias, NameSource::Alias),
        (Prop::PreviousName, NameSource::PreviousName),
    ] {
        for value in entity.get(prop) {
            out.push((source, value.clone()));
        }
    }
    let parts: Vec<&str> = [
        Prop::FirstName,
        Prop::SecondName,
        Prop::MiddleName,
        Prop::FatherName,
        Prop::LastName,
    ]
    .iter()
    .filter_map(|prop| entity.first(prop.clone()))
    .collect();
    if !parts.is_empty() {
        out.push((NameSource::NameParts, parts.join(" ")));
    }
    for value in entity.get(Prop::OriginalName) {
        out.push((NameSource::OriginalName, value.clone()));
    }
    for value in entity.get(Prop::WeakAlias) {
        out.push((NameSource::WeakAlias, value.clone()));
    }
    out
}

fn is_joinable(token: &NameToken) -> bool {
    matches!(token.role, Role::Word | Role::Particle)
}

/// Keys stored for a list name.
fn name_keys(name: &PreparedName) -> Vec<u64> {
    let body: Vec<&NameToken> = name.body().collect();
    let mut keys = Vec::with_capacity(body.len() * 10);
    for token in &body {
        keys.push(hash_key(TAG_EXACT, &token.text));
        if token.skeleton.len() >= MIN_SKELETON_LEN {
            keys.push(hash_key(TAG_SKELETON, &token.skeleton));
        }
        if let Some(group) = token.variant {
            keys.push(hash_key(TAG_VARIANT, &group.to_string()));
        }
        for group in token.nicknames {
            keys.push(hash_key(TAG_NICKNAME, &group.to_string()));
        }
        if token.role == Role::Word && token.text.len() >= MIN_TYPO_LEN {
            keys.push(hash_key(TAG_DELETION, &token.text));
            for_each_deletion(&token.text, |deleted| {
                keys.push(hash_key(TAG_DELETION, deleted))
            });
        }
    }
    for pair in body.windows(2) {
        if is_joinable(pair[0]) && is_joinable(pair[1]) {
            keys.push(hash_key(
                TAG_EXACT,
                &format!("{}{}", pair[0].text, pair[1].text),
            ));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Keys looked up for one query token.
fn token_query_keys(token: &NameToken) -> Vec<u64> {
    let mut keys = vec![hash_key(TAG_EXACT, &token.text)];
    if token.skeleton.len() >= MIN_SKELETON_LEN {
        keys.push(hash_key(TAG_SKELETON, &token.skeleton));
    }
    if let Some(group) = token.variant {
        keys.push(hash_key(TAG_VARIANT, &group.to_string()));
    }
    for group in token.nicknames {
        keys.push(hash_key(TAG_NICKNAME, &group.to_string()));
    }
    if token.role == Role::Word && token.text.len() >= MIN_TYPO_LEN {
        keys.push(hash_key(TAG_DELETION, &token.text));
        for_each_deletion(&token.text, |deleted| {
            keys.push(hash_key(TAG_DELETION, deleted))
        });
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Calls `f` with `text` minus each one of its bytes (tokens are ASCII).
fn for_each_deletion(text: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::with_capacity(text.len());
    for skip in 0..text.len() {
        buf.clear();
        buf.push_str(&text[..skip]);
        buf.push_str(&text[skip + 1..]);
        f(&buf);
    }
}

/// A multiplicative hasher for integer keys. The index's keys are already FNV hashes and its
/// name positions are small integers, so SipHash's flood resistance buys nothing here (the keys
/// come from the lists, not from an adversary choosing hash values) and costs a third of the
/// lookup time.
#[derive(Clone, Copy, Debug, Default)]
struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// The hasher of [`FastHash`].
#[derive(Clone, Copy, Debug, Default)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// FNV-1a over a tag byte and the text: deterministic across runs and platforms.
fn hash_key(tag: u8, text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in std::iter::once(tag).chain(text.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn birth_dates(entity: &Entity) -> Vec<PartialDate> {
    let mut dates: Vec<PartialDate> = entity
        .get(Prop::BirthDate)
        .iter()
        .filter_map(|value| value.trim().parse().ok())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}

fn countries(entity: &Entity) -> Vec<String> {
    let mut out: Vec<String> = [
        Prop::Nationality,
        Prop::Citizenship,
        Prop::Country,
        Prop::BirthCountry,
    ]
    .iter()
    .flat_map(|prop| entity.get(prop.clone()))
    .filter_map(|value| normalize_country(value))
    .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn gender(entity: &Entity) -> Option<Gender> {
    let mut genders = entity
        .get(Prop::Gender)
        .iter()
        .filter_map(|g| Gender::parse(g));
    let first = genders.next()?;
    genders.all(|g| g == first).then_some(first)
}

/// Reduces an identifier to uppercase ASCII alphanumerics, the form in which "A-123 456" and
/// "a123456" are equal.
pub fn normalize_identifier(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn identifiers(entity: &Entity) -> Vec<String> {
    let props = [
        Prop::IdNumber,
        Prop::PassportNumber,
        Prop::TaxNumber,
        Prop::RegistrationNumber,
        Prop::ImoNumber,
        Prop::InnCode,
        Prop::OgrnCode,
        Prop::LeiCode,
        Prop::SwiftBic,
    ];
    let mut out: Vec<String> = entity
        .identifiers
        .iter()
        .map(|identifier| identifier.number.as_str())
        .chain(
            props
                .iter()
                .flat_map(|prop| entity.get(prop.clone()).iter().map(String::as_str)),
        )
        .map(normalize_identifier)
        .filter(|id| id.len() >= 4)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use interdict_model::SourceId;
    use interdict_text::NameKind;

    fn person(native: &str, names: &[&str]) -> Entity {
        let mut entity = Entity::new(EntityId::new(SourceId::UnSc, native), Schema::Person);
        for name in names {
            entity.add(Prop::Name, name);
        }
        entity
    }

    #[test]
    fn index_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Index>();
    }

    #[test]
    fn typo_skeleton_variant_and_joined_keys_find_the_name() {
        let index = Index::build(&[
            person("1", &["Alisher Usmanov"]),
            person("2", &["Mohammed Omar"]),
        ]);
        for query in [
            "Alisher Usmanov",
            "Alisher Usmanv",
            "AlisherUsmanov",
            "Alishr Usmnov",
        ] {
            let prepared = PreparedName::new(query, NameKind::Person);
            let found = index.candidates(&prepared, 5);
            assert_eq!(found.first().map(|c| c.name), Some(0), "{query}");
        }
        let prepared = PreparedName::new("Muhammad", NameKind::Person);
        assert_eq!(index.candidates(&prepared, 5)[0].name, 1);
    }

    #[test]
    fn facts_are_normalized() {
        let mut entity = person("3", &["Kim Jong Un"]);
        entity.add(Prop::Nationality, "Democratic People's Republic of Korea");
        entity.add(Prop::BirthDate, "1984-01-08");
        entity.add(Prop::BirthDate, "1983");
        entity.add(Prop::PassportNumber, "pd-123 456");
        entity.add(Prop::Gender, "male");
        entity.add(Prop::WeakAlias, "Kim");
        let index = Index::build(&[entity]);
        let indexed = &index.entities()[0];
        assert_eq!(indexed.countries, ["KP"]);
        assert_eq!(indexed.birth_dates.len(), 2);
        assert_eq!(indexed.identifiers, ["PD123456"]);
        assert_eq!(indexed.gender, Some(Gender::Male));
        assert_eq!(index.names().len(), 2);
        assert_eq!(index.names()[1].source, NameSource::WeakAlias);
    }
}
