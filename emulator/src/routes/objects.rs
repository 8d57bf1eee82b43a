//! One record at a time: list, create, get, update, archive.

use hubspot_crm_vocab::PathParam;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{cursor, parse_cursor, query_limit, Reply};
use crate::association_limits;
use crate::error::{ApiError, ApiResult};
use crate::records::{self, ReadOptions};
use crate::request::Req;
use crate::state::{AssociationCategory, State};
use crate::values::now_ms;
use crate::{links, pipelines, Shared};

/// `properties`, `propertiesWithHistory` and `associations` from the query.
pub(crate) fn read_options(req: &Req) -> ReadOptions {
    let properties = req.query_list("properties");
    ReadOptions {
        properties: (!properties.is_empty()).then_some(properties),
        with_history: req.query_list("propertiesWithHistory"),
        associations: req.query_list("associations"),
    }
}

pub(super) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let limit = query_limit(req)?;
    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let archived = req.query_bool("archived", false)?;
    let after = parse_cursor(req.query("after"))?;
    let opts = read_options(req);
    let mut page = ts
        .records
        .range(after..)
        .map(|(_, r)| r)
        .filter(|r| r.archived == archived)
        .take(limit as usize + 1);
    let results: Vec<Value> = page
        .by_ref()
        .take(limit as usize)
        .map(|r| records::render(&state, ts, r, &opts))
        .collect();
    let mut body = Map::new();
    body.insert("results".into(), Value::Array(results));
    if let Some(next) = page.next() {
        body.insert(
            "paging".into(),
            json!({ "next": { "after": cursor(next.id), "link": "" } }),
        );
    }
    Ok(Reply::Body(Value::Object(body)))
}

/// One entry of `associations` in a create body.
#[derive(Debug, Deserialize)]
pub(crate) struct AssociationInput {
    pub(crate) to: ToInput,
    #[serde(default)]
    pub(crate) types: Vec<TypeInput>,
}

/// `{id}` of an association target.
#[derive(Debug, Deserialize)]
pub(crate) struct ToInput {
    pub(crate) id: Value,
}

/// `{associationCategory, associationTypeId}`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TypeInput {
    pub(crate) association_category: AssociationCategory,
    pub(crate) association_type_id: u32,
}

/// The body of a create, or an input of a batch create (which may carry a trace ID).
#[derive(Debug, Deserialize)]
pub(crate) struct CreateInput {
    #[serde(default)]
    pub(crate) properties: Map<String, Value>,
    #[serde(default)]
    pub(crate) associations: Vec<AssociationInput>,
    /// `objectWriteTraceId` of a batch input: echoed in its record or its error entry.
    #[serde(default, rename = "objectWriteTraceId")]
    pub(crate) object_write_trace_id: Option<String>,
}

/// An association of a create, resolved: (target type, target ID, types).
pub(crate) type PlannedLink = (String, u64, Vec<(AssociationCategory, u32)>);

/// The links of the `n`-th record a request creates, for the association limits' check.
pub(crate) fn limited<'a>(
    from: &'a str,
    n: usize,
    planned: &'a [PlannedLink],
) -> Vec<association_limits::Planned<'a>> {
    planned
        .iter()
        .map(|(to, to_id, types)| association_limits::Planned {
            from,
            from_id: association_limits::Rec::New(n),
            to,
            to_id: *to_id,
            types,
        })
        .collect()
}

