//! `pipeline_properties`, `pipelines` and `required_stage_metadata`: the loader fills the
//! pipeline and stage properties' options from the pipelines, and every mistake is an error
//! naming its file, line and key.

use std::fs;
use std::path::Path;

use hubspot_crm_schema::{load_dir, pipeline_options, EnumOption, Schema, SchemaError};

const OBJECT: &str = r#"type_id: "0-3"
name: deals
singular: deal
plural: deals
description: Sales opportunities.
capabilities: [create, read]
properties:
  - name: dealname
    type: string
  - name: pipeline
    type: enumeration
  - name: dealstage
    type: enumeration
pipeline_properties: {pipeline: pipeline, stage: dealstage}
required_stage_metadata: [probability]
pipelines:
  - id: default
    label: Sales Pipeline
    stages:
      - {id: appointmentscheduled, label: Appointment scheduled, metadata: {probability: "0.2"}}
      - {id: closedwon, label: Closed won, metadata: {probability: "1.0", isClosed: "true"}}
  - id: renewals
    label: Renewals
    display_order: 1
    stages:
      - {id: renewaldue, label: Renewal due, metadata: {probability: "0.5"}}
      - {id: renewalwon, label: Closed Won, metadata: {probability: "1.0"}}
default_property_group: dealinformation
"#;

const ENDPOINTS: &str = concat!(
    r#"versions:
  - name: legacy
    description: The versioned paths.
default_version: legacy
endpoints: []
max_url_chars: 8000
"#,
    // The rate limits every minimal endpoint table needs, shared by the tests.
    include_str!("fixtures/rate_limits.yaml")
);

/// Loads a table holding `object` as `objects/deals.yaml`; errors keep paths relative.
fn load(object: &str) -> Result<Schema, Vec<SchemaError>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::create_dir(root.join("objects")).expect("mkdir");
    fs::write(root.join("objects/deals.yaml"), object).expect("write");
    fs::write(root.join("endpoints.yaml"), ENDPOINTS).expect("write");
    load_dir(root).map_err(|e| {
        e.0.into_iter()
            .map(|mut err| {
                err.file = err
                    .file
                    .strip_prefix(root)
                    .unwrap_or(&err.file)
                    .to_path_buf();
                err
            })
            .collect()
    })
}

