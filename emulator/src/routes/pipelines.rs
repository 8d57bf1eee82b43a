//! The pipelines API: an object type's pipelines and their stages. Every change rewrites the
//! options of the type's pipeline and stage properties (`pipelines::sync_options`), so record
//! writes and the property definitions follow the live pipelines at once, and is recorded in
//! the type's audit (`audit`, `stages::audit` read it back, newest first).

use axum::http::StatusCode;
use hubspot_crm_vocab::PathParam::{ObjectType, PipelineId, StageId};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::Reply;
use crate::error::{ApiError, ApiResult};
use crate::pipelines::{
    records_using, sync_options, AuditAction, AuditEntry, Pipeline, Stage, TypePipelines,
};
use crate::request::Req;
use crate::state::TypeState;
use crate::values::now_ms;
use crate::Shared;

/// A pipeline to create, or one replacing another.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PipelineInput {
    label: String,
    display_order: i64,
    stages: Vec<StageInput>,
}

/// A stage to create, or one replacing another.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StageInput {
    label: String,
    display_order: i64,
    metadata: Map<String, Value>,
}

/// Changes to a pipeline.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PipelinePatch {
    label: Option<String>,
    display_order: Option<i64>,
    archived: Option<bool>,
}

/// Changes to a stage.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StagePatch {
    label: Option<String>,
    display_order: Option<i64>,
    metadata: Option<Map<String, Value>>,
    archived: Option<bool>,
}

/// A stage input, checked: (label, display order, metadata as strings).
type CheckedStage = (String, i64, std::collections::BTreeMap<String, String>);

fn not_found(what: &str, id: &str, ts: &TypeState) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "OBJECT_NOT_FOUND",
        format!("No {what} {id} of {}", ts.def.plural),
    )
}

/// The type's pipelines, or 400 for a type whose records have none.
fn pipelines_of(ts: &TypeState) -> ApiResult<&TypePipelines> {
    ts.pipelines.as_ref().ok_or_else(|| no_pipelines(ts))
}

fn no_pipelines(ts: &TypeState) -> ApiError {
    ApiError::validation(format!(
        "{} have no pipelines: pipelines exist for objects whose records move through stages",
        ts.def.plural
    ))
}

/// Whether the request asks to refuse archiving what records still use.
fn validate_references(req: &Req) -> ApiResult<bool> {
    Ok(req.query_bool("validateReferencesBeforeDelete", false)?
        || req.query_bool("validateDealStageUsagesBeforeDelete", false)?)
}

/// 400 when live records still hold `value` in `property` and the request asked to check.
fn refuse_if_used(
    ts: &TypeState,
    check: bool,
    property: &str,
    what: &str,
    value: &str,
) -> ApiResult<()> {
    let n = records_using(ts, property, value);
    if check && n > 0 {
        let mut e = ApiError::validation(format!(
            "{what} {value} is in use by {n} {} records; move them first or archive without validateReferencesBeforeDelete",
            ts.def.singular
        ));
        e.context = Some(json!({ "references": [n.to_string()] }));
        return Err(e);
    }
    Ok(())
}

fn non_empty(label: &str, what: &str) -> ApiResult<String> {
    let label = label.trim();
    if label.is_empty() {
        return Err(ApiError::validation(format!("A {what} needs a label")));
    }
    Ok(label.to_string())
}

/// A pipeline label no other live pipeline of the type has.
fn unique_pipeline_label(tp: &TypePipelines, label: &str, own: Option<&str>) -> ApiResult<()> {
    let taken = tp
        .pipelines
        .iter()
        .any(|p| !p.archived && p.label == label && Some(p.id.as_str()) != own);
    if taken {
        return Err(ApiError::validation(format!(
            "A pipeline labelled {label} already exists"
        )));
    }
    Ok(())
}

/// A stage label no other live stage of the pipeline has.
fn unique_stage_label(pipeline: &Pipeline, label: &str, own: Option<&str>) -> ApiResult<()> {
    let taken = pipeline
        .stages
        .iter()
        .any(|s| !s.archived && s.label == label && Some(s.id.as_str()) != own);
    if taken {
        return Err(ApiError::validation(format!(
            "Pipeline {} already has a stage labelled {label}",
            pipeline.id
        )));
    }
    Ok(())
}

