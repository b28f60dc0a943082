//! `interdict import`, `lists` and `show` on the real published files.

mod common;

use common::{assert_version, keys, strings, Data, OFAC_2023_12_28_SHA256, UN_2026_02_27_SHA256};

/// The OFAC SDN CSV set of 2023-12-28 becomes one version of 13,821 entities;
/// the same folder again adds nothing; Qasem SOLEIMANI reads as published.
#[test]
fn ofac_sdn_set_import_lists_reimport_and_show() {
    let data = Data::new();
    let import = data.import("ofac-sdn", &["ofac-sdn/2023-12-28"]);
    assert_eq!(keys(&import), ["format", "report", "status", "version"]);
    assert_eq!(import["status"], "added");
    assert_eq!(import["format"], "ofac-csv-set");
    assert_version(
        &import["version"],
        "ofac-sdn",
        1,
        "2023-12-28",
        13821,
        "ofac-csv-set",
    );
    assert_eq!(import["version"]["sha256"], OFAC_2023_12_28_SHA256);
    // Rows of sdn.csv (13,821), add.csv (18,990), alt.csv (17,091) and
    // sdn_comments.csv (13).
    let report = &import["report"];
    assert_eq!(
        keys(report),
        ["issue_count", "issues", "records", "unstructured"]
    );
    assert_eq!(report["records"], 49915);
    let issue_count = report["issue_count"].as_u64().unwrap();
    assert_eq!(
        report["issues"].as_array().unwrap().len() as u64,
        issue_count
    );
    for issue in report["issues"].as_array().unwrap() {
        assert_eq!(keys(issue), ["file", "line", "message", "record"]);
        assert!(issue["file"]
            .as_str()
            .unwrap()
            .contains("ofac-sdn/2023-12-28/"));
    }

    let lists = data.lists();
    let versions = lists.as_array().expect("lists is an array");
    assert_eq!(versions.len(), 1, "{lists}");
    assert_eq!(versions[0], import["version"]);
    let before = data.lists_bytes();

    // The same folder again: the same content, no second version.
    let again = data.import("ofac-sdn", &["ofac-sdn/2023-12-28"]);
    assert_eq!(again["status"], "unchanged");
    assert_eq!(again["version"], import["version"]);
    assert_eq!(data.lists_bytes(), before);

    // ofac-sdn:10481, SOLEIMANI, Qasem.
    let show = data.show("ofac-sdn:10481", &[]);
    assert_eq!(keys(&show), ["entity", "id", "party", "status", "version"]);
    assert_eq!(show["id"], "ofac-sdn:10481");
    assert_eq!(show["status"], "listed");
    assert_eq!(show["version"], import["version"]);
    let entity = &show["entity"];
    assert_eq!(
        keys(entity),
        [
            "caption",
            "id",
            "identifiers",
            "links",
            "properties",
            "sanctions",
            "schema"
        ]
    );
    assert_eq!(entity["id"], "ofac-sdn:10481");
    assert_eq!(entity["schema"], "Person");
    assert_eq!(entity["caption"], "SOLEIMANI, Qasem");
    let props = &entity["properties"];
    assert_eq!(strings(&props["name"]), ["SOLEIMANI, Qasem"]);
    assert_eq!(strings(&props["birthDate"]), ["1957-03-11"]);
    let birth_place = strings(&props["birthPlace"]);
    assert!(
        birth_place.iter().any(|place| place.contains("Qom")),
        "{birth_place:?}"
    );
    assert_eq!(
        strings(&props["alias"]),
        [
            "SOLEYMANI, Ghasem",
            "SALIMANI, Qasem",
            "SOLAIMANI, Qasem",
            "SOLEMANI, Qasem",
            "SOLEYMANI, Qasem",
            "SULAIMANI, Qasem",
            "SULEMANI, Qasem",
            "SULAYMAN, Qasim",
        ]
    );
    assert_eq!(strings(&props["nationality"]), ["Iran"]);
    assert_eq!(strings(&props["passportNumber"]), ["008827"]);

    let identifiers = entity["identifiers"].as_array().unwrap();
    let passport = identifiers
        .iter()
        .find(|id| id["kind"] == "passport")
        .unwrap_or_else(|| panic!("no passport in {identifiers:?}"));
    assert_eq!(passport["number"], "008827");
    assert_eq!(passport["country"], "Iran");
    assert_eq!(passport["label"], "Diplomatic Passport");
    assert_eq!(passport["issued"], "1999");

    let sanctions = entity["sanctions"].as_array().unwrap();
    assert_eq!(sanctions.len(), 1, "{sanctions:?}");
    let sanction = &sanctions[0];
    assert_eq!(sanction["source"], "ofac-sdn");
    assert_eq!(sanction["authority_id"], "10481");
    assert_eq!(
        strings(&sanction["programs"]),
        ["SDGT", "SYRIA", "NPWMD", "IRGC", "IFSR"]
    );
    assert!(
        strings(&sanction["flags"]).contains(&"Subject to Secondary Sanctions"),
        "{sanction}"
    );
    assert_eq!(sanction["listing_date"], serde_json::Value::Null);

    // The same through --version 1 and an --as-of date after publication
    // (the party section says which date it is as of: compare the record).
    let record = |mut show: serde_json::Value| {
        show.as_object_mut().unwrap().remove("party");
        show
    };
    let show = record(show);
    assert_eq!(
        record(data.show("ofac-sdn:10481", &["--version", "1"])),
        show
    );
    assert_eq!(
        record(data.show("ofac-sdn:10481", &["--as-of", "2024-01-01"])),
        show
    );
    // The text form names him too.
    let text = data
        .cmd()
        .args(["show", "ofac-sdn:10481"])
        .output()
        .unwrap();
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).contains("SOLEIMANI, Qasem"));
}

