//! Deal splits, `/crm/v3/objects/deals/splits/batch/{read,upsert}`: a deal's credit shared
//! among owners. They belong to the object type whose table allows the `split` capability
//! (deals); the store is `crate::deal_splits`.
//!
//! HubSpot's rules for an upsert: each deal's percentages sum to 1 (100%) with at most eight
//! decimal places, and the deal's owner is among the split owners; a deal failing them fails
//! the whole request (400, nothing written). Inputs naming no live deal fail one by one
//! (207), as the record batches' do.

use std::collections::{BTreeMap, BTreeSet};

use hubspot_crm_vocab::Capability;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{batch_reply, Reply};
use crate::deal_splits::{parse_share, share_text, DealSplit, WHOLE};
use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::state::{State, TypeState};
use crate::values::{format_datetime, now_ms};
use crate::Shared;

/// The property of a deal naming its owner, and of a split naming the owner it credits.
const OWNER_PROPERTY: &str = "hubspot_owner_id";
/// The property of a split holding its share.
const SHARE_PROPERTY: &str = "hs_deal_split_percentage";

/// `{inputs: [...]}`.
#[derive(Debug, Deserialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

/// `{id}` of a read.
#[derive(Debug, Deserialize)]
struct IdInput {
    id: Value,
}

/// `{id, splits}` of an upsert.
#[derive(Debug, Deserialize)]
struct UpsertInput {
    id: Value,
    splits: Vec<SplitInput>,
}

/// `{ownerId, percentage}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SplitInput {
    owner_id: Value,
    percentage: Value,
}

/// The object type deal splits belong to: the one whose table allows `split`.
fn split_type(state: &State) -> ApiResult<&TypeState> {
    state
        .types
        .values()
        .find(|t| t.def.allows(Capability::Split) && !t.def.archived)
        .ok_or_else(|| ApiError::validation("no object type of the account has deal splits"))
}

/// A whole-number ID as a body gives it (a number or a numeric string), as text.
fn id_text(value: &Value, field: &str) -> ApiResult<String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(ApiError::bad_body(format!(
                "{field} must be an ID, not {other}"
            )))
        }
    };
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(ApiError::validation(format!(
            "{field}: {text} is not an ID"
        )));
    }
    Ok(text)
}

/// The live deal `id` names, if there is one.
fn live_deal(ts: &TypeState, id: &str) -> Option<u64> {
    id.parse::<u64>()
        .ok()
        .filter(|id| ts.records.get(id).is_some_and(|r| !r.archived))
}

/// A split as HubSpot sends it: a record with the owner and the share as properties.
fn render_split(split: &DealSplit) -> Value {
    json!({
        "id": split.id.to_string(),
        "properties": {
            OWNER_PROPERTY: split.owner_id,
            SHARE_PROPERTY: split.percentage,
        },
        "createdAt": format_datetime(split.created_at),
        "updatedAt": format_datetime(split.updated_at),
        "archived": false,
    })
}

/// `{id, splits}` of a deal.
fn render_deal(state: &State, deal: u64) -> Value {
    let splits: Vec<Value> = state
        .deal_splits
        .by_deal
        .get(&deal)
        .into_iter()
        .flatten()
        .map(render_split)
        .collect();
    json!({"id": deal.to_string(), "splits": splits})
}

/// The 207 entry for inputs naming no live deal.
fn missing_error(ts: &TypeState, verb: &str, ids: &[String]) -> Value {
    json!({
        "status": "error",
        "category": "OBJECT_NOT_FOUND",
        "message": format!(
            "Could not {verb} the splits of some {} objects, they may be deleted or not exist. Check that ids are valid.",
            ts.def.singular.to_uppercase()
        ),
        "context": {"ids": ids},
    })
}

/// POST `.../batch/read`: each deal's splits (none yet: an empty list), each deal once.
pub(crate) fn read(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let inputs = req.json::<Inputs<IdInput>>()?.inputs;
    let state = shared.read();
    let ts = split_type(&state)?;
    let mut seen = BTreeSet::new();
    let mut results = Vec::new();
    let mut missing = Vec::new();
    for input in &inputs {
        let id = id_text(&input.id, "id")?;
        if !seen.insert(id.clone()) {
            continue;
        }
        match live_deal(ts, &id) {
            Some(deal) => results.push(render_deal(&state, deal)),
            None => missing.push(id),
        }
    }
    let errors = if missing.is_empty() {
        Vec::new()
    } else {
        vec![missing_error(ts, "read", &missing)]
    };
    Ok(batch_reply(started, results, errors))
}

