//! Objects: create, get, update, archive, list, over HTTP.

mod common;

use common::{assert_error, Api};
use serde_json::{json, Value};

#[tokio::test]
async fn create_get_update_archive_a_contact() {
    let api = Api::start().await;
    let r = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": "ada@example.com", "firstname": "Ada"}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["properties"]["email"], "ada@example.com");
    assert_eq!(r.body["properties"]["hs_object_id"], id.as_str());
    assert!(r.body["createdAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(r.body["archived"], false);

    // By ID and by unique property, under the legacy and a date-versioned prefix.
    let by_id = api.get(&format!("/crm/v3/objects/0-1/{id}")).await;
    assert_eq!(by_id.status, 200);
    assert_eq!(by_id.body["properties"]["firstname"], "Ada");
    assert_eq!(
        by_id.body["properties"]["lastname"],
        serde_json::Value::Null,
        "defaults come back, null when empty"
    );
    let by_email = api.get("/crm/objects/2026-03/contacts/ada@example.com?idProperty=email&properties=email,firstname").await;
    assert_eq!(by_email.status, 200, "{}", by_email.text);
    assert_eq!(by_email.body["id"], id.as_str());
    assert!(
        by_email.body["properties"].get("lastname").is_none(),
        "only asked properties"
    );

    let updated = api
        .patch(
            &format!("/crm/v3/objects/contacts/{id}"),
            json!({"properties": {"lastname": "Lovelace", "firstname": ""}}),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.body["properties"]["lastname"], "Lovelace");
    assert_eq!(
        updated.body["properties"]["firstname"],
        serde_json::Value::Null,
        "\"\" clears"
    );

    let history = api
        .get(&format!(
            "/crm/v3/objects/contacts/{id}?propertiesWithHistory=firstname"
        ))
        .await;
    let entries = history.body["propertiesWithHistory"]["firstname"]
        .as_array()
        .unwrap();
    assert_eq!(entries.len(), 2, "{}", history.text);
    assert_eq!(entries[0]["value"], "", "newest first");
    assert_eq!(entries[1]["value"], "Ada");

    let archived = api.delete(&format!("/crm/v3/objects/contacts/{id}")).await;
    assert_eq!(archived.status, 204);
    assert_error(
        &api.get(&format!("/crm/v3/objects/contacts/{id}")).await,
        404,
        "OBJECT_NOT_FOUND",
        "resource not found",
    );
    let still = api
        .get(&format!("/crm/v3/objects/contacts/{id}?archived=true"))
        .await;
    assert_eq!(still.status, 200);
    assert_eq!(still.body["archived"], true);
}

#[tokio::test]
async fn list_pages_through_every_record_once() {
    let api = Api::start().await;
    let ids = api
        .emulator
        .seed(
            "companies",
            (0..25).map(|_| &[("name", "Acme")][..]).collect::<Vec<_>>(),
        )
        .unwrap();
    assert_eq!(ids.len(), 25);
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/crm/v3/objects/companies?limit=10&after={a}"),
            None => "/crm/v3/objects/companies?limit=10".to_string(),
        };
        let page = api.get(&path).await;
        assert_eq!(page.status, 200, "{}", page.text);
        for r in page.body["results"].as_array().unwrap() {
            seen.push(r["id"].as_str().unwrap().parse::<u64>().unwrap());
        }
        match page.body["paging"]["next"]["after"].as_str() {
            Some(a) => after = Some(a.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, ids);
    assert_error(
        &api.get("/crm/v3/objects/companies?limit=101").await,
        400,
        "VALIDATION_ERROR",
        "limit",
    );
}

#[tokio::test]
async fn property_values_are_validated_by_type() {
    let api = Api::start().await;
    let r = api
        .post("/crm/v3/objects/deals", json!({"properties": {"dealname": "Big", "dealstage": "x", "amount": "lots", "closedate": "yesterday"}}))
        .await;
    assert_error(
        &r,
        400,
        "VALIDATION_ERROR",
        "Property values were not valid",
    );
    let codes: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"INVALID_FLOAT")
            && codes.contains(&"INVALID_DATETIME")
            && codes.contains(&"INVALID_OPTION"),
        "{codes:?}"
    );

    let bad_date = api
        .post(
            "/crm/v3/objects/line_items",
            json!({"properties": {"hs_recurring_billing_start_date": "1709251200001"}}),
        )
        .await;
    assert_error(&bad_date, 400, "VALIDATION_ERROR", "INVALID_DATE");
    let bad_option = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"lifecyclestage": "royalty"}}),
        )
        .await;
    assert_error(&bad_option, 400, "VALIDATION_ERROR", "INVALID_OPTION");
    let unknown = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"shoe_size": "42"}}),
        )
        .await;
    assert_error(&unknown, 400, "VALIDATION_ERROR", "PROPERTY_DOESNT_EXIST");
    let missing_timestamp = api
        .post(
            "/crm/v3/objects/notes",
            json!({"properties": {"hs_note_body": "hi"}}),
        )
        .await;
    assert_error(&missing_timestamp, 400, "VALIDATION_ERROR", "hs_timestamp");
}

