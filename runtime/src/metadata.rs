//! Run-time facts about objects, as generated static data: look up an object type by ID or
//! name and ask what it allows and what it may be associated with.

use std::fmt;

pub use hubspot_crm_vocab::{Capabilities, Capability, PropertyKind};

/// A HubSpot association type ID (`HUBSPOT_DEFINED` unless a label says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AssociationTypeId(pub u32);

impl fmt::Display for AssociationTypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A labelled association type: HubSpot's, or the account's own (from its pulled tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AssociationLabel {
    /// Its type ID.
    pub type_id: AssociationTypeId,
    /// Its label, for display only: rely on the type ID.
    pub label: &'static str,
    /// Who defined it: `HubspotDefined`, or `UserDefined` for the account's own labels.
    pub category: crate::vocab::AssociationCategory,
}

/// An allowed association from one object to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AssociationInfo {
    /// The target object's API name.
    pub to: &'static str,
    /// The unlabelled type ID, when HubSpot publishes one.
    pub type_id: Option<AssociationTypeId>,
    /// The primary type ID, where the pair has one.
    pub primary_type_id: Option<AssociationTypeId>,
    /// Other labelled types.
    pub labels: &'static [AssociationLabel],
}

/// A well-known property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PropertyInfo {
    /// HubSpot's internal name.
    pub name: &'static str,
    /// Its type.
    pub kind: PropertyKind,
    /// HubSpot sets it; requests cannot. The client never sends it.
    pub read_only: bool,
    /// May be set when a record is created, never changed after: `create` sends it, updates
    /// and upserts do not.
    pub create_only: bool,
    /// Needed when a record is created.
    pub required: bool,
    /// A multi-select enumeration.
    pub multiple: bool,
    /// Values that differ only in letter case are the same value where HubSpot matches unique
    /// values (contacts' `email`): batch upserts by it count `A@x.example` and `a@x.example`
    /// as one key.
    pub case_insensitive: bool,
    /// Listed options of an enumeration (empty: any value).
    pub options: &'static [&'static str],
}

/// Everything the schema says about one object type.
#[derive(Debug, Clone, Copy)]
pub struct ObjectInfo {
    /// HubSpot's type ID (`0-1`); `None` for objects HubSpot addresses only by name.
    pub type_id: Option<&'static str>,
    /// The API path name (`contacts`).
    pub name: &'static str,
    /// Singular name (`contact`).
    pub singular: &'static str,
    /// Plural name (`contacts`).
    pub plural: &'static str,
    /// What the object stores.
    pub description: &'static str,
    /// The property group HubSpot puts the object's properties in unless told otherwise
    /// (`contactinformation`): where `create_property` puts a new one by default.
    pub default_property_group: &'static str,
    /// What the object allows.
    pub capabilities: Capabilities,
    /// Unique properties beside `hs_object_id`, usable as `idProperty`.
    pub unique_properties: &'static [&'static str],
    /// Properties HubSpot returns when a request names none.
    pub default_properties: &'static [&'static str],
    /// Association groups needed at creation: each needs one of its object names.
    pub required_associations: &'static [&'static [&'static str]],
    /// Well-known properties.
    pub properties: &'static [PropertyInfo],
    /// Allowed associations.
    pub associations: &'static [AssociationInfo],
}

impl ObjectInfo {
    /// The segment that addresses the object in a URL: its type ID, or its name without one.
    pub const fn path_segment(&self) -> &'static str {
        match self.type_id {
            Some(id) => id,
            None => self.name,
        }
    }

    /// Whether the object allows `cap`.
    pub fn allows(&self, cap: Capability) -> bool {
        self.capabilities.contains(cap)
    }

    /// The association to the object named `to` (API name), if allowed.
    pub fn association_to(&self, to: &str) -> Option<&'static AssociationInfo> {
        self.associations.iter().find(|a| a.to == to)
    }

    /// The well-known property `name`, if listed.
    pub fn property(&self, name: &str) -> Option<&'static PropertyInfo> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Whether a request of this kind may carry property `name`: never a read-only one, and a
    /// create-only one only when `creating`. Properties the table does not list may.
    pub fn writable(&self, name: &str, creating: bool) -> bool {
        self.property(name)
            .is_none_or(|p| !p.read_only && (creating || !p.create_only))
    }

    /// `value` of the unique property `property` as HubSpot matches it: lower-cased for a
    /// property the table marks case-insensitive (contacts' `email`: `Ada@X.example` is
    /// `ada@x.example`), else as given. Two values with the same key are one record's.
    pub fn unique_key<'v>(&self, property: &str, value: &'v str) -> std::borrow::Cow<'v, str> {
        let fold = self.property(property).is_some_and(|p| p.case_insensitive);
        fold_key(fold, value)
    }

    /// Whether `s` names this object: its type ID, API name, singular or plural
    /// (ASCII case-insensitive, as HubSpot accepts `Contacts`).
    pub fn is_named(&self, s: &str) -> bool {
        self.type_id == Some(s)
            || [self.name, self.singular, self.plural]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(s))
    }
}

