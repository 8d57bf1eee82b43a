//! What every request passes through: authentication, rate limits with HubSpot's headers and
//! 429 bodies, the body size limit, and each injected fault.

mod common;

use std::time::Duration;

use common::{assert_error, Api};
use hubspot_crm_emulator::{Config, Faults};
use serde_json::json;

#[tokio::test]
async fn a_wrong_token_is_401() {
    let api = Api::start().await;
    let r = api
        .http
        .get(api.url("/crm/v3/objects/contacts"))
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    assert_error(
        &common::reply(r).await,
        401,
        "INVALID_AUTHENTICATION",
        "Authentication",
    );
}

#[tokio::test]
async fn the_ten_second_bucket_limits_and_recovers() {
    let api = Api::with(Config {
        rate_limit: 3,
        rate_window: Duration::from_millis(300),
        ..Config::default()
    })
    .await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = api.get("/crm/v3/objects/contacts").await;
        assert_eq!(r.status, 200);
        assert_eq!(r.headers["x-hubspot-ratelimit-max"], "3");
        assert_eq!(
            r.headers["x-hubspot-ratelimit-interval-milliseconds"],
            "300"
        );
        assert!(r
            .headers
            .contains_key("x-hubspot-ratelimit-daily-remaining"));
        remaining.push(
            r.headers["x-hubspot-ratelimit-remaining"]
                .to_str()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let limited = api.get("/crm/v3/objects/contacts").await;
    assert_eq!(limited.status, 429, "{}", limited.text);
    assert_eq!(limited.body["errorType"], "RATE_LIMIT");
    assert_eq!(limited.body["policyName"], "TEN_SECONDLY_ROLLING");
    assert_eq!(limited.body["status"], "error");
    assert!(limited.body["correlationId"].is_string());
    assert!(limited.headers.contains_key("retry-after"));
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(
        api.get("/crm/v3/objects/contacts").await.status,
        200,
        "the window rolled"
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let api = Api::with(Config {
        body_limit: 1024,
        ..Config::default()
    })
    .await;
    let big = "x".repeat(2048);
    let r = api
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"firstname": big}}),
        )
        .await;
    assert_error(
        &r,
        413,
        "VALIDATION_ERROR",
        "exceeds the limit of 1024 bytes",
    );
    assert_eq!(
        api.emulator.snapshot().types["contacts"].records.len(),
        0,
        "nothing stored"
    );
}

#[tokio::test]
async fn urls_over_the_tables_limit_are_414() {
    let api = Api::start().await;
    let limit = hubspot_crm_endpoints::MAX_URL_CHARS;
    let base = api.url("/crm/v3/objects/contacts?properties=");
    let fits = format!("{base}{}", "a".repeat(limit - base.len()));
    let r = api.get(fits.trim_start_matches(&api.url(""))).await;
    assert_eq!(
        r.status, 200,
        "a URL of exactly the limit is served: {}",
        r.text
    );
    let over = format!("{base}{}", "a".repeat(limit - base.len() + 1));
    let r = api.get(over.trim_start_matches(&api.url(""))).await;
    assert_error(
        &r,
        414,
        "VALIDATION_ERROR",
        &format!("the limit is {limit}"),
    );
}

fn only(faults: Faults) -> Config {
    Config {
        faults,
        ..Config::default()
    }
}

#[tokio::test]
async fn injected_server_errors_and_429s() {
    let api = Api::with(only(Faults {
        server_error: 1.0,
        ..Faults::default()
    }))
    .await;
    let r = api.get("/crm/v3/objects/contacts").await;
    assert!(
        [500, 502, 503, 504].contains(&r.status.as_u16()),
        "{}",
        r.status
    );
    assert_eq!(r.body["status"], "error");

    let api = Api::with(only(Faults {
        rate_limited: 1.0,
        ..Faults::default()
    }))
    .await;
    let r = api.get("/crm/v3/objects/contacts").await;
    assert_eq!(r.status, 429);
    assert_eq!(r.body["policyName"], "TEN_SECONDLY_ROLLING");
}

#[tokio::test]
async fn injected_malformed_json_and_dropped_connections() {
    let api = Api::with(only(Faults {
        malformed_json: 1.0,
        ..Faults::default()
    }))
    .await;
    let r = api.get("/crm/v3/objects/contacts").await;
    assert_eq!(r.status, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&r.text).is_err(),
        "{}",
        r.text
    );

    let api = Api::with(only(Faults {
        drop_connection: 1.0,
        ..Faults::default()
    }))
    .await;
    let sent = api
        .http
        .get(api.url("/crm/v3/objects/contacts"))
        .bearer_auth("test-token")
        .send()
        .await;
    let body = match sent {
        Ok(response) => response.text().await.err(),
        Err(e) => Some(e),
    };
    assert!(body.is_some(), "the body must not arrive whole");
}

