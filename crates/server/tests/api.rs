//! API v1 over real lists: screening (one, batch, as-of, sources), entities,
//! history, lists, diff, whoami, readiness, metrics and OpenAPI.

mod common;

use common::{assert_error, result_ids, TestServer};
use serde_json::json;

#[tokio::test]
async fn screening_soleimani_names_both_lists_and_records_alerts() {
    let server = TestServer::start();
    let key = server.key("screener");
    let answer = server
        .post("/v1/screen", Some(&key), &json!({"name": "Gen. Qassem Suleimani", "birth_date": "1957", "subject_ref": "customer-42"}))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let body = &answer.body;
    let ids = result_ids(body);
    assert!(ids[..2].contains(&"ofac-sdn:10481".to_string()), "{ids:?}");
    assert!(ids[..2].contains(&"un-sc:IRi.039".to_string()), "{ids:?}");
    assert_eq!(body["threshold"], 0.7);
    assert_eq!(body["query"]["birth_date"], "1957");
    assert_eq!(body["query"]["name"], "Gen. Qassem Suleimani");
    let versions = body["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    let un = versions.iter().find(|v| v["source"] == "un-sc").unwrap();
    assert_eq!(un["published"], "2018-10-29");
    assert_eq!(un["entities"], 1093);
    let ofac = versions.iter().find(|v| v["source"] == "ofac-sdn").unwrap();
    assert_eq!(ofac["entities"], 13821);
    assert!(body["screening_id"].as_u64().is_some(), "{}", answer.text);
    let first = &body["results"][0];
    assert_eq!(first["match"], true);
    assert_eq!(
        first["explanation"]["name"]["dropped_titles"],
        json!(["gen"])
    );
    assert_eq!(first["explanation"]["birth_date"], "agree");
    assert_eq!(first["alert"]["status"], "open");
    assert!(first["alert"]["id"].as_u64().is_some());
    // Near misses carry no alert.
    for result in body["results"].as_array().unwrap() {
        assert_eq!(
            result.get("alert").is_some(),
            result["match"] == true,
            "{result}"
        );
    }
}

#[tokio::test]
async fn sources_as_of_and_batch() {
    let server = TestServer::start();
    let key = server.key("screener");
    let only_ofac = server
        .post(
            "/v1/screen",
            Some(&key),
            &json!({"name": "Qasem Soleimani", "sources": ["ofac-sdn"]}),
        )
        .await;
    assert_eq!(only_ofac.status, 200, "{}", only_ofac.text);
    assert_eq!(result_ids(&only_ofac.body)[0], "ofac-sdn:10481");
    assert!(result_ids(&only_ofac.body)
        .iter()
        .all(|id| id.starts_with("ofac-sdn:")));
    assert_eq!(only_ofac.body["versions"].as_array().unwrap().len(), 1);

    // On 2019-01-01 the UN list of 2018-10-29 was in force; no OFAC version
    // held was yet: OFAC's answer is unknown, not "not listed".
    let past = server
        .post(
            "/v1/screen",
            Some(&key),
            &json!({"name": "Qasem Soleimani", "as_of": "2019-01-01"}),
        )
        .await;
    assert_eq!(past.status, 200, "{}", past.text);
    let past_ids = result_ids(&past.body);
    assert_eq!(past_ids[0], "un-sc:IRi.039");
    assert!(
        past_ids.iter().all(|id| id.starts_with("un-sc:")),
        "{past_ids:?}"
    );
    assert_eq!(past.body["versions"].as_array().unwrap().len(), 1);
    assert_eq!(past.body["unknown_sources"][0]["source"], "ofac-sdn");
    assert_eq!(past.body["query"]["as_of"], "2019-01-01");

    let batch = server
        .post(
            "/v1/screen",
            Some(&key),
            &json!({"queries": [
                {"name": "Qasem Soleimani"},
                {"name": "Zzyzx Qwertyuiop Nonexistent"},
                {"name": "Ali Akbar Ahmadian", "schema": "Person"},
            ]}),
        )
        .await;
    assert_eq!(batch.status, 200, "{}", batch.text);
    let results = batch.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(result_ids(&results[0])[0], "ofac-sdn:10481");
    assert!(result_ids(&results[1]).is_empty(), "{}", results[1]);
    assert!(
        result_ids(&results[2]).contains(&"un-sc:IRi.004".to_string()),
        "{}",
        results[2]
    );
    let ids: Vec<u64> = results
        .iter()
        .map(|r| r["screening_id"].as_u64().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3, "one audit entry per query: {ids:?}");
}

#[tokio::test]
async fn screening_input_is_checked() {
    let server = TestServer::start();
    let key = server.key("screener");
    for (body, needle) in [
        (json!({"name": "  "}), "name is empty"),
        (json!({"name": "x", "threshold": 1.5}), "threshold"),
        (json!({"name": "x", "limit": 0}), "limit"),
        (json!({"name": "x", "as_of": "2020-13-01"}), "as_of"),
        (
            json!({"name": "x", "birth_date": "1957-02-30"}),
            "birth_date",
        ),
        (json!({"name": "x", "sources": ["nowhere"]}), "not a source"),
        (json!({"name": "x", "schema": "Planet"}), "unknown type"),
    ] {
        let answer = server.post("/v1/screen", Some(&key), &body).await;
        assert_error(&answer, 400, "bad_request");
        assert!(
            answer.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(needle),
            "{body}: {}",
            answer.text
        );
    }
    let unknown_field = server
        .post("/v1/screen", Some(&key), &json!({"name": "x", "nmae": "y"}))
        .await;
    assert_error(&unknown_field, 400, "invalid_json");
    let too_many: Vec<_> = (0..1001)
        .map(|i| json!({"name": format!("name {i}")}))
        .collect();
    let batch = server
        .post("/v1/screen", Some(&key), &json!({"queries": too_many}))
        .await;
    assert_error(&batch, 400, "bad_request");
    assert!(batch.text.contains("at most 1000"), "{}", batch.text);
}

#[tokio::test]
async fn entities_history_lists_and_diff() {
    let server = TestServer::start();
    let key = server.key("screener");
    let entity = server.get("/v1/entities/un-sc:IRi.039", Some(&key)).await;
    assert_eq!(entity.status, 200, "{}", entity.text);
    assert_eq!(entity.body["status"], "listed");
    assert_eq!(entity.body["entity"]["caption"], "QASEM SOLEIMANI");
    assert_eq!(
        entity.body["entity"]["properties"]["birthDate"],
        json!(["1957-03-11"])
    );
    assert_eq!(entity.body["version"]["published"], "2018-10-29");

    let before = server
        .get("/v1/entities/un-sc:IRi.039?as_of=2017-01-01", Some(&key))
        .await;
    assert_eq!(before.status, 200);
    assert_eq!(before.body["status"], "unknown");
    assert_eq!(before.body["first_version"]["published"], "2018-10-29");

    let by_version = server
        .get("/v1/entities/ofac-sdn:10481?version=1", Some(&key))
        .await;
    assert_eq!(by_version.body["status"], "listed");
    assert_eq!(by_version.body["entity"]["caption"], "SOLEIMANI, Qasem");
    let missing_version = server
        .get("/v1/entities/ofac-sdn:10481?version=9", Some(&key))
        .await;
    assert_error(&missing_version, 404, "not_found");
    let not_listed = server
        .get("/v1/entities/ofac-sdn:999999999", Some(&key))
        .await;
    assert_eq!(not_listed.body["status"], "not_listed");
    let both = server
        .get(
            "/v1/entities/ofac-sdn:10481?version=1&as_of=2024-01-01",
            Some(&key),
        )
        .await;
    assert_error(&both, 400, "bad_request");

    let history = server
        .get("/v1/entities/un-sc:IRi.039/history", Some(&key))
        .await;
    assert_eq!(history.status, 200);
    assert_eq!(
        history.body["intervals"],
        json!([{"from": "2018-10-29", "until": null}])
    );

    let lists = server.get("/v1/lists", Some(&key)).await;
    let lists = lists.body.as_array().unwrap().clone();
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[0]["source"], "ofac-sdn");
    assert_eq!(lists[0]["published"], "2023-12-28");
    assert_eq!(lists[1]["source"], "un-sc");

    // One version only: no previous version to compare with.
    let diff = server.get("/v1/lists/ofac-sdn/diff", Some(&key)).await;
    assert_error(&diff, 404, "not_found");
    let same = server
        .get("/v1/lists/ofac-sdn/diff?from=1&to=2023-12-28", Some(&key))
        .await;
    assert_eq!(same.status, 200, "{}", same.text);
    assert_eq!(same.body["added"], json!([]));
    assert_eq!(same.body["changed"], json!([]));
    let unknown = server.get("/v1/lists/nowhere/diff", Some(&key)).await;
    assert_error(&unknown, 404, "not_found");
}

