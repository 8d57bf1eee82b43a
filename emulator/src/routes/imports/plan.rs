//! Checking an import request before anything is imported: the `importRequest` JSON, the
//! files it names, their header rows and every column mapping. A request that fails here is a
//! 400 and imports nothing; what passes becomes a [`Plan`] the rows are run through.

use std::collections::BTreeMap;

use hubspot_crm_schema::Capability;
use serde::Deserialize;
use serde_json::Value;

use super::csv::{self, Row};
use crate::error::{ApiError, ApiResult};
use crate::links;
use crate::request::Part;
use crate::state::State;

/// What an import does with the rows of one object type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operation {
    /// Create a record per row.
    Create,
    /// Update the record a row identifies.
    Update,
    /// Update the record a row identifies, or create one.
    Upsert,
}

/// How the dates of a file are written (`dateFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateFormat {
    /// `MM/DD/YYYY`, HubSpot's default.
    MonthDayYear,
    /// `DD/MM/YYYY`.
    DayMonthYear,
    /// `YYYY/MM/DD`.
    YearMonthDay,
}

/// The column that tells which existing record a row is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum IdKey {
    /// A column of record IDs (`hs_object_id`, columnType `HUBSPOT_OBJECT_ID`).
    ObjectId(usize),
    /// A column of a unique property (columnType `HUBSPOT_ALTERNATE_ID`, or the type's
    /// unique property such as `email` when it is mapped).
    Property(usize, String),
}

/// The columns of a file that belong to one object type.
#[derive(Debug, Clone)]
pub(super) struct ObjectPlan {
    /// The type's stored name.
    pub(super) type_name: String,
    pub(super) operation: Operation,
    /// (0-based column, property) for every property column.
    pub(super) columns: Vec<(usize, String)>,
    pub(super) id_key: Option<IdKey>,
}

/// One file, read and mapped.
#[derive(Debug, Clone)]
pub(super) struct FilePlan {
    pub(super) file_name: String,
    /// Fields every row must have: the header's, or the first row's without a header.
    pub(super) width: usize,
    /// The data rows (the header left out).
    pub(super) rows: Vec<Row>,
    /// One entry per object type the file maps, in the order of its first column.
    pub(super) objects: Vec<ObjectPlan>,
}

