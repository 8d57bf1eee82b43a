//! Schemas in bulk, `POST /crm-object-schemas/v3/schemas/batch/read`: several schemas in one
//! request, each read as `get` reads it, with or without its property definitions,
//! association definitions and audit dates.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{find, render};
use crate::error::ApiResult;
use crate::request::Req;
use crate::routes::Reply;
use crate::Shared;

/// The body: the object types to read and what to include (HubSpot requires every field).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReadBody {
    inputs: Vec<String>,
    include_property_definitions: bool,
    include_association_definitions: bool,
    include_audit_metadata: bool,
}

/// The fields of a schema that `includeAuditMetadata` covers.
const AUDIT_FIELDS: &[&str] = &[
    "createdAt",
    "updatedAt",
    "createdByUserId",
    "updatedByUserId",
];

/// POST: `{results: [schema]}`, one per live type the inputs name (by `2-N`, name or fully
/// qualified name; standard objects too), in input order, each once. Inputs naming no live
/// type are left out. Without `includePropertyDefinitions` a schema's `properties` are empty,
/// without `includeAssociationDefinitions` its `associations`, and without
/// `includeAuditMetadata` it carries no creation and change dates.
pub(crate) fn read(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let body: ReadBody = req.json()?;
    let state = shared.read();
    let mut seen = Vec::new();
    let mut results = Vec::new();
    for key in &body.inputs {
        let Some(ts) = find(&state, key.trim())
            .and_then(|name| state.types.get(&name))
            .filter(|t| !t.def.archived)
        else {
            continue;
        };
        if seen.contains(&ts.def.name) {
            continue;
        }
        seen.push(ts.def.name.clone());
        let mut schema = render::schema(&state, ts);
        if let Value::Object(fields) = &mut schema {
            if !body.include_property_definitions {
                fields.insert("properties".into(), json!([]));
            }
            if !body.include_association_definitions {
                fields.insert("associations".into(), json!([]));
            }
            if !body.include_audit_metadata {
                for f in AUDIT_FIELDS {
                    fields.remove(*f);
                }
            }
        }
        results.push(schema);
    }
    Ok(Reply::Body(json!({ "results": results })))
}
