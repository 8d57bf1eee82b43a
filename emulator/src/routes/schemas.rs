//! The schemas API (custom objects), `/crm-object-schemas/v3/schemas` and `/crm/v3/schemas`:
//! define, read, change and archive custom object types, and allow associations from them.
//!
//! A schema is an entry of `state.types` with `custom: true`; creating one makes the type
//! usable at once by the objects, batch, search, associations and properties APIs under its
//! `2-N` ID, its name and its fully qualified name. Standard objects can be read here too
//! (HubSpot serves their schemas), but are not listed and cannot be changed.

pub(super) mod batch;
mod build;
pub(super) mod definitions;
mod render;

use axum::http::StatusCode;
use hubspot_crm_vocab::PathParam;
use serde::Deserialize;
use serde_json::{json, Value};

use super::Reply;
use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::state::{State, TypeState};
use crate::values::now_ms;
use crate::Shared;
use build::{LabelsInput, SchemaInput};

fn not_found(key: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "OBJECT_NOT_FOUND",
        format!("Unable to find object schema {key}"),
    )
}

/// The stored name of the type `key` names (type ID, name or fully qualified name),
/// archived custom objects included.
fn find(state: &State, key: &str) -> Option<String> {
    state.resolve(key).or_else(|| {
        state
            .types
            .values()
            .find(|t| {
                let d = &t.def;
                d.type_id.as_deref() == Some(key)
                    || d.fully_qualified_name.as_deref() == Some(key)
                    || d.name.eq_ignore_ascii_case(key)
            })
            .map(|t| t.def.name.clone())
    })
}

/// The live type `key` names, or 404.
fn live<'a>(state: &'a State, key: &str) -> ApiResult<&'a TypeState> {
    find(state, key)
        .and_then(|name| state.types.get(&name))
        .filter(|t| !t.def.archived)
        .ok_or_else(|| not_found(key))
}

/// The live custom object `key` names: 404 if unknown, 400 for a standard object.
fn live_custom<'a>(state: &'a State, key: &str, action: &str) -> ApiResult<&'a TypeState> {
    let ts = live(state, key)?;
    if !ts.def.custom {
        return Err(ApiError::validation(format!(
            "{} is a standard object: its schema cannot be {action}",
            ts.def.name
        )));
    }
    Ok(ts)
}

/// Custom objects only, live by default, archived ones with `archived=true`.
pub(super) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let archived = req.query_bool("archived", false)?;
    let state = shared.read();
    let results: Vec<Value> = state
        .types
        .values()
        .filter(|t| t.def.custom && t.def.archived == archived)
        .map(|t| render::schema(&state, t))
        .collect();
    Ok(Reply::Body(json!({ "results": results })))
}

pub(super) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: SchemaInput = req.json()?;
    let mut state = shared.write();
    let planned = build::plan(&state, &shared.schema.shared, &input, now_ms())?;
    let name = build::insert(&mut state, planned);
    let ts = state.types.get(&name).ok_or_else(|| not_found(&name))?;
    Ok(Reply::Body(render::schema(&state, ts)))
}

pub(super) fn get(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let ts = live(&state, req.param(PathParam::ObjectType)?)?;
    Ok(Reply::Body(render::schema(&state, ts)))
}

/// The changes of a PATCH; absent fields stay as they are.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SchemaUpdate {
    labels: Option<LabelsInput>,
    primary_display_property: Option<String>,
    required_properties: Option<Vec<String>>,
    searchable_properties: Option<Vec<String>>,
    secondary_display_properties: Option<Vec<String>>,
    allows_sensitive_properties: Option<bool>,
}

