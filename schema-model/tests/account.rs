//! An account's tables (`account/`) merged into the standard ones: custom objects join, an
//! extension adds to the standard object it names, and every error names the account file and
//! line it is about.

use std::fs;
use std::path::Path;

use hubspot_crm_schema::{load_dir, AssociationCategory, Capability, Schema, SchemaError};

const ALPHAS: &str = r#"type_id: "0-1"
name: alphas
singular: alpha
plural: alphas
description: A standard object.
capabilities: [create, read]
properties:
  - name: title
    type: string
associations:
  - to: alphas
    type_id: 9
default_property_group: alphainformation
"#;

const ENDPOINTS: &str = concat!(
    r#"versions:
  - name: legacy
    description: The versioned paths.
default_version: legacy
endpoints:
  - name: objects_get
    description: Read a record.
    method: GET
    paths:
      legacy: /crm/v3/objects/{objectType}/{objectId}
    capabilities: [read]
    request: none
    response: object
    status: 200
    idempotent: true
max_url_chars: 8000
"#,
    // The rate limits every minimal endpoint table needs, shared by the tests.
    include_str!("fixtures/rate_limits.yaml")
);

const SHARED: &str = r#"system_properties:
  - name: hs_object_id
    type: number
custom_objects:
  capabilities: [create, read, update, archive, batch, search]
  pipeline_properties: {pipeline: hs_pipeline, stage: hs_pipeline_stage}
"#;

const VEHICLES: &str = r#"type_id: "2-7"
name: vehicles
singular: vehicle
plural: vehicles
labels: {singular: Vehicle, plural: Vehicles}
fully_qualified_name: p1_vehicles
description: The account's vehicles.
unique_properties: [vin]
properties:
  - name: vin
    type: string
  - name: fuel
    type: enumeration
    options: [petrol, electric]
associations:
  - to: alphas
    type_id: 100
"#;

const ALPHAS_EXTENSION: &str = r#"object: alphas
properties:
  - name: loyalty_tier
    type: enumeration
    options: [bronze, gold]
associations:
  - to: vehicles
    type_id: 101
"#;

/// Writes the base table and an account directory (with `edit` applied to the file named
/// `file`) and loads it.
fn load(file: &str, edit: impl Fn(&str) -> String) -> Result<Schema, Vec<SchemaError>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    for sub in ["objects", "account/objects", "account/extensions"] {
        fs::create_dir_all(root.join(sub)).expect("mkdir");
    }
    for (name, text) in [
        ("objects/alphas.yaml", ALPHAS),
        ("endpoints.yaml", ENDPOINTS),
        ("shared.yaml", SHARED),
        ("account/objects/vehicles.yaml", VEHICLES),
        ("account/extensions/alphas.yaml", ALPHAS_EXTENSION),
    ] {
        let text = if name == file {
            edit(text)
        } else {
            text.to_string()
        };
        fs::write(root.join(name), text).expect("write");
    }
    load_dir(root).map_err(|e| {
        e.0.into_iter()
            .map(|mut err| {
                err.file = err
                    .file
                    .strip_prefix(root)
                    .unwrap_or(&err.file)
                    .to_path_buf();
                err.message = err.message.replace(&format!("{}/", root.display()), "");
                err
            })
            .collect()
    })
}

fn one_error(r: Result<Schema, Vec<SchemaError>>) -> SchemaError {
    let errors = r.expect_err("the tables should be rejected");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().expect("one")
}

#[test]
fn custom_objects_join_and_extensions_add_to_standard_objects() {
    let schema = load("", |t| t.to_string()).expect("valid");
    let vehicles = schema.object("vehicles").expect("the custom object joined");
    assert!(vehicles.account);
    assert_eq!(
        vehicles.capabilities,
        [
            Capability::Create,
            Capability::Read,
            Capability::Update,
            Capability::Archive,
            Capability::Batch,
            Capability::Search
        ],
        "from shared.yaml's custom_objects"
    );
    let names: Vec<&str> = vehicles
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["hs_object_id", "vin", "fuel"],
        "system properties first"
    );
    let alphas = schema.object("alphas").expect("standard");
    assert!(!alphas.account);
    let names: Vec<&str> = alphas.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["hs_object_id", "title", "loyalty_tier"]);
    assert!(alphas.associations.iter().any(|a| a.to == "vehicles"));
    assert_eq!(schema.account.as_ref().map(|a| a.objects.len()), Some(1));
}

#[test]
fn account_labels_join_a_standard_pair() {
    let schema = load("account/extensions/alphas.yaml", |t| {
        t.replace(
            "associations:\n",
            "associations:\n  - to: alphas\n    labels: [{type_id: 500, label: Mentor, category: USER_DEFINED}]\n",
        )
    })
    .expect("valid");
    let alphas = schema.object("alphas").expect("alphas");
    let pair: Vec<_> = alphas
        .associations
        .iter()
        .filter(|a| a.to == "alphas")
        .collect();
    assert_eq!(
        pair.len(),
        1,
        "the label joins the standard pair, not a second one"
    );
    assert_eq!(pair[0].type_id, Some(9));
    assert_eq!(pair[0].labels.len(), 1);
    assert_eq!(pair[0].labels[0].label, "Mentor");
    assert_eq!(pair[0].labels[0].category, AssociationCategory::UserDefined);
}

