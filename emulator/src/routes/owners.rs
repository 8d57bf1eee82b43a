//! The owners API (read-only): the account's owners, a page at a time or one by owner or
//! user ID.

use hubspot_crm_vocab::PathParam::OwnerId;
use serde_json::{json, Map, Value};

use super::{cursor, parse_cursor, query_limit, Reply};
use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::Shared;

/// Owners, active ones unless `archived=true`, only the one with `email` when given (ASCII
/// case-insensitive), paged by position.
pub(super) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let limit = query_limit(req)? as usize;
    let after = parse_cursor(req.query("after"))? as usize;
    let archived = req.query_bool("archived", false)?;
    let email = req.query("email").map(str::trim).filter(|e| !e.is_empty());
    let state = shared.read();
    let matching: Vec<_> = state
        .owners
        .iter()
        .filter(|o| o.archived == archived)
        .filter(|o| email.is_none_or(|e| o.email.eq_ignore_ascii_case(e)))
        .collect();
    let results: Vec<Value> = matching
        .iter()
        .skip(after)
        .take(limit)
        .map(|o| o.render())
        .collect();
    let mut body = Map::new();
    body.insert("results".into(), Value::Array(results));
    let next = after.saturating_add(limit);
    if next < matching.len() {
        body.insert(
            "paging".into(),
            json!({ "next": { "after": cursor(next as u64), "link": "" } }),
        );
    }
    Ok(Reply::Body(Value::Object(body)))
}

/// One owner by owner ID, or by user ID with `idProperty=userId`; archived ones only with
/// `archived=true`.
pub(super) fn get(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let id = req.param(OwnerId)?;
    let archived = req.query_bool("archived", false)?;
    let by_user = match req.query("idProperty").unwrap_or("id") {
        "id" => false,
        "userId" => true,
        other => {
            return Err(ApiError::validation(format!(
                "idProperty must be id or userId, not {other}"
            )))
        }
    };
    let state = shared.read();
    state
        .owners
        .iter()
        .filter(|o| o.archived == archived)
        .find(|o| {
            if by_user {
                o.user_id.to_string() == id
            } else {
                o.id == id
            }
        })
        .map(|o| Reply::Body(o.render()))
        .ok_or_else(ApiError::not_found)
}
