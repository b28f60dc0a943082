//! The store's private on-disk form of an entity.
//!
//! The model has no serde on purpose (its types must not be tied to a storage
//! format), so the store keeps its own serde structs and converts by hand. The
//! JSON written is canonical: fields in declaration order, properties keyed by
//! their FtM name in sorted order, property values in the entity's own order,
//! empty parts left out. Equal entities therefore give equal bytes, and the
//! SHA-256 of those bytes is the entity's content address.
//!
//! `v` names the layout. A later layout gives other bytes, hence other hashes,
//! for the same entity; the diff therefore compares decoded entities whenever
//! hashes differ, so a layout change never shows up as a change of content.

use std::collections::BTreeMap;
use std::fmt::Display;

use interdict_model::{
    Entity, EntityId, IdKind, Identifier, Link, PartialDate, Prop, Relation, Sanction, Schema,
    SourceId,
};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

/// The layout version written by this program.
const LAYOUT: u32 = 1;

fn is_empty_list<T>(values: &[T]) -> bool {
    values.is_empty()
}

// The writing side borrows from the entity: encoding allocates nothing but
// the output buffer and one small vector for the property order.

#[derive(Serialize)]
struct EntityOut<'a> {
    v: u32,
    id: &'a str,
    schema: &'a str,
    #[serde(skip_serializing_if = "PropsOut::is_empty")]
    props: PropsOut<'a>,
    #[serde(skip_serializing_if = "is_empty_list")]
    identifiers: Vec<IdentifierOut<'a>>,
    #[serde(skip_serializing_if = "is_empty_list")]
    sanctions: Vec<SanctionOut<'a>>,
    #[serde(skip_serializing_if = "is_empty_list")]
    links: Vec<LinkOut<'a>>,
}

/// Properties as a JSON object keyed by FtM name, in name order.
struct PropsOut<'a>(Vec<(&'a str, &'a [String])>);

impl PropsOut<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for PropsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let mut at = 0;
        while at < self.0.len() {
            // `Prop::Other("alias")` would share a name with `Prop::Alias`:
            // one key, both sets of values, so that neither is lost.
            let name = self.0[at].0;
            let same = self.0[at..].iter().take_while(|(n, _)| *n == name).count();
            map.serialize_entry(name, &Values(&self.0[at..at + same]))?;
            at += same;
        }
        map.end()
    }
}

struct Values<'a>(&'a [(&'a str, &'a [String])]);

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for (_, values) in self.0 {
            for value in values.iter() {
                seq.serialize_element(value)?;
            }
        }
        seq.end()
    }
}

/// A value written through its `Display` form (dates).
struct Shown<T>(T);

impl<T: Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

#[derive(Serialize)]
struct IdentifierOut<'a> {
    kind: &'a str,
    label: &'a str,
    number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<Shown<PartialDate>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<Shown<PartialDate>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct SanctionOut<'a> {
    source: &'a str,
    authority: &'a str,
    authority_id: &'a str,
    #[serde(skip_serializing_if = "is_empty_list")]
    programs: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    listing_date: Option<Shown<PartialDate>>,
    #[serde(skip_serializing_if = "is_empty_list")]
    modified_at: Vec<Shown<PartialDate>>,
    #[serde(skip_serializing_if = "is_empty_list")]
    provisions: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "is_empty_list")]
    summary: &'a [String],
    #[serde(skip_serializing_if = "is_empty_list")]
    flags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    unsc_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list_name: Option<&'a str>,
}

#[derive(Serialize)]
struct LinkOut<'a> {
    relation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// Appends the canonical JSON of `entity` to `out`.
