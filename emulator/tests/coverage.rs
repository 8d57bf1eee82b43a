//! Every endpoint family of `schema/endpoints.yaml` is served, under every version's path:
//! a request reaches a handler (whatever it then answers), never the 404 of an unknown route,
//! a 405 for a method nobody routes, or the 501 of a family without a handler.

mod common;

use std::path::Path;

use common::Api;
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
    ]
    .iter()
    .fold(template.to_string(), |path, (k, v)| path.replace(k, v))
}

#[tokio::test]
async fn every_endpoint_family_is_served_under_every_version() {
    let schema =
        hubspot_crm_schema::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema"))
            .expect("the tables load");
    let api = Api::start().await;
    let mut unserved = Vec::new();
    let mut checked = 0;
    for endpoint in &schema.endpoints.endpoints {
        for (version, template) in &endpoint.paths {
            let method = Method::from_bytes(endpoint.method.as_str().as_bytes()).unwrap();
            let body = match endpoint.method.as_str() {
                "GET" | "DELETE" => None,
                _ => Some(serde_json::json!({})),
            };
            let reply = api.send(method, &fill(template), body).await;
            checked += 1;
            let routed =
                !reply.text.contains("No route for") && reply.status != 501 && reply.status != 405
                    || reply.body["category"] == "VALIDATION_ERROR";
            if !routed {
                unserved.push(format!(
                    "{} {version} {} -> {} {}",
                    endpoint.name, template, reply.status, reply.text
                ));
            }
        }
    }
    assert_eq!(
        checked,
        schema.endpoints.endpoints.len() * schema.endpoints.versions.len()
    );
    assert!(unserved.is_empty(), "not served:\n{}", unserved.join("\n"));
}
