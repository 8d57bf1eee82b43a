//! An account's own tables (`schema/account/`, written by `cargo xtask pull`): its custom
//! objects, in the standard object format, and what it adds to standard objects (custom
//! properties, associations to its custom objects, its own association labels).
//!
//! The loader merges them into the standard tables: custom objects join the objects (with
//! `account` set and the custom-object capabilities of `shared.yaml`), extensions add to the
//! standard object they name. Every merged item remembers the file it came from, so an error
//! about it names that file and line.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::SchemaError;
use crate::load::SourceRef;
use crate::locate::Locator;
use crate::model::{
    AssociationDef, CustomObjectsDef, ObjectDef, PipelineDef, PropertyDef, PropertyKind, Schema,
};

/// The account's tables.
#[derive(Debug, Clone, Default)]
pub struct AccountDef {
    /// `account/objects/*.yaml`: the account's custom objects.
    pub objects: Vec<ObjectDef>,
    /// `account/extensions/*.yaml`: additions to standard objects.
    pub extensions: Vec<ExtensionDef>,
}

/// What an account adds to one standard object: `account/extensions/<object>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtensionDef {
    /// The standard object it extends (its `name`); also the file stem.
    pub object: String,
    /// The account's custom properties of the object.
    #[serde(default)]
    pub properties: Vec<PropertyDef>,
    /// Which of them hold unique values (usable as `idProperty`).
    #[serde(default)]
    pub unique_properties: Vec<String>,
    /// Associations: to the account's custom objects (with their type IDs), or labels the
    /// account defined on a pair the standard table lists (only `labels` then).
    #[serde(default)]
    pub associations: Vec<AssociationDef>,
    /// The account's pipelines of the object, all of them: they replace the table's
    /// defaults (the object must have `pipeline_properties`).
    #[serde(default)]
    pub pipelines: Option<Vec<PipelineDef>>,
    /// Where this was read from (filled in by the loader).
    #[serde(skip)]
    pub source: SourceRef,
}

/// Merges `account` into `schema`; returns what conflicts with the standard tables (nothing
/// is merged from an extension that names no standard object).
pub(crate) fn merge(schema: &mut Schema, account: &AccountDef) -> Vec<SchemaError> {
    let mut errors = Vec::new();
    let capabilities = schema.shared.custom_objects.capabilities.clone();
    for object in &account.objects {
        let mut object = object.clone();
        object.account = true;
        let push = |errors: &mut Vec<SchemaError>, key: &str, message: String| {
            errors.push(SchemaError {
                file: object.source.path.clone(),
                line: Locator::new(&object.source.text).key(1, key, None),
                field: key.to_string(),
                message,
            })
        };
        if !object.capabilities.is_empty() {
            push(
                &mut errors,
                "capabilities",
                "a custom object takes its capabilities from shared.yaml's `custom_objects`; remove them here".into(),
            );
        }
        if !object.type_id.as_ref().is_some_and(|t| t.is_custom()) {
            push(
                &mut errors,
                "type_id",
                "a custom object has a type ID `2-NNN`".into(),
            );
        }
        object.capabilities = capabilities.clone();
        if !object.pipelines.is_empty() && object.pipeline_properties.is_none() {
            give_pipeline_properties(&mut object, &schema.shared.custom_objects);
        }
        if object.default_property_group.is_none() {
            object.default_property_group = Some(format!(
                "{}{}",
                object.name, schema.shared.custom_objects.property_group_suffix
            ));
        }
        schema.objects.push(object);
    }
    for ext in &account.extensions {
        errors.extend(extend(schema, ext));
    }
    schema.objects.sort_by(|a, b| a.name.cmp(&b.name));
    errors
}

