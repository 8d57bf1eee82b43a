//! Association definitions over HTTP: a pair's v3 types, and the limits an account sets on
//! association types (list all, list a pair's, create, update, purge), under every version's
//! path, their rules, and their enforcement whenever records are linked.

mod common;

use common::{assert_error, Api, Reply};
use hubspot_crm_emulator::State;
use hubspot_crm_endpoints::{ApiVersion, Family};
use hubspot_crm_vocab::HttpMethod;
use reqwest::Method;
use serde_json::{json, Value};

/// `family`'s path in `version` for contacts to companies.
fn path(family: Family, version: ApiVersion) -> String {
    family
        .path(version)
        .replace("{objectType}", "contacts")
        .replace("{toObjectType}", "companies")
}

/// Calls `family` in `version` for contacts to companies.
async fn call(api: &Api, family: Family, version: ApiVersion, body: Option<Value>) -> Reply {
    let method = match family.spec().method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
    };
    api.send(method, &path(family, version), body).await
}

/// `{inputs: [{category, typeId, maxToObjectIds}]}` of HubSpot-defined types.
fn limits(specs: &[(u32, i64)]) -> Value {
    let inputs: Vec<Value> = specs
        .iter()
        .map(|(t, m)| json!({"category": "HUBSPOT_DEFINED", "typeId": t, "maxToObjectIds": m}))
        .collect();
    json!({ "inputs": inputs })
}

