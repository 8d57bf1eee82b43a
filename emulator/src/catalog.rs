//! The object types the emulator serves: built from the schema tables, extended at run time
//! by the schemas API, and resolved from the names a path may use.

use std::collections::BTreeMap;

use hubspot_crm_schema::{
    load_sources, ObjectDef, PropertyDef as TableProperty, Schema, SchemaErrors, SourceFile,
    Sources,
};

use crate::error::{ApiError, ApiResult};
use crate::state::{
    AssociationDef, GroupDef, ObjectType, OptionDef, PropertyDef, State, TypeState,
};

mod tables {
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));
}

/// Association type IDs the emulator invents for pairs HubSpot serves under unlisted IDs
/// start here, far from HubSpot's published range.
pub const SYNTHETIC_TYPE_IDS: u32 = 100_000;

/// The standard tables compiled into the emulator.
pub fn standard_schema() -> Result<Schema, SchemaErrors> {
    let objects = tables::OBJECT_TABLES
        .iter()
        .map(|(path, text)| SourceFile {
            path: path.into(),
            text: text.to_string(),
        })
        .collect();
    let file = |(path, text): (&str, &str)| SourceFile {
        path: path.into(),
        text: text.to_string(),
    };
    load_sources(Sources {
        objects,
        shared: Some(file(tables::SHARED_TABLE)),
        endpoints: file(tables::ENDPOINTS_TABLE),
    })
}

/// A fresh account holding the schema's object types and no records.
pub fn initial_state(schema: &Schema, portal_id: u64) -> State {
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
    };
    for object in &schema.objects {
        let ty = standard_type(object, &mut state.next_association_type);
        let properties = standard_properties(object);
        let group = format!("{}information", object.singular.replace('_', ""));
        let mut groups = BTreeMap::new();
        groups.insert(
            group.clone(),
            GroupDef {
                name: group,
                label: format!("{} information", title(&object.singular)),
                display_order: 0,
                archived: false,
            },
        );
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
    for ts in state.types.values_mut() {
        crate::pipelines::sync_options(ts);
    }
    state.rebuild_indexes();
    state
}

fn title(snake: &str) -> String {
    let words = snake.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn standard_type(object: &ObjectDef, next_synthetic: &mut u32) -> ObjectType {
    let associations = object
        .associations
        .iter()
        .map(|a| {
            let default_type_id = a.type_id.unwrap_or_else(|| {
                let id = *next_synthetic;
                *next_synthetic += 1;
                id
            });
            (
                a.to.clone(),
                AssociationDef {
                    default_type_id,
                    primary_type_id: a.primary_type_id,
                    labels: a
                        .labels
                        .iter()
                        .map(|l| (l.type_id, l.label.clone()))
                        .collect(),
                },
            )
        })
        .collect();
    ObjectType {
        type_id: object.type_id.as_ref().map(|t| t.as_str().to_string()),
        name: object.name.clone(),
        singular: object.singular.clone(),
        plural: object.plural.clone(),
        label_singular: title(&object.singular),
        label_plural: title(&object.plural),
        fully_qualified_name: None,
        capabilities: object.capabilities.iter().copied().collect(),
        default_properties: object.default_properties.clone(),
        required_associations: object
            .required_associations
            .iter()
            .map(|g| g.one_of.clone())
            .collect(),
        associations,
        custom: false,
        primary_display_property: None,
        required_properties: Vec::new(),
        searchable_properties: Vec::new(),
        secondary_display_properties: Vec::new(),
        archived: false,
        created_at: 0,
        updated_at: 0,
    }
}

/// The record ID: unique in every type, whatever the table lists as unique.
const RECORD_ID: &str = "hs_object_id";

/// A property of the tables as the account holds it: HubSpot-defined, in `group`.
fn table_property(p: &TableProperty, group: &str, display_order: usize) -> PropertyDef {
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
    def.required = p.required;
    def.multiple = p.multiple;
    def.hubspot_defined = true;
    def.display_order = display_order as i64;
    def
}

/// A standard object's properties. The loader has put the shared system properties first.
fn standard_properties(object: &ObjectDef) -> BTreeMap<String, PropertyDef> {
    let group = format!("{}information", object.singular.replace('_', ""));
    object
        .properties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut def = table_property(p, &group, i);
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
            let mut def = table_property(p, group, i);
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
        assert_eq!(state.types.len(), 30);
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
