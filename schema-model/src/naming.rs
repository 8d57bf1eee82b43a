//! Rust names for schema names: the one place that decides them, so that validation can
//! detect collisions between generated items before anything is emitted.
//!
//! Names returned here are plain strings without the `r#` prefix; [`is_raw_keyword`] tells
//! the generator when an identifier must be emitted raw.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers; a trailing `_` is added instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `ident` is a keyword that must be written `r#ident`.
pub fn is_raw_keyword(ident: &str) -> bool {
    RAW_KEYWORDS.contains(&ident)
}

/// A snake_case identifier (fields, modules): `hs_lead_status`, `r#type` (as `type`),
/// `_2fa_code` for a name starting with a digit. `None` when nothing nameable is left.
pub fn snake_ident(name: &str) -> Option<String> {
    let mut s = name.to_snake_case();
    // Only ASCII survives: every generated identifier is then a valid Rust identifier.
    s.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if s.is_empty() {
        return None;
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if NON_RAW_KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    Some(s)
}

/// An UpperCamelCase identifier (types, variants): `LineItem`, `V9d9162e7` for a name starting
/// with a digit. `None` when nothing nameable is left.
pub fn camel_ident(name: &str) -> Option<String> {
    let mut s = camel_stem(name)?;
    if NON_RAW_KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    Some(s)
}

/// The UpperCamelCase form before the keyword fix-up, for building longer names
/// (`Self` -> `SelfId`, not `Self_Id`).
fn camel_stem(name: &str) -> Option<String> {
    let mut s = name.to_upper_camel_case();
    s.retain(|c| c.is_ascii_alphanumeric());
    if s.is_empty() {
        return None;
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    Some(s)
}

/// The names of the Rust items generated for one object, all derived here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectNames {
    /// The module (`contacts`).
    pub module: String,
    /// The cargo feature: the module's name, so `features = ["quote_templates"]` turns on
    /// `hubspot_crm::quote_templates`.
    pub feature: String,
    /// The type-level marker (`Contact`).
    pub marker: String,
    /// The ID type alias (`ContactId`).
    pub id: String,
    /// The properties struct (`ContactProperties`).
    pub properties: String,
    /// The record type alias (`ContactRecord`).
    pub record: String,
}

impl ObjectNames {
    /// Names for an object with these singular and plural names; `None` if either has
    /// nothing nameable.
    pub fn new(singular: &str, plural: &str) -> Option<Self> {
        let stem = camel_stem(singular)?;
        let module = snake_ident(plural)?;
        Some(ObjectNames {
            feature: module.clone(),
            module,
            marker: camel_ident(singular)?,
            id: format!("{stem}Id"),
            properties: format!("{stem}Properties"),
            record: format!("{stem}Record"),
        })
    }

    /// Every type name this object puts in its module.
    pub fn items(&self) -> [&str; 4] {
        [&self.marker, &self.id, &self.properties, &self.record]
    }
}

/// Names no object's module (and `Client` accessor) may take: the generated crate's own
/// modules and the hand-written `Client` methods.
pub fn is_reserved_module(module: &str) -> bool {
    hubspot_crm_vocab::CRATE_MODULES.contains(&module)
        || hubspot_crm_vocab::CLIENT_METHODS.contains(&module)
}

/// Prelude types that generated modules use by name; no generated type may shadow them.
pub const RESERVED_TYPE_NAMES: &[&str] = &["String", "Option", "Result"];

pub use hubspot_crm_vocab::{CUSTOM_FIELD, FALLBACK_VARIANT};

/// The field name for a property (its `rust_name`, else its snake_case name).
pub fn property_field(prop: &crate::PropertyDef) -> Option<String> {
    match &prop.rust_name {
        Some(n) => snake_ident(n),
        None => snake_ident(&prop.name),
    }
}

/// The enum name for an enumeration property with options (its `enum_name`, else its
/// UpperCamelCase name). A property taking a shared option set has the set's enum name (the
/// loader sets its `enum_name`).
pub fn property_enum(prop: &crate::PropertyDef) -> Option<String> {
    match &prop.enum_name {
        Some(n) => camel_ident(n),
        None => camel_ident(&prop.name),
    }
}

/// Whether the property gets a generated enum (an enumeration with listed options).
pub fn has_enum(prop: &crate::PropertyDef) -> bool {
    prop.kind == crate::PropertyKind::Enumeration && !prop.options.is_empty()
}

/// The enum name of a shared option set (its `enum_name`, else its UpperCamelCase name).
pub fn option_set_enum(set: &crate::OptionSetDef) -> Option<String> {
    camel_ident(set.enum_name.as_deref().unwrap_or(&set.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_digits_become_valid_identifiers() {
        assert_eq!(snake_ident("type").as_deref(), Some("type"));
        assert!(is_raw_keyword("type"));
        assert_eq!(snake_ident("self").as_deref(), Some("self_"));
        assert_eq!(snake_ident("2fa code").as_deref(), Some("_2fa_code"));
        assert_eq!(camel_ident("self").as_deref(), Some("Self_"));
        assert_eq!(
            camel_ident("9d9162e7-6cf3").as_deref(),
            Some("V9d9162e76cf3")
        );
        assert_eq!(
            camel_ident("Left live message").as_deref(),
            Some("LeftLiveMessage")
        );
        assert_eq!(camel_ident("---"), None);
        assert_eq!(camel_ident("Zürich²").as_deref(), Some("Zrich"));
        assert_eq!(
            snake_ident("HS Lead Status").as_deref(),
            Some("hs_lead_status")
        );
    }

    #[test]
    fn object_names_follow_singular_and_plural() {
        let n = ObjectNames::new("quote_template", "quote_templates").unwrap();
        assert_eq!(n.module, "quote_templates");
        assert_eq!(
            n.feature, "quote_templates",
            "a feature is named after its module"
        );
        let n = ObjectNames::new("line_item", "line_items").unwrap();
        assert_eq!(n.module, "line_items");
        assert_eq!(
            n.items(),
            [
                "LineItem",
                "LineItemId",
                "LineItemProperties",
                "LineItemRecord"
            ]
        );
    }
}
