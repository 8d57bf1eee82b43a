//! The high-usage report over HTTP: queued for an active user under every version's path,
//! answered with the user's email, and computed from the associations as they are against
//! the limits the account set (kept in the state, where HubSpot would email it).

mod common;

use common::{assert_error, Api};
use hubspot_crm_emulator::State;
use hubspot_crm_endpoints::{ApiVersion, Family};
use hubspot_crm_vocab::AssociationCategory;
use serde_json::json;

fn report_path(version: ApiVersion, user: &str) -> String {
    Family::AssociationsHighUsageReport
        .path(version)
        .replace("{userId}", user)
}

#[tokio::test]
async fn a_report_is_queued_for_an_active_user_under_every_version() {
    let api = Api::start().await;
    for version in ApiVersion::ALL {
        let r = api.post(&report_path(version, "9001"), json!({})).await;
        assert_eq!(r.status, 200, "{version:?}: {}", r.text);
        assert_eq!(r.body["userEmail"], "ada@example.com");
        assert_eq!(r.body["userId"], 9001);
        assert_eq!(r.body["enqueueTime"]["dateOnly"], false);
        assert!(r.body["enqueueTime"]["value"].as_i64().unwrap() > 0);
    }
    assert_eq!(api.emulator.snapshot().association_reports.len(), 3);

    // An owner ID is not a user ID; deactivated users and strangers get no report.
    for user in ["101", "9003", "424242"] {
        let r = api
            .post(&report_path(ApiVersion::Legacy, user), json!({}))
            .await;
        assert_error(&r, 404, "OBJECT_NOT_FOUND", "No active user");
    }
    let r = api
        .post(&report_path(ApiVersion::Legacy, "ada"), json!({}))
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "not a user ID");
    assert_eq!(api.emulator.snapshot().association_reports.len(), 3);
}

#[tokio::test]
async fn the_report_lists_live_records_at_or_near_a_limit_from_their_real_counts() {
    let api = Api::start().await;
    let acme: &[(&str, &str)] = &[("name", "Acme")];
    let companies = api.emulator.seed("companies", vec![acme; 5]).expect("seed");
    let blank: &[(&str, &str)] = &[];
    let contacts = api.emulator.seed("contacts", vec![blank; 3]).expect("seed");
    let r = api
        .post(
            "/crm/v4/associations/definitions/configurations/contacts/companies/batch/create",
            json!({"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 5}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    // Contact 0 at the limit (5 of 5), contact 1 near it (4 of 5: 80%), contact 2 below (3).
    let link = |contact: u64, company: u64| {
        let api = &api;
        async move {
            let r = api
                .put(
                    &format!(
                        "/crm/v4/objects/contacts/{contact}/associations/default/companies/{company}"
                    ),
                    None,
                )
                .await;
            assert_eq!(r.status, 200, "{}", r.text);
        }
    };
    for (contact, n) in [(contacts[0], 5), (contacts[1], 4), (contacts[2], 3)] {
        for company in &companies[..n] {
            link(contact, *company).await;
        }
    }
    let r = api
        .post(
            "/crm/v4/associations/usage/high-usage-report/9002",
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["userEmail"], "grace@example.com");

    let state: State = api.emulator.snapshot();
    let report = state.association_reports.last().expect("a report");
    assert_eq!(report.user_id, 9002);
    let rows: Vec<(u64, u64, bool)> = report
        .rows
        .iter()
        .map(|r| (r.object_id, r.usage, r.at_limit()))
        .collect();
    assert_eq!(rows, vec![(contacts[0], 5, true), (contacts[1], 4, false)]);
    let row = &report.rows[0];
    assert_eq!(
        (row.object_type.as_str(), row.to_object_type.as_str()),
        ("contacts", "companies")
    );
    assert_eq!(
        (row.category, row.type_id, row.limit),
        (AssociationCategory::HubspotDefined, 279, 5)
    );

    // Archived records leave the report; a report is computed when it is asked for.
    let r = api
        .delete(&format!("/crm/v3/objects/contacts/{}", contacts[0]))
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    api.post(
        "/crm/v4/associations/usage/high-usage-report/9002",
        json!({}),
    )
    .await;
    let state = api.emulator.snapshot();
    let rows: Vec<u64> = state.association_reports[1]
        .rows
        .iter()
        .map(|r| r.object_id)
        .collect();
    assert_eq!(rows, vec![contacts[1]]);
    assert_eq!(state.association_reports[0].rows.len(), 2, "kept as it was");
}

#[tokio::test]
async fn snapshots_without_reports_still_load() {
    let api = Api::start().await;
    let mut snapshot = serde_json::to_value(api.emulator.snapshot()).expect("serialises");
    snapshot
        .as_object_mut()
        .expect("an object")
        .remove("association_reports");
    let state: State = serde_json::from_value(snapshot).expect("an older snapshot loads");
    assert!(state.association_reports.is_empty());
}
