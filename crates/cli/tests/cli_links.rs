//! `show`'s party section and `links add/remove/forget/list`, end to end on
//! the real UN list of 2026-02-27 and the UK list of 2020-04-27.

mod common;

use common::Data;
use serde_json::Value;

fn un_and_uk() -> Data {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2026-02-27.xml"]);
    data.import("uk-hmt", &["uk-hmt/ConList_2020-04-27.csv"]);
    data
}

fn members(show: &Value) -> Vec<&str> {
    show["party"]["members"]
        .as_array()
        .expect("a party section")
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect()
}

#[test]
fn show_gives_the_party_and_a_declared_split_wins() {
    let data = un_and_uk();
    let show = data.json(["show", "un-sc:IRi.039", "--json"]);
    assert_eq!(members(&show), ["uk-hmt:9062", "un-sc:IRi.039"]);
    let party = &show["party"];
    assert_eq!(party["links"][0]["kind"], "cross_reference");
    assert_eq!(
        party["links"][0]["detail"],
        "uk-hmt:9062 gives UN reference IRI.039, the UN record's own"
    );
    let uk = party["status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "uk-hmt")
        .unwrap();
    assert_eq!(uk["status"], "listed");
    assert_eq!(uk["since"], "2007-03-24");
    assert_eq!(uk["since_basis"], "listing_date");

    let text = data.run(["show", "uk-hmt:9062"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("party: 2 records across the lists held"),
        "{text}"
    );
    assert!(text.contains("why one party:"), "{text}");

    // Declared NOT the same party: the cross-reference is refused.
    let output = data.run([
        "links",
        "remove",
        "un-sc:IRi.039",
        "uk-hmt:9062",
        "--note",
        "checking a namesake",
    ]);
    assert!(output.status.success());
    let list = data.json(["links", "list", "--json"]);
    assert_eq!(list[0]["a"], "uk-hmt:9062");
    assert_eq!(list[0]["b"], "un-sc:IRi.039");
    assert_eq!(list[0]["verdict"], "not_same");
    assert_eq!(list[0]["note"], "checking a namesake");
    let show = data.json(["show", "un-sc:IRi.039", "--json"]);
    assert_eq!(members(&show), ["un-sc:IRi.039"]);
    let refused = &show["party"]["refused"][0];
    assert_eq!(refused["kind"], "cross_reference");
    assert_eq!(
        refused["refused"],
        "declared by hand: uk-hmt:9062 and un-sc:IRi.039 are not the same party"
    );

    // Withdrawn: the evidence applies again.
    assert!(data
        .run(["links", "forget", "uk-hmt:9062", "un-sc:IRi.039"])
        .status
        .success());
    let show = data.json(["show", "un-sc:IRi.039", "--json"]);
    assert_eq!(members(&show), ["uk-hmt:9062", "un-sc:IRi.039"]);
}

#[test]
fn a_declared_link_joins_two_records() {
    let data = un_and_uk();
    // Two records no evidence links: the UN's Soleimani and the UK's group 9158.
    let show = data.json(["show", "uk-hmt:9158", "--json"]);
    assert!(!members(&show).contains(&"un-sc:IRi.039"));
    assert!(data
        .run([
            "links",
            "add",
            "uk-hmt:9158",
            "un-sc:IRi.039",
            "--note",
            "a test declaration"
        ])
        .status
        .success());
    let show = data.json(["show", "uk-hmt:9158", "--json"]);
    assert!(members(&show).contains(&"un-sc:IRi.039"));
    let declared = show["party"]["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "declared")
        .expect("the declared link");
    assert!(declared["detail"]
        .as_str()
        .unwrap()
        .ends_with(": a test declaration"));
    // A record cannot be linked to itself; the error names it.
    let stderr = data.fails(["links", "add", "un-sc:IRi.039", "un-sc:IRi.039"]);
    assert!(
        stderr.contains("un-sc:IRi.039: a record cannot be linked to itself"),
        "{stderr}"
    );
}
