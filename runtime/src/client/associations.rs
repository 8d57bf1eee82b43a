//! Associations v4 on the client: link with given types (labels), list a record's
//! associations as a stream, remove them, and read the types (labels) of a pair. Every method
//! is bounded by `Associates`, so only pairs HubSpot defines compile; type IDs come from the
//! schema through the trait's constants.

use futures_util::stream::{Stream, TryStreamExt};
use serde::Deserialize;

use super::list::paged;
use super::wire::{Page, TypeSpec, Wire};
use super::{AssociationCategory, Error, Objects};
use crate::endpoints::Family;
use crate::id::{id_text, Id};
use crate::metadata::AssociationTypeId;
use crate::object::{Associates, CrmObject};

/// An association type: its category and ID, and its label when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AssociationType {
    /// Who defined it.
    pub category: AssociationCategory,
    /// Its ID.
    pub type_id: AssociationTypeId,
    /// Its label (`None` for the unlabelled default).
    pub label: Option<String>,
}

impl AssociationType {
    /// A HubSpot-defined type.
    pub fn hubspot(type_id: AssociationTypeId) -> Self {
        AssociationType {
            category: AssociationCategory::HubspotDefined,
            type_id,
            label: None,
        }
    }

    /// An account-defined label's type.
    pub fn user(type_id: u32) -> Self {
        AssociationType {
            category: AssociationCategory::UserDefined,
            type_id: AssociationTypeId(type_id),
            label: None,
        }
    }
}

/// An association of a record to a record of `T`, with every type linking them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Association<T> {
    /// The associated record.
    pub to: Id<T>,
    /// The types linking the two.
    pub types: Vec<AssociationType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireType {
    category: AssociationCategory,
    type_id: u32,
    #[serde(default)]
    label: Option<String>,
}

/// `{toObjectId, associationTypes}`: one associated record. `toObjectId` is a number in legacy
/// v4 and a string in the date versions; both read as its text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireAssociation {
    #[serde(deserialize_with = "id_text")]
    to_object_id: String,
    #[serde(default)]
    association_types: Vec<WireType>,
}

/// An association of a record to a record of a type named at run time, with every type
/// linking them (see [`DynamicObjects::associations`](super::DynamicObjects::associations)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicAssociation {
    /// The associated record's ID.
    pub to: String,
    /// The types linking the two.
    pub types: Vec<AssociationType>,
}

impl WireAssociation {
    /// The association, typed by the object at its other end.
    pub(super) fn typed<T>(self) -> Association<T> {
        Association {
            to: Id::new(self.to_object_id),
            types: types_of(self.association_types),
        }
    }

    /// The association, with the other end's ID as a string.
    pub(super) fn untyped(self) -> DynamicAssociation {
        DynamicAssociation {
            to: self.to_object_id,
            types: types_of(self.association_types),
        }
    }
}

impl<'c> Wire<'c> {
    /// Record `id`'s associations to records of `to_type`, as a stream that pages by itself.
    pub(super) fn associations(
        self,
        id: &str,
        to_type: &str,
    ) -> impl Stream<Item = Result<WireAssociation, Error>> + 'c {
        let (id, to_type) = (id.to_string(), to_type.to_string());
        paged(move |after| {
            let (id, to_type) = (id.clone(), to_type.clone());
            async move {
                self.associations_page(&id, &to_type, after.as_deref())
                    .await
            }
        })
    }
}

fn types_of(wire: Vec<WireType>) -> Vec<AssociationType> {
    wire.into_iter()
        .map(|t| AssociationType {
            category: t.category,
            type_id: AssociationTypeId(t.type_id),
            label: t.label,
        })
        .collect()
}

impl<'c, O: CrmObject> Objects<'c, O> {
    /// The primary association type from `O` to `T`, where the pair has one (contact to
    /// company: 1).
    pub fn primary_type<T: CrmObject>(&self) -> Option<AssociationType>
    where
        O: Associates<T>,
    {
        O::PRIMARY_TYPE_ID.map(AssociationType::hubspot)
    }

