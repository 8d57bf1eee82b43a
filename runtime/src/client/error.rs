//! Errors of the client: HubSpot's error responses, typed, and everything else that can go
//! wrong between a call and its decoded result.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;

use crate::endpoints::{Family, RatePolicy};
use crate::vocab::HttpMethod;

use super::retry::GiveUpReason;

/// Most characters of a response body kept in a [`Error::Decode`].
pub const BODY_EXCERPT: usize = 512;

/// What went wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// HubSpot answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// HubSpot's daily request limit is spent: a 429 naming the daily policy
    /// ([`RatePolicy::Daily`]). Never retried: nothing helps until the day ends (midnight in
    /// the account's time zone).
    #[error("the account's daily request limit is spent: {0}")]
    DailyLimit(Box<ApiError>),
    /// The client stopped retrying a call that failed in a way worth retrying: it says why
    /// (the attempts allowed were made, the deadline would pass, the client's retry budget is
    /// spent) and keeps the last failure, which [`Error::api`], [`Error::status`] and
    /// [`Error::family`] look through to.
    #[error("gave up after {attempts} attempt(s) in {:.1} s: {reason}; the last failure: {last}", elapsed.as_secs_f64())]
    GaveUp {
        /// Attempts made.
        attempts: u32,
        /// Time from the first attempt to giving up.
        elapsed: Duration,
        /// Why no further attempt was made.
        reason: GiveUpReason,
        /// The last attempt's failure.
        #[source]
        last: Box<Error>,
    },
    /// The request did not get an answer (connection, TLS, timeout).
    #[error("{} {path} ({family}): {source}", family.spec().method)]
    Transport {
        /// The family called.
        family: Family,
        /// The path called.
        path: String,
        /// The cause.
        #[source]
        source: reqwest::Error,
    },
    /// A success answer whose body is not what the family returns.
    #[error("{} {path} ({family}): cannot decode the response ({message}); body: {}", family.spec().method, excerpt(body))]
    Decode {
        /// The family called.
        family: Family,
        /// The path called.
        path: String,
        /// What did not fit.
        message: String,
        /// The body as received; `Display` shows its first [`BODY_EXCERPT`] characters.
        body: Bytes,
    },
    /// The client was configured wrongly (missing token, bad base URL, ...).
    #[error("client configuration: {0}")]
    Config(String),
    /// A request the client refuses to send (e.g. a filter over HubSpot's limits).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// The HubSpot error, if HubSpot answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::DailyLimit(e) => Some(e),
            Error::GaveUp { last, .. } => last.api(),
            _ => None,
        }
    }

    /// Why retrying stopped, when the client gave up on a call it could have retried.
    pub fn gave_up(&self) -> Option<GiveUpReason> {
        match self {
            Error::GaveUp { reason, .. } => Some(*reason),
            _ => None,
        }
    }

    /// The HTTP status of a HubSpot error.
    pub fn status(&self) -> Option<u16> {
        self.api().map(|e| e.status)
    }

    /// For a 409 on a duplicate unique value: the ID of the record that already has it.
    pub fn existing_id(&self) -> Option<&str> {
        self.api().and_then(ApiError::existing_id)
    }

    /// The endpoint family of the call that failed, when one was sent.
    pub fn family(&self) -> Option<Family> {
        match self {
            Error::Api(e) | Error::DailyLimit(e) => Some(e.family),
            Error::GaveUp { last, .. } => last.family(),
            Error::Transport { family, .. } | Error::Decode { family, .. } => Some(*family),
            Error::Config(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// Whether sending the same request again is safe and may succeed; the client retries
    /// exactly these. A 429 is (HubSpot did not process the request), unless it names the
    /// daily limit ([`Error::DailyLimit`]): nothing helps until the day ends. A server error,
    /// a broken connection or a body cut in transit may come after HubSpot processed the
    /// request, so they are retryable only for families the table marks idempotent: repeating
    /// a create could make a second record. For [`Error::GaveUp`], the last failure's answer.
    pub fn is_retryable(&self) -> bool {
        let idempotent = || self.family().is_some_and(|f| f.spec().idempotent);
        match self {
            Error::GaveUp { last, .. } => last.is_retryable(),
            Error::DailyLimit(_) => false,
            Error::Api(e) if e.status == 429 => e.rate_policy() != Some(RatePolicy::Daily),
            Error::Api(e) if e.status >= 500 => idempotent(),
            Error::Transport { .. } | Error::Decode { .. } => idempotent(),
            _ => false,
        }
    }
}

/// An entry of a HubSpot error's `errors` list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ErrorDetail {
    /// What is wrong.
    #[serde(default)]
    pub message: String,
    /// HubSpot's code (`INVALID_DATE`, ...).
    #[serde(default)]
    pub code: Option<String>,
    /// Where (`in`), when given.
    #[serde(default, rename = "in")]
    pub location: Option<String>,
    /// A more specific category (`subCategory`, a string in HubSpot's description).
    #[serde(default, rename = "subCategory", deserialize_with = "sub_category")]
    pub sub_category: Option<String>,
    /// Extra context.
    #[serde(default)]
    pub context: Option<Value>,
}

/// A `subCategory` as HubSpot sends it: a string (in error bodies and error details), or, as
/// HubSpot describes a batch error entry's own, an object; a non-empty object is kept as its
/// JSON text, an empty one or null is none.
fn sub_category<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Null => None,
        Value::Object(m) if m.is_empty() => None,
        other => Some(other.to_string()),
    })
}

