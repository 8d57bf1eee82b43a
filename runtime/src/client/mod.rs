//! The HTTP client: configuration, one shared connection pool, and the one generic `call`
//! every typed operation goes through (endpoint from the generated table, path filled for
//! the configured API version, HubSpot errors decoded).
//!
//! Generated code wraps [`Client`] in `hubspot_crm::Client`, which adds one accessor per
//! object (`client.contacts()`); the operations themselves are generic, in [`objects`].

mod association_batch;
mod associations;
mod batch;
mod dynamic;
mod error;
mod imports;
mod list;
pub mod objects;
mod properties;
mod retry;
mod schemas;
pub mod search;

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use crate::endpoint::{Endpoint, HttpMethod};

pub use association_batch::Pair;
pub use associations::{Association, AssociationCategory, AssociationType};
pub use batch::{BatchFailure, BatchOutcome, Upserted};
pub use dynamic::{DynamicObjects, DynamicRecord};
pub use error::{excerpt, ApiError, Error, ErrorDetail, BODY_EXCERPT};
pub use imports::{
    ColumnMapping, Import, ImportFile, ImportOperation, ImportRequest, ImportRowError, Imports,
};
pub use list::ListOptions;
pub use objects::{NewAssociation, Objects};
pub use properties::{NewProperty, PropertyDefinition, PropertyGroup, PropertyOption};
pub use retry::{is_idempotent, RetryPolicy};
pub use schemas::{NewSchema, ObjectSchema, SchemaLabels, Schemas};
pub use search::{SearchPage, SearchRequest};

/// HubSpot's API host.
pub const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";

/// The environment variable [`ClientBuilder::from_env`] reads the token from.
pub const TOKEN_VAR: &str = "HUBSPOT_ACCESS_TOKEN";

/// The environment variable [`ClientBuilder::from_env`] reads an optional base URL from.
pub const BASE_URL_VAR: &str = "HUBSPOT_BASE_URL";

/// An API version as the generated `ApiVersion` enum describes it.
pub trait ApiVersion: Copy + fmt::Debug + Send + Sync + 'static {
    /// Its position in every endpoint's `paths`.
    fn index(self) -> usize;
    /// Its name (`legacy`, `2026-09`).
    fn name(self) -> &'static str;
}

/// The bearer token; never shown by `Debug` or in errors.
#[derive(Clone)]
struct Token(Arc<str>);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: Token,
    version_index: usize,
    version_name: &'static str,
    endpoints: HashMap<&'static str, &'static Endpoint>,
    retry: RetryPolicy,
}

/// A HubSpot CRM client: cheap to clone (clones share one connection pool), `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_version", &self.inner.version_name)
            .field("token", &self.inner.token)
            .finish()
    }
}

/// Builds a [`Client`] (or, through `From`, the generated client wrapping one).
#[must_use]
pub struct ClientBuilder<C = Client> {
    token: Option<String>,
    base_url: String,
    version: Option<(usize, &'static str)>,
    endpoints: &'static [Endpoint],
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    output: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("version", &self.version.map(|v| v.1))
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for the API described by `endpoints` (the generated table), with HubSpot's
    /// host, a 30 s timeout and no token yet.
    pub fn new(endpoints: &'static [Endpoint]) -> Self {
        ClientBuilder {
            token: None,
            base_url: DEFAULT_BASE_URL.to_string(),
            version: None,
            endpoints,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("hubspot-crm-rust/", env!("CARGO_PKG_VERSION")).to_string(),
            retry: RetryPolicy::default(),
            output: PhantomData,
        }
    }

    /// The private app or OAuth access token.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The API's base URL (an emulator's, in tests). Default: `https://api.hubapi.com`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The API version whose paths to use.
    pub fn api_version(mut self, version: impl ApiVersion) -> Self {
        self.version = Some((version.index(), version.name()));
        self
    }

    /// Time allowed for a whole request. Default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to connect. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// How failed calls are retried (default: up to 6 attempts, see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Takes the token from `HUBSPOT_ACCESS_TOKEN` and, if set, the base URL from
    /// `HUBSPOT_BASE_URL`.
    pub fn from_env(self) -> Result<Self, Error> {
        let token = std::env::var(TOKEN_VAR)
            .map_err(|_| Error::Config(format!("{TOKEN_VAR} is not set")))?;
        let mut builder = self.token(token);
        if let Ok(url) = std::env::var(BASE_URL_VAR) {
            builder = builder.base_url(url);
        }
        Ok(builder)
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        let token = self
            .token
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| Error::Config("no access token given".into()))?;
        let base_url = self.base_url.trim_end_matches('/').to_string();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            return Err(Error::Config(format!(
                "base URL `{base_url}` must start with https:// or http://"
            )));
        }
        let (version_index, version_name) = self
            .version
            .ok_or_else(|| Error::Config("no API version given".into()))?;
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            .gzip(true)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        let endpoints = self.endpoints.iter().map(|e| (e.name, e)).collect();
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token: Token(Arc::from(token)),
                version_index,
                version_name,
                endpoints,
                retry: self.retry,
            }),
        }))
    }
}

/// Characters left as they are in a path segment; everything else is percent-encoded, so an
/// `idProperty` value such as an email or a value with `/` addresses the right record.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'@');

/// A request to one endpoint family.
#[derive(Debug, Default)]
pub struct Call<'a> {
    /// Values of the path's `{placeholders}`.
    pub params: &'a [(&'a str, &'a str)],
    /// Query parameters.
    pub query: Vec<(&'static str, String)>,
    /// JSON body.
    pub body: Option<Value>,
    /// A multipart body instead (imports): (part name, file name, content type, bytes).
    pub parts: Vec<Part>,
}

