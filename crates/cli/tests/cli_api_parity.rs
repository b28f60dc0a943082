//! `interdict screen --json` and `POST /v1/screen` answer alike: the same results (ids,
//! scores, explanations), the same judgements (`match`), the same alert states, the same
//! versions, for the same query. Both go through `interdict_app::screen` and `record`; this
//! test holds them to it over real names: UN positives with typos and their birth dates and
//! nationalities (OpenSanctions' screening fixtures), synthetic negatives, and names in other
//! scripts and with titles.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use common::Data;
use http_body_util::BodyExt;
use interdict_model::PartialDate;
use interdict_server::{router, AppState, ServerConfig};
use serde_json::{json, Value};
use tower::ServiceExt;

/// One query: name, birth date, country, type.
struct Case {
    name: String,
    birth_date: Option<String>,
    country: Option<String>,
    kind: Option<&'static str>,
}

fn bench_file(name: &str) -> PathBuf {
    common::lists_dir()
        .parent()
        .expect("the shared folder")
        .join("bench/screening_fixtures")
        .join(name)
}

/// The first `n` rows of a screening fixture whose birth date is one interdict reads.
fn fixture(name: &str, n: usize) -> Vec<Case> {
    let mut reader = csv::Reader::from_path(bench_file(name)).expect("the fixture");
    let mut cases = Vec::new();
    for row in reader.records() {
        let row = row.expect("a row");
        let birth = row[5].trim().to_string();
        if !birth.is_empty() && birth.parse::<PartialDate>().is_err() {
            continue;
        }
        cases.push(Case {
            name: row[0].to_string(),
            birth_date: (!birth.is_empty()).then_some(birth),
            country: (!row[7].trim().is_empty()).then(|| row[7].trim().to_string()),
            kind: Some("person"),
        });
        if cases.len() == n {
            break;
        }
    }
    cases
}

fn by_hand() -> Vec<Case> {
    let case = |name: &str, kind: Option<&'static str>| Case {
        name: name.to_string(),
        birth_date: None,
        country: None,
        kind,
    };
    vec![
        Case {
            birth_date: Some("1957".into()),
            country: Some("IR".into()),
            ..case("Gen. Qassem Suleimani", None)
        },
        case("قاسم سليماني", None),
        case("Kim Jong Un", Some("person")),
        case("AEROCARIBBEAN AIRLINES", None),
        case("Banco Nacional de Cuba", Some("company")),
        case("Marguerite Villeneuve-Okafor", Some("person")),
    ]
}

/// An answer without what differs between two recordings of one screening: the
/// screening's id and the alert ids.
fn comparable(mut answer: Value) -> Value {
    let map = answer.as_object_mut().expect("an answer object");
    assert!(map.remove("screening_id").is_some_and(|id| id.is_u64()));
    for result in map["results"].as_array_mut().expect("results") {
        if let Some(alert) = result.get_mut("alert") {
            assert!(alert["id"].is_u64(), "{alert}");
            alert.as_object_mut().expect("an alert").remove("id");
        }
    }
    answer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_screen_and_the_api_give_the_same_hits_scores_and_decisions() {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2026-02-27.xml"]);
    data.import("ofac-sdn", &["ofac-sdn/2023-12-28"]);
    let key = interdict_app::DataDir::new(data.path())
        .keys()
        .expect("the key store")
        .create(interdict_keys::Role::Screener, Some("parity"))
        .expect("a key")
        .key;
    let mut config = ServerConfig::new(data.path());
    config.reload_interval = None;
    config.rate_limit = None;
    let state = Arc::new(AppState::new(config).expect("the server state"));
    state.reload().expect("the World loads");
    let app = router(state);

    let mut cases = fixture("positives_un_treated.csv", 8);
    cases.extend(fixture("negatives_global.csv", 4));
    cases.extend(by_hand());
    let (mut alerting, mut quiet) = (0, 0);
    for case in &cases {
        let mut args: Vec<&str> = vec![&case.name];
        let mut body = json!({"name": case.name});
        if let Some(birth) = &case.birth_date {
            args.extend(["--birth-date", birth]);
            body["birth_date"] = json!(birth);
        }
        if let Some(country) = &case.country {
            args.extend(["--country", country]);
            body["countries"] = json!([country]);
        }
        if let Some(kind) = case.kind {
            args.extend(["--type", kind]);
            body["schema"] = json!(kind);
        }
        let (code, cli) = data.json_alerting("screen", &args);
        let request = Request::post("/v1/screen")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {key}"))
            .body(Body::from(body.to_string()))
            .expect("a request");
        let response = app.clone().oneshot(request).await.expect("infallible");
        assert_eq!(response.status(), 200, "{}", case.name);
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("the body")
            .to_bytes();
        let api: Value = serde_json::from_slice(&bytes).expect("JSON");
        let any_match = cli["results"]
            .as_array()
            .expect("results")
            .iter()
            .any(|r| r["match"] == true);
        assert_eq!(
            code == 3,
            any_match,
            "{}: the exit code says the same",
            case.name
        );
        if any_match {
            alerting += 1;
        } else {
            quiet += 1;
        }
        assert_eq!(comparable(cli), comparable(api), "{}", case.name);
    }
    // The set of names exercises both sides of the line.
    eprintln!("{alerting} alerting, {quiet} quiet");
    assert!(
        alerting >= 8 && quiet >= 4,
        "{alerting} alerting, {quiet} quiet"
    );
}
