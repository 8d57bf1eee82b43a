//! Every validation error names its file, line and key. Each test breaks one thing in a small
//! valid table and checks exactly what is reported.

use std::fs;
use std::path::Path;

use hubspot_crm_schema::{load_dir, SchemaError};

const ALPHAS: &str = r#"type_id: "0-1"
name: alphas
singular: alpha
plural: alphas
description: The first object.
capabilities: [create, read]
properties:
  - name: title
    type: string
  - name: stage
    type: enumeration
    options: [open, closed]
associations:
  - to: betas
    type_id: 1
default_property_group: alphainformation
"#;

const BETAS: &str = r#"type_id: "0-2"
name: betas
singular: beta
plural: betas
description: The second object.
capabilities: [read]
properties:
  - name: title
    type: string
associations:
  - to: alphas
    type_id: 2
default_property_group: betainformation
"#;

const ENDPOINTS: &str = concat!(
    r#"versions:
  - name: legacy
    description: The versioned paths.
default_version: legacy
endpoints:
  - name: objects_get
    description: Read a record.
    method: GET
    paths:
      legacy: /crm/v3/objects/{objectType}/{objectId}
    capabilities: [read]
    request: none
    response: object
    status: 200
    idempotent: true
max_url_chars: 8000
"#,
    // The rate limits every minimal endpoint table needs, shared by the tests.
    include_str!("fixtures/rate_limits.yaml")
);

/// A `shared.yaml` the base table can take: one system property, one option set that `betas`
/// uses once `with_tier` adds its property.
const SHARED: &str = r#"system_properties:
  - name: hs_object_id
    type: number
option_sets:
  - name: tier
    description: How big an account is.
    options: [small, large]
"#;

/// Adds to betas a property taking the `tier` option set.
fn with_tier(betas: &str) -> String {
    betas.replace(
        "associations:",
        "  - name: tier\n    type: enumeration\n    option_set: tier\nassociations:",
    )
}

/// Writes the table (with `edit` applied to the named file) and loads it.
fn load_with(file: &str, edit: impl Fn(&str) -> String) -> Result<(), Vec<SchemaError>> {
    load_tables(&[], file, edit)
}

/// Like [`load_with`], with `shared.yaml` and betas' `tier` property.
fn load_shared(file: &str, edit: impl Fn(&str) -> String) -> Result<(), Vec<SchemaError>> {
    let betas = with_tier(BETAS);
    load_tables(
        &[("shared.yaml", SHARED), ("objects/betas.yaml", &betas)],
        file,
        edit,
    )
}

/// Writes the base table, with `extra` files added or replaced, then `edit` applied to the
/// file named `file`, and loads it.
fn load_tables(
    extra: &[(&str, &str)],
    file: &str,
    edit: impl Fn(&str) -> String,
) -> Result<(), Vec<SchemaError>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::create_dir(root.join("objects")).expect("mkdir");
    let mut files = vec![
        ("objects/alphas.yaml", ALPHAS),
        ("objects/betas.yaml", BETAS),
        ("endpoints.yaml", ENDPOINTS),
    ];
    for (name, text) in extra {
        files.retain(|(n, _)| n != name);
        files.push((name, text));
    }
    for (name, text) in files {
        let text = if name == file {
            edit(text)
        } else {
            text.to_string()
        };
        fs::write(root.join(name), text).expect("write");
    }
    load_dir(root).map(|_| ()).map_err(|e| {
        e.0.into_iter()
            .map(|mut err| {
                err.file = err
                    .file
                    .strip_prefix(root)
                    .unwrap_or(&err.file)
                    .to_path_buf();
                // Messages naming another place name it as the loader was given it.
                err.message = err.message.replace(&format!("{}/", root.display()), "");
                err
            })
            .collect()
    })
}

