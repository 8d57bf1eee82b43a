//! Typed record IDs: a company's ID is not a contact's ID.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The ID of a record of object `O` (HubSpot's `hs_object_id`).
///
/// HubSpot IDs are strings and unique per object type only: a contact and a company may share
/// `"101"`. The type parameter keeps them apart at compile time, so passing a company's ID where
/// a contact's is expected does not compile. Generated modules name each one
/// (`contacts::ContactId` is `Id<contacts::Contact>`).
///
/// ```
/// use hubspot_crm_runtime::Id;
/// // Generated code names a marker per object; any type works as the parameter.
/// enum Contact {}
/// let id: Id<Contact> = Id::new("101");
/// assert_eq!(id.as_str(), "101");
/// assert_eq!(id.to_string(), "101");
/// ```
pub struct Id<O> {
    raw: String,
    // `fn() -> O` keeps `Id` Send, Sync and covariant whatever `O` is; markers are uninhabited.
    object: PhantomData<fn() -> O>,
}

impl<O> Id<O> {
    /// Wraps an ID as HubSpot returns it.
    pub fn new(raw: impl Into<String>) -> Self {
        Id {
            raw: raw.into(),
            object: PhantomData,
        }
    }

    /// The ID as HubSpot spells it.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The ID as an owned string.
    pub fn into_string(self) -> String {
        self.raw
    }
}

impl<O> Clone for Id<O> {
    fn clone(&self) -> Self {
        Id::new(self.raw.clone())
    }
}

impl<O> PartialEq for Id<O> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl<O> Eq for Id<O> {}

impl<O> PartialOrd for Id<O> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<O> Ord for Id<O> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.raw.cmp(&other.raw)
    }
}

impl<O> Hash for Id<O> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

impl<O> fmt::Debug for Id<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Id<Contact>("101")`: the marker's name without its module path.
        let full = std::any::type_name::<O>();
        let short = full.rsplit("::").next().unwrap_or(full);
        write!(f, "Id<{short}>({:?})", self.raw)
    }
}

impl<O> fmt::Display for Id<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl<O> From<String> for Id<O> {
    fn from(raw: String) -> Self {
        Id::new(raw)
    }
}

impl<O> From<&str> for Id<O> {
    fn from(raw: &str) -> Self {
        Id::new(raw)
    }
}

impl<O> AsRef<str> for Id<O> {
    fn as_ref(&self) -> &str {
        &self.raw
    }
}

impl<O> serde::Serialize for Id<O> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

/// An ID as HubSpot's answers give it, a string or a whole number (the association answers of
/// legacy v4 send `fromObjectId` and `toObjectId` as numbers; every other answer, and the
/// date versions, as strings), as its text. Anything else is a decode error.
pub(crate) fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct IdText;

    impl serde::de::Visitor<'_> for IdText {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a record ID: a string or a whole number")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            if v < 0 {
                return Err(E::invalid_value(serde::de::Unexpected::Signed(v), &self));
            }
            Ok(v.to_string())
        }
    }

    d.deserialize_any(IdText)
}

/// A string, or a whole number as its text: see `id_text`.
impl<'de, O> serde::Deserialize<'de> for Id<O> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        id_text(d).map(Id::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_by_value_and_round_trip_through_json() {
        let a: Id<()> = Id::new("7");
        let b: Id<()> = "7".into();
        assert_eq!(a, b);
        assert!(
            Id::<()>::new("10") < Id::new("9"),
            "string order, as HubSpot sorts IDs"
        );
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, "\"7\"");
        let back: Id<()> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
        enum Contact {}
        assert_eq!(
            format!("{:?}", Id::<Contact>::new("5")),
            r#"Id<Contact>("5")"#
        );
    }

    #[test]
    fn ids_decode_from_strings_and_whole_numbers_only() {
        let text: Id<()> = serde_json::from_str(r#""12345678901""#).unwrap();
        let number: Id<()> = serde_json::from_str("12345678901").unwrap();
        assert_eq!(
            text, number,
            "legacy v4's numbers read as the date versions' strings"
        );
        assert_eq!(number.as_str(), "12345678901");
        for bad in ["-1", "1.5", "null", "true", "[]"] {
            assert!(serde_json::from_str::<Id<()>>(bad).is_err(), "{bad}");
        }
    }
}
