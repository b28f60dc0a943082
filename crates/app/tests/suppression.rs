//! Alert suppression is kept against what a listing says, never against an output shape.
//!
//! - The hashes of the listings before content hashes (the SHA-256 of the entity's JSON shape)
//!   are recomputed exactly: the pinned values were computed by interdict before this layer
//!   existed (`interdict_json::entity_hash`, on the real UN and OFAC files).
//! - A false-positive decision recorded with such a hash keeps suppressing.
//! - A decision on a listing that changed since re-raises, whichever hash it was kept by.
//! - The hash recorded is the model's content hash, so an output shape can change freely.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use interdict_app::listing::json_shape_hash;
use interdict_app::{record, screen, Channel, DataDir, Query, QueryInput, Screening, World};
use interdict_audit::{AlertStatus, AuditLog, Decision, NewScreening, ScreenedResult};
use interdict_model::SourceId;
use sha2::{Digest, Sha256};

/// `interdict_json::entity_hash` of real listings as interdict computed it before content
/// hashes (UN SC 2026-02-27, OFAC SDN 2023-12-28).
const EARLIER_HASHES: [(&str, &str); 6] = [
    (
        "un-sc:IRi.039",
        "cb96b7f92db65eb3131970a8296ff96d6e888db26364528b5cf7efbd9bcfc3f3",
    ),
    (
        "un-sc:QDi.042",
        "cd5dd55bfc03817099dfb5ac221a2ec8bb7e015c14f3ee4f8c24ef444a7bc07f",
    ),
    (
        "un-sc:KPe.001",
        "0fb693df331063bee1918a6670810477650b960ea7e7a76435a4d189dd20be30",
    ),
    (
        "ofac-sdn:10481",
        "7cf0ba89da7592e33b7d4fb3b4e7b81854809e8254e6591edbae08d5f49b8b10",
    ),
    (
        "ofac-sdn:7157",
        "3fe15f5f0bf67dc6bf60aa14c6d297fb09a0100cc3f59a561627b677c14361b8",
    ),
    (
        "ofac-sdn:306",
        "18c9038be0cb419c3c530a041f4758d8d332e724f86267ef633f1e3183fa2c69",
    ),
];

/// The content hashes of the same listings. A change here is a change of the canonical
/// content layout: it would re-raise every suppressed alert.
const CONTENT_HASHES: [(&str, &str); 2] = [
    (
        "un-sc:IRi.039",
        "8284fb420246b106174b94ded9481a2ac339c86e85eb933073b45df35ddd8204",
    ),
    (
        "ofac-sdn:10481",
        "64d97e23252b27e2c78a10c591edd9ac07edf81702a51c14759ed45318b2f2af",
    ),
];

fn lists_dir() -> PathBuf {
    std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("lists")
}

/// UN SC 2018-10-29 and 2026-02-27, OFAC SDN 2023-12-28, imported once per test binary.
fn template() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut lists = DataDir::new(dir.path()).lists().expect("the store");
        for (source, path) in [
            (SourceId::UnSc, "un-sc/consolidated_2018-10-29.xml"),
            (SourceId::UnSc, "un-sc/consolidated_2026-02-27.xml"),
            (SourceId::OfacSdn, "ofac-sdn/2023-12-28"),
        ] {
            lists
                .import(source, &[lists_dir().join(path)], None)
                .unwrap_or_else(|e| panic!("{path}: {}", interdict_app::error_chain(&e)));
        }
        dir
    })
    .path()
}

/// A data directory of its own: the template's list store, a fresh audit log.
fn data() -> (tempfile::TempDir, DataDir) {
    let dir = tempfile::tempdir().expect("a temp dir");
    for entry in std::fs::read_dir(template()).expect("the template") {
        let entry = entry.expect("an entry");
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with("interdict.db")
        {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copied");
        }
    }
    let data = DataDir::new(dir.path());
    (dir, data)
}

fn world(data: &DataDir, as_of: Option<&str>) -> Arc<World> {
    let as_of = as_of.map(|d| d.parse::<NaiveDate>().expect("a date"));
    Arc::new(
        data.lists()
            .expect("the store")
            .world(&[], as_of)
            .expect("a World"),
    )
}

/// `name` screened through the API's channel, as a customer without a reference.
fn screened(world: &Arc<World>, name: &str) -> Screening {
    screen(
        world,
        Query::new(QueryInput::name(name, Channel::Api)).expect("a query"),
    )
}

fn soleimani(world: &Arc<World>) -> Screening {
    screened(world, "Qasem Soleimani")
}

/// The alert state each matched entity got.
fn statuses(audit: &AuditLog, screening: &Screening) -> Vec<(String, AlertStatus)> {
    let recorded = record(audit, screening, "tester", serde_json::json!({})).expect("recorded");
    recorded
        .alerts
        .iter()
        .map(|a| (a.entity_id.clone(), a.status))
        .collect()
}

fn status_of(statuses: &[(String, AlertStatus)], id: &str) -> AlertStatus {
    statuses
        .iter()
        .find(|(entity, _)| entity == id)
        .unwrap_or_else(|| panic!("no alert on {id}: {statuses:?}"))
        .1
}

/// Records a screening of `name` as interdict did before content hashes: the listing's
/// JSON-shape hash as its `entity_hash`, nothing else to compare with; returns the alert id.
fn record_as_before(audit: &AuditLog, name: &str, id: &str, hash: &str) -> u64 {
    let recorded = audit
        .record_screening(NewScreening {
            actor: "old-server".into(),
            channel: "api".into(),
            subject_key: format!("query:{}", name.to_lowercase()),
            query: serde_json::json!({ "name": name }),
            versions: Vec::new(),
            results: vec![ScreenedResult {
                entity_id: id.into(),
                caption: name.to_uppercase(),
                score: 1.0,
                is_match: true,
                entity_hash: hash.into(),
                earlier_entity_hash: None,
                matched_name: None,
                explanation: None,
            }],
        })
        .expect("recorded");
    recorded.alerts[0].alert_id
}

