//! The traits generated code implements for each object: what it is, what it allows, and
//! what it may be associated with. Client code bounds on them, so a forbidden operation is a
//! compile error rather than a 400 from HubSpot.

use crate::metadata::{AssociationLabel, AssociationTypeId, ObjectInfo};
use crate::property::{Properties, PropertyValue};

/// A HubSpot CRM object type, implemented by a type-level marker per object
/// (`contacts::Contact`).
pub trait CrmObject: Sized + Send + Sync + 'static {
    /// The object's typed properties.
    type Properties: Properties;
    /// Everything the schema says about the object: type ID, names, properties, associations.
    const INFO: &'static ObjectInfo;

    /// The segment that addresses the object in a URL: its type ID, or its name without one.
    fn path_segment() -> &'static str {
        Self::INFO.path_segment()
    }
}

macro_rules! capability_traits {
    ($($name:ident, $message:literal, $label:literal: $doc:literal,)*) => {$(
        #[doc = $doc]
        ///
        /// Implemented by generated code only for objects whose schema lists the capability.
        #[diagnostic::on_unimplemented(message = $message, label = $label)]
        pub trait $name: CrmObject {}
    )*};
}

capability_traits! {
    Creatable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `create` capability",
        "`{Self}` is not `Creatable`":
        "Records of the object can be created.",
    Readable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `read` capability",
        "`{Self}` is not `Readable`":
        "Records of the object can be read, listed and fetched.",
    Updatable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `update` capability",
        "`{Self}` is not `Updatable`":
        "Records of the object can be updated.",
    Archivable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `archive` capability",
        "`{Self}` is not `Archivable`":
        "Records of the object can be archived (deleted).",
    Batchable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `batch` capability",
        "`{Self}` is not `Batchable`":
        "The object's batch endpoints can be used (with the matching per-record capability).",
    Searchable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `search` capability",
        "`{Self}` is not `Searchable`":
        "Records of the object can be searched.",
    Mergeable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `merge` capability",
        "`{Self}` is not `Mergeable`":
        "Two records of the object can be merged.",
    GdprDeletable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `gdpr_delete` capability",
        "`{Self}` is not `GdprDeletable`":
        "Records of the object can be permanently deleted under GDPR.",
    Importable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `import` capability",
        "`{Self}` is not `Importable`":
        "Records of the object can be created or updated through imports.",
    Splittable,
        "HubSpot does not allow this on `{Self}`: the schema does not give it the `split` capability",
        "`{Self}` is not `Splittable`":
        "A record's credit can be split among several owners (deal splits).",
}

/// Records of the object can be created without associations: implemented by generated
/// code for creatable objects whose schema requires no association at creation. Objects that
/// need one (a lead needs a contact or a company) are created with `create_with`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `create`: HubSpot does not allow creating it, or a new one needs an association (then use `create_with`)",
    label = "`{Self}` cannot be created on its own"
)]
pub trait StandaloneCreate: Creatable {}

/// Records of `Self` may be associated with records of `To`.
///
/// Implemented by generated code only for the pairs HubSpot defines, always together with its
/// inverse. The constants carry HubSpot's association type IDs, so callers never look them up.
/// A `None` default type ID means HubSpot serves the pair under an ID it does not publish: the
/// default-association endpoint (which takes no type ID) still links such records.
#[diagnostic::on_unimplemented(
    message = "HubSpot defines no association from `{Self}` to `{To}`",
    label = "`{Self}` records cannot be associated with `{To}` records"
)]
pub trait Associates<To: CrmObject>: CrmObject {
    /// The unlabelled `HUBSPOT_DEFINED` association type, when published.
    const DEFAULT_TYPE_ID: Option<AssociationTypeId>;
    /// The primary association type, where the pair has one (contact to company: 1).
    const PRIMARY_TYPE_ID: Option<AssociationTypeId>;
    /// Other HubSpot-defined labelled types for this direction.
    const LABELS: &'static [AssociationLabel];
}

/// Records of the object are tracked through pipelines and their stages: implemented by
/// generated code for objects whose table names `pipeline_properties`. It gives the typed
/// pipelines API (`client.deals().pipelines()`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no pipelines: the schema names no `pipeline_properties` for it",
    label = "`{Self}` records are not tracked through pipelines"
)]
pub trait HasPipelines: CrmObject {
    /// The property naming a record's pipeline (deals: `pipeline`).
    const PIPELINE_PROPERTY: &'static str;
    /// The property naming a record's stage (deals: `dealstage`).
    const STAGE_PROPERTY: &'static str;
    /// A pipeline's ID: the pipeline property's type (`deals::Pipeline`, whose `Unlisted`
    /// variant holds pipelines the tables do not list, such as those an account created).
    type Pipeline: PropertyValue + Clone + std::fmt::Debug + PartialEq + Send + Sync;
    /// A stage's ID: the stage property's type (`deals::Dealstage`).
    type Stage: PropertyValue + Clone + std::fmt::Debug + PartialEq + Send + Sync;
}
