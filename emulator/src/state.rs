//! Everything the emulator holds: object types (standard and custom), their property
//! definitions, records and pipelines, associations, labels, imports and owners. Serialisable as a JSON snapshot.
//!
//! One `State` sits behind one lock (see `lib.rs`): a request sees and changes it atomically,
//! so concurrent requests never lose or duplicate a record.

use std::collections::{BTreeMap, BTreeSet};

use hubspot_crm_schema::{Capability, PropertyKind};
use serde::{Deserialize, Serialize};

/// An enumeration option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionDef {
    /// Internal value.
    pub value: String,
    /// Display label.
    pub label: String,
    /// Display order.
    #[serde(default)]
    pub display_order: i64,
    /// Hidden from forms.
    #[serde(default)]
    pub hidden: bool,
}

impl OptionDef {
    /// An option labelled with its value.
    pub fn new(value: &str) -> Self {
        OptionDef {
            value: value.to_string(),
            label: value.to_string(),
            display_order: 0,
            hidden: false,
        }
    }
}

/// A property definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PropertyDef {
    /// Internal name.
    pub name: String,
    /// Display label.
    pub label: String,
    /// Type.
    pub kind: PropertyKind,
    /// HubSpot's `fieldType` (`text`, `number`, `select`, `checkbox`, ...).
    pub field_type: String,
    /// Property group.
    pub group_name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Enumeration options.
    #[serde(default)]
    pub options: Vec<OptionDef>,
    /// Values must be unique across the object's records.
    #[serde(default)]
    pub has_unique_value: bool,
    /// Values that differ only in letter case are the same value where unique values are
    /// matched (the table's `case_insensitive`: contacts' `email`). Absent from snapshots
    /// written before the flag existed: false.
    #[serde(default)]
    pub case_insensitive: bool,
    /// HubSpot sets it; requests cannot.
    #[serde(default)]
    pub read_only: bool,
    /// May be set when a record is created (imports and migrations do), never changed after
    /// (`createdate`). Absent from snapshots written before the flag existed: false.
    #[serde(default)]
    pub create_only: bool,
    /// Needed when a record is created.
    #[serde(default)]
    pub required: bool,
    /// Multi-select.
    #[serde(default)]
    pub multiple: bool,
    /// Defined by HubSpot (not custom).
    #[serde(default)]
    pub hubspot_defined: bool,
    /// Archived (custom properties only).
    #[serde(default)]
    pub archived: bool,
    /// Display order.
    #[serde(default)]
    pub display_order: i64,
    /// Creation time, epoch ms.
    #[serde(default)]
    pub created_at: i64,
    /// Last change, epoch ms.
    #[serde(default)]
    pub updated_at: i64,
}

impl PropertyDef {
    /// `value` as unique values of this property are matched: lower-cased for a
    /// case-insensitive property, else as it is.
    pub fn unique_key<'a>(&self, value: &'a str) -> std::borrow::Cow<'a, str> {
        if self.case_insensitive {
            std::borrow::Cow::Owned(value.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(value)
        }
    }

    /// Whether two values of this property are the same unique value.
    pub fn same_value(&self, a: &str, b: &str) -> bool {
        self.unique_key(a) == self.unique_key(b)
    }

    /// A plain definition of `kind` in the `information` group.
    pub fn new(name: &str, kind: PropertyKind) -> Self {
        PropertyDef {
            name: name.to_string(),
            label: name.to_string(),
            kind,
            field_type: kind.default_field_type(false).to_string(),
            group_name: "information".into(),
            description: String::new(),
            options: Vec::new(),
            has_unique_value: false,
            case_insensitive: false,
            read_only: false,
            create_only: false,
            required: false,
            multiple: false,
            hubspot_defined: false,
            archived: false,
            display_order: -1,
            created_at: 0,
            updated_at: 0,
        }
    }
}

/// A property group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupDef {
    /// Internal name.
    pub name: String,
    /// Display label.
    pub label: String,
    /// Display order.
    pub display_order: i64,
    /// Archived.
    #[serde(default)]
    pub archived: bool,
}

