//! Screening against the real lists: the UN consolidated list of 2026-02-27 and the OFAC SDN
//! list of 2023-12-28, read from `$INTERDICT_SHARED/lists` (default `../../../shared/lists`
//! seen from this crate, i.e. `/work/shared/lists`).

use std::path::PathBuf;
use std::sync::OnceLock;

use interdict_index::Index;
use interdict_matcher::{
    score_pair, screen, Agreement, Hit, MatchConfig, MatchKind, NameRule, Query, DEFAULT_THRESHOLD,
};
use interdict_model::{Entity, EntityId, PartialDate, Prop, Schema, SourceId};

fn shared_lists() -> PathBuf {
    match std::env::var("INTERDICT_SHARED") {
        Ok(dir) => PathBuf::from(dir).join("lists"),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/lists"),
    }
}

fn load(source: SourceId, path: &str) -> Vec<Entity> {
    let inputs = interdict_parse::load_inputs(&[shared_lists().join(path)]).expect(path);
    interdict_parse::parse(source, &inputs)
        .expect(path)
        .entities
}

/// The UN and OFAC lists, indexed once for all tests.
fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut entities = load(SourceId::UnSc, "un-sc/consolidated_2026-02-27.xml");
        entities.extend(load(SourceId::OfacSdn, "ofac-sdn/2023-12-28"));
        Index::build(&entities)
    })
}

fn config() -> MatchConfig {
    MatchConfig {
        threshold: DEFAULT_THRESHOLD,
        limit: 10,
        sources: None,
    }
}

fn person(name: &str) -> Query {
    let mut query = Query::name(name);
    query.schema = Some(Schema::Person);
    query
}

fn is_soleimani(hit: &Hit) -> bool {
    matches!(hit.entity_id.as_str(), "ofac-sdn:10481" | "un-sc:IRi.039")
}

#[test]
fn soleimani_with_a_title_is_found_first_by_skeleton() {
    let hits = screen(index(), &person("Gen. Qassem Suleimani"), &config());
    assert!(hits.len() >= 2, "{hits:#?}");
    assert!(
        is_soleimani(&hits[0]) && is_soleimani(&hits[1]),
        "{hits:#?}"
    );
    let best = &hits[0];
    assert!(best.score >= DEFAULT_THRESHOLD);
    let name = &best.explanation.name;
    assert!(name.dropped_titles.contains(&"gen".to_owned()), "{name:#?}");
    assert!(
        name.pairs.iter().any(|p| p.kind == MatchKind::Phonetic),
        "{name:#?}"
    );
}

#[test]
fn soleimani_in_arabic_script_is_found_transliterated() {
    let hits = screen(index(), &person("قاسم سليماني"), &config());
    assert!(!hits.is_empty() && is_soleimani(&hits[0]), "{hits:#?}");
    assert!(hits[0]
        .explanation
        .name
        .pairs
        .iter()
        .all(|p| p.kind == MatchKind::Transliterated));
}

#[test]
fn a_lone_given_name_is_no_hit() {
    for name in ["Mohammed", "Muhammad", "Ali"] {
        let hits = screen(index(), &person(name), &config());
        assert!(hits.is_empty(), "{name}: {hits:#?}");
        let hits = screen(index(), &Query::name(name), &config());
        assert!(hits.is_empty(), "{name} without schema: {hits:#?}");
    }
}

#[test]
fn birth_date_conflict_lowers_the_score() {
    let mut agreeing = person("Qasem Soleimani");
    agreeing.birth_date = PartialDate::year(1957);
    let mut conflicting = agreeing.clone();
    conflicting.birth_date = PartialDate::ymd(1990, 1, 1);
    let wide = MatchConfig {
        threshold: 0.0,
        ..config()
    };
    let score_of = |query: &Query| {
        screen(index(), query, &wide)
            .into_iter()
            .find(|hit| hit.entity_id.as_str() == "un-sc:IRi.039")
            .map(|hit| (hit.score, hit.explanation.birth_date))
            .expect("found")
    };
    let (agree_score, agree) = score_of(&agreeing);
    let (conflict_score, conflict) = score_of(&conflicting);
    assert_eq!(agree, Agreement::Agree);
    assert_eq!(conflict, Agreement::Conflict);
    assert!(
        conflict_score < agree_score - 0.2,
        "{conflict_score} vs {agree_score}"
    );
}

