//! Batch read, create, update, upsert, archive; merge; GDPR delete; over HTTP.

mod common;

use common::{assert_error, Api, Reply};
use serde_json::{json, Value};

fn ids_of(reply: &Reply) -> Vec<String> {
    reply.body["results"]
        .as_array()
        .unwrap_or_else(|| panic!("results: {}", reply.text))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn assert_envelope(reply: &Reply) {
    assert_eq!(reply.body["status"], "COMPLETE", "{}", reply.text);
    for key in ["startedAt", "completedAt"] {
        let at = reply.body[key].as_str().unwrap_or_default();
        assert!(at.len() == 24 && at.ends_with('Z'), "{key}: {}", reply.text);
    }
}

async fn count(api: &Api, object: &str, archived: bool) -> usize {
    let r = api
        .get(&format!(
            "/crm/v3/objects/{object}?limit=100&archived={archived}"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["results"].as_array().unwrap().len()
}

#[tokio::test]
async fn every_batch_endpoint_refuses_more_than_100_inputs_and_no_inputs() {
    let api = Api::start().await;
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"id": i.to_string(), "properties": {"email": format!("{i}@x.com")}}))
        .collect();
    for op in ["read", "create", "update", "upsert", "archive"] {
        let path = format!("/crm/v3/objects/contacts/batch/{op}");
        let r = api.post(&path, json!({"inputs": many})).await;
        assert_error(&r, 400, "VALIDATION_ERROR", "the limit is 100");
        let empty = api.post(&path, json!({"inputs": []})).await;
        assert_error(&empty, 400, "VALIDATION_ERROR", "no inputs");
        let missing = api.post(&path, json!({})).await;
        assert_error(&missing, 400, "VALIDATION_ERROR", "no inputs");
    }
    assert_eq!(count(&api, "contacts", false).await, 0, "nothing written");
    let exactly: Vec<Value> = (0..100)
        .map(|i| json!({"properties": {"email": format!("{i}@x.com")}}))
        .collect();
    let ok = api
        .post(
            "/crm/objects/2026-03/contacts/batch/create",
            json!({"inputs": exactly}),
        )
        .await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(ids_of(&ok).len(), 100);
}

#[tokio::test]
async fn batch_read_returns_found_records_and_a_207_for_missing_ids() {
    let api = Api::start().await;
    let a = api
        .create("contacts", json!({"email": "a@x.com", "firstname": "A"}))
        .await;
    let b = api
        .create("contacts", json!({"email": "b@x.com", "firstname": "B"}))
        .await;

    let all = api
        .post(
            "/crm/v3/objects/contacts/batch/read",
            json!({"inputs": [{"id": a}, {"id": b}], "properties": ["firstname"]}),
        )
        .await;
    assert_eq!(all.status, 200, "{}", all.text);
    assert_envelope(&all);
    assert_eq!(ids_of(&all), vec![a.clone(), b.clone()]);
    assert_eq!(all.body["results"][0]["properties"]["firstname"], "A");
    assert!(all.body["results"][0]["properties"].get("email").is_none());
    assert!(all.body.get("errors").is_none(), "{}", all.text);

    let partial = api
        .post(
            "/crm/v3/objects/contacts/batch/read",
            json!({"inputs": [{"id": a}, {"id": "999"}, {"id": "998"}], "propertiesWithHistory": ["email"]}),
        )
        .await;
    assert_eq!(partial.status, 207, "{}", partial.text);
    assert_envelope(&partial);
    assert_eq!(ids_of(&partial), vec![a.clone()]);
    assert_eq!(
        partial.body["results"][0]["propertiesWithHistory"]["email"][0]["value"],
        "a@x.com"
    );
    assert_eq!(partial.body["numErrors"], 1);
    let err = &partial.body["errors"][0];
    assert_eq!(err["status"], "error");
    assert_eq!(err["category"], "OBJECT_NOT_FOUND");
    assert_eq!(err["context"]["ids"], json!(["999", "998"]));
    assert!(err["message"].as_str().unwrap().contains("CONTACT"));

    let none = api
        .post(
            "/crm/v3/objects/contacts/batch/read",
            json!({"inputs": [{"id": "999"}]}),
        )
        .await;
    assert_eq!(none.status, 207, "only missing IDs still get a 207");
    assert_eq!(ids_of(&none), Vec::<String>::new());
    assert_eq!(none.body["errors"][0]["context"]["ids"], json!(["999"]));

    let by_email = api
        .post(
            "/crm/v3/objects/0-1/batch/read",
            json!({"inputs": [{"id": "b@x.com"}, {"id": "b@x.com"}], "idProperty": "email", "properties": ["email"]}),
        )
        .await;
    assert_eq!(by_email.status, 200, "{}", by_email.text);
    assert_eq!(
        ids_of(&by_email),
        vec![b.clone()],
        "named twice, returned once"
    );

    let bad_id_property = api
        .post(
            "/crm/v3/objects/contacts/batch/read",
            json!({"inputs": [{"id": "A"}], "idProperty": "firstname"}),
        )
        .await;
    assert_error(
        &bad_id_property,
        400,
        "VALIDATION_ERROR",
        "not a unique identifier",
    );
    let malformed = api
        .post(
            "/crm/v3/objects/contacts/batch/read",
            json!({"inputs": [{"id": ["x"]}]}),
        )
        .await;
    assert_error(&malformed, 400, "VALIDATION_ERROR", "Invalid input JSON");
}

