//! The shared vocabulary of the HubSpot CRM tables.
//!
//! Every crate of the workspace names these types: the schema model reads them from the YAML
//! tables, the generator emits them into the generated crates, the runtime and the emulator
//! act on them. They exist once, here, so there is nothing to convert and nothing to drift.
//!
//! The crate has no dependencies; the `serde` feature derives the spellings the tables use
//! (`gdpr_delete`, `phone_number`, `GET`, `body_cursor`, ...).
//!
//! ```
//! use hubspot_crm_vocab::{Capabilities, Capability, HttpMethod, PropertyKind};
//!
//! const READ_ONLY: Capabilities = Capabilities::of(&[Capability::Read, Capability::Search]);
//! assert!(READ_ONLY.contains(Capability::Search));
//! assert!(!READ_ONLY.contains(Capability::Create));
//! assert_eq!(Capability::parse("gdpr_delete"), Some(Capability::GdprDelete));
//! assert_eq!(PropertyKind::PhoneNumber.as_str(), "phone_number");
//! assert_eq!(HttpMethod::Patch.as_str(), "PATCH");
//! ```

#![deny(missing_docs)]

mod capability;
mod family;
mod names;
mod type_id;
mod words;

pub use capability::{Capabilities, Capability};
pub use family::{FamilySpec, PageLimits, RateClass, SearchLimits};
pub use names::{CLIENT_METHODS, CRATE_MODULES, CUSTOM_FIELD, FALLBACK_VARIANT};
pub use type_id::{InvalidObjectTypeId, ObjectTypeId};
pub use words::{AssociationCategory, HttpMethod, Paging, PathParam, PropertyKind};
