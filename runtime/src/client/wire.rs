//! The untyped wire layer of the record families: HubSpot's request shapes (paths, queries,
//! bodies) for an object type named by its path segment, with properties as strings.
//!
//! It is the one place these requests are built. [`Objects`](super::Objects) encodes typed
//! properties, calls it and decodes typed records; [`DynamicObjects`](super::DynamicObjects)
//! passes strings through it. Answers come back raw ([`Response`]) for the caller to decode
//! into whatever type it wants, straight from the bytes.

use bytes::Bytes;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde::Deserialize;

use super::{json_body, AssociationCategory, Call, Client, Error, Response};
use crate::endpoints::Family;
use crate::property::WireProperties;
use crate::vocab::PathParam::{AssociationTypeId, ObjectId, ObjectType, ToObjectId, ToObjectType};

/// A `properties` object as HubSpot takes it: every value a string, `None` sent as `""`
/// (which clears the property).
pub(crate) struct Props<'a>(pub(crate) &'a WireProperties);

impl Serialize for Props<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, value.as_deref().unwrap_or(""))?;
        }
        map.end()
    }
}

/// `{associationCategory, associationTypeId}`: one type of an association to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TypeSpec {
    pub(crate) association_category: AssociationCategory,
    pub(crate) association_type_id: u32,
}

/// An association made with a new record: `{to: {id}, types: [...]}`.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct NewLink {
    pub(crate) to: IdRef,
    pub(crate) types: Vec<TypeSpec>,
}

/// `{id}`.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct IdRef {
    pub(crate) id: String,
}

/// What a read returns: properties (joined with commas; `None` for HubSpot's defaults) and
/// the object types whose associated IDs to include.
#[derive(Debug, Default, Clone)]
pub(crate) struct ReadOptions {
    pub(crate) properties: Option<String>,
    pub(crate) associations: Vec<String>,
}

impl ReadOptions {
    fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(p) = &self.properties {
            query.push(("properties", p.clone()));
        }
        if !self.associations.is_empty() {
            query.push(("associations", self.associations.join(",")));
        }
        query
    }
}

/// A page of a listing: `{results, paging: {next: {after}}}`. `results` must be there: an
/// answer without it is a decode error, not an empty page.
#[derive(Debug, Deserialize)]
pub(crate) struct Page<T> {
    pub(crate) results: Vec<T>,
    #[serde(default)]
    pub(crate) paging: Option<PagingWire>,
}

/// `paging` of a page.
#[derive(Debug, Deserialize)]
pub(crate) struct PagingWire {
    #[serde(default)]
    pub(crate) next: Option<NextWire>,
}

/// `paging.next`.
#[derive(Debug, Deserialize)]
pub(crate) struct NextWire {
    pub(crate) after: String,
}

impl<T> Page<T> {
    /// The cursor of the next page, if any.
    pub(crate) fn next(&self) -> Option<&str> {
        self.paging
            .as_ref()
            .and_then(|p| p.next.as_ref())
            .map(|n| n.after.as_str())
    }
}

/// The body of a search: filter groups as HubSpot's JSON (`[{filters: [...]}]`; typed
/// searches build them from typed filters), sorts, properties, page size, text, cursor.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SearchBody<'a> {
    pub(crate) filter_groups: serde_json::Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) sorts: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) properties: Vec<&'a str>,
    pub(crate) limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) query: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) after: Option<&'a str>,
}

/// A search answer: `{total, results, paging}`. `total` and `results` must be there: an
/// answer without them is a decode error, not an empty page.
#[derive(Debug, Deserialize)]
pub(crate) struct SearchAnswer<T> {
    pub(crate) total: u64,
    pub(crate) results: Vec<T>,
    #[serde(default)]
    pub(crate) paging: Option<PagingWire>,
}

impl<T> SearchAnswer<T> {
    /// The cursor of the next page, if any.
    pub(crate) fn next(&self) -> Option<&str> {
        self.paging
            .as_ref()
            .and_then(|p| p.next.as_ref())
            .map(|n| n.after.as_str())
    }
}

