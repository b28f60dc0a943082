//! The yente-compatible endpoints, driven with the payloads a yente client
//! sends (the `EntityMatchQuery` of yente 5.5's `routers/match.py` docs), and
//! checked field by field against yente's pydantic models
//! (`yente/data/common.py`, nomenklatura's `FeatureResult`).

mod common;

use common::{assert_error, TestServer};
use serde_json::{json, Value};

/// With `INTERDICT_YENTE_DUMP=DIR`, writes a response to `DIR/<name>.json`
/// for `bench/yente_validate.py` (yente's own pydantic models) to check.
fn dump(name: &str, value: &Value) {
    if let Some(dir) = std::env::var_os("INTERDICT_YENTE_DUMP") {
        let path = std::path::Path::new(&dir).join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).expect("dump written");
    }
}

fn assert_entity_response(entity: &Value) {
    for field in ["id", "caption", "schema"] {
        assert!(entity[field].is_string(), "{field} in {entity}");
    }
    assert!(
        entity["properties"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string))),
        "{entity}"
    );
    assert!(entity["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .all(Value::is_string));
    assert!(entity["referents"].is_array());
    assert!(entity["target"].is_boolean());
    for field in ["first_seen", "last_seen", "last_change"] {
        assert!(
            entity[field].is_null()
                || entity[field]
                    .as_str()
                    .is_some_and(|t| t.len() == 19 && &t[10..11] == "T"),
            "{field}: {entity}"
        );
    }
}

#[tokio::test]
async fn match_a_yente_client_payload() {
    let server = TestServer::start();
    let key = server.key("screener");
    let payload = json!({
        "queries": {
            "entity1": {"schema": "Person", "properties": {"name": ["Qasem Soleimani"], "birthDate": ["1957-03-11"], "nationality": ["ir"]}},
            "entity2": {"schema": "Company", "properties": {"name": ["Brilliant Amazing Limited"], "jurisdiction": ["hk"], "registrationNumber": ["84BA99810"]}},
            "entity3": {"id": "customer-9", "schema": "Person", "properties": {"name": "Abd al-Khaliq al-Houthi"}}
        }
    });
    let answer = server
        .post(
            "/match/default?algorithm=best&limit=3",
            Some(&key),
            &payload,
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.headers["x-batch-size"], "3");
    let body = &answer.body;
    dump("match", body);
    assert_eq!(body["limit"], 3);
    let first = &body["responses"]["entity1"];
    assert_eq!(first["status"], 200);
    let results = first["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(
        ids[..2].contains(&"ofac-sdn:10481") && ids[..2].contains(&"un-sc:IRi.039"),
        "{ids:?}"
    );
    assert_eq!(first["total"], json!({"value": 2, "relation": "eq"}));
    assert_eq!(first["query"]["schema"], "Person");
    assert_eq!(
        first["query"]["properties"]["birthDate"],
        json!(["1957-03-11"])
    );
    assert!(first["screening_id"].as_u64().is_some());
    let un = results.iter().find(|r| r["id"] == "un-sc:IRi.039").unwrap();
    assert_entity_response(un);
    assert_eq!(un["datasets"], json!(["un_sc"]));
    assert_eq!(un["caption"], "QASEM SOLEIMANI");
    assert_eq!(un["match"], true);
    assert_eq!(un["score"], 1.0);
    assert_eq!(un["last_seen"], "2018-10-29T00:00:00");
    assert_eq!(un["explanations"]["birth_date_match"]["score"], 1.0);
    assert!(un["explanations"]["name"]["detail"]
        .as_str()
        .unwrap()
        .contains("soleimani"));
    assert_eq!(un["features"]["name"], 1.0);
    assert_eq!(un["alert"]["status"], "open");

    assert_eq!(body["responses"]["entity2"]["results"], json!([]));
    assert_eq!(body["responses"]["entity2"]["total"]["value"], 0);
    let third = &body["responses"]["entity3"];
    assert_eq!(third["query"]["id"], "customer-9");
    assert_eq!(
        third["query"]["properties"]["name"],
        json!(["Abd al-Khaliq al-Houthi"])
    );
    assert_eq!(third["results"][0]["id"], "un-sc:YEi.001");

    // A dataset per source, by its FtM name or ours; unknown ones 404 like yente.
    let ofac = server.post("/match/ofac_sdn", Some(&key), &payload).await;
    assert_eq!(
        ofac.body["responses"]["entity1"]["results"][0]["id"],
        "ofac-sdn:10481"
    );
    assert_eq!(
        ofac.body["responses"]["entity1"]["results"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let excluded = server
        .post("/match/default?exclude_dataset=un_sc", Some(&key), &payload)
        .await;
    assert!(excluded.body["responses"]["entity1"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["datasets"] == json!(["ofac_sdn"])));
    let unknown = server.post("/match/nowhere", Some(&key), &payload).await;
    assert_error(&unknown, 404, "not_found");
    assert_eq!(unknown.body["detail"], "No such dataset.");
    let config = server
        .post(
            "/match/default",
            Some(&key),
            &json!({"queries": payload["queries"], "config": {"nm_number_mismatch": 0.4}}),
        )
        .await;
    assert_error(&config, 400, "bad_request");
    let algorithm = server
        .post("/match/default?algorithm=magic", Some(&key), &payload)
        .await;
    assert_error(&algorithm, 400, "bad_request");
    let empty = server
        .post("/match/default", Some(&key), &json!({"queries": {}}))
        .await;
    assert_eq!(empty.body["detail"], "No queries provided.");
    assert_error(
        &server.post("/match/default", None, &payload).await,
        401,
        "unauthorized",
    );
}

#[tokio::test]
async fn search_entities_catalog_algorithms() {
    let server = TestServer::start();
    let key = server.key("screener");
    let search = server
        .get("/search/default?q=Qasem%20Soleimani&limit=2", Some(&key))
        .await;
    assert_eq!(search.status, 200, "{}", search.text);
    dump("search", &search.body);
    assert_eq!(search.body["limit"], 2);
    assert_eq!(search.body["offset"], 0);
    assert_eq!(search.body["total"]["relation"], "eq");
    let results = search.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    results.iter().for_each(assert_entity_response);
    assert!(search.body["facets"].is_object());
    assert_error(
        &server.get("/search/nowhere?q=x", Some(&key)).await,
        404,
        "not_found",
    );

    let entity = server.get("/entities/ofac-sdn:10481", Some(&key)).await;
    assert_eq!(entity.status, 200);
    assert_entity_response(&entity.body);
    dump("entity", &entity.body);
    assert_eq!(entity.body["caption"], "SOLEIMANI, Qasem");
    assert_eq!(entity.body["last_seen"], "2023-12-28T00:00:00");
    let missing = server.get("/entities/ofac-sdn:999999999", Some(&key)).await;
    assert_error(&missing, 404, "not_found");
    assert_eq!(missing.body["detail"], "No such entity!");

    let catalog = server.get("/catalog", Some(&key)).await;
    dump("catalog", &catalog.body);
    let names: Vec<&str> = catalog.body["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["ofac_sdn", "un_sc", "default"]);
    assert_eq!(catalog.body["datasets"][1]["entity_count"], 1093);
    assert_eq!(catalog.body["index_stale"], false);
    let algorithms = server.get("/algorithms", Some(&key)).await;
    dump("algorithms", &algorithms.body);
    assert_eq!(algorithms.body["default"], "interdict");
    assert_eq!(
        algorithms.body["algorithms"][0]["docs"]["features"]["name"]["coefficient"],
        1.0
    );
}
