//! Typed HubSpot record properties and their wire encoding.
//!
//! HubSpot sends and receives a record's properties as one JSON object of
//! `name -> string | null`. Every value is a string, whatever its type:
//!
//! - an empty string or `null` means "no value"; sending `""` clears it;
//! - `bool` is `"true"` / `"false"`;
//! - numbers are decimal strings (possibly scientific, e.g. `"1.5E7"`);
//! - `date` properties are *sent* as epoch milliseconds of UTC midnight
//!   (2024-03-01 -> `"1709251200000"`) and *returned* as `"YYYY-MM-DD"`
//!   (sometimes epoch milliseconds);
//! - `datetime` properties are sent as epoch milliseconds (accepted
//!   everywhere, including search filters) and returned as RFC 3339, e.g.
//!   `"2019-10-30T03:30:17.883Z"` (sometimes epoch milliseconds);
//! - multi-select enumerations join their values with `;`.
//!
//! [`Field`] models absent / cleared / set, [`PropertyValue`] converts one
//! value, and the helpers in [`wire`] let generated [`Properties`] structs
//! encode and decode the whole object.
//!
//! ```
//! use hubspot_crm_runtime::property::{decode_field, encode_field, Field, WireProperties};
//!
//! let mut wire = WireProperties::new();
//! encode_field(&mut wire, "hs_is_closed", &Field::Set(true));
//! assert_eq!(decode_field::<bool>(&mut wire, "hs_is_closed").unwrap(), Field::Set(true));
//! ```

pub mod field;
pub mod value;
pub mod wire;

pub use field::Field;
pub use value::{PropertyValue, ValueError};
pub use wire::{
    decode_custom, decode_field, encode_custom, encode_field, CustomProperties, Properties,
    PropertyError, WireProperties,
};
