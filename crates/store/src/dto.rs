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

use std::borrow::Cow;
use std::collections::BTreeMap;

use interdict_model::{
    Entity, EntityId, IdKind, Identifier, Link, PartialDate, Prop, Relation, Sanction, Schema,
    SourceId,
};
use serde::{Deserialize, Serialize};

/// The layout version written by this program.
const LAYOUT: u32 = 1;

type Text<'a> = Cow<'a, str>;

fn is_empty_list<T>(values: &[T]) -> bool {
    values.is_empty()
}

#[derive(Serialize, Deserialize)]
struct EntityDto<'a> {
    v: u32,
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    schema: Text<'a>,
    #[serde(borrow, default, skip_serializing_if = "BTreeMap::is_empty")]
    props: BTreeMap<Text<'a>, Vec<Text<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "is_empty_list")]
    identifiers: Vec<IdentifierDto<'a>>,
    #[serde(borrow, default, skip_serializing_if = "is_empty_list")]
    sanctions: Vec<SanctionDto<'a>>,
    #[serde(borrow, default, skip_serializing_if = "is_empty_list")]
    links: Vec<LinkDto<'a>>,
}

#[derive(Serialize, Deserialize)]
struct IdentifierDto<'a> {
    #[serde(borrow)]
    kind: Text<'a>,
    #[serde(borrow)]
    label: Text<'a>,
    #[serde(borrow)]
    number: Text<'a>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    country: Option<Text<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issued: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    note: Option<Text<'a>>,
}

#[derive(Serialize, Deserialize)]
struct SanctionDto<'a> {
    #[serde(borrow)]
    source: Text<'a>,
    #[serde(borrow)]
    authority: Text<'a>,
    #[serde(borrow)]
    authority_id: Text<'a>,
    #[serde(borrow, default, skip_serializing_if = "is_empty_list")]
    programs: Vec<Text<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    listing_date: Option<String>,
    #[serde(default, skip_serializing_if = "is_empty_list")]
    modified_at: Vec<String>,
    #[serde(borrow, default, skip_serializing_if = "is_empty_list")]
    provisions: Vec<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    reason: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "is_empty_list")]
    summary: Vec<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "is_empty_list")]
    flags: Vec<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    unsc_id: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    list_name: Option<Text<'a>>,
}

#[derive(Serialize, Deserialize)]
struct LinkDto<'a> {
    #[serde(borrow)]
    relation: Text<'a>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    target_id: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    target_name: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    note: Option<Text<'a>>,
}

fn borrow(text: &str) -> Text<'_> {
    Cow::Borrowed(text)
}

fn borrow_all(values: &[String]) -> Vec<Text<'_>> {
    values.iter().map(|value| borrow(value)).collect()
}

fn borrow_opt(value: &Option<String>) -> Option<Text<'_>> {
    value.as_deref().map(borrow)
}

