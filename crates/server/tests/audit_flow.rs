//! Alerts end to end over HTTP: a screening raises an alert, an analyst
//! decides it is a false positive, the same subject screened again is
//! suppressed, and when a new UN publication changes the listing (imported
//! while the server runs, picked up by `POST /v1/admin/reload`) the alert is
//! raised again with the reason.
//!
//! The listing: un-sc:YEi.001, ABD AL-KHALIQ AL-HOUTHI, whose record differs
//! between the UN consolidated lists of 2018-10-29 and 2020-11-24.

mod common;

use common::{assert_error, import, TestServer};
use interdict_model::SourceId;
use serde_json::{json, Value};

const ENTITY: &str = "un-sc:YEi.001";

fn alert_of(answer: &Value) -> Value {
    let results = answer["results"].as_array().expect("results");
    let result = results
        .iter()
        .find(|r| r["id"] == ENTITY)
        .unwrap_or_else(|| panic!("{ENTITY} not in {answer}"));
    assert_eq!(result["match"], true, "{result}");
    result["alert"].clone()
}

#[tokio::test]
async fn false_positive_suppressed_then_reraised_when_the_listing_changes() {
    let server = TestServer::start();
    let screener = server.key("screener");
    let analyst = server.key("analyst");
    let admin = server.key("admin");
    let query = json!({"name": "Abd al-Khaliq al-Houthi", "sources": ["un-sc"], "subject_ref": "customer-7"});

    let first = server.post("/v1/screen", Some(&screener), &query).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let alert = alert_of(&first.body);
    assert_eq!(alert["status"], "open", "{alert}");
    let alert_id = alert["id"].as_u64().unwrap();
    // The alert keeps the matched name and the explanation of its screening.
    let detail = server
        .get(&format!("/v1/alerts/{alert_id}"), Some(&analyst))
        .await;
    assert_eq!(
        detail.body["matched_name"], "ABD AL-KHALIQ AL-HOUTHI",
        "{}",
        detail.text
    );
    let answered = first.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == ENTITY)
        .unwrap();
    assert_eq!(detail.body["explanation"], answered["explanation"]);

    // The queue is for analysts.
    assert_error(
        &server.get("/v1/alerts?status=open", Some(&screener)).await,
        403,
        "forbidden",
    );
    let queue = server.get("/v1/alerts?status=open", Some(&analyst)).await;
    assert_eq!(queue.status, 200, "{}", queue.text);
    let queued: Vec<u64> = queue.body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_u64().unwrap())
        .collect();
    assert!(queued.contains(&alert_id), "{queued:?}");
    assert_eq!(queue.body["total"].as_u64().unwrap(), queued.len() as u64);
    let view = server
        .get(&format!("/v1/alerts/{alert_id}"), Some(&analyst))
        .await;
    assert_eq!(view.body["entity_id"], ENTITY);
    assert_eq!(view.body["subject_key"], "ref:customer-7");
    assert_eq!(view.body["channel"], "api");

    let decision =
        json!({"decision": "false_positive", "comment": "our customer was born in 1990, not 1984"});
    assert_error(
        &server
            .post(
                &format!("/v1/alerts/{alert_id}/decision"),
                Some(&screener),
                &decision,
            )
            .await,
        403,
        "forbidden",
    );
    let decided = server
        .post(
            &format!("/v1/alerts/{alert_id}/decision"),
            Some(&analyst),
            &decision,
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.text);
    assert_eq!(decided.body["status"], "decided");
    assert_eq!(decided.body["decisions"][0]["decision"], "false_positive");
    let empty = server
        .post(
            &format!("/v1/alerts/{alert_id}/decision"),
            Some(&analyst),
            &json!({"decision": "false_positive", "comment": " "}),
        )
        .await;
    assert_error(&empty, 400, "bad_request");
    assert_error(
        &server
            .post("/v1/alerts/999999/decision", Some(&analyst), &decision)
            .await,
        404,
        "not_found",
    );

    let again = server.post("/v1/screen", Some(&screener), &query).await;
    let suppressed = alert_of(&again.body);
    assert_eq!(suppressed["status"], "suppressed", "{suppressed}");
    assert!(
        suppressed["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{suppressed}"
    );

    // A new UN publication that changes the listing, imported while the
    // server runs (as `interdict import` in another process would).
    import(
        server.dir.path(),
        SourceId::UnSc,
        "un-sc/consolidated_2020-11-24.xml",
    );
    assert_error(
        &server
            .post("/v1/admin/reload", Some(&analyst), &json!({}))
            .await,
        403,
        "forbidden",
    );
    let reload = server
        .post("/v1/admin/reload", Some(&admin), &json!({}))
        .await;
    assert_eq!(reload.status, 200, "{}", reload.text);
    assert_eq!(reload.body["status"], "swapped");
    assert_eq!(reload.body["generation"], 2);
    let unchanged = server
        .post("/v1/admin/reload", Some(&admin), &json!({}))
        .await;
    assert_eq!(unchanged.body["status"], "unchanged");

    let after = server.post("/v1/screen", Some(&screener), &query).await;
    let un = after.body["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["source"] == "un-sc")
        .cloned()
        .unwrap();
    assert_eq!(un["published"], "2020-11-24");
    let reraised = alert_of(&after.body);
    assert_eq!(reraised["status"], "reraised", "{reraised}");
    let reason = reraised["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("chang"), "{reason}");
    let reraised_id = reraised["id"].as_u64().unwrap();
    let queue = server
        .get("/v1/alerts?status=reraised", Some(&analyst))
        .await;
    let ids: Vec<u64> = queue.body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![reraised_id]);

    let metrics = server.get("/metrics", Some(&screener)).await;
    assert!(
        metrics
            .text
            .contains("interdict_alerts_total{status=\"reraised\"} 1"),
        "{}",
        metrics.text
    );
    assert!(
        metrics.text.contains("interdict_index_generation 2"),
        "{}",
        metrics.text
    );
}

#[tokio::test]
async fn a_lookup_is_recorded_but_raises_no_alert() {
    let server = TestServer::start();
    let screener = server.key("screener");
    let analyst = server.key("analyst");
    let query =
        json!({"name": "Abd al-Khaliq al-Houthi", "sources": ["un-sc"], "purpose": "lookup"});
    let looked_up = server.post("/v1/screen", Some(&screener), &query).await;
    assert_eq!(looked_up.status, 200, "{}", looked_up.text);
    // Matched, recorded (it has a screening id), but no alert.
    assert!(alert_of(&looked_up.body).is_null(), "{}", looked_up.text);
    let seq = looked_up.body["screening_id"]
        .as_u64()
        .expect("screening_id");
    let queue = server.get("/v1/alerts?status=all", Some(&analyst)).await;
    assert_eq!(queue.body["total"], 0, "{}", queue.text);

    // The same query as a screening raises one.
    let mut screening = query.clone();
    screening["purpose"] = json!("screening");
    let screened = server.post("/v1/screen", Some(&screener), &screening).await;
    assert_eq!(
        alert_of(&screened.body)["status"],
        "open",
        "{}",
        screened.text
    );
    assert_eq!(screened.body["screening_id"], seq + 1);
    let queue = server.get("/v1/alerts?status=all", Some(&analyst)).await;
    assert_eq!(queue.body["total"], 1, "{}", queue.text);
    let metrics = server.get("/metrics", Some(&screener)).await;
    assert!(
        metrics
            .text
            .contains("interdict_screenings_total{channel=\"lookup\"} 1"),
        "{}",
        metrics.text
    );

    let mut bad = query.clone();
    bad["purpose"] = json!("browse");
    let refused = server.post("/v1/screen", Some(&screener), &bad).await;
    assert_error(&refused, 400, "bad_request");
    assert!(refused.text.contains("browse"), "{}", refused.text);
}
