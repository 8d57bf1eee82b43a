//! `search()`: filters ORed by group and ANDed within, typed sorts, free text, and paging as
//! a stream, with HubSpot's limits checked before anything is sent.
//!
//! HubSpot returns at most 10,000 results for one search. [`SearchRequest::stream_all`] reads
//! past that by keyset paging: it sorts by `hs_object_id` and, instead of a cursor, adds
//! `hs_object_id > last seen` to every filter group, so each request starts a fresh search
//! that never reaches the cap.

use futures_util::stream::{self, Stream, TryStreamExt};
use serde_json::{json, Value};

use super::{Call, Error, Objects};
use crate::object::{CrmObject, Searchable};
use crate::property::Properties;
use crate::record::Record;
use crate::search::{Filter, Sort};

/// HubSpot's limits on one search request.
pub mod limits {
    /// Filter groups.
    pub const GROUPS: usize = 5;
    /// Filters in one group.
    pub const FILTERS_PER_GROUP: usize = 10;
    /// Filters in all groups together.
    pub const FILTERS: usize = 25;
    /// Results per page.
    pub const PAGE_SIZE: u32 = 200;
    /// Characters of `query`.
    pub const QUERY_CHARS: usize = 3000;
    /// Results one search can reach with `after`.
    pub const RESULTS: u64 = 10_000;
}

/// One page of search results.
#[derive(Debug)]
pub struct SearchPage<O: CrmObject> {
    /// How many records match in all.
    pub total: u64,
    /// This page's records.
    pub results: Vec<Record<O>>,
    /// The cursor of the next page, if any.
    pub next: Option<String>,
}

/// A search being built; see [`Objects::search`].
pub struct SearchRequest<'c, O> {
    objects: Objects<'c, O>,
    groups: Vec<Vec<Filter<O>>>,
    sorts: Vec<Sort<O>>,
    query: Option<String>,
    properties: Option<Vec<String>>,
    page_size: u32,
}

impl<O> Clone for SearchRequest<'_, O> {
    fn clone(&self) -> Self {
        SearchRequest {
            objects: self.objects,
            groups: self.groups.clone(),
            sorts: self.sorts.clone(),
            query: self.query.clone(),
            properties: self.properties.clone(),
            page_size: self.page_size,
        }
    }
}

impl<'c, O: CrmObject + Searchable> Objects<'c, O> {
    /// A search over the object's records.
    ///
    /// ```no_run
    /// # use hubspot_crm_runtime::{search::Prop, Decimal, Searchable, Objects, Error};
    /// # async fn demo<O: Searchable>(deals: Objects<'_, O>, amount: Prop<O, Decimal>, stage: Prop<O, String>) -> Result<(), Error> {
    /// let page = deals
    ///     .search()
    ///     .filter(amount.gte(Decimal::from(1000)))
    ///     .filter(stage.eq("closedwon".to_string()))
    ///     .or()
    ///     .filter(amount.gte(Decimal::from(50_000)))
    ///     .sort(amount.descending())
    ///     .page(None)
    ///     .await?;
    /// println!("{} deals match", page.total);
    /// # Ok(()) }
    /// ```
    pub fn search(&self) -> SearchRequest<'c, O> {
        SearchRequest {
            objects: *self,
            groups: Vec::new(),
            sorts: Vec::new(),
            query: None,
            properties: None,
            page_size: 100,
        }
    }
}

impl<'c, O: CrmObject + Searchable> SearchRequest<'c, O> {
    /// Adds a filter to the current group (filters in a group must all match).
    pub fn filter(mut self, filter: Filter<O>) -> Self {
        match self.groups.last_mut() {
            Some(group) => group.push(filter),
            None => self.groups.push(vec![filter]),
        }
        self
    }

    /// Starts a new group: a record matches if any group matches.
    pub fn or(mut self) -> Self {
        self.groups.push(Vec::new());
        self
    }

    /// Adds a sort (applied in order).
    pub fn sort(mut self, sort: Sort<O>) -> Self {
        self.sorts.push(sort);
        self
    }

    /// Free-text search over the object's searchable properties.
    pub fn query(mut self, text: impl Into<String>) -> Self {
        self.query = Some(text.into());
        self
    }

