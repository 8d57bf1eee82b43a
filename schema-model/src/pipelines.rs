//! Pipelines: the tables' `pipeline_properties` and `pipelines` of an object, their checks,
//! and the one function that turns pipelines into the options of the two properties naming a
//! record's pipeline and stage.
//!
//! An object table states which two enumeration properties hold a record's pipeline and
//! stage, and lists the pipelines every account has (HubSpot's defaults). The properties are
//! written without options: the loader fills them in from the pipelines
//! ([`pipeline_options`]), so the generator makes typed enums of them through the ordinary
//! option-enum machinery, and the emulator starts with the same options. The same function
//! serves pipelines read from an account (an account's own pipelines merged over the
//! defaults): it is pure and takes any list.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::error::SchemaError;
use crate::locate::Locator;
use crate::model::{EnumOption, ObjectDef, PropertyKind, Schema};
use crate::naming;

/// `pipeline_properties`: the properties naming a record's pipeline and its stage
/// (deals: `pipeline` and `dealstage`; tickets: `hs_pipeline` and `hs_pipeline_stage`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineProperties {
    /// The property holding the pipeline's ID.
    pub pipeline: String,
    /// The property holding the stage's ID.
    pub stage: String,
}

/// A pipeline: where records of an object are tracked through stages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineDef {
    /// HubSpot's ID (`default`; numeric strings for pipelines an account creates).
    pub id: String,
    /// The label HubSpot shows (`Sales Pipeline`); names the pipeline enum's variant.
    pub label: String,
    /// Where HubSpot lists it among the object's pipelines (lowest first).
    #[serde(default)]
    pub display_order: Option<i64>,
    /// Its stages, in order.
    pub stages: Vec<StageDef>,
}

/// A stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    /// HubSpot's ID (`closedwon`), unique among the object's stages.
    pub id: String,
    /// The label HubSpot shows (`Closed won`); names the stage enum's variant.
    pub label: String,
    /// Where HubSpot lists it in its pipeline (lowest first).
    #[serde(default)]
    pub display_order: Option<i64>,
    /// HubSpot's stage metadata, every value a string as HubSpot sends it (deals:
    /// `probability`, `isClosed`; tickets: `ticketState`).
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// The options of the two properties naming a record's pipeline and stage.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// One `{value: id, label}` per pipeline, in the order given.
    pub pipeline: Vec<EnumOption>,
    /// One `{value: id, label}` per stage of every pipeline, pipeline after pipeline.
    pub stage: Vec<EnumOption>,
}

/// The options of the pipeline and stage properties for `pipelines`.
///
/// Stage labels repeat across pipelines (two pipelines may both have `Closed won`); a stage
/// whose label names the same variant as an earlier stage's takes its pipeline's label in
/// front (`Renewals closed won`), so the variants stay distinct and the first pipeline's
/// stages keep their plain names. Values are the IDs, untouched.
pub fn pipeline_options(pipelines: &[PipelineDef]) -> PipelineOptions {
    let pipeline = pipelines
        .iter()
        .map(|p| EnumOption::Labelled {
            value: p.id.clone(),
            label: p.label.clone(),
        })
        .collect();
    let mut seen = BTreeSet::new();
    let mut stage = Vec::new();
    for p in pipelines {
        for s in &p.stages {
            let label = if seen.insert(variant_key(&s.label)) {
                s.label.clone()
            } else {
                let qualified = qualified_label(&p.label, &s.label);
                seen.insert(variant_key(&qualified));
                qualified
            };
            stage.push(EnumOption::Labelled {
                value: s.id.clone(),
                label,
            });
        }
    }
    PipelineOptions { pipeline, stage }
}

/// Fills the options of `object`'s pipeline and stage properties from its `pipelines` (no
/// change for an object without `pipeline_properties`). Options already there are replaced.
pub fn fill_pipeline_options(object: &mut ObjectDef) {
    let Some(names) = object.pipeline_properties.clone() else {
        return;
    };
    let options = pipeline_options(&object.pipelines);
    for prop in &mut object.properties {
        if prop.name == names.pipeline {
            prop.options = options.pipeline.clone();
        } else if prop.name == names.stage {
            prop.options = options.stage.clone();
        }
    }
}

