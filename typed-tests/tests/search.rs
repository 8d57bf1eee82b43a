//! Typed search end to end: filters whose operators fit each property, OR groups, typed sorts,
//! limits checked before sending, paging as a stream, and reading past the 10,000 cap.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::TryStreamExt;
use hubspot_crm::contacts::{self, Lifecyclestage};
use hubspot_crm::deals;
use hubspot_crm::runtime::Error;
use hubspot_crm::{Client, Decimal, Field};
use hubspot_crm_emulator::{records, Config, Emulator};

async fn setup() -> (Emulator, Client) {
    let config = Config {
        rate_limit: 100_000,
        rate_window: Duration::from_millis(10),
        search_per_second: 100_000,
        ..Config::default()
    };
    let emulator = Emulator::start(config).await.expect("emulator");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        // The emulator's budget is a fast account's; the client is told, as HubSpot does not
        // report search's budget.
        .rate_limit(
            hubspot_crm::RateLimit::custom(100_000, Duration::from_millis(10))
                .searches_per_second(100_000),
        )
        .build()
        .expect("client");
    (emulator, client)
}

/// Inserts `n` deals directly (fast), amount = i, stage alternating won/lost.
fn seed_deals(emulator: &Emulator, n: u64) {
    emulator.with_state(|state| {
        let ts = state.type_state_mut("deals").expect("deals");
        for i in 0..n {
            let stage = if i % 2 == 0 {
                "closedwon"
            } else {
                "closedlost"
            };
            let changes = [
                ("dealname".to_string(), Some(format!("Deal {i}"))),
                ("dealstage".to_string(), Some(stage.to_string())),
                ("amount".to_string(), Some(i.to_string())),
            ]
            .into_iter()
            .collect();
            records::insert_record(ts, changes, 1_700_000_000_000, "API");
        }
    });
}

fn amount(r: &hubspot_crm::deals::DealRecord) -> Decimal {
    *r.properties.amount.get().expect("amount returned")
}

#[tokio::test]
async fn filters_groups_and_sorts() {
    let (emulator, client) = setup().await;
    seed_deals(&emulator, 100);
    let page = client
        .deals()
        .search()
        .filter(deals::props::AMOUNT.gte(Decimal::from(90)))
        .filter(deals::props::DEALSTAGE.eq(deals::Dealstage::ClosedWon))
        .or()
        .filter(deals::props::AMOUNT.lt(Decimal::from(3)))
        .sort(deals::props::AMOUNT.descending())
        .page(None)
        .await
        .expect("searched");
    let amounts: Vec<Decimal> = page.results.iter().map(amount).collect();
    let expected: Vec<Decimal> = [98, 96, 94, 92, 90, 2, 1, 0]
        .into_iter()
        .map(Decimal::from)
        .collect();
    assert_eq!(amounts, expected);
    assert_eq!(page.total, 8);

    let between = client
        .deals()
        .search()
        .filter(deals::props::AMOUNT.between(Decimal::from(10), Decimal::from(12)))
        .sort(deals::props::AMOUNT.ascending())
        .page(None)
        .await
        .unwrap();
    assert_eq!(
        between.results.iter().map(amount).collect::<Vec<_>>(),
        [10, 11, 12].map(Decimal::from)
    );
}

#[tokio::test]
async fn text_enumeration_and_presence_filters() {
    let (_emulator, client) = setup().await;
    for (email, stage) in [
        ("a@example.com", Lifecyclestage::Lead),
        ("b@example.com", Lifecyclestage::Customer),
        ("c@other.org", Lifecyclestage::Lead),
    ] {
        client
            .contacts()
            .create(hubspot_crm::contacts::ContactProperties {
                email: email.into(),
                lifecyclestage: Field::Set(stage),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let leads_at_example = client
        .contacts()
        .search()
        .filter(contacts::props::EMAIL.contains_token("*@example.com"))
        .filter(contacts::props::LIFECYCLESTAGE.eq(Lifecyclestage::Lead))
        .page(None)
        .await
        .unwrap();
    let emails: Vec<_> = leads_at_example
        .results
        .iter()
        .filter_map(|r| r.properties.email.get().cloned())
        .collect();
    assert_eq!(emails, ["a@example.com"]);
    let without_name = client
        .contacts()
        .search()
        .filter(contacts::props::FIRSTNAME.not_has_property())
        .page(None)
        .await
        .unwrap();
    assert_eq!(without_name.total, 3);
    let by_query = client
        .contacts()
        .search()
        .query("other.org")
        .page(None)
        .await
        .unwrap();
    assert_eq!(by_query.total, 1);
}

#[tokio::test]
async fn limits_are_checked_before_sending() {
    let (_emulator, client) = setup().await;
    let mut too_many_groups = client.deals().search();
    for _ in 0..6 {
        too_many_groups = too_many_groups
            .filter(deals::props::AMOUNT.has_property())
            .or();
    }
    let err = too_many_groups.page(None).await.expect_err("6 groups");
    assert!(
        matches!(&err, Error::InvalidRequest(m) if m.contains("6 filter groups")),
        "{err}"
    );
    let mut crowded = client.deals().search();
    for _ in 0..11 {
        crowded = crowded.filter(deals::props::AMOUNT.has_property());
    }
    let err = crowded.page(None).await.expect_err("11 filters in a group");
    assert!(err.to_string().contains("10 per group"), "{err}");
    let err = client
        .deals()
        .search()
        .page_size(201)
        .page(None)
        .await
        .expect_err("page size");
    assert!(err.to_string().contains("page size 201"), "{err}");
    let err = client
        .deals()
        .search()
        .query("x".repeat(3001))
        .page(None)
        .await
        .expect_err("query");
    assert!(err.to_string().contains("3000 characters"), "{err}");
}

#[tokio::test]
async fn stream_pages_through_every_match() {
    let (emulator, client) = setup().await;
    seed_deals(&emulator, 250);
    let won: Vec<_> = client
        .deals()
        .search()
        .filter(deals::props::DEALSTAGE.eq(deals::Dealstage::ClosedWon))
        .page_size(40)
        .stream()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(won.len(), 125);
    let ids: BTreeSet<_> = won.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), 125, "each once");
}

#[tokio::test]
async fn stream_all_reads_past_the_ten_thousand_cap() {
    let (emulator, client) = setup().await;
    seed_deals(&emulator, 10_050);
    let capped: Vec<_> = client
        .deals()
        .search()
        .page_size(200)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(capped.len(), 10_000, "one search stops at HubSpot's cap");
    let all: Vec<_> = client
        .deals()
        .search()
        .filter(deals::props::AMOUNT.gte(Decimal::ZERO))
        .page_size(200)
        .stream_all()
        .try_collect()
        .await
        .expect("keyset paging");
    assert_eq!(all.len(), 10_050);
    let ids: BTreeSet<u64> = all.iter().map(|r| r.id.as_str().parse().unwrap()).collect();
    assert_eq!(ids.len(), 10_050, "no duplicates, none missing");
    let sorted = client
        .deals()
        .search()
        .sort(deals::props::AMOUNT.ascending())
        .stream_all()
        .try_collect::<Vec<_>>()
        .await;
    assert!(matches!(sorted, Err(Error::InvalidRequest(_))));
}
