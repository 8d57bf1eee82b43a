//! The dynamic handle (`client.object("2-N")`) against the emulator: batches over several
//! chunks accounting for every input, association reads, property definitions, and search
//! as a paging stream.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::TryStreamExt;
use hubspot_crm::contacts::ContactProperties;
use hubspot_crm::runtime::client::{NewProperty, NewSchema};
use hubspot_crm::runtime::search::{Filter, Operator};
use hubspot_crm::runtime::{Error, PropertyKind, WireProperties};
use hubspot_crm::Client;
use hubspot_crm_emulator::{Config, Emulator};
use serde_json::json;

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

/// Defines `cars` (model required, vin unique, year) and returns its type ID.
async fn cars(client: &Client) -> String {
    let property = |name: &str, kind| NewProperty::new(name, kind);
    let mut vin = property("vin", PropertyKind::String);
    vin.has_unique_value = true;
    client
        .schemas()
        .create(&NewSchema {
            name: "cars".into(),
            singular: "Car".into(),
            plural: "Cars".into(),
            primary_display_property: "model".into(),
            required_properties: vec!["model".into()],
            searchable_properties: vec!["model".into()],
            properties: vec![
                property("model", PropertyKind::String),
                vin,
                property("year", PropertyKind::Number),
            ],
            associated_objects: vec!["contacts".into()],
            allows_sensitive_properties: false,
        })
        .await
        .expect("schema")
        .object_type_id
}

fn car(i: usize) -> WireProperties {
    [
        ("model".to_string(), Some(format!("Model {i}"))),
        ("vin".to_string(), Some(format!("VIN{i:04}"))),
        ("year".to_string(), Some((2000 + i % 20).to_string())),
    ]
    .into()
}

#[tokio::test]
async fn batches_over_several_chunks_account_for_every_input() {
    let (emulator, client) = setup().await;
    let type_id = cars(&client).await;
    let cars = client.object(&type_id);

    let created = cars
        .batch_create(&(0..250).map(car).collect::<Vec<_>>())
        .await;
    assert!(created.is_complete(), "{:?}", created.failures);
    assert_eq!(created.results.len(), 250);
    let stored = emulator.snapshot().types["cars"].records.len();
    assert_eq!(stored, 250);
    let ids: Vec<String> = created.values().map(|r| r.id.clone()).collect();
    for (i, record) in &created.results {
        let vin = format!("VIN{i:04}");
        assert_eq!(record.properties["vin"].as_deref(), Some(vin.as_str()));
    }

    // An input HubSpot refuses fails alone, by index; the others of its chunk go through.
    let mut inputs: Vec<WireProperties> = (250..400).map(car).collect();
    inputs[120].remove("model");
    let partly = cars.batch_create(&inputs).await;
    assert_eq!(partly.results.len(), 149);
    assert_eq!(partly.failed_inputs(), vec![120]);
    assert_eq!(partly.failures[0].error.status(), Some(207));

    // Reads: missing IDs are failures naming their index.
    let mut wanted: Vec<&str> = ids.iter().map(String::as_str).collect();
    wanted.insert(7, "999999999");
    wanted.push("999999998");
    let read = cars.batch_read(&wanted, &["model", "vin"]).await;
    assert_eq!(read.results.len(), 250);
    assert_eq!(read.failed_inputs(), vec![7, 251]);
    let first = read.result(0).expect("read back");
    assert_eq!(first.id, ids[0]);
    assert_eq!(first.properties["vin"].as_deref(), Some("VIN0000"));

    let changes: Vec<(String, WireProperties)> = ids
        .iter()
        .map(|id| {
            (
                id.clone(),
                [("year".to_string(), Some("1999".to_string()))].into(),
            )
        })
        .collect();
    let updated = cars.batch_update(&changes).await;
    assert!(updated.is_complete(), "{:?}", updated.failures);
    assert_eq!(updated.results.len(), 250);
    let again = cars.get(&ids[249], &["year"]).await.unwrap();
    assert_eq!(again.properties["year"].as_deref(), Some("1999"));

    // Upserts by the unique vin: two known, one new.
    let upserts: Vec<(String, WireProperties)> = ["VIN0000", "VIN0001", "VIN9999"]
        .iter()
        .map(|v| {
            let props = [("model".to_string(), Some(format!("Upserted {v}")))].into();
            (v.to_string(), props)
        })
        .collect();
    let upserted = cars.batch_upsert("vin", &upserts).await;
    assert!(upserted.is_complete(), "{:?}", upserted.failures);
    let created_vins: BTreeSet<String> = upserted
        .values()
        .filter(|u| u.created)
        .filter_map(|u| u.record.properties.get("vin").cloned().flatten())
        .collect();
    assert_eq!(created_vins, BTreeSet::from(["VIN9999".to_string()]));
    assert_eq!(upserted.results.len(), 3);
    let kept = cars.get(&ids[1], &["model"]).await.unwrap();
    assert_eq!(
        kept.properties["model"].as_deref(),
        Some("Upserted VIN0001")
    );

    let archived = cars.batch_archive(&ids).await;
    assert!(archived.is_complete(), "{:?}", archived.failures);
    assert_eq!(archived.values().cloned().collect::<Vec<_>>(), ids);
    let live = emulator.snapshot().types["cars"]
        .records
        .values()
        .filter(|r| !r.archived)
        .count();
    assert_eq!(
        live,
        149 + 1,
        "the partial create but its refused input, and the upserted car"
    );
}

