//! Typed operations on the records of one object: what `client.contacts()` returns.
//!
//! Every method is bounded by the capability and association traits the generated code
//! implements, so an operation HubSpot does not allow on an object does not compile.

use std::marker::PhantomData;

use serde_json::{json, Map, Value};

use super::{excerpt, Call, Client, Error};
use crate::id::Id;
use crate::object::{
    Archivable, Associates, Creatable, CrmObject, GdprDeletable, Mergeable, Readable,
    StandaloneCreate, Updatable,
};
use crate::property::Properties;
use crate::record::Record;

/// The records of object `O`, reached through a [`Client`].
pub struct Objects<'c, O> {
    pub(super) client: &'c Client,
    object: PhantomData<fn() -> O>,
}

impl<O> Clone for Objects<'_, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O> Copy for Objects<'_, O> {}

impl<O> std::fmt::Debug for Objects<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let full = std::any::type_name::<O>();
        write!(f, "Objects<{}>", full.rsplit("::").next().unwrap_or(full))
    }
}

/// An association to make when a record is created (see [`Objects::create_with`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssociation {
    to_name: &'static str,
    to_id: String,
    type_id: Option<u32>,
}

impl<'c, O: CrmObject> Objects<'c, O> {
    /// The records of `O` reached through `client`.
    pub fn new(client: &'c Client) -> Self {
        Objects {
            client,
            object: PhantomData,
        }
    }

    /// The records of a `{results: [...]}` body.
    pub(super) fn decode_list(body: &Value, what: &str) -> Result<Vec<Record<O>>, Error> {
        let results = body
            .get("results")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        results
            .into_iter()
            .map(|r| Self::decode(Some(r), what))
            .collect()
    }

    pub(super) fn decode(value: Option<Value>, what: &str) -> Result<Record<O>, Error> {
        let value = value.unwrap_or(Value::Null);
        serde_json::from_value::<Record<O>>(value.clone()).map_err(|e| Error::Decode {
            method: "",
            path: format!("{} {what}", O::INFO.name),
            message: e.to_string(),
            body: excerpt(value.to_string().as_bytes()),
        })
    }

    pub(super) fn properties_body(properties: &O::Properties) -> Value {
        let map: Map<String, Value> = properties
            .encode()
            .into_iter()
            .map(|(k, v)| (k, v.map_or(Value::Null, Value::String)))
            .collect();
        Value::Object(map)
    }

    /// Creates a record. Objects that need an association at creation (leads) have no
    /// `create`: use [`Objects::create_with`].
    pub async fn create(&self, properties: O::Properties) -> Result<Record<O>, Error>
    where
        O: StandaloneCreate,
    {
        self.create_with(properties, Vec::new()).await
    }

    /// The default association from a new record of `O` to the record `to` of `T`, for
    /// [`Objects::create_with`]. Only pairs HubSpot allows compile.
    pub fn association_to<T: CrmObject>(&self, to: &Id<T>) -> NewAssociation
    where
        O: Associates<T>,
    {
        NewAssociation {
            to_name: T::INFO.name,
            to_id: to.as_str().to_string(),
            type_id: O::DEFAULT_TYPE_ID.or(O::PRIMARY_TYPE_ID).map(|t| t.0),
        }
    }