/// A custom object with pipelines gets HubSpot's pipeline and stage properties (the shared
/// table names them; HubSpot defines them, so the account's tables do not list them).
fn give_pipeline_properties(object: &mut ObjectDef, custom: &CustomObjectsDef) {
    let Some(names) = &custom.pipeline_properties else {
        return;
    };
    for name in [&names.pipeline, &names.stage] {
        if object.properties.iter().any(|p| &p.name == name) {
            continue;
        }
        object.properties.push(PropertyDef {
            name: name.clone(),
            kind: PropertyKind::Enumeration,
            label: None,
            description: None,
            read_only: false,
            create_only: false,
            case_insensitive: false,
            system: false,
            required: false,
            multiple: false,
            options: Vec::new(),
            option_set: None,
            rust_name: None,
            enum_name: None,
            source: None,
        });
    }
    object.pipeline_properties = Some(names.clone());
}

/// Adds one extension to the standard object it names.
fn extend(schema: &mut Schema, ext: &ExtensionDef) -> Vec<SchemaError> {
    let locator = Locator::new(&ext.source.text);
    let error = |line: Option<usize>, field: String, message: String| SchemaError {
        file: ext.source.path.clone(),
        line,
        field,
        message,
    };
    let mut errors = Vec::new();
    let stem = ext.source.path.file_stem().and_then(|s| s.to_str());
    if stem != Some(ext.object.as_str()) {
        errors.push(error(
            locator.key(1, "object", None),
            "object".into(),
            format!(
                "the extension of `{}` must live in a file named `{}.yaml`",
                ext.object, ext.object
            ),
        ));
    }
    let Some(object) = schema
        .objects
        .iter_mut()
        .find(|o| o.name == ext.object && !o.account)
    else {
        errors.push(error(
            locator.key(1, "object", None),
            "object".into(),
            format!("`{}` is not a standard object", ext.object),
        ));
        return errors;
    };
    let from = locator.key(1, "properties", None).unwrap_or(1);
    let standard: BTreeMap<&str, usize> = object
        .properties
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), i))
        .collect();
    let mut added = Vec::new();
    for (i, prop) in ext.properties.iter().enumerate() {
        if standard.contains_key(prop.name.as_str()) {
            let here = locator.key(from, "name", Some(&prop.name));
            let there = Locator::new(&object.source.text).key(1, "name", Some(&prop.name));
            errors.push(error(
                here,
                format!("properties[{i}].name"),
                format!(
                    "`{}` is already a property of `{}` ({}): the account cannot redefine it",
                    prop.name,
                    object.name,
                    crate::validate::place(&object.source.path, there)
                ),
            ));
            continue;
        }
        added.push(PropertyDef {
            source: Some(ext.source.clone()),
            ..prop.clone()
        });
    }
    object.properties.extend(added);
    if let Some(pipelines) = &ext.pipelines {
        if object.pipeline_properties.is_none() {
            errors.push(error(
                locator.key(1, "pipelines", None),
                "pipelines".into(),
                format!(
                    "`{}` has no pipelines: its table names no `pipeline_properties`",
                    object.name
                ),
            ));
        } else {
            object.pipelines = pipelines.clone();
            object.pipelines_source = Some(ext.source.clone());
        }
    }
    object
        .unique_properties
        .extend(ext.unique_properties.iter().cloned());
    let from = locator.key(1, "associations", None).unwrap_or(1);
    for (i, assoc) in ext.associations.iter().enumerate() {
        match object.associations.iter_mut().find(|a| a.to == assoc.to) {
            // A pair the standard table lists: the account may only add its own labels.
            Some(existing) => {
                if assoc.type_id.is_some() || assoc.primary_type_id.is_some() {
                    errors.push(error(
                        locator.key(from, "to", Some(&assoc.to)),
                        format!("associations[{i}]"),
                        format!(
                            "`{}` to `{}` is a standard pair: its type IDs are in {}; list only the account's labels here",
                            object.name,
                            assoc.to,
                            object.source.path.display()
                        ),
                    ));
                    continue;
                }
                existing.labels.extend(assoc.labels.iter().cloned());
            }
            None => object.associations.push(AssociationDef {
                source: Some(ext.source.clone()),
                ..assoc.clone()
            }),
        }
    }
    errors
}
