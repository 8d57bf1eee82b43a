//! Handlers by endpoint family. `handler` names the function of every [`Family`]; the match
//! is exhaustive, so a family added to the table without a handler does not compile.
//!
//! Handlers compute bodies only: the router applies what the table states about a family
//! (rate class, capabilities, batch limit, success status) around them. They are
//! synchronous: each takes the state lock once, validates everything, then writes, so a
//! request that fails changes nothing and a request is atomic.

mod associations;
mod batch;
mod deal_splits;
mod imports;
mod objects;
mod owners;
mod pipelines;
mod properties;
mod schemas;
mod search;

use axum::http::StatusCode;
use hubspot_crm_endpoints::Family;
use hubspot_crm_vocab::PageLimits;
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::values::{format_datetime, now_ms};
use crate::Shared;

/// What a handler answers; the router sends it with the family's success status in the
/// request's version.
#[derive(Debug)]
pub(crate) enum Reply {
    /// The family's success status with this body (without it in a version answering 204).
    Body(Value),
    /// The family's success status (204 in the table) without a body.
    Empty,
    /// 207 Multi-Status: a batch in which some inputs failed.
    Partial(Value),
}

/// A request handler.
pub(crate) type Handler = fn(&Shared, &Req) -> ApiResult<Reply>;

/// The handler of `family`.
pub(crate) fn handler(family: Family) -> Handler {
    match family {
        Family::ObjectsList => objects::list,
        Family::ObjectsCreate => objects::create,
        Family::ObjectsGet => objects::get,
        Family::ObjectsUpdate => objects::update,
        Family::ObjectsArchive => objects::archive,
        Family::ObjectsBatchRead => batch::read,
        Family::ObjectsBatchCreate => batch::create,
        Family::ObjectsBatchUpdate => batch::update,
        Family::ObjectsBatchUpsert => batch::upsert,
        Family::ObjectsBatchArchive => batch::archive,
        Family::ObjectsSearch => search::search,
        Family::ObjectsMerge => batch::merge,
        Family::ObjectsGdprDelete => batch::gdpr_delete,
        Family::AssociationsList => associations::list,
        Family::AssociationsCreateDefault => associations::create_default,
        Family::AssociationsCreate => associations::create,
        Family::AssociationsRemove => associations::remove,
        Family::AssociationsBatchRead => associations::batch::read,
        Family::AssociationsBatchCreate => associations::batch::create,
        Family::AssociationsBatchCreateDefault => associations::batch::create_default,
        Family::AssociationsBatchArchive => associations::batch::archive,
        Family::AssociationsBatchArchiveLabels => associations::batch::archive_labels,
        Family::AssociationLabelsList => associations::labels::list,
        Family::AssociationLabelsCreate => associations::labels::create,
        Family::AssociationLabelsUpdate => associations::labels::update,
        Family::AssociationLabelsDelete => associations::labels::delete,
        Family::PropertiesList => properties::list,
        Family::PropertiesCreate => properties::create,
        Family::PropertiesGet => properties::get,
        Family::PropertiesUpdate => properties::update,
        Family::PropertiesArchive => properties::archive,
        Family::PropertiesBatchRead => properties::batch::read,
        Family::PropertiesBatchCreate => properties::batch::create,
        Family::PropertiesBatchArchive => properties::batch::archive,
        Family::PropertyGroupsList => properties::groups::list,
        Family::PropertyGroupsCreate => properties::groups::create,
        Family::PropertyGroupsGet => properties::groups::get,
        Family::PropertyGroupsUpdate => properties::groups::update,
        Family::PropertyGroupsArchive => properties::groups::archive,
        Family::SchemasList => schemas::list,
        Family::SchemasCreate => schemas::create,
        Family::SchemasGet => schemas::get,
        Family::SchemasUpdate => schemas::update,
        Family::SchemasArchive => schemas::archive,
        Family::SchemasCreateAssociation => schemas::create_association,
        Family::ImportsStart => imports::start,
        Family::ImportsList => imports::list,
        Family::ImportsGet => imports::get,
        Family::ImportsCancel => imports::cancel,
        Family::ImportsErrors => imports::errors,
        Family::PipelinesList => pipelines::list,
        Family::PipelinesCreate => pipelines::create,
        Family::PipelinesGet => pipelines::get,
        Family::PipelinesUpdate => pipelines::update,
        Family::PipelinesReplace => pipelines::replace,
        Family::PipelinesArchive => pipelines::archive,
        Family::PipelineStagesList => pipelines::stages::list,
        Family::PipelineStagesCreate => pipelines::stages::create,
        Family::PipelineStagesGet => pipelines::stages::get,
        Family::PipelineStagesUpdate => pipelines::stages::update,
        Family::PipelineStagesReplace => pipelines::stages::replace,
        Family::PipelineStagesArchive => pipelines::stages::archive,
        Family::PipelinesAudit => pipelines::audit,
        Family::PipelineStagesAudit => pipelines::stages::audit,
        Family::OwnersList => owners::list,
        Family::OwnersGet => owners::get,
        Family::AssociationTypesList => associations::definitions::types,
        Family::AssociationLimitsListAll => associations::definitions::limits_all,
        Family::AssociationLimitsList => associations::definitions::limits_list,
        Family::AssociationLimitsBatchCreate => associations::definitions::limits_create,
        Family::AssociationLimitsBatchUpdate => associations::definitions::limits_update,
        Family::AssociationLimitsBatchPurge => associations::definitions::limits_purge,
        Family::AssociationsHighUsageReport => associations::usage::high_usage_report,
        Family::SchemasBatchRead => schemas::batch::read,
        Family::SchemasDeleteAssociation => schemas::definitions::delete_association,
        Family::DealSplitsBatchRead => deal_splits::read,
        Family::DealSplitsBatchUpsert => deal_splits::upsert,
    }
}

