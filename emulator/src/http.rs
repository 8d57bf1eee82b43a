//! The HTTP surface: a router built from `schema/endpoints.yaml` (every family, under every
//! version's prefix), the request extractor handlers share, and the gate every request passes:
//! fault injection, authentication and rate limits.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use hubspot_crm_schema::HttpMethod;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiResult};
use crate::limits::{Fault, Verdict};
use crate::routes;
use crate::Shared;

/// A part of a multipart body.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) data: Bytes,
}

/// Everything a handler needs from a request.
#[derive(Debug, Default)]
pub(crate) struct Req {
    /// Path placeholders (`objectType`, `objectId`, ...).
    pub(crate) params: BTreeMap<String, String>,
    /// Query pairs in order (keys may repeat).
    pub(crate) query: Vec<(String, String)>,
    /// The raw body (empty for multipart).
    pub(crate) body: Bytes,
    /// Multipart parts.
    pub(crate) parts: Vec<Part>,
}

impl Req {
    /// A path placeholder.
    pub(crate) fn param(&self, name: &str) -> ApiResult<&str> {
        self.params
            .get(name)
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

impl FromRequest<Arc<Shared>> for Req {
    type Rejection = ApiError;

    async fn from_request(req: Request, shared: &Arc<Shared>) -> Result<Self, ApiError> {
        let (mut head, body) = req.into_parts();
        let params = Path::<HashMap<String, String>>::from_request_parts(&mut head, shared)
            .await
            .map(|Path(p)| p.into_iter().collect())
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
        let limit = shared.config.body_limit;
        let is_multipart = head
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        let mut out = Req {
            params,
            query,
            ..Req::default()
        };
        let req = Request::from_parts(head, body);
        if is_multipart {
            let mut multipart = Multipart::from_request(req, shared)
                .await
                .map_err(|e| ApiError::bad_body(e.body_text()))?;
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
                out.parts.push(Part {
                    name,
                    file_name,
                    data,
                });
            }
        } else {
            out.body = axum::body::to_bytes(req.into_body(), limit)
                .await
                .map_err(|_| ApiError::too_large(limit))?;
        }
        Ok(out)
    }
}

fn method_filter(m: HttpMethod) -> MethodFilter {
    match m {
        HttpMethod::Get => MethodFilter::GET,
        HttpMethod::Post => MethodFilter::POST,
        HttpMethod::Put => MethodFilter::PUT,
        HttpMethod::Patch => MethodFilter::PATCH,
        HttpMethod::Delete => MethodFilter::DELETE,
    }
}

/// Extra paths HubSpot also serves a family under: (endpoint name prefix, from, to).
const ALIASES: &[(&str, &str, &str)] = &[(
    "schemas_",
    "/crm-object-schemas/v3/schemas",
    "/crm/v3/schemas",
)];

/// Every (path, method, endpoint name) the emulator serves, from the endpoint table.
pub(crate) fn served_routes(shared: &Shared) -> Vec<(String, HttpMethod, String)> {
    let mut out = Vec::new();
    for e in &shared.schema.endpoints.endpoints {
        for path in e.paths.values() {
            out.push((path.clone(), e.method, e.name.clone()));
            for (prefix, from, to) in ALIASES {
                if e.name.starts_with(prefix) && path.starts_with(from) {
                    out.push((path.replacen(from, to, 1), e.method, e.name.clone()));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
    out.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    out
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let mut by_path: BTreeMap<String, MethodRouter<Arc<Shared>>> = BTreeMap::new();
    for (path, method, name) in served_routes(&shared) {
        let handler = routes::handler(&name);
        let route = on(
            method_filter(method),
            move |State(s): State<Arc<Shared>>, req: Req| async move {
                match handler {
                    Some(h) => h(&s, &req).unwrap_or_else(IntoResponse::into_response),
                    None => ApiError::new(
                        StatusCode::NOT_IMPLEMENTED,
                        "NOT_IMPLEMENTED",
                        format!("the emulator does not serve {name} yet"),
                    )
                    .into_response(),
                }
            },
        );
        let entry = by_path
            .remove(&path)
            .map_or(route.clone(), |r| r.merge(route));
        by_path.insert(path, entry);
    }
    let mut router = Router::new();
    for (path, route) in by_path {
        router = router.route(&path, route);
    }
    router
        .fallback(|method: Method, uri: axum::http::Uri| async move {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "OBJECT_NOT_FOUND",
                format!("No route for {method} {}", uri.path()),
            )
        })
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

/// Faults, authentication and rate limits, in that order, and the rate-limit headers on
/// every response.
async fn gate(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let (delay, fault) = shared
        .faults
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .roll();
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let is_search = req.method() == Method::POST && req.uri().path().ends_with("/search");
    let mut response = if !authorised(req.headers(), &shared.config.token) {
        ApiError::unauthorized().into_response()
    } else if fault == Some(Fault::RateLimited) {
        ApiError::rate_limited("TEN_SECONDLY_ROLLING", "ten_secondly_rolling", 1).into_response()
    } else {
        let verdict = shared
            .limiter
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .admit(Instant::now(), is_search);
        match verdict {
            Verdict::Allowed { .. } => match fault {
                Some(Fault::ServerError(code)) => server_error(code),
                _ => next.run(req).await,
            },
            Verdict::TenSecondly { retry_after } => ApiError::rate_limited(
                "TEN_SECONDLY_ROLLING",
                "ten_secondly_rolling",
                retry_after.as_secs().max(1),
            )
            .into_response(),
            Verdict::Secondly { retry_after } => {
                ApiError::rate_limited("SECONDLY", "secondly", retry_after.as_secs().max(1))
                    .into_response()
            }
        }
    };
    add_rate_headers(&shared, response.headers_mut());
    match fault {
        Some(Fault::DropConnection) => drop_connection(response),
        Some(Fault::MalformedJson) => {
            *response.body_mut() = Body::from(r#"{"status": "COMPLETE", "results": [{"id": "#);
            response.headers_mut().remove("content-length");
            response
        }
        _ => response,
    }
}

fn authorised(headers: &HeaderMap, token: &str) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| t.trim() == token)
}

fn server_error(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    ApiError::new(
        status,
        "INTERNAL_ERROR",
        "Internal error (injected by the emulator)",
    )
    .into_response()
}

/// Sends the head, then fails the body: the client sees the connection break mid-response.
fn drop_connection(response: Response) -> Response {
    let (mut head, _) = response.into_parts();
    head.headers.remove("content-length");
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"{\"status\": \"COMPLETE\", \"res")),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection dropped (injected by the emulator)",
        )),
    ];
    Response::from_parts(head, Body::from_stream(futures_util::stream::iter(chunks)))
}

fn add_rate_headers(shared: &Shared, headers: &mut HeaderMap) {
    let mut limiter = shared.limiter.lock().unwrap_or_else(|e| e.into_inner());
    let remaining = limiter.remaining(Instant::now());
    let values = [
        ("x-hubspot-ratelimit-max", limiter.max().to_string()),
        ("x-hubspot-ratelimit-remaining", remaining.to_string()),
        (
            "x-hubspot-ratelimit-interval-milliseconds",
            limiter.window().as_millis().to_string(),
        ),
        ("x-hubspot-ratelimit-daily", limiter.daily_max.to_string()),
        (
            "x-hubspot-ratelimit-daily-remaining",
            limiter
                .daily_max
                .saturating_sub(limiter.daily_used)
                .to_string(),
        ),
    ];
    for (name, value) in values {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    }
}
