//! The client end to end: typed operations against the emulator over loopback HTTP.

use hubspot_crm::companies::{self, CompanyId, CompanyProperties};
use hubspot_crm::contacts::{self, ContactId, ContactProperties, Lifecyclestage};
use hubspot_crm::endpoints::ApiVersion;
use hubspot_crm::leads::LeadProperties;
use hubspot_crm::{Client, Field};
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

fn contact(email: &str) -> ContactProperties {
    ContactProperties {
        email: email.into(),
        firstname: "Ada".into(),
        lifecyclestage: Field::Set(Lifecyclestage::Lead),
        ..Default::default()
    }
}

#[tokio::test]
async fn create_get_update_archive_round_trip() {
    let (emulator, client) = setup().await;
    let created = client
        .contacts()
        .create(contact("ada@example.com"))
        .await
        .expect("created");
    assert_eq!(
        created.properties.email.get().map(String::as_str),
        Some("ada@example.com")
    );
    assert!(created.created_at.is_some());

    let fetched = client.contacts().get(&created.id).await.expect("fetched");
    assert_eq!(fetched.id, created.id);
    assert_eq!(
        fetched.properties.lifecyclestage,
        Field::Set(Lifecyclestage::Lead)
    );
    assert_eq!(
        fetched.properties.lastname,
        Field::Clear,
        "asked for, no value"
    );

    let by_email = client
        .contacts()
        .get_by(contacts::unique::EMAIL, "ada@example.com")
        .await
        .expect("by email");
    assert_eq!(by_email.id, created.id);

    let changes = ContactProperties {
        lastname: "Lovelace".into(),
        firstname: Field::Clear,
        ..Default::default()
    };
    let updated = client
        .contacts()
        .update(&created.id, changes)
        .await
        .expect("updated");
    assert_eq!(
        updated.properties.lastname.get().map(String::as_str),
        Some("Lovelace")
    );
    assert_eq!(updated.properties.firstname, Field::Clear);
    let stored = &emulator.snapshot().types["contacts"].records;
    let record = stored.values().next().expect("one contact");
    assert_eq!(
        record.properties.get("email").map(String::as_str),
        Some("ada@example.com"),
        "left as is"
    );

    client
        .contacts()
        .archive(&created.id)
        .await
        .expect("archived");
    let gone = client
        .contacts()
        .get(&created.id)
        .await
        .expect_err("archived records are not found");
    assert_eq!(gone.status(), Some(404));
    assert_eq!(
        gone.api().and_then(|e| e.category.as_deref()),
        Some("OBJECT_NOT_FOUND")
    );
}

