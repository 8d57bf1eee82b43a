//! Reading an account over HubSpot's API: GETs with the access token, paths from the endpoint
//! table, waiting out 429s and retrying server errors (every call here is a read).
//!
//! Families are looked up by their table name: xtask cannot use the generated `Family` enum,
//! since it must build and run when the generated crates are stale.

use std::time::Duration;

use hubspot_crm_schema::{EndpointsDef, PathParam};
use serde_json::Value;

/// HubSpot's host.
const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";

/// Attempts of one GET before giving up.
const ATTEMPTS: u32 = 6;

/// A connection to one account.
pub(crate) struct Account<'t> {
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    base_url: String,
    token: String,
    endpoints: &'t EndpointsDef,
    version: String,
}

impl<'t> Account<'t> {
    /// The account of `HUBSPOT_ACCESS_TOKEN`, at `HUBSPOT_BASE_URL` (HubSpot's host unless
    /// set), through the paths of `endpoints`' default version.
    pub(crate) fn from_env(endpoints: &'t EndpointsDef) -> Result<Self, String> {
        let token = std::env::var("HUBSPOT_ACCESS_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty())
            .ok_or("HUBSPOT_ACCESS_TOKEN is not set: pull reads the account it gives access to")?;
        let base_url = std::env::var("HUBSPOT_BASE_URL")
            .unwrap_or_else(|_| DEFAULT_BASE_URL.to_string())
            .trim_end_matches('/')
            .to_string();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("hubspot-crm-xtask/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start an async runtime: {e}"))?;
        Ok(Account {
            http,
            runtime,
            base_url,
            token,
            endpoints,
            version: endpoints.default_version.clone(),
        })
    }

    /// Where pull reads from, for messages.
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// GETs the family named `family` with its path's placeholders from `params`.
    pub(crate) fn get(&self, family: &str, params: &[(PathParam, &str)]) -> Result<Value, String> {
        let path = self.path(family, params)?;
        match self.runtime.block_on(self.get_path(&path))? {
            Ok(value) => Ok(value),
            Err(refusal) => Err(refusal.message),
        }
    }

    /// Like [`Account::get`], but `None` when HubSpot answers that the request does not apply
    /// (400 or 404: an object type without pipelines).
    pub(crate) fn get_if_any(
        &self,
        family: &str,
        params: &[(PathParam, &str)],
    ) -> Result<Option<Value>, String> {
        let path = self.path(family, params)?;
        match self.runtime.block_on(self.get_path(&path))? {
            Ok(value) => Ok(Some(value)),
            Err(refusal) if matches!(refusal.status, 400 | 404) => Ok(None),
            Err(refusal) => Err(refusal.message),
        }
    }

    fn path(&self, family: &str, params: &[(PathParam, &str)]) -> Result<String, String> {
        let def = self
            .endpoints
            .endpoints
            .iter()
            .find(|e| e.name == family)
            .ok_or_else(|| format!("the endpoint table has no family `{family}`"))?;
        let mut path = def
            .paths
            .get(&self.version)
            .ok_or_else(|| format!("`{family}` has no path for version {}", self.version))?
            .clone();
        for (param, value) in params {
            path = path.replace(&format!("{{{}}}", param.as_str()), value);
        }
        Ok(path)
    }

    /// The answer's JSON, or HubSpot's refusal; `Err` when no answer could be had.
    async fn get_path(&self, path: &str) -> Result<Result<Value, Refusal>, String> {
        let url = format!("{}{path}", self.base_url);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let sent = self.http.get(&url).bearer_auth(&self.token).send().await;
            let wait = match sent {
                Ok(response) => {
                    let status = response.status();
                    let retry_after = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let body = response
                        .bytes()
                        .await
                        .map_err(|e| format!("GET {path}: {e}"))?;
                    if status.is_success() {
                        return serde_json::from_slice(&body).map(Ok).map_err(|e| {
                            format!(
                                "GET {path}: the answer is not JSON ({e}): {}",
                                String::from_utf8_lossy(&body[..body.len().min(300)])
                            )
                        });
                    }
                    let text = String::from_utf8_lossy(&body[..body.len().min(500)]).into_owned();
                    let retryable = status.as_u16() == 429 || status.is_server_error();
                    if !retryable || attempt >= ATTEMPTS {
                        return Ok(Err(Refusal {
                            status: status.as_u16(),
                            message: format!("GET {path} -> {status}: {text}"),
                        }));
                    }
                    retry_after.unwrap_or(backoff(attempt))
                }
                Err(e) if attempt >= ATTEMPTS => return Err(format!("GET {path}: {e}")),
                Err(_) => backoff(attempt),
            };
            tokio::time::sleep(wait).await;
        }
    }
}

/// HubSpot's error answer to a GET.
struct Refusal {
    status: u16,
    message: String,
}

/// The wait before attempt `attempt + 1` when HubSpot gives no `Retry-After`.
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250 * 2u64.pow(attempt.min(6)))
}
