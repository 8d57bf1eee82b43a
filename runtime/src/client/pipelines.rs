//! Pipelines and their stages (HubSpot's pipelines API), for objects whose records move
//! through them: `client.deals().pipelines()`. The methods exist only for objects that
//! implement [`HasPipelines`], so asking for a contact's pipelines does not compile.
//!
//! IDs are typed by the object's pipeline and stage properties: a deal pipeline's ID is a
//! `deals::Pipeline` (`Pipeline::SalesPipeline`, or `Unlisted("…")` for one the account
//! created), a stage's a `deals::Dealstage`. A stage's ID is what a record's stage property
//! takes, so a created stage can be set on a record as it comes back.
//!
//! Every pipeline and stage has an audit, the changes made to it, newest first
//! ([`Pipelines::audit`], [`Pipelines::stage_audit`]).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use super::wire::Page;
use super::{Call, Client, Error, Objects, Response};
use crate::endpoints::Family;
use crate::object::HasPipelines;
use crate::property::PropertyValue;
use crate::vocab::PathParam::{self, ObjectType, PipelineId, StageId};

/// A pipeline of object `O` as HubSpot returns it, with its stages.
pub struct Pipeline<O: HasPipelines> {
    /// Its ID (`default` for deals' Sales Pipeline).
    pub id: O::Pipeline,
    /// Its label.
    pub label: String,
    /// Where HubSpot lists it among the object's pipelines (lowest first).
    pub display_order: i64,
    /// Whether it is archived.
    pub archived: bool,
    /// When it was created.
    pub created_at: Option<OffsetDateTime>,
    /// When it was last changed.
    pub updated_at: Option<OffsetDateTime>,
    /// Its stages.
    pub stages: Vec<Stage<O>>,
}

/// A stage of a pipeline of object `O`.
pub struct Stage<O: HasPipelines> {
    /// Its ID: what a record's stage property holds.
    pub id: O::Stage,
    /// Its label.
    pub label: String,
    /// Where HubSpot lists it in its pipeline (lowest first).
    pub display_order: i64,
    /// HubSpot's metadata, as strings (deals: `probability`, `isClosed`; tickets:
    /// `ticketState`).
    pub metadata: BTreeMap<String, String>,
    /// Whether it is archived.
    pub archived: bool,
    /// When it was created.
    pub created_at: Option<OffsetDateTime>,
    /// When it was last changed.
    pub updated_at: Option<OffsetDateTime>,
}

impl<O: HasPipelines> Pipeline<O> {
    /// The live stage labelled `label`, if any.
    pub fn stage(&self, label: &str) -> Option<&Stage<O>> {
        self.stages.iter().find(|s| s.label == label && !s.archived)
    }
}

impl<O: HasPipelines> Clone for Pipeline<O> {
    fn clone(&self) -> Self {
        Pipeline {
            id: self.id.clone(),
            label: self.label.clone(),
            display_order: self.display_order,
            archived: self.archived,
            created_at: self.created_at,
            updated_at: self.updated_at,
            stages: self.stages.clone(),
        }
    }
}

impl<O: HasPipelines> Clone for Stage<O> {
    fn clone(&self) -> Self {
        Stage {
            id: self.id.clone(),
            label: self.label.clone(),
            display_order: self.display_order,
            metadata: self.metadata.clone(),
            archived: self.archived,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

impl<O: HasPipelines> fmt::Debug for Pipeline<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipeline")
            .field("id", &self.id)
            .field("label", &self.label)
            .field("display_order", &self.display_order)
            .field("archived", &self.archived)
            .field("stages", &self.stages)
            .finish()
    }
}

impl<O: HasPipelines> fmt::Debug for Stage<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stage")
            .field("id", &self.id)
            .field("label", &self.label)
            .field("display_order", &self.display_order)
            .field("metadata", &self.metadata)
            .field("archived", &self.archived)
            .finish()
    }
}

/// A pipeline as HubSpot sends it, before its IDs and dates are typed.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePipeline {
    id: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    display_order: i64,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    stages: Vec<WireStage>,
}

/// A stage as HubSpot sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireStage {
    id: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    display_order: i64,
    #[serde(default)]
    metadata: BTreeMap<String, Value>,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

fn typed<T: PropertyValue>(what: &str, raw: &str) -> Result<T, String> {
    T::from_wire(raw).map_err(|e| format!("{what} `{raw}`: {e}"))
}

