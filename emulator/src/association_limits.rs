//! Association limits: how many records of another type one record may be linked to with an
//! association type, as an account sets them through the definitions configurations API
//! (HubSpot's `userEnforcedMaxToObjectIds`). A limit on a pair's unlabelled (default) type
//! bounds a record's associations to the other type at all, since every labelled link also
//! carries the default type; a limit on a label bounds the links carrying that label.
//!
//! Every link is checked here before it is written ([`admit`]): by `links::link` for one link,
//! and by the handlers that write several (batches, creates with associations) for all of them
//! together first, so a request over a limit changes nothing. The same counts make the
//! high-usage report ([`high_usage`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::json;

use crate::error::{ApiError, ApiResult};
use crate::links;
use crate::state::{AssociationCategory, State};

/// A record is near its limit when it uses this share of it, in percent, or more (HubSpot's
/// limits tracking guide counts records "using 80% or more of their association limit").
pub const NEAR_LIMIT_PERCENT: u64 = 80;

/// (from type, to type, category, type ID): the association type a limit is set on.
pub type LimitKey = (String, String, AssociationCategory, u32);

/// The limits an account set, by association type. Snapshots hold them as a list of
/// `{from, to, category, typeId, max}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssociationLimits(BTreeMap<LimitKey, u32>);

/// One limit as a snapshot holds it.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LimitEntry {
    from: String,
    to: String,
    category: AssociationCategory,
    type_id: u32,
    max: u32,
}

impl Serialize for AssociationLimits {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .iter()
                .map(|((from, to, category, type_id), max)| LimitEntry {
                    from: from.clone(),
                    to: to.clone(),
                    category: *category,
                    type_id: *type_id,
                    max: *max,
                }),
        )
    }
}

impl<'de> Deserialize<'de> for AssociationLimits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries: Vec<LimitEntry> = Vec::deserialize(d)?;
        Ok(AssociationLimits(
            entries
                .into_iter()
                .map(|e| ((e.from, e.to, e.category, e.type_id), e.max))
                .collect(),
        ))
    }
}

impl AssociationLimits {
    /// The limit set on type (`category`, `type_id`) from `from` to `to`, if any.
    pub fn get(
        &self,
        from: &str,
        to: &str,
        category: AssociationCategory,
        type_id: u32,
    ) -> Option<u32> {
        self.0
            .get(&(from.to_string(), to.to_string(), category, type_id))
            .copied()
    }

    /// Sets a limit.
    pub fn set(
        &mut self,
        from: &str,
        to: &str,
        category: AssociationCategory,
        type_id: u32,
        max: u32,
    ) {
        self.0
            .insert((from.to_string(), to.to_string(), category, type_id), max);
    }

    /// Removes a limit; whether there was one.
    pub fn remove(
        &mut self,
        from: &str,
        to: &str,
        category: AssociationCategory,
        type_id: u32,
    ) -> bool {
        self.0
            .remove(&(from.to_string(), to.to_string(), category, type_id))
            .is_some()
    }

    /// Removes every limit between two types, both ways (their association was deleted).
    pub fn remove_pair(&mut self, a: &str, b: &str) {
        self.0
            .retain(|(f, t, _, _), _| !((f == a && t == b) || (f == b && t == a)));
    }

    /// Every limit, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&LimitKey, u32)> {
        self.0.iter().map(|(k, v)| (k, *v))
    }

    /// Whether no limit is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A record at one end of a planned link: one that exists, or the n-th record the request
/// creates (which has no associations yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rec {
    /// An existing record's ID.
    Existing(u64),
    /// The n-th record the request creates.
    New(usize),
}

/// A link a request is about to make: from a `from` record to an existing `to` record with
/// `types` (the inverse types back are implied, as `links::link` writes them).
#[derive(Debug, Clone, Copy)]
pub struct Planned<'a> {
    /// The type of the record linked from.
    pub from: &'a str,
    /// The record linked from.
    pub from_id: Rec,
    /// The type of the record linked to.
    pub to: &'a str,
    /// The record linked to.
    pub to_id: u64,
    /// The types linking them.
    pub types: &'a [(AssociationCategory, u32)],
}

/// How many records of `to` are linked to record `id` of `from` with `spec`.
pub fn usage(
    state: &State,
    from: &str,
    id: u64,
    to: &str,
    spec: (AssociationCategory, u32),
) -> u64 {
    links::links_of(state, from, id, to)
        .iter()
        .filter(|(_, types)| types.contains(&spec))
        .count() as u64
}

/// Whether record `id` of `from` is linked to record `to_id` of `to` with `spec` already.
fn linked(
    state: &State,
    from: &str,
    id: u64,
    to: &str,
    to_id: u64,
    spec: (AssociationCategory, u32),
) -> bool {
    state
        .associations
        .get(&(from.to_string(), id, to.to_string(), to_id))
        .is_some_and(|types| types.contains(&spec))
}