pub(super) fn update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: SchemaUpdate = req.json()?;
    let mut state = shared.write();
    let ts = live_custom(&state, req.param(PathParam::ObjectType)?, "changed")?;
    let known = ts
        .properties
        .values()
        .filter(|p| !p.archived)
        .map(|p| p.name.clone())
        .collect();
    let mut def = ts.def.clone();
    if let Some(labels) = &input.labels {
        let merged = LabelsInput {
            singular: labels.singular.clone().or(Some(def.label_singular.clone())),
            plural: labels.plural.clone().or(Some(def.label_plural.clone())),
        };
        (def.label_singular, def.label_plural) = build::labels(&merged)?;
    }
    if let Some(primary) = &input.primary_display_property {
        build::check_refs(
            "primaryDisplayProperty",
            std::slice::from_ref(primary),
            &known,
        )?;
        def.primary_display_property = Some(primary.clone());
    }
    let lists = [
        (
            "requiredProperties",
            &input.required_properties,
            &mut def.required_properties,
        ),
        (
            "searchableProperties",
            &input.searchable_properties,
            &mut def.searchable_properties,
        ),
        (
            "secondaryDisplayProperties",
            &input.secondary_display_properties,
            &mut def.secondary_display_properties,
        ),
    ];
    for (field, given, target) in lists {
        if let Some(names) = given {
            build::check_refs(field, names, &known)?;
            *target = names.clone();
        }
    }
    if let Some(allows) = input.allows_sensitive_properties {
        def.allows_sensitive_properties = allows;
    }
    def.updated_at = now_ms();
    let name = def.name.clone();
    let ts = state.types.get_mut(&name).ok_or_else(|| not_found(&name))?;
    ts.def = def;
    let ts = state.types.get(&name).ok_or_else(|| not_found(&name))?;
    Ok(Reply::Body(render::schema(&state, ts)))
}

/// Archives a custom object that has no live records (HubSpot refuses otherwise); other
/// types stop offering associations to it. Archiving an archived schema changes nothing.
pub(super) fn archive(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let key = req.param(PathParam::ObjectType)?;
    let mut state = shared.write();
    let name = find(&state, key).ok_or_else(|| not_found(key))?;
    let ts = state.types.get(&name).ok_or_else(|| not_found(key))?;
    if !ts.def.custom {
        return Err(ApiError::validation(format!(
            "{name} is a standard object: its schema cannot be archived"
        )));
    }
    if ts.def.archived {
        return Ok(Reply::Empty);
    }
    let records = ts.records.values().filter(|r| !r.archived).count();
    if records > 0 {
        return Err(ApiError::validation(format!(
            "Object type {name} still has {records} records: archive them before archiving its schema"
        )));
    }
    let now = now_ms();
    if let Some(ts) = state.types.get_mut(&name) {
        ts.def.archived = true;
        ts.def.updated_at = now;
    }
    for (other, ts) in state.types.iter_mut() {
        if *other != name {
            ts.def.associations.remove(&name);
        }
    }
    Ok(Reply::Empty)
}

/// The body of an association definition create.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssociationInput {
    from_object_type_id: String,
    to_object_type_id: String,
    name: Option<String>,
}

/// Allows associations between the schema's object and another type, both ways; an existing
/// definition is returned as it is.
pub(super) fn create_association(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: AssociationInput = req.json()?;
    let mut state = shared.write();
    let this = live(&state, req.param(PathParam::ObjectType)?)?
        .def
        .name
        .clone();
    let from = state
        .resolve(&input.from_object_type_id)
        .ok_or_else(|| ApiError::unknown_object_type(&input.from_object_type_id))?;
    let to = state
        .resolve(&input.to_object_type_id)
        .ok_or_else(|| ApiError::unknown_object_type(&input.to_object_type_id))?;
    if from != this {
        return Err(ApiError::validation(format!(
            "fromObjectTypeId {} is not the object type of this schema ({})",
            input.from_object_type_id,
            render::type_id_of(&state, &this)
        )));
    }
    let id = build::allow_pair(&mut state, &from, &to);
    let name = input
        .name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| render::association_name(&state, &from, &to));
    let mut body = render::association(&state, &from, &to, id, &name);
    let now = crate::values::format_datetime(now_ms());
    body["createdAt"] = json!(now);
    body["updatedAt"] = json!(now);
    Ok(Reply::Body(body))
}
