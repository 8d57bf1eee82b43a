//! `list`: every record of an object as a `Stream` that fetches page after page by itself.

use futures_util::stream::{self, Stream, TryStreamExt};
use serde_json::Value;

use super::{Call, Error, Objects};
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
        let this = *self;
        let properties = options
            .properties
            .clone()
            .unwrap_or_else(|| O::Properties::NAMES.iter().map(|s| s.to_string()).collect())
            .join(",");
        // State: the cursor of the next page; `None` once the last page was read.
        let first: Option<Option<String>> = Some(None);
        stream::try_unfold(first, move |cursor| {
            let properties = properties.clone();
            let options = options.clone();
            async move {
                let Some(after) = cursor else { return Ok(None) };
                if !(1..=100).contains(&options.page_size) {
                    return Err(Error::InvalidRequest(format!(
                        "page_size must be between 1 and 100, not {}",
                        options.page_size
                    )));
                }
                let params = [("objectType", O::path_segment())];
                let mut query = vec![
                    ("limit", options.page_size.to_string()),
                    ("properties", properties),
                    ("archived", options.archived.to_string()),
                ];
                if !options.associations.is_empty() {
                    query.push(("associations", options.associations.join(",")));
                }
                if let Some(a) = &after {
                    query.push(("after", a.clone()));
                }
                let page = this
                    .client
                    .call(
                        "objects_list",
                        Call {
                            params: &params,
                            query,
                            body: None,
                            ..Call::default()
                        },
                    )
                    .await?
                    .unwrap_or(Value::Null);
                let next = page
                    .pointer("/paging/next/after")
                    .and_then(Value::as_str)
                    .map(String::from);
                let records = Objects::<O>::decode_list(&page, "list")?;
                // A next cursor equal to this one would loop forever: stop instead.
                let next_state = match next {
                    Some(n) if Some(&n) != after.as_ref() => Some(Some(n)),
                    _ => None,
                };
                Ok(Some((records, next_state)))
            }
        })
        .map_ok(|records| stream::iter(records.into_iter().map(Ok)))
        .try_flatten()
    }
}