/// Asserts exactly one error, at `file:line`, on `field`, with `message` in its text.
fn assert_one(
    result: Result<(), Vec<SchemaError>>,
    file: &str,
    line: usize,
    field: &str,
    message: &str,
) {
    let errors = result.expect_err("the table should be rejected");
    assert_eq!(errors.len(), 1, "expected one error, got: {errors:#?}");
    let e = &errors[0];
    assert_eq!(e.file, Path::new(file), "{e}");
    assert_eq!(e.line, Some(line), "{e}");
    assert_eq!(e.field, field, "{e}");
    assert!(
        e.message.contains(message),
        "`{}` should contain `{message}`",
        e.message
    );
    // The rendered error leads with the location a user clicks on.
    assert!(
        e.to_string()
            .starts_with(&format!("{file}:{line}: {field}: ")),
        "{e}"
    );
}

#[test]
fn the_base_table_is_valid() {
    assert_eq!(load_with("", |t| t.to_string()), Ok(()));
}

#[test]
fn duplicate_type_ids_name_both_places_with_their_lines() {
    // Whichever file was edited, the error names both, each with its line.
    let r = load_with("objects/betas.yaml", |t| t.replace("\"0-2\"", "\"0-1\""));
    assert_one(
        r,
        "objects/betas.yaml",
        1,
        "type_id",
        "duplicate type_id `0-1`: also used by `alphas` (objects/alphas.yaml:1)",
    );
    let r = load_with("objects/alphas.yaml", |t| {
        t.replace("type_id: \"0-1\"", "# moved down a line\ntype_id: \"0-2\"")
    });
    assert_one(
        r,
        "objects/betas.yaml",
        1,
        "type_id",
        "duplicate type_id `0-2`: also used by `alphas` (objects/alphas.yaml:2)",
    );
}

#[test]
fn other_duplicates_name_the_first_line() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace(
            "associations:\n  - to: alphas\n    type_id: 2\n",
            "associations:\n  - to: alphas\n    type_id: 2\n  - to: alphas\n",
        )
    });
    assert_one(
        r,
        "objects/betas.yaml",
        13,
        "associations[1].to",
        "association to `alphas` is listed twice (line 11)",
    );
    let r = load_with("objects/alphas.yaml", |t| {
        t.replace(
            "  - name: stage\n",
            "  - name: title\n    type: string\n  - name: stage\n",
        )
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        10,
        "properties[1].name",
        "property `title` is listed twice (line 8)",
    );
}

#[test]
fn duplicate_names() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace("singular: beta", "singular: alpha")
    });
    let errors = r.expect_err("duplicate singular");
    // The singular name and the Rust type named after it both collide.
    assert!(errors
        .iter()
        .all(|e| e.file == Path::new("objects/betas.yaml") && e.line == Some(3)));
    assert!(errors
        .iter()
        .any(|e| e.message.contains("duplicate singular `alpha`")));
    assert!(errors
        .iter()
        .any(|e| e.message.contains("duplicate Rust type name `Alpha`")));
}

#[test]
fn malformed_type_id() {
    let r = load_with("objects/alphas.yaml", |t| t.replace("\"0-1\"", "\"0x1\""));
    assert_one(
        r,
        "objects/alphas.yaml",
        1,
        "type_id",
        "malformed object type ID `0x1`",
    );
}

#[test]
fn association_to_an_unknown_object() {
    let r = load_with("objects/alphas.yaml", |t| {
        t.replace("to: betas", "to: gammas")
    });
    let errors = r.expect_err("unknown target");
    let e = errors
        .iter()
        .find(|e| e.file == Path::new("objects/alphas.yaml"))
        .expect("an error in alphas");
    assert_eq!((e.line, e.field.as_str()), (Some(14), "associations[0].to"));
    assert!(e.message.contains("unknown object `gammas`"), "{e}");
    // betas -> alphas has lost its inverse too, and says where to add it.
    assert!(errors
        .iter()
        .any(|e| e.file == Path::new("objects/betas.yaml") && e.message.contains("no inverse")));
}

#[test]
fn association_without_inverse() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace(
            "associations:\n  - to: alphas\n    type_id: 2\n",
            "associations: []\n",
        )
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        14,
        "associations[0].to",
        "association to `betas` has no inverse: add `- to: alphas`",
    );
}