/// Metadata as HubSpot keeps it (every value a string), with the keys the type's stages need.
fn metadata(
    input: &Map<String, Value>,
    tp: &TypePipelines,
) -> ApiResult<std::collections::BTreeMap<String, String>> {
    let mut out = std::collections::BTreeMap::new();
    for (key, value) in input {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                return Err(ApiError::bad_body(format!(
                    "metadata.{key} must be a string, not {other}"
                )))
            }
        };
        out.insert(key.clone(), text);
    }
    for key in &tp.required_metadata {
        if out.get(key).is_none_or(|v| v.trim().is_empty()) {
            return Err(ApiError::validation(format!(
                "metadata.{key} is required for stages of this object type's pipelines"
            )));
        }
    }
    Ok(out)
}

fn check_stage(input: &StageInput, tp: &TypePipelines) -> ApiResult<CheckedStage> {
    Ok((
        non_empty(&input.label, "stage")?,
        input.display_order,
        metadata(&input.metadata, tp)?,
    ))
}

/// The stages of a pipeline input, checked: labels present and distinct, metadata complete.
fn check_stages(inputs: &[StageInput], tp: &TypePipelines) -> ApiResult<Vec<CheckedStage>> {
    if inputs.is_empty() {
        return Err(ApiError::validation("A pipeline needs at least one stage"));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(inputs.len());
    for input in inputs {
        let stage = check_stage(input, tp)?;
        if !seen.insert(stage.0.clone()) {
            return Err(ApiError::validation(format!(
                "Two stages are labelled {}: stage labels are unique in a pipeline",
                stage.0
            )));
        }
        out.push(stage);
    }
    Ok(out)
}

fn new_stage(id: String, (label, display_order, metadata): CheckedStage, now: i64) -> Stage {
    Stage {
        id,
        label,
        display_order,
        metadata,
        archived: false,
        created_at: now,
        updated_at: now,
    }
}

/// Runs `f` on the type named by the path, holding the write lock; after a success the
/// type's property options follow its pipelines.
fn write<R>(
    shared: &Shared,
    req: &Req,
    f: impl FnOnce(&mut TypeState) -> ApiResult<R>,
) -> ApiResult<R> {
    let mut state = shared.write();
    let ts = state.type_state_mut(req.param(ObjectType)?)?;
    pipelines_of(ts)?;
    let out = f(ts)?;
    sync_options(ts);
    Ok(out)
}

/// The index of the pipeline `id` (`archived` ones too when asked), or 404.
fn find_pipeline(ts: &TypeState, id: &str, archived_too: bool) -> ApiResult<usize> {
    pipelines_of(ts)?
        .pipelines
        .iter()
        .position(|p| p.id == id && (archived_too || !p.archived))
        .ok_or_else(|| not_found("pipeline", id, ts))
}

/// The indexes of the live pipeline and its stage `id` (`archived` stages too when asked).
fn find_stage(ts: &TypeState, req: &Req, archived_too: bool) -> ApiResult<(usize, usize)> {
    let p = find_pipeline(ts, req.param(PipelineId)?, false)?;
    let id = req.param(StageId)?;
    pipelines_of(ts)?.pipelines[p]
        .stages
        .iter()
        .position(|s| s.id == id && (archived_too || !s.archived))
        .map(|s| (p, s))
        .ok_or_else(|| not_found("stage", id, ts))
}

/// The pipelines of a type, mutably (the callers checked it has them).
fn tp_mut(ts: &mut TypeState) -> ApiResult<&mut TypePipelines> {
    match ts.pipelines.as_mut() {
        Some(tp) => Ok(tp),
        None => Err(ApiError::validation("this object type has no pipelines")),
    }
}

pub(super) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let ts = state.type_state(req.param(ObjectType)?)?;
    let results: Vec<Value> = pipelines_of(ts)?
        .listed()
        .iter()
        .map(|p| p.render())
        .collect();
    Ok(Reply::Body(json!({ "results": results })))
}

pub(super) fn get(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let ts = state.type_state(req.param(ObjectType)?)?;
    let p = find_pipeline(ts, req.param(PipelineId)?, false)?;
    Ok(Reply::Body(pipelines_of(ts)?.pipelines[p].render()))
}

pub(super) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: PipelineInput = req.json()?;
    write(shared, req, |ts| {
        let now = now_ms();
        let tp = tp_mut(ts)?;
        let label = non_empty(&input.label, "pipeline")?;
        unique_pipeline_label(tp, &label, None)?;
        let stages = check_stages(&input.stages, tp)?;
        let id = tp.new_id();
        let stages = stages
            .into_iter()
            .map(|s| new_stage(tp.new_id(), s, now))
            .collect();
        let pipeline = Pipeline {
            id,
            label,
            display_order: input.display_order,
            archived: false,
            created_at: now,
            updated_at: now,
            stages,
        };
        let body = pipeline.render();
        let stages: Vec<(String, Value)> = pipeline
            .stages
            .iter()
            .map(|s| (s.id.clone(), s.render()))
            .collect();
        let id = pipeline.id.clone();
        tp.pipelines.push(pipeline);
        tp.record_pipeline(AuditAction::Create, &id, body.clone(), now);
        for (stage, raw) in stages {
            tp.record_stage(AuditAction::Create, (&id, &stage), false, raw, now);
        }
        Ok(Reply::Body(body))
    })
}

