//! Defining a custom object: checking a schema create body and turning it into a new object
//! type (`2-N`, `p{portalId}_{name}`) with its properties, group and associations, usable by
//! every records API as soon as it is stored.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use hubspot_crm_schema::SharedDef;
use serde::Deserialize;

use crate::catalog::system_properties;
use crate::error::{ApiError, ApiResult};
use crate::routes::properties::defs::{self, PropertyInput};
use crate::state::{AssociationDef, GroupDef, ObjectType, State, TypeState};

/// `labels` of a schema.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct LabelsInput {
    pub(super) singular: Option<String>,
    pub(super) plural: Option<String>,
}

/// The body of a schema create.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SchemaInput {
    name: Option<String>,
    labels: Option<LabelsInput>,
    #[serde(default)]
    description: Option<String>,
    primary_display_property: Option<String>,
    #[serde(default)]
    required_properties: Vec<String>,
    #[serde(default)]
    searchable_properties: Vec<String>,
    #[serde(default)]
    secondary_display_properties: Vec<String>,
    #[serde(default)]
    properties: Vec<PropertyInput>,
    #[serde(default)]
    associated_objects: Vec<String>,
    /// HubSpot requires it in the date versions' descriptions and not in v3's: absent is false.
    #[serde(default)]
    allows_sensitive_properties: bool,
}

/// A checked schema, ready to store: the new type and the types it associates with.
pub(super) struct Planned {
    ts: TypeState,
    targets: Vec<String>,
}

/// Checks a schema name: a letter, then letters, digits and `_`.
fn check_schema_name(name: &str) -> ApiResult<()> {
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "Object name '{name}' is invalid: it must start with a letter and hold only letters, digits and underscores"
        )))
    }
}

/// Whether any type, archived custom objects included (HubSpot keeps their names until they
/// are purged), already answers to `name`.
fn name_taken(state: &State, name: &str) -> bool {
    state.types.values().any(|t| {
        let d = &t.def;
        d.type_id.as_deref() == Some(name)
            || d.fully_qualified_name.as_deref() == Some(name)
            || [&d.name, &d.singular, &d.plural]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name))
    })
}

/// The labels, both required.
pub(super) fn labels(input: &LabelsInput) -> ApiResult<(String, String)> {
    let get = |v: &Option<String>, which: &str| {
        v.clone()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| ApiError::validation(format!("Missing required field: labels.{which}")))
    };
    Ok((
        get(&input.singular, "singular")?,
        get(&input.plural, "plural")?,
    ))
}

/// 400 unless every name in `names` is one of `known`.
pub(super) fn check_refs(field: &str, names: &[String], known: &BTreeSet<String>) -> ApiResult<()> {
    match names.iter().find(|n| !known.contains(*n)) {
        Some(n) => Err(ApiError::validation(format!(
            "{field}: property '{n}' is not one of the object's properties"
        ))),
        None => Ok(()),
    }
}

