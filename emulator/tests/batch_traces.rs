//! `objectWriteTraceId` in batch create, update and upsert, over HTTP: each record written
//! echoes its input's trace ID, and an input refused for what it holds fails alone in a 207
//! entry naming its trace ID while the others are written; without trace IDs the whole
//! request fails, as HubSpot does.

mod common;

use common::{assert_error, assert_standard_errors, Api, Reply};
use serde_json::{json, Value};

/// Each result's `objectWriteTraceId` with its `email`.
fn traced_emails(reply: &Reply) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = reply.body["results"]
        .as_array()
        .unwrap_or_else(|| panic!("results: {}", reply.text))
        .iter()
        .map(|r| {
            (
                r["objectWriteTraceId"].as_str().unwrap_or("").to_string(),
                r["properties"]["email"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The trace IDs each error entry names, in order.
fn error_traces(reply: &Reply) -> Vec<Value> {
    reply.body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["context"]["objectWriteTraceId"].clone())
                .collect()
        })
        .unwrap_or_default()
}

/// How many contacts the account holds (the list's 100 are plenty here).
async fn contacts(api: &Api) -> usize {
    let r = api.get("/crm/v3/objects/contacts?limit=100").await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["results"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn batch_create_echoes_trace_ids_and_refuses_a_bad_input_alone() {
    let api = Api::start().await;
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "a@x.example"}, "objectWriteTraceId": "0"},
                {"properties": {"email": "b@x.example", "lifecyclestage": "royalty"}, "objectWriteTraceId": "1"},
                {"properties": {"email": "c@x.example"}, "objectWriteTraceId": "2"}
            ]}),
        )
        .await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_standard_errors(&r);
    assert_eq!(
        traced_emails(&r),
        vec![
            ("0".into(), "a@x.example".into()),
            ("2".into(), "c@x.example".into())
        ]
    );
    assert_eq!(error_traces(&r), vec![json!(["1"])], "{}", r.text);
    let entry = &r.body["errors"][0];
    assert_eq!(entry["category"], "VALIDATION_ERROR");
    let message = entry["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("lifecyclestage") && message.contains("royalty"),
        "{message}"
    );
    assert_eq!(
        entry["errors"][0]["context"]["propertyName"],
        json!(["lifecyclestage"]),
        "{}",
        r.text
    );
    assert_eq!(contacts(&api).await, 2, "the two good inputs were written");

    // A unique value taken by a live record, and one taken by an earlier input: each alone.
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "A@x.example"}, "objectWriteTraceId": "t-a"},
                {"properties": {"email": "d@x.example"}, "objectWriteTraceId": "t-d"},
                {"properties": {"email": "D@X.example"}, "objectWriteTraceId": "t-D"}
            ]}),
        )
        .await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_eq!(
        traced_emails(&r),
        vec![("t-d".into(), "d@x.example".into())]
    );
    assert_eq!(error_traces(&r), vec![json!(["t-a"]), json!(["t-D"])]);
    assert_eq!(r.body["errors"][0]["category"], "CONFLICT");
    assert!(r.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("Existing ID"));
    assert_eq!(contacts(&api).await, 3);
}

#[tokio::test]
async fn without_trace_ids_a_bad_input_fails_the_whole_batch() {
    let api = Api::start().await;
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "a@x.example"}, "objectWriteTraceId": "0"},
                {"properties": {"email": "b@x.example", "lifecyclestage": "royalty"}}
            ]}),
        )
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "royalty");
    assert_eq!(contacts(&api).await, 0, "nothing written");

    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [{"properties": {"email": "a@x.example"}}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(
        r.body["results"][0].get("objectWriteTraceId").is_none(),
        "no trace ID sent, none echoed: {}",
        r.text
    );
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/upsert",
            json!({"inputs": [
                {"id": "b@x.example", "idProperty": "email", "properties": {}},
                {"id": "c@x.example", "idProperty": "email", "properties": {"lifecyclestage": "royalty"}}
            ]}),
        )
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "royalty");
    assert_eq!(contacts(&api).await, 1);
}

