//! The batch endpoint families (`batch/read|create|update|upsert|archive`) and the two
//! record-level operations that sit beside them: merge and GDPR delete.
//!
//! This file holds what every batch shares: parsing the `inputs` (whose count the router has
//! checked against the family's limit), the per-input errors of a 207, and the read and
//! archive handlers. Writes live in `write`, merge and GDPR delete in `merge`.

mod merge;
mod write;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use hubspot_crm_vocab::PathParam;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

pub(super) use self::merge::{gdpr_delete, merge};
pub(super) use self::write::{create, update, upsert};
use super::objects::archive_one;
use super::{batch_reply, Reply};
use crate::error::{batch_error, ApiError, ApiResult};
use crate::records::{self, ReadOptions};
use crate::request::Req;
use crate::state::TypeState;
use crate::values::now_ms;
use crate::Shared;

/// The `inputs` of a batch body as `T`s. The router has already checked that there are
/// between one and the family's limit.
fn parse_inputs<T: DeserializeOwned>(inputs: Vec<Value>) -> ApiResult<Vec<T>> {
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
            None,
        ));
    }
    for (id, trace) in missing {
        if let Some(trace) = trace {
            out.push(batch_error(
                "OBJECT_NOT_FOUND",
                message.clone(),
                json!({ "ids": [id], "objectWriteTraceId": [trace] }),
                None,
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
    inputs: Vec<Value>,
    #[serde(default)]
    properties: Vec<String>,
    #[serde(default)]
    properties_with_history: Vec<String>,
    id_property: Option<String>,
}

/// Reads records by ID or unique value. IDs naming no record are listed in a 207's errors,
/// even when none was found; a record named twice is returned once.
pub(super) fn read(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let body: ReadBody = req.json()?;
    let archived = req.query_bool("archived", false)?;
    let inputs: Vec<IdInput> = parse_inputs(body.inputs)?;
    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
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
    Ok(batch_reply(started, results, errors))
}

#[derive(Debug, Deserialize)]
struct ArchiveBody {
    inputs: Vec<Value>,
}

/// Archives records by ID; IDs naming no live record are ignored, as the single archive does.
pub(super) fn archive(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let body: ArchiveBody = req.json()?;
    let inputs: Vec<IdInput> = parse_inputs(body.inputs)?;
    let mut state = shared.write();
    let name = state
        .type_state(req.param(PathParam::ObjectType)?)?
        .def
        .name
        .clone();
    let mut ids = Vec::new();
    for input in &inputs {
        if let Ok(id) = id_text(&input.id)?.trim().parse::<u64>() {
            ids.push(id);
        }
    }
    for id in ids {
        archive_one(&mut state, &name, id);
    }
    Ok(Reply::Empty)
}