/// An allowed association from one type to another, with its type IDs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssociationDef {
    /// The unlabelled `HUBSPOT_DEFINED` type ID (synthesised where HubSpot lists none).
    pub default_type_id: u32,
    /// The primary type ID, if any.
    pub primary_type_id: Option<u32>,
    /// Other labelled HubSpot-defined types: (type ID, label).
    pub labels: Vec<(u32, String)>,
}

/// An object type: standard (from the schema tables) or custom (from the schemas API).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectType {
    /// `0-1`, `2-NNN`, or `None` for objects HubSpot addresses by name only.
    pub type_id: Option<String>,
    /// API name (`contacts`; custom: the schema's `name`).
    pub name: String,
    /// Singular name.
    pub singular: String,
    /// Plural name.
    pub plural: String,
    /// Singular display label (`Contact`), used in 409 messages.
    pub label_singular: String,
    /// Plural display label.
    pub label_plural: String,
    /// `p{portalId}_{name}` for custom objects.
    pub fully_qualified_name: Option<String>,
    /// What the type allows.
    pub capabilities: BTreeSet<Capability>,
    /// Properties returned when a request names none.
    pub default_properties: Vec<String>,
    /// Association groups needed at creation (type names).
    pub required_associations: Vec<Vec<String>>,
    /// Allowed associations, by target type name.
    pub associations: BTreeMap<String, AssociationDef>,
    /// A custom object.
    pub custom: bool,
    /// Custom objects: the property shown as the record's name.
    #[serde(default)]
    pub primary_display_property: Option<String>,
    /// Custom objects: what the object is for, when the schema says.
    #[serde(default)]
    pub description: Option<String>,
    /// Custom objects: properties required at creation.
    #[serde(default)]
    pub required_properties: Vec<String>,
    /// Custom objects: properties the free-text search looks at.
    #[serde(default)]
    pub searchable_properties: Vec<String>,
    /// Custom objects: properties shown under the record's name.
    #[serde(default)]
    pub secondary_display_properties: Vec<String>,
    /// Custom objects: whether properties marked sensitive may be defined
    /// (`allowsSensitiveProperties`; false unless the schema said so, and in snapshots from
    /// before the flag existed).
    #[serde(default)]
    pub allows_sensitive_properties: bool,
    /// Custom objects: archived.
    #[serde(default)]
    pub archived: bool,
    /// Creation time, epoch ms.
    #[serde(default)]
    pub created_at: i64,
    /// Last change, epoch ms.
    #[serde(default)]
    pub updated_at: i64,
}

impl ObjectType {
    /// The key the type is stored under (its name).
    pub fn key(&self) -> &str {
        &self.name
    }

    /// The `objectTypeId` HubSpot reports: the type ID, or the name without one.
    pub fn id_or_name(&self) -> &str {
        self.type_id.as_deref().unwrap_or(&self.name)
    }

    /// Whether the type allows `cap`.
    pub fn allows(&self, cap: Capability) -> bool {
        self.capabilities.contains(&cap)
    }
}

/// One entry of a property's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The value set (`""` when cleared).
    pub value: String,
    /// When, epoch ms.
    pub timestamp: i64,
    /// `API`, `IMPORT`, `CRM_UI`, ...
    pub source_type: String,
}

/// A record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Numeric ID (sent as a string).
    pub id: u64,
    /// Current values (absent = no value).
    pub properties: BTreeMap<String, String>,
    /// Past values, newest first.
    pub history: BTreeMap<String, Vec<HistoryEntry>>,
    /// Creation time, epoch ms.
    pub created_at: i64,
    /// Last change, epoch ms.
    pub updated_at: i64,
    /// Archived.
    pub archived: bool,
    /// When archived, epoch ms.
    pub archived_at: Option<i64>,
}

/// The records and definitions of one object type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeState {
    /// The type.
    pub def: ObjectType,
    /// Property definitions by name.
    pub properties: BTreeMap<String, PropertyDef>,
    /// Property groups by name.
    pub groups: BTreeMap<String, GroupDef>,
    /// Records by ID (ordered, for stable paging).
    pub records: BTreeMap<u64, Record>,
    /// The next record ID.
    pub next_id: u64,
    /// The type's pipelines, for types whose records move through them. Absent from
    /// snapshots written before pipelines existed: none.
    #[serde(default)]
    pub pipelines: Option<crate::pipelines::TypePipelines>,
    /// Live records by unique value, derived from `records` (never saved).
    #[serde(skip)]
    pub unique_index: UniqueIndex,
}

