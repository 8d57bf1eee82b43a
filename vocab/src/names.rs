//! Names the generated crate keeps for itself, read by the schema model (which refuses tables
//! whose objects would take them) and by the code that defines them.

/// Modules of the generated crate that are not objects: no object's module may take these.
pub const CRATE_MODULES: &[&str] = &["client", "endpoints", "metadata", "options", "runtime"];

/// The hand-written methods of the generated `Client` (the runtime's `client_shell!`): no
/// object's accessor may take these. A runtime test checks the macro defines exactly these.
pub const CLIENT_METHODS: &[&str] = &[
    "associations",
    "builder",
    "core",
    "from_env",
    "imports",
    "new",
    "object",
    "owners",
    "schemas",
];

/// The field of a properties struct that carries properties the tables do not list.
pub const CUSTOM_FIELD: &str = "custom";

/// The variant of a generated option enum that carries a value the tables do not list.
pub const FALLBACK_VARIANT: &str = "Unlisted";
