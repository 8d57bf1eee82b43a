//! Deal splits over HTTP: upsert and read under every version's path (and the prefix HubSpot's
//! reference prints), replacement, HubSpot's rules (percentages summing to 1 with at most
//! eight decimal places, the deal's owner among the split owners), missing deals.

mod common;

use common::{assert_error, Api, Reply};
use hubspot_crm_emulator::State;
use hubspot_crm_endpoints::{ApiVersion, Family};
use serde_json::{json, Value};

/// A deal owned by owner `owner` (none when empty); its ID.
async fn deal(api: &Api, owner: &str) -> String {
    let mut properties = json!({"dealname": "Big one", "dealstage": "appointmentscheduled"});
    if !owner.is_empty() {
        properties["hubspot_owner_id"] = json!(owner);
    }
    api.create("deals", properties).await
}

fn upsert_body(deal: &str, splits: &[(u64, Value)]) -> Value {
    let splits: Vec<Value> = splits
        .iter()
        .map(|(o, p)| json!({"ownerId": o, "percentage": p}))
        .collect();
    json!({"inputs": [{"id": deal.parse::<u64>().unwrap(), "splits": splits}]})
}

async fn upsert(api: &Api, body: Value) -> Reply {
    api.post(Family::DealSplitsBatchUpsert.path(ApiVersion::Legacy), body)
        .await
}

async fn read(api: &Api, ids: &[&str]) -> Reply {
    let inputs: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    api.post(
        Family::DealSplitsBatchRead.path(ApiVersion::Legacy),
        json!({ "inputs": inputs }),
    )
    .await
}