    /// Creates a record with associations. The object's required associations (a lead needs
    /// a contact or a company) are checked before anything is sent.
    pub async fn create_with(
        &self,
        properties: O::Properties,
        associations: Vec<NewAssociation>,
    ) -> Result<Record<O>, Error>
    where
        O: Creatable,
    {
        for group in O::INFO.required_associations {
            if !associations.iter().any(|a| group.contains(&a.to_name)) {
                return Err(Error::InvalidRequest(format!(
                    "a new {} needs an association to one of: {}",
                    O::INFO.singular,
                    group.join(", ")
                )));
            }
        }
        let mut links = Vec::new();
        for a in &associations {
            let type_id = a.type_id.ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "HubSpot publishes no association type from {} to {}; create the record, then associate it",
                    O::INFO.name, a.to_name
                ))
            })?;
            links.push(json!({
                "to": {"id": a.to_id},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}],
            }));
        }
        let body = json!({
            "properties": Self::properties_body(&properties),
            "associations": links,
        });
        let params = [("objectType", O::path_segment())];
        let value = self
            .client
            .call(
                "objects_create",
                Call {
                    params: &params,
                    body: Some(body),
                    ..Call::default()
                },
            )
            .await?;
        Self::decode(value, "create")
    }

    /// Reads a record with every property its typed properties know.
    pub async fn get(&self, id: &Id<O>) -> Result<Record<O>, Error>
    where
        O: Readable,
    {
        self.get_where(id.as_str(), None).await
    }

    /// Reads a record with the chosen properties and the IDs of its associated records of the
    /// given types (`&["companies"]`), found in [`Record::associations`].
    pub async fn get_with(
        &self,
        id: &Id<O>,
        properties: Option<&[&str]>,
        associations: &[&str],
    ) -> Result<Record<O>, Error>
    where
        O: Readable,
    {
        let params = [("objectType", O::path_segment()), ("objectId", id.as_str())];
        let properties = properties.map_or_else(|| O::Properties::NAMES.join(","), |p| p.join(","));
        let mut query = vec![("properties", properties)];
        if !associations.is_empty() {
            query.push(("associations", associations.join(",")));
        }
        let value = self
            .client
            .call(
                "objects_get",
                Call {
                    params: &params,
                    query,
                    ..Call::default()
                },
            )
            .await?;
        Self::decode(value, "get")
    }

    /// Reads a record by a unique property (`idProperty`), such as a contact's email.
    pub async fn get_by(&self, property: &str, value: &str) -> Result<Record<O>, Error>
    where
        O: Readable,
    {
        self.get_where(value, Some(property)).await
    }

    async fn get_where(&self, id: &str, id_property: Option<&str>) -> Result<Record<O>, Error> {
        let params = [("objectType", O::path_segment()), ("objectId", id)];
        let mut query = vec![("properties", O::Properties::NAMES.join(","))];
        if let Some(p) = id_property {
            query.push(("idProperty", p.to_string()));
        }
        let value = self
            .client
            .call(
                "objects_get",
                Call {
                    params: &params,
                    query,
                    body: None,
                    ..Call::default()
                },
            )
            .await?;
        Self::decode(value, "get")
    }

    /// Sets and clears the properties that are `Set` and `Clear` in `changes`; leaves the
    /// rest as they are.
    pub async fn update(&self, id: &Id<O>, changes: O::Properties) -> Result<Record<O>, Error>
    where
        O: Updatable,
    {
        let params = [("objectType", O::path_segment()), ("objectId", id.as_str())];
        let value = self
            .client
            .call(
                "objects_update",
                Call {
                    params: &params,
                    body: Some(json!({ "properties": Self::properties_body(&changes) })),
                    ..Call::default()
                },
            )
            .await?;
        Self::decode(value, "update")
    }

    /// Updates the record whose unique `property` is `value` (a contact by email).
    pub async fn update_by(
        &self,
        property: &str,
        value: &str,
        changes: O::Properties,
    ) -> Result<Record<O>, Error>
    where
        O: Updatable,
    {
        let params = [("objectType", O::path_segment()), ("objectId", value)];
        let value = self
            .client
            .call(
                "objects_update",
                Call {
                    params: &params,
                    query: vec![("idProperty", property.to_string())],
                    body: Some(json!({ "properties": Self::properties_body(&changes) })),
                    ..Call::default()
                },
            )
            .await?;
        Self::decode(value, "update")
    }

    /// Archives (deletes) a record.
    pub async fn archive(&self, id: &Id<O>) -> Result<(), Error>
    where
        O: Archivable,
    {
        let params = [("objectType", O::path_segment()), ("objectId", id.as_str())];
        self.client
            .call(
                "objects_archive",
                Call {
                    params: &params,
                    ..Call::default()
                },
            )
            .await?;
        Ok(())
    }

    /// Associates a record with a record of `T` with HubSpot's default (unlabelled) type. Only
    /// pairs HubSpot allows compile.
    pub async fn associate<T: CrmObject>(&self, id: &Id<O>, to: &Id<T>) -> Result<(), Error>
    where
        O: Associates<T>,
    {
        let params = [
            ("objectType", O::path_segment()),
            ("objectId", id.as_str()),
            ("toObjectType", T::path_segment()),
            ("toObjectId", to.as_str()),
        ];
        self.client
            .call(
                "associations_create_default",
                Call {
                    params: &params,
                    ..Call::default()
                },
            )
            .await?;
        Ok(())
    }
}

impl<O: CrmObject> Objects<'_, O> {
    /// Merges `other` into `primary`; returns the merged record. `other` stops existing as a
    /// record of its own.
    pub async fn merge(&self, primary: &Id<O>, other: &Id<O>) -> Result<Record<O>, Error>
    where
        O: Mergeable,
    {
        let params = [("objectType", O::path_segment())];
        let body = json!({"primaryObjectId": primary.as_str(), "objectIdToMerge": other.as_str()});
        let value = self
            .client
            .call(
                "objects_merge",
                Call {
                    params: &params,
                    body: Some(body),
                    ..Call::default()
                },
            )
            .await?;
        Self::decode(value, "merge")
    }

    /// Permanently deletes a record and its history (GDPR). It cannot be restored.
    pub async fn gdpr_delete(&self, id: &Id<O>) -> Result<(), Error>
    where
        O: GdprDeletable,
    {
        self.gdpr_delete_where(id.as_str(), None).await
    }

    /// Permanently deletes the record whose unique `property` is `value` (a contact by email).
    pub async fn gdpr_delete_by(&self, property: &str, value: &str) -> Result<(), Error>
    where
        O: GdprDeletable,
    {
        self.gdpr_delete_where(value, Some(property)).await
    }

    async fn gdpr_delete_where(&self, id: &str, id_property: Option<&str>) -> Result<(), Error> {
        let params = [("objectType", O::path_segment())];
        let mut body = json!({"objectId": id});
        if let Some(p) = id_property {
            body["idProperty"] = json!(p);
        }
        self.client
            .call(
                "objects_gdpr_delete",
                Call {
                    params: &params,
                    body: Some(body),
                    ..Call::default()
                },
            )
            .await?;
        Ok(())
    }
}
