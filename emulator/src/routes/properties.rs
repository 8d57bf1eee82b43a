//! The properties API, `/crm/v3/properties/{objectType}`: an object type's property
//! definitions (list, create, read, change, archive, and the batch forms) and property groups.
//!
//! Definitions live in `TypeState.properties`, which record writes validate against, so a
//! property created here can be written at once, and an archived one no longer can.

pub(super) mod batch;
pub(super) mod defs;
pub(super) mod groups;

use hubspot_crm_vocab::PathParam;
use serde_json::{json, Value};

use super::Reply;
use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::values::now_ms;
use crate::Shared;
use defs::{PropertyInput, PropertyUpdate};

/// `archived=true` lists only archived definitions, as HubSpot does; the default only live ones.
pub(super) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let archived = req.query_bool("archived", false)?;
    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let results: Vec<Value> = ts
        .properties
        .values()
        .filter(|p| p.archived == archived)
        .map(defs::render)
        .collect();
    Ok(Reply::Body(json!({ "results": results })))
}

pub(super) fn get(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let archived = req.query_bool("archived", false)?;
    let name = req.param(PathParam::PropertyName)?;
    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let def = ts
        .properties
        .get(name)
        .filter(|p| p.archived == archived)
        .ok_or_else(|| defs::not_found(name))?;
    Ok(Reply::Body(defs::render(def)))
}

pub(super) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: PropertyInput = req.json()?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(PathParam::ObjectType)?)?;
    let def = defs::new_property_for(ts, &input, now_ms())?;
    let body = defs::render(&def);
    ts.properties.insert(def.name.clone(), def);
    // A new or changed unique property joins the index.
    ts.rebuild_unique_index();
    Ok(Reply::Body(body))
}

pub(super) fn update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: PropertyUpdate = req.json()?;
    let name = req.param(PathParam::PropertyName)?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(PathParam::ObjectType)?)?;
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
    Ok(Reply::Body(body))
}

/// Archives a custom property. Its values stay on the records (HubSpot keeps them for a
/// restore) but it can no longer be written or read.
pub(super) fn archive(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let name = req.param(PathParam::PropertyName)?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(PathParam::ObjectType)?)?;
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
    Ok(Reply::Empty)
}
