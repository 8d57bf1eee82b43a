//! What the tables state reaches users as one fact each: read-only and create-only properties
//! are never sent where HubSpot refuses them, a shared option set is one type, and the
//! generated metadata says what the table says. End to end against the emulator.

use hubspot_crm::companies::{self, CompanyProperties};
use hubspot_crm::contacts::{self, ContactProperties};
use hubspot_crm::options::{HsType, Lifecyclestage};
use hubspot_crm::runtime::time::OffsetDateTime;
use hubspot_crm::{metadata, Client, Field};
use hubspot_crm_emulator::{Config, Emulator};

async fn setup() -> (Emulator, Client) {
    let emulator = Emulator::start(Config::default())
        .await
        .expect("emulator starts");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .build()
        .expect("client builds");
    (emulator, client)
}

#[tokio::test]
async fn a_record_read_and_sent_back_whole_updates() {
    let (emulator, client) = setup().await;
    let created = client
        .contacts()
        .create(ContactProperties {
            email: "ada@example.com".into(),
            firstname: "Ada".into(),
            ..Default::default()
        })
        .await
        .expect("created");
    let mut fetched = client.contacts().get(&created.id).await.expect("fetched");
    // What HubSpot sets came back typed: the record carries its read-only properties.
    assert!(fetched.properties.hs_object_id.is_set());
    assert!(fetched.properties.hs_lastmodifieddate.is_set());
    assert!(fetched.properties.createdate.is_set());

    fetched.properties.firstname = "Augusta".into();
    let updated = client
        .contacts()
        .update(&created.id, fetched.properties.clone())
        .await
        .expect("read-only and create-only properties are not sent back");
    assert_eq!(
        updated.properties.firstname.get().map(String::as_str),
        Some("Augusta")
    );
    let stored = &emulator.snapshot().types["contacts"].records;
    assert_eq!(stored.len(), 1, "an update, not a second record");

    // The same holds in bulk.
    let outcome = client
        .contacts()
        .batch_update(vec![(created.id.clone(), fetched.properties)])
        .await;
    assert!(outcome.is_complete(), "{:?}", outcome.failures);
}

#[tokio::test]
async fn a_create_only_property_is_sent_on_create_only() {
    let (_emulator, client) = setup().await;
    let at = |secs| OffsetDateTime::from_unix_timestamp(secs).expect("a valid instant");
    let when = at(1_577_934_245); // 2020-01-02 03:04:05 UTC
    let created = client
        .contacts()
        .create(ContactProperties {
            email: "old@example.com".into(),
            createdate: Field::Set(when),
            ..Default::default()
        })
        .await
        .expect("createdate may be set on create");
    let fetched = client.contacts().get(&created.id).await.expect("fetched");
    assert_eq!(fetched.properties.createdate, Field::Set(when));

    // An update carrying a new createdate succeeds without changing it: it is not sent.
    let later = at(1_704_067_200); // 2024-01-01
    let updated = client
        .contacts()
        .update(
            &created.id,
            ContactProperties {
                createdate: Field::Set(later),
                firstname: "Grace".into(),
                ..Default::default()
            },
        )
        .await
        .expect("updated");
    assert_eq!(
        updated.properties.firstname.get().map(String::as_str),
        Some("Grace")
    );
    let fetched = client.contacts().get(&created.id).await.expect("fetched");
    assert_eq!(fetched.properties.createdate, Field::Set(when), "unchanged");
}

/// One function over "a lifecycle stage", whoever holds it.
fn is_customer(stage: &Lifecyclestage) -> bool {
    *stage == Lifecyclestage::Customer
}

#[tokio::test]
async fn one_option_type_serves_every_object_that_shares_the_set() {
    let (_emulator, client) = setup().await;
    let contact = client
        .contacts()
        .create(ContactProperties {
            email: "c@example.com".into(),
            lifecyclestage: Field::Set(contacts::Lifecyclestage::Customer),
            ..Default::default()
        })
        .await
        .expect("contact");
    let company = client
        .companies()
        .create(CompanyProperties {
            name: "Acme".into(),
            // The per-object path still works: it re-exports the shared type.
            lifecyclestage: Field::Set(companies::Lifecyclestage::Customer),
            ..Default::default()
        })
        .await
        .expect("company");
    let stages = [
        contact.properties.lifecyclestage.get(),
        company.properties.lifecyclestage.get(),
    ];
    assert!(stages.iter().all(|s| s.is_some_and(is_customer)));

    // Discounts, fees and taxes share `hs_type`.
    let kinds: [HsType; 3] = [
        hubspot_crm::discounts::HsType::Percent,
        hubspot_crm::fees::HsType::Fixed,
        hubspot_crm::taxes::HsType::Percent,
    ];
    assert_eq!(kinds[0], kinds[2]);
}

#[test]
fn metadata_states_read_only_system_and_create_only_properties() {
    let contacts = metadata::object_type("contacts").expect("contacts");
    let flags = |name: &str| {
        let p = contacts.property(name).expect(name);
        (p.read_only, p.create_only)
    };
    assert_eq!(flags("hs_object_id"), (true, false));
    assert_eq!(flags("lastmodifieddate"), (true, false));
    assert_eq!(flags("createdate"), (false, true));
    assert_eq!(flags("email"), (false, false));
    // Every object, the ones whose files do not list them included, has the system properties.
    for info in metadata::OBJECTS {
        for system in ["hs_object_id", "hs_createdate", "hs_lastmodifieddate"] {
            let p = info.property(system);
            assert!(p.is_some_and(|p| p.read_only), "{} {system}", info.name);
        }
    }
}
