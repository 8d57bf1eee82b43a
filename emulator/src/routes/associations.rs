//! Associations v4, one record at a time: list a record's associations to a type, link two
//! records with the default type or with given types (labels), and unlink them. The batch
//! and label families live in the submodules; the association core is `crate::links`.
//!
//! Object types in paths may be type IDs (`0-1`) or names; responses report types as HubSpot
//! does (`ObjectType::id_or_name`), and record IDs in `fromObjectId`/`toObjectId` as the
//! request's version describes them ([`object_id`]).

pub(super) mod batch;
pub(super) mod definitions;
pub(super) mod labels;
pub(super) mod usage;

use hubspot_crm_endpoints::ApiVersion;
use hubspot_crm_vocab::PathParam;
use serde_json::{json, Map, Value};

use super::objects::TypeInput;
use super::{batch_reply, cursor, parse_cursor, query_limit, Reply};
use crate::error::{ApiError, ApiResult};
use crate::links;
use crate::request::Req;
use crate::state::{AssociationCategory, State};
use crate::values::now_ms;
use crate::Shared;

/// The stored names of the request's `objectType` and `toObjectType`: 400 for an unknown type
/// or a pair HubSpot does not associate (products, users).
fn pair(state: &State, req: &Req) -> ApiResult<(String, String)> {
    let from = state
        .type_state(req.param(PathParam::ObjectType)?)?
        .def
        .name
        .clone();
    let to = state
        .type_state(req.param(PathParam::ToObjectType)?)?
        .def
        .name
        .clone();
    links::require_pair(state, &from, &to)?;
    Ok((from, to))
}

/// A record ID as a body gives it: a whole number, as a string or a JSON number.
fn id_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Whether a live (not archived) record of type `ty` has ID `id`.
fn is_live(state: &State, ty: &str, id: u64) -> bool {
    state
        .types
        .get(ty)
        .and_then(|ts| ts.records.get(&id))
        .is_some_and(|r| !r.archived)
}

/// The live record a path placeholder names, or 404.
fn live_record(state: &State, req: &Req, param: PathParam, ty: &str) -> ApiResult<u64> {
    req.param(param)?
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|id| is_live(state, ty, *id))
        .ok_or_else(ApiError::not_found)
}

/// The `objectTypeId` HubSpot reports for a stored type name.
fn type_id_of(state: &State, ty: &str) -> String {
    state
        .types
        .get(ty)
        .map_or(ty.to_string(), |ts| ts.def.id_or_name().to_string())
}

/// The singular name of a stored type (for messages).
fn singular(state: &State, ty: &str) -> String {
    state
        .types
        .get(ty)
        .map_or(ty.to_string(), |ts| ts.def.singular.clone())
}

/// `{category, typeId, label?}`: HubSpot describes `label` as a string that is not required,
/// so an unlabelled type has no `label` field (rather than a null one).
fn type_json(
    state: &State,
    from: &str,
    to: &str,
    (category, type_id): (AssociationCategory, u32),
) -> Value {
    let mut out = json!({"category": category, "typeId": type_id});
    if let Some(label) = links::label_of(state, from, to, category, type_id) {
        out["label"] = json!(label);
    }
    out
}

/// Types given in a body, checked against the pair (400 for an empty list or a type the pair
/// does not have). HubSpot keeps the unlabelled default type beside every label, so it is
/// added.
fn checked_types(
    state: &State,
    from: &str,
    to: &str,
    input: &[TypeInput],
) -> ApiResult<Vec<(AssociationCategory, u32)>> {
    if input.is_empty() {
        return Err(ApiError::validation(
            "at least one association type (associationCategory, associationTypeId) is required",
        ));
    }
    let mut types = vec![links::default_type(state, from, to)?];
    for t in input {
        let spec = (t.association_category, t.association_type_id);
        if !links::is_valid_type(state, from, to, spec.0, spec.1) {
            return Err(ApiError::validation(format!(
                "association type ID {} ({:?}) is not valid for associations from {from} to {to}",
                spec.1, spec.0
            )));
        }
        if !types.contains(&spec) {
            types.push(spec);
        }
    }
    Ok(types)
}

/// A record ID in `fromObjectId` or `toObjectId` of an association answer in `version`:
/// HubSpot's description of legacy v4 types them as integers, its descriptions of the date
/// versions as strings. (`from.id` and `to.id` of batch answers are strings in every version.)
fn object_id(version: ApiVersion, id: u64) -> Value {
    match version {
        ApiVersion::Legacy => json!(id),
        _ => json!(id.to_string()),
    }
}