#[test]
fn nationality_and_identifier_are_explained() {
    let mut query = person("Qasem Soleimani");
    query.countries = vec!["Iran".to_owned()];
    let hits = screen(index(), &query, &config());
    let un = hits
        .iter()
        .find(|hit| hit.entity_id.as_str() == "un-sc:IRi.039")
        .expect("found");
    assert_eq!(un.explanation.country, Agreement::Agree);
}

#[test]
fn sources_filter_keeps_only_the_named_sources() {
    let config = MatchConfig {
        sources: Some(vec![SourceId::UnSc]),
        ..config()
    };
    let hits = screen(index(), &person("Qasem Soleimani"), &config);
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|hit| hit.entity_id.source() == SourceId::UnSc));
}

#[test]
fn numbers_must_match_exactly() {
    let (score, explanation) = score_pair(&Schema::Company, "Trust 2004-2", "Trust 2004-1");
    assert!(score < DEFAULT_THRESHOLD, "{explanation:#?}");
    assert!(explanation.name.rules.contains(&NameRule::NumberMismatch));
    let (score, _) = score_pair(&Schema::Company, "Trust 2004-1", "Trust 2004-1");
    assert!(score >= DEFAULT_THRESHOLD);
}

#[test]
fn legal_forms_are_equivalent_across_languages_but_not_sufficient() {
    let (score, explanation) = score_pair(&Schema::Company, "OOO Romashka", "Romashka LLC");
    assert!(score >= DEFAULT_THRESHOLD, "{explanation:#?}");
    assert!(explanation
        .name
        .pairs
        .iter()
        .any(|p| p.kind == MatchKind::LegalForm));
    let (score, _) = score_pair(&Schema::Company, "OOO Vasilek", "Romashka LLC");
    assert!(score < DEFAULT_THRESHOLD);
}

#[test]
fn order_is_free_and_initials_match_at_reduced_weight() {
    let (swapped, _) = score_pair(&Schema::Person, "Putin, Vladimir", "Vladimir Putin");
    assert!(swapped >= 0.99);
    let (initial, explanation) = score_pair(&Schema::Person, "V. Putin", "Vladimir Putin");
    assert!(
        initial >= DEFAULT_THRESHOLD && initial < swapped,
        "{explanation:#?}"
    );
    assert!(explanation
        .name
        .pairs
        .iter()
        .any(|p| p.kind == MatchKind::Initial));
    let (initials_only, _) = score_pair(&Schema::Person, "N.N.", "Nursultan Nazarbayev");
    assert!(initials_only < DEFAULT_THRESHOLD);
}

#[test]
fn a_weak_alias_alone_does_not_alert() {
    let mut entity = Entity::new(EntityId::new(SourceId::UnSc, "QDi.999"), Schema::Person);
    entity.add(Prop::Name, "Abdullah Ahmed Abdullah");
    entity.add(Prop::WeakAlias, "Abu Mariam Saleh");
    entity.add(Prop::PassportNumber, "X1234567");
    let index = Index::build(&[entity]);
    let hits = screen(&index, &person("Abu Mariam Saleh"), &config());
    assert!(hits.is_empty(), "{hits:#?}");
    let wide = MatchConfig {
        threshold: 0.0,
        ..config()
    };
    let hits = screen(&index, &person("Abu Mariam Saleh"), &wide);
    assert!(hits[0].explanation.weak_alias);
    assert!(hits[0]
        .explanation
        .name
        .rules
        .contains(&NameRule::WeakAlias));
    // An identifier agreeing is evidence enough.
    let mut with_passport = person("Abu Mariam Saleh");
    with_passport.identifiers = vec!["x 123-4567".to_owned()];
    let hits = screen(&index, &with_passport, &config());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].explanation.identifiers, ["X1234567"]);
}

#[test]
fn a_person_query_against_a_company_is_a_schema_mismatch() {
    let mut company = Entity::new(EntityId::new(SourceId::OfacSdn, "1"), Schema::Company);
    company.add(Prop::Name, "Romashka Trading LLC");
    let index = Index::build(&[company]);
    let wide = MatchConfig {
        threshold: 0.0,
        ..config()
    };
    let as_company = screen(&index, &Query::name("Romashka Trading LLC"), &wide);
    let as_person = screen(&index, &person("Romashka Trading LLC"), &wide);
    assert!(as_person[0].explanation.schema_mismatch);
    assert!(as_person[0].score < as_company[0].score);
}