#[tokio::test]
async fn a_duplicate_unique_value_is_a_conflict_naming_the_existing_record() {
    let api = Api::start().await;
    let id = api
        .create("contacts", json!({"email": "dup@example.com"}))
        .await;
    let r = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": "dup@example.com"}}),
        )
        .await;
    assert_error(
        &r,
        409,
        "CONFLICT",
        &format!("Contact already exists. Existing ID: {id}"),
    );
}

#[tokio::test]
async fn leads_need_an_association_and_users_cannot_be_created() {
    let api = Api::start().await;
    let lonely = api
        .post(
            "/crm/v3/objects/leads",
            json!({"properties": {"hs_lead_name": "L"}}),
        )
        .await;
    assert_error(
        &lonely,
        400,
        "VALIDATION_ERROR",
        "one of: contacts, companies",
    );
    let contact = api
        .create("contacts", json!({"email": "lead@example.com"}))
        .await;
    let lead = api
        .post(
            "/crm/v3/objects/leads",
            json!({"properties": {"hs_lead_name": "L"}, "associations": [{"to": {"id": contact}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 578}]}]}),
        )
        .await;
    assert_eq!(lead.status, 201, "{}", lead.text);
    let user = api
        .post("/crm/v3/objects/users", json!({"properties": {}}))
        .await;
    assert_eq!(user.status, 405, "{}", user.text);
}

#[tokio::test]
async fn bad_requests_get_hubspot_errors() {
    let api = Api::start().await;
    let unknown = api.get("/crm/v3/objects/spaceships").await;
    assert_error(
        &unknown,
        400,
        "VALIDATION_ERROR",
        "Unable to infer object type from: spaceships",
    );
    let malformed = api
        .http
        .post(api.url("/crm/v3/objects/contacts"))
        .bearer_auth("test-token")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_error(
        &common::reply(malformed).await,
        400,
        "VALIDATION_ERROR",
        "Invalid input JSON",
    );
    let wrong_shape = api
        .post("/crm/v3/objects/contacts", json!({"properties": ["email"]}))
        .await;
    assert_error(&wrong_shape, 400, "VALIDATION_ERROR", "Invalid input JSON");
    let no_token = api
        .http
        .get(api.url("/crm/v3/objects/contacts"))
        .send()
        .await
        .unwrap();
    let no_token = common::reply(no_token).await;
    assert_error(
        &no_token,
        401,
        "INVALID_AUTHENTICATION",
        "Authentication credentials not found",
    );
    assert!(
        no_token.headers.contains_key("x-hubspot-ratelimit-max"),
        "headers on every response"
    );
}

/// The `code` of each entry of an error's `errors`.
fn codes(reply: &common::Reply) -> Vec<String> {
    reply.body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn read_only_properties_are_refused_and_createdate_is_set_on_create_only() {
    let api = Api::start().await;
    // Contacts' lastmodifieddate, and the system properties, are read-only on create ...
    for read_only in ["lastmodifieddate", "hs_lastmodifieddate", "hs_object_id"] {
        let r = api
            .post(
                "/crm/v3/objects/contacts",
                json!({"properties": {"email": "a@x.com", read_only: "2020-01-01T00:00:00Z"}}),
            )
            .await;
        assert_error(&r, 400, "VALIDATION_ERROR", read_only);
        assert_eq!(codes(&r), ["READ_ONLY_VALUE"], "{read_only}: {}", r.text);
    }
    // ... while createdate may be set when the record is created ...
    let created = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": "a@x.com", "createdate": "2020-01-01T00:00:00Z"}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(
        created.body["properties"]["createdate"],
        "2020-01-01T00:00:00.000Z"
    );
    let id = created.body["id"].as_str().unwrap().to_string();
    let path = format!("/crm/v3/objects/contacts/{id}");
    // ... and on update neither may be written; nothing changes.
    for (property, value) in [
        ("createdate", "2021-01-01T00:00:00Z"),
        ("lastmodifieddate", "2021-01-01T00:00:00Z"),
    ] {
        let r = api
            .patch(&path, json!({"properties": {property: value}}))
            .await;
        assert_error(&r, 400, "VALIDATION_ERROR", property);
        assert_eq!(codes(&r), ["READ_ONLY_VALUE"], "{property}: {}", r.text);
    }
    let read = api.get(&format!("{path}?properties=createdate")).await;
    assert_eq!(
        read.body["properties"]["createdate"],
        "2020-01-01T00:00:00.000Z"
    );
    // Batch writes follow the same rules.
    let batch = api
        .post(
            "/crm/v3/objects/contacts/batch/update",
            json!({"inputs": [{"id": id, "properties": {"createdate": "2021-01-01T00:00:00Z"}}]}),
        )
        .await;
    assert_eq!(codes(&batch), ["READ_ONLY_VALUE"], "{}", batch.text);
}

