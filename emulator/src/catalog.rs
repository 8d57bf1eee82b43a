//! The object types the emulator serves: built from the schema tables, extended at run time
//! by the schemas API, and resolved from the names a path may use.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use hubspot_crm_schema::{
    load_sources, read_account_dir, ObjectDef, PropertyDef as TableProperty, Schema, SchemaErrors,
    Sources,
};

use crate::error::{ApiError, ApiResult};
use crate::state::{
    AssociationCategory, AssociationDef, GroupDef, LabelDef, Labels, ObjectType, OptionDef,
    PropertyDef, State, TypeState,
};

/// Association type IDs the emulator invents for pairs HubSpot serves under unlisted IDs
/// start here, far from HubSpot's published range.
pub const SYNTHETIC_TYPE_IDS: u32 = 100_000;

/// The standard tables compiled into the emulator.
pub fn standard_schema() -> Result<Schema, SchemaErrors> {
    schema(None)
}

/// The standard tables compiled into the emulator, with the account's tables in `account`
/// (the directory `cargo xtask pull` writes) merged in when given.
pub fn schema(account: Option<&Path>) -> Result<Schema, SchemaErrors> {
    load_sources(Sources {
        account: account.map(read_account_dir).transpose()?,
        ..hubspot_crm_schema::standard::sources()
    })
}

/// A fresh account holding the schema's object types (the account's custom objects, custom
/// properties and labels among them) and no records.
pub fn initial_state(schema: &Schema, portal_id: u64) -> State {
    let mut ids = TypeIds::new(schema);
    let mut state = State {
        types: BTreeMap::new(),
        associations: BTreeMap::new(),
        labels: BTreeMap::new(),
        imports: BTreeMap::new(),
        next_custom_type: 1,
        next_association_type: SYNTHETIC_TYPE_IDS,
        next_import_id: 1,
        portal_id,
        owners: Vec::new(),
        association_limits: Default::default(),
        association_reports: Vec::new(),
        deal_splits: Default::default(),
    };
    for object in &schema.objects {
        let ty = table_type(object, &mut ids);
        let group = default_group(object);
        let properties = table_properties(object, &group);
        let mut groups = BTreeMap::new();
        groups.insert(
            group.clone(),
            GroupDef {
                name: group,
                label: format!("{} information", ty.label_singular),
                display_order: 0,
                archived: false,
            },
        );
        if let Some(n) = custom_number(&ty) {
            state.next_custom_type = state.next_custom_type.max(n + 1);
        }
        state.types.insert(
            object.name.clone(),
            TypeState {
                def: ty,
                properties,
                groups,
                records: BTreeMap::new(),
                next_id: 1,
                pipelines: crate::pipelines::TypePipelines::from_table(object, 0),
                unique_index: Default::default(),
            },
        );
    }
    state.labels = account_labels(schema);
    state.next_association_type = ids.first_free();
    for ts in state.types.values_mut() {
        crate::pipelines::sync_options(ts);
    }
    state.rebuild_indexes();
    state
}

/// The property group a type's properties go in, from the tables.
fn default_group(object: &ObjectDef) -> String {
    // The loader gives every object one (account objects from the shared suffix).
    object.default_property_group.clone().unwrap_or_default()
}

/// `NNN` of a custom object's `2-NNN`.
fn custom_number(ty: &ObjectType) -> Option<u64> {
    let id = ty.type_id.as_deref()?;
    id.strip_prefix("2-")?.parse().ok()
}

/// Association type IDs: those the tables give, and fresh ones, never taken twice, for pairs
/// HubSpot lists one way only.
struct TypeIds {
    used: BTreeSet<u32>,
    next: u32,
}

impl TypeIds {
    fn new(schema: &Schema) -> Self {
        let used: BTreeSet<u32> = schema
            .objects
            .iter()
            .flat_map(|o| &o.associations)
            .flat_map(|a| {
                a.type_id
                    .into_iter()
                    .chain(a.primary_type_id)
                    .chain(a.labels.iter().map(|l| l.type_id))
            })
            .collect();
        TypeIds {
            used,
            next: SYNTHETIC_TYPE_IDS,
        }
    }

    /// Where the account's own new types (labels, custom pairs) start: past every ID taken.
    fn first_free(&self) -> u32 {
        let max_used = self
            .used
            .iter()
            .next_back()
            .map_or(0, |m| m.saturating_add(1));
        self.next.max(max_used)
    }

