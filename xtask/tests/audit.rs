//! `cargo xtask audit` end to end: a small table of its own (two versions, a few families,
//! two objects) against small OpenAPI files written here, in the layout of HubSpot's spec
//! collection. A matching set passes; each kind of difference is reported, one line each,
//! naming the table file and HubSpot's operation; exits are 0, 1 (differences) and 2 (usage).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

const ENDPOINTS: &str = concat!(
    r#"versions:
  - name: legacy
    description: Numbered paths.
  - name: "2026-03"
    description: A date version.
default_version: "2026-03"
max_url_chars: 8000
endpoints:
  - name: objects_create
    description: Create a record.
    method: POST
    paths:
      legacy: /crm/v3/objects/{objectType}
      "2026-03": /crm/objects/2026-03/{objectType}
    capabilities: [create]
    request: object_input
    response: object
    status: 201
    idempotent: false
  - name: objects_get
    description: Read a record.
    method: GET
    paths:
      legacy: /crm/v3/objects/{objectType}/{objectId}
      "2026-03": /crm/objects/2026-03/{objectType}/{objectId}
    capabilities: [read]
    request: none
    response: object
    status: 200
    idempotent: true
  - name: objects_merge
    description: Merge two records.
    method: POST
    paths:
      legacy: /crm/v3/objects/{objectType}/merge
      "2026-03": /crm/objects/2026-03/{objectType}/merge
    capabilities: [merge]
    request: merge_input
    response: object
    status: 200
    idempotent: false
  - name: owners_get
    description: Read an owner.
    method: GET
    paths:
      legacy: /crm/v3/owners/{ownerId}
      "2026-03": /crm/owners/2026-03/{ownerId}
    request: none
    response: owner
    status: 200
    idempotent: true
"#,
    // The rate limits every minimal endpoint table needs, shared by the tests.
    include_str!("../../schema-model/tests/fixtures/rate_limits.yaml")
);

const WIDGETS: &str = r#"# Widgets, for the audit's tests.
type_id: "0-1"
name: widgets
singular: widget
plural: widgets
default_property_group: widgetinformation
description: A widget.
capabilities: [create, read]
properties: []
"#;

const USERS: &str = r#"# Users, for the audit's tests.
type_id: "0-115"
name: users
singular: user
plural: users
default_property_group: userinformation
description: A user.
capabilities: [read]
capability_exceptions:
  - capabilities: [create]
    source: "CRM API | Users"
    reason: The descriptions list create; the guide says users are not created as records.
properties: []
"#;

/// An OpenAPI document with `ops` (method, path), as HubSpot writes them.
fn openapi(version: &str, ops: &[(&str, &str)]) -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path) in ops {
        let item = paths
            .entry(path.to_string())
            .or_insert_with(|| json!({"parameters": []}));
        item[method.to_lowercase()] = json!({"responses": {"200": {"description": "ok"}}});
    }
    json!({"openapi": "3.0.1", "info": {"title": "Test", "version": version}, "paths": paths})
}

