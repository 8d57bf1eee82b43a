//! What an account holds beyond the standard tables, read through its API into plain data:
//! custom objects (schemas, their properties and associations both ways), the custom
//! properties of standard objects, and the account's own association labels.

use std::collections::BTreeMap;

use hubspot_crm_schema::naming::snake_ident;
use hubspot_crm_schema::{PathParam, PropertyKind, Schema};
use serde_json::Value;

use super::http::Account;

/// An account's own part of the schema.
#[derive(Debug, Default)]
pub(crate) struct Pulled {
    /// Custom objects.
    pub(crate) objects: Vec<PulledObject>,
    /// Additions to standard objects, by object name.
    pub(crate) extensions: BTreeMap<String, PulledExtension>,
}

/// A custom object.
#[derive(Debug)]
pub(crate) struct PulledObject {
    pub(crate) type_id: String,
    pub(crate) name: String,
    pub(crate) singular: String,
    pub(crate) plural: String,
    pub(crate) label_singular: String,
    pub(crate) label_plural: String,
    pub(crate) fully_qualified_name: Option<String>,
    pub(crate) primary_display_property: Option<String>,
    pub(crate) description: String,
    /// The default property group, when HubSpot named it other than the tables' rule does.
    pub(crate) default_property_group: Option<String>,
    /// The object's pipelines, when it has some.
    pub(crate) pipelines: Vec<PulledPipeline>,
    pub(crate) unique_properties: Vec<String>,
    pub(crate) properties: Vec<PulledProperty>,
    pub(crate) associations: Vec<PulledAssociation>,
}

/// A property.
#[derive(Debug)]
pub(crate) struct PulledProperty {
    pub(crate) name: String,
    pub(crate) kind: PropertyKind,
    pub(crate) label: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) read_only: bool,
    pub(crate) required: bool,
    pub(crate) multiple: bool,
    pub(crate) options: Vec<String>,
}

/// An association from one object to `to`: its default type (for a pair the standard tables
/// do not list) and the account's own labels.
#[derive(Debug)]
pub(crate) struct PulledAssociation {
    pub(crate) to: String,
    pub(crate) type_id: Option<u32>,
    pub(crate) labels: Labels,
}

/// What the account adds to one standard object.
#[derive(Debug, Default)]
pub(crate) struct PulledExtension {
    pub(crate) properties: Vec<PulledProperty>,
    pub(crate) unique_properties: Vec<String>,
    pub(crate) associations: Vec<PulledAssociation>,
    /// The account's pipelines, when they differ from the standard table's defaults.
    pub(crate) pipelines: Option<Vec<PulledPipeline>>,
}

impl PulledExtension {
    fn is_empty(&self) -> bool {
        self.properties.is_empty() && self.associations.is_empty() && self.pipelines.is_none()
    }
}

/// A pipeline, in the order HubSpot lists them; a display order is kept only where it is not
/// the position (so tables that leave it out read back the same).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PulledPipeline {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) display_order: Option<i64>,
    pub(crate) stages: Vec<PulledStage>,
}

/// A stage of a pipeline.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PulledStage {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) display_order: Option<i64>,
    pub(crate) metadata: BTreeMap<String, String>,
}

/// What to read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PullOptions {
    /// Also HubSpot-defined properties the standard tables do not list.
    pub(crate) all_properties: bool,
}

/// Reads the account's own part of the schema; `standard` is what it is compared against.
pub(crate) fn pull(
    account: &Account<'_>,
    standard: &Schema,
    options: PullOptions,
) -> Result<Pulled, String> {
    let system: Vec<&str> = standard
        .shared
        .system_properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let schemas = results(account.get("schemas_list", &[])?, "schemas")?;
    let custom: Vec<&Value> = schemas
        .iter()
        .filter(|s| text(s, "objectTypeId").is_some_and(|t| t.starts_with("2-")))
        .filter(|s| !s.get("archived").and_then(Value::as_bool).unwrap_or(false))
        .collect();
    // Every object type by type ID: the standard ones, then the account's.
    let mut names: BTreeMap<String, String> = standard
        .objects
        .iter()
        .map(|o| (o.path_segment().to_string(), o.name.clone()))
        .collect();
    for s in &custom {
        if let (Some(id), Some(name)) = (text(s, "objectTypeId"), text(s, "name")) {
            names.insert(id.to_string(), name.to_string());
        }
    }
    let mut pulled = Pulled::default();
    for s in &custom {
        pulled.objects.push(custom_object(
            account,
            s,
            &names,
            &system,
            &standard.shared.custom_objects.property_group_suffix,
            &mut pulled.extensions,
        )?);
    }
    for object in &standard.objects {
        let listed: Vec<&str> = object.properties.iter().map(|p| p.name.as_str()).collect();
        let defs = results(
            account.get(
                "properties_list",
                &[(PathParam::ObjectType, object.path_segment())],
            )?,
            "properties",
        )?;
        let ext = pulled.extensions.entry(object.name.clone()).or_default();
        for def in &defs {
            let Some(name) = text(def, "name") else {
                continue;
            };
            let hubspot = def.get("hubspotDefined").and_then(Value::as_bool) == Some(true);
            if listed.contains(&name)
                || system.contains(&name)
                || (hubspot && !options.all_properties)
            {
                continue;
            }
            if def.get("hasUniqueValue").and_then(Value::as_bool) == Some(true) {
                ext.unique_properties.push(name.to_string());
            }
            ext.properties.push(property(def, &[])?);
        }
        if object.pipeline_properties.is_some() {
            let pipelines = pipelines(account, object.path_segment())?;
            if pipelines != table_pipelines(&object.pipelines) {
                ext.pipelines = Some(pipelines);
            }
        }
        // The account's own labels on the standard pairs.
        for assoc in &object.associations {
            let Some(to) = standard.object(&assoc.to) else {
                continue;
            };
            let (_, labels) = pair_types(account, object.path_segment(), to.path_segment())?;
            if !labels.is_empty() {
                ext.associations.push(PulledAssociation {
                    to: assoc.to.clone(),
                    type_id: None,
                    labels,
                });
            }
        }
    }
    pulled.extensions.retain(|_, e| !e.is_empty());
    for ext in pulled.extensions.values_mut() {
        ext.properties.sort_by(|a, b| a.name.cmp(&b.name));
        ext.associations.sort_by(|a, b| a.to.cmp(&b.to));
    }
    pulled.objects.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(pulled)
}

