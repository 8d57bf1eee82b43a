//! Batch create, update and upsert.
//!
//! Each handler validates every input before writing anything. An input that fails (an
//! invalid property value: 400; a unique value already taken, by a live record or by an
//! earlier input of the same batch: 409) fails alone when it carries an `objectWriteTraceId`:
//! it is reported in a 207 entry naming that trace ID, and the other inputs are written. An
//! input without one fails the whole batch with that error, as HubSpot does (207 per-input
//! errors are opt-in through `objectWriteTraceId`), and so does every input when the
//! emulator is configured to refuse batches whole (`Config::per_input_batch_errors`). Inputs
//! naming no record (update) fail alone either way. Every record written carries its input's
//! `objectWriteTraceId`.

use std::collections::{BTreeMap, BTreeSet};

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

/// A written record as a batch answer lists it, with its input's trace ID.
fn render_written(
    state: &State,
    ts: &TypeState,
    id: u64,
    opts: &ReadOptions,
    trace: Option<&str>,
) -> Option<Value> {
    let mut v = records::render(state, ts, ts.records.get(&id)?, opts);
    if let (Some(trace), Value::Object(m)) = (trace, &mut v) {
        m.insert("objectWriteTraceId".into(), json!(trace));
    }
    Some(v)
}

/// Inputs refused one by one: the 207 entries of those that carry a trace ID.
struct Refusals {
    /// Whether an input with a trace ID is refused alone ([`crate::Config`]'s
    /// `per_input_batch_errors`).
    per_input: bool,
    /// Indices of the refused inputs.
    refused: BTreeSet<usize>,
    /// Their entries, in the order they were refused.
    errors: Vec<Value>,
}

impl Refusals {
    /// No input refused yet; inputs with a trace ID are refused alone when `per_input`.
    fn new(shared: &Shared) -> Self {
        Refusals {
            per_input: shared.config.per_input_batch_errors,
            refused: BTreeSet::new(),
            errors: Vec::new(),
        }
    }

    /// `result` of a check of input `index`: its value; or, if it failed and the input
    /// carries the trace ID `trace`, `None`, the input refused alone; else the error, which
    /// fails the whole request.
    fn check<T>(
        &mut self,
        index: usize,
        trace: Option<&str>,
        result: ApiResult<T>,
    ) -> ApiResult<Option<T>> {
        match (result, trace) {
            (Ok(v), _) => Ok(Some(v)),
            (Err(e), Some(trace)) if self.per_input => {
                self.errors.push(e.batch_entry(trace));
                self.refused.insert(index);
                Ok(None)
            }
            (Err(e), _) => Err(e),
        }
    }

    /// Whether input `index` is still to be written.
    fn open(&self, index: usize) -> bool {
        !self.refused.contains(&index)
    }
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

/// Creates records; all or nothing, but for inputs refused alone (see the module).
pub(crate) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let body: Body = req.json()?;
    let inputs: Vec<CreateInput> = parse_inputs(body.inputs)?;
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();
    let trace = |i: usize| inputs[i].object_write_trace_id.as_deref();

