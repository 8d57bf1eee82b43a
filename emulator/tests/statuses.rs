//! Successful calls answer the success status the endpoint table states for their family in
//! the version called (`Family::status`), at the table's path for the default version: the
//! router sends it, the handlers only compute bodies. A batch with failed inputs answers 207
//! instead. Families whose status differs between versions are called in each.

mod common;

use common::{Api, Reply};
use hubspot_crm_endpoints::{ApiVersion, Family};
use hubspot_crm_vocab::{HttpMethod, PathParam};
use reqwest::Method;
use serde_json::{json, Value};

/// Calls `family` at its default-version path with `params` filled in.
async fn call(
    api: &Api,
    family: Family,
    params: &[(PathParam, &str)],
    body: Option<Value>,
) -> Reply {
    call_in(api, ApiVersion::DEFAULT, family, params, body).await
}

/// Calls `family` at its path in `version` with `params` filled in.
async fn call_in(
    api: &Api,
    version: ApiVersion,
    family: Family,
    params: &[(PathParam, &str)],
    body: Option<Value>,
) -> Reply {
    let path = params
        .iter()
        .fold(family.path(version).to_string(), |p, (k, v)| {
            p.replace(&format!("{{{}}}", k.as_str()), v)
        });
    let method = match family.spec().method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
    };
    api.send(method, &path, body).await
}

/// Calls `family` and asserts the table's success status for the default version.
async fn ok(api: &Api, family: Family, params: &[(PathParam, &str)], body: Option<Value>) -> Value {
    let reply = call(api, family, params, body).await;
    assert_eq!(
        reply.status.as_u16(),
        family.status(ApiVersion::DEFAULT),
        "{family}: {}",
        reply.text
    );
    reply.body
}

fn id(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_string()
}

#[tokio::test]
async fn records_and_batches_answer_the_tables_statuses() {
    use PathParam::{ObjectId, ObjectType};
    let api = Api::start().await;
    let contacts = [(ObjectType, "contacts")];
    let a = id(&ok(
        &api,
        Family::ObjectsCreate,
        &contacts,
        Some(json!({"properties": {"email": "a@x.com"}})),
    )
    .await);
    let b = id(&ok(
        &api,
        Family::ObjectsCreate,
        &contacts,
        Some(json!({"properties": {"email": "b@x.com"}})),
    )
    .await);
    let one = [(ObjectType, "contacts"), (ObjectId, a.as_str())];
    ok(&api, Family::ObjectsGet, &one, None).await;
    ok(
        &api,
        Family::ObjectsUpdate,
        &one,
        Some(json!({"properties": {"firstname": "A"}})),
    )
    .await;
    ok(&api, Family::ObjectsList, &contacts, None).await;
    ok(&api, Family::ObjectsSearch, &contacts, Some(json!({}))).await;
    let created = ok(
        &api,
        Family::ObjectsBatchCreate,
        &contacts,
        Some(json!({"inputs": [{"properties": {"email": "c@x.com"}}]})),
    )
    .await;
    let c = id(&created["results"][0]);
    ok(
        &api,
        Family::ObjectsBatchRead,
        &contacts,
        Some(json!({"inputs": [{"id": a}]})),
    )
    .await;
    ok(
        &api,
        Family::ObjectsBatchUpdate,
        &contacts,
        Some(json!({"inputs": [{"id": a, "properties": {"lastname": "Z"}}]})),
    )
    .await;
    ok(
        &api,
        Family::ObjectsBatchUpsert,
        &contacts,
        Some(json!({"inputs": [{"id": "d@x.com", "idProperty": "email", "properties": {}}]})),
    )
    .await;
    ok(
        &api,
        Family::ObjectsMerge,
        &contacts,
        Some(json!({"primaryObjectId": a, "objectIdToMerge": b})),
    )
    .await;
    ok(
        &api,
        Family::ObjectsGdprDelete,
        &contacts,
        Some(json!({"objectId": c})),
    )
    .await;
    ok(
        &api,
        Family::ObjectsBatchArchive,
        &contacts,
        Some(json!({"inputs": [{"id": "9999"}]})),
    )
    .await;
    ok(&api, Family::ObjectsArchive, &one, None).await;

    // A batch in which an input failed is a 207, whatever the family's success status.
    let partial = call(
        &api,
        Family::ObjectsBatchRead,
        &contacts,
        Some(json!({"inputs": [{"id": "9999"}]})),
    )
    .await;
    assert_eq!(partial.status, 207, "{}", partial.text);
}