/// Appends the canonical JSON of `entity` to `out`.
pub(crate) fn encode(entity: &Entity, out: &mut Vec<u8>) {
    let mut props: BTreeMap<Text<'_>, Vec<Text<'_>>> = BTreeMap::new();
    for (prop, values) in &entity.props {
        if !values.is_empty() {
            // `Prop::Other("alias")` would share a name with `Prop::Alias`;
            // merging keeps both sets of values rather than losing one.
            props
                .entry(borrow(prop.as_str()))
                .or_default()
                .extend(values.iter().map(|value| borrow(value)));
        }
    }
    let dto = EntityDto {
        v: LAYOUT,
        id: borrow(entity.id.as_str()),
        schema: borrow(entity.schema.as_str()),
        props,
        identifiers: entity
            .identifiers
            .iter()
            .map(|identifier| IdentifierDto {
                kind: borrow(identifier.kind.as_str()),
                label: borrow(&identifier.label),
                number: borrow(&identifier.number),
                country: borrow_opt(&identifier.country),
                issued: identifier.issued.map(|date| date.to_string()),
                expires: identifier.expires.map(|date| date.to_string()),
                note: borrow_opt(&identifier.note),
            })
            .collect(),
        sanctions: entity
            .sanctions
            .iter()
            .map(|sanction| SanctionDto {
                source: borrow(sanction.source.as_str()),
                authority: borrow(&sanction.authority),
                authority_id: borrow(&sanction.authority_id),
                programs: borrow_all(&sanction.programs),
                listing_date: sanction.listing_date.map(|date| date.to_string()),
                modified_at: sanction.modified_at.iter().map(|d| d.to_string()).collect(),
                provisions: borrow_all(&sanction.provisions),
                reason: borrow_opt(&sanction.reason),
                summary: borrow_all(&sanction.summary),
                flags: borrow_all(&sanction.flags),
                unsc_id: borrow_opt(&sanction.unsc_id),
                list_name: borrow_opt(&sanction.list_name),
            })
            .collect(),
        links: entity
            .links
            .iter()
            .map(|link| LinkDto {
                relation: borrow(link.relation.as_str()),
                target_id: link.target_id.as_ref().map(|id| borrow(id.as_str())),
                target_name: borrow_opt(&link.target_name),
                note: borrow_opt(&link.note),
            })
            .collect(),
    };
    serde_json::to_writer(out, &dto).expect("serializing to a Vec cannot fail");
}

fn owned(text: Text<'_>) -> String {
    text.into_owned()
}

fn owned_opt(text: Option<Text<'_>>) -> Option<String> {
    text.map(Cow::into_owned)
}

fn owned_all(texts: Vec<Text<'_>>) -> Vec<String> {
    texts.into_iter().map(Cow::into_owned).collect()
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
    let dto: EntityDto<'_> =
        serde_json::from_slice(body).map_err(|error| format!("bad entity JSON: {error}"))?;
    if dto.v != LAYOUT {
        return Err(format!("unknown entity layout {}", dto.v));
    }
    let mut entity = Entity::new(entity_id(&dto.id)?, Schema::from_ftm(&dto.schema));
    // Values are inserted as stored, not through `Entity::add`: they were
    // normalised when first added, and the store must give back what it got.
    for (name, values) in dto.props {
        entity
            .props
            .entry(Prop::from_ftm(&name))
            .or_default()
            .extend(owned_all(values));
    }
    for identifier in dto.identifiers {
        entity.identifiers.push(Identifier {
            kind: IdKind::from_name(&identifier.kind)
                .ok_or_else(|| format!("unknown identifier kind {:?}", identifier.kind))?,
            label: owned(identifier.label),
            number: owned(identifier.number),
            country: owned_opt(identifier.country),
            issued: date_opt(identifier.issued)?,
            expires: date_opt(identifier.expires)?,
            note: owned_opt(identifier.note),
        });
    }
    for sanction in dto.sanctions {
        let source: SourceId = sanction
            .source
            .parse()
            .map_err(|error| format!("{error}"))?;
        entity.sanctions.push(Sanction {
            source,
            authority: owned(sanction.authority),
            authority_id: owned(sanction.authority_id),
            programs: owned_all(sanction.programs),
            listing_date: date_opt(sanction.listing_date)?,
            modified_at: sanction
                .modified_at
                .iter()
                .map(|text| date(text))
                .collect::<Result<_, _>>()?,
            provisions: owned_all(sanction.provisions),
            reason: owned_opt(sanction.reason),
            summary: owned_all(sanction.summary),
            flags: owned_all(sanction.flags),
            unsc_id: owned_opt(sanction.unsc_id),
            list_name: owned_opt(sanction.list_name),
        });
    }
    for link in dto.links {
        entity.links.push(Link {
            relation: Relation::from_name(&link.relation)
                .ok_or_else(|| format!("unknown relation {:?}", link.relation))?,
            target_id: link.target_id.as_deref().map(entity_id).transpose()?,
            target_name: owned_opt(link.target_name),
            note: owned_opt(link.note),
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
            (r#""listing_date":"2007-10-25""#, r#""listing_date":"25/10/2007""#),
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