/// The record families of one object type, untyped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wire<'c> {
    pub(crate) client: &'c Client,
    /// The type's path segment: a type ID (`0-1`), a name, or a custom object's name.
    pub(crate) object_type: &'c str,
}

impl<'c> Wire<'c> {
    pub(crate) fn new(client: &'c Client, object_type: &'c str) -> Self {
        Wire {
            client,
            object_type,
        }
    }

    /// `POST .../objects/{objectType}`.
    pub(crate) async fn create(
        &self,
        properties: &WireProperties,
        associations: &[NewLink],
    ) -> Result<Response, Error> {
        #[derive(serde::Serialize)]
        struct Body<'a> {
            properties: Props<'a>,
            associations: &'a [NewLink],
        }
        let params = [(ObjectType, self.object_type)];
        let call = Call::at(&params).json(&Body {
            properties: Props(properties),
            associations,
        })?;
        self.client.call(Family::ObjectsCreate, call).await
    }

    /// `GET .../{objectId}`, by ID or, with `id_property`, by a unique value.
    pub(crate) async fn get(
        &self,
        id: &str,
        id_property: Option<&str>,
        read: &ReadOptions,
    ) -> Result<Response, Error> {
        let params = [(ObjectType, self.object_type), (ObjectId, id)];
        let mut query = read.query();
        if let Some(p) = id_property {
            query.push(("idProperty", p.to_string()));
        }
        let call = Call::at(&params).query(query);
        self.client.call(Family::ObjectsGet, call).await
    }

    /// `PATCH .../{objectId}`, by ID or, with `id_property`, by a unique value.
    pub(crate) async fn update(
        &self,
        id: &str,
        id_property: Option<&str>,
        properties: &WireProperties,
    ) -> Result<Response, Error> {
        let params = [(ObjectType, self.object_type), (ObjectId, id)];
        let query = id_property
            .map(|p| vec![("idProperty", p.to_string())])
            .unwrap_or_default();
        let call = Call::at(&params).query(query).json(&PropertiesBody {
            properties: Props(properties),
        })?;
        self.client.call(Family::ObjectsUpdate, call).await
    }

    /// `DELETE .../{objectId}`.
    pub(crate) async fn archive(&self, id: &str) -> Result<(), Error> {
        let params = [(ObjectType, self.object_type), (ObjectId, id)];
        self.client
            .call(Family::ObjectsArchive, Call::at(&params))
            .await?;
        Ok(())
    }

    /// `POST .../merge`.
    pub(crate) async fn merge(&self, primary: &str, other: &str) -> Result<Response, Error> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            primary_object_id: &'a str,
            object_id_to_merge: &'a str,
        }
        let params = [(ObjectType, self.object_type)];
        let call = Call::at(&params).json(&Body {
            primary_object_id: primary,
            object_id_to_merge: other,
        })?;
        self.client.call(Family::ObjectsMerge, call).await
    }

    /// `POST .../gdpr-delete`, by ID or, with `id_property`, by a unique value.
    pub(crate) async fn gdpr_delete(
        &self,
        id: &str,
        id_property: Option<&str>,
    ) -> Result<(), Error> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            object_id: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            id_property: Option<&'a str>,
        }
        let params = [(ObjectType, self.object_type)];
        let call = Call::at(&params).json(&Body {
            object_id: id,
            id_property,
        })?;
        self.client.call(Family::ObjectsGdprDelete, call).await?;
        Ok(())
    }

    /// `GET .../objects/{objectType}`: one page of records.
    pub(crate) async fn list_page(
        &self,
        page_size: u32,
        archived: bool,
        read: &ReadOptions,
        after: Option<&str>,
    ) -> Result<Response, Error> {
        let params = [(ObjectType, self.object_type)];
        let mut query = vec![
            ("limit", page_size.to_string()),
            ("archived", archived.to_string()),
        ];
        query.extend(read.query());
        if let Some(a) = after {
            query.push(("after", a.to_string()));
        }
        self.client
            .call(Family::ObjectsList, Call::at(&params).query(query))
            .await
    }

    /// `POST .../search`.
    pub(crate) async fn search(&self, body: &SearchBody<'_>) -> Result<Response, Error> {
        let params = [(ObjectType, self.object_type)];
        let call = Call::at(&params).json(body)?;
        self.client.call(Family::ObjectsSearch, call).await
    }

    /// A batch family of the type (`objects_batch_*`), with its body.
    pub(crate) async fn batch(
        &self,
        family: Family,
        body: &impl serde::Serialize,
    ) -> Result<Response, Error> {
        let params = [(ObjectType, self.object_type)];
        let call = Call::at(&params).json(body)?;
        self.client.call(family, call).await
    }

    /// A family on the link between record `id` and record `to_id` of `to_type`, with a
    /// JSON body where it takes one.
    async fn link(
        &self,
        family: Family,
        id: &str,
        to_type: &str,
        to_id: &str,
        body: Option<Bytes>,
    ) -> Result<(), Error> {
        let params = [
            (ObjectType, self.object_type),
            (ObjectId, id),
            (ToObjectType, to_type),
            (ToObjectId, to_id),
        ];
        let mut call = Call::at(&params);
        call.body = body;
        self.client.call(family, call).await?;
        Ok(())
    }

    /// `PUT .../associations/default/{toObjectType}/{toObjectId}`.
    pub(crate) async fn associate_default(
        &self,
        id: &str,
        to_type: &str,
        to_id: &str,
    ) -> Result<(), Error> {
        let family = Family::AssociationsCreateDefault;
        self.link(family, id, to_type, to_id, None).await
    }

    /// `PUT .../associations/{toObjectType}/{toObjectId}` with the given types.
    pub(crate) async fn associate(
        &self,
        id: &str,
        to_type: &str,
        to_id: &str,
        types: &[TypeSpec],
    ) -> Result<(), Error> {
        let body = Some(json_body(&types)?);
        self.link(Family::AssociationsCreate, id, to_type, to_id, body)
            .await
    }

    /// `DELETE .../associations/{toObjectType}/{toObjectId}`.
    pub(crate) async fn remove_association(
        &self,
        id: &str,
        to_type: &str,
        to_id: &str,
    ) -> Result<(), Error> {
        let family = Family::AssociationsRemove;
        self.link(family, id, to_type, to_id, None).await
    }

    /// `GET .../{objectId}/associations/{toObjectType}`: one page.
    pub(crate) async fn associations_page(
        &self,
        id: &str,
        to_type: &str,
        after: Option<&str>,
    ) -> Result<Response, Error> {
        let params = [
            (ObjectType, self.object_type),
            (ObjectId, id),
            (ToObjectType, to_type),
        ];
        let max = super::list::max_page(Family::AssociationsList);
        let mut query = vec![("limit", max.to_string())];
        if let Some(a) = after {
            query.push(("after", a.to_string()));
        }
        self.client
            .call(Family::AssociationsList, Call::at(&params).query(query))
            .await
    }

    /// An association family between this type and `to_type` (labels, batches), with a label's
    /// type ID where the path names one, and a JSON body where it takes one.
    pub(crate) async fn pair(
        &self,
        family: Family,
        to_type: &str,
        type_id: Option<&str>,
        body: Option<Bytes>,
    ) -> Result<Response, Error> {
        let mut params = vec![(ObjectType, self.object_type), (ToObjectType, to_type)];
        if let Some(t) = type_id {
            params.push((AssociationTypeId, t));
        }
        let mut call = Call::at(&params);
        call.body = body;
        self.client.call(family, call).await
    }
}

/// `{properties}` of an update.
#[derive(serde::Serialize)]
pub(crate) struct PropertiesBody<'a> {
    pub(crate) properties: Props<'a>,
}