fn time(what: &str, raw: Option<String>) -> Result<Option<OffsetDateTime>, String> {
    match raw.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => typed(what, &s).map(Some),
    }
}

impl<O: HasPipelines> TryFrom<WireStage> for Stage<O> {
    type Error = String;

    fn try_from(w: WireStage) -> Result<Self, String> {
        // HubSpot sends metadata values as strings; anything else is kept as its JSON text.
        let metadata = w
            .metadata
            .into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect();
        Ok(Stage {
            id: typed("stage ID", &w.id)?,
            label: w.label,
            display_order: w.display_order,
            metadata,
            archived: w.archived,
            created_at: time("stage createdAt", w.created_at)?,
            updated_at: time("stage updatedAt", w.updated_at)?,
        })
    }
}

impl<O: HasPipelines> TryFrom<WirePipeline> for Pipeline<O> {
    type Error = String;

    fn try_from(w: WirePipeline) -> Result<Self, String> {
        Ok(Pipeline {
            id: typed("pipeline ID", &w.id)?,
            label: w.label,
            display_order: w.display_order,
            archived: w.archived,
            created_at: time("pipeline createdAt", w.created_at)?,
            updated_at: time("pipeline updatedAt", w.updated_at)?,
            stages: w
                .stages
                .into_iter()
                .map(Stage::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl<'de, O: HasPipelines> Deserialize<'de> for Pipeline<O> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Pipeline::try_from(WirePipeline::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl<'de, O: HasPipelines> Deserialize<'de> for Stage<O> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Stage::try_from(WireStage::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// One change to a pipeline or stage, as its audit lists it (HubSpot's `PublicAuditInfo`).
///
/// HubSpot does not document the values of `action` (the emulator answers `CREATE`, `UPDATE`
/// and `DELETE`), so it is kept as sent; `raw_object` is the pipeline or stage as HubSpot
/// recorded it, untyped.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineAuditEntry {
    /// What was done (`CREATE`, `UPDATE`, `DELETE`, ...).
    pub action: String,
    /// The entry's identifier, unique to it.
    pub identifier: String,
    /// The account (portal) the change was made in.
    pub portal_id: u64,
    /// The user who made the change, when HubSpot says.
    pub from_user_id: Option<u64>,
    /// HubSpot's description of the change.
    pub message: Option<String>,
    /// The pipeline or stage the change concerned, as HubSpot recorded it.
    pub raw_object: Option<Value>,
    /// When the change was made.
    pub timestamp: Option<OffsetDateTime>,
}

/// An audit entry as HubSpot sends it, before its time is typed.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAuditEntry {
    action: String,
    identifier: String,
    portal_id: u64,
    #[serde(default)]
    from_user_id: Option<u64>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    raw_object: Option<Value>,
    #[serde(default)]
    timestamp: Option<String>,
}

impl TryFrom<WireAuditEntry> for PipelineAuditEntry {
    type Error = String;

    fn try_from(w: WireAuditEntry) -> Result<Self, String> {
        Ok(PipelineAuditEntry {
            timestamp: time("audit timestamp", w.timestamp)?,
            action: w.action,
            identifier: w.identifier,
            portal_id: w.portal_id,
            from_user_id: w.from_user_id,
            message: w.message,
            // `null` is no object.
            raw_object: w.raw_object.filter(|v| !v.is_null()),
        })
    }
}

impl<'de> Deserialize<'de> for PipelineAuditEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        PipelineAuditEntry::try_from(WireAuditEntry::deserialize(d)?)
            .map_err(serde::de::Error::custom)
    }
}

/// A pipeline to create, or the whole of one replacing another (`replace`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPipeline {
    /// Its label, unique among the object's pipelines.
    pub label: String,
    /// Where HubSpot lists it among the object's pipelines.
    pub display_order: i64,
    /// Its stages; at least one.
    pub stages: Vec<NewStage>,
}

impl NewPipeline {
    /// A pipeline labelled `label`, listed after HubSpot's own (display order 1), with these
    /// stages.
    pub fn new(label: impl Into<String>, stages: Vec<NewStage>) -> Self {
        NewPipeline {
            label: label.into(),
            display_order: 1,
            stages,
        }
    }
}

/// A stage to create, or the whole of one replacing another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewStage {
    /// Its label, unique in its pipeline.
    pub label: String,
    /// Where HubSpot lists it in its pipeline.
    pub display_order: i64,
    /// HubSpot's metadata: deal stages need `probability` (`"0.0"` to `"1.0"`), ticket stages
    /// `ticketState` (`OPEN` or `CLOSED`).
    pub metadata: BTreeMap<String, String>,
}

impl NewStage {
    /// A stage labelled `label` at `display_order`, without metadata yet.
    pub fn new(label: impl Into<String>, display_order: i64) -> Self {
        NewStage {
            label: label.into(),
            display_order,
            metadata: BTreeMap::new(),
        }
    }

