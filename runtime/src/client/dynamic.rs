//! Objects unknown at compile time (custom objects `2-NNN`, or any type by name): the same
//! operations with string properties, so nothing in HubSpot is out of reach.

use std::collections::BTreeMap;

use futures_util::stream::{Stream, TryStreamExt};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::associations::{DynamicAssociation, WireAssociation};
use super::batch::BatchOutcome;
use super::list::{listing, ListOptions};
use super::properties::PropertyDefinition;
use super::search::DEFAULT_PAGE_SIZE;
use super::wire::{Page, SearchAnswer, SearchBody, Wire};
use super::{Client, Error};
use crate::endpoints::Family;
use crate::property::WireProperties;
use crate::record::{AssociatedId, WireAssociations, WireRecord};
use crate::vocab::PathParam::PropertyName;

/// A record of an object known only at run time: ID and properties as HubSpot sends them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DynamicRecord {
    /// The record's ID.
    pub id: String,
    /// Property values (`None`: no value).
    #[serde(default)]
    pub properties: BTreeMap<String, Option<String>>,
    /// Creation time, ISO-8601.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last change, ISO-8601.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Archived.
    #[serde(default)]
    pub archived: bool,
    /// Associated record IDs, when a read asked for them: filed under the key each type was
    /// asked for with (`0-1`, `contacts`, `2-123`), with an empty list for a type asked for
    /// that the record has none of.
    #[serde(default, deserialize_with = "associations")]
    pub associations: BTreeMap<String, Vec<AssociatedId>>,
}

/// HubSpot's `associations` (`{type: {results: [...]}}`), as lists by type.
fn associations<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Vec<AssociatedId>>, D::Error> {
    let wire = BTreeMap::<String, WireAssociations>::deserialize(d)?;
    Ok(wire.into_iter().map(|(k, v)| (k, v.results)).collect())
}

impl From<WireRecord> for DynamicRecord {
    fn from(w: WireRecord) -> Self {
        DynamicRecord {
            id: w.id,
            properties: w.properties,
            created_at: w.created_at,
            updated_at: w.updated_at,
            archived: w.archived.unwrap_or(false),
            associations: w
                .associations
                .into_iter()
                .map(|(k, v)| (k, v.results))
                .collect(),
        }
    }
}

/// A dynamic record of a batch answer (it always fits).
fn dynamic(record: WireRecord) -> Result<DynamicRecord, String> {
    Ok(DynamicRecord::from(record))
}

/// A record written by a dynamic upsert, and whether it was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicUpserted {
    /// The record.
    pub record: DynamicRecord,
    /// `true` if the upsert created it, `false` if it updated it.
    pub created: bool,
}

/// The records of an object type named at run time (`2-1234`, `p123_cars`, `cars`): a thin
/// layer over the same wire layer the typed [`Objects`](super::Objects) use.
#[derive(Debug, Clone, Copy)]
pub struct DynamicObjects<'c> {
    pub(super) wire: Wire<'c>,
}

impl Client {
    /// The records of an object type named at run time, with string properties.
    pub fn object<'c>(&'c self, object_type: &'c str) -> DynamicObjects<'c> {
        DynamicObjects {
            wire: Wire::new(self, object_type),
        }
    }
}

impl<'c> DynamicObjects<'c> {
    /// Creates a record; `None` values are sent empty.
    pub async fn create(&self, properties: &WireProperties) -> Result<DynamicRecord, Error> {
        self.wire.create(properties, &[]).await?.json()
    }

    /// Reads a record with the named properties (HubSpot's defaults when empty); see
    /// [`DynamicObjects::get_with`] for associations.
    pub async fn get(&self, id: &str, properties: &[&str]) -> Result<DynamicRecord, Error> {
        self.get_with(id)
            .properties(properties.iter().copied())
            .send()
            .await
    }

    /// Sets (and, with `None`, clears) the given properties.
    pub async fn update(
        &self,
        id: &str,
        properties: &WireProperties,
    ) -> Result<DynamicRecord, Error> {
        self.wire.update(id, None, properties).await?.json()
    }

    /// Archives a record.
    pub async fn archive(&self, id: &str) -> Result<(), Error> {
        self.wire.archive(id).await
    }

    /// Associates a record with a record of `to_type` with HubSpot's default type.
    pub async fn associate(&self, id: &str, to_type: &str, to_id: &str) -> Result<(), Error> {
        self.wire.associate_default(id, to_type, to_id).await
    }

