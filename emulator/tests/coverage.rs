//! Every endpoint family is served under every version's path (and the schemas alias): a
//! request reaches the family's handler or the table's checks (whatever it then answers),
//! never the 404 of an unknown route, the bare 405 of a method nobody routes, or a 501.

mod common;

use common::Api;
use hubspot_crm_endpoints::{ApiVersion, Family};
use hubspot_crm_vocab::HttpMethod;
use reqwest::Method;

fn fill(template: &str) -> String {
    [
        ("{objectType}", "contacts"),
        ("{objectId}", "1"),
        ("{toObjectType}", "companies"),
        ("{toObjectId}", "1"),
        ("{associationTypeId}", "279"),
        ("{propertyName}", "email"),
        ("{groupName}", "contactinformation"),
        ("{importId}", "1"),
        ("{pipelineId}", "default"),
        ("{stageId}", "closedwon"),
        ("{ownerId}", "101"),
    ]
    .iter()
    .fold(template.to_string(), |path, (k, v)| path.replace(k, v))
}

fn method(m: HttpMethod) -> Method {
    match m {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
    }
}

/// Why `family`'s request to `path` did not reach it, if it did not.
async fn unserved(api: &Api, family: Family, path: &str) -> Option<String> {
    let spec = family.spec();
    let body = match spec.method {
        HttpMethod::Get | HttpMethod::Delete => None,
        _ => Some(serde_json::json!({})),
    };
    let reply = api.send(method(spec.method), &fill(path), body).await;
    let fallback = reply.text.contains("No route for");
    // axum's own 405 has no body; the capability gate's is a HubSpot error.
    let bare_405 = reply.status == 405 && reply.body["category"] != "VALIDATION_ERROR";
    (fallback || bare_405 || reply.status == 501)
        .then(|| format!("{family} {path} -> {} {}", reply.status, reply.text))
}

#[tokio::test]
async fn every_endpoint_family_is_served_under_every_version() {
    let api = Api::start().await;
    let mut missing = Vec::new();
    let mut checked = 0;
    for family in Family::ALL {
        for version in ApiVersion::ALL {
            checked += 1;
            missing.extend(unserved(&api, family, family.path(version)).await);
        }
    }
    assert_eq!(checked, Family::ALL.len() * ApiVersion::ALL.len());
    assert!(missing.is_empty(), "not served:\n{}", missing.join("\n"));
}

#[tokio::test]
async fn the_schemas_api_is_also_served_under_crm_v3() {
    let api = Api::start().await;
    let mut missing = Vec::new();
    let mut aliased = 0;
    for family in Family::ALL {
        let legacy = family.path(ApiVersion::Legacy);
        if let Some(rest) = legacy.strip_prefix("/crm-object-schemas/v3/schemas") {
            aliased += 1;
            missing.extend(unserved(&api, family, &format!("/crm/v3/schemas{rest}")).await);
        }
    }
    assert!(
        aliased > 0,
        "the table serves schemas under /crm-object-schemas"
    );
    assert!(missing.is_empty(), "not served:\n{}", missing.join("\n"));
    let unknown = api.get("/crm/v3/nothing-here").await;
    assert_eq!(unknown.status, 404, "the fallback still answers");
}