/// Resolves a create's associations and checks the type's required associations, before
/// anything is written.
pub(crate) fn plan_links(
    state: &State,
    from: &str,
    input: &[AssociationInput],
) -> ApiResult<Vec<PlannedLink>> {
    let mut planned = Vec::new();
    for a in input {
        let id = match &a.to.id {
            Value::String(s) => s.parse::<u64>().ok(),
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
        .ok_or_else(|| {
            ApiError::validation(format!(
                "association target id {} is not a record ID",
                a.to.id
            ))
        })?;
        let first = a
            .types
            .first()
            .ok_or_else(|| ApiError::validation("an association needs at least one type"))?;
        let to = links::target_for_type_id(
            state,
            from,
            first.association_category,
            first.association_type_id,
        )
        .ok_or_else(|| {
            ApiError::validation(format!(
                "association type {} is not defined for {from}",
                first.association_type_id
            ))
        })?;
        let types: Vec<(AssociationCategory, u32)> = a
            .types
            .iter()
            .map(|t| (t.association_category, t.association_type_id))
            .collect();
        for (c, t) in &types {
            if !links::is_valid_type(state, from, &to, *c, *t) {
                return Err(ApiError::validation(format!(
                    "association type {t} is not valid from {from} to {to}"
                )));
            }
        }
        let exists = state
            .types
            .get(&to)
            .and_then(|ts| ts.records.get(&id))
            .is_some_and(|r| !r.archived);
        if !exists {
            return Err(ApiError::validation(format!(
                "{to} record {id} does not exist"
            )));
        }
        planned.push((to, id, types));
    }
    let ts = state.type_state(from)?;
    for group in &ts.def.required_associations {
        if !planned.iter().any(|(to, _, _)| group.contains(to)) {
            return Err(ApiError::validation(format!(
                "A {} must be created with an association to one of: {}",
                ts.def.singular,
                group.join(", ")
            )));
        }
    }
    Ok(planned)
}

/// Validates and creates one record with its associations; returns its ID.
pub(crate) fn create_one(
    state: &mut State,
    type_name: &str,
    input: &CreateInput,
) -> ApiResult<u64> {
    let planned = plan_links(state, type_name, &input.associations)?;
    association_limits::admit(state, &limited(type_name, 0, &planned))?;
    let ts = state.type_state_mut(type_name)?;
    let mut changes = records::validate_properties(ts, &input.properties, true)?;
    pipelines::check(ts, &mut changes, None)?;
    records::check_unique(ts, &changes, None)?;
    let id = records::insert_record(ts, changes, now_ms(), "API");
    for (to, to_id, types) in planned {
        links::link(state, type_name, id, &to, to_id, &types)?;
    }
    Ok(id)
}

pub(super) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: CreateInput = req.json()?;
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();
    let id = create_one(&mut state, &name, &input)?;
    let ts = state.type_state(&name)?;
    let record = ts.records.get(&id).ok_or_else(ApiError::not_found)?;
    let mut props = records::default_property_names(ts);
    props.extend(input.properties.keys().cloned());
    let opts = ReadOptions {
        properties: Some(props),
        ..ReadOptions::default()
    };
    Ok(Reply::Body(records::render(&state, ts, record, &opts)))
}

pub(super) fn get(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let archived = req.query_bool("archived", false)?;
    let id = records::find_record(
        ts,
        req.param(PathParam::ObjectId)?,
        req.query("idProperty"),
        archived,
    )?;
    let record = ts.records.get(&id).ok_or_else(ApiError::not_found)?;
    Ok(Reply::Body(records::render(
        &state,
        ts,
        record,
        &read_options(req),
    )))
}

/// `{properties}` of an update.
#[derive(Debug, Deserialize)]
pub(crate) struct UpdateInput {
    pub(crate) properties: Map<String, Value>,
}

pub(super) fn update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: UpdateInput = req.json()?;
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(PathParam::ObjectType)?)?;
    let id = records::find_record(
        ts,
        req.param(PathParam::ObjectId)?,
        req.query("idProperty"),
        false,
    )?;
    let mut changes = records::validate_properties(ts, &input.properties, false)?;
    pipelines::check(ts, &mut changes, Some(id))?;
    records::check_unique(ts, &changes, Some(id))?;
    let names: Vec<String> = changes.keys().cloned().collect();
    records::update_record(ts, id, changes, now_ms(), "API");
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let record = ts.records.get(&id).ok_or_else(ApiError::not_found)?;
    let mut props = records::default_property_names(ts);
    props.extend(names);
    let opts = ReadOptions {
        properties: Some(props),
        ..ReadOptions::default()
    };
    Ok(Reply::Body(records::render(&state, ts, record, &opts)))
}

/// Archives one record and drops its associations; archiving a missing record is a no-op,
/// as in HubSpot.
pub(crate) fn archive_one(state: &mut State, type_name: &str, id: u64) {
    let Some(ts) = state.types.get_mut(type_name) else {
        return;
    };
    if ts.records.get(&id).is_none_or(|r| r.archived) {
        return;
    }
    // Its unique values are free again: the index holds live records only.
    ts.unindex_record(id);
    let Some(record) = ts.records.get_mut(&id) else {
        return;
    };
    let now = now_ms();
    record.archived = true;
    record.archived_at = Some(now);
    record.updated_at = now;
    links::unlink_record(state, type_name, id);
}

pub(super) fn archive(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();
    if let Ok(id) = req.param(PathParam::ObjectId)?.parse::<u64>() {
        archive_one(&mut state, &name, id);
    }
    Ok(Reply::Empty)
}
