//! Pipelines as the account holds them: per object type, the pipelines and stages its records
//! move through (seeded from the tables' `pipelines`, changed through the pipelines API), the
//! options of the two properties naming a record's pipeline and stage (which follow the live
//! pipelines), and the check every record write goes through: a record's pipeline must be a
//! live pipeline of its type, and its stage a live stage of that pipeline. Every change made
//! through the pipelines API is kept in the type's audit (`TypePipelines::audit`).

use std::collections::BTreeMap;

use hubspot_crm_schema::ObjectDef;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult, ErrorDetail};
use crate::records::Changes;
use crate::state::{OptionDef, TypeState};
use crate::values::format_datetime;

/// IDs the emulator gives pipelines and stages created through the API start here (HubSpot
/// gives them numeric strings); an ID already in use by the type is skipped.
pub const FIRST_CREATED_ID: u64 = 1000;

fn first_created_id() -> u64 {
    FIRST_CREATED_ID
}

fn first_audit_sequence() -> u64 {
    1
}

/// The pipelines of one object type, and which properties of its records name them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypePipelines {
    /// The property naming a record's pipeline (`pipeline`).
    pub pipeline_property: String,
    /// The property naming a record's stage (`dealstage`).
    pub stage_property: String,
    /// Metadata keys every stage must have (deals: `probability`).
    #[serde(default)]
    pub required_metadata: Vec<String>,
    /// Every pipeline, archived ones too, oldest first: the first live one is the default.
    pub pipelines: Vec<Pipeline>,
    /// The next numeric ID to give.
    #[serde(default = "first_created_id")]
    pub next_id: u64,
    /// Every change made to the type's pipelines and stages through the API, oldest first.
    /// Absent from snapshots written before audits existed: none.
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
    /// The sequence number of the next audit entry.
    #[serde(default = "first_audit_sequence")]
    pub next_audit: u64,
}

/// What a change did to a pipeline or stage, as its audit entry names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditAction {
    /// Created (a pipeline, or a stage of one).
    #[serde(rename = "CREATE")]
    Create,
    /// Changed (PATCH or PUT), or restored.
    #[serde(rename = "UPDATE")]
    Update,
    /// Archived.
    #[serde(rename = "DELETE")]
    Delete,
}

impl AuditAction {
    /// The `action` of the entry.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Create => "CREATE",
            AuditAction::Update => "UPDATE",
            AuditAction::Delete => "DELETE",
        }
    }

    fn past(self) -> &'static str {
        match self {
            AuditAction::Create => "created",
            AuditAction::Update => "updated",
            AuditAction::Delete => "archived",
        }
    }
}

/// One change to a pipeline or one of its stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Its number among the type's entries, from 1: the order changes were made in.
    pub sequence: u64,
    /// What the change did.
    pub action: AuditAction,
    /// The pipeline changed, or the pipeline of the stage changed.
    pub pipeline_id: String,
    /// The stage changed, for a change to a stage.
    pub stage_id: Option<String>,
    /// Whether the pipeline's own audit lists it: changes to the pipeline, and changes made
    /// to one stage through the stages API. A stage created, changed or archived by a
    /// pipeline's create or replace is in the stage's audit only (the pipeline's entry holds
    /// the stages).
    pub in_pipeline_audit: bool,
    /// When, epoch ms.
    pub timestamp: i64,
    /// The pipeline or stage as HubSpot's JSON shows it after the change.
    pub raw_object: Value,
}

impl AuditEntry {
    /// HubSpot's `PublicAuditInfo` shape. The identifier is the type's ID (or name) and the
    /// entry's sequence number, unique in the account.
    pub fn render(&self, type_key: &str, portal_id: u64) -> Value {
        let message = match &self.stage_id {
            None => format!("Pipeline {} {}", self.pipeline_id, self.action.past()),
            Some(stage) => format!(
                "Stage {stage} of pipeline {} {}",
                self.pipeline_id,
                self.action.past()
            ),
        };
        json!({
            "action": self.action.as_str(),
            "identifier": format!("{type_key}:{}", self.sequence),
            "portalId": portal_id,
            "message": message,
            "rawObject": self.raw_object,
            "timestamp": format_datetime(self.timestamp),
        })
    }
}

