//! Merging two records into one, and deleting a record for good (GDPR).

use std::collections::BTreeSet;

use axum::http::StatusCode;
use hubspot_crm_vocab::PathParam;
use serde::Deserialize;
use serde_json::Value;

use super::super::objects::archive_one;
use super::id_text;
use crate::error::{ApiError, ApiResult};
use crate::records::{self, Changes, ReadOptions};
use crate::request::Req;
use crate::routes::Reply;
use crate::state::{AssociationCategory, AssociationKey, State, TypeState};
use crate::values::now_ms;
use crate::{links, Shared};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MergeBody {
    primary_object_id: Value,
    object_id_to_merge: Value,
}

/// A live record's ID from a merge body, 404 if there is none.
fn live_record(ts: &TypeState, id: &Value, field: &str) -> ApiResult<u64> {
    let text = id_text(id)?;
    let id = text
        .trim()
        .parse::<u64>()
        .map_err(|_| ApiError::validation(format!("{field}: {text} is not a record ID")))?;
    match ts.records.get(&id) {
        Some(r) if !r.archived => Ok(id),
        _ => {
            let mut e = ApiError::not_found();
            e.message = format!("{} {id} does not exist", ts.def.label_singular);
            Err(e)
        }
    }
}

/// Merges `objectIdToMerge` into `primaryObjectId`: the merged record's values fill the
/// primary's empty properties, its associations move to the primary, and it is archived.
/// Answers with the primary record.
pub(crate) fn merge(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let body: MergeBody = req.json()?;
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();
    let primary = live_record(ts, &body.primary_object_id, "primaryObjectId")?;
    let merged = live_record(ts, &body.object_id_to_merge, "objectIdToMerge")?;
    if primary == merged {
        return Err(ApiError::validation(format!(
            "A record cannot be merged with itself: primaryObjectId and objectIdToMerge are both {primary}"
        )));
    }
    let changes = filled_values(ts, primary, merged);
    let moved = moved_links(&state, &name, primary, merged);

    // Archive first: unique values (email) move to the primary only once the merged record
    // no longer holds them.
    archive_one(&mut state, &name, merged);
    for (key, types) in moved {
        state.associations.entry(key).or_default().extend(types);
    }
    let ts = state.type_state_mut(&name)?;
    records::update_record(ts, primary, changes, now_ms(), "API");
    let ts = state.type_state(&name)?;
    let record = ts.records.get(&primary).ok_or_else(ApiError::not_found)?;
    Ok(Reply::Body(records::render(
        &state,
        ts,
        record,
        &ReadOptions::default(),
    )))
}

/// The merged record's values for the primary's empty properties, and the merged ID added
/// to `hs_merged_object_ids` where the type has it. The primary keeps its identity and
/// dates: a merge updates it, so what an update may not write (read-only properties, and
/// those settable on create only) is not copied.
fn filled_values(ts: &TypeState, primary: u64, merged: u64) -> Changes {
    let mut changes = Changes::new();
    let (Some(p), Some(m)) = (ts.records.get(&primary), ts.records.get(&merged)) else {
        return changes;
    };
    for (name, value) in &m.properties {
        let copyable = ts
            .properties
            .get(name)
            .is_some_and(|d| !d.read_only && !d.create_only);
        if copyable && !p.properties.contains_key(name) {
            changes.insert(name.clone(), Some(value.clone()));
        }
    }
    // Replaces whatever the loop copied from the merged record.
    if ts.properties.contains_key("hs_merged_object_ids") {
        let ids: Vec<&str> = p
            .properties
            .get("hs_merged_object_ids")
            .map(|v| v.split(';').filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        let merged = merged.to_string();
        let mut all: Vec<&str> = ids;
        all.push(&merged);
        changes.insert("hs_merged_object_ids".into(), Some(all.join(";")));
    }
    changes
}

/// The merged record's associations re-keyed onto the primary, both directions. A link
/// between the two records themselves is dropped rather than turned into a self-link.
fn moved_links(
    state: &State,
    ty: &str,
    primary: u64,
    merged: u64,
) -> Vec<(AssociationKey, BTreeSet<(AssociationCategory, u32)>)> {
    let mut out = Vec::new();
    for to in state.types.keys() {
        for (to_id, types) in links::links_of(state, ty, merged, to) {
            if to == ty && (to_id == primary || to_id == merged) {
                continue;
            }
            out.push((
                (ty.to_string(), primary, to.clone(), to_id),
                types.into_iter().collect(),
            ));
            let back_key = (to.clone(), to_id, ty.to_string(), merged);
            if let Some(back) = state.associations.get(&back_key) {
                out.push(((to.clone(), to_id, ty.to_string(), primary), back.clone()));
            }
        }
    }
    out
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GdprBody {
    object_id: Value,
    id_property: Option<String>,
}

/// Deletes a record permanently with its history and associations: unlike an archive, it
/// cannot be read back, even with `archived=true`.
pub(crate) fn gdpr_delete(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let body: GdprBody = req.json()?;
    let mut state = shared.write();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let name = ts.def.name.clone();
    let id = id_text(&body.object_id)?;
    let idp = body.id_property.as_deref();
    let found = match records::find_record(ts, &id, idp, false) {
        Err(e) if e.status == StatusCode::NOT_FOUND => records::find_record(ts, &id, idp, true)?,
        other => other?,
    };
    if let Some(ts) = state.types.get_mut(&name) {
        ts.unindex_record(found);
        ts.records.remove(&found);
    }
    links::unlink_record(&mut state, &name, found);
    Ok(Reply::Empty)
}