    /// The stage with metadata `key` set to `value`.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.insert(key.into(), value.into());
        self
    }
}

/// Changes to a pipeline (`update`): the fields given are changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineUpdate {
    /// A new label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A new display order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_order: Option<i64>,
    /// `Some(false)` restores an archived pipeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

/// Changes to a stage (`update_stage`): the fields given are changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageUpdate {
    /// A new label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A new display order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_order: Option<i64>,
    /// New metadata (replacing the stage's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    /// `Some(false)` restores an archived stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

/// The pipelines of object `O`; see [`Objects::pipelines`].
pub struct Pipelines<'c, O> {
    client: &'c Client,
    object: PhantomData<fn() -> O>,
}

impl<O> Clone for Pipelines<'_, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O> Copy for Pipelines<'_, O> {}

impl<O> fmt::Debug for Pipelines<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let full = std::any::type_name::<O>();
        write!(f, "Pipelines<{}>", full.rsplit("::").next().unwrap_or(full))
    }
}

impl<'c, O: crate::object::CrmObject> Objects<'c, O> {
    /// The object's pipelines and their stages.
    ///
    /// ```no_run
    /// # async fn demo<O: hubspot_crm_runtime::HasPipelines>(
    /// #     deals: hubspot_crm_runtime::Objects<'_, O>,
    /// # ) -> Result<(), hubspot_crm_runtime::Error> {
    /// for pipeline in deals.pipelines().list().await? {
    ///     println!("{}: {} stages", pipeline.label, pipeline.stages.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pipelines(&self) -> Pipelines<'c, O>
    where
        O: HasPipelines,
    {
        Pipelines {
            client: self.client,
            object: PhantomData,
        }
    }
}

/// `validateReferencesBeforeDelete=true`: refuse to archive what records still use.
const VALIDATE_REFERENCES: (&str, &str) = ("validateReferencesBeforeDelete", "true");