/// A custom object from its schema, with its associations both ways (the way back goes into
/// the extension of a standard target).
fn custom_object(
    account: &Account<'_>,
    schema: &Value,
    names: &BTreeMap<String, String>,
    system: &[&str],
    group_suffix: &str,
    extensions: &mut BTreeMap<String, PulledExtension>,
) -> Result<PulledObject, String> {
    let type_id = text(schema, "objectTypeId").unwrap_or_default().to_string();
    let name = text(schema, "name")
        .ok_or_else(|| format!("schema {type_id} has no name"))?
        .to_string();
    let label = |which: &str| {
        schema
            .pointer(&format!("/labels/{which}"))
            .and_then(Value::as_str)
            .unwrap_or(&name)
            .to_string()
    };
    let (label_singular, label_plural) = (label("singular"), label("plural"));
    let required: Vec<&str> = schema
        .get("requiredProperties")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // The group HubSpot put the record ID in is the object's default group.
    let group = schema
        .get("properties")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|p| text(p, "name") == Some("hs_object_id"))
        .and_then(|p| text(p, "groupName"))
        .filter(|g| *g != format!("{name}{group_suffix}"))
        .map(String::from);
    let mut properties = Vec::new();
    let mut unique_properties = Vec::new();
    for def in schema
        .get("properties")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(pname) = text(def, "name") else {
            continue;
        };
        let hubspot = def.get("hubspotDefined").and_then(Value::as_bool) == Some(true);
        if system.contains(&pname) || hubspot {
            continue;
        }
        if def.get("hasUniqueValue").and_then(Value::as_bool) == Some(true) {
            unique_properties.push(pname.to_string());
        }
        properties.push(property(def, &required)?);
    }
    properties.sort_by(|a, b| a.name.cmp(&b.name));
    unique_properties.sort();
    let pipelines = pipelines(account, &type_id)?;
    let mut associations = Vec::new();
    let mut targets: Vec<&str> = schema
        .get("associations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| text(a, "toObjectTypeId"))
        .collect();
    targets.sort();
    targets.dedup();
    for to_id in targets {
        let to = names
            .get(to_id)
            .ok_or_else(|| format!("{name} is associated with unknown object type {to_id}"))?;
        let (type_id_out, labels) = pair_types(account, &type_id, to_id)?;
        associations.push(PulledAssociation {
            to: to.clone(),
            type_id: type_id_out,
            labels,
        });
        // The way back, unless it is to itself or to another custom object (whose own
        // schema lists it).
        if to_id.starts_with("2-") {
            continue;
        }
        let (back_id, back_labels) = pair_types(account, to_id, &type_id)?;
        extensions
            .entry(to.clone())
            .or_default()
            .associations
            .push(PulledAssociation {
                to: name.clone(),
                type_id: back_id,
                labels: back_labels,
            });
    }
    associations.sort_by(|a, b| a.to.cmp(&b.to));
    let plain = |label: &str| {
        snake_ident(label).filter(|s| {
            s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') && !s.starts_with('_')
        })
    };
    Ok(PulledObject {
        singular: plain(&label_singular).unwrap_or_else(|| name.clone()),
        plural: plain(&label_plural).unwrap_or_else(|| name.clone()),
        fully_qualified_name: text(schema, "fullyQualifiedName").map(String::from),
        primary_display_property: text(schema, "primaryDisplayProperty").map(String::from),
        description: text(schema, "description")
            .filter(|d| !d.trim().is_empty())
            .map(String::from)
            .unwrap_or_else(|| format!("{label_plural}: a custom object of the account.")),
        default_property_group: group,
        pipelines,
        type_id,
        name,
        label_singular,
        label_plural,
        unique_properties,
        properties,
        associations,
    })
}

