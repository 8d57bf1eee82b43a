//! `search()`: filters ORed by group and ANDed within, typed sorts, free text, and paging as
//! a stream, with HubSpot's limits checked before anything is sent.
//!
//! HubSpot returns at most 10,000 results for one search. [`SearchRequest::stream_all`] reads
//! past that by keyset paging: it sorts by `hs_object_id` and, instead of a cursor, adds
//! `hs_object_id > last seen` to every filter group, so each request starts a fresh search
//! that never reaches the cap.

use futures_util::stream::Stream;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::list::pages;
use super::wire::{SearchAnswer, SearchBody, Wire};
use super::{Error, Objects};
use crate::endpoints::Family;
use crate::object::{CrmObject, Searchable};
use crate::property::Properties;
use crate::record::Record;
use crate::search::{Filter, Sort};
use crate::vocab::SearchLimits;

/// HubSpot's limits on one search request, from the table.
pub fn limits() -> SearchLimits {
    Family::ObjectsSearch.spec().search.unwrap_or(SearchLimits {
        filter_groups: 0,
        filters_per_group: 0,
        filters: 0,
        query_chars: 0,
        results: 0,
    })
}

/// The largest page of a search, from the table.
fn max_page() -> u32 {
    super::list::max_page(Family::ObjectsSearch)
}

/// The client's page size unless told otherwise: not HubSpot's maximum, so that one page
/// answers quickly; `page_size` changes it.
pub(super) const DEFAULT_PAGE_SIZE: u32 = 100;

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

/// The parts of a search, untyped: what the typed [`SearchRequest`] and the dynamic
/// [`DynamicSearch`](super::DynamicSearch) build, checked against the table's limits, sent
/// as one body, and paged.
#[derive(Debug, Clone)]
pub(super) struct Query {
    groups: Vec<Vec<Value>>,
    sorts: Vec<Value>,
    text: Option<String>,
    properties: Vec<String>,
    page_size: u32,
    /// Why the search cannot be sent (filter groups given as JSON that are not HubSpot's
    /// shape); reported when it is sent.
    invalid: Option<String>,
}

impl Query {
    /// A search returning the properties `known`, filtering nothing yet.
    pub(super) fn new(known: &[&str]) -> Self {
        Query {
            groups: Vec::new(),
            sorts: Vec::new(),
            text: None,
            properties: known.iter().map(|s| s.to_string()).collect(),
            page_size: DEFAULT_PAGE_SIZE,
            invalid: None,
        }
    }

    /// Adds a filter (`{propertyName, operator, ...}`) to the current group.
    pub(super) fn filter(&mut self, filter: Value) {
        match self.groups.last_mut() {
            Some(group) => group.push(filter),
            None => self.groups.push(vec![filter]),
        }
    }

    /// Starts a new group.
    pub(super) fn or(&mut self) {
        self.groups.push(Vec::new());
    }

    /// Adds filter groups as HubSpot's JSON (`[{filters: [...]}]`); filters added after them
    /// start a group of their own.
    pub(super) fn filter_groups(&mut self, groups: Value) {
        let parsed: Option<Vec<Vec<Value>>> = groups.as_array().and_then(|groups| {
            groups
                .iter()
                .map(|g| g.get("filters").and_then(Value::as_array).cloned())
                .collect()
        });
        match parsed {
            Some(parsed) => {
                self.groups.extend(parsed);
                self.groups.push(Vec::new());
            }
            None => {
                self.invalid = Some(format!(
                    "filter groups must be HubSpot's `[{{\"filters\": [...]}}, ...]`, not {groups}"
                ))
            }
        }
    }

    /// Adds a sort (`{propertyName, direction}`).
    pub(super) fn sort(&mut self, sort: Value) {
        self.sorts.push(sort);
    }

    /// Free-text search.
    pub(super) fn text(&mut self, text: String) {
        self.text = Some(text);
    }

    /// Asks for these properties too.
    pub(super) fn add_properties<S: Into<String>>(&mut self, names: impl IntoIterator<Item = S>) {
        for name in names {
            let name = name.into();
            if !self.properties.contains(&name) {
                self.properties.push(name);
            }
        }
    }