    /// A fresh ID no table gives.
    fn fresh(&mut self) -> u32 {
        while self.used.contains(&self.next) {
            self.next += 1;
        }
        let id = self.next;
        self.used.insert(id);
        self.next += 1;
        id
    }
}

fn title(snake: &str) -> String {
    let words = snake.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An object type of the tables, standard or the account's custom one.
fn table_type(object: &ObjectDef, ids: &mut TypeIds) -> ObjectType {
    let associations = object
        .associations
        .iter()
        .map(|a| {
            let default_type_id = a.type_id.unwrap_or_else(|| ids.fresh());
            (
                a.to.clone(),
                AssociationDef {
                    default_type_id,
                    primary_type_id: a.primary_type_id,
                    labels: a
                        .labels
                        .iter()
                        .filter(|l| l.category == AssociationCategory::HubspotDefined)
                        .map(|l| (l.type_id, l.label.clone()))
                        .collect(),
                },
            )
        })
        .collect();
    let (label_singular, label_plural) = match &object.labels {
        Some(l) => (l.singular.clone(), l.plural.clone()),
        None => (title(&object.singular), title(&object.plural)),
    };
    ObjectType {
        type_id: object.type_id.as_ref().map(|t| t.as_str().to_string()),
        name: object.name.clone(),
        singular: object.singular.clone(),
        plural: object.plural.clone(),
        label_singular,
        label_plural,
        fully_qualified_name: object.fully_qualified_name.clone(),
        capabilities: object.capabilities.iter().copied().collect(),
        default_properties: object.default_properties.clone(),
        required_associations: object
            .required_associations
            .iter()
            .map(|g| g.one_of.clone())
            .collect(),
        associations,
        custom: object.account,
        primary_display_property: object.primary_display_property.clone(),
        description: object.account.then(|| object.description.clone()),
        required_properties: if object.account {
            object
                .properties
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.clone())
                .collect()
        } else {
            Vec::new()
        },
        searchable_properties: Vec::new(),
        secondary_display_properties: Vec::new(),
        allows_sensitive_properties: false,
        archived: false,
        created_at: 0,
        updated_at: 0,
    }
}

/// The account's own (`USER_DEFINED`) labels, by pair. A label is one type per direction;
/// the tables list each direction with its object, so the n-th label of a pair pairs with the
/// n-th of the inverse pair (a label of a self-association, or one without a partner, is its
/// own inverse).
fn account_labels(schema: &Schema) -> Labels {
    let mut by_pair: Labels = BTreeMap::new();
    for object in &schema.objects {
        for a in &object.associations {
            for l in a
                .labels
                .iter()
                .filter(|l| l.category == AssociationCategory::UserDefined)
            {
                by_pair
                    .entry((object.name.clone(), a.to.clone()))
                    .or_default()
                    .push(LabelDef {
                        type_id: l.type_id,
                        label: l.label.clone(),
                        name: label_name(&l.label),
                        inverse_type_id: l.type_id,
                    });
            }
        }
    }
    let pairs: Vec<(String, String)> = by_pair.keys().cloned().collect();
    for (from, to) in pairs {
        if from == to {
            continue;
        }
        let inverse: Vec<u32> = by_pair
            .get(&(to.clone(), from.clone()))
            .map(|ls| ls.iter().map(|l| l.type_id).collect())
            .unwrap_or_default();
        if let Some(labels) = by_pair.get_mut(&(from, to)) {
            for (label, inverse_id) in labels.iter_mut().zip(inverse) {
                label.inverse_type_id = inverse_id;
            }
        }
    }
    by_pair
}