#[tokio::test]
async fn associations_and_property_definitions_of_a_type_named_at_run_time() {
    let (_emulator, client) = setup().await;
    let type_id = cars(&client).await;
    let cars = client.object(&type_id);
    let made = cars
        .batch_create(&(0..3).map(car).collect::<Vec<_>>())
        .await;
    assert!(made.is_complete());
    let ids: Vec<String> = made.values().map(|r| r.id.clone()).collect();
    let driver = client
        .contacts()
        .create(ContactProperties {
            email: "driver@example.com".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    for id in &ids[..2] {
        cars.associate(id, "contacts", driver.id.as_str())
            .await
            .unwrap();
    }

    let linked: Vec<_> = cars
        .associations(&ids[0], "0-1")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].to, driver.id.as_str());
    assert!(!linked[0].types.is_empty(), "{linked:?}");

    let batch = cars.batch_associations(&ids, "contacts").await;
    assert!(batch.is_complete(), "{:?}", batch.failures);
    let by_car: Vec<(String, Vec<String>)> = batch
        .results
        .into_iter()
        .map(|(_, (car, list))| (car, list.into_iter().map(|a| a.to).collect()))
        .collect();
    let expect =
        |i: usize, to: &[&str]| (ids[i].clone(), to.iter().map(|s| s.to_string()).collect());
    let mut by_car = by_car;
    by_car.sort();
    let mut expected = vec![
        expect(0, &[driver.id.as_str()]),
        expect(1, &[driver.id.as_str()]),
        expect(2, &[]),
    ];
    expected.sort();
    assert_eq!(by_car, expected, "a car with none comes back empty");

    let definitions = cars.property_definitions().await.unwrap();
    let names: BTreeSet<&str> = definitions.iter().map(|d| d.name.as_str()).collect();
    assert!(
        ["model", "vin", "year", "hs_object_id"]
            .iter()
            .all(|n| names.contains(n)),
        "{names:?}"
    );
    let vin = cars.property_definition("vin").await.unwrap();
    assert!(vin.has_unique_value);
    assert_eq!(vin.kind, "string");
    let missing = cars
        .property_definition("no_such_property")
        .await
        .expect_err("unknown");
    assert_eq!(missing.status(), Some(404));
}

#[tokio::test]
async fn dynamic_search_pages_as_a_stream() {
    let (_emulator, client) = setup().await;
    let type_id = cars(&client).await;
    let cars = client.object(&type_id);
    let made = cars
        .batch_create(&(0..250).map(car).collect::<Vec<_>>())
        .await;
    assert!(made.is_complete());

    // year = 2000 + i % 20: 12 full cycles of 20 give 120 cars from 2010 on (i = 240..249 are
    // 2000..2009).
    let recent: Vec<_> = cars
        .search()
        .filter_by("year", Operator::Gte, Some("2010"))
        .properties(["vin", "year"])
        .page_size(7)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(recent.len(), 120);
    let distinct: BTreeSet<&str> = recent.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(distinct.len(), 120, "each record once across pages");
    assert!(recent.iter().all(|r| {
        r.properties["year"]
            .as_deref()
            .and_then(|y| y.parse::<u32>().ok())
            .is_some_and(|y| y >= 2010)
    }));

    // OR groups: typed-ish filters, then raw JSON groups.
    let page = cars
        .search()
        .filter(Filter::<()>::custom("vin", Operator::Eq, Some("VIN0003")))
        .or()
        .filter_groups(
            json!([{"filters": [{"propertyName": "vin", "operator": "EQ", "value": "VIN0004"}]}]),
        )
        .sort_by("vin", true)
        .properties(["vin"])
        .page(None)
        .await
        .unwrap();
    assert_eq!(page.total, 2);
    let vins: Vec<&str> = page
        .results
        .iter()
        .filter_map(|r| r.properties["vin"].as_deref())
        .collect();
    assert_eq!(vins, ["VIN0004", "VIN0003"], "sorted descending");

    let all: Vec<_> = cars
        .search()
        .page_size(100)
        .stream_all()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 250);
    let ids: Vec<u64> = all.iter().map(|r| r.id.parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in ID order");

    let malformed = cars
        .search()
        .filter_groups(json!({"filters": []}))
        .page(None)
        .await
        .expect_err("not a list of groups");
    assert!(matches!(malformed, Error::InvalidRequest(_)), "{malformed}");
    let mut too_many = cars.search();
    for i in 0..6 {
        too_many = too_many
            .filter_by("vin", Operator::Eq, Some(&format!("VIN{i:04}")))
            .or();
    }
    let refused = too_many.page(None).await.expect_err("six groups");
    assert!(refused.to_string().contains("filter groups"), "{refused}");
}
