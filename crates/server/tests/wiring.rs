//! The semantics, bulk, message and text endpoints over real lists (UN SC
//! 2018-10-29, OFAC SDN 2023-12-28): batch NDJSON, payment messages, text
//! mentions, travel checks, ownership exposure, and the party view of an
//! entity.

mod common;

use std::path::PathBuf;

use common::{assert_error, TestServer};
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../messages/tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ndjson(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

#[tokio::test]
async fn batch_streams_one_line_per_record_and_records_each_in_the_audit_log() {
    let server = TestServer::start();
    let key = server.key("screener");
    let body = concat!(
        "{\"ref\": \"C-1\", \"name\": \"Qasem Soleimani\", \"birth_date\": \"1957\"}\n",
        "this is not json\n",
        "\n",
        "{\"ref\": \"C-3\", \"name\": \"Mahan Air\", \"schema\": \"organization\"}\n",
        "{\"ref\": \"C-4\", \"name\": \"Q\", \"birth_date\": \"1971-02-30\"}\n",
    );
    let answer = server
        .post_raw(
            "/v1/screen/batch",
            Some(&key),
            "application/x-ndjson",
            body.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.headers["content-type"], "application/x-ndjson");
    let lines = ndjson(&answer.text);
    assert_eq!(lines.len(), 4, "{}", answer.text);
    // Record 1: both listings of Soleimani, alerted and recorded.
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["ref"], "C-1");
    assert_eq!(lines[0]["alert"], true);
    let ids: Vec<&str> = lines[0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids[..2].contains(&"ofac-sdn:10481"), "{ids:?}");
    assert!(ids[..2].contains(&"un-sc:IRi.039"), "{ids:?}");
    assert_eq!(lines[0]["results"][0]["alert"]["status"], "open");
    let first_seq = lines[0]["screening_id"].as_u64().unwrap();
    // Line 2: an error line with its line number; the request goes on.
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().is_some(), "{}", lines[1]);
    assert!(lines[1].get("results").is_none());
    // Line 3 is blank; line 4 is Mahan Air.
    assert_eq!(lines[2]["line"], 4);
    assert_eq!(lines[2]["ref"], "C-3");
    assert_eq!(lines[2]["results"][0]["id"], "ofac-sdn:12927");
    // Records of one chunk are screened in parallel, so their audit entries
    // are distinct but need not follow input order.
    let third_seq = lines[2]["screening_id"].as_u64().unwrap();
    assert_ne!(third_seq, first_seq);
    assert_eq!(first_seq.abs_diff(third_seq), 1, "{first_seq} {third_seq}");
    // Line 5: a birth date that is no date.
    assert_eq!(lines[3]["line"], 5);
    assert_eq!(lines[3]["ref"], "C-4");
    assert!(
        lines[3]["error"].as_str().unwrap().contains("1971-02-30"),
        "{}",
        lines[3]
    );

    // One audit entry per good record, channel "batch", subject = the ref.
    let analyst = server.key("analyst");
    let alerts = server
        .get("/v1/alerts?status=all&limit=100", Some(&analyst))
        .await;
    assert_eq!(alerts.status, 200, "{}", alerts.text);
    let batch: Vec<&Value> = alerts.body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["channel"] == "batch")
        .collect();
    assert!(batch
        .iter()
        .any(|a| a["entity_id"] == "ofac-sdn:10481" && a["subject_key"] == "ref:C-1"));
    assert!(batch
        .iter()
        .any(|a| a["entity_id"] == "ofac-sdn:12927" && a["subject_key"] == "ref:C-3"));
    let metrics = server.get("/metrics", Some(&key)).await;
    assert!(
        metrics
            .text
            .contains("interdict_screenings_total{channel=\"batch\"} 2"),
        "{}",
        metrics.text
    );
}

