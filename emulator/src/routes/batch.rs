//! The batch endpoint families (`batch/read|create|update|upsert|archive`) and the two
//! record-level operations that sit beside them: merge and GDPR delete.
//!
//! This file holds what every batch shares: the `inputs` list and its limit, the result
//! envelope with its 207 variant, and the read and archive handlers. Writes live in `write`,
//! merge and GDPR delete in `merge`.

mod merge;
mod write;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use axum::response::Response;
use hubspot_crm_schema::Capability;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use super::objects::archive_one;
use super::{batch_limit, batch_response, no_content, require, Handler};
use crate::error::{ApiError, ApiResult};
use crate::http::Req;
use crate::records::{self, ReadOptions};
use crate::state::TypeState;
use crate::values::now_ms;
use crate::Shared;

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "objects_batch_read" => read,
        "objects_batch_create" => write::create,
        "objects_batch_update" => write::update,
        "objects_batch_upsert" => write::upsert,
        "objects_batch_archive" => archive,
        "objects_merge" => merge::merge,
        "objects_gdpr_delete" => merge::gdpr_delete,
        _ => return None,
    })
}

/// The `inputs` of a batch body as `T`s: present, not empty, within the endpoint's limit.
/// The count is checked before the items are parsed, so an oversized batch is refused for its
/// size whatever its items hold.
fn parse_inputs<T: DeserializeOwned>(
    shared: &Shared,
    endpoint: &str,
    inputs: Option<Vec<Value>>,
) -> ApiResult<Vec<T>> {
    let limit = batch_limit(shared, endpoint);
    let inputs = inputs.unwrap_or_default();
    if inputs.is_empty() {
        return Err(ApiError::validation(format!(
            "inputs: size must be between 1 and {limit}; the batch has no inputs"
        )));
    }
    if inputs.len() > limit {
        let mut e = ApiError::validation(format!(
            "inputs: size must be between 1 and {limit}; the batch has {} inputs (the limit is {limit})",
            inputs.len()
        ));
        e.context = Some(json!({ "limit": [limit.to_string()] }));
        return Err(e);
    }
    inputs
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value(v).map_err(|e| ApiError::bad_body(format!("inputs[{i}]: {e}")))
        })
        .collect()
}

/// A record ID or unique value as sent: HubSpot documents strings, clients also send numbers.
fn id_text(id: &Value) -> ApiResult<String> {
    match id {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(ApiError::bad_body(format!(
            "id must be a string, not {other}"
        ))),
    }
}

/// `batch` and every per-record capability the operation needs, else 405.
fn require_batch(ts: &TypeState, caps: &[(Capability, &str)]) -> ApiResult<()> {
    require(ts, Capability::Batch, "processed in batches")?;
    for (cap, action) in caps {
        require(ts, *cap, action)?;
    }
    Ok(())
}

/// One entry of a 207's `errors`.
fn batch_error(category: &str, message: String, context: Value) -> Value {
    json!({
        "status": "error",
        "category": category,
        "message": message,
        "context": context,
    })
}

/// `OBJECT_NOT_FOUND` entries for inputs naming no record: `(id, objectWriteTraceId)`.
/// Inputs without a trace ID share one entry listing their IDs, as HubSpot groups them;
/// an input with a trace ID gets its own entry carrying it, so the client can match it.
fn not_found_errors(
    ts: &TypeState,
    verb: &str,
    missing: &[(String, Option<String>)],
) -> Vec<Value> {
    let message = format!(
        "Could not {verb} some {} objects, they may be deleted or not exist. Check that ids are valid.",
        ts.def.singular.to_uppercase()
    );
    let mut out = Vec::new();
    let untraced: Vec<&str> = missing
        .iter()
        .filter(|(_, t)| t.is_none())
        .map(|(id, _)| id.as_str())
        .collect();
    if !untraced.is_empty() {
        out.push(batch_error(
            "OBJECT_NOT_FOUND",
            message.clone(),
            json!({ "ids": untraced }),
        ));
    }
    for (id, trace) in missing {
        if let Some(trace) = trace {
            out.push(batch_error(
                "OBJECT_NOT_FOUND",
                message.clone(),
                json!({ "ids": [id], "objectWriteTraceId": [trace] }),
            ));
        }
    }
    out
}

/// `{id}` of a batch read or archive.
#[derive(Debug, Deserialize)]
struct IdInput {
    id: Value,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReadBody {
    inputs: Option<Vec<Value>>,
    #[serde(default)]
    properties: Vec<String>,
    #[serde(default)]
    properties_with_history: Vec<String>,
    id_property: Option<String>,
}

/// Reads records by ID or unique value. IDs naming no record are listed in a 207's errors,
/// even when none was found; a record named twice is returned once.
fn read(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let started = now_ms();
    let body: ReadBody = req.json()?;
    let archived = req.query_bool("archived", false)?;
    let state = shared.read();
    let ts = state.type_state(req.param("objectType")?)?;
    require_batch(ts, &[(Capability::Read, "read")])?;
    let inputs: Vec<IdInput> = parse_inputs(shared, "objects_batch_read", body.inputs)?;
    let opts = ReadOptions {
        properties: (!body.properties.is_empty()).then_some(body.properties),
        with_history: body.properties_with_history,
        associations: Vec::new(),
    };
    let mut seen = BTreeSet::new();
    let mut results = Vec::new();
    let mut missing = Vec::new();
    for input in &inputs {
        let id = id_text(&input.id)?;
        match records::find_record(ts, &id, body.id_property.as_deref(), archived) {
            Ok(found) => {
                if seen.insert(found) {
                    if let Some(record) = ts.records.get(&found) {
                        results.push(records::render(&state, ts, record, &opts));
                    }
                }
            }
            Err(e) if e.status == StatusCode::NOT_FOUND => missing.push((id, None)),
            Err(e) => return Err(e),
        }
    }
    let errors = not_found_errors(ts, "get", &missing);
    batch_response(StatusCode::OK, started, results, errors)
}

#[derive(Debug, Deserialize)]
struct ArchiveBody {
    inputs: Option<Vec<Value>>,
}

/// Archives records by ID; IDs naming no live record are ignored, as the single archive does.
fn archive(shared: &Shared, req: &Req) -> ApiResult<Response> {
    let body: ArchiveBody = req.json()?;
    let mut state = shared.write();
    let ts = state.type_state(req.param("objectType")?)?;
    require_batch(ts, &[(Capability::Archive, "archived")])?;
    let name = ts.def.name.clone();
    let inputs: Vec<IdInput> = parse_inputs(shared, "objects_batch_archive", body.inputs)?;
    let mut ids = Vec::new();
    for input in &inputs {
        if let Ok(id) = id_text(&input.id)?.trim().parse::<u64>() {
            ids.push(id);
        }
    }
    for id in ids {
        archive_one(&mut state, &name, id);
    }
    no_content()
}
