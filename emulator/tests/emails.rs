//! Contacts' `email` is case-insensitive (the table's `case_insensitive`): one contact per
//! address whatever its letter case, found by `idProperty=email`, batch reads, updates,
//! upserts and search in any case, and kept as written. A unique property without the flag
//! still tells cases apart.

mod common;

use common::{assert_error, Api};
use serde_json::json;

#[tokio::test]
async fn an_email_in_another_case_is_the_same_contact() {
    let api = Api::start().await;
    let id = api
        .create(
            "contacts",
            json!({"email": "Case@X.example", "firstname": "Ada"}),
        )
        .await;

    let duplicate = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": "case@x.example"}}),
        )
        .await;
    assert_error(&duplicate, 409, "CONFLICT", &format!("Existing ID: {id}"));

    let got = api
        .get("/crm/v3/objects/contacts/CASE@x.EXAMPLE?idProperty=email&properties=email")
        .await;
    assert_eq!(got.status, 200, "{}", got.text);
    assert_eq!(got.body["id"], id.as_str());
    assert_eq!(
        got.body["properties"]["email"], "Case@X.example",
        "kept as written"
    );

    let updated = api
        .patch(
            "/crm/objects/2026-03/contacts/case@x.example?idProperty=email",
            json!({"properties": {"lastname": "Lovelace"}}),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.body["id"], id.as_str());

    let read = api
        .post(
            "/crm/v3/objects/contacts/batch/read",
            json!({"inputs": [{"id": "CASE@X.EXAMPLE"}], "idProperty": "email", "properties": ["lastname"]}),
        )
        .await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["results"][0]["id"], id.as_str());
    assert_eq!(
        read.body["results"][0]["properties"]["lastname"],
        "Lovelace"
    );

    let upserted = api
        .post(
            "/crm/v3/objects/contacts/batch/upsert",
            json!({"inputs": [{"id": "case@X.example", "idProperty": "email", "properties": {"firstname": "Augusta"}}]}),
        )
        .await;
    assert_eq!(upserted.status, 200, "{}", upserted.text);
    assert_eq!(
        upserted.body["results"][0]["id"],
        id.as_str(),
        "{}",
        upserted.text
    );
    assert_eq!(
        upserted.body["results"][0]["new"], false,
        "updated, not created"
    );

    // Two inputs of one batch naming one address in two cases are one contact.
    let twice = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [{"properties": {"email": "Two@X.example"}},
                              {"properties": {"email": "two@x.example"}}]}),
        )
        .await;
    assert_eq!(twice.status, 409, "{}", twice.text);

    let found = api
        .post(
            "/crm/v3/objects/contacts/search",
            json!({"filterGroups": [{"filters": [
                {"propertyName": "email", "operator": "EQ", "value": "CASE@X.EXAMPLE"}]}]}),
        )
        .await;
    assert_eq!(found.status, 200, "{}", found.text);
    assert_eq!(found.body["total"], 1, "{}", found.text);
    assert_eq!(found.body["results"][0]["id"], id.as_str());

    let all = api.get("/crm/v3/objects/contacts?limit=100").await;
    assert_eq!(
        all.body["results"].as_array().map(Vec::len),
        Some(1),
        "one contact in all"
    );

    // Archived, the contact is still found by email in another case when asked for archived.
    let archived = api.delete(&format!("/crm/v3/objects/contacts/{id}")).await;
    assert_eq!(archived.status, 204, "{}", archived.text);
    let gone = api
        .get("/crm/v3/objects/contacts/case@x.example?idProperty=email&archived=true")
        .await;
    assert_eq!(gone.status, 200, "{}", gone.text);
    assert_eq!(gone.body["id"], id.as_str());
    let again = api
        .create("contacts", json!({"email": "CASE@x.example"}))
        .await;
    assert_ne!(
        again, id,
        "the address is free once its contact is archived"
    );
}

#[tokio::test]
async fn a_unique_property_without_the_flag_tells_cases_apart() {
    let api = Api::start().await;
    let created = api
        .post(
            "/crm/v3/properties/companies",
            json!({"name": "code", "label": "Code", "type": "string", "fieldType": "text",
                   "groupName": "companyinformation", "hasUniqueValue": true}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let upper = api
        .create("companies", json!({"name": "A", "code": "AB1"}))
        .await;
    let lower = api
        .create("companies", json!({"name": "B", "code": "ab1"}))
        .await;
    assert_ne!(upper, lower);
    let got = api
        .get("/crm/v3/objects/companies/ab1?idProperty=code")
        .await;
    assert_eq!(got.body["id"], lower.as_str(), "{}", got.text);
    let same = api
        .post(
            "/crm/v3/objects/companies",
            json!({"properties": {"name": "C", "code": "AB1"}}),
        )
        .await;
    assert_error(&same, 409, "CONFLICT", &format!("Existing ID: {upper}"));
}
