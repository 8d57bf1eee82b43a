//! The `properties` object of a record and the helpers generated code uses to
//! move typed fields in and out of it.

use std::collections::BTreeMap;

use super::field::Field;
use super::value::{PropertyValue, ValueError};

/// The `properties` object of a record as it travels: name -> value or null.
///
/// ```
/// use hubspot_crm_runtime::property::WireProperties;
///
/// let mut wire = WireProperties::new();
/// wire.insert("firstname".into(), Some("Ada".into()));
/// wire.insert("lastname".into(), None);
/// assert_eq!(wire.len(), 2);
/// ```
pub type WireProperties = BTreeMap<String, Option<String>>;

/// Properties the generated type does not know (custom properties): name -> value; `None` clears (sent as "").
///
/// ```
/// use hubspot_crm_runtime::property::CustomProperties;
///
/// let mut custom = CustomProperties::new();
/// custom.insert("favourite_colour".into(), Some("green".into()));
/// custom.insert("old_field".into(), None); // clear it
/// ```
pub type CustomProperties = BTreeMap<String, Option<String>>;

/// A property value that failed to decode.
///
/// ```
/// use hubspot_crm_runtime::property::{decode_field, Field, WireProperties};
///
/// let mut wire = WireProperties::from([("amount".to_owned(), Some("lots".to_owned()))]);
/// let err = decode_field::<rust_decimal::Decimal>(&mut wire, "amount").unwrap_err();
/// assert_eq!(err.property, "amount");
/// assert_eq!(err.source.value, "lots");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("property `{property}`: {source}")]
pub struct PropertyError {
    /// Name of the property whose value did not decode.
    pub property: String,
    /// Why the value did not decode.
    #[source]
    pub source: ValueError,
}

/// Implemented (by generated code) for each object's properties struct.
///
/// ```
/// use hubspot_crm_runtime::property::{
///     decode_custom, decode_field, encode_custom, encode_field, CustomProperties, Field,
///     Properties, PropertyError, WireProperties,
/// };
///
/// #[derive(Debug, Clone, Default)]
/// struct ContactProperties {
///     email: Field<String>,
///     custom: CustomProperties,
/// }
///
/// impl Properties for ContactProperties {
///     const NAMES: &'static [&'static str] = &["email"];
///
///     fn encode(&self) -> WireProperties {
///         let mut out = WireProperties::new();
///         encode_field(&mut out, "email", &self.email);
///         encode_custom(&mut out, &self.custom);
///         out
///     }
///
///     fn decode(mut wire: WireProperties) -> Result<Self, PropertyError> {
///         Ok(Self {
///             email: decode_field(&mut wire, "email")?,
///             custom: decode_custom(wire),
///         })
///     }
/// }
///
/// let contact = ContactProperties { email: "ada@example.com".into(), ..Default::default() };
/// let decoded = ContactProperties::decode(contact.encode()).unwrap();
/// assert_eq!(decoded.email, contact.email);
/// ```
pub trait Properties: Default + Clone + std::fmt::Debug + Send + Sync + 'static {
    /// Names of the properties this type knows, in schema order.
    const NAMES: &'static [&'static str];
    /// Encode the set and cleared properties for a create or update request.
    fn encode(&self) -> WireProperties;
    /// Decode a record's `properties` object; unknown names land in the custom map.
    fn decode(wire: WireProperties) -> Result<Self, PropertyError>;
}

/// Write one field into an outgoing `properties` object.
///
/// `Unset` writes nothing (HubSpot leaves the value as is), `Clear` writes
/// `""` (HubSpot's way to clear), `Set(v)` writes `v.to_wire()`.
///
/// ```
/// use hubspot_crm_runtime::property::{encode_field, Field, WireProperties};
///
/// let mut out = WireProperties::new();
/// encode_field(&mut out, "done", &Field::Set(true));
/// encode_field(&mut out, "note", &Field::<String>::Clear);
/// encode_field(&mut out, "skip", &Field::<String>::Unset);
/// assert_eq!(out.get("done"), Some(&Some("true".to_owned())));
/// assert_eq!(out.get("note"), Some(&Some(String::new())));
/// assert!(!out.contains_key("skip"));
/// ```
pub fn encode_field<T: PropertyValue>(out: &mut WireProperties, name: &str, field: &Field<T>) {
    match field {
        Field::Unset => {}
        // "" rather than null: HubSpot documents the empty string as the
        // way to clear a property on update.
        Field::Clear => {
            out.insert(name.to_owned(), Some(String::new()));
        }
        Field::Set(value) => {
            out.insert(name.to_owned(), Some(value.to_wire()));
        }
    }
}

