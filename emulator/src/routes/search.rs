//! `POST /crm/v3/objects/{objectType}/search` (and the date-versioned paths): filter groups
//! (ORed) of filters (ANDed), a free-text `query`, multi-key `sorts`, `properties` and offset
//! paging, under HubSpot's limits (the family's `search` limits and page sizes in the
//! endpoint table).
//!
//! Built for large accounts: filters are compiled once, records are matched by reference,
//! sorting orders indices over precomputed keys and only selects the requested window, and
//! only the page is rendered.
//!
//! Free-text `query` is a case-insensitive substring match over the type's searchable
//! properties: the custom `searchableProperties` when the type sets them; otherwise the
//! default properties plus firstname, lastname, email, phone and company for contacts, and
//! plus every string property for other types. (HubSpot matches word prefixes; a substring
//! match finds everything that finds and a little more.)

mod filter;
mod text;

use std::cmp::Ordering;

use hubspot_crm_schema::PropertyKind;
use hubspot_crm_vocab::{PageLimits, PathParam, SearchLimits};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use self::filter::{Filter, FilterInput};
use self::text::Needle;
use super::{cursor, page_limits, parse_cursor, unstated, Reply};
use crate::error::{ApiError, ApiResult};
use crate::records::{self, ReadOptions, SortKey};
use crate::request::Req;
use crate::state::{Record, TypeState};
use crate::Shared;

/// The body of a search. Absent and `null` fields mean the same (SDKs send both).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SearchInput {
    #[serde(default)]
    filter_groups: Option<Vec<GroupInput>>,
    #[serde(default)]
    sorts: Option<Vec<Value>>,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    properties: Option<Vec<String>>,
    #[serde(default)]
    limit: Option<Value>,
    #[serde(default)]
    after: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct GroupInput {
    #[serde(default)]
    filters: Option<Vec<FilterInput>>,
}

/// One sort key: the property and whether it runs descending.
struct Sort<'a> {
    property: &'a str,
    descending: bool,
}

pub(super) fn search(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let limits = req
        .family
        .spec()
        .search
        .ok_or_else(|| unstated(req.family, "search limits"))?;
    let input: SearchInput = req.json()?;
    let groups: Vec<&[FilterInput]> = input
        .filter_groups
        .iter()
        .flatten()
        .map(|g| g.filters.as_deref().unwrap_or_default())
        .collect();
    check_limits(&limits, &input, &groups)?;
    let limit = parse_limit(page_limits(req)?, input.limit.as_ref())?;
    let max_results = u64::from(limits.results);
    let after = parse_after(max_results, input.after.as_ref())?;

    let state = shared.read();
    let ts = state.type_state(req.param(PathParam::ObjectType)?)?;
    let compiled: Vec<Vec<Filter>> = groups
        .iter()
        .map(|g| g.iter().map(|f| Filter::compile(ts, f)).collect())
        .collect::<ApiResult<_>>()?;
    let sorts = parse_sorts(ts, input.sorts.as_deref().unwrap_or_default())?;
    let query = input
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(Needle::new);
    let searchable = searchable_properties(ts);

    // Records are in ID order, HubSpot's default order.
    let matches: Vec<&Record> = ts
        .records
        .values()
        .filter(|r| !r.archived)
        .filter(|r| compiled.is_empty() || compiled.iter().any(|g| all_match(g, r)))
        .filter(|r| {
            query
                .as_ref()
                .is_none_or(|q| query_matches(q, r, &searchable))
        })
        .collect();
    let total = matches.len() as u64;
    let end = after.saturating_add(limit).min(total).min(max_results);
    let page = ordered_window(ts, matches, &sorts, after.min(end) as usize, end as usize);

    let opts = ReadOptions {
        properties: input.properties.filter(|p| !p.is_empty()),
        ..ReadOptions::default()
    };
    let results: Vec<Value> = page
        .iter()
        .map(|r| records::render(&state, ts, r, &opts))
        .collect();
    let mut body = Map::new();
    body.insert("total".into(), json!(total));
    body.insert("results".into(), Value::Array(results));
    if end < total && end > after {
        // As in HubSpot, the cursor may point at result 10,000, which is then refused.
        body.insert("paging".into(), json!({ "next": { "after": cursor(end) } }));
    }
    Ok(Reply::Body(Value::Object(body)))
}