#[tokio::test]
async fn associate_with_the_default_type() {
    let (emulator, client) = setup().await;
    let c = client
        .contacts()
        .create(contact("a@example.com"))
        .await
        .unwrap();
    let company = client
        .companies()
        .create(CompanyProperties {
            name: "Acme".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    client
        .contacts()
        .associate(&c.id, &company.id)
        .await
        .expect("associated");
    let links: Vec<_> = emulator.snapshot().associations.into_iter().collect();
    let ids: Vec<u32> = links
        .iter()
        .flat_map(|(_, types)| types.iter().map(|(_, id)| *id))
        .collect();
    assert!(
        ids.contains(&279) && ids.contains(&280),
        "both directions, HubSpot's IDs: {ids:?}"
    );
}

#[tokio::test]
async fn a_lead_is_created_with_its_required_association() {
    let (_emulator, client) = setup().await;
    let c = client
        .contacts()
        .create(contact("lead@example.com"))
        .await
        .unwrap();
    let leads = client.leads();
    let props = LeadProperties {
        hs_lead_name: "Warm".into(),
        ..Default::default()
    };
    let err = leads
        .create_with(props.clone(), Vec::new())
        .await
        .expect_err("needs a contact or company");
    assert!(
        err.to_string()
            .contains("needs an association to one of: contacts, companies"),
        "{err}"
    );
    let lead = leads
        .create_with(props, vec![leads.association_to(&c.id)])
        .await
        .expect("created");
    assert_eq!(
        lead.properties.hs_lead_name.get().map(String::as_str),
        Some("Warm")
    );
}

#[tokio::test]
async fn hubspot_errors_are_typed() {
    let (_emulator, client) = setup().await;
    let first = client
        .contacts()
        .create(contact("dup@example.com"))
        .await
        .unwrap();
    let conflict = client
        .contacts()
        .create(contact("dup@example.com"))
        .await
        .expect_err("duplicate");
    assert_eq!(conflict.status(), Some(409));
    assert_eq!(conflict.existing_id(), Some(first.id.as_str()));
    assert!(conflict
        .api()
        .and_then(|e| e.correlation_id.as_deref())
        .is_some());

    let bad = ContactProperties {
        lifecyclestage: Field::Set(Lifecyclestage::Unlisted("royalty".into())),
        ..Default::default()
    };
    let invalid = client
        .contacts()
        .create(bad)
        .await
        .expect_err("not an option");
    let api = invalid.api().expect("a HubSpot error");
    assert_eq!(
        (api.status, api.category.as_deref()),
        (400, Some("VALIDATION_ERROR"))
    );
    assert!(
        api.errors
            .iter()
            .any(|e| e.code.as_deref() == Some("INVALID_OPTION")),
        "{api:?}"
    );

    let missing = client
        .contacts()
        .get(&ContactId::new("999999"))
        .await
        .expect_err("no such contact");
    assert_eq!(missing.status(), Some(404));
}

#[tokio::test]
async fn a_wrong_token_is_401_and_never_shown() {
    let (emulator, _) = setup().await;
    let client = Client::builder()
        .token("pat-na1-secret-value")
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let err = client
        .contacts()
        .get(&ContactId::new("1"))
        .await
        .expect_err("unauthorised");
    assert_eq!(err.status(), Some(401));
    for shown in [format!("{client:?}"), format!("{err:?}"), err.to_string()] {
        assert!(!shown.contains("secret-value"), "{shown}");
    }
}

#[tokio::test]
async fn every_api_version_reaches_the_same_data() {
    let (emulator, client) = setup().await;
    let created = client
        .contacts()
        .create(contact("v@example.com"))
        .await
        .unwrap();
    for version in ApiVersion::ALL {
        let c = Client::builder()
            .token(emulator.token())
            .base_url(emulator.base_url())
            .api_version(version)
            .build()
            .unwrap();
        let got = c
            .contacts()
            .get(&created.id)
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(got.id, created.id);
    }
}

#[tokio::test]
async fn unique_values_with_slashes_are_percent_encoded_in_paths() {
    let (_emulator, client) = setup().await;
    let company = client
        .companies()
        .create(CompanyProperties {
            name: "Slash".into(),
            domain: "a/b.example".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let found = client
        .companies()
        .get_by(companies::unique::DOMAIN, "a/b.example")
        .await
        .expect("found by domain");
    assert_eq!(found.id, company.id);
    let _: CompanyId = found.id;
}

#[test]
fn configuration_errors_are_clear() {
    let no_token = Client::builder().build().expect_err("no token");
    assert!(
        no_token.to_string().contains("no access token"),
        "{no_token}"
    );
    let bad_url = Client::builder()
        .token("t")
        .base_url("api.hubapi.com")
        .build()
        .expect_err("scheme");
    assert!(
        bad_url.to_string().contains("must start with https://"),
        "{bad_url}"
    );
}

#[test]
fn the_client_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Client>();
}

#[tokio::test]
async fn update_by_unique_property_and_read_associations_with_records() {
    use futures_util::TryStreamExt;
    use hubspot_crm::runtime::client::ListOptions;
    let (_emulator, client) = setup().await;
    let c = client
        .contacts()
        .create(contact("by@example.com"))
        .await
        .unwrap();
    let co = client
        .companies()
        .create(CompanyProperties {
            name: "Linked".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    client.contacts().associate(&c.id, &co.id).await.unwrap();

    let changed = client
        .contacts()
        .update_by(
            contacts::unique::EMAIL,
            "by@example.com",
            ContactProperties {
                jobtitle: "CTO".into(),
                ..Default::default()
            },
        )
        .await
        .expect("updated by email");
    assert_eq!(changed.id, c.id);
    assert_eq!(
        changed.properties.jobtitle.get().map(String::as_str),
        Some("CTO")
    );

    let with = client
        .contacts()
        .get_with(&c.id)
        .properties(["email"])
        .associations_to(["companies"])
        .send()
        .await
        .unwrap();
    let linked = &with.associations["companies"];
    assert_eq!(linked[0].id, co.id.as_str());
    assert!(
        linked[0].type_name.starts_with("contact_to_company"),
        "{}",
        linked[0].type_name
    );
    assert_eq!(
        with.properties.jobtitle.get().map(String::as_str),
        Some("CTO"),
        "asking for a property adds to the typed ones"
    );

    let listed: Vec<_> = client
        .contacts()
        .list_with(ListOptions {
            associations: vec!["companies".into()],
            ..ListOptions::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed[0].associations["companies"].len(), 1);
    let missing = client
        .contacts()
        .update_by(
            contacts::unique::EMAIL,
            "nobody@example.com",
            ContactProperties::default(),
        )
        .await
        .expect_err("no such contact");
    assert_eq!(missing.status(), Some(404));
}
