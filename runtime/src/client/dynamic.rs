//! Objects unknown at compile time (custom objects `2-NNN`, or any type by name): the same
//! operations with string properties, so nothing in HubSpot is out of reach. Every method is
//! a thin layer over the wire layer the typed [`Objects`](super::Objects) use: requests are
//! built, chunked, paged and accounted for in one place.

use std::collections::BTreeMap;

use futures_util::stream::{Stream, TryStreamExt};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::associations::{DynamicAssociation, WireAssociation};
use super::batch::map_results;
use super::list::{listing, ListOptions};
use super::properties::PropertyDefinition;
use super::search::Query;
use super::wire::{Page, SearchAnswer, Wire};
use super::{Client, Error};
use crate::bulk::BatchRequest;
use crate::endpoints::Family;
use crate::property::WireProperties;
use crate::record::{AssociatedId, WireAssociations, WireRecord};
use crate::search::{Filter, Operator, Sort};
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

/// One page of a dynamic search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicSearchPage {
    /// How many records match in all.
    pub total: u64,
    /// This page's records.
    pub results: Vec<DynamicRecord>,
    /// The cursor of the next page, if any.
    pub next: Option<String>,
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

    /// A search over the type's records; see [`DynamicSearch`].
    ///
    /// ```no_run
    /// # async fn demo(client: &hubspot_crm_runtime::CoreClient) -> Result<(), hubspot_crm_runtime::Error> {
    /// use futures_util::TryStreamExt;
    /// use hubspot_crm_runtime::search::Operator;
    /// let coupes: Vec<_> = client
    ///     .object("2-123")
    ///     .search()
    ///     .filter_by("model", Operator::Eq, Some("Coupe"))
    ///     .properties(["model", "year"])
    ///     .stream()
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn search(&self) -> DynamicSearch<'c> {
        DynamicSearch {
            wire: self.wire,
            query: Query::new(&[]),
        }
    }

    /// Reads any number of records by ID with the named properties (HubSpot's defaults when
    /// empty); every input is accounted for in the outcome, each result with the index of
    /// its ID. An ID given twice is read once; its later inputs fail
    /// ([`BatchFailure::duplicate`](super::BatchFailure::duplicate)).
    pub fn batch_read<'a, K: AsRef<str> + Sync>(
        &self,
        ids: &'a [K],
        properties: &'a [&'a str],
    ) -> BatchRequest<'a, DynamicRecord>
    where
        'c: 'a,
    {
        let wire = self.wire;
        BatchRequest::new(move |mut reporter| async move {
            let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
            wire.batch_read_records(&ids, properties, dynamic, &mut reporter)
                .await
        })
    }

    /// Creates any number of records, each result with the index of its input. An input
    /// HubSpot refuses fails alone; the others are created.
    pub fn batch_create<'a>(&self, inputs: &'a [WireProperties]) -> BatchRequest<'a, DynamicRecord>
    where
        'c: 'a,
    {
        let wire = self.wire;
        BatchRequest::new(move |mut reporter| async move {
            wire.batch_create_records(inputs, dynamic, &mut reporter)
                .await
        })
    }

    /// Updates any number of records: each input is an ID and the properties to set (`None`
    /// clears). Each result carries the index of its input; a record changed twice is
    /// changed by its first input, and the later ones fail.
    pub fn batch_update<'a, K: AsRef<str> + Sync>(
        &self,
        changes: &'a [(K, WireProperties)],
    ) -> BatchRequest<'a, DynamicRecord>
    where
        'c: 'a,
    {
        let wire = self.wire;
        BatchRequest::new(move |mut reporter| async move {
            let inputs: Vec<(&str, WireProperties)> = changes
                .iter()
                .map(|(id, p)| (id.as_ref(), p.clone()))
                .collect();
            wire.batch_update_records(&inputs, dynamic, &mut reporter)
                .await
        })
    }

    /// Creates or updates any number of records by the unique property `id_property`: each
    /// input is that property's value and the properties to write. Each result carries the
    /// index of its input. Values are compared as given: an input repeating an earlier
    /// input's value fails before sending; values HubSpot takes for one (`A@x.example` and
    /// `a@x.example` for contacts' email, which the typed `batch_upsert` knows from the
    /// tables) make it refuse their chunk, and the client then isolates the refused inputs.
    pub fn batch_upsert<'a, K: AsRef<str> + Sync>(
        &self,
        id_property: &'a str,
        inputs: &'a [(K, WireProperties)],
    ) -> BatchRequest<'a, DynamicUpserted>
    where
        'c: 'a,
    {
        let wire = self.wire;
        BatchRequest::new(move |mut reporter| async move {
            let inputs: Vec<(&str, WireProperties)> = inputs
                .iter()
                .map(|(v, p)| (v.as_ref(), p.clone()))
                .collect();
            let out = wire
                .batch_upsert_records(id_property, false, &inputs, dynamic, &mut reporter)
                .await;
            map_results(out, |_, (record, created)| DynamicUpserted {
                record,
                created,
            })
        })
    }

    /// Archives any number of records; each result is the ID of an input whose chunk HubSpot
    /// accepted, with its index.
    pub fn batch_archive<'a, K: AsRef<str> + Sync>(&self, ids: &'a [K]) -> BatchRequest<'a, String>
    where
        'c: 'a,
    {
        let wire = self.wire;
        BatchRequest::new(move |mut reporter| async move {
            let raw: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
            let out = wire.batch_archive_records(&raw, &mut reporter).await;
            map_results(out, |i, ()| raw[i].to_string())
        })
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

    /// The associations to records of `to_type` of any number of records, by ID: every one
    /// of each record's, following HubSpot's paging cursor per record. Each result is a
    /// record's ID and its associations, with the index of the ID in `ids`. A record with
    /// none comes back with an empty list (HubSpot reports it as `NO_ASSOCIATIONS_FOUND`,
    /// and reports a record that does not exist the same way).
    pub fn batch_associations<'a, K: AsRef<str> + Sync>(
        &self,
        ids: &'a [K],
        to_type: &'a str,
    ) -> BatchRequest<'a, (String, Vec<DynamicAssociation>)>
    where
        'c: 'a,
    {
        let wire = self.wire;
        BatchRequest::new(move |mut reporter| async move {
            let raw: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
            let out = wire
                .batch_association_read(&raw, to_type, WireAssociation::untyped, &mut reporter)
                .await;
            map_results(out, |i, list| (raw[i].to_string(), list))
        })
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
}

