//! Batch create, update and upsert.
//!
//! Each handler validates every input before writing anything: invalid property values in
//! any input fail the whole batch with 400, a unique value already taken (by a live record or
//! by an earlier input of the same batch) with 409, as HubSpot does. Only inputs naming no
//! record (update) fail alone, reported in a 207 while the others are applied.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use hubspot_crm_vocab::PathParam;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::super::objects::{limited, plan_links, CreateInput, PlannedLink};
use super::{id_text, not_found_errors, parse_inputs};
use crate::error::{ApiError, ApiResult};
use crate::records::{self, Changes, ReadOptions};
use crate::request::Req;
use crate::routes::{batch_reply, Reply};
use crate::state::{State, TypeState};
use crate::values::{normalise, now_ms};
use crate::{links, pipelines, Shared};

#[derive(Debug, Deserialize)]
struct Body {
    inputs: Vec<Value>,
}

/// An input of batch update and upsert.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateItem {
    id: Value,
    id_property: Option<String>,
    #[serde(default)]
    properties: Map<String, Value>,
    object_write_trace_id: Option<String>,
}

/// Unique values the inputs of one batch will give: a second input giving the same value to
/// another record conflicts, since HubSpot would have stored the first by then.
struct Claims {
    /// (property, value) -> (input index, existing record ID if the input updates one).
    taken: BTreeMap<(String, String), (usize, Option<u64>)>,
}

impl Claims {
    fn new() -> Self {
        Claims {
            taken: BTreeMap::new(),
        }
    }

    fn claim(
        &mut self,
        ts: &TypeState,
        changes: &Changes,
        index: usize,
        record: Option<u64>,
    ) -> ApiResult<()> {
        for prop in ts.unique_properties() {
            let Some(Some(value)) = changes.get(&prop.name) else {
                continue;
            };
            let key = (prop.name.clone(), prop.unique_key(value).into_owned());
            match self.taken.get(&key) {
                None => {
                    self.taken.insert(key, (index, record));
                }
                Some((_, Some(existing))) => {
                    return Err(ApiError::conflict(&ts.def.label_singular, *existing));
                }
                Some((first, None)) => {
                    let mut e = ApiError::new(
                        StatusCode::CONFLICT,
                        "CONFLICT",
                        format!(
                            "{} already exists: inputs {first} and {index} of this batch both have {} {value}",
                            ts.def.label_singular, prop.name
                        ),
                    );
                    e.context = Some(json!({ "propertyName": [prop.name] }));
                    return Err(e);
                }
            }
        }
        Ok(())
    }
}

/// Properties to render for a written record: the defaults plus those the input set.
fn written_options(ts: &TypeState, names: impl IntoIterator<Item = String>) -> ReadOptions {
    let mut props = records::default_property_names(ts);
    props.extend(names);
    ReadOptions {
        properties: Some(props),
        ..ReadOptions::default()
    }
}

fn render_written(state: &State, ts: &TypeState, id: u64, opts: &ReadOptions) -> Option<Value> {
    ts.records
        .get(&id)
        .map(|r| records::render(state, ts, r, opts))
}

/// 400 when two inputs address the same record, as HubSpot refuses such batches.
fn duplicate_ids(ids: &[u64]) -> ApiResult<()> {
    let mut seen = std::collections::BTreeSet::new();
    let dups: Vec<String> = ids
        .iter()
        .filter(|id| !seen.insert(**id))
        .map(u64::to_string)
        .collect();
    if dups.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "Duplicate IDs found in batch input: [{}]. IDs must be unique",
            dups.join(", ")
        )))
    }
}

