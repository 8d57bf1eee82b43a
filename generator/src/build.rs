//! A typed client generated in a downstream crate's `build.rs`: the standard tables (compiled
//! into this crate) merged with the crate's own account tables (written by `cargo xtask pull`
//! into a directory of the crate), as one module the crate `include!`s from `OUT_DIR`, on the
//! same runtime as `hubspot-crm`. Enabled by the `build` feature.
//!
//! In `build.rs` of a crate depending on `hubspot-crm-runtime` (and, as a build dependency,
//! on `hubspot-crm-codegen` with the `build` feature):
//!
//! ```no_run
//! hubspot_crm_codegen::build::Build::new()
//!     .account("account") // the pulled tables
//!     .objects(["contacts", "companies", "vehicles"]) // only these, if you like
//!     .generate()
//!     .unwrap_or_else(|e| panic!("{e}"));
//! ```
//!
//! and in the crate: `pub mod hubspot { include!(concat!(env!("OUT_DIR"), "/hubspot.rs")); }`.
//! `examples/downstream/` in this workspace is such a crate.

use std::path::{Path, PathBuf};

use hubspot_crm_schema::{load_sources, read_account_dir, SchemaErrors, Sources};

use crate::{generate_module, GenError, Layout, Options};

/// Why a build script could not generate the client.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The tables (the account's, or the standard ones) are invalid.
    #[error("{0}")]
    Schema(#[from] SchemaErrors),
    /// The generator could not emit the code.
    #[error(transparent)]
    Generate(#[from] GenError),
    /// A file could not be written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The failure.
        #[source]
        source: std::io::Error,
    },
    /// Not run by cargo as a build script (a variable cargo sets is missing).
    #[error("{0} is not set: run this from a build script")]
    Env(&'static str),
}

/// What to generate; see the module docs.
#[derive(Debug, Clone)]
#[must_use]
pub struct Build {
    account: Option<PathBuf>,
    objects: Option<Vec<String>>,
    module: String,
}

impl Default for Build {
    fn default() -> Self {
        Self::new()
    }
}

impl Build {
    /// The standard objects, as the module `hubspot` (`OUT_DIR/hubspot.rs`).
    pub fn new() -> Self {
        Build {
            account: None,
            objects: None,
            module: "hubspot".into(),
        }
    }

    /// Merges the account's tables in `dir` (relative to the crate's manifest directory):
    /// the directory `cargo xtask pull` writes.
    pub fn account(mut self, dir: impl Into<PathBuf>) -> Self {
        self.account = Some(dir.into());
        self
    }

    /// Generates only these objects (by API name: `contacts`, a custom object's `name`) and
    /// the associations among them: less code to compile.
    pub fn objects<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.objects = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// The module the crate includes the file as (default `hubspot`): names the file
    /// (`OUT_DIR/<module>.rs`) and the paths of doc examples.
    pub fn module(mut self, name: impl Into<String>) -> Self {
        self.module = name.into();
        self
    }

    /// Writes `OUT_DIR/<module>.rs` (only when it changed, so nothing rebuilds needlessly) and
    /// tells cargo to run the build script again when an account table changes.
    pub fn generate(self) -> Result<PathBuf, BuildError> {
        let var = |name: &'static str| std::env::var(name).map_err(|_| BuildError::Env(name));
        let out_dir = PathBuf::from(var("OUT_DIR")?);
        let manifest = PathBuf::from(var("CARGO_MANIFEST_DIR")?);
        let krate = var("CARGO_PKG_NAME")?.replace('-', "_");
        let account = self.account.as_ref().map(|dir| manifest.join(dir));
        if let Some(dir) = &account {
            println!("cargo::rerun-if-changed={}", dir.display());
            for sub in ["objects", "extensions"] {
                println!("cargo::rerun-if-changed={}", dir.join(sub).display());
            }
        }
        let code = self.code(account.as_deref(), &format!("{krate}::{}", self.module))?;
        let path = out_dir.join(format!("{}.rs", self.module));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(code.as_str()) {
            std::fs::write(&path, code).map_err(|source| BuildError::Io {
                path: path.clone(),
                source,
            })?;
        }
        Ok(path)
    }

    /// The module's code, from the standard tables and the account's in `account`.
    pub fn code(&self, account: Option<&Path>, doc_path: &str) -> Result<String, BuildError> {
        let sources = Sources {
            account: account
                .map(read_account_dir)
                .transpose()
                .map_err(SchemaErrors::from)?,
            ..hubspot_crm_schema::standard::sources()
        };
        let schema = load_sources(sources)?;
        let options = Options {
            package: doc_path.to_string(),
            layout: Layout::Module {
                doc_path: doc_path.to_string(),
            },
        };
        Ok(generate_module(&schema, &options, self.objects.as_deref())?)
    }
}
