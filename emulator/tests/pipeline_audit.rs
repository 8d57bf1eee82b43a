//! The audits of pipelines and stages over HTTP, under every version's path: every change
//! made through the pipelines API is listed, newest first, in HubSpot's `PublicAuditInfo`
//! shape (`action`, `identifier`, `portalId` required; `message`, `rawObject`, `timestamp`),
//! a stage's own changes in its pipeline's audit too, unknown pipelines and stages are 404,
//! and audits are kept in snapshots.

mod common;

use std::collections::BTreeSet;

use common::{assert_error, Api, Reply};
use hubspot_crm_emulator::{Config, State};
use hubspot_crm_endpoints::{ApiVersion, Family};
use hubspot_crm_vocab::HttpMethod;
use reqwest::Method;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `family`'s path in `version` for deals, with the pipeline and stage given.
fn path(family: Family, version: ApiVersion, pipeline: &str, stage: &str) -> String {
    family
        .path(version)
        .replace("{objectType}", "deals")
        .replace("{pipelineId}", pipeline)
        .replace("{stageId}", stage)
}

/// Calls `family` in `version` for deals and asserts the table's success status.
async fn call(
    api: &Api,
    family: Family,
    version: ApiVersion,
    (pipeline, stage): (&str, &str),
    body: Option<Value>,
) -> Reply {
    let method = match family.spec().method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
    };
    let reply = api
        .send(method, &path(family, version, pipeline, stage), body)
        .await;
    assert_eq!(
        reply.status.as_u16(),
        family.status(version),
        "{family} in {version}: {}",
        reply.text
    );
    reply
}

fn stage(label: &str, order: i64, probability: &str) -> Value {
    json!({"label": label, "displayOrder": order, "metadata": {"probability": probability}})
}

/// A deal pipeline labelled `label` with stages `Due` and `Won`; returns its body.
async fn create(api: &Api, version: ApiVersion, label: &str) -> Value {
    let body = json!({
        "label": label,
        "displayOrder": 1,
        "stages": [stage("Due", 0, "0.5"), stage("Won", 1, "1.0")],
    });
    call(api, Family::PipelinesCreate, version, ("", ""), Some(body))
        .await
        .body
}

fn id(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("an id: {value}"))
        .to_string()
}

fn stage_id(pipeline: &Value, label: &str) -> String {
    pipeline["stages"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["label"] == label))
        .map(id)
        .unwrap_or_else(|| panic!("no stage {label} in {pipeline}"))
}

/// The audit entries of an answer, each checked against HubSpot's `PublicAuditInfo`: the
/// required `action`, `identifier` (strings) and `portalId` (the account's, an integer), and
/// `message` (a string), `rawObject` (an object) and `timestamp` (an ISO-8601 date-time).
fn entries(reply: &Reply) -> &Vec<Value> {
    let results = reply.body["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{{results: [...]}}: {}", reply.text));
    assert!(
        reply.body.get("paging").is_none(),
        "no paging: {}",
        reply.text
    );
    let portal = Config::default().portal_id;
    for e in results {
        assert!(e["action"].is_string(), "action: {e}");
        assert!(
            e["identifier"].as_str().is_some_and(|s| !s.is_empty()),
            "identifier: {e}"
        );
        assert_eq!(e["portalId"].as_u64(), Some(portal), "portalId: {e}");
        assert!(e["message"].is_string(), "message: {e}");
        assert!(e["rawObject"].is_object(), "rawObject: {e}");
        let timestamp = e["timestamp"].as_str().expect("a timestamp");
        OffsetDateTime::parse(timestamp, &Rfc3339)
            .unwrap_or_else(|err| panic!("timestamp {timestamp}: {err}"));
        assert!(e.get("fromUserId").is_none(), "no user made it: {e}");
    }
    results
}

fn actions(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default())
        .collect()
}

/// The `rawObject` field `key` of every entry.
fn raw<'a>(entries: &'a [Value], key: &str) -> Vec<&'a Value> {
    entries.iter().map(|e| &e["rawObject"][key]).collect()
}

