//! Retries against the emulator's injected faults: 429s always, 5xx and broken connections
//! only for idempotent calls, so nothing is lost and nothing is made twice.

use std::time::{Duration, Instant};

use hubspot_crm::contacts::{ContactId, ContactProperties};
use hubspot_crm::endpoints::Family;
use hubspot_crm::runtime::ClientBuilder;
use hubspot_crm::runtime::Error;
use hubspot_crm::Client;
use hubspot_crm::{GiveUpReason, RetryBudget, RetryPolicy};
use hubspot_crm_emulator::{Config, Emulator, Faults};

async fn with(config: Config, policy: RetryPolicy) -> (Emulator, Client, ContactId) {
    with_builder(config, |b| b.retry(policy)).await
}

/// An emulator with one contact, and a client made by `build` from a builder aimed at it.
async fn with_builder(
    config: Config,
    build: impl FnOnce(ClientBuilder<Client>) -> ClientBuilder<Client>,
) -> (Emulator, Client, ContactId) {
    let emulator = Emulator::start(config).await.expect("emulator");
    let ids = emulator
        .seed("contacts", [&[("email", "r@example.com")][..]])
        .expect("seed");
    let client = build(
        Client::builder()
            .token(emulator.token())
            .base_url(emulator.base_url()),
    )
    .build()
    .expect("client");
    (emulator, client, ContactId::new(ids[0].to_string()))
}

fn fast() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 12,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

fn faults(f: Faults) -> Config {
    Config {
        faults: f,
        ..Config::default()
    }
}

#[tokio::test]
async fn reads_survive_server_errors_and_dropped_connections() {
    let (emulator, client, id) = with(
        faults(Faults {
            seed: 3,
            server_error: 0.5,
            ..Faults::default()
        }),
        fast(),
    )
    .await;
    for _ in 0..10 {
        let record = client
            .contacts()
            .get(&id)
            .await
            .expect("retried until it succeeds");
        assert_eq!(record.id, id);
    }
    emulator.set_faults(Faults {
        seed: 4,
        drop_connection: 0.5,
        ..Faults::default()
    });
    for _ in 0..10 {
        client
            .contacts()
            .get(&id)
            .await
            .expect("retried after the connection broke");
    }
}

#[tokio::test]
async fn without_pacing_the_rate_limit_is_waited_out() {
    let config = Config {
        rate_limit: 3,
        rate_window: Duration::from_millis(300),
        ..Config::default()
    };
    let (emulator, client, id) = with_builder(config, |b| b.unpaced()).await;
    let started = Instant::now();
    for _ in 0..8 {
        client
            .contacts()
            .get(&id)
            .await
            .expect("429s are retried after Retry-After");
    }
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "it waited for the window"
    );
    assert!(
        emulator.stats().rate_limited > 0,
        "an unpaced client finds the limit by hitting it"
    );
}

#[tokio::test]
async fn a_create_is_not_retried_after_a_server_error() {
    let (emulator, client, _) = with(
        faults(Faults {
            server_error: 1.0,
            ..Faults::default()
        }),
        fast(),
    )
    .await;
    let props = ContactProperties {
        email: "new@example.com".into(),
        ..Default::default()
    };
    let err = client.contacts().create(props).await.expect_err("5xx");
    assert!(err.status().is_some_and(|s| s >= 500), "{err}");
    assert!(
        !err.is_retryable(),
        "the client did not retry the create, and the error says repeating it is not safe"
    );
    emulator.set_faults(Faults::default());
    let contacts = emulator.snapshot().types["contacts"].records.len();
    assert_eq!(
        contacts, 1,
        "only the seeded contact: nothing was sent twice"
    );
}

#[tokio::test]
async fn without_retries_errors_come_back_at_once_and_typed() {
    let config = Config {
        rate_limit: 1,
        rate_window: Duration::from_secs(10),
        ..Config::default()
    };
    let (_emulator, client, id) =
        with_builder(config, |b| b.retry(RetryPolicy::none()).unpaced()).await;
    client.contacts().get(&id).await.expect("first is allowed");
    let err = client
        .contacts()
        .get(&id)
        .await
        .expect_err("over the limit");
    let api = err.api().expect("HubSpot's 429");
    assert_eq!(api.status, 429);
    assert_eq!(api.policy_name.as_deref(), Some("TEN_SECONDLY_ROLLING"));
    assert!(api.retry_after.is_some_and(|d| d >= Duration::from_secs(1)));
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_with_the_body_not_a_panic() {
    let (_emulator, client, id) = with(
        faults(Faults {
            malformed_json: 1.0,
            ..Faults::default()
        }),
        RetryPolicy {
            max_attempts: 2,
            ..fast()
        },
    )
    .await;
    let err = client.contacts().get(&id).await.expect_err("malformed");
    match &err {
        Error::Decode { body, family, .. } => {
            let text = String::from_utf8_lossy(body);
            assert!(text.contains("\"results\""), "the raw body is kept: {text}");
            assert_eq!(*family, Family::ObjectsGet, "the error names the family");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn failing() -> Config {
    faults(Faults {
        server_error: 1.0,
        ..Faults::default()
    })
}

#[tokio::test]
async fn a_call_gives_up_before_its_deadline_would_pass() {
    let policy = RetryPolicy {
        max_attempts: 100,
        base_delay: Duration::from_millis(100),
        jitter: false,
        deadline: Some(Duration::from_millis(350)),
        ..RetryPolicy::default()
    };
    let (emulator, client, id) = with(failing(), policy).await;
    let started = Instant::now();
    let err = client.contacts().get(&id).await.expect_err("always 5xx");
    // Waits of 100 and 200 ms fit in 350 ms; the next, 400 ms, would not.
    assert_eq!(err.gave_up(), Some(GiveUpReason::Deadline), "{err}");
    assert!(matches!(err, Error::GaveUp { attempts: 3, .. }), "{err:?}");
    assert_eq!(emulator.stats().requests, 3);
    assert!(started.elapsed() < Duration::from_millis(350));
    assert!(
        err.status().is_some_and(|s| s >= 500),
        "the last failure: {err}"
    );
    assert!(err.to_string().contains("deadline"), "{err}");
}

#[tokio::test]
async fn a_failing_server_spends_the_retry_budget_then_calls_fail_at_once() {
    let policy = RetryPolicy {
        budget: RetryBudget {
            capacity: 10,
            retry_cost: 5,
            success_reward: 5,
            ..RetryBudget::default()
        },
        ..fast()
    };
    let (emulator, client, id) = with(failing(), policy).await;
    let err = client.contacts().get(&id).await.expect_err("5xx");
    assert_eq!(err.gave_up(), Some(GiveUpReason::RetryBudget), "{err}");
    assert_eq!(emulator.stats().requests, 3, "two retries of 5 tokens each");
    // A clone shares the empty budget: its call is not retried at all.
    let clone = client.clone();
    let err = clone.contacts().get(&id).await.expect_err("5xx");
    assert!(matches!(err, Error::GaveUp { attempts: 1, .. }), "{err:?}");
    assert_eq!(emulator.stats().requests, 4);
    // Successes earn tokens back, and retries resume.
    emulator.set_faults(Faults::default());
    client
        .contacts()
        .get(&id)
        .await
        .expect("the server is back");
    emulator.set_faults(Faults {
        server_error: 1.0,
        ..Faults::default()
    });
    let err = client.contacts().get(&id).await.expect_err("5xx");
    assert!(matches!(err, Error::GaveUp { attempts: 2, .. }), "{err:?}");
}
