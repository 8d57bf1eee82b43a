//! Associations v4 over HTTP: single links, lists and paging, batches, labels, and the
//! date-versioned paths.

mod common;

use common::{assert_error, Api};
use hubspot_crm_endpoints::{ApiVersion, Family};
use serde_json::{json, Value};

/// A contact and a company, by ID.
async fn contact_and_company(api: &Api) -> (String, String) {
    let contact = api
        .create("contacts", json!({"email": "ada@example.com"}))
        .await;
    let company = api.create("companies", json!({"name": "Acme"})).await;
    (contact, company)
}

/// The `(typeId, label)` pairs of a list result entry.
fn types_of(entry: &Value) -> Vec<(u64, Value)> {
    entry["associationTypes"]
        .as_array()
        .expect("associationTypes")
        .iter()
        .map(|t| (t["typeId"].as_u64().expect("typeId"), t["label"].clone()))
        .collect()
}

/// The single association of a list reply (asserting there is exactly one).
fn only(reply: &common::Reply) -> &Value {
    assert_eq!(reply.status, 200, "{}", reply.text);
    let results = reply.body["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{}", reply.text);
    &results[0]
}

/// IDs of `n` new records of `ty` (created in-process, with its required properties).
fn seeded(api: &Api, ty: &str, n: usize) -> Vec<String> {
    let required: &[(&str, &str)] = match ty {
        "companies" => &[("name", "Acme")],
        "deals" => &[("dealname", "Deal"), ("dealstage", "appointmentscheduled")],
        "leads" => &[("hs_lead_name", "Lead")],
        _ => &[],
    };
    let props: Vec<&[(&str, &str)]> = (0..n).map(|_| required).collect();
    api.emulator
        .seed(ty, props)
        .expect("seed")
        .into_iter()
        .map(|id| id.to_string())
        .collect()
}

#[tokio::test]
async fn default_link_is_visible_from_both_sides() {
    let api = Api::start().await;
    let (contact, company) = contact_and_company(&api).await;
    let r = api
        .put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/default/companies/{company}"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "COMPLETE");
    assert!(r.body["startedAt"].as_str().unwrap().ends_with('Z'));
    assert!(r.body["completedAt"].as_str().is_some());
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "one result per direction: {}", r.text);
    assert_eq!(results[0]["from"]["id"], contact.as_str());
    assert_eq!(results[0]["to"]["id"], company.as_str());
    assert_eq!(
        results[0]["associationSpec"],
        json!({"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279})
    );
    assert_eq!(results[1]["from"]["id"], company.as_str());
    assert_eq!(results[1]["associationSpec"]["associationTypeId"], 280);

    let forward = api
        .get(&format!(
            "/crm/v4/objects/contacts/{contact}/associations/companies"
        ))
        .await;
    let entry = only(&forward);
    assert_eq!(entry["toObjectId"], company.parse::<u64>().unwrap());
    assert_eq!(types_of(entry), vec![(279, Value::Null)]);
    assert_eq!(entry["associationTypes"][0]["category"], "HUBSPOT_DEFINED");
    assert!(forward.body.get("paging").is_none());

    // Type IDs and singular names address the same types.
    let back = api
        .get(&format!(
            "/crm/v4/objects/0-2/{company}/associations/contact"
        ))
        .await;
    let entry = only(&back);
    assert_eq!(entry["toObjectId"], contact.parse::<u64>().unwrap());
    assert_eq!(types_of(entry), vec![(280, Value::Null)]);

    // The record read renders the link (records.rs).
    let record = api
        .get(&format!(
            "/crm/v3/objects/contacts/{contact}?associations=companies"
        ))
        .await;
    assert_eq!(record.status, 200, "{}", record.text);
    let linked = &record.body["associations"]["companies"]["results"];
    assert_eq!(linked[0]["id"], company.as_str(), "{}", record.text);
    assert_eq!(linked[0]["type"], "contact_to_company_unlabeled");
}

#[tokio::test]
async fn labelled_link_with_the_primary_type() {
    let api = Api::start().await;
    let (contact, company) = contact_and_company(&api).await;
    let path = format!("/crm/v4/objects/contacts/{contact}/associations/companies/{company}");
    let r = api
        .put(
            &path,
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}])),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["fromObjectTypeId"], "0-1");
    assert_eq!(r.body["fromObjectId"], contact.parse::<u64>().unwrap());
    assert_eq!(r.body["toObjectTypeId"], "0-2");
    assert_eq!(r.body["toObjectId"], company.parse::<u64>().unwrap());
    assert_eq!(r.body["labels"], json!(["Primary"]));

    // The unlabelled type comes along, as in HubSpot; the company sees primary 2 and 280.
    let forward = api
        .get(&format!(
            "/crm/v4/objects/contacts/{contact}/associations/companies"
        ))
        .await;
    assert_eq!(
        types_of(only(&forward)),
        vec![(1, json!("Primary")), (279, Value::Null)]
    );
    let back = api
        .get(&format!(
            "/crm/v4/objects/companies/{company}/associations/contacts"
        ))
        .await;
    assert_eq!(
        types_of(only(&back)),
        vec![(2, json!("Primary")), (280, Value::Null)]
    );

    // The unlabelled type alone carries no label.
    let other = api.create("companies", json!({"name": "Other"})).await;
    let plain = api
        .put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/companies/{other}"),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}])),
        )
        .await;
    assert_eq!(plain.status, 201, "{}", plain.text);
    assert_eq!(plain.body["labels"], json!([]));
}