#[test]
fn unknown_capability() {
    let r = load_with("objects/alphas.yaml", |t| {
        t.replace("[create, read]", "[create, fly]")
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        6,
        "capabilities[1]",
        "unknown variant `fly`",
    );
}

#[test]
fn unknown_property_type() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace("type: string", "type: text")
    });
    assert_one(
        r,
        "objects/betas.yaml",
        9,
        "properties[0].type",
        "unknown variant `text`",
    );
}

#[test]
fn unknown_key_in_an_object() {
    let r = load_with("objects/alphas.yaml", |t| {
        t.replace("capabilities:", "capabilites:")
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        6,
        "capabilites",
        "unknown field `capabilites`",
    );
}

#[test]
fn unknown_endpoint_field() {
    let r = load_with("endpoints.yaml", |t| {
        t.replace("    status: 200\n", "    status: 200\n    colour: red\n")
    });
    assert_one(
        r,
        "endpoints.yaml",
        15,
        "endpoints[0]",
        "unknown field `colour`",
    );
}

#[test]
fn enumeration_options_colliding_after_case_conversion() {
    let r = load_with("objects/alphas.yaml", |t| {
        t.replace("[open, closed]", "[open, OPEN]")
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        12,
        "properties[1].options[1]",
        "options `open` and `OPEN` collide: both become variant `Open`",
    );
}

#[test]
fn option_named_like_the_fallback_variant() {
    let r = load_with("objects/alphas.yaml", |t| {
        t.replace("[open, closed]", "[open, unlisted]")
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        12,
        "properties[1].options[1]",
        "reserved for values the schema does not list",
    );
}

#[test]
fn enum_that_would_shadow_a_prelude_type() {
    let r = load_with("objects/alphas.yaml", |t| {
        t.replace("name: stage", "name: string")
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        10,
        "properties[1].name",
        "Rust's `String`",
    );
}

#[test]
fn properties_colliding_as_fields() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace(
            "    type: string\n",
            "    type: string\n  - name: Title\n    type: number\n",
        )
    });
    assert_one(
        r,
        "objects/betas.yaml",
        10,
        "properties[1].name",
        "becomes field `title`",
    );
}

#[test]
fn options_on_a_non_enumeration() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace("type: string\n", "type: string\n    options: [a]\n")
    });
    assert_one(
        r,
        "objects/betas.yaml",
        8,
        "properties[0].options",
        "only enumerations take options",
    );
}

#[test]
fn unique_property_that_does_not_exist() {
    let r = load_with("objects/alphas.yaml", |t| {
        t.replace("capabilities:", "unique_properties: [email]\ncapabilities:")
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        6,
        "unique_properties[0]",
        "`email` is not among this object's properties",
    );
}

#[test]
fn required_association_that_is_not_allowed() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace(
            "properties:",
            "required_associations:\n  - one_of: [gammas]\nproperties:",
        )
    });
    assert_one(
        r,
        "objects/betas.yaml",
        7,
        "required_associations[0].one_of",
        "`gammas` is required at creation",
    );
}

#[test]
fn file_named_unlike_its_object() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace("name: betas", "name: betaz")
            .replace("plural: betas", "plural: betaz")
    });
    let errors = r.expect_err("misnamed file");
    assert!(errors
        .iter()
        .any(|e| e.file == Path::new("objects/betas.yaml")
            && e.line == Some(2)
            && e.message.contains("must live in a file named `betaz.yaml`")));
}

#[test]
fn endpoint_path_with_unknown_placeholder() {
    let r = load_with("endpoints.yaml", |t| t.replace("{objectId}", "{recordId}"));
    assert_one(
        r,
        "endpoints.yaml",
        10,
        "endpoints[0].paths.legacy",
        "unknown placeholder `{recordId}`",
    );
}

