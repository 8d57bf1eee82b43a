//! The imports API: start an import of CSV files (multipart: an `importRequest` JSON part
//! and `files` parts), list imports, read one, cancel one, and page through its row errors.
//!
//! The emulator imports synchronously while it answers the start request, which still
//! reports `STARTED` as HubSpot does; a later read shows `DONE` (or `FAILED` when every row
//! failed) with the counters. Only CSV is read; spreadsheets are refused with a 400.

mod csv;
mod plan;
mod rows;

use std::collections::BTreeMap;

use hubspot_crm_vocab::PathParam;
use serde_json::{json, Map, Value};

use super::{cursor, parse_cursor, query_limit, Reply};
use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::state::{Import, State};
use crate::values::{format_datetime, now_ms};
use crate::Shared;

/// States after which an import can no longer change.
const FINISHED: &[&str] = &["DONE", "FAILED", "CANCELED", "REVERTED"];

pub(super) fn start(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let mut state = shared.write();
    let plan = plan::build(&state, &req.parts)?;
    let id = state.next_import_id;
    state.next_import_id += 1;
    let started = now_ms();
    let outcome = rows::run(&mut state, &plan, id, started);
    let failed = outcome.total_rows > 0 && outcome.failed_rows == outcome.total_rows;
    let counts: BTreeMap<String, u64> = [
        ("TOTAL_ROWS", outcome.total_rows),
        ("CREATED_OBJECTS", outcome.created),
        ("UPDATED_OBJECTS", outcome.updated),
        ("ERRORS", outcome.errors.len() as u64),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let import = Import {
        id,
        name: plan.name,
        state: if failed { "FAILED" } else { "DONE" }.into(),
        request: plan.request,
        counts,
        errors: outcome.errors,
        created_at: started,
        updated_at: now_ms(),
    };
    // The answer describes the import as it starts: no counts yet.
    let mut body = render(&state, &import);
    body["state"] = json!("STARTED");
    body["updatedAt"] = json!(format_datetime(started));
    body["metadata"]["counters"] = json!({});
    state.imports.insert(id, import);
    Ok(Reply::Body(body))
}

/// An import in HubSpot's shape.
fn render(state: &State, import: &Import) -> Value {
    let mut type_ids: Vec<String> = Vec::new();
    let mappings = import.request["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["fileImportPage"]["columnMappings"].as_array())
        .flatten();
    for m in mappings {
        let id = m["columnObjectTypeId"]
            .as_str()
            .and_then(|key| state.type_state(key).ok())
            .map(|ts| ts.def.id_or_name().to_string());
        if let Some(id) = id {
            if !type_ids.contains(&id) {
                type_ids.push(id);
            }
        }
    }
    json!({
        "id": import.id.to_string(),
        "state": import.state,
        "importName": import.name,
        "createdAt": format_datetime(import.created_at),
        "updatedAt": format_datetime(import.updated_at),
        "optOutImport": false,
        "importSource": "API",
        "importRequestJson": import.request,
        "mappedObjectTypeIds": type_ids,
        "metadata": {
            "objectLists": [],
            "counters": import.counts,
            "fileIds": [],
        },
    })
}

/// `{results, paging?}`, with `next` naming where the following page starts.
fn page(results: Vec<Value>, next: Option<u64>) -> Value {
    let mut body = Map::new();
    body.insert("results".into(), Value::Array(results));
    if let Some(next) = next {
        body.insert(
            "paging".into(),
            json!({ "next": { "after": cursor(next), "link": "" } }),
        );
    }
    Value::Object(body)
}

/// Newest first; the cursor is the ID of the next (older) import.
pub(super) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let limit = usize::try_from(query_limit(req)?).unwrap_or(usize::MAX);
    let after = parse_cursor(req.query("after"))?;
    let state = shared.read();
    let mut imports = state
        .imports
        .values()
        .rev()
        .filter(|i| after == 0 || i.id <= after);
    let results: Vec<Value> = imports
        .by_ref()
        .take(limit)
        .map(|i| render(&state, i))
        .collect();
    let next = imports.next().map(|i| i.id);
    Ok(Reply::Body(page(results, next)))
}

/// The import a path names; 404 for an unknown or malformed ID.
fn import_id(req: &Req) -> ApiResult<u64> {
    req.param(PathParam::ImportId)?
        .trim()
        .parse()
        .map_err(|_| ApiError::not_found())
}

pub(super) fn get(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let id = import_id(req)?;
    let state = shared.read();
    let import = state.imports.get(&id).ok_or_else(ApiError::not_found)?;
    Ok(Reply::Body(render(&state, import)))
}

pub(super) fn cancel(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let id = import_id(req)?;
    let mut state = shared.write();
    let import = state.imports.get_mut(&id).ok_or_else(ApiError::not_found)?;
    if FINISHED.contains(&import.state.as_str()) {
        return Err(ApiError::validation(format!(
            "Import {id} cannot be canceled: it has already finished with state {}",
            import.state
        )));
    }
    let requested = now_ms();
    import.state = "CANCELED".into();
    import.updated_at = requested;
    Ok(Reply::Body(json!({
        "status": "COMPLETE",
        "requestedAt": format_datetime(requested),
        "startedAt": format_datetime(requested),
        "completedAt": format_datetime(now_ms()),
    })))
}

/// A page of an import's row errors, in the order the rows were read; the cursor is the
/// position of the next error.
pub(super) fn errors(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let id = import_id(req)?;
    let limit = usize::try_from(query_limit(req)?).unwrap_or(usize::MAX);
    let after = parse_cursor(req.query("after"))?;
    let state = shared.read();
    let import = state.imports.get(&id).ok_or_else(ApiError::not_found)?;
    let start = usize::try_from(after).unwrap_or(usize::MAX);
    let results: Vec<Value> = import
        .errors
        .iter()
        .skip(start)
        .take(limit)
        .cloned()
        .collect();
    let end = start.saturating_add(results.len());
    let next = (end < import.errors.len()).then_some(end as u64);
    Ok(Reply::Body(page(results, next)))
}
