//! Records as HubSpot treats them: validating property writes, enforcing unique values,
//! keeping `hs_object_id`, creation and modification dates and history, and rendering the
//! JSON record shape. Every endpoint family that touches records goes through here.

use std::collections::BTreeMap;

use hubspot_crm_schema::PropertyKind;
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult, ErrorDetail};
use crate::state::{HistoryEntry, Record, State, TypeState};
use crate::values::{format_datetime, normalise};

/// Validated property changes: name -> new value (`None` clears it).
pub type Changes = BTreeMap<String, Option<String>>;

/// Checks a `properties` object for a create (`creating`) or an update of a record of `ts`.
/// JSON numbers and booleans are accepted as HubSpot accepts them, as their text. Read-only
/// properties are refused, create-only ones (`createdate`) on updates.
pub fn validate_properties(
    ts: &TypeState,
    input: &Map<String, Value>,
    creating: bool,
) -> ApiResult<Changes> {
    let mut changes = Changes::new();
    let mut errors = Vec::new();
    let detail = |name: &str, code: &str, message: String| ErrorDetail {
        message,
        code: Some(code.into()),
        context: Some(json!({ "propertyName": [name] })),
    };
    for (name, value) in input {
        let raw = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            other => {
                return Err(ApiError::bad_body(format!(
                    "property {name} must be a string, number, boolean or null, not {other}"
                )))
            }
        };
        let Some(def) = ts.properties.get(name).filter(|p| !p.archived) else {
            errors.push(detail(
                name,
                "PROPERTY_DOESNT_EXIST",
                format!("Property \"{name}\" does not exist"),
            ));
            continue;
        };
        if def.read_only || (def.create_only && !creating) {
            errors.push(detail(
                name,
                "READ_ONLY_VALUE",
                format!("{name} is a read only property; its value cannot be set."),
            ));
            continue;
        }
        match normalise(def, &raw) {
            Ok(v) => {
                changes.insert(name.clone(), v);
            }
            Err(e) => errors.push(e),
        }
    }
    if creating {
        let required = ts
            .properties
            .values()
            .filter(|p| p.required && !p.archived)
            .map(|p| p.name.clone())
            .chain(ts.def.required_properties.iter().cloned());
        for name in required {
            if !matches!(changes.get(&name), Some(Some(_))) {
                errors.push(detail(
                    &name,
                    "REQUIRED_PROPERTY",
                    format!("The required property \"{name}\" is missing"),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        errors.sort_by(|a, b| a.message.cmp(&b.message));
        errors.dedup();
        Err(ApiError::invalid_properties(errors))
    }
}

/// 409 if a unique property in `changes` already belongs to another live record.
pub fn check_unique(ts: &TypeState, changes: &Changes, own_id: Option<u64>) -> ApiResult<()> {
    for prop in ts.unique_properties() {
        if let Some(Some(value)) = changes.get(&prop.name) {
            if let Some(existing) = ts.find_unique(&prop.name, value) {
                if Some(existing) != own_id {
                    return Err(ApiError::conflict(&ts.def.label_singular, existing));
                }
            }
        }
    }
    Ok(())
}

/// Creates a record from validated changes; returns its ID.
pub fn insert_record(ts: &mut TypeState, changes: Changes, now: i64, source: &str) -> u64 {
    let id = ts.next_id;
    ts.next_id += 1;
    let mut record = Record {
        id,
        properties: BTreeMap::new(),
        history: BTreeMap::new(),
        created_at: now,
        updated_at: now,
        archived: false,
        archived_at: None,
    };
    let created = changes
        .get("createdate")
        .cloned()
        .flatten()
        .unwrap_or_else(|| format_datetime(now));
    let mut system = vec![
        ("hs_object_id", id.to_string()),
        ("hs_createdate", created.clone()),
        ("hs_lastmodifieddate", format_datetime(now)),
    ];
    if ts.properties.contains_key("createdate") {
        system.push(("createdate", created));
    }
    if ts.properties.contains_key("lastmodifieddate") {
        system.push(("lastmodifieddate", format_datetime(now)));
    }
    let mut all = changes;
    for (name, value) in system {
        all.insert(name.to_string(), Some(value));
    }
    apply(&mut record, all, now, source);
    ts.records.insert(id, record);
    ts.index_record(id);
    id
}

/// Applies validated changes to an existing record and touches its modification dates.
pub fn update_record(ts: &mut TypeState, id: u64, changes: Changes, now: i64, source: &str) {
    let has_lastmodified = ts.properties.contains_key("lastmodifieddate");
    ts.unindex_record(id);
    if let Some(record) = ts.records.get_mut(&id) {
        let mut all = changes;
        all.insert("hs_lastmodifieddate".into(), Some(format_datetime(now)));
        if has_lastmodified {
            all.insert("lastmodifieddate".into(), Some(format_datetime(now)));
        }
        apply(record, all, now, source);
        record.updated_at = now;
    }
    ts.index_record(id);
}

fn apply(record: &mut Record, changes: Changes, now: i64, source: &str) {
    for (name, value) in changes {
        let entry = HistoryEntry {
            value: value.clone().unwrap_or_default(),
            timestamp: now,
            source_type: source.to_string(),
        };
        record
            .history
            .entry(name.clone())
            .or_default()
            .insert(0, entry);
        match value {
            Some(v) => {
                record.properties.insert(name, v);
            }
            None => {
                record.properties.remove(&name);
            }
        }
    }
}

/// The ID of the record `id` names: an ID, or a unique value of `id_property`. Archived
/// records are found only when `archived`.
pub fn find_record(
    ts: &TypeState,
    id: &str,
    id_property: Option<&str>,
    archived: bool,
) -> ApiResult<u64> {
    let found = match id_property.filter(|p| *p != "hs_object_id") {
        Some(prop) => {
            let def = ts.properties.get(prop).ok_or_else(|| {
                ApiError::validation(format!("Property \"{prop}\" does not exist"))
            })?;
            if !def.has_unique_value {
                return Err(ApiError::validation(format!(
                    "{prop} is not a unique identifier property"
                )));
            }
            // In any letter case, for a case-insensitive property (contacts' `email`).
            ts.find_holding(prop, id, archived)
        }
        None => id
            .parse::<u64>()
            .ok()
            .filter(|n| ts.records.get(n).is_some_and(|r| r.archived == archived)),
    };
    found.ok_or_else(ApiError::not_found)
}

/// What to include when rendering a record.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Properties to return; `None` returns the type's defaults.
    pub properties: Option<Vec<String>>,
    /// Properties to return with their history.
    pub with_history: Vec<String>,
    /// Object types whose associated IDs to include.
    pub associations: Vec<String>,
}

/// The properties returned when a request names none: the type's defaults plus its ID and
/// creation and modification dates.
pub fn default_property_names(ts: &TypeState) -> Vec<String> {
    let mut names: Vec<String> = ts.def.default_properties.clone();
    for n in [
        "hs_object_id",
        "createdate",
        "hs_createdate",
        "lastmodifieddate",
        "hs_lastmodifieddate",
    ] {
        if ts.properties.contains_key(n) && !names.iter().any(|x| x == n) {
            names.push(n.to_string());
        }
    }
    names
}

/// A record in HubSpot's JSON shape.
pub fn render(state: &State, ts: &TypeState, record: &Record, opts: &ReadOptions) -> Value {
    let names = opts
        .properties
        .clone()
        .unwrap_or_else(|| default_property_names(ts));
    let mut props = Map::new();
    for name in names {
        if ts.properties.contains_key(&name) {
            let value = record
                .properties
                .get(&name)
                .map_or(Value::Null, |v| json!(v));
            props.insert(name, value);
        }
    }
    let mut out = Map::new();
    out.insert("id".into(), json!(record.id.to_string()));
    out.insert("properties".into(), Value::Object(props));
    if !opts.with_history.is_empty() {
        let mut history = Map::new();
        for name in &opts.with_history {
            if !ts.properties.contains_key(name) {
                continue;
            }
            let entries: Vec<Value> = record
                .history
                .get(name)
                .map(|h| {
                    h.iter()
                        .map(|e| {
                            json!({
                                "value": e.value,
                                "timestamp": format_datetime(e.timestamp),
                                "sourceType": e.source_type,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            history.insert(name.clone(), Value::Array(entries));
        }
        out.insert("propertiesWithHistory".into(), Value::Object(history));
    }
    out.insert(
        "createdAt".into(),
        json!(format_datetime(record.created_at)),
    );
    out.insert(
        "updatedAt".into(),
        json!(format_datetime(record.updated_at)),
    );
    out.insert("archived".into(), json!(record.archived));
    if let Some(at) = record.archived_at {
        out.insert("archivedAt".into(), json!(format_datetime(at)));
    }
    if !opts.associations.is_empty() {
        let mut assoc = Map::new();
        for key in &opts.associations {
            let Some(to) = state.resolve(key) else {
                continue;
            };
            let links = crate::links::links_of(state, &ts.def.name, record.id, &to);
            let to = to.as_str();
            if links.is_empty() {
                continue;
            }
            let results: Vec<Value> = links
                .iter()
                .flat_map(|(to_id, types)| {
                    types.iter().map(move |(category, type_id)| {
                        json!({
                            "id": to_id.to_string(),
                            "type": crate::links::type_name(state, &ts.def.name, to, *category, *type_id),
                        })
                    })
                })
                .collect();
            let plural = state
                .types
                .get(to)
                .map_or(to.to_string(), |t| t.def.plural.clone());
            assoc.insert(plural, json!({ "results": results }));
        }
        out.insert("associations".into(), Value::Object(assoc));
    }
    Value::Object(out)
}

/// The value a filter or sort compares: numbers and dates as numbers, the rest as text.
pub fn sort_key(ts: &TypeState, record: &Record, property: &str) -> Option<SortKey> {
    let raw = record.properties.get(property)?;
    let kind = ts.properties.get(property).map(|p| p.kind);
    Some(match kind {
        Some(PropertyKind::Number) => SortKey::Number(raw.parse().unwrap_or(f64::NAN)),
        Some(PropertyKind::Date) => {
            SortKey::Number(crate::values::date_ms(raw).unwrap_or(0) as f64)
        }
        Some(PropertyKind::Datetime) => {
            SortKey::Number(crate::values::datetime_ms(raw).unwrap_or(0) as f64)
        }
        _ => SortKey::Text(raw.to_lowercase()),
    })
}

/// A comparable property value.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub enum SortKey {
    /// Numbers, dates and date-times.
    Number(f64),
    /// Everything else, case-insensitive.
    Text(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{initial_state, standard_schema};

    /// What a scan finds, bypassing the index.
    fn scan(ts: &TypeState, property: &str, value: &str) -> Option<u64> {
        let mut plain = ts.clone();
        plain.unique_index = Default::default();
        plain.find_unique(property, value)
    }

    #[test]
    fn the_unique_index_agrees_with_a_scan_through_every_change() {
        let state = initial_state(&standard_schema().expect("tables"), 1);
        let mut ts = state.types["contacts"].clone();
        let email = |v: &str| -> Changes { [("email".to_string(), Some(v.to_string()))].into() };
        let a = insert_record(&mut ts, email("a@x.com"), 0, "API");
        let b = insert_record(&mut ts, email("b@x.com"), 0, "API");
        update_record(&mut ts, a, email("c@x.com"), 1, "API");
        update_record(&mut ts, b, [("email".to_string(), None)].into(), 1, "API");
        ts.unindex_record(a);
        if let Some(r) = ts.records.get_mut(&a) {
            r.archived = true;
        }
        let d = insert_record(&mut ts, email("c@x.com"), 2, "API");
        for value in ["a@x.com", "b@x.com", "c@x.com", "nobody@x.com"] {
            assert_eq!(
                ts.find_unique("email", value),
                scan(&ts, "email", value),
                "{value}"
            );
        }
        assert_eq!(
            ts.find_unique("email", "c@x.com"),
            Some(d),
            "the archived record no longer holds it"
        );
        assert_eq!(ts.find_unique("hs_object_id", &d.to_string()), Some(d));
    }

    #[test]
    fn a_case_insensitive_unique_property_matches_in_any_case_indexed_or_not() {
        let state = initial_state(&standard_schema().expect("tables"), 1);
        let mut ts = state.types["contacts"].clone();
        assert!(ts.properties["email"].case_insensitive, "from the table");
        let email = |v: &str| -> Changes { [("email".to_string(), Some(v.to_string()))].into() };
        let a = insert_record(&mut ts, email("Case@X.example"), 0, "API");
        for asked in ["Case@X.example", "case@x.example", "CASE@X.EXAMPLE"] {
            assert_eq!(ts.find_unique("email", asked), Some(a), "{asked}");
            assert_eq!(
                scan(&ts, "email", asked),
                Some(a),
                "{asked} without the index"
            );
            assert_eq!(find_record(&ts, asked, Some("email"), false), Ok(a));
        }
        assert!(check_unique(&ts, &email("CASE@x.example"), None).is_err());
        assert!(check_unique(&ts, &email("case@x.example"), Some(a)).is_ok());
        assert_eq!(
            ts.records[&a].properties["email"], "Case@X.example",
            "kept as written"
        );
        update_record(&mut ts, a, email("New@X.example"), 1, "API");
        assert_eq!(ts.find_unique("email", "case@x.example"), None);
        assert_eq!(ts.find_unique("email", "new@x.EXAMPLE"), Some(a));
    }
}
