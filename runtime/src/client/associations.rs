//! Associations v4 on the client: link with given types (labels), list a record's
//! associations as a stream, remove them, and read the types (labels) of a pair. Every method
//! is bounded by `Associates`, so only pairs HubSpot defines compile; type IDs come from the
//! schema through the trait's constants.

use futures_util::stream::Stream;
use serde::Deserialize;
use serde_json::{json, Value};

use super::list::paged;
use super::{decode_json, decode_results, Call, Error, Objects};
use crate::id::Id;
use crate::metadata::AssociationTypeId;
use crate::object::{Associates, CrmObject};

/// Who defined an association type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AssociationCategory {
    /// HubSpot (the default and primary types, HubSpot's labels).
    HubspotDefined,
    /// The account (its own labels).
    UserDefined,
    /// An integration.
    IntegratorDefined,
}

impl AssociationCategory {
    /// The category as HubSpot spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            AssociationCategory::HubspotDefined => "HUBSPOT_DEFINED",
            AssociationCategory::UserDefined => "USER_DEFINED",
            AssociationCategory::IntegratorDefined => "INTEGRATOR_DEFINED",
        }
    }
}

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
struct WireType {
    category: AssociationCategory,
    type_id: u32,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAssociation {
    to_object_id: Value,
    #[serde(default)]
    association_types: Vec<WireType>,
}

fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
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

/// The associations in a list of `{toObjectId, associationTypes}`.
pub(super) fn parse_associations<T>(value: &Value) -> Result<Vec<Association<T>>, Error> {
    let wire: Vec<WireAssociation> = decode_json(Some(value.clone()), "associations")?;
    Ok(wire
        .into_iter()
        .map(|a| Association {
            to: Id::new(id_text(&a.to_object_id)),
            types: types_of(a.association_types),
        })
        .collect())
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
        let params = [
            ("objectType", O::path_segment()),
            ("objectId", id.as_str()),
            ("toObjectType", T::path_segment()),
            ("toObjectId", to.as_str()),
        ];
        let body: Vec<Value> = types
            .iter()
            .map(|t| json!({"associationCategory": t.category.as_str(), "associationTypeId": t.type_id.0}))
            .collect();
        self.client
            .call(
                "associations_create",
                Call {
                    params: &params,
                    body: Some(Value::Array(body)),
                    ..Call::default()
                },
            )
            .await?;
        Ok(())
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
        let params = [
            ("objectType", O::path_segment()),
            ("objectId", id.as_str()),
            ("toObjectType", T::path_segment()),
            ("toObjectId", to.as_str()),
        ];
        self.client
            .call(
                "associations_remove",
                Call {
                    params: &params,
                    ..Call::default()
                },
            )
            .await?;
        Ok(())
    }

    /// A record's associations to records of `T`, as a stream that pages by itself.
    pub fn associations<T: CrmObject>(
        &self,
        id: &Id<O>,
    ) -> impl Stream<Item = Result<Association<T>, Error>> + 'c
    where
        O: Associates<T>,
    {
        let params = vec![
            ("objectType", O::path_segment().to_string()),
            ("objectId", id.as_str().to_string()),
            ("toObjectType", T::path_segment().to_string()),
        ];
        let query = vec![("limit", "500".to_string())];
        paged(self.client, "associations_list", params, query, |page| {
            parse_associations(page.get("results").unwrap_or(&Value::Array(Vec::new())))
        })
    }

    /// Every association type (label) from `O` to `T`: HubSpot's and the account's.
    pub async fn association_types<T: CrmObject>(&self) -> Result<Vec<AssociationType>, Error>
    where
        O: Associates<T>,
    {
        let params = [
            ("objectType", O::path_segment()),
            ("toObjectType", T::path_segment()),
        ];
        let body = self
            .client
            .call(
                "association_labels_list",
                Call {
                    params: &params,
                    ..Call::default()
                },
            )
            .await?
            .unwrap_or(Value::Null);
        let wire: Vec<WireType> = decode_results(Some(body), "association labels")?;
        Ok(types_of(wire))
    }
}