/// The entry of `typeId` in a list or batch reply.
fn entry(reply: &Reply, type_id: u64) -> Value {
    reply.body["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|e| e["typeId"] == type_id)
        .cloned()
        .unwrap_or_else(|| panic!("no type {type_id}: {}", reply.text))
}

/// Sets the limit on contact to company's unlabelled type (279).
async fn limit_contacts_to(api: &Api, max: i64) {
    let r = call(
        api,
        Family::AssociationLimitsBatchCreate,
        ApiVersion::Legacy,
        Some(limits(&[(279, max)])),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

#[tokio::test]
async fn a_pairs_v3_types_are_named_as_v3_names_them_under_every_version() {
    let api = Api::start().await;
    let label = api
        .post(
            "/crm/v4/associations/contacts/companies/labels",
            json!({"label": "Billing contact", "name": "billing_contact"}),
        )
        .await;
    assert_eq!(label.status, 200, "{}", label.text);
    let user_type = label.body["results"][0]["typeId"].clone();
    for version in ApiVersion::ALL {
        let r = call(&api, Family::AssociationTypesList, version, None).await;
        assert_eq!(r.status, 200, "{version:?}: {}", r.text);
        let results = r.body["results"].as_array().expect("results");
        assert!(
            results.contains(&json!({"id": "279", "name": "contact_to_company_unlabeled"})),
            "{}",
            r.text
        );
        assert!(
            results.iter().any(|t| t["id"] == "1"),
            "primary: {}",
            r.text
        );
        assert!(
            results.contains(&json!({"id": user_type.to_string(), "name": "billing_contact"})),
            "the account's label by its name: {}",
            r.text
        );
    }
    let unknown = api.get("/crm/v3/associations/contacts/nothing/types").await;
    assert_eq!(unknown.status, 400, "{}", unknown.text);
    let unpaired = api.get("/crm/v3/associations/products/users/types").await;
    assert_error(&unpaired, 400, "VALIDATION_ERROR", "not allowed");
}

#[tokio::test]
async fn limits_are_created_listed_updated_and_purged_under_every_version() {
    let api = Api::start().await;
    for version in ApiVersion::ALL {
        let created = call(
            &api,
            Family::AssociationLimitsBatchCreate,
            version,
            Some(limits(&[(279, 2)])),
        )
        .await;
        // HubSpot's reference: 201 in v4 and 2026-03, 200 in 2026-09.
        let created_status = if version == ApiVersion::V202609 {
            200
        } else {
            201
        };
        assert_eq!(
            created.status, created_status,
            "{version:?}: {}",
            created.text
        );
        assert_eq!(created.body["status"], "COMPLETE");
        assert_eq!(
            entry(&created, 279),
            json!({"category": "HUBSPOT_DEFINED", "typeId": 279, "userEnforcedMaxToObjectIds": 2})
        );

        let listed = call(&api, Family::AssociationLimitsList, version, None).await;
        assert_eq!(listed.status, 200, "{}", listed.text);
        assert_eq!(entry(&listed, 279)["userEnforcedMaxToObjectIds"], 2);
        let primary = entry(&listed, 1);
        assert_eq!(primary["label"], "Primary", "{}", listed.text);
        assert!(
            primary.get("userEnforcedMaxToObjectIds").is_none(),
            "a type without a limit shows none: {}",
            listed.text
        );

        let all = call(&api, Family::AssociationLimitsListAll, version, None).await;
        assert_eq!(all.status, 200, "{}", all.text);
        assert_eq!(
            all.body["results"],
            json!([{"category": "HUBSPOT_DEFINED", "typeId": 279, "userEnforcedMaxToObjectIds": 2}])
        );

        let updated = call(
            &api,
            Family::AssociationLimitsBatchUpdate,
            version,
            Some(limits(&[(279, 5)])),
        )
        .await;
        assert_eq!(updated.status, 200, "{}", updated.text);
        assert_eq!(entry(&updated, 279)["userEnforcedMaxToObjectIds"], 5);

        let purged = call(
            &api,
            Family::AssociationLimitsBatchPurge,
            version,
            Some(json!({"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 279}]})),
        )
        .await;
        // HubSpot's reference: 204 without a body in v4, 200 with an empty batch answer in the
        // date versions.
        if version == ApiVersion::Legacy {
            assert_eq!(purged.status, 204, "{}", purged.text);
            assert!(purged.text.is_empty(), "{}", purged.text);
        } else {
            assert_eq!(purged.status, 200, "{version:?}: {}", purged.text);
            assert_eq!(purged.body["status"], "COMPLETE", "{}", purged.text);
            assert_eq!(purged.body["results"], json!([]), "{}", purged.text);
        }
        let all = call(&api, Family::AssociationLimitsListAll, version, None).await;
        assert_eq!(all.body["results"], json!([]), "{}", all.text);
        // Purging what has no limit is no error.
        let again = call(
            &api,
            Family::AssociationLimitsBatchPurge,
            version,
            Some(json!({"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 279}]})),
        )
        .await;
        assert_eq!(again.status, purged.status, "{}", again.text);
    }
}

#[tokio::test]
async fn the_references_legacy_prefix_is_served_too() {
    let api = Api::start().await;
    limit_contacts_to(&api, 3).await;
    let r = api
        .get("/crm/associations/v4/definitions/configurations/contacts/companies")
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(entry(&r, 279)["userEnforcedMaxToObjectIds"], 3);
    let all = api
        .get("/crm/associations/v4/definitions/configurations/all")
        .await;
    assert_eq!(all.body["results"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn limit_rules_fail_input_by_input() {
    let api = Api::start().await;
    let create = |body: Value| {
        let api = &api;
        async move {
            call(
                api,
                Family::AssociationLimitsBatchCreate,
                ApiVersion::Legacy,
                Some(body),
            )
            .await
        }
    };
    // Object limit 3 on the unlabelled type; the primary label (1) may then not exceed it.
    let r = create(limits(&[(279, 3), (1, 4)])).await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_eq!(r.body["numErrors"], 1);
    assert_eq!(entry(&r, 279)["userEnforcedMaxToObjectIds"], 3);
    let error = &r.body["errors"][0];
    assert_eq!(error["context"]["typeId"], json!(["1"]), "{}", r.text);
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("between 1 and 3"));

    // Creating a limit a type has, or updating one it lacks, fails for that input.
    let twice = create(limits(&[(279, 2), (1, 1)])).await;
    assert_eq!(twice.status, 207, "{}", twice.text);
    assert!(twice.body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("update it instead"));
    let update = call(
        &api,
        Family::AssociationLimitsBatchUpdate,
        ApiVersion::Legacy,
        Some(json!({"inputs": [
            {"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 1},
        ]})),
    )
    .await;
    // 279 now has a label below it at 1: lowering the object limit to 1 is fine.
    assert_eq!(update.status, 200, "{}", update.text);
    let lower = call(
        &api,
        Family::AssociationLimitsBatchUpdate,
        ApiVersion::Legacy,
        Some(limits(&[(1, 2)])),
    )
    .await;
    assert_eq!(lower.status, 207, "{}", lower.text);
    assert!(lower.body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("cannot exceed"));
    let empty = call(
        &api,
        Family::AssociationLimitsBatchUpdate,
        ApiVersion::Legacy,
        Some(json!({"inputs": []})),
    )
    .await;
    assert_error(&empty, 400, "VALIDATION_ERROR", "no inputs");

    // Whole-request refusals: a type the pair lacks, a limit below 1, a type given twice,
    // too many inputs, a category HubSpot does not have here.
    assert_error(
        &create(limits(&[(280, 1)])).await,
        400,
        "VALIDATION_ERROR",
        "not a type from contacts to companies",
    );
    assert_error(
        &create(limits(&[(1, 0)])).await,
        400,
        "VALIDATION_ERROR",
        "from 1 up",
    );
    assert_error(
        &create(limits(&[(1, 1), (1, 1)])).await,
        400,
        "VALIDATION_ERROR",
        "given twice",
    );
    let many: Vec<(u32, i64)> = (0..101).map(|_| (1, 1)).collect();
    assert_error(
        &create(limits(&many)).await,
        400,
        "VALIDATION_ERROR",
        "between 1 and 100",
    );
    let r =
        create(json!({"inputs": [{"category": "NOPE", "typeId": 1, "maxToObjectIds": 1}]})).await;
    assert_eq!(r.status, 400, "{}", r.text);
    let limits_now = api.emulator.snapshot().association_limits;
    assert_eq!(limits_now.iter().count(), 2, "{limits_now:?}");
}

#[tokio::test]
async fn limits_are_enforced_on_every_link_and_a_refused_request_changes_nothing() {
    let api = Api::start().await;
    let contact = api
        .create("contacts", json!({"email": "a@example.com"}))
        .await;
    let acme: &[(&str, &str)] = &[("name", "Acme")];
    let companies: Vec<String> = api
        .emulator
        .seed("companies", [acme, acme, acme])
        .expect("seed")
        .iter()
        .map(u64::to_string)
        .collect();
    limit_contacts_to(&api, 1).await;

    let link = |from: String, to: String| {
        let api = &api;
        async move {
            api.put(
                &format!("/crm/v4/objects/contacts/{from}/associations/default/companies/{to}"),
                None,
            )
            .await
        }
    };
    let first = link(contact.clone(), companies[0].clone()).await;
    assert_eq!(first.status, 200, "{}", first.text);
    // Linking the same pair again is no new association.
    let again = link(contact.clone(), companies[0].clone()).await;
    assert_eq!(again.status, 200, "{}", again.text);
    let second = link(contact.clone(), companies[1].clone()).await;
    assert_error(&second, 400, "VALIDATION_ERROR", "over the limit of 1");
    assert_eq!(second.body["context"]["limit"], json!(["1"]));

    // From the other side: the company's link back gives the contact a second company.
    let back = api
        .put(
            &format!(
                "/crm/v4/objects/companies/{}/associations/default/contacts/{contact}",
                companies[1]
            ),
            None,
        )
        .await;
    assert_error(&back, 400, "VALIDATION_ERROR", "over the limit of 1");

    // A labelled link carries the unlabelled type too.
    let labelled = api
        .put(
            &format!(
                "/crm/v4/objects/contacts/{contact}/associations/companies/{}",
                companies[1]
            ),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}])),
        )
        .await;
    assert_error(&labelled, 400, "VALIDATION_ERROR", "over the limit");

    // A batch over the limit writes none of its links.
    let other = api
        .create("contacts", json!({"email": "b@example.com"}))
        .await;
    let batch = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/associate/default",
            json!({"inputs": [
                {"from": {"id": other}, "to": {"id": companies[1]}},
                {"from": {"id": other}, "to": {"id": companies[2]}},
            ]}),
        )
        .await;
    assert_error(&batch, 400, "VALIDATION_ERROR", "would have 2 associations");
    let labelled_batch = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/create",
            json!({"inputs": [
                {"from": {"id": other}, "to": {"id": companies[1]},
                 "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]},
                {"from": {"id": other}, "to": {"id": companies[2]},
                 "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]},
            ]}),
        )
        .await;
    assert_error(&labelled_batch, 400, "VALIDATION_ERROR", "over the limit");
    let other_links = api
        .get(&format!(
            "/crm/v4/objects/contacts/{other}/associations/companies"
        ))
        .await;
    assert_eq!(
        other_links.body["results"],
        json!([]),
        "{}",
        other_links.text
    );

    // A record created with too many associations is not created.
    let before = api.emulator.snapshot().types["contacts"].records.len();
    let assoc = |company: &str| {
        json!({"to": {"id": company},
               "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]})
    };
    let create = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": "c@example.com"},
                   "associations": [assoc(&companies[1]), assoc(&companies[2])]}),
        )
        .await;
    assert_error(&create, 400, "VALIDATION_ERROR", "the new contact");
    let batch_create = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "d@example.com"}, "associations": [assoc(&companies[1])]},
                {"properties": {"email": "e@example.com"},
                 "associations": [assoc(&companies[1]), assoc(&companies[2])]},
            ]}),
        )
        .await;
    assert_error(&batch_create, 400, "VALIDATION_ERROR", "over the limit");
    assert_eq!(
        api.emulator.snapshot().types["contacts"].records.len(),
        before,
        "no record was created"
    );
    // Within the limit, creates with associations go ahead.
    let ok = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "d@example.com"}, "associations": [assoc(&companies[1])]},
                {"properties": {"email": "e@example.com"}, "associations": [assoc(&companies[2])]},
            ]}),
        )
        .await;
    assert_eq!(ok.status, 201, "{}", ok.text);

    // After the limit is purged, the link goes ahead.
    let purged = call(
        &api,
        Family::AssociationLimitsBatchPurge,
        ApiVersion::Legacy,
        Some(json!({"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 279}]})),
    )
    .await;
    assert_eq!(purged.status, 204, "{}", purged.text);
    let now = link(contact, companies[1].clone()).await;
    assert_eq!(now.status, 200, "{}", now.text);
}

#[tokio::test]
async fn a_label_limit_bounds_the_links_carrying_that_label() {
    let api = Api::start().await;
    let blank: &[(&str, &str)] = &[];
    let contacts: Vec<String> = api
        .emulator
        .seed("contacts", [blank, blank])
        .expect("seed")
        .iter()
        .map(u64::to_string)
        .collect();
    let company = api.create("companies", json!({"name": "Acme"})).await;
    // A company may have one contact as its "decision maker", any number otherwise.
    let label = api
        .post(
            "/crm/v4/associations/companies/contacts/labels",
            json!({"label": "Decision maker", "name": "decision_maker"}),
        )
        .await;
    let type_id = label.body["results"][0]["typeId"].as_u64().expect("typeId");
    let r = api
        .post(
            "/crm/v4/associations/definitions/configurations/companies/contacts/batch/create",
            json!({"inputs": [{"category": "USER_DEFINED", "typeId": type_id, "maxToObjectIds": 1}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(entry(&r, type_id)["label"], "Decision maker");
    let link = |contact: &str, types: Value| {
        let api = &api;
        let path = format!("/crm/v4/objects/companies/{company}/associations/contacts/{contact}");
        async move { api.put(&path, Some(types)).await }
    };
    let decision = json!([{"associationCategory": "USER_DEFINED", "associationTypeId": type_id}]);
    let plain = json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 280}]);
    assert_eq!(link(&contacts[0], decision.clone()).await.status, 201);
    assert_eq!(link(&contacts[1], plain).await.status, 201);
    let second = link(&contacts[1], decision).await;
    assert_error(&second, 400, "VALIDATION_ERROR", "labelled Decision maker");
}

#[tokio::test]
async fn snapshots_without_limits_still_load() {
    let api = Api::start().await;
    let mut snapshot = serde_json::to_value(api.emulator.snapshot()).expect("serialises");
    snapshot
        .as_object_mut()
        .expect("an object")
        .remove("association_limits");
    let state: State = serde_json::from_value(snapshot).expect("an older snapshot loads");
    assert!(state.association_limits.is_empty());
    // And limits survive a snapshot round trip.
    limit_contacts_to(&api, 4).await;
    let text = serde_json::to_string(&api.emulator.snapshot()).expect("serialises");
    let back: State = serde_json::from_str(&text).expect("loads");
    assert_eq!(
        back.association_limits.get(
            "contacts",
            "companies",
            hubspot_crm_vocab::AssociationCategory::HubspotDefined,
            279
        ),
        Some(4)
    );
}
