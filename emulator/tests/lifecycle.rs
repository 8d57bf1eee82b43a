//! Starting, stopping, seeding, snapshots and concurrency.

mod common;

use std::collections::BTreeSet;

use common::Api;
use hubspot_crm_emulator::{Config, Emulator};
use serde_json::json;

#[tokio::test]
async fn concurrent_creates_lose_and_duplicate_nothing() {
    let api = Api::start().await;
    let mut tasks = Vec::new();
    for i in 0..100 {
        let http = api.http.clone();
        let url = api.url("/crm/v3/objects/contacts");
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(url)
                .bearer_auth("test-token")
                .json(&json!({"properties": {"email": format!("c{i}@example.com")}}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 201);
            r.json::<serde_json::Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        }));
    }
    let mut ids = BTreeSet::new();
    for t in tasks {
        assert!(ids.insert(t.await.unwrap()), "duplicate ID");
    }
    assert_eq!(ids.len(), 100);
    let state = api.emulator.snapshot();
    let emails: BTreeSet<_> = state.types["contacts"]
        .records
        .values()
        .map(|r| r.properties["email"].clone())
        .collect();
    assert_eq!(emails.len(), 100);
}

#[tokio::test]
async fn concurrent_creates_of_one_unique_value_make_exactly_one_record() {
    let api = Api::start().await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let http = api.http.clone();
        let url = api.url("/crm/v3/objects/contacts");
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth("test-token")
                .json(&json!({"properties": {"email": "same@example.com"}}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        19,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn state_is_written_on_stop_and_loaded_on_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let config = Config {
        state_file: Some(file.clone()),
        ..Config::default()
    };
    let first = Emulator::start(config.clone()).await.unwrap();
    let ids = first
        .seed(
            "deals",
            [&[("dealname", "Keep me"), ("dealstage", "closedwon")][..]],
        )
        .unwrap();
    first.stop().await.unwrap();
    assert!(file.exists());

    let second = Api {
        emulator: Emulator::start(config).await.unwrap(),
        http: reqwest::Client::new(),
    };
    let r = second
        .get(&format!("/crm/v3/objects/deals/{}", ids[0]))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["properties"]["dealname"], "Keep me");
    // IDs keep counting from where they were.
    let next = second
        .create(
            "deals",
            json!({"dealname": "New", "dealstage": "qualifiedtobuy"}),
        )
        .await;
    assert_ne!(next, ids[0].to_string());
}

#[tokio::test]
async fn a_corrupt_state_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    std::fs::write(&file, "{not a snapshot").unwrap();
    let err = Emulator::start(Config {
        state_file: Some(file.clone()),
        ..Config::default()
    })
    .await
    .err()
    .expect("refuses to start");
    let message = err.to_string();
    assert!(
        message.contains("state.json") && message.contains("not a state snapshot"),
        "{message}"
    );
}

#[tokio::test]
async fn seed_validates_like_the_api_and_snapshot_restore_round_trips() {
    let api = Api::start().await;
    let err = api
        .emulator
        .seed("contacts", [&[("lifecyclestage", "royalty")][..]])
        .unwrap_err();
    assert_eq!(err.status, 400);
    let snapshot = api.emulator.snapshot();
    api.emulator
        .seed("contacts", [&[("email", "x@example.com")][..]])
        .unwrap();
    assert_eq!(api.emulator.snapshot().types["contacts"].records.len(), 1);
    api.emulator.restore(snapshot);
    assert_eq!(api.emulator.snapshot().types["contacts"].records.len(), 0);
}