/// A part of a multipart body; rebuilt for every attempt, so retries resend it whole.
#[derive(Debug, Clone)]
pub struct Part {
    /// The part's name (`importRequest`, `files`).
    pub name: &'static str,
    /// The file name, for file parts.
    pub file_name: Option<String>,
    /// The content type.
    pub content_type: &'static str,
    /// The bytes.
    pub data: Vec<u8>,
}

impl Client {
    /// The API's base URL.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The API version's name.
    pub fn api_version(&self) -> &'static str {
        self.inner.version_name
    }

    /// Most inputs one request to the batch family `endpoint` may carry (100 if the table
    /// names none).
    pub fn batch_limit(&self, endpoint: &str) -> usize {
        self.endpoint(endpoint)
            .ok()
            .and_then(|e| e.batch_limit)
            .map_or(100, |l| l as usize)
    }

    /// The endpoint family `name` of the table the client was built with.
    pub fn endpoint(&self, name: &str) -> Result<&'static Endpoint, Error> {
        self.inner
            .endpoints
            .get(name)
            .copied()
            .ok_or_else(|| Error::Config(format!("the endpoint table has no `{name}` family")))
    }

    /// Calls `endpoint` and returns the decoded JSON body (`None` for an empty success body,
    /// such as a 204). A HubSpot error status becomes [`Error::Api`]. Failed attempts are
    /// retried by the client's [`RetryPolicy`].
    pub async fn call(&self, endpoint: &str, call: Call<'_>) -> Result<Option<Value>, Error> {
        let endpoint = self.endpoint(endpoint)?;
        let policy = &self.inner.retry;
        let mut retry = 0;
        loop {
            match self.attempt(endpoint, &call).await {
                Err(e) if retry + 1 < policy.max_attempts && should_retry(&e, endpoint) => {
                    let retry_after = e.api().and_then(|a| a.retry_after);
                    tokio::time::sleep(policy.delay(retry, retry_after)).await;
                    retry += 1;
                }
                other => return other,
            }
        }
    }

    async fn attempt(
        &self,
        endpoint: &'static Endpoint,
        call: &Call<'_>,
    ) -> Result<Option<Value>, Error> {
        let encoded: Vec<(&str, String)> = call
            .params
            .iter()
            .map(|(k, v)| (*k, utf8_percent_encode(v, SEGMENT).to_string()))
            .collect();
        let params: Vec<(&str, &str)> = encoded.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let path = endpoint
            .fill(self.inner.version_index, &params)
            .map_err(|e| Error::Config(e.to_string()))?;
        let method = endpoint.method.as_str();
        let mut request = self
            .inner
            .http
            .request(
                http_method(endpoint.method),
                format!("{}{path}", self.inner.base_url),
            )
            .bearer_auth(&self.inner.token.0);
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        if !call.parts.is_empty() {
            let mut form = reqwest::multipart::Form::new();
            for p in &call.parts {
                let mut part = reqwest::multipart::Part::bytes(p.data.clone());
                if let Some(f) = &p.file_name {
                    part = part.file_name(f.clone());
                }
                part = part.mime_str(p.content_type).map_err(|e| {
                    Error::InvalidRequest(format!("content type {}: {e}", p.content_type))
                })?;
                form = form.part(p.name, part);
            }
            request = request.multipart(form);
        }
        let transport = |source| Error::Transport {
            method,
            path: path.clone(),
            source,
        };
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = response.bytes().await.map_err(transport)?;
        if !(200..300).contains(&status) {
            return Err(Error::Api(Box::new(ApiError::from_response(
                status,
                &bytes,
                retry_after,
                method,
                path,
            ))));
        }
        if bytes.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::Decode {
                method,
                path,
                message: e.to_string(),
                body: excerpt(&bytes),
            })
    }
}

fn http_method(m: HttpMethod) -> reqwest::Method {
    match m {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Patch => reqwest::Method::PATCH,
        HttpMethod::Delete => reqwest::Method::DELETE,
    }
}

/// Decodes a JSON answer into `T`; a body that does not fit is an [`Error::Decode`] with an
/// excerpt, never a panic. `what` names the answer in the error.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    value: Option<Value>,
    what: &str,
) -> Result<T, Error> {
    let value = value.unwrap_or(Value::Null);
    serde_json::from_value(value.clone()).map_err(|e| Error::Decode {
        method: "",
        path: what.to_string(),
        message: e.to_string(),
        body: excerpt(value.to_string().as_bytes()),
    })
}

/// The `results` list of a JSON answer, decoded.
pub(crate) fn decode_results<T: serde::de::DeserializeOwned>(
    value: Option<Value>,
    what: &str,
) -> Result<Vec<T>, Error> {
    decode_json(
        Some(
            value
                .and_then(|v| v.get("results").cloned())
                .unwrap_or(Value::Array(Vec::new())),
        ),
        what,
    )
}

/// Whether a failed attempt is worth repeating (see the `retry` module).
fn should_retry(error: &Error, endpoint: &Endpoint) -> bool {
    match error {
        Error::Api(e) if e.status == 429 => true,
        Error::Api(e) if e.status >= 500 => is_idempotent(endpoint),
        Error::Transport { .. } => is_idempotent(endpoint),
        // A success body that does not decode (cut or malformed in transit) of a read.
        Error::Decode { .. } => is_idempotent(endpoint),
        _ => false,
    }
}
