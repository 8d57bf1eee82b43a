//! Association definitions through the typed client, against the emulator: a pair's v3 types,
//! the limits on its association types (set, listed, enforced, changed, removed), every limit
//! of the account, and the high-usage report, under every API version.

use hubspot_crm::companies::{Company, CompanyId, CompanyProperties};
use hubspot_crm::contacts::{ContactId, ContactProperties};
use hubspot_crm::endpoints::ApiVersion;
use hubspot_crm::runtime::client::{AssociationType, NewAssociationLimit};
use hubspot_crm::runtime::AssociationCategory;
use hubspot_crm::{AssociationTypeId, Client};
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

async fn contact(client: &Client, email: &str) -> ContactId {
    client
        .contacts()
        .create(ContactProperties {
            email: email.into(),
            ..Default::default()
        })
        .await
        .expect("contact")
        .id
}

async fn company(client: &Client, name: &str) -> CompanyId {
    client
        .companies()
        .create(CompanyProperties {
            name: name.into(),
            ..Default::default()
        })
        .await
        .expect("company")
        .id
}

#[tokio::test]
async fn a_pairs_v3_types_come_back_typed() {
    let (_emulator, client) = setup().await;
    let types = client
        .contacts()
        .association_type_definitions::<Company>()
        .await
        .expect("listed");
    let unlabelled = types
        .iter()
        .find(|t| t.type_id == AssociationTypeId(279))
        .expect("contact to company, unlabelled");
    assert_eq!(unlabelled.name, "contact_to_company_unlabeled");
    assert!(types.iter().any(|t| t.type_id == AssociationTypeId(1)));
}

#[tokio::test]
async fn a_limit_is_set_enforced_changed_and_removed() {
    let (emulator, client) = setup().await;
    let limits = client.contacts().association_limits::<Company>();
    let default = limits.default_type().expect("HubSpot publishes 279");
    assert_eq!(default.type_id, AssociationTypeId(279));

    let created = limits
        .create(&[NewAssociationLimit::new(default.clone(), 1)])
        .await;
    assert!(created.is_complete(), "{:?}", created.failures);
    assert_eq!(created.results[0].0, 0);
    assert_eq!(created.results[0].1.max, Some(1));
    let listed = limits.list().await.expect("listed");
    let entry = listed
        .iter()
        .find(|l| l.association.type_id == default.type_id)
        .expect("the unlabelled type");
    assert_eq!(entry.max, Some(1));
    let primary = listed
        .iter()
        .find(|l| l.association.type_id == AssociationTypeId(1))
        .expect("primary");
    assert_eq!(primary.association.label.as_deref(), Some("Primary"));
    assert_eq!(primary.max, None);
    let all = client.associations().limits().await.expect("all limits");
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].association.category,
        AssociationCategory::HubspotDefined
    );

    // One company per contact.
    let ada = contact(&client, "ada@example.com").await;
    let acme = company(&client, "Acme").await;
    let globex = company(&client, "Globex").await;
    client
        .contacts()
        .associate(&ada, &acme)
        .await
        .expect("first company");
    let refused = client
        .contacts()
        .associate(&ada, &globex)
        .await
        .expect_err("over the limit");
    assert_eq!(refused.status(), Some(400));
    let refused_back = client
        .companies()
        .associate(&globex, &ada)
        .await
        .expect_err("the contact's limit holds from the company's side too");
    assert_eq!(refused_back.status(), Some(400));

    // Creating it again fails for that input; the label rule too.
    let again = limits
        .create(&[
            NewAssociationLimit::new(default.clone(), 3),
            NewAssociationLimit::new(AssociationType::hubspot(AssociationTypeId(1)), 2),
        ])
        .await;
    assert_eq!(again.failed_inputs(), vec![0, 1], "{:?}", again.failures);
    assert_eq!(again.failures[0].error.status(), Some(207));

    let updated = limits
        .update(&[NewAssociationLimit::new(default.clone(), 2)])
        .await;
    assert!(updated.is_complete(), "{:?}", updated.failures);
    assert_eq!(updated.results[0].1.max, Some(2));
    client
        .contacts()
        .associate(&ada, &globex)
        .await
        .expect("now within the limit");

    limits
        .remove(std::slice::from_ref(&default))
        .await
        .expect("removed");
    assert!(client.associations().limits().await.unwrap().is_empty());
    assert!(emulator.snapshot().association_limits.is_empty());
}

#[tokio::test]
async fn every_api_version_reaches_the_same_limits() {
    let (emulator, client) = setup().await;
    let limits = client.contacts().association_limits::<Company>();
    let default = limits.default_type().expect("279");
    assert!(limits
        .create(&[NewAssociationLimit::new(default.clone(), 7)])
        .await
        .is_complete());
    for version in ApiVersion::ALL {
        let client = client_for(&emulator, version);
        let all = client
            .associations()
            .limits()
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(all[0].max, Some(7), "{version:?}");
        let pair = client
            .contacts()
            .association_limits::<Company>()
            .list()
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert!(pair.iter().any(|l| l.max == Some(7)), "{version:?}");
        let types = client
            .contacts()
            .association_type_definitions::<Company>()
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert!(!types.is_empty());
    }
}

#[tokio::test]
async fn a_high_usage_report_is_queued_for_a_user() {
    let (emulator, client) = setup().await;
    let limits = client.contacts().association_limits::<Company>();
    let default = limits.default_type().expect("279");
    assert!(limits
        .create(&[NewAssociationLimit::new(default, 1)])
        .await
        .is_complete());
    let ada = contact(&client, "ada@example.com").await;
    let acme = company(&client, "Acme").await;
    client
        .contacts()
        .associate(&ada, &acme)
        .await
        .expect("linked");

    let owner = client.owners().get("101").await.expect("an owner");
    let user = owner.user_id.expect("a user");
    for version in ApiVersion::ALL {
        let report = client_for(&emulator, version)
            .associations()
            .request_high_usage_report(user)
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(Some(report.user_email.as_str()), owner.email.as_deref());
        assert_eq!(report.user_id, user);
        assert!(report.enqueued_at.is_some());
    }
    let state = emulator.snapshot();
    assert_eq!(state.association_reports.len(), 3);
    let row = &state.association_reports[0].rows[0];
    assert_eq!(row.object_id.to_string(), ada.as_str());
    assert!(row.at_limit());

    let unknown = client
        .associations()
        .request_high_usage_report(1)
        .await
        .expect_err("no such user");
    assert_eq!(unknown.status(), Some(404));
}