#[test]
fn endpoint_missing_a_version() {
    let r = load_with("endpoints.yaml", |t| {
        t.replace(
            "default_version: legacy",
            "  - name: \"2026-03\"\n    description: Dated.\ndefault_version: legacy",
        )
    });
    assert_one(
        r,
        "endpoints.yaml",
        8,
        "endpoints[0].paths",
        "has no path for version `2026-03`",
    );
}

#[test]
fn yaml_syntax_error_names_its_line() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace("  - to: alphas", "  - to: [alphas")
    });
    let errors = r.expect_err("syntax error");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, Path::new("objects/betas.yaml"));
    assert!(errors[0].line.is_some_and(|l| l >= 11), "{:?}", errors[0]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir_errors = load_with("objects/alphas.yaml", |t| {
        t.replace("[create, read]", "[create, read, read]")
            .replace("[open, closed]", "[open, Open]")
    })
    .expect_err("two problems");
    assert_eq!(dir_errors.len(), 2, "{dir_errors:#?}");
    assert!(dir_errors[0].message.contains("listed twice"));
    assert!(dir_errors[1].message.contains("collide"));
}

#[test]
fn a_module_name_the_generated_crate_reserves() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace("plural: betas", "plural: client")
    });
    assert_one(
        r,
        "objects/betas.yaml",
        4,
        "plural",
        "which the generated crate uses for itself",
    );
}

#[test]
fn the_base_table_with_shared_facts_is_valid() {
    assert_eq!(load_shared("", |t| t.to_string()), Ok(()));
}

