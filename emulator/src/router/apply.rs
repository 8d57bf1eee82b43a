//! What the endpoint table states about a family, applied around its handler: the rate
//! budget it spends, the capabilities its object type must allow, how many `inputs` a batch
//! may carry, and the status of a success in the request's version.

use std::time::Instant;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hubspot_crm_vocab::{PathParam, RateClass};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::json;

use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::routes::Reply;
use crate::Shared;

/// Counts the request against the budgets of its rate class, or HubSpot's 429.
pub(super) fn rate_limit(shared: &Shared, class: RateClass) -> ApiResult<()> {
    shared
        .limiter
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .admit(Instant::now(), class)
        .into_result()
}

/// 405 unless the object type named by the `objectType` placeholder allows every capability
/// the family needs; HubSpot's 400 for an unknown type.
///
/// This takes the state lock apart from the handler's: a type's capabilities never change
/// once it exists, and a type archived in between is refused by the handler's own lookup.
pub(super) fn capabilities(shared: &Shared, req: &Req) -> ApiResult<()> {
    let needed = req.family.spec().capabilities;
    if needed.is_empty() {
        return Ok(());
    }
    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    match needed.iter().find(|cap| !ts.def.allows(**cap)) {
        None => Ok(()),
        Some(cap) => Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "VALIDATION_ERROR",
            format!(
                "{} cannot be {} through the API",
                ts.def.label_plural,
                cap.done()
            ),
        )),
    }
}

/// A batch body's `inputs`, counted without being parsed.
#[derive(Deserialize)]
struct Inputs {
    inputs: Option<Vec<IgnoredAny>>,
}

/// For a batch family, 400 unless the body carries 1 to `batch_limit` inputs. Checked
/// before the handler parses them, so an oversized batch is refused for its size whatever
/// its items hold.
pub(super) fn batch_size(req: &Req) -> ApiResult<()> {
    let Some(limit) = req.family.spec().batch_limit else {
        return Ok(());
    };
    let count = req.json::<Inputs>()?.inputs.map_or(0, |i| i.len());
    if count == 0 {
        return Err(ApiError::validation(format!(
            "inputs: size must be between 1 and {limit}; the batch has no inputs"
        )));
    }
    if count > limit as usize {
        let mut e = ApiError::validation(format!(
            "inputs: size must be between 1 and {limit}; the batch has {count} inputs (the limit is {limit})"
        ));
        e.context = Some(json!({ "limit": [limit.to_string()] }));
        return Err(e);
    }
    Ok(())
}

/// A handler's reply as HubSpot sends it: `status`, the family's success status in the
/// request's version (207 for a batch in which some inputs failed), with the body if there
/// is one. A 204 has no body: a handler whose family answers 204 in one version and 200
/// with a body in another builds the body, and it is dropped where the table says 204.
pub(super) fn respond(status: u16, reply: Reply) -> Response {
    // The table's statuses are validated when it loads; a 500 would show one slipped through.
    let ok = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match reply {
        Reply::Partial(body) => (StatusCode::MULTI_STATUS, axum::Json(body)).into_response(),
        Reply::Body(_) | Reply::Empty if ok == StatusCode::NO_CONTENT => ok.into_response(),
        Reply::Body(body) => (ok, axum::Json(body)).into_response(),
        Reply::Empty => ok.into_response(),
    }
}