/// The sub-categories a batch answer's error entry names: its own `subCategory` when it is a
/// string, and each of its details' (`errors[].subCategory`, where HubSpot's description puts
/// a string; its description of the entry's own is an object).
pub(crate) fn sub_categories(entry: &Value) -> impl Iterator<Item = &str> {
    let own = entry.get("subCategory").and_then(Value::as_str);
    let details = entry
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| d.get("subCategory").and_then(Value::as_str));
    own.into_iter().chain(details)
}

/// A HubSpot error response, every field optional as HubSpot does not always send them.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// `category` (`VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, `CONFLICT`, ...).
    pub category: Option<String>,
    /// `subCategory`: the error's own when HubSpot sends one (a string in error bodies; a
    /// batch error entry's, which HubSpot describes as an object, as its JSON text), else the
    /// first of its details' (`errors[].subCategory`).
    pub sub_category: Option<String>,
    /// `message`.
    pub message: String,
    /// `correlationId`: quote it to HubSpot support.
    pub correlation_id: Option<String>,
    /// `errors`.
    pub errors: Vec<ErrorDetail>,
    /// `context`.
    pub context: Option<Value>,
    /// 429s: `policyName`, as HubSpot sent it; [`ApiError::rate_policy`] reads it.
    pub policy_name: Option<String>,
    /// 429s: the `Retry-After` header.
    pub retry_after: Option<Duration>,
    /// The endpoint family of the request.
    pub family: Family,
    /// The path of the request.
    pub path: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    correlation_id: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default, deserialize_with = "sub_category")]
    sub_category: Option<String>,
    #[serde(default)]
    errors: Vec<ErrorDetail>,
    #[serde(default)]
    context: Option<Value>,
    #[serde(default)]
    policy_name: Option<String>,
}

impl ApiError {
    /// Builds the error from a response's parts; a body that is not HubSpot's error shape
    /// becomes the message, cut to [`BODY_EXCERPT`] characters.
    pub fn from_response(
        status: u16,
        body: &[u8],
        retry_after: Option<Duration>,
        family: Family,
        path: String,
    ) -> Self {
        let parsed: Option<Body> = serde_json::from_slice(body).ok();
        match parsed {
            Some(b) => ApiError {
                status,
                category: b.category,
                sub_category: b
                    .sub_category
                    .or_else(|| b.errors.iter().find_map(|d| d.sub_category.clone())),
                message: b.message.unwrap_or_default(),
                correlation_id: b.correlation_id,
                errors: b.errors,
                context: b.context,
                policy_name: b.policy_name,
                retry_after,
                family,
                path,
            },
            None => ApiError {
                status,
                category: None,
                sub_category: None,
                message: excerpt(body),
                correlation_id: None,
                errors: Vec::new(),
                context: None,
                policy_name: None,
                retry_after,
                family,
                path,
            },
        }
    }

