//! Control stated by the UK list itself: a designated company's subsidiary.

mod common;

use interdict_model::SourceId;
use interdict_ownership::{EdgeKind, ExposureRequest, Jurisdiction, Snapshot};

#[test]
fn a_subsidiary_named_by_the_uk_list_is_controlled_under_uk_and_eu_rules_not_ofac() {
    let entities = common::entities(
        SourceId::UkHmt,
        &["uk-hmt/ConList_2025-04-14_DERIVED-cells-from-xlsx.csv.gz"],
    );
    let snapshot = Snapshot::from_parts(&entities, &[]);
    let request = ExposureRequest::new("Sairan Medical Equipment Industry", Jurisdiction::Uk);
    let report = snapshot.exposure(&request);
    assert_eq!(report.matches.len(), 1);
    assert_eq!(
        report.matches[0].party.id,
        "name:sairan medical equipment industry"
    );
    assert!(!report.listed);
    assert!(report.blocked_by_ownership);
    let arithmetic = report.ownership.as_ref().unwrap();
    assert_eq!(arithmetic.person.as_ref().unwrap().id, "uk-hmt:11204");
    assert_eq!(arithmetic.control.len(), 1);
    assert_eq!(arithmetic.control[0].owner.id, "uk-hmt:11204");
    assert_eq!(arithmetic.control[0].source, "uk-hmt");
    assert_eq!(
        arithmetic.result,
        "no share held by blocked owners (0%), not more than 50%, but controlled by a blocked party: blocked"
    );
    let path = &report.paths[0];
    assert_eq!(path.to.party.id, "uk-hmt:11204");
    assert_eq!(path.steps[0].kind, EdgeKind::Ownership);
    assert_eq!(path.steps[0].relation, "owned by");
    assert_eq!(path.steps[0].note.as_deref(), Some("subsidiary"));
    let comparison = report.comparison.as_ref().unwrap();
    assert!(!comparison.blocked_by_ownership);
    assert_eq!(
        comparison.why,
        "uk-ofsi-2023 treats control stated by a list as enough; OFAC's rule counts ownership only, not control (2014 guidance; FAQs 398-402)"
    );
}