#[test]
fn a_system_property_listed_by_an_object() {
    let r = load_shared("objects/alphas.yaml", |t| {
        t.replace(
            "  - name: title\n",
            "  - name: hs_object_id\n    type: number\n  - name: title\n",
        )
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        8,
        "properties[0].name",
        "`hs_object_id` is a system property (shared.yaml:2): every object has it",
    );
}

#[test]
fn an_option_set_nobody_defines() {
    let r = load_shared("objects/betas.yaml", |t| {
        t.replace("option_set: tier", "option_set: size")
    });
    let errors = r.expect_err("unknown set");
    assert!(errors
        .iter()
        .any(|e| e.file == Path::new("objects/betas.yaml")
            && e.line == Some(10)
            && e.field == "properties[1].option_set"
            && e.message
                .contains("no option set `size` in shared.yaml (known: tier)")));
    // `tier` is now unused, which is reported too.
    assert!(errors
        .iter()
        .any(|e| e.file == Path::new("shared.yaml") && e.message.contains("not used")));
}

#[test]
fn an_option_set_with_colliding_options() {
    let r = load_shared("shared.yaml", |t| {
        t.replace("[small, large]", "[small, SMALL]")
    });
    assert_one(
        r,
        "shared.yaml",
        7,
        "option_sets[0].options[1]",
        "options `small` and `SMALL` collide",
    );
}

#[test]
fn a_property_with_an_option_set_and_its_own_options() {
    let r = load_shared("objects/betas.yaml", |t| {
        t.replace("option_set: tier", "option_set: tier\n    options: [x]")
    });
    assert_one(
        r,
        "objects/betas.yaml",
        10,
        "properties[1].option_set",
        "lists no options and no enum_name of its own",
    );
}

#[test]
fn a_property_both_read_only_and_create_only() {
    let r = load_with("objects/betas.yaml", |t| {
        t.replace(
            "    type: string\n",
            "    type: string\n    read_only: true\n    create_only: true\n",
        )
    });
    assert_one(
        r,
        "objects/betas.yaml",
        8,
        "properties[0].create_only",
        "cannot also be set on create",
    );
}

#[test]
fn endpoint_facts_that_contradict_the_family() {
    let r = load_with("endpoints.yaml", |t| {
        t.replace("idempotent: true", "idempotent: false")
    });
    assert_one(
        r,
        "endpoints.yaml",
        6,
        "endpoints[0].idempotent",
        "a GET changes nothing",
    );
    let r = load_with("endpoints.yaml", |t| {
        t.replace("request: none", "request: batch_read_input")
    });
    assert_one(
        r,
        "endpoints.yaml",
        6,
        "endpoints[0].batch_limit",
        "a family taking `batch_read_input` needs a batch_limit",
    );
    let r = load_with("endpoints.yaml", |t| {
        t.replace("status: 200", "status: 200\n    paging: cursor")
    });
    assert_one(
        r,
        "endpoints.yaml",
        6,
        "endpoints[0].page_size",
        "a paged family needs",
    );
    let r = load_with("endpoints.yaml", |t| {
        t.replace("    idempotent: true\n", "")
    });
    assert_one(
        r,
        "endpoints.yaml",
        6,
        "endpoints[0]",
        "missing field `idempotent`",
    );
}

#[test]
fn status_by_version_names_versions_and_differs_from_status() {
    let with = |entry: &'static str| {
        move |t: &str| {
            t.replace(
                "    status: 200\n",
                &format!("    status: 200\n    status_by_version: {entry}\n"),
            )
        }
    };
    assert_one(
        load_with("endpoints.yaml", with(r#"{"2026-03": 201}"#)),
        "endpoints.yaml",
        15,
        "endpoints[0].status_by_version.2026-03",
        "unknown version `2026-03`",
    );
    assert_one(
        load_with("endpoints.yaml", with("{legacy: 200}")),
        "endpoints.yaml",
        15,
        "endpoints[0].status_by_version.legacy",
        "repeats `status` (200)",
    );
    assert_one(
        load_with("endpoints.yaml", with("{legacy: 302}")),
        "endpoints.yaml",
        15,
        "endpoints[0].status_by_version.legacy",
        "302 is not a success status",
    );
    // A second version answering differently is what the key is for.
    let two_versions = |t: &str| {
        t.replace(
            "default_version: legacy",
            "  - name: \"2026-03\"\n    description: Dated.\ndefault_version: legacy",
        )
        .replace(
            "      legacy: /crm/v3/objects/{objectType}/{objectId}\n",
            "      legacy: /crm/v3/objects/{objectType}/{objectId}\n      \"2026-03\": /crm/objects/2026-03/{objectType}/{objectId}\n",
        )
        .replace("    status: 200\n", "    status: 200\n    status_by_version: {\"2026-03\": 201}\n")
    };
    load_with("endpoints.yaml", two_versions).expect("a status per version loads");
}

#[test]
fn response_agrees_with_the_statuses_of_every_version() {
    assert_one(
        load_with("endpoints.yaml", |t| {
            t.replace("response: object", "response: none")
        }),
        "endpoints.yaml",
        6,
        "endpoints[0].response",
        "version `legacy` answers 200, with a body, so `response` cannot be `none`",
    );
    assert_one(
        load_with("endpoints.yaml", |t| {
            t.replace("status: 200", "status: 204")
        }),
        "endpoints.yaml",
        6,
        "endpoints[0].response",
        "every version answers 204, which has no body, so `response` must be `none`",
    );
}

#[test]
fn case_insensitive_is_for_unique_string_properties() {
    let flag = |t: &str, prop: &str, kind: &str| {
        t.replace(
            &format!("  - name: {prop}\n    type: {kind}\n"),
            &format!("  - name: {prop}\n    type: {kind}\n    case_insensitive: true\n"),
        )
    };
    assert_one(
        load_with("objects/alphas.yaml", |t| flag(t, "title", "string")),
        "objects/alphas.yaml",
        8,
        "properties[0].case_insensitive",
        "`title` is not among `unique_properties`",
    );
    let unique = |t: &str| {
        t.replace(
            "properties:\n",
            "unique_properties: [title, stage]\nproperties:\n",
        )
    };
    load_with("objects/alphas.yaml", |t| {
        unique(&flag(t, "title", "string"))
    })
    .expect("a unique string property may compare without case");
    assert_one(
        load_with("objects/alphas.yaml", |t| {
            unique(&flag(t, "stage", "enumeration"))
        }),
        "objects/alphas.yaml",
        11,
        "properties[1].case_insensitive",
        "only `string` properties compare without case; `stage` is `enumeration`",
    );
}

/// Alphas with a capability exception: `edit` applies to the exception's text.
fn with_exception(alphas: &str, exception: &str) -> String {
    alphas.replace(
        "properties:\n",
        &format!("capability_exceptions:\n{exception}properties:\n"),
    )
}

#[test]
fn a_documented_capability_exception_is_valid() {
    let r = load_with("objects/alphas.yaml", |t| {
        with_exception(
            t,
            "  - capabilities: [archive]\n    source: \"CRM API | Alphas\"\n    reason: The reference lists archive; the guide says alphas are kept.\n",
        )
    });
    assert!(r.is_ok(), "{r:?}");
}

#[test]
fn a_capability_exception_without_its_source() {
    let r = load_with("objects/alphas.yaml", |t| {
        with_exception(
            t,
            "  - capabilities: [archive]\n    source: \"\"\n    reason: The reference lists archive.\n",
        )
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        9,
        "capability_exceptions[0].source",
        "the page of HubSpot's documentation",
    );
}

#[test]
fn a_capability_exception_naming_no_capability() {
    let r = load_with("objects/alphas.yaml", |t| {
        with_exception(
            t,
            "  - capabilities: []\n    source: \"CRM API | Alphas\"\n    reason: Nothing.\n",
        )
    });
    assert_one(
        r,
        "objects/alphas.yaml",
        8,
        "capability_exceptions[0].capabilities",
        "must name the capabilities",
    );
}

#[test]
fn a_capability_exception_with_an_unknown_key() {
    let r = load_with("objects/alphas.yaml", |t| {
        with_exception(
            t,
            "  - capabilities: [archive]\n    source: \"CRM API | Alphas\"\n    reason: Why.\n    since: 2026-03\n",
        )
    });
    let errors = r.expect_err("rejected");
    assert!(
        errors[0].message.contains("unknown field `since`"),
        "{errors:?}"
    );
}

#[test]
fn rate_limits_are_checked_with_their_lines() {
    assert_one(
        load_with("endpoints.yaml", |t| {
            t.replace("default_tier: professional", "default_tier: platinum")
        }),
        "endpoints.yaml",
        20,
        "rate_limits.default_tier",
        "`platinum` is not among the tiers",
    );
    assert_one(
        load_with("endpoints.yaml", |t| {
            t.replace("per_window: 190", "per_window: 0")
        }),
        "endpoints.yaml",
        22,
        "rate_limits.tiers[0].per_window",
        "must be at least 1",
    );
    assert_one(
        load_with("endpoints.yaml", |t| {
            t.replace("window_ms: 10000", "window_ms: 0")
        }),
        "endpoints.yaml",
        18,
        "rate_limits.window_ms",
        "at least 1 millisecond",
    );
    assert_one(
        load_with("endpoints.yaml", |t| {
            t.replace("secondly: SECONDLY", "secondly: DAILY")
        }),
        "endpoints.yaml",
        26,
        "rate_limits.policies.daily",
        "`DAILY` is also the name of `secondly`",
    );
    assert_one(
        load_with("endpoints.yaml", |t| {
            t.replace("max: X-HubSpot-RateLimit-Max", "max: X HubSpot Max")
        }),
        "endpoints.yaml",
        28,
        "rate_limits.headers.max",
        "is not an HTTP header name",
    );
    let twice = load_with("endpoints.yaml", |t| {
        t.replace(
            "      daily: 650000\n",
            "      daily: 650000\n    - name: professional\n      description: Again.\n      per_window: 100\n",
        )
    });
    let errors = twice.expect_err("a tier listed twice");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].field, "rate_limits.tiers[1].name");
    assert!(
        errors[0].message.contains("listed twice (line 22)"),
        "{}",
        errors[0]
    );
    assert_one(
        load_with("endpoints.yaml", |t| {
            t.replace("  search_per_second: 5\n", "")
        }),
        "endpoints.yaml",
        18,
        "rate_limits",
        "missing field `search_per_second`",
    );
}