/// The documents of a collection that agrees with the tables.
fn matching() -> Vec<(&'static str, Value)> {
    vec![
        (
            "CRM/Objects/Rollouts/1/v3/objects.json",
            openapi(
                "v3",
                &[
                    ("POST", "/crm/v3/objects/{objectType}"),
                    ("GET", "/crm/v3/objects/{objectType}/{objectId}"),
                    ("POST", "/crm/v3/objects/{objectType}/merge"),
                ],
            ),
        ),
        (
            "CRM/Objects/Rollouts/1/2026-03/objects.json",
            openapi(
                "2026-03",
                &[
                    ("POST", "/crm/objects/2026-03/{objectType}"),
                    ("GET", "/crm/objects/2026-03/{objectType}/{objectId}"),
                    ("POST", "/crm/objects/2026-03/{objectType}/merge"),
                ],
            ),
        ),
        (
            "CRM/Owners/Rollouts/2/v3/owners.json",
            openapi("v3", &[("GET", "/crm/v3/owners/{ownerId}")]),
        ),
        (
            "CRM/Owners/Rollouts/2/2026-03/owners.json",
            openapi("2026-03", &[("GET", "/crm/owners/2026-03/{ownerId}")]),
        ),
        // Widgets by name; the version segment may stand after `objects`.
        (
            "CRM/Widgets/Rollouts/3/v3/widgets.json",
            openapi(
                "v3",
                &[
                    ("POST", "/crm/objects/v3/widgets"),
                    ("GET", "/crm/objects/v3/widgets/{widgetId}"),
                ],
            ),
        ),
        // Users by type ID: HubSpot lists create, which the table's exception covers.
        (
            "CRM/Users/Rollouts/3/2026-03/users.json",
            openapi(
                "2026-03",
                &[
                    ("POST", "/crm/objects/2026-03/0-115"),
                    ("GET", "/crm/objects/2026-03/0-115/{userId}"),
                ],
            ),
        ),
        // Generic paths say nothing about one object, whatever the file is called.
        (
            "CRM/Widgets/Rollouts/3/2026-03/widgets.json",
            openapi(
                "2026-03",
                &[("POST", "/crm/objects/2026-03/{objectType}/merge")],
            ),
        ),
        // Parts of the API the tables do not cover, versions they do not list, and files
        // that are no OpenAPI document are left alone.
        (
            "CRM/Lists/Rollouts/4/v3/lists.json",
            openapi("v3", &[("GET", "/crm/v3/lists/{listId}")]),
        ),
        (
            "CRM/Widgets/Rollouts/5/2026-09-beta/widgets.json",
            openapi(
                "2026-09-beta",
                &[("POST", "/crm/objects/2026-09-beta/widgets/merge")],
            ),
        ),
        (
            "CRM/Widgets/Rollouts/3/v3/Collection/Widgets.json",
            json!({"info": {"name": "A Postman collection"}, "item": []}),
        ),
    ]
}

/// A root with the test tables, and a spec directory holding `docs`.
fn setup(tables: &[(&str, &str)], docs: &[(&str, Value)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema");
    fs::create_dir_all(schema.join("objects")).unwrap();
    let mut files = vec![
        ("endpoints.yaml", ENDPOINTS),
        ("objects/widgets.yaml", WIDGETS),
        ("objects/users.yaml", USERS),
    ];
    for (name, text) in tables {
        files.retain(|(n, _)| n != name);
        files.push((name, text));
    }
    for (name, text) in files {
        fs::write(schema.join(name), text).unwrap();
    }
    for (file, doc) in docs {
        let path = dir.path().join("specs").join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, serde_json::to_vec_pretty(doc).unwrap()).unwrap();
    }
    dir
}

