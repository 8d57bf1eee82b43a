//! Reads of one record that ask for more than the typed properties, additively: the record
//! always comes with every property its typed properties know, plus the properties and
//! associated IDs the request adds.

use std::fmt;

use super::dynamic::{DynamicObjects, DynamicRecord};
use super::wire::{Asked, ReadOptions, Wire};
use super::{Error, Objects};
use crate::id::Id;
use crate::object::{Associates, CrmObject, Readable};
use crate::property::Properties;
use crate::record::Record;
use crate::unique::UniqueProp;

/// What a read targets and asks for; shared by the typed and the dynamic request.
#[derive(Debug, Clone)]
struct Target {
    /// The record's ID, or its unique value with `id_property`.
    id: String,
    id_property: Option<String>,
    read: ReadOptions,
}

impl Target {
    fn new(id: &str, id_property: Option<&str>, known: &[&str]) -> Self {
        Target {
            id: id.to_string(),
            id_property: id_property.map(String::from),
            read: ReadOptions::with_properties(known, std::iter::empty::<String>()),
        }
    }
}

/// A read of one record of `O` being built; see [`Objects::get_with`]. It asks for every
/// property the typed properties know; [`GetRequest::properties`] and the association methods
/// add to that, and [`GetRequest::send`] reads.
#[must_use = "a read does nothing until it is sent"]
pub struct GetRequest<'c, O> {
    objects: Objects<'c, O>,
    target: Target,
}

impl<O> fmt::Debug for GetRequest<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetRequest")
            .field("objects", &self.objects)
            .field("id", &self.target.id)
            .field("id_property", &self.target.id_property)
            .field("properties", &self.target.read.properties)
            .field("associations", &self.target.read.associations)
            .finish()
    }
}

impl<'c, O: CrmObject + Readable> Objects<'c, O> {
    /// A read of record `id` that can ask for more than [`Objects::get`]: extra properties
    /// (custom ones, which land in `properties.custom`) and the IDs of associated records,
    /// filed in [`Record::associations`] under the key asked for.
    ///
    /// ```no_run
    /// # use hubspot_crm_runtime::{Associates, CrmObject, Error, Id, Objects, Readable};
    /// # async fn demo<C: Readable + Associates<Co>, Co: CrmObject>(
    /// #     contacts: Objects<'_, C>,
    /// #     id: Id<C>,
    /// # ) -> Result<(), Error> {
    /// let contact = contacts
    ///     .get_with(&id)
    ///     .properties(["shoe_size"]) // in addition to every typed property
    ///     .associations::<Co>() // filed under the object's name, `companies`
    ///     .associations_to(["2-123"]) // a custom object: filed under `2-123`
    ///     .send()
    ///     .await?;
    /// // `shoe_size` is in `contact.properties.custom`, next to every typed property.
    /// let pets = &contact.associations["2-123"];
    /// # Ok(()) }
    /// ```
    pub fn get_with(&self, id: &Id<O>) -> GetRequest<'c, O> {
        GetRequest {
            objects: *self,
            target: Target::new(id.as_str(), None, O::Properties::NAMES),
        }
    }

    /// Like [`Objects::get_with`], for the record whose unique `property` (`idProperty`) is
    /// `value`, such as a contact's email.
    pub fn get_by_with(&self, property: UniqueProp<O>, value: &str) -> GetRequest<'c, O> {
        GetRequest {
            objects: *self,
            target: Target::new(value, Some(property.name()), O::Properties::NAMES),
        }
    }
}

impl<'c, O: CrmObject + Readable> GetRequest<'c, O> {
    /// Asks for these properties too (the typed ones are always asked for). Properties the
    /// typed properties do not know land in `properties.custom`. Any number may be asked
    /// for: those that do not fit in the URL are read with a batch read.
    pub fn properties<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.target.read.add_properties(names);
        self
    }

    /// Asks for the IDs of the associated records of `T`, filed in [`Record::associations`]
    /// under `T`'s API name (`companies`), even when the record has none. Only pairs HubSpot
    /// allows compile.
    pub fn associations<T: CrmObject>(mut self) -> Self
    where
        O: Associates<T>,
    {
        self.target.read.add_association(Asked::object(T::INFO));
        self
    }

    /// Asks for the IDs of the associated records of types named at run time (a custom
    /// object's `2-123`, or any type by name or ID), each filed in [`Record::associations`]
    /// under the key given here, whatever name HubSpot answers with, even when the record
    /// has none. HubSpot answers once for a type asked twice: under two keys the tables tell
    /// apart as one type (`0-2` and [`GetRequest::associations::<Company>`](Self::associations))
    /// the list is filed under both; a custom object asked by its name and by its type ID
    /// gets its list under one key and an empty one under the other.
    pub fn associations_to<I, S>(mut self, types: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for t in types {
            self.target.read.add_association(Asked::named(t));
        }
        self
    }

    /// Reads the record.
    pub async fn send(self) -> Result<Record<O>, Error> {
        let t = &self.target;
        self.objects
            .wire()
            .get(&t.id, t.id_property.as_deref(), &t.read)
            .await?
            .one()
    }
}

/// A read of one record of a type named at run time being built; see
/// [`DynamicObjects::get_with`].
#[must_use = "a read does nothing until it is sent"]
#[derive(Debug)]
pub struct DynamicGet<'c> {
    wire: Wire<'c>,
    target: Target,
}

impl<'c> DynamicObjects<'c> {
    /// A read of record `id` with the properties and associations the request adds (with
    /// none: HubSpot's default properties).
    ///
    /// ```no_run
    /// # async fn demo(client: &hubspot_crm_runtime::CoreClient) -> Result<(), hubspot_crm_runtime::Error> {
    /// let car = client
    ///     .object("2-123")
    ///     .get_with("512")
    ///     .properties(["model", "year"])
    ///     .associations_to(["0-1"]) // filed under `0-1`, though HubSpot says `contacts`
    ///     .send()
    ///     .await?;
    /// let drivers = &car.associations["0-1"];
    /// # Ok(()) }
    /// ```
    pub fn get_with(&self, id: &str) -> DynamicGet<'c> {
        DynamicGet {
            wire: self.wire,
            target: Target::new(id, None, &[]),
        }
    }

    /// Like [`DynamicObjects::get_with`], for the record whose unique `property` is `value`.
    pub fn get_by_with(&self, property: &str, value: &str) -> DynamicGet<'c> {
        DynamicGet {
            wire: self.wire,
            target: Target::new(value, Some(property), &[]),
        }
    }
}

impl DynamicGet<'_> {
    /// Asks for these properties too. Any number may be asked for: those that do not fit in
    /// the URL are read with a batch read.
    pub fn properties<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.target.read.add_properties(names);
        self
    }

    /// Asks for the IDs of the associated records of these types (by name or type ID), each
    /// filed in [`DynamicRecord::associations`] under the key given here, even when the
    /// record has none. Ask for each type once: HubSpot answers once for a type asked under
    /// two names (a custom object's name and its type ID), and one key gets an empty list.
    pub fn associations_to<I, S>(mut self, types: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for t in types {
            self.target.read.add_association(Asked::named(t));
        }
        self
    }

    /// Reads the record.
    pub async fn send(self) -> Result<DynamicRecord, Error> {
        let t = &self.target;
        let mut records = self
            .wire
            .get(&t.id, t.id_property.as_deref(), &t.read)
            .await?;
        records
            .records
            .pop()
            .map(DynamicRecord::from)
            .ok_or_else(|| records.answer.undecodable("no record in the answer"))
    }
}
