//! The hand-written runtime that the generated `hubspot-crm` crate builds on.
//!
//! Generated code describes the API as data (types, constants, trait impls); the behaviour
//! lives here, once, generically: typed IDs ([`Id`]), the object, capability and association
//! traits ([`CrmObject`], [`Creatable`], [`Associates`], ...), property encoding
//! ([`property`]), records ([`Record`]), run-time metadata ([`metadata`]) and the HTTP client
//! ([`client`]), which names endpoint families as [`Family`] variants of the generated
//! [`endpoints`] table; its batch methods return a [`bulk::BatchRequest`], which reports
//! [`bulk::Progress`] as it runs.
//!
//! Users depend on `hubspot-crm`, which re-exports what they need from here.

#![deny(missing_docs)]

pub mod bulk;
pub mod client;
pub mod id;
pub mod metadata;
pub mod object;
pub mod property;
pub mod record;
pub mod search;
pub mod unique;

/// API versions and endpoint families, generated from `schema/endpoints.yaml`.
pub use hubspot_crm_endpoints as endpoints;
/// The vocabulary shared by the tables, the generator, this runtime and the emulator.
pub use hubspot_crm_vocab as vocab;

pub use client::{ApiError, Client as CoreClient, ClientBuilder, Error, Objects};
pub use endpoints::{ApiVersion, Family};
pub use id::Id;
pub use metadata::{
    AssociationInfo, AssociationLabel, AssociationTypeId, Capabilities, Capability, ObjectInfo,
    PropertyInfo, PropertyKind, UnknownObjectType,
};
pub use object::{
    Archivable, Associates, Batchable, Creatable, CrmObject, GdprDeletable, HasPipelines,
    Importable, Mergeable, Readable, Searchable, Splittable, StandaloneCreate, Updatable,
};
pub use property::{
    CustomProperties, Field, Properties, PropertyError, PropertyValue, ValueError, WireProperties,
};
pub use record::{AssociatedId, Record, RecordError, WireRecord};
pub use unique::UniqueProp;
pub use vocab::{AssociationCategory, HttpMethod, InvalidObjectTypeId, ObjectTypeId, Paging};

/// Exact decimals for `number` properties.
pub use rust_decimal::Decimal;
/// Dates and date-times for `date` and `datetime` properties.
pub use time;

/// What the generated `hubspot-crm` crate re-exports at its root: the runtime decides what
/// users need, the generated crate only forwards it.
#[doc(hidden)]
pub mod reexport {
    pub use crate::bulk::{BatchRequest, Progress};
    pub use crate::client::{
        ApiError, BatchFailure, BatchOutcome, Error, GiveUpReason, NewAssociation, Objects,
        RateLimit, RateLimitStatus, RetryBudget, RetryPolicy, Upserted,
    };
    pub use crate::{
        endpoints, Archivable, Associates, AssociationTypeId, Batchable, Capability, Creatable,
        CrmObject, CustomProperties, Decimal, Field, GdprDeletable, HasPipelines, Id, Importable,
        Mergeable, ObjectInfo, ObjectTypeId, Properties, PropertyError, PropertyValue, Readable,
        Record, RecordError, Searchable, Splittable, StandaloneCreate, UniqueProp, Updatable,
    };
}