impl<O: HasPipelines> Pipelines<'_, O> {
    /// Calls a pipelines family for `O` with the pipeline and stage IDs its path takes, an
    /// optional JSON body and query.
    async fn call(
        &self,
        family: Family,
        pipeline: Option<&O::Pipeline>,
        stage: Option<&O::Stage>,
        body: Option<&dyn erased::Body>,
        query: &[(&'static str, &str)],
    ) -> Result<Response, Error> {
        let pipeline = pipeline.map(PropertyValue::to_wire);
        let stage = stage.map(PropertyValue::to_wire);
        let mut params: Vec<(PathParam, &str)> = vec![(ObjectType, O::path_segment())];
        params.extend(pipeline.as_deref().map(|p| (PipelineId, p)));
        params.extend(stage.as_deref().map(|s| (StageId, s)));
        let mut call =
            Call::at(&params).query(query.iter().map(|(k, v)| (*k, (*v).to_string())).collect());
        if let Some(body) = body {
            call.body = Some(body.bytes()?);
        }
        self.client.call(family, call).await
    }

    /// The object's live pipelines, with their stages.
    pub async fn list(&self) -> Result<Vec<Pipeline<O>>, Error> {
        let page: Page<Pipeline<O>> = self
            .call(Family::PipelinesList, None, None, None, &[])
            .await?
            .json()?;
        Ok(page.results)
    }

    /// One pipeline, with its stages.
    pub async fn get(&self, id: &O::Pipeline) -> Result<Pipeline<O>, Error> {
        self.call(Family::PipelinesGet, Some(id), None, None, &[])
            .await?
            .json()
    }

    /// Creates a pipeline with its stages; HubSpot gives it and its stages their IDs.
    pub async fn create(&self, pipeline: &NewPipeline) -> Result<Pipeline<O>, Error> {
        self.call(Family::PipelinesCreate, None, None, Some(pipeline), &[])
            .await?
            .json()
    }

    /// Changes a pipeline's label or display order (or restores it).
    pub async fn update(
        &self,
        id: &O::Pipeline,
        changes: &PipelineUpdate,
    ) -> Result<Pipeline<O>, Error> {
        self.call(Family::PipelinesUpdate, Some(id), None, Some(changes), &[])
            .await?
            .json()
    }

    /// Replaces a pipeline whole: its label, display order and stages (stages not listed are
    /// archived).
    pub async fn replace(
        &self,
        id: &O::Pipeline,
        pipeline: &NewPipeline,
    ) -> Result<Pipeline<O>, Error> {
        self.call(
            Family::PipelinesReplace,
            Some(id),
            None,
            Some(pipeline),
            &[],
        )
        .await?
        .json()
    }

    /// Archives a pipeline, whether or not records are in it.
    pub async fn archive(&self, id: &O::Pipeline) -> Result<(), Error> {
        self.call(Family::PipelinesArchive, Some(id), None, None, &[])
            .await?;
        Ok(())
    }

    /// Archives a pipeline unless records are in it (then HubSpot refuses with an error).
    pub async fn archive_if_unused(&self, id: &O::Pipeline) -> Result<(), Error> {
        self.call(
            Family::PipelinesArchive,
            Some(id),
            None,
            None,
            &[VALIDATE_REFERENCES],
        )
        .await?;
        Ok(())
    }

    /// The changes made to a pipeline, newest first: to the pipeline itself, and to its
    /// stages one by one. HubSpot answers them all at once (no paging).
    ///
    /// ```no_run
    /// # async fn demo<O: hubspot_crm_runtime::HasPipelines>(
    /// #     deals: hubspot_crm_runtime::Objects<'_, O>,
    /// #     id: O::Pipeline,
    /// # ) -> Result<(), hubspot_crm_runtime::Error> {
    /// for change in deals.pipelines().audit(&id).await? {
    ///     println!("{} {:?}: {:?}", change.action, change.timestamp, change.message);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn audit(&self, id: &O::Pipeline) -> Result<Vec<PipelineAuditEntry>, Error> {
        let page: Page<PipelineAuditEntry> = self
            .call(Family::PipelinesAudit, Some(id), None, None, &[])
            .await?
            .json()?;
        Ok(page.results)
    }

    /// A pipeline's live stages.
    pub async fn stages(&self, pipeline: &O::Pipeline) -> Result<Vec<Stage<O>>, Error> {
        let page: Page<Stage<O>> = self
            .call(Family::PipelineStagesList, Some(pipeline), None, None, &[])
            .await?
            .json()?;
        Ok(page.results)
    }

    /// One stage of a pipeline.
    pub async fn stage(&self, pipeline: &O::Pipeline, id: &O::Stage) -> Result<Stage<O>, Error> {
        self.call(
            Family::PipelineStagesGet,
            Some(pipeline),
            Some(id),
            None,
            &[],
        )
        .await?
        .json()
    }

    /// Adds a stage to a pipeline; HubSpot gives it its ID.
    pub async fn create_stage(
        &self,
        pipeline: &O::Pipeline,
        stage: &NewStage,
    ) -> Result<Stage<O>, Error> {
        self.call(
            Family::PipelineStagesCreate,
            Some(pipeline),
            None,
            Some(stage),
            &[],
        )
        .await?
        .json()
    }

    /// Changes a stage's label, display order or metadata (or restores it).
    pub async fn update_stage(
        &self,
        pipeline: &O::Pipeline,
        id: &O::Stage,
        changes: &StageUpdate,
    ) -> Result<Stage<O>, Error> {
        self.call(
            Family::PipelineStagesUpdate,
            Some(pipeline),
            Some(id),
            Some(changes),
            &[],
        )
        .await?
        .json()
    }

    /// Replaces a stage whole.
    pub async fn replace_stage(
        &self,
        pipeline: &O::Pipeline,
        id: &O::Stage,
        stage: &NewStage,
    ) -> Result<Stage<O>, Error> {
        self.call(
            Family::PipelineStagesReplace,
            Some(pipeline),
            Some(id),
            Some(stage),
            &[],
        )
        .await?
        .json()
    }

    /// Archives a stage, whether or not records are in it.
    pub async fn archive_stage(&self, pipeline: &O::Pipeline, id: &O::Stage) -> Result<(), Error> {
        self.call(
            Family::PipelineStagesArchive,
            Some(pipeline),
            Some(id),
            None,
            &[],
        )
        .await?;
        Ok(())
    }

    /// The changes made to a stage of a pipeline, newest first.
    ///
    /// ```no_run
    /// # async fn demo<O: hubspot_crm_runtime::HasPipelines>(
    /// #     deals: hubspot_crm_runtime::Objects<'_, O>,
    /// #     pipeline: O::Pipeline,
    /// #     stage: O::Stage,
    /// # ) -> Result<(), hubspot_crm_runtime::Error> {
    /// let changes = deals.pipelines().stage_audit(&pipeline, &stage).await?;
    /// if let Some(last) = changes.first() {
    ///     println!("last change: {} by user {:?}", last.action, last.from_user_id);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn stage_audit(
        &self,
        pipeline: &O::Pipeline,
        id: &O::Stage,
    ) -> Result<Vec<PipelineAuditEntry>, Error> {
        let page: Page<PipelineAuditEntry> = self
            .call(
                Family::PipelineStagesAudit,
                Some(pipeline),
                Some(id),
                None,
                &[],
            )
            .await?
            .json()?;
        Ok(page.results)
    }

    /// Archives a stage unless records are in it (then HubSpot refuses with an error).
    pub async fn archive_stage_if_unused(
        &self,
        pipeline: &O::Pipeline,
        id: &O::Stage,
    ) -> Result<(), Error> {
        self.call(
            Family::PipelineStagesArchive,
            Some(pipeline),
            Some(id),
            None,
            &[VALIDATE_REFERENCES],
        )
        .await?;
        Ok(())
    }
}