#[tokio::test]
async fn batch_create_writes_all_or_nothing() {
    let api = Api::start().await;
    let company = api.create("companies", json!({"name": "Acme"})).await;
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "one@x.com", "firstname": "One"}},
                {"properties": {"email": "two@x.com", "jobtitle": "CTO"},
                 "associations": [{"to": {"id": company}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]}]}
            ]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_envelope(&r);
    let ids = ids_of(&r);
    assert_eq!(ids.len(), 2);
    assert_eq!(r.body["results"][0]["properties"]["firstname"], "One");
    assert_eq!(
        r.body["results"][1]["properties"]["jobtitle"], "CTO",
        "properties set are returned"
    );
    let linked = api
        .get(&format!(
            "/crm/v3/objects/contacts/{}?associations=companies",
            ids[1]
        ))
        .await;
    assert_eq!(
        linked.body["associations"]["companies"]["results"][0]["id"],
        company.as_str(),
        "{}",
        linked.text
    );

    // A value already taken by a live record: 409 naming it, nothing written.
    let taken = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "three@x.com"}},
                {"properties": {"email": "one@x.com"}}
            ]}),
        )
        .await;
    assert_error(
        &taken,
        409,
        "CONFLICT",
        &format!("Contact already exists. Existing ID: {}", ids[0]),
    );
    // The same value twice in one batch: the second conflicts, nothing written.
    let twice = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "four@x.com"}},
                {"properties": {"email": "four@x.com"}}
            ]}),
        )
        .await;
    assert_error(&twice, 409, "CONFLICT", "inputs 0 and 1");
    // An invalid value in any input fails the batch with 400.
    let invalid = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "five@x.com"}},
                {"properties": {"lifecyclestage": "royalty"}}
            ]}),
        )
        .await;
    assert_error(&invalid, 400, "VALIDATION_ERROR", "INVALID_OPTION");
    // A missing required association fails it too.
    let lonely = api
        .post(
            "/crm/v3/objects/leads/batch/create",
            json!({"inputs": [{"properties": {"hs_lead_name": "L"}}]}),
        )
        .await;
    assert_error(
        &lonely,
        400,
        "VALIDATION_ERROR",
        "one of: contacts, companies",
    );
    assert_eq!(
        count(&api, "contacts", false).await,
        2,
        "nothing more written"
    );
    assert_eq!(count(&api, "leads", false).await, 0);
}

