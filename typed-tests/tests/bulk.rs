//! Listing with paging and batch operations over any number of inputs, against the emulator.

use std::collections::BTreeSet;

use futures_util::TryStreamExt;
use hubspot_crm::contacts::{self, ContactId, ContactProperties};
use hubspot_crm::runtime::client::ListOptions;
use hubspot_crm::{Client, Field};
use hubspot_crm_emulator::{Config, Emulator, Faults};

async fn setup(config: Config) -> (Emulator, Client) {
    let emulator = Emulator::start(config).await.expect("emulator");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .build()
        .expect("client");
    (emulator, client)
}

fn person(i: usize) -> ContactProperties {
    ContactProperties {
        email: format!("p{i}@example.com").into(),
        firstname: format!("P{i}").into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn list_streams_every_record_across_pages() {
    let (emulator, client) = setup(Config::default()).await;
    let seeded: Vec<Vec<(String, String)>> = (0..250)
        .map(|i| vec![("email".into(), format!("l{i}@example.com"))])
        .collect();
    let slices: Vec<Vec<(&str, &str)>> = seeded
        .iter()
        .map(|r| r.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
        .collect();
    emulator
        .seed("contacts", slices.iter().map(|s| s.as_slice()))
        .unwrap();

    let all: Vec<_> = client
        .contacts()
        .list()
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(all.len(), 250);
    let ids: BTreeSet<_> = all.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), 250, "each record once");
    assert!(
        all.iter().all(|r| r.properties.email.is_set()),
        "typed properties requested"
    );

    let small: Vec<_> = client
        .contacts()
        .list_with(ListOptions {
            page_size: 7,
            ..ListOptions::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(small.len(), 250);
    let bad = client
        .contacts()
        .list_with(ListOptions {
            page_size: 500,
            ..ListOptions::default()
        })
        .try_collect::<Vec<_>>()
        .await
        .expect_err("over HubSpot's 100");
    assert!(bad.to_string().contains("page_size"), "{bad}");
}

#[tokio::test]
async fn batch_create_read_update_archive_over_several_chunks() {
    let (emulator, client) = setup(Config::default()).await;
    let created = client
        .contacts()
        .batch_create((0..250).map(person).collect())
        .await;
    assert!(created.is_complete(), "{:?}", created.failures);
    assert_eq!(created.results.len(), 250);
    assert_eq!(emulator.snapshot().types["contacts"].records.len(), 250);

    let mut ids: Vec<ContactId> = created.values().map(|r| r.id.clone()).collect();
    ids.push(ContactId::new("999999"));
    let read = client.contacts().batch_read(&ids).await;
    assert_eq!(read.results.len(), 250);
    assert_eq!(
        read.failed_inputs(),
        vec![250],
        "the missing ID, by its index"
    );
    assert_eq!(
        read.failures[0]
            .error
            .api()
            .and_then(|e| e.category.as_deref()),
        Some("OBJECT_NOT_FOUND")
    );

    let changes = ids[..250]
        .iter()
        .map(|id| {
            (
                id.clone(),
                ContactProperties {
                    lastname: "Batch".into(),
                    ..Default::default()
                },
            )
        })
        .collect();
    let updated = client.contacts().batch_update(changes).await;
    assert!(updated.is_complete(), "{:?}", updated.failures);
    assert!(updated
        .values()
        .all(|r| r.properties.lastname.get().map(String::as_str) == Some("Batch")));

    let archived = client.contacts().batch_archive(&ids[..250]).await;
    assert_eq!(archived.results.len(), 250);
    let live = emulator.snapshot().types["contacts"]
        .records
        .values()
        .filter(|r| !r.archived)
        .count();
    assert_eq!(live, 0);
}

#[tokio::test]
async fn a_refused_input_is_reported_by_index_and_the_others_go_through() {
    let (emulator, client) = setup(Config::default()).await;
    let mut inputs: Vec<_> = (0..150).map(person).collect();
    // Input 120 (in the second chunk) has an invalid value: it fails alone.
    inputs[120].lifecyclestage = Field::Set(hubspot_crm::contacts::Lifecyclestage::Unlisted(
        "royalty".into(),
    ));
    let out = client.contacts().batch_create(inputs).await;
    assert_eq!(out.results.len(), 149, "{:?}", out.failures);
    assert_eq!(out.failed_inputs(), vec![120]);
    assert_eq!(out.failures[0].error.status(), Some(207));
    assert_eq!(out.failures[0].properties(), ["lifecyclestage"]);
    assert_eq!(emulator.snapshot().types["contacts"].records.len(), 149);
}

#[tokio::test]
async fn bulk_upsert_through_faults_loses_and_doubles_nothing() {
    let config = Config {
        faults: Faults {
            seed: 11,
            server_error: 0.3,
            drop_connection: 0.1,
            ..Faults::default()
        },
        ..Config::default()
    };
    let (emulator, _default_client) = setup(config).await;
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .retry(hubspot_crm::runtime::client::RetryPolicy {
            max_attempts: 20,
            base_delay: std::time::Duration::from_millis(2),
            max_delay: std::time::Duration::from_millis(20),
            ..Default::default()
        })
        .build()
        .unwrap();
    let inputs = |tag: &str| -> Vec<(String, ContactProperties)> {
        (0..450)
            .map(|i| {
                (
                    format!("u{i}@example.com"),
                    ContactProperties {
                        firstname: tag.into(),
                        ..Default::default()
                    },
                )
            })
            .collect()
    };
    let first = client
        .contacts()
        .batch_upsert(contacts::unique::EMAIL, inputs("first"))
        .await;
    assert!(first.is_complete(), "{:?}", first.failures);
    assert_eq!(first.results.len(), 450);
    let second = client
        .contacts()
        .batch_upsert(contacts::unique::EMAIL, inputs("second"))
        .await;
    assert!(second.is_complete(), "{:?}", second.failures);
    assert!(
        second.values().all(|u| !u.created),
        "the second pass only updates"
    );

    emulator.set_faults(Faults::default());
    let state = emulator.snapshot();
    let records = &state.types["contacts"].records;
    assert_eq!(records.len(), 450, "no record lost, none doubled");
    assert!(records
        .values()
        .all(|r| r.properties.get("firstname").map(String::as_str) == Some("second")));
}
