//! Properties and property groups: definitions, their validation, and their effect on record
//! writes, over HTTP.

mod common;

use common::{assert_error, Api};
use serde_json::{json, Value};

const CONTACT_PROPS: &str = "/crm/v3/properties/contacts";

fn names(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|p| p["name"].as_str().expect("name").to_string())
        .collect()
}

fn food() -> Value {
    json!({
        "name": "favorite_food",
        "label": "Favorite food",
        "type": "string",
        "fieldType": "text",
        "groupName": "contactinformation",
        "description": "What they like",
        "displayOrder": 3,
    })
}

#[tokio::test]
async fn list_and_get_hubspot_defined_properties() {
    let api = Api::start().await;
    let list = api.get(CONTACT_PROPS).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let all = names(&list.body);
    assert!(all.contains(&"email".to_string()) && all.contains(&"hs_object_id".to_string()));

    let email = api.get(&format!("{CONTACT_PROPS}/email")).await;
    assert_eq!(email.status, 200, "{}", email.text);
    let b = &email.body;
    assert_eq!(b["name"], "email");
    assert_eq!(b["type"], "string");
    assert_eq!(b["fieldType"], "text");
    assert_eq!(b["groupName"], "contactinformation");
    assert_eq!(b["hasUniqueValue"], true);
    assert_eq!(b["hubspotDefined"], true);
    assert_eq!(b["archived"], false);
    assert_eq!(b["hidden"], false);
    assert_eq!(b["calculated"], false);
    assert_eq!(b["externalOptions"], false);
    assert_eq!(b["modificationMetadata"]["archivable"], false);

    let stage = api
        .get("/crm/properties/2026-09/contacts/lifecyclestage")
        .await;
    assert_eq!(stage.status, 200, "{}", stage.text);
    assert_eq!(stage.body["type"], "enumeration");
    assert_eq!(stage.body["fieldType"], "select");
    let options = stage.body["options"].as_array().unwrap();
    assert!(options.iter().any(|o| o["value"] == "customer"));
    assert!(options[0]["displayOrder"].is_i64() && options[0]["hidden"] == false);

    let id = api.get(&format!("{CONTACT_PROPS}/hs_object_id")).await;
    assert_eq!(id.body["type"], "number");
    assert_eq!(id.body["modificationMetadata"]["readOnlyValue"], true);
    assert_eq!(id.body["modificationMetadata"]["readOnlyDefinition"], true);

    assert_error(
        &api.get(&format!("{CONTACT_PROPS}/shoe_size")).await,
        404,
        "OBJECT_NOT_FOUND",
        "shoe_size",
    );
    assert_error(
        &api.get("/crm/v3/properties/spaceships").await,
        400,
        "VALIDATION_ERROR",
        "Unable to infer object type from: spaceships",
    );
}