fn timestamps(entries: &[Value]) -> Vec<OffsetDateTime> {
    entries
        .iter()
        .filter_map(|e| e["timestamp"].as_str())
        .filter_map(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
        .collect()
}

#[tokio::test]
async fn a_pipelines_changes_are_listed_newest_first_in_every_version() {
    let api = Api::start().await;
    let mut identifiers = BTreeSet::new();
    for (n, version) in ApiVersion::ALL.into_iter().enumerate() {
        let created = create(&api, version, &format!("Renewals {n}")).await;
        let pipeline = id(&created);
        let due = stage_id(&created, "Due");
        let won = stage_id(&created, "Won");
        let at = (pipeline.as_str(), "");
        call(
            &api,
            Family::PipelinesUpdate,
            version,
            at,
            Some(json!({"label": format!("Renewals {n} renamed")})),
        )
        .await;
        // Keeps `Due` (by label), archives `Won`, adds `Lost`.
        let replaced = call(
            &api,
            Family::PipelinesReplace,
            version,
            at,
            Some(json!({
                "label": format!("Renewals {n} replaced"),
                "displayOrder": 2,
                "stages": [stage("Due", 0, "0.4"), stage("Lost", 1, "0.0")],
            })),
        )
        .await
        .body;
        let lost = stage_id(&replaced, "Lost");

        let reply = call(&api, Family::PipelinesAudit, version, at, None).await;
        let list = entries(&reply);
        // The stages the create and replace changed are in their own audits, not here.
        assert_eq!(actions(list), ["UPDATE", "UPDATE", "CREATE"], "{version}");
        assert_eq!(
            raw(list, "label"),
            [
                &json!(format!("Renewals {n} replaced")),
                &json!(format!("Renewals {n} renamed")),
                &json!(format!("Renewals {n}")),
            ],
            "rawObject is the pipeline after each change"
        );
        assert!(list.iter().all(|e| e["rawObject"]["id"] == pipeline));
        assert_eq!(
            list[2]["rawObject"]["stages"].as_array().map(Vec::len),
            Some(2)
        );
        let times = timestamps(list);
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");

        // What the create and replace did to each stage.
        for (stage, expected) in [
            (&due, ["UPDATE", "CREATE"].as_slice()),
            (&won, ["DELETE", "CREATE"].as_slice()),
            (&lost, ["CREATE"].as_slice()),
        ] {
            let reply = call(
                &api,
                Family::PipelineStagesAudit,
                version,
                (&pipeline, stage),
                None,
            )
            .await;
            let list = entries(&reply);
            assert_eq!(actions(list), expected, "stage {stage} in {version}");
            assert!(list.iter().all(|e| e["rawObject"]["id"] == *stage));
            identifiers.extend(list.iter().map(|e| e["identifier"].to_string()));
        }
        let due_audit = call(
            &api,
            Family::PipelineStagesAudit,
            version,
            (&pipeline, &due),
            None,
        )
        .await;
        assert_eq!(
            entries(&due_audit)[0]["rawObject"]["metadata"]["probability"],
            "0.4"
        );

        // Archiving is a DELETE; the archived pipeline keeps its audit.
        call(&api, Family::PipelinesArchive, version, at, None).await;
        let reply = call(&api, Family::PipelinesAudit, version, at, None).await;
        let list = entries(&reply);
        assert_eq!(actions(list), ["DELETE", "UPDATE", "UPDATE", "CREATE"]);
        assert_eq!(list[0]["rawObject"]["archived"], true);
        identifiers.extend(list.iter().map(|e| e["identifier"].to_string()));
    }
    // 4 pipeline entries and 5 stage entries per version, each with its own identifier.
    assert_eq!(identifiers.len(), 9 * ApiVersion::ALL.len());
}

#[tokio::test]
async fn a_stages_own_changes_are_in_its_audit_and_its_pipelines() {
    let api = Api::start().await;
    for (n, version) in ApiVersion::ALL.into_iter().enumerate() {
        let pipeline = id(&create(&api, version, &format!("Stages {n}")).await);
        let at = (pipeline.as_str(), "");
        let created = call(
            &api,
            Family::PipelineStagesCreate,
            version,
            at,
            Some(stage("Lost", 2, "0.0")),
        )
        .await
        .body;
        let lost = id(&created);
        let here = (pipeline.as_str(), lost.as_str());
        call(
            &api,
            Family::PipelineStagesUpdate,
            version,
            here,
            Some(json!({"label": "Churned"})),
        )
        .await;
        call(
            &api,
            Family::PipelineStagesReplace,
            version,
            here,
            Some(stage("Gone", 3, "0.0")),
        )
        .await;
        call(&api, Family::PipelineStagesArchive, version, here, None).await;

        let reply = call(&api, Family::PipelineStagesAudit, version, here, None).await;
        let list = entries(&reply);
        assert_eq!(actions(list), ["DELETE", "UPDATE", "UPDATE", "CREATE"]);
        assert_eq!(
            raw(list, "label"),
            [
                &json!("Gone"),
                &json!("Gone"),
                &json!("Churned"),
                &json!("Lost")
            ]
        );
        assert_eq!(raw(list, "archived")[0], &json!(true));
        let times = timestamps(list);
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
        // The archived stage keeps its audit; it is no longer readable.
        assert_error(
            &api.get(&path(Family::PipelineStagesGet, version, &pipeline, &lost))
                .await,
            404,
            "OBJECT_NOT_FOUND",
            "No stage",
        );

        // The pipeline's audit lists the same entries, above its own creation.
        let reply = call(&api, Family::PipelinesAudit, version, at, None).await;
        let all = entries(&reply);
        assert_eq!(
            actions(all),
            ["DELETE", "UPDATE", "UPDATE", "CREATE", "CREATE"]
        );
        assert_eq!(&all[..4], &list[..], "the same entries, identifiers too");
        assert_eq!(all[4]["rawObject"]["id"], pipeline);

        // Archiving through PATCH is a DELETE too; restoring is an UPDATE.
        let due = stage_id(&read_pipeline(&api, version, &pipeline).await, "Due");
        let here = (pipeline.as_str(), due.as_str());
        call(
            &api,
            Family::PipelineStagesUpdate,
            version,
            here,
            Some(json!({"archived": true})),
        )
        .await;
        call(
            &api,
            Family::PipelineStagesUpdate,
            version,
            here,
            Some(json!({"archived": false})),
        )
        .await;
        let reply = call(&api, Family::PipelineStagesAudit, version, here, None).await;
        assert_eq!(
            actions(entries(&reply)),
            ["UPDATE", "DELETE", "CREATE"],
            "{version}"
        );
    }
}

/// The pipeline `pipeline` as read (its live stages).
async fn read_pipeline(api: &Api, version: ApiVersion, pipeline: &str) -> Value {
    call(api, Family::PipelinesGet, version, (pipeline, ""), None)
        .await
        .body
}

#[tokio::test]
async fn the_default_pipelines_start_without_entries() {
    let api = Api::start().await;
    for version in ApiVersion::ALL {
        let reply = call(&api, Family::PipelinesAudit, version, ("default", ""), None).await;
        assert_eq!(reply.body, json!({"results": []}));
        let reply = call(
            &api,
            Family::PipelineStagesAudit,
            version,
            ("default", "closedwon"),
            None,
        )
        .await;
        assert_eq!(reply.body, json!({"results": []}));
    }
    // A change to the default pipeline is the first entry of its audit.
    call(
        &api,
        Family::PipelinesUpdate,
        ApiVersion::Legacy,
        ("default", ""),
        Some(json!({"displayOrder": 3})),
    )
    .await;
    let reply = call(
        &api,
        Family::PipelinesAudit,
        ApiVersion::DEFAULT,
        ("default", ""),
        None,
    )
    .await;
    let list = entries(&reply);
    assert_eq!(actions(list), ["UPDATE"]);
    assert_eq!(list[0]["rawObject"]["displayOrder"], 3);
    // Tickets' audits are their own.
    let reply = api.get("/crm/v3/pipelines/tickets/0/audit").await;
    assert_eq!(reply.body, json!({"results": []}), "{}", reply.text);
}

#[tokio::test]
async fn unknown_pipelines_and_stages_are_404_and_objects_without_pipelines_400() {
    let api = Api::start().await;
    for version in ApiVersion::ALL {
        for (family, ids) in [
            (Family::PipelinesAudit, ("nope", "")),
            (Family::PipelineStagesAudit, ("nope", "closedwon")),
            (Family::PipelineStagesAudit, ("default", "nope")),
            // A ticket stage is no stage of the deal pipeline.
            (Family::PipelineStagesAudit, ("default", "1")),
        ] {
            assert_error(
                &api.get(&path(family, version, ids.0, ids.1)).await,
                404,
                "OBJECT_NOT_FOUND",
                "No ",
            );
        }
        let contacts = Family::PipelinesAudit
            .path(version)
            .replace("{objectType}", "contacts")
            .replace("{pipelineId}", "default");
        assert_error(
            &api.get(&contacts).await,
            400,
            "VALIDATION_ERROR",
            "contacts have no pipelines",
        );
    }
}

#[tokio::test]
async fn audits_live_in_snapshots_and_older_snapshots_load_without_them() {
    let api = Api::start().await;
    let version = ApiVersion::Legacy;
    let pipeline = id(&create(&api, version, "Kept").await);
    let at = (pipeline.as_str(), "");
    let before = call(&api, Family::PipelinesAudit, version, at, None).await;
    let snapshot = api.emulator.snapshot();

    let other = Api::start().await;
    other.emulator.restore(snapshot.clone());
    let after = call(&other, Family::PipelinesAudit, version, at, None).await;
    assert_eq!(after.body, before.body);

    // A snapshot written before audits existed loads with none; new changes are recorded.
    let mut old = serde_json::to_value(&snapshot).expect("serialisable");
    for ts in old["types"].as_object_mut().expect("types").values_mut() {
        if let Some(tp) = ts["pipelines"].as_object_mut() {
            tp.remove("audit");
            tp.remove("next_audit");
        }
    }
    let old: State = serde_json::from_value(old).expect("an old snapshot loads");
    let legacy = Api::start().await;
    legacy.emulator.restore(old);
    let reply = call(&legacy, Family::PipelinesAudit, version, at, None).await;
    assert_eq!(reply.body, json!({"results": []}));
    call(
        &legacy,
        Family::PipelinesUpdate,
        version,
        at,
        Some(json!({"label": "Kept on"})),
    )
    .await;
    let reply = call(&legacy, Family::PipelinesAudit, version, at, None).await;
    assert_eq!(actions(entries(&reply)), ["UPDATE"]);
}