/// A search over the records of a type named at run time being built; see
/// [`DynamicObjects::search`]. Filters in a group must all match; a record matches if any
/// group matches. HubSpot's limits are checked before anything is sent.
#[derive(Debug, Clone)]
#[must_use = "a search does nothing until a page or a stream is read"]
pub struct DynamicSearch<'c> {
    wire: Wire<'c>,
    query: Query,
}

impl<'c> DynamicSearch<'c> {
    /// Adds a filter to the current group: a typed one (`Prop::eq`, ...) of any object, or
    /// [`Filter::custom`].
    pub fn filter<X>(mut self, filter: Filter<X>) -> Self {
        self.query.filter(filter.to_json().clone());
        self
    }

    /// Adds a filter on `property` to the current group, with the value as HubSpot takes it
    /// (`None` for operators without one, such as `HAS_PROPERTY`).
    pub fn filter_by(self, property: &str, operator: Operator, value: Option<&str>) -> Self {
        self.filter(Filter::<()>::custom(property, operator, value))
    }

    /// Adds filter groups as HubSpot's JSON (`[{"filters": [...]}, ...]`); filters added
    /// afterwards start a group of their own. JSON of another shape makes the search fail
    /// with [`Error::InvalidRequest`] when it is sent.
    pub fn filter_groups(mut self, groups: Value) -> Self {
        self.query.filter_groups(groups);
        self
    }

    /// Starts a new group.
    pub fn or(mut self) -> Self {
        self.query.or();
        self
    }

    /// Adds a sort (applied in order): a typed one of any object (`Prop::ascending`, ...).
    pub fn sort<X>(mut self, sort: Sort<X>) -> Self {
        self.query.sort(sort.to_json().clone());
        self
    }

    /// Sorts by `property`, smallest first (`descending`: largest first).
    pub fn sort_by(mut self, property: &str, descending: bool) -> Self {
        let direction = if descending {
            "DESCENDING"
        } else {
            "ASCENDING"
        };
        self.query
            .sort(serde_json::json!({"propertyName": property, "direction": direction}));
        self
    }

    /// Free-text search over the type's searchable properties.
    pub fn query(mut self, text: impl Into<String>) -> Self {
        self.query.text(text.into());
        self
    }

    /// Properties to return (HubSpot's defaults when none are named); calling it again adds
    /// more.
    pub fn properties<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.query.add_properties(names);
        self
    }

    /// Results per request, 1 to HubSpot's maximum (200). Default 100.
    pub fn page_size(mut self, size: u32) -> Self {
        self.query.page_size(size);
        self
    }

    /// One page, starting at the cursor `after` (`None`: the first page).
    pub async fn page(&self, after: Option<&str>) -> Result<DynamicSearchPage, Error> {
        let answer: SearchAnswer<DynamicRecord> = self.query.page(self.wire, after).await?;
        Ok(DynamicSearchPage {
            total: answer.total,
            next: answer.next().map(String::from),
            results: answer.results,
        })
    }

    /// Every match up to HubSpot's 10,000-result cap, as a stream that pages by itself.
    pub fn stream(self) -> impl Stream<Item = Result<DynamicRecord, Error>> + 'c {
        self.query.stream(self.wire)
    }

    /// Every match, past the 10,000-result cap, by keyset paging on `hs_object_id`. Results
    /// come in ID order; a search with its own sorts is refused.
    pub fn stream_all(self) -> impl Stream<Item = Result<DynamicRecord, Error>> + 'c {
        self.query
            .stream_all(self.wire, |r: &DynamicRecord| r.id.as_str())
    }
}
