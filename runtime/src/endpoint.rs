//! Endpoint families as data, generated from `schema/endpoints.yaml`. Client code picks an
//! [`Endpoint`] and fills its path for the configured API version.

use crate::metadata::Capabilities;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl HttpMethod {
    /// The method as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// How an endpoint's results are paged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Paging {
    /// Not paged.
    None,
    /// `after` query parameter; the next cursor is `paging.next.after`.
    Cursor,
    /// `after` in the request body (search); the next cursor is `paging.next.after`.
    BodyCursor,
}

/// One endpoint family: an operation that works on any object type that allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// Unique snake_case name (`objects_create`).
    pub name: &'static str,
    /// What it does.
    pub description: &'static str,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path templates with `{placeholders}`, one per API version, in version order.
    pub paths: &'static [&'static str],
    /// Capabilities the object type must allow.
    pub capabilities: Capabilities,
    /// Query parameters it takes.
    pub query: &'static [&'static str],
    /// The request body kind (names from `schema/README.md`, `none` for no body).
    pub request: &'static str,
    /// The success response body kind.
    pub response: &'static str,
    /// The success status code.
    pub status: u16,
    /// How results are paged.
    pub paging: Paging,
    /// Most inputs one request may carry.
    pub batch_limit: Option<u32>,
}

/// A path that could not be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// The endpoint has no path for that version index.
    #[error("endpoint `{endpoint}` has no path for API version #{version}")]
    NoVersion {
        /// The endpoint's name.
        endpoint: &'static str,
        /// The version index asked for.
        version: usize,
    },
    /// A placeholder was given no value.
    #[error("endpoint `{endpoint}` needs a value for `{{{placeholder}}}`")]
    Missing {
        /// The endpoint's name.
        endpoint: &'static str,
        /// The placeholder without braces.
        placeholder: String,
    },
}

impl Endpoint {
    /// The path template for the API version with index `version`.
    pub fn template(&self, version: usize) -> Result<&'static str, PathError> {
        self.paths
            .get(version)
            .copied()
            .ok_or(PathError::NoVersion {
                endpoint: self.name,
                version,
            })
    }

    /// The path for `version` with each `{placeholder}` replaced by its value in `params`.
    /// Values are inserted as given: callers percent-encode them.
    ///
    /// ```
    /// use hubspot_crm_runtime::endpoint::{Endpoint, HttpMethod, Paging};
    /// use hubspot_crm_runtime::metadata::Capabilities;
    /// let get = Endpoint {
    ///     name: "objects_get", description: "", method: HttpMethod::Get,
    ///     paths: &["/crm/v3/objects/{objectType}/{objectId}"],
    ///     capabilities: Capabilities::NONE, query: &[], request: "none", response: "object",
    ///     status: 200, paging: Paging::None, batch_limit: None,
    /// };
    /// let path = get.fill(0, &[("objectType", "0-1"), ("objectId", "42")]).unwrap();
    /// assert_eq!(path, "/crm/v3/objects/0-1/42");
    /// assert!(get.fill(0, &[("objectType", "0-1")]).is_err());
    /// ```
    pub fn fill(&self, version: usize, params: &[(&str, &str)]) -> Result<String, PathError> {
        let template = self.template(version)?;
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}').unwrap_or(after.len());
            let name = &after[..close];
            let value = params
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| *v)
                .ok_or_else(|| PathError::Missing {
                    endpoint: self.name,
                    placeholder: name.to_string(),
                })?;
            out.push_str(value);
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        Ok(out)
    }
}