/// The batch envelope `{status, results, startedAt, completedAt}`: the family's success
/// when every input succeeded, a 207 with `numErrors` and `errors` otherwise.
pub(crate) fn batch_reply(started_at: i64, results: Vec<Value>, errors: Vec<Value>) -> Reply {
    let mut body = serde_json::Map::new();
    body.insert("status".into(), serde_json::json!("COMPLETE"));
    body.insert("results".into(), Value::Array(results));
    let partial = !errors.is_empty();
    if partial {
        body.insert("numErrors".into(), serde_json::json!(errors.len()));
        body.insert("errors".into(), Value::Array(errors));
    }
    body.insert(
        "startedAt".into(),
        serde_json::json!(format_datetime(started_at)),
    );
    body.insert(
        "completedAt".into(),
        serde_json::json!(format_datetime(now_ms())),
    );
    if partial {
        Reply::Partial(Value::Object(body))
    } else {
        Reply::Body(Value::Object(body))
    }
}

/// A fact the family's handler needs and the table does not state. The loader refuses such
/// tables (paged families need page sizes, the search family its limits), so this answers
/// a broken build rather than a request.
pub(crate) fn unstated(family: Family, fact: &str) -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        format!("the endpoint table states no {fact} for {family}"),
    )
}

/// The page sizes of the request's family.
pub(crate) fn page_limits(req: &Req) -> ApiResult<PageLimits> {
    req.family
        .spec()
        .page_size
        .ok_or_else(|| unstated(req.family, "page_size"))
}

/// The `limit` query parameter: the family's default when absent, 400 outside 1 to its max.
pub(crate) fn query_limit(req: &Req) -> ApiResult<u64> {
    let PageLimits { max, default } = page_limits(req)?;
    let limit = req.query_u64("limit", default.into())?;
    if !(1..=u64::from(max)).contains(&limit) {
        return Err(ApiError::validation(format!(
            "limit must be between 1 and {max}, not {limit}"
        )));
    }
    Ok(limit)
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
