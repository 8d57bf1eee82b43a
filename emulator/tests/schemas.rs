//! Custom object schemas: defining, reading, changing and archiving them, and using the new
//! object through the records APIs at once, over HTTP.

mod common;

use common::{assert_error, Api};
use serde_json::{json, Value};

const SCHEMAS: &str = "/crm-object-schemas/v3/schemas";

fn car() -> Value {
    json!({
        "name": "car",
        "labels": {"singular": "Car", "plural": "Cars"},
        "primaryDisplayProperty": "model",
        "requiredProperties": ["model"],
        "searchableProperties": ["model", "vin"],
        "secondaryDisplayProperties": ["vin"],
        "properties": [
            {"name": "model", "label": "Model", "type": "string", "fieldType": "text"},
            {"name": "vin", "label": "VIN", "type": "string", "fieldType": "text", "hasUniqueValue": true},
            {"name": "year", "label": "Year", "type": "number", "fieldType": "number"},
            {"name": "colour", "label": "Colour", "type": "enumeration", "fieldType": "select",
             "options": [{"label": "Red", "value": "red"}, {"label": "Blue", "value": "blue"}]}
        ],
        "associatedObjects": ["CONTACT", "0-3"]
    })
}

async fn create_car(api: &Api) -> Value {
    let r = api.post(SCHEMAS, car()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn prop_names(schema: &Value) -> Vec<String> {
    schema["properties"]
        .as_array()
        .expect("properties")
        .iter()
        .map(|p| p["name"].as_str().expect("name").to_string())
        .collect()
}

#[tokio::test]
async fn creating_a_schema_returns_the_new_object_type() {
    let api = Api::start().await;
    let s = create_car(&api).await;
    assert_eq!(s["id"], "1");
    assert_eq!(s["objectTypeId"], "2-1");
    assert_eq!(s["fullyQualifiedName"], "p123456_car");
    assert_eq!(s["name"], "car");
    assert_eq!(s["labels"], json!({"singular": "Car", "plural": "Cars"}));
    assert_eq!(s["primaryDisplayProperty"], "model");
    assert_eq!(s["requiredProperties"], json!(["model"]));
    assert_eq!(s["searchableProperties"], json!(["model", "vin"]));
    assert_eq!(s["secondaryDisplayProperties"], json!(["vin"]));
    assert_eq!(s["metaType"], "PORTAL_SPECIFIC");
    assert_eq!(s["archived"], false);
    assert!(s["createdAt"].as_str().unwrap().ends_with('Z'));
    assert!(s["updatedAt"].is_string());
    let names = prop_names(&s);
    for n in [
        "model",
        "vin",
        "year",
        "colour",
        "hs_object_id",
        "hs_createdate",
        "hs_lastmodifieddate",
    ] {
        assert!(names.contains(&n.to_string()), "{n} in {names:?}");
    }
    let model = s["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "model")
        .unwrap();
    assert_eq!(model["groupName"], "car_information");
    assert!(model.get("hubspotDefined").is_none());
    let associations = s["associations"].as_array().unwrap();
    assert_eq!(associations.len(), 2, "{associations:?}");
    let to_contact = associations
        .iter()
        .find(|a| a["toObjectTypeId"] == "0-1")
        .expect("car -> contact");
    assert_eq!(to_contact["fromObjectTypeId"], "2-1");
    assert_eq!(to_contact["name"], "car_to_contact");
    assert!(to_contact["id"].as_str().unwrap().parse::<u32>().is_ok());
    assert!(associations.iter().any(|a| a["toObjectTypeId"] == "0-3"));

    // The next schema gets the next type ID; date-versioned and alias paths serve the API.
    let mut boat = car();
    boat["name"] = json!("boat");
    boat["associatedObjects"] = json!([]);
    let b = api.post("/crm-object-schemas/2026-03/schemas", boat).await;
    assert_eq!(b.status, 201, "{}", b.text);
    assert_eq!(b.body["objectTypeId"], "2-2");
    assert_eq!(b.body["associations"], json!([]));

    // A property flagged isPrimaryDisplayLabel becomes the primary display property; type
    // and fieldType default to text.
    let plane = json!({"name": "plane", "labels": {"singular": "Plane", "plural": "Planes"},
        "properties": [{"name": "tail", "label": "Tail", "isPrimaryDisplayLabel": true}]});
    let p = api.post("/crm/v3/schemas", plane).await;
    assert_eq!(p.status, 201, "{}", p.text);
    assert_eq!(p.body["primaryDisplayProperty"], "tail");
    let tail = api.get("/crm/v3/properties/plane/tail").await;
    assert_eq!(tail.body["type"], "string");
    assert_eq!(tail.body["fieldType"], "text");
}

#[tokio::test]
async fn the_new_object_is_usable_by_the_records_apis_at_once() {
    let api = Api::start().await;
    let s = create_car(&api).await;
    let r = api
        .post(
            "/crm/v3/objects/2-1",
            json!({"properties": {"model": "Beetle", "vin": "V1", "year": 1967, "colour": "red"}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["properties"]["model"], "Beetle");
    assert_eq!(r.body["properties"]["hs_object_id"], id.as_str());

    for key in ["2-1", "car", "p123456_car"] {
        let got = api
            .get(&format!("/crm/v3/objects/{key}/{id}?properties=model,year"))
            .await;
        assert_eq!(got.status, 200, "{key}: {}", got.text);
        assert_eq!(got.body["properties"]["year"], "1967");
    }
    let list = api.get("/crm/objects/2026-09/p123456_car").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.body["results"].as_array().unwrap().len(), 1);

    // Required properties, types, options and unique values are enforced.
    assert_error(
        &api.post(
            "/crm/v3/objects/car",
            json!({"properties": {"year": "1990"}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "REQUIRED_PROPERTY",
    );
    assert_error(
        &api.post(
            "/crm/v3/objects/car",
            json!({"properties": {"model": "X", "colour": "green"}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "INVALID_OPTION",
    );
    assert_error(
        &api.post(
            "/crm/v3/objects/car",
            json!({"properties": {"model": "X", "vin": "V1"}}),
        )
        .await,
        409,
        "CONFLICT",
        &format!("Car already exists. Existing ID: {id}"),
    );

    // Associations are allowed both ways with the schema's type IDs.
    let type_id: u32 = s["associations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["toObjectTypeId"] == "0-1")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let contact = api
        .create("contacts", json!({"email": "driver@example.com"}))
        .await;
    let linked = api
        .post(
            "/crm/v3/objects/car",
            json!({"properties": {"model": "Golf"}, "associations": [{"to": {"id": contact},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}]}]}),
        )
        .await;
    assert_eq!(linked.status, 201, "{}", linked.text);
    let car_id = linked.body["id"].as_str().unwrap().to_string();
    let back = api
        .get(&format!(
            "/crm/v3/objects/contacts/{contact}?associations=car"
        ))
        .await;
    assert_eq!(back.status, 200, "{}", back.text);
    assert_eq!(
        back.body["associations"]["car"]["results"][0]["id"],
        car_id.as_str(),
        "{}",
        back.text
    );

    // The properties API serves the new type under its ID.
    let props = api.get("/crm/v3/properties/2-1/vin").await;
    assert_eq!(props.status, 200, "{}", props.text);
    assert_eq!(props.body["hasUniqueValue"], true);
    let groups = api.get("/crm/v3/properties/car/groups").await;
    assert_eq!(groups.body["results"][0]["name"], "car_information");
}

#[tokio::test]
async fn invalid_schemas_are_refused_and_create_nothing() {
    let api = Api::start().await;
    let with = |changes: Value| {
        let mut s = car();
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                s.as_object_mut().unwrap().remove(k);
            } else {
                s[k] = v.clone();
            }
        }
        s
    };
    let cases = [
        (
            json!({"primaryDisplayProperty": "colourr"}),
            "primaryDisplayProperty",
        ),
        (
            json!({"requiredProperties": ["model", "engine"]}),
            "requiredProperties: property 'engine'",
        ),
        (
            json!({"searchableProperties": ["engine"]}),
            "searchableProperties",
        ),
        (
            json!({"secondaryDisplayProperties": ["engine"]}),
            "secondaryDisplayProperties",
        ),
        (json!({"name": null}), "Missing required field: name"),
        (json!({"name": "2cars"}), "invalid"),
        (json!({"name": "my-car"}), "invalid"),
        (json!({"labels": {"singular": "Car"}}), "labels.plural"),
        (json!({"labels": null}), "labels.singular"),
        (
            json!({"associatedObjects": ["spaceships"]}),
            "Unable to infer object type from: spaceships",
        ),
        (
            json!({"properties": [{"name": "model", "label": "Model"}, {"name": "model", "label": "Again"}]}),
            "more than once",
        ),
        (
            json!({"properties": [{"name": "model", "label": "Model"}, {"name": "hs_object_id", "label": "ID"}]}),
            "hs_object_id",
        ),
        (
            json!({"properties": [{"name": "model", "label": "Model", "type": "enumeration", "fieldType": "select"}]}),
            "needs at least one option",
        ),
        (
            json!({"properties": [{"name": "model", "label": "Model", "groupName": "elsewhere"}]}),
            "Property group 'elsewhere' does not exist",
        ),
        (
            json!({"properties": [{"name": "Model", "label": "Model"}]}),
            "invalid",
        ),
    ];
    for (change, message) in cases {
        let r = api.post(SCHEMAS, with(change.clone())).await;
        assert_error(&r, 400, "VALIDATION_ERROR", message);
    }
    for taken in ["contacts", "Contact", "deal", "line_items"] {
        assert_error(
            &api.post(SCHEMAS, with(json!({"name": taken}))).await,
            409,
            "CONFLICT",
            &format!("An object type named '{taken}' already exists"),
        );
    }
    assert_error(
        &api.post(SCHEMAS, json!({"name": ["car"]})).await,
        400,
        "VALIDATION_ERROR",
        "Invalid input JSON",
    );
    let list = api.get(SCHEMAS).await;
    assert_eq!(list.body["results"], json!([]), "nothing was created");
    assert_error(
        &api.get("/crm/v3/objects/car").await,
        400,
        "VALIDATION_ERROR",
        "Unable to infer object type",
    );
    // Failed creates used no type ID.
    assert_eq!(create_car(&api).await["objectTypeId"], "2-1");
    assert_error(
        &api.post(SCHEMAS, car()).await,
        409,
        "CONFLICT",
        "An object type named 'car' already exists",
    );
}

#[tokio::test]
async fn list_and_get_schemas() {
    let api = Api::start().await;
    assert_eq!(api.get(SCHEMAS).await.body["results"], json!([]));
    create_car(&api).await;
    let list = api.get(SCHEMAS).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let results = list.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "custom objects only: {}", list.text);
    assert_eq!(results[0]["name"], "car");
    let alias = api.get("/crm/v3/schemas").await;
    assert_eq!(alias.body["results"][0]["objectTypeId"], "2-1");

    for key in ["2-1", "car", "p123456_car"] {
        let got = api.get(&format!("{SCHEMAS}/{key}")).await;
        assert_eq!(got.status, 200, "{key}: {}", got.text);
        assert_eq!(got.body["objectTypeId"], "2-1");
    }
    let dated = api.get("/crm-object-schemas/2026-09/schemas/car").await;
    assert_eq!(dated.status, 200, "{}", dated.text);
    assert_error(
        &api.get(&format!("{SCHEMAS}/2-99")).await,
        404,
        "OBJECT_NOT_FOUND",
        "2-99",
    );

    // Standard objects have schemas too, though they are not listed.
    let contacts = api.get(&format!("{SCHEMAS}/contacts")).await;
    assert_eq!(contacts.status, 200, "{}", contacts.text);
    assert_eq!(contacts.body["objectTypeId"], "0-1");
    assert_eq!(contacts.body["metaType"], "HUBSPOT");
    assert_eq!(contacts.body["labels"]["singular"], "Contact");
    assert!(prop_names(&contacts.body).contains(&"email".to_string()));
    let to_companies = contacts.body["associations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["toObjectTypeId"] == "0-2")
        .expect("contact -> company");
    assert_eq!(to_companies["id"], "279");
    assert!(
        contacts.body["associations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["toObjectTypeId"] == "2-1"),
        "the schema's association shows on the other side too"
    );
}

#[tokio::test]
async fn updating_a_schema() {
    let api = Api::start().await;
    create_car(&api).await;
    let r = api
        .patch(
            &format!("{SCHEMAS}/2-1"),
            json!({"labels": {"plural": "Automobiles"}, "requiredProperties": ["model", "year"],
                   "searchableProperties": ["vin"], "primaryDisplayProperty": "vin",
                   "secondaryDisplayProperties": ["model", "year"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["labels"],
        json!({"singular": "Car", "plural": "Automobiles"})
    );
    assert_eq!(r.body["requiredProperties"], json!(["model", "year"]));
    assert_eq!(r.body["searchableProperties"], json!(["vin"]));
    assert_eq!(r.body["primaryDisplayProperty"], "vin");
    assert_eq!(
        r.body["secondaryDisplayProperties"],
        json!(["model", "year"])
    );
    let got = api.get(&format!("{SCHEMAS}/car")).await;
    assert_eq!(got.body["requiredProperties"], json!(["model", "year"]));

    // The new required property is enforced on records at once.
    let missing = api
        .post(
            "/crm/v3/objects/car",
            json!({"properties": {"model": "Mini"}}),
        )
        .await;
    assert_error(&missing, 400, "VALIDATION_ERROR", "\\\"year\\\" is missing");
    assert_eq!(
        api.post(
            "/crm/v3/objects/car",
            json!({"properties": {"model": "Mini", "year": 1959}})
        )
        .await
        .status,
        201
    );

    assert_error(
        &api.patch(
            &format!("{SCHEMAS}/car"),
            json!({"requiredProperties": ["engine"]}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "engine",
    );
    assert_error(
        &api.patch(
            &format!("{SCHEMAS}/car"),
            json!({"primaryDisplayProperty": "engine"}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "engine",
    );
    assert_error(
        &api.patch(
            &format!("{SCHEMAS}/car"),
            json!({"labels": {"singular": ""}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "labels.singular",
    );
    assert_eq!(
        api.get(&format!("{SCHEMAS}/car")).await.body["primaryDisplayProperty"],
        "vin",
        "failed updates change nothing"
    );
    assert_error(
        &api.patch(
            &format!("{SCHEMAS}/contacts"),
            json!({"requiredProperties": ["email"]}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "standard object",
    );
    assert_error(
        &api.patch(
            &format!("{SCHEMAS}/truck"),
            json!({"requiredProperties": []}),
        )
        .await,
        404,
        "OBJECT_NOT_FOUND",
        "truck",
    );
    // The primary display property and required properties cannot be archived.
    assert_error(
        &api.delete("/crm/v3/properties/car/vin").await,
        400,
        "VALIDATION_ERROR",
        "primary display property",
    );
    assert_eq!(
        api.delete("/crm/v3/properties/car/colour").await.status,
        204
    );
}

#[tokio::test]
async fn archiving_a_schema() {
    let api = Api::start().await;
    create_car(&api).await;
    let id = api.create("car", json!({"model": "Beetle"})).await;
    assert_error(
        &api.delete(&format!("{SCHEMAS}/car")).await,
        400,
        "VALIDATION_ERROR",
        "still has 1 records",
    );
    assert_eq!(
        api.get(&format!("{SCHEMAS}/car")).await.body["archived"],
        false
    );
    assert_eq!(
        api.delete(&format!("/crm/v3/objects/car/{id}"))
            .await
            .status,
        204
    );
    let r = api.delete(&format!("{SCHEMAS}/2-1")).await;
    assert_eq!(r.status, 204, "{}", r.text);

    assert_error(
        &api.get(&format!("{SCHEMAS}/car")).await,
        404,
        "OBJECT_NOT_FOUND",
        "car",
    );
    assert_eq!(api.get(SCHEMAS).await.body["results"], json!([]));
    let archived = api.get(&format!("{SCHEMAS}?archived=true")).await;
    assert_eq!(archived.body["results"][0]["name"], "car");
    assert_eq!(archived.body["results"][0]["archived"], true);
    for path in [
        "/crm/v3/objects/car",
        "/crm/v3/objects/2-1",
        "/crm/v3/properties/car",
    ] {
        assert_error(
            &api.get(path).await,
            400,
            "VALIDATION_ERROR",
            "Unable to infer object type",
        );
    }
    // Other types stop offering associations to it.
    let contacts = api.get(&format!("{SCHEMAS}/contacts")).await;
    assert!(!contacts.body["associations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["toObjectTypeId"] == "2-1"));
    // Its name stays taken, and archiving again is harmless.
    assert_error(&api.post(SCHEMAS, car()).await, 409, "CONFLICT", "car");
    assert_eq!(api.delete(&format!("{SCHEMAS}/car")).await.status, 204);

    assert_error(
        &api.delete(&format!("{SCHEMAS}/contacts")).await,
        400,
        "VALIDATION_ERROR",
        "standard object",
    );
    assert_error(
        &api.delete(&format!("{SCHEMAS}/truck")).await,
        404,
        "OBJECT_NOT_FOUND",
        "truck",
    );
}

#[tokio::test]
async fn defining_associations_from_a_schema() {
    let api = Api::start().await;
    let mut plain = car();
    plain["associatedObjects"] = json!([]);
    assert_eq!(api.post(SCHEMAS, plain).await.status, 201);
    let path = format!("{SCHEMAS}/car/associations");
    let r = api
        .post(
            &path,
            json!({"fromObjectTypeId": "2-1", "toObjectTypeId": "0-2", "name": "car_owner"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["fromObjectTypeId"], "2-1");
    assert_eq!(r.body["toObjectTypeId"], "0-2");
    assert_eq!(r.body["name"], "car_owner");
    assert!(r.body["createdAt"].is_string());
    let type_id: u32 = r.body["id"].as_str().unwrap().parse().unwrap();

    let schema = api.get(&format!("{SCHEMAS}/car")).await;
    assert!(schema.body["associations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["toObjectTypeId"] == "0-2" && a["id"] == type_id.to_string().as_str()));
    let again = api
        .post(
            &path,
            json!({"fromObjectTypeId": "car", "toObjectTypeId": "companies"}),
        )
        .await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(
        again.body["id"],
        type_id.to_string().as_str(),
        "an existing definition is kept"
    );
    assert_eq!(again.body["name"], "car_to_company");

    // Both ways: a car linked to a company shows on the company.
    let company = api.create("companies", json!({"name": "Acme"})).await;
    let linked = api
        .post(
            "/crm/v3/objects/car",
            json!({"properties": {"model": "Golf"}, "associations": [{"to": {"id": company},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}]}]}),
        )
        .await;
    assert_eq!(linked.status, 201, "{}", linked.text);
    let back = api
        .get(&format!(
            "/crm/v3/objects/companies/{company}?associations=car"
        ))
        .await;
    assert_eq!(
        back.body["associations"]["car"]["results"][0]["id"], linked.body["id"],
        "{}",
        back.text
    );
    let companies = api.get(&format!("{SCHEMAS}/companies")).await;
    assert!(companies.body["associations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["toObjectTypeId"] == "2-1"));

    assert_error(
        &api.post(
            &path,
            json!({"fromObjectTypeId": "0-1", "toObjectTypeId": "2-1"}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "is not the object type of this schema",
    );
    assert_error(
        &api.post(
            &path,
            json!({"fromObjectTypeId": "2-1", "toObjectTypeId": "spaceships"}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "Unable to infer object type from: spaceships",
    );
    assert_error(
        &api.post(
            &format!("{SCHEMAS}/truck/associations"),
            json!({"fromObjectTypeId": "truck", "toObjectTypeId": "0-1"}),
        )
        .await,
        404,
        "OBJECT_NOT_FOUND",
        "truck",
    );
    assert_error(
        &api.post(&path, json!({"toObjectTypeId": "0-1"})).await,
        400,
        "VALIDATION_ERROR",
        "Invalid input JSON",
    );
}

#[tokio::test]
async fn a_custom_object_has_the_system_properties_read_only() {
    let api = Api::start().await;
    create_car(&api).await;
    let listed = api.get("/crm/v3/properties/car").await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let properties = listed.body["results"].as_array().expect("results");
    for name in ["hs_object_id", "hs_createdate", "hs_lastmodifieddate"] {
        let p = properties
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {}", listed.text));
        assert_eq!(p["modificationMetadata"]["readOnlyValue"], true, "{p}");
        assert_eq!(p["hubspotDefined"], true, "{p}");
        assert_eq!(p["groupName"], "car_information", "{p}");
    }
    let id_property = api.get("/crm/v3/properties/car/hs_object_id").await;
    assert_eq!(id_property.body["type"], "number", "{}", id_property.text);
    assert_eq!(id_property.body["hasUniqueValue"], true);
    // Writing one is refused as on any standard object.
    let r = api
        .post(
            "/crm/v3/objects/car",
            json!({"properties": {"model": "T", "hs_createdate": "2020-01-01T00:00:00Z"}}),
        )
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "hs_createdate");
    assert_eq!(r.body["errors"][0]["code"], "READ_ONLY_VALUE", "{}", r.text);
}

/// `family`'s path in `version`, with `objectType` filled in where it has one.
fn schemas_path(
    version: hubspot_crm_endpoints::ApiVersion,
    family: hubspot_crm_endpoints::Family,
    object_type: &str,
) -> String {
    family.path(version).replace("{objectType}", object_type)
}

#[tokio::test]
async fn schemas_say_whether_they_allow_sensitive_properties_in_every_version() {
    use hubspot_crm_endpoints::{ApiVersion, Family};
    let api = Api::start().await;
    for (n, version) in ApiVersion::ALL.into_iter().enumerate() {
        // Without the flag (v3 does not require it): false.
        let plain = format!("plain{n}");
        let mut body = car();
        body["name"] = json!(plain);
        let created = api
            .post(&schemas_path(version, Family::SchemasCreate, ""), body)
            .await;
        assert_eq!(created.status, 201, "{version}: {}", created.text);
        assert_eq!(
            created.body["allowsSensitiveProperties"], false,
            "{version}"
        );

        // With it: kept, and answered by get and list.
        let sensitive = format!("sensitive{n}");
        let mut body = car();
        body["name"] = json!(sensitive);
        body["allowsSensitiveProperties"] = json!(true);
        let created = api
            .post(&schemas_path(version, Family::SchemasCreate, ""), body)
            .await;
        assert_eq!(created.status, 201, "{version}: {}", created.text);
        assert_eq!(created.body["allowsSensitiveProperties"], true, "{version}");
        let got = api
            .get(&schemas_path(version, Family::SchemasGet, &sensitive))
            .await;
        assert_eq!(got.status, 200, "{version}: {}", got.text);
        assert_eq!(got.body["allowsSensitiveProperties"], true, "{version}");
        let listed = api
            .get(&schemas_path(version, Family::SchemasList, ""))
            .await;
        for schema in listed.body["results"].as_array().expect("results") {
            let flag = &schema["allowsSensitiveProperties"];
            assert!(flag.is_boolean(), "{version}: every schema says: {schema}");
            if schema["name"] == plain.as_str() {
                assert_eq!(flag, false, "{version}");
            }
        }

        // A PATCH may change it.
        let changed = api
            .patch(
                &schemas_path(version, Family::SchemasUpdate, &plain),
                json!({"allowsSensitiveProperties": true}),
            )
            .await;
        assert_eq!(changed.status, 200, "{version}: {}", changed.text);
        assert_eq!(changed.body["allowsSensitiveProperties"], true, "{version}");
    }
}
