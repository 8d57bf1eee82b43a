//! Answers whose shape differs between API versions, or from what a strict reading of
//! HubSpot's descriptions expects, read through the client against the emulator in every
//! version: association IDs (numbers in legacy v4, strings in the date versions), the
//! association batch archives (204 in v4, 200 with a batch answer after), and 207 error
//! entries in the shape HubSpot describes (a sub-category in the entry's detail), and
//! custom object schemas' `allowsSensitiveProperties`, and `null` property values (HubSpot
//! describes strings, and answers `null`).

use std::time::Duration;

use futures_util::TryStreamExt;
use hubspot_crm::companies::{Company, CompanyId};
use hubspot_crm::contacts::{Contact, ContactId};
use hubspot_crm::endpoints::{ApiVersion, Family};
use hubspot_crm::Client;
use hubspot_crm_emulator::{Config, Emulator};

async fn emulator() -> Emulator {
    let config = Config {
        rate_limit: 100_000,
        rate_window: Duration::from_millis(10),
        ..Config::default()
    };
    Emulator::start(config).await.expect("emulator")
}

fn client(emulator: &Emulator, version: ApiVersion) -> Client {
    Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .api_version(version)
        .build()
        .expect("client")
}

/// `n` new contacts and `n` new companies.
fn records(emulator: &Emulator, n: usize) -> (Vec<ContactId>, Vec<CompanyId>) {
    let contacts = emulator
        .seed("contacts", (0..n).map(|_| &[][..]))
        .expect("contacts");
    let companies = emulator
        .seed("companies", (0..n).map(|_| &[("name", "Co")][..]))
        .expect("companies");
    (
        contacts
            .iter()
            .map(|i| ContactId::new(i.to_string()))
            .collect(),
        companies
            .iter()
            .map(|i| CompanyId::new(i.to_string()))
            .collect(),
    )
}

#[tokio::test]
async fn association_ids_read_alike_in_every_version() {
    let emulator = emulator().await;
    for version in ApiVersion::ALL {
        let client = client(&emulator, version);
        let (contacts, companies) = records(&emulator, 2);
        let primary = client
            .contacts()
            .primary_type::<Company>()
            .expect("primary");
        client
            .contacts()
            .associate_with(&contacts[0], &companies[0], &[primary])
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        client
            .contacts()
            .associate(&contacts[1], &companies[1])
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));

        let listed: Vec<_> = client
            .contacts()
            .associations::<Company>(&contacts[0])
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(listed.len(), 1, "{version}");
        assert_eq!(listed[0].to, companies[0], "{version}");
        let labels: Vec<_> = listed[0].types.iter().map(|t| t.label.as_deref()).collect();
        assert!(
            labels.contains(&Some("Primary")) && labels.contains(&None),
            "{version}: {labels:?}"
        );

        let read = client
            .contacts()
            .batch_associations::<Company>(&contacts)
            .await;
        assert!(read.is_complete(), "{version}: {:?}", read.failures);
        for (n, (i, (contact, list))) in read.results.iter().enumerate() {
            assert_eq!(*i, n, "{version}: one result per input, in input order");
            assert_eq!(*contact, contacts[*i], "{version}");
            assert_eq!(list[0].to, companies[*i], "{version}");
        }

        let back: Vec<_> = client
            .object("0-2")
            .associations(companies[1].as_str(), "0-1")
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(back[0].to, contacts[1].as_str(), "{version}");
        let read = client
            .object("companies")
            .batch_associations(&[companies[0].as_str()], "contacts")
            .await;
        assert!(read.is_complete(), "{version}: {:?}", read.failures);
        let (index, (_, list)) = &read.results[0];
        assert_eq!(*index, 0, "{version}");
        assert_eq!(list[0].to, contacts[0].as_str(), "{version}");

        let record = client
            .contacts()
            .get_with(&contacts[0])
            .associations::<Company>()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(
            record.associations["companies"][0].id,
            companies[0].as_str(),
            "{version}"
        );
    }
}

#[tokio::test]
async fn association_batch_archive_succeeds_with_or_without_a_body() {
    let emulator = emulator().await;
    for version in ApiVersion::ALL {
        let client = client(&emulator, version);
        let (contacts, companies) = records(&emulator, 3);
        let pairs: Vec<_> = contacts.iter().cloned().zip(companies).collect();
        let linked = client.contacts().batch_associate(&pairs).await;
        assert!(linked.is_complete(), "{version}: {:?}", linked.failures);

        // 204 without a body in v4, 200 with `{status, results: [], ...}` after.
        let status = Family::AssociationsBatchArchive.status(version);
        assert!(status == 204 || status == 200, "{version}: {status}");
        let unlinked = client.contacts().batch_disassociate(&pairs).await;
        assert!(unlinked.is_complete(), "{version}: {:?}", unlinked.failures);
        assert_eq!(unlinked.results.len(), 3, "{version}");
        for (contact, _) in &pairs {
            let left: Vec<_> = client
                .contacts()
                .associations::<Company>(contact)
                .try_collect()
                .await
                .unwrap();
            assert!(left.is_empty(), "{version}");
        }
        let none: Vec<_> = client
            .companies()
            .associations::<Contact>(&pairs[0].1)
            .try_collect()
            .await
            .unwrap();
        assert!(none.is_empty(), "{version}: both directions are gone");
    }
}

