//! What an object allows: one [`Capability`] per operation, and [`Capabilities`], a set of
//! them that fits in a `const`.

use core::fmt;

use crate::words::words;

words! {
    /// An operation an object may allow.
    pub enum Capability {
        /// Create records one at a time.
        Create = "create",
        /// Read, list and fetch records.
        Read = "read",
        /// Update records.
        Update = "update",
        /// Archive (delete) records.
        Archive = "archive",
        /// Use the batch endpoints (with the matching per-record capability).
        Batch = "batch",
        /// Search records.
        Search = "search",
        /// Merge two records into one.
        Merge = "merge",
        /// Permanently delete a record under GDPR.
        GdprDelete = "gdpr_delete",
        /// Create or update records through the imports API.
        Import = "import",
        /// Split a record's credit among several owners (deal splits).
        Split = "split",
    }
}

impl Capability {
    /// What the capability lets one do to records, as a past participle for messages
    /// ("contacts cannot be *merged*").
    pub const fn done(self) -> &'static str {
        match self {
            Capability::Create => "created",
            Capability::Read => "read",
            Capability::Update => "updated",
            Capability::Archive => "archived",
            Capability::Batch => "processed in batches",
            Capability::Search => "searched",
            Capability::Merge => "merged",
            Capability::GdprDelete => "deleted under GDPR",
            Capability::Import => "imported",
            Capability::Split => "split among owners",
        }
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// A set of [`Capability`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Capabilities(u16);

impl Capabilities {
    /// No capability.
    pub const NONE: Capabilities = Capabilities(0);

    /// The set holding exactly `caps`.
    pub const fn of(caps: &[Capability]) -> Self {
        let mut bits = 0u16;
        let mut i = 0;
        while i < caps.len() {
            bits |= caps[i].bit();
            i += 1;
        }
        Capabilities(bits)
    }

    /// Whether `cap` is in the set.
    pub const fn contains(self, cap: Capability) -> bool {
        self.0 & cap.bit() != 0
    }

    /// Whether every capability of `other` is in the set.
    pub const fn contains_all(self, other: Capabilities) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The capabilities in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Capability> {
        Capability::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }
}

impl FromIterator<Capability> for Capabilities {
    fn from_iter<I: IntoIterator<Item = Capability>>(iter: I) -> Self {
        Capabilities(iter.into_iter().fold(0, |bits, c| bits | c.bit()))
    }
}

impl fmt::Debug for Capabilities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Capability::as_str))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_what_it_was_given() {
        let caps = Capabilities::of(&[Capability::Read, Capability::Create]);
        assert!(caps.contains(Capability::Create));
        assert!(!caps.contains(Capability::Merge));
        assert_eq!(format!("{caps:?}"), r#"{"create", "read"}"#);
        assert!(caps.contains_all(Capabilities::of(&[Capability::Read])));
        assert!(!caps.contains_all(Capabilities::of(&[Capability::Batch])));
        let collected: Capabilities = [Capability::Read, Capability::Create].into_iter().collect();
        assert_eq!(collected, caps);
        assert!(Capabilities::NONE.is_empty());
        assert_eq!(Capability::ALL.len(), 10, "a u16 holds them all");
    }
}
