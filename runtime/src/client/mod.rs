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
mod pace;
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
use std::time::{Duration, Instant};

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::field::Empty;
use tracing::Instrument;

use crate::endpoints::{ApiVersion, Family, RatePolicy};
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
pub use pace::{RateHeaders, RateLimit, RateLimitStatus};
pub use pipelines::{
    NewPipeline, NewStage, Pipeline, PipelineAuditEntry, PipelineUpdate, Pipelines, Stage,
    StageUpdate,
};
pub use properties::{NewProperty, PropertyDefinition, PropertyGroup, PropertyOption};
pub use read::{DynamicGet, GetRequest};
pub use retry::{GiveUpReason, RetryBudget, RetryPolicy};
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
    /// The retry budget's tokens, shared by every clone.
    retry_tokens: retry::RetryTokens,
    /// The rate budget, shared by every clone.
    pace: pace::Pacer,
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
    rate_limit: Option<RateLimit>,
    output: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("version", &self.version)
            .field("timeout", &self.timeout)
            .field("rate_limit", &self.rate_limit)
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
            rate_limit: Some(RateLimit::default()),
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

    /// How failed calls are retried (default: up to 6 attempts within 120 s, jittered
    /// backoff, a retry budget shared by the client's clones; see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The account's rate budget, which the client paces its requests to before sending
    /// them: one of HubSpot's tiers (from the endpoint table) or a [`RateLimit::custom`]
    /// budget. Default: [`RateTier::DEFAULT`](crate::endpoints::RateTier::DEFAULT)'s.
    ///
    /// Every clone of the client draws on the same budget, so any number of tasks can do
    /// bulk work through clones without HubSpot answering 429. What HubSpot reports in its
    /// answers (`X-HubSpot-RateLimit-*`) corrects the budget as the client goes: a wrong
    /// tier, or another process using the same account, slows the client down instead of
    /// making HubSpot refuse it. Give a smaller budget to leave room for other integrations.
    ///
    /// ```
    /// use std::time::Duration;
    /// use hubspot_crm_runtime::client::RateLimit;
    /// use hubspot_crm_runtime::endpoints::RateTier;
    /// use hubspot_crm_runtime::{ClientBuilder, CoreClient};
    ///
    /// let client: CoreClient = ClientBuilder::new()
    ///     .token("pat-na1-...")
    ///     .rate_limit(RateTier::FreeStarter)
    ///     .build()?;
    /// let status = client.rate_limits();
    /// assert_eq!(status.requests, RateTier::FreeStarter.per_window());
    ///
    /// // Half of it, for a job that shares the account with another integration:
    /// let half = RateLimit::custom(RateTier::FreeStarter.per_window() / 2, status.window);
    /// let client: CoreClient = ClientBuilder::new().token("pat-na1-...").rate_limit(half).build()?;
    /// assert_eq!(client.rate_limits().requests, half.requests);
    /// # Ok::<(), hubspot_crm_runtime::Error>(())
    /// ```
    pub fn rate_limit(mut self, limit: impl Into<RateLimit>) -> Self {
        self.rate_limit = Some(limit.into());
        self
    }

    /// Sends every request at once, without pacing (HubSpot's 429s are still retried, and
    /// the budget HubSpot reports is still read: [`Client::rate_limits`]). For tests, and for
    /// callers that pace by themselves.
    pub fn unpaced(mut self) -> Self {
        self.rate_limit = None;
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
                retry_tokens: retry::RetryTokens::new(&self.retry.budget),
                retry: self.retry,
                pace: pace::Pacer::new(self.rate_limit),
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

    /// The rate budget the client paces to and what HubSpot last reported of it.
    pub fn rate_limits(&self) -> RateLimitStatus {
        self.inner.pace.status()
    }

    /// Calls `family` and returns its success answer. A HubSpot error status becomes
    /// [`Error::Api`] ([`Error::DailyLimit`] for a 429 naming the daily limit).
    ///
    /// The request waits for room in the client's rate budget before it is sent
    /// ([`ClientBuilder::rate_limit`]). Failed attempts are retried by the client's
    /// [`RetryPolicy`] when [`Error::is_retryable`] says so: a 429 of the window's or a
    /// per-second budget always, a server error or a broken connection only for families
    /// the table marks idempotent; when the policy stops a call it could have retried, the
    /// error is [`Error::GaveUp`], saying why.
    ///
    /// Each call is a `tracing` span `hubspot_crm.call` (family, method, path template, API
    /// version, attempts, final status), each attempt a span `hubspot_crm.attempt` within it
    /// (attempt, the wait before it, the wait for the rate budget, status). Spans never
    /// carry the token, the filled-in path (it may hold an email) or any value sent.
    pub async fn call(&self, family: Family, call: Call<'_>) -> Result<Response, Error> {
        let version = self.inner.version;
        let span = tracing::info_span!(
            "hubspot_crm.call",
            family = family.name(),
            method = family.spec().method.as_str(),
            path = family.path(version),
            api_version = version.as_str(),
            attempts = Empty,
            status = Empty,
        );
        self.call_retrying(family, &call, &span)
            .instrument(span.clone())
            .await
    }

    /// The attempts of a call, recorded on its `span` (passed, not taken from
    /// `Span::current`, which not every subscriber tracks).
    async fn call_retrying(
        &self,
        family: Family,
        call: &Call<'_>,
        span: &tracing::Span,
    ) -> Result<Response, Error> {
        let policy = &self.inner.retry;
        let mut started = None;
        let mut spent = 0;
        let mut wait = Duration::ZERO;
        let mut attempt = 1;
        loop {
            let result = self
                .attempt(family, call, attempt, wait, &mut started)
                .await;
            span.record("attempts", attempt);
            let error = match result {
                Ok((response, status)) => {
                    span.record("status", status);
                    let budget = &policy.budget;
                    self.inner
                        .retry_tokens
                        .earn(budget.success_reward.saturating_add(spent));
                    return Ok(response);
                }
                Err(e) => e,
            };
            if let Some(status) = error.status() {
                span.record("status", status);
            }
            if !error.is_retryable() || policy.max_attempts <= 1 {
                return Err(error);
            }
            let elapsed = started.map_or(Duration::ZERO, |t: Instant| t.elapsed());
            let give_up = |reason, last| {
                tracing::warn!(attempts = attempt, %reason, "giving up");
                Err(Error::GaveUp {
                    attempts: attempt,
                    elapsed,
                    reason,
                    last: Box::new(last),
                })
            };
            if attempt >= policy.max_attempts {
                return give_up(GiveUpReason::Attempts, error);
            }
            let next = policy.wait(
                &error,
                attempt - 1,
                self.inner.pace.window(),
                fastrand::f64(),
            );
            if policy.deadline.is_some_and(|d| elapsed + next > d) {
                return give_up(GiveUpReason::Deadline, error);
            }
            let cost = policy.cost(&error);
            if !self.inner.retry_tokens.spend(cost) {
                return give_up(GiveUpReason::RetryBudget, error);
            }
            spent = spent.saturating_add(cost);
            tracing::info!(
                attempt,
                status = error.status(),
                rate_policy = error
                    .api()
                    .and_then(ApiError::rate_policy)
                    .map(RatePolicy::name),
                wait_ms = millis(next),
                "retrying"
            );
            tokio::time::sleep(next).await;
            wait = next;
            attempt += 1;
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

    /// One attempt of a call: the request built, a slot of the rate budget taken, sent,
    /// answered. `started` is set to when the first attempt was sent.
    async fn attempt(
        &self,
        family: Family,
        call: &Call<'_>,
        attempt: u32,
        wait: Duration,
        started: &mut Option<Instant>,
    ) -> Result<(Response, u16), Error> {
        let span = tracing::debug_span!(
            "hubspot_crm.attempt",
            attempt,
            wait_ms = millis(wait),
            paced_ms = Empty,
            status = Empty,
        );
        let recorded = span.clone();
        async move {
            let span = recorded;
            let path = self.path(family, call.params)?;
            let request = self.request(family, &path, call)?;
            let class = family.spec().rate_class;
            let (permit, paced) = self.inner.pace.acquire(class).await;
            span.record("paced_ms", millis(paced));
            started.get_or_insert_with(Instant::now);
            let transport = |source| Error::Transport {
                family,
                path: path.clone(),
                source,
            };
            // A failure drops the permit: the request counts as answered now.
            let response = request.send().await.map_err(transport)?;
            let status = response.status().as_u16();
            span.record("status", status);
            let headers = response.headers();
            let rate = pace::RateHeaders::from_headers(headers);
            permit.answered(&rate);
            let retry_after = headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let body = response.bytes().await.map_err(transport)?;
            if !(200..300).contains(&status) {
                let error = ApiError::from_response(status, &body, retry_after, family, path);
                if status == 429 {
                    let policy = error.rate_policy();
                    self.inner.pace.refused(class, policy, retry_after, &rate);
                    if policy == Some(RatePolicy::Daily) {
                        return Err(Error::DailyLimit(Box::new(error)));
                    }
                }
                return Err(Error::Api(Box::new(error)));
            }
            Ok((Response { family, path, body }, status))
        }
        .instrument(span)
        .await
    }

    /// The request of one attempt, with the token, ready to send.
    fn request(
        &self,
        family: Family,
        path: &str,
        call: &Call<'_>,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let method = family.spec().method;
        let url = self.url(path, &call.query)?;
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
        Ok(request)
    }
}

/// A duration in whole milliseconds, for span fields.
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
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