#[tokio::test]
async fn batch_error_entries_in_hubspots_shape_are_read_by_input() {
    let emulator = emulator().await;
    for version in ApiVersion::ALL {
        let client = client(&emulator, version);
        let (contacts, companies) = records(&emulator, 2);
        client
            .contacts()
            .associate(&contacts[0], &companies[0])
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));

        // A record without associations and one that does not exist are reported with the
        // sub-category NO_ASSOCIATIONS_FOUND in the entry's detail: both read as empty lists.
        let missing = ContactId::new("999999");
        let asked = [contacts[0].clone(), contacts[1].clone(), missing.clone()];
        let read = client
            .contacts()
            .batch_associations::<Company>(&asked)
            .await;
        assert!(read.is_complete(), "{version}: {:?}", read.failures);
        let mut lists: Vec<_> = read
            .results
            .iter()
            .map(|(i, (id, list))| {
                assert_eq!(*id, asked[*i], "{version}: the result of input {i}");
                (id.clone(), list.len())
            })
            .collect();
        lists.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        let mut want = vec![
            (contacts[0].clone(), 1),
            (contacts[1].clone(), 0),
            (missing, 0),
        ];
        want.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        assert_eq!(lists, want, "{version}");

        // Records that do not exist fail by index, through `context.ids`.
        let ids = [contacts[0].clone(), ContactId::new("999998")];
        let records = client.contacts().batch_read(&ids).await;
        assert_eq!(records.results.len(), 1, "{version}");
        assert_eq!(records.failed_inputs(), vec![1], "{version}");
        let error = records.failures[0].error.api().expect("HubSpot's error");
        assert_eq!(error.status, 207, "{version}");
        assert_eq!(
            error.category.as_deref(),
            Some("OBJECT_NOT_FOUND"),
            "{version}"
        );
    }
}

#[tokio::test]
async fn custom_object_schemas_carry_allows_sensitive_properties() {
    use hubspot_crm::runtime::client::{NewProperty, NewSchema};
    use hubspot_crm::runtime::PropertyKind;
    let emulator = emulator().await;
    for (n, version) in ApiVersion::ALL.into_iter().enumerate() {
        let client = client(&emulator, version);
        for allows in [false, true] {
            let name = format!("boats{n}{allows}");
            let created = client
                .schemas()
                .create(&NewSchema {
                    name: name.clone(),
                    singular: "Boat".into(),
                    plural: "Boats".into(),
                    primary_display_property: "hull".into(),
                    required_properties: vec![],
                    searchable_properties: vec![],
                    properties: vec![NewProperty::new("hull", PropertyKind::String)],
                    associated_objects: vec![],
                    allows_sensitive_properties: allows,
                })
                .await
                .unwrap_or_else(|e| panic!("{version}: {e}"));
            assert_eq!(created.allows_sensitive_properties, allows, "{version}");
            let got = client.schemas().get(&name).await.unwrap();
            assert_eq!(got.allows_sensitive_properties, allows, "{version}");
        }
    }
}

#[tokio::test]
async fn null_property_values_read_as_cleared_fields_in_every_version() {
    use hubspot_crm::contacts::{ContactProperties, ContactRecord};
    use hubspot_crm::runtime::Field;
    // As HubSpot sends a record: a property asked for without a value is null.
    let body = r#"{"id": "7", "properties": {"firstname": "Ada", "lastname": null, "email": ""},
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z", "archived": false}"#;
    let record: ContactRecord = serde_json::from_str(body).expect("a record with nulls decodes");
    assert_eq!(record.properties.firstname, Field::Set("Ada".to_string()));
    assert_eq!(record.properties.lastname, Field::Clear, "null is no value");
    assert_eq!(
        record.properties.email,
        Field::Clear,
        "so is the empty string"
    );
    assert_eq!(record.properties.phone, Field::Unset, "not answered");

    let emulator = emulator().await;
    for version in ApiVersion::ALL {
        let client = client(&emulator, version);
        let created = client
            .contacts()
            .create(ContactProperties {
                firstname: "Ada".into(),
                ..Default::default()
            })
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        let got = client.contacts().get(&created.id).await.unwrap();
        assert_eq!(got.properties.firstname, Field::Set("Ada".to_string()));
        assert_eq!(
            got.properties.phone,
            Field::Clear,
            "{version}: asked, answered null"
        );

        let dynamic = client
            .object("contacts")
            .get(created.id.as_str(), &["firstname", "phone"])
            .await
            .unwrap();
        assert_eq!(
            dynamic.properties.get("phone"),
            Some(&None),
            "{version}: kept as null"
        );
        assert_eq!(dynamic.properties["firstname"].as_deref(), Some("Ada"));
    }
}
