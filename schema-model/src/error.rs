//! Errors that name where a table is wrong: file, line and key.

use std::fmt;
use std::path::PathBuf;

/// One problem in the schema tables.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {field}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct SchemaError {
    /// The file the problem is in.
    pub file: PathBuf,
    /// The 1-based line of the offending key, when it could be found.
    pub line: Option<usize>,
    /// The offending key, as a path such as `properties[3].options`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// Every problem found in one load; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaErrors(pub Vec<SchemaError>);

impl SchemaErrors {
    /// The problems, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &SchemaError> {
        self.0.iter()
    }
}

impl fmt::Display for SchemaErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "{n} problem{} in the schema tables:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemaErrors {}

impl From<SchemaError> for SchemaErrors {
    fn from(e: SchemaError) -> Self {
        SchemaErrors(vec![e])
    }
}
