//! The typed model of the HubSpot CRM schema tables under `schema/`.
//!
//! This crate is the single reader of the tables: the code generator and the emulator both
//! load them through [`load_dir`], so they can never disagree about what the tables say.
//! It is deliberately small (serde, serde_yaml, heck, thiserror) so that depending on it keeps
//! a build lean.
//!
//! Loading parses every file into the types of [`model`], fills in what objects take from
//! `shared.yaml` (system properties, option sets) and the options of their pipeline and stage
//! properties ([`pipelines`]), then [`validate`](mod@validate) checks the
//! facts that span files (unique type IDs and names, associations with their inverse, ...).
//! Every problem is reported as a [`SchemaError`] naming the file, the line and the offending
//! key; all problems are collected, not just the first.
//!
//! ```no_run
//! let schema = hubspot_crm_schema::load_dir("schema".as_ref())?;
//! let contacts = schema.object("contacts").expect("contacts are in the table");
//! assert_eq!(contacts.type_id.as_ref().map(|id| id.as_str()), Some("0-1"));
//! # Ok::<(), hubspot_crm_schema::SchemaErrors>(())
//! ```

pub mod account;
pub mod error;
pub mod load;
mod locate;
pub mod model;
pub mod naming;
pub mod pipelines;
#[cfg(feature = "standard-tables")]
pub mod standard;
pub mod validate;

pub use account::{AccountDef, ExtensionDef};
pub use error::{SchemaError, SchemaErrors};
pub use load::{
    load_dir, load_dir_with, load_sources, parse_account, read_account_dir, read_yaml_dir,
    AccountSources, SourceFile, Sources,
};
pub use model::*;
pub use pipelines::{fill_pipeline_options, pipeline_options};
