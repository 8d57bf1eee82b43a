//! Property batches: read (207 with per-name errors), create (all or nothing), archive.
//! The router has checked the number of inputs against the family's batch limit.

use std::collections::BTreeSet;

use hubspot_crm_vocab::PathParam;
use serde::Deserialize;
use serde_json::{json, Value};

use super::defs::{self, PropertyInput};
use crate::error::{batch_error, ApiError, ApiResult};
use crate::request::Req;
use crate::routes::{batch_reply, Reply};
use crate::values::now_ms;
use crate::Shared;

/// `{name}` of a batch read or archive.
#[derive(Debug, Deserialize)]
struct NameInput {
    name: String,
}

#[derive(Debug, Deserialize)]
struct NamesInput {
    inputs: Vec<NameInput>,
    #[serde(default)]
    archived: bool,
}

#[derive(Debug, Deserialize)]
struct CreateInputs {
    inputs: Vec<PropertyInput>,
}

pub(crate) fn read(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let input: NamesInput = req.json()?;
    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let mut results = Vec::new();
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for NameInput { name } in &input.inputs {
        if !seen.insert(name.as_str()) {
            continue;
        }
        match ts
            .properties
            .get(name)
            .filter(|p| p.archived == input.archived)
        {
            Some(def) => results.push(defs::render(def)),
            None => errors.push(batch_error(
                "OBJECT_NOT_FOUND",
                format!("Unable to find property {name}"),
                json!({ "name": [name] }),
                None,
            )),
        }
    }
    Ok(batch_reply(started, results, errors))
}

/// Creates every property or none: the first invalid input fails the whole batch.
pub(crate) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let input: CreateInputs = req.json()?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(PathParam::ObjectType)?)?;
    let now = now_ms();
    let mut planned = Vec::new();
    let mut names = BTreeSet::new();
    for (i, p) in input.inputs.iter().enumerate() {
        // Any failure, a taken name included, fails the batch with a 400 naming the input.
        let def = defs::new_property_for(ts, p, now).map_err(|e| {
            let mut out = ApiError::validation(format!("inputs[{i}]: {}", e.message));
            out.context = Some(json!({ "index": [i.to_string()] }));
            out
        })?;
        if !names.insert(def.name.clone()) {
            return Err(ApiError::validation(format!(
                "inputs[{i}]: property {} appears more than once in the batch",
                def.name
            )));
        }
        planned.push(def);
    }
    let results: Vec<Value> = planned.iter().map(defs::render).collect();
    for def in planned {
        ts.properties.insert(def.name.clone(), def);
        // A new or changed unique property joins the index.
        ts.rebuild_unique_index();
    }
    Ok(batch_reply(started, results, Vec::new()))
}

/// Archives custom properties; names the type does not have are skipped, as HubSpot's record
/// batch archive skips unknown IDs, but one HubSpot-defined property fails the whole batch.
pub(crate) fn archive(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: NamesInput = req.json()?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(PathParam::ObjectType)?)?;
    for NameInput { name } in &input.inputs {
        if let Some(def) = ts.properties.get(name) {
            if let Some(why) = defs::archive_refusal(ts, def) {
                return Err(ApiError::validation(why));
            }
        }
    }
    let now = now_ms();
    for NameInput { name } in &input.inputs {
        if let Some(def) = ts.properties.get_mut(name).filter(|p| !p.archived) {
            def.archived = true;
            def.updated_at = now;
        }
    }
    Ok(Reply::Empty)
}