/// Checks a create body against the account; nothing is written. The new type gets what the
/// tables give every custom object (`shared`): the `system` properties, which HubSpot keeps on
/// every object, and the custom-object capabilities.
pub(super) fn plan(
    state: &State,
    shared: &SharedDef,
    input: &SchemaInput,
    now: i64,
) -> ApiResult<Planned> {
    let system = &shared.system_properties;
    let capabilities = &shared.custom_objects.capabilities;
    let name = input
        .name
        .as_deref()
        .ok_or_else(|| ApiError::validation("Missing required field: name"))?;
    check_schema_name(name)?;
    let (singular, plural) = labels(input.labels.as_ref().unwrap_or(&LabelsInput::default()))?;
    if name_taken(state, name) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            format!("An object type named '{name}' already exists."),
        ));
    }
    let group = format!(
        "{}{}",
        name.to_ascii_lowercase(),
        shared.custom_objects.property_group_suffix
    );
    let mut groups = BTreeMap::new();
    groups.insert(
        group.clone(),
        GroupDef {
            name: group.clone(),
            label: format!("{singular} information"),
            display_order: 0,
            archived: false,
        },
    );
    let mut properties = system_properties(system, &group, now);
    let mut own = BTreeSet::new();
    let mut primary = input.primary_display_property.clone();
    for p in &input.properties {
        let def = defs::new_property(p, Some(&group), now)?;
        defs::check_group(&groups, &def.group_name)?;
        if properties.contains_key(&def.name) {
            return Err(ApiError::validation(format!(
                "Property {} is defined more than once or is a HubSpot property",
                def.name
            )));
        }
        if p.is_primary_display_label == Some(true) && primary.is_none() {
            primary = Some(def.name.clone());
        }
        own.insert(def.name.clone());
        properties.insert(def.name.clone(), def);
    }
    check_refs("primaryDisplayProperty", primary.as_slice(), &own)?;
    check_refs("requiredProperties", &input.required_properties, &own)?;
    check_refs("searchableProperties", &input.searchable_properties, &own)?;
    check_refs(
        "secondaryDisplayProperties",
        &input.secondary_display_properties,
        &own,
    )?;
    let mut targets = Vec::new();
    for key in &input.associated_objects {
        let to = state
            .resolve(key)
            .ok_or_else(|| ApiError::unknown_object_type(key))?;
        if !targets.contains(&to) {
            targets.push(to);
        }
    }
    let n = state.next_custom_type;
    let def = ObjectType {
        type_id: Some(format!("2-{n}")),
        name: name.to_string(),
        singular: name.to_string(),
        plural: name.to_string(),
        label_singular: singular,
        label_plural: plural,
        fully_qualified_name: Some(format!("p{}_{name}", state.portal_id)),
        capabilities: capabilities.iter().copied().collect(),
        default_properties: Vec::new(),
        required_associations: Vec::new(),
        associations: BTreeMap::new(),
        custom: true,
        primary_display_property: primary,
        description: input.description.clone().filter(|d| !d.trim().is_empty()),
        required_properties: input.required_properties.clone(),
        searchable_properties: input.searchable_properties.clone(),
        secondary_display_properties: input.secondary_display_properties.clone(),
        allows_sensitive_properties: input.allows_sensitive_properties,
        archived: false,
        created_at: now,
        updated_at: now,
    };
    let mut ts = TypeState {
        def,
        properties,
        groups,
        records: BTreeMap::new(),
        next_id: 1,
        pipelines: None,
        unique_index: Default::default(),
    };
    ts.rebuild_unique_index();
    Ok(Planned { ts, targets })
}

/// Allows associations between `from` and `to` both ways, each direction with a fresh type ID
/// (one for a self-association); returns the `from -> to` type ID. An existing definition is
/// kept.
pub(super) fn allow_pair(state: &mut State, from: &str, to: &str) -> u32 {
    let existing = state
        .types
        .get(from)
        .and_then(|t| t.def.associations.get(to))
        .map(|a| a.default_type_id);
    if let Some(id) = existing {
        return id;
    }
    let mut fresh = || {
        let id = state.next_association_type;
        state.next_association_type += 1;
        AssociationDef {
            default_type_id: id,
            primary_type_id: None,
            labels: Vec::new(),
        }
    };
    let forward = fresh();
    let back = (from != to).then(&mut fresh);
    let id = forward.default_type_id;
    if let Some(ts) = state.types.get_mut(from) {
        ts.def.associations.insert(to.to_string(), forward);
    }
    if let (Some(back), Some(ts)) = (back, state.types.get_mut(to)) {
        ts.def.associations.entry(from.to_string()).or_insert(back);
    }
    id
}

/// Stores a planned schema; returns its name.
pub(super) fn insert(state: &mut State, planned: Planned) -> String {
    let Planned { ts, targets } = planned;
    let name = ts.def.name.clone();
    state.next_custom_type += 1;
    state.types.insert(name.clone(), ts);
    for to in targets {
        allow_pair(state, &name, &to);
    }
    name
}