#[tokio::test]
async fn batch_update_applies_found_records_and_reports_missing_ones() {
    let api = Api::start().await;
    let a = api.create("contacts", json!({"email": "a@x.com"})).await;
    let b = api.create("contacts", json!({"email": "b@x.com"})).await;

    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/update",
            json!({"inputs": [
                {"id": a, "properties": {"firstname": "Ann"}},
                {"id": "b@x.com", "idProperty": "email", "properties": {"lastname": "Bee"}},
                {"id": "404", "properties": {"firstname": "Nobody"}},
                {"id": "405", "properties": {"firstname": "Ghost"}, "objectWriteTraceId": "trace-1"}
            ]}),
        )
        .await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_envelope(&r);
    assert_eq!(ids_of(&r), vec![a.clone(), b.clone()]);
    assert_eq!(r.body["results"][0]["properties"]["firstname"], "Ann");
    assert_eq!(r.body["results"][1]["properties"]["lastname"], "Bee");
    assert_eq!(r.body["numErrors"], 2, "{}", r.text);
    assert_eq!(r.body["errors"][0]["category"], "OBJECT_NOT_FOUND");
    assert_eq!(r.body["errors"][0]["context"]["ids"], json!(["404"]));
    assert_eq!(r.body["errors"][1]["context"]["ids"], json!(["405"]));
    assert_eq!(
        r.body["errors"][1]["context"]["objectWriteTraceId"],
        json!(["trace-1"])
    );
    let read = api
        .get(&format!("/crm/v3/objects/contacts/{b}?properties=lastname"))
        .await;
    assert_eq!(read.body["properties"]["lastname"], "Bee", "applied");

    let ok = api
        .post(
            "/crm/v3/objects/contacts/batch/update",
            json!({"inputs": [{"id": a, "properties": {"firstname": "Anna"}}]}),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert!(ok.body.get("numErrors").is_none());

    let all_missing = api
        .post(
            "/crm/v3/objects/contacts/batch/update",
            json!({"inputs": [{"id": "404", "properties": {"firstname": "X"}}]}),
        )
        .await;
    assert_error(&all_missing, 404, "OBJECT_NOT_FOUND", "not found");
    assert_eq!(all_missing.body["context"]["ids"], json!(["404"]));

    let invalid = api
        .post(
            "/crm/v3/objects/contacts/batch/update",
            json!({"inputs": [
                {"id": a, "properties": {"firstname": "Changed"}},
                {"id": b, "properties": {"lifecyclestage": "royalty"}}
            ]}),
        )
        .await;
    assert_error(&invalid, 400, "VALIDATION_ERROR", "INVALID_OPTION");
    let conflict = api
        .post(
            "/crm/v3/objects/contacts/batch/update",
            json!({"inputs": [
                {"id": a, "properties": {"firstname": "Changed"}},
                {"id": b, "properties": {"email": "a@x.com"}}
            ]}),
        )
        .await;
    assert_error(&conflict, 409, "CONFLICT", &format!("Existing ID: {a}"));
    let duplicate = api
        .post(
            "/crm/v3/objects/contacts/batch/update",
            json!({"inputs": [
                {"id": a, "properties": {"firstname": "Changed"}},
                {"id": "a@x.com", "idProperty": "email", "properties": {"lastname": "Twice"}}
            ]}),
        )
        .await;
    assert_error(&duplicate, 400, "VALIDATION_ERROR", "Duplicate IDs");
    let after = api
        .get(&format!(
            "/crm/v3/objects/contacts/{a}?properties=firstname"
        ))
        .await;
    assert_eq!(
        after.body["properties"]["firstname"], "Anna",
        "failed batches change nothing"
    );
}

#[tokio::test]
async fn batch_upsert_creates_or_updates_by_email() {
    let api = Api::start().await;
    let existing = api
        .create(
            "contacts",
            json!({"email": "old@x.com", "firstname": "Old"}),
        )
        .await;
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/upsert",
            json!({"inputs": [
                {"id": "old@x.com", "idProperty": "email", "properties": {"lastname": "Timer"}},
                {"id": "new@x.com", "idProperty": "email", "properties": {"firstname": "New"}}
            ]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_envelope(&r);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results[0]["id"], existing.as_str());
    assert_eq!(results[0]["new"], false);
    assert_eq!(results[0]["properties"]["lastname"], "Timer");
    assert_eq!(results[0]["properties"]["firstname"], "Old");
    assert_eq!(results[1]["new"], true);
    assert_eq!(
        results[1]["properties"]["email"], "new@x.com",
        "idProperty value set"
    );
    assert_eq!(results[1]["properties"]["firstname"], "New");
    let created = results[1]["id"].as_str().unwrap();
    let fetched = api
        .get("/crm/v3/objects/contacts/new@x.com?idProperty=email")
        .await;
    assert_eq!(fetched.body["id"], created);

    // Upserting again updates what was created.
    let again = api
        .post(
            "/crm/v3/objects/contacts/batch/upsert",
            json!({"inputs": [{"id": "new@x.com", "idProperty": "email", "properties": {"firstname": "Newer"}}]}),
        )
        .await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["results"][0]["new"], false);
    assert_eq!(again.body["results"][0]["id"], created);
    assert_eq!(count(&api, "contacts", false).await, 2);

    for (id_property, fragment) in [
        (json!("firstname"), "not a unique identifier"),
        (json!("shoe_size"), "does not exist"),
        (json!("hs_object_id"), "not a unique identifier"),
        (Value::Null, "idProperty is required"),
    ] {
        let r = api
            .post(
                "/crm/v3/objects/contacts/batch/upsert",
                json!({"inputs": [{"id": "x@x.com", "idProperty": id_property, "properties": {}}]}),
            )
            .await;
        assert_error(&r, 400, "VALIDATION_ERROR", fragment);
    }
    let twice = api
        .post(
            "/crm/v3/objects/contacts/batch/upsert",
            json!({"inputs": [
                {"id": "dup@x.com", "idProperty": "email", "properties": {}},
                {"id": "dup@x.com", "idProperty": "email", "properties": {}}
            ]}),
        )
        .await;
    assert_error(&twice, 400, "VALIDATION_ERROR", "Duplicate IDs");
    let invalid = api
        .post(
            "/crm/v3/objects/contacts/batch/upsert",
            json!({"inputs": [
                {"id": "fresh@x.com", "idProperty": "email", "properties": {}},
                {"id": "old@x.com", "idProperty": "email", "properties": {"hs_marketable_status": "maybe"}}
            ]}),
        )
        .await;
    assert_error(
        &invalid,
        400,
        "VALIDATION_ERROR",
        "Property values were not valid",
    );
    assert_eq!(count(&api, "contacts", false).await, 2, "nothing written");
}

