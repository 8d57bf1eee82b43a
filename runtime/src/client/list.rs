//! `list`: every record of an object as a `Stream` that fetches page after page by itself,
//! and `paged`, the one paging loop of the client.

use std::future::Future;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use super::wire::{Page, ReadOptions};
use super::{Error, Objects, Response};
use crate::endpoints::Family;
use crate::object::{CrmObject, Readable};
use crate::property::Properties;
use crate::record::Record;

/// What [`Objects::list_with`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOptions {
    /// Records per request, 1 to HubSpot's maximum (100). Default: the maximum.
    pub page_size: u32,
    /// Properties to return; `None` returns every property the typed properties know.
    pub properties: Option<Vec<String>>,
    /// List archived records instead of live ones.
    pub archived: bool,
    /// Object types whose associated IDs to include (`companies`), in
    /// [`Record::associations`](crate::Record::associations).
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
            properties: None,
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

    /// Records chosen by `options`, as a stream that pages by itself.
    pub fn list_with(
        &self,
        options: ListOptions,
    ) -> impl Stream<Item = Result<Record<O>, Error>> + 'c {
        let max = max_page(Family::ObjectsList);
        if !(1..=max).contains(&options.page_size) {
            let error = Error::InvalidRequest(format!(
                "page_size must be between 1 and {max}, not {}",
                options.page_size
            ));
            return stream::once(async move { Err(error) }).left_stream();
        }
        let read = ReadOptions {
            properties: Some(
                options
                    .properties
                    .map_or_else(|| O::Properties::NAMES.join(","), |p| p.join(",")),
            ),
            associations: options.associations,
        };
        let wire = self.wire();
        let (page_size, archived) = (options.page_size, options.archived);
        paged(move |after| {
            let read = read.clone();
            async move {
                wire.list_page(page_size, archived, &read, after.as_deref())
                    .await
            }
        })
        .right_stream()
    }
}

/// Every item of a cursor-paged family, as a stream: `fetch(after)` gets one page (`None`:
/// the first), whose `results` are decoded straight from its bytes as `T`, and the stream
/// follows `paging.next.after` until a page has none.
pub(super) fn paged<'c, T, F, Fut>(fetch: F) -> impl Stream<Item = Result<T, Error>> + 'c
where
    T: DeserializeOwned + 'c,
    F: Fn(Option<String>) -> Fut + Clone + 'c,
    Fut: Future<Output = Result<Response, Error>> + 'c,
{
    stream::try_unfold(Some(None::<String>), move |cursor| {
        let fetch = fetch.clone();
        async move {
            let Some(after) = cursor else { return Ok(None) };
            let page: Page<T> = fetch(after.clone()).await?.json()?;
            // A next cursor equal to this one would loop forever: stop instead.
            let next = page
                .next()
                .map(String::from)
                .filter(|n| Some(n) != after.as_ref());
            Ok(Some((page.results, next.map(Some))))
        }
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
}