pub(super) fn update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let patch: PipelinePatch = req.json()?;
    write(shared, req, |ts| {
        let p = find_pipeline(ts, req.param(PipelineId)?, true)?;
        let tp = tp_mut(ts)?;
        let restoring = tp.pipelines[p].archived;
        if restoring && patch.archived != Some(false) {
            let id = tp.pipelines[p].id.clone();
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "OBJECT_NOT_FOUND",
                format!("Pipeline {id} is archived; restore it with archived: false"),
            ));
        }
        let own = tp.pipelines[p].id.clone();
        let label = match &patch.label {
            Some(l) => Some(non_empty(l, "pipeline")?),
            None => None,
        };
        let label_after = label
            .as_deref()
            .unwrap_or(&tp.pipelines[p].label)
            .to_string();
        unique_pipeline_label(tp, &label_after, Some(&own))?;
        if patch.archived == Some(true) && tp.listed().len() == 1 && !restoring {
            return Err(last_pipeline());
        }
        let pipeline = &mut tp.pipelines[p];
        if let Some(l) = label {
            pipeline.label = l;
        }
        if let Some(o) = patch.display_order {
            pipeline.display_order = o;
        }
        if let Some(a) = patch.archived {
            pipeline.archived = a;
        }
        let now = now_ms();
        pipeline.updated_at = now;
        let body = pipeline.render();
        tp.record_pipeline(change(patch.archived), &own, body.clone(), now);
        Ok(Reply::Body(body))
    })
}

/// The audit action of a PATCH: archiving (`archived: true`) is a delete, anything else
/// (restoring too) an update.
fn change(archived: Option<bool>) -> AuditAction {
    if archived == Some(true) {
        AuditAction::Delete
    } else {
        AuditAction::Update
    }
}

fn last_stage(pipeline: &Pipeline) -> ApiError {
    ApiError::validation(format!(
        "Pipeline {} keeps at least one stage: this is its last",
        pipeline.id
    ))
}

fn last_pipeline() -> ApiError {
    ApiError::validation("An object type with pipelines keeps at least one: this is its last")
}

pub(super) fn replace(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: PipelineInput = req.json()?;
    let check = validate_references(req)?;
    write(shared, req, |ts| {
        let now = now_ms();
        let p = find_pipeline(ts, req.param(PipelineId)?, false)?;
        let tp = pipelines_of(ts)?;
        let label = non_empty(&input.label, "pipeline")?;
        unique_pipeline_label(tp, &label, Some(&tp.pipelines[p].id))?;
        let stages = check_stages(&input.stages, tp)?;
        let old = &tp.pipelines[p];
        // Stages keep their IDs when a stage of the same label is given again; the others
        // are archived.
        let kept: Vec<Option<String>> = stages
            .iter()
            .map(|(l, _, _)| {
                old.stages
                    .iter()
                    .find(|s| !s.archived && &s.label == l)
                    .map(|s| s.id.clone())
            })
            .collect();
        let dropped: Vec<String> = old
            .stages
            .iter()
            .filter(|s| !s.archived && !kept.iter().flatten().any(|k| k == &s.id))
            .map(|s| s.id.clone())
            .collect();
        let stage_property = tp.stage_property.clone();
        for id in &dropped {
            refuse_if_used(ts, check, &stage_property, "Stage", id)?;
        }
        let tp = tp_mut(ts)?;
        // (ID, kept from the old stages, the stage).
        let assigned: Vec<(String, bool, CheckedStage)> = stages
            .into_iter()
            .zip(kept)
            .map(|(stage, kept)| match kept {
                Some(id) => (id, true, stage),
                None => (tp.new_id(), false, stage),
            })
            .collect();
        let changed: Vec<(String, AuditAction)> = dropped
            .iter()
            .map(|id| (id.clone(), AuditAction::Delete))
            .chain(assigned.iter().map(|(id, kept, _)| {
                let action = if *kept {
                    AuditAction::Update
                } else {
                    AuditAction::Create
                };
                (id.clone(), action)
            }))
            .collect();
        let pipeline = &mut tp.pipelines[p];
        pipeline.label = label;
        pipeline.display_order = input.display_order;
        pipeline.updated_at = now;
        for stage in pipeline.stages.iter_mut() {
            if dropped.contains(&stage.id) {
                stage.archived = true;
                stage.updated_at = now;
            }
        }
        for (id, _, (label, display_order, metadata)) in assigned {
            match pipeline.stages.iter_mut().find(|s| s.id == id) {
                Some(s) => {
                    s.label = label;
                    s.display_order = display_order;
                    s.metadata = metadata;
                    s.updated_at = now;
                }
                None => pipeline
                    .stages
                    .push(new_stage(id, (label, display_order, metadata), now)),
            }
        }
        let body = pipeline.render();
        let id = pipeline.id.clone();
        let stages: Vec<(String, AuditAction, Value)> = changed
            .into_iter()
            .filter_map(|(stage, action)| {
                let raw = pipeline.stages.iter().find(|s| s.id == stage)?.render();
                Some((stage, action, raw))
            })
            .collect();
        tp.record_pipeline(AuditAction::Update, &id, body.clone(), now);
        for (stage, action, raw) in stages {
            tp.record_stage(action, (&id, &stage), false, raw, now);
        }
        Ok(Reply::Body(body))
    })
}

