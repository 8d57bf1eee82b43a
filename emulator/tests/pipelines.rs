//! Pipelines over HTTP: the tables' default pipelines in HubSpot's shapes, the pipelines and
//! stages families (statuses, IDs, 404s and refusals), record writes checked against the
//! live pipelines (create, update, batch, upsert), the property definitions following them,
//! and pipelines kept in snapshots.

mod common;

use common::{assert_error, Api, Reply};
use hubspot_crm_emulator::{Config, Emulator, State};
use hubspot_crm_endpoints::{ApiVersion, Family};
use serde_json::{json, Value};

/// Asserts the success status the table states for `family` (the same in every version).
fn ok(reply: &Reply, family: Family) {
    for version in ApiVersion::ALL {
        assert_eq!(
            reply.status.as_u16(),
            family.status(version),
            "{family} in {version}: {}",
            reply.text
        );
    }
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .map(|v| v["id"].as_str().expect("an id"))
        .collect()
}

/// Asserts HubSpot's invalid-property error naming `property` with `code`.
fn assert_invalid(reply: &Reply, property: &str, code: &str, fragment: &str) {
    assert_error(
        reply,
        400,
        "VALIDATION_ERROR",
        "Property values were not valid",
    );
    let errors = reply.body["errors"].as_array().expect("errors");
    assert!(
        errors.iter().any(|e| e["code"] == code
            && e["context"]["propertyName"][0] == property
            && e["message"].as_str().unwrap_or_default().contains(fragment)),
        "{code} on {property} with {fragment:?}: {}",
        reply.text
    );
}

/// The `Renewals` deal pipeline with stages `Renewal due` and `Renewed`; returns its body.
async fn renewals(api: &Api) -> Value {
    let r = api
        .post(
            "/crm/v3/pipelines/deals",
            json!({
                "label": "Renewals",
                "displayOrder": 1,
                "stages": [
                    {"label": "Renewal due", "displayOrder": 0, "metadata": {"probability": "0.5"}},
                    {"label": "Renewed", "displayOrder": 1, "metadata": {"probability": 1.0, "isClosed": "true"}},
                ],
            }),
        )
        .await;
    ok(&r, Family::PipelinesCreate);
    r.body
}

fn stage_id<'a>(pipeline: &'a Value, label: &str) -> &'a str {
    pipeline["stages"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["label"] == label))
        .and_then(|s| s["id"].as_str())
        .unwrap_or_else(|| panic!("no stage {label} in {pipeline}"))
}

async fn deal(api: &Api, properties: Value) -> Reply {
    api.post("/crm/v3/objects/deals", json!({ "properties": properties }))
        .await
}

#[tokio::test]
async fn every_account_has_hubspots_default_deal_and_ticket_pipelines() {
    let api = Api::start().await;
    let r = api.get("/crm/v3/pipelines/deals").await;
    ok(&r, Family::PipelinesList);
    let results = &r.body["results"];
    assert_eq!(ids(results), ["default"]);
    let sales = &results[0];
    assert_eq!(sales["label"], "Sales Pipeline");
    assert_eq!(sales["displayOrder"], 0);
    assert_eq!(sales["archived"], false);
    assert!(sales["createdAt"].is_string() && sales["updatedAt"].is_string());
    assert_eq!(
        ids(&sales["stages"]),
        [
            "appointmentscheduled",
            "qualifiedtobuy",
            "presentationscheduled",
            "decisionmakerboughtin",
            "contractsent",
            "closedwon",
            "closedlost"
        ]
    );
    let won = &sales["stages"][5];
    assert_eq!(won["label"], "Closed won");
    assert_eq!(won["displayOrder"], 5);
    assert_eq!(
        won["metadata"],
        json!({"probability": "1.0", "isClosed": "true"})
    );
    for key in ["archived", "createdAt", "updatedAt"] {
        assert!(!won[key].is_null(), "stage {key}: {won}");
    }

    // Tickets, by type ID under a date version.
    let r = api.get("/crm/pipelines/2026-03/0-5/0").await;
    ok(&r, Family::PipelinesGet);
    assert_eq!(r.body["label"], "Support Pipeline");
    assert_eq!(ids(&r.body["stages"]), ["1", "2", "3", "4"]);
    assert_eq!(r.body["stages"][0]["metadata"]["ticketState"], "OPEN");
    assert_eq!(r.body["stages"][3]["metadata"]["ticketState"], "CLOSED");

    let r = api.get("/crm/v3/pipelines/tickets/0/stages/4").await;
    ok(&r, Family::PipelineStagesGet);
    assert_eq!(r.body["label"], "Closed");
    let r = api.get("/crm/v3/pipelines/deals/default/stages").await;
    ok(&r, Family::PipelineStagesList);
    assert_eq!(r.body["results"].as_array().map(Vec::len), Some(7));

    // Objects with pipeline properties but no documented default start with none.
    let r = api.get("/crm/v3/pipelines/orders").await;
    ok(&r, Family::PipelinesList);
    assert_eq!(r.body["results"], json!([]));
}