fn audit(root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["audit", "--root"])
        .arg(root)
        .arg("--specs")
        .arg(root.join("specs"))
        .output()
        .expect("xtask runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The indented report lines: the differences (and the exceptions).
fn lines(out: &Output) -> Vec<String> {
    text(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("  ") && l.trim() != "no differences")
        .map(|l| l.trim().to_string())
        .collect()
}

/// Runs the audit, expecting differences: exactly the report lines holding each of `wanted`
/// (one line each), beside the users exception.
fn assert_differences(root: &Path, wanted: &[&[&str]]) {
    let out = audit(root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let lines: Vec<String> = lines(&out)
        .into_iter()
        .filter(|l| {
            !l.contains("decided against")
                && !l.contains("audit exception:")
                && !l.starts_with("covers:")
                && !l.starts_with("no difference in the documents read")
        })
        .collect();
    assert_eq!(
        lines.len(),
        wanted.len(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    for parts in wanted {
        assert!(
            lines.iter().any(|l| parts.iter().all(|p| l.contains(p))),
            "no line with {parts:?} in:\n{}",
            text(&out.stdout)
        );
    }
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{} difference", wanted.len())),
        "{stderr}"
    );
}

fn replaced(
    docs: Vec<(&'static str, Value)>,
    file: &str,
    doc: Value,
) -> Vec<(&'static str, Value)> {
    docs.into_iter()
        .map(|(f, d)| if f == file { (f, doc.clone()) } else { (f, d) })
        .collect()
}

#[test]
fn a_matching_collection_passes() {
    let root = setup(&[], &matching());
    let out = audit(root.path());
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("The tables agree"), "{stdout}");
    assert!(
        stdout.contains("read 9 OpenAPI documents (1 other JSON files"),
        "{stdout}"
    );
    assert!(stdout.contains("1 of 2026-09-beta"), "{stdout}");
    // The exception is named with what it covered.
    assert!(
        stdout.contains("schema/objects/users.yaml: object `users`: create decided against HubSpot's descriptions, following \"CRM API | Users\": covers `objects_create`"),
        "{stdout}"
    );
}

#[test]
fn a_part_of_the_collection_is_compared_for_what_it_describes() {
    // Only the owners' 2026-03 file: the objects families and legacy are not compared.
    let docs: Vec<_> = matching()
        .into_iter()
        .filter(|(f, _)| f.starts_with("CRM/Owners") && f.contains("2026-03"))
        .collect();
    let root = setup(&[], &docs);
    let out = audit(root.path());
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("no document describes version legacy"),
        "{stdout}"
    );
}

#[test]
fn a_family_hubspot_lacks() {
    let docs = replaced(
        matching(),
        "CRM/Objects/Rollouts/1/2026-03/objects.json",
        openapi(
            "2026-03",
            &[
                ("POST", "/crm/objects/2026-03/{objectType}"),
                ("GET", "/crm/objects/2026-03/{objectType}/{objectId}"),
            ],
        ),
    );
    // The merge operation of the generic widgets file (2026-03) still counts: drop it too.
    let docs = replaced(
        docs,
        "CRM/Widgets/Rollouts/3/2026-03/widgets.json",
        openapi("2026-03", &[]),
    );
    let root = setup(&[], &docs);
    assert_differences(
        root.path(),
        &[&[
            "schema/endpoints.yaml:36:",
            "family `objects_merge`",
            "HubSpot's 2026-03 descriptions have no POST /crm/objects/2026-03/{objectType}/merge",
        ]],
    );
}

#[test]
fn a_family_path_hubspot_does_not_serve() {
    // The table writes the owners' date path as HubSpot does not: both sides are reported.
    let endpoints = ENDPOINTS.replace(
        "\"2026-03\": /crm/owners/2026-03/{ownerId}",
        "\"2026-03\": /crm/v3/owners/2026-03/{ownerId}",
    );
    let root = setup(&[("endpoints.yaml", &endpoints)], &matching());
    assert_differences(
        root.path(),
        &[
            &[
                "schema/endpoints.yaml:47:",
                "family `owners_get`",
                "no GET /crm/v3/owners/2026-03/{ownerId}",
            ],
            &[
                "schema/endpoints.yaml: no family has HubSpot's 2026-03 operation GET /crm/owners/2026-03/{ownerId}",
                "(CRM/Owners/Rollouts/2/2026-03/owners.json)",
            ],
        ],
    );
}

#[test]
fn an_operation_no_family_has() {
    let docs = replaced(
        matching(),
        "CRM/Owners/Rollouts/2/v3/owners.json",
        openapi(
            "v3",
            &[
                ("GET", "/crm/v3/owners/{ownerId}"),
                ("GET", "/crm/v3/owners/{ownerId}/teams"),
            ],
        ),
    );
    let root = setup(&[], &docs);
    assert_differences(
        root.path(),
        &[&[
            "schema/endpoints.yaml: no family has HubSpot's legacy operation GET /crm/v3/owners/{ownerId}/teams",
            "CRM/Owners/Rollouts/2/v3/owners.json",
        ]],
    );
}

#[test]
fn an_operation_the_capabilities_deny() {
    let docs = replaced(
        matching(),
        "CRM/Widgets/Rollouts/3/v3/widgets.json",
        openapi(
            "v3",
            &[
                ("POST", "/crm/v3/objects/widgets"),
                ("GET", "/crm/v3/objects/widgets/{widgetId}"),
                ("POST", "/crm/v3/objects/widgets/merge"),
            ],
        ),
    );
    let root = setup(&[], &docs);
    assert_differences(
        root.path(),
        &[&[
            "schema/objects/widgets.yaml:8:",
            "object `widgets`",
            "POST /crm/v3/objects/widgets/merge (family `objects_merge`)",
            "capabilities lack merge",
        ]],
    );
}

#[test]
fn a_capability_hubspot_does_not_describe() {
    let widgets = WIDGETS.replace("[create, read]", "[create, read, merge]");
    let root = setup(&[("objects/widgets.yaml", &widgets)], &matching());
    assert_differences(
        root.path(),
        &[&[
            "schema/objects/widgets.yaml:8:",
            "capabilities allow family `objects_merge` (merge)",
            "naming it (legacy) have no POST /crm/v3/objects/{objectType}/merge",
        ]],
    );
}

#[test]
fn without_its_exception_users_differ() {
    let users = USERS
        .lines()
        .filter(|l| !l.starts_with("capability_exceptions") && !l.starts_with("  "))
        .collect::<Vec<_>>()
        .join("\n");
    let root = setup(&[("objects/users.yaml", &users)], &matching());
    assert_differences(
        root.path(),
        &[&[
            "schema/objects/users.yaml:8:",
            "POST /crm/objects/2026-03/0-115 (family `objects_create`)",
            "capabilities lack create",
        ]],
    );
}

#[test]
fn an_object_no_table_has() {
    let mut docs = matching();
    docs.push((
        "CRM/Gizmos/Rollouts/6/v3/gizmos.json",
        openapi(
            "v3",
            &[
                ("GET", "/crm/v3/objects/gizmos"),
                ("GET", "/crm/v3/objects/gizmos/{gizmoId}"),
            ],
        ),
    ));
    // GET /crm/v3/objects/{objectType} is not a family of the test table: its list operation
    // is also an operation no family has.
    let root = setup(&[], &docs);
    assert_differences(
        root.path(),
        &[
            &[
                "schema/objects/gizmos.yaml: object `gizmos`: HubSpot describes it (legacy: 1 operation, e.g. GET /crm/v3/objects/gizmos/{gizmoId}",
                "no table has it",
            ],
            &["no family has HubSpot's legacy operation GET /crm/v3/objects/gizmos "],
        ],
    );
}

/// The differences of `an_object_no_table_has`, `an_operation_no_family_has` and
/// `a_family_hubspot_lacks` together.
fn differing() -> Vec<(&'static str, Value)> {
    let mut docs = replaced(
        matching(),
        "CRM/Owners/Rollouts/2/v3/owners.json",
        openapi(
            "v3",
            &[
                ("GET", "/crm/v3/owners/{ownerId}"),
                ("GET", "/crm/v3/owners/{ownerId}/teams"),
            ],
        ),
    );
    docs = replaced(
        docs,
        "CRM/Objects/Rollouts/1/2026-03/objects.json",
        openapi(
            "2026-03",
            &[
                ("POST", "/crm/objects/2026-03/{objectType}"),
                ("GET", "/crm/objects/2026-03/{objectType}/{objectId}"),
            ],
        ),
    );
    docs = replaced(
        docs,
        "CRM/Widgets/Rollouts/3/2026-03/widgets.json",
        openapi("2026-03", &[]),
    );
    docs.push((
        "CRM/Gizmos/Rollouts/6/v3/gizmos.json",
        openapi("v3", &[("GET", "/crm/v3/objects/gizmos/{gizmoId}")]),
    ));
    docs
}

const EXCEPTIONS: &str = r#"audit_exceptions:
  - operations:
      - GET /crm/v3/owners/{id}/teams
    reason: Teams are read elsewhere.
  - family: objects_merge
    versions: ["2026-03"]
    reason: Merge is kept in 2026-03.
  - object: gizmos
    reason: A test object.
  - operations:
      - DELETE /crm/v3/owners/{ownerId}
    reason: Owners are not deleted.
"#;

#[test]
fn documented_audit_exceptions_list_what_they_cover_and_pass() {
    let endpoints = format!("{ENDPOINTS}{EXCEPTIONS}");
    let root = setup(&[("endpoints.yaml", &endpoints)], &differing());
    let out = audit(root.path());
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("The tables agree"), "{stdout}");
    // Each exception's line, counted from the end of the table it follows (`ENDPOINTS`).
    let at = |n: usize| ENDPOINTS.lines().count() + n;
    for wanted in [
        format!("schema/endpoints.yaml:{}: audit exception: Teams are read elsewhere.\n    covers: schema/endpoints.yaml: no family has HubSpot's legacy operation GET /crm/v3/owners/{{ownerId}}/teams", at(3)),
        format!("schema/endpoints.yaml:{}: audit exception: Merge is kept in 2026-03.\n    covers: schema/endpoints.yaml:36: family `objects_merge`: HubSpot's 2026-03 descriptions have no POST", at(5)),
        format!("schema/endpoints.yaml:{}: audit exception: A test object.\n    covers: schema/objects/gizmos.yaml: object `gizmos`", at(8)),
        // One nothing needed shows, so a stale exception is seen.
        format!("schema/endpoints.yaml:{}: audit exception: Owners are not deleted.\n    no difference in the documents read needed it", at(11)),
    ] {
        assert!(stdout.contains(&wanted), "no {wanted:?} in:\n{stdout}");
    }
}

#[test]
fn an_audit_exception_covers_only_what_it_names() {
    // The merge exception names legacy, the operation another path, the object another name.
    let exceptions = EXCEPTIONS
        .replace(r#"versions: ["2026-03"]"#, "versions: [legacy]")
        .replace("{id}/teams", "{id}/groups")
        .replace("object: gizmos", "object: gadgets");
    let endpoints = format!("{ENDPOINTS}{exceptions}");
    let root = setup(&[("endpoints.yaml", &endpoints)], &differing());
    assert_differences(
        root.path(),
        &[
            &["family `objects_merge`: HubSpot's 2026-03 descriptions have no"],
            &["no family has HubSpot's legacy operation GET /crm/v3/owners/{ownerId}/teams"],
            &["object `gizmos`: HubSpot describes it"],
        ],
    );
}

#[test]
fn a_malformed_audit_exception_is_refused_with_its_line() {
    let endpoints = format!(
        "{ENDPOINTS}audit_exceptions:\n  - operations: [FETCH /crm/v3/owners/1]\n    family: owners_get\n    reason: Two things.\n"
    );
    let root = setup(&[("endpoints.yaml", &endpoints)], &matching());
    let out = audit(root.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    for wanted in [
        &format!(
            "endpoints.yaml:{}: audit_exceptions[0]",
            ENDPOINTS.lines().count() + 2
        ),
        "audit_exceptions[0]: must name exactly one of `operations`, `family` or `object`",
        "audit_exceptions[0].operations[0]: `FETCH /crm/v3/owners/1` is not `METHOD /path`",
        "audit_exceptions[0].versions: must list the versions",
    ] {
        assert!(stderr.contains(wanted), "no {wanted:?} in:\n{stderr}");
    }
}

#[test]
fn usage_errors() {
    let root = setup(&[], &matching());
    let no_specs = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["audit", "--root"])
        .arg(root.path())
        .output()
        .unwrap();
    assert_eq!(no_specs.status.code(), Some(2));
    assert!(text(&no_specs.stderr).contains("`audit` needs --specs DIR"));
    let specs_elsewhere = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["check", "--specs", "x"])
        .output()
        .unwrap();
    assert_eq!(specs_elsewhere.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let nothing = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["audit", "--root"])
        .arg(root.path())
        .arg("--specs")
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(nothing.status.code(), Some(1));
    assert!(text(&nothing.stderr).contains("no OpenAPI document"));
}