/// A checked import.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub(super) name: String,
    /// The `importRequest` JSON as received.
    pub(super) request: Value,
    pub(super) date_format: DateFormat,
    pub(super) files: Vec<FilePlan>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImportRequest {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    import_operations: BTreeMap<String, String>,
    #[serde(default)]
    date_format: Option<String>,
    #[serde(default)]
    files: Vec<FileSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileSpec {
    file_name: String,
    #[serde(default)]
    file_format: Option<String>,
    #[serde(default)]
    file_import_page: Option<PageSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageSpec {
    #[serde(default = "yes")]
    has_header: bool,
    #[serde(default)]
    column_mappings: Vec<MappingSpec>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MappingSpec {
    #[serde(default)]
    column_object_type_id: Option<String>,
    column_name: String,
    #[serde(default)]
    property_name: Option<String>,
    #[serde(default)]
    column_type: Option<String>,
    #[serde(default)]
    id_column_type: Option<String>,
}

/// Checks the multipart parts of an import request against the account.
pub(super) fn build(state: &State, parts: &[Part]) -> ApiResult<Plan> {
    let part = parts
        .iter()
        .find(|p| p.name == "importRequest")
        .ok_or_else(|| {
            ApiError::validation(
                "An import needs a multipart/form-data body with a part named importRequest holding the import's JSON settings and one files part per file",
            )
        })?;
    let request: Value = serde_json::from_slice(&part.data).map_err(ApiError::bad_body)?;
    let input: ImportRequest =
        serde_json::from_value(request.clone()).map_err(ApiError::bad_body)?;
    let date_format = match input.date_format.as_deref() {
        None | Some("MONTH_DAY_YEAR") => DateFormat::MonthDayYear,
        Some("DAY_MONTH_YEAR") => DateFormat::DayMonthYear,
        Some("YEAR_MONTH_DAY") => DateFormat::YearMonthDay,
        Some(other) => {
            return Err(ApiError::validation(format!(
                "dateFormat {other} is not one of MONTH_DAY_YEAR, DAY_MONTH_YEAR, YEAR_MONTH_DAY"
            )))
        }
    };
    let operations = operations(state, &input.import_operations)?;
    if input.files.is_empty() {
        return Err(ApiError::validation(
            "files must describe at least one file to import",
        ));
    }
    let mut files = Vec::new();
    for spec in &input.files {
        files.push(file_plan(state, parts, spec, &operations)?);
    }
    let name = input
        .name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| input.files[0].file_name.clone());
    Ok(Plan {
        name,
        request,
        date_format,
        files,
    })
}

/// `importOperations`, by stored type name.
fn operations(
    state: &State,
    input: &BTreeMap<String, String>,
) -> ApiResult<BTreeMap<String, Operation>> {
    let mut out = BTreeMap::new();
    for (key, value) in input {
        let name = importable_type(state, key)?;
        let op = match value.as_str() {
            "CREATE" => Operation::Create,
            "UPDATE" => Operation::Update,
            "UPSERT" => Operation::Upsert,
            other => {
                return Err(ApiError::validation(format!(
                    "importOperations.{key}: {other} is not one of CREATE, UPDATE, UPSERT"
                )))
            }
        };
        out.insert(name, op);
    }
    Ok(out)
}

/// The stored name of a type an import may write to.
fn importable_type(state: &State, key: &str) -> ApiResult<String> {
    let ts = state.type_state(key)?;
    if !ts.def.allows(Capability::Import) {
        return Err(ApiError::validation(format!(
            "{} cannot be imported",
            ts.def.label_plural
        )));
    }
    Ok(ts.def.name.clone())
}

fn file_plan(
    state: &State,
    parts: &[Part],
    spec: &FileSpec,
    operations: &BTreeMap<String, Operation>,
) -> ApiResult<FilePlan> {
    let file = &spec.file_name;
    match spec.file_format.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None | Some("CSV") => {}
        Some("SPREADSHEET") => {
            return Err(ApiError::validation(format!(
                "{file}: fileFormat SPREADSHEET is not supported by the emulator; upload the data as CSV with fileFormat CSV"
            )))
        }
        Some(other) => {
            return Err(ApiError::validation(format!(
                "{file}: fileFormat {other} is not one of CSV, SPREADSHEET"
            )))
        }
    }
    let part = parts
        .iter()
        .find(|p| p.name == "files" && p.file_name.as_deref() == Some(file.as_str()))
        .ok_or_else(|| {
            ApiError::validation(format!(
                "No file named {file} was uploaded: each entry of files needs a files part with that file name"
            ))
        })?;
    let page = spec.file_import_page.as_ref().ok_or_else(|| {
        ApiError::validation(format!(
            "{file}: fileImportPage with columnMappings is missing"
        ))
    })?;
    if page.column_mappings.is_empty() {
        return Err(ApiError::validation(format!(
            "{file}: fileImportPage.columnMappings must map at least one column"
        )));
    }
    let mut rows = csv::parse(&String::from_utf8_lossy(&part.data));
    let header = if page.has_header {
        if rows.is_empty() {
            return Err(ApiError::validation(format!(
                "{file} is empty: hasHeader is true but there is no header row"
            )));
        }
        let header = rows.remove(0);
        if let Some(problem) = header.problem {
            return Err(ApiError::validation(format!(
                "{file}: the header row cannot be read: {problem}"
            )));
        }
        Some(header.fields)
    } else {
        None
    };
    let mut columns = Vec::new();
    for (i, m) in page.column_mappings.iter().enumerate() {
        columns.push(mapped_column(
            state,
            file,
            i,
            m,
            header.as_deref(),
            &rows,
            operations,
        )?);
    }
    let width = match &header {
        Some(h) => h.len(),
        None => rows
            .iter()
            .find(|r| r.problem.is_none())
            .map_or(0, |r| r.fields.len()),
    };
    let objects = group(state, file, columns, operations)?;
    Ok(FilePlan {
        file_name: file.clone(),
        width,
        rows,
        objects,
    })
}

/// One mapping, checked: (type, column, property or `None` for a record-ID column, whether
/// it is marked as the alternate ID).
type Column = (String, usize, Option<String>, bool);

fn mapped_column(
    state: &State,
    file: &str,
    i: usize,
    m: &MappingSpec,
    header: Option<&[String]>,
    rows: &[Row],
    operations: &BTreeMap<String, Operation>,
) -> ApiResult<Column> {
    let at = |what: String| ApiError::validation(format!("{file}: columnMappings[{i}]: {what}"));
    let type_key = match (&m.column_object_type_id, operations.keys().next()) {
        (Some(t), _) => t.clone(),
        (None, Some(only)) if operations.len() == 1 => only.clone(),
        _ => return Err(at("columnObjectTypeId is missing".into())),
    };
    let type_name = importable_type(state, &type_key)?;
    let column = match header {
        Some(h) => h
            .iter()
            .position(|c| *c == m.column_name)
            .or_else(|| {
                h.iter()
                    .position(|c| c.trim().eq_ignore_ascii_case(m.column_name.trim()))
            })
            .ok_or_else(|| {
                at(format!(
                    "the header has no column named {:?}",
                    m.column_name
                ))
            })?,
        None => {
            let width = rows
                .iter()
                .find(|r| r.problem.is_none())
                .map_or(usize::MAX, |r| r.fields.len());
            match m.column_name.trim().parse::<usize>() {
                Ok(n) if n >= 1 && n <= width => n - 1,
                _ => {
                    return Err(at(format!(
                        "without a header row, columnName must be a column number from 1 to {width}, not {:?}",
                        m.column_name
                    )))
                }
            }
        }
    };
    let kind = m
        .column_type
        .as_deref()
        .or(m.id_column_type.as_deref())
        .map(str::to_ascii_uppercase);
    let property = m.property_name.as_deref().filter(|p| !p.is_empty());
    let ts = state.type_state(&type_name)?;
    match kind.as_deref() {
        Some("HUBSPOT_OBJECT_ID") => return Ok((type_name, column, None, false)),
        None if property == Some("hs_object_id") => return Ok((type_name, column, None, false)),
        None | Some("HUBSPOT_ALTERNATE_ID") => {}
        Some(other) => {
            return Err(at(format!(
                "columnType {other} is not supported by the emulator (it imports record IDs, unique IDs and properties, not associations)"
            )))
        }
    }
    let property = property.ok_or_else(|| at("propertyName is missing".into()))?;
    let def = ts
        .properties
        .get(property)
        .filter(|p| !p.archived)
        .ok_or_else(|| {
            at(format!(
                "Property \"{property}\" does not exist on {}",
                ts.def.plural
            ))
        })?;
    // HubSpot keeps read-only properties itself. Create-only ones (`createdate`) may be
    // mapped: rows that create records set them, rows that update are refused one by one.
    if def.read_only {
        return Err(at(format!(
            "{property} is a read only property; its value cannot be imported"
        )));
    }
    let alternate = kind.as_deref() == Some("HUBSPOT_ALTERNATE_ID");
    if alternate && !def.has_unique_value {
        return Err(at(format!(
            "{property} cannot identify records: it is not a unique property"
        )));
    }
    Ok((type_name, column, Some(property.to_string()), alternate))
}

/// Groups a file's columns by object type and picks each type's identifying column.
fn group(
    state: &State,
    file: &str,
    columns: Vec<Column>,
    operations: &BTreeMap<String, Operation>,
) -> ApiResult<Vec<ObjectPlan>> {
    let mut objects: Vec<ObjectPlan> = Vec::new();
    let mut alternates: BTreeMap<String, IdKey> = BTreeMap::new();
    for (type_name, column, property, alternate) in columns {
        let pos = match objects.iter().position(|o| o.type_name == type_name) {
            Some(pos) => pos,
            None => {
                objects.push(ObjectPlan {
                    operation: operations
                        .get(&type_name)
                        .copied()
                        .unwrap_or(Operation::Upsert),
                    type_name: type_name.clone(),
                    columns: Vec::new(),
                    id_key: None,
                });
                objects.len() - 1
            }
        };
        let object = &mut objects[pos];
        match property {
            None => {
                if object.id_key.is_some() {
                    return Err(ApiError::validation(format!(
                        "{file}: more than one column holds {type_name} record IDs"
                    )));
                }
                object.id_key = Some(IdKey::ObjectId(column));
            }
            Some(property) => {
                if object.columns.iter().any(|(_, p)| *p == property) {
                    return Err(ApiError::validation(format!(
                        "{file}: more than one column is mapped to {type_name} property {property}"
                    )));
                }
                if alternate {
                    alternates
                        .entry(type_name.clone())
                        .or_insert(IdKey::Property(column, property.clone()));
                }
                object.columns.push((column, property));
            }
        }
    }
    for object in &mut objects {
        let ts = state.type_state(&object.type_name)?;
        if object.id_key.is_none() {
            object.id_key = alternates.remove(&object.type_name).or_else(|| {
                object
                    .columns
                    .iter()
                    .find(|(_, p)| ts.properties.get(p).is_some_and(|d| d.has_unique_value))
                    .map(|(c, p)| IdKey::Property(*c, p.clone()))
            });
        }
        if object.operation == Operation::Update && object.id_key.is_none() {
            let uniques: Vec<&str> = ts
                .unique_properties()
                .map(|p| p.name.as_str())
                .filter(|n| *n != "hs_object_id")
                .collect();
            return Err(ApiError::validation(format!(
                "{file}: an UPDATE import of {} needs a column identifying the records: record IDs (columnType HUBSPOT_OBJECT_ID){}",
                ts.def.plural,
                if uniques.is_empty() {
                    String::new()
                } else {
                    format!(" or a unique property ({})", uniques.join(", "))
                }
            )));
        }
        if object.operation == Operation::Create {
            let mut missing: Vec<String> = ts
                .properties
                .values()
                .filter(|p| p.required && !p.archived)
                .map(|p| p.name.clone())
                .chain(ts.def.required_properties.iter().cloned())
                .filter(|n| !object.columns.iter().any(|(_, p)| p == n))
                .collect();
            missing.sort();
            missing.dedup();
            if !missing.is_empty() {
                return Err(ApiError::validation(format!(
                    "Some required properties for {} creates are missing: [{}]",
                    ts.def.singular.to_ascii_uppercase(),
                    missing.join(", ")
                )));
            }
        }
    }
    for (i, a) in objects.iter().enumerate() {
        for b in &objects[i + 1..] {
            links::require_pair(state, &a.type_name, &b.type_name)
                .map_err(|e| ApiError::validation(format!("{file}: {}", e.message)))?;
        }
    }
    Ok(objects)
}