pub(crate) fn encode(entity: &Entity, out: &mut Vec<u8>) {
    let mut props: Vec<(&str, &[String])> = entity
        .props
        .iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(prop, values)| (prop.as_str(), values.as_slice()))
        .collect();
    // Stable: equal names keep the model's order.
    props.sort_by_key(|(name, _)| *name);
    let dto = EntityOut {
        v: LAYOUT,
        id: entity.id.as_str(),
        schema: entity.schema.as_str(),
        props: PropsOut(props),
        identifiers: entity
            .identifiers
            .iter()
            .map(|identifier| IdentifierOut {
                kind: identifier.kind.as_str(),
                label: &identifier.label,
                number: &identifier.number,
                country: identifier.country.as_deref(),
                issued: identifier.issued.map(Shown),
                expires: identifier.expires.map(Shown),
                note: identifier.note.as_deref(),
            })
            .collect(),
        sanctions: entity
            .sanctions
            .iter()
            .map(|sanction| SanctionOut {
                source: sanction.source.as_str(),
                authority: &sanction.authority,
                authority_id: &sanction.authority_id,
                programs: &sanction.programs,
                listing_date: sanction.listing_date.map(Shown),
                modified_at: sanction.modified_at.iter().copied().map(Shown).collect(),
                provisions: &sanction.provisions,
                reason: sanction.reason.as_deref(),
                summary: &sanction.summary,
                flags: &sanction.flags,
                unsc_id: sanction.unsc_id.as_deref(),
                list_name: sanction.list_name.as_deref(),
            })
            .collect(),
        links: entity
            .links
            .iter()
            .map(|link| LinkOut {
                relation: link.relation.as_str(),
                target_id: link.target_id.as_ref().map(EntityId::as_str),
                target_name: link.target_name.as_deref(),
                note: link.note.as_deref(),
            })
            .collect(),
    };
    serde_json::to_writer(out, &dto).expect("serializing to a Vec cannot fail");
}

// The reading side owns its strings: they move into the entity as they are.

#[derive(Deserialize)]
struct EntityIn {
    v: u32,
    id: String,
    schema: String,
    #[serde(default)]
    props: PropsIn,
    #[serde(default)]
    identifiers: Vec<IdentifierIn>,
    #[serde(default)]
    sanctions: Vec<SanctionIn>,
    #[serde(default)]
    links: Vec<LinkIn>,
}

/// Properties read straight into the model's map: keys become [`Prop`]s
/// without an intermediate map of strings.
#[derive(Default)]
struct PropsIn(BTreeMap<Prop, Vec<String>>);

impl<'de> Deserialize<'de> for PropsIn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = PropsIn;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of FtM property names to lists of values")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<PropsIn, A::Error> {
                let mut props = BTreeMap::new();
                while let Some(PropKey(prop)) = map.next_key()? {
                    let values: Vec<String> = map.next_value()?;
                    if !values.is_empty() {
                        props.entry(prop).or_insert_with(Vec::new).extend(values);
                    }
                }
                Ok(PropsIn(props))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// A property name read as a [`Prop`] without allocating a string.
struct PropKey(Prop);

