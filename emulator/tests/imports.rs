//! Imports over HTTP: multipart starts (bodies built by hand), CSV parsing, create, update
//! and upsert rows, row errors and their paging, every 400, list, get, cancel and 404s.

mod common;

use common::{assert_error, reply, Api, Reply};
use hubspot_crm_emulator::state::{Import, PropertyDef};
use hubspot_crm_schema::PropertyKind;
use serde_json::{json, Value};

/// Changes an import request so that it must be refused.
type Breakage = Box<dyn Fn(&mut Value)>;

const BOUNDARY: &str = "----emulator-test-7f3a9c";

/// A multipart/form-data body: (part name, file name, content type, data).
fn multipart(parts: &[(&str, Option<&str>, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, content_type, data) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = match file_name {
            Some(f) => {
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n")
            }
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(format!("Content-Type: {content_type}\r\n\r\n").as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_multipart(api: &Api, path: &str, body: Vec<u8>) -> Reply {
    let response = api
        .http
        .post(api.url(path))
        .bearer_auth(api.emulator.token())
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .expect("request is answered");
    reply(response).await
}

/// Starts an import at `path` with `request` as the importRequest part and one `files` part
/// per (file name, CSV text).
async fn start_at(api: &Api, path: &str, request: &Value, files: &[(&str, &str)]) -> Reply {
    let request = request.to_string();
    let mut parts = vec![(
        "importRequest",
        None,
        "application/json",
        request.as_bytes(),
    )];
    for (name, text) in files {
        parts.push(("files", Some(*name), "text/csv", text.as_bytes()));
    }
    post_multipart(api, path, multipart(&parts)).await
}

async fn start(api: &Api, request: &Value, files: &[(&str, &str)]) -> Reply {
    start_at(api, "/crm/v3/imports", request, files).await
}

/// An importRequest for one CSV file with a header, all columns mapped to contacts.
fn contact_request(operation: &str, file: &str, columns: &[(&str, &str)]) -> Value {
    let mappings: Vec<Value> = columns
        .iter()
        .map(|(column, property)| {
            json!({"columnObjectTypeId": "0-1", "columnName": column, "propertyName": property})
        })
        .collect();
    json!({
        "name": format!("{operation} {file}"),
        "importOperations": {"0-1": operation},
        "dateFormat": "MONTH_DAY_YEAR",
        "files": [{
            "fileName": file,
            "fileFormat": "CSV",
            "fileImportPage": {"hasHeader": true, "columnMappings": mappings},
        }],
    })
}

/// Starts an import that must be accepted; returns the finished import as GET shows it.
async fn run(api: &Api, request: &Value, files: &[(&str, &str)]) -> Value {
    let started = start(api, request, files).await;
    assert_eq!(started.status, 200, "{}", started.text);
    assert_eq!(started.body["state"], "STARTED", "{}", started.text);
    let id = started.body["id"].as_str().expect("id is a string");
    let got = api.get(&format!("/crm/v3/imports/{id}")).await;
    assert_eq!(got.status, 200, "{}", got.text);
    got.body
}

fn counters(import: &Value) -> (u64, u64, u64, u64) {
    let c = &import["metadata"]["counters"];
    let n = |k: &str| {
        c[k].as_u64()
            .unwrap_or_else(|| panic!("counter {k}: {import}"))
    };
    (
        n("TOTAL_ROWS"),
        n("CREATED_OBJECTS"),
        n("UPDATED_OBJECTS"),
        n("ERRORS"),
    )
}

/// Every live contact with the given properties, by email.
async fn contacts(api: &Api, properties: &str) -> Vec<Value> {
    let r = api
        .get(&format!(
            "/crm/v3/objects/contacts?limit=100&properties={properties}&propertiesWithHistory={properties}"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["results"].as_array().unwrap().clone()
}

fn by_email<'a>(list: &'a [Value], email: &str) -> &'a Value {
    list.iter()
        .find(|c| c["properties"]["email"] == email)
        .unwrap_or_else(|| panic!("no contact {email} in {list:?}"))
}

#[tokio::test]
async fn create_imports_quoted_csv_fields_with_import_history() {
    let api = Api::start().await;
    let csv = "Email,First Name,Company,Stage\r\n\
               ada@example.com,Ada,\"Analytical Engines, Ltd\",Lead\r\n\
               \"grace@example.com\",\"Grace\",\"Navy \"\"Bureau\"\"\nof Ships\",customer\r\n";
    let request = contact_request(
        "CREATE",
        "people.csv",
        &[
            ("Email", "email"),
            ("First Name", "firstname"),
            ("Company", "company"),
            ("Stage", "lifecyclestage"),
        ],
    );
    let started = start_at(
        &api,
        "/crm/imports/2026-03",
        &request,
        &[("people.csv", csv)],
    )
    .await;
    assert_eq!(started.status, 200, "{}", started.text);
    assert_eq!(started.body["state"], "STARTED");
    assert_eq!(started.body["importName"], "CREATE people.csv");
    assert_eq!(started.body["optOutImport"], false);
    assert_eq!(started.body["metadata"]["counters"], json!({}));
    let id = started.body["id"].as_str().unwrap();

    let import = api.get(&format!("/crm/v3/imports/{id}")).await.body;
    assert_eq!(import["id"], id);
    assert_eq!(import["state"], "DONE", "{import}");
    assert_eq!(counters(&import), (2, 2, 0, 0));
    assert_eq!(import["metadata"]["fileIds"], json!([]));
    assert_eq!(import["mappedObjectTypeIds"], json!(["0-1"]));
    assert_eq!(import["importRequestJson"]["name"], "CREATE people.csv");
    assert!(import["createdAt"].as_str().unwrap().ends_with('Z'));
    assert!(import["updatedAt"].as_str().unwrap().ends_with('Z'));

    let list = contacts(&api, "email,firstname,company,lifecyclestage").await;
    assert_eq!(list.len(), 2);
    let ada = by_email(&list, "ada@example.com");
    assert_eq!(ada["properties"]["company"], "Analytical Engines, Ltd");
    assert_eq!(
        ada["properties"]["lifecyclestage"], "lead",
        "labels become values"
    );
    assert_eq!(
        ada["propertiesWithHistory"]["company"][0]["sourceType"],
        "IMPORT"
    );
    assert_eq!(
        ada["propertiesWithHistory"]["email"][0]["sourceType"],
        "IMPORT"
    );
    let grace = by_email(&list, "grace@example.com");
    assert_eq!(grace["properties"]["firstname"], "Grace");
    assert_eq!(grace["properties"]["company"], "Navy \"Bureau\"\nof Ships");
    assert_eq!(grace["properties"]["lifecyclestage"], "customer");
}

#[tokio::test]
async fn update_finds_records_by_email_and_leaves_blank_cells_alone() {
    let api = Api::start().await;
    let ada = api
        .create(
            "contacts",
            json!({"email": "ada@example.com", "firstname": "Ada", "jobtitle": "Analyst"}),
        )
        .await;
    let csv = "Email,First Name,Job Title\n\
               ada@example.com,,Countess\n\
               missing@example.com,Nobody,Ghost\n";
    let request = contact_request(
        "UPDATE",
        "update.csv",
        &[
            ("Email", "email"),
            ("First Name", "firstname"),
            ("Job Title", "jobtitle"),
        ],
    );
    let import = run(&api, &request, &[("update.csv", csv)]).await;
    assert_eq!(import["state"], "DONE");
    assert_eq!(counters(&import), (2, 0, 1, 1));

    let got = api
        .get(&format!(
            "/crm/v3/objects/contacts/{ada}?properties=firstname,jobtitle&propertiesWithHistory=jobtitle,firstname"
        ))
        .await;
    assert_eq!(got.body["properties"]["jobtitle"], "Countess");
    assert_eq!(
        got.body["properties"]["firstname"], "Ada",
        "a blank cell clears nothing"
    );
    let history = &got.body["propertiesWithHistory"];
    assert_eq!(history["jobtitle"][0]["sourceType"], "IMPORT");
    assert_eq!(history["jobtitle"][1]["sourceType"], "API");
    assert_eq!(history["firstname"].as_array().unwrap().len(), 1);
    assert_eq!(
        contacts(&api, "email").await.len(),
        1,
        "UPDATE never creates"
    );

    let errors = api
        .get(&format!(
            "/crm/v3/imports/{}/errors",
            import["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(errors.status, 200, "{}", errors.text);
    let e = &errors.body["results"][0];
    assert_eq!(e["errorType"], "UPDATE_ONLY_IMPORT", "{e}");
    assert_eq!(e["invalidValue"], "missing@example.com");
    assert_eq!(e["knownColumnNumber"], 1);
    assert_eq!(e["sourceData"]["lineNumber"], 3);
    assert!(errors.body.get("paging").is_none());
}

#[tokio::test]
async fn update_by_record_id_column() {
    let api = Api::start().await;
    let id = api
        .create("contacts", json!({"email": "ada@example.com"}))
        .await;
    let csv = format!("Record ID,First Name\n{id},Augusta\n999999,Nobody\nabc,Nobody\n");
    let request = json!({
        "name": "by id",
        "importOperations": {"contact": "UPDATE"},
        "files": [{
            "fileName": "ids.csv",
            "fileFormat": "CSV",
            "fileImportPage": {"hasHeader": true, "columnMappings": [
                {"columnObjectTypeId": "0-1", "columnName": "Record ID", "propertyName": "hs_object_id", "columnType": "HUBSPOT_OBJECT_ID"},
                {"columnObjectTypeId": "contact", "columnName": "First Name", "propertyName": "firstname"},
            ]},
        }],
    });
    let import = run(&api, &request, &[("ids.csv", &csv)]).await;
    assert_eq!(counters(&import), (3, 0, 1, 2));
    let got = api.get(&format!("/crm/v3/objects/contacts/{id}")).await;
    assert_eq!(got.body["properties"]["firstname"], "Augusta");
    let errors = api
        .get(&format!(
            "/crm/v3/imports/{}/errors",
            import["id"].as_str().unwrap()
        ))
        .await;
    let types: Vec<&str> = errors.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["errorType"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["INVALID_OBJECT_ID", "INVALID_OBJECT_ID"]);
}

#[tokio::test]
async fn upsert_creates_and_updates_and_later_rows_see_earlier_ones() {
    let api = Api::start().await;
    let ada = api
        .create(
            "contacts",
            json!({"email": "ada@example.com", "firstname": "Ada"}),
        )
        .await;
    let csv = "email,lastname\n\
               ada@example.com,Lovelace\n\
               new@example.com,First\n\
               new@example.com,Second\n";
    let request = contact_request(
        "UPSERT",
        "upsert.csv",
        &[("email", "email"), ("lastname", "lastname")],
    );
    let import = run(&api, &request, &[("upsert.csv", csv)]).await;
    assert_eq!(import["state"], "DONE");
    assert_eq!(counters(&import), (3, 1, 2, 0));
    let list = contacts(&api, "email,firstname,lastname").await;
    assert_eq!(list.len(), 2, "the repeated email updated the new record");
    let updated = by_email(&list, "ada@example.com");
    assert_eq!(updated["id"], ada.as_str());
    assert_eq!(updated["properties"]["lastname"], "Lovelace");
    assert_eq!(updated["properties"]["firstname"], "Ada");
    let created = by_email(&list, "new@example.com");
    assert_eq!(created["properties"]["lastname"], "Second");
    assert_eq!(
        created["propertiesWithHistory"]["lastname"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn bad_rows_become_errors_and_the_rest_import() {
    let api = Api::start().await;
    api.emulator.with_state(|s| {
        let contacts = s.types.get_mut("contacts").unwrap();
        contacts.properties.insert(
            "birthday".into(),
            PropertyDef::new("birthday", PropertyKind::Date),
        );
    });
    let csv = "Email,Birthday,Stage\n\
               ok1@example.com,03/01/2024,lead\n\
               bad-date@example.com,13/45/2024,lead\n\
               bad-option@example.com,,not-a-stage\n\
               ok1@example.com,,\n\
               ok2@example.com,1709251200000,\n\
               a,b\n\
               \"unterminated@example.com,x,y\n";
    let request = contact_request(
        "CREATE",
        "mixed.csv",
        &[
            ("Email", "email"),
            ("Birthday", "birthday"),
            ("Stage", "lifecyclestage"),
        ],
    );
    let import = run(&api, &request, &[("mixed.csv", csv)]).await;
    assert_eq!(import["state"], "DONE");
    assert_eq!(counters(&import), (7, 2, 0, 5));
    let list = contacts(&api, "email,birthday").await;
    assert_eq!(list.len(), 2, "failed rows import nothing: {list:?}");
    assert_eq!(
        by_email(&list, "ok1@example.com")["properties"]["birthday"],
        "2024-03-01"
    );
    assert_eq!(
        by_email(&list, "ok2@example.com")["properties"]["birthday"],
        "2024-03-01"
    );

    // Page through the errors two at a time.
    let id = import["id"].as_str().unwrap();
    let mut all = Vec::new();
    let mut after = String::new();
    let mut pages = 0;
    loop {
        let r = api
            .get(&format!(
                "/crm/v3/imports/{id}/errors?limit=2&after={after}"
            ))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let results = r.body["results"].as_array().unwrap();
        assert!(results.len() <= 2);
        all.extend(results.iter().cloned());
        pages += 1;
        match r.body["paging"]["next"]["after"].as_str() {
            Some(next) => after = next.to_string(),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let summary: Vec<(&str, u64)> = all
        .iter()
        .map(|e| {
            (
                e["errorType"].as_str().unwrap(),
                e["sourceData"]["lineNumber"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("COULD_NOT_PARSE_DATE", 3),
            ("INVALID_ENUMERATION_OPTION", 4),
            ("DUPLICATE_UNIQUE_PROPERTY_VALUE", 5),
            ("INCORRECT_NUMBER_OF_COLUMNS", 7),
            ("COULD_NOT_PARSE_ROW", 8),
        ]
    );
    let date = &all[0];
    assert_eq!(date["invalidValue"], "13/45/2024");
    assert_eq!(date["knownColumnNumber"], 2);
    assert_eq!(date["objectType"], "CONTACT");
    assert_eq!(date["objectTypeId"], "0-1");
    assert_eq!(
        date["sourceData"]["rowData"],
        json!(["bad-date@example.com", "13/45/2024", "lead"])
    );
    let message = date["errorMessage"].as_str().unwrap();
    assert!(
        message.contains("was not a valid date") && message.contains("\"13/45/2024\""),
        "{date}"
    );
    assert_eq!(date["message"], message);
    assert!(date["createdAt"].is_u64());
    assert_eq!(all[1]["invalidValue"], "not-a-stage");
    assert_eq!(all[1]["knownColumnNumber"], 3);
    let dup = &all[2];
    assert_eq!(dup["invalidValue"], "ok1@example.com");
    assert!(
        dup["errorMessage"]
            .as_str()
            .unwrap()
            .contains("Existing ID"),
        "{dup}"
    );
    let ids: std::collections::BTreeSet<&str> =
        all.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 5, "error IDs are distinct");

    assert_error(
        &api.get(&format!("/crm/v3/imports/{id}/errors?limit=0"))
            .await,
        400,
        "VALIDATION_ERROR",
        "limit",
    );
    assert_error(
        &api.get(&format!("/crm/v3/imports/{id}/errors?after=nope"))
            .await,
        400,
        "VALIDATION_ERROR",
        "after",
    );
}

#[tokio::test]
async fn an_import_whose_every_row_fails_is_failed() {
    let api = Api::start().await;
    let csv = "Email,Stage\nx@example.com,nope\ny@example.com,never\n";
    let request = contact_request(
        "CREATE",
        "bad.csv",
        &[("Email", "email"), ("Stage", "lifecyclestage")],
    );
    let import = run(&api, &request, &[("bad.csv", csv)]).await;
    assert_eq!(import["state"], "FAILED");
    assert_eq!(counters(&import), (2, 0, 0, 2));
    assert!(contacts(&api, "email").await.is_empty());
}

#[tokio::test]
async fn a_file_without_header_maps_columns_by_number() {
    let api = Api::start().await;
    let request = json!({
        "name": "no header",
        "importOperations": {"0-1": "CREATE"},
        "files": [{
            "fileName": "plain.csv",
            "fileFormat": "CSV",
            "fileImportPage": {"hasHeader": false, "columnMappings": [
                {"columnObjectTypeId": "0-1", "columnName": "2", "propertyName": "email"},
                {"columnObjectTypeId": "0-1", "columnName": "1", "propertyName": "firstname"},
            ]},
        }],
    });
    let csv = "Ada,ada@example.com\nGrace,grace@example.com";
    let import = run(&api, &request, &[("plain.csv", csv)]).await;
    assert_eq!(counters(&import), (2, 2, 0, 0));
    let list = contacts(&api, "email,firstname").await;
    assert_eq!(
        by_email(&list, "grace@example.com")["properties"]["firstname"],
        "Grace"
    );

    let mut beyond = request.clone();
    beyond["files"][0]["fileImportPage"]["columnMappings"][0]["columnName"] = json!("3");
    assert_error(
        &start(&api, &beyond, &[("plain.csv", csv)]).await,
        400,
        "VALIDATION_ERROR",
        "column number from 1 to 2",
    );
}

#[tokio::test]
async fn a_row_mapping_two_objects_creates_and_associates_both() {
    let api = Api::start().await;
    let request = json!({
        "name": "contacts and companies",
        "importOperations": {"0-1": "CREATE", "0-2": "CREATE"},
        "files": [{
            "fileName": "both.csv",
            "fileFormat": "CSV",
            "fileImportPage": {"hasHeader": true, "columnMappings": [
                {"columnObjectTypeId": "0-1", "columnName": "Email", "propertyName": "email"},
                {"columnObjectTypeId": "0-2", "columnName": "Company", "propertyName": "name"},
                {"columnObjectTypeId": "0-2", "columnName": "Domain", "propertyName": "domain"},
            ]},
        }],
    });
    let csv = "Email,Company,Domain\nada@example.com,Acme,acme.example\n";
    let import = run(&api, &request, &[("both.csv", csv)]).await;
    assert_eq!(counters(&import), (1, 2, 0, 0));
    assert_eq!(import["mappedObjectTypeIds"], json!(["0-1", "0-2"]));
    let list = contacts(&api, "email").await;
    let contact = by_email(&list, "ada@example.com")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let got = api
        .get(&format!(
            "/crm/v3/objects/contacts/{contact}?associations=companies"
        ))
        .await;
    let linked = &got.body["associations"]["companies"]["results"];
    assert_eq!(linked.as_array().map(Vec::len), Some(1), "{}", got.text);
    let company = linked[0]["id"].as_str().unwrap();
    let c = api
        .get(&format!("/crm/v3/objects/companies/{company}"))
        .await;
    assert_eq!(c.body["properties"]["domain"], "acme.example");
}

#[tokio::test]
async fn invalid_requests_are_refused_and_import_nothing() {
    let api = Api::start().await;
    let csv = "Email,Name\nada@example.com,Ada\n";
    let good = contact_request(
        "CREATE",
        "c.csv",
        &[("Email", "email"), ("Name", "firstname")],
    );
    let files = [("c.csv", csv)];

    // No importRequest part.
    let only_file = multipart(&[("files", Some("c.csv"), "text/csv", csv.as_bytes())]);
    assert_error(
        &post_multipart(&api, "/crm/v3/imports", only_file).await,
        400,
        "VALIDATION_ERROR",
        "importRequest",
    );
    // Not multipart at all.
    assert_error(
        &api.post("/crm/v3/imports", good.clone()).await,
        400,
        "VALIDATION_ERROR",
        "importRequest",
    );
    // Malformed JSON.
    let broken = multipart(&[
        ("importRequest", None, "application/json", b"{\"name\": "),
        ("files", Some("c.csv"), "text/csv", csv.as_bytes()),
    ]);
    assert_error(
        &post_multipart(&api, "/crm/v3/imports", broken).await,
        400,
        "VALIDATION_ERROR",
        "Invalid input JSON",
    );

    let cases: Vec<(Breakage, &str)> = vec![
        (
            Box::new(|r| r["files"][0]["fileName"] = json!("other.csv")),
            "No file named other.csv",
        ),
        (
            Box::new(|r| r["files"][0]["fileFormat"] = json!("SPREADSHEET")),
            "SPREADSHEET is not supported",
        ),
        (
            Box::new(|r| r["files"][0]["fileFormat"] = json!("XML")),
            "not one of CSV, SPREADSHEET",
        ),
        (Box::new(|r| r["files"] = json!([])), "at least one file"),
        (
            Box::new(|r| r["files"][0]["fileImportPage"]["columnMappings"] = json!([])),
            "at least one column",
        ),
        (
            Box::new(|r| {
                r["files"][0]["fileImportPage"]["columnMappings"][0]["columnObjectTypeId"] =
                    json!("0-999")
            }),
            "Unable to infer object type from: 0-999",
        ),
        (
            Box::new(|r| r["importOperations"] = json!({"widgets": "CREATE"})),
            "Unable to infer object type from: widgets",
        ),
        (
            Box::new(|r| {
                r["files"][0]["fileImportPage"]["columnMappings"][1]["propertyName"] =
                    json!("shoe_size")
            }),
            "Property \"shoe_size\" does not exist",
        ),
        (
            Box::new(|r| {
                r["files"][0]["fileImportPage"]["columnMappings"][1]["propertyName"] =
                    json!("hs_lastmodifieddate")
            }),
            "read only",
        ),
        (
            Box::new(|r| r["importOperations"]["0-1"] = json!("MERGE")),
            "MERGE is not one of CREATE, UPDATE, UPSERT",
        ),
        (
            Box::new(|r| {
                r["files"][0]["fileImportPage"]["columnMappings"][1]["columnName"] =
                    json!("Surname")
            }),
            "no column named \"Surname\"",
        ),
        (
            Box::new(|r| {
                r["files"][0]["fileImportPage"]["columnMappings"][1]["columnType"] =
                    json!("ASSOCIATION_KEYS")
            }),
            "columnType ASSOCIATION_KEYS is not supported",
        ),
        (
            Box::new(|r| {
                r["files"][0]["fileImportPage"]["columnMappings"][1]["propertyName"] =
                    json!("email")
            }),
            "more than one column is mapped",
        ),
        (
            Box::new(|r| r["dateFormat"] = json!("SOMETIME")),
            "dateFormat SOMETIME",
        ),
        (Box::new(|r| r["name"] = json!(42)), "Invalid input JSON"),
        (
            Box::new(|r| {
                r["importOperations"] = json!({"0-1": "UPDATE"});
                r["files"][0]["fileImportPage"]["columnMappings"][0]["propertyName"] =
                    json!("lastname");
            }),
            "needs a column identifying the records",
        ),
        (
            Box::new(|r| {
                r["importOperations"] = json!({"0-14": "CREATE"});
                for m in r["files"][0]["fileImportPage"]["columnMappings"]
                    .as_array_mut()
                    .unwrap()
                {
                    m["columnObjectTypeId"] = json!("0-14");
                    m["propertyName"] = json!("hs_title");
                }
            }),
            "Quotes cannot be imported",
        ),
        (
            Box::new(|r| {
                r["importOperations"] = json!({"0-3": "CREATE"});
                let maps = r["files"][0]["fileImportPage"]["columnMappings"]
                    .as_array_mut()
                    .unwrap();
                maps.truncate(1);
                maps[0]["columnObjectTypeId"] = json!("0-3");
                maps[0]["propertyName"] = json!("amount");
            }),
            "Some required properties for DEAL creates are missing: [dealname, dealstage]",
        ),
        (
            Box::new(|r| {
                r["files"][0]["fileImportPage"]["columnMappings"][0]["columnObjectTypeId"] =
                    json!("0-7");
                r["importOperations"]["0-7"] = json!("CREATE");
                r["files"][0]["fileImportPage"]["columnMappings"][0]["propertyName"] =
                    json!("name");
            }),
            "Association from products to contacts is not allowed",
        ),
    ];
    for (change, message) in cases {
        let mut request = good.clone();
        change(&mut request);
        let r = start(&api, &request, &files).await;
        assert_error(&r, 400, "VALIDATION_ERROR", message);
    }
    // An empty file that should have a header.
    assert_error(
        &start(&api, &good, &[("c.csv", "")]).await,
        400,
        "VALIDATION_ERROR",
        "no header row",
    );
    assert_error(
        &start(&api, &good, &[("c.csv", "\"Email,Name\n")]).await,
        400,
        "VALIDATION_ERROR",
        "header row cannot be read",
    );

    let list = api.get("/crm/v3/imports").await;
    assert_eq!(list.body["results"], json!([]), "nothing was imported");
    assert!(contacts(&api, "email").await.is_empty());
    assert!(api.emulator.snapshot().imports.is_empty());
}

#[tokio::test]
async fn list_is_newest_first_with_paging_and_get_reads_one() {
    let api = Api::start().await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let request = contact_request("CREATE", "p.csv", &[("Email", "email")]);
        let csv = format!("Email\nperson{n}@example.com\n");
        let r = start(&api, &request, &[("p.csv", &csv)]).await;
        assert_eq!(r.status, 200, "{}", r.text);
        ids.push(r.body["id"].as_str().unwrap().to_string());
    }
    let first = api.get("/crm/imports/2026-09?limit=2").await;
    assert_eq!(first.status, 200, "{}", first.text);
    let got: Vec<&str> = first.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, [ids[2].as_str(), ids[1].as_str()]);
    assert_eq!(first.body["results"][0]["state"], "DONE");
    let after = first.body["paging"]["next"]["after"].as_str().unwrap();
    let second = api
        .get(&format!("/crm/v3/imports?limit=2&after={after}"))
        .await;
    assert_eq!(second.body["results"].as_array().unwrap().len(), 1);
    assert_eq!(second.body["results"][0]["id"], ids[0].as_str());
    assert!(second.body.get("paging").is_none());

    let one = api.get(&format!("/crm/imports/2026-03/{}", ids[1])).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.body["id"], ids[1].as_str());
    assert_eq!(counters(&one.body), (1, 1, 0, 0));
    assert_error(
        &api.get("/crm/v3/imports?limit=101").await,
        400,
        "VALIDATION_ERROR",
        "limit",
    );
}

#[tokio::test]
async fn cancel_stops_an_unfinished_import_and_refuses_a_finished_one() {
    let api = Api::start().await;
    let request = contact_request("CREATE", "p.csv", &[("Email", "email")]);
    let done = start(&api, &request, &[("p.csv", "Email\nada@example.com\n")]).await;
    let done_id = done.body["id"].as_str().unwrap();
    assert_error(
        &api.post(&format!("/crm/v3/imports/{done_id}/cancel"), json!({}))
            .await,
        400,
        "VALIDATION_ERROR",
        "already finished with state DONE",
    );

    // The emulator finishes imports at once; a running one can only be seeded.
    let running = api.emulator.with_state(|s| {
        let id = s.next_import_id;
        s.next_import_id += 1;
        s.imports.insert(
            id,
            Import {
                id,
                name: "slow".into(),
                state: "PROCESSING".into(),
                request: json!({"name": "slow"}),
                counts: Default::default(),
                errors: Vec::new(),
                created_at: 0,
                updated_at: 0,
            },
        );
        id
    });
    let r = api
        .send(
            reqwest::Method::POST,
            &format!("/crm/imports/2026-03/{running}/cancel"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "COMPLETE");
    assert!(r.body["completedAt"].as_str().unwrap().ends_with('Z'));
    let got = api.get(&format!("/crm/v3/imports/{running}")).await;
    assert_eq!(got.body["state"], "CANCELED");
    assert_eq!(got.body["importName"], "slow");
    assert_error(
        &api.post(&format!("/crm/v3/imports/{running}/cancel"), json!({}))
            .await,
        400,
        "VALIDATION_ERROR",
        "CANCELED",
    );
}

#[tokio::test]
async fn unknown_imports_are_404() {
    let api = Api::start().await;
    for path in [
        "/crm/v3/imports/999",
        "/crm/v3/imports/999/errors",
        "/crm/v3/imports/not-a-number",
    ] {
        assert_error(&api.get(path).await, 404, "OBJECT_NOT_FOUND", "not found");
    }
    assert_error(
        &api.post("/crm/v3/imports/999/cancel", json!({})).await,
        404,
        "OBJECT_NOT_FOUND",
        "not found",
    );
}

#[tokio::test]
async fn deal_rows_name_live_pipelines_and_their_stages() {
    let api = Api::start().await;
    let renewals = api
        .post(
            "/crm/v3/pipelines/deals",
            json!({"label": "Renewals", "displayOrder": 1, "stages": [
                {"label": "Renewal due", "displayOrder": 0, "metadata": {"probability": "0.5"}},
            ]}),
        )
        .await;
    assert_eq!(renewals.status, 201, "{}", renewals.text);
    let pipeline = renewals.body["id"].as_str().unwrap();
    let due = renewals.body["stages"][0]["id"].as_str().unwrap();
    let csv = format!(
        "Name,Pipeline,Stage\n\
         Won,,closedwon\n\
         Typo,,apointmentscheduled\n\
         Elsewhere,,{due}\n\
         Renewal,{pipeline},{due}\n"
    );
    let mappings: Vec<Value> = [
        ("Name", "dealname"),
        ("Pipeline", "pipeline"),
        ("Stage", "dealstage"),
    ]
    .iter()
    .map(|(c, p)| json!({"columnObjectTypeId": "0-3", "columnName": c, "propertyName": p}))
    .collect();
    let request = json!({
        "name": "deals",
        "importOperations": {"0-3": "CREATE"},
        "files": [{
            "fileName": "deals.csv",
            "fileFormat": "CSV",
            "fileImportPage": {"hasHeader": true, "columnMappings": mappings},
        }],
    });
    let import = run(&api, &request, &[("deals.csv", &csv)]).await;
    let id = import["id"].as_str().unwrap();
    let r = api.get(&format!("/crm/v3/imports/{id}/errors")).await;
    // The typo row's value is refused, and with it the stage it needed.
    assert_eq!(counters(&import), (4, 2, 0, 3), "{import}");
    let errors: Vec<(&str, u64)> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["errorType"].as_str().unwrap(),
                e["sourceData"]["lineNumber"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("MISSING_REQUIRED_PROPERTY", 3),
            ("INVALID_ENUMERATION_OPTION", 3),
            ("INVALID_ENUMERATION_OPTION", 4)
        ]
    );
    assert!(
        r.text.contains("not of pipeline default"),
        "a stage of another pipeline: {}",
        r.text
    );
    let r = api
        .get("/crm/v3/objects/deals?properties=dealname,pipeline,dealstage")
        .await;
    let deals: Vec<(&str, &str, &str)> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let p = &d["properties"];
            (
                p["dealname"].as_str().unwrap(),
                p["pipeline"].as_str().unwrap(),
                p["dealstage"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        deals,
        [("Won", "default", "closedwon"), ("Renewal", pipeline, due)]
    );
}
