//! Imports: load CSV files into records with typed column mappings, then follow the import's
//! state and read the rows it could not process.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};

use super::list::max_page;
use super::wire::Page;
use super::{Call, Client, Error, Part};
use crate::endpoints::Family;
use crate::object::{CrmObject, Importable};
use crate::search::Prop;
use crate::vocab::PathParam::ImportId;

/// What an import does with each row for one object type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOperation {
    /// Create records.
    Create,
    /// Update existing records (found by a unique column).
    Update,
    /// Create or update.
    Upsert,
}

impl ImportOperation {
    fn as_str(self) -> &'static str {
        match self {
            ImportOperation::Create => "CREATE",
            ImportOperation::Update => "UPDATE",
            ImportOperation::Upsert => "UPSERT",
        }
    }
}

/// A CSV column and the property it fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    column: String,
    object_type: &'static str,
    property: &'static str,
}

impl ColumnMapping {
    /// Column `column` fills `property` (a generated handle, such as
    /// `contacts::props::EMAIL`): only real properties of importable objects can be mapped.
    pub fn new<O: CrmObject + Importable, T>(
        column: impl Into<String>,
        property: Prop<O, T>,
    ) -> Self {
        ColumnMapping {
            column: column.into(),
            object_type: O::path_segment(),
            property: property.name(),
        }
    }
}

/// A CSV file of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    /// The file name.
    pub file_name: String,
    /// The CSV bytes.
    pub data: Vec<u8>,
    /// Whether the first row names the columns.
    pub has_header: bool,
    /// Column mappings.
    pub mappings: Vec<ColumnMapping>,
}

/// An import to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRequest {
    /// Its name.
    pub name: String,
    /// The operation per object type.
    pub operations: Vec<(&'static str, ImportOperation)>,
    /// The files.
    pub files: Vec<ImportFile>,
}

impl ImportRequest {
    /// An import named `name` of one CSV file with a header row.
    pub fn csv(
        name: impl Into<String>,
        file_name: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        ImportRequest {
            name: name.into(),
            operations: Vec::new(),
            files: vec![ImportFile {
                file_name: file_name.into(),
                data: data.into(),
                has_header: true,
                mappings: Vec::new(),
            }],
        }
    }

    /// What to do with rows for object `O`.
    pub fn operation<O: CrmObject + Importable>(mut self, operation: ImportOperation) -> Self {
        self.operations.push((O::path_segment(), operation));
        self
    }

    /// Maps a column of the first file.
    pub fn column(mut self, mapping: ColumnMapping) -> Self {
        if let Some(f) = self.files.first_mut() {
            f.mappings.push(mapping);
        }
        self
    }

    fn json(&self) -> Value {
        let operations: BTreeMap<&str, &str> = self
            .operations
            .iter()
            .map(|(t, o)| (*t, o.as_str()))
            .collect();
        let files: Vec<Value> = self
            .files
            .iter()
            .map(|f| {
                let mappings: Vec<Value> = f
                    .mappings
                    .iter()
                    .map(|m| json!({"columnObjectTypeId": m.object_type, "columnName": m.column, "propertyName": m.property}))
                    .collect();
                json!({"fileName": f.file_name, "fileFormat": "CSV", "fileImportPage": {"hasHeader": f.has_header, "columnMappings": mappings}})
            })
            .collect();
        json!({"name": self.name, "importOperations": operations, "files": files})
    }
}

/// An import and its progress.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Import {
    /// Its ID.
    #[serde(deserialize_with = "id_text")]
    pub id: String,
    /// `STARTED`, `PROCESSING`, `DONE`, `FAILED`, `CANCELED`, ...
    #[serde(default)]
    pub state: String,
    /// Counters (`TOTAL_ROWS`, `CREATED_OBJECTS`, `UPDATED_OBJECTS`, `ERRORS`, ...).
    #[serde(default, rename = "metadata", deserialize_with = "counters")]
    pub counters: BTreeMap<String, u64>,
}

fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        other => other.to_string(),
    })
}

fn counters<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, u64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(v.get("counters")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_u64().map(|n| (k.clone(), n)))
                .collect()
        })
        .unwrap_or_default())
}

/// A row an import could not process.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowError {
    /// HubSpot's error type (`INVALID_EMAIL`, `COULD_NOT_PARSE_DATE`, ...).
    #[serde(default)]
    pub error_type: String,
    /// What went wrong (`errorMessage`, HubSpot's name for it).
    #[serde(default)]
    pub error_message: Option<String>,
    /// What went wrong, where a body calls it `message`.
    #[serde(default)]
    pub message: Option<String>,
    /// Where: `{lineNumber, rowData, ...}`.
    #[serde(default)]
    pub source_data: Value,
}

impl ImportRowError {
    /// The error's text, whichever field carried it.
    pub fn text(&self) -> &str {
        self.error_message
            .as_deref()
            .or(self.message.as_deref())
            .unwrap_or_default()
    }
}

/// The account's imports; see [`Client::imports`].
#[derive(Debug, Clone, Copy)]
pub struct Imports<'c> {
    client: &'c Client,
}

impl Client {
    /// The account's imports.
    pub fn imports(&self) -> Imports<'_> {
        Imports { client: self }
    }
}

impl Imports<'_> {
    /// Starts an import (multipart: the request as JSON and the files).
    pub async fn start(&self, request: &ImportRequest) -> Result<Import, Error> {
        let mut parts = vec![Part {
            name: "importRequest",
            file_name: None,
            content_type: "application/json",
            data: request.json().to_string().into_bytes().into(),
        }];
        for f in &request.files {
            parts.push(Part {
                name: "files",
                file_name: Some(f.file_name.clone()),
                content_type: "text/csv",
                data: f.data.clone().into(),
            });
        }
        let call = Call {
            parts,
            ..Call::default()
        };
        self.client.call(Family::ImportsStart, call).await?.json()
    }

    /// An import's state and counters.
    pub async fn get(&self, id: &str) -> Result<Import, Error> {
        let params = [(ImportId, id)];
        self.client
            .call(Family::ImportsGet, Call::at(&params))
            .await?
            .json()
    }

    /// The most recent imports (one page).
    pub async fn list(&self) -> Result<Vec<Import>, Error> {
        let page: Page<Import> = self
            .client
            .call(Family::ImportsList, Call::default())
            .await?
            .json()?;
        Ok(page.results)
    }

    /// Cancels an import that has not finished.
    pub async fn cancel(&self, id: &str) -> Result<(), Error> {
        let params = [(ImportId, id)];
        self.client
            .call(Family::ImportsCancel, Call::at(&params))
            .await?;
        Ok(())
    }

    /// The rows an import could not process (first page, as large as HubSpot allows).
    pub async fn errors(&self, id: &str) -> Result<Vec<ImportRowError>, Error> {
        let params = [(ImportId, id)];
        let limit = max_page(Family::ImportsErrors).to_string();
        let call = Call::at(&params).query(vec![("limit", limit)]);
        let page: Page<ImportRowError> = self
            .client
            .call(Family::ImportsErrors, call)
            .await?
            .json()?;
        Ok(page.results)
    }
}