#[tokio::test]
async fn batch_archive_then_read_archived() {
    let api = Api::start().await;
    let ids = api
        .emulator
        .seed(
            "deals",
            [
                &[("dealname", "D1"), ("dealstage", "appointmentscheduled")][..],
                &[("dealname", "D2"), ("dealstage", "appointmentscheduled")][..],
            ],
        )
        .unwrap();
    let (d1, d2) = (ids[0].to_string(), ids[1].to_string());
    let r = api
        .post(
            "/crm/v3/objects/deals/batch/archive",
            json!({"inputs": [{"id": d1}, {"id": "777"}, {"id": "not-a-number"}]}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert!(r.text.is_empty());

    let live = api
        .post(
            "/crm/v3/objects/deals/batch/read",
            json!({"inputs": [{"id": d1}, {"id": d2}]}),
        )
        .await;
    assert_eq!(live.status, 207, "{}", live.text);
    assert_eq!(ids_of(&live), vec![d2.clone()]);
    assert_eq!(
        live.body["errors"][0]["context"]["ids"],
        json!([d1.clone()])
    );
    let archived = api
        .post(
            "/crm/v3/objects/deals/batch/read?archived=true",
            json!({"inputs": [{"id": d1}]}),
        )
        .await;
    assert_eq!(archived.status, 200, "{}", archived.text);
    assert_eq!(ids_of(&archived), vec![d1.clone()]);
    assert_eq!(archived.body["results"][0]["archived"], true);
    assert!(archived.body["results"][0]["archivedAt"].is_string());
}

#[tokio::test]
async fn merge_fills_empty_properties_and_moves_associations() {
    let api = Api::start().await;
    let company = api.create("companies", json!({"name": "Acme"})).await;
    let primary = api
        .create(
            "contacts",
            json!({"email": "keep@x.com", "firstname": "Keep"}),
        )
        .await;
    let merged = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": "gone@x.com", "firstname": "Gone", "jobtitle": "CEO"},
                   "associations": [{"to": {"id": company}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]}]}),
        )
        .await;
    assert_eq!(merged.status, 201, "{}", merged.text);
    let merged = merged.body["id"].as_str().unwrap().to_string();

    let r = api
        .post(
            "/crm/v3/objects/contacts/merge",
            json!({"primaryObjectId": primary, "objectIdToMerge": merged}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["id"], primary.as_str());
    assert_eq!(
        r.body["properties"]["firstname"], "Keep",
        "primary values win"
    );

    let after = api
        .get(&format!(
            "/crm/v3/objects/contacts/{primary}?properties=jobtitle,email&associations=companies"
        ))
        .await;
    assert_eq!(
        after.body["properties"]["jobtitle"], "CEO",
        "empty ones filled"
    );
    assert_eq!(after.body["properties"]["email"], "keep@x.com");
    assert_eq!(
        after.body["associations"]["companies"]["results"][0]["id"],
        company.as_str(),
        "{}",
        after.text
    );
    let back = api
        .get(&format!(
            "/crm/v3/objects/companies/{company}?associations=contacts"
        ))
        .await;
    let linked: Vec<&str> = back.body["associations"]["contacts"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(linked, vec![primary.as_str()], "{}", back.text);
    assert_error(
        &api.get(&format!("/crm/v3/objects/contacts/{merged}")).await,
        404,
        "OBJECT_NOT_FOUND",
        "",
    );
    let archived = api
        .get(&format!("/crm/v3/objects/contacts/{merged}?archived=true"))
        .await;
    assert_eq!(archived.body["archived"], true, "{}", archived.text);

    let itself = api
        .post(
            "/crm/v3/objects/contacts/merge",
            json!({"primaryObjectId": primary, "objectIdToMerge": primary}),
        )
        .await;
    assert_error(&itself, 400, "VALIDATION_ERROR", "itself");
    let gone = api
        .post(
            "/crm/v3/objects/contacts/merge",
            json!({"primaryObjectId": primary, "objectIdToMerge": merged}),
        )
        .await;
    assert_error(&gone, 404, "OBJECT_NOT_FOUND", "does not exist");
    let products = api
        .emulator
        .seed("products", [&[("name", "P1")][..], &[("name", "P2")][..]])
        .unwrap();
    let refused = api
        .post(
            "/crm/v3/objects/products/merge",
            json!({"primaryObjectId": products[0].to_string(), "objectIdToMerge": products[1].to_string()}),
        )
        .await;
    assert_error(&refused, 405, "VALIDATION_ERROR", "cannot be merged");
}

#[tokio::test]
async fn gdpr_delete_removes_the_record_for_good() {
    let api = Api::start().await;
    let company = api.create("companies", json!({"name": "Acme"})).await;
    let contact = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": "forget@x.com"},
                   "associations": [{"to": {"id": company}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]}]}),
        )
        .await;
    let contact = contact.body["id"].as_str().unwrap().to_string();
    let other = api.create("contacts", json!({"email": "keep@x.com"})).await;

    let r = api
        .post(
            "/crm/v3/objects/contacts/gdpr-delete",
            json!({"objectId": "forget@x.com", "idProperty": "email"}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    for archived in [false, true] {
        let read = api
            .get(&format!(
                "/crm/v3/objects/contacts/{contact}?archived={archived}"
            ))
            .await;
        assert_error(&read, 404, "OBJECT_NOT_FOUND", "");
    }
    let company_links = api
        .get(&format!(
            "/crm/v3/objects/companies/{company}?associations=contacts"
        ))
        .await;
    assert!(
        company_links.body["associations"].get("contacts").is_none(),
        "{}",
        company_links.text
    );
    assert_eq!(count(&api, "contacts", false).await, 1);

    // An archived record can be deleted too; then it is gone from the archive.
    assert_eq!(
        api.delete(&format!("/crm/v3/objects/contacts/{other}"))
            .await
            .status,
        204
    );
    let r = api
        .post(
            "/crm/v3/objects/contacts/gdpr-delete",
            json!({"objectId": other}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(count(&api, "contacts", true).await, 0);

    let missing = api
        .post(
            "/crm/v3/objects/contacts/gdpr-delete",
            json!({"objectId": "12345"}),
        )
        .await;
    assert_error(&missing, 404, "OBJECT_NOT_FOUND", "");
    let refused = api
        .post(
            "/crm/v3/objects/companies/gdpr-delete",
            json!({"objectId": company}),
        )
        .await;
    assert_error(
        &refused,
        405,
        "VALIDATION_ERROR",
        "cannot be deleted under GDPR",
    );
}

#[tokio::test]
async fn capabilities_refuse_batches_a_type_does_not_allow() {
    let api = Api::start().await;
    let users = api
        .post(
            "/crm/v3/objects/users/batch/create",
            json!({"inputs": [{"properties": {}}]}),
        )
        .await;
    assert_error(&users, 405, "VALIDATION_ERROR", "Users cannot be created");
    let upsert_users = api
        .post(
            "/crm/v3/objects/users/batch/upsert",
            json!({"inputs": [{"id": "1", "idProperty": "hs_object_id", "properties": {}}]}),
        )
        .await;
    assert_error(&upsert_users, 405, "VALIDATION_ERROR", "cannot be created");
    let archive_feedback = api
        .post(
            "/crm/v3/objects/feedback_submissions/batch/archive",
            json!({"inputs": [{"id": "1"}]}),
        )
        .await;
    assert_error(
        &archive_feedback,
        405,
        "VALIDATION_ERROR",
        "cannot be archived",
    );
    let no_batch = api
        .post(
            "/crm/v3/objects/quote_template/batch/read",
            json!({"inputs": [{"id": "1"}]}),
        )
        .await;
    assert_error(
        &no_batch,
        405,
        "VALIDATION_ERROR",
        "cannot be processed in batches",
    );
    // Users can still be read and updated in batches.
    let read_users = api
        .post(
            "/crm/v3/objects/users/batch/read",
            json!({"inputs": [{"id": "1"}]}),
        )
        .await;
    assert_eq!(read_users.status, 207, "{}", read_users.text);
}