/// Creates records; all or nothing.
pub(crate) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let body: Body = req.json()?;
    let inputs: Vec<CreateInput> = parse_inputs(body.inputs)?;
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();

    // Property values first (400 for any input), then associations, then unique values.
    let mut changes = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let mut c = records::validate_properties(ts, &input.properties, true)?;
        pipelines::check(ts, &mut c, None)?;
        changes.push(c);
    }
    let mut planned: Vec<Vec<PlannedLink>> = Vec::with_capacity(inputs.len());
    for input in &inputs {
        planned.push(plan_links(&state, &name, &input.associations)?);
    }
    let mut claims = Claims::new();
    for (i, c) in changes.iter().enumerate() {
        records::check_unique(ts, c, None)?;
        claims.claim(ts, c, i, None)?;
    }
    let limited: Vec<_> = planned
        .iter()
        .enumerate()
        .flat_map(|(n, p)| limited(&name, n, p))
        .collect();
    crate::association_limits::admit(&state, &limited)?;

    let now = now_ms();
    let mut ids = Vec::with_capacity(inputs.len());
    for (c, links_planned) in changes.into_iter().zip(planned) {
        let ts = state.type_state_mut(&name)?;
        let id = records::insert_record(ts, c, now, "API");
        for (to, to_id, types) in links_planned {
            links::link(&mut state, &name, id, &to, to_id, &types)?;
        }
        ids.push(id);
    }
    let ts = state.type_state(&name)?;
    let results = ids
        .iter()
        .zip(&inputs)
        .filter_map(|(id, input)| {
            let opts = written_options(ts, input.properties.keys().cloned());
            render_written(&state, ts, *id, &opts)
        })
        .collect();
    Ok(batch_reply(started, results, Vec::new()))
}

/// Updates records by ID or unique value. Inputs naming no record are reported in a 207 and
/// the others applied; if none names a record, the answer is the single update's 404.
pub(crate) fn update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let body: Body = req.json()?;
    let inputs: Vec<UpdateItem> = parse_inputs(body.inputs)?;
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();

    // Every input's values are checked, even those naming no record.
    let mut changes = Vec::with_capacity(inputs.len());
    for input in &inputs {
        changes.push(records::validate_properties(ts, &input.properties, false)?);
    }
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let id = id_text(&input.id)?;
        match records::find_record(ts, &id, input.id_property.as_deref(), false) {
            Ok(record) => found.push((record, i)),
            Err(e) if e.status == StatusCode::NOT_FOUND => {
                missing.push((id, input.object_write_trace_id.clone()))
            }
            Err(e) => return Err(e),
        }
    }
    if found.is_empty() {
        let ids: Vec<&str> = missing.iter().map(|(id, _)| id.as_str()).collect();
        let mut e = ApiError::not_found();
        e.context = Some(json!({ "ids": ids }));
        return Err(e);
    }
    duplicate_ids(&found.iter().map(|(id, _)| *id).collect::<Vec<_>>())?;
    for (record, i) in &found {
        pipelines::check(ts, &mut changes[*i], Some(*record))?;
    }
    let mut claims = Claims::new();
    for (record, i) in &found {
        records::check_unique(ts, &changes[*i], Some(*record))?;
        claims.claim(ts, &changes[*i], *i, Some(*record))?;
    }

    let now = now_ms();
    let ts = state.type_state_mut(&name)?;
    let mut written = Vec::new();
    for (record, i) in &found {
        let c = std::mem::take(&mut changes[*i]);
        let names: Vec<String> = c.keys().cloned().collect();
        records::update_record(ts, *record, c, now, "API");
        written.push((*record, names));
    }
    let ts = state.type_state(&name)?;
    let results = written
        .into_iter()
        .filter_map(|(id, names)| render_written(&state, ts, id, &written_options(ts, names)))
        .collect();
    let errors = not_found_errors(ts, "update", &missing);
    Ok(batch_reply(started, results, errors))
}

/// What an upsert input does once checked.
enum Plan {
    Update(u64, Changes),
    Create(Changes),
}

