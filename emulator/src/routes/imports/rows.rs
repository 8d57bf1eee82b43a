//! Running a checked import: every row of every file, each all-or-nothing. A row that fails
//! is recorded as import errors in HubSpot's shape and the other rows still import; records
//! written by earlier rows are visible to later ones, so unique values hold across the file.

use hubspot_crm_schema::PropertyKind;
use serde_json::{json, Map, Value};

use super::csv::Row;
use super::plan::{DateFormat, FilePlan, IdKey, ObjectPlan, Operation, Plan};
use crate::records::{self, Changes};
use crate::state::{PropertyDef, State, TypeState};
use crate::{links, pipelines, values};

/// What running an import did.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// Data rows read.
    pub(super) total_rows: u64,
    /// Rows that imported nothing.
    pub(super) failed_rows: u64,
    pub(super) created: u64,
    pub(super) updated: u64,
    /// Import errors in HubSpot's shape.
    pub(super) errors: Vec<Value>,
}

/// Why a row failed, before it is given its file, line and ID.
struct RowError {
    error_type: &'static str,
    message: String,
    /// The stored type name.
    type_name: String,
    invalid_value: Option<String>,
    /// 0-based column.
    column: Option<usize>,
}

/// A row's write to one object type.
enum Action {
    Create(String, Changes),
    Update(String, u64, Changes),
}

/// Runs every row of `plan` against `state`.
pub(super) fn run(state: &mut State, plan: &Plan, import_id: u64, now: i64) -> Outcome {
    let mut out = Outcome::default();
    for file in &plan.files {
        for row in &file.rows {
            out.total_rows += 1;
            match check_row(state, file, row, plan.date_format) {
                Ok(actions) => write_row(state, actions, now, &mut out),
                Err(errors) => {
                    out.failed_rows += 1;
                    for e in errors {
                        let n = out.errors.len();
                        out.errors
                            .push(render_error(state, file, row, e, import_id, n, now));
                    }
                }
            }
        }
    }
    out
}

