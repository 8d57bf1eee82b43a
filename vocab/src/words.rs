//! Small closed sets of words the tables, HubSpot's wire format and the code share. Each is an
//! enum whose variants know their spelling (`as_str`, `parse`, and serde under the `serde`
//! feature), declared once by `words!`.

/// Declares an enum of words: its variants, their spelling, `ALL`, `as_str` and `parse`.
macro_rules! words {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[doc = $doc:literal])* $variant:ident = $wire:literal,)* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        pub enum $name {
            $($(#[doc = $doc])* #[cfg_attr(feature = "serde", serde(rename = $wire))] $variant,)*
        }

        impl $name {
            /// Every word, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The word as the tables and HubSpot spell it.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)* }
            }

            /// The word spelled `s`, if it is one.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some($name::$variant),)* _ => None }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use words;

words! {
    /// A property's HubSpot type.
    pub enum PropertyKind {
        /// Free text.
        String = "string",
        /// A decimal number.
        Number = "number",
        /// `true` or `false`.
        Bool = "bool",
        /// A calendar date (UTC midnight epoch milliseconds on the wire).
        Date = "date",
        /// An instant.
        Datetime = "datetime",
        /// One of a set of options, or several when the property is multi-select.
        Enumeration = "enumeration",
        /// A phone number, as text.
        PhoneNumber = "phone_number",
    }
}

impl PropertyKind {
    /// HubSpot's usual `fieldType` (how forms show it) for a property of this kind;
    /// `multiple` for a multi-select enumeration.
    pub const fn default_field_type(self, multiple: bool) -> &'static str {
        match self {
            PropertyKind::String => "text",
            PropertyKind::Number => "number",
            PropertyKind::Bool => "booleancheckbox",
            PropertyKind::Date | PropertyKind::Datetime => "date",
            PropertyKind::Enumeration if multiple => "checkbox",
            PropertyKind::Enumeration => "select",
            PropertyKind::PhoneNumber => "phonenumber",
        }
    }
}

words! {
    /// An HTTP method.
    pub enum HttpMethod {
        /// `GET`
        Get = "GET",
        /// `POST`
        Post = "POST",
        /// `PUT`
        Put = "PUT",
        /// `PATCH`
        Patch = "PATCH",
        /// `DELETE`
        Delete = "DELETE",
    }
}

words! {
    /// How an endpoint family's results are paged.
    pub enum Paging {
        /// Not paged.
        None = "none",
        /// `after` query parameter; the next cursor is `paging.next.after`.
        Cursor = "cursor",
        /// `after` in the request body (search); the next cursor is `paging.next.after`.
        BodyCursor = "body_cursor",
        /// `after` beside each input's `id` in a batch body (association batch reads): each
        /// input's result is a page, whose next cursor is that result's `paging.next.after`.
        InputCursor = "input_cursor",
    }
}

// `words!` declares the enum, so the default is stated here.
#[allow(clippy::derivable_impls)]
impl Default for Paging {
    fn default() -> Self {
        Paging::None
    }
}

words! {
    /// A `{placeholder}` of an endpoint family's path.
    pub enum PathParam {
        /// The object type: a type ID (`0-1`) or a name (`contacts`).
        ObjectType = "objectType",
        /// A record ID (or a unique value, with `idProperty`).
        ObjectId = "objectId",
        /// The object type at the other end of an association.
        ToObjectType = "toObjectType",
        /// The record at the other end of an association.
        ToObjectId = "toObjectId",
        /// An association type ID.
        AssociationTypeId = "associationTypeId",
        /// A property's internal name.
        PropertyName = "propertyName",
        /// A property group's internal name.
        GroupName = "groupName",
        /// An import's ID.
        ImportId = "importId",
        /// A pipeline's ID (`default`, or numeric for pipelines an account created).
        PipelineId = "pipelineId",
        /// A pipeline stage's ID.
        StageId = "stageId",
        /// An owner's ID (or a user ID, with `idProperty=userId`).
        OwnerId = "ownerId",
        /// A HubSpot user's ID (an owner's `userId`, not its owner ID).
        UserId = "userId",
        /// An association definition of a schema, by the `id` the schema lists it under.
        AssociationIdentifier = "associationIdentifier",
    }
}

words! {
    /// Who defined an association type.
    pub enum AssociationCategory {
        /// HubSpot (the default and primary types, HubSpot's labels).
        HubspotDefined = "HUBSPOT_DEFINED",
        /// The account (its own labels).
        UserDefined = "USER_DEFINED",
        /// An integration.
        IntegratorDefined = "INTEGRATOR_DEFINED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_parses_back_from_its_spelling() {
        for k in PropertyKind::ALL {
            assert_eq!(PropertyKind::parse(k.as_str()), Some(*k));
        }
        for m in HttpMethod::ALL {
            assert_eq!(HttpMethod::parse(m.as_str()), Some(*m));
        }
        for p in PathParam::ALL {
            assert_eq!(PathParam::parse(p.as_str()), Some(*p));
        }
        assert_eq!(PropertyKind::parse("phone"), None);
        assert_eq!(AssociationCategory::UserDefined.to_string(), "USER_DEFINED");
    }
}