/// Request bodies of different types behind one reference.
mod erased {
    use bytes::Bytes;

    use super::super::{json_body, Error};

    /// A body serialized once, whatever its type.
    pub(super) trait Body: Sync {
        fn bytes(&self) -> Result<Bytes, Error>;
    }

    impl<T: serde::Serialize + Sync> Body for T {
        fn bytes(&self) -> Result<Bytes, Error> {
            json_body(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(body: &str) -> Result<Vec<PipelineAuditEntry>, serde_json::Error> {
        serde_json::from_str::<Page<PipelineAuditEntry>>(body).map(|p| p.results)
    }

    #[test]
    fn an_audit_answer_in_hubspots_shape_decodes() {
        let body = r#"{"results": [
            {"action": "UPDATE", "identifier": "a1b2", "portalId": 62515, "fromUserId": 9001,
             "message": "Pipeline updated", "timestamp": "2026-03-02T10:15:30.250Z",
             "rawObject": {"id": "default", "label": "Sales Pipeline", "stages": []}},
            {"action": "CREATE", "identifier": "a1b1", "portalId": 62515}
        ]}"#;
        let entries = decode(body).expect("decodes");
        assert_eq!(entries.len(), 2);
        let update = &entries[0];
        assert_eq!(update.action, "UPDATE");
        assert_eq!(update.identifier, "a1b2");
        assert_eq!(update.portal_id, 62515);
        assert_eq!(update.from_user_id, Some(9001));
        assert_eq!(update.message.as_deref(), Some("Pipeline updated"));
        assert_eq!(
            update.raw_object.as_ref().map(|o| &o["label"]),
            Some(&Value::from("Sales Pipeline"))
        );
        let at = update.timestamp.expect("a timestamp");
        assert_eq!(at.unix_timestamp(), 1_772_446_530);
        assert_eq!(at.millisecond(), 250);
        // Only `action`, `identifier` and `portalId` are required.
        let create = &entries[1];
        assert_eq!(create.action, "CREATE");
        assert_eq!(
            (
                create.from_user_id,
                &create.message,
                &create.raw_object,
                create.timestamp
            ),
            (None, &None, &None, None)
        );
        assert_eq!(decode(r#"{"results": []}"#).expect("empty"), vec![]);
    }

    #[test]
    fn an_audit_entry_without_a_required_field_or_with_a_bad_time_is_a_decode_error() {
        for entry in [
            r#"{"identifier": "x", "portalId": 1}"#,
            r#"{"action": "UPDATE", "portalId": 1}"#,
            r#"{"action": "UPDATE", "identifier": "x"}"#,
            r#"{"action": "UPDATE", "identifier": "x", "portalId": "one"}"#,
            r#"{"action": "UPDATE", "identifier": "x", "portalId": 1, "timestamp": "yesterday"}"#,
        ] {
            let body = format!(r#"{{"results": [{entry}]}}"#);
            assert!(decode(&body).is_err(), "{body}");
        }
    }
}