/// Take one field out of an incoming `properties` object.
///
/// The entry is removed so that what remains afterwards is exactly the
/// properties the generated type does not know (see [`decode_custom`]).
/// Absent -> `Unset`; `null` or `""` -> `Clear`; anything else is decoded,
/// and a failure names the property.
///
/// ```
/// use hubspot_crm_runtime::property::{decode_field, Field, WireProperties};
///
/// let mut wire = WireProperties::from([
///     ("count".to_owned(), Some("3".to_owned())),
///     ("gone".to_owned(), None),
/// ]);
/// let count: Field<rust_decimal::Decimal> = decode_field(&mut wire, "count").unwrap();
/// assert_eq!(count, Field::Set(3.into()));
/// assert_eq!(decode_field::<String>(&mut wire, "gone").unwrap(), Field::Clear);
/// assert_eq!(decode_field::<String>(&mut wire, "other").unwrap(), Field::Unset);
/// assert!(wire.is_empty());
/// ```
pub fn decode_field<T: PropertyValue>(
    wire: &mut WireProperties,
    name: &str,
) -> Result<Field<T>, PropertyError> {
    match wire.remove(name) {
        None => Ok(Field::Unset),
        Some(None) => Ok(Field::Clear),
        Some(Some(raw)) if raw.is_empty() => Ok(Field::Clear),
        Some(Some(raw)) => T::from_wire(&raw)
            .map(Field::Set)
            .map_err(|source| PropertyError {
                property: name.to_owned(),
                source,
            }),
    }
}

/// Add custom properties to an outgoing `properties` object.
///
/// A name the typed fields already wrote is skipped: the typed field is the
/// more deliberate statement of intent, and silently overriding it with a
/// stringly-typed duplicate would be surprising. `None` is sent as `""`,
/// which clears the property.
///
/// ```
/// use hubspot_crm_runtime::property::{encode_custom, CustomProperties, WireProperties};
///
/// let mut out = WireProperties::from([("email".to_owned(), Some("a@b.c".to_owned()))]);
/// let custom = CustomProperties::from([
///     ("email".to_owned(), Some("ignored".to_owned())),
///     ("colour".to_owned(), None),
/// ]);
/// encode_custom(&mut out, &custom);
/// assert_eq!(out.get("email"), Some(&Some("a@b.c".to_owned())));
/// assert_eq!(out.get("colour"), Some(&Some(String::new())));
/// ```
pub fn encode_custom(out: &mut WireProperties, custom: &CustomProperties) {
    for (name, value) in custom {
        out.entry(name.clone())
            .or_insert_with(|| Some(value.clone().unwrap_or_default()));
    }
}

