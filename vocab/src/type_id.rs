//! Object type IDs (`0-1`, `2-1234`): one type for the tables, the client and the emulator.

use core::fmt;

/// A HubSpot object type ID such as `0-1` (contacts) or `2-1234` (a custom object).
///
/// ```
/// use hubspot_crm_vocab::ObjectTypeId;
/// assert_eq!(ObjectTypeId::parse("2-1234").unwrap().as_str(), "2-1234");
/// assert!(ObjectTypeId::parse("2-1234").unwrap().is_custom());
/// assert!(ObjectTypeId::parse("contacts").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct ObjectTypeId(String);

/// A string that is not an object type ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidObjectTypeId(pub String);

impl fmt::Display for InvalidObjectTypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "malformed object type ID `{}`: expected digits, `-`, digits (like `0-1`)",
            self.0
        )
    }
}

impl std::error::Error for InvalidObjectTypeId {}

impl ObjectTypeId {
    /// Parses `0-1`, `2-1234`, ...: digits, `-`, digits.
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

impl TryFrom<String> for ObjectTypeId {
    type Error = InvalidObjectTypeId;
    fn try_from(s: String) -> Result<Self, InvalidObjectTypeId> {
        ObjectTypeId::parse(&s)
    }
}

impl From<ObjectTypeId> for String {
    fn from(id: ObjectTypeId) -> String {
        id.0
    }
}

impl core::str::FromStr for ObjectTypeId {
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
    fn object_type_ids_are_checked() {
        assert!(ObjectTypeId::parse("0-1").is_ok());
        assert!(ObjectTypeId::parse("2-99").unwrap().is_custom());
        assert!(!ObjectTypeId::parse("0-99").unwrap().is_custom());
        for bad in ["", "0-", "-1", "0_1", "a-1", "0-1-2"] {
            let err = ObjectTypeId::parse(bad).unwrap_err();
            assert_eq!(err.0, bad);
            assert!(err.to_string().contains(&format!("`{bad}`")));
        }
    }
}
