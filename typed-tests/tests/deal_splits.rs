//! Deal splits through the typed client, against the emulator: upserted and read back with
//! exact percentages, replaced, refused by HubSpot's rules input by input, under every API
//! version.

use hubspot_crm::deals::{DealId, DealProperties, Dealstage};
use hubspot_crm::endpoints::ApiVersion;
use hubspot_crm::runtime::client::NewDealSplit;
use hubspot_crm::{Client, Decimal, Field};
use hubspot_crm_emulator::{Config, Emulator};

async fn setup() -> (Emulator, Client) {
    let emulator = Emulator::start(Config::default()).await.expect("emulator");
    let client = client_for(&emulator, ApiVersion::DEFAULT);
    (emulator, client)
}

fn client_for(emulator: &Emulator, version: ApiVersion) -> Client {
    Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .api_version(version)
        .build()
        .expect("client")
}

async fn deal(client: &Client, owner: &str) -> DealId {
    client
        .deals()
        .create(DealProperties {
            dealname: Field::Set("Big one".into()),
            dealstage: Field::Set(Dealstage::AppointmentScheduled),
            hubspot_owner_id: Field::Set(owner.into()),
            ..Default::default()
        })
        .await
        .expect("deal")
        .id
}

fn share(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

#[tokio::test]
async fn splits_are_upserted_and_read_back_exactly() {
    let (emulator, client) = setup().await;
    let id = deal(&client, "101").await;
    for version in ApiVersion::ALL {
        let client = client_for(&emulator, version);
        let third = share("0.33333333");
        let outcome = client
            .deals()
            .splits()
            .upsert(vec![(
                id.clone(),
                vec![
                    NewDealSplit::new("101", share("0.66666667")),
                    NewDealSplit::new("102", third),
                ],
            )])
            .await;
        assert!(outcome.is_complete(), "{version:?}: {:?}", outcome.failures);
        let read = client
            .deals()
            .splits()
            .read(std::slice::from_ref(&id))
            .await;
        assert!(read.is_complete(), "{version:?}: {:?}", read.failures);
        let (index, splits) = &read.results[0];
        assert_eq!(*index, 0);
        assert_eq!(splits.deal, id);
        let shares: Vec<(&str, Decimal)> = splits
            .splits
            .iter()
            .map(|s| (s.owner_id.as_str(), s.percentage))
            .collect();
        assert_eq!(shares, vec![("101", share("0.66666667")), ("102", third)]);
        assert!(splits.splits[0].created_at.is_some());
    }

    // Replacing keeps the split of an owner kept.
    let before = client
        .deals()
        .splits()
        .read(std::slice::from_ref(&id))
        .await
        .results;
    let kept = before[0].1.splits[0].id.clone();
    let outcome = client
        .deals()
        .splits()
        .upsert(vec![(
            id.clone(),
            vec![NewDealSplit::new("101", Decimal::ONE)],
        )])
        .await;
    assert!(outcome.is_complete(), "{:?}", outcome.failures);
    let (_, replaced) = &outcome.results[0];
    assert_eq!(replaced.splits.len(), 1);
    assert_eq!(replaced.splits[0].id, kept);
}

#[tokio::test]
async fn refused_and_missing_deals_are_failures_naming_their_inputs() {
    let (_emulator, client) = setup().await;
    let ada = deal(&client, "101").await;
    let grace = deal(&client, "102").await;
    let half = share("0.5");

    // Grace's deal's owner (102) left out: HubSpot refuses the request; the client isolates
    // the input it was refused for, so Ada's deal is split and Grace's fails alone.
    let refused = client
        .deals()
        .splits()
        .upsert(vec![
            (ada.clone(), vec![NewDealSplit::new("101", Decimal::ONE)]),
            (grace.clone(), vec![NewDealSplit::new("101", Decimal::ONE)]),
        ])
        .await;
    assert_eq!(refused.failed_inputs(), vec![1], "{:?}", refused.failures);
    assert_eq!(refused.failures[0].error.status(), Some(400));
    assert_eq!(refused.results.len(), 1);
    assert_eq!(refused.results[0].0, 0);
    assert_eq!(refused.results[0].1.deal, ada);

    // A deal that does not exist fails alone.
    let missing = DealId::new("999999");
    let outcome = client
        .deals()
        .splits()
        .upsert(vec![
            (
                missing.clone(),
                vec![NewDealSplit::new("101", Decimal::ONE)],
            ),
            (
                ada.clone(),
                vec![
                    NewDealSplit::new("101", half),
                    NewDealSplit::new("102", half),
                ],
            ),
        ])
        .await;
    assert_eq!(outcome.failed_inputs(), vec![0], "{:?}", outcome.failures);
    assert_eq!(outcome.failures[0].error.status(), Some(207));
    assert_eq!(outcome.results[0].0, 1, "ada's deal was the second input");
    assert_eq!(outcome.results[0].1.deal, ada);

    let read = client
        .deals()
        .splits()
        .read(&[grace.clone(), missing, ada.clone()])
        .await;
    assert_eq!(read.failed_inputs(), vec![1]);
    let grace_read = read.result(0).expect("grace's deal, input 0");
    assert_eq!(grace_read.deal, grace);
    assert!(grace_read.splits.is_empty(), "grace's deal is not split");
    let ada_read = read.result(2).expect("ada's deal, input 2");
    assert_eq!(ada_read.deal, ada);
    assert_eq!(ada_read.splits.len(), 2);
}