/// Fills every object's pipeline and stage options (see [`fill_pipeline_options`]).
pub fn resolve_pipelines(schema: &mut Schema) {
    for object in &mut schema.objects {
        fill_pipeline_options(object);
    }
}

/// What a label's variant is compared by: its UpperCamelCase form, else the label itself.
fn variant_key(label: &str) -> String {
    naming::camel_ident(label).unwrap_or_else(|| label.to_string())
}

/// `Renewals` + `Closed won` -> `Renewals closed won`.
fn qualified_label(pipeline: &str, stage: &str) -> String {
    let mut chars = stage.chars();
    let stage = match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("{pipeline} {stage}")
}

/// The objects' `pipeline_properties`, `pipelines` and `required_stage_metadata` as written,
/// before their options are filled in: every problem, with file, line and key.
pub fn validate_pipelines(schema: &Schema) -> Vec<SchemaError> {
    let mut errors = Vec::new();
    for object in &schema.objects {
        check_object(object, &mut errors);
    }
    errors
}

fn check_object(object: &ObjectDef, errors: &mut Vec<SchemaError>) {
    // An account's extension may give the object its own pipelines: errors name that file.
    let source = object.pipelines_source.as_ref().unwrap_or(&object.source);
    let locator = Locator::new(&source.text);
    let mut push = |line: Option<usize>, field: String, message: String| {
        errors.push(SchemaError {
            file: source.path.clone(),
            line,
            field,
            message,
        });
    };
    let top = |key: &str| locator.key(1, key, None);
    let Some(names) = &object.pipeline_properties else {
        for (key, given) in [
            ("pipelines", !object.pipelines.is_empty()),
            (
                "required_stage_metadata",
                !object.required_stage_metadata.is_empty(),
            ),
        ] {
            if given {
                push(
                    top(key),
                    key.into(),
                    "an object without `pipeline_properties` has no pipelines".into(),
                );
            }
        }
        return;
    };
    let line = top("pipeline_properties");
    if names.pipeline == names.stage {
        push(
            line,
            "pipeline_properties".into(),
            format!(
                "the pipeline and the stage need two properties, not `{}` twice",
                names.pipeline
            ),
        );
    }
    for (key, name) in [("pipeline", &names.pipeline), ("stage", &names.stage)] {
        let field = format!("pipeline_properties.{key}");
        let Some(prop) = object.properties.iter().find(|p| &p.name == name) else {
            push(
                line,
                field,
                format!("`{name}` is not among this object's properties"),
            );
            continue;
        };
        let problem = if prop.kind != PropertyKind::Enumeration {
            Some(format!("is a {}, not an enumeration", prop.kind.as_str()))
        } else if !prop.options.is_empty() || prop.option_set.is_some() {
            Some("lists options; they come from `pipelines`, so remove them".to_string())
        } else if prop.multiple {
            Some("is multi-select; a record is in one pipeline and one stage".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            push(line, field, format!("`{name}` {problem}"));
        }
    }
    let from = top("pipelines").unwrap_or(1);
    let mut pipeline_ids: BTreeMap<&str, (usize, Option<usize>)> = BTreeMap::new();
    let mut stage_ids: BTreeMap<&str, (usize, Option<usize>)> = BTreeMap::new();
    let mut pipeline_labels: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    for (i, pipeline) in object.pipelines.iter().enumerate() {
        let at = format!("pipelines[{i}]");
        let (nth, first) = pipeline_ids.entry(&pipeline.id).or_insert((0, None));
        // Stage IDs may repeat a pipeline's (`id:` keys of both kinds are searched alike), so
        // a pipeline's line is counted among the same IDs before it.
        let pline = locator.nth_key(from, "id", Some(&pipeline.id), *nth);
        *nth += 1;
        let pline_or = pline.or(Some(from));
        if pipeline.id.trim().is_empty() {
            push(
                pline_or,
                format!("{at}.id"),
                "a pipeline needs an ID".into(),
            );
        } else if *nth > 1 {
            push(
                pline_or,
                format!("{at}.id"),
                format!(
                    "pipeline ID `{}` is listed twice{}",
                    pipeline.id,
                    at_line(*first)
                ),
            );
        } else {
            *first = pline;
        }
        if pipeline.label.trim().is_empty() {
            push(
                pline_or,
                format!("{at}.label"),
                "a pipeline needs a label".into(),
            );
        } else if let Some(first) = pipeline_labels.insert(&pipeline.label, pline) {
            push(
                pline_or,
                format!("{at}.label"),
                format!(
                    "pipeline label `{}` is used twice{}",
                    pipeline.label,
                    at_line(first)
                ),
            );
        }
        if pipeline.stages.is_empty() {
            push(
                pline_or,
                format!("{at}.stages"),
                "a pipeline needs at least one stage".into(),
            );
        }
        let mut labels: BTreeMap<&str, Option<usize>> = BTreeMap::new();
        for (j, stage) in pipeline.stages.iter().enumerate() {
            let at = format!("{at}.stages[{j}]");
            let (nth, first) = stage_ids.entry(&stage.id).or_insert((0, None));
            let sline = locator.nth_key(from, "id", Some(&stage.id), *nth);
            *nth += 1;
            let sline_or = sline.or(pline_or);
            if stage.id.trim().is_empty() {
                push(sline_or, format!("{at}.id"), "a stage needs an ID".into());
            } else if *nth > 1 {
                push(
                    sline_or,
                    format!("{at}.id"),
                    format!(
                        "stage ID `{}` is listed twice{}: stage IDs are unique among an object's stages",
                        stage.id,
                        at_line(*first)
                    ),
                );
            } else {
                *first = sline;
            }
            if stage.label.trim().is_empty() {
                push(
                    sline_or,
                    format!("{at}.label"),
                    "a stage needs a label".into(),
                );
            } else if let Some(first) = labels.insert(&stage.label, sline) {
                push(
                    sline_or,
                    format!("{at}.label"),
                    format!(
                        "stage label `{}` is used twice in pipeline `{}`{}",
                        stage.label,
                        pipeline.id,
                        at_line(first)
                    ),
                );
            }
            for key in &object.required_stage_metadata {
                if !stage.metadata.contains_key(key) {
                    push(
                        sline_or,
                        format!("{at}.metadata"),
                        format!(
                            "stage `{}` lacks `{key}`, which `required_stage_metadata` asks of every stage",
                            stage.id
                        ),
                    );
                }
            }
        }
    }
    let mut keys = BTreeSet::new();
    for (i, key) in object.required_stage_metadata.iter().enumerate() {
        if key.trim().is_empty() || !keys.insert(key) {
            push(
                top("required_stage_metadata"),
                format!("required_stage_metadata[{i}]"),
                format!("`{key}` is empty or listed twice"),
            );
        }
    }
}

/// ` (line N)` for a message pointing at an earlier line of the same file.
fn at_line(line: Option<usize>) -> String {
    line.map(|l| format!(" (line {l})")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline(id: &str, label: &str, stages: &[(&str, &str)]) -> PipelineDef {
        PipelineDef {
            id: id.into(),
            label: label.into(),
            display_order: None,
            stages: stages
                .iter()
                .map(|(id, label)| StageDef {
                    id: (*id).into(),
                    label: (*label).into(),
                    display_order: None,
                    metadata: BTreeMap::new(),
                })
                .collect(),
        }
    }

    fn pairs(options: &[EnumOption]) -> Vec<(&str, &str)> {
        options
            .iter()
            .map(|o| (o.value(), o.label().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn options_name_pipelines_and_every_stage_qualifying_repeated_labels() {
        let options = pipeline_options(&[
            pipeline(
                "default",
                "Sales Pipeline",
                &[
                    ("appointmentscheduled", "Appointment scheduled"),
                    ("closedwon", "Closed won"),
                ],
            ),
            pipeline(
                "77",
                "Renewals",
                &[("78", "Renewal due"), ("79", "Closed Won")],
            ),
        ]);
        assert_eq!(
            pairs(&options.pipeline),
            [("default", "Sales Pipeline"), ("77", "Renewals")]
        );
        assert_eq!(
            pairs(&options.stage),
            [
                ("appointmentscheduled", "Appointment scheduled"),
                ("closedwon", "Closed won"),
                ("78", "Renewal due"),
                ("79", "Renewals closed Won"),
            ]
        );
        assert!(pipeline_options(&[]).stage.is_empty());
    }
}
