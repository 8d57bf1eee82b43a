//! `list`: every record of an object as a `Stream` that fetches page after page by itself.

use std::sync::Arc;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde_json::Value;

use super::{Call, Client, Error, Objects};
use crate::object::{CrmObject, Readable};
use crate::property::Properties;
use crate::record::Record;

/// What [`Objects::list_with`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOptions {
    /// Records per request, 1 to 100 (HubSpot's maximum). Default 100.
    pub page_size: u32,
    /// Properties to return; `None` returns every property the typed properties know.
    pub properties: Option<Vec<String>>,
    /// List archived records instead of live ones.
    pub archived: bool,
    /// Object types whose associated IDs to include (`companies`), in
    /// [`Record::associations`](crate::Record::associations).
    pub associations: Vec<String>,
}

impl Default for ListOptions {
    fn default() -> Self {
        ListOptions {
            page_size: 100,
            properties: None,
            archived: false,
            associations: Vec::new(),
        }
    }
}

impl<'c, O: CrmObject + Readable> Objects<'c, O> {
    /// Every live record, as a stream that pages by itself (100 per request).
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
        if !(1..=100).contains(&options.page_size) {
            let error = Error::InvalidRequest(format!(
                "page_size must be between 1 and 100, not {}",
                options.page_size
            ));
            return stream::once(async move { Err(error) }).left_stream();
        }
        let properties = options
            .properties
            .unwrap_or_else(|| O::Properties::NAMES.iter().map(|s| s.to_string()).collect())
            .join(",");
        let mut query = vec![
            ("limit", options.page_size.to_string()),
            ("properties", properties),
            ("archived", options.archived.to_string()),
        ];
        if !options.associations.is_empty() {
            query.push(("associations", options.associations.join(",")));
        }
        let params = vec![("objectType", O::path_segment().to_string())];
        paged(self.client, "objects_list", params, query, |page| {
            Objects::<O>::decode_list(page, "list")
        })
        .right_stream()
    }
}

/// Every item of a cursor-paged family (`after` in the query, `paging.next.after` in the
/// answer), as a stream that fetches page after page: the one paging loop of the client.
pub(super) fn paged<'c, T: 'c>(
    client: &'c Client,
    endpoint: &'static str,
    params: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    parse: impl Fn(&Value) -> Result<Vec<T>, Error> + Send + Sync + 'c,
) -> impl Stream<Item = Result<T, Error>> + 'c {
    let fixed = Arc::new((params, query, parse));
    stream::try_unfold(Some(None::<String>), move |cursor| {
        let fixed = fixed.clone();
        async move {
            let Some(after) = cursor else { return Ok(None) };
            let (params, query, parse) = &*fixed;
            let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let mut query = query.clone();
            if let Some(a) = &after {
                query.push(("after", a.clone()));
            }
            let page = client
                .call(
                    endpoint,
                    Call {
                        params: &params,
                        query,
                        ..Call::default()
                    },
                )
                .await?
                .unwrap_or(Value::Null);
            let items = parse(&page)?;
            // A next cursor equal to this one would loop forever: stop instead.
            let next = page
                .pointer("/paging/next/after")
                .and_then(Value::as_str)
                .map(String::from)
                .filter(|n| Some(n) != after.as_ref());
            Ok(Some((items, next.map(Some))))
        }
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
}