    /// Results per request.
    pub(super) fn page_size(&mut self, size: u32) {
        self.page_size = size;
    }

    fn groups(&self) -> Vec<&Vec<Value>> {
        self.groups.iter().filter(|g| !g.is_empty()).collect()
    }

    /// HubSpot's limits (from the table), checked before sending; `extra_per_group` filters
    /// will be added to every group.
    fn check(&self, extra_per_group: usize) -> Result<(), Error> {
        let limits = limits();
        let groups = self.groups();
        let invalid = |m: String| Err(Error::InvalidRequest(m));
        if let Some(why) = &self.invalid {
            return invalid(why.clone());
        }
        if groups.len() > limits.filter_groups as usize {
            return invalid(format!(
                "{} filter groups; HubSpot allows {}",
                groups.len(),
                limits.filter_groups
            ));
        }
        for (i, g) in groups.iter().enumerate() {
            if g.len() + extra_per_group > limits.filters_per_group as usize {
                return invalid(format!(
                    "filter group {i} has {} filters; HubSpot allows {} per group",
                    g.len() + extra_per_group,
                    limits.filters_per_group
                ));
            }
        }
        let total: usize = groups.iter().map(|g| g.len() + extra_per_group).sum();
        if total > limits.filters as usize {
            return invalid(format!(
                "{total} filters in all; HubSpot allows {}",
                limits.filters
            ));
        }
        if !(1..=max_page()).contains(&self.page_size) {
            return invalid(format!(
                "page size {} is not between 1 and {}",
                self.page_size,
                max_page()
            ));
        }
        if let Some(q) = &self.text {
            if q.chars().count() > limits.query_chars as usize {
                return invalid(format!(
                    "query is longer than {} characters",
                    limits.query_chars
                ));
            }
        }
        Ok(())
    }

    /// Sends the search starting at `after`, with `extra` added to every group and `sorts`.
    async fn send<T: DeserializeOwned>(
        &self,
        wire: Wire<'_>,
        after: Option<&str>,
        extra: Option<&Value>,
        sorts: Vec<Value>,
    ) -> Result<SearchAnswer<T>, Error> {
        let mut filter_groups: Vec<Value> = self
            .groups()
            .into_iter()
            .map(|g| {
                let filters: Vec<&Value> = g.iter().chain(extra).collect();
                json!({ "filters": filters })
            })
            .collect();
        if filter_groups.is_empty() {
            if let Some(e) = extra {
                filter_groups.push(json!({ "filters": [e] }));
            }
        }
        let body = SearchBody {
            filter_groups: Value::Array(filter_groups),
            sorts,
            properties: self.properties.iter().map(String::as_str).collect(),
            limit: self.page_size,
            query: self.text.as_deref(),
            after,
        };
        wire.search(&body).await?.json()
    }

    /// One page, starting at the cursor `after` (`None`: the first page).
    pub(super) async fn page<T: DeserializeOwned>(
        &self,
        wire: Wire<'_>,
        after: Option<&str>,
    ) -> Result<SearchAnswer<T>, Error> {
        self.check(0)?;
        self.send(wire, after, None, self.sorts.clone()).await
    }