    /// For a 429: the limit HubSpot says was hit (`policyName`), when it names one the
    /// endpoint table knows.
    pub fn rate_policy(&self) -> Option<RatePolicy> {
        self.policy_name.as_deref().and_then(RatePolicy::from_name)
    }

    /// The HTTP method of the request.
    pub fn method(&self) -> HttpMethod {
        self.family.spec().method
    }

    /// For a 409 on a duplicate unique value: the existing record's ID, from
    /// `context.existingId` or the message (`Contact already exists. Existing ID: 12345`).
    pub fn existing_id(&self) -> Option<&str> {
        if self.status != 409 {
            return None;
        }
        let from_context = self
            .context
            .as_ref()
            .and_then(|c| c.get("existingId"))
            .and_then(|v| v.get(0).or(Some(v)))
            .and_then(Value::as_str);
        from_context.or_else(|| {
            let (_, rest) = self.message.split_once("Existing ID: ")?;
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            (end > 0).then(|| &rest[..end])
        })
    }

    /// The properties the error names, in order, each once: its details'
    /// `context.propertyName`, its own `context.propertyName`, and the `name` of each entry
    /// of the list HubSpot embeds in a validation message (`Property values were not valid:
    /// [{"isValid":false,"message":"...","error":"INVALID_OPTION","name":"lifecyclestage"}]`,
    /// the shape HubSpot's changelog shows for property validation errors).
    ///
    /// ```
    /// # use hubspot_crm_runtime::{ApiError, Family};
    /// let body = br#"{"status":"error","category":"VALIDATION_ERROR",
    ///   "message":"Property values were not valid: [{\"isValid\":false,\"error\":\"INVALID_OPTION\",\"name\":\"lifecyclestage\"}]"}"#;
    /// let e = ApiError::from_response(400, body, None, Family::ObjectsBatchUpsert, "/p".into());
    /// assert_eq!(e.property_names(), ["lifecyclestage"]);
    /// ```
    pub fn property_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let mut add = |name: &str| {
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        };
        let contexts = self
            .errors
            .iter()
            .filter_map(|d| d.context.as_ref())
            .chain(self.context.as_ref());
        for context in contexts {
            match context.get("propertyName") {
                Some(Value::String(s)) => add(s),
                Some(Value::Array(list)) => {
                    list.iter().filter_map(Value::as_str).for_each(&mut add)
                }
                _ => {}
            }
        }
        if let Some(start) = self.message.find("[{") {
            let mut entries = serde_json::Deserializer::from_str(&self.message[start..])
                .into_iter::<Vec<Value>>();
            if let Some(Ok(list)) = entries.next() {
                list.iter()
                    .filter_map(|e| e.get("name").and_then(Value::as_str))
                    .for_each(&mut add);
            }
        }
        names
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} -> {}", self.method(), self.path, self.status)?;
        if let Some(c) = &self.category {
            write!(f, " {c}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.correlation_id {
            write!(f, " (correlation ID {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// At most [`BODY_EXCERPT`] characters of a body, lossily decoded.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(BODY_EXCERPT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflict_exposes_the_existing_id() {
        let body = br#"{"status":"error","message":"Contact already exists. Existing ID: 12345","correlationId":"c-1","category":"CONFLICT"}"#;
        let e = ApiError::from_response(
            409,
            body,
            None,
            Family::ObjectsCreate,
            "/crm/v3/objects/contacts".into(),
        );
        assert_eq!(e.existing_id(), Some("12345"));
        assert_eq!(e.category.as_deref(), Some("CONFLICT"));
        assert!(e.to_string().contains("correlation ID c-1"), "{e}");
        let ctx = br#"{"message":"x","context":{"existingId":["77"]}}"#;
        let e = ApiError::from_response(409, ctx, None, Family::ObjectsCreate, "/p".into());
        assert_eq!(e.existing_id(), Some("77"));
        let not_conflict =
            ApiError::from_response(400, body, None, Family::ObjectsCreate, "/p".into());
        assert_eq!(not_conflict.existing_id(), None);
    }

    #[test]
    fn the_properties_an_error_names_come_from_its_details_context_and_message() {
        let family = Family::ObjectsBatchCreate;
        // HubSpot's changelog shape: the properties only in the message's list.
        let changelog = br#"{"status":"error","category":"VALIDATION_ERROR","correlationId":"c",
            "message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Enter only letters\",\"error\":\"INVALID_ALPHA\",\"name\":\"firstname\"},{\"isValid\":false,\"message\":\"Enter only letters\",\"error\":\"INVALID_ALPHA\",\"name\":\"lastname\"}]"}"#;
        let e = ApiError::from_response(400, changelog, None, family, "/p".into());
        assert_eq!(e.property_names(), ["firstname", "lastname"]);
        // Details naming them too (as the emulator sends), and a context: each name once.
        let detailed = serde_json::json!({
            "message": "Property values were not valid: [{\"name\":\"phone\"}]",
            "errors": [{"message": "bad", "context": {"propertyName": ["phone"]}},
                       {"message": "bad", "context": {"propertyName": "email"}}],
            "context": {"propertyName": ["zip"]},
        });
        let body = detailed.to_string();
        let e = ApiError::from_response(400, body.as_bytes(), None, family, "/p".into());
        assert_eq!(e.property_names(), ["phone", "email", "zip"]);
        // Nothing to find, or a message that only looks like a list: none, no panic.
        for message in [
            "Duplicate IDs found in batch input: [a@x.example]",
            "oops [{",
            "",
        ] {
            let body = serde_json::json!({ "message": message }).to_string();
            let e = ApiError::from_response(400, body.as_bytes(), None, family, "/p".into());
            assert!(e.property_names().is_empty(), "{message}");
        }
    }

    #[test]
    fn a_batch_error_entry_reads_in_the_shape_hubspot_describes_and_the_one_it_sends() {
        let family = Family::AssociationsBatchRead;
        // As HubSpot describes `StandardError`: `subCategory` an object, details with strings.
        let described = serde_json::json!({
            "status": "error", "category": "OBJECT_NOT_FOUND", "subCategory": {},
            "message": "No company is associated with contact 7.",
            "context": {"fromObjectId": ["7"]}, "links": {},
            "errors": [{"message": "No company is associated with contact 7.",
                        "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND"}],
        });
        // As HubSpot's error bodies spell it: `subCategory` a string, no details.
        let sent = serde_json::json!({
            "status": "error", "category": "OBJECT_NOT_FOUND",
            "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
            "message": "No company is associated with contact 7.",
            "context": {"fromObjectId": ["7"]},
        });
        for entry in [&described, &sent] {
            let e = ApiError::from_response(
                207,
                entry.to_string().as_bytes(),
                None,
                family,
                "/p".into(),
            );
            assert_eq!(e.category.as_deref(), Some("OBJECT_NOT_FOUND"), "{entry}");
            assert_eq!(e.message, "No company is associated with contact 7.");
            assert_eq!(
                e.sub_category.as_deref(),
                Some("crm.associations.NO_ASSOCIATIONS_FOUND"),
                "{entry}"
            );
            assert_eq!(
                sub_categories(entry).collect::<Vec<_>>(),
                ["crm.associations.NO_ASSOCIATIONS_FOUND"]
            );
        }
        // An object with fields is kept as its text rather than failing the whole body.
        let odd = br#"{"message": "m", "category": "C", "subCategory": {"name": "X"}}"#;
        let e = ApiError::from_response(207, odd, None, family, "/p".into());
        assert_eq!(e.category.as_deref(), Some("C"));
        assert_eq!(e.sub_category.as_deref(), Some(r#"{"name":"X"}"#));
    }

    #[test]
    fn a_rate_limit_exposes_policy_and_retry() {
        let body = br#"{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","policyName":"SECONDLY"}"#;
        let e = ApiError::from_response(
            429,
            body,
            Some(Duration::from_secs(1)),
            Family::ObjectsCreate,
            "/s".into(),
        );
        assert_eq!(e.policy_name.as_deref(), Some("SECONDLY"));
        assert_eq!(e.retry_after, Some(Duration::from_secs(1)));
        assert!(
            Error::Api(Box::new(e)).is_retryable(),
            "even a create: nothing happened"
        );
    }

    #[test]
    fn a_daily_limit_names_its_policy_and_is_not_retryable() {
        let body = format!(
            r#"{{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"{}"}}"#,
            RatePolicy::Daily.name()
        );
        let api = ApiError::from_response(
            429,
            body.as_bytes(),
            None,
            Family::ObjectsBatchUpsert,
            "/p".into(),
        );
        assert_eq!(api.rate_policy(), Some(RatePolicy::Daily));
        assert!(
            !Error::Api(Box::new(api.clone())).is_retryable(),
            "not even an idempotent upsert"
        );
        let e = Error::DailyLimit(Box::new(api));
        assert!(!e.is_retryable());
        assert_eq!(e.status(), Some(429));
        assert_eq!(e.family(), Some(Family::ObjectsBatchUpsert));
        assert!(
            e.to_string()
                .starts_with("the account's daily request limit is spent: POST /p -> 429"),
            "{e}"
        );
    }

    #[test]
    fn giving_up_says_why_and_looks_through_to_the_last_failure() {
        let last = Error::Api(Box::new(ApiError::from_response(
            503,
            br#"{"message":"down","category":"INTERNAL_ERROR"}"#,
            None,
            Family::ObjectsGet,
            "/p".into(),
        )));
        let e = Error::GaveUp {
            attempts: 3,
            elapsed: Duration::from_millis(1500),
            reason: GiveUpReason::RetryBudget,
            last: Box::new(last),
        };
        assert_eq!(e.gave_up(), Some(GiveUpReason::RetryBudget));
        assert_eq!(e.status(), Some(503));
        assert_eq!(e.family(), Some(Family::ObjectsGet));
        assert!(
            e.is_retryable(),
            "the request itself is still safe to repeat"
        );
        let text = e.to_string();
        assert!(
            text.starts_with(
                "gave up after 3 attempt(s) in 1.5 s: the client's retry budget is spent"
            ),
            "{text}"
        );
        assert!(
            text.contains("GET /p -> 503 INTERNAL_ERROR: down"),
            "{text}"
        );
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn server_errors_are_retryable_only_where_the_table_says_repeating_is_safe() {
        let server_error = |family| {
            Error::Api(Box::new(ApiError::from_response(
                503,
                b"",
                None,
                family,
                "/p".into(),
            )))
        };
        assert!(server_error(Family::ObjectsBatchUpsert).is_retryable());
        assert!(server_error(Family::ObjectsGet).is_retryable());
        assert!(!server_error(Family::ObjectsCreate).is_retryable());
        assert!(!server_error(Family::ObjectsMerge).is_retryable());
        let cut = |family| Error::Decode {
            family,
            path: "/p".into(),
            message: "EOF".into(),
            body: Bytes::from_static(b"{\"res"),
        };
        assert!(cut(Family::ObjectsList).is_retryable());
        assert!(!cut(Family::ObjectsBatchCreate).is_retryable());
        assert!(!Error::InvalidRequest("x".into()).is_retryable());
    }

    #[test]
    fn a_decode_error_names_method_path_and_family_and_keeps_the_body() {
        let body = Bytes::from("x".repeat(2000));
        let e = Error::Decode {
            family: Family::ObjectsGet,
            path: "/crm/v3/objects/0-1/7".into(),
            message: "expected value".into(),
            body: body.clone(),
        };
        let text = e.to_string();
        assert!(
            text.starts_with("GET /crm/v3/objects/0-1/7 (objects_get): cannot decode"),
            "{text}"
        );
        assert!(text.len() < 700, "the body is cut in the message");
        match e {
            Error::Decode { body: kept, .. } => assert_eq!(kept, body, "whole in the error"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_body_that_is_not_json_is_kept_cut_short() {
        let body = "x".repeat(2000);
        let e =
            ApiError::from_response(502, body.as_bytes(), None, Family::ObjectsGet, "/p".into());
        assert_eq!(
            e.message.chars().count(),
            BODY_EXCERPT + 1,
            "cut, with an ellipsis"
        );
        let e = ApiError::from_response(500, b"", None, Family::ObjectsGet, "/p".into());
        assert_eq!(e.message, "");
    }
}