#[tokio::test]
async fn labelled_link_errors() {
    let api = Api::start().await;
    let (contact, company) = contact_and_company(&api).await;
    let path = format!("/crm/v4/objects/contacts/{contact}/associations/companies/{company}");
    // 280 is company -> contact, not contact -> company.
    assert_error(
        &api.put(
            &path,
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 280}])),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "280",
    );
    assert_error(
        &api.put(
            &path,
            Some(json!([{"associationCategory": "USER_DEFINED", "associationTypeId": 279}])),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "279",
    );
    assert_error(
        &api.put(&path, Some(json!([]))).await,
        400,
        "VALIDATION_ERROR",
        "at least one",
    );
    assert_error(
        &api.put(&path, Some(json!({"associationTypeId": 1}))).await,
        400,
        "VALIDATION_ERROR",
        "Invalid input JSON",
    );
    assert_error(
        &api.put(&path, None).await,
        400,
        "VALIDATION_ERROR",
        "empty",
    );
    assert_error(
        &api.put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/companies/999"),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}])),
        )
        .await,
        404,
        "OBJECT_NOT_FOUND",
        "not found",
    );
    // Nothing was linked by the failures.
    let list = api
        .get(&format!(
            "/crm/v4/objects/contacts/{contact}/associations/companies"
        ))
        .await;
    assert_eq!(list.body["results"], json!([]), "{}", list.text);
}

#[tokio::test]
async fn parent_and_child_companies_are_each_others_inverse() {
    let api = Api::start().await;
    let ids = seeded(&api, "companies", 2);
    let (parent, child) = (&ids[0], &ids[1]);
    let r = api
        .put(
            &format!("/crm/v4/objects/companies/{parent}/associations/companies/{child}"),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 13}])),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["labels"].as_array().unwrap().len(), 1, "{}", r.text);
    let down = api
        .get(&format!(
            "/crm/v4/objects/companies/{parent}/associations/companies"
        ))
        .await;
    let entry = only(&down);
    assert_eq!(entry["toObjectId"], child.parse::<u64>().unwrap());
    let ids: Vec<u64> = types_of(entry).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, vec![13, 450]);
    let up = api
        .get(&format!(
            "/crm/v4/objects/companies/{child}/associations/companies"
        ))
        .await;
    let entry = only(&up);
    assert_eq!(entry["toObjectId"], parent.parse::<u64>().unwrap());
    let ids: Vec<u64> = types_of(entry).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, vec![14, 450]);
}

#[tokio::test]
async fn pairs_without_associations_and_unknown_types_are_rejected() {
    let api = Api::start().await;
    let (contact, _) = contact_and_company(&api).await;
    let product = api.create("products", json!({"name": "Widget"})).await;
    for path in [
        format!("/crm/v4/objects/contacts/{contact}/associations/default/products/{product}"),
        format!("/crm/v4/objects/products/{product}/associations/default/contacts/{contact}"),
        format!("/crm/v4/objects/contacts/{contact}/associations/default/users/1"),
    ] {
        assert_error(
            &api.put(&path, None).await,
            400,
            "VALIDATION_ERROR",
            "is not allowed",
        );
    }
    assert_error(
        &api.get(&format!(
            "/crm/v4/objects/products/{product}/associations/contacts"
        ))
        .await,
        400,
        "VALIDATION_ERROR",
        "not allowed",
    );
    assert_error(
        &api.get("/crm/v4/associations/users/contacts/labels").await,
        400,
        "VALIDATION_ERROR",
        "not allowed",
    );
    assert_error(
        &api.post(
            "/crm/v4/associations/contacts/products/batch/read",
            json!({"inputs": [{"id": contact}]}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "not allowed",
    );
    assert_error(
        &api.put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/default/widgets/1"),
            None,
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "Unable to infer object type from: widgets",
    );
    assert_error(
        &api.get("/crm/v4/associations/0-999/contacts/labels").await,
        400,
        "VALIDATION_ERROR",
        "0-999",
    );
}

#[tokio::test]
async fn missing_records_are_not_found() {
    let api = Api::start().await;
    let (contact, company) = contact_and_company(&api).await;
    for path in [
        format!("/crm/v4/objects/contacts/{contact}/associations/default/companies/999"),
        format!("/crm/v4/objects/contacts/999/associations/default/companies/{company}"),
        format!("/crm/v4/objects/contacts/abc/associations/default/companies/{company}"),
    ] {
        assert_error(
            &api.put(&path, None).await,
            404,
            "OBJECT_NOT_FOUND",
            "not found",
        );
    }
    assert_error(
        &api.get("/crm/v4/objects/contacts/999/associations/companies")
            .await,
        404,
        "OBJECT_NOT_FOUND",
        "not found",
    );
    // An archived record is gone too, and archiving dropped its links.
    let linked = api
        .put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/default/companies/{company}"),
            None,
        )
        .await;
    assert_eq!(linked.status, 200, "{}", linked.text);
    assert_eq!(
        api.delete(&format!("/crm/v3/objects/companies/{company}"))
            .await
            .status,
        204
    );
    let list = api
        .get(&format!(
            "/crm/v4/objects/contacts/{contact}/associations/companies"
        ))
        .await;
    assert_eq!(list.body["results"], json!([]), "{}", list.text);
    assert_error(
        &api.put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/default/companies/{company}"),
            None,
        )
        .await,
        404,
        "OBJECT_NOT_FOUND",
        "not found",
    );
}

