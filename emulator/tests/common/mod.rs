//! A running emulator and a plain HTTP client for the HTTP-level tests. Tests talk HTTP over
//! loopback with reqwest and JSON, not through the generated client.

#![allow(dead_code)] // each test file uses a different part of this

use hubspot_crm_emulator::{Config, Emulator};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// An emulator with a client that carries its token.
pub struct Api {
    pub emulator: Emulator,
    pub http: reqwest::Client,
}

/// What a request returned.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Api {
    pub async fn start() -> Api {
        Api::with(Config::default()).await
    }

    pub async fn with(config: Config) -> Api {
        let emulator = Emulator::start(config).await.expect("emulator starts");
        Api {
            emulator,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.base_url())
    }

    /// Sends `method path` with `body` (JSON unless `None`) and the right token.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(self.emulator.token());
        if let Some(b) = body {
            req = req.json(&b);
        }
        reply(req.send().await.expect("request is answered")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Option<Value>) -> Reply {
        self.send(Method::PUT, path, body).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }

    /// Creates a record through the API and returns its ID.
    pub async fn create(&self, object: &str, properties: Value) -> String {
        let r = self
            .post(
                &format!("/crm/v3/objects/{object}"),
                serde_json::json!({ "properties": properties }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        r.body["id"].as_str().expect("id is a string").to_string()
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
        text,
    }
}

/// Asserts a HubSpot error body: status, category and a message fragment.
pub fn assert_error(reply: &Reply, status: u16, category: &str, message: &str) {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
    assert_eq!(reply.body["status"], "error", "{}", reply.text);
    assert_eq!(reply.body["category"], category, "{}", reply.text);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains(message),
        "message should contain {message:?}: {}",
        reply.text
    );
    assert!(
        reply.body["correlationId"]
            .as_str()
            .is_some_and(|c| c.len() == 36),
        "{}",
        reply.text
    );
}

/// Asserts that every entry of a 207's `errors` has the shape HubSpot describes for a batch
/// error (`StandardError`): the required `status`, `category`, `message` (strings), `context`
/// (lists of strings), `errors` (details, each with a `message`, its `subCategory` a string)
/// and `links` (strings), and no `subCategory` that is not an object.
pub fn assert_standard_errors(reply: &Reply) {
    assert_eq!(reply.status.as_u16(), 207, "{}", reply.text);
    let errors = reply.body["errors"].as_array().expect("errors");
    assert!(!errors.is_empty(), "{}", reply.text);
    assert_eq!(reply.body["numErrors"], errors.len(), "{}", reply.text);
    for e in errors {
        for key in ["status", "category", "message"] {
            assert!(e[key].is_string(), "{key} of {e}");
        }
        let context = e["context"]
            .as_object()
            .unwrap_or_else(|| panic!("context of {e}"));
        for (key, values) in context {
            let values = values.as_array().unwrap_or_else(|| panic!("{key} of {e}"));
            assert!(values.iter().all(Value::is_string), "{key} of {e}");
        }
        let details = e["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("errors of {e}"));
        for d in details {
            assert!(d["message"].is_string(), "{d}");
            assert!(d.get("subCategory").is_none_or(Value::is_string), "{d}");
        }
        let links = e["links"]
            .as_object()
            .unwrap_or_else(|| panic!("links of {e}"));
        assert!(links.values().all(Value::is_string), "{e}");
        assert!(e.get("subCategory").is_none_or(Value::is_object), "{e}");
    }
}