/// Live records by the values of unique properties: turns every uniqueness check and
/// `idProperty` lookup from a scan into a map lookup, so bulk writes stay linear. Values are
/// keyed as their property matches them ([`PropertyDef::unique_key`]: lower-cased for a
/// case-insensitive property).
///
/// The indexed properties are fixed when the index is rebuilt; a property that becomes
/// unique later is answered by a scan until the next rebuild, so the index is never wrong,
/// only sometimes bypassed. It is kept in step by `records::insert_record`,
/// `records::update_record`, archiving and deletion, and rebuilt whenever a state is
/// loaded or replaced.
#[derive(Debug, Clone, Default)]
pub struct UniqueIndex {
    by_property: std::collections::HashMap<String, std::collections::HashMap<String, u64>>,
}

/// The index is derived data: two states are equal when their records are.
impl PartialEq for UniqueIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl TypeState {
    /// The key `value` of `property` is matched by (see [`PropertyDef::unique_key`]).
    fn unique_key<'a>(&self, property: &str, value: &'a str) -> std::borrow::Cow<'a, str> {
        key_of(&self.properties, property, value)
    }

    /// The live (not archived) record holding `value` in unique property `property` (in any
    /// letter case, for a case-insensitive property).
    pub fn find_unique(&self, property: &str, value: &str) -> Option<u64> {
        self.find_holding(property, value, false)
    }

    /// The record holding `value` in unique property `property`, among the archived records
    /// when `archived`, else among the live ones (the index).
    pub fn find_holding(&self, property: &str, value: &str, archived: bool) -> Option<u64> {
        let key = self.unique_key(property, value);
        if !archived {
            if let Some(values) = self.unique_index.by_property.get(property) {
                return values.get(key.as_ref()).copied();
            }
        }
        self.records
            .values()
            .find(|r| {
                r.archived == archived
                    && r.properties
                        .get(property)
                        .is_some_and(|v| self.unique_key(property, v) == key)
            })
            .map(|r| r.id)
    }

    /// Rebuilds the unique-value index from the records.
    pub fn rebuild_unique_index(&mut self) {
        let mut by_property: std::collections::HashMap<_, std::collections::HashMap<_, _>> = self
            .properties
            .values()
            .filter(|p| p.has_unique_value && !p.archived)
            .map(|p| (p.name.clone(), Default::default()))
            .collect();
        for record in self.records.values().filter(|r| !r.archived) {
            for (property, values) in by_property.iter_mut() {
                if let Some(v) = record.properties.get(property) {
                    let key = self.unique_key(property, v).into_owned();
                    values.insert(key, record.id);
                }
            }
        }
        self.unique_index = UniqueIndex { by_property };
    }

    /// Removes a record's values from the index (before it changes, is archived or deleted).
    pub fn unindex_record(&mut self, id: u64) {
        let Some(record) = self.records.get(&id) else {
            return;
        };
        let properties = &self.properties;
        for (property, values) in self.unique_index.by_property.iter_mut() {
            if let Some(v) = record.properties.get(property) {
                let key = key_of(properties, property, v);
                if values.get(key.as_ref()) == Some(&id) {
                    values.remove(key.as_ref());
                }
            }
        }
    }

    /// Adds a live record's values to the index (after it was created or changed).
    pub fn index_record(&mut self, id: u64) {
        let Some(record) = self.records.get(&id).filter(|r| !r.archived) else {
            return;
        };
        let properties = &self.properties;
        for (property, values) in self.unique_index.by_property.iter_mut() {
            if let Some(v) = record.properties.get(property) {
                values.insert(key_of(properties, property, v).into_owned(), id);
            }
        }
    }

    /// Properties with unique values (always `hs_object_id`).
    pub fn unique_properties(&self) -> impl Iterator<Item = &PropertyDef> {
        self.properties.values().filter(|p| p.has_unique_value)
    }
}

