//! Handlers by endpoint family. `handler` maps every endpoint name of `schema/endpoints.yaml`
//! to its function; a test checks that none is missing.
//!
//! Handlers are synchronous: each takes the state lock once, validates everything, then
//! writes, so a request that fails changes nothing and a request is atomic.

mod associations;
mod batch;
mod imports;
mod objects;
mod properties;
mod schemas;
mod search;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::http::Req;
use crate::state::TypeState;
use crate::values::{format_datetime, now_ms};
use crate::Shared;
use hubspot_crm_schema::Capability;

/// A request handler.
pub(crate) type Handler = fn(&Shared, &Req) -> ApiResult<Response>;

/// The handler of the endpoint family `name`, if the emulator serves it.
pub(crate) fn handler(name: &str) -> Option<Handler> {
    objects::handler(name)
        .or_else(|| batch::handler(name))
        .or_else(|| search::handler(name))
        .or_else(|| associations::handler(name))
        .or_else(|| properties::handler(name))
        .or_else(|| schemas::handler(name))
        .or_else(|| imports::handler(name))
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, body: Value) -> ApiResult<Response> {
    Ok((status, axum::Json(body)).into_response())
}

/// 204 with no body.
pub(crate) fn no_content() -> ApiResult<Response> {
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// 405 unless the type allows `cap`.
pub(crate) fn require(ts: &TypeState, cap: Capability, action: &str) -> ApiResult<()> {
    if ts.def.allows(cap) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "VALIDATION_ERROR",
            format!("{} cannot be {action} through the API", ts.def.label_plural),
        ))
    }
}

/// The batch envelope `{status, results, startedAt, completedAt}`: `ok` when every input
/// succeeded, 207 with `numErrors` and `errors` otherwise.
pub(crate) fn batch_response(
    ok: StatusCode,
    started_at: i64,
    results: Vec<Value>,
    errors: Vec<Value>,
) -> ApiResult<Response> {
    let mut body = serde_json::Map::new();
    body.insert("status".into(), serde_json::json!("COMPLETE"));
    body.insert("results".into(), Value::Array(results));
    let status = if errors.is_empty() {
        ok
    } else {
        body.insert("numErrors".into(), serde_json::json!(errors.len()));
        body.insert("errors".into(), Value::Array(errors));
        StatusCode::MULTI_STATUS
    };
    body.insert(
        "startedAt".into(),
        serde_json::json!(format_datetime(started_at)),
    );
    body.insert(
        "completedAt".into(),
        serde_json::json!(format_datetime(now_ms())),
    );
    json(status, Value::Object(body))
}

/// Most inputs `endpoint` takes, from the endpoint table (100 if the table names none).
pub(crate) fn batch_limit(shared: &Shared, endpoint: &str) -> usize {
    shared
        .schema
        .endpoints
        .endpoints
        .iter()
        .find(|e| e.name == endpoint)
        .and_then(|e| e.batch_limit)
        .map_or(100, |n| n as usize)
}

/// An opaque paging cursor for a position.
pub(crate) fn cursor(position: u64) -> String {
    position.to_string()
}

/// The position an `after` cursor names (`None` or empty: the start).
pub(crate) fn parse_cursor(after: Option<&str>) -> ApiResult<u64> {
    match after.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(0),
        Some(a) => a
            .parse()
            .map_err(|_| ApiError::validation(format!("after: {a} is not a valid paging cursor"))),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_endpoint_family_has_a_handler() {
        let schema = crate::catalog::standard_schema().expect("tables");
        let missing: Vec<_> = schema
            .endpoints
            .endpoints
            .iter()
            .filter(|e| super::handler(&e.name).is_none())
            .map(|e| e.name.clone())
            .collect();
        assert!(missing.is_empty(), "no handler for {missing:?}");
    }
}