#[tokio::test]
async fn objects_without_pipelines_and_unknown_ids_are_refused() {
    let api = Api::start().await;
    assert_error(
        &api.get("/crm/v3/pipelines/contacts").await,
        400,
        "VALIDATION_ERROR",
        "contacts have no pipelines",
    );
    assert_error(
        &api.get("/crm/v3/pipelines/nothing").await,
        400,
        "VALIDATION_ERROR",
        "Unable to infer object type",
    );
    for path in [
        "/crm/v3/pipelines/deals/nope",
        "/crm/v3/pipelines/deals/nope/stages",
        "/crm/v3/pipelines/deals/default/stages/nope",
        // A ticket stage is no stage of the deal pipeline.
        "/crm/v3/pipelines/deals/default/stages/1",
    ] {
        assert_error(&api.get(path).await, 404, "OBJECT_NOT_FOUND", "No ");
    }
}

#[tokio::test]
async fn pipelines_and_stages_are_created_changed_and_archived() {
    let api = Api::start().await;
    let created = renewals(&api).await;
    let id = created["id"].as_str().expect("an id").to_string();
    assert!(id.parse::<u64>().is_ok(), "numeric ID: {id}");
    let due = stage_id(&created, "Renewal due").to_string();
    let renewed = stage_id(&created, "Renewed").to_string();
    assert!(due.parse::<u64>().is_ok() && due != renewed && due != id);
    assert_eq!(created["stages"][1]["metadata"]["probability"], "1.0");
    assert_eq!(created["archived"], false);

    let r = api.get("/crm/v3/pipelines/deals").await;
    assert_eq!(ids(&r.body["results"]), ["default", id.as_str()]);

    // PATCH the pipeline.
    let base = format!("/crm/v3/pipelines/deals/{id}");
    let r = api.patch(&base, json!({"label": "Renewals 2027"})).await;
    ok(&r, Family::PipelinesUpdate);
    assert_eq!(r.body["label"], "Renewals 2027");
    assert_eq!(r.body["stages"].as_array().map(Vec::len), Some(2));
    // Another pipeline's label is taken.
    assert_error(
        &api.patch(&base, json!({"label": "Sales Pipeline"})).await,
        400,
        "VALIDATION_ERROR",
        "already exists",
    );

    // Stages: create, read, patch, put, archive.
    let stages = format!("{base}/stages");
    let r = api
        .post(
            &stages,
            json!({"label": "Lost", "displayOrder": 2, "metadata": {"probability": "0.0", "isClosed": "true"}}),
        )
        .await;
    ok(&r, Family::PipelineStagesCreate);
    let lost = r.body["id"].as_str().expect("an id").to_string();
    // Deal stages need a probability; labels are unique in a pipeline.
    assert_error(
        &api.post(
            &stages,
            json!({"label": "Vague", "displayOrder": 3, "metadata": {}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "metadata.probability is required",
    );
    assert_error(
        &api.post(
            &stages,
            json!({"label": "Lost", "displayOrder": 3, "metadata": {"probability": "0"}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "already has a stage labelled Lost",
    );
    assert_error(
        &api.post(
            &stages,
            json!({"label": "No order", "metadata": {"probability": "0"}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "displayOrder",
    );
    let one = format!("{stages}/{lost}");
    let r = api.patch(&one, json!({"label": "Churned"})).await;
    ok(&r, Family::PipelineStagesUpdate);
    assert_eq!(r.body["label"], "Churned");
    assert_eq!(r.body["metadata"]["probability"], "0.0", "metadata kept");
    let r = api
        .put(
            &one,
            Some(
                json!({"label": "Churned", "displayOrder": 5, "metadata": {"probability": "0.0"}}),
            ),
        )
        .await;
    ok(&r, Family::PipelineStagesReplace);
    assert_eq!(r.body["displayOrder"], 5);
    assert_eq!(r.body["metadata"], json!({"probability": "0.0"}));
    let r = api.delete(&one).await;
    ok(&r, Family::PipelineStagesArchive);
    assert_eq!(api.get(&one).await.status, 404);
    let r = api.get(&stages).await;
    assert_eq!(ids(&r.body["results"]), [due.as_str(), renewed.as_str()]);

    // PUT replaces the pipeline: stages given again by label keep their IDs.
    let r = api
        .put(
            &base,
            Some(json!({
                "label": "Renewals",
                "displayOrder": 2,
                "stages": [
                    {"label": "Renewed", "displayOrder": 0, "metadata": {"probability": "1.0"}},
                    {"label": "Upsold", "displayOrder": 1, "metadata": {"probability": "1.0"}},
                ],
            })),
        )
        .await;
    ok(&r, Family::PipelinesReplace);
    assert_eq!(r.body["displayOrder"], 2);
    assert_eq!(stage_id(&r.body, "Renewed"), renewed);
    assert_ne!(stage_id(&r.body, "Upsold"), due);
    assert_eq!(r.body["stages"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        api.get(&format!("{stages}/{due}")).await.status,
        404,
        "a stage left out of a PUT is archived"
    );

    // Archive the pipeline; the default one is then the only one, and stays.
    let r = api.delete(&base).await;
    ok(&r, Family::PipelinesArchive);
    assert_eq!(api.get(&base).await.status, 404);
    assert_error(
        &api.delete("/crm/v3/pipelines/deals/default").await,
        400,
        "VALIDATION_ERROR",
        "keeps at least one",
    );
    // An archived pipeline is restored by PATCH.
    let r = api.patch(&base, json!({"archived": false})).await;
    ok(&r, Family::PipelinesUpdate);
    assert_eq!(r.body["archived"], false);
}

#[tokio::test]
async fn a_pipeline_keeps_a_stage_and_references_are_checked_when_asked() {
    let api = Api::start().await;
    let created = renewals(&api).await;
    let id = created["id"].as_str().unwrap();
    let due = stage_id(&created, "Renewal due");
    let renewed = stage_id(&created, "Renewed");
    let r = deal(
        &api,
        json!({"dealname": "Acme renewal", "pipeline": id, "dealstage": due}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);

    let stage = format!("/crm/v3/pipelines/deals/{id}/stages/{due}");
    assert_error(
        &api.delete(&format!("{stage}?validateReferencesBeforeDelete=true"))
            .await,
        400,
        "VALIDATION_ERROR",
        "in use by 1 deal records",
    );
    assert_error(
        &api.delete(&format!(
            "/crm/v3/pipelines/deals/{id}?validateReferencesBeforeDelete=true"
        ))
        .await,
        400,
        "VALIDATION_ERROR",
        "in use by 1",
    );
    // Without the check, archiving goes ahead.
    ok(&api.delete(&stage).await, Family::PipelineStagesArchive);
    // The last stage stays.
    assert_error(
        &api.delete(&format!("/crm/v3/pipelines/deals/{id}/stages/{renewed}"))
            .await,
        400,
        "VALIDATION_ERROR",
        "keeps at least one stage",
    );
    assert_error(
        &api.put(
            &format!("/crm/v3/pipelines/deals/{id}"),
            Some(json!({"label": "Renewals", "displayOrder": 1, "stages": []})),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "at least one stage",
    );
}

#[tokio::test]
async fn record_writes_name_live_pipelines_and_their_stages() {
    let api = Api::start().await;
    // A typo is not a stage.
    let r = deal(
        &api,
        json!({"dealname": "Typo", "dealstage": "apointmentscheduled"}),
    )
    .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "apointmentscheduled");
    let r = deal(
        &api,
        json!({"dealname": "Typo", "pipeline": "defualt", "dealstage": "closedwon"}),
    )
    .await;
    assert_invalid(&r, "pipeline", "INVALID_OPTION", "defualt");

    // A stage without a pipeline puts the record in the default pipeline.
    let r = deal(&api, json!({"dealname": "Plain", "dealstage": "closedwon"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["properties"]["pipeline"], "default");
    let plain = r.body["id"].as_str().unwrap().to_string();

    // A pipeline created through the API is accepted at once.
    let created = renewals(&api).await;
    let renewals_id = created["id"].as_str().unwrap();
    let due = stage_id(&created, "Renewal due");
    let r = deal(
        &api,
        json!({"dealname": "Renewal", "pipeline": renewals_id, "dealstage": due}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let renewal = r.body["id"].as_str().unwrap().to_string();
    let got = api
        .get(&format!(
            "/crm/v3/objects/deals/{renewal}?properties=pipeline,dealstage"
        ))
        .await;
    assert_eq!(got.body["properties"]["pipeline"], renewals_id);
    assert_eq!(got.body["properties"]["dealstage"], due);

    // A stage of another pipeline is refused, named or defaulted.
    let r = deal(
        &api,
        json!({"dealname": "Mixed", "pipeline": "default", "dealstage": due}),
    )
    .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "is a stage of pipeline");
    let r = deal(&api, json!({"dealname": "Mixed", "dealstage": due})).await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "not of pipeline default");
    let r = deal(
        &api,
        json!({"dealname": "Mixed", "pipeline": renewals_id, "dealstage": "closedwon"}),
    )
    .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "closedwon is a stage");

    // Updates: the stage is checked against the record's pipeline; moving a record to
    // another pipeline needs a stage of it.
    let path = format!("/crm/v3/objects/deals/{renewal}");
    let r = api
        .patch(&path, json!({"properties": {"dealstage": "closedlost"}}))
        .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "closedlost");
    let r = api
        .patch(&path, json!({"properties": {"pipeline": "default"}}))
        .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "set dealstage together");
    let r = api
        .patch(
            &path,
            json!({"properties": {"pipeline": "default", "dealstage": "closedlost"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api
        .patch(&path, json!({"properties": {"dealname": "Renamed"}}))
        .await;
    assert_eq!(r.status, 200, "other properties need no pipeline check");

    // Batches: one bad input fails the batch.
    let r = api
        .post(
            "/crm/v3/objects/deals/batch/create",
            json!({"inputs": [
                {"properties": {"dealname": "B1", "dealstage": "closedwon"}},
                {"properties": {"dealname": "B2", "pipeline": "default", "dealstage": due}},
            ]}),
        )
        .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "is a stage of pipeline");
    let r = api
        .post(
            "/crm/v3/objects/deals/batch/update",
            json!({"inputs": [
                {"id": plain, "properties": {"dealstage": due}},
            ]}),
        )
        .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "not of pipeline default");
    let r = api
        .post(
            "/crm/v3/objects/deals/batch/update",
            json!({"inputs": [
                {"id": plain, "properties": {"pipeline": renewals_id, "dealstage": due}},
            ]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["results"][0]["properties"]["pipeline"], renewals_id);

    // Upsert, by a unique property of the account's own.
    let r = api
        .post(
            "/crm/v3/properties/deals",
            json!({"name": "contract_ref", "label": "Contract", "type": "string",
                   "fieldType": "text", "groupName": "dealinformation", "hasUniqueValue": true}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let upsert = |stage: &str| {
        json!({"inputs": [{"id": "C-1", "idProperty": "contract_ref",
                           "properties": {"dealname": "Contract", "dealstage": stage}}]})
    };
    let r = api
        .post("/crm/v3/objects/deals/batch/upsert", upsert(due))
        .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "not of pipeline default");
    let r = api
        .post(
            "/crm/v3/objects/deals/batch/upsert",
            upsert("qualifiedtobuy"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api
        .post("/crm/v3/objects/deals/batch/upsert", upsert("closedwn"))
        .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", "closedwn");

    // Archived stages are no longer accepted; records in them keep their value.
    let stage = format!("/crm/v3/pipelines/deals/{renewals_id}/stages/{due}");
    ok(&api.delete(&stage).await, Family::PipelineStagesArchive);
    let r = api
        .get(&format!(
            "/crm/v3/objects/deals/{plain}?properties=dealstage"
        ))
        .await;
    assert_eq!(r.body["properties"]["dealstage"], due);
    let r = deal(
        &api,
        json!({"dealname": "Late", "pipeline": renewals_id, "dealstage": due}),
    )
    .await;
    assert_invalid(&r, "dealstage", "INVALID_OPTION", due);
}

#[tokio::test]
async fn ticket_stages_are_checked_against_the_ticket_pipeline() {
    let api = Api::start().await;
    let ticket = |props: Value| api.post("/crm/v3/objects/tickets", json!({ "properties": props }));
    let r = ticket(json!({"subject": "Printer", "hs_pipeline_stage": "1"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap();
    let r = api
        .get(&format!(
            "/crm/v3/objects/tickets/{id}?properties=hs_pipeline"
        ))
        .await;
    assert_eq!(
        r.body["properties"]["hs_pipeline"], "0",
        "the default pipeline"
    );
    let r = ticket(json!({"subject": "Printer", "hs_pipeline_stage": "9"})).await;
    assert_invalid(&r, "hs_pipeline_stage", "INVALID_OPTION", "9");
    // A deal stage is no ticket stage.
    let r = ticket(json!({"subject": "Printer", "hs_pipeline_stage": "closedwon"})).await;
    assert_invalid(&r, "hs_pipeline_stage", "INVALID_OPTION", "closedwon");
    // Ticket stages need their ticketState.
    assert_error(
        &api.post(
            "/crm/v3/pipelines/tickets/0/stages",
            json!({"label": "Escalated", "displayOrder": 4, "metadata": {}}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
        "metadata.ticketState is required",
    );
}

#[tokio::test]
async fn property_definitions_list_the_live_pipelines_and_stages() {
    let api = Api::start().await;
    let options = |body: &Value| -> Vec<(String, String)> {
        body["options"]
            .as_array()
            .expect("options")
            .iter()
            .map(|o| {
                (
                    o["value"].as_str().unwrap().to_string(),
                    o["label"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let stage_property = api.get("/crm/v3/properties/deals/dealstage").await;
    assert_eq!(stage_property.status, 200, "{}", stage_property.text);
    let before = options(&stage_property.body);
    assert_eq!(before.len(), 7);
    assert_eq!(
        before[5],
        ("closedwon".to_string(), "Closed won".to_string())
    );

    let created = renewals(&api).await;
    let id = created["id"].as_str().unwrap().to_string();
    let due = stage_id(&created, "Renewal due").to_string();
    let after = options(&api.get("/crm/v3/properties/deals/dealstage").await.body);
    assert_eq!(after.len(), 9);
    assert!(after.contains(&(due.clone(), "Renewal due".to_string())));
    let pipelines = options(&api.get("/crm/v3/properties/deals/pipeline").await.body);
    assert_eq!(
        pipelines,
        [
            ("default".to_string(), "Sales Pipeline".to_string()),
            (id.clone(), "Renewals".to_string())
        ]
    );

    // Archiving takes them out again.
    ok(
        &api.delete(&format!("/crm/v3/pipelines/deals/{id}")).await,
        Family::PipelinesArchive,
    );
    let after = options(&api.get("/crm/v3/properties/deals/dealstage").await.body);
    assert_eq!(after, before);
    let r = api
        .get("/crm/v3/properties/tickets/hs_pipeline_stage")
        .await;
    assert_eq!(options(&r.body).len(), 4);
}

#[tokio::test]
async fn pipelines_live_in_snapshots_and_old_snapshots_load() {
    let api = Api::start().await;
    let created = renewals(&api).await;
    let id = created["id"].as_str().unwrap().to_string();
    let snapshot = api.emulator.snapshot();

    // A fresh emulator given the snapshot serves the created pipeline.
    let other = Api::start().await;
    other.emulator.restore(snapshot.clone());
    let r = other.get(&format!("/crm/v3/pipelines/deals/{id}")).await;
    ok(&r, Family::PipelinesGet);
    assert_eq!(r.body["label"], "Renewals");

    // A snapshot written before pipelines and owners existed still loads: no pipelines are
    // checked and no owners are served.
    let mut old = serde_json::to_value(&snapshot).expect("serialisable");
    old.as_object_mut().unwrap().remove("owners");
    for ts in old["types"].as_object_mut().unwrap().values_mut() {
        ts.as_object_mut().unwrap().remove("pipelines");
    }
    let old: State = serde_json::from_value(old).expect("an old snapshot loads");
    let emulator = Emulator::start(Config::default()).await.unwrap();
    emulator.restore(old);
    let legacy = Api {
        emulator,
        http: reqwest::Client::new(),
    };
    assert_error(
        &legacy.get("/crm/v3/pipelines/deals").await,
        400,
        "VALIDATION_ERROR",
        "no pipelines",
    );
    let r = legacy.get("/crm/v3/owners").await;
    assert_eq!(r.body["results"], json!([]));
}