#[tokio::test]
async fn batch_refusals() {
    let server = TestServer::start();
    let key = server.key("screener");
    let json_list = server
        .post_raw(
            "/v1/screen/batch",
            Some(&key),
            "text/csv",
            b"name\nX\n".to_vec(),
        )
        .await;
    assert_error(&json_list, 415, "unsupported_media_type");
    let empty = server
        .post_raw(
            "/v1/screen/batch",
            Some(&key),
            "application/x-ndjson",
            b"\n\n".to_vec(),
        )
        .await;
    assert_error(&empty, 400, "bad_request");
    let many = "{\"name\": \"x\"}\n".repeat(10_001);
    let too_many = server
        .post_raw(
            "/v1/screen/batch",
            Some(&key),
            "application/x-ndjson",
            many.into_bytes(),
        )
        .await;
    assert_error(&too_many, 413, "payload_too_large");
    let bad_threshold = server
        .post_raw(
            "/v1/screen/batch?threshold=2",
            Some(&key),
            "application/x-ndjson",
            b"{\"name\": \"x\"}\n".to_vec(),
        )
        .await;
    assert_error(&bad_threshold, 400, "bad_request");
    let anonymous = server
        .post_raw(
            "/v1/screen/batch",
            None,
            "application/x-ndjson",
            b"{}".to_vec(),
        )
        .await;
    assert_error(&anonymous, 401, "unauthorized");
}

#[tokio::test]
async fn a_pacs008_with_a_listed_creditor_alerts_with_its_field_path() {
    let server = TestServer::start();
    let key = server.key("screener");
    let answer = server
        .post_raw(
            "/v1/screen/message?date=2026-01-15&file=pacs008_listed_parties.xml",
            Some(&key),
            "application/xml",
            fixture("pacs008_listed_parties.xml"),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let body = &answer.body;
    assert_eq!(body["alert"], true);
    assert_eq!(body["file"], "pacs008_listed_parties.xml");
    assert_eq!(body["messages"][0]["format"], "pacs.008");
    assert_eq!(body["messages"][0]["id"], "HTG-20260115-0042");
    let hits = body["hits"].as_array().unwrap();
    let creditor = hits
        .iter()
        .find(|h| h["field"] == "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm")
        .unwrap_or_else(|| panic!("no creditor hit in {}", answer.text));
    assert_eq!(creditor["kind"], "party");
    assert_eq!(creditor["id"], "ofac-sdn:12927");
    assert_eq!(creditor["match"], true);
    assert_eq!(creditor["alert"]["status"], "open");
    let vessel = hits.iter().find(|h| h["kind"] == "text").unwrap();
    assert_eq!(vessel["id"], "ofac-sdn:27304");
    assert_eq!(
        vessel["mention"],
        json!({"start": 28, "end": 42, "text": "ADRIAN DARYA 1"})
    );
    assert!(body["screening_id"].as_u64().is_some());

    // The audit entry: channel "message", the payment named by its hash.
    let analyst = server.key("analyst");
    let alerts = server
        .get("/v1/alerts?status=all&limit=100", Some(&analyst))
        .await;
    let message_alerts: Vec<&Value> = alerts.body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["channel"] == "message")
        .collect();
    assert!(message_alerts
        .iter()
        .any(|a| a["entity_id"] == "ofac-sdn:12927"
            && a["subject_key"]
                .as_str()
                .unwrap()
                .starts_with("ref:message:sha256:")));
}

#[tokio::test]
async fn a_broken_message_is_refused_with_its_place() {
    let server = TestServer::start();
    let key = server.key("screener");
    let truncated = server
        .post_raw(
            "/v1/screen/message?file=truncated.xml",
            Some(&key),
            "application/xml",
            fixture("truncated.xml"),
        )
        .await;
    assert_error(&truncated, 422, "invalid_message");
    assert_eq!(
        truncated.body["error"]["message"],
        "truncated.xml:42:5: unexpected end of file: <Cdtr> opened at line 40 is not closed (truncated?)"
    );
    let fin = server
        .post_raw(
            "/v1/screen/message?file=mt103_no_block4.fin",
            Some(&key),
            "text/plain",
            fixture("mt103_no_block4.fin"),
        )
        .await;
    assert_error(&fin, 422, "invalid_message");
    assert_eq!(
        fin.body["error"]["message"],
        "mt103_no_block4.fin: message 1 (line 1), field {4:}: the text block {4:} is missing"
    );
    let json_body = server
        .post("/v1/screen/message", Some(&key), &json!({"x": 1}))
        .await;
    assert_error(&json_body, 415, "unsupported_media_type");
}