#[tokio::test]
async fn batch_update_echoes_trace_ids_and_refuses_a_bad_input_alone() {
    let api = Api::start().await;
    let one = api
        .create("contacts", json!({"email": "one@x.example"}))
        .await;
    let two = api
        .create("contacts", json!({"email": "two@x.example"}))
        .await;
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/update",
            json!({"inputs": [
                {"id": one, "properties": {"firstname": "Ann"}, "objectWriteTraceId": "7"},
                {"id": two, "properties": {"lifecyclestage": "royalty"}, "objectWriteTraceId": "8"},
                {"id": "999999", "properties": {}, "objectWriteTraceId": "9"}
            ]}),
        )
        .await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_standard_errors(&r);
    let results = r.body["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 1, "{}", r.text);
    assert_eq!(results[0]["id"], one.as_str());
    assert_eq!(results[0]["objectWriteTraceId"], "7");
    assert_eq!(results[0]["properties"]["firstname"], "Ann");
    let mut traces = error_traces(&r);
    traces.sort_by_key(Value::to_string);
    assert_eq!(traces, vec![json!(["8"]), json!(["9"])], "{}", r.text);
    let not_found = r.body["errors"]
        .as_array()
        .and_then(|e| {
            e.iter()
                .find(|e| e["context"]["objectWriteTraceId"] == json!(["9"]))
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(not_found["category"], "OBJECT_NOT_FOUND");
    let untouched = api
        .get(&format!(
            "/crm/v3/objects/contacts/{two}?properties=lifecyclestage"
        ))
        .await;
    assert!(
        untouched.body["properties"]["lifecyclestage"].is_null(),
        "{}",
        untouched.text
    );

    // Every input refused: a 207 with no results, not a 404.
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/update",
            json!({"inputs": [
                {"id": two, "properties": {"lifecyclestage": "royalty"}, "objectWriteTraceId": "x"}
            ]}),
        )
        .await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_eq!(r.body["results"], json!([]));
    assert_eq!(error_traces(&r), vec![json!(["x"])]);
}

#[tokio::test]
async fn batch_upsert_echoes_trace_ids_refuses_a_bad_input_alone_and_duplicates_whole() {
    let api = Api::start().await;
    let existing = api
        .create("contacts", json!({"email": "old@x.example"}))
        .await;
    let mut inputs: Vec<Value> = (0..100)
        .map(|i| {
            json!({"id": format!("u{i}@x.example"), "idProperty": "email",
                   "properties": {"lifecyclestage": "lead"}, "objectWriteTraceId": i.to_string()})
        })
        .collect();
    inputs[41]["properties"]["lifecyclestage"] = json!("royalty");
    inputs[0]["id"] = json!("OLD@x.example");
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/upsert",
            json!({"inputs": inputs}),
        )
        .await;
    assert_eq!(r.status, 207, "{}", r.text);
    assert_standard_errors(&r);
    let results = r.body["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 99);
    let mut traces: Vec<u32> = results
        .iter()
        .filter_map(|r| r["objectWriteTraceId"].as_str()?.parse().ok())
        .collect();
    traces.sort_unstable();
    assert_eq!(traces, (0..100).filter(|i| *i != 41).collect::<Vec<_>>());
    for result in &results {
        let trace = result["objectWriteTraceId"].as_str().unwrap_or_default();
        if trace == "0" {
            assert_eq!(
                result["id"],
                existing.as_str(),
                "updated in any letter case"
            );
            assert_eq!(result["new"], false);
        } else {
            assert_eq!(result["properties"]["email"], format!("u{trace}@x.example"));
            assert_eq!(result["new"], true);
        }
    }
    assert_eq!(error_traces(&r), vec![json!(["41"])]);
    assert!(r.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("lifecyclestage"));

    // Two inputs with one email, in any letter case: the whole request is refused.
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/upsert",
            json!({"inputs": [
                {"id": "A@x.example", "idProperty": "email", "properties": {}, "objectWriteTraceId": "0"},
                {"id": "new@x.example", "idProperty": "email", "properties": {}, "objectWriteTraceId": "1"},
                {"id": "a@x.example", "idProperty": "email", "properties": {}, "objectWriteTraceId": "2"}
            ]}),
        )
        .await;
    assert_error(
        &r,
        400,
        "VALIDATION_ERROR",
        "Duplicate IDs found in batch input",
    );
    let lookup = api
        .get("/crm/v3/objects/contacts/new@x.example?idProperty=email")
        .await;
    assert_eq!(lookup.status, 404, "nothing written: {}", lookup.text);
}

#[tokio::test]
async fn configured_to_refuse_batches_whole_trace_ids_change_nothing() {
    let api = Api::with(hubspot_crm_emulator::Config {
        per_input_batch_errors: false,
        ..hubspot_crm_emulator::Config::default()
    })
    .await;
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [
                {"properties": {"email": "a@x.example"}, "objectWriteTraceId": "0"},
                {"properties": {"email": "b@x.example", "lifecyclestage": "royalty"}, "objectWriteTraceId": "1"}
            ]}),
        )
        .await;
    assert_error(&r, 400, "VALIDATION_ERROR", "royalty");
    assert_eq!(contacts(&api).await, 0, "nothing written");
    let r = api
        .post(
            "/crm/v3/objects/contacts/batch/create",
            json!({"inputs": [{"properties": {"email": "a@x.example"}, "objectWriteTraceId": "0"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        r.body["results"][0]["objectWriteTraceId"], "0",
        "still echoed"
    );
}