/// A deal's checked splits: (owner ID, share in hundred-millionths), in input order.
fn checked_splits(
    state: &State,
    ts: &TypeState,
    deal: u64,
    splits: &[SplitInput],
) -> ApiResult<Vec<(String, i64)>> {
    let refuse = |why: String| ApiError::validation(format!("deal {deal}: {why}"));
    if splits.is_empty() {
        return Err(refuse("a deal needs at least one split".into()));
    }
    let mut out: Vec<(String, i64)> = Vec::new();
    for s in splits {
        let owner = id_text(&s.owner_id, "ownerId")?;
        let active = state.owners.iter().any(|o| o.id == owner && !o.archived);
        if !active {
            return Err(refuse(format!("owner {owner} is not an active owner")));
        }
        if out.iter().any(|(o, _)| *o == owner) {
            return Err(refuse(format!("owner {owner} has two splits")));
        }
        let share = match &s.percentage {
            Value::Number(n) => parse_share(&n.to_string()),
            _ => None,
        }
        .filter(|units| (1..=WHOLE).contains(units))
        .ok_or_else(|| {
            refuse(format!(
                "percentage {} must be a number above 0 and at most 1, with at most 8 decimal places",
                s.percentage
            ))
        })?;
        out.push((owner, share));
    }
    let total: i64 = out.iter().map(|(_, s)| s).sum();
    if total != WHOLE {
        return Err(refuse(format!(
            "split percentages sum to {}, not 1",
            share_text(total)
        )));
    }
    let deal_owner = ts
        .records
        .get(&deal)
        .and_then(|r| r.properties.get(OWNER_PROPERTY))
        .filter(|o| !o.is_empty());
    match deal_owner {
        None => Err(refuse(format!(
            "the deal has no owner ({OWNER_PROPERTY}); its splits must include its owner"
        ))),
        Some(owner) if !out.iter().any(|(o, _)| o == owner) => Err(refuse(format!(
            "the deal's owner {owner} must be among the split owners"
        ))),
        Some(_) => Ok(out),
    }
}

/// POST `.../batch/upsert`: replaces each deal's splits. An owner kept keeps its split's ID;
/// new owners get new splits; owners left out lose theirs.
pub(crate) fn upsert(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let started = now_ms();
    let inputs = req.json::<Inputs<UpsertInput>>()?.inputs;
    let mut state = shared.write();
    let ts = split_type(&state)?;
    let mut planned: BTreeMap<u64, Vec<(String, i64)>> = BTreeMap::new();
    let mut order = Vec::new();
    let mut missing = Vec::new();
    for input in &inputs {
        let id = id_text(&input.id, "id")?;
        let Some(deal) = live_deal(ts, &id) else {
            missing.push(id);
            continue;
        };
        if planned.contains_key(&deal) {
            return Err(ApiError::validation(format!(
                "deal {deal} is given twice in one request"
            )));
        }
        planned.insert(deal, checked_splits(&state, ts, deal, &input.splits)?);
        order.push(deal);
    }
    let errors = if missing.is_empty() {
        Vec::new()
    } else {
        vec![missing_error(ts, "upsert", &missing)]
    };
    let now = now_ms();
    for (deal, splits) in planned {
        let before = state.deal_splits.by_deal.remove(&deal).unwrap_or_default();
        let mut after = Vec::with_capacity(splits.len());
        for (owner, share) in splits {
            let percentage = share_text(share);
            let split = match before.iter().find(|s| s.owner_id == owner) {
                Some(kept) => DealSplit {
                    updated_at: if kept.percentage == percentage {
                        kept.updated_at
                    } else {
                        now
                    },
                    percentage,
                    ..kept.clone()
                },
                None => DealSplit {
                    id: state.deal_splits.allocate(),
                    owner_id: owner,
                    percentage,
                    created_at: now,
                    updated_at: now,
                },
            };
            after.push(split);
        }
        state.deal_splits.by_deal.insert(deal, after);
    }
    let results = order.iter().map(|d| render_deal(&state, *d)).collect();
    Ok(batch_reply(started, results, errors))
}