#[tokio::test]
async fn associations_and_labels_answer_the_tables_statuses() {
    use PathParam::{AssociationTypeId, ObjectId, ObjectType, ToObjectId, ToObjectType};
    let api = Api::start().await;
    let contact = api.create("contacts", json!({"email": "a@x.com"})).await;
    let company = api.create("companies", json!({"name": "Acme"})).await;
    let pair = [(ObjectType, "contacts"), (ToObjectType, "companies")];
    let link = [
        (ObjectType, "contacts"),
        (ObjectId, contact.as_str()),
        (ToObjectType, "companies"),
        (ToObjectId, company.as_str()),
    ];
    ok(&api, Family::AssociationsCreateDefault, &link, None).await;
    ok(
        &api,
        Family::AssociationsCreate,
        &link,
        Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}])),
    )
    .await;
    ok(&api, Family::AssociationsList, &link[..3], None).await;
    let inputs = json!({"inputs": [{"from": {"id": contact}, "to": {"id": company}}]});
    ok(
        &api,
        Family::AssociationsBatchCreateDefault,
        &pair,
        Some(inputs.clone()),
    )
    .await;
    ok(
        &api,
        Family::AssociationsBatchRead,
        &pair,
        Some(json!({"inputs": [{"id": contact}]})),
    )
    .await;
    let label = ok(
        &api,
        Family::AssociationLabelsCreate,
        &pair,
        Some(json!({"label": "Owner", "name": "owner"})),
    )
    .await;
    let type_id = label["results"][0]["typeId"].to_string();
    ok(&api, Family::AssociationLabelsList, &pair, None).await;
    ok(
        &api,
        Family::AssociationLabelsUpdate,
        &pair,
        Some(json!({"associationTypeId": type_id.parse::<u32>().unwrap(), "label": "Boss"})),
    )
    .await;
    let labelled = [
        (ObjectType, "contacts"),
        (ToObjectType, "companies"),
        (AssociationTypeId, type_id.as_str()),
    ];
    ok(&api, Family::AssociationLabelsDelete, &labelled, None).await;
    let primary = json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]);
    let typed =
        json!({"inputs": [{"from": {"id": contact}, "to": {"id": company}, "types": primary}]});
    ok(
        &api,
        Family::AssociationsBatchCreate,
        &pair,
        Some(typed.clone()),
    )
    .await;
    ok(
        &api,
        Family::AssociationsBatchArchiveLabels,
        &pair,
        Some(typed),
    )
    .await;
    ok(&api, Family::AssociationsRemove, &link, None).await;
    ok(
        &api,
        Family::AssociationsBatchArchive,
        &pair,
        Some(json!({"inputs": [{"from": {"id": contact}, "to": [{"id": company}]}]})),
    )
    .await;
}

#[tokio::test]
async fn properties_and_schemas_answer_the_tables_statuses() {
    use PathParam::{GroupName, ObjectType, PropertyName};
    let api = Api::start().await;
    let companies = [(ObjectType, "companies")];
    ok(
        &api,
        Family::PropertyGroupsCreate,
        &companies,
        Some(json!({"name": "extra", "label": "Extra"})),
    )
    .await;
    let group = [(ObjectType, "companies"), (GroupName, "extra")];
    ok(&api, Family::PropertyGroupsGet, &group, None).await;
    ok(
        &api,
        Family::PropertiesCreate,
        &companies,
        Some(json!({"name": "tier", "label": "Tier", "type": "string",
                    "fieldType": "text", "groupName": "extra"})),
    )
    .await;
    let tier = [(ObjectType, "companies"), (PropertyName, "tier")];
    ok(
        &api,
        Family::PropertiesUpdate,
        &tier,
        Some(json!({"label": "Level"})),
    )
    .await;
    ok(
        &api,
        Family::PropertiesBatchRead,
        &companies,
        Some(json!({"inputs": [{"name": "tier"}]})),
    )
    .await;
    ok(&api, Family::PropertiesGet, &tier, None).await;
    ok(&api, Family::PropertiesList, &companies, None).await;
    ok(&api, Family::PropertiesArchive, &tier, None).await;
    ok(
        &api,
        Family::PropertiesBatchCreate,
        &companies,
        Some(
            json!({"inputs": [{"name": "rank", "label": "Rank", "type": "string",
                                 "fieldType": "text", "groupName": "extra"}]}),
        ),
    )
    .await;
    ok(
        &api,
        Family::PropertiesBatchArchive,
        &companies,
        Some(json!({"inputs": [{"name": "rank"}]})),
    )
    .await;
    ok(&api, Family::PropertyGroupsList, &companies, None).await;
    ok(
        &api,
        Family::PropertyGroupsUpdate,
        &group,
        Some(json!({"label": "More"})),
    )
    .await;
    ok(&api, Family::PropertyGroupsArchive, &group, None).await;

    ok(
        &api,
        Family::SchemasCreate,
        &[],
        Some(
            json!({"name": "car", "labels": {"singular": "Car", "plural": "Cars"},
                    "properties": [{"name": "model", "label": "Model"}]}),
        ),
    )
    .await;
    let car = [(ObjectType, "car")];
    ok(&api, Family::SchemasGet, &car, None).await;
    ok(
        &api,
        Family::SchemasCreateAssociation,
        &car,
        Some(json!({"fromObjectTypeId": "2-1", "toObjectTypeId": "0-1"})),
    )
    .await;
    ok(&api, Family::SchemasList, &[], None).await;
    ok(
        &api,
        Family::SchemasUpdate,
        &car,
        Some(json!({"labels": {"singular": "Auto"}})),
    )
    .await;
    ok(&api, Family::SchemasArchive, &car, None).await;
    ok(&api, Family::ImportsList, &[], None).await;
}

