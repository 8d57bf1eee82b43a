//! Custom object schemas: define, read, change and archive custom objects, and allow their
//! associations. A new custom object is usable at once through `Client::object`.

mod bulk;

use serde::Deserialize;
use serde_json::{json, Value};

use super::properties::{NewProperty, PropertyDefinition};
use super::wire::Page;
use super::{Call, Client, Error};
use crate::endpoints::Family;
use crate::vocab::PathParam::ObjectType;

pub use bulk::SchemaParts;

/// A custom object's display labels.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SchemaLabels {
    /// Singular (`Car`).
    #[serde(default)]
    pub singular: String,
    /// Plural (`Cars`).
    #[serde(default)]
    pub plural: String,
}

/// An object schema as HubSpot returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectSchema {
    /// `2-1234` for a custom object.
    pub object_type_id: String,
    /// `p{portalId}_{name}`.
    #[serde(default)]
    pub fully_qualified_name: String,
    /// The name.
    #[serde(default)]
    pub name: String,
    /// Display labels.
    pub labels: SchemaLabels,
    /// The property naming a record.
    #[serde(default)]
    pub primary_display_property: Option<String>,
    /// Properties required at creation.
    #[serde(default)]
    pub required_properties: Vec<String>,
    /// Properties the free-text search looks at.
    #[serde(default)]
    pub searchable_properties: Vec<String>,
    /// Property definitions.
    #[serde(default)]
    pub properties: Vec<PropertyDefinition>,
    /// Archived.
    #[serde(default)]
    pub archived: bool,
    /// Whether properties marked sensitive may be defined on it.
    #[serde(default)]
    pub allows_sensitive_properties: bool,
    /// The association definitions it has (empty when a bulk read did not ask for them).
    #[serde(default)]
    pub associations: Vec<SchemaAssociation>,
}

/// An association definition of a schema: the other object type its records may be linked to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaAssociation {
    /// Its ID: what [`Schemas::delete_association`] takes, and the association type ID of
    /// the definition.
    pub id: String,
    /// The schema's object type (`2-1234`).
    pub from_object_type_id: String,
    /// The other object type (`0-1`).
    pub to_object_type_id: String,
    /// HubSpot's name for it (`car_to_contact`), when it gives one.
    #[serde(default)]
    pub name: Option<String>,
}

/// A custom object to define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSchema {
    /// Name (`cars`).
    pub name: String,
    /// Singular label.
    pub singular: String,
    /// Plural label.
    pub plural: String,
    /// The property naming a record; must be among `properties`.
    pub primary_display_property: String,
    /// Properties required at creation.
    pub required_properties: Vec<String>,
    /// Properties the free-text search looks at.
    pub searchable_properties: Vec<String>,
    /// Its properties.
    pub properties: Vec<NewProperty>,
    /// Object types it may be associated with (`contacts`, `0-2`, ...).
    pub associated_objects: Vec<String>,
    /// Whether properties marked sensitive may be defined on it (HubSpot's
    /// `allowsSensitiveProperties`, which the date versions require on create).
    pub allows_sensitive_properties: bool,
}

/// The schemas of the account; see [`Client::schemas`].
#[derive(Debug, Clone, Copy)]
pub struct Schemas<'c> {
    client: &'c Client,
}

impl Client {
    /// The account's custom object schemas.
    pub fn schemas(&self) -> Schemas<'_> {
        Schemas { client: self }
    }
}

impl Schemas<'_> {
    /// Every custom object schema.
    pub async fn list(&self) -> Result<Vec<ObjectSchema>, Error> {
        let page: Page<ObjectSchema> = self
            .client
            .call(Family::SchemasList, Call::default())
            .await?
            .json()?;
        Ok(page.results)
    }

    /// One schema, by `2-NNN`, name or fully qualified name.
    pub async fn get(&self, object_type: &str) -> Result<ObjectSchema, Error> {
        let params = [(ObjectType, object_type)];
        self.client
            .call(Family::SchemasGet, Call::at(&params))
            .await?
            .json()
    }

    /// Defines a custom object.
    pub async fn create(&self, schema: &NewSchema) -> Result<ObjectSchema, Error> {
        let properties: Vec<Value> = schema.properties.iter().map(NewProperty::body).collect();
        let body = json!({
            "name": schema.name,
            "labels": {"singular": schema.singular, "plural": schema.plural},
            "primaryDisplayProperty": schema.primary_display_property,
            "requiredProperties": schema.required_properties,
            "searchableProperties": schema.searchable_properties,
            "properties": properties,
            "associatedObjects": schema.associated_objects,
            "allowsSensitiveProperties": schema.allows_sensitive_properties,
        });
        let call = Call::default().json(&body)?;
        self.client.call(Family::SchemasCreate, call).await?.json()
    }

    /// Changes a schema (fields as HubSpot names them: `{"requiredProperties": [...]}`).
    pub async fn update(&self, object_type: &str, changes: Value) -> Result<ObjectSchema, Error> {
        let params = [(ObjectType, object_type)];
        let call = Call::at(&params).json(&changes)?;
        self.client.call(Family::SchemasUpdate, call).await?.json()
    }

    /// Archives a schema (HubSpot refuses while it still has records).
    pub async fn archive(&self, object_type: &str) -> Result<(), Error> {
        let params = [(ObjectType, object_type)];
        self.client
            .call(Family::SchemasArchive, Call::at(&params))
            .await?;
        Ok(())
    }

    /// Allows associations between a custom object and another object type; the definition
    /// made (its `id` is what [`delete_association`](Schemas::delete_association) takes).
    pub async fn allow_association(
        &self,
        from_type_id: &str,
        to_type_id: &str,
    ) -> Result<SchemaAssociation, Error> {
        let params = [(ObjectType, from_type_id)];
        let body = json!({"fromObjectTypeId": from_type_id, "toObjectTypeId": to_type_id});
        let call = Call::at(&params).json(&body)?;
        self.client
            .call(Family::SchemasCreateAssociation, call)
            .await?
            .json()
    }
}