/// Validates one row against every object type of its file, writing nothing.
fn check_row(
    state: &State,
    file: &FilePlan,
    row: &Row,
    format: DateFormat,
) -> Result<Vec<Action>, Vec<RowError>> {
    let first_type = file
        .objects
        .first()
        .map(|o| o.type_name.clone())
        .unwrap_or_default();
    if let Some(problem) = &row.problem {
        return Err(vec![RowError {
            error_type: "COULD_NOT_PARSE_ROW",
            message: format!("Line {} could not be read: {problem}", row.line),
            type_name: first_type,
            invalid_value: None,
            column: None,
        }]);
    }
    if row.fields.len() != file.width {
        return Err(vec![RowError {
            error_type: "INCORRECT_NUMBER_OF_COLUMNS",
            message: format!(
                "Line {} has {} columns; the file has {}",
                row.line,
                row.fields.len(),
                file.width
            ),
            type_name: first_type,
            invalid_value: None,
            column: None,
        }]);
    }
    let mut actions = Vec::new();
    let mut errors = Vec::new();
    for object in &file.objects {
        let Some(ts) = state.types.get(&object.type_name) else {
            continue;
        };
        match check_object(ts, object, &row.fields, format) {
            Ok(Some(action)) => actions.push(action),
            Ok(None) => {}
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if actions.is_empty() {
        return Err(vec![RowError {
            error_type: "FAILED_TO_PROCESS_OBJECT_WITH_EMPTY_PROPERTY_VALUES",
            message: format!("Line {} has no values to import", row.line),
            type_name: first_type,
            invalid_value: None,
            column: None,
        }]);
    }
    Ok(actions)
}

/// The write a row makes to one object type, `None` when its columns are all blank.
fn check_object(
    ts: &TypeState,
    object: &ObjectPlan,
    fields: &[String],
    format: DateFormat,
) -> Result<Option<Action>, Vec<RowError>> {
    let cell = |c: usize| fields.get(c).map_or("", |v| v.trim());
    let error = |error_type, message, column: Option<usize>| RowError {
        error_type,
        message,
        type_name: object.type_name.clone(),
        invalid_value: column.map(|c| cell(c).to_string()),
        column,
    };
    let mut input = Map::new();
    // Cells the import rewrote (dates, enumeration labels), for clearer messages.
    let mut rewritten: Vec<(&str, &str, String)> = Vec::new();
    for (column, property) in &object.columns {
        let raw = cell(*column);
        if raw.is_empty() {
            // Blank cells leave values alone, as in HubSpot's importer.
            continue;
        }
        let value = match ts.properties.get(property) {
            Some(def) => import_form(def, raw, format),
            None => raw.to_string(),
        };
        if value != raw {
            rewritten.push((property, raw, value.clone()));
        }
        input.insert(property.clone(), Value::String(value));
    }
    let key_cell = match &object.id_key {
        Some(IdKey::ObjectId(c) | IdKey::Property(c, _)) => cell(*c),
        None => "",
    };
    if input.is_empty() && key_cell.is_empty() {
        return Ok(None);
    }
    let label = &ts.def.singular;
    let existing = match (&object.id_key, key_cell.is_empty()) {
        (None, _) => None,
        (Some(IdKey::ObjectId(c)), true) | (Some(IdKey::Property(c, _)), true) => {
            if object.operation == Operation::Update {
                return Err(vec![error(
                    "BLANK_VALUE_PROVIDED",
                    format!("The {label} to update is not identified: the column is blank"),
                    Some(*c),
                )]);
            }
            None
        }
        (Some(IdKey::ObjectId(c)), false) => {
            let found = key_cell
                .parse::<u64>()
                .ok()
                .filter(|id| ts.records.get(id).is_some_and(|r| !r.archived));
            match found {
                Some(id) if object.operation == Operation::Create => {
                    return Err(vec![error(
                        "CREATE_ONLY_IMPORT",
                        format!(
                            "The {label} {id} already exists and this import only creates records"
                        ),
                        Some(*c),
                    )])
                }
                Some(id) => Some(id),
                None => {
                    return Err(vec![error(
                        "INVALID_OBJECT_ID",
                        format!("No {label} has the record ID {key_cell}"),
                        Some(*c),
                    )])
                }
            }
        }
        (Some(IdKey::Property(c, property)), false) => {
            let wanted = ts
                .properties
                .get(property)
                .and_then(|def| values::normalise(def, key_cell).ok().flatten())
                .unwrap_or_else(|| key_cell.to_string());
            match (ts.find_unique(property, &wanted), object.operation) {
                (Some(id), Operation::Update | Operation::Upsert) => Some(id),
                // A create meets the existing record in the unique check below.
                (_, Operation::Create) | (None, Operation::Upsert) => None,
                (None, Operation::Update) => {
                    return Err(vec![error(
                        "UPDATE_ONLY_IMPORT",
                        format!(
                        "No {label} has {property} {key_cell} and this import only updates records"
                    ),
                        Some(*c),
                    )])
                }
            }
        }
    };
    let changes = records::validate_properties(ts, &input, existing.is_none())
        .and_then(|mut c| pipelines::check(ts, &mut c, existing).map(|()| c))
        .map_err(|e| {
            e.errors
                .iter()
                .map(|d| {
                    let property = d
                        .context
                        .as_ref()
                        .and_then(|c| c.get("propertyName"))
                        .and_then(|n| n.get(0))
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let column = object
                        .columns
                        .iter()
                        .find(|(_, p)| p == property)
                        .map(|(c, _)| *c);
                    let message = match rewritten.iter().find(|(p, _, _)| *p == property) {
                        Some((_, raw, value)) => {
                            format!("{} (the cell {raw:?} was read as {value})", d.message)
                        }
                        None => d.message.clone(),
                    };
                    error(
                        error_type(d.code.as_deref().unwrap_or_default()),
                        message,
                        column,
                    )
                })
                .collect::<Vec<_>>()
        })?;
    for prop in ts.unique_properties() {
        let Some(Some(value)) = changes.get(&prop.name) else {
            continue;
        };
        if let Some(other) = ts.find_unique(&prop.name, value) {
            if Some(other) != existing {
                let column = object
                    .columns
                    .iter()
                    .find(|(_, p)| *p == prop.name)
                    .map(|(c, _)| *c);
                return Err(vec![error(
                    "DUPLICATE_UNIQUE_PROPERTY_VALUE",
                    format!(
                        "{} already exists. Existing ID: {other} has {} {value}",
                        ts.def.label_singular, prop.name
                    ),
                    column,
                )]);
            }
        }
    }
    let name = object.type_name.clone();
    Ok(Some(match existing {
        Some(id) => Action::Update(name, id, changes),
        None => Action::Create(name, changes),
    }))
}

/// HubSpot's import error type for a property validation code.
fn error_type(code: &str) -> &'static str {
    match code {
        "INVALID_OPTION" => "INVALID_ENUMERATION_OPTION",
        "INVALID_DATE" | "INVALID_DATETIME" => "COULD_NOT_PARSE_DATE",
        "INVALID_FLOAT" => "COULD_NOT_PARSE_NUMBER",
        "REQUIRED_PROPERTY" => "MISSING_REQUIRED_PROPERTY",
        "PROPERTY_DOESNT_EXIST" => "PROPERTY_DEFINITION_NOT_FOUND",
        _ => "FAILED_VALIDATION",
    }
}

/// A cell as the API would take it: dates written in the import's `dateFormat` become
/// `YYYY-MM-DD`, enumeration labels and differently cased values become option values.
fn import_form(def: &PropertyDef, raw: &str, format: DateFormat) -> String {
    match def.kind {
        PropertyKind::Date => slashed_date(raw, format).unwrap_or_else(|| raw.to_string()),
        PropertyKind::Datetime => slashed_date(raw, format)
            .map(|d| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| raw.to_string()),
        PropertyKind::Enumeration if !def.options.is_empty() => raw
            .split(';')
            .map(|part| {
                let part = part.trim();
                def.options
                    .iter()
                    .find(|o| o.value == part)
                    .or_else(|| {
                        def.options.iter().find(|o| {
                            o.value.eq_ignore_ascii_case(part) || o.label.eq_ignore_ascii_case(part)
                        })
                    })
                    .map_or(part, |o| o.value.as_str())
            })
            .collect::<Vec<_>>()
            .join(";"),
        _ => raw.to_string(),
    }
}

/// `YYYY-MM-DD` of a date written with `/`, `-` or `.` in the order `format` gives; `None`
/// for anything else (epoch milliseconds and ISO dates pass through unchanged).
fn slashed_date(raw: &str, format: DateFormat) -> Option<String> {
    let parts: Vec<&str> = raw.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if a.len() == 4 && format != DateFormat::YearMonthDay {
        return None; // ISO YYYY-MM-DD: already in the API's form
    }
    let (y, m, d) = match format {
        DateFormat::MonthDayYear => (c, a, b),
        DateFormat::DayMonthYear => (c, b, a),
        DateFormat::YearMonthDay => (a, b, c),
    };
    let num = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    let y = if y < 100 { 2000 + y } else { y };
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Writes a checked row: its records, then associations between them (a row that maps
/// several object types links its records with their default association type).
fn write_row(state: &mut State, actions: Vec<Action>, now: i64, out: &mut Outcome) {
    let mut written: Vec<(String, u64)> = Vec::new();
    for action in actions {
        match action {
            Action::Create(name, changes) => {
                if let Some(ts) = state.types.get_mut(&name) {
                    let id = records::insert_record(ts, changes, now, "IMPORT");
                    out.created += 1;
                    written.push((name, id));
                }
            }
            Action::Update(name, id, changes) => {
                if let Some(ts) = state.types.get_mut(&name) {
                    records::update_record(ts, id, changes, now, "IMPORT");
                    out.updated += 1;
                    written.push((name, id));
                }
            }
        }
    }
    for (i, (a, a_id)) in written.iter().enumerate() {
        for (b, b_id) in &written[i + 1..] {
            if let Ok(t) = links::default_type(state, a, b) {
                // The pair was checked when the import was planned.
                let _ = links::link(state, a, *a_id, b, *b_id, &[t]);
            }
        }
    }
}

fn render_error(
    state: &State,
    file: &FilePlan,
    row: &Row,
    e: RowError,
    import_id: u64,
    n: usize,
    now: i64,
) -> Value {
    let (object_type, type_id) = state.types.get(&e.type_name).map_or_else(
        || (String::new(), String::new()),
        |ts| {
            (
                ts.def.singular.to_ascii_uppercase(),
                ts.def.id_or_name().to_string(),
            )
        },
    );
    let mut out = Map::new();
    out.insert("id".into(), json!(format!("{import_id}-{}", n + 1)));
    out.insert("createdAt".into(), json!(now));
    out.insert("errorType".into(), json!(e.error_type));
    out.insert("errorMessage".into(), json!(e.message));
    out.insert("message".into(), json!(e.message));
    out.insert("objectType".into(), json!(object_type));
    out.insert("objectTypeId".into(), json!(type_id));
    if let Some(v) = e.invalid_value {
        out.insert("invalidValue".into(), json!(v));
    }
    if let Some(c) = e.column {
        out.insert("knownColumnNumber".into(), json!(c + 1));
    }
    out.insert(
        "sourceData".into(),
        json!({
            "lineNumber": row.line,
            "rowData": row.fields,
            "pageName": file.file_name,
            "containsEncryptedProperties": false,
        }),
    );
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_date_format() {
        let f = slashed_date;
        assert_eq!(
            f("03/01/2024", DateFormat::MonthDayYear).unwrap(),
            "2024-03-01"
        );
        assert_eq!(
            f("03/01/2024", DateFormat::DayMonthYear).unwrap(),
            "2024-01-03"
        );
        assert_eq!(
            f("2024.03.01", DateFormat::YearMonthDay).unwrap(),
            "2024-03-01"
        );
        assert_eq!(f("3-1-24", DateFormat::MonthDayYear).unwrap(), "2024-03-01");
        assert_eq!(f("2024-03-01", DateFormat::MonthDayYear), None);
        assert_eq!(f("1709251200000", DateFormat::MonthDayYear), None);
        assert_eq!(f("soon/ish/x", DateFormat::MonthDayYear), None);
    }
}
