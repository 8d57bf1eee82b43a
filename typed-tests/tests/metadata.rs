//! The run-time metadata and endpoint tables say what the schema says.

use hubspot_crm::endpoints::{ApiVersion, Family};
use hubspot_crm::metadata::{object_type, OBJECTS};
use hubspot_crm::{AssociationTypeId, Capability};

#[test]
fn object_types_parse_from_ids_and_names() {
    for key in ["0-1", "contacts", "contact", "CONTACTS"] {
        assert_eq!(object_type(key).expect(key).name, "contacts");
    }
    assert_eq!(object_type("0-53").unwrap().name, "invoices");
    assert_eq!(object_type("payment").unwrap().name, "commerce_payments");
    let discounts = object_type("discount").unwrap();
    assert_eq!(discounts.type_id, None);
    assert_eq!(discounts.path_segment(), "discounts");
    let err = object_type("0-999").unwrap_err();
    assert!(err.to_string().contains("`0-999`"), "{err}");
}

#[test]
fn all_thirty_seven_objects_are_in_the_table() {
    assert_eq!(OBJECTS.len(), 37);
    let mut names: Vec<_> = OBJECTS.iter().map(|o| o.name).collect();
    let sorted = {
        let mut s = names.clone();
        s.sort_unstable();
        s
    };
    assert_eq!(names, sorted, "sorted by name");
    names.dedup();
    assert_eq!(names.len(), 37);
}

#[test]
fn capabilities_follow_the_schema() {
    let users = object_type("users").unwrap();
    assert!(users.allows(Capability::Read) && users.allows(Capability::Update));
    assert!(!users.allows(Capability::Create) && !users.allows(Capability::Archive));
    let contacts = object_type("contacts").unwrap();
    assert!(contacts.allows(Capability::GdprDelete) && contacts.allows(Capability::Merge));
    assert!(!object_type("companies")
        .unwrap()
        .allows(Capability::GdprDelete));
    assert_eq!(contacts.unique_properties, ["email"]);
    assert_eq!(
        contacts.default_properties,
        ["firstname", "lastname", "email"]
    );
}

#[test]
fn associations_follow_the_schema() {
    for none in ["products", "users"] {
        assert!(object_type(none).unwrap().associations.is_empty(), "{none}");
    }
    let contacts = object_type("contacts").unwrap();
    let to_companies = contacts.association_to("companies").unwrap();
    assert_eq!(to_companies.type_id, Some(AssociationTypeId(279)));
    assert_eq!(to_companies.primary_type_id, Some(AssociationTypeId(1)));
    let companies = object_type("companies").unwrap();
    let to_self = companies.association_to("companies").unwrap();
    let labels: Vec<u32> = to_self.labels.iter().map(|l| l.type_id.0).collect();
    assert_eq!(labels, [13, 14], "parent/child company labels");
    let quotes = object_type("quotes").unwrap();
    let signer = quotes.association_to("contacts").unwrap().labels;
    assert_eq!(
        (signer[0].type_id.0, signer[0].label),
        (702, "contact signer")
    );
    // Every association has its inverse.
    for object in OBJECTS {
        for a in object.associations {
            let target = object_type(a.to).unwrap();
            assert!(
                target.association_to(object.name).is_some(),
                "{} -> {}",
                object.name,
                a.to
            );
        }
    }
    let leads = object_type("leads").unwrap();
    assert_eq!(
        leads.required_associations,
        [&["contacts", "companies"][..]]
    );
}

#[test]
fn well_known_properties_carry_types_and_flags() {
    use hubspot_crm::runtime::PropertyKind;
    let activities = [
        "calls",
        "emails",
        "meetings",
        "notes",
        "tasks",
        "communications",
        "postal_mail",
    ];
    for activity in activities {
        let ts = object_type(activity)
            .unwrap()
            .property("hs_timestamp")
            .unwrap();
        assert_eq!(ts.kind, PropertyKind::Datetime, "{activity}");
        assert!(ts.required, "activities need hs_timestamp: {activity}");
    }
    let discounts = object_type("discounts").unwrap();
    for name in ["hs_label", "hs_type", "hs_value"] {
        assert!(discounts.property(name).unwrap().required, "{name}");
    }
    let meeting_outcome = object_type("meetings")
        .unwrap()
        .property("hs_meeting_outcome")
        .unwrap();
    assert!(meeting_outcome.options.contains(&"CANCELED"));
}

#[test]
fn endpoint_families_carry_the_tables_facts() {
    assert_eq!(
        ApiVersion::DEFAULT,
        ApiVersion::V202609,
        "newest date version by default"
    );
    assert_eq!(ApiVersion::from_name("2026-03"), Some(ApiVersion::V202603));
    assert_eq!(
        Family::ObjectsGet.path(ApiVersion::Legacy),
        "/crm/v3/objects/{objectType}/{objectId}"
    );
    assert_eq!(
        Family::ObjectsGet.path(ApiVersion::DEFAULT),
        "/crm/objects/2026-09/{objectType}/{objectId}"
    );
    assert_eq!(Family::ObjectsBatchUpsert.spec().batch_limit, Some(100));
    assert_eq!(Family::AssociationsBatchRead.spec().batch_limit, Some(1000));
    assert_eq!(
        Family::ObjectsBatchUpsert.spec().capabilities,
        [Capability::Batch, Capability::Create, Capability::Update],
        "in the table's order"
    );
    // What the client retries after a server error, and what it never repeats.
    assert!(Family::ObjectsBatchUpsert.spec().idempotent);
    assert!(!Family::ObjectsCreate.spec().idempotent);
    assert!(!Family::ObjectsBatchCreate.spec().idempotent);
    let search = Family::ObjectsSearch.spec();
    assert_eq!(
        search.rate_class,
        hubspot_crm::runtime::vocab::RateClass::Search
    );
    assert_eq!(search.search.map(|l| l.results), Some(10_000));
    assert_eq!(search.page_size.map(|p| p.max), Some(200));
    assert_eq!(Family::ALL.len(), 77);
    assert_eq!(
        Family::PipelineStagesGet.path(ApiVersion::V202603),
        "/crm/pipelines/2026-03/{objectType}/{pipelineId}/stages/{stageId}"
    );
    assert_eq!(
        Family::OwnersList.spec().page_size.map(|p| p.max),
        Some(500)
    );
    for f in Family::ALL {
        assert_eq!(Family::from_name(f.name()), Some(f));
        for v in ApiVersion::ALL {
            assert!((200..300).contains(&f.status(v)), "{f} in {v}");
        }
    }
}
