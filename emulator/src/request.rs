//! What a handler sees of a request: its endpoint family, path placeholders, query pairs and
//! body (raw bytes, or the parts of a multipart body), read once by the router.

use std::collections::{BTreeMap, HashMap};

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Path, Request};
use hubspot_crm_endpoints::{ApiVersion, Family};
use hubspot_crm_vocab::PathParam;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiResult};

/// A part of a multipart body.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) data: Bytes,
}

/// Everything a handler needs from a request.
#[derive(Debug)]
pub(crate) struct Req {
    /// The endpoint family the request was routed to: what the table states about it
    /// (page sizes, search limits) is `family.spec()`.
    pub(crate) family: Family,
    /// The API version whose path the request came in under: HubSpot's answers differ in
    /// shape between versions (association IDs are numbers in legacy v4, strings after).
    pub(crate) version: ApiVersion,
    /// Path placeholders (`objectType`, `objectId`, ...).
    pub(crate) params: BTreeMap<PathParam, String>,
    /// Query pairs in order (keys may repeat).
    pub(crate) query: Vec<(String, String)>,
    /// The raw body (empty for multipart).
    pub(crate) body: Bytes,
    /// Multipart parts.
    pub(crate) parts: Vec<Part>,
}

impl Req {
    /// Reads a request routed to `family` in `version`: placeholders, query, and a body of
    /// at most `body_limit` bytes (413 beyond).
    pub(crate) async fn read(
        request: Request,
        family: Family,
        version: ApiVersion,
        body_limit: usize,
    ) -> ApiResult<Req> {
        let (mut head, body) = request.into_parts();
        // The path was matched against one of the family's templates, so every placeholder
        // is a `PathParam`; anything else would be a table error and is ignored.
        let params = Path::<HashMap<String, String>>::from_request_parts(&mut head, &())
            .await
            .map(|Path(p)| {
                p.into_iter()
                    .filter_map(|(k, v)| PathParam::parse(&k).map(|k| (k, v)))
                    .collect()
            })
            .unwrap_or_default();
        let query = head
            .uri
            .query()
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let is_multipart = head
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        let mut out = Req {
            family,
            version,
            params,
            query,
            body: Bytes::new(),
            parts: Vec::new(),
        };
        let request = Request::from_parts(head, body);
        if is_multipart {
            out.parts = read_parts(request, body_limit).await?;
        } else {
            out.body = axum::body::to_bytes(request.into_body(), body_limit)
                .await
                .map_err(|_| ApiError::too_large(body_limit))?;
        }
        Ok(out)
    }

    /// A path placeholder.
    pub(crate) fn param(&self, name: PathParam) -> ApiResult<&str> {
        self.params
            .get(&name)
            .map(String::as_str)
            .ok_or_else(|| ApiError::validation(format!("missing path parameter {name}")))
    }

    /// The first value of query parameter `name`.
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// All values of a list parameter, accepting both `a,b` and repeated `name=a&name=b`.
    pub(crate) fn query_list(&self, name: &str) -> Vec<String> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    /// A boolean query parameter (`true`/`false`), `default` when absent.
    pub(crate) fn query_bool(&self, name: &str, default: bool) -> ApiResult<bool> {
        match self.query(name) {
            None => Ok(default),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(ApiError::validation(format!(
                "query parameter {name}: {v} is not true or false"
            ))),
        }
    }

    /// A numeric query parameter, `default` when absent.
    pub(crate) fn query_u64(&self, name: &str, default: u64) -> ApiResult<u64> {
        match self.query(name) {
            None => Ok(default),
            Some(v) => v.trim().parse().map_err(|_| {
                ApiError::validation(format!("query parameter {name}: {v} is not a whole number"))
            }),
        }
    }

    /// The body parsed as `T`, with HubSpot's 400 for malformed JSON or a wrong shape.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> ApiResult<T> {
        if self.body.is_empty() {
            return Err(ApiError::bad_body("the request body is empty"));
        }
        serde_json::from_slice(&self.body).map_err(ApiError::bad_body)
    }
}

/// The parts of a multipart body, at most `limit` bytes in all.
async fn read_parts(request: Request, limit: usize) -> ApiResult<Vec<Part>> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| ApiError::bad_body(e.body_text()))?;
    let mut parts = Vec::new();
    let mut total = 0usize;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::bad_body(e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(String::from);
        let data = field
            .bytes()
            .await
            .map_err(|e| ApiError::bad_body(e.body_text()))?;
        total += data.len();
        if total > limit {
            return Err(ApiError::too_large(limit));
        }
        parts.push(Part {
            name,
            file_name,
            data,
        });
    }
    Ok(parts)
}
