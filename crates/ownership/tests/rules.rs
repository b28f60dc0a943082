//! The ownership rules on user ownership data over real listed parties.

mod common;

use chrono::NaiveDate;
use interdict_ownership::{
    read_csv, rows_as_edges, ExposureReport, ExposureRequest, Jurisdiction, Snapshot, StoredRow,
    UserEdge,
};

fn edges(csv: &str) -> Vec<UserEdge> {
    let rows: Vec<StoredRow> = read_csv("owners.csv", csv.as_bytes())
        .expect("the test CSV is valid")
        .into_iter()
        .map(|row| StoredRow {
            row,
            import: 1,
            file_name: "owners.csv".into(),
        })
        .collect();
    rows_as_edges(&rows)
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn assess(
    snapshot: &Snapshot,
    party: &str,
    jurisdiction: Jurisdiction,
    on: &str,
) -> ExposureReport {
    let mut request = ExposureRequest::new(party, jurisdiction);
    request.on = day(on);
    snapshot.exposure(&request)
}

fn percents(report: &ExposureReport) -> Vec<f64> {
    report
        .ownership
        .as_ref()
        .expect("an arithmetic")
        .contributors
        .iter()
        .map(|c| c.percent.expect("a share").as_f64())
        .collect()
}

/// Durango Restrepo (SDNTK) and Nasrallah (SDGT) own 30% and 25%.
#[test]
fn two_sdns_with_30_and_25_percent_block_under_ofac() {
    let user = edges(
        "owner,owned,percent,as_of\n\
         ofac-sdn:16456,Acme Trading LLC,30,2024-01-01\n\
         ofac-sdn:2686,Acme Trading LLC,25,2024-01-01\n\
         Jane Doe,Acme Trading LLC,45,2024-01-01\n",
    );
    let snapshot = Snapshot::from_parts(common::ofac_2023(), &user);
    let report = assess(
        &snapshot,
        "Acme Trading LLC",
        Jurisdiction::Us,
        "2024-06-01",
    );
    assert!(!report.listed);
    assert!(report.blocked_by_ownership);
    assert_eq!(report.aggregate_percent.as_f64(), 55.0);
    assert_eq!(percents(&report), [30.0, 25.0]);
    let arithmetic = report.ownership.as_ref().unwrap();
    assert_eq!(
        arithmetic.result,
        "30% + 25% = 55%, which is 50% or more: blocked by ownership"
    );
    assert_eq!(
        arithmetic.contributors[0].why,
        "listed: ofac-sdn:16456 (SDNTK)"
    );
    assert_eq!(arithmetic.contributors[1].source, "user:owners.csv");
    assert_eq!(arithmetic.not_counted.len(), 1);
    assert_eq!(arithmetic.not_counted[0].owner.name, "Jane Doe");
    assert_eq!(arithmetic.not_counted[0].why, "not blocked");
    // Both owners are reached by a path of one ownership link.
    let reached: Vec<&str> = report
        .paths
        .iter()
        .map(|p| p.to.party.id.as_str())
        .collect();
    assert_eq!(reached, ["ofac-sdn:16456", "ofac-sdn:2686"]);
    assert_eq!(report.paths[0].steps[0].relation, "owned by");
    assert_eq!(report.paths[0].steps[0].percent.unwrap().as_f64(), 30.0);
    assert!(
        report.comparison.is_none(),
        "OFAC needs no comparison with itself"
    );
}

/// Two persons on the US, EU and UK lists (OpenSanctions datasets), 25% each.
#[test]
fn exactly_fifty_percent_in_two_holdings_differs_by_jurisdiction() {
    let user = edges(
        "owner,owned,percent,as_of\n\
         opensanctions:NK-4UybuJisrLt66d4CNMG9m2,Half Held Ltd,25,2024-01-01\n\
         opensanctions:NK-5gNpgbdJ5D4m2iE67woWeB,Half Held Ltd,25,2024-01-01\n",
    );
    let snapshot = Snapshot::from_parts(common::opensanctions_2024(), &user);

    let us = assess(&snapshot, "Half Held Ltd", Jurisdiction::Us, "2024-06-01");
    assert!(us.blocked_by_ownership);
    assert_eq!(us.aggregate_percent.as_f64(), 50.0);
    assert_eq!(
        us.ownership.as_ref().unwrap().result,
        "25% + 25% = 50%, which is 50% or more: blocked by ownership"
    );

    // EU before the July 2024 Best Practices: more than 50%.
    let eu = assess(&snapshot, "Half Held Ltd", Jurisdiction::Eu, "2024-06-01");
    assert_eq!(eu.rule.id, "eu-best-practices-2022");
    assert!(!eu.blocked_by_ownership);
    assert_eq!(eu.aggregate_percent.as_f64(), 50.0);
    assert_eq!(
        eu.ownership.as_ref().unwrap().result,
        "25% + 25% = 50%, not more than 50%: not blocked by ownership"
    );
    let comparison = eu.comparison.as_ref().unwrap();
    assert!(comparison.blocked_by_ownership);
    assert_eq!(
        comparison.why,
        "exactly 50%: OFAC blocks at 50% or more; eu-best-practices-2022 requires more than 50%"
    );

    // EU from the July 2024 edition on: 50% or more, as OFAC.
    let eu = assess(&snapshot, "Half Held Ltd", Jurisdiction::Eu, "2025-01-01");
    assert_eq!(eu.rule.id, "eu-best-practices-2024");
    assert!(eu.blocked_by_ownership);
    assert_eq!(
        eu.comparison.as_ref().unwrap().why,
        "same result under OFAC's rule (blocked)"
    );

    // UK: more than 50% by one designated person; holdings are not added up.
    let uk = assess(&snapshot, "Half Held Ltd", Jurisdiction::Uk, "2024-06-01");
    assert_eq!(uk.rule.id, "uk-ofsi-2023");
    assert!(!uk.blocked_by_ownership);
    assert_eq!(uk.aggregate_percent.as_f64(), 25.0);
    let arithmetic = uk.ownership.as_ref().unwrap();
    assert_eq!(arithmetic.contributors.len(), 1);
    assert_eq!(arithmetic.not_counted.len(), 1);
    assert!(
        arithmetic.not_counted[0]
            .why
            .contains("OFSI does not add up the holdings of different designated persons"),
        "{}",
        arithmetic.not_counted[0].why
    );
    assert!(
        uk.comparison
            .as_ref()
            .unwrap()
            .why
            .starts_with("OFAC adds up the shares of different blocked owners (25% + 25% = 50%"),
        "{}",
        uk.comparison.as_ref().unwrap().why
    );
}

#[test]
fn thirty_and_twenty_five_percent_under_the_uk_rule() {
    let user = edges(
        "owner,owned,percent,as_of\n\
         opensanctions:NK-4UybuJisrLt66d4CNMG9m2,Acme Trading LLC,30,2024-01-01\n\
         opensanctions:NK-5gNpgbdJ5D4m2iE67woWeB,Acme Trading LLC,25,2024-01-01\n",
    );
    let snapshot = Snapshot::from_parts(common::opensanctions_2024(), &user);
    let eu = assess(
        &snapshot,
        "Acme Trading LLC",
        Jurisdiction::Eu,
        "2024-06-01",
    );
    assert!(eu.blocked_by_ownership, "55% > 50%, aggregated in the EU");
    let uk = assess(
        &snapshot,
        "Acme Trading LLC",
        Jurisdiction::Uk,
        "2024-06-01",
    );
    assert!(
        !uk.blocked_by_ownership,
        "30% is the largest single holding"
    );
    assert_eq!(uk.aggregate_percent.as_f64(), 30.0);
    assert_eq!(
        uk.ownership.as_ref().unwrap().person.as_ref().unwrap().id,
        "opensanctions:NK-4UybuJisrLt66d4CNMG9m2"
    );
}

/// A (SDN) owns 60% of B, B owns 50% of C: C is blocked under OFAC. A owns
/// 40% of B2 and B2 owns 100% of C2: B2 is not blocked, so neither is C2.
#[test]
fn indirect_chains() {
    let user = edges(
        "owner,owned,percent,as_of\n\
         ofac-sdn:16456,B Holdings,60,2024-01-01\n\
         B Holdings,C Limited,50,2024-01-01\n\
         ofac-sdn:16456,B2 Holdings,40,2024-01-01\n\
         B2 Holdings,C2 Limited,100,2024-01-01\n",
    );
    let snapshot = Snapshot::from_parts(common::ofac_2023(), &user);
    let c = assess(&snapshot, "C Limited", Jurisdiction::Us, "2024-06-01");
    assert!(c.blocked_by_ownership);
    let arithmetic = c.ownership.as_ref().unwrap();
    assert_eq!(arithmetic.contributors.len(), 1);
    assert_eq!(arithmetic.contributors[0].owner.id, "name:b holdings");
    assert_eq!(
        arithmetic.contributors[0].why,
        "blocked by ownership under ofac-50-percent-2014"
    );
    assert_eq!(
        arithmetic.result,
        "50%, which is 50% or more: blocked by ownership"
    );
    // The path runs C → B → A.
    let path = &c.paths[0];
    let hops: Vec<&str> = path.steps.iter().map(|s| s.to.id.as_str()).collect();
    assert_eq!(hops, ["name:b holdings"]);
    assert!(path.to.blocked_by_ownership);

    let c2 = assess(&snapshot, "C2 Limited", Jurisdiction::Us, "2024-06-01");
    assert!(!c2.blocked_by_ownership);
    assert_eq!(c2.aggregate_percent.as_f64(), 0.0);
    let arithmetic = c2.ownership.as_ref().unwrap();
    assert_eq!(arithmetic.not_counted[0].owner.id, "name:b2 holdings");
    assert_eq!(
        arithmetic.result,
        "no share held by blocked owners (0%), not 50% or more: not blocked by ownership"
    );
    let reached: Vec<&str> = c2.paths.iter().map(|p| p.to.party.id.as_str()).collect();
    assert_eq!(
        reached,
        ["ofac-sdn:16456"],
        "the listed owner is still on a path"
    );
    assert_eq!(c2.paths[0].steps.len(), 2);
    assert_eq!(c2.paths[0].steps[1].percent.unwrap().as_f64(), 40.0);
}

/// OFAC sums the direct share of the blocked person and the share of the
/// entity it blocks; the UK attributes the majority-owned entity's holding to
/// the designated person in full; both block here, by different arithmetic.
#[test]
fn direct_and_indirect_shares_add_up() {
    let user = edges(
        "owner,owned,percent,as_of\n\
         opensanctions:NK-4UybuJisrLt66d4CNMG9m2,Entity A,50,2024-01-01\n\
         opensanctions:NK-4UybuJisrLt66d4CNMG9m2,Entity B,10,2024-01-01\n\
         Entity A,Entity B,40,2024-01-01\n",
    );
    let snapshot = Snapshot::from_parts(common::opensanctions_2024(), &user);
    let us = assess(&snapshot, "Entity B", Jurisdiction::Us, "2024-06-01");
    assert!(us.blocked_by_ownership, "10% + 40% (A is blocked at 50%)");
    assert_eq!(us.aggregate_percent.as_f64(), 50.0);
    let uk = assess(&snapshot, "Entity B", Jurisdiction::Uk, "2024-06-01");
    assert!(!uk.blocked_by_ownership, "A is 50% held: no majority stake");
    assert_eq!(uk.aggregate_percent.as_f64(), 10.0);
}

#[test]
fn cycles_terminate() {
    let user = edges(
        "owner,owned,percent,as_of\n\
         ofac-sdn:16456,Loop One,60,2024-01-01\n\
         Loop One,Loop Two,50,2024-01-01\n\
         Loop Two,Loop One,20,2024-01-01\n\
         Loop Three,Loop Four,10,2024-01-01\n\
         Loop Four,Loop Three,10,2024-01-01\n",
    );
    let snapshot = Snapshot::from_parts(common::ofac_2023(), &user);
    for jurisdiction in [Jurisdiction::Us, Jurisdiction::Eu, Jurisdiction::Uk] {
        let two = assess(&snapshot, "Loop Two", jurisdiction, "2024-06-01");
        assert_eq!(two.blocked_by_ownership, jurisdiction == Jurisdiction::Us);
        let three = assess(&snapshot, "Loop Three", jurisdiction, "2024-06-01");
        assert!(!three.blocked_by_ownership);
        assert!(three.paths.is_empty());
    }
    let one = assess(&snapshot, "Loop One", Jurisdiction::Us, "2024-06-01");
    assert!(one.blocked_by_ownership);
    assert_eq!(
        one.aggregate_percent.as_f64(),
        80.0,
        "60% + 20% from blocked Loop Two"
    );
}

/// UK: a majority stake passes the holdings on in full; 50% is not a
/// majority stake.
#[test]
fn uk_majority_stakes_pass_holdings_on() {
    let user = edges(
        "owner,owned,percent,as_of\n\
         opensanctions:NK-4UybuJisrLt66d4CNMG9m2,Majority A,60,2024-01-01\n\
         Majority A,Target C,60,2024-01-01\n\
         Majority A,Target D,50,2024-01-01\n",
    );
    let snapshot = Snapshot::from_parts(common::opensanctions_2024(), &user);
    let c = assess(&snapshot, "Target C", Jurisdiction::Uk, "2024-06-01");
    assert!(c.blocked_by_ownership);
    let arithmetic = c.ownership.as_ref().unwrap();
    assert_eq!(arithmetic.contributors[0].owner.id, "name:majority a");
    assert_eq!(
        arithmetic.contributors[0].why,
        "held by an entity that Tharwat Salah Shihata owns more than 50% of or controls: counted in full as its holding"
    );
    assert_eq!(
        arithmetic.result,
        "60%, which is more than 50%: blocked by ownership"
    );
    let d = assess(&snapshot, "Target D", Jurisdiction::Uk, "2024-06-01");
    assert!(!d.blocked_by_ownership);
    assert_eq!(d.aggregate_percent.as_f64(), 50.0);
    assert_eq!(
        d.comparison.as_ref().unwrap().why,
        "exactly 50%: OFAC blocks at 50% or more; uk-ofsi-2023 requires more than 50%"
    );
}
