//! The HTTP client: configuration, one shared connection pool, and the one generic `call`
//! every typed operation goes through (endpoint from the generated table, path filled for
//! the configured API version, HubSpot errors decoded).
//!
//! Generated code wraps [`Client`] in `hubspot_crm::Client`, which adds one accessor per
//! object (`client.contacts()`); the operations themselves are generic, in [`objects`].

mod association_batch;
mod association_definitions;
mod associations;
mod batch;
mod deal_splits;
mod dynamic;
mod error;
mod imports;
mod list;
pub mod objects;
mod owners;
mod pipelines;
mod properties;
mod read;
mod retry;
mod schemas;
pub mod search;
mod shell;
mod wire;

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::endpoints::{ApiVersion, Family};
use crate::vocab::{HttpMethod, PathParam};

pub use association_batch::Pair;
pub use association_definitions::{
    AccountAssociations, AssociationLimit, AssociationLimits, AssociationTypeDefinition,
    HighUsageReport, NewAssociationLimit,
};
pub use associations::{Association, AssociationType, DynamicAssociation};
pub use batch::{BatchFailure, BatchOutcome, Upserted};
pub use deal_splits::{DealSplit, DealSplits, NewDealSplit, Splits};
pub use dynamic::{
    DynamicObjects, DynamicRecord, DynamicSearch, DynamicSearchPage, DynamicUpserted,
};
pub use error::{excerpt, ApiError, Error, ErrorDetail, BODY_EXCERPT};
pub use imports::{
    ColumnMapping, Import, ImportFile, ImportOperation, ImportRequest, ImportRowError, Imports,
};
pub use list::ListOptions;
pub use objects::{NewAssociation, Objects};
pub use owners::{Owner, OwnerListOptions, Owners, Team};
pub use pipelines::{
    NewPipeline, NewStage, Pipeline, PipelineAuditEntry, PipelineUpdate, Pipelines, Stage,
    StageUpdate,
};
pub use properties::{NewProperty, PropertyDefinition, PropertyGroup, PropertyOption};
pub use read::{DynamicGet, GetRequest};
pub use retry::RetryPolicy;
pub use schemas::{NewSchema, ObjectSchema, SchemaAssociation, SchemaLabels, SchemaParts, Schemas};
pub use search::{SearchPage, SearchRequest};

/// Who defined an association type.
pub use crate::vocab::AssociationCategory;

/// The longest URL the client sends, in characters (scheme, host, path and query, encoded).
///
/// A read names the properties it wants in its URL (`?properties=a,b,...`), and an account
/// with hundreds of properties makes that URL longer than HubSpot accepts: it answers
/// `414 URI Too Long`, without documenting the limit. Reads whose properties do not fit send
/// the ones that do in the URL and read the rest with a batch read
/// ([`Family::ObjectsBatchRead`]), whose property list travels in the body.
/// The number is the endpoint table's `max_url_chars`.
pub fn max_url_chars() -> usize {
    crate::endpoints::MAX_URL_CHARS
}

/// HubSpot's API host.
pub const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";

/// The environment variable [`ClientBuilder::from_env`] reads the token from.
pub const TOKEN_VAR: &str = "HUBSPOT_ACCESS_TOKEN";

/// The environment variable [`ClientBuilder::from_env`] reads an optional base URL from.
pub const BASE_URL_VAR: &str = "HUBSPOT_BASE_URL";

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
    version: ApiVersion,
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
            .field("api_version", &self.inner.version)
            .field("token", &self.inner.token)
            .finish()
    }
}

/// Builds a [`Client`] (or, through `From`, the generated client wrapping one).
#[must_use]
pub struct ClientBuilder<C = Client> {
    token: Option<String>,
    base_url: String,
    version: ApiVersion,
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
            .field("version", &self.version)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl<C: From<Client>> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder with HubSpot's host, the default API version, a 30 s timeout and no token yet.
    pub fn new() -> Self {
        ClientBuilder {
            token: None,
            base_url: DEFAULT_BASE_URL.to_string(),
            version: ApiVersion::DEFAULT,
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

    /// The API version whose paths to use. Default: [`ApiVersion::DEFAULT`].
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.version = version;
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
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            .gzip(true)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token: Token(Arc::from(token)),
                version: self.version,
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

/// A request to one endpoint family: the values of its path's placeholders, its query and
/// its body. Bodies are serialized once, so a retry resends the same bytes.
#[derive(Debug, Default)]
pub struct Call<'a> {
    /// Values of the path's `{placeholders}`, as given: the client percent-encodes them.
    pub params: &'a [(PathParam, &'a str)],
    /// Query parameters.
    pub query: Vec<(&'static str, String)>,
    /// A JSON body, already serialized (see [`Call::json`]).
    pub body: Option<Bytes>,
    /// A multipart body instead (imports).
    pub parts: Vec<Part>,
}

impl<'a> Call<'a> {
    /// A call with these path values and nothing else.
    pub fn at(params: &'a [(PathParam, &'a str)]) -> Self {
        Call {
            params,
            ..Call::default()
        }
    }

    /// The call with `body` as its JSON body.
    pub fn json(mut self, body: &impl Serialize) -> Result<Self, Error> {
        self.body = Some(json_body(body)?);
        Ok(self)
    }

    /// The call with these query parameters.
    pub fn query(mut self, query: Vec<(&'static str, String)>) -> Self {
        self.query = query;
        self
    }
}