/// HubSpot's request limits, checked before any work.
fn check_limits(
    limits: &SearchLimits,
    input: &SearchInput,
    groups: &[&[FilterInput]],
) -> ApiResult<()> {
    let max_groups = limits.filter_groups as usize;
    if groups.len() > max_groups {
        return Err(ApiError::validation(format!(
            "Too many filter groups: {} (a search takes at most {max_groups} filterGroups)",
            groups.len()
        )));
    }
    let per_group = limits.filters_per_group as usize;
    if let Some(big) = groups.iter().find(|g| g.len() > per_group) {
        return Err(ApiError::validation(format!(
            "Too many filters in a filter group: {} (a filter group takes at most {per_group} filters)",
            big.len()
        )));
    }
    let all: usize = groups.iter().map(|g| g.len()).sum();
    let max_filters = limits.filters as usize;
    if all > max_filters {
        return Err(ApiError::validation(format!(
            "Too many filters: {all} (a search takes at most {max_filters} filters across all filterGroups)"
        )));
    }
    if let Some(q) = &input.query {
        let chars = q.chars().count();
        let max_chars = limits.query_chars as usize;
        if chars > max_chars {
            return Err(ApiError::validation(format!(
                "query is too long: {chars} characters (at most {max_chars})"
            )));
        }
    }
    Ok(())
}

/// `limit`: 1 to the family's largest page, its default when absent; a number or a numeric
/// string.
fn parse_limit(sizes: PageLimits, v: Option<&Value>) -> ApiResult<u64> {
    let n = match v {
        None | Some(Value::Null) => return Ok(sizes.default.into()),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
    };
    let max = u64::from(sizes.max);
    n.filter(|n| (1..=max).contains(n)).ok_or_else(|| {
        ApiError::validation(format!(
            "limit must be a whole number between 1 and {max}, not {}",
            v.map_or(String::new(), Value::to_string)
        ))
    })
}

/// `after`: the offset a previous page's `paging.next.after` gave, below the most results
/// one search can reach (`max_results`).
fn parse_after(max_results: u64, v: Option<&Value>) -> ApiResult<u64> {
    let after = match v {
        None | Some(Value::Null) => 0,
        Some(Value::String(s)) => parse_cursor(Some(s))?,
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
            ApiError::validation(format!("after: {n} is not a valid paging cursor"))
        })?,
        Some(other) => {
            return Err(ApiError::validation(format!(
                "after: {other} is not a valid paging cursor"
            )))
        }
    };
    if after >= max_results {
        return Err(ApiError::validation(format!(
            "Search results are limited to {max_results}: after must be below {max_results}, not {after}. Narrow the search with filters instead of paging further."
        )));
    }
    Ok(after)
}

/// `sorts`: objects `{propertyName, direction}` on properties of the type. Strings, which
/// several SDKs wrongly send, are refused with a message saying what to send.
fn parse_sorts<'a>(ts: &TypeState, input: &'a [Value]) -> ApiResult<Vec<Sort<'a>>> {
    input
        .iter()
        .map(|s| {
            let obj = match s {
                Value::Object(o) => o,
                Value::String(name) => {
                    return Err(ApiError::validation(format!(
                        "Each sort must be an object {{\"propertyName\": \"{name}\", \"direction\": \"ASCENDING\" or \"DESCENDING\"}}, not the string \"{name}\""
                    )))
                }
                other => {
                    return Err(ApiError::validation(format!(
                        "Each sort must be an object {{\"propertyName\", \"direction\"}}, not {other}"
                    )))
                }
            };
            let property = obj
                .get("propertyName")
                .and_then(Value::as_str)
                .ok_or_else(|| ApiError::validation("Each sort needs a propertyName"))?;
            if ts.properties.get(property).is_none_or(|p| p.archived) {
                return Err(ApiError::validation(format!(
                    "Cannot sort by \"{property}\": the property does not exist on {}",
                    ts.def.plural
                )));
            }
            let descending = match obj.get("direction") {
                None | Some(Value::Null) => false,
                Some(Value::String(d)) if d == "ASCENDING" => false,
                Some(Value::String(d)) if d == "DESCENDING" => true,
                Some(other) => {
                    return Err(ApiError::validation(format!(
                        "sort direction must be ASCENDING or DESCENDING, not {other}"
                    )))
                }
            };
            Ok(Sort {
                property,
                descending,
            })
        })
        .collect()
}