#[test]
fn the_earlier_listing_hashes_are_recomputed_exactly() {
    let (_dir, data) = data();
    let world = world(&data, None);
    for (id, earlier) in EARLIER_HASHES {
        let (_, entity) = world.find(id).unwrap_or_else(|| panic!("{id} is held"));
        assert_eq!(json_shape_hash(entity), earlier, "{id}");
    }
    for (id, content) in CONTENT_HASHES {
        let (_, entity) = world.find(id).unwrap_or_else(|| panic!("{id} is held"));
        assert_eq!(entity.content_hash().to_hex(), content, "{id}");
    }
}

#[test]
fn a_decision_taken_before_content_hashes_keeps_suppressing() {
    let (_dir, data) = data();
    let audit = data.audit().expect("the audit log");
    let (_, earlier) = EARLIER_HASHES[0];
    let alert = record_as_before(&audit, "Qasem Soleimani", "un-sc:IRi.039", earlier);
    audit
        .decide(
            alert,
            Decision::FalsePositive,
            "born 1990 in Aden",
            "analyst",
        )
        .expect("decided");
    let now = statuses(&audit, &soleimani(&world(&data, None)));
    assert_eq!(status_of(&now, "un-sc:IRi.039"), AlertStatus::Suppressed);
    // No decision covers the OFAC record of the same man.
    assert_eq!(status_of(&now, "ofac-sdn:10481"), AlertStatus::Open);
}

#[test]
fn a_listing_that_changed_reraises_a_decision_kept_by_either_hash() {
    let (_dir, data) = data();
    let audit = data.audit().expect("the audit log");
    // A decision of before content hashes, on the 2026 listing of Hassan Dahir Aweys ...
    let (_, earlier) = EARLIER_HASHES[1];
    let alert = record_as_before(&audit, "Hassan Dahir Aweys", "un-sc:QDi.042", earlier);
    audit
        .decide(alert, Decision::FalsePositive, "not him", "analyst")
        .expect("decided");
    // ... does not cover the 2018 listing, which says other things of him (a later
    // amendment, notes, the sanction's details) ...
    let in_2019 = world(&data, Some("2019-01-01"));
    assert_eq!(
        in_2019.versions()[0].published.to_string(),
        "2018-10-29",
        "the UN version in force in 2019"
    );
    let then = statuses(&audit, &screened(&in_2019, "Hassan Dahir Aweys"));
    assert_eq!(status_of(&then, "un-sc:QDi.042"), AlertStatus::Reraised);
    // ... and still covers the 2026 one.
    let now = statuses(&audit, &screened(&world(&data, None), "Hassan Dahir Aweys"));
    assert_eq!(status_of(&now, "un-sc:QDi.042"), AlertStatus::Suppressed);
    // A decision taken now, on the content hash of the 2026 listing, suppresses it ...
    let now = soleimani(&world(&data, None));
    let recorded = record(&audit, &now, "tester", serde_json::json!({})).expect("recorded");
    let open = recorded
        .alerts
        .iter()
        .find(|a| a.entity_id == "ofac-sdn:10481")
        .expect("an OFAC alert");
    audit
        .decide(open.alert_id, Decision::FalsePositive, "not him", "analyst")
        .expect("decided");
    assert_eq!(
        status_of(&statuses(&audit, &now), "ofac-sdn:10481"),
        AlertStatus::Suppressed
    );
}

#[test]
fn an_output_shape_change_does_not_reraise_a_suppressed_alert() {
    let (_dir, data) = data();
    let audit = data.audit().expect("the audit log");
    let world = world(&data, None);
    let first = soleimani(&world);
    let recorded = record(&audit, &first, "tester", serde_json::json!({})).expect("recorded");
    let alert = recorded
        .alerts
        .iter()
        .find(|a| a.entity_id == "un-sc:IRi.039")
        .expect("an alert");
    let view = audit
        .decide(
            alert.alert_id,
            Decision::FalsePositive,
            "not him",
            "analyst",
        )
        .expect("decided");
    // What the decision is kept by: the model's content hash of the listing ...
    let (_, entity) = world.find("un-sc:IRi.039").expect("held");
    assert_eq!(view.entity_hash, entity.content_hash().to_hex());
    // ... and no JSON shape of it, the one answers show today included: a field added to
    // that shape (here, to a copy of it) changes no hash the audit log compares.
    let mut shape = interdict_json::entity(entity);
    let shape_hash = |shape: &serde_json::Value| {
        let digest = Sha256::digest(shape.to_string().as_bytes());
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let before = shape_hash(&shape);
    shape["a_field_added_later"] = serde_json::json!(["anything"]);
    assert_ne!(shape_hash(&shape), before);
    assert_ne!(view.entity_hash, before);
    assert_ne!(view.entity_hash, shape_hash(&shape));
    // The same subject screened again, the answer written out in full: still suppressed.
    let again = soleimani(&world);
    let answer = serde_json::to_value(again.answer(None)).expect("an answer");
    assert_eq!(answer["results"][0]["match"], true);
    let statuses = statuses(&audit, &again);
    assert_eq!(
        status_of(&statuses, "un-sc:IRi.039"),
        AlertStatus::Suppressed
    );
}