pub(super) fn archive(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let check = validate_references(req)?;
    write(shared, req, |ts| {
        let p = find_pipeline(ts, req.param(PipelineId)?, false)?;
        let tp = pipelines_of(ts)?;
        if tp.listed().len() == 1 {
            return Err(last_pipeline());
        }
        let (property, id) = (tp.pipeline_property.clone(), tp.pipelines[p].id.clone());
        refuse_if_used(ts, check, &property, "Pipeline", &id)?;
        let now = now_ms();
        let tp = tp_mut(ts)?;
        let pipeline = &mut tp.pipelines[p];
        pipeline.archived = true;
        pipeline.updated_at = now;
        let raw = pipeline.render();
        tp.record_pipeline(AuditAction::Delete, &id, raw, now);
        Ok(Reply::Empty)
    })
}

/// `{results}` of audit entries, as HubSpot answers an audit.
fn audit_reply(ts: &TypeState, portal_id: u64, entries: Vec<&AuditEntry>) -> Reply {
    let results: Vec<Value> = entries
        .iter()
        .map(|e| e.render(ts.def.id_or_name(), portal_id))
        .collect();
    Reply::Body(json!({ "results": results }))
}

/// The changes made to a pipeline and, one by one, to its stages, newest first. An archived
/// pipeline still has its audit (it keeps its ID and can be restored).
pub(super) fn audit(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let ts = state.type_state(req.param(ObjectType)?)?;
    let p = find_pipeline(ts, req.param(PipelineId)?, true)?;
    let tp = pipelines_of(ts)?;
    let entries = tp.pipeline_audit(&tp.pipelines[p].id);
    Ok(audit_reply(ts, state.portal_id, entries))
}

/// The stages of one pipeline.
pub(super) mod stages {
    use super::*;

