//! The client's rate limiter against the emulator's budgets: bulk work through many clones
//! meets no 429, the budget HubSpot reports replaces a wrong setting, search keeps to its own
//! budget, another client on the same account slows this one down instead of making HubSpot
//! refuse it, and a spent daily limit is a typed error at once.

use std::time::Duration;

use futures_util::future::join_all;
use hubspot_crm::contacts::{self, ContactId, ContactProperties};
use hubspot_crm::endpoints::RateTier;
use hubspot_crm::runtime::ClientBuilder;
use hubspot_crm::{Client, Error, RateLimit};
use hubspot_crm_emulator::{Config, Emulator};

async fn emulator(config: Config) -> (Emulator, ContactId) {
    let emulator = Emulator::start(config).await.expect("emulator");
    let ids = emulator
        .seed("contacts", [&[("email", "p@example.com")][..]])
        .expect("seed");
    (emulator, ContactId::new(ids[0].to_string()))
}

fn builder(emulator: &Emulator) -> ClientBuilder<Client> {
    Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
}

/// `tasks` tasks, each on its own clone of `client`, each making `each` reads.
async fn read_concurrently(client: &Client, id: &ContactId, tasks: usize, each: usize) {
    let work = (0..tasks).map(|_| {
        let client = client.clone();
        let id = id.clone();
        async move {
            for _ in 0..each {
                let record = client.contacts().get(&id).await.expect("read");
                assert_eq!(record.id, id);
            }
        }
    });
    join_all(work).await;
}

#[tokio::test]
async fn clones_share_one_budget_and_meet_no_429() {
    let (emulator, id) = emulator(Config {
        rate_limit: 12,
        rate_window: Duration::from_millis(400),
        ..Config::default()
    })
    .await;
    let client = builder(&emulator)
        .rate_limit(RateLimit::custom(12, Duration::from_millis(400)))
        .build()
        .expect("client");
    read_concurrently(&client, &id, 16, 4).await;
    let stats = emulator.stats();
    assert_eq!(stats.requests, 64, "every read made once");
    assert_eq!(stats.rate_limited, 0, "no 429: {stats:?}");
    let status = client.core().rate_limits();
    assert!(status.paced);
    assert_eq!((status.requests, status.window.as_millis()), (12, 400));
    assert_eq!(
        status.reported.and_then(|r| r.max),
        Some(12),
        "the emulator's report was read"
    );
}

#[tokio::test]
async fn the_budget_hubspot_reports_replaces_a_wrong_setting() {
    let (emulator, id) = emulator(Config {
        rate_limit: 6,
        rate_window: Duration::from_millis(300),
        ..Config::default()
    })
    .await;
    // Set up for the largest tier; the account has far less.
    let client = builder(&emulator)
        .rate_limit(RateTier::CapacityPack)
        .build()
        .expect("client");
    assert_eq!(
        client.core().rate_limits().requests,
        RateTier::CapacityPack.per_window()
    );
    client.contacts().get(&id).await.expect("first read");
    let learned = client.core().rate_limits();
    assert_eq!(
        (learned.requests, learned.window),
        (6, Duration::from_millis(300))
    );
    read_concurrently(&client, &id, 8, 5).await;
    assert_eq!(emulator.stats().rate_limited, 0, "{:?}", emulator.stats());
}

#[tokio::test]
async fn searches_keep_to_their_own_budget() {
    let (emulator, _) = emulator(Config {
        search_per_second: 3,
        ..Config::default()
    })
    .await;
    let client = builder(&emulator)
        .rate_limit(RateLimit::tier(RateTier::Professional).searches_per_second(3))
        .build()
        .expect("client");
    let searches = (0..9).map(|_| {
        let client = client.clone();
        async move {
            client
                .contacts()
                .search()
                .filter(contacts::props::EMAIL.has_property())
                .page(None)
                .await
                .expect("searched")
                .total
        }
    });
    let totals = join_all(searches).await;
    assert_eq!(totals, vec![1; 9]);
    let stats = emulator.stats();
    assert_eq!(
        (stats.rate_limited, stats.refused.search),
        (0, 0),
        "{stats:?}"
    );
}

#[tokio::test]
async fn another_client_on_the_account_slows_this_one_down() {
    let (emulator, id) = emulator(Config {
        rate_limit: 10,
        rate_window: Duration::from_millis(500),
        ..Config::default()
    })
    .await;
    // Another process spends 7 of the 10.
    let other = builder(&emulator).unpaced().build().expect("other");
    for _ in 0..7 {
        other.contacts().get(&id).await.expect("other's read");
    }
    // This client believes it has the whole budget; HubSpot's `Remaining` tells it otherwise
    // after its first answer.
    let client = builder(&emulator)
        .rate_limit(RateLimit::custom(10, Duration::from_millis(500)))
        .build()
        .expect("client");
    for _ in 0..12 {
        client.contacts().get(&id).await.expect("read");
    }
    assert_eq!(emulator.stats().rate_limited, 0, "{:?}", emulator.stats());

    // Both at once, each believing it has the budget: some 429s are inevitable until each
    // learns of the other, and every call still succeeds.
    let (a, b) = (
        builder(&emulator).build().expect("a"),
        builder(&emulator).build().expect("b"),
    );
    let before = emulator.stats();
    tokio::join!(
        read_concurrently(&a, &id, 4, 10),
        read_concurrently(&b, &id, 4, 10)
    );
    let after = emulator.stats();
    let refused = after.rate_limited - before.rate_limited;
    let answered = after.requests - before.requests;
    assert_eq!(answered - refused, 80, "every read succeeded once");
    assert!(
        refused * 4 <= 80,
        "they learned from each other's traces: {refused} 429s for 80 reads"
    );
}

#[tokio::test]
async fn a_spent_daily_limit_is_a_typed_error_at_once() {
    let (emulator, id) = emulator(Config {
        daily_limit: 3,
        ..Config::default()
    })
    .await;
    let client = builder(&emulator).build().expect("client");
    for _ in 0..3 {
        client.contacts().get(&id).await.expect("within the day");
    }
    let err = client
        .contacts()
        .update(
            &id,
            ContactProperties {
                firstname: "Ada".into(),
                ..Default::default()
            },
        )
        .await
        .expect_err("the day's budget is spent");
    assert!(matches!(err, Error::DailyLimit(_)), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(err.status(), Some(429));
    assert_eq!(
        emulator.stats().requests,
        4,
        "not retried: nothing helps until the day ends"
    );
}
