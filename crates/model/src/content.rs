//! The content hash of a listing: what a list says of a party, hashed from the model alone.
//!
//! A false-positive decision on an alert holds while "the listing is unchanged": the audit log
//! compares the hash of the entity as screened now with the hash recorded when the decision
//! was taken. That hash must change exactly when what the list says changes, and never because
//! an output shape (the JSON of the command line or the API) or the store's on-disk layout
//! changed; otherwise a new output field would re-raise every suppressed alert. So it is
//! computed here, from the model, over a canonical form of its own:
//!
//! - every string is written as its length (8 bytes, little-endian) and its UTF-8 bytes, so no
//!   two different entities give the same bytes;
//! - properties are ordered by FtM name and their values sorted, identifiers, sanctions and
//!   links sorted by their canonical bytes, and the many-valued parts of a sanction sorted:
//!   the order a publisher writes aliases or programs in is not content;
//! - the bytes start with a layout tag ([`CONTENT_LAYOUT`]); a later layout would give other
//!   hashes for the same listings and must not be introduced without mapping the old ones.
//!
//! The caption is left out: it is derived from the properties.

use sha2::{Digest, Sha256};

use crate::{Entity, Identifier, Link, PartialDate, Sanction};

/// The tag the canonical bytes start with.
pub const CONTENT_LAYOUT: &str = "interdict-listing-content-1";

/// The SHA-256 of a listing's canonical content (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentHash([u8; 32]);