/// The properties `query` looks at (see the module documentation).
fn searchable_properties(ts: &TypeState) -> Vec<&str> {
    let def = &ts.def;
    let mut names: Vec<&str> = if !def.searchable_properties.is_empty() {
        def.searchable_properties
            .iter()
            .map(String::as_str)
            .collect()
    } else {
        let mut names: Vec<&str> = def.default_properties.iter().map(String::as_str).collect();
        if def.name == "contacts" {
            names.extend(["firstname", "lastname", "email", "phone", "company"]);
        } else {
            names.extend(
                ts.properties
                    .values()
                    .filter(|p| matches!(p.kind, PropertyKind::String | PropertyKind::PhoneNumber))
                    .map(|p| p.name.as_str()),
            );
        }
        names
    };
    names.sort_unstable();
    names.dedup();
    names.retain(|n| ts.properties.get(*n).is_some_and(|p| !p.archived));
    names
}

/// Whether `record` passes every filter of a group.
fn all_match(group: &[Filter], record: &Record) -> bool {
    group.iter().all(|f| f.matches(record))
}

fn query_matches(query: &Needle, record: &Record, searchable: &[&str]) -> bool {
    searchable
        .iter()
        .filter_map(|p| record.properties.get(*p))
        .any(|v| query.found_in(v))
}

/// The results `from..to` of `matches` (in ID order) once sorted. Without sorts that is a
/// slice; with sorts, keys are computed once per record, indices are ordered, and only the
/// first `to` are fully sorted.
fn ordered_window<'r>(
    ts: &TypeState,
    matches: Vec<&'r Record>,
    sorts: &[Sort],
    from: usize,
    to: usize,
) -> Vec<&'r Record> {
    if sorts.is_empty() || to == 0 {
        return matches.get(from..to).unwrap_or_default().to_vec();
    }
    let width = sorts.len();
    let keys: Vec<Option<SortKey>> = matches
        .iter()
        .flat_map(|r| sorts.iter().map(|s| records::sort_key(ts, r, s.property)))
        .collect();
    let cmp = |a: &usize, b: &usize| {
        let (ka, kb) = (&keys[a * width..][..width], &keys[b * width..][..width]);
        sorts
            .iter()
            .zip(ka.iter().zip(kb))
            .map(|(s, (x, y))| compare_keys(x.as_ref(), y.as_ref(), s.descending))
            .find(|o| o.is_ne())
            // Ties keep ID order: the index is the position in ID order.
            .unwrap_or_else(|| a.cmp(b))
    };
    let mut order: Vec<usize> = (0..matches.len()).collect();
    if to < order.len() {
        order.select_nth_unstable_by(to, cmp);
        order.truncate(to);
    }
    order.sort_unstable_by(cmp);
    order
        .get(from..)
        .unwrap_or_default()
        .iter()
        .map(|&i| matches[i])
        .collect()
}

/// Two sort keys in the requested direction; records without a value come last either way.
fn compare_keys(a: Option<&SortKey>, b: Option<&SortKey>, descending: bool) -> Ordering {
    let ordered = match (a, b) {
        (None, None) => return Ordering::Equal,
        (None, Some(_)) => return Ordering::Greater,
        (Some(_), None) => return Ordering::Less,
        (Some(SortKey::Number(x)), Some(SortKey::Number(y))) => x.total_cmp(y),
        (Some(SortKey::Text(x)), Some(SortKey::Text(y))) => x.cmp(y),
        (Some(SortKey::Number(_)), Some(SortKey::Text(_))) => Ordering::Less,
        (Some(SortKey::Text(_)), Some(SortKey::Number(_))) => Ordering::Greater,
    };
    if descending {
        ordered.reverse()
    } else {
        ordered
    }
}
