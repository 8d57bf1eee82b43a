//! Associations between records, kept in both directions as HubSpot does: linking a contact
//! to a company with type 279 also links the company to the contact with type 280.

use std::collections::BTreeSet;

use crate::error::{ApiError, ApiResult};
use crate::state::{AssociationCategory, State};

/// Which object type an association type ID from `from` points at (HubSpot infers the target
/// of `associations` in a create body this way).
pub fn target_for_type_id(
    state: &State,
    from: &str,
    category: AssociationCategory,
    type_id: u32,
) -> Option<String> {
    match category {
        AssociationCategory::HubspotDefined => state.types.get(from).and_then(|ts| {
            ts.def
                .associations
                .iter()
                .find(|(_, a)| {
                    a.default_type_id == type_id
                        || a.primary_type_id == Some(type_id)
                        || a.labels.iter().any(|(id, _)| *id == type_id)
                })
                .map(|(to, _)| to.clone())
        }),
        _ => state
            .labels
            .iter()
            .find(|((f, _), labels)| f == from && labels.iter().any(|l| l.type_id == type_id))
            .map(|((_, to), _)| to.clone()),
    }
}

/// Whether `type_id` of `category` is a valid type from `from` to `to`.
pub fn is_valid_type(
    state: &State,
    from: &str,
    to: &str,
    category: AssociationCategory,
    type_id: u32,
) -> bool {
    match category {
        AssociationCategory::HubspotDefined => state
            .types
            .get(from)
            .and_then(|ts| ts.def.associations.get(to))
            .is_some_and(|a| {
                a.default_type_id == type_id
                    || a.primary_type_id == Some(type_id)
                    || a.labels.iter().any(|(id, _)| *id == type_id)
            }),
        _ => state
            .labels
            .get(&(from.to_string(), to.to_string()))
            .is_some_and(|ls| ls.iter().any(|l| l.type_id == type_id)),
    }
}

/// The type that links `to` back to `from` when `type_id` links `from` to `to`.
///
/// Default types map to the inverse default, primary to primary; of a self-association's two
/// labels (parent/child company) each is the other's inverse; other labels map to the label at
/// the same position in the inverse direction, else to the inverse default.
pub fn inverse(
    state: &State,
    from: &str,
    to: &str,
    category: AssociationCategory,
    type_id: u32,
) -> Option<(AssociationCategory, u32)> {
    if category != AssociationCategory::HubspotDefined {
        return state
            .labels
            .get(&(from.to_string(), to.to_string()))?
            .iter()
            .find(|l| l.type_id == type_id)
            .map(|l| (category, l.inverse_type_id));
    }
    let forward = state.types.get(from)?.def.associations.get(to)?;
    let back = state.types.get(to)?.def.associations.get(from)?;
    if forward.default_type_id == type_id {
        return Some((category, back.default_type_id));
    }
    if forward.primary_type_id == Some(type_id) {
        return Some((
            category,
            back.primary_type_id.unwrap_or(back.default_type_id),
        ));
    }
    let pos = forward.labels.iter().position(|(id, _)| *id == type_id)?;
    if from == to && forward.labels.len() == 2 {
        return Some((category, forward.labels[1 - pos].0));
    }
    Some((
        category,
        back.labels
            .get(pos)
            .map_or(back.default_type_id, |(id, _)| *id),
    ))
}

/// Links two live records with `types` (and the inverse types back). Both records must exist,
/// the pair must be allowed, and neither record may go over a limit set on a type linking it
/// (`association_limits`).
pub fn link(
    state: &mut State,
    from: &str,
    from_id: u64,
    to: &str,
    to_id: u64,
    types: &[(AssociationCategory, u32)],
) -> ApiResult<()> {
    require_pair(state, from, to)?;
    for (ty, id) in [(from, from_id), (to, to_id)] {
        let exists = state
            .types
            .get(ty)
            .and_then(|t| t.records.get(&id))
            .is_some_and(|r| !r.archived);
        if !exists {
            return Err(ApiError::not_found());
        }
    }
    for (category, type_id) in types {
        if !is_valid_type(state, from, to, *category, *type_id) {
            return Err(ApiError::validation(format!(
                "{category:?} association type {type_id} is not valid from {from} to {to}"
            )));
        }
    }
    crate::association_limits::admit(
        state,
        &[crate::association_limits::Planned {
            from,
            from_id: crate::association_limits::Rec::Existing(from_id),
            to,
            to_id,
            types,
        }],
    )?;
    let mut back = BTreeSet::new();
    for (category, type_id) in types {
        if let Some(inv) = inverse(state, from, to, *category, *type_id) {
            back.insert(inv);
        }
    }
    state
        .associations
        .entry((from.to_string(), from_id, to.to_string(), to_id))
        .or_default()
        .extend(types.iter().copied());
    state
        .associations
        .entry((to.to_string(), to_id, from.to_string(), from_id))
        .or_default()
        .extend(back);
    Ok(())
}

