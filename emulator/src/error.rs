//! HubSpot-shaped error responses: `{status: "error", message, correlationId, category, ...}`.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hubspot_crm_endpoints::RatePolicy;
use serde_json::{json, Map, Value};

/// One entry of an error's `errors` array.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDetail {
    /// What is wrong.
    pub message: String,
    /// HubSpot's code for it (`INVALID_DATE`, `PROPERTY_DOESNT_EXIST`, ...).
    pub code: Option<String>,
    /// Extra context, e.g. `{"propertyName": ["closedate"]}`.
    pub context: Option<Value>,
}

impl ErrorDetail {
    /// `{message, code?, context?}`.
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("message".into(), json!(self.message));
        if let Some(code) = &self.code {
            m.insert("code".into(), json!(code));
        }
        if let Some(ctx) = &self.context {
            m.insert("context".into(), ctx.clone());
        }
        Value::Object(m)
    }
}

/// An error response as HubSpot sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// `category` (`VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, ...).
    pub category: &'static str,
    /// `subCategory`, when HubSpot gives one.
    pub sub_category: Option<String>,
    /// `message`.
    pub message: String,
    /// `errors`.
    pub errors: Vec<ErrorDetail>,
    /// `context`.
    pub context: Option<Value>,
    /// Fields outside the standard shape (429 bodies: `errorType`, `policyName`, `groupName`).
    pub extra: Map<String, Value>,
    /// `Retry-After` seconds, for 429s.
    pub retry_after: Option<u64>,
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with no details.
    pub fn new(status: StatusCode, category: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            category,
            sub_category: None,
            message: message.into(),
            errors: Vec::new(),
            context: None,
            extra: Map::new(),
            retry_after: None,
        }
    }

    /// 400 `VALIDATION_ERROR`.
    pub fn validation(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", message)
    }

    /// 400 for a body that is not JSON or not of the expected shape.
    pub fn bad_body(problem: impl std::fmt::Display) -> Self {
        ApiError::validation(format!("Invalid input JSON: {problem}"))
    }

    /// 404 `OBJECT_NOT_FOUND`.
    pub fn not_found() -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "OBJECT_NOT_FOUND",
            "resource not found",
        )
    }

    /// 400 for an object type the emulator does not know.
    pub fn unknown_object_type(name: &str) -> Self {
        ApiError::validation(format!("Unable to infer object type from: {name}"))
    }

    /// 409 `CONFLICT` on a duplicate unique value, naming the record that has it.
    pub fn conflict(singular_label: &str, existing_id: u64) -> Self {
        let mut e = ApiError::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            format!("{singular_label} already exists. Existing ID: {existing_id}"),
        );
        e.context = Some(json!({ "existingId": [existing_id.to_string()] }));
        e
    }

    /// 401 `INVALID_AUTHENTICATION`.
    pub fn unauthorized() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_AUTHENTICATION",
            "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
        )
    }

    /// 413 for a body over the limit.
    pub fn too_large(limit: usize) -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "VALIDATION_ERROR",
            format!("Request body exceeds the limit of {limit} bytes"),
        )
    }

    /// 414 for a URL longer than HubSpot accepts.
    pub fn uri_too_long(length: usize, limit: usize) -> Self {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            "VALIDATION_ERROR",
            format!("The request URL is {length} characters long; the limit is {limit}"),
        )
    }

    /// 429 with HubSpot's rate-limit body naming `policy`, and a `Retry-After` in seconds
    /// when one is given.
    pub fn rate_limited(policy: RatePolicy, retry_after: Option<u64>) -> Self {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITS",
            format!(
                "You have reached your {} limit.",
                policy.name().to_lowercase()
            ),
        );
        e.extra.insert("errorType".into(), json!("RATE_LIMIT"));
        e.extra.insert("policyName".into(), json!(policy.name()));
        e.extra
            .insert("groupName".into(), json!("publicapi:private-app:emulator"));
        e.retry_after = retry_after;
        e
    }

    /// 400 listing invalid property values, as HubSpot words it.
    pub fn invalid_properties(errors: Vec<ErrorDetail>) -> Self {
        let summary: Vec<Value> = errors
            .iter()
            .map(|e| {
                json!({
                    "isValid": false,
                    "message": e.message,
                    "error": e.code,
                    "name": e.context.as_ref()
                        .and_then(|c| c.get("propertyName"))
                        .and_then(|n| n.get(0))
                        .cloned()
                        .unwrap_or(Value::Null),
                })
            })
            .collect();
        let mut e = ApiError::validation(format!(
            "Property values were not valid: {}",
            Value::Array(summary)
        ));
        e.errors = errors;
        e
    }

    /// The error as an entry of a batch answer's `errors` (a 207's), for the input whose
    /// `objectWriteTraceId` is `trace_id`: HubSpot's `StandardError` with the error's
    /// category, message and details, and its context plus `objectWriteTraceId`, which is
    /// how HubSpot's multi-status batch creates name the input that failed.
    pub fn batch_entry(&self, trace_id: &str) -> Value {
        let mut context = match &self.context {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        context.insert("objectWriteTraceId".into(), json!([trace_id]));
        let details: Vec<Value> = self.errors.iter().map(ErrorDetail::to_json).collect();
        json!({
            "status": "error",
            "category": self.category,
            "message": self.message,
            "context": context,
            "errors": details,
            "links": {},
        })
    }

    /// The JSON body.
    pub fn body(&self, correlation_id: &str) -> Value {
        let mut body = Map::new();
        body.insert("status".into(), json!("error"));
        body.insert("message".into(), json!(self.message));
        body.insert("correlationId".into(), json!(correlation_id));
        if self.extra.contains_key("errorType") {
            // 429 bodies carry errorType/policyName instead of a category.
            body.extend(self.extra.clone());
        } else {
            body.insert("category".into(), json!(self.category));
            body.extend(self.extra.clone());
        }
        if let Some(sub) = &self.sub_category {
            body.insert("subCategory".into(), json!(sub));
        }
        if !self.errors.is_empty() {
            let errors: Vec<Value> = self.errors.iter().map(ErrorDetail::to_json).collect();
            body.insert("errors".into(), Value::Array(errors));
        }
        if let Some(ctx) = &self.context {
            body.insert("context".into(), ctx.clone());
        }
        Value::Object(body)
    }
}

/// One entry of a batch answer's `errors` (a 207's): HubSpot's `StandardError`, with every
/// field its description requires: `status`, `category`, `message`, `context` (lists of
/// strings), `errors` and `links`. HubSpot describes the entry's own `subCategory` as an
/// object without fields and a detail's (`errors[].subCategory`) as a string, so a
/// sub-category is given as one detail carrying it, the entry's message and its context.
pub(crate) fn batch_error(
    category: &str,
    message: impl Into<String>,
    context: Value,
    sub_category: Option<&str>,
) -> Value {
    let message = message.into();
    let details: Vec<Value> = sub_category
        .map(|sub| json!({"message": message, "subCategory": sub, "context": context}))
        .into_iter()
        .collect();
    json!({
        "status": "error",
        "category": category,
        "message": message,
        "context": context,
        "errors": details,
        "links": {},
    })
}

/// A fresh correlation ID in UUID form.
pub fn correlation_id() -> String {
    let a = fastrand::u64(..);
    let b = fastrand::u64(..);
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.body(&correlation_id());
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert("retry-after", v);
            }
        }
        response
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.category,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}