#[tokio::test]
async fn a_created_property_is_custom_and_writable_at_once() {
    let api = Api::start().await;
    let r = api.post(CONTACT_PROPS, food()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let b = &r.body;
    assert_eq!(b["name"], "favorite_food");
    assert_eq!(b["label"], "Favorite food");
    assert_eq!(b["type"], "string");
    assert_eq!(b["fieldType"], "text");
    assert_eq!(b["description"], "What they like");
    assert_eq!(b["displayOrder"], 3);
    assert_eq!(b["hasUniqueValue"], false);
    assert_eq!(b["archived"], false);
    assert!(b.get("hubspotDefined").is_none(), "custom: {}", r.text);
    assert_eq!(b["modificationMetadata"]["archivable"], true);
    assert_eq!(b["modificationMetadata"]["readOnlyValue"], false);
    assert!(b["createdAt"].as_str().unwrap().ends_with('Z'));
    assert!(b["updatedAt"].as_str().is_some());

    let got = api.get(&format!("{CONTACT_PROPS}/favorite_food")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["label"], "Favorite food");
    assert!(names(&api.get(CONTACT_PROPS).await.body).contains(&"favorite_food".to_string()));

    let id = api
        .create(
            "contacts",
            json!({"email": "f@example.com", "favorite_food": "pho"}),
        )
        .await;
    let contact = api
        .get(&format!(
            "/crm/v3/objects/contacts/{id}?properties=favorite_food"
        ))
        .await;
    assert_eq!(contact.body["properties"]["favorite_food"], "pho");

    // Types are enforced on the new property as on built-in ones.
    let count = json!({"name": "visit_count", "label": "Visits", "type": "number", "fieldType": "number", "groupName": "contactinformation"});
    assert_eq!(api.post(CONTACT_PROPS, count).await.status, 201);
    assert_error(
        &api.post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"visit_count": "many"}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "INVALID_FLOAT",
    );

    // Multi-select enumerations take `;`-joined values among their options.
    let toppings = json!({"name": "toppings", "label": "Toppings", "type": "enumeration", "fieldType": "checkbox", "groupName": "contactinformation",
        "options": [{"label": "Cheese", "value": "cheese"}, {"label": "Olives", "value": "olives", "displayOrder": 7, "hidden": true}]});
    let t = api.post(CONTACT_PROPS, toppings).await;
    assert_eq!(t.status, 201, "{}", t.text);
    assert_eq!(t.body["options"][0]["displayOrder"], 0);
    assert_eq!(t.body["options"][1]["displayOrder"], 7);
    assert_eq!(t.body["options"][1]["hidden"], true);
    api.create("contacts", json!({"toppings": "cheese;olives"}))
        .await;
    assert_error(
        &api.post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"toppings": "anchovies"}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "INVALID_OPTION",
    );
    let flag = json!({"name": "vip", "label": "VIP", "type": "bool", "fieldType": "booleancheckbox", "groupName": "contactinformation"});
    assert_eq!(api.post(CONTACT_PROPS, flag).await.status, 201);
    let dated = json!({"name": "renewal", "label": "Renewal", "type": "date", "fieldType": "date", "groupName": "contactinformation"});
    assert_eq!(
        api.post("/crm/properties/2026-03/contacts", dated)
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn invalid_property_definitions_are_refused_and_change_nothing() {
    let api = Api::start().await;
    let before = names(&api.get(CONTACT_PROPS).await.body).len();
    let with = |changes: Value| {
        let mut p = food();
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                p.as_object_mut().unwrap().remove(k);
            } else {
                p[k] = v.clone();
            }
        }
        p
    };
    let cases = [
        (json!({"name": "Favorite_Food"}), "invalid"),
        (json!({"name": "1food"}), "invalid"),
        (json!({"name": "fav-food"}), "invalid"),
        (json!({"name": null}), "Missing required field: name"),
        (json!({"label": null}), "Missing required field: label"),
        (json!({"type": null}), "Missing required field: type"),
        (
            json!({"fieldType": null}),
            "Missing required field: fieldType",
        ),
        (
            json!({"groupName": null}),
            "Missing required field: groupName",
        ),
        (json!({"type": "text"}), "not a valid property type"),
        (
            json!({"type": "number"}),
            "fieldType 'text' is not valid for type 'number'",
        ),
        (
            json!({"type": "bool"}),
            "fieldType 'text' is not valid for type 'bool'",
        ),
        (
            json!({"type": "enumeration", "fieldType": "select"}),
            "needs at least one option",
        ),
        (
            json!({"type": "enumeration", "fieldType": "text", "options": [{"label": "A", "value": "a"}]}),
            "fieldType 'text'",
        ),
        (
            json!({"options": [{"label": "A", "value": "a"}]}),
            "options are only allowed",
        ),
        (
            json!({"type": "enumeration", "fieldType": "select", "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "a"}]}),
            "more than once",
        ),
        (
            json!({"groupName": "nosuchgroup"}),
            "Property group 'nosuchgroup' does not exist",
        ),
    ];
    for (change, message) in cases {
        let r = api.post(CONTACT_PROPS, with(change.clone())).await;
        assert_error(&r, 400, "VALIDATION_ERROR", message);
    }
    assert_error(
        &api.post(CONTACT_PROPS, json!({"name": 5})).await,
        400,
        "VALIDATION_ERROR",
        "Invalid input JSON",
    );
    assert_eq!(names(&api.get(CONTACT_PROPS).await.body).len(), before);

    assert_eq!(api.post(CONTACT_PROPS, food()).await.status, 201);
    assert_error(
        &api.post(CONTACT_PROPS, food()).await,
        409,
        "CONFLICT",
        "Property named 'favorite_food' already exists",
    );
    assert_error(
        &api.post(CONTACT_PROPS, with(json!({"name": "email"})))
            .await,
        409,
        "CONFLICT",
        "Property named 'email' already exists",
    );
}

#[tokio::test]
async fn unique_custom_properties_make_duplicate_values_conflict() {
    let api = Api::start().await;
    let code = json!({"name": "member_code", "label": "Member code", "type": "string", "fieldType": "text", "groupName": "contactinformation", "hasUniqueValue": true});
    let r = api.post(CONTACT_PROPS, code).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["hasUniqueValue"], true);
    let first = api.create("contacts", json!({"member_code": "M-1"})).await;
    let dup = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"member_code": "M-1"}}),
        )
        .await;
    assert_error(
        &dup,
        409,
        "CONFLICT",
        &format!("Contact already exists. Existing ID: {first}"),
    );
    let second = api.create("contacts", json!({"member_code": "M-2"})).await;
    let moved = api
        .patch(
            &format!("/crm/v3/objects/contacts/{second}"),
            json!({"properties": {"member_code": "M-1"}}),
        )
        .await;
    assert_error(&moved, 409, "CONFLICT", &format!("Existing ID: {first}"));
    // And the unique property addresses records.
    let by_code = api
        .get("/crm/v3/objects/contacts/M-2?idProperty=member_code")
        .await;
    assert_eq!(by_code.status, 200, "{}", by_code.text);
    assert_eq!(by_code.body["id"], second.as_str());
}