/// (owner, percentage) of a result's splits.
fn shares(result: &Value) -> Vec<(String, String)> {
    result["splits"]
        .as_array()
        .expect("splits")
        .iter()
        .map(|s| {
            (
                s["properties"]["hubspot_owner_id"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                s["properties"]["hs_deal_split_percentage"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn splits_are_upserted_and_read_under_every_version() {
    let api = Api::start().await;
    let id = deal(&api, "101").await;
    for (n, version) in ApiVersion::ALL.into_iter().enumerate() {
        let second = if n % 2 == 0 { 0.25 } else { 0.4 };
        let r = api
            .post(
                Family::DealSplitsBatchUpsert.path(version),
                upsert_body(&id, &[(101, json!(1.0 - second)), (102, json!(second))]),
            )
            .await;
        assert_eq!(r.status, 200, "{version:?}: {}", r.text);
        assert_eq!(r.body["status"], "COMPLETE");
        let result = &r.body["results"][0];
        assert_eq!(result["id"], id.as_str());
        let expected = vec![
            ("101".to_string(), format!("{}", 1.0 - second)),
            ("102".to_string(), format!("{second}")),
        ];
        assert_eq!(shares(result), expected, "{}", r.text);
        let split = &result["splits"][0];
        assert!(split["id"].as_str().is_some());
        assert_eq!(split["archived"], false);
        assert!(split["createdAt"].as_str().unwrap().ends_with('Z'));

        let r = api
            .post(
                Family::DealSplitsBatchRead.path(version),
                json!({"inputs": [{"id": id}]}),
            )
            .await;
        assert_eq!(r.status, 200, "{version:?}: {}", r.text);
        assert_eq!(shares(&r.body["results"][0]), expected);
    }
    // The prefix HubSpot's current reference prints serves the same.
    let r = api
        .post(
            "/crm/objects/v3/deals/splits/batch/read",
            json!({"inputs": [{"id": id}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["results"][0]["splits"].as_array().map(Vec::len),
        Some(2)
    );
    // The records API still reads the deal itself at the neighbouring path.
    let r = api.get(&format!("/crm/v3/objects/deals/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn an_upsert_replaces_a_deals_splits_and_owners_kept_keep_their_split() {
    let api = Api::start().await;
    let id = deal(&api, "101").await;
    let first = upsert(
        &api,
        upsert_body(&id, &[(101, json!(0.5)), (102, json!(0.5))]),
    )
    .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let ada = first.body["results"][0]["splits"][0]["id"].clone();
    let second = upsert(&api, upsert_body(&id, &[(101, json!(1))])).await;
    assert_eq!(second.status, 200, "{}", second.text);
    let result = &second.body["results"][0];
    assert_eq!(shares(result), vec![("101".to_string(), "1".to_string())]);
    assert_eq!(
        result["splits"][0]["id"], ada,
        "the owner kept keeps the split"
    );
    let r = read(&api, &[&id]).await;
    assert_eq!(
        r.body["results"][0]["splits"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn hubspots_rules_refuse_the_whole_upsert() {
    let api = Api::start().await;
    let id = deal(&api, "101").await;
    let ownerless = deal(&api, "").await;
    let cases: Vec<(Value, &str)> = vec![
        (
            upsert_body(&id, &[(101, json!(0.5)), (102, json!(0.4))]),
            "sum to 0.9, not 1",
        ),
        (
            upsert_body(&id, &[(101, json!(0.333333333)), (102, json!(0.666666667))]),
            "at most 8 decimal places",
        ),
        (
            upsert_body(&id, &[(102, json!(1))]),
            "owner 101 must be among",
        ),
        (
            upsert_body(&id, &[(101, json!(0.5)), (424242, json!(0.5))]),
            "not an active owner",
        ),
        (
            upsert_body(&id, &[(101, json!(0.5)), (103, json!(0.5))]),
            "not an active owner",
        ),
        (
            upsert_body(&id, &[(101, json!(0.5)), (101, json!(0.5))]),
            "two splits",
        ),
        (
            upsert_body(&id, &[(101, json!(1.5)), (102, json!(-0.5))]),
            "above 0 and at most 1",
        ),
        (
            upsert_body(&id, &[(101, json!("1"))]),
            "above 0 and at most 1",
        ),
        (upsert_body(&id, &[]), "at least one split"),
        (upsert_body(&ownerless, &[(101, json!(1))]), "has no owner"),
        (
            json!({"inputs": [
                {"id": id, "splits": [{"ownerId": 101, "percentage": 1}]},
                {"id": id, "splits": [{"ownerId": 101, "percentage": 1}]},
            ]}),
            "given twice",
        ),
        (json!({"inputs": []}), "no inputs"),
    ];
    for (body, message) in cases {
        let r = upsert(&api, body.clone()).await;
        assert_error(&r, 400, "VALIDATION_ERROR", message);
    }
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"id": i, "splits": [{"ownerId": 101, "percentage": 1}]}))
        .collect();
    assert_error(
        &upsert(&api, json!({ "inputs": many })).await,
        400,
        "VALIDATION_ERROR",
        "between 1 and 100",
    );
    // A valid deal beside a refused one is not written either.
    let other = deal(&api, "102").await;
    let r = upsert(
        &api,
        json!({"inputs": [
            {"id": other, "splits": [{"ownerId": 102, "percentage": 1}]},
            {"id": id, "splits": [{"ownerId": 102, "percentage": 1}]},
        ]}),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(api.emulator.snapshot().deal_splits.by_deal.is_empty());
    // Eight places are fine, and three thirds sum exactly.
    let r = upsert(
        &api,
        upsert_body(
            &id,
            &[
                (101, json!(0.33333334)),
                (102, json!(0.33333333)),
                (101, json!(0)),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, 400, "two splits for 101: {}", r.text);
    let r = upsert(
        &api,
        upsert_body(&id, &[(101, json!(0.66666667)), (102, json!(0.33333333))]),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn deals_that_do_not_exist_fail_one_by_one() {
    let api = Api::start().await;
    let id = deal(&api, "101").await;
    let bare = deal(&api, "102").await;
    let r = upsert(
        &api,
        json!({"inputs": [
            {"id": 999999, "splits": [{"ownerId": 101, "percentage": 1}]},
            {"id": id, "splits": [{"ownerId": 101, "percentage": 1}]},
        ]}),
    )
    .await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_eq!(r.body["numErrors"], 1);
    assert_eq!(r.body["errors"][0]["category"], "OBJECT_NOT_FOUND");
    assert_eq!(r.body["errors"][0]["context"]["ids"], json!(["999999"]));
    assert_eq!(r.body["results"].as_array().map(Vec::len), Some(1));

    let r = read(&api, &[&id, &bare, "424242", &id]).await;
    assert_eq!(r.status, 207, "{}", r.text);
    let results = r.body["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "each deal once: {}", r.text);
    assert_eq!(
        results[1],
        json!({"id": bare, "splits": []}),
        "no splits yet"
    );
    assert_eq!(r.body["errors"][0]["context"]["ids"], json!(["424242"]));

    // An archived deal's splits are not served.
    let gone = api.delete(&format!("/crm/v3/objects/deals/{id}")).await;
    assert_eq!(gone.status, 204);
    let r = read(&api, &[&id]).await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_eq!(r.body["results"], json!([]));
}

#[tokio::test]
async fn snapshots_without_deal_splits_still_load() {
    let api = Api::start().await;
    let mut snapshot = serde_json::to_value(api.emulator.snapshot()).expect("serialises");
    snapshot
        .as_object_mut()
        .expect("an object")
        .remove("deal_splits");
    let state: State = serde_json::from_value(snapshot).expect("an older snapshot loads");
    assert!(state.deal_splits.by_deal.is_empty());
}