/// A pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// Its ID.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Where it is listed among the type's pipelines.
    pub display_order: i64,
    /// Archived.
    #[serde(default)]
    pub archived: bool,
    /// Creation time, epoch ms.
    pub created_at: i64,
    /// Last change, epoch ms.
    pub updated_at: i64,
    /// Every stage, archived ones too, in the order they were added.
    pub stages: Vec<Stage>,
}

/// A stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// Its ID, unique among the type's stages.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Where it is listed in its pipeline.
    pub display_order: i64,
    /// HubSpot's metadata, as strings.
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// Archived.
    #[serde(default)]
    pub archived: bool,
    /// Creation time, epoch ms.
    pub created_at: i64,
    /// Last change, epoch ms.
    pub updated_at: i64,
}

impl TypePipelines {
    /// The pipelines an object's table gives every account, created at epoch ms `now`; `None`
    /// for an object without pipelines.
    pub fn from_table(object: &ObjectDef, now: i64) -> Option<TypePipelines> {
        let names = object.pipeline_properties.as_ref()?;
        let order = |given: Option<i64>, i: usize| given.unwrap_or(i as i64);
        let pipelines = object
            .pipelines
            .iter()
            .enumerate()
            .map(|(i, p)| Pipeline {
                id: p.id.clone(),
                label: p.label.clone(),
                display_order: order(p.display_order, i),
                archived: false,
                created_at: now,
                updated_at: now,
                stages: p
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(j, s)| Stage {
                        id: s.id.clone(),
                        label: s.label.clone(),
                        display_order: order(s.display_order, j),
                        metadata: s.metadata.clone(),
                        archived: false,
                        created_at: now,
                        updated_at: now,
                    })
                    .collect(),
            })
            .collect();
        Some(TypePipelines {
            pipeline_property: names.pipeline.clone(),
            stage_property: names.stage.clone(),
            required_metadata: object.required_stage_metadata.clone(),
            pipelines,
            next_id: FIRST_CREATED_ID,
            audit: Vec::new(),
            next_audit: first_audit_sequence(),
        })
    }

    /// Records a change to the pipeline `pipeline` (`raw_object`: the pipeline after it) at
    /// epoch ms `now`.
    pub fn record_pipeline(
        &mut self,
        action: AuditAction,
        pipeline: &str,
        raw_object: Value,
        now: i64,
    ) {
        self.push_audit(action, pipeline, None, true, raw_object, now);
    }

    /// Records a change to the stage `stage` of `pipeline` (`raw_object`: the stage after
    /// it) at epoch ms `now`; `in_pipeline_audit` when the change was made to the stage
    /// alone (through the stages API), not as part of a change to its pipeline.
    pub fn record_stage(
        &mut self,
        action: AuditAction,
        (pipeline, stage): (&str, &str),
        in_pipeline_audit: bool,
        raw_object: Value,
        now: i64,
    ) {
        self.push_audit(
            action,
            pipeline,
            Some(stage),
            in_pipeline_audit,
            raw_object,
            now,
        );
    }

    fn push_audit(
        &mut self,
        action: AuditAction,
        pipeline: &str,
        stage: Option<&str>,
        in_pipeline_audit: bool,
        raw_object: Value,
        now: i64,
    ) {
        let sequence = self.next_audit;
        self.next_audit += 1;
        self.audit.push(AuditEntry {
            sequence,
            action,
            pipeline_id: pipeline.to_string(),
            stage_id: stage.map(str::to_string),
            in_pipeline_audit,
            timestamp: now,
            raw_object,
        });
    }

    /// The audit of the pipeline `pipeline`, newest first.
    pub fn pipeline_audit(&self, pipeline: &str) -> Vec<&AuditEntry> {
        self.audit
            .iter()
            .rev()
            .filter(|e| e.in_pipeline_audit && e.pipeline_id == pipeline)
            .collect()
    }

    /// The audit of the stage `stage` of `pipeline`, newest first.
    pub fn stage_audit(&self, pipeline: &str, stage: &str) -> Vec<&AuditEntry> {
        self.audit
            .iter()
            .rev()
            .filter(|e| e.pipeline_id == pipeline && e.stage_id.as_deref() == Some(stage))
            .collect()
    }

    /// Live pipelines in the order HubSpot lists them: by display order, then label.
    pub fn listed(&self) -> Vec<&Pipeline> {
        let mut live: Vec<&Pipeline> = self.pipelines.iter().filter(|p| !p.archived).collect();
        live.sort_by(|a, b| (a.display_order, &a.label).cmp(&(b.display_order, &b.label)));
        live
    }

    /// The default pipeline: the oldest live one (HubSpot's own, from the tables, first).
    pub fn default_pipeline(&self) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| !p.archived)
    }

    /// The live pipeline `id`.
    pub fn pipeline(&self, id: &str) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| p.id == id && !p.archived)
    }

    /// A fresh numeric ID, used by no pipeline or stage of the type.
    pub fn new_id(&mut self) -> String {
        loop {
            let id = self.next_id.to_string();
            self.next_id += 1;
            let used = self
                .pipelines
                .iter()
                .any(|p| p.id == id || p.stages.iter().any(|s| s.id == id));
            if !used {
                return id;
            }
        }
    }

    /// The live pipeline holding the live stage `stage`, if any.
    pub fn pipeline_of_stage(&self, stage: &str) -> Option<&Pipeline> {
        self.pipelines
            .iter()
            .filter(|p| !p.archived)
            .find(|p| p.stage(stage).is_some())
    }
}

