//! Property tests: what `to_ftm` writes, `from_ftm` reads back unchanged.

use interdict_ftm::{decode, from_ftm, to_ftm, METADATA_FIELDS};
use interdict_model::{
    Entity, EntityId, IdKind, Identifier, Link, PartialDate, Prop, Relation, Sanction, Schema,
    SourceId,
};
use proptest::prelude::*;
use serde_json::Value;

fn source() -> impl Strategy<Value = SourceId> {
    prop::sample::select(SourceId::ALL.to_vec())
}

fn schema() -> impl Strategy<Value = Schema> {
    prop::sample::select(vec![
        "Person",
        "Organization",
        "Company",
        "LegalEntity",
        "Vessel",
        "Airplane",
        "Address",
        "Sanction",
        "Ownership",
    ])
    .prop_map(Schema::from_ftm)
}

fn prop_name() -> impl Strategy<Value = Prop> {
    prop_oneof![
        prop::sample::select(Prop::NAMED.to_vec()),
        prop::sample::select(METADATA_FIELDS.to_vec()).prop_map(|name| Prop::Other(name.into())),
        "x[a-zA-Z]{0,8}".prop_map(Prop::Other),
    ]
}

fn date() -> impl Strategy<Value = Option<PartialDate>> {
    prop::option::of((1900u16..2030, 1u8..13, 1u8..29))
        .prop_map(|date| date.and_then(|(y, m, d)| PartialDate::ymd(y, m, d)))
}

fn entity() -> impl Strategy<Value = Entity> {
    (
        source(),
        "[A-Za-z0-9.:-]{1,12}",
        schema(),
        prop::collection::vec(
            (prop_name(), prop::collection::vec(any::<String>(), 1..4)),
            0..12,
        ),
        prop::collection::vec(("[A-Z0-9 ]{1,10}", any::<String>(), date()), 0..3),
        prop::collection::vec(
            (
                any::<String>(),
                prop::collection::vec("[A-Z]{2,6}", 0..3),
                date(),
            ),
            0..3,
        ),
        prop::collection::vec(
            (0usize..6, prop::option::of("[a-z]{1,6}"), any::<String>()),
            0..3,
        ),
    )
        .prop_map(|(source, native, schema, props, ids, sanctions, links)| {
            let mut entity = Entity::new(EntityId::new(source, &native), schema);
            for (prop, values) in props {
                for value in values {
                    entity.add(prop.clone(), &value);
                }
            }
            for (number, label, issued) in ids {
                let mut identifier = Identifier::new(IdKind::Passport, &label, &number);
                identifier.issued = issued;
                entity.add_identifier(identifier);
            }
            for (authority_id, programs, listed) in sanctions {
                let mut sanction = Sanction::new(source, &authority_id);
                sanction.programs = programs;
                sanction.listing_date = listed;
                entity.sanctions.push(sanction);
            }
            let relations = [
                Relation::LinkedTo,
                Relation::Ownership,
                Relation::Directorship,
                Relation::Family,
                Relation::Associate,
                Relation::UnknownLink,
            ];
            for (relation, target, name) in links {
                entity.links.push(Link {
                    relation: relations[relation],
                    target_id: target.map(|t| EntityId::new(source, &t)),
                    target_name: Some(name),
                    note: None,
                });
            }
            entity
        })
}

/// The entity without the records that `to_ftm` writes as entities of their own.
fn main_part(entity: &Entity) -> Entity {
    let mut main = Entity::new(entity.id.clone(), entity.schema.clone());
    main.props = entity.props.clone();
    main
}

proptest! {
    #[test]
    fn main_object_round_trips(entity in entity()) {
        let values = to_ftm(&entity);
        let back = from_ftm(&values[0], entity.id.source()).unwrap();
        prop_assert_eq!(back, main_part(&entity));
    }

    #[test]
    fn written_json_lines_read_back(entity in entity()) {
        let values = to_ftm(&entity);
        prop_assert!(
            values.len()
                >= 1 + entity.sanctions.len() + entity.identifiers.len() + entity.links.len()
        );
        let mut ids = std::collections::HashSet::new();
        for value in &values {
            // Through text, as a file would carry it.
            let line = serde_json::to_string(value).unwrap();
            prop_assert!(!line.contains('\n'));
            let reread: Value = serde_json::from_str(&line).unwrap();
            let decoded = decode(&reread, entity.id.source()).unwrap();
            prop_assert!(decoded.remarks.is_empty(), "{:?}", decoded.remarks);
            prop_assert!(ids.insert(decoded.entity.id.clone()), "duplicate id");
        }
    }

    #[test]
    fn arbitrary_json_never_panics(text in any::<String>(), id in any::<String>()) {
        let value = serde_json::json!({
            "id": id, "schema": text.clone(),
            "properties": {"name": [text.clone(), 1, null, [text.clone()], {"id": id}]},
            "target": text,
        });
        let _ = decode(&value, SourceId::OpenSanctions);
    }
}