#[tokio::test]
async fn updating_properties() {
    let api = Api::start().await;
    assert_eq!(api.post(CONTACT_PROPS, food()).await.status, 201);
    let group = json!({"name": "tastes", "label": "Tastes"});
    assert_eq!(
        api.post(&format!("{CONTACT_PROPS}/groups"), group)
            .await
            .status,
        201
    );
    let r = api
        .patch(
            &format!("{CONTACT_PROPS}/favorite_food"),
            json!({"label": "Food", "description": "Loved dish", "groupName": "tastes", "displayOrder": 9, "fieldType": "textarea"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["label"], "Food");
    assert_eq!(r.body["description"], "Loved dish");
    assert_eq!(r.body["groupName"], "tastes");
    assert_eq!(r.body["displayOrder"], 9);
    assert_eq!(r.body["fieldType"], "textarea");
    let got = api.get(&format!("{CONTACT_PROPS}/favorite_food")).await;
    assert_eq!(got.body["label"], "Food", "the change is stored");

    // A custom property may change type (with a fitting fieldType); options replace.
    let r = api
        .patch(
            &format!("{CONTACT_PROPS}/favorite_food"),
            json!({"type": "enumeration", "fieldType": "radio", "options": [{"label": "Pho", "value": "pho"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["type"], "enumeration");
    assert_eq!(r.body["options"][0]["value"], "pho");
    api.create("contacts", json!({"favorite_food": "pho"}))
        .await;
    assert_error(
        &api.post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"favorite_food": "ramen"}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "INVALID_OPTION",
    );

    // HubSpot-defined properties: labels and options may change, the type may not.
    let renamed = api
        .patch(
            &format!("{CONTACT_PROPS}/firstname"),
            json!({"label": "Given name"}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    assert_eq!(renamed.body["label"], "Given name");
    assert_error(
        &api.patch(
            &format!("{CONTACT_PROPS}/firstname"),
            json!({"type": "number"}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "type cannot be changed",
    );
    assert_error(
        &api.patch(
            &format!("{CONTACT_PROPS}/hs_object_id"),
            json!({"label": "ID"}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "read only",
    );
    assert_error(
        &api.patch(
            &format!("{CONTACT_PROPS}/favorite_food"),
            json!({"fieldType": "number"}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "fieldType 'number' is not valid for type 'enumeration'",
    );
    assert_error(
        &api.patch(
            &format!("{CONTACT_PROPS}/favorite_food"),
            json!({"options": []}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "needs at least one option",
    );
    assert_error(
        &api.patch(
            &format!("{CONTACT_PROPS}/favorite_food"),
            json!({"groupName": "nope"}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "Property group 'nope' does not exist",
    );
    assert_error(
        &api.patch(
            &format!("{CONTACT_PROPS}/shoe_size"),
            json!({"label": "Shoe"}),
        )
        .await,
        404,
        "OBJECT_NOT_FOUND",
        "shoe_size",
    );
    let unchanged = api.get(&format!("{CONTACT_PROPS}/favorite_food")).await;
    assert_eq!(
        unchanged.body["fieldType"], "radio",
        "failed updates change nothing"
    );
}

#[tokio::test]
async fn archiving_properties() {
    let api = Api::start().await;
    assert_eq!(api.post(CONTACT_PROPS, food()).await.status, 201);
    let path = format!("{CONTACT_PROPS}/favorite_food");
    let r = api.delete(&path).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert!(r.text.is_empty());
    assert_error(
        &api.get(&path).await,
        404,
        "OBJECT_NOT_FOUND",
        "favorite_food",
    );
    let archived = api.get(&format!("{path}?archived=true")).await;
    assert_eq!(archived.status, 200, "{}", archived.text);
    assert_eq!(archived.body["archived"], true);
    assert!(!names(&api.get(CONTACT_PROPS).await.body).contains(&"favorite_food".to_string()));
    let only_archived = names(
        &api.get(&format!("{CONTACT_PROPS}?archived=true"))
            .await
            .body,
    );
    assert_eq!(only_archived, vec!["favorite_food".to_string()]);
    assert_error(
        &api.post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"favorite_food": "pho"}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "PROPERTY_DOESNT_EXIST",
    );
    assert_error(
        &api.patch(&path, json!({"label": "x"})).await,
        404,
        "OBJECT_NOT_FOUND",
        "favorite_food",
    );
    assert_error(
        &api.post(CONTACT_PROPS, food()).await,
        409,
        "CONFLICT",
        "already exists",
    );
    assert_eq!(
        api.delete(&path).await.status,
        204,
        "archiving twice is harmless"
    );

    assert_error(
        &api.delete(&format!("{CONTACT_PROPS}/email")).await,
        400,
        "VALIDATION_ERROR",
        "cannot archive",
    );
    assert_eq!(
        api.get(&format!("{CONTACT_PROPS}/email")).await.body["archived"],
        false
    );
    assert_error(
        &api.delete(&format!("{CONTACT_PROPS}/shoe_size")).await,
        404,
        "OBJECT_NOT_FOUND",
        "shoe_size",
    );
}

#[tokio::test]
async fn batch_read_reports_unknown_names_with_207() {
    let api = Api::start().await;
    let path = format!("{CONTACT_PROPS}/batch/read");
    let ok = api
        .post(
            &path,
            json!({"inputs": [{"name": "email"}, {"name": "firstname"}]}),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.body["status"], "COMPLETE");
    assert_eq!(names(&ok.body), vec!["email", "firstname"]);
    assert!(ok.body["startedAt"].is_string() && ok.body["completedAt"].is_string());
    assert!(ok.body.get("errors").is_none());

    let mixed = api
        .post(
            &path,
            json!({"inputs": [{"name": "email"}, {"name": "shoe_size"}]}),
        )
        .await;
    assert_eq!(mixed.status, 207, "{}", mixed.text);
    assert_eq!(names(&mixed.body), vec!["email"]);
    assert_eq!(mixed.body["numErrors"], 1);
    assert_eq!(mixed.body["errors"][0]["category"], "OBJECT_NOT_FOUND");
    assert_eq!(mixed.body["errors"][0]["context"]["name"][0], "shoe_size");

    assert_eq!(api.post(CONTACT_PROPS, food()).await.status, 201);
    assert_eq!(
        api.delete(&format!("{CONTACT_PROPS}/favorite_food"))
            .await
            .status,
        204
    );
    let archived = api
        .post(
            &path,
            json!({"inputs": [{"name": "favorite_food"}], "archived": true}),
        )
        .await;
    assert_eq!(archived.status, 200, "{}", archived.text);
    assert_eq!(archived.body["results"][0]["archived"], true);

    let too_many: Vec<Value> = (0..101).map(|i| json!({"name": format!("p{i}")})).collect();
    assert_error(
        &api.post(&path, json!({"inputs": too_many})).await,
        400,
        "VALIDATION_ERROR",
        "the limit is 100",
    );
    assert_error(
        &api.post(&path, json!({"nothing": []})).await,
        400,
        "VALIDATION_ERROR",
        "no inputs",
    );
}

#[tokio::test]
async fn batch_create_is_all_or_nothing() {
    let api = Api::start().await;
    let path = "/crm/v3/properties/companies/batch/create";
    let p = |name: &str| json!({"name": name, "label": name, "type": "string", "fieldType": "text", "groupName": "companyinformation"});
    let r = api
        .post(path, json!({"inputs": [p("tier"), p("region")]}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["status"], "COMPLETE");
    assert_eq!(names(&r.body), vec!["tier", "region"]);
    assert_eq!(
        api.get("/crm/v3/properties/companies/region").await.status,
        200
    );

    let mut bad = p("segment");
    bad["type"] = json!("colour");
    let failed = api
        .post(path, json!({"inputs": [p("industry_code"), bad]}))
        .await;
    assert_error(&failed, 400, "VALIDATION_ERROR", "inputs[1]");
    assert_error(
        &api.get("/crm/v3/properties/companies/industry_code").await,
        404,
        "OBJECT_NOT_FOUND",
        "industry_code",
    );
    assert_error(
        &api.post(path, json!({"inputs": [p("a_b"), p("a_b")]}))
            .await,
        400,
        "VALIDATION_ERROR",
        "more than once",
    );
    assert_error(
        &api.post(path, json!({"inputs": [p("c_d"), p("tier")]}))
            .await,
        400,
        "VALIDATION_ERROR",
        "already exists",
    );
    assert_error(
        &api.get("/crm/v3/properties/companies/c_d").await,
        404,
        "OBJECT_NOT_FOUND",
        "c_d",
    );
    let too_many: Vec<Value> = (0..101).map(|i| p(&format!("p{i}"))).collect();
    assert_error(
        &api.post(path, json!({"inputs": too_many})).await,
        400,
        "VALIDATION_ERROR",
        "the limit is 100",
    );
}

#[tokio::test]
async fn batch_archive() {
    let api = Api::start().await;
    let p = |name: &str| json!({"name": name, "label": name, "type": "string", "fieldType": "text", "groupName": "contactinformation"});
    for name in ["one", "two", "three"] {
        assert_eq!(api.post(CONTACT_PROPS, p(name)).await.status, 201);
    }
    let path = format!("{CONTACT_PROPS}/batch/archive");
    let r = api
        .post(
            &path,
            json!({"inputs": [{"name": "one"}, {"name": "two"}, {"name": "ghost"}]}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(api.get(&format!("{CONTACT_PROPS}/one")).await.status, 404);
    assert_eq!(api.get(&format!("{CONTACT_PROPS}/two")).await.status, 404);
    assert_eq!(
        api.get(&format!("{CONTACT_PROPS}/two?archived=true"))
            .await
            .body["archived"],
        true
    );

    let refused = api
        .post(
            &path,
            json!({"inputs": [{"name": "three"}, {"name": "email"}]}),
        )
        .await;
    assert_error(&refused, 400, "VALIDATION_ERROR", "cannot archive");
    assert_eq!(
        api.get(&format!("{CONTACT_PROPS}/three")).await.status,
        200,
        "nothing archived"
    );
}

#[tokio::test]
async fn property_groups() {
    let api = Api::start().await;
    let groups = format!("{CONTACT_PROPS}/groups");
    let list = api.get(&groups).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(names(&list.body).contains(&"contactinformation".to_string()));

    let r = api
        .post(
            &groups,
            json!({"name": "tastes", "label": "Tastes", "displayOrder": 2}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        r.body,
        json!({"name": "tastes", "label": "Tastes", "displayOrder": 2, "archived": false})
    );
    assert_error(
        &api.post(&groups, json!({"name": "tastes", "label": "Again"}))
            .await,
        409,
        "CONFLICT",
        "tastes",
    );
    assert_error(
        &api.post(&groups, json!({"name": "Bad Name", "label": "x"}))
            .await,
        400,
        "VALIDATION_ERROR",
        "invalid",
    );
    assert_error(
        &api.post(&groups, json!({"name": "nolabel"})).await,
        400,
        "VALIDATION_ERROR",
        "label",
    );

    let got = api.get(&format!("{groups}/tastes")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["label"], "Tastes");
    let changed = api
        .patch(
            &format!("{groups}/tastes"),
            json!({"label": "Flavours", "displayOrder": 5}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["label"], "Flavours");
    assert_eq!(changed.body["displayOrder"], 5);
    assert_eq!(
        api.get(&format!("{groups}/tastes")).await.body["label"],
        "Flavours"
    );

    // A group holding a property cannot be archived until the property moves.
    let mut prop = food();
    prop["groupName"] = json!("tastes");
    assert_eq!(api.post(CONTACT_PROPS, prop).await.status, 201);
    assert_error(
        &api.delete(&format!("{groups}/tastes")).await,
        400,
        "VALIDATION_ERROR",
        "still holds 1 properties",
    );
    assert_eq!(
        api.delete(&format!("{CONTACT_PROPS}/favorite_food"))
            .await
            .status,
        204
    );
    assert_eq!(api.delete(&format!("{groups}/tastes")).await.status, 204);
    assert_error(
        &api.get(&format!("{groups}/tastes")).await,
        404,
        "OBJECT_NOT_FOUND",
        "tastes",
    );
    assert!(!names(&api.get(&groups).await.body).contains(&"tastes".to_string()));
    let mut late = food();
    late["name"] = json!("late_food");
    late["groupName"] = json!("tastes");
    assert_error(
        &api.post(CONTACT_PROPS, late).await,
        400,
        "VALIDATION_ERROR",
        "does not exist",
    );
    assert_error(
        &api.patch(&format!("{groups}/tastes"), json!({"label": "x"}))
            .await,
        404,
        "OBJECT_NOT_FOUND",
        "tastes",
    );
    assert_error(
        &api.delete(&format!("{groups}/nothing")).await,
        404,
        "OBJECT_NOT_FOUND",
        "nothing",
    );
    assert_error(
        &api.delete(&format!("{groups}/contactinformation")).await,
        400,
        "VALIDATION_ERROR",
        "still holds",
    );
}
