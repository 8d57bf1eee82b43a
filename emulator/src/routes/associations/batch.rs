//! Associations v4 in bulk, `/crm/v4/associations/{objectType}/{toObjectType}/batch/...`:
//! read, create (labelled), associate/default, archive and labels/archive.
//!
//! Inputs naming missing records fail one by one (207 with `errors`), as HubSpot's do; a
//! malformed body, a bad type or too many inputs (refused by the router, against the
//! family's batch limit) fail the whole request before anything is written.

use hubspot_crm_endpoints::Family;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    checked_types, default_results, id_of, is_live, page, paging, pair, pair_result, singular,
};
use crate::association_limits::{self, Planned, Rec};
use crate::error::{batch_error, ApiError, ApiResult};
use crate::links;
use crate::request::Req;
use crate::routes::objects::TypeInput;
use crate::routes::{batch_reply, parse_cursor, unstated, Reply};
use crate::state::{AssociationCategory, State};
use crate::values::now_ms;
use crate::Shared;

/// `{inputs: [...]}`.
#[derive(Debug, Deserialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

/// `{id}`.
#[derive(Debug, Deserialize)]
struct IdRef {
    id: Value,
}

/// A batch read input: `{id, after?}`.
#[derive(Debug, Deserialize)]
struct ReadInput {
    id: Value,
    #[serde(default)]
    after: Option<String>,
}

/// A batch create input: `{from: {id}, to: {id}, types: [...]}`.
#[derive(Debug, Deserialize)]
struct CreateInput {
    from: IdRef,
    to: IdRef,
    #[serde(default)]
    types: Vec<TypeInput>,
}

/// An associate/default input: `{from: {id}, to: {id}}`.
#[derive(Debug, Deserialize)]
struct DefaultInput {
    from: IdRef,
    to: IdRef,
}

/// An archive input: `{from: {id}, to: [{id}]}`.
#[derive(Debug, Deserialize)]
struct ArchiveInput {
    from: IdRef,
    #[serde(default)]
    to: Vec<IdRef>,
}

/// A labels/archive input: `{types, from: {id}, to: {id}}`.
#[derive(Debug, Deserialize)]
struct LabelsArchiveInput {
    from: IdRef,
    to: IdRef,
    #[serde(default)]
    types: Vec<TypeInput>,
}

/// The body's inputs (the router has checked their number).
fn inputs<T: DeserializeOwned>(req: &Req) -> ApiResult<Vec<T>> {
    Ok(req.json::<Inputs<T>>()?.inputs)
}

/// How many associations of one record a batch read returns at once: the family's page
/// (the table's `page_size` of a family paged per input; a request cannot choose it).
fn read_page_size() -> ApiResult<u64> {
    let family = Family::AssociationsBatchRead;
    family
        .spec()
        .page_size
        .map(|sizes| sizes.default.into())
        .ok_or_else(|| unstated(family, "page_size"))
}

/// The per-input error for a record that does not exist (or is archived).
fn missing(state: &State, ty: &str, id: &Value) -> Value {
    let id = match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    batch_error(
        "OBJECT_NOT_FOUND",
        format!("No {} with ID {id} exists.", singular(state, ty)),
        json!({"ids": [id], "objectType": [singular(state, ty)]}),
        None,
    )
}

/// Both records of an input, live, or the error for the first that is not.
fn live_pair(
    state: &State,
    (from, from_id): (&str, &Value),
    (to, to_id): (&str, &Value),
) -> Result<(u64, u64), Value> {
    let f = id_of(from_id)
        .filter(|id| is_live(state, from, *id))
        .ok_or_else(|| missing(state, from, from_id))?;
    let t = id_of(to_id)
        .filter(|id| is_live(state, to, *id))
        .ok_or_else(|| missing(state, to, to_id))?;
    Ok((f, t))
}

/// POST `.../batch/read`: each record's associations, a page each (`after` per input). A
/// record with none, or a missing one, is an error entry, as in HubSpot.
pub(crate) fn read(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let inputs: Vec<ReadInput> = inputs(req)?;
    let page_size = read_page_size()?;
    let state = shared.read();
    let (from, to) = pair(&state, req)?;
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for input in &inputs {
        let after = parse_cursor(input.after.as_deref())?;
        let from_id = id_of(&input.id).filter(|id| is_live(&state, &from, *id));
        let linked = from_id.filter(|id| !links::links_of(&state, &from, *id, &to).is_empty());
        let Some(from_id) = linked else {
            errors.push(no_associations(&state, &from, &to, &input.id));
            continue;
        };
        let (to_list, next) = page(&state, req.version, &from, from_id, &to, after, page_size);
        let mut result = json!({"from": {"id": from_id.to_string()}, "to": to_list});
        if let Some(next) = next {
            result["paging"] = paging(&next);
        }
        results.push(result);
    }
    Ok(batch_reply(started, results, errors))
}