/// `{fromObjectTypeId, fromObjectId, toObjectTypeId, toObjectId, labels}`: the labels now
/// linking two records, IDs spelled as `version` describes them.
fn pair_result(
    state: &State,
    version: ApiVersion,
    (from, from_id): (&str, u64),
    (to, to_id): (&str, u64),
) -> Value {
    let labels: Vec<String> = links::links_of(state, from, from_id, to)
        .into_iter()
        .filter(|(id, _)| *id == to_id)
        .flat_map(|(_, types)| types)
        .filter_map(|(c, t)| links::label_of(state, from, to, c, t))
        .collect();
    json!({
        "fromObjectTypeId": type_id_of(state, from),
        "fromObjectId": object_id(version, from_id),
        "toObjectTypeId": type_id_of(state, to),
        "toObjectId": object_id(version, to_id),
        "labels": labels,
    })
}

/// The default link's results, one per direction:
/// `{from: {id}, to: {id}, associationSpec: {associationCategory, associationTypeId}}`.
fn default_results(state: &State, from: &str, from_id: u64, to: &str, to_id: u64) -> Vec<Value> {
    let spec = |(c, t): (AssociationCategory, u32)| json!({"associationCategory": c, "associationTypeId": t});
    let mut out = Vec::new();
    if let Ok(forward) = links::default_type(state, from, to) {
        out.push(json!({
            "from": {"id": from_id.to_string()},
            "to": {"id": to_id.to_string()},
            "associationSpec": spec(forward),
        }));
        if let Some(back) = links::inverse(state, from, to, forward.0, forward.1) {
            out.push(json!({
                "from": {"id": to_id.to_string()},
                "to": {"id": from_id.to_string()},
                "associationSpec": spec(back),
            }));
        }
    }
    out
}

/// One page of a record's associations to `to`, from position `after`:
/// `[{toObjectId, associationTypes}]` (IDs spelled as `version` describes them) and the
/// cursor of the next page, if any.
fn page(
    state: &State,
    version: ApiVersion,
    from: &str,
    from_id: u64,
    to: &str,
    after: u64,
    limit: u64,
) -> (Vec<Value>, Option<String>) {
    let mut links = links::links_of(state, from, from_id, to)
        .into_iter()
        .filter(|(id, _)| *id >= after)
        .peekable();
    let mut results = Vec::new();
    while results.len() < limit as usize {
        let Some((to_id, types)) = links.next() else {
            break;
        };
        let types: Vec<Value> = types
            .into_iter()
            .map(|t| type_json(state, from, to, t))
            .collect();
        results.push(json!({"toObjectId": object_id(version, to_id), "associationTypes": types}));
    }
    let next = links.peek().map(|(id, _)| cursor(*id));
    (results, next)
}

/// `{next: {after, link}}`.
fn paging(after: &str) -> Value {
    json!({"next": {"after": after, "link": ""}})
}

/// GET `.../associations/{toObjectType}?after&limit`.
pub(super) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let (from, to) = pair(&state, req)?;
    let from_id = live_record(&state, req, PathParam::ObjectId, &from)?;
    let limit = query_limit(req)?;
    let after = parse_cursor(req.query("after"))?;
    let (results, next) = page(&state, req.version, &from, from_id, &to, after, limit);
    let mut body = Map::new();
    body.insert("results".into(), Value::Array(results));
    if let Some(next) = next {
        body.insert("paging".into(), paging(&next));
    }
    Ok(Reply::Body(Value::Object(body)))
}

/// PUT `.../associations/default/{toObjectType}/{toObjectId}`: links both ways with the
/// pair's default types (even those HubSpot does not list, which the emulator synthesises).
pub(super) fn create_default(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let from_id = live_record(&state, req, PathParam::ObjectId, &from)?;
    let to_id = live_record(&state, req, PathParam::ToObjectId, &to)?;
    let default = links::default_type(&state, &from, &to)?;
    links::link(&mut state, &from, from_id, &to, to_id, &[default])?;
    let results = default_results(&state, &from, from_id, &to, to_id);
    Ok(batch_reply(started, results, Vec::new()))
}

/// PUT `.../associations/{toObjectType}/{toObjectId}` with `[{associationCategory,
/// associationTypeId}]`: adds those types (and their inverses back).
pub(super) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: Vec<TypeInput> = req.json()?;
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let types = checked_types(&state, &from, &to, &input)?;
    let from_id = live_record(&state, req, PathParam::ObjectId, &from)?;
    let to_id = live_record(&state, req, PathParam::ToObjectId, &to)?;
    links::link(&mut state, &from, from_id, &to, to_id, &types)?;
    let result = pair_result(&state, req.version, (&from, from_id), (&to, to_id));
    Ok(Reply::Body(result))
}

/// DELETE `.../associations/{toObjectType}/{toObjectId}`: removes every type both ways; a
/// missing link is fine.
pub(super) fn remove(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let from_id = live_record(&state, req, PathParam::ObjectId, &from)?;
    let to_id = live_record(&state, req, PathParam::ToObjectId, &to)?;
    links::unlink(&mut state, &from, from_id, &to, to_id);
    Ok(Reply::Empty)
}
