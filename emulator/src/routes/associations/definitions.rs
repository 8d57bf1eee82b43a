//! Association definitions: a pair's types as the v3 API names them
//! (`/crm/v3/associations/{objectType}/{toObjectType}/types`), and the limits an account sets on
//! them (`.../definitions/configurations`): list every limit, list a pair's types with theirs,
//! and create, update or remove (purge) limits in bulk. The limits are enforced whenever
//! records are linked (`crate::association_limits`).
//!
//! A limit is a whole number from 1 up. A label's limit may not exceed the limit on the pair's
//! unlabelled type (the object limit), and an object limit may not fall below a label's
//! (HubSpot's rule for custom limits); inputs breaking it, creating a limit a type already
//! has, or updating one it lacks fail one by one (207). A malformed body, a type the pair does
//! not have, a limit below 1 or a type given twice fail the whole request.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::pair;
use crate::association_limits::AssociationLimits;
use crate::error::{ApiError, ApiResult};
use crate::links;
use crate::request::Req;
use crate::routes::{batch_reply, Reply};
use crate::state::{AssociationCategory, State};
use crate::values::now_ms;
use crate::Shared;

/// `{inputs: [...]}`.
#[derive(Debug, Deserialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

/// A limit to set: `{category, typeId, maxToObjectIds}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LimitInput {
    category: AssociationCategory,
    type_id: u32,
    max_to_object_ids: i64,
}

/// An association type: `{category, typeId}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpecInput {
    category: AssociationCategory,
    type_id: u32,
}

/// The body's inputs (the router has checked their number).
fn inputs<T: DeserializeOwned>(req: &Req) -> ApiResult<Vec<T>> {
    Ok(req.json::<Inputs<T>>()?.inputs)
}

/// Every type from `from` to `to`: HubSpot's (default, primary, labels), then the account's.
fn pair_types(state: &State, from: &str, to: &str) -> Vec<(AssociationCategory, u32)> {
    let mut types = Vec::new();
    if let Some(a) = state
        .types
        .get(from)
        .and_then(|ts| ts.def.associations.get(to))
    {
        types.push((AssociationCategory::HubspotDefined, a.default_type_id));
        types.extend(
            a.primary_type_id
                .map(|id| (AssociationCategory::HubspotDefined, id)),
        );
        types.extend(
            a.labels
                .iter()
                .map(|(id, _)| (AssociationCategory::HubspotDefined, *id)),
        );
    }
    types.sort();
    types.dedup();
    let user = state.labels.get(&(from.to_string(), to.to_string()));
    types.extend(
        user.into_iter()
            .flatten()
            .map(|l| (AssociationCategory::UserDefined, l.type_id)),
    );
    types
}

/// GET `/crm/v3/associations/{objectType}/{toObjectType}/types`: `{results: [{id, name}]}`,
/// HubSpot's types named as v3 names them (`contact_to_company_unlabeled`), the account's
/// labels by their internal names.
pub(crate) fn types(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let (from, to) = pair(&state, req)?;
    let results: Vec<Value> = pair_types(&state, &from, &to)
        .into_iter()
        .map(|(category, type_id)| {
            let user_name = state
                .labels
                .get(&(from.clone(), to.clone()))
                .and_then(|ls| ls.iter().find(|l| l.type_id == type_id))
                .filter(|_| category == AssociationCategory::UserDefined)
                .map(|l| l.name.clone());
            let name = user_name
                .unwrap_or_else(|| links::type_name(&state, &from, &to, category, type_id));
            json!({"id": type_id.to_string(), "name": name})
        })
        .collect();
    Ok(Reply::Body(json!({ "results": results })))
}

/// `{category, typeId, label?, userEnforcedMaxToObjectIds?}`: a type and the limit set on it.
fn limit_json(
    state: &State,
    limits: &AssociationLimits,
    (from, to): (&str, &str),
    (category, type_id): (AssociationCategory, u32),
    with_label: bool,
) -> Value {
    let mut out = Map::new();
    out.insert("category".into(), json!(category));
    out.insert("typeId".into(), json!(type_id));
    if with_label {
        if let Some(label) = links::label_of(state, from, to, category, type_id) {
            out.insert("label".into(), json!(label));
        }
    }
    if let Some(max) = limits.get(from, to, category, type_id) {
        out.insert("userEnforcedMaxToObjectIds".into(), json!(max));
    }
    Value::Object(out)
}

/// GET `.../definitions/configurations/all`: every type carrying a limit, across all pairs
/// (types deleted since, with their labels, are left out).
pub(crate) fn limits_all(shared: &Shared, _req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let results: Vec<Value> = state
        .association_limits
        .iter()
        .filter(|((from, to, c, t), _)| links::is_valid_type(&state, from, to, *c, *t))
        .map(|((from, to, c, t), _)| {
            limit_json(
                &state,
                &state.association_limits,
                (from, to),
                (*c, *t),
                true,
            )
        })
        .collect();
    Ok(Reply::Body(json!({ "results": results })))
}

/// GET `.../definitions/configurations/{objectType}/{toObjectType}`: every type of the pair,
/// with the limit set on it where there is one.
pub(crate) fn limits_list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let (from, to) = pair(&state, req)?;
    let results: Vec<Value> = pair_types(&state, &from, &to)
        .into_iter()
        .map(|t| limit_json(&state, &state.association_limits, (&from, &to), t, true))
        .collect();
    Ok(Reply::Body(json!({ "results": results })))
}

