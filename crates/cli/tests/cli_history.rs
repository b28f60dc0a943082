//! `interdict history` and `show --as-of` on the three UN consolidated lists.
//!
//! Which references each file holds was read from the files themselves
//! (their `REFERENCE_NUMBER` elements): IRi.039 is in all three; IQe.007 only
//! in 2018-10-29; CFe.001 in 2018-10-29 and 2020-11-24; MLi.001 only in
//! 2020-11-24; CDi.037 only in 2026-02-27.

mod common;

use common::{assert_version, keys, Data};
use serde_json::{json, Value};

const UN_2018: &str = "un-sc/consolidated_2018-10-29.xml";
const UN_2020: &str = "un-sc/consolidated_2020-11-24.xml";
const UN_2026: &str = "un-sc/consolidated_2026-02-27.xml";

fn held(history: &Value) -> Vec<(u64, &str)> {
    history["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            assert_eq!(keys(v), ["content_hash", "published", "version"]);
            assert_eq!(v["content_hash"].as_str().unwrap().len(), 64);
            (
                v["version"].as_u64().unwrap(),
                v["published"].as_str().unwrap(),
            )
        })
        .collect()
}

/// Imported out of publication order (2026, 2018, 2020): version numbers
/// follow import order, history and intervals follow publication dates.
#[test]
fn history_over_three_un_lists() {
    let data = Data::new();
    let v2026 = data.import("un-sc", &[UN_2026]);
    let v2018 = data.import("un-sc", &[UN_2018]);
    let v2020 = data.import("un-sc", &[UN_2020]);
    assert_version(&v2026["version"], "un-sc", 1, "2026-02-27", 1003, "un-xml");
    assert_version(&v2018["version"], "un-sc", 2, "2018-10-29", 1093, "un-xml");
    assert_version(&v2020["version"], "un-sc", 3, "2020-11-24", 1018, "un-xml");
    // lists: ordered by publication date.
    assert_eq!(
        data.lists(),
        json!([v2018["version"], v2020["version"], v2026["version"]])
    );

    let history = data.json(["history", "un-sc:IRi.039", "--json"]);
    assert_eq!(
        keys(&history),
        ["id", "intervals", "not_held", "source", "versions"]
    );
    assert_eq!(history["id"], "un-sc:IRi.039");
    assert_eq!(history["source"], "un-sc");
    assert_eq!(
        held(&history),
        [(2, "2018-10-29"), (3, "2020-11-24"), (1, "2026-02-27")]
    );
    assert_eq!(history["not_held"], json!([]));
    assert_eq!(
        history["intervals"],
        json!([{"from": "2018-10-29", "until": null}])
    );

    /// An id, the versions holding it, those not, and its intervals.
    type Case = (&'static str, &'static [(u64, &'static str)], Value, Value);
    let cases: [Case; 4] = [
        (
            "un-sc:IQe.007",
            &[(2, "2018-10-29")],
            json!([{"version": 3, "published": "2020-11-24"},
                   {"version": 1, "published": "2026-02-27"}]),
            json!([{"from": "2018-10-29", "until": "2020-11-24"}]),
        ),
        (
            "un-sc:CFe.001",
            &[(2, "2018-10-29"), (3, "2020-11-24")],
            json!([{"version": 1, "published": "2026-02-27"}]),
            json!([{"from": "2018-10-29", "until": "2026-02-27"}]),
        ),
        (
            "un-sc:MLi.001",
            &[(3, "2020-11-24")],
            json!([{"version": 2, "published": "2018-10-29"},
                   {"version": 1, "published": "2026-02-27"}]),
            json!([{"from": "2020-11-24", "until": "2026-02-27"}]),
        ),
        (
            "un-sc:CDi.037",
            &[(1, "2026-02-27")],
            json!([{"version": 2, "published": "2018-10-29"},
                   {"version": 3, "published": "2020-11-24"}]),
            json!([{"from": "2026-02-27", "until": null}]),
        ),
    ];
    for (id, versions, not_held, intervals) in cases {
        let history = data.json(["history", id, "--json"]);
        assert_eq!(held(&history), versions, "{id}");
        assert_eq!(history["not_held"], not_held, "{id}");
        assert_eq!(history["intervals"], intervals, "{id}");
    }

    // An id no version ever held.
    let never = data.json(["history", "un-sc:XXi.999", "--json"]);
    assert_eq!(never["versions"], json!([]));
    assert_eq!(never["not_held"].as_array().unwrap().len(), 3);
    assert_eq!(never["intervals"], json!([]));

    // The default diff compares the two latest publications, whatever the
    // import order: 2020-11-24 → 2026-02-27.
    let diff = data.json(["diff", "un-sc", "--json"]);
    assert_eq!(diff["from"], v2020["version"]);
    assert_eq!(diff["to"], v2026["version"]);
    let added = diff["added"].as_array().unwrap();
    let removed = diff["removed"].as_array().unwrap();
    assert_eq!(added.len(), 91);
    assert_eq!(removed.len(), 106);
    assert!(added.contains(&json!("un-sc:CDi.037")));
    assert!(removed.contains(&json!("un-sc:CFe.001")));
    assert!(removed.contains(&json!("un-sc:MLi.001")));
}

/// With the 2020-11-24 and 2026-02-27 lists only: before the first version
/// the answer is "unknown", never "not listed"; after it, the version in
/// force answers.
#[test]
fn as_of_answers_from_the_version_in_force() {
    let data = Data::new();
    let v2020 = data.import("un-sc", &[UN_2020]);
    let v2026 = data.import("un-sc", &[UN_2026]);

    let before = data.show("un-sc:IRi.039", &["--as-of", "2019-01-01"]);
    assert_eq!(
        keys(&before),
        ["as_of", "entity", "first_version", "id", "reason", "status"]
    );
    assert_eq!(before["status"], "unknown");
    assert_eq!(before["as_of"], "2019-01-01");
    assert_eq!(before["first_version"], v2020["version"]);
    assert_eq!(before["entity"], Value::Null);
    assert_eq!(
        before["reason"],
        "2019-01-01 is before the first version of un-sc held (2020-11-24)"
    );
    // Unknown also for an entity that the first version does not hold.
    let before_absent = data.show("un-sc:CDi.037", &["--as-of", "2020-11-23"]);
    assert_eq!(before_absent["status"], "unknown");

    for date in ["2020-11-24", "2021-01-01", "2026-02-26"] {
        let then = data.show("un-sc:IRi.039", &["--as-of", date]);
        assert_eq!(then["status"], "listed", "{date}");
        assert_eq!(then["version"], v2020["version"], "{date}");
        assert_eq!(then["entity"]["caption"], "QASEM SOLEIMANI");
    }
    for date in ["2026-02-27", "2030-01-01"] {
        let now = data.show("un-sc:IRi.039", &["--as-of", date]);
        assert_eq!(now["status"], "listed", "{date}");
        assert_eq!(now["version"], v2026["version"], "{date}");
    }

    // Not on the list in force: MLi.001 was delisted before 2026-02-27,
    // CDi.037 listed after 2020-11-24.
    let mut delisted = data.show("un-sc:MLi.001", &["--as-of", "2026-03-01"]);
    // Its party (see docs/linkage.md) says the UN delisted it.
    let party = delisted
        .as_object_mut()
        .unwrap()
        .remove("party")
        .expect("a record an earlier version held has a party");
    assert_eq!(party["status"][0]["status"], "delisted");
    assert_eq!(party["status"][0]["delisted_on"], "2026-02-27");
    assert_eq!(
        delisted,
        json!({"id": "un-sc:MLi.001", "status": "not_listed",
               "version": v2026["version"], "entity": null})
    );
    assert_eq!(
        data.show("un-sc:MLi.001", &["--as-of", "2021-01-01"])["status"],
        "listed"
    );
    let not_yet = data.show("un-sc:CDi.037", &["--as-of", "2021-01-01"]);
    assert_eq!(not_yet["status"], "not_listed");
    assert_eq!(not_yet["version"], v2020["version"]);
    // Without --as-of: the latest version.
    assert_eq!(data.show("un-sc:MLi.001", &[])["status"], "not_listed");
    assert_eq!(data.show("un-sc:CDi.037", &[])["status"], "listed");
    // --version selects by number; a number not held is an error.
    assert_eq!(
        data.show("un-sc:MLi.001", &["--version", "1"])["version"],
        v2020["version"]
    );
    let stderr = data.fails(["show", "un-sc:MLi.001", "--version", "3", "--json"]);
    assert!(stderr.contains("no version matches version 3"), "{stderr}");
}
