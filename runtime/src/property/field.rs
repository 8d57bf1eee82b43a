//! [`Field`]: the three states a HubSpot property can be in.

/// A property of a record: not present, cleared/empty, or set.
///
/// On reads: `Unset` = HubSpot did not return it (not requested), `Clear` =
/// returned empty (`null` or `""`), `Set` = has a value.
///
/// On writes: `Unset` = leave as is, `Clear` = clear it, `Set` = set it.
///
/// A plain `Option` cannot tell "leave alone" from "clear", and HubSpot
/// treats those very differently on update, hence three states.
///
/// ```
/// use hubspot_crm_runtime::property::Field;
///
/// let name: Field<String> = "Acme".into();
/// assert_eq!(name.get().map(String::as_str), Some("Acme"));
/// assert!(Field::<String>::default().is_unset());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Field<T> {
    /// Not present: not returned on read, left untouched on write.
    #[default]
    Unset,
    /// Present but empty: returned as `null`/`""` on read, cleared on write.
    Clear,
    /// Present with a value.
    Set(T),
}

impl<T> Field<T> {
    /// The value, if set.
    ///
    /// ```
    /// use hubspot_crm_runtime::property::Field;
    ///
    /// assert_eq!(Field::Set(3).get(), Some(&3));
    /// assert_eq!(Field::<i32>::Clear.get(), None);
    /// ```
    pub fn get(&self) -> Option<&T> {
        match self {
            Field::Set(value) => Some(value),
            Field::Unset | Field::Clear => None,
        }
    }

    /// The value, if set, consuming the field.
    ///
    /// ```
    /// use hubspot_crm_runtime::property::Field;
    ///
    /// assert_eq!(Field::Set(3).into_option(), Some(3));
    /// assert_eq!(Field::<i32>::Unset.into_option(), None);
    /// ```
    pub fn into_option(self) -> Option<T> {
        match self {
            Field::Set(value) => Some(value),
            Field::Unset | Field::Clear => None,
        }
    }

    /// Whether the field is [`Field::Unset`].
    ///
    /// ```
    /// use hubspot_crm_runtime::property::Field;
    ///
    /// assert!(Field::<i32>::Unset.is_unset());
    /// assert!(!Field::<i32>::Clear.is_unset());
    /// ```
    pub fn is_unset(&self) -> bool {
        matches!(self, Field::Unset)
    }

    /// Whether the field is [`Field::Clear`].
    ///
    /// ```
    /// use hubspot_crm_runtime::property::Field;
    ///
    /// assert!(Field::<i32>::Clear.is_clear());
    /// assert!(!Field::Set(1).is_clear());
    /// ```
    pub fn is_clear(&self) -> bool {
        matches!(self, Field::Clear)
    }

    /// Whether the field is [`Field::Set`].
    ///
    /// ```
    /// use hubspot_crm_runtime::property::Field;
    ///
    /// assert!(Field::Set(1).is_set());
    /// assert!(!Field::<i32>::Unset.is_set());
    /// ```
    pub fn is_set(&self) -> bool {
        matches!(self, Field::Set(_))
    }

    /// Borrow the value, keeping the state.
    ///
    /// ```
    /// use hubspot_crm_runtime::property::Field;
    ///
    /// let name = Field::Set(String::from("Acme"));
    /// assert_eq!(name.as_ref(), Field::Set(&String::from("Acme")));
    /// ```
    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Unset => Field::Unset,
            Field::Clear => Field::Clear,
            Field::Set(value) => Field::Set(value),
        }
    }

    /// Transform the value, keeping the state.
    ///
    /// ```
    /// use hubspot_crm_runtime::property::Field;
    ///
    /// assert_eq!(Field::Set(2).map(|n| n * 10), Field::Set(20));
    /// assert_eq!(Field::<i32>::Clear.map(|n| n * 10), Field::Clear);
    /// ```
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Unset => Field::Unset,
            Field::Clear => Field::Clear,
            Field::Set(value) => Field::Set(f(value)),
        }
    }
}

impl<T> From<T> for Field<T> {
    /// A value becomes [`Field::Set`].
    fn from(value: T) -> Self {
        Field::Set(value)
    }
}

impl From<&str> for Field<String> {
    /// A string slice becomes [`Field::Set`] with an owned copy, so
    /// `name: "Acme".into()` works for string properties.
    fn from(value: &str) -> Self {
        Field::Set(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_unset() {
        assert_eq!(Field::<u8>::default(), Field::Unset);
    }

    #[test]
    fn accessors_reflect_state() {
        let unset: Field<u8> = Field::Unset;
        let clear: Field<u8> = Field::Clear;
        let set = Field::Set(7u8);

        assert!(unset.is_unset() && !unset.is_clear() && !unset.is_set());
        assert!(!clear.is_unset() && clear.is_clear() && !clear.is_set());
        assert!(!set.is_unset() && !set.is_clear() && set.is_set());

        assert_eq!(unset.get(), None);
        assert_eq!(clear.get(), None);
        assert_eq!(set.get(), Some(&7));
        assert_eq!(clear.into_option(), None);
        assert_eq!(set.into_option(), Some(7));
    }

    #[test]
    fn as_ref_and_map_keep_state() {
        let set = Field::Set(String::from("x"));
        assert_eq!(set.as_ref().map(String::len), Field::Set(1));
        assert_eq!(
            Field::<String>::Clear.as_ref().map(String::len),
            Field::Clear
        );
        assert_eq!(Field::<String>::Unset.map(|s| s.len()), Field::Unset);
    }

    #[test]
    fn conversions_produce_set() {
        let from_str: Field<String> = "Acme".into();
        assert_eq!(from_str, Field::Set(String::from("Acme")));
        let from_value: Field<bool> = true.into();
        assert_eq!(from_value, Field::Set(true));
    }

    #[test]
    fn ordering_is_unset_clear_set() {
        assert!(Field::<u8>::Unset < Field::Clear);
        assert!(Field::Clear < Field::Set(0u8));
        assert!(Field::Set(1u8) < Field::Set(2u8));
    }
}