    pub(in crate::routes) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
        let state = shared.read();
        let ts = state.type_state(req.param(ObjectType)?)?;
        let p = find_pipeline(ts, req.param(PipelineId)?, false)?;
        let results: Vec<Value> = pipelines_of(ts)?.pipelines[p]
            .listed_stages()
            .iter()
            .map(|s| s.render())
            .collect();
        Ok(Reply::Body(json!({ "results": results })))
    }

    pub(in crate::routes) fn get(shared: &Shared, req: &Req) -> ApiResult<Reply> {
        let state = shared.read();
        let ts = state.type_state(req.param(ObjectType)?)?;
        let (p, s) = find_stage(ts, req, false)?;
        Ok(Reply::Body(
            pipelines_of(ts)?.pipelines[p].stages[s].render(),
        ))
    }

    pub(in crate::routes) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
        let input: StageInput = req.json()?;
        write(shared, req, |ts| {
            let now = now_ms();
            let p = find_pipeline(ts, req.param(PipelineId)?, false)?;
            let tp = tp_mut(ts)?;
            let stage = check_stage(&input, tp)?;
            unique_stage_label(&tp.pipelines[p], &stage.0, None)?;
            let stage = new_stage(tp.new_id(), stage, now);
            let body = stage.render();
            let ids = (tp.pipelines[p].id.clone(), stage.id.clone());
            let pipeline = &mut tp.pipelines[p];
            pipeline.stages.push(stage);
            pipeline.updated_at = now;
            tp.record_stage(
                AuditAction::Create,
                (&ids.0, &ids.1),
                true,
                body.clone(),
                now,
            );
            Ok(Reply::Body(body))
        })
    }

    pub(in crate::routes) fn update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
        let patch: StagePatch = req.json()?;
        write(shared, req, |ts| {
            let (p, s) = find_stage(ts, req, true)?;
            let tp = tp_mut(ts)?;
            let old = &tp.pipelines[p].stages[s];
            if old.archived && patch.archived != Some(false) {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "OBJECT_NOT_FOUND",
                    format!(
                        "Stage {} is archived; restore it with archived: false",
                        old.id
                    ),
                ));
            }
            let label = match &patch.label {
                Some(l) => non_empty(l, "stage")?,
                None => old.label.clone(),
            };
            let own = old.id.clone();
            unique_stage_label(&tp.pipelines[p], &label, Some(&own))?;
            let metadata = match &patch.metadata {
                Some(m) => Some(metadata(m, tp)?),
                None => None,
            };
            let live = tp.pipelines[p].listed_stages().len();
            if patch.archived == Some(true) && !tp.pipelines[p].stages[s].archived && live == 1 {
                return Err(last_stage(&tp.pipelines[p]));
            }
            let pipeline_id = tp.pipelines[p].id.clone();
            let stage = &mut tp.pipelines[p].stages[s];
            stage.label = label;
            if let Some(o) = patch.display_order {
                stage.display_order = o;
            }
            if let Some(m) = metadata {
                stage.metadata = m;
            }
            if let Some(a) = patch.archived {
                stage.archived = a;
            }
            let now = now_ms();
            stage.updated_at = now;
            let body = stage.render();
            let ids = (pipeline_id.as_str(), own.as_str());
            tp.record_stage(change(patch.archived), ids, true, body.clone(), now);
            Ok(Reply::Body(body))
        })
    }

    pub(in crate::routes) fn replace(shared: &Shared, req: &Req) -> ApiResult<Reply> {
        let input: StageInput = req.json()?;
        write(shared, req, |ts| {
            let (p, s) = find_stage(ts, req, false)?;
            let tp = tp_mut(ts)?;
            let (label, display_order, metadata) = check_stage(&input, tp)?;
            let own = tp.pipelines[p].stages[s].id.clone();
            unique_stage_label(&tp.pipelines[p], &label, Some(&own))?;
            let pipeline_id = tp.pipelines[p].id.clone();
            let stage = &mut tp.pipelines[p].stages[s];
            stage.label = label;
            stage.display_order = display_order;
            stage.metadata = metadata;
            let now = now_ms();
            stage.updated_at = now;
            let body = stage.render();
            let ids = (pipeline_id.as_str(), own.as_str());
            tp.record_stage(AuditAction::Update, ids, true, body.clone(), now);
            Ok(Reply::Body(body))
        })
    }

    pub(in crate::routes) fn archive(shared: &Shared, req: &Req) -> ApiResult<Reply> {
        let check = validate_references(req)?;
        write(shared, req, |ts| {
            let (p, s) = find_stage(ts, req, false)?;
            let tp = pipelines_of(ts)?;
            let pipeline = &tp.pipelines[p];
            if pipeline.listed_stages().len() == 1 {
                return Err(last_stage(pipeline));
            }
            let (property, id) = (tp.stage_property.clone(), pipeline.stages[s].id.clone());
            refuse_if_used(ts, check, &property, "Stage", &id)?;
            let now = now_ms();
            let tp = tp_mut(ts)?;
            let pipeline = &mut tp.pipelines[p];
            pipeline.stages[s].archived = true;
            pipeline.stages[s].updated_at = now;
            pipeline.updated_at = now;
            let raw = pipeline.stages[s].render();
            let pipeline_id = pipeline.id.clone();
            let ids = (pipeline_id.as_str(), id.as_str());
            tp.record_stage(AuditAction::Delete, ids, true, raw, now);
            Ok(Reply::Empty)
        })
    }

    /// The changes made to a stage, newest first: through the stages API, and by its
    /// pipeline's create and replace. Archived stages, and stages of an archived pipeline,
    /// still have their audit.
    pub(in crate::routes) fn audit(shared: &Shared, req: &Req) -> ApiResult<Reply> {
        let state = shared.read();
        let ts = state.type_state(req.param(ObjectType)?)?;
        let p = find_pipeline(ts, req.param(PipelineId)?, true)?;
        let tp = pipelines_of(ts)?;
        let pipeline = &tp.pipelines[p];
        let id = req.param(StageId)?;
        let stage = pipeline
            .stages
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| not_found("stage", id, ts))?;
        let entries = tp.stage_audit(&pipeline.id, &stage.id);
        Ok(audit_reply(ts, state.portal_id, entries))
    }
}
