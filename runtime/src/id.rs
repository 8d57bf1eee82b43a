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

impl<'de, O> serde::Deserialize<'de> for Id<O> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Id::new)
    }
}

/// A HubSpot object type ID such as `0-1` (contacts) or `2-1234` (a custom object).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectTypeId(String);

/// A string that is not an object type ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an object type ID (expected digits, `-`, digits, like `0-1`)")]
pub struct InvalidObjectTypeId(pub String);

impl ObjectTypeId {
    /// Parses `0-1`, `2-1234`, ...
    ///
    /// ```
    /// use hubspot_crm_runtime::ObjectTypeId;
    /// assert_eq!(ObjectTypeId::parse("2-1234").unwrap().as_str(), "2-1234");
    /// assert!(ObjectTypeId::parse("contacts").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Self, InvalidObjectTypeId> {
        let valid = s.split_once('-').is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        });
        if valid {
            Ok(ObjectTypeId(s.to_string()))
        } else {
            Err(InvalidObjectTypeId(s.to_string()))
        }
    }

    /// Whether this is a custom object (`2-...`).
    pub fn is_custom(&self) -> bool {
        self.0.starts_with("2-")
    }

    /// The ID as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for ObjectTypeId {
    type Err = InvalidObjectTypeId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ObjectTypeId::parse(s)
    }
}

impl fmt::Display for ObjectTypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
    fn object_type_ids_are_checked() {
        assert!(ObjectTypeId::parse("0-1").is_ok());
        assert!(ObjectTypeId::parse("2-99").unwrap().is_custom());
        for bad in ["", "0-", "-1", "0_1", "a-1", "0-1-2"] {
            let err = ObjectTypeId::parse(bad).unwrap_err();
            assert_eq!(err.0, bad);
        }
    }
}
