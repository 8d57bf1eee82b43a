//! The properties API, `/crm/v3/properties/{objectType}`: an object type's property
//! definitions (list, create, read, change, archive, and the batch forms) and property groups.
//!
//! Definitions live in `TypeState.properties`, which record writes validate against, so a
//! property created here can be written at once, and an archived one no longer can.

mod batch;
pub(super) mod defs;
mod groups;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::{json, no_content, Handler};
use crate::error::{ApiError, ApiResult};
use crate::http::Req;
use crate::values::now_ms;
use crate::Shared;
use defs::{PropertyInput, PropertyUpdate};

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "properties_list" => list,
        "properties_create" => create,
        "properties_get" => get,
        "properties_update" => update,
        "properties_archive" => archive,
        "properties_batch_read" => batch::read,
        "properties_batch_create" => batch::create,
        "properties_batch_archive" => batch::archive,
        "property_groups_list" => groups::list,
        "property_groups_create" => groups::create,
        "property_groups_get" => groups::get,
        "property_groups_update" => groups::update,
        "property_groups_archive" => groups::archive,
        _ => return None,
    })
}

/// `archived=true` lists only archived definitions, as HubSpot does; the default only live ones.
fn list(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let archived = req.query_bool("archived", false)?;
    let state = shared.read();
    let ts = state.type_state(req.param("objectType")?)?;
    let results: Vec<Value> = ts
        .properties
        .values()
        .filter(|p| p.archived == archived)
        .map(defs::render)
        .collect();
    json(StatusCode::OK, json!({ "results": results }))
}

fn get(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let archived = req.query_bool("archived", false)?;
    let name = req.param("propertyName")?;
    let state = shared.read();
    let ts = state.type_state(req.param("objectType")?)?;
    let def = ts
        .properties
        .get(name)
        .filter(|p| p.archived == archived)
        .ok_or_else(|| defs::not_found(name))?;
    json(StatusCode::OK, defs::render(def))
}

fn create(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let input: PropertyInput = req.json()?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param("objectType")?)?;
    let def = defs::new_property_for(ts, &input, now_ms())?;
    let body = defs::render(&def);
    ts.properties.insert(def.name.clone(), def);
    // A new or changed unique property joins the index.
    ts.rebuild_unique_index();
    json(StatusCode::CREATED, body)
}

fn update(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let input: PropertyUpdate = req.json()?;
    let name = req.param("propertyName")?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param("objectType")?)?;
    let old = ts
        .properties
        .get(name)
        .filter(|p| !p.archived)
        .ok_or_else(|| defs::not_found(name))?;
    let def = defs::updated_property(ts, old, &input, now_ms())?;
    let body = defs::render(&def);
    ts.properties.insert(def.name.clone(), def);
    // A new or changed unique property joins the index.
    ts.rebuild_unique_index();
    json(StatusCode::OK, body)
}

/// Archives a custom property. Its values stay on the records (HubSpot keeps them for a
/// restore) but it can no longer be written or read.
fn archive(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let name = req.param("propertyName")?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param("objectType")?)?;
    let def = ts
        .properties
        .get(name)
        .ok_or_else(|| defs::not_found(name))?;
    if let Some(why) = defs::archive_refusal(ts, def) {
        return Err(ApiError::validation(why));
    }
    let now = now_ms();
    if let Some(def) = ts.properties.get_mut(name) {
        if !def.archived {
            def.archived = true;
            def.updated_at = now;
        }
    }
    no_content()
}
