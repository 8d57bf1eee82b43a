//! Associations v4 through the client: labelled links, listing as a stream across pages,
//! removal, and the types of a pair, against the emulator.

use std::time::Duration;

use futures_util::TryStreamExt;
use hubspot_crm::companies::{Company, CompanyProperties};
use hubspot_crm::contacts::{Contact, ContactProperties};
use hubspot_crm::runtime::client::{AssociationCategory, AssociationType};
use hubspot_crm::{AssociationTypeId, Client};
use hubspot_crm_emulator::{Config, Emulator};

async fn setup() -> (Emulator, Client) {
    let config = Config {
        rate_limit: 100_000,
        rate_window: Duration::from_millis(10),
        ..Config::default()
    };
    let emulator = Emulator::start(config).await.expect("emulator");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .build()
        .expect("client");
    (emulator, client)
}

#[tokio::test]
async fn primary_label_list_and_remove() {
    let (_emulator, client) = setup().await;
    let contact = client
        .contacts()
        .create(ContactProperties {
            email: "p@example.com".into(),
            ..Default::default()
        })
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
    let primary = client
        .contacts()
        .primary_type::<Company>()
        .expect("contact to company has a primary type");
    assert_eq!(primary.type_id, AssociationTypeId(1));
    client
        .contacts()
        .associate_with(&contact.id, &company.id, &[primary])
        .await
        .expect("labelled link");

    let links: Vec<_> = client
        .contacts()
        .associations::<Company>(&contact.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].to, company.id);
    let ids: Vec<u32> = links[0].types.iter().map(|t| t.type_id.0).collect();
    assert!(
        ids.contains(&1) && ids.contains(&279),
        "primary plus the unlabelled default: {ids:?}"
    );

    // The inverse is there too, read from the company's side.
    let back: Vec<_> = client
        .companies()
        .associations::<Contact>(&company.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(back[0].to, contact.id);
    assert!(
        back[0].types.iter().any(|t| t.type_id.0 == 2),
        "company to contact primary is 2"
    );

    client
        .contacts()
        .remove_association(&contact.id, &company.id)
        .await
        .expect("removed");
    let none: Vec<_> = client
        .contacts()
        .associations::<Company>(&contact.id)
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn association_types_of_a_pair_include_hubspot_defaults_and_labels() {
    let (_emulator, client) = setup().await;
    let types = client
        .companies()
        .association_types::<Company>()
        .await
        .expect("labels");
    let ids: Vec<u32> = types.iter().map(|t| t.type_id.0).collect();
    for id in [450, 13, 14] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(types
        .iter()
        .all(|t| t.category == AssociationCategory::HubspotDefined));
    let err = client
        .contacts()
        .associate_with(
            &hubspot_crm::contacts::ContactId::new("1"),
            &hubspot_crm::companies::CompanyId::new("1"),
            &[],
        )
        .await
        .expect_err("needs a type");
    assert!(err.to_string().contains("at least one type"), "{err}");
    let missing = client
        .contacts()
        .associate_with(
            &hubspot_crm::contacts::ContactId::new("404"),
            &hubspot_crm::companies::CompanyId::new("404"),
            &[AssociationType::hubspot(AssociationTypeId(279))],
        )
        .await
        .expect_err("no such records");
    assert_eq!(missing.status(), Some(404));
}

#[tokio::test]
async fn listing_pages_past_five_hundred() {
    let (emulator, client) = setup().await;
    let contact = client
        .contacts()
        .create(ContactProperties {
            email: "many@example.com".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let names: Vec<String> = (0..620).map(|i| format!("C{i}")).collect();
    let rows: Vec<Vec<(&str, &str)>> = names.iter().map(|n| vec![("name", n.as_str())]).collect();
    let ids = emulator
        .seed("companies", rows.iter().map(|r| r.as_slice()))
        .unwrap();
    let inputs: Vec<_> = ids
        .iter()
        .map(|id| hubspot_crm::companies::CompanyId::new(id.to_string()))
        .collect();
    for company in &inputs {
        client
            .contacts()
            .associate(&contact.id, company)
            .await
            .unwrap();
    }
    let all: Vec<_> = client
        .contacts()
        .associations::<Company>(&contact.id)
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(all.len(), 620);
}
