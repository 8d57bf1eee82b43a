//! `search()`: filters ORed by group and ANDed within, typed sorts, free text, and paging as
//! a stream, with HubSpot's limits checked before anything is sent.
//!
//! HubSpot returns at most 10,000 results for one search. [`SearchRequest::stream_all`] reads
//! past that by keyset paging: it sorts by `hs_object_id` and, instead of a cursor, adds
//! `hs_object_id > last seen` to every filter group, so each request starts a fresh search
//! that never reaches the cap.

use futures_util::stream::{self, Stream, TryStreamExt};
use serde_json::{json, Value};

use super::wire::{SearchAnswer, SearchBody};
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
            page_size: DEFAULT_PAGE_SIZE,
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

    /// Results per request, 1 to HubSpot's maximum (200). Default 100.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size;
        self
    }

    fn groups(&self) -> Vec<&Vec<Filter<O>>> {
        self.groups.iter().filter(|g| !g.is_empty()).collect()
    }

    /// HubSpot's limits (from the table), checked before sending; `extra_per_group` filters
    /// will be added to every group.
    fn check(&self, extra_per_group: usize) -> Result<(), Error> {
        let limits = limits();
        let groups = self.groups();
        let invalid = |m: String| Err(Error::InvalidRequest(m));
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
        if let Some(q) = &self.query {
            if q.chars().count() > limits.query_chars as usize {
                return invalid(format!(
                    "query is longer than {} characters",
                    limits.query_chars
                ));
            }
        }
        Ok(())
    }

    async fn send(
        &self,
        after: Option<&str>,
        extra: Option<&Value>,
        sorts: Vec<Value>,
    ) -> Result<SearchPage<O>, Error> {
        let mut filter_groups: Vec<Value> = self
            .groups()
            .into_iter()
            .map(|g| {
                let filters: Vec<&Value> = g.iter().map(|f| f.to_json()).chain(extra).collect();
                json!({ "filters": filters })
            })
            .collect();
        if filter_groups.is_empty() {
            if let Some(e) = extra {
                filter_groups.push(json!({ "filters": [e] }));
            }
        }
        let properties = match &self.properties {
            Some(p) => p.iter().map(String::as_str).collect(),
            None => O::Properties::NAMES.to_vec(),
        };
        let body = SearchBody {
            filter_groups: Value::Array(filter_groups),
            sorts,
            properties,
            limit: self.page_size,
            query: self.query.as_deref(),
            after,
        };
        let answer: SearchAnswer<Record<O>> = self.objects.wire().search(&body).await?.json()?;
        Ok(SearchPage {
            total: answer.total,
            next: answer.next().map(String::from),
            results: answer.results,
        })
    }

    /// One page, starting at the cursor `after` (`None`: the first page).
    pub async fn page(&self, after: Option<&str>) -> Result<SearchPage<O>, Error> {
        self.check(0)?;
        let sorts = self.sorts.iter().map(|s| s.to_json().clone()).collect();
        self.send(after, None, sorts).await
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
                    .filter(|n| {
                        n.parse::<u64>()
                            .map_or(true, |pos| pos < u64::from(limits().results))
                    })
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
                let page = this.send(None, Some(&after_id), sorts).await?;
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
