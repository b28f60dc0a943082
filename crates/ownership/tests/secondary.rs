//! Secondary-sanctions exposure for non-US users, on the real SDN list.

mod common;

use interdict_ownership::{
    listing, read_csv, rows_as_edges, ExposureRequest, Jurisdiction, Snapshot, StoredRow,
};

#[test]
fn the_ofac_flag_and_the_programs_give_the_basis() {
    let markazi = common::ofac_2023()
        .iter()
        .find(|e| e.id.as_str() == "ofac-sdn:4632")
        .expect("Bank Markazi is on the 2023-12-28 list");
    let us = listing(markazi, Jurisdiction::Us).expect("listed");
    assert_eq!(us.basis, ["ofac-sdn:4632 (IRAN, SDGT, IRGC, IFSR)"]);
    assert_eq!(
        us.secondary_sanctions[0],
        "OFAC: Subject to Secondary Sanctions"
    );
    // The regime table (crates/regimes) gives the program's basis.
    assert_eq!(
        us.secondary_sanctions[1],
        "regime us-iran (IRAN, IRGC, IFSR): secondary sanctions, CISADA (Pub. L. 111-195) sec. 104; IFCA 2012; EO 13846 (2018) secs. 1-3"
    );
    assert_eq!(us.secondary_sanctions.len(), 2);
    // Not blocked in the EU by this list, but still a secondary-sanctions target.
    let eu = listing(markazi, Jurisdiction::Eu).expect("a secondary-sanctions target");
    assert!(eu.basis.is_empty());
    assert_eq!(eu.secondary_sanctions, us.secondary_sanctions);
}

#[test]
fn a_non_us_user_is_told_of_a_counterparty_linked_to_a_secondary_sanctions_target() {
    let rows: Vec<StoredRow> = read_csv(
        "book.csv",
        b"owner,owned,percent,as_of\nofac-sdn:4632,Gulf Exchange House,10,2023-06-01\n",
    )
    .unwrap()
    .into_iter()
    .map(|row| StoredRow {
        row,
        import: 1,
        file_name: "book.csv".into(),
    })
    .collect();
    let snapshot = Snapshot::from_parts(common::ofac_2023(), &rows_as_edges(&rows));
    let mut request = ExposureRequest::new("Gulf Exchange House", Jurisdiction::Eu);
    request.non_us = true;
    let report = snapshot.exposure(&request);
    assert!(!report.blocked_by_ownership);
    assert_eq!(report.paths.len(), 1);
    assert_eq!(report.paths[0].to.party.id, "ofac-sdn:4632");
    assert_eq!(report.secondary_sanctions.len(), 1);
    let exposure = &report.secondary_sanctions[0];
    assert_eq!(exposure.party.name, "BANK MARKAZI JOMHOURI ISLAMI IRAN");
    assert_eq!(exposure.path, Some(0));
    assert_eq!(exposure.basis[0], "OFAC: Subject to Secondary Sanctions");

    // A US person is not told of secondary sanctions; under EU rules the
    // OFAC-only listing is not a path end either.
    request.non_us = false;
    let report = snapshot.exposure(&request);
    assert!(report.secondary_sanctions.is_empty());
    assert!(report.paths.is_empty());
}

#[test]
fn a_listed_party_with_the_hizballah_flag_is_itself_the_exposure() {
    let snapshot = Snapshot::from_parts(common::ofac_2023(), &[]);
    let mut request = ExposureRequest::new("ofac-sdn:2686", Jurisdiction::Us);
    request.non_us = true;
    let report = snapshot.exposure(&request);
    assert!(report.listed);
    let own = &report.secondary_sanctions[0];
    assert_eq!(own.party.id, "ofac-sdn:2686");
    assert_eq!(own.path, None);
    assert_eq!(
        own.basis,
        ["OFAC: Subject to Secondary Sanctions Pursuant to the Hizballah Financial Sanctions Regulations"]
    );
    // Nasrallah is linked to HIZBALLAH, itself listed.
    assert!(report
        .paths
        .iter()
        .any(|p| p.to.party.name == "HIZBALLAH" && p.steps.len() == 1));
}