#[tokio::test]
async fn readiness_waits_for_the_index() {
    let server = TestServer::with(|_| {}, false);
    let key = server.key("screener");
    assert_eq!(server.get("/healthz", None).await.status, 200);
    let not_ready = server.get("/readyz", None).await;
    assert_error(&not_ready, 503, "unavailable");
    let screen = server
        .post("/v1/screen", Some(&key), &json!({"name": "x"}))
        .await;
    assert_error(&screen, 503, "unavailable");
    assert_eq!(screen.headers["retry-after"], "1");
    server.state.reload().unwrap();
    let ready = server.get("/readyz", None).await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.body["generation"], 1);
    assert_eq!(ready.body["entities"], 1093 + 13821, "{}", ready.text);
}

#[tokio::test]
async fn metrics_and_openapi() {
    let server = TestServer::start();
    let key = server.key("screener");
    server
        .post(
            "/v1/screen",
            Some(&key),
            &json!({"name": "Qasem Soleimani"}),
        )
        .await;
    server.get("/v1/lists", Some(&key)).await;
    let metrics = server.get("/metrics", Some(&key)).await;
    assert_eq!(metrics.status, 200);
    let text = &metrics.text;
    assert!(
        text.contains(
            "interdict_http_requests_total{method=\"POST\",route=\"/v1/screen\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("interdict_screenings_total{channel=\"api\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("interdict_alerts_total{status=\"open\"} 2"),
        "{text}"
    );
    assert!(text.contains("interdict_index_generation 1"), "{text}");
    assert!(
        text.contains("interdict_list_version{source=\"un-sc\"} 1"),
        "{text}"
    );
    assert!(text.contains("interdict_index_entities"), "{text}");
    assert!(
        text.contains("interdict_http_request_duration_seconds_bucket{le="),
        "{text}"
    );
    assert_error(&server.get("/metrics", None).await, 401, "unauthorized");

    let openapi = server.get("/openapi.json", Some(&key)).await;
    assert_eq!(openapi.status, 200);
    assert!(openapi.body["openapi"].as_str().unwrap().starts_with("3."));
    let paths = openapi.body["paths"].as_object().unwrap();
    for path in [
        "/v1/screen",
        "/v1/entities/{id}",
        "/v1/alerts/{id}/decision",
        "/match/{dataset}",
        "/readyz",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from {:?}",
            paths.keys()
        );
    }
    assert!(
        openapi.body["components"]["schemas"]["ScreenRequest"]["properties"]["subject_ref"]
            .is_object()
    );
}

#[tokio::test]
async fn whoami_and_ui_redirect() {
    let server = TestServer::start();
    let key = server.key("analyst");
    let me = server.get("/v1/whoami", Some(&key)).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert!(me.body["id"].as_str().is_some());
    let root = server.get("/", None).await;
    assert_eq!(root.status, 307);
    assert_eq!(root.headers["location"], "/ui/");
    let page = server.get("/ui/", None).await;
    assert_eq!(page.status, 200);
    assert!(page.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let etag = page.headers["etag"].clone();
    let again = server
        .send(
            axum::http::Request::get("/ui/")
                .header("if-none-match", etag)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, 304);
}
