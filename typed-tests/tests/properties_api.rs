//! Property definitions and groups through the client, against the emulator: a custom unique
//! property is writable at once and enforced.

use hubspot_crm::contacts::ContactProperties;
use hubspot_crm::runtime::client::{NewProperty, PropertyOption};
use hubspot_crm::runtime::PropertyKind;
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

fn with_member(id: &str) -> ContactProperties {
    let mut p = ContactProperties::default();
    p.custom.insert("member_id".into(), Some(id.into()));
    p
}

#[tokio::test]
async fn a_custom_unique_property_is_writable_and_enforced() {
    let (_emulator, client) = setup().await;
    let group = client
        .contacts()
        .create_property_group("membership", "Membership")
        .await
        .expect("group");
    assert_eq!(group.name, "membership");
    let mut member = NewProperty::new("member_id", PropertyKind::String).in_group("membership");
    member.label = "Member ID".into();
    member.has_unique_value = true;
    let created = client
        .contacts()
        .create_property(&member)
        .await
        .expect("created");
    assert!(created.has_unique_value);
    assert_eq!(created.kind, "string");

    let first = client
        .contacts()
        .create(with_member("M-1"))
        .await
        .expect("writable at once");
    let again = client
        .contacts()
        .create(with_member("M-1"))
        .await
        .expect_err("unique");
    assert_eq!(again.status(), Some(409));
    assert_eq!(again.existing_id(), Some(first.id.as_str()));
    // A property made unique at run time is no typed lookup until the tables know it
    // (`cargo xtask pull`); the dynamic handle looks records up by it.
    let found = client
        .object("contacts")
        .get_by_with("member_id", "M-1")
        .send()
        .await
        .expect("an idProperty now");
    assert_eq!(found.id, first.id.as_str());

    let all = client.contacts().property_definitions().await.unwrap();
    assert!(all.iter().any(|p| p.name == "member_id") && all.iter().any(|p| p.name == "email"));
    let updated = client
        .contacts()
        .update_property("member_id", json!({"label": "Membership number"}))
        .await
        .unwrap();
    assert_eq!(updated.label, "Membership number");
    client
        .contacts()
        .archive_property("member_id")
        .await
        .expect("archived");
    let gone = client
        .contacts()
        .property_definition("member_id")
        .await
        .expect_err("archived");
    assert_eq!(gone.status(), Some(404));
    let groups = client.contacts().property_groups().await.unwrap();
    assert!(groups.iter().any(|g| g.name == "membership"));
}

#[tokio::test]
async fn enumerations_and_bad_definitions() {
    let (_emulator, client) = setup().await;
    // No group: the contacts' default group, which the tables name.
    let mut tier = NewProperty::new("tier", PropertyKind::Enumeration);
    tier.options = vec![
        PropertyOption::new("Gold", "gold"),
        PropertyOption::new("Silver", "silver"),
    ];
    let created = client
        .contacts()
        .create_property(&tier)
        .await
        .expect("enumeration");
    assert_eq!(created.options.len(), 2);
    assert_eq!(created.group_name, "contactinformation");
    let mut p = ContactProperties::default();
    p.custom.insert("tier".into(), Some("bronze".into()));
    let invalid = client
        .contacts()
        .create(p)
        .await
        .expect_err("not an option");
    assert_eq!(invalid.status(), Some(400));
    let bad = client
        .contacts()
        .create_property(&NewProperty::new("Bad Name", PropertyKind::String))
        .await
        .expect_err("invalid name");
    assert_eq!(bad.status(), Some(400));
    let dup = client
        .contacts()
        .create_property(&tier)
        .await
        .expect_err("exists");
    assert_eq!(dup.status(), Some(409));
}

#[tokio::test]
async fn property_groups_are_read_renamed_and_archived() {
    let (_emulator, client) = setup().await;
    client
        .companies()
        .create_property_group("finance", "Finance")
        .await
        .unwrap();
    let renamed = client
        .companies()
        .update_property_group("finance", "Money")
        .await
        .expect("renamed");
    assert_eq!(renamed.label, "Money");
    assert_eq!(
        client
            .companies()
            .property_group("finance")
            .await
            .unwrap()
            .label,
        "Money"
    );
    let dup = client
        .companies()
        .create_property_group("finance", "Again")
        .await
        .expect_err("exists");
    assert_eq!(dup.status(), Some(409));
    client
        .companies()
        .archive_property_group("finance")
        .await
        .expect("archived");
    let missing = client
        .companies()
        .property_group("nope")
        .await
        .expect_err("unknown");
    assert_eq!(missing.status(), Some(404));
}