    /// Every match up to HubSpot's 10,000-result cap, as a stream that pages by itself.
    pub(super) fn stream<'c, T: DeserializeOwned + 'c>(
        self,
        wire: Wire<'c>,
    ) -> impl Stream<Item = Result<T, Error>> + 'c {
        pages((), move |(), after| {
            let this = self.clone();
            async move {
                let page: SearchAnswer<T> = this.page(wire, after.as_deref()).await?;
                let next = page.next().map(String::from).filter(|n| {
                    n.parse::<u64>()
                        .map_or(true, |pos| pos < u64::from(limits().results))
                });
                Ok((page.results, next, ()))
            }
        })
    }

    /// Every match, past the 10,000-result cap, by keyset paging on `hs_object_id` (see the
    /// module docs); `id_of` gives a result's ID. A search with its own sorts is refused.
    pub(super) fn stream_all<'c, T: DeserializeOwned + 'c>(
        self,
        wire: Wire<'c>,
        id_of: fn(&T) -> &str,
    ) -> impl Stream<Item = Result<T, Error>> + 'c {
        // The cursor is the highest ID seen so far.
        pages((), move |(), after| {
            let this = self.clone();
            async move {
                if !this.sorts.is_empty() {
                    return Err(Error::InvalidRequest(
                        "stream_all orders by hs_object_id; remove the sorts or use stream".into(),
                    ));
                }
                this.check(1)?;
                let last: u64 = after.and_then(|a| a.parse().ok()).unwrap_or(0);
                let after_id = json!({"propertyName": "hs_object_id", "operator": "GT", "value": last.to_string()});
                let sorts = vec![json!({"propertyName": "hs_object_id", "direction": "ASCENDING"})];
                let page: SearchAnswer<T> = this.send(wire, None, Some(&after_id), sorts).await?;
                let full = page.results.len() as u32 == this.page_size;
                let max = page
                    .results
                    .iter()
                    .filter_map(|r| id_of(r).parse::<u64>().ok())
                    .max();
                let next = match max {
                    Some(m) if full && m > last => Some(m.to_string()),
                    _ => None,
                };
                Ok((page.results, next, ()))
            }
        })
    }
}

/// A search being built; see [`Objects::search`].
pub struct SearchRequest<'c, O> {
    objects: Objects<'c, O>,
    query: Query,
}

impl<O> Clone for SearchRequest<'_, O> {
    fn clone(&self) -> Self {
        SearchRequest {
            objects: self.objects,
            query: self.query.clone(),
        }
    }
}

impl<O> std::fmt::Debug for SearchRequest<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchRequest")
            .field("objects", &self.objects)
            .field("query", &self.query)
            .finish()
    }
}

impl<'c, O: CrmObject + Searchable> Objects<'c, O> {
    /// A search over the object's records. Results come with every property the typed
    /// properties know, plus any [`SearchRequest::properties`] adds.
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
            query: Query::new(O::Properties::NAMES),
        }
    }
}

impl<'c, O: CrmObject + Searchable> SearchRequest<'c, O> {
    /// Adds a filter to the current group (filters in a group must all match).
    pub fn filter(mut self, filter: Filter<O>) -> Self {
        self.query.filter(filter.to_json().clone());
        self
    }

    /// Starts a new group: a record matches if any group matches.
    pub fn or(mut self) -> Self {
        self.query.or();
        self
    }

    /// Adds a sort (applied in order).
    pub fn sort(mut self, sort: Sort<O>) -> Self {
        self.query.sort(sort.to_json().clone());
        self
    }

    /// Free-text search over the object's searchable properties.
    pub fn query(mut self, text: impl Into<String>) -> Self {
        self.query.text(text.into());
        self
    }

    /// Asks for these properties too: every property the typed properties know is always
    /// returned, and properties they do not know land in `properties.custom`. Calling it
    /// again adds more.
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
    pub async fn page(&self, after: Option<&str>) -> Result<SearchPage<O>, Error> {
        let answer: SearchAnswer<Record<O>> = self.query.page(self.objects.wire(), after).await?;
        Ok(SearchPage {
            total: answer.total,
            next: answer.next().map(String::from),
            results: answer.results,
        })
    }

    /// Every match up to HubSpot's 10,000-result cap, as a stream that pages by itself.
    pub fn stream(self) -> impl Stream<Item = Result<Record<O>, Error>> + 'c {
        self.query.stream(self.objects.wire())
    }

    /// Every match, past the 10,000-result cap, by keyset paging on `hs_object_id` (see the
    /// module docs). Results come in ID order; a search with its own sorts is refused.
    pub fn stream_all(self) -> impl Stream<Item = Result<Record<O>, Error>> + 'c {
        self.query
            .stream_all(self.objects.wire(), |r: &Record<O>| r.id.as_str())
    }
}