/// What is left of an incoming `properties` object after the known fields
/// were taken with [`decode_field`]. Values are kept exactly as received
/// (`null` stays `None`, `""` stays `Some("")`) since their types are unknown.
///
/// ```
/// use hubspot_crm_runtime::property::{decode_custom, WireProperties};
///
/// let wire = WireProperties::from([("colour".to_owned(), None)]);
/// assert_eq!(decode_custom(wire).get("colour"), Some(&None));
/// ```
pub fn decode_custom(wire: WireProperties) -> CustomProperties {
    // Both aliases name the same map type; this function exists so the
    // generated code states its intent and so the two can diverge later.
    wire
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use time::{Date, Month};

    fn wire(entries: &[(&str, Option<&str>)]) -> WireProperties {
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
            .collect()
    }

    #[test]
    fn encode_field_all_states() {
        let mut out = WireProperties::new();
        encode_field(&mut out, "unset", &Field::<bool>::Unset);
        encode_field(&mut out, "clear", &Field::<bool>::Clear);
        encode_field(&mut out, "set", &Field::Set(false));
        let day = Date::from_calendar_date(2024, Month::March, 1).expect("valid");
        encode_field(&mut out, "day", &Field::Set(day));
        assert_eq!(
            out,
            wire(&[
                ("clear", Some("")),
                ("set", Some("false")),
                ("day", Some("1709251200000")),
            ])
        );
    }

    #[test]
    fn decode_field_all_states() {
        let mut input = wire(&[("null", None), ("empty", Some("")), ("set", Some("TRUE"))]);
        assert_eq!(
            decode_field::<bool>(&mut input, "missing"),
            Ok(Field::Unset)
        );
        assert_eq!(decode_field::<bool>(&mut input, "null"), Ok(Field::Clear));
        assert_eq!(decode_field::<bool>(&mut input, "empty"), Ok(Field::Clear));
        assert_eq!(
            decode_field::<bool>(&mut input, "set"),
            Ok(Field::Set(true))
        );
        assert!(input.is_empty(), "decoded entries are removed: {input:?}");
    }

    #[test]
    fn field_round_trips_through_wire() {
        let mut out = WireProperties::new();
        encode_field(&mut out, "a", &Field::<String>::Unset);
        encode_field(&mut out, "b", &Field::<String>::Clear);
        encode_field(&mut out, "c", &Field::Set(String::from("x")));
        assert_eq!(decode_field::<String>(&mut out, "a"), Ok(Field::Unset));
        assert_eq!(decode_field::<String>(&mut out, "b"), Ok(Field::Clear));
        assert_eq!(
            decode_field(&mut out, "c"),
            Ok(Field::Set(String::from("x")))
        );
    }

    #[test]
    fn decode_error_names_property_and_value() {
        let mut input = wire(&[("amount", Some("twelve"))]);
        let err = decode_field::<Decimal>(&mut input, "amount").expect_err("not a number");
        assert_eq!(err.property, "amount");
        assert_eq!(err.source.value, "twelve");
        let message = err.to_string();
        assert!(message.contains("amount"), "{message}");
        assert!(message.contains("\"twelve\""), "{message}");
        assert!(message.contains("a decimal number"), "{message}");
        let source = std::error::Error::source(&err).map(ToString::to_string);
        assert_eq!(source, Some(err.source.to_string()));
    }

    #[test]
    fn encode_custom_does_not_override_known_field() {
        let mut out = WireProperties::new();
        encode_field(
            &mut out,
            "email",
            &Field::Set(String::from("typed@example.com")),
        );
        let custom = wire(&[
            ("email", Some("custom@example.com")),
            ("colour", Some("green")),
            ("legacy", None),
        ]);
        encode_custom(&mut out, &custom);
        assert_eq!(
            out,
            wire(&[
                ("email", Some("typed@example.com")),
                ("colour", Some("green")),
                ("legacy", Some("")),
            ])
        );
    }

    #[test]
    fn decode_custom_keeps_leftovers_verbatim() {
        let mut input = wire(&[
            ("known", Some("1")),
            ("x", None),
            ("y", Some("")),
            ("z", Some("v")),
        ]);
        assert_eq!(
            decode_field::<Decimal>(&mut input, "known"),
            Ok(Field::Set(Decimal::ONE))
        );
        assert_eq!(
            decode_custom(input),
            wire(&[("x", None), ("y", Some("")), ("z", Some("v"))])
        );
    }

    #[test]
    fn decodes_fields_from_json() {
        let mut input: WireProperties =
            serde_json::from_str(r#"{"a":"1","b":null}"#).expect("valid JSON object");
        assert_eq!(
            decode_field::<Decimal>(&mut input, "a"),
            Ok(Field::Set(Decimal::ONE))
        );
        assert_eq!(decode_field::<Decimal>(&mut input, "b"), Ok(Field::Clear));
        assert_eq!(decode_field::<Decimal>(&mut input, "c"), Ok(Field::Unset));
        assert!(decode_custom(input).is_empty());
    }

    #[derive(Debug, Clone, Default, PartialEq)]
    struct Deal {
        amount: Field<Decimal>,
        closed: Field<bool>,
        custom: CustomProperties,
    }

    impl Properties for Deal {
        const NAMES: &'static [&'static str] = &["amount", "closed"];

        fn encode(&self) -> WireProperties {
            let mut out = WireProperties::new();
            encode_field(&mut out, "amount", &self.amount);
            encode_field(&mut out, "closed", &self.closed);
            encode_custom(&mut out, &self.custom);
            out
        }

        fn decode(mut wire: WireProperties) -> Result<Self, PropertyError> {
            Ok(Self {
                amount: decode_field(&mut wire, "amount")?,
                closed: decode_field(&mut wire, "closed")?,
                custom: decode_custom(wire),
            })
        }
    }

    #[test]
    fn properties_struct_round_trips() {
        let deal = Deal {
            amount: Field::Set(Decimal::new(-25, 2)),
            closed: Field::Clear,
            custom: wire(&[("stage_note", Some("hot"))]),
        };
        let encoded = deal.encode();
        assert_eq!(
            encoded,
            wire(&[
                ("amount", Some("-0.25")),
                ("closed", Some("")),
                ("stage_note", Some("hot"))
            ])
        );
        assert_eq!(Deal::decode(encoded), Ok(deal));
        assert_eq!(Deal::NAMES, ["amount", "closed"]);
    }
}