    // Property values first (400 for any input), then associations, then unique values.
    let mut refusals = Refusals::new(shared);
    let mut changes: Vec<Option<Changes>> = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let checked =
            records::validate_properties(ts, &input.properties, true).and_then(|mut c| {
                pipelines::check(ts, &mut c, None)?;
                Ok(c)
            });
        changes.push(refusals.check(i, trace(i), checked)?);
    }
    let mut planned: Vec<Vec<PlannedLink>> = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let links = match refusals.open(i) {
            true => refusals.check(i, trace(i), plan_links(&state, &name, &input.associations))?,
            false => None,
        };
        planned.push(links.unwrap_or_default());
    }
    let mut claims = Claims::new();
    for (i, c) in changes.iter().enumerate() {
        let Some(c) = c.as_ref().filter(|_| refusals.open(i)) else {
            continue;
        };
        let unique = records::check_unique(ts, c, None).and_then(|()| claims.claim(ts, c, i, None));
        refusals.check(i, trace(i), unique)?;
    }
    let limited: Vec<_> = planned
        .iter()
        .enumerate()
        .filter(|(n, _)| refusals.open(*n))
        .flat_map(|(n, p)| limited(&name, n, p))
        .collect();
    crate::association_limits::admit(&state, &limited)?;

    let now = now_ms();
    let mut ids = Vec::with_capacity(inputs.len());
    for (i, (c, links_planned)) in changes.into_iter().zip(planned).enumerate() {
        let Some(c) = c.filter(|_| refusals.open(i)) else {
            continue;
        };
        let ts = state.type_state_mut(&name)?;
        let id = records::insert_record(ts, c, now, "API");
        for (to, to_id, types) in links_planned {
            links::link(&mut state, &name, id, &to, to_id, &types)?;
        }
        ids.push((id, i));
    }
    let ts = state.type_state(&name)?;
    let results = ids
        .iter()
        .filter_map(|&(id, i)| {
            let opts = written_options(ts, inputs[i].properties.keys().cloned());
            render_written(&state, ts, id, &opts, trace(i))
        })
        .collect();
    Ok(batch_reply(started, results, refusals.errors))
}

