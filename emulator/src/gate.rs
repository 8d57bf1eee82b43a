//! The gate every request passes before it is routed: injected faults, the URL length limit
//! (the endpoint table's `max_url_chars`, answered with a 414) and authentication, and
//! HubSpot's rate-limit headers on every response, whatever answered it; it counts requests
//! and 429s for [`Emulator::stats`](crate::Emulator::stats).
//!
//! Rate limits themselves are applied after routing (`router`), because which budget a
//! request spends depends on its endpoint family. A request the gate answers (401, or an
//! injected 429 or 5xx) never reaches the router, so it spends no budget.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hubspot_crm_endpoints::{rate_headers, RatePolicy, MAX_URL_CHARS};

use crate::error::ApiError;
use crate::limits::Fault;
use crate::Shared;

/// Faults and authentication, in that order, then the router; the rate-limit headers on
/// every response.
pub(crate) async fn gate(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let (delay, fault) = shared
        .faults
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .roll();
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let url_length = url_length(&req);
    let mut response = if url_length > MAX_URL_CHARS {
        ApiError::uri_too_long(url_length, MAX_URL_CHARS).into_response()
    } else if !authorised(req.headers(), &shared.config.token) {
        ApiError::unauthorized().into_response()
    } else {
        match fault {
            Some(Fault::RateLimited) => {
                ApiError::rate_limited(RatePolicy::TenSecondly, Some(1)).into_response()
            }
            Some(Fault::ServerError(code)) => server_error(code),
            _ => next.run(req).await,
        }
    };
    add_rate_headers(&shared, response.headers_mut());
    shared.counters.requests.fetch_add(1, Ordering::Relaxed);
    if response.status() == StatusCode::TOO_MANY_REQUESTS {
        shared.counters.rate_limited.fetch_add(1, Ordering::Relaxed);
    }
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

/// The length of the URL the client sent: scheme, host, path and query, as encoded.
fn url_length(req: &Request) -> usize {
    let host = req.headers().get("host").map_or(0, |h| h.as_bytes().len());
    let path = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    "http://".len() + host + path
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
        (rate_headers::MAX, limiter.max().to_string()),
        (rate_headers::REMAINING, remaining.to_string()),
        (
            rate_headers::INTERVAL_MILLISECONDS,
            limiter.window().as_millis().to_string(),
        ),
        (rate_headers::DAILY, limiter.daily_max.to_string()),
        (
            rate_headers::DAILY_REMAINING,
            limiter
                .daily_max
                .saturating_sub(limiter.daily_used)
                .to_string(),
        ),
    ];
    for (name, value) in values {
        // The table's names are checked to be header names when it loads.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            headers.insert(name, value);
        }
    }
}
