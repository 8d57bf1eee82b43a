//! Association labels, `/crm/v4/associations/{objectType}/{toObjectType}/labels`: the types a
//! pair has (HubSpot-defined, including the default IDs the emulator synthesises for pairs
//! HubSpot lists one way only, so clients can discover them) and the account's own
//! (`USER_DEFINED`) labels, which can be created, renamed and deleted.
//!
//! A user label is two types, one per direction, each naming the other as its inverse; a
//! self-association label without an inverse label is its own inverse.

use axum::http::StatusCode;
use hubspot_crm_vocab::PathParam;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{pair, type_json};
use crate::error::{ApiError, ApiResult};
use crate::links;
use crate::request::Req;
use crate::routes::Reply;
use crate::state::{AssociationCategory, LabelDef, State};
use crate::Shared;

/// The body of a label create.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateInput {
    label: String,
    name: String,
    #[serde(default)]
    inverse_label: Option<String>,
}

/// The body of a label rename.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateInput {
    association_type_id: u32,
    label: String,
    #[serde(default)]
    inverse_label: Option<String>,
}

/// GET: `{results: [{category, typeId, label}]}`, HubSpot-defined types first.
pub(crate) fn list(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let state = shared.read();
    let (from, to) = pair(&state, req)?;
    let mut types = Vec::new();
    if let Some(a) = state
        .types
        .get(&from)
        .and_then(|ts| ts.def.associations.get(&to))
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
    let user = state.labels.get(&(from.clone(), to.clone()));
    types.extend(
        user.into_iter()
            .flatten()
            .map(|l| (AssociationCategory::UserDefined, l.type_id)),
    );
    let results: Vec<Value> = types
        .into_iter()
        .map(|t| type_json(&state, &from, &to, t))
        .collect();
    Ok(Reply::Body(json!({ "results": results })))
}

/// A label text from a body: trimmed, not empty.
fn label_text(field: &str, text: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::validation(format!("{field} must not be empty")));
    }
    Ok(text.to_string())
}

/// POST `{label, name, inverseLabel?}`: creates a `USER_DEFINED` type from->to and its
/// inverse to->from; returns the new types, this direction's first.
pub(crate) fn create(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: CreateInput = req.json()?;
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let label = label_text("label", &input.label)?;
    let name = label_text("name", &input.name)?;
    let inverse_label = match &input.inverse_label {
        Some(l) => Some(label_text("inverseLabel", l)?),
        None => None,
    };
    let taken = state
        .labels
        .get(&(from.clone(), to.clone()))
        .is_some_and(|ls| ls.iter().any(|l| l.name == name));
    if taken {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            format!("An association label named {name} already exists from {from} to {to}"),
        ));
    }
    let id = allocate(&mut state);
    // A self-association label without an inverse label is its own inverse.
    let inverse_id = if from == to && inverse_label.is_none() {
        id
    } else {
        allocate(&mut state)
    };
    let forward = LabelDef {
        type_id: id,
        label: label.clone(),
        name: name.clone(),
        inverse_type_id: inverse_id,
    };
    state
        .labels
        .entry((from.clone(), to.clone()))
        .or_default()
        .push(forward);
    if inverse_id != id {
        let back = LabelDef {
            type_id: inverse_id,
            label: inverse_label.unwrap_or(label),
            name,
            inverse_type_id: id,
        };
        state
            .labels
            .entry((to.clone(), from.clone()))
            .or_default()
            .push(back);
    }
    let mut results = vec![type_json(
        &state,
        &from,
        &to,
        (AssociationCategory::UserDefined, id),
    )];
    if inverse_id != id {
        results.push(type_json(
            &state,
            &to,
            &from,
            (AssociationCategory::UserDefined, inverse_id),
        ));
    }
    Ok(Reply::Body(json!({ "results": results })))
}

/// The next association type ID.
fn allocate(state: &mut State) -> u32 {
    let id = state.next_association_type;
    state.next_association_type += 1;
    id
}

/// The user label `type_id` of the pair: 400 for a HubSpot-defined type (it cannot change),
/// 404 for an unknown one.
fn user_label(state: &State, from: &str, to: &str, type_id: u32) -> ApiResult<LabelDef> {
    if let Some(l) = state
        .labels
        .get(&(from.to_string(), to.to_string()))
        .and_then(|ls| ls.iter().find(|l| l.type_id == type_id))
    {
        return Ok(l.clone());
    }
    if links::is_valid_type(
        state,
        from,
        to,
        AssociationCategory::HubspotDefined,
        type_id,
    ) {
        return Err(ApiError::validation(format!(
            "association type {type_id} is defined by HubSpot; only USER_DEFINED labels can be changed or deleted"
        )));
    }
    Err(ApiError::new(
        StatusCode::NOT_FOUND,
        "OBJECT_NOT_FOUND",
        format!("No association label with type ID {type_id} exists from {from} to {to}"),
    ))
}

/// The stored label `type_id` of (`from`, `to`), mutably.
fn label_mut<'a>(
    state: &'a mut State,
    from: &str,
    to: &str,
    type_id: u32,
) -> Option<&'a mut LabelDef> {
    state
        .labels
        .get_mut(&(from.to_string(), to.to_string()))?
        .iter_mut()
        .find(|l| l.type_id == type_id)
}

/// PUT `{associationTypeId, label, inverseLabel?}`: renames a user label (and its inverse when
/// `inverseLabel` is given, or when the inverse carried the same text). 204.
pub(crate) fn update(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let input: UpdateInput = req.json()?;
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let current = user_label(&state, &from, &to, input.association_type_id)?;
    let label = label_text("label", &input.label)?;
    let inverse_label = match &input.inverse_label {
        Some(l) => Some(label_text("inverseLabel", l)?),
        None => None,
    };
    if let Some(l) = label_mut(&mut state, &from, &to, current.type_id) {
        l.label = label.clone();
    }
    if current.inverse_type_id != current.type_id {
        if let Some(inv) = label_mut(&mut state, &to, &from, current.inverse_type_id) {
            match inverse_label {
                Some(text) => inv.label = text,
                None if inv.label == current.label => inv.label = label,
                None => {}
            }
        }
    }
    Ok(Reply::Empty)
}

/// DELETE `.../labels/{associationTypeId}`: removes a user label, its inverse, and both from
/// every association. 204.
pub(crate) fn delete(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let raw = req.param(PathParam::AssociationTypeId)?;
    let type_id: u32 = raw.trim().parse().map_err(|_| {
        ApiError::validation(format!(
            "associationTypeId: {raw} is not an association type ID"
        ))
    })?;
    let mut state = shared.write();
    let (from, to) = pair(&state, req)?;
    let current = user_label(&state, &from, &to, type_id)?;
    let inverse = current.inverse_type_id;
    for (f, t, id) in [(&from, &to, type_id), (&to, &from, inverse)] {
        if let Some(ls) = state.labels.get_mut(&(f.clone(), t.clone())) {
            ls.retain(|l| l.type_id != id);
            if ls.is_empty() {
                state.labels.remove(&(f.clone(), t.clone()));
            }
        }
        links::remove_type(&mut state, f, t, AssociationCategory::UserDefined, id);
    }
    Ok(Reply::Empty)
}