impl Pipeline {
    /// The live stage `id`.
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id && !s.archived)
    }

    /// Live stages in the order HubSpot lists them: by display order.
    pub fn listed_stages(&self) -> Vec<&Stage> {
        let mut live: Vec<&Stage> = self.stages.iter().filter(|s| !s.archived).collect();
        live.sort_by_key(|s| s.display_order);
        live
    }

    /// HubSpot's JSON shape, with its live stages.
    pub fn render(&self) -> Value {
        json!({
            "id": self.id,
            "label": self.label,
            "displayOrder": self.display_order,
            "archived": self.archived,
            "createdAt": format_datetime(self.created_at),
            "updatedAt": format_datetime(self.updated_at),
            "stages": self.listed_stages().iter().map(|s| s.render()).collect::<Vec<_>>(),
        })
    }
}

impl Stage {
    /// HubSpot's JSON shape.
    pub fn render(&self) -> Value {
        json!({
            "id": self.id,
            "label": self.label,
            "displayOrder": self.display_order,
            "metadata": self.metadata,
            "archived": self.archived,
            "createdAt": format_datetime(self.created_at),
            "updatedAt": format_datetime(self.updated_at),
        })
    }
}

/// Rewrites the options of the type's pipeline and stage properties from its live
/// pipelines, as HubSpot's property definitions list them: every live pipeline, and every
/// live stage of every live pipeline, with their own labels. No change for a type without
/// pipelines.
pub fn sync_options(ts: &mut TypeState) {
    let Some(tp) = &ts.pipelines else {
        return;
    };
    let listed = tp.listed();
    let option = |j: usize, value: &str, label: &str| OptionDef {
        value: value.to_string(),
        label: label.to_string(),
        display_order: j as i64,
        hidden: false,
    };
    let pipelines: Vec<OptionDef> = listed
        .iter()
        .enumerate()
        .map(|(j, p)| option(j, &p.id, &p.label))
        .collect();
    let stages: Vec<OptionDef> = listed
        .iter()
        .flat_map(|p| p.listed_stages())
        .enumerate()
        .map(|(j, s)| option(j, &s.id, &s.label))
        .collect();
    if let Some(def) = ts.properties.get_mut(&tp.pipeline_property) {
        def.options = pipelines;
    }
    if let Some(def) = ts.properties.get_mut(&tp.stage_property) {
        def.options = stages;
    }
}