    /// Every live record with the named properties, as a stream that pages by itself.
    pub fn list(
        &self,
        properties: &[&str],
    ) -> impl Stream<Item = Result<DynamicRecord, Error>> + 'c {
        self.list_with(ListOptions {
            properties: properties.iter().map(|p| p.to_string()).collect(),
            ..ListOptions::default()
        })
    }

    /// Records chosen by `options` (properties, page size, archived, associations filed under
    /// the keys given), as a stream that pages by itself.
    pub fn list_with(
        &self,
        options: ListOptions,
    ) -> impl Stream<Item = Result<DynamicRecord, Error>> + 'c {
        let wire = self.wire;
        listing(options, &[], move |read, after, mut filing| async move {
            let page = wire
                .list_page(read.0, &read.1, after.as_deref(), &mut filing)
                .await?;
            let records = page.records.into_iter().map(DynamicRecord::from).collect();
            Ok((records, page.next, filing))
        })
    }

    /// Reads any number of records by ID with the named properties (HubSpot's defaults when
    /// empty); every input is accounted for in the outcome.
    pub async fn batch_read<K: AsRef<str>>(
        &self,
        ids: &[K],
        properties: &[&str],
    ) -> BatchOutcome<DynamicRecord> {
        let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
        self.wire
            .batch_read_records(&ids, properties, dynamic)
            .await
    }

    /// Creates any number of records. A chunk HubSpot refuses fails as a whole; other chunks
    /// still go through.
    pub async fn batch_create(&self, inputs: &[WireProperties]) -> BatchOutcome<DynamicRecord> {
        self.wire.batch_create_records(inputs, dynamic).await
    }

    /// Updates any number of records: each input is an ID and the properties to set (`None`
    /// clears).
    pub async fn batch_update<K: AsRef<str>>(
        &self,
        changes: &[(K, WireProperties)],
    ) -> BatchOutcome<DynamicRecord> {
        let inputs: Vec<(&str, WireProperties)> = changes
            .iter()
            .map(|(id, p)| (id.as_ref(), p.clone()))
            .collect();
        self.wire.batch_update_records(&inputs, dynamic).await
    }

    /// Creates or updates any number of records by the unique property `id_property`: each
    /// input is that property's value and the properties to write.
    pub async fn batch_upsert<K: AsRef<str>>(
        &self,
        id_property: &str,
        inputs: &[(K, WireProperties)],
    ) -> BatchOutcome<DynamicUpserted> {
        let inputs: Vec<(&str, WireProperties)> = inputs
            .iter()
            .map(|(v, p)| (v.as_ref(), p.clone()))
            .collect();
        let out = self
            .wire
            .batch_upsert_records(id_property, &inputs, dynamic)
            .await;
        BatchOutcome {
            results: out
                .results
                .into_iter()
                .map(|(record, created)| DynamicUpserted { record, created })
                .collect(),
            failures: out.failures,
        }
    }

    /// Archives any number of records; returns the IDs whose chunk HubSpot accepted.
    pub async fn batch_archive<K: AsRef<str>>(&self, ids: &[K]) -> BatchOutcome<String> {
        let raw: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
        let out = self.wire.batch_archive_records(&raw).await;
        BatchOutcome {
            results: out
                .results
                .into_iter()
                .map(|i| raw[i].to_string())
                .collect(),
            failures: out.failures,
        }
    }

    /// A record's associations to records of `to_type` (a name or type ID), as a stream that
    /// pages by itself.
    pub fn associations(
        &self,
        id: &str,
        to_type: &str,
    ) -> impl Stream<Item = Result<DynamicAssociation, Error>> + 'c {
        self.wire
            .associations(id, to_type)
            .map_ok(WireAssociation::untyped)
    }

    /// The associations to records of `to_type` of any number of records, by ID. A record
    /// with none comes back with an empty list (HubSpot reports it as
    /// `NO_ASSOCIATIONS_FOUND`, and reports a record that does not exist the same way).
    pub async fn batch_associations<K: AsRef<str>>(
        &self,
        ids: &[K],
        to_type: &str,
    ) -> BatchOutcome<(String, Vec<DynamicAssociation>)> {
        let raw: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
        let out = self
            .wire
            .batch_association_read(&raw, to_type, WireAssociation::untyped)
            .await;
        BatchOutcome {
            results: out
                .results
                .into_iter()
                .map(|(i, list)| (raw[i].to_string(), list))
                .collect(),
            failures: out.failures,
        }
    }

    /// Every live property definition of the type, HubSpot's and the account's.
    pub async fn property_definitions(&self) -> Result<Vec<PropertyDefinition>, Error> {
        let page: Page<PropertyDefinition> = self
            .wire
            .properties_call(Family::PropertiesList, None, None)
            .await?
            .json()?;
        Ok(page.results)
    }

    /// One property definition of the type.
    pub async fn property_definition(&self, name: &str) -> Result<PropertyDefinition, Error> {
        self.wire
            .properties_call(Family::PropertiesGet, Some((PropertyName, name)), None)
            .await?
            .json()
    }

    /// A search with filter groups as HubSpot's JSON (`[{filters: [...]}]`); one page.
    pub async fn search(
        &self,
        filter_groups: Value,
        after: Option<&str>,
    ) -> Result<(u64, Vec<DynamicRecord>, Option<String>), Error> {
        let page: SearchAnswer<DynamicRecord> = self
            .wire
            .search(&SearchBody {
                filter_groups,
                sorts: Vec::new(),
                properties: Vec::new(),
                limit: DEFAULT_PAGE_SIZE,
                query: None,
                after,
            })
            .await?
            .json()?;
        let next = page.next().map(String::from);
        Ok((page.total, page.results, next))
    }
}
