//! Every entry of a 207's `errors`, from every batch family that reports inputs one by one,
//! in every version, has the shape HubSpot describes for a batch error (`StandardError`).

mod common;

use common::{assert_standard_errors, Api};
use hubspot_crm_endpoints::{ApiVersion, Family};
use serde_json::json;

/// `family`'s path in `version` with its placeholders filled in.
fn path_in(version: ApiVersion, family: Family, params: &[(&str, &str)]) -> String {
    params
        .iter()
        .fold(family.path(version).to_string(), |p, (k, v)| {
            p.replace(&format!("{{{k}}}"), v)
        })
}

#[tokio::test]
async fn every_batch_error_entry_has_hubspots_standard_error_shape() {
    let api = Api::start().await;
    for version in ApiVersion::ALL {
        let contact = api.create("contacts", json!({})).await;
        let lonely = api.create("contacts", json!({})).await;
        let company = api.create("companies", json!({"name": "Acme"})).await;
        let contacts = [("objectType", "contacts")];
        let pair = [("objectType", "contacts"), ("toObjectType", "companies")];
        let post = |family, params: &[(&str, &str)], body| {
            let path = path_in(version, family, params);
            let api = &api;
            async move { api.post(&path, body).await }
        };

        let read = post(
            Family::ObjectsBatchRead,
            &contacts,
            json!({"inputs": [{"id": contact}, {"id": "999999"}]}),
        )
        .await;
        assert_standard_errors(&read);
        assert_eq!(read.body["errors"][0]["context"]["ids"], json!(["999999"]));

        let update = post(
            Family::ObjectsBatchUpdate,
            &contacts,
            json!({"inputs": [
                {"id": contact, "properties": {"firstname": "Ann"}},
                {"id": "999998", "properties": {}, "objectWriteTraceId": "t-1"}
            ]}),
        )
        .await;
        assert_standard_errors(&update);
        let traced = &update.body["errors"][0]["context"];
        assert_eq!(
            traced["objectWriteTraceId"],
            json!(["t-1"]),
            "{}",
            update.text
        );

        let properties = post(
            Family::PropertiesBatchRead,
            &contacts,
            json!({"inputs": [{"name": "email"}, {"name": "no_such_property"}]}),
        )
        .await;
        assert_standard_errors(&properties);

        api.put(
            &path_in(
                version,
                Family::AssociationsCreateDefault,
                &[
                    ("objectType", "contacts"),
                    ("objectId", contact.as_str()),
                    ("toObjectType", "companies"),
                    ("toObjectId", company.as_str()),
                ],
            ),
            None,
        )
        .await;
        let assoc_read = post(
            Family::AssociationsBatchRead,
            &pair,
            json!({"inputs": [{"id": contact}, {"id": lonely}, {"id": "999997"}]}),
        )
        .await;
        assert_standard_errors(&assoc_read);
        for e in assoc_read.body["errors"].as_array().expect("errors") {
            assert_eq!(
                e["errors"][0]["subCategory"], "crm.associations.NO_ASSOCIATIONS_FOUND",
                "{version}: {e}"
            );
        }

        let missing = json!({"inputs": [
            {"from": {"id": contact}, "to": {"id": company}},
            {"from": {"id": "999996"}, "to": {"id": company}}
        ]});
        assert_standard_errors(
            &post(
                Family::AssociationsBatchCreateDefault,
                &pair,
                missing.clone(),
            )
            .await,
        );
        let primary = json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]);
        let typed = json!({"inputs": [
            {"from": {"id": contact}, "to": {"id": company}, "types": primary},
            {"from": {"id": "999996"}, "to": {"id": company}, "types": primary}
        ]});
        let created = post(Family::AssociationsBatchCreate, &pair, typed).await;
        assert_standard_errors(&created);
        assert_eq!(
            created.body["errors"][0]["context"]["ids"],
            json!(["999996"])
        );
    }
}