fn options(schema: &Schema, property: &str) -> Vec<(String, String)> {
    let deals = schema.object("deals").expect("deals");
    let prop = deals
        .properties
        .iter()
        .find(|p| p.name == property)
        .expect("the property");
    prop.options
        .iter()
        .map(|o| (o.value().to_string(), o.label().unwrap_or("").to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

/// Asserts exactly one error, at `line` of the object's file, on `field`, with `message`.
fn assert_one(result: Result<Schema, Vec<SchemaError>>, line: usize, field: &str, message: &str) {
    let errors = result.expect_err("the table should be rejected");
    assert_eq!(errors.len(), 1, "expected one error, got: {errors:#?}");
    let e = &errors[0];
    assert_eq!(e.file, Path::new("objects/deals.yaml"), "{e}");
    assert_eq!(e.line, Some(line), "{e}");
    assert_eq!(e.field, field, "{e}");
    assert!(
        e.message.contains(message),
        "`{}` should contain `{message}`",
        e.message
    );
}

#[test]
fn the_loader_fills_pipeline_and_stage_options_from_the_pipelines() {
    let schema = load(OBJECT).expect("valid");
    assert_eq!(
        options(&schema, "pipeline"),
        pairs(&[("default", "Sales Pipeline"), ("renewals", "Renewals")])
    );
    // `Closed Won` of Renewals would name the same variant as `Closed won`: it takes its
    // pipeline's label in front.
    assert_eq!(
        options(&schema, "dealstage"),
        pairs(&[
            ("appointmentscheduled", "Appointment scheduled"),
            ("closedwon", "Closed won"),
            ("renewaldue", "Renewal due"),
            ("renewalwon", "Renewals closed Won"),
        ])
    );
    let deals = schema.object("deals").unwrap();
    assert_eq!(deals.pipelines[1].display_order, Some(1));
    assert_eq!(deals.pipelines[0].stages[1].metadata["isClosed"], "true");
    // The same function serves pipelines merged from an account.
    let mut merged = deals.pipelines.clone();
    merged.truncate(1);
    let again = pipeline_options(&merged);
    assert_eq!(again.pipeline.len(), 1);
    assert!(matches!(
        &again.stage[1],
        EnumOption::Labelled { value, label } if value == "closedwon" && label == "Closed won"
    ));
}

#[test]
fn pipeline_properties_must_be_listed_enumerations_without_options() {
    assert_one(
        load(&OBJECT.replace("stage: dealstage}", "stage: hs_stage}")),
        14,
        "pipeline_properties.stage",
        "`hs_stage` is not among this object's properties",
    );
    assert_one(
        load(&OBJECT.replace(
            "  - name: pipeline\n    type: enumeration\n",
            "  - name: pipeline\n    type: string\n",
        )),
        14,
        "pipeline_properties.pipeline",
        "`pipeline` is a string, not an enumeration",
    );
    assert_one(
        load(&OBJECT.replace(
            "  - name: dealstage\n    type: enumeration\n",
            "  - name: dealstage\n    type: enumeration\n    options: [a, b]\n",
        )),
        15,
        "pipeline_properties.stage",
        "they come from `pipelines`",
    );
    assert_one(
        load(&OBJECT.replace("stage: dealstage}", "stage: pipeline}")),
        14,
        "pipeline_properties",
        "not `pipeline` twice",
    );
}

#[test]
fn pipelines_need_an_object_with_pipeline_properties() {
    assert_one(
        load(&OBJECT.replace(
            "pipeline_properties: {pipeline: pipeline, stage: dealstage}\nrequired_stage_metadata: [probability]\n",
            "",
        )),
        14,
        "pipelines",
        "without `pipeline_properties`",
    );
}

#[test]
fn stage_ids_are_unique_across_pipelines_and_labels_within_one() {
    assert_one(
        load(&OBJECT.replace("{id: renewaldue,", "{id: closedwon,")),
        26,
        "pipelines[1].stages[0].id",
        "stage ID `closedwon` is listed twice (line 21)",
    );
    assert_one(
        load(&OBJECT.replace("label: Renewal due", "label: Closed Won")),
        27,
        "pipelines[1].stages[1].label",
        "stage label `Closed Won` is used twice in pipeline `renewals` (line 26)",
    );
    assert_one(
        load(&OBJECT.replace("label: Renewals", "label: Sales Pipeline")),
        22,
        "pipelines[1].label",
        "pipeline label `Sales Pipeline` is used twice (line 17)",
    );
    assert_one(
        load(&OBJECT.replace("  - id: renewals", "  - id: default")),
        22,
        "pipelines[1].id",
        "pipeline ID `default` is listed twice (line 17)",
    );
}

#[test]
fn every_stage_has_the_required_metadata_as_strings() {
    assert_one(
        load(&OBJECT.replace(
            "{id: renewaldue, label: Renewal due, metadata: {probability: \"0.5\"}}",
            "{id: renewaldue, label: Renewal due}",
        )),
        26,
        "pipelines[1].stages[0].metadata",
        "stage `renewaldue` lacks `probability`",
    );
    // HubSpot's metadata values are strings; an unquoted number is read as its text.
    let schema = load(&OBJECT.replace("probability: \"0.5\"", "probability: 0.5")).expect("valid");
    let deals = schema.object("deals").unwrap();
    assert_eq!(deals.pipelines[1].stages[0].metadata["probability"], "0.5");
}

#[test]
fn a_pipeline_needs_stages() {
    let object = OBJECT.replace(
        "    stages:\n      - {id: renewaldue, label: Renewal due, metadata: {probability: \"0.5\"}}\n      - {id: renewalwon, label: Closed Won, metadata: {probability: \"1.0\"}}\n",
        "    stages: []\n",
    );
    assert_one(
        load(&object),
        22,
        "pipelines[1].stages",
        "at least one stage",
    );
}