/// 400 unless every record the `planned` links touch stays within the limits set on the
/// types linking it, counting the links it has and the new ones together (both directions:
/// a link also gives the record at its other end the inverse type).
pub fn admit(state: &State, planned: &[Planned<'_>]) -> ApiResult<()> {
    if state.association_limits.is_empty() {
        return Ok(());
    }
    // (record's type, record, other type, type linking) -> the new records it gains.
    type Side<'a> = (&'a str, Rec, &'a str, (AssociationCategory, u32));
    let mut gains: BTreeMap<Side<'_>, BTreeSet<Rec>> = BTreeMap::new();
    for p in planned {
        for spec in p.types {
            let already = match p.from_id {
                Rec::Existing(id) => linked(state, p.from, id, p.to, p.to_id, *spec),
                Rec::New(_) => false,
            };
            if !already {
                gains
                    .entry((p.from, p.from_id, p.to, *spec))
                    .or_default()
                    .insert(Rec::Existing(p.to_id));
            }
            let Some(back) = links::inverse(state, p.from, p.to, spec.0, spec.1) else {
                continue;
            };
            let back_already = match p.from_id {
                Rec::Existing(id) => linked(state, p.to, p.to_id, p.from, id, back),
                Rec::New(_) => false,
            };
            if !back_already {
                gains
                    .entry((p.to, Rec::Existing(p.to_id), p.from, back))
                    .or_default()
                    .insert(p.from_id);
            }
        }
    }
    for ((ty, rec, other, spec), new) in gains {
        let Some(max) = state.association_limits.get(ty, other, spec.0, spec.1) else {
            continue;
        };
        let had = match rec {
            Rec::Existing(id) => usage(state, ty, id, other, spec),
            Rec::New(_) => 0,
        };
        let total = had + new.len() as u64;
        if total > u64::from(max) {
            return Err(over_limit(state, (ty, rec, other, spec), max, total));
        }
    }
    Ok(())
}

/// HubSpot's 400 for a link over a limit (the wording is the emulator's).
fn over_limit(
    state: &State,
    (ty, rec, other, (category, type_id)): (&str, Rec, &str, (AssociationCategory, u32)),
    max: u32,
    total: u64,
) -> ApiError {
    let singular = state
        .types
        .get(ty)
        .map_or(ty.to_string(), |t| t.def.singular.clone());
    let record = match rec {
        Rec::Existing(id) => format!("{singular} {id}"),
        Rec::New(_) => format!("the new {singular}"),
    };
    let label = links::label_of(state, ty, other, category, type_id)
        .map_or_else(|| "unlabelled".to_string(), |l| format!("labelled {l}"));
    let mut e = ApiError::validation(format!(
        "{record} would have {total} associations to {other} of type {type_id} ({label}), over the limit of {max} set on that type"
    ));
    let id = match rec {
        Rec::Existing(id) => id.to_string(),
        Rec::New(_) => String::new(),
    };
    e.context = Some(json!({
        "fromObjectId": [id],
        "associationTypeId": [type_id.to_string()],
        "limit": [max.to_string()],
    }));
    e
}

/// One record at or near a limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageRow {
    /// The record's type (its stored name).
    pub object_type: String,
    /// The record.
    pub object_id: u64,
    /// The type at the other end.
    pub to_object_type: String,
    /// The limited association type's category.
    pub category: AssociationCategory,
    /// The limited association type.
    pub type_id: u32,
    /// The limit set on it.
    pub limit: u32,
    /// How many records of `to_object_type` the record is linked to with it.
    pub usage: u64,
}

impl UsageRow {
    /// Whether the record has reached its limit (not only come near it).
    pub fn at_limit(&self) -> bool {
        self.usage >= u64::from(self.limit)
    }
}

/// A high-usage report as the emulator keeps it: HubSpot emails it to the user; the emulator
/// keeps it in the state, where tests read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageReport {
    /// The user it was queued for.
    pub user_id: u64,
    /// Where HubSpot would send it.
    pub user_email: String,
    /// When it was queued, epoch ms.
    pub enqueued_at: i64,
    /// The live records using [`NEAR_LIMIT_PERCENT`] or more of a limit set on a type
    /// linking them, by type, record and association type.
    pub rows: Vec<UsageRow>,
}

/// Every live record using [`NEAR_LIMIT_PERCENT`] or more of a limit set on one of its
/// association types, counted from the associations as they are.
pub fn high_usage(state: &State) -> Vec<UsageRow> {
    let mut rows = Vec::new();
    for ((from, to, category, type_id), max) in state.association_limits.iter() {
        let spec = (*category, *type_id);
        if !links::is_valid_type(state, from, to, spec.0, spec.1) {
            continue;
        }
        let mut counts: BTreeMap<u64, u64> = BTreeMap::new();
        for ((f, fid, t, _), types) in &state.associations {
            if f == from && t == to && types.contains(&spec) {
                *counts.entry(*fid).or_default() += 1;
            }
        }
        let live = |id: &u64| {
            state
                .types
                .get(from)
                .and_then(|ts| ts.records.get(id))
                .is_some_and(|r| !r.archived)
        };
        for (id, usage) in counts.into_iter().filter(|(id, _)| live(id)) {
            if usage * 100 >= u64::from(max) * NEAR_LIMIT_PERCENT {
                rows.push(UsageRow {
                    object_type: from.clone(),
                    object_id: id,
                    to_object_type: to.clone(),
                    category: *category,
                    type_id: *type_id,
                    limit: max,
                    usage,
                });
            }
        }
    }
    rows
}