#[tokio::test]
async fn text_mentions_soleimani_in_plain_text_json_and_html() {
    let server = TestServer::start();
    let key = server.key("screener");
    let text = "Gen. Qassem Suleimani's visit to Moscow in July 2015 broke the UN travel ban.";
    let plain = server
        .post_raw(
            "/v1/screen/text",
            Some(&key),
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(plain.status, 200, "{}", plain.text);
    let mentions = plain.body["mentions"].as_array().unwrap();
    let ofac = mentions
        .iter()
        .find(|m| m["id"] == "ofac-sdn:10481")
        .unwrap_or_else(|| panic!("no OFAC mention: {}", plain.text));
    assert_eq!(ofac["text"], "Qassem Suleimani");
    assert_eq!(ofac["start"], 5);
    assert_eq!(ofac["end"], 21);
    assert_eq!(ofac["match"], true);
    assert_eq!(ofac["alert"]["status"], "open");
    assert_eq!(plain.body["text_chars"], text.chars().count());
    assert!(plain.body["screening_id"].as_u64().is_some());

    let as_json = server
        .post(
            "/v1/screen/text",
            Some(&key),
            &json!({"text": format!("<p>{text}</p><script>Mahan Air</script>"), "html": true}),
        )
        .await;
    assert_eq!(as_json.status, 200, "{}", as_json.text);
    let ids: Vec<&str> = as_json.body["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"ofac-sdn:10481"), "{ids:?}");
    assert!(
        !ids.contains(&"ofac-sdn:12927"),
        "script text is not read: {ids:?}"
    );

    let nothing = server
        .post_raw(
            "/v1/screen/text",
            Some(&key),
            "text/plain",
            b"the weather was mild and sunny all week.".to_vec(),
        )
        .await;
    assert_eq!(nothing.status, 200);
    assert_eq!(nothing.body["mentions"], json!([]));
    let bad = server
        .post_raw(
            "/v1/screen/text",
            Some(&key),
            "text/plain",
            vec![0xff, 0xfe],
        )
        .await;
    assert_error(&bad, 400, "bad_request");
    let pdf = server
        .post_raw(
            "/v1/screen/text",
            Some(&key),
            "application/pdf",
            b"%PDF".to_vec(),
        )
        .await;
    assert_error(&pdf, 415, "unsupported_media_type");
}

#[tokio::test]
async fn soleimani_to_russia_in_july_2015_is_a_travel_ban_violation() {
    let server = TestServer::start();
    let key = server.key("screener");
    let answer = server
        .post(
            "/v1/travel-check",
            Some(&key),
            &json!({"name": "Qasem Soleimani", "to": "Russia", "date": "2015-07-24"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let body = &answer.body;
    assert_eq!(body["outcome"], "violation");
    assert_eq!(body["destination"], "RU");
    assert_eq!(body["inference"], true, "the UN file held starts in 2018");
    let binding: Vec<(&str, &str)> = body["bans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["binds_destination"] == true)
        .map(|b| {
            (
                b["regime"].as_str().unwrap(),
                b["entity_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(binding, [("un-iran", "un-sc:IRi.039")]);
    let un = body["bans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["regime"] == "un-iran")
        .unwrap();
    assert_eq!(un["citation"], "https://undocs.org/S/RES/1929(2010)");
    assert_eq!(un["in_force_from"], "2010-06-09");
    assert_eq!(un["until"], "2016-01-16");

    for (request, code) in [
        (
            json!({"name": "Qasem Soleimani", "to": "Atlantis", "date": "2015-07-24"}),
            "bad_request",
        ),
        (
            json!({"name": "Qasem Soleimani", "to": "RU", "date": "24/07/2015"}),
            "bad_request",
        ),
        (
            json!({"name": "", "to": "RU", "date": "2015-07-24"}),
            "bad_request",
        ),
        (json!({"name": "X", "to": "RU"}), "invalid_json"),
    ] {
        let refused = server.post("/v1/travel-check", Some(&key), &request).await;
        assert_error(&refused, 400, code);
    }
}

#[tokio::test]
async fn exposure_over_user_ownership_rows_is_blocked_by_ownership() {
    let server = TestServer::start();
    let screener = server.key("screener");
    let analyst = server.key("analyst");
    let csv = "owner,owned,percent,as_of\n\
               ofac-sdn:16456,Acme Trading LLC,30,2024-01-01\n\
               ofac-sdn:2686,Acme Trading LLC,25,2024-01-01\n\
               Jane Doe,Acme Trading LLC,45,2024-01-01\n";
    // Before the import: no known exposure.
    let before = server
        .post(
            "/v1/exposure",
            Some(&screener),
            &json!({"party": "Acme Trading LLC"}),
        )
        .await;
    assert_eq!(before.status, 200, "{}", before.text);
    assert_eq!(before.body["blocked_by_ownership"], false);

    let forbidden = server
        .post_raw(
            "/v1/ownership",
            Some(&screener),
            "text/csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_error(&forbidden, 403, "forbidden");
    let imported = server
        .post_raw(
            "/v1/ownership?file=owners.csv",
            Some(&analyst),
            "text/csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(imported.status, 200, "{}", imported.text);
    assert_eq!(imported.body["rows"], 3);
    assert_eq!(imported.body["file_name"], "owners.csv");
    assert_eq!(imported.body["already_imported"], false);

    let answer = server
        .post(
            "/v1/exposure",
            Some(&screener),
            &json!({"party": "Acme Trading LLC"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let body = &answer.body;
    assert_eq!(body["jurisdiction"], "us");
    assert_eq!(body["listed"], false);
    assert_eq!(body["blocked_by_ownership"], true);
    assert_eq!(body["aggregate_percent"], 55.0);
    assert_eq!(body["ownership_rows_in_force"], 3);
    assert!(
        !body["paths"].as_array().unwrap().is_empty(),
        "{}",
        answer.text
    );
    // The UK does not add up the holdings of different designated persons.
    let uk = server
        .post(
            "/v1/exposure",
            Some(&screener),
            &json!({"party": "Acme Trading LLC", "jurisdiction": "uk"}),
        )
        .await;
    assert_eq!(uk.status, 200, "{}", uk.text);
    assert_eq!(uk.body["blocked_by_ownership"], false);

    let bad = server
        .post_raw(
            "/v1/ownership?file=bad.csv",
            Some(&analyst),
            "text/csv",
            b"owner,owned,percent,as_of\nA Corp,B Corp,150,2024-01-01\n".to_vec(),
        )
        .await;
    assert_error(&bad, 422, "invalid_ownership_data");
    let message = bad.body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("bad.csv, line 2: "), "{message}");
    let unknown = server
        .post(
            "/v1/exposure",
            Some(&screener),
            &json!({"party": "ofac-sdn:999999999"}),
        )
        .await;
    assert_error(&unknown, 404, "not_found");
    let bad_rule = server
        .post(
            "/v1/exposure",
            Some(&screener),
            &json!({"party": "Acme", "jurisdiction": "fr"}),
        )
        .await;
    assert_error(&bad_rule, 400, "bad_request");
}

#[tokio::test]
async fn an_entity_carries_its_party_across_the_lists() {
    let server = TestServer::start();
    let key = server.key("screener");
    let answer = server.get("/v1/entities/ofac-sdn:10481", Some(&key)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let body = &answer.body;
    assert_eq!(body["status"], "listed");
    let party = &body["party"];
    assert_eq!(party["id"], "ofac-sdn:10481");
    let members: Vec<&str> = party["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        members,
        ["ofac-sdn:10481", "un-sc:IRi.039"],
        "{}",
        answer.text
    );
    let un = party["status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "un-sc")
        .unwrap();
    assert_eq!(un["status"], "listed");
    assert_eq!(un["since"], "2007-03-24");

    let unknown = server
        .get("/v1/entities/ofac-sdn:999999999", Some(&key))
        .await;
    assert_eq!(unknown.status, 200, "{}", unknown.text);
    assert_eq!(unknown.body["party"], Value::Null);
}

#[tokio::test]
async fn the_new_endpoints_are_in_the_openapi_document() {
    let server = TestServer::start();
    let key = server.key("screener");
    let doc = server.get("/openapi.json", Some(&key)).await;
    for path in [
        "/v1/screen/batch",
        "/v1/screen/message",
        "/v1/screen/text",
        "/v1/travel-check",
        "/v1/exposure",
        "/v1/ownership",
        "/v1/entities/{id}",
    ] {
        assert!(doc.body["paths"].get(path).is_some(), "{path} missing");
    }
}