/// Updates records by ID or unique value. Inputs naming no record are reported in a 207 and
/// the others applied; if none names a record, the answer is the single update's 404.
/// Inputs refused for their values fail alone when they carry a trace ID (see the module).
pub(crate) fn update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let body: Body = req.json()?;
    let inputs: Vec<UpdateItem> = parse_inputs(body.inputs)?;
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();
    let trace = |i: usize| inputs[i].object_write_trace_id.as_deref();

    // Every input's values are checked, even those naming no record.
    let mut refusals = Refusals::new(shared);
    let mut changes = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let checked = records::validate_properties(ts, &input.properties, false);
        changes.push(refusals.check(i, trace(i), checked)?.unwrap_or_default());
    }
    // An input refused for its values is reported once, for them.
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let id = id_text(&input.id)?;
        if !refusals.open(i) {
            continue;
        }
        match records::find_record(ts, &id, input.id_property.as_deref(), false) {
            Ok(record) => found.push((record, i)),
            Err(e) if e.status == StatusCode::NOT_FOUND => {
                missing.push((id, input.object_write_trace_id.clone()))
            }
            Err(e) => return Err(e),
        }
    }
    if found.is_empty() && refusals.refused.is_empty() {
        let ids: Vec<&str> = missing.iter().map(|(id, _)| id.as_str()).collect();
        let mut e = ApiError::not_found();
        e.context = Some(json!({ "ids": ids }));
        return Err(e);
    }
    duplicate_ids(&found.iter().map(|(id, _)| *id).collect::<Vec<_>>())?;
    for (record, i) in &found {
        let checked = pipelines::check(ts, &mut changes[*i], Some(*record));
        refusals.check(*i, trace(*i), checked)?;
    }
    found.retain(|(_, i)| refusals.open(*i));
    let mut claims = Claims::new();
    for (record, i) in &found {
        let checked = records::check_unique(ts, &changes[*i], Some(*record))
            .and_then(|()| claims.claim(ts, &changes[*i], *i, Some(*record)));
        refusals.check(*i, trace(*i), checked)?;
    }
    found.retain(|(_, i)| refusals.open(*i));

    let now = now_ms();
    let ts = state.type_state_mut(&name)?;
    let mut written = Vec::new();
    for (record, i) in &found {
        let c = std::mem::take(&mut changes[*i]);
        let names: Vec<String> = c.keys().cloned().collect();
        records::update_record(ts, *record, c, now, "API");
        written.push((*record, names, *i));
    }
    let ts = state.type_state(&name)?;
    let results = written
        .into_iter()
        .filter_map(|(id, names, i)| {
            render_written(&state, ts, id, &written_options(ts, names), trace(i))
        })
        .collect();
    let mut errors = not_found_errors(ts, "update", &missing);
    errors.extend(refusals.errors);
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
/// Results carry `new`. Inputs refused for their values fail alone when they carry a trace
/// ID (see the module); two inputs with the same value fail the whole request.
pub(crate) fn upsert(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let body: Body = req.json()?;
    let inputs: Vec<UpdateItem> = parse_inputs(body.inputs)?;
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();
    let trace = |i: usize| inputs[i].object_write_trace_id.as_deref();

    let mut refusals = Refusals::new(shared);
    // (input index, what it does).
    let mut plans = Vec::with_capacity(inputs.len());
    let mut keys = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let prop = upsert_property(ts, input)?;
        let raw = id_text(&input.id)?;
        let value = ts
            .properties
            .get(prop)
            .map(|def| normalise(def, &raw))
            .transpose()
            .map_err(|e| ApiError::invalid_properties(vec![e]))
            .map(Option::flatten)
            .and_then(|v| {
                v.ok_or_else(|| ApiError::validation(format!("upsert input has an empty {prop}")))
            });
        let Some(value) = refusals.check(i, trace(i), value)? else {
            continue;
        };
        let plan = match ts.find_unique(prop, &value) {
            Some(existing) => {
                records::validate_properties(ts, &input.properties, false).and_then(|mut c| {
                    pipelines::check(ts, &mut c, Some(existing))?;
                    Ok(Plan::Update(existing, c))
                })
            }
            None => {
                let mut props = input.properties.clone();
                props.insert(prop.to_string(), Value::String(value.clone()));
                records::validate_properties(ts, &props, true).and_then(|mut c| {
                    pipelines::check(ts, &mut c, None)?;
                    Ok(Plan::Create(c))
                })
            }
        };
        // The key counts for duplicates even when the input's values are refused; values
        // of a case-insensitive property (contacts' email) are compared folded.
        let key = ts
            .properties
            .get(prop)
            .map_or_else(|| value.clone(), |def| def.unique_key(&value).into_owned());
        keys.push((prop.to_string(), key));
        if let Some(plan) = refusals.check(i, trace(i), plan)? {
            plans.push((i, plan));
        }
    }
    let mut seen = BTreeSet::new();
    if let Some((prop, value)) = keys.iter().find(|k| !seen.insert(*k)) {
        return Err(ApiError::validation(format!(
            "Duplicate IDs found in batch input: [{value}] ({prop}). IDs must be unique"
        )));
    }
    let updated: Vec<u64> = plans
        .iter()
        .filter_map(|(_, p)| match p {
            Plan::Update(id, _) => Some(*id),
            Plan::Create(_) => None,
        })
        .collect();
    duplicate_ids(&updated)?;
    if plans.iter().any(|(_, p)| matches!(p, Plan::Create(_))) {
        // Types that need an association at creation cannot get one through upsert.
        plan_links(&state, &name, &[])?;
    }
    let mut claims = Claims::new();
    for (i, plan) in &plans {
        let (c, own) = match plan {
            Plan::Update(id, c) => (c, Some(*id)),
            Plan::Create(c) => (c, None),
        };
        let unique = records::check_unique(ts, c, own).and_then(|()| claims.claim(ts, c, *i, own));
        refusals.check(*i, trace(*i), unique)?;
    }
    plans.retain(|(i, _)| refusals.open(*i));

    let now = now_ms();
    let ts = state.type_state_mut(&name)?;
    let mut written = Vec::with_capacity(plans.len());
    for (i, plan) in plans {
        written.push(match plan {
            Plan::Update(id, c) => {
                let names: Vec<String> = c.keys().cloned().collect();
                records::update_record(ts, id, c, now, "API");
                (id, false, names, i)
            }
            Plan::Create(c) => {
                let names: Vec<String> = c.keys().cloned().collect();
                (records::insert_record(ts, c, now, "API"), true, names, i)
            }
        });
    }
    let ts = state.type_state(&name)?;
    let results = written
        .into_iter()
        .filter_map(|(id, new, names, i)| {
            let mut v = render_written(&state, ts, id, &written_options(ts, names), trace(i))?;
            if let Value::Object(m) = &mut v {
                m.insert("new".into(), json!(new));
            }
            Some(v)
        })
        .collect();
    Ok(batch_reply(started, results, refusals.errors))
}