/// HubSpot's 400 for a property value that is not one of its options, with `message`.
fn invalid(property: &str, message: String) -> ApiError {
    ApiError::invalid_properties(vec![ErrorDetail {
        message,
        code: Some("INVALID_OPTION".into()),
        context: Some(json!({ "propertyName": [property] })),
    }])
}

/// Checks the pipeline and stage a write gives a record of `ts` (`existing` when it updates
/// one), after its values were validated, and completes it as HubSpot does:
///
/// - a stage must be a live stage of the record's pipeline: the one the write names, else the
///   one the record is in, else the default pipeline, which is then written too (a record
///   naming a stage but no pipeline goes to the default pipeline);
/// - moving a record to another pipeline without naming a stage is refused when its stage is
///   not in that pipeline (HubSpot: with several pipelines, set both).
///
/// Types without pipelines, and types whose account has no live pipeline (the tables list
/// no default for them and none was created), take any value.
pub fn check(ts: &TypeState, changes: &mut Changes, existing: Option<u64>) -> ApiResult<()> {
    let Some(tp) = &ts.pipelines else {
        return Ok(());
    };
    let (pp, sp) = (&tp.pipeline_property, &tp.stage_property);
    let pipeline_change = changes.get(pp).cloned();
    let stage_change = changes.get(sp).cloned();
    // Nothing to check when neither is written, or when the stage is only cleared.
    if pipeline_change.is_none() && matches!(stage_change, None | Some(None)) {
        return Ok(());
    }
    let Some(default) = tp.default_pipeline() else {
        return Ok(());
    };
    let record = existing.and_then(|id| ts.records.get(&id));
    let current = |p: &str| record.and_then(|r| r.properties.get(p)).cloned();
    let stage = match &stage_change {
        Some(value) => value.clone(),
        None => current(sp),
    };
    let named = match &pipeline_change {
        Some(value) => value.clone(),
        None => current(pp),
    };
    let pipeline_id = match named {
        Some(id) => id,
        None => {
            if stage.is_some() || pipeline_change.is_some() {
                changes.insert(pp.clone(), Some(default.id.clone()));
            }
            default.id.clone()
        }
    };
    let Some(pipeline) = tp.pipeline(&pipeline_id) else {
        return Err(invalid(
            pp,
            format!(
                "{pipeline_id} is not a pipeline of {}: it was archived or never existed",
                ts.def.plural
            ),
        ));
    };
    let Some(stage) = stage else {
        return Ok(());
    };
    if pipeline.stage(&stage).is_some() {
        return Ok(());
    }
    let message = match (tp.pipeline_of_stage(&stage), &stage_change) {
        (Some(other), Some(_)) => format!(
            "{stage} is a stage of pipeline {} ({}), not of pipeline {} ({}): set {pp} to the stage's pipeline",
            other.id, other.label, pipeline.id, pipeline.label
        ),
        (_, None) => format!(
            "the record's stage {stage} is not in pipeline {} ({}): set {sp} together with {pp}",
            pipeline.id, pipeline.label
        ),
        (None, Some(_)) => format!(
            "{stage} is not a stage of pipeline {} ({})",
            pipeline.id, pipeline.label
        ),
    };
    Err(invalid(sp, message))
}

/// How many live records of `ts` hold `value` in `property`.
pub fn records_using(ts: &TypeState, property: &str, value: &str) -> usize {
    ts.records
        .values()
        .filter(|r| !r.archived && r.properties.get(property).map(String::as_str) == Some(value))
        .count()
}
