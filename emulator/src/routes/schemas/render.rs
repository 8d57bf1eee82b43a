//! Object schemas and association definitions in HubSpot's JSON shape.

use serde_json::{json, Value};

use crate::routes::properties::defs;
use crate::state::{State, TypeState};
use crate::values::format_datetime;

/// The `objectTypeId` of the type stored as `name` (its name when it has no type ID).
pub(super) fn type_id_of(state: &State, name: &str) -> String {
    state
        .types
        .get(name)
        .map_or(name.to_string(), |t| t.def.id_or_name().to_string())
}

/// HubSpot's name for an association definition: `my_object_to_contact`.
pub(super) fn association_name(state: &State, from: &str, to: &str) -> String {
    let singular = |t: &str| {
        state
            .types
            .get(t)
            .map_or(t.to_string(), |ts| ts.def.singular.clone())
    };
    format!("{}_to_{}", singular(from), singular(to))
}

/// An association definition from `from` to `to` with type ID `id`.
pub(super) fn association(state: &State, from: &str, to: &str, id: u32, name: &str) -> Value {
    json!({
        "id": id.to_string(),
        "fromObjectTypeId": type_id_of(state, from),
        "toObjectTypeId": type_id_of(state, to),
        "name": name,
    })
}

/// A schema: the object type with its live properties and the associations it defines.
pub(super) fn schema(state: &State, ts: &TypeState) -> Value {
    let d = &ts.def;
    let object_type_id = d.id_or_name().to_string();
    // `2-123` has the ID `123`; types without a type ID go by name.
    let id = object_type_id
        .split_once('-')
        .map_or(object_type_id.clone(), |(_, n)| n.to_string());
    let properties: Vec<Value> = ts
        .properties
        .values()
        .filter(|p| !p.archived)
        .map(defs::render)
        .collect();
    let associations: Vec<Value> = d
        .associations
        .iter()
        .filter(|(to, _)| state.types.get(*to).is_some_and(|t| !t.def.archived))
        .map(|(to, a)| {
            let name = association_name(state, &d.name, to);
            association(state, &d.name, to, a.default_type_id, &name)
        })
        .collect();
    let mut out = json!({
        "id": id,
        "objectTypeId": object_type_id,
        "name": d.name,
        "labels": { "singular": d.label_singular, "plural": d.label_plural },
        "requiredProperties": d.required_properties,
        "searchableProperties": d.searchable_properties,
        "secondaryDisplayProperties": d.secondary_display_properties,
        "properties": properties,
        "associations": associations,
        "metaType": if d.custom { "PORTAL_SPECIFIC" } else { "HUBSPOT" },
        "archived": d.archived,
        "allowsSensitiveProperties": d.allows_sensitive_properties,
    });
    // Standard objects have no `p{portal}_` name; they go by their API name.
    out["fullyQualifiedName"] = json!(d.fully_qualified_name.as_deref().unwrap_or(&d.name));
    if let Some(description) = &d.description {
        out["description"] = json!(description);
    }
    if let Some(primary) = &d.primary_display_property {
        out["primaryDisplayProperty"] = json!(primary);
    }
    if d.created_at > 0 {
        out["createdAt"] = json!(format_datetime(d.created_at));
    }
    if d.updated_at > 0 {
        out["updatedAt"] = json!(format_datetime(d.updated_at));
    }
    out
}
