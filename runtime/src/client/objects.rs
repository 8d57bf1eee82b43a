//! Typed operations on the records of one object: what `client.contacts()` returns.
//!
//! Every method is bounded by the capability and association traits the generated code
//! implements, so an operation HubSpot does not allow on an object does not compile. Each
//! encodes typed properties, calls the untyped wire layer (`wire`) and decodes typed records.

use std::marker::PhantomData;

use super::wire::{IdRef, NewLink, TypeSpec, Wire};
use super::{AssociationCategory, Client, Error, Response};
use crate::id::Id;
use crate::object::{
    Archivable, Associates, Creatable, CrmObject, GdprDeletable, Mergeable, Readable,
    StandaloneCreate, Updatable,
};
use crate::property::{Properties, WireProperties};
use crate::record::Record;
use crate::unique::UniqueProp;

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

/// Whether a write creates records (create-only properties may go) or changes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Write {
    Create,
    Change,
}

impl<'c, O: CrmObject> Objects<'c, O> {
    /// The records of `O` reached through `client`.
    pub fn new(client: &'c Client) -> Self {
        Objects {
            client,
            object: PhantomData,
        }
    }

    /// The untyped wire layer for `O`.
    pub(super) fn wire(&self) -> Wire<'c> {
        Wire::new(self.client, O::path_segment())
    }

    /// The properties of `properties` a request of kind `write` may carry: never a read-only
    /// one (so a record read and sent back as an update works), a create-only one only on
    /// create.
    pub(super) fn writable(properties: &O::Properties, write: Write) -> WireProperties {
        let mut wire = properties.encode();
        wire.retain(|name, _| O::INFO.writable(name, write == Write::Create));
        wire
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
        for a in associations {
            let type_id = a.type_id.ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "HubSpot publishes no association type from {} to {}; create the record, then associate it",
                    O::INFO.name, a.to_name
                ))
            })?;
            links.push(NewLink {
                to: IdRef { id: a.to_id },
                types: vec![TypeSpec {
                    association_category: AssociationCategory::HubspotDefined,
                    association_type_id: type_id,
                }],
            });
        }
        let properties = Self::writable(&properties, Write::Create);
        Self::record(self.wire().create(&properties, &links).await?)
    }

    /// Reads a record with every property its typed properties know. For more properties
    /// (custom ones) or associated IDs, see [`Objects::get_with`].
    pub async fn get(&self, id: &Id<O>) -> Result<Record<O>, Error>
    where
        O: Readable,
    {
        self.get_with(id).send().await
    }

    /// Reads a record by a unique property (`idProperty`), such as a contact's email
    /// (`contacts::unique::EMAIL`), with every property its typed properties know;
    /// [`Objects::get_by_with`] asks for more. Only the object's unique properties compile.
    pub async fn get_by(&self, property: UniqueProp<O>, value: &str) -> Result<Record<O>, Error>
    where
        O: Readable,
    {
        self.get_by_with(property, value).send().await
    }

    /// Sets and clears the properties that are `Set` and `Clear` in `changes`; leaves the
    /// rest as they are. Read-only properties in `changes` are not sent, so a record read
    /// with [`Objects::get`] can be changed and sent back whole.
    pub async fn update(&self, id: &Id<O>, changes: O::Properties) -> Result<Record<O>, Error>
    where
        O: Updatable,
    {
        let properties = Self::writable(&changes, Write::Change);
        Self::record(self.wire().update(id.as_str(), None, &properties).await?)
    }

    /// Updates the record whose unique `property` is `value` (a contact by email).
    pub async fn update_by(
        &self,
        property: UniqueProp<O>,
        value: &str,
        changes: O::Properties,
    ) -> Result<Record<O>, Error>
    where
        O: Updatable,
    {
        let properties = Self::writable(&changes, Write::Change);
        Self::record(
            self.wire()
                .update(value, Some(property.name()), &properties)
                .await?,
        )
    }

    /// Archives (deletes) a record.
    pub async fn archive(&self, id: &Id<O>) -> Result<(), Error>
    where
        O: Archivable,
    {
        self.wire().archive(id.as_str()).await
    }

    /// Associates a record with a record of `T` with HubSpot's default (unlabelled) type. Only
    /// pairs HubSpot allows compile.
    pub async fn associate<T: CrmObject>(&self, id: &Id<O>, to: &Id<T>) -> Result<(), Error>
    where
        O: Associates<T>,
    {
        self.wire()
            .associate_default(id.as_str(), T::path_segment(), to.as_str())
            .await
    }

    /// Merges `other` into `primary`; returns the merged record. `other` stops existing as a
    /// record of its own.
    pub async fn merge(&self, primary: &Id<O>, other: &Id<O>) -> Result<Record<O>, Error>
    where
        O: Mergeable,
    {
        Self::record(self.wire().merge(primary.as_str(), other.as_str()).await?)
    }

    /// Permanently deletes a record and its history (GDPR). It cannot be restored.
    pub async fn gdpr_delete(&self, id: &Id<O>) -> Result<(), Error>
    where
        O: GdprDeletable,
    {
        self.wire().gdpr_delete(id.as_str(), None).await
    }

    /// Permanently deletes the record whose unique `property` is `value` (a contact by email).
    pub async fn gdpr_delete_by(&self, property: &str, value: &str) -> Result<(), Error>
    where
        O: GdprDeletable,
    {
        self.wire().gdpr_delete(value, Some(property)).await
    }

    /// The typed record of an answer.
    pub(super) fn record(answer: Response) -> Result<Record<O>, Error> {
        answer.json()
    }
}