    /// Links a record to a record of `T` with the given types (labels), e.g.
    /// [`Objects::primary_type`] or an account's label.
    pub async fn associate_with<T: CrmObject>(
        &self,
        id: &Id<O>,
        to: &Id<T>,
        types: &[AssociationType],
    ) -> Result<(), Error>
    where
        O: Associates<T>,
    {
        if types.is_empty() {
            return Err(Error::InvalidRequest(
                "associate_with needs at least one type; use associate for the default".into(),
            ));
        }
        let types: Vec<TypeSpec> = types
            .iter()
            .map(|t| TypeSpec {
                association_category: t.category,
                association_type_id: t.type_id.0,
            })
            .collect();
        self.wire()
            .associate(id.as_str(), T::path_segment(), to.as_str(), &types)
            .await
    }

    /// Removes every association between a record and a record of `T`.
    pub async fn remove_association<T: CrmObject>(
        &self,
        id: &Id<O>,
        to: &Id<T>,
    ) -> Result<(), Error>
    where
        O: Associates<T>,
    {
        self.wire()
            .remove_association(id.as_str(), T::path_segment(), to.as_str())
            .await
    }

    /// A record's associations to records of `T`, as a stream that pages by itself.
    pub fn associations<T: CrmObject>(
        &self,
        id: &Id<O>,
    ) -> impl Stream<Item = Result<Association<T>, Error>> + 'c
    where
        O: Associates<T>,
    {
        self.wire()
            .associations(id.as_str(), T::path_segment())
            .map_ok(WireAssociation::typed)
    }

    /// Every association type (label) from `O` to `T`: HubSpot's and the account's.
    pub async fn association_types<T: CrmObject>(&self) -> Result<Vec<AssociationType>, Error>
    where
        O: Associates<T>,
    {
        let page: Page<WireType> = self
            .wire()
            .pair(Family::AssociationLabelsList, T::path_segment(), None, None)
            .await?
            .json()?;
        Ok(types_of(page.results))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(body: &str) -> DynamicAssociation {
        serde_json::from_str::<WireAssociation>(body)
            .unwrap_or_else(|e| panic!("{e}: {body}"))
            .untyped()
    }

    #[test]
    fn associations_decode_legacy_numbers_and_dated_strings_alike() {
        // Legacy v4 describes `toObjectId` as an integer, the date versions as a string.
        let legacy = r#"{"toObjectId": 12345678901, "associationTypes": [
            {"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"},
            {"category": "HUBSPOT_DEFINED", "typeId": 279}]}"#;
        let dated = r#"{"toObjectId": "12345678901", "associationTypes": [
            {"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"},
            {"category": "HUBSPOT_DEFINED", "typeId": 279}]}"#;
        let (a, b) = (decode(legacy), decode(dated));
        assert_eq!(a, b);
        assert_eq!(a.to, "12345678901");
        assert_eq!(a.types[0].label.as_deref(), Some("Primary"));
        assert_eq!(
            a.types[1].label, None,
            "an unlabelled type has no label field"
        );
        let typed: Association<()> = serde_json::from_str::<WireAssociation>(legacy)
            .unwrap()
            .typed();
        assert_eq!(typed.to.as_str(), "12345678901");
    }

    #[test]
    fn an_unlabelled_type_decodes_with_or_without_a_null_label() {
        let null = decode(
            r#"{"toObjectId": "7", "associationTypes": [{"category": "USER_DEFINED", "typeId": 9, "label": null}]}"#,
        );
        assert_eq!(null.types, vec![AssociationType::user(9)]);
    }

    #[test]
    fn an_association_id_that_is_not_a_string_or_whole_number_is_a_decode_error() {
        for id in ["null", "-3", "1.5", "{}"] {
            let body = format!(r#"{{"toObjectId": {id}, "associationTypes": []}}"#);
            assert!(
                serde_json::from_str::<WireAssociation>(&body).is_err(),
                "{body}"
            );
        }
    }
}
