//! Properties that hold for any input: scores stay in `[0, 1]`, screening never panics, and
//! the ranking is deterministic and ordered.

use std::sync::OnceLock;

use interdict_index::Index;
use interdict_matcher::{score_pair, screen, MatchConfig, Query};
use interdict_model::{Entity, EntityId, PartialDate, Prop, Schema, SourceId};
use proptest::prelude::*;

/// A small index of names in several scripts, with facts.
fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let names: [(&str, Schema); 10] = [
            ("Qasem Soleimani", Schema::Person),
            ("Mohammed bin Salman Al Saud", Schema::Person),
            ("Kim Jong Un", Schema::Person),
            ("Владимир Владимирович Путин", Schema::Person),
            ("OOO Romashka", Schema::Company),
            ("Goldman Sachs Mortgage Loan Trust 2004-1", Schema::Company),
            ("MV Hellenic Spirit", Schema::Vessel),
            ("Al-Qa'ida", Schema::Organization),
            ("习近平", Schema::Person),
            ("Abu Bakr", Schema::Person),
        ];
        let entities: Vec<Entity> = names
            .iter()
            .enumerate()
            .map(|(i, (name, schema))| {
                let mut entity = Entity::new(
                    EntityId::new(SourceId::UnSc, &i.to_string()),
                    schema.clone(),
                );
                entity.add(Prop::Name, name);
                entity.add(Prop::WeakAlias, "Abu Mohammed");
                entity.add(Prop::BirthDate, "1957-03-11");
                entity.add(Prop::Nationality, "Iran");
                entity
            })
            .collect();
        Index::build(&entities)
    })
}

fn name_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z .,'-]{0,40}",
        "\\PC{0,30}",
        "(Mohammed|Kim|Jong|Un|Soleimani|Qasem|Romashka|OOO|LLC|2004|1|al|bin|J\\.|Gen\\.| ){0,8}",
    ]
}

fn schema_strategy() -> impl Strategy<Value = Option<Schema>> {
    prop_oneof![
        Just(None),
        Just(Some(Schema::Person)),
        Just(Some(Schema::Company)),
        Just(Some(Schema::Vessel)),
        Just(Some(Schema::LegalEntity)),
    ]
}

proptest! {
    #[test]
    fn pair_scores_stay_in_the_unit_interval(a in name_strategy(), b in name_strategy()) {
        for schema in [Schema::Person, Schema::Company, Schema::Vessel] {
            let (score, explanation) = score_pair(&schema, &a, &b);
            prop_assert!((0.0..=1.0).contains(&score));
            prop_assert!((0.0..=1.0).contains(&explanation.name.score));
            for pair in &explanation.name.pairs {
                prop_assert!((0.0..=1.0).contains(&pair.similarity));
            }
        }
    }

    #[test]
    fn screening_never_panics_and_ranks_deterministically(
        name in name_strategy(),
        schema in schema_strategy(),
        year in proptest::option::of(1900u16..2020),
        threshold in 0.0f64..1.0,
    ) {
        let mut query = Query::name(&name);
        query.schema = schema;
        query.birth_date = year.and_then(PartialDate::year);
        query.countries = vec!["IR".to_owned()];
        let config = MatchConfig { threshold, limit: 5, sources: None };
        let first = screen(index(), &query, &config);
        let second = screen(index(), &query, &config);
        prop_assert_eq!(&first, &second);
        prop_assert!(first.len() <= 5);
        for hit in &first {
            prop_assert!((0.0..=1.0).contains(&hit.score));
            prop_assert!(hit.score >= threshold);
        }
        for pair in first.windows(2) {
            prop_assert!(pair[0].score >= pair[1].score);
        }
    }
}