#[tokio::test]
async fn remove_unlinks_both_directions() {
    let api = Api::start().await;
    let (contact, company) = contact_and_company(&api).await;
    let put = api
        .put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/companies/{company}"),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}])),
        )
        .await;
    assert_eq!(put.status, 201, "{}", put.text);
    // Removed from the company's side: every type, both ways.
    let path = format!("/crm/v4/objects/companies/{company}/associations/contacts/{contact}");
    let r = api.delete(&path).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert!(r.text.is_empty());
    for path in [
        format!("/crm/v4/objects/contacts/{contact}/associations/companies"),
        format!("/crm/v4/objects/companies/{company}/associations/contacts"),
    ] {
        let list = api.get(&path).await;
        assert_eq!(list.body["results"], json!([]), "{}", list.text);
    }
    // No link left: still fine.
    assert_eq!(api.delete(&path).await.status, 204);
    assert_error(
        &api.delete(&format!(
            "/crm/v4/objects/companies/{company}/associations/contacts/999"
        ))
        .await,
        404,
        "OBJECT_NOT_FOUND",
        "not found",
    );
    assert_error(
        &api.delete(&format!(
            "/crm/v4/objects/companies/{company}/associations/products/1"
        ))
        .await,
        400,
        "VALIDATION_ERROR",
        "not allowed",
    );
}

#[tokio::test]
async fn a_long_list_pages_with_an_opaque_cursor() {
    let api = Api::start().await;
    let contact = api.create("contacts", json!({"email": "a@b.com"})).await;
    let companies = seeded(&api, "companies", 7);
    let inputs: Vec<Value> = companies
        .iter()
        .map(|c| json!({"from": {"id": contact}, "to": {"id": c}}))
        .collect();
    let r = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/associate/default",
            json!({ "inputs": inputs }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let mut seen = Vec::new();
    let mut pages = 0;
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => {
                format!(
                    "/crm/v4/objects/contacts/{contact}/associations/companies?limit=3&after={a}"
                )
            }
            None => format!("/crm/v4/objects/contacts/{contact}/associations/companies?limit=3"),
        };
        let page = api.get(&path).await;
        assert_eq!(page.status, 200, "{}", page.text);
        pages += 1;
        let results = page.body["results"].as_array().unwrap();
        assert!(results.len() <= 3);
        seen.extend(
            results
                .iter()
                .map(|r| r["toObjectId"].as_u64().unwrap().to_string()),
        );
        match page.body["paging"]["next"]["after"].as_str() {
            Some(a) => after = Some(a.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, companies);

    let base = format!("/crm/v4/objects/contacts/{contact}/associations/companies");
    // Default limit 500 returns everything at once.
    let all = api.get(&base).await;
    assert_eq!(all.body["results"].as_array().unwrap().len(), 7);
    for bad in ["limit=501", "limit=0", "limit=x", "after=not-a-cursor"] {
        assert_error(
            &api.get(&format!("{base}?{bad}")).await,
            400,
            "VALIDATION_ERROR",
            "",
        );
    }
}

#[tokio::test]
async fn batch_read_reports_missing_records_with_207() {
    let api = Api::start().await;
    let contacts = seeded(&api, "contacts", 3);
    let companies = seeded(&api, "companies", 2);
    let inputs = json!({"inputs": [
        {"from": {"id": contacts[0]}, "to": {"id": companies[0]}},
        {"from": {"id": contacts[0]}, "to": {"id": companies[1]}},
        {"from": {"id": contacts[1]}, "to": {"id": companies[1]}},
    ]});
    let r = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/associate/default",
            inputs,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let all_found = api
        .post(
            "/crm/v4/associations/0-1/0-2/batch/read",
            json!({"inputs": [{"id": contacts[0]}, {"id": contacts[1]}]}),
        )
        .await;
    assert_eq!(all_found.status, 200, "{}", all_found.text);
    assert_eq!(all_found.body["status"], "COMPLETE");
    assert!(all_found.body.get("errors").is_none());
    let results = all_found.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["from"]["id"], contacts[0].as_str());
    let to = results[0]["to"].as_array().unwrap();
    assert_eq!(to.len(), 2);
    assert_eq!(types_of(&to[0]), vec![(279, Value::Null)]);

    // A missing record and one without associations are both error entries.
    let mixed = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/read",
            json!({"inputs": [{"id": contacts[1]}, {"id": "999"}, {"id": contacts[2]}]}),
        )
        .await;
    assert_eq!(mixed.status, 207, "{}", mixed.text);
    assert_eq!(mixed.body["results"].as_array().unwrap().len(), 1);
    assert_eq!(mixed.body["numErrors"], 2);
    let errors = mixed.body["errors"].as_array().unwrap();
    assert_eq!(errors[0]["status"], "error");
    assert_eq!(errors[0]["category"], "OBJECT_NOT_FOUND");
    // HubSpot describes the entry's own `subCategory` as an object and a detail's as a
    // string: the sub-category is in the entry's detail.
    assert!(errors[0].get("subCategory").is_none(), "{}", mixed.text);
    assert_eq!(
        errors[0]["errors"][0]["subCategory"],
        "crm.associations.NO_ASSOCIATIONS_FOUND"
    );
    assert_eq!(errors[0]["context"]["fromObjectId"], json!(["999"]));
    assert_eq!(
        errors[0]["message"],
        "No company is associated with contact 999."
    );
    assert_eq!(errors[1]["context"]["fromObjectId"], json!([contacts[2]]));

    let too_many: Vec<Value> = (0..1001).map(|i| json!({"id": i.to_string()})).collect();
    assert_error(
        &api.post(
            "/crm/v4/associations/contacts/companies/batch/read",
            json!({ "inputs": too_many }),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "1000",
    );
    assert_error(
        &api.post(
            "/crm/v4/associations/contacts/companies/batch/read",
            json!({"ids": []}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "no inputs",
    );
}

#[tokio::test]
async fn batch_read_pages_each_record_with_after() {
    let api = Api::start().await;
    let contact = seeded(&api, "contacts", 1).remove(0);
    let companies = seeded(&api, "companies", 502);
    api.emulator.with_state(|state| {
        for c in &companies {
            hubspot_crm_emulator::links::link(
                state,
                "contacts",
                contact.parse().unwrap(),
                "companies",
                c.parse().unwrap(),
                &[(
                    hubspot_crm_emulator::state::AssociationCategory::HubspotDefined,
                    279,
                )],
            )
            .expect("link");
        }
    });
    let first = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/read",
            json!({"inputs": [{"id": contact}]}),
        )
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let result = &first.body["results"][0];
    assert_eq!(result["to"].as_array().unwrap().len(), 500);
    let after = result["paging"]["next"]["after"].as_str().expect("paging");
    let second = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/read",
            json!({"inputs": [{"id": contact, "after": after}]}),
        )
        .await;
    assert_eq!(second.status, 200, "{}", second.text);
    let rest: Vec<String> = second.body["results"][0]["to"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["toObjectId"].as_u64().unwrap().to_string())
        .collect();
    assert_eq!(rest, companies[500..].to_vec());
    assert!(second.body["results"][0].get("paging").is_none());
}

