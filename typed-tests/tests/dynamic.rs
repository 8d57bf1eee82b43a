//! Merge, GDPR delete, and objects unknown at compile time, against the emulator.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use hubspot_crm::contacts::ContactProperties;
use hubspot_crm::endpoints::Family;
use hubspot_crm::runtime::client::Call;
use hubspot_crm::Client;
use hubspot_crm_emulator::{Config, Emulator};
use serde_json::json;

async fn setup() -> (Emulator, Client) {
    let emulator = Emulator::start(Config::default()).await.expect("emulator");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .build()
        .expect("client");
    (emulator, client)
}

fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, Option<String>> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect()
}

#[tokio::test]
async fn merge_and_gdpr_delete_contacts() {
    let (emulator, client) = setup().await;
    let a = client
        .contacts()
        .create(ContactProperties {
            email: "a@example.com".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let b = client
        .contacts()
        .create(ContactProperties {
            email: "b@example.com".into(),
            jobtitle: "Engineer".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let merged = client.contacts().merge(&a.id, &b.id).await.expect("merged");
    assert_eq!(merged.id, a.id);
    // The merge answer carries HubSpot's default properties; read the rest back.
    let after = client.contacts().get(&a.id).await.unwrap();
    assert_eq!(
        after.properties.jobtitle.get().map(String::as_str),
        Some("Engineer"),
        "filled from the merged record"
    );
    assert_eq!(
        client
            .contacts()
            .get(&b.id)
            .await
            .expect_err("merged away")
            .status(),
        Some(404)
    );

    client
        .contacts()
        .gdpr_delete_by("email", "a@example.com")
        .await
        .expect("deleted");
    let id: u64 = a.id.as_str().parse().unwrap();
    assert!(
        !emulator.snapshot().types["contacts"]
            .records
            .contains_key(&id),
        "gone for good"
    );
}

#[tokio::test]
async fn a_custom_object_made_at_run_time_is_reachable() {
    let (_emulator, client) = setup().await;
    let call = Call::default()
        .json(&json!({
            "name": "cars",
            "labels": {"singular": "Car", "plural": "Cars"},
            "primaryDisplayProperty": "model",
            "requiredProperties": ["model"],
            "properties": [{"name": "model", "label": "Model", "type": "string", "fieldType": "text"}],
            "associatedObjects": ["CONTACT"]
        }))
        .expect("encodes");
    let schema: serde_json::Value = client
        .core()
        .call(Family::SchemasCreate, call)
        .await
        .expect("schema created")
        .json()
        .expect("a schema");
    let type_id = schema["objectTypeId"].as_str().expect("2-N").to_string();
    assert!(type_id.starts_with("2-"), "{type_id}");

    let cars = client.object(&type_id);
    let car = cars
        .create(&props(&[("model", "Roadster")]))
        .await
        .expect("created");
    let got = cars.get(&car.id, &["model"]).await.expect("read");
    assert_eq!(
        got.properties.get("model"),
        Some(&Some("Roadster".to_string()))
    );
    let updated = cars
        .update(&car.id, &props(&[("model", "Coupe")]))
        .await
        .expect("updated");
    assert_eq!(
        updated.properties.get("model"),
        Some(&Some("Coupe".to_string()))
    );

    let contact = client
        .contacts()
        .create(ContactProperties {
            email: "driver@example.com".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    cars.associate(&car.id, "contacts", contact.id.as_str())
        .await
        .expect("custom objects associate too");

    let listed: Vec<_> = client
        .object("cars")
        .list(&["model"])
        .try_collect()
        .await
        .expect("by name too");
    assert_eq!(listed.len(), 1);
    let page = cars
        .search()
        .filter_groups(
            json!([{"filters": [{"propertyName": "model", "operator": "EQ", "value": "Coupe"}]}]),
        )
        .page(None)
        .await
        .expect("searched");
    assert_eq!(
        (page.total, page.results[0].id.as_str()),
        (1, car.id.as_str())
    );

    let missing_required = cars
        .create(&props(&[]))
        .await
        .expect_err("model is required");
    assert_eq!(missing_required.status(), Some(400));
    cars.archive(&car.id).await.expect("archived");
    let unknown = client
        .object("spaceships")
        .get("1", &[])
        .await
        .expect_err("unknown type");
    assert_eq!(unknown.status(), Some(400));
}
