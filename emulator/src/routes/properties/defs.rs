//! Property definitions as the properties and schemas APIs take and return them: parsing and
//! checking a definition (name, type, `fieldType`, options), applying an update, and the JSON
//! shape HubSpot returns.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use hubspot_crm_schema::PropertyKind;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::state::{GroupDef, OptionDef, PropertyDef, TypeState};
use crate::values::format_datetime;

/// The longest property (and group) name HubSpot accepts.
const MAX_NAME: usize = 100;

/// An enumeration option in a request.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OptionInput {
    pub(crate) label: Option<String>,
    pub(crate) value: String,
    pub(crate) display_order: Option<i64>,
    #[serde(default)]
    pub(crate) hidden: bool,
}

/// A property definition to create (properties API, batch create, schema `properties`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PropertyInput {
    pub(crate) name: Option<String>,
    pub(crate) label: Option<String>,
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
    pub(crate) field_type: Option<String>,
    pub(crate) group_name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) options: Option<Vec<OptionInput>>,
    pub(crate) display_order: Option<i64>,
    pub(crate) has_unique_value: Option<bool>,
    /// Schemas only: this property is the object's primary display property.
    pub(crate) is_primary_display_label: Option<bool>,
}

/// The changes of a PATCH; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PropertyUpdate {
    pub(crate) label: Option<String>,
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
    pub(crate) field_type: Option<String>,
    pub(crate) group_name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) options: Option<Vec<OptionInput>>,
    pub(crate) display_order: Option<i64>,
}

/// 404 for a property the type does not have (or not in the asked archived state).
pub(crate) fn not_found(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "OBJECT_NOT_FOUND",
        format!("Unable to find property {name}"),
    )
}

/// 409 for a name already taken (archived properties keep their name).
pub(crate) fn already_exists(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "CONFLICT",
        format!("Property named '{name}' already exists."),
    )
}

/// Checks a property or group name: lowercase letters, digits and `_`, starting with a letter.
pub(crate) fn check_name(what: &str, name: &str) -> ApiResult<()> {
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if starts_with_letter && rest_ok && name.len() <= MAX_NAME {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "{what} name '{name}' is invalid: it must start with a lowercase letter and hold only lowercase letters, digits and underscores (at most {MAX_NAME} characters)"
        )))
    }
}

/// The type a `type` string names.
pub(crate) fn parse_kind(raw: &str) -> ApiResult<PropertyKind> {
    serde_json::from_value(Value::String(raw.to_string())).map_err(|_| {
        ApiError::validation(format!(
            "'{raw}' is not a valid property type; use one of string, number, bool, date, datetime, enumeration, phone_number"
        ))
    })
}

/// The `fieldType`s HubSpot accepts with each type.
fn field_types(kind: PropertyKind) -> &'static [&'static str] {
    match kind {
        PropertyKind::String => &["text", "textarea", "html", "file", "phonenumber"],
        PropertyKind::Number => &["number"],
        PropertyKind::Bool => &["booleancheckbox"],
        PropertyKind::Date | PropertyKind::Datetime => &["date"],
        PropertyKind::Enumeration => &["select", "radio", "checkbox", "booleancheckbox"],
        PropertyKind::PhoneNumber => &["phonenumber"],
    }
}

/// Checks that type, `fieldType` and options fit together.
fn check_consistent(
    name: &str,
    kind: PropertyKind,
    field_type: &str,
    options: &[OptionDef],
) -> ApiResult<()> {
    let allowed = field_types(kind);
    if !allowed.contains(&field_type) {
        return Err(ApiError::validation(format!(
            "Property {name}: fieldType '{field_type}' is not valid for type '{}'; use one of {}",
            kind.as_str(),
            allowed.join(", ")
        )));
    }
    match kind {
        PropertyKind::Enumeration if options.is_empty() => Err(ApiError::validation(format!(
            "Property {name}: an enumeration property needs at least one option"
        ))),
        PropertyKind::Enumeration | PropertyKind::Bool => Ok(()),
        _ if !options.is_empty() => Err(ApiError::validation(format!(
            "Property {name}: options are only allowed on enumeration and bool properties"
        ))),
        _ => Ok(()),
    }
}

/// Options as stored; values must be non-empty and distinct.
fn build_options(name: &str, input: &[OptionInput]) -> ApiResult<Vec<OptionDef>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, o) in input.iter().enumerate() {
        if o.value.is_empty() {
            return Err(ApiError::validation(format!(
                "Property {name}: option {i} has an empty value"
            )));
        }
        if !seen.insert(o.value.as_str()) {
            return Err(ApiError::validation(format!(
                "Property {name}: option value '{}' appears more than once",
                o.value
            )));
        }
        out.push(OptionDef {
            value: o.value.clone(),
            label: o.label.clone().unwrap_or_else(|| o.value.clone()),
            display_order: o.display_order.unwrap_or(i as i64),
            hidden: o.hidden,
        });
    }
    Ok(out)
}

fn required<'a>(field: &str, value: &'a Option<String>) -> ApiResult<&'a str> {
    value
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiError::validation(format!("Missing required field: {field}")))
}