/// The internal name of a label: its text, lowercase, words joined by `_`.
fn label_name(label: &str) -> String {
    label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

/// The record ID: unique in every type, whatever the table lists as unique.
const RECORD_ID: &str = "hs_object_id";

/// A property of the tables as the account holds it, in `group`: HubSpot-defined unless
/// `account_own` (a custom property, or one of a custom object).
fn table_property(
    p: &TableProperty,
    group: &str,
    display_order: usize,
    account_own: bool,
) -> PropertyDef {
    let mut def = PropertyDef::new(&p.name, p.kind);
    def.label = p.label.clone().unwrap_or_else(|| p.name.clone());
    def.description = p.description.clone().unwrap_or_default();
    def.field_type = p.kind.default_field_type(p.multiple).to_string();
    def.group_name = group.to_string();
    def.options = p
        .options
        .iter()
        .enumerate()
        .map(|(j, o)| OptionDef {
            value: o.value().to_string(),
            label: o.label().unwrap_or(o.value()).to_string(),
            display_order: j as i64,
            hidden: false,
        })
        .collect();
    def.has_unique_value = p.name == RECORD_ID;
    def.read_only = p.read_only;
    def.create_only = p.create_only;
    def.case_insensitive = p.case_insensitive;
    def.required = p.required;
    def.multiple = p.multiple;
    def.hubspot_defined = !account_own;
    def.display_order = display_order as i64;
    def
}

/// An object's properties, in `group`. The loader has put the shared system properties first
/// and the account's custom properties (from its extension) last.
fn table_properties(object: &ObjectDef, group: &str) -> BTreeMap<String, PropertyDef> {
    object
        .properties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // HubSpot defines the system and the pipeline properties, custom objects' too.
            let pipeline = object
                .pipeline_properties
                .as_ref()
                .is_some_and(|n| n.pipeline == p.name || n.stage == p.name);
            let account_own = !p.system && !pipeline && (object.account || p.source.is_some());
            let mut def = table_property(p, group, i, account_own);
            def.has_unique_value |= object.unique_properties.contains(&p.name);
            (p.name.clone(), def)
        })
        .collect()
}

/// The table's system properties (`schema.shared.system_properties`, which HubSpot keeps on
/// every object, standard or custom) for a new type, in `group`, created at `now` (epoch ms).
pub(crate) fn system_properties(
    system: &[TableProperty],
    group: &str,
    now: i64,
) -> BTreeMap<String, PropertyDef> {
    system
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut def = table_property(p, group, i, false);
            // Being a system property means read-only; the loader marks the copies it puts
            // in standard objects the same way, the shared list as written does not say so.
            def.read_only = true;
            def.created_at = now;
            def.updated_at = now;
            (p.name.clone(), def)
        })
        .collect()
}

impl State {
    /// The stored name of the type `key` names: a type ID (`0-1`, `2-7`), an API, singular or
    /// plural name (ASCII case-insensitive), or a custom object's fully qualified name.
    /// Archived custom objects are gone for every API but the schemas API.
    pub fn resolve(&self, key: &str) -> Option<String> {
        if let Some(t) = self.types.get(key).filter(|t| !t.def.archived) {
            return Some(t.def.name.clone());
        }
        self.types
            .values()
            .filter(|t| !t.def.archived)
            .find(|t| {
                let d = &t.def;
                d.type_id.as_deref() == Some(key)
                    || d.fully_qualified_name.as_deref() == Some(key)
                    || [&d.name, &d.singular, &d.plural]
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(key))
            })
            .map(|t| t.def.name.clone())
    }

    /// The type `key` names, or HubSpot's 400 for an unknown type.
    pub fn type_state(&self, key: &str) -> ApiResult<&TypeState> {
        let name = self
            .resolve(key)
            .ok_or_else(|| ApiError::unknown_object_type(key))?;
        self.types
            .get(&name)
            .ok_or_else(|| ApiError::unknown_object_type(key))
    }

    /// The type `key` names, mutably.
    pub fn type_state_mut(&mut self, key: &str) -> ApiResult<&mut TypeState> {
        let name = self
            .resolve(key)
            .ok_or_else(|| ApiError::unknown_object_type(key))?;
        self.types
            .get_mut(&name)
            .ok_or_else(|| ApiError::unknown_object_type(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_tables_load_and_resolve_by_id_and_name() {
        let schema = standard_schema().expect("the standard tables are valid");
        let state = initial_state(&schema, 1);
        assert_eq!(state.types.len(), schema.objects.len());
        for key in ["0-1", "contacts", "contact", "Contacts"] {
            assert_eq!(state.resolve(key).as_deref(), Some("contacts"), "{key}");
        }
        assert_eq!(state.resolve("discount").as_deref(), Some("discounts"));
        assert!(state.resolve("0-999").is_none());
        let contacts = &state.types["contacts"];
        assert!(contacts.properties["email"].has_unique_value);
        assert!(contacts.properties["hs_object_id"].read_only);
        // contact -> lead has no published type ID; one is synthesised.
        let to_leads = &contacts.def.associations["leads"];
        assert!(to_leads.default_type_id >= SYNTHETIC_TYPE_IDS);
        assert_eq!(contacts.def.associations["companies"].default_type_id, 279);
    }
}