    /// Properties to return (default: every property the typed properties know).
    pub fn properties<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.properties = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Results per request, 1 to 200. Default 100.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size;
        self
    }

    fn groups(&self) -> Vec<&Vec<Filter<O>>> {
        self.groups.iter().filter(|g| !g.is_empty()).collect()
    }

    /// HubSpot's limits, checked before sending.
    fn check(&self, extra_per_group: usize) -> Result<(), Error> {
        let groups = self.groups();
        let invalid = |m: String| Err(Error::InvalidRequest(m));
        if groups.len() > limits::GROUPS {
            return invalid(format!(
                "{} filter groups; HubSpot allows {}",
                groups.len(),
                limits::GROUPS
            ));
        }
        for (i, g) in groups.iter().enumerate() {
            if g.len() + extra_per_group > limits::FILTERS_PER_GROUP {
                return invalid(format!(
                    "filter group {i} has {} filters; HubSpot allows {} per group",
                    g.len() + extra_per_group,
                    limits::FILTERS_PER_GROUP
                ));
            }
        }
        let total: usize = groups.iter().map(|g| g.len() + extra_per_group).sum();
        if total > limits::FILTERS {
            return invalid(format!(
                "{total} filters in all; HubSpot allows {}",
                limits::FILTERS
            ));
        }
        if !(1..=limits::PAGE_SIZE).contains(&self.page_size) {
            return invalid(format!(
                "page size {} is not between 1 and {}",
                self.page_size,
                limits::PAGE_SIZE
            ));
        }
        if let Some(q) = &self.query {
            if q.chars().count() > limits::QUERY_CHARS {
                return invalid(format!(
                    "query is longer than {} characters",
                    limits::QUERY_CHARS
                ));
            }
        }
        Ok(())
    }

    fn body(&self, after: Option<&str>, extra: Option<Value>, sorts: Vec<Value>) -> Value {
        let mut groups: Vec<Value> = self
            .groups()
            .iter()
            .map(|g| {
                let mut filters: Vec<Value> = g.iter().map(|f| f.to_json().clone()).collect();
                filters.extend(extra.clone());
                json!({ "filters": filters })
            })
            .collect();
        if groups.is_empty() {
            if let Some(e) = extra {
                groups.push(json!({ "filters": [e] }));
            }
        }
        let properties = self
            .properties
            .clone()
            .unwrap_or_else(|| O::Properties::NAMES.iter().map(|s| s.to_string()).collect());
        let mut body = json!({
            "filterGroups": groups,
            "sorts": sorts,
            "properties": properties,
            "limit": self.page_size,
        });
        if let Some(q) = &self.query {
            body["query"] = json!(q);
        }
        if let Some(a) = after {
            body["after"] = json!(a);
        }
        body
    }

    async fn send(&self, body: Value) -> Result<SearchPage<O>, Error> {
        let params = [("objectType", O::path_segment())];
        let answer = self
            .objects
            .client
            .call(
                "objects_search",
                Call {
                    params: &params,
                    body: Some(body),
                    ..Call::default()
                },
            )
            .await?
            .unwrap_or(Value::Null);
        Ok(SearchPage {
            total: answer.get("total").and_then(Value::as_u64).unwrap_or(0),
            results: Objects::<O>::decode_list(&answer, "search")?,
            next: answer
                .pointer("/paging/next/after")
                .and_then(Value::as_str)
                .map(String::from),
        })
    }

    /// One page, starting at the cursor `after` (`None`: the first page).
    pub async fn page(&self, after: Option<&str>) -> Result<SearchPage<O>, Error> {
        self.check(0)?;
        let sorts = self.sorts.iter().map(|s| s.to_json().clone()).collect();
        self.send(self.body(after, None, sorts)).await
    }

    /// Every match up to HubSpot's 10,000-result cap, as a stream that pages by itself.
    pub fn stream(self) -> impl Stream<Item = Result<Record<O>, Error>> + 'c {
        stream::try_unfold(Some(None::<String>), move |cursor| {
            let this = self.clone();
            async move {
                let Some(after) = cursor else { return Ok(None) };
                let page = this.page(after.as_deref()).await?;
                let next = page
                    .next
                    .filter(|n| n.parse::<u64>().map_or(true, |pos| pos < limits::RESULTS))
                    .filter(|n| Some(n) != after.as_ref());
                Ok(Some((page.results, next.map(Some))))
            }
        })
        .map_ok(|records| stream::iter(records.into_iter().map(Ok)))
        .try_flatten()
    }

    /// Every match, past the 10,000-result cap, by keyset paging on `hs_object_id` (see the
    /// module docs). Results come in ID order; a search with its own sorts is refused.
    pub fn stream_all(self) -> impl Stream<Item = Result<Record<O>, Error>> + 'c {
        stream::try_unfold(Some(0u64), move |last| {
            let this = self.clone();
            async move {
                let Some(last) = last else { return Ok(None) };
                if !this.sorts.is_empty() {
                    return Err(Error::InvalidRequest(
                        "stream_all orders by hs_object_id; remove the sorts or use stream".into(),
                    ));
                }
                this.check(1)?;
                let after_id = json!({"propertyName": "hs_object_id", "operator": "GT", "value": last.to_string()});
                let sorts = vec![json!({"propertyName": "hs_object_id", "direction": "ASCENDING"})];
                let page = this.send(this.body(None, Some(after_id), sorts)).await?;
                let full = page.results.len() as u32 == this.page_size;
                let max = page.results.iter().filter_map(|r| r.id.as_str().parse::<u64>().ok()).max();
                let next = match max {
                    Some(m) if full && m > last => Some(m),
                    _ => None,
                };
                Ok(Some((page.results, next)))
            }
        })
        .map_ok(|records| stream::iter(records.into_iter().map(Ok)))
        .try_flatten()
    }
}