/// `family`'s path in `version` for contacts, with `objectId` filled in where it has one.
fn contacts_path(
    version: hubspot_crm_endpoints::ApiVersion,
    family: hubspot_crm_endpoints::Family,
    id: &str,
) -> String {
    family
        .path(version)
        .replace("{objectType}", "contacts")
        .replace("{objectId}", id)
}

/// HubSpot describes property values as strings, yet answers `null` for a property asked for
/// that has no value (and the official SDKs type them `string | null`): every read keeps the
/// property, with `null`, in every version.
#[tokio::test]
async fn properties_without_a_value_are_answered_as_null_in_every_read() {
    use hubspot_crm_endpoints::{ApiVersion, Family};
    let api = Api::start().await;
    for version in ApiVersion::ALL {
        let id = api.create("contacts", json!({"firstname": "Ada"})).await;
        // A value cleared with "" reads back as null too.
        let cleared = api
            .patch(
                &contacts_path(version, Family::ObjectsUpdate, &id),
                json!({"properties": {"lastname": ""}}),
            )
            .await;
        assert_eq!(cleared.status, 200, "{version}: {}", cleared.text);
        let asked = "properties=firstname,lastname,phone";
        let null_in = |record: &Value, what: &str| {
            let props = record["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("{what}: {record}"));
            assert_eq!(props["firstname"], "Ada", "{version} {what}");
            for name in ["lastname", "phone"] {
                assert!(
                    props.contains_key(name),
                    "{version} {what}: {name} is answered"
                );
                assert!(props[name].is_null(), "{version} {what}: {name} is null");
            }
        };
        let got = api
            .get(&format!(
                "{}?{asked}",
                contacts_path(version, Family::ObjectsGet, &id)
            ))
            .await;
        null_in(&got.body, "get");
        let listed = api
            .get(&format!(
                "{}?{asked}&limit=100",
                contacts_path(version, Family::ObjectsList, "")
            ))
            .await;
        let mine = listed.body["results"]
            .as_array()
            .expect("results")
            .iter()
            .find(|r| r["id"] == id.as_str())
            .expect("listed");
        null_in(mine, "list");
        let read = api
            .post(
                &contacts_path(version, Family::ObjectsBatchRead, ""),
                json!({"inputs": [{"id": id}], "properties": ["firstname", "lastname", "phone"]}),
            )
            .await;
        null_in(&read.body["results"][0], "batch read");
        let found = api
            .post(
                &contacts_path(version, Family::ObjectsSearch, ""),
                json!({"filterGroups": [{"filters": [{"propertyName": "hs_object_id", "operator": "EQ", "value": id}]}],
                       "properties": ["firstname", "lastname", "phone"]}),
            )
            .await;
        null_in(&found.body["results"][0], "search");
    }
}

/// Archiving a record frees its unique values: the index of unique values holds live records
/// only, as a rebuilt one does.
#[tokio::test]
async fn an_archived_contacts_email_can_be_used_again() {
    let api = Api::start().await;
    let first = api
        .create("contacts", json!({"email": "ada@x.example"}))
        .await;
    let archived = api
        .delete(&format!("/crm/v3/objects/contacts/{first}"))
        .await;
    assert_eq!(archived.status, 204, "{}", archived.text);
    let second = api
        .create("contacts", json!({"email": "ada@x.example"}))
        .await;
    assert_ne!(first, second);
    let got = api
        .get("/crm/v3/objects/contacts/ada@x.example?idProperty=email")
        .await;
    assert_eq!(got.body["id"], second.as_str(), "{}", got.text);
}
