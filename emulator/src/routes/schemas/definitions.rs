//! Deleting an association definition of a custom object,
//! `DELETE /crm-object-schemas/v3/schemas/{objectType}/associations/{associationIdentifier}`:
//! the pair can no longer be associated, either way, and what it held goes with it (the
//! associations between records of the two types, the account's labels of the pair, the
//! limits set on its types).

use axum::http::StatusCode;
use hubspot_crm_vocab::PathParam;

use super::live_custom;
use crate::error::{ApiError, ApiResult};
use crate::request::Req;
use crate::routes::Reply;
use crate::Shared;

/// DELETE: the identifier is the `id` the schema lists the association under (its
/// unlabelled type ID from the schema's object). 404 for an association the schema does not
/// define, 400 for a standard object's schema. 204.
pub(crate) fn delete_association(shared: &Shared, req: &Req) -> ApiResult<Reply> {
    let raw = req.param(PathParam::AssociationIdentifier)?;
    let mut state = shared.write();
    let ts = live_custom(&state, req.param(PathParam::ObjectType)?, "changed")?;
    let from = ts.def.name.clone();
    let missing = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "OBJECT_NOT_FOUND",
            format!("No association {raw} is defined by the schema of {from}"),
        )
    };
    let id: u32 = raw.trim().parse().map_err(|_| missing())?;
    let to = ts
        .def
        .associations
        .iter()
        .find(|(to, a)| {
            a.default_type_id == id && state.types.get(*to).is_some_and(|t| !t.def.archived)
        })
        .map(|(to, _)| to.clone())
        .ok_or_else(missing)?;
    for (a, b) in [(&from, &to), (&to, &from)] {
        if let Some(t) = state.types.get_mut(a.as_str()) {
            t.def.associations.remove(b.as_str());
        }
        state.labels.remove(&(a.clone(), b.clone()));
    }
    state
        .associations
        .retain(|(f, _, t, _), _| !((*f == from && *t == to) || (*f == to && *t == from)));
    state.association_limits.remove_pair(&from, &to);
    Ok(Reply::Empty)
}