/// `body` serialized as JSON, once.
pub(crate) fn json_body(body: &impl Serialize) -> Result<Bytes, Error> {
    serde_json::to_vec(body)
        .map(Bytes::from)
        .map_err(|e| Error::InvalidRequest(format!("cannot encode the request body: {e}")))
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
    pub data: Bytes,
}

/// A success answer of a call: which family and path it came from, and its raw body, which
/// [`Response::json`] decodes straight into the type asked for.
#[derive(Debug, Clone)]
pub struct Response {
    /// The family called.
    pub family: Family,
    /// The path called.
    pub path: String,
    /// The body as received (empty for a 204).
    pub body: Bytes,
}

impl Response {
    /// The body decoded as `T`; a body that does not fit (or is empty) is an
    /// [`Error::Decode`] naming the family and keeping the body, never a panic.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| self.undecodable(e.to_string()))
    }

    /// An [`Error::Decode`] of this answer, saying what did not fit.
    pub fn undecodable(&self, message: impl Into<String>) -> Error {
        Error::Decode {
            family: self.family,
            path: self.path.clone(),
            message: message.into(),
            body: self.body.clone(),
        }
    }
}

impl Client {
    /// The API's base URL.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The API version whose paths the client calls.
    pub fn api_version(&self) -> ApiVersion {
        self.inner.version
    }

    /// Calls `family` and returns its success answer. A HubSpot error status becomes
    /// [`Error::Api`]. Failed attempts are retried by the client's [`RetryPolicy`] when
    /// [`Error::is_retryable`] says so: a 429 always, a server error or a broken connection
    /// only for families the table marks idempotent.
    pub async fn call(&self, family: Family, call: Call<'_>) -> Result<Response, Error> {
        let policy = &self.inner.retry;
        let mut retry = 0;
        loop {
            match self.attempt(family, &call).await {
                Err(e) if retry + 1 < policy.max_attempts && e.is_retryable() => {
                    let retry_after = e.api().and_then(|a| a.retry_after);
                    tokio::time::sleep(policy.delay(retry, retry_after)).await;
                    retry += 1;
                }
                other => return other,
            }
        }
    }

    /// The path of `family` in the client's version with `params` filled in, percent-encoded.
    fn path(&self, family: Family, params: &[(PathParam, &str)]) -> Result<String, Error> {
        let template = family.path(self.inner.version);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}').unwrap_or(after.len());
            let name = &after[..close];
            let value = params
                .iter()
                .find(|(k, _)| k.as_str() == name)
                .map(|(_, v)| *v)
                .ok_or_else(|| Error::Config(format!("{family} needs a value for `{{{name}}}`")))?;
            out.extend(utf8_percent_encode(value, SEGMENT));
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        Ok(out)
    }

    /// The URL of `path` with `query`, encoded as it is sent.
    fn url(&self, path: &str, query: &[(&'static str, String)]) -> Result<reqwest::Url, Error> {
        let text = format!("{}{path}", self.inner.base_url);
        let mut url = reqwest::Url::parse(&text)
            .map_err(|e| Error::Config(format!("cannot form a URL from `{text}`: {e}")))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// The length, in characters, of the URL a call of `family` with these path values and
    /// this query would be sent to: what [`max_url_chars`] bounds.
    pub(crate) fn url_len(
        &self,
        family: Family,
        params: &[(PathParam, &str)],
        query: &[(&'static str, String)],
    ) -> Result<usize, Error> {
        let path = self.path(family, params)?;
        Ok(self.url(&path, query)?.as_str().len())
    }

    async fn attempt(&self, family: Family, call: &Call<'_>) -> Result<Response, Error> {
        let path = self.path(family, call.params)?;
        let method = family.spec().method;
        let url = self.url(&path, &call.query)?;
        let mut request = self
            .inner
            .http
            .request(http_method(method), url)
            .bearer_auth(&self.inner.token.0);
        if let Some(body) = &call.body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        if !call.parts.is_empty() {
            let mut form = reqwest::multipart::Form::new();
            for p in &call.parts {
                let mut part = reqwest::multipart::Part::bytes(p.data.to_vec());
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
            family,
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
        let body = response.bytes().await.map_err(transport)?;
        if !(200..300).contains(&status) {
            return Err(Error::Api(Box::new(ApiError::from_response(
                status,
                &body,
                retry_after,
                family,
                path,
            ))));
        }
        Ok(Response { family, path, body })
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