#[test]
fn an_extension_cannot_change_a_standard_pairs_type_ids() {
    let e = one_error(load("account/extensions/alphas.yaml", |t| {
        t.replace(
            "associations:\n",
            "associations:\n  - to: alphas\n    type_id: 77\n",
        )
    }));
    assert_eq!(e.file, Path::new("account/extensions/alphas.yaml"));
    assert_eq!((e.line, e.field.as_str()), (Some(7), "associations[0]"));
    assert!(e.message.contains("is a standard pair"), "{e}");
}

#[test]
fn an_extension_cannot_redefine_a_standard_property() {
    let e = one_error(load("account/extensions/alphas.yaml", |t| {
        t.replace("name: loyalty_tier", "name: title")
    }));
    assert_eq!(e.file, Path::new("account/extensions/alphas.yaml"));
    assert_eq!((e.line, e.field.as_str()), (Some(3), "properties[0].name"));
    assert!(
        e.message
            .contains("`title` is already a property of `alphas` (objects/alphas.yaml:8)"),
        "{e}"
    );
}

#[test]
fn an_extension_property_colliding_as_a_field_is_reported_in_the_extension() {
    let e = one_error(load("account/extensions/alphas.yaml", |t| {
        t.replace("name: loyalty_tier", "name: Title")
    }));
    assert_eq!(e.file, Path::new("account/extensions/alphas.yaml"));
    assert_eq!((e.line, e.field.as_str()), (Some(3), "properties[0].name"));
    assert!(e.message.contains("becomes field `title`"), "{e}");
}

#[test]
fn an_extension_of_an_object_that_is_not_standard() {
    let errors = load("account/extensions/alphas.yaml", |t| {
        t.replace("object: alphas", "object: vehicles")
    })
    .expect_err("rejected");
    assert!(
        errors
            .iter()
            .any(|e| e.file == Path::new("account/extensions/alphas.yaml")
                && e.line == Some(1)
                && e.message.contains("`vehicles` is not a standard object")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e
            .message
            .contains("must live in a file named `vehicles.yaml`")),
        "{errors:#?}"
    );
}

#[test]
fn a_custom_object_takes_its_capabilities_from_the_shared_table() {
    let e = one_error(load("account/objects/vehicles.yaml", |t| {
        t.replace(
            "unique_properties:",
            "capabilities: [read]\nunique_properties:",
        )
    }));
    assert_eq!(e.file, Path::new("account/objects/vehicles.yaml"));
    assert_eq!((e.line, e.field.as_str()), (Some(8), "capabilities"));
    assert!(e.message.contains("custom_objects"), "{e}");
}

#[test]
fn a_custom_object_without_its_inverse_says_where_the_inverse_goes() {
    let e = one_error(load("account/extensions/alphas.yaml", |t| {
        t.replace("  - to: vehicles\n    type_id: 101\n", "")
            .replace("associations:\n", "")
    }));
    assert_eq!(e.file, Path::new("account/objects/vehicles.yaml"));
    assert_eq!((e.line, e.field.as_str()), (Some(16), "associations[0].to"));
    assert!(
        e.message
            .contains("in the account's extension of `alphas` (account/extensions/alphas.yaml)"),
        "{e}"
    );
}

#[test]
fn a_custom_object_has_a_custom_type_id() {
    let e = one_error(load("account/objects/vehicles.yaml", |t| {
        t.replace("\"2-7\"", "\"0-7\"")
    }));
    assert_eq!((e.line, e.field.as_str()), (Some(1), "type_id"));
    assert!(e.message.contains("2-NNN"), "{e}");
}

#[test]
fn a_custom_object_with_pipelines_gets_hubspots_pipeline_properties() {
    let schema = load("account/objects/vehicles.yaml", |t| {
        format!(
            "{t}pipelines:\n  - id: \"7\"\n    label: Fleet lifecycle\n    stages:\n      - {{id: \"8\", label: In service, metadata: {{}}}}\n"
        )
    })
    .expect("valid");
    let vehicles = schema.object("vehicles").expect("vehicles");
    let names = vehicles
        .pipeline_properties
        .as_ref()
        .expect("from shared.yaml");
    assert_eq!(
        (names.pipeline.as_str(), names.stage.as_str()),
        ("hs_pipeline", "hs_pipeline_stage")
    );
    let stage = vehicles
        .properties
        .iter()
        .find(|p| p.name == "hs_pipeline_stage")
        .expect("the stage property, added");
    let options: Vec<(&str, Option<&str>)> = stage
        .options
        .iter()
        .map(|o| (o.value(), o.label()))
        .collect();
    assert_eq!(
        options,
        [("8", Some("In service"))],
        "filled in from the pipelines"
    );
}