/// A new custom property from its definition, checked on its own (name, label, type,
/// `fieldType`, options). With `default_group` (schema creation), `type`, `fieldType` and
/// `groupName` may be left out: a text property in that group. The caller checks that the
/// name is free and the group exists.
pub(crate) fn new_property(
    input: &PropertyInput,
    default_group: Option<&str>,
    now: i64,
) -> ApiResult<PropertyDef> {
    let name = required("name", &input.name)?;
    check_name("Property", name)?;
    let label = required("label", &input.label)?;
    let kind = match (&input.kind, default_group) {
        (None, Some(_)) => PropertyKind::String,
        (kind, _) => parse_kind(required("type", kind)?)?,
    };
    let options = build_options(name, input.options.as_deref().unwrap_or_default())?;
    let field_type = match (&input.field_type, default_group) {
        (None, Some(_)) => kind.default_field_type(false).to_string(),
        (ft, _) => required("fieldType", ft)?.to_string(),
    };
    check_consistent(name, kind, &field_type, &options)?;
    let group_name = match (&input.group_name, default_group) {
        (None, Some(group)) => group.to_string(),
        (group, _) => required("groupName", group)?.to_string(),
    };
    let mut def = PropertyDef::new(name, kind);
    def.label = label.to_string();
    def.multiple = kind == PropertyKind::Enumeration && field_type == "checkbox";
    def.field_type = field_type;
    def.group_name = group_name;
    def.description = input.description.clone().unwrap_or_default();
    def.options = options;
    def.has_unique_value = input.has_unique_value.unwrap_or(false);
    def.display_order = input.display_order.unwrap_or(-1);
    def.created_at = now;
    def.updated_at = now;
    Ok(def)
}

/// 400 unless `group` is a live group of the type.
pub(crate) fn check_group(groups: &BTreeMap<String, GroupDef>, group: &str) -> ApiResult<()> {
    if groups.get(group).is_some_and(|g| !g.archived) {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "Property group '{group}' does not exist"
        )))
    }
}

/// Checks a create against the type (name free, group live) and returns the definition.
pub(crate) fn new_property_for(
    ts: &TypeState,
    input: &PropertyInput,
    now: i64,
) -> ApiResult<PropertyDef> {
    let def = new_property(input, None, now)?;
    if ts.properties.contains_key(&def.name) {
        return Err(already_exists(&def.name));
    }
    check_group(&ts.groups, &def.group_name)?;
    Ok(def)
}

/// `old` with `update` applied, checked. HubSpot-defined properties keep their type, and
/// properties HubSpot computes cannot be changed at all.
pub(crate) fn updated_property(
    ts: &TypeState,
    old: &PropertyDef,
    update: &PropertyUpdate,
    now: i64,
) -> ApiResult<PropertyDef> {
    if old.hubspot_defined && old.read_only {
        return Err(ApiError::validation(format!(
            "Property {} is read only: its definition cannot be modified",
            old.name
        )));
    }
    let mut def = old.clone();
    if let Some(raw) = &update.kind {
        let kind = parse_kind(raw)?;
        if kind != old.kind && old.hubspot_defined {
            return Err(ApiError::validation(format!(
                "Property {} is defined by HubSpot: its type cannot be changed",
                old.name
            )));
        }
        def.kind = kind;
    }
    if let Some(label) = &update.label {
        if label.trim().is_empty() {
            return Err(ApiError::validation("label cannot be empty"));
        }
        def.label = label.clone();
    }
    if let Some(description) = &update.description {
        def.description = description.clone();
    }
    if let Some(group) = &update.group_name {
        check_group(&ts.groups, group)?;
        def.group_name = group.clone();
    }
    if let Some(options) = &update.options {
        def.options = build_options(&old.name, options)?;
    }
    if let Some(order) = update.display_order {
        def.display_order = order;
    }
    match &update.field_type {
        Some(ft) => def.field_type = ft.clone(),
        // A new type without a fieldType takes that type's usual one.
        None if def.kind != old.kind => {
            def.field_type = def.kind.default_field_type(false).to_string()
        }
        None => {}
    }
    check_consistent(&def.name, def.kind, &def.field_type, &def.options)?;
    def.multiple = def.kind == PropertyKind::Enumeration && def.field_type == "checkbox";
    def.updated_at = now;
    Ok(def)
}

/// Whether archiving `def` is refused, and why: HubSpot's own properties, and a custom
/// object's display or required properties, cannot go.
pub(crate) fn archive_refusal(ts: &TypeState, def: &PropertyDef) -> Option<String> {
    if def.hubspot_defined {
        return Some(format!(
            "Property {} is defined by HubSpot: you cannot archive it",
            def.name
        ));
    }
    let display = ts.def.primary_display_property.as_deref() == Some(def.name.as_str());
    let needed = ts.def.required_properties.contains(&def.name);
    (display || needed).then(|| {
        format!(
            "Property {} is the primary display property or a required property of {}: you cannot archive it",
            def.name, ts.def.name
        )
    })
}

/// A property in HubSpot's JSON shape.
pub(crate) fn render(p: &PropertyDef) -> Value {
    let options: Vec<Value> = p
        .options
        .iter()
        .map(|o| {
            json!({
                "label": o.label,
                "value": o.value,
                "displayOrder": o.display_order,
                "hidden": o.hidden,
            })
        })
        .collect();
    let mut out = json!({
        "name": p.name,
        "label": p.label,
        "type": p.kind.as_str(),
        "fieldType": p.field_type,
        "groupName": p.group_name,
        "description": p.description,
        "options": options,
        "displayOrder": p.display_order,
        "hasUniqueValue": p.has_unique_value,
        "hidden": false,
        "formField": !p.read_only,
        "calculated": false,
        "externalOptions": false,
        "archived": p.archived,
        "modificationMetadata": {
            "archivable": !p.hubspot_defined,
            "readOnlyDefinition": p.hubspot_defined && p.read_only,
            "readOnlyValue": p.read_only,
        },
    });
    if p.hubspot_defined {
        out["hubspotDefined"] = json!(true);
    }
    // HubSpot's built-in definitions carry no creation time in the tables.
    if p.created_at > 0 {
        out["createdAt"] = json!(format_datetime(p.created_at));
    }
    if p.updated_at > 0 {
        out["updatedAt"] = json!(format_datetime(p.updated_at));
    }
    out
}
