//! A record of any object, generic over the object so its ID and properties are typed.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use time::OffsetDateTime;

use crate::id::Id;
use crate::object::CrmObject;
use crate::property::{Properties, PropertyError, PropertyValue, WireProperties};

/// A record of object `O` as HubSpot returns it, with typed ID and properties.
///
/// Generated modules name each one (`contacts::ContactRecord`). It deserializes from HubSpot's
/// JSON record shape; a property value that does not fit its type is an error naming the
/// property, never a panic.
pub struct Record<O: CrmObject> {
    /// The record's ID.
    pub id: Id<O>,
    /// Its properties: those returned, typed, plus every other in `custom`.
    pub properties: O::Properties,
    /// When it was created.
    pub created_at: Option<OffsetDateTime>,
    /// When it was last changed.
    pub updated_at: Option<OffsetDateTime>,
    /// Whether it is archived.
    pub archived: bool,
    /// When it was archived.
    pub archived_at: Option<OffsetDateTime>,
    /// Associated record IDs by object type, when a read asked for them: each list is filed
    /// under the key the read asked with (`companies`, `0-2`, a custom object's `2-123`),
    /// whatever name HubSpot answered with, and a type asked for that the record has none of
    /// has an empty list.
    pub associations: BTreeMap<String, Vec<AssociatedId>>,
}

/// An associated record as a record's `associations` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AssociatedId {
    /// The associated record's ID (a string in HubSpot's answers; a number reads as its text).
    #[serde(deserialize_with = "crate::id::id_text")]
    pub id: String,
    /// The association's type name (`contact_to_company`, `contact_to_company_unlabeled`).
    #[serde(rename = "type", default)]
    pub type_name: String,
}

/// `{results: [...]}` of one associated type.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WireAssociations {
    /// The associated records.
    #[serde(default)]
    pub results: Vec<AssociatedId>,
}

impl<O: CrmObject> Clone for Record<O> {
    fn clone(&self) -> Self {
        Record {
            id: self.id.clone(),
            properties: self.properties.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            archived: self.archived,
            archived_at: self.archived_at,
            associations: self.associations.clone(),
        }
    }
}

impl<O: CrmObject> fmt::Debug for Record<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Record")
            .field("id", &self.id)
            .field("properties", &self.properties)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("archived", &self.archived)
            .field("archived_at", &self.archived_at)
            .field("associations", &self.associations)
            .finish()
    }
}

/// A record that does not fit its object's types.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// A property value does not fit its type.
    #[error(transparent)]
    Property(#[from] PropertyError),
    /// A timestamp field is not a date-time.
    #[error("record field `{field}`: expected a date-time, got {value:?}")]
    Timestamp {
        /// `createdAt`, `updatedAt` or `archivedAt`.
        field: &'static str,
        /// The value received.
        value: String,
    },
}

/// HubSpot's record JSON, untyped.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireRecord {
    /// The ID.
    pub id: String,
    /// Property values.
    #[serde(default)]
    pub properties: WireProperties,
    /// ISO-8601 creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// ISO-8601 modification time.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Archived flag.
    #[serde(default)]
    pub archived: Option<bool>,
    /// ISO-8601 archive time.
    #[serde(default)]
    pub archived_at: Option<String>,
    /// Associated records by object type.
    #[serde(default)]
    pub associations: BTreeMap<String, WireAssociations>,
}

impl<O: CrmObject> TryFrom<WireRecord> for Record<O> {
    type Error = RecordError;

    fn try_from(wire: WireRecord) -> Result<Self, RecordError> {
        let time = |field: &'static str, v: Option<String>| match v {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => OffsetDateTime::from_wire(&s)
                .map(Some)
                .map_err(|_| RecordError::Timestamp { field, value: s }),
        };
        Ok(Record {
            id: Id::new(wire.id),
            properties: O::Properties::decode(wire.properties)?,
            created_at: time("createdAt", wire.created_at)?,
            updated_at: time("updatedAt", wire.updated_at)?,
            archived: wire.archived.unwrap_or(false),
            archived_at: time("archivedAt", wire.archived_at)?,
            associations: wire
                .associations
                .into_iter()
                .map(|(k, v)| (k, v.results))
                .collect(),
        })
    }
}

impl<'de, O: CrmObject> Deserialize<'de> for Record<O> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = WireRecord::deserialize(d)?;
        Record::try_from(wire).map_err(serde::de::Error::custom)
    }
}
