//! The router, built from the endpoint table: every [`Family`] under each of its paths
//! (`spec().paths`, one per API version), each behind one wrapper that applies what the table
//! states about the family (rate class, capabilities, batch limit, success status in the
//! route's version) around its handler, so handlers only compute bodies. Each route knows its
//! [`ApiVersion`] from the path it was registered under, and hands it to the handler in
//! [`Req`]. The gate wraps the whole router.

mod apply;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use hubspot_crm_endpoints::{ApiVersion, Family};
use hubspot_crm_vocab::{HttpMethod, RateClass};

use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::routes::{self, Handler};
use crate::{gate, Shared};

/// Prefixes HubSpot also serves under another one: (table prefix, alias). The schemas API
/// answers under `/crm/v3/schemas` as well as the table's `/crm-object-schemas/v3/schemas`;
/// the association limits and deal splits under the prefixes HubSpot's reference prints
/// (`/crm/associations/v4/definitions`, `/crm/objects/v3/deals/splits`) as well as its
/// guides' (`/crm/v4/associations/definitions`, `/crm/v3/objects/deals/splits`).
const ALIASES: &[(&str, &str)] = &[
    ("/crm-object-schemas/v3/schemas", "/crm/v3/schemas"),
    (
        "/crm/v4/associations/definitions",
        "/crm/associations/v4/definitions",
    ),
    (
        "/crm/v3/objects/deals/splits",
        "/crm/objects/v3/deals/splits",
    ),
];

fn method_filter(m: HttpMethod) -> MethodFilter {
    match m {
        HttpMethod::Get => MethodFilter::GET,
        HttpMethod::Post => MethodFilter::POST,
        HttpMethod::Put => MethodFilter::PUT,
        HttpMethod::Patch => MethodFilter::PATCH,
        HttpMethod::Delete => MethodFilter::DELETE,
    }
}

/// Every (path, family, version) the emulator serves: each family under each version's path
/// (an alias answers as the version of the path it stands for). A (path, method) pair is
/// served once (axum refuses a second route for it).
fn served_routes() -> Vec<(String, Family, ApiVersion)> {
    let mut out = Vec::new();
    for family in Family::ALL {
        for version in ApiVersion::ALL {
            let path = family.path(version);
            out.push((path.to_string(), family, version));
            for (from, to) in ALIASES {
                if let Some(rest) = path.strip_prefix(from) {
                    out.push((format!("{to}{rest}"), family, version));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.0, a.1.spec().method).cmp(&(&b.0, b.1.spec().method)));
    out.dedup_by(|a, b| a.0 == b.0 && a.1.spec().method == b.1.spec().method);
    out
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let mut by_path: BTreeMap<String, MethodRouter<Arc<Shared>>> = BTreeMap::new();
    for (path, family, version) in served_routes() {
        let handler = routes::handler(family);
        let route = on(
            method_filter(family.spec().method),
            move |State(shared): State<Arc<Shared>>, request: Request| async move {
                serve(&shared, (family, version), handler, request)
                    .await
                    .unwrap_or_else(IntoResponse::into_response)
            },
        );
        let entry = match by_path.remove(&path) {
            Some(existing) => existing.merge(route),
            None => route,
        };
        by_path.insert(path, entry);
    }
    let mut router = Router::new();
    for (path, route) in by_path {
        router = router.route(&path, route);
    }
    router
        .fallback(unrouted)
        .layer(middleware::from_fn_with_state(shared.clone(), gate::gate))
        .with_state(shared)
}

/// One request of `family` in `version`: its rate budget first (before the body is read, as
/// HubSpot refuses over-limit requests unread), then the request, the table's checks, the
/// handler, and the table's success status for the version.
async fn serve(
    shared: &Shared,
    (family, version): (Family, ApiVersion),
    handler: Handler,
    request: Request,
) -> ApiResult<Response> {
    apply::rate_limit(shared, family.spec().rate_class)?;
    let req = Req::read(request, family, version, shared.config.body_limit).await?;
    apply::capabilities(shared, &req)?;
    apply::batch_size(&req)?;
    let reply = handler(shared, &req)?;
    Ok(apply::respond(family.status(version), reply))
}

/// A path no family serves: 404, after counting against the ten-second budget as any
/// authenticated request does.
async fn unrouted(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if let Err(e) = apply::rate_limit(&shared, RateClass::Standard) {
        return e.into_response();
    }
    ApiError::new(
        StatusCode::NOT_FOUND,
        "OBJECT_NOT_FOUND",
        format!("No route for {method} {}", uri.path()),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_is_routed_under_every_path_of_the_table_as_its_version() {
        let served = served_routes();
        for family in Family::ALL {
            for version in ApiVersion::ALL {
                let path = family.path(version);
                // A path several versions share (HubSpot serves v3's association types under
                // /crm/v3 only) answers as the oldest of them.
                let answering = ApiVersion::ALL
                    .into_iter()
                    .find(|v| family.path(*v) == path)
                    .unwrap_or(version);
                assert!(
                    served
                        .iter()
                        .any(|(p, f, v)| p == path && *f == family && *v == answering),
                    "{family} is not served at {path} as {answering}"
                );
            }
        }
        assert!(
            served
                .iter()
                .any(|(p, f, v)| p == "/crm/v3/schemas/{objectType}"
                    && *f == Family::SchemasGet
                    && *v == ApiVersion::Legacy),
            "the schemas alias"
        );
    }
}