#[tokio::test]
async fn batch_create_links_with_types_and_reports_missing_records() {
    let api = Api::start().await;
    let deals = seeded(&api, "deals", 2);
    let (contact, company) = contact_and_company(&api).await;
    let primary = json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 5}]);
    // Deal -> company primary is 5; the pair's default is 341.
    let r = api
        .post(
            "/crm/v4/associations/deals/companies/batch/create",
            json!({"inputs": [
                {"from": {"id": deals[0]}, "to": {"id": company}, "types": primary},
                {"from": {"id": deals[1]}, "to": {"id": "999"}, "types": primary},
            ]}),
        )
        .await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_eq!(r.body["numErrors"], 1);
    assert_eq!(r.body["errors"][0]["category"], "OBJECT_NOT_FOUND");
    assert_eq!(r.body["errors"][0]["context"]["ids"], json!(["999"]));
    let result = &r.body["results"][0];
    assert_eq!(result["fromObjectTypeId"], "0-3");
    assert_eq!(result["fromObjectId"], deals[0].parse::<u64>().unwrap());
    assert_eq!(result["toObjectTypeId"], "0-2");
    assert_eq!(result["labels"], json!(["Primary"]));
    let list = api
        .get(&format!(
            "/crm/v4/objects/companies/{company}/associations/deals"
        ))
        .await;
    let entry = only(&list);
    assert_eq!(entry["toObjectId"], deals[0].parse::<u64>().unwrap());
    assert!(
        types_of(entry).iter().any(|(_, l)| l == "Primary"),
        "{}",
        list.text
    );

    let ok = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/create",
            json!({"inputs": [{"from": {"id": contact}, "to": {"id": company},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]}]}),
        )
        .await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(ok.body["status"], "COMPLETE");
    assert!(ok.body.get("errors").is_none());

    // A bad type fails the whole request and writes nothing.
    let bad = api
        .post(
            "/crm/v4/associations/deals/companies/batch/create",
            json!({"inputs": [
                {"from": {"id": deals[1]}, "to": {"id": company}, "types": primary},
                {"from": {"id": deals[1]}, "to": {"id": company},
                 "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]},
            ]}),
        )
        .await;
    assert_error(&bad, 400, "VALIDATION_ERROR", "279");
    let untouched = api
        .get(&format!(
            "/crm/v4/objects/deals/{}/associations/companies",
            deals[1]
        ))
        .await;
    assert_eq!(untouched.body["results"], json!([]), "{}", untouched.text);

    let too_many: Vec<Value> = (0..101)
        .map(|_| json!({"from": {"id": contact}, "to": {"id": company}, "types": primary}))
        .collect();
    assert_error(
        &api.post(
            "/crm/v4/associations/deals/companies/batch/create",
            json!({ "inputs": too_many }),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "100",
    );
}

#[tokio::test]
async fn batch_associate_default_and_archive() {
    let api = Api::start().await;
    let contacts = seeded(&api, "contacts", 2);
    let companies = seeded(&api, "companies", 2);
    let r = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/associate/default",
            json!({"inputs": [
                {"from": {"id": contacts[0]}, "to": {"id": companies[0]}},
                {"from": {"id": contacts[0]}, "to": {"id": companies[1]}},
                {"from": {"id": contacts[1]}, "to": {"id": companies[0]}},
                {"from": {"id": "999"}, "to": {"id": companies[0]}},
            ]}),
        )
        .await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_eq!(r.body["numErrors"], 1);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 6, "two directions per link: {}", r.text);
    assert_eq!(results[0]["associationSpec"]["associationTypeId"], 279);
    assert_eq!(results[1]["associationSpec"]["associationTypeId"], 280);

    // Archive contact 0's links to both companies, from the company side for one of them.
    let archived = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/archive",
            json!({"inputs": [
                {"from": {"id": contacts[0]}, "to": [{"id": companies[0]}, {"id": companies[1]}]},
                {"from": {"id": "999"}, "to": [{"id": "5"}]},
            ]}),
        )
        .await;
    assert_eq!(archived.status, 204, "{}", archived.text);
    let list = api
        .get(&format!(
            "/crm/v4/objects/contacts/{}/associations/companies",
            contacts[0]
        ))
        .await;
    assert_eq!(list.body["results"], json!([]), "{}", list.text);
    let back = api
        .get(&format!(
            "/crm/v4/objects/companies/{}/associations/contacts",
            companies[0]
        ))
        .await;
    let entry = only(&back);
    assert_eq!(entry["toObjectId"], contacts[1].parse::<u64>().unwrap());

    let too_many: Vec<Value> = (0..101)
        .map(|_| json!({"from": {"id": contacts[0]}, "to": [{"id": companies[0]}]}))
        .collect();
    assert_error(
        &api.post(
            "/crm/v4/associations/contacts/companies/batch/archive",
            json!({ "inputs": too_many }),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "100",
    );
    let too_many: Vec<Value> = (0..101)
        .map(|_| json!({"from": {"id": contacts[0]}, "to": {"id": companies[0]}}))
        .collect();
    assert_error(
        &api.post(
            "/crm/v4/associations/contacts/companies/batch/associate/default",
            json!({ "inputs": too_many }),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "100",
    );
}

#[tokio::test]
async fn batch_labels_archive_removes_only_the_given_types() {
    let api = Api::start().await;
    let (contact, company) = contact_and_company(&api).await;
    let put = api
        .put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/companies/{company}"),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}])),
        )
        .await;
    assert_eq!(put.status, 201, "{}", put.text);
    let r = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/labels/archive",
            json!({"inputs": [{"from": {"id": contact}, "to": {"id": company},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]}]}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let forward = api
        .get(&format!(
            "/crm/v4/objects/contacts/{contact}/associations/companies"
        ))
        .await;
    assert_eq!(types_of(only(&forward)), vec![(279, Value::Null)]);
    let back = api
        .get(&format!(
            "/crm/v4/objects/companies/{company}/associations/contacts"
        ))
        .await;
    assert_eq!(types_of(only(&back)), vec![(280, Value::Null)]);

    assert_error(
        &api.post(
            "/crm/v4/associations/contacts/companies/batch/labels/archive",
            json!({"inputs": [{"from": {"id": contact}, "to": {"id": company},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 13}]}]}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "13",
    );
    let too_many: Vec<Value> = (0..101)
        .map(|_| json!({"from": {"id": contact}, "to": {"id": company}, "types": []}))
        .collect();
    assert_error(
        &api.post(
            "/crm/v4/associations/contacts/companies/batch/labels/archive",
            json!({ "inputs": too_many }),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "100",
    );
}

/// The `(category, typeId, label)` triples of a labels reply.
fn label_list(reply: &common::Reply) -> Vec<(String, u64, Value)> {
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|t| {
            (
                t["category"].as_str().unwrap().to_string(),
                t["typeId"].as_u64().unwrap(),
                t["label"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn labels_list_hubspot_defined_types_including_synthesised_defaults() {
    let api = Api::start().await;
    let hs = |id: u64, label: Value| ("HUBSPOT_DEFINED".to_string(), id, label);
    assert_eq!(
        label_list(
            &api.get("/crm/v4/associations/contacts/companies/labels")
                .await
        ),
        vec![hs(1, json!("Primary")), hs(279, Value::Null)]
    );
    let companies = label_list(&api.get("/crm/v4/associations/0-2/0-2/labels").await);
    let ids: Vec<u64> = companies.iter().map(|(_, id, _)| *id).collect();
    assert_eq!(ids, vec![13, 14, 450]);
    assert!(companies[0].2.is_string() && companies[1].2.is_string());

    // HubSpot lists lead -> contact (608, primary 578) but not contact -> lead: the emulator's
    // ID for it is discoverable here and works.
    let to_leads = label_list(&api.get("/crm/v4/associations/contacts/leads/labels").await);
    assert_eq!(to_leads.len(), 1);
    let synthetic = to_leads[0].1;
    assert!(synthetic >= 100_000, "{to_leads:?}");
    assert_eq!(to_leads[0].2, Value::Null);
    let from_leads = label_list(&api.get("/crm/v4/associations/leads/contacts/labels").await);
    assert_eq!(
        from_leads,
        vec![hs(578, json!("Primary")), hs(608, Value::Null)]
    );

    let contact = api.create("contacts", json!({"email": "l@b.com"})).await;
    let lead = seeded(&api, "leads", 1).remove(0);
    let r = api
        .put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/leads/{lead}"),
            Some(
                json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": synthetic}]),
            ),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let back = api
        .get(&format!(
            "/crm/v4/objects/leads/{lead}/associations/contacts"
        ))
        .await;
    assert_eq!(types_of(only(&back)), vec![(608, Value::Null)]);
}

#[tokio::test]
async fn user_defined_labels_can_be_created_used_renamed_and_deleted() {
    let api = Api::start().await;
    let (contact, company) = contact_and_company(&api).await;
    let labels = "/crm/v4/associations/contacts/companies/labels";
    let created = api
        .post(
            labels,
            json!({"label": "Billing contact", "name": "billing_contact", "inverseLabel": "Billed company"}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let results = created.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{}", created.text);
    assert_eq!(results[0]["category"], "USER_DEFINED");
    assert_eq!(results[0]["label"], "Billing contact");
    assert_eq!(results[1]["label"], "Billed company");
    let forward = results[0]["typeId"].as_u64().unwrap();
    let inverse = results[1]["typeId"].as_u64().unwrap();
    assert_ne!(forward, inverse);

    // Listed for each direction.
    let listed = label_list(&api.get(labels).await);
    assert!(listed.contains(&("USER_DEFINED".into(), forward, json!("Billing contact"))));
    let listed_back = label_list(
        &api.get("/crm/v4/associations/companies/contacts/labels")
            .await,
    );
    assert!(listed_back.contains(&("USER_DEFINED".into(), inverse, json!("Billed company"))));

    // Used through PUT and seen from both sides with its label.
    let user = json!([{"associationCategory": "USER_DEFINED", "associationTypeId": forward}]);
    let r = api
        .put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/companies/{company}"),
            Some(user.clone()),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["labels"], json!(["Billing contact"]));
    let list = api
        .get(&format!(
            "/crm/v4/objects/contacts/{contact}/associations/companies"
        ))
        .await;
    let entry = only(&list);
    assert!(entry["associationTypes"].as_array().unwrap().contains(
        &json!({"category": "USER_DEFINED", "typeId": forward, "label": "Billing contact"})
    ));
    let back = api
        .get(&format!(
            "/crm/v4/objects/companies/{company}/associations/contacts"
        ))
        .await;
    assert!(types_of(only(&back)).contains(&(inverse, json!("Billed company"))));

    // And through batch create.
    let other = api.create("companies", json!({"name": "Other"})).await;
    let batch = api
        .post(
            "/crm/v4/associations/contacts/companies/batch/create",
            json!({"inputs": [{"from": {"id": contact}, "to": {"id": other}, "types": user}]}),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.text);
    assert_eq!(
        batch.body["results"][0]["labels"],
        json!(["Billing contact"])
    );
    // The inverse type does not go this way.
    assert_error(
        &api.put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/companies/{other}"),
            Some(json!([{"associationCategory": "USER_DEFINED", "associationTypeId": inverse}])),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "not valid",
    );

    // Renamed.
    let renamed = api
        .put(
            labels,
            Some(
                json!({"associationTypeId": forward, "label": "Payer", "inverseLabel": "Paid by"}),
            ),
        )
        .await;
    assert_eq!(renamed.status, 204, "{}", renamed.text);
    let list = api
        .get(&format!(
            "/crm/v4/objects/contacts/{contact}/associations/companies"
        ))
        .await;
    assert!(types_of(&list.body["results"][0]).contains(&(forward, json!("Payer"))));
    let listed_back = label_list(
        &api.get("/crm/v4/associations/companies/contacts/labels")
            .await,
    );
    assert!(listed_back.contains(&("USER_DEFINED".into(), inverse, json!("Paid by"))));
    // Only user labels change; unknown ones are not found.
    assert_error(
        &api.put(
            labels,
            Some(json!({"associationTypeId": 1, "label": "Main"})),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "HubSpot",
    );
    assert_error(
        &api.put(
            labels,
            Some(json!({"associationTypeId": 4242, "label": "x"})),
        )
        .await,
        404,
        "OBJECT_NOT_FOUND",
        "4242",
    );
    assert_error(
        &api.put(
            labels,
            Some(json!({"associationTypeId": forward, "label": " "})),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "label",
    );

    // Deleted: the label, its inverse and their uses go; the unlabelled links stay.
    assert_error(
        &api.delete(&format!("{labels}/279")).await,
        400,
        "VALIDATION_ERROR",
        "HubSpot",
    );
    assert_error(
        &api.delete(&format!("{labels}/abc")).await,
        400,
        "VALIDATION_ERROR",
        "abc",
    );
    let deleted = api.delete(&format!("{labels}/{forward}")).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    assert!(!label_list(&api.get(labels).await)
        .iter()
        .any(|(c, _, _)| c == "USER_DEFINED"));
    assert!(!label_list(
        &api.get("/crm/v4/associations/companies/contacts/labels")
            .await
    )
    .iter()
    .any(|(c, _, _)| c == "USER_DEFINED"));
    let list = api
        .get(&format!(
            "/crm/v4/objects/contacts/{contact}/associations/companies"
        ))
        .await;
    for entry in list.body["results"].as_array().unwrap() {
        assert_eq!(types_of(entry), vec![(279, Value::Null)], "{}", list.text);
    }
    let back = api
        .get(&format!(
            "/crm/v4/objects/companies/{company}/associations/contacts"
        ))
        .await;
    assert_eq!(types_of(only(&back)), vec![(280, Value::Null)]);
    assert_error(
        &api.delete(&format!("{labels}/{forward}")).await,
        404,
        "OBJECT_NOT_FOUND",
        "",
    );
    assert_error(
        &api.put(
            &format!("/crm/v4/objects/contacts/{contact}/associations/companies/{company}"),
            Some(user),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "not valid",
    );
}

#[tokio::test]
async fn label_create_errors_and_self_association_labels() {
    let api = Api::start().await;
    let labels = "/crm/v4/associations/contacts/contacts/labels";
    let r = api
        .post(labels, json!({"label": "Spouse", "name": "spouse"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // A self-association label without an inverse label is its own inverse.
    assert_eq!(r.body["results"].as_array().unwrap().len(), 1, "{}", r.text);
    let spouse = r.body["results"][0]["typeId"].as_u64().unwrap();
    let ids = seeded(&api, "contacts", 2);
    let put = api
        .put(
            &format!(
                "/crm/v4/objects/contacts/{}/associations/contacts/{}",
                ids[0], ids[1]
            ),
            Some(json!([{"associationCategory": "USER_DEFINED", "associationTypeId": spouse}])),
        )
        .await;
    assert_eq!(put.status, 201, "{}", put.text);
    let back = api
        .get(&format!(
            "/crm/v4/objects/contacts/{}/associations/contacts",
            ids[1]
        ))
        .await;
    assert!(types_of(only(&back)).contains(&(spouse, json!("Spouse"))));

    // Manager/employee: two types, both listed for the one pair.
    let r = api
        .post(
            labels,
            json!({"label": "Manager", "name": "manager", "inverseLabel": "Employee"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["results"].as_array().unwrap().len(), 2);
    let user: Vec<Value> = label_list(&api.get(labels).await)
        .into_iter()
        .filter(|(c, _, _)| c == "USER_DEFINED")
        .map(|(_, _, l)| l)
        .collect();
    assert_eq!(
        user,
        vec![json!("Spouse"), json!("Manager"), json!("Employee")]
    );

    assert_error(
        &api.post(labels, json!({"label": "Partner", "name": "spouse"}))
            .await,
        409,
        "CONFLICT",
        "spouse",
    );
    assert_error(
        &api.post(labels, json!({"label": "No name"})).await,
        400,
        "VALIDATION_ERROR",
        "Invalid input JSON",
    );
    assert_error(
        &api.post(labels, json!({"label": "", "name": "empty"}))
            .await,
        400,
        "VALIDATION_ERROR",
        "label",
    );
    assert_error(
        &api.post(
            "/crm/v4/associations/products/contacts/labels",
            json!({"label": "x", "name": "x"}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "not allowed",
    );
}

#[tokio::test]
async fn date_versioned_paths_behave_the_same() {
    let api = Api::start().await;
    let (contact, company) = contact_and_company(&api).await;
    let objects = "/crm/objects/2026-03";
    let assoc = "/crm/associations/2026-03";
    let r = api
        .put(
            &format!("{objects}/contacts/{contact}/associations/default/companies/{company}"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["results"][1]["associationSpec"]["associationTypeId"],
        280
    );
    let r = api
        .put(
            &format!("/crm/objects/2026-09/contacts/{contact}/associations/companies/{company}"),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}])),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["labels"], json!(["Primary"]));
    let list = api
        .get(&format!(
            "{objects}/companies/{company}/associations/contacts?limit=1"
        ))
        .await;
    assert_eq!(
        types_of(only(&list)),
        vec![(2, json!("Primary")), (280, Value::Null)]
    );

    let read = api
        .post(
            &format!("{assoc}/contacts/companies/batch/read"),
            json!({"inputs": [{"id": contact}]}),
        )
        .await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["results"][0]["from"]["id"], contact.as_str());
    let labels = api.get(&format!("{assoc}/contacts/companies/labels")).await;
    assert_eq!(label_list(&labels).len(), 2);
    let created = api
        .post(
            &format!("{assoc}/contacts/companies/labels"),
            json!({"label": "Champion", "name": "champion"}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let champion = created.body["results"][0]["typeId"].as_u64().unwrap();
    let batch = api
        .post(
            &format!("{assoc}/contacts/companies/batch/create"),
            json!({"inputs": [{"from": {"id": contact}, "to": {"id": company},
                "types": [{"associationCategory": "USER_DEFINED", "associationTypeId": champion}]}]}),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.text);
    assert_eq!(
        batch.body["results"][0]["labels"],
        json!(["Primary", "Champion"])
    );
    let renamed = api
        .put(
            &format!("{assoc}/contacts/companies/labels"),
            Some(json!({"associationTypeId": champion, "label": "Sponsor"})),
        )
        .await;
    assert_eq!(renamed.status, 204, "{}", renamed.text);
    let unlabelled = api
        .post(
            &format!("{assoc}/contacts/companies/batch/labels/archive"),
            json!({"inputs": [{"from": {"id": contact}, "to": {"id": company},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]}]}),
        )
        .await;
    // The date versions answer 200 with a batch answer where v4 answers 204.
    assert_eq!(unlabelled.status, 200, "{}", unlabelled.text);
    assert_eq!(unlabelled.body["status"], "COMPLETE");
    let list = api
        .get(&format!(
            "{objects}/contacts/{contact}/associations/companies"
        ))
        .await;
    assert_eq!(
        types_of(only(&list)),
        vec![(279, Value::Null), (champion, json!("Sponsor"))]
    );
    let deleted = api
        .delete(&format!("{assoc}/contacts/companies/labels/{champion}"))
        .await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    let archived = api
        .post(
            &format!("{assoc}/contacts/companies/batch/archive"),
            json!({"inputs": [{"from": {"id": contact}, "to": [{"id": company}]}]}),
        )
        .await;
    assert_eq!(archived.status, 200, "{}", archived.text);
    assert_eq!(archived.body["results"], json!([]));
    let removed = api
        .delete(&format!(
            "{objects}/contacts/{contact}/associations/companies/{company}"
        ))
        .await;
    assert_eq!(removed.status, 204);
    let list = api
        .get(&format!(
            "{objects}/contacts/{contact}/associations/companies"
        ))
        .await;
    assert_eq!(list.body["results"], json!([]));
    let defaulted = api
        .post(
            &format!("{assoc}/contacts/companies/batch/associate/default"),
            json!({"inputs": [{"from": {"id": contact}, "to": {"id": company}}]}),
        )
        .await;
    assert_eq!(defaulted.status, 200, "{}", defaulted.text);
}

/// `family`'s path in `version` with its placeholders filled in.
fn path_in(version: ApiVersion, family: Family, params: &[(&str, &str)]) -> String {
    params
        .iter()
        .fold(family.path(version).to_string(), |p, (k, v)| {
            p.replace(&format!("{{{k}}}"), v)
        })
}

/// An ID as `version`'s association answers spell it: a number in legacy v4, a string in
/// the date versions.
fn id_in(version: ApiVersion, id: &str) -> Value {
    match version {
        ApiVersion::Legacy => json!(id.parse::<u64>().expect("a numeric ID")),
        _ => json!(id),
    }
}

#[tokio::test]
async fn association_ids_are_numbers_in_v4_and_strings_in_the_date_versions() {
    let api = Api::start().await;
    for version in ApiVersion::ALL {
        let contact = api.create("contacts", json!({})).await;
        let company = api.create("companies", json!({"name": "Acme"})).await;
        let (contact, company) = (contact.as_str(), company.as_str());
        let pair = [("objectType", "contacts"), ("toObjectType", "companies")];
        let link = [
            ("objectType", "contacts"),
            ("objectId", contact),
            ("toObjectType", "companies"),
            ("toObjectId", company),
        ];
        let primary = json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]);

        let r = api
            .put(
                &path_in(version, Family::AssociationsCreate, &link),
                Some(primary.clone()),
            )
            .await;
        assert_eq!(r.status, 201, "{version}: {}", r.text);
        assert_eq!(r.body["fromObjectId"], id_in(version, contact), "{version}");
        assert_eq!(r.body["toObjectId"], id_in(version, company), "{version}");

        let list = api
            .get(&path_in(version, Family::AssociationsList, &link[..3]))
            .await;
        assert_eq!(
            only(&list)["toObjectId"],
            id_in(version, company),
            "{version}"
        );

        let read = api
            .post(
                &path_in(version, Family::AssociationsBatchRead, &pair),
                json!({"inputs": [{"id": contact}]}),
            )
            .await;
        assert_eq!(read.status, 200, "{version}: {}", read.text);
        let result = &read.body["results"][0];
        assert_eq!(
            result["from"]["id"], contact,
            "`from.id` is a string in every version"
        );
        assert_eq!(
            result["to"][0]["toObjectId"],
            id_in(version, company),
            "{version}"
        );

        let created = api
            .post(
                &path_in(version, Family::AssociationsBatchCreate, &pair),
                json!({"inputs": [{"from": {"id": contact}, "to": {"id": company}, "types": primary}]}),
            )
            .await;
        let result = &created.body["results"][0];
        assert_eq!(
            result["fromObjectId"],
            id_in(version, contact),
            "{version}: {}",
            created.text
        );
        assert_eq!(result["toObjectId"], id_in(version, company), "{version}");

        let default = api
            .put(
                &path_in(version, Family::AssociationsCreateDefault, &link),
                None,
            )
            .await;
        let result = &default.body["results"][0];
        assert_eq!(result["from"]["id"], contact, "{version}: {}", default.text);
        assert_eq!(result["to"]["id"], company, "{version}");
    }
}

#[tokio::test]
async fn an_unlabelled_type_has_no_label_field_in_any_version() {
    let api = Api::start().await;
    for version in ApiVersion::ALL {
        let contact = api.create("contacts", json!({})).await;
        let company = api.create("companies", json!({"name": "Acme"})).await;
        let link = [
            ("objectType", "contacts"),
            ("objectId", contact.as_str()),
            ("toObjectType", "companies"),
            ("toObjectId", company.as_str()),
        ];
        let primary = json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]);
        let r = api
            .put(
                &path_in(version, Family::AssociationsCreate, &link),
                Some(primary),
            )
            .await;
        assert_eq!(r.status, 201, "{version}: {}", r.text);
        let list = api
            .get(&path_in(version, Family::AssociationsList, &link[..3]))
            .await;
        let types = only(&list)["associationTypes"].as_array().expect("types");
        let labelled = types.iter().find(|t| t["typeId"] == 1).expect("primary");
        assert_eq!(labelled["label"], "Primary", "{version}");
        let unlabelled = types.iter().find(|t| t["typeId"] == 279).expect("default");
        assert!(unlabelled.get("label").is_none(), "{version}: {unlabelled}");

        let pair = [("objectType", "contacts"), ("toObjectType", "companies")];
        let labels = api
            .get(&path_in(version, Family::AssociationLabelsList, &pair))
            .await;
        assert_eq!(labels.status, 200, "{version}: {}", labels.text);
        for t in labels.body["results"].as_array().expect("results") {
            match t["typeId"].as_u64() {
                Some(279) => assert!(t.get("label").is_none(), "{version}: {t}"),
                Some(1) => assert_eq!(t["label"], "Primary", "{version}"),
                _ => {}
            }
        }
    }
}