impl ContentHash {
    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lower-case hex, 64 characters: the form the audit log records.
    pub fn to_hex(&self) -> String {
        let mut out = String::with_capacity(64);
        for byte in self.0 {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        out
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl std::fmt::Display for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Entity {
    /// The hash of what the list says of this party (see the module docs): equal for two
    /// versions that list the party identically, whatever order they write things in.
    pub fn content_hash(&self) -> ContentHash {
        let mut bytes = Canonical::default();
        bytes.text(CONTENT_LAYOUT);
        bytes.text(self.id.as_str());
        bytes.text(self.schema.as_str());
        // `Prop::Other("alias")` and `Prop::Alias` share an FtM name: one key, both sets of
        // values, as the store keeps them.
        let mut props: Vec<(&str, Vec<&str>)> = Vec::with_capacity(self.props.len());
        for (prop, values) in &self.props {
            let name = prop.as_str();
            match props.iter_mut().find(|(held, _)| *held == name) {
                Some((_, held)) => held.extend(values.iter().map(String::as_str)),
                None => props.push((name, values.iter().map(String::as_str).collect())),
            }
        }
        props.sort_by(|a, b| a.0.cmp(b.0));
        bytes.count(props.len());
        for (name, mut values) in props {
            values.sort_unstable();
            bytes.text(name);
            bytes.texts(&values);
        }
        bytes.sorted(self.identifiers.iter().map(identifier));
        bytes.sorted(self.sanctions.iter().map(sanction));
        bytes.sorted(self.links.iter().map(link));
        ContentHash(Sha256::digest(&bytes.0).into())
    }
}

/// Length-prefixed canonical bytes.
#[derive(Default)]
struct Canonical(Vec<u8>);

impl Canonical {
    fn count(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.count(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn optional(&mut self, text: Option<&str>) {
        match text {
            None => self.0.push(0),
            Some(text) => {
                self.0.push(1);
                self.text(text);
            }
        }
    }

    fn date(&mut self, date: Option<PartialDate>) {
        self.optional(date.map(|d| d.to_string()).as_deref());
    }

    fn texts(&mut self, texts: &[&str]) {
        self.count(texts.len());
        for text in texts {
            self.text(text);
        }
    }

    /// Many values whose order is not content: sorted, then written.
    fn sorted_texts<'a>(&mut self, texts: impl Iterator<Item = &'a str>) {
        let mut texts: Vec<&str> = texts.collect();
        texts.sort_unstable();
        self.texts(&texts);
    }

    /// Records whose order is not content: each written alone, the results sorted.
    fn sorted(&mut self, records: impl Iterator<Item = Vec<u8>>) {
        let mut records: Vec<Vec<u8>> = records.collect();
        records.sort_unstable();
        self.count(records.len());
        for record in records {
            self.count(record.len());
            self.0.extend_from_slice(&record);
        }
    }
}

fn identifier(identifier: &Identifier) -> Vec<u8> {
    let mut bytes = Canonical::default();
    bytes.text(identifier.kind.as_str());
    bytes.text(&identifier.label);
    bytes.text(&identifier.number);
    bytes.optional(identifier.country.as_deref());
    bytes.date(identifier.issued);
    bytes.date(identifier.expires);
    bytes.optional(identifier.note.as_deref());
    bytes.0
}

fn sanction(sanction: &Sanction) -> Vec<u8> {
    let mut bytes = Canonical::default();
    bytes.text(sanction.source.as_str());
    bytes.text(&sanction.authority);
    bytes.text(&sanction.authority_id);
    bytes.sorted_texts(sanction.programs.iter().map(String::as_str));
    bytes.date(sanction.listing_date);
    let modified: Vec<String> = sanction.modified_at.iter().map(|d| d.to_string()).collect();
    bytes.sorted_texts(modified.iter().map(String::as_str));
    bytes.sorted_texts(sanction.provisions.iter().map(String::as_str));
    bytes.optional(sanction.reason.as_deref());
    bytes.sorted_texts(sanction.summary.iter().map(String::as_str));
    bytes.sorted_texts(sanction.flags.iter().map(String::as_str));
    bytes.optional(sanction.unsc_id.as_deref());
    bytes.optional(sanction.list_name.as_deref());
    bytes.0
}

fn link(link: &Link) -> Vec<u8> {
    let mut bytes = Canonical::default();
    bytes.text(link.relation.as_str());
    bytes.optional(link.target_id.as_ref().map(|id| id.as_str()));
    bytes.optional(link.target_name.as_deref());
    bytes.optional(link.note.as_deref());
    bytes.0
}

#[cfg(test)]
mod tests {
    use crate::{Entity, EntityId, IdKind, Identifier, Prop, Sanction, Schema, SourceId};

    fn soleimani() -> Entity {
        let mut entity = Entity::new(EntityId::new(SourceId::UnSc, "IRi.039"), Schema::Person);
        entity.add(Prop::Name, "QASEM SOLEIMANI");
        entity.add(Prop::Alias, "Qasim Soleimany");
        entity.add(Prop::Alias, "Qassem Suleimani");
        let mut sanction = Sanction::new(SourceId::UnSc, "IRi.039");
        sanction.programs = vec!["IR".into(), "IRGC".into()];
        entity.sanctions.push(sanction);
        entity
    }

    #[test]
    fn the_order_a_list_writes_things_in_is_not_content() {
        let entity = soleimani();
        let mut reordered = entity.clone();
        reordered
            .props
            .get_mut(&Prop::Alias)
            .expect("aliases")
            .reverse();
        reordered.sanctions[0].programs.reverse();
        assert_eq!(entity.content_hash(), reordered.content_hash());
        assert_eq!(entity.content_hash().to_hex().len(), 64);
    }

    #[test]
    fn what_the_list_says_is_content() {
        let entity = soleimani();
        let hash = entity.content_hash();
        let mut alias = entity.clone();
        alias.add(Prop::Alias, "Haj Qasem");
        assert_ne!(alias.content_hash(), hash);
        let mut passport = entity.clone();
        passport.add_identifier(Identifier::new(IdKind::Passport, "Passport", "008827"));
        assert_ne!(passport.content_hash(), hash);
        let mut delisted = entity.clone();
        delisted.sanctions.clear();
        assert_ne!(delisted.content_hash(), hash);
        // A value moved from one property to another is a change, not a reordering.
        let mut moved = entity.clone();
        moved.props.remove(&Prop::Alias);
        moved.add(Prop::WeakAlias, "Qasim Soleimany");
        moved.add(Prop::WeakAlias, "Qassem Suleimani");
        assert_ne!(moved.content_hash(), hash);
    }
}
