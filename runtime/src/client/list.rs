//! `list`: every record of an object as a `Stream` that fetches page after page by itself,
//! and `pages`, the one paging loop of the client.

use std::future::Future;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use super::wire::{Asked, Filing, Page, ReadOptions};
use super::{Error, Objects, Response};
use crate::endpoints::Family;
use crate::object::{CrmObject, Readable};
use crate::property::Properties;
use crate::record::Record;

/// What [`Objects::list_with`] (and [`DynamicObjects::list_with`](super::DynamicObjects::list_with))
/// returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOptions {
    /// Records per request, 1 to HubSpot's maximum (100). Default: the maximum.
    pub page_size: u32,
    /// Properties to return in addition to every property the typed properties know (custom
    /// ones land in `properties.custom`). Any number: those that do not fit in the URL are
    /// read with a batch read per page.
    pub properties: Vec<String>,
    /// List archived records instead of live ones.
    pub archived: bool,
    /// Object types whose associated IDs to include (`companies`, `0-2`, a custom object's
    /// `2-123`), each filed in [`Record::associations`](crate::Record::associations) under the
    /// key given here, even when a record has none.
    pub associations: Vec<String>,
}

/// The largest page of a paged family, from the table (validated to state one for every
/// paged family; 1 would only be asked of a family that is not paged).
pub(super) fn max_page(family: Family) -> u32 {
    family.spec().page_size.map_or(1, |p| p.max)
}

impl Default for ListOptions {
    fn default() -> Self {
        ListOptions {
            page_size: max_page(Family::ObjectsList),
            properties: Vec::new(),
            archived: false,
            associations: Vec::new(),
        }
    }
}

impl<'c, O: CrmObject + Readable> Objects<'c, O> {
    /// Every live record, as a stream that pages by itself (as many per request as HubSpot
    /// allows).
    ///
    /// ```no_run
    /// # async fn demo<O: hubspot_crm_runtime::Readable>(
    /// #     contacts: hubspot_crm_runtime::Objects<'_, O>,
    /// # ) -> Result<(), hubspot_crm_runtime::Error> {
    /// use futures_util::TryStreamExt;
    /// let all: Vec<_> = contacts.list().try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> impl Stream<Item = Result<Record<O>, Error>> + 'c {
        self.list_with(ListOptions::default())
    }

    /// Records chosen by `options`, as a stream that pages by itself. Every record comes with
    /// every property the typed properties know, plus `options.properties`.
    pub fn list_with(
        &self,
        options: ListOptions,
    ) -> impl Stream<Item = Result<Record<O>, Error>> + 'c {
        let wire = self.wire();
        listing(
            options,
            O::Properties::NAMES,
            move |read, after, mut filing| async move {
                let page = wire
                    .list_page(read.0, &read.1, after.as_deref(), &mut filing)
                    .await?;
                let next = page.next.clone();
                Ok((page.typed()?, next, filing))
            },
        )
    }
}

/// What a listing asks for, checked: the page size and the read.
type Listing = (u32, ReadOptions);

/// The records `options` chooses (properties `known` and then the options'), as a stream of
/// pages that `fetch(listing, after, filing)` reads; a page size HubSpot does not allow is an
/// error before anything is sent.
pub(super) fn listing<'c, T, F, Fut>(
    options: ListOptions,
    known: &[&str],
    fetch: F,
) -> impl Stream<Item = Result<T, Error>> + 'c
where
    T: 'c,
    F: Fn(std::sync::Arc<Listing>, Option<String>, Filing) -> Fut + Clone + 'c,
    Fut: Future<Output = Result<(Vec<T>, Option<String>, Filing), Error>> + 'c,
{
    let max = max_page(Family::ObjectsList);
    if !(1..=max).contains(&options.page_size) {
        let error = Error::InvalidRequest(format!(
            "page_size must be between 1 and {max}, not {}",
            options.page_size
        ));
        return stream::once(async move { Err(error) }).left_stream();
    }
    let mut read = ReadOptions::with_properties(known, options.properties);
    read.archived = options.archived;
    for a in options.associations {
        read.add_association(Asked::named(a));
    }
    let listing = std::sync::Arc::new((options.page_size, read));
    pages(Filing::default(), move |filing, after| {
        fetch(listing.clone(), after, filing)
    })
    .right_stream()
}

/// Every item of a cursor-paged family, as a stream: `fetch(state, after)` gets one page
/// (`None`: the first) as its items, the next cursor and the state for the next page, and the
/// stream follows the cursor until a page has none. The one paging loop of the client.
pub(super) fn pages<'c, S, T, F, Fut>(
    state: S,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>> + 'c
where
    S: 'c,
    T: 'c,
    F: Fn(S, Option<String>) -> Fut + Clone + 'c,
    Fut: Future<Output = Result<(Vec<T>, Option<String>, S), Error>> + 'c,
{
    stream::try_unfold(Some((None::<String>, state)), move |cursor| {
        let fetch = fetch.clone();
        async move {
            let Some((after, state)) = cursor else {
                return Ok(None);
            };
            let (items, next, state) = fetch(state, after.clone()).await?;
            // A next cursor equal to this one would loop forever: stop instead.
            let next = next.filter(|n| Some(n) != after.as_ref());
            Ok(Some((items, next.map(|n| (Some(n), state)))))
        }
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
}

/// Every item of a cursor-paged family whose pages are `{results, paging}`: `fetch(after)`
/// gets one page, whose `results` are decoded straight from its bytes as `T`.
pub(super) fn paged<'c, T, F, Fut>(fetch: F) -> impl Stream<Item = Result<T, Error>> + 'c
where
    T: DeserializeOwned + 'c,
    F: Fn(Option<String>) -> Fut + Clone + 'c,
    Fut: Future<Output = Result<Response, Error>> + 'c,
{
    pages((), move |(), after| {
        let page = fetch(after);
        async move {
            let page: Page<T> = page.await?.json()?;
            let next = page.next().map(String::from);
            Ok((page.results, next, ()))
        }
    })
}