/// HubSpot's error entry for a record without associations to the type (it says the same of
/// a record that does not exist), its sub-category `crm.associations.NO_ASSOCIATIONS_FOUND`
/// in the entry's detail ([`batch_error`]).
fn no_associations(state: &State, from: &str, to: &str, id: &Value) -> Value {
    let id = match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let (f, t) = (singular(state, from), singular(state, to));
    batch_error(
        "OBJECT_NOT_FOUND",
        format!("No {t} is associated with {f} {id}."),
        json!({"fromObjectId": [id], "fromObjectType": [f], "toObjectType": [t]}),
        Some("crm.associations.NO_ASSOCIATIONS_FOUND"),
    )
}

/// POST `.../batch/create`: labelled links, `LabelsBetweenObjectPair` results.
pub(crate) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let inputs: Vec<CreateInput> = inputs(req)?;
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let mut planned = Vec::new();
    let mut errors = Vec::new();
    for input in &inputs {
        let types = checked_types(&state, &from, &to, &input.types)?;
        match live_pair(&state, (&from, &input.from.id), (&to, &input.to.id)) {
            Ok((f, t)) => planned.push((f, t, types)),
            Err(e) => errors.push(e),
        }
    }
    let limited: Vec<Planned<'_>> = planned
        .iter()
        .map(|(f, t, types)| Planned {
            from: &from,
            from_id: Rec::Existing(*f),
            to: &to,
            to_id: *t,
            types,
        })
        .collect();
    association_limits::admit(&state, &limited)?;
    for (f, t, types) in &planned {
        links::link(&mut state, &from, *f, &to, *t, types)?;
    }
    let results = planned
        .iter()
        .map(|(f, t, _)| pair_result(&state, req.version, (&from, *f), (&to, *t)))
        .collect();
    Ok(batch_reply(started, results, errors))
}

/// POST `.../batch/associate/default`: default links, one result per direction.
pub(crate) fn create_default(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let inputs: Vec<DefaultInput> = inputs(req)?;
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let default = links::default_type(&state, &from, &to)?;
    let mut planned = Vec::new();
    let mut errors = Vec::new();
    for input in &inputs {
        match live_pair(&state, (&from, &input.from.id), (&to, &input.to.id)) {
            Ok(ids) => planned.push(ids),
            Err(e) => errors.push(e),
        }
    }
    let defaults = [default];
    let limited: Vec<Planned<'_>> = planned
        .iter()
        .map(|(f, t)| Planned {
            from: &from,
            from_id: Rec::Existing(*f),
            to: &to,
            to_id: *t,
            types: &defaults,
        })
        .collect();
    association_limits::admit(&state, &limited)?;
    for (f, t) in &planned {
        links::link(&mut state, &from, *f, &to, *t, &defaults)?;
    }
    let results = planned
        .iter()
        .flat_map(|(f, t)| default_results(&state, &from, *f, &to, *t))
        .collect();
    Ok(batch_reply(started, results, errors))
}

/// POST `.../batch/archive`: removes every type between each pair, both ways. Missing records
/// and links are skipped. The answer is an empty batch answer, which the router sends in the
/// versions answering 200 (the date versions) and drops in those answering 204 (v4).
pub(crate) fn archive(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let inputs: Vec<ArchiveInput> = inputs(req)?;
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    for input in &inputs {
        let Some(f) = id_of(&input.from.id) else {
            continue;
        };
        for target in &input.to {
            if let Some(t) = id_of(&target.id) {
                links::unlink(&mut state, &from, f, &to, t);
            }
        }
    }
    Ok(batch_reply(started, Vec::new(), Vec::new()))
}

/// POST `.../batch/labels/archive`: removes only the given types (and their inverses); what
/// remains, such as the unlabelled type, stays. Answers as [`archive`] does.
pub(crate) fn archive_labels(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let inputs: Vec<LabelsArchiveInput> = inputs(req)?;
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let mut planned = Vec::new();
    for input in &inputs {
        let types: Vec<(AssociationCategory, u32)> = input
            .types
            .iter()
            .map(|t| (t.association_category, t.association_type_id))
            .collect();
        for (c, t) in &types {
            if !links::is_valid_type(&state, &from, &to, *c, *t) {
                return Err(ApiError::validation(format!(
                    "association type ID {t} ({c:?}) is not valid for associations from {from} to {to}"
                )));
            }
        }
        if let (Some(f), Some(t)) = (id_of(&input.from.id), id_of(&input.to.id)) {
            planned.push((f, t, types));
        }
    }
    for (f, t, types) in &planned {
        links::unlink_types(&mut state, &from, *f, &to, *t, types);
    }
    Ok(batch_reply(started, Vec::new(), Vec::new()))
}
