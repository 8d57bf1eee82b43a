//! The high-usage report, `/crm/v4/associations/usage/high-usage-report/{userId}`: HubSpot
//! queues a report of the records at or near their association limits and emails it to the
//! user. The emulator computes it at once from the associations as they are and keeps it in
//! the state (`State::association_reports`), where tests read it; the answer is HubSpot's:
//! the user's email and when the report was queued.

use axum::http::StatusCode;
use hubspot_crm_vocab::PathParam;
use serde_json::json;

use crate::association_limits::{high_usage, UsageReport};
use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::routes::Reply;
use crate::values::now_ms;
use crate::Shared;

/// POST: `{userEmail, userId, enqueueTime: {value, dateOnly, timeZoneShift}}` for an active
/// user (an owner's `userId`); 404 for a user the account does not have or has deactivated.
pub(crate) fn high_usage_report(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let raw = req.param(PathParam::UserId)?;
    let user_id: u64 = raw
        .trim()
        .parse()
        .map_err(|_| ApiError::validation(format!("userId: {raw} is not a user ID")))?;
    let mut state = shared.write();
    let email = state
        .owners
        .iter()
        .find(|o| o.user_id == user_id && !o.archived)
        .map(|o| o.email.clone())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "OBJECT_NOT_FOUND",
                format!("No active user with ID {user_id}"),
            )
        })?;
    let now = now_ms();
    let rows = high_usage(&state);
    state.association_reports.push(UsageReport {
        user_id,
        user_email: email.clone(),
        enqueued_at: now,
        rows,
    });
    Ok(Reply::Body(json!({
        "userEmail": email,
        "userId": user_id,
        "enqueueTime": {"value": now, "dateOnly": false, "timeZoneShift": 0},
    })))
}
