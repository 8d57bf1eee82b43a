//! Schemas in bulk and their association definitions through the typed client, against the
//! emulator: several schemas in one read (whole or bare), and an association definition
//! deleted, under every API version.

use hubspot_crm::endpoints::ApiVersion;
use hubspot_crm::runtime::client::{NewProperty, NewSchema, SchemaParts};
use hubspot_crm::runtime::PropertyKind;
use hubspot_crm::Client;
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

fn schema(name: &str) -> NewSchema {
    NewSchema {
        name: name.into(),
        singular: name.into(),
        plural: format!("{name}s"),
        primary_display_property: "hull".into(),
        required_properties: vec!["hull".into()],
        searchable_properties: vec![],
        properties: vec![NewProperty::new("hull", PropertyKind::String)],
        associated_objects: vec![],
        allows_sensitive_properties: false,
    }
}

#[tokio::test]
async fn several_schemas_are_read_at_once() {
    let (emulator, client) = setup().await;
    let boat = client
        .schemas()
        .create(&schema("boat"))
        .await
        .expect("boat");
    client
        .schemas()
        .create(&schema("raft"))
        .await
        .expect("raft");
    for version in ApiVersion::ALL {
        let client = client_for(&emulator, version);
        let whole = client
            .schemas()
            .read_many(
                &[&boat.object_type_id, "raft", "contacts", "nothing"],
                SchemaParts::ALL,
            )
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        let names: Vec<&str> = whole.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["boat", "raft", "contacts"], "{version:?}");
        assert!(whole[0].properties.iter().any(|p| p.name == "hull"));
        let bare = client
            .schemas()
            .read_many(&["boat"], SchemaParts::NONE)
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert!(bare[0].properties.is_empty(), "{version:?}");
        assert_eq!(bare[0].labels, whole[0].labels);
    }
}

#[tokio::test]
async fn an_association_definition_is_deleted() {
    let emulator = Emulator::start(Config::default()).await.expect("emulator");
    for (n, version) in ApiVersion::ALL.into_iter().enumerate() {
        let client = client_for(&emulator, version);
        let boat = client
            .schemas()
            .create(&schema(&format!("boat{n}")))
            .await
            .expect("defined");
        let allowed = client
            .schemas()
            .allow_association(&boat.object_type_id, "0-1")
            .await
            .expect("allowed");
        assert_eq!(allowed.from_object_type_id, boat.object_type_id);
        assert_eq!(allowed.to_object_type_id, "0-1");
        let listed = client
            .schemas()
            .get(&boat.object_type_id)
            .await
            .expect("read back");
        assert!(
            listed.associations.contains(&allowed),
            "{version:?}: the schema lists the definition: {:?}",
            listed.associations
        );
        let id = allowed.id.clone();
        client
            .schemas()
            .delete_association(&boat.object_type_id, &id)
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        let again = client
            .schemas()
            .delete_association(&boat.object_type_id, &id)
            .await
            .expect_err("deleted already");
        assert_eq!(again.status(), Some(404));
        let standard = client
            .schemas()
            .delete_association("contacts", &id)
            .await
            .expect_err("a standard object's schema");
        assert_eq!(standard.status(), Some(400));
    }
}
