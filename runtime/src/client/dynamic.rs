//! Objects unknown at compile time (custom objects `2-NNN`, or any type by name): the same
//! operations with string properties, so nothing in HubSpot is out of reach.

use std::collections::BTreeMap;

use futures_util::stream::Stream;
use serde::Deserialize;
use serde_json::Value;

use super::list::{max_page, paged};
use super::search::DEFAULT_PAGE_SIZE;
use super::wire::{ReadOptions, SearchAnswer, SearchBody, Wire};
use super::{Client, Error};
use crate::endpoints::Family;
use crate::property::WireProperties;

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
}

/// The records of an object type named at run time (`2-1234`, `p123_cars`, `cars`): a thin
/// layer over the same wire layer the typed [`Objects`](super::Objects) use.
#[derive(Debug, Clone, Copy)]
pub struct DynamicObjects<'c> {
    wire: Wire<'c>,
}

impl Client {
    /// The records of an object type named at run time, with string properties.
    pub fn object<'c>(&'c self, object_type: &'c str) -> DynamicObjects<'c> {
        DynamicObjects {
            wire: Wire::new(self, object_type),
        }
    }
}

fn named(properties: &[&str]) -> ReadOptions {
    ReadOptions {
        properties: (!properties.is_empty()).then(|| properties.join(",")),
        associations: Vec::new(),
    }
}

impl<'c> DynamicObjects<'c> {
    /// Creates a record; `None` values are sent empty.
    pub async fn create(&self, properties: &WireProperties) -> Result<DynamicRecord, Error> {
        self.wire.create(properties, &[]).await?.json()
    }

    /// Reads a record with the named properties (HubSpot's defaults when empty).
    pub async fn get(&self, id: &str, properties: &[&str]) -> Result<DynamicRecord, Error> {
        self.wire.get(id, None, &named(properties)).await?.json()
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
        let wire = self.wire;
        let read = named(properties);
        let page_size = max_page(Family::ObjectsList);
        paged(move |after| {
            let read = read.clone();
            async move {
                wire.list_page(page_size, false, &read, after.as_deref())
                    .await
            }
        })
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