/// The default (unlabelled) type from `from` to `to`.
pub fn default_type(state: &State, from: &str, to: &str) -> ApiResult<(AssociationCategory, u32)> {
    require_pair(state, from, to)?;
    state
        .types
        .get(from)
        .and_then(|ts| ts.def.associations.get(to))
        .map(|a| (AssociationCategory::HubspotDefined, a.default_type_id))
        .ok_or_else(|| pair_error(from, to))
}

/// 400 unless HubSpot allows associating `from` with `to`.
pub fn require_pair(state: &State, from: &str, to: &str) -> ApiResult<()> {
    let allowed = state
        .types
        .get(from)
        .is_some_and(|ts| ts.def.associations.contains_key(to));
    if allowed {
        Ok(())
    } else {
        Err(pair_error(from, to))
    }
}

fn pair_error(from: &str, to: &str) -> ApiError {
    ApiError::validation(format!(
        "Association from {from} to {to} is not allowed: no association type is defined between these object types"
    ))
}

/// Removes every association between two records, both directions.
pub fn unlink(state: &mut State, from: &str, from_id: u64, to: &str, to_id: u64) {
    state
        .associations
        .remove(&(from.to_string(), from_id, to.to_string(), to_id));
    state
        .associations
        .remove(&(to.to_string(), to_id, from.to_string(), from_id));
}

/// Removes the given types between two records (and their inverses); drops the link when
/// none remain.
pub fn unlink_types(
    state: &mut State,
    from: &str,
    from_id: u64,
    to: &str,
    to_id: u64,
    types: &[(AssociationCategory, u32)],
) {
    let inverses: Vec<_> = types
        .iter()
        .filter_map(|(c, t)| inverse(state, from, to, *c, *t))
        .collect();
    for (key, remove) in [
        (
            (from.to_string(), from_id, to.to_string(), to_id),
            types.to_vec(),
        ),
        ((to.to_string(), to_id, from.to_string(), from_id), inverses),
    ] {
        if let Some(set) = state.associations.get_mut(&key) {
            for t in &remove {
                set.remove(t);
            }
            if set.is_empty() {
                state.associations.remove(&key);
            }
        }
    }
}

/// Removes every association of a record (when it is archived or deleted).
pub fn unlink_record(state: &mut State, ty: &str, id: u64) {
    state
        .associations
        .retain(|(f, fid, t, tid), _| !((f == ty && *fid == id) || (t == ty && *tid == id)));
}

/// The records of type `to` linked to a record, with the types linking each, by target ID.
pub fn links_of(
    state: &State,
    from: &str,
    from_id: u64,
    to: &str,
) -> Vec<(u64, Vec<(AssociationCategory, u32)>)> {
    let start = (from.to_string(), from_id, to.to_string(), 0);
    let end = (from.to_string(), from_id, to.to_string(), u64::MAX);
    state
        .associations
        .range(start..=end)
        .map(|((_, _, _, to_id), types)| (*to_id, types.iter().copied().collect()))
        .collect()
}

/// A label for a type ID, if it has one.
pub fn label_of(
    state: &State,
    from: &str,
    to: &str,
    category: AssociationCategory,
    type_id: u32,
) -> Option<String> {
    match category {
        AssociationCategory::HubspotDefined => {
            let a = state.types.get(from)?.def.associations.get(to)?;
            if a.primary_type_id == Some(type_id) {
                return Some("Primary".into());
            }
            a.labels
                .iter()
                .find(|(id, _)| *id == type_id)
                .map(|(_, l)| l.clone())
        }
        _ => state
            .labels
            .get(&(from.to_string(), to.to_string()))?
            .iter()
            .find(|l| l.type_id == type_id)
            .map(|l| l.label.clone()),
    }
}

/// The `type` string of a v3 record's association (`contact_to_company`,
/// `contact_to_company_unlabeled`).
pub fn type_name(
    state: &State,
    from: &str,
    to: &str,
    category: AssociationCategory,
    type_id: u32,
) -> String {
    let singular = |t: &str| {
        state
            .types
            .get(t)
            .map_or(t.to_string(), |ts| ts.def.singular.clone())
    };
    let base = format!("{}_to_{}", singular(from), singular(to));
    let is_default = state
        .types
        .get(from)
        .and_then(|ts| ts.def.associations.get(to))
        .is_some_and(|a| a.default_type_id == type_id);
    match (category, is_default) {
        (AssociationCategory::HubspotDefined, true) => format!("{base}_unlabeled"),
        (AssociationCategory::HubspotDefined, false) => {
            label_of(state, from, to, category, type_id).map_or(base.clone(), |l| {
                format!("{base}_{}", l.to_lowercase().replace(' ', "_"))
            })
        }
        _ => type_id.to_string(),
    }
}

/// Removes `type_id` of `category` from every association from a `from` record to a `to`
/// record (when its label is deleted), dropping links left with no type.
pub fn remove_type(
    state: &mut State,
    from: &str,
    to: &str,
    category: AssociationCategory,
    type_id: u32,
) {
    state.associations.retain(|(f, _, t, _), types| {
        if f == from && t == to {
            types.remove(&(category, type_id));
            !types.is_empty()
        } else {
            true
        }
    });
}