/// The association batch archives answer 204 without a body in legacy v4 and 200 with an
/// empty batch answer in the date versions, as the table states per version.
#[tokio::test]
async fn association_batch_archives_answer_each_versions_status_and_body() {
    use PathParam::{ObjectType, ToObjectType};
    let api = Api::start().await;
    let pair = [(ObjectType, "contacts"), (ToObjectType, "companies")];
    for family in [
        Family::AssociationsBatchArchive,
        Family::AssociationsBatchArchiveLabels,
    ] {
        assert_eq!(family.status(ApiVersion::Legacy), 204, "{family}");
        for version in ApiVersion::ALL {
            let contact = api.create("contacts", json!({})).await;
            let company = api.create("companies", json!({"name": "Acme"})).await;
            let primary =
                json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]);
            let typed = json!({"inputs": [{"from": {"id": contact}, "to": {"id": company}, "types": primary}]});
            ok(
                &api,
                Family::AssociationsBatchCreate,
                &pair,
                Some(typed.clone()),
            )
            .await;
            let body = match family {
                Family::AssociationsBatchArchive => {
                    json!({"inputs": [{"from": {"id": contact}, "to": [{"id": company}]}]})
                }
                _ => typed,
            };
            let reply = call_in(&api, version, family, &pair, Some(body)).await;
            let status = family.status(version);
            assert_eq!(
                reply.status.as_u16(),
                status,
                "{family} in {version}: {}",
                reply.text
            );
            if status == 204 {
                assert!(
                    reply.text.is_empty(),
                    "{family} in {version}: {}",
                    reply.text
                );
            } else {
                assert_eq!(reply.body["status"], "COMPLETE", "{family} in {version}");
                assert_eq!(reply.body["results"], json!([]), "{family} in {version}");
                assert!(reply.body["startedAt"].is_string(), "{}", reply.text);
                assert!(reply.body["completedAt"].is_string(), "{}", reply.text);
            }
        }
    }
}

/// An association batch create answers 201 in legacy v4 and 2026-03 but 200 in 2026-09
/// (HubSpot's reference), with the same batch body.
#[tokio::test]
async fn association_batch_create_answers_each_versions_status() {
    use PathParam::{ObjectType, ToObjectType};
    let api = Api::start().await;
    let pair = [(ObjectType, "contacts"), (ToObjectType, "companies")];
    let expected = [
        (ApiVersion::Legacy, 201),
        (ApiVersion::V202603, 201),
        (ApiVersion::V202609, 200),
    ];
    assert_eq!(expected.len(), ApiVersion::ALL.len());
    for (version, status) in expected {
        let contact = api.create("contacts", json!({})).await;
        let company = api.create("companies", json!({"name": "Acme"})).await;
        let primary = json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]);
        let body =
            json!({"inputs": [{"from": {"id": contact}, "to": {"id": company}, "types": primary}]});
        let reply = call_in(
            &api,
            version,
            Family::AssociationsBatchCreate,
            &pair,
            Some(body),
        )
        .await;
        assert_eq!(reply.status.as_u16(), status, "{version}: {}", reply.text);
        assert_eq!(
            reply.body["status"], "COMPLETE",
            "{version}: {}",
            reply.text
        );
        assert_eq!(
            reply.body["results"].as_array().map(Vec::len),
            Some(1),
            "{version}: {}",
            reply.text
        );
    }
}