/// [`TypeState::unique_key`] over the definitions alone (borrowed apart from the index).
fn key_of<'a>(
    properties: &BTreeMap<String, PropertyDef>,
    property: &str,
    value: &'a str,
) -> std::borrow::Cow<'a, str> {
    match properties.get(property) {
        Some(def) => def.unique_key(value),
        None => std::borrow::Cow::Borrowed(value),
    }
}

/// Who defined an association type: the vocabulary's, as HubSpot spells it.
pub use hubspot_crm_vocab::AssociationCategory;

/// A user-defined association label between two types (one direction).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelDef {
    /// Its type ID.
    pub type_id: u32,
    /// Display label.
    pub label: String,
    /// Internal name.
    pub name: String,
    /// The type ID of the inverse direction.
    pub inverse_type_id: u32,
}

/// An import and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Import {
    /// Its ID.
    pub id: u64,
    /// Its name.
    pub name: String,
    /// `STARTED`, `PROCESSING`, `DONE`, `FAILED`, `CANCELED`.
    pub state: String,
    /// The request as received.
    pub request: serde_json::Value,
    /// Counters: `TOTAL_ROWS`, `CREATED_OBJECTS`, `UPDATED_OBJECTS`, `ERRORS`.
    pub counts: BTreeMap<String, u64>,
    /// Row errors.
    pub errors: Vec<serde_json::Value>,
    /// Creation time, epoch ms.
    pub created_at: i64,
    /// Last change, epoch ms.
    pub updated_at: i64,
}

/// (from type name, from ID, to type name, to ID).
pub type AssociationKey = (String, u64, String, u64);

/// Every association: key -> the (category, type ID) pairs linking the two records.
pub type Associations = BTreeMap<AssociationKey, BTreeSet<(AssociationCategory, u32)>>;

/// User-defined labels by (from type, to type).
pub type Labels = BTreeMap<(String, String), Vec<LabelDef>>;

/// The whole emulated account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Object types by name.
    pub types: BTreeMap<String, TypeState>,
    /// Associations: key -> the (category, type ID) pairs linking the two records.
    #[serde(with = "association_map")]
    pub associations: Associations,
    /// User-defined labels by (from type, to type).
    #[serde(with = "label_map")]
    pub labels: Labels,
    /// Imports by ID.
    pub imports: BTreeMap<u64, Import>,
    /// Next custom object type number (`2-N`).
    pub next_custom_type: u64,
    /// Next association type ID for labels and unlisted inverses.
    pub next_association_type: u32,
    /// Next import ID.
    pub next_import_id: u64,
    /// The account's ID.
    pub portal_id: u64,
    /// The account's owners (HubSpot's owners API is read-only). Absent from snapshots
    /// written before owners existed: none.
    #[serde(default)]
    pub owners: Vec<crate::owners::Owner>,
    /// Limits the account set on association types (the definitions configurations API).
    /// Absent from snapshots written before limits existed: none.
    #[serde(default)]
    pub association_limits: crate::association_limits::AssociationLimits,
    /// High-usage reports queued for users (HubSpot emails them). Absent from snapshots
    /// written before reports existed: none.
    #[serde(default)]
    pub association_reports: Vec<crate::association_limits::UsageReport>,
    /// Deals' splits. Absent from snapshots written before deal splits existed: none.
    #[serde(default)]
    pub deal_splits: crate::deal_splits::DealSplits,
}

impl State {
    /// Rebuilds every derived index (after a state was loaded or replaced wholesale).
    pub fn rebuild_indexes(&mut self) {
        for ts in self.types.values_mut() {
            ts.rebuild_unique_index();
        }
    }
}

/// Maps with tuple keys travel as lists of entries in snapshots (JSON keys are strings).
mod association_map {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(map: &Associations, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Associations, D::Error> {
        let entries: Vec<(AssociationKey, BTreeSet<(AssociationCategory, u32)>)> =
            Vec::deserialize(d)?;
        Ok(entries.into_iter().collect())
    }
}

mod label_map {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(map: &Labels, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Labels, D::Error> {
        let entries: Vec<((String, String), Vec<LabelDef>)> = Vec::deserialize(d)?;
        Ok(entries.into_iter().collect())
    }
}
