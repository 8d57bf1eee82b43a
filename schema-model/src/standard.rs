//! The standard tables, compiled in (the `standard-tables` feature): what the emulator serves
//! and what a downstream crate's `build.rs` merges its account's tables into, wherever they
//! run.

use crate::load::{SourceFile, Sources};

mod tables {
    include!(concat!(env!("OUT_DIR"), "/standard_tables.rs"));
}

/// The standard tables, with no account; set `account` to merge one.
pub fn sources() -> Sources {
    let file = |(path, text): (&str, &str)| SourceFile {
        path: path.into(),
        text: text.to_string(),
    };
    Sources {
        objects: tables::OBJECT_TABLES.iter().copied().map(file).collect(),
        shared: Some(file(tables::SHARED_TABLE)),
        endpoints: file(tables::ENDPOINTS_TABLE),
        account: None,
    }
}
