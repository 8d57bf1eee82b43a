//! Schema names to `proc_macro2::Ident`s, without ever panicking.
//!
//! `Ident::new` panics on an invalid identifier, so every name is checked first; validation
//! in the schema crate guarantees the check passes for a loaded schema.

use hubspot_crm_schema::naming::{self, ObjectNames};
use hubspot_crm_schema::ObjectDef;
use proc_macro2::{Ident, Span};

use crate::GenError;

/// An identifier for `name`, raw (`r#type`) when it is a keyword.
pub(crate) fn ident(item: &str, name: &str) -> Result<Ident, GenError> {
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        && name != "_";
    if !valid {
        return Err(GenError::Ident {
            item: item.to_string(),
            name: name.to_string(),
        });
    }
    Ok(if naming::is_raw_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    })
}

/// The Rust names of an object's items.
pub(crate) fn object_names(object: &ObjectDef) -> Result<ObjectNames, GenError> {
    ObjectNames::new(&object.singular, &object.plural).ok_or_else(|| GenError::Ident {
        item: format!("object `{}`", object.name),
        name: object.singular.clone(),
    })
}

/// An identifier from an optional name, failing with the item it was for.
pub(crate) fn named(item: &str, name: Option<String>) -> Result<Ident, GenError> {
    match name {
        Some(n) => ident(item, &n),
        None => Err(GenError::Ident {
            item: item.to_string(),
            name: String::new(),
        }),
    }
}