impl<'de> Deserialize<'de> for PropKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = PropKey;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an FtM property name")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<PropKey, E> {
                Ok(PropKey(Prop::from_ftm(name)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[derive(Deserialize)]
struct IdentifierIn {
    kind: String,
    label: String,
    number: String,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    issued: Option<String>,
    #[serde(default)]
    expires: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct SanctionIn {
    source: String,
    authority: String,
    authority_id: String,
    #[serde(default)]
    programs: Vec<String>,
    #[serde(default)]
    listing_date: Option<String>,
    #[serde(default)]
    modified_at: Vec<String>,
    #[serde(default)]
    provisions: Vec<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    summary: Vec<String>,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    unsc_id: Option<String>,
    #[serde(default)]
    list_name: Option<String>,
}

#[derive(Deserialize)]
struct LinkIn {
    relation: String,
    #[serde(default)]
    target_id: Option<String>,
    #[serde(default)]
    target_name: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

fn date(text: &str) -> Result<PartialDate, String> {
    text.parse().map_err(|error| format!("{error}"))
}

fn date_opt(text: Option<String>) -> Result<Option<PartialDate>, String> {
    text.as_deref().map(date).transpose()
}

fn entity_id(text: &str) -> Result<EntityId, String> {
    let id = EntityId::parse(text).ok_or_else(|| format!("bad entity id {text:?}"))?;
    // `EntityId::parse` trims the native part; a stored id never needs it.
    if id.as_str() != text {
        return Err(format!("entity id {text:?} is not in canonical form"));
    }
    Ok(id)
}

/// Reads an entity written by [`encode`].
pub(crate) fn decode(body: &[u8]) -> Result<Entity, String> {
    let dto: EntityIn =
        serde_json::from_slice(body).map_err(|error| format!("bad entity JSON: {error}"))?;
    if dto.v != LAYOUT {
        return Err(format!("unknown entity layout {}", dto.v));
    }
    let mut entity = Entity::new(entity_id(&dto.id)?, Schema::from_ftm(&dto.schema));
    // Values are taken as stored, not through `Entity::add`: they were
    // normalised when first added, and the store must give back what it got.
    entity.props = dto.props.0;
    for identifier in dto.identifiers {
        entity.identifiers.push(Identifier {
            kind: IdKind::from_name(&identifier.kind)
                .ok_or_else(|| format!("unknown identifier kind {:?}", identifier.kind))?,
            label: identifier.label,
            number: identifier.number,
            country: identifier.country,
            issued: date_opt(identifier.issued)?,
            expires: date_opt(identifier.expires)?,
            note: identifier.note,
        });
    }
    for sanction in dto.sanctions {
        let source: SourceId = sanction
            .source
            .parse()
            .map_err(|error| format!("{error}"))?;
        entity.sanctions.push(Sanction {
            source,
            authority: sanction.authority,
            authority_id: sanction.authority_id,
            programs: sanction.programs,
            listing_date: date_opt(sanction.listing_date)?,
            modified_at: sanction
                .modified_at
                .iter()
                .map(|text| date(text))
                .collect::<Result<_, _>>()?,
            provisions: sanction.provisions,
            reason: sanction.reason,
            summary: sanction.summary,
            flags: sanction.flags,
            unsc_id: sanction.unsc_id,
            list_name: sanction.list_name,
        });
    }
    for link in dto.links {
        entity.links.push(Link {
            relation: Relation::from_name(&link.relation)
                .ok_or_else(|| format!("unknown relation {:?}", link.relation))?,
            target_id: link.target_id.as_deref().map(entity_id).transpose()?,
            target_name: link.target_name,
            note: link.note,
        });
    }
    Ok(entity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Entity {
        let mut entity = Entity::new(EntityId::new(SourceId::OfacSdn, "10481"), Schema::Person);
        entity.add(Prop::Name, "SOLEIMANI, Qasem");
        entity.add(Prop::Alias, "Zeta");
        entity.add(Prop::Alias, "Alpha");
        entity.add(Prop::Other("wikidataId".into()), "Q1");
        let mut passport = Identifier::new(IdKind::Passport, "Diplomatic Passport", "008827");
        passport.country = Some("Iran".into());
        passport.issued = PartialDate::year_month(1999, 8);
        entity.add_identifier(passport);
        let mut sanction = Sanction::new(SourceId::OfacSdn, "10481");
        sanction.programs = vec!["SDGT".into(), "IRGC".into()];
        sanction.listing_date = PartialDate::ymd(2007, 10, 25);
        sanction.modified_at = vec![PartialDate::year(2019).unwrap()];
        entity.sanctions.push(sanction);
        entity.links.push(Link {
            relation: Relation::LinkedTo,
            target_id: Some(EntityId::new(SourceId::OfacSdn, "9999")),
            target_name: Some("IRGC".into()),
            note: None,
        });
        entity
    }

    #[test]
    fn round_trip_and_canonical_bytes() {
        let entity = sample();
        let mut bytes = Vec::new();
        encode(&entity, &mut bytes);
        assert_eq!(decode(&bytes).unwrap(), entity);
        let text = String::from_utf8(bytes.clone()).unwrap();
        // Properties sorted by FtM name, values in entity order.
        assert!(
            text.contains(r#""props":{"alias":["Zeta","Alpha"],"name":["SOLEIMANI, Qasem"],"passportNumber":["008827"],"wikidataId":["Q1"]}"#),
            "{text}"
        );
        assert!(text.starts_with(r#"{"v":1,"id":"ofac-sdn:10481","schema":"Person""#));
        let mut again = Vec::new();
        encode(&decode(&bytes).unwrap(), &mut again);
        assert_eq!(bytes, again);
    }

    #[test]
    fn refuses_damaged_bodies() {
        let mut bytes = Vec::new();
        encode(&sample(), &mut bytes);
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
        let text = String::from_utf8(bytes).unwrap();
        for (from, to) in [
            (r#""v":1"#, r#""v":2"#),
            (r#""kind":"passport""#, r#""kind":"visa""#),
            (r#""relation":"LinkedTo""#, r#""relation":"Friend""#),
            (
                r#""listing_date":"2007-10-25""#,
                r#""listing_date":"25/10/2007""#,
            ),
            (r#""id":"ofac-sdn:10481""#, r#""id":"nowhere:10481""#),
        ] {
            assert!(text.contains(from), "{from}");
            let damaged = text.replace(from, to);
            assert!(decode(damaged.as_bytes()).is_err(), "{to}");
        }
    }

    fn arb_text() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 ,.'\"\\\\/\u{e9}\u{5d0}-\u{5d5}]{0,12}"
    }

    fn arb_date() -> impl Strategy<Value = Option<PartialDate>> {
        (1u16..3000, 0u8..13, 0u8..32).prop_map(|(y, m, d)| match (m, d) {
            (0, _) => PartialDate::year(y),
            (m, 0) => PartialDate::year_month(y, m),
            (m, d) => PartialDate::ymd(y, m, d),
        })
    }

    prop_compose! {
        fn arb_entity()(
            native in "[A-Za-z0-9.-]{1,8}",
            schema in prop::sample::select(vec!["Person", "Vessel", "Passport"]),
            props in prop::collection::vec((0usize..60, arb_text()), 0..8),
            ids in prop::collection::vec((arb_text(), arb_text(), arb_date(), prop::option::of(arb_text())), 0..3),
            sanctions in prop::collection::vec((arb_text(), prop::collection::vec(arb_text(), 0..3), arb_date(), prop::option::of(arb_text())), 0..3),
            links in prop::collection::vec((prop::option::of("[0-9]{1,4}"), prop::option::of(arb_text())), 0..3),
        ) -> Entity {
            let mut entity = Entity::new(EntityId::new(SourceId::UnSc, &native), Schema::from_ftm(schema));
            for (index, value) in props {
                let prop = Prop::NAMED.get(index).cloned().unwrap_or_else(|| Prop::Other(format!("x{index}")));
                entity.add(prop, &value);
            }
            for (label, number, issued, note) in ids {
                let mut identifier = Identifier::new(IdKind::National, &label, &number);
                identifier.issued = issued;
                identifier.note = note;
                entity.add_identifier(identifier);
            }
            for (id, programs, listed, reason) in sanctions {
                let mut sanction = Sanction::new(SourceId::UnSc, &id);
                sanction.programs = programs;
                sanction.listing_date = listed;
                sanction.reason = reason;
                entity.sanctions.push(sanction);
            }
            for (target, name) in links {
                entity.links.push(Link {
                    relation: Relation::Associate,
                    target_id: target.map(|t| EntityId::new(SourceId::UnSc, &t)),
                    target_name: name,
                    note: None,
                });
            }
            entity
        }
    }

    proptest! {
        #[test]
        fn every_entity_round_trips(entity in arb_entity()) {
            let mut bytes = Vec::new();
            encode(&entity, &mut bytes);
            prop_assert_eq!(decode(&bytes).unwrap(), entity);
        }

        #[test]
        fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode(&bytes);
        }
    }
}
