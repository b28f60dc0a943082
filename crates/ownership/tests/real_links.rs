//! Paths the lists themselves state, on the real files.

mod common;

use interdict_ownership::{EdgeKind, ExposureRequest, Jurisdiction, NodeKind, Snapshot};

fn us(party: &str) -> ExposureRequest {
    ExposureRequest::new(party, Jurisdiction::Us)
}

#[test]
fn front_company_to_its_listed_owner_through_linked_to() {
    let snapshot = Snapshot::from_parts(common::ofac_2023(), &[]);
    let report = snapshot.exposure(&us("Comercializadora J. Durango"));
    let ids: Vec<&str> = report.matches.iter().map(|m| m.party.id.as_str()).collect();
    assert_eq!(ids, ["ofac-sdn:16471"]);
    assert!(report.listed);
    let path = &report.paths[0];
    assert_eq!(path.to.party.id, "ofac-sdn:16456");
    assert_eq!(path.to.party.name, "DURANGO RESTREPO, Jairo de Jesus");
    assert_eq!(path.to.listed, ["ofac-sdn:16456 (SDNTK)"]);
    assert_eq!(path.steps.len(), 1);
    let step = &path.steps[0];
    assert_eq!(step.from.id, "ofac-sdn:16471");
    assert_eq!(step.kind, EdgeKind::LinkedTo);
    assert_eq!(step.relation, "linked to");
    assert_eq!(step.source, "ofac-sdn");
}

#[test]
fn unlisted_parent_named_only_in_linked_to_reaches_its_listed_subsidiary() {
    let snapshot = Snapshot::from_parts(common::ofac_2023(), &[]);
    let report = snapshot.exposure(&us("Public Joint Stock Company Gazprom"));
    assert_eq!(report.matches.len(), 1, "{:?}", report.matches);
    let party = &report.matches[0];
    assert_eq!(party.party.id, "name:public joint stock company gazprom");
    assert_eq!(party.kind, NodeKind::Name);
    assert!(!report.listed && !report.blocked_by_ownership);
    let reached: Vec<&str> = report
        .paths
        .iter()
        .map(|p| p.to.party.id.as_str())
        .collect();
    assert_eq!(reached, ["ofac-sdn:19653"]);
    assert_eq!(report.paths[0].to.party.name, "GAZPROM VNIIGAZ, OOO");
    assert_eq!(report.paths[0].steps[0].kind, EdgeKind::LinkedTo);
}

#[test]
fn graph_of_the_real_sdn_list() {
    let snapshot = Snapshot::from_parts(common::ofac_2023(), &[]);
    let graph = &snapshot.graph;
    // 13,821 entities and 15 parties named in links but not listed
    // (Robert Mugabe, PUBLIC JOINT STOCK COMPANY GAZPROM, ...).
    assert_eq!(
        (graph.node_count(), graph.edge_count(), graph.unresolved),
        (13_836, 6_206, 44)
    );
    let names = (0..graph.node_count() as u32)
        .filter(|&i| graph.node(i).kind == NodeKind::Name)
        .count();
    assert_eq!(names, 15);
    assert!(graph.by_key("name:robert mugabe").is_some());
}

#[test]
fn opensanctions_ownership_entity_is_an_edge() {
    let snapshot = Snapshot::from_parts(common::opensanctions_2024(), &[]);
    let graph = &snapshot.graph;
    let owner = graph
        .by_key("opensanctions:NK-kNULoiM7XfTYeWLtTZ4UHg")
        .expect("the owner is a node");
    let owned: Vec<_> = graph
        .owned_edges(owner)
        .iter()
        .map(|&e| graph.edge(e))
        .collect();
    assert_eq!(owned.len(), 1);
    assert_eq!(
        graph.node(owned[0].to).key,
        "opensanctions:NK-NSWaHofFyh2DLnmr5aaemb"
    );
    assert_eq!(owned[0].note, Some("Owned or Controlled By"));
    assert_eq!(owned[0].source, "opensanctions");
}
