//! Every call is a `tracing` span naming its family, method, path template, status and
//! attempts; every attempt a span with its wait; and none of them carries the token, the
//! filled-in path or a value sent. A small recording subscriber stands in for a user's.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hubspot_crm::contacts;
use hubspot_crm::endpoints::Family;
use hubspot_crm::{Client, RetryPolicy};
use hubspot_crm_emulator::{Config, Emulator, Faults};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span or an event as recorded: its name and fields, as text.
#[derive(Debug, Clone, Default)]
struct Seen {
    name: String,
    fields: BTreeMap<String, String>,
}

impl Visit for Seen {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.fields
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields
            .insert(field.name().to_string(), value.to_string());
    }
}

#[derive(Default)]
struct Recorder {
    next: AtomicU64,
    spans: Mutex<BTreeMap<u64, Seen>>,
    events: Mutex<Vec<Seen>>,
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut seen = Seen {
            name: span.metadata().name().to_string(),
            ..Seen::default()
        };
        span.record(&mut seen);
        self.spans.lock().unwrap().insert(id, seen);
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some(seen) = self.spans.lock().unwrap().get_mut(&span.into_u64()) {
            values.record(seen);
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut seen = Seen {
            name: event.metadata().name().to_string(),
            ..Seen::default()
        };
        event.record(&mut seen);
        self.events.lock().unwrap().push(seen);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn calls_and_attempts_are_spans_without_secrets() {
    let email = "very-private-person@example.com";
    let emulator = Emulator::start(Config {
        faults: Faults {
            seed: 7,
            server_error: 0.4,
            ..Faults::default()
        },
        ..Config::default()
    })
    .await
    .expect("emulator");
    emulator
        .seed("contacts", [&[("email", email)][..]])
        .expect("seed");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .retry(RetryPolicy {
            max_attempts: 20,
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client");

    let recorder = Arc::new(Recorder::default());
    let guard = tracing::subscriber::set_default(recorder.clone());
    for _ in 0..6 {
        let found = client
            .contacts()
            .get_by(contacts::unique::EMAIL, email)
            .await
            .expect("read through the faults");
        assert_eq!(
            found.properties.email.get().map(String::as_str),
            Some(email)
        );
    }
    drop(guard);

    let spans: Vec<Seen> = recorder.spans.lock().unwrap().values().cloned().collect();
    let calls: Vec<&Seen> = spans
        .iter()
        .filter(|s| s.name == "hubspot_crm.call")
        .collect();
    assert_eq!(calls.len(), 6, "a span per call");
    let get = Family::ObjectsGet;
    for call in &calls {
        let f = &call.fields;
        assert_eq!(f["family"], get.name());
        assert_eq!(f["method"], "GET");
        assert_eq!(
            f["path"],
            get.path(client.core().api_version()),
            "the template"
        );
        assert_eq!(f["status"], "200");
        assert!(f["attempts"].parse::<u32>().is_ok_and(|n| n >= 1), "{f:?}");
    }
    assert!(
        calls.iter().any(|c| c.fields["attempts"] != "1"),
        "with 40% server errors some call was retried: {calls:?}"
    );
    let attempts: Vec<&Seen> = spans
        .iter()
        .filter(|s| s.name == "hubspot_crm.attempt")
        .collect();
    let total: u32 = calls
        .iter()
        .map(|c| c.fields["attempts"].parse::<u32>().unwrap_or(0))
        .sum();
    assert_eq!(attempts.len() as u32, total, "a span per attempt");
    assert!(attempts
        .iter()
        .any(|a| a.fields["attempt"] == "2" && a.fields.contains_key("wait_ms")));
    assert!(attempts
        .iter()
        .any(|a| a.fields.get("status").is_some_and(|s| s.starts_with('5'))));
    let events = recorder.events.lock().unwrap().clone();
    assert!(
        events
            .iter()
            .any(|e| e.fields.get("message").is_some_and(|m| m == "retrying")
                && e.fields.contains_key("wait_ms")),
        "each retry is an event with its wait: {events:?}"
    );

    let everything = format!("{spans:?} {events:?}");
    for secret in [emulator.token(), email, "very-private-person"] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked: {everything}"
        );
    }
}
