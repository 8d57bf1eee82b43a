//! Schemas in bulk and their association definitions: read several schemas in one request,
//! and delete an association definition of a custom object.

use serde::Serialize;

use super::super::wire::Page;
use super::super::{Call, Error};
use super::{ObjectSchema, Schemas};
use crate::endpoints::Family;
use crate::vocab::PathParam::{AssociationIdentifier, ObjectType};

/// What a bulk read includes of each schema beside its names and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SchemaParts {
    /// Its property definitions.
    pub properties: bool,
    /// Its association definitions.
    pub associations: bool,
    /// When it was created and last changed.
    pub audit_metadata: bool,
}

impl SchemaParts {
    /// Everything.
    pub const ALL: SchemaParts = SchemaParts {
        properties: true,
        associations: true,
        audit_metadata: true,
    };

    /// Names and labels only.
    pub const NONE: SchemaParts = SchemaParts {
        properties: false,
        associations: false,
        audit_metadata: false,
    };
}

/// The body of a bulk read.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReadBody<'a> {
    inputs: &'a [&'a str],
    include_property_definitions: bool,
    include_association_definitions: bool,
    include_audit_metadata: bool,
}

impl Schemas<'_> {
    /// The schemas of several object types (by `2-NNN`, name or fully qualified name),
    /// with the parts asked for. Types that do not exist are left out.
    pub async fn read_many(
        &self,
        object_types: &[&str],
        parts: SchemaParts,
    ) -> Result<Vec<ObjectSchema>, Error> {
        let limit = Family::SchemasBatchRead
            .spec()
            .batch_limit
            .map_or(1, |l| l as usize);
        let mut out = Vec::new();
        for chunk in object_types.chunks(limit.max(1)) {
            let body = ReadBody {
                inputs: chunk,
                include_property_definitions: parts.properties,
                include_association_definitions: parts.associations,
                include_audit_metadata: parts.audit_metadata,
            };
            let call = Call::default().json(&body)?;
            let page: Page<ObjectSchema> = self
                .client
                .call(Family::SchemasBatchRead, call)
                .await?
                .json()?;
            out.extend(page.results);
        }
        Ok(out)
    }

    /// Deletes an association definition of a custom object: the two types can no longer be
    /// associated, and the associations between their records go with it. `association_id` is
    /// the `id` the schema lists the association under (as
    /// [`allow_association`](Schemas::allow_association) returns it).
    pub async fn delete_association(
        &self,
        object_type: &str,
        association_id: &str,
    ) -> Result<(), Error> {
        let params = [
            (ObjectType, object_type),
            (AssociationIdentifier, association_id),
        ];
        self.client
            .call(Family::SchemasDeleteAssociation, Call::at(&params))
            .await?;
        Ok(())
    }
}

/// Decoding a bulk read in the shape HubSpot's reference describes
/// (`{results: [ObjectSchema]}`, the same in every version).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bulk_read_decodes_schemas_with_their_associations() {
        let body = r#"{"results": [{
            "id": "1234", "objectTypeId": "2-1234", "name": "cars",
            "fullyQualifiedName": "p99_cars", "archived": false,
            "allowsSensitiveProperties": true,
            "labels": {"singular": "Car", "plural": "Cars"},
            "primaryDisplayProperty": "model",
            "requiredProperties": ["model"], "searchableProperties": ["model"],
            "properties": [],
            "associations": [{"id": "147", "fromObjectTypeId": "2-1234",
                              "toObjectTypeId": "0-1", "name": "car_to_contact",
                              "createdAt": "2026-11-30T10:00:00Z"}],
            "createdAt": "2026-11-30T10:00:00Z", "createdByUserId": 5
        }, {
            "id": "1235", "objectTypeId": "2-1235", "name": "boats",
            "labels": {"singular": "Boat", "plural": "Boats"},
            "properties": [], "associations": []
        }]}"#;
        let page: Page<ObjectSchema> = serde_json::from_str(body).expect("decodes");
        let [cars, boats] = &page.results[..] else {
            panic!("two schemas: {:?}", page.results);
        };
        assert_eq!(cars.object_type_id, "2-1234");
        assert!(cars.allows_sensitive_properties);
        assert_eq!(cars.labels.plural, "Cars");
        assert_eq!(cars.associations.len(), 1);
        assert_eq!(cars.associations[0].id, "147");
        assert_eq!(cars.associations[0].to_object_type_id, "0-1");
        assert_eq!(cars.associations[0].name.as_deref(), Some("car_to_contact"));
        assert!(!boats.allows_sensitive_properties);
        assert!(boats.associations.is_empty());
        // An association definition without its required IDs does not decode.
        let broken = r#"{"results": [{"objectTypeId": "2-1", "labels": {},
            "associations": [{"id": "1"}]}]}"#;
        assert!(serde_json::from_str::<Page<ObjectSchema>>(broken).is_err());
    }
}
