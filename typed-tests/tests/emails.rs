//! Contacts' email through the client: the emulator matches it in any letter case (the
//! table's `case_insensitive`), so reads by email and upserts by email find the contact
//! however the address is cased, in every version.

use hubspot_crm::contacts::{self, ContactProperties};
use hubspot_crm::endpoints::ApiVersion;
use hubspot_crm::runtime::Field;
use hubspot_crm::Client;
use hubspot_crm_emulator::{Config, Emulator};

#[tokio::test]
async fn a_contact_is_read_and_upserted_by_email_in_any_case() {
    let emulator = Emulator::start(Config::default()).await.expect("emulator");
    for version in ApiVersion::ALL {
        let client = Client::builder()
            .token(emulator.token())
            .base_url(emulator.base_url())
            .api_version(version)
            .build()
            .expect("client");
        let address = format!("Ada.{}@X.example", version.index());
        let created = client
            .contacts()
            .create(ContactProperties {
                email: address.clone().into(),
                ..Default::default()
            })
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));

        let lower = address.to_lowercase();
        let got = client
            .contacts()
            .get_by(contacts::unique::EMAIL, &lower)
            .await
            .unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(got.id, created.id, "{version}");
        assert_eq!(
            got.properties.email,
            Field::Set(address.clone()),
            "kept as written"
        );

        let upserted = client
            .contacts()
            .batch_upsert(
                contacts::unique::EMAIL,
                vec![(
                    address.to_uppercase(),
                    ContactProperties {
                        firstname: "Ada".into(),
                        ..Default::default()
                    },
                )],
            )
            .await;
        assert!(upserted.is_complete(), "{version}: {:?}", upserted.failures);
        assert_eq!(upserted.results.len(), 1, "{version}");
        let (index, upsert) = &upserted.results[0];
        assert_eq!(*index, 0, "{version}");
        assert!(!upsert.created, "{version}: updated, not created");
        assert_eq!(upsert.record.id, created.id, "{version}");

        let duplicate = client
            .contacts()
            .create(ContactProperties {
                email: lower.into(),
                ..Default::default()
            })
            .await
            .expect_err("the same address");
        let existing = duplicate
            .api()
            .and_then(|e| e.existing_id())
            .map(String::from);
        assert_eq!(existing.as_deref(), Some(created.id.as_str()), "{version}");
    }
}
