//! Custom object schemas and CSV imports through the typed client, against the emulator.

use futures_util::TryStreamExt;
use hubspot_crm::contacts::{self, Contact};
use hubspot_crm::runtime::client::{
    ColumnMapping, ImportOperation, ImportRequest, NewProperty, NewSchema,
};
use hubspot_crm::runtime::PropertyKind;
use hubspot_crm::Client;
use hubspot_crm_emulator::{Config, Emulator};

async fn setup() -> (Emulator, Client) {
    let emulator = Emulator::start(Config::default()).await.expect("emulator");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .build()
        .expect("client");
    (emulator, client)
}

#[tokio::test]
async fn define_use_change_and_archive_a_custom_object() {
    let (_emulator, client) = setup().await;
    let schema = client
        .schemas()
        .create(&NewSchema {
            name: "boats".into(),
            singular: "Boat".into(),
            plural: "Boats".into(),
            primary_display_property: "hull".into(),
            required_properties: vec!["hull".into()],
            searchable_properties: vec!["hull".into()],
            // No group: a new custom object's properties go to its default group.
            properties: vec![NewProperty::new("hull", PropertyKind::String)],
            associated_objects: vec!["contacts".into()],
            allows_sensitive_properties: false,
        })
        .await
        .expect("defined");
    assert!(schema.object_type_id.starts_with("2-"), "{schema:?}");
    assert_eq!(schema.labels.plural, "Boats");
    let boats = client.object(&schema.object_type_id);
    let boat = boats
        .create(&[("hull".to_string(), Some("H-1".to_string()))].into())
        .await
        .expect("usable at once");

    let listed = client.schemas().list().await.unwrap();
    assert!(listed.iter().any(|s| s.name == "boats"));
    let fetched = client.schemas().get("boats").await.unwrap();
    assert_eq!(fetched.object_type_id, schema.object_type_id);

    let refused = client
        .schemas()
        .archive("boats")
        .await
        .expect_err("it still has a record");
    assert_eq!(refused.status(), Some(400));
    boats.archive(&boat.id).await.unwrap();
    let duplicate = client
        .schemas()
        .create(&NewSchema {
            name: "boats".into(),
            singular: "Boat".into(),
            plural: "Boats".into(),
            primary_display_property: "hull".into(),
            required_properties: vec![],
            searchable_properties: vec![],
            properties: vec![NewProperty::new("hull", PropertyKind::String).in_group("x")],
            associated_objects: vec![],
            allows_sensitive_properties: false,
        })
        .await
        .expect_err("name taken");
    assert_eq!(duplicate.status(), Some(409));
}

#[tokio::test]
async fn import_a_csv_with_typed_column_mappings() {
    let (_emulator, client) = setup().await;
    let csv = "Email,First name,Stage\nada@example.com,Ada,lead\n\"grace@example.com\",\"Grace, RADM\",customer\nbad@example.com,Bad,royalty\n";
    let request = ImportRequest::csv("people", "people.csv", csv)
        .operation::<Contact>(ImportOperation::Create)
        .column(ColumnMapping::new("Email", contacts::props::EMAIL))
        .column(ColumnMapping::new("First name", contacts::props::FIRSTNAME))
        .column(ColumnMapping::new("Stage", contacts::props::LIFECYCLESTAGE));
    let started = client.imports().start(&request).await.expect("started");
    let done = client.imports().get(&started.id).await.expect("state");
    assert_eq!(done.state, "DONE");
    assert_eq!(done.counters.get("CREATED_OBJECTS"), Some(&2), "{done:?}");
    let errors = client.imports().errors(&started.id).await.unwrap();
    assert_eq!(errors.len(), 1);
    assert!(!errors[0].error_type.is_empty());
    assert!(errors[0].text().contains("royalty"), "{:?}", errors[0]);

    let people: Vec<_> = client.contacts().list().try_collect().await.unwrap();
    let grace = people
        .iter()
        .find(|p| p.properties.email.get().map(String::as_str) == Some("grace@example.com"))
        .expect("imported");
    assert_eq!(
        grace.properties.firstname.get().map(String::as_str),
        Some("Grace, RADM"),
        "quoted comma kept"
    );
    assert!(client
        .imports()
        .list()
        .await
        .unwrap()
        .iter()
        .any(|i| i.id == started.id));
    let late = client
        .imports()
        .cancel(&started.id)
        .await
        .expect_err("already finished");
    assert_eq!(late.status(), Some(400));
    let unknown = client
        .imports()
        .get("999")
        .await
        .expect_err("no such import");
    assert_eq!(unknown.status(), Some(404));
}