/// The unique property an upsert input addresses records by: required, a unique property
/// of the type, and not `hs_object_id` (a new record's ID cannot be chosen).
fn upsert_property<'a>(ts: &'a TypeState, input: &UpdateItem) -> ApiResult<&'a str> {
    let Some(prop) = input.id_property.as_deref() else {
        return Err(ApiError::validation(
            "idProperty is required for each upsert input: the unique property its id holds",
        ));
    };
    let def = ts
        .properties
        .get(prop)
        .filter(|p| !p.archived)
        .ok_or_else(|| ApiError::validation(format!("Property \"{prop}\" does not exist")))?;
    if !def.has_unique_value || def.name == "hs_object_id" {
        return Err(ApiError::validation(format!(
            "{prop} is not a unique identifier property that upsert can use"
        )));
    }
    Ok(&def.name)
}

/// Creates or updates records by a unique property: an input whose `id` matches a live
/// record's `idProperty` value updates it, any other creates a record holding that value.
/// Results carry `new`.
pub(crate) fn upsert(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let body: Body = req.json()?;
    let inputs: Vec<UpdateItem> = parse_inputs(body.inputs)?;
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();

    let mut plans = Vec::with_capacity(inputs.len());
    let mut keys = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let prop = upsert_property(ts, input)?;
        let raw = id_text(&input.id)?;
        let value = ts
            .properties
            .get(prop)
            .map(|def| normalise(def, &raw))
            .transpose()
            .map_err(|e| ApiError::invalid_properties(vec![e]))?
            .flatten()
            .ok_or_else(|| ApiError::validation(format!("upsert input has an empty {prop}")))?;
        keys.push((prop.to_string(), value.clone()));
        let plan = match ts.find_unique(prop, &value) {
            Some(existing) => {
                let mut c = records::validate_properties(ts, &input.properties, false)?;
                pipelines::check(ts, &mut c, Some(existing))?;
                Plan::Update(existing, c)
            }
            None => {
                let mut props = input.properties.clone();
                props.insert(prop.to_string(), Value::String(value));
                let mut c = records::validate_properties(ts, &props, true)?;
                pipelines::check(ts, &mut c, None)?;
                Plan::Create(c)
            }
        };
        plans.push(plan);
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some((prop, value)) = keys.iter().find(|k| !seen.insert(*k)) {
        return Err(ApiError::validation(format!(
            "Duplicate IDs found in batch input: [{value}] ({prop}). IDs must be unique"
        )));
    }
    let updated: Vec<u64> = plans
        .iter()
        .filter_map(|p| match p {
            Plan::Update(id, _) => Some(*id),
            Plan::Create(_) => None,
        })
        .collect();
    duplicate_ids(&updated)?;
    if plans.iter().any(|p| matches!(p, Plan::Create(_))) {
        // Types that need an association at creation cannot get one through upsert.
        plan_links(&state, &name, &[])?;
    }
    let mut claims = Claims::new();
    for (i, plan) in plans.iter().enumerate() {
        let (c, own) = match plan {
            Plan::Update(id, c) => (c, Some(*id)),
            Plan::Create(c) => (c, None),
        };
        records::check_unique(ts, c, own)?;
        claims.claim(ts, c, i, own)?;
    }

    let now = now_ms();
    let ts = state.type_state_mut(&name)?;
    let mut written = Vec::with_capacity(plans.len());
    for plan in plans {
        written.push(match plan {
            Plan::Update(id, c) => {
                let names: Vec<String> = c.keys().cloned().collect();
                records::update_record(ts, id, c, now, "API");
                (id, false, names)
            }
            Plan::Create(c) => {
                let names: Vec<String> = c.keys().cloned().collect();
                (records::insert_record(ts, c, now, "API"), true, names)
            }
        });
    }
    let ts = state.type_state(&name)?;
    let results = written
        .into_iter()
        .filter_map(|(id, new, names)| {
            let mut v = render_written(&state, ts, id, &written_options(ts, names))?;
            if let Value::Object(m) = &mut v {
                m.insert("new".into(), json!(new));
            }
            Some(v)
        })
        .collect();
    Ok(batch_reply(started, results, Vec::new()))
}
