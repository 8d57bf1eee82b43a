//! Property groups, `/crm/v3/properties/{objectType}/groups`: `{name, label, displayOrder,
//! archived}`. A group holding live properties cannot be archived.

use axum::http::StatusCode;
use hubspot_crm_vocab::PathParam;
use serde::Deserialize;
use serde_json::{json, Value};

use super::defs;
use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::routes::Reply;
use crate::state::{GroupDef, TypeState};
use crate::Shared;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupInput {
    name: Option<String>,
    label: Option<String>,
    display_order: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupUpdate {
    label: Option<String>,
    display_order: Option<i64>,
}

fn render(g: &GroupDef) -> Value {
    json!({
        "name": g.name,
        "label": g.label,
        "displayOrder": g.display_order,
        "archived": g.archived,
    })
}

fn not_found(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "OBJECT_NOT_FOUND",
        format!("Unable to find property group {name}"),
    )
}

fn live<'a>(ts: &'a TypeState, name: &str) -> ApiResult<&'a GroupDef> {
    ts.groups
        .get(name)
        .filter(|g| !g.archived)
        .ok_or_else(|| not_found(name))
}

pub(crate) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let results: Vec<Value> = ts
        .groups
        .values()
        .filter(|g| !g.archived)
        .map(render)
        .collect();
    Ok(Reply::Body(json!({ "results": results })))
}

pub(crate) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: GroupInput = req.json()?;
    let name = input
        .name
        .as_deref()
        .ok_or_else(|| ApiError::validation("Missing required field: name"))?;
    defs::check_name("Property group", name)?;
    let label = input
        .label
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .ok_or_else(|| ApiError::validation("Missing required field: label"))?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(PathParam::ObjectType)?)?;
    if ts.groups.contains_key(name) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            format!("Property group named '{name}' already exists."),
        ));
    }
    let group = GroupDef {
        name: name.to_string(),
        label: label.to_string(),
        display_order: input.display_order.unwrap_or(-1),
        archived: false,
    };
    let body = render(&group);
    ts.groups.insert(group.name.clone(), group);
    Ok(Reply::Body(body))
}

pub(crate) fn get(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    Ok(Reply::Body(render(live(
        ts,
        req.param(PathParam::GroupName)?,
    )?)))
}

pub(crate) fn update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: GroupUpdate = req.json()?;
    if input.label.as_deref().is_some_and(|l| l.trim().is_empty()) {
        return Err(ApiError::validation("label cannot be empty"));
    }
    let name = req.param(PathParam::GroupName)?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(PathParam::ObjectType)?)?;
    let mut group = live(ts, name)?.clone();
    if let Some(label) = input.label {
        group.label = label;
    }
    if let Some(order) = input.display_order {
        group.display_order = order;
    }
    let body = render(&group);
    ts.groups.insert(group.name.clone(), group);
    Ok(Reply::Body(body))
}

pub(crate) fn archive(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let name = req.param(PathParam::GroupName)?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(PathParam::ObjectType)?)?;
    live(ts, name)?;
    let held = ts
        .properties
        .values()
        .filter(|p| !p.archived && p.group_name == name)
        .count();
    if held > 0 {
        return Err(ApiError::validation(format!(
            "Property group {name} still holds {held} properties: move or archive them before archiving the group"
        )));
    }
    if let Some(group) = ts.groups.get_mut(name) {
        group.archived = true;
    }
    Ok(Reply::Empty)
}
