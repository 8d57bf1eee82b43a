//! Property batches: read (207 with per-name errors), create (all or nothing), archive.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use super::defs::{self, PropertyInput};
use crate::error::{ApiError, ApiResult};
use crate::http::Req;
use crate::routes::{json, no_content};
use crate::values::{format_datetime, now_ms};
use crate::Shared;

/// The most inputs a batch takes.
const BATCH_LIMIT: usize = 100;

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

fn check_size(n: usize) -> ApiResult<()> {
    if n > BATCH_LIMIT {
        return Err(ApiError::validation(format!(
            "Too many inputs: {n}; a batch takes at most {BATCH_LIMIT}"
        )));
    }
    Ok(())
}

/// HubSpot's batch envelope, with the errors of a 207 when there are any.
fn envelope(started: i64, results: Vec<Value>, errors: Vec<Value>) -> Value {
    let now = format_datetime(now_ms());
    let mut body = json!({
        "status": "COMPLETE",
        "results": results,
        "startedAt": format_datetime(started),
        "completedAt": now,
    });
    if !errors.is_empty() {
        body["numErrors"] = json!(errors.len());
        body["errors"] = Value::Array(errors);
    }
    body
}

pub(super) fn read(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let started = now_ms();
    let input: NamesInput = req.json()?;
    check_size(input.inputs.len())?;
    let state = shared.read();
    let ts = state.type_state(req.param("objectType")?)?;
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
            None => errors.push(json!({
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "message": format!("Unable to find property {name}"),
                "context": { "name": [name] },
            })),
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::MULTI_STATUS
    };
    json(status, envelope(started, results, errors))
}

/// Creates every property or none: the first invalid input fails the whole batch.
pub(super) fn create(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let started = now_ms();
    let input: CreateInputs = req.json()?;
    check_size(input.inputs.len())?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param("objectType")?)?;
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
    json(StatusCode::CREATED, envelope(started, results, Vec::new()))
}

/// Archives custom properties; names the type does not have are skipped, as HubSpot's record
/// batch archive skips unknown IDs, but one HubSpot-defined property fails the whole batch.
pub(super) fn archive(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let input: NamesInput = req.json()?;
    check_size(input.inputs.len())?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param("objectType")?)?;
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
    no_content()
}
