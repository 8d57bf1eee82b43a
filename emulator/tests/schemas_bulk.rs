//! Schemas in bulk and their association definitions over HTTP: batch read (with and without
//! property definitions, association definitions and audit dates) and deleting an association
//! definition, under every version's path.

mod common;

use common::{assert_error, Api};
use hubspot_crm_endpoints::{ApiVersion, Family};
use serde_json::{json, Value};

const SCHEMAS: &str = "/crm-object-schemas/v3/schemas";

/// Defines a custom object `name` associated with contacts; returns its schema.
async fn define(api: &Api, name: &str) -> Value {
    let r = api
        .post(
            SCHEMAS,
            json!({
                "name": name,
                "labels": {"singular": name, "plural": format!("{name}s")},
                "primaryDisplayProperty": "model",
                "requiredProperties": ["model"],
                "properties": [{"name": "model", "label": "Model", "type": "string", "fieldType": "text"}],
                "associatedObjects": ["CONTACT"],
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn read_body(inputs: &[&str], all: bool) -> Value {
    json!({
        "inputs": inputs,
        "includePropertyDefinitions": all,
        "includeAssociationDefinitions": all,
        "includeAuditMetadata": all,
    })
}

#[tokio::test]
async fn schemas_are_read_in_bulk_under_every_version() {
    let api = Api::start().await;
    let car = define(&api, "car").await;
    let boat = define(&api, "boat").await;
    let fqn = boat["fullyQualifiedName"]
        .as_str()
        .expect("fqn")
        .to_string();
    for version in ApiVersion::ALL {
        let path = Family::SchemasBatchRead.path(version);
        let r = api
            .post(
                path,
                read_body(&["2-1", &fqn, "contacts", "2-1", "nothing"], true),
            )
            .await;
        assert_eq!(r.status, 200, "{version:?} {path}: {}", r.text);
        let results = r.body["results"].as_array().expect("results");
        let ids: Vec<&str> = results
            .iter()
            .map(|s| s["objectTypeId"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            ["2-1", "2-2", "0-1"],
            "input order, each once, unknown left out"
        );
        assert_eq!(results[0], car, "a full read is what get answers");
        assert!(results[0]["createdAt"].is_string());
        assert!(!results[0]["associations"].as_array().unwrap().is_empty());
    }

    let bare = api.post(
        "/crm-object-schemas/v3/schemas/batch/read",
        read_body(&["car"], false),
    );
    let r = bare.await;
    assert_eq!(r.status, 200, "{}", r.text);
    let schema = &r.body["results"][0];
    assert_eq!(schema["name"], "car");
    assert_eq!(schema["properties"], json!([]));
    assert_eq!(schema["associations"], json!([]));
    assert!(schema.get("createdAt").is_none() && schema.get("updatedAt").is_none());
    assert_eq!(schema["labels"], car["labels"]);

    // The /crm/v3/schemas alias serves it too.
    let alias = api
        .post("/crm/v3/schemas/batch/read", read_body(&["car"], true))
        .await;
    assert_eq!(alias.status, 200, "{}", alias.text);

    // HubSpot requires the three flags; the router counts the inputs.
    let r = api
        .post(
            "/crm-object-schemas/v3/schemas/batch/read",
            json!({"inputs": ["car"]}),
        )
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "includePropertyDefinitions");
    let r = api
        .post(
            "/crm-object-schemas/v3/schemas/batch/read",
            read_body(&[], true),
        )
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "no inputs");
    let many: Vec<String> = (0..101).map(|i| format!("2-{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let r = api
        .post(
            "/crm-object-schemas/v3/schemas/batch/read",
            read_body(&many, true),
        )
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "between 1 and 100");
}

#[tokio::test]
async fn deleting_an_association_definition_removes_the_pair_and_what_it_held() {
    let api = Api::start().await;
    let car = define(&api, "car").await;
    let association = car["associations"]
        .as_array()
        .expect("associations")
        .iter()
        .find(|a| a["toObjectTypeId"] == "0-1")
        .expect("car to contact")
        .clone();
    let id = association["id"].as_str().expect("id").to_string();
    let vehicle = api.create("2-1", json!({"model": "T"})).await;
    let contact = api
        .create("contacts", json!({"email": "a@example.com"}))
        .await;
    let linked = api
        .put(
            &format!("/crm/v4/objects/2-1/{vehicle}/associations/default/contacts/{contact}"),
            None,
        )
        .await;
    assert_eq!(linked.status, 200, "{}", linked.text);
    let label = api
        .post(
            "/crm/v4/associations/2-1/contacts/labels",
            json!({"label": "Driver", "name": "driver"}),
        )
        .await;
    assert_eq!(label.status, 200, "{}", label.text);
    let limit = api
        .post(
            "/crm/v4/associations/definitions/configurations/contacts/2-1/batch/create",
            json!({"inputs": [{"category": "HUBSPOT_DEFINED",
                               "typeId": car_type_back(&api).await, "maxToObjectIds": 2}]}),
        )
        .await;
    assert_eq!(limit.status, 201, "{}", limit.text);

    // A standard object's schema is not changed; an unknown identifier is 404.
    let r = api
        .delete(&format!("{SCHEMAS}/contacts/associations/{id}"))
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "standard object");
    for unknown in ["999999", "nope"] {
        let r = api
            .delete(&format!("{SCHEMAS}/2-1/associations/{unknown}"))
            .await;
        assert_error(&r, 404, "OBJECT_NOT_FOUND", "No association");
    }

    let r = api
        .delete(&format!("{SCHEMAS}/car/associations/{id}"))
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let schema = api.get(&format!("{SCHEMAS}/2-1")).await;
    assert!(
        !schema.body["associations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["toObjectTypeId"] == "0-1"),
        "{}",
        schema.text
    );
    let state = api.emulator.snapshot();
    assert!(state.associations.is_empty(), "the records' links went");
    assert!(state.labels.is_empty(), "the pair's labels went");
    assert!(
        state.association_limits.is_empty(),
        "the pair's limits went"
    );
    let r = api
        .put(
            &format!("/crm/v4/objects/2-1/{vehicle}/associations/default/contacts/{contact}"),
            None,
        )
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "not allowed");
    let r = api.get("/crm/v4/associations/contacts/2-1/labels").await;
    assert_error(&r, 400, "VALIDATION_ERROR", "not allowed");
    // Deleting it again: the schema defines it no more.
    let r = api
        .delete(&format!("{SCHEMAS}/2-1/associations/{id}"))
        .await;
    assert_eq!(r.status, 404, "{}", r.text);
}

/// Contact to car's unlabelled type ID.
async fn car_type_back(api: &Api) -> u64 {
    let r = api.get("/crm/v4/associations/contacts/2-1/labels").await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["results"][0]["typeId"].as_u64().expect("typeId")
}

#[tokio::test]
async fn association_definitions_are_deleted_under_every_version() {
    let api = Api::start().await;
    for (n, version) in ApiVersion::ALL.into_iter().enumerate() {
        let schema = define(&api, &format!("thing{n}")).await;
        let object_type = schema["objectTypeId"].as_str().unwrap().to_string();
        let id = schema["associations"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let path = Family::SchemasDeleteAssociation
            .path(version)
            .replace("{objectType}", &object_type)
            .replace("{associationIdentifier}", &id);
        let r = api.delete(&path).await;
        assert_eq!(r.status, 204, "{version:?} {path}: {}", r.text);
        let after = api.get(&format!("{SCHEMAS}/{object_type}")).await;
        assert_eq!(after.body["associations"], json!([]), "{}", after.text);
    }
}
