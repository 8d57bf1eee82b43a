//! HubSpot CRM API versions and endpoint families, as data, generated from
//! `schema/endpoints.yaml` by `cargo xtask gen` (into `families.rs`; this file is hand-written).
//!
//! Each [`Family`] is an operation that works on any object type that allows it; its
//! [`FamilySpec`] holds what the tables state about it: method, path and success status per
//! [`ApiVersion`], whether repeating it is safe, page sizes, batch and search limits, rate
//! class. The client and the emulator name families in code, so a family the table no longer
//! has is a compile error in both, and the emulator's dispatch over families is exhaustive.
//!
//! ```
//! use hubspot_crm_endpoints::{ApiVersion, Family};
//!
//! let get = Family::ObjectsGet;
//! assert_eq!(get.path(ApiVersion::Legacy), "/crm/v3/objects/{objectType}/{objectId}");
//! assert!(get.spec().idempotent);
//! assert!(!Family::ObjectsCreate.spec().idempotent, "a create is never repeated");
//! assert_eq!(Family::ObjectsBatchUpsert.spec().batch_limit, Some(100));
//! assert_eq!(Family::from_name("objects_get"), Some(get));
//! // HubSpot answers some families differently in the date versions.
//! assert_eq!(Family::AssociationsBatchArchive.status(ApiVersion::Legacy), 204);
//! assert_eq!(Family::AssociationsBatchArchive.status(ApiVersion::V202603), 200);
//! ```

#![deny(missing_docs)]

// Laid out by prettyplease, not rustfmt: `cargo fmt` leaves it as generated.
#[rustfmt::skip]
mod families;

pub use families::{
    rate_headers, ApiVersion, Family, FamilySpec, RatePolicy, RateTier, MAX_URL_CHARS,
    RATE_WINDOW_MS, SEARCH_PER_SECOND,
};
