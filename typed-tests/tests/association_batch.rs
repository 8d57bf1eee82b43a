//! Associations in bulk and account labels, through the client, against the emulator.

use std::time::Duration;

use futures_util::TryStreamExt;
use hubspot_crm::companies::{Company, CompanyId};
use hubspot_crm::contacts::{Contact, ContactId};
use hubspot_crm::runtime::client::AssociationCategory;
use hubspot_crm::Client;
use hubspot_crm_emulator::{Config, Emulator};

async fn setup() -> (Emulator, Client, Vec<ContactId>, Vec<CompanyId>) {
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
    let emails: Vec<String> = (0..150).map(|i| format!("b{i}@example.com")).collect();
    let rows: Vec<Vec<(&str, &str)>> = emails.iter().map(|e| vec![("email", e.as_str())]).collect();
    let contacts = emulator
        .seed("contacts", rows.iter().map(|r| r.as_slice()))
        .unwrap();
    let companies = emulator
        .seed("companies", (0..150).map(|_| &[("name", "Co")][..]))
        .unwrap();
    let c = contacts
        .iter()
        .map(|i| ContactId::new(i.to_string()))
        .collect();
    let k = companies
        .iter()
        .map(|i| CompanyId::new(i.to_string()))
        .collect();
    (emulator, client, c, k)
}

#[tokio::test]
async fn link_and_unlink_in_bulk_with_failures_by_index() {
    let (_emulator, client, contacts, companies) = setup().await;
    let mut pairs: Vec<_> = contacts
        .iter()
        .cloned()
        .zip(companies.iter().cloned())
        .collect();
    pairs.push((ContactId::new("999999"), companies[0].clone()));
    let linked = client.contacts().batch_associate(&pairs).await;
    assert_eq!(linked.results.len(), 150, "{:?}", linked.failures);
    assert_eq!(
        linked.failed_inputs(),
        vec![150],
        "the missing contact, by index"
    );

    let links: Vec<_> = client
        .companies()
        .associations::<Contact>(&companies[7])
        .try_collect()
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].to, contacts[7]);

    let unlinked = client.contacts().batch_disassociate(&pairs[..150]).await;
    assert!(unlinked.is_complete(), "{:?}", unlinked.failures);
    let none: Vec<_> = client
        .contacts()
        .associations::<Company>(&contacts[7])
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn account_labels_are_created_used_renamed_and_deleted() {
    let (_emulator, client, contacts, companies) = setup().await;
    let created = client
        .contacts()
        .create_association_label::<Company>(
            "Billing contact",
            "billing_contact",
            Some("Billed company"),
        )
        .await
        .expect("label created");
    assert_eq!(created.len(), 1);
    let label = created[0].clone();
    assert_eq!(label.category, AssociationCategory::UserDefined);

    client
        .contacts()
        .associate_with(&contacts[0], &companies[0], std::slice::from_ref(&label))
        .await
        .expect("labelled");
    let links: Vec<_> = client
        .contacts()
        .associations::<Company>(&contacts[0])
        .try_collect()
        .await
        .unwrap();
    assert!(
        links[0]
            .types
            .iter()
            .any(|t| t.label.as_deref() == Some("Billing contact")),
        "{links:?}"
    );

    client
        .contacts()
        .rename_association_label::<Company>(label.type_id.0, "Invoice contact", None)
        .await
        .expect("renamed");
    let types = client
        .contacts()
        .association_types::<Company>()
        .await
        .unwrap();
    assert!(types
        .iter()
        .any(|t| t.label.as_deref() == Some("Invoice contact")));

    client
        .contacts()
        .delete_association_label::<Company>(label.type_id.0)
        .await
        .expect("deleted");
    let types = client
        .contacts()
        .association_types::<Company>()
        .await
        .unwrap();
    assert!(!types.iter().any(|t| t.type_id == label.type_id));
    let hubspot_defined = client
        .contacts()
        .delete_association_label::<Company>(279)
        .await
        .expect_err("not the account's");
    assert_eq!(hubspot_defined.status(), Some(400));
}

#[tokio::test]
async fn read_associations_of_many_records() {
    let (_emulator, client, contacts, companies) = setup().await;
    let pairs: Vec<_> = contacts[..120]
        .iter()
        .cloned()
        .zip(companies[..120].iter().cloned())
        .collect();
    assert!(client
        .contacts()
        .batch_associate(&pairs)
        .await
        .is_complete());
    // 120 linked, 30 without any association.
    let out = client
        .contacts()
        .batch_associations::<Company>(&contacts)
        .await;
    assert!(out.is_complete(), "{:?}", out.failures);
    assert_eq!(out.results.len(), 150);
    for (i, (from, links)) in &out.results {
        let i = *i;
        assert_eq!(*from, contacts[i], "the result of input {i}");
        if i < 120 {
            assert_eq!(links.len(), 1, "{from:?}");
            assert_eq!(links[0].to, companies[i]);
        } else {
            assert!(links.is_empty(), "none for {from:?}");
        }
    }
}