/// The UN consolidated list of 2026-02-27 (1,003 entries) and IRi.039.
#[test]
fn un_sc_import_and_show() {
    let data = Data::new();
    let import = data.import("un-sc", &["un-sc/consolidated_2026-02-27.xml"]);
    assert_eq!(import["status"], "added");
    assert_eq!(import["format"], "un-xml");
    assert_eq!(import["report"]["records"], 1003);
    assert_version(&import["version"], "un-sc", 1, "2026-02-27", 1003, "un-xml");
    assert_eq!(import["version"]["sha256"], UN_2026_02_27_SHA256);
    let lists = data.lists();
    assert_eq!(lists.as_array().unwrap().len(), 1);
    assert_eq!(lists[0], import["version"]);

    let show = data.show("un-sc:IRi.039", &[]);
    assert_eq!(show["status"], "listed");
    assert_eq!(show["version"], import["version"]);
    let entity = &show["entity"];
    assert_eq!(entity["id"], "un-sc:IRi.039");
    assert_eq!(entity["schema"], "Person");
    assert_eq!(entity["caption"], "QASEM SOLEIMANI");
    assert_eq!(strings(&entity["properties"]["birthDate"]), ["1957-03-11"]);
    let sanction = &entity["sanctions"][0];
    assert_eq!(sanction["source"], "un-sc");
    assert_eq!(sanction["authority_id"], "IRi.039");
    assert_eq!(sanction["listing_date"], "2007-03-24");
    assert_eq!(strings(&sanction["programs"]), ["Iran"]);
    let passport = &entity["identifiers"][0];
    assert_eq!(passport["kind"], "passport");
    assert_eq!(passport["number"], "008827");
}

/// OFSI's ConList.csv of 2020-04-27: 9,492 rows, 2,114 listed parties; group
/// 9062 is Qasem SOLEIMANI and cites his UN reference.
#[test]
fn uk_hmt_import_and_show() {
    let data = Data::new();
    let import = data.import("uk-hmt", &["uk-hmt/ConList_2020-04-27.csv"]);
    assert_eq!(import["status"], "added");
    assert_eq!(import["format"], "uk-conlist-csv");
    assert_eq!(import["report"]["records"], 9492);
    assert_version(
        &import["version"],
        "uk-hmt",
        1,
        "2020-04-27",
        2114,
        "uk-conlist-csv",
    );
    let show = data.show("uk-hmt:9062", &[]);
    assert_eq!(show["status"], "listed");
    let entity = &show["entity"];
    assert_eq!(entity["schema"], "Person");
    assert_eq!(entity["caption"], "Qasem SOLEIMANI");
    assert_eq!(strings(&entity["properties"]["birthDate"]), ["1957-03-11"]);
    assert_eq!(entity["sanctions"][0]["unsc_id"], "IRi.039");
    assert_eq!(entity["sanctions"][0]["listing_date"], "2011-10-17");
}

/// An empty store: no versions, and an entity's status is unknown, never
/// "not listed".
#[test]
fn empty_store_answers_unknown() {
    let data = Data::new();
    assert_eq!(data.lists(), serde_json::json!([]));
    let show = data.show("ofac-sdn:10481", &[]);
    assert_eq!(show["status"], "unknown");
    assert_eq!(show["reason"], "no version of ofac-sdn is held");
    assert_eq!(show["entity"], serde_json::Value::Null);
    let as_of = data.show("un-sc:IRi.039", &["--as-of", "2020-01-01"]);
    assert_eq!(as_of["status"], "unknown");
    assert_eq!(as_of["reason"], "no version of un-sc is held");
}

/// Arguments the CLI refuses before touching the store.
#[test]
fn bad_arguments_are_refused() {
    let data = Data::new();
    let stderr = data.fails(["show", "nosuch:1", "--json"]);
    assert!(
        stderr.contains("\"nosuch:1\" is not an entity id"),
        "{stderr}"
    );
    let stderr = data.fails([
        "show",
        "un-sc:IRi.039",
        "--as-of",
        "2020-01-01",
        "--version",
        "1",
    ]);
    assert!(stderr.contains("not both"), "{stderr}");
    // clap's own usage errors exit with 2.
    let output = data.run(["import", "nosuch", "x.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(data.lists(), serde_json::json!([]));
}
