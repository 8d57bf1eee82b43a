//! The generated properties types follow HubSpot's wire rules, both ways.

use std::collections::BTreeSet;

use hubspot_crm::companies::CompanyProperties;
use hubspot_crm::contacts::{ContactProperties, ContactRecord, HsLeadStatus, Lifecyclestage};
use hubspot_crm::deals::{DealProperties, DealRecord};
use hubspot_crm::line_items::LineItemProperties;
use hubspot_crm::runtime::time::{Date, Month};
use hubspot_crm::{Decimal, Field, Properties};

#[test]
fn an_update_sends_set_and_cleared_values_and_leaves_the_rest() {
    let mut props = ContactProperties {
        email: "ada@example.com".into(),
        lifecyclestage: Field::Set(Lifecyclestage::Salesqualifiedlead),
        phone: Field::Clear,
        ..Default::default()
    };
    props
        .custom
        .insert("favourite_colour".into(), Some("teal".into()));
    props.custom.insert("old_custom".into(), None);

    let wire = props.encode();
    let expected = [
        ("email", Some("ada@example.com")),
        ("favourite_colour", Some("teal")),
        ("lifecyclestage", Some("salesqualifiedlead")),
        ("old_custom", Some("")),
        ("phone", Some("")),
    ];
    let got: Vec<(&str, Option<&str>)> = wire
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_deref()))
        .collect();
    assert_eq!(
        got, expected,
        "only set and cleared properties travel; clearing sends \"\""
    );
}

#[test]
fn a_record_decodes_typed_with_fallbacks_and_custom_properties() {
    let json = r#"{
        "id": "512",
        "properties": {
            "email": "ada@example.com",
            "firstname": "Ada",
            "lastname": null,
            "lifecyclestage": "customer",
            "hs_lead_status": "SOMETHING_NEW",
            "createdate": "2024-03-01T10:15:30.250Z",
            "hs_object_id": "512",
            "shoe_size": "42"
        },
        "createdAt": "2024-03-01T10:15:30.250Z",
        "updatedAt": "2024-03-02T00:00:00Z",
        "archived": false
    }"#;
    let record: ContactRecord = serde_json::from_str(json).expect("decodes");
    assert_eq!(record.id.as_str(), "512");
    let p = &record.properties;
    assert_eq!(p.email.get().map(String::as_str), Some("ada@example.com"));
    assert_eq!(p.lastname, Field::Clear, "null is a cleared value");
    assert_eq!(p.jobtitle, Field::Unset, "not returned");
    assert_eq!(p.lifecyclestage, Field::Set(Lifecyclestage::Customer));
    assert_eq!(
        p.hs_lead_status,
        Field::Set(HsLeadStatus::Unlisted("SOMETHING_NEW".into())),
        "an option the schema does not list is kept, not an error"
    );
    assert_eq!(p.hs_object_id, Field::Set(Decimal::from(512)));
    let created = p.createdate.get().expect("createdate");
    assert_eq!(
        (created.year(), created.month(), created.day()),
        (2024, Month::March, 1)
    );
    assert_eq!(created.millisecond(), 250);
    assert_eq!(p.custom.get("shoe_size"), Some(&Some("42".to_string())));
    assert_eq!(record.created_at, Some(*created));
    assert!(!record.archived);

    // Decoding and encoding again gives back what came in (minus what was not returned).
    let wire = p.encode();
    assert_eq!(wire["lifecyclestage"].as_deref(), Some("customer"));
    assert_eq!(wire["hs_lead_status"].as_deref(), Some("SOMETHING_NEW"));
    assert_eq!(wire["shoe_size"].as_deref(), Some("42"));
    assert_eq!(
        wire["createdate"].as_deref(),
        Some("1709288130250"),
        "datetimes go out as epoch ms"
    );
}

#[test]
fn numbers_are_exact_and_bad_values_name_the_property() {
    let record: DealRecord = serde_json::from_str(
        r#"{"id": "9", "properties": {"amount": "1234.10", "closedate": "2025-01-31T00:00:00Z"}}"#,
    )
    .expect("decodes");
    assert_eq!(
        record
            .properties
            .amount
            .get()
            .map(|d| d.to_string())
            .as_deref(),
        Some("1234.10")
    );

    let err = serde_json::from_str::<DealRecord>(
        r#"{"id": "9", "properties": {"amount": "12 dollars"}}"#,
    )
    .expect_err("not a number");
    let message = err.to_string();
    assert!(
        message.contains("`amount`") && message.contains("12 dollars"),
        "{message}"
    );
}

#[test]
fn dates_travel_as_utc_midnight_epoch_milliseconds() {
    let start = Date::from_calendar_date(2024, Month::March, 1).expect("valid date");
    let props = LineItemProperties {
        hs_recurring_billing_start_date: Field::Set(start),
        ..Default::default()
    };
    assert_eq!(
        props.encode()["hs_recurring_billing_start_date"].as_deref(),
        Some("1709251200000")
    );
    let back = LineItemProperties::decode(
        [(
            "hs_recurring_billing_start_date".to_string(),
            Some("2024-03-01".to_string()),
        )]
        .into(),
    )
    .expect("HubSpot returns dates as YYYY-MM-DD");
    assert_eq!(back.hs_recurring_billing_start_date, Field::Set(start));
}

#[test]
fn multi_select_values_are_a_set_joined_by_semicolons() {
    let props = CompanyProperties::decode(
        [(
            "hs_additional_domains".to_string(),
            Some("b.example;a.example;;".to_string()),
        )]
        .into(),
    )
    .expect("decodes");
    let domains: BTreeSet<String> = ["a.example", "b.example"].map(String::from).into();
    assert_eq!(props.hs_additional_domains, Field::Set(domains));
    assert_eq!(
        props.encode()["hs_additional_domains"].as_deref(),
        Some("a.example;b.example")
    );
}

#[test]
fn booleans_are_true_and_false_strings() {
    let props = CompanyProperties {
        is_public: Field::Set(true),
        ..Default::default()
    };
    assert_eq!(props.encode()["is_public"].as_deref(), Some("true"));
    let back =
        CompanyProperties::decode([("is_public".to_string(), Some("false".to_string()))].into())
            .expect("decodes");
    assert_eq!(back.is_public, Field::Set(false));
}

#[test]
fn property_names_match_the_metadata() {
    use hubspot_crm::CrmObject;
    let names: Vec<&str> = hubspot_crm::deals::Deal::INFO
        .properties
        .iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(DealProperties::NAMES, names.as_slice());
}

#[test]
fn a_bad_record_timestamp_is_an_error_naming_the_field() {
    let err = serde_json::from_str::<DealRecord>(r#"{"id": "9", "createdAt": "yesterday"}"#)
        .expect_err("not a date-time");
    let message = err.to_string();
    assert!(
        message.contains("createdAt") && message.contains("yesterday"),
        "{message}"
    );
    let archived: DealRecord = serde_json::from_str(
        r#"{"id": "9", "archived": true, "archivedAt": "2025-01-31T12:00:00Z"}"#,
    )
    .expect("decodes");
    assert!(archived.archived && archived.archived_at.is_some());
}
