//! The index swap under load: a new UN version is imported and swapped in
//! while screenings run; none fails, and each answer names exactly one UN
//! version (never a half-built index).

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::{import, result_ids, TestServer};
use interdict_model::SourceId;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn swap_while_screening() {
    let server = Arc::new(TestServer::start());
    let key = server.key("screener");
    let done = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for _ in 0..4 {
        let (server, key, done) = (server.clone(), key.clone(), done.clone());
        clients.push(tokio::spawn(async move {
            let mut published = Vec::new();
            while !done.load(Ordering::SeqCst) {
                let answer = server
                    .post(
                        "/v1/screen",
                        Some(&key),
                        &json!({"name": "Abd al-Khaliq al-Houthi", "sources": ["un-sc"]}),
                    )
                    .await;
                assert_eq!(answer.status, 200, "{}", answer.text);
                assert_eq!(result_ids(&answer.body)[0], "un-sc:YEi.001");
                let versions = answer.body["versions"].as_array().unwrap();
                assert_eq!(versions.len(), 1);
                published.push(versions[0]["published"].as_str().unwrap().to_string());
            }
            published
        }));
    }
    let worker = server.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        import(
            worker.dir.path(),
            SourceId::UnSc,
            "un-sc/consolidated_2020-11-24.xml",
        );
        worker.state.reload()
    })
    .await
    .unwrap()
    .unwrap();
    assert!(
        matches!(
            outcome,
            interdict_server::ReloadOutcome::Swapped { generation: 2, .. }
        ),
        "{outcome:?}"
    );
    // Let the clients see the new index for a moment.
    let after = server
        .post(
            "/v1/screen",
            Some(&key),
            &json!({"name": "x y z", "sources": ["un-sc"]}),
        )
        .await;
    assert_eq!(after.body["versions"][0]["published"], "2020-11-24");
    done.store(true, Ordering::SeqCst);
    let mut seen = Vec::new();
    for client in clients {
        seen.extend(client.await.expect("no client failed"));
    }
    assert!(!seen.is_empty());
    assert!(
        seen.iter().all(|p| p == "2018-10-29" || p == "2020-11-24"),
        "{seen:?}"
    );
    let ready = server.get("/readyz", None).await;
    assert_eq!(ready.body["generation"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_picks_up_an_import_from_elsewhere() {
    let server = TestServer::with(
        |config| config.reload_interval = Some(std::time::Duration::from_millis(200)),
        false,
    );
    interdict_server::spawn_reloader(server.state.clone());
    let mut generation = serde_json::Value::Null;
    for _ in 0..600 {
        let ready = server.get("/readyz", None).await;
        if ready.status == 200 {
            generation = ready.body["generation"].clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(generation, 1, "the first index loads in the background");
    let dir = server.dir.path().to_path_buf();
    tokio::task::spawn_blocking(move || {
        import(&dir, SourceId::UnSc, "un-sc/consolidated_2020-11-24.xml")
    })
    .await
    .unwrap();
    let mut published = String::new();
    for _ in 0..600 {
        let ready = server.get("/readyz", None).await;
        if ready.body["generation"] == 2 {
            let versions = ready.body["versions"].as_array().unwrap();
            let un = versions.iter().find(|v| v["source"] == "un-sc").unwrap();
            published = un["published"].as_str().unwrap().to_string();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        published, "2020-11-24",
        "the poll swapped the new version in"
    );
}