/// An object type's live pipelines as the account has them (none for a type that cannot have
/// any).
fn pipelines(account: &Account<'_>, object_type: &str) -> Result<Vec<PulledPipeline>, String> {
    let Some(answer) =
        account.get_if_any("pipelines_list", &[(PathParam::ObjectType, object_type)])?
    else {
        return Ok(Vec::new());
    };
    let list = results(answer, "pipelines")?;
    let order = |v: &Value, position: usize| {
        v.get("displayOrder")
            .and_then(Value::as_i64)
            .filter(|o| *o != position as i64)
    };
    let mut out = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let stages = p
            .get("stages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(j, s)| PulledStage {
                id: text(s, "id").unwrap_or_default().to_string(),
                label: text(s, "label").unwrap_or_default().to_string(),
                display_order: order(s, j),
                metadata: s
                    .get("metadata")
                    .and_then(Value::as_object)
                    .map(|m| {
                        m.iter()
                            .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        out.push(PulledPipeline {
            id: text(p, "id").unwrap_or_default().to_string(),
            label: text(p, "label").unwrap_or_default().to_string(),
            display_order: order(p, i),
            stages,
        });
    }
    Ok(out)
}

/// The standard table's pipelines in the form pull compares with.
fn table_pipelines(table: &[hubspot_crm_schema::PipelineDef]) -> Vec<PulledPipeline> {
    let order = |given: Option<i64>, position: usize| given.filter(|o| *o != position as i64);
    table
        .iter()
        .enumerate()
        .map(|(i, p)| PulledPipeline {
            id: p.id.clone(),
            label: p.label.clone(),
            display_order: order(p.display_order, i),
            stages: p
                .stages
                .iter()
                .enumerate()
                .map(|(j, s)| PulledStage {
                    id: s.id.clone(),
                    label: s.label.clone(),
                    display_order: order(s.display_order, j),
                    metadata: s.metadata.clone(),
                })
                .collect(),
        })
        .collect()
}

/// The account's own labels of a pair: (type ID, label).
type Labels = Vec<(u32, String)>;

/// The default (unlabelled, HubSpot-defined) type of a pair, and the account's own labels.
fn pair_types(
    account: &Account<'_>,
    from: &str,
    to: &str,
) -> Result<(Option<u32>, Labels), String> {
    let types = results(
        account.get(
            "association_labels_list",
            &[(PathParam::ObjectType, from), (PathParam::ToObjectType, to)],
        )?,
        "association labels",
    )?;
    let mut default = None;
    let mut labels = Vec::new();
    for t in &types {
        let id = t
            .get("typeId")
            .and_then(Value::as_u64)
            .and_then(|i| u32::try_from(i).ok());
        let Some(id) = id else { continue };
        let label = text(t, "label");
        match (text(t, "category"), label) {
            (Some("HUBSPOT_DEFINED"), None) if default.is_none() => default = Some(id),
            (Some("USER_DEFINED"), Some(l)) => labels.push((id, l.to_string())),
            _ => {}
        }
    }
    labels.sort();
    Ok((default, labels))
}

/// A property definition as the tables write it; `required` lists the object's required
/// properties.
fn property(def: &Value, required: &[&str]) -> Result<PulledProperty, String> {
    let name = text(def, "name").unwrap_or_default().to_string();
    let kind_text = text(def, "type").unwrap_or("string");
    // Types the tables do not model (`object_coordinates`, `json`) travel as text.
    let kind = PropertyKind::parse(kind_text).unwrap_or(PropertyKind::String);
    let label = text(def, "label").filter(|l| *l != name).map(String::from);
    let description = text(def, "description")
        .filter(|d| !d.trim().is_empty())
        .map(String::from);
    let read_only = def
        .pointer("/modificationMetadata/readOnlyValue")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let enumeration = kind == PropertyKind::Enumeration;
    let multiple = enumeration && text(def, "fieldType") == Some("checkbox");
    let options = if enumeration {
        def.get("options")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|o| !o.get("hidden").and_then(Value::as_bool).unwrap_or(false))
            .filter_map(|o| text(o, "value").map(String::from))
            .collect()
    } else {
        Vec::new()
    };
    Ok(PulledProperty {
        required: required.contains(&name.as_str()),
        name,
        kind,
        label,
        description,
        read_only,
        multiple,
        options,
    })
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// The `results` list of an answer, which must be there.
fn results(answer: Value, what: &str) -> Result<Vec<Value>, String> {
    match answer {
        Value::Object(mut map) => match map.remove("results") {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(format!("the {what} answer has no `results` list")),
        },
        _ => Err(format!("the {what} answer is not an object")),
    }
}