/// 400 unless (`category`, `type_id`) is a type from `from` to `to`.
fn check_type(
    state: &State,
    (from, to): (&str, &str),
    (category, type_id): (AssociationCategory, u32),
) -> ApiResult<()> {
    if links::is_valid_type(state, from, to, category, type_id) {
        return Ok(());
    }
    Err(ApiError::validation(format!(
        "association type {type_id} ({category}) is not a type from {from} to {to}"
    )))
}

/// 400 when a type is given twice.
fn check_distinct(specs: impl Iterator<Item = (AssociationCategory, u32)>) -> ApiResult<()> {
    let mut seen = BTreeSet::new();
    for (category, type_id) in specs {
        if !seen.insert((category, type_id)) {
            return Err(ApiError::validation(format!(
                "association type {type_id} ({category}) is given twice"
            )));
        }
    }
    Ok(())
}

/// The inputs of a create or update, checked as a whole: known types of the pair, each once,
/// limits of at least 1.
fn limit_inputs(state: &State, pair: (&str, &str), req: &Req) -> ApiResult<Vec<LimitInput>> {
    let inputs: Vec<LimitInput> = inputs(req)?;
    check_distinct(inputs.iter().map(|i| (i.category, i.type_id)))?;
    for (n, i) in inputs.iter().enumerate() {
        check_type(state, pair, (i.category, i.type_id))?;
        if i.max_to_object_ids < 1 || i.max_to_object_ids > i64::from(u32::MAX) {
            return Err(ApiError::validation(format!(
                "inputs[{n}].maxToObjectIds must be a whole number from 1 up, not {}",
                i.max_to_object_ids
            )));
        }
    }
    Ok(inputs)
}

/// A 207 entry for one input.
fn input_error((category, type_id): (AssociationCategory, u32), message: String) -> Value {
    json!({
        "status": "error",
        "category": "VALIDATION_ERROR",
        "message": message,
        "context": {"category": [category], "typeId": [type_id.to_string()]},
    })
}

/// Why `max` on (`category`, `type_id`) breaks the rule between a pair's label limits and its
/// object limit, given the limits as they stand in `limits`.
fn against_object_limit(
    limits: &AssociationLimits,
    (from, to): (&str, &str),
    default: (AssociationCategory, u32),
    (category, type_id): (AssociationCategory, u32),
    max: u32,
) -> Option<String> {
    if (category, type_id) == default {
        let highest = limits
            .iter()
            .filter(|((f, t, c, id), _)| f == from && t == to && (*c, *id) != default)
            .map(|(_, m)| m)
            .max()?;
        (max < highest).then(|| {
            format!(
                "the object limit ({max}) cannot be below a label's limit on the pair ({highest}); it must be at least {highest}"
            )
        })
    } else {
        let object = limits.get(from, to, default.0, default.1)?;
        (max > object).then(|| {
            format!(
                "a label's limit ({max}) cannot exceed the pair's object limit ({object}); it must be between 1 and {object}"
            )
        })
    }
}

/// Applies creates (`create` true) or updates of limits to a copy of the account's limits,
/// input by input; writes the copy and answers the batch.
fn write_limits(shared: &Shared, req: &Req, create: bool) -> ApiResult<Reply> {
    let started = now_ms();
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let inputs = limit_inputs(&state, (&from, &to), req)?;
    let default = links::default_type(&state, &from, &to)?;
    let mut limits = state.association_limits.clone();
    let mut done = Vec::new();
    let mut errors = Vec::new();
    for i in &inputs {
        let spec = (i.category, i.type_id);
        // Checked against u32 by `limit_inputs`.
        let max = u32::try_from(i.max_to_object_ids).unwrap_or(u32::MAX);
        let current = limits.get(&from, &to, spec.0, spec.1);
        let refused = match (create, current) {
            (true, Some(m)) => Some(format!(
                "association type {} already has a limit ({m}); update it instead",
                spec.1
            )),
            (false, None) => Some(format!(
                "association type {} has no limit to update; create one instead",
                spec.1
            )),
            _ => against_object_limit(&limits, (&from, &to), default, spec, max),
        };
        match refused {
            Some(message) => errors.push(input_error(spec, message)),
            None => {
                limits.set(&from, &to, spec.0, spec.1, max);
                done.push(spec);
            }
        }
    }
    state.association_limits = limits;
    let results = done
        .into_iter()
        .map(|spec| {
            limit_json(
                &state,
                &state.association_limits,
                (&from, &to),
                spec,
                create,
            )
        })
        .collect();
    Ok(batch_reply(started, results, errors))
}

/// POST `.../batch/create`: sets limits on types that have none.
pub(crate) fn limits_create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    write_limits(shared, req, true)
}

/// POST `.../batch/update`: changes limits types have.
pub(crate) fn limits_update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    write_limits(shared, req, false)
}

/// POST `.../batch/purge`: removes the limits of the given types; a type without one is
/// skipped. 204.
pub(crate) fn limits_purge(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let specs: Vec<SpecInput> = inputs(req)?;
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    for s in &specs {
        check_type(&state, (&from, &to), (s.category, s.type_id))?;
    }
    for s in &specs {
        state
            .association_limits
            .remove(&from, &to, s.category, s.type_id);
    }
    // v4 answers 204 (the body is dropped); the date versions answer 200 with an empty batch.
    Ok(batch_reply(started, Vec::new(), Vec::new()))
}