/// A unique value as HubSpot matches it: lower-cased when `case_insensitive` (the table's flag
/// of the property), else as given.
pub(crate) fn fold_key(case_insensitive: bool, value: &str) -> std::borrow::Cow<'_, str> {
    if case_insensitive {
        std::borrow::Cow::Owned(value.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// A string that names no object in a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown object type `{0}`: expected a type ID such as `0-1` or a name such as `contacts`")]
pub struct UnknownObjectType(pub String);

/// Finds the object that `s` names (type ID, API name, singular or plural) in `table`.
pub fn find(
    table: &[&'static ObjectInfo],
    s: &str,
) -> Result<&'static ObjectInfo, UnknownObjectType> {
    let s = s.trim();
    table
        .iter()
        .copied()
        .find(|o| o.is_named(s))
        .ok_or_else(|| UnknownObjectType(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    static CONTACTS: ObjectInfo = ObjectInfo {
        type_id: Some("0-1"),
        name: "contacts",
        singular: "contact",
        plural: "contacts",
        description: "People.",
        default_property_group: "contactinformation",
        capabilities: Capabilities::of(&[Capability::Read, Capability::Create]),
        unique_properties: &["email"],
        default_properties: &[],
        required_associations: &[],
        properties: &[],
        associations: &[AssociationInfo {
            to: "companies",
            type_id: Some(AssociationTypeId(279)),
            primary_type_id: Some(AssociationTypeId(1)),
            labels: &[],
        }],
    };
    static DISCOUNTS: ObjectInfo = ObjectInfo {
        type_id: None,
        name: "discounts",
        singular: "discount",
        plural: "discounts",
        ..CONTACTS
    };

    #[test]
    fn finds_by_id_name_singular_and_case() {
        let table = [&CONTACTS, &DISCOUNTS];
        for s in ["0-1", "contacts", "contact", "Contacts", " contact "] {
            assert_eq!(find(&table, s).unwrap().name, "contacts", "{s}");
        }
        assert_eq!(
            find(&table, "discount").unwrap().path_segment(),
            "discounts"
        );
        let err = find(&table, "0-2").unwrap_err();
        assert!(err.to_string().contains("`0-2`"));
    }

    #[test]
    fn capabilities_and_associations() {
        assert!(CONTACTS.allows(Capability::Create));
        assert!(!CONTACTS.allows(Capability::Merge));
        let to = CONTACTS.association_to("companies").unwrap();
        assert_eq!(to.primary_type_id, Some(AssociationTypeId(1)));
        assert!(CONTACTS.association_to("products").is_none());
    }

    #[test]
    fn read_only_and_create_only_properties_are_not_writable() {
        let prop = |name, read_only, create_only| PropertyInfo {
            name,
            kind: PropertyKind::Datetime,
            read_only,
            create_only,
            required: false,
            multiple: false,
            case_insensitive: false,
            options: &[],
        };
        let props: &'static [PropertyInfo] = Box::leak(Box::new([
            prop("hs_object_id", true, false),
            prop("createdate", false, true),
            prop("email", false, false),
        ]));
        let info = ObjectInfo {
            properties: props,
            ..CONTACTS
        };
        assert!(!info.writable("hs_object_id", true));
        assert!(info.writable("createdate", true));
        assert!(!info.writable("createdate", false));
        assert!(info.writable("email", false));
        assert!(
            info.writable("shoe_size", false),
            "unlisted properties are the caller's"
        );
    }

    #[test]
    fn unique_keys_ignore_case_only_where_the_table_says() {
        let props: &'static [PropertyInfo] = Box::leak(Box::new([
            PropertyInfo {
                name: "email",
                kind: PropertyKind::String,
                read_only: false,
                create_only: false,
                required: false,
                multiple: false,
                case_insensitive: true,
                options: &[],
            },
            PropertyInfo {
                name: "badge",
                kind: PropertyKind::String,
                read_only: false,
                create_only: false,
                required: false,
                multiple: false,
                case_insensitive: false,
                options: &[],
            },
        ]));
        let info = ObjectInfo {
            properties: props,
            ..CONTACTS
        };
        assert_eq!(info.unique_key("email", "Ada@X.example"), "ada@x.example");
        assert_eq!(info.unique_key("badge", "Ada@X.example"), "Ada@X.example");
        assert_eq!(info.unique_key("unlisted", "AB"), "AB");
    }
}
