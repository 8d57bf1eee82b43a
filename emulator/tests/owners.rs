//! Owners over HTTP: the configured owners, listed a page at a time with the `email` and
//! `archived` filters, and read one by owner ID or user ID.

mod common;

use common::{assert_error, Api};
use hubspot_crm_emulator::owners::Owner;
use hubspot_crm_emulator::Config;
use hubspot_crm_endpoints::{ApiVersion, Family};
use serde_json::Value;

fn ids(body: &Value) -> Vec<&str> {
    body["results"]
        .as_array()
        .unwrap_or_else(|| panic!("results: {body}"))
        .iter()
        .map(|o| o["id"].as_str().expect("an id"))
        .collect()
}

#[tokio::test]
async fn owners_are_listed_with_hubspots_shape_and_filters() {
    let api = Api::start().await;
    let r = api.get("/crm/v3/owners").await;
    assert_eq!(
        r.status.as_u16(),
        Family::OwnersList.status(ApiVersion::Legacy),
        "{}",
        r.text
    );
    assert_eq!(ids(&r.body), ["101", "102"], "active owners only");
    assert!(r.body["paging"].is_null(), "one page");
    let ada = &r.body["results"][0];
    assert_eq!(ada["email"], "ada@example.com");
    assert_eq!(ada["firstName"], "Ada");
    assert_eq!(ada["lastName"], "Lovelace");
    assert_eq!(ada["userId"], 9001);
    assert_eq!(ada["archived"], false);
    assert_eq!(ada["teams"][0]["name"], "Sales");
    assert_eq!(ada["teams"][0]["primary"], true);
    assert!(ada["createdAt"].is_string() && ada["updatedAt"].is_string());

    let r = api.get("/crm/v3/owners?archived=true").await;
    assert_eq!(ids(&r.body), ["103"]);
    assert_eq!(r.body["results"][0]["archived"], true);
    let r = api.get("/crm/owners/2026-03?email=GRACE@example.com").await;
    assert_eq!(ids(&r.body), ["102"], "email matches whatever its case");
    let r = api.get("/crm/v3/owners?email=nobody@example.com").await;
    assert_eq!(ids(&r.body), Vec::<&str>::new());

    // Paging.
    let r = api.get("/crm/v3/owners?limit=1").await;
    assert_eq!(ids(&r.body), ["101"]);
    let after = r.body["paging"]["next"]["after"]
        .as_str()
        .expect("a next page");
    let r = api
        .get(&format!("/crm/v3/owners?limit=1&after={after}"))
        .await;
    assert_eq!(ids(&r.body), ["102"]);
    assert!(r.body["paging"].is_null(), "the last page");
    let max = Family::OwnersList.spec().page_size.expect("paged").max;
    assert_error(
        &api.get(&format!("/crm/v3/owners?limit={}", max + 1)).await,
        400,
        "VALIDATION_ERROR",
        "limit must be between 1 and",
    );
}

#[tokio::test]
async fn an_owner_is_read_by_owner_id_or_user_id() {
    let api = Api::start().await;
    let r = api.get("/crm/v3/owners/102").await;
    assert_eq!(
        r.status.as_u16(),
        Family::OwnersGet.status(ApiVersion::Legacy),
        "{}",
        r.text
    );
    assert_eq!(r.body["email"], "grace@example.com");
    let r = api.get("/crm/owners/2026-09/9001?idProperty=userId").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["id"], "101");
    // A user ID is not an owner ID.
    assert_error(
        &api.get("/crm/v3/owners/9001").await,
        404,
        "OBJECT_NOT_FOUND",
        "not found",
    );
    // Archived owners only when asked for.
    assert_eq!(api.get("/crm/v3/owners/103").await.status, 404);
    let r = api.get("/crm/v3/owners/103?archived=true").await;
    assert_eq!(r.body["archived"], true);
    assert_error(
        &api.get("/crm/v3/owners/101?idProperty=email").await,
        400,
        "VALIDATION_ERROR",
        "idProperty must be id or userId",
    );
}

#[tokio::test]
async fn owners_come_from_the_config() {
    let api = Api::with(Config {
        owners: vec![Owner::new("7", "solo@example.com", "Solo", "Owner", 70)],
        ..Config::default()
    })
    .await;
    let r = api.get("/crm/v3/owners").await;
    assert_eq!(ids(&r.body), ["7"]);
    assert_eq!(r.body["results"][0]["teams"], serde_json::json!([]));
}