#[tokio::test]
async fn injected_slow_responses_and_changing_faults_at_run_time() {
    let api = Api::with(only(Faults {
        slow: 1.0,
        slow_delay: Duration::from_millis(150),
        ..Faults::default()
    }))
    .await;
    let started = std::time::Instant::now();
    assert_eq!(api.get("/crm/v3/objects/contacts").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));

    api.emulator.set_faults(Faults::default());
    let started = std::time::Instant::now();
    assert_eq!(api.get("/crm/v3/objects/contacts").await.status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(150),
        "faults switched off"
    );
}

#[tokio::test]
async fn a_seeded_fault_rate_replays_exactly() {
    async fn statuses(seed: u64) -> Vec<u16> {
        let api = Api::with(only(Faults {
            seed,
            server_error: 0.3,
            ..Faults::default()
        }))
        .await;
        let mut out = Vec::new();
        for _ in 0..30 {
            out.push(api.get("/crm/v3/objects/contacts").await.status.as_u16());
        }
        out
    }
    let a = statuses(42).await;
    assert_eq!(a, statuses(42).await);
    assert!(a.contains(&200) && a.iter().any(|s| *s >= 500), "{a:?}");
}

#[tokio::test]
async fn the_search_budget_is_spent_by_the_search_family_not_by_urls_or_other_posts() {
    let api = Api::with(Config {
        search_per_second: 1,
        ..Config::default()
    })
    .await;
    // A path that merely ends in /search is no search: it spends only the ten-second budget.
    let unrouted = api.post("/crm/v3/nothing/search", json!({})).await;
    assert_eq!(unrouted.status, 404, "{}", unrouted.text);
    let first = api.post("/crm/v3/objects/contacts/search", json!({})).await;
    assert_eq!(first.status, 200, "{}", first.text);
    // Nor do other POSTs spend the search budget.
    for _ in 0..2 {
        let read = api
            .post(
                "/crm/v3/objects/contacts/batch/read",
                json!({"inputs": [{"id": "1"}]}),
            )
            .await;
        assert_eq!(read.status, 207, "{}", read.text);
    }
    // The same family under another version's path shares the budget.
    let second = api
        .post("/crm/objects/2026-09/contacts/search", json!({}))
        .await;
    assert_eq!(second.status, 429, "{}", second.text);
    assert_eq!(second.body["policyName"], "SECONDLY");
    assert!(second.headers.contains_key("x-hubspot-ratelimit-remaining"));
    assert!(second.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn past_the_daily_limit_every_request_is_a_daily_429_without_retry_after() {
    let api = Api::with(Config {
        daily_limit: 2,
        ..Config::default()
    })
    .await;
    for left in ["1", "0"] {
        let r = api.get("/crm/v3/objects/contacts").await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.headers["x-hubspot-ratelimit-daily"], "2");
        assert_eq!(r.headers["x-hubspot-ratelimit-daily-remaining"], left);
    }
    for path in ["/crm/v3/objects/contacts", "/crm/v3/objects/companies"] {
        let r = api.get(path).await;
        assert_eq!(r.status, 429, "{}", r.text);
        assert_eq!(r.body["policyName"], "DAILY");
        assert_eq!(r.body["errorType"], "RATE_LIMIT");
        assert_eq!(r.body["message"], "You have reached your daily limit.");
        assert!(
            !r.headers.contains_key("retry-after"),
            "no wait helps before the day ends"
        );
        assert_eq!(r.headers["x-hubspot-ratelimit-daily-remaining"], "0");
    }
    let stats = api.emulator.stats();
    assert_eq!((stats.requests, stats.rate_limited), (4, 2));
    assert_eq!(stats.refused.daily, 2);
}

#[tokio::test]
async fn stats_count_requests_and_429s_by_the_limit_hit() {
    let api = Api::with(Config {
        rate_limit: 2,
        search_per_second: 1,
        ..Config::default()
    })
    .await;
    assert_eq!(api.emulator.stats(), Default::default());
    let unauthorised = api
        .http
        .get(api.url("/crm/v3/objects/contacts"))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorised.status(), 401);
    assert_eq!(
        api.post("/crm/v3/objects/contacts/search", json!({}))
            .await
            .status,
        200
    );
    assert_eq!(
        api.post("/crm/v3/objects/contacts/search", json!({}))
            .await
            .status,
        429
    );
    assert_eq!(api.get("/crm/v3/objects/contacts").await.status, 200);
    assert_eq!(api.get("/crm/v3/objects/contacts").await.status, 429);
    api.emulator.set_faults(Faults {
        rate_limited: 1.0,
        ..Faults::default()
    });
    assert_eq!(api.get("/crm/v3/objects/contacts").await.status, 429);
    let stats = api.emulator.stats();
    assert_eq!(stats.requests, 6, "{stats:?}");
    assert_eq!(stats.rate_limited, 3, "the injected 429 too: {stats:?}");
    assert_eq!(
        (
            stats.refused.window,
            stats.refused.search,
            stats.refused.daily
        ),
        (1, 1, 0),
        "the injected 429 spent no budget"
    );
}
