//! Reading HubSpot's published API descriptions: every JSON OpenAPI document under a
//! directory, with the version it describes and its operations.
//!
//! HubSpot's collection lays its files out as `<area>/<API>/Rollouts/<id>/<version>/<file>.json`
//! and states the version again in `info.version` and in the paths (`/crm/v3/...`,
//! `/crm/objects/2026-03/...`). A document's version is its `info.version`; without one, the
//! first version-like segment of its paths; without that, the nearest version-like directory
//! name. Any subset of the collection, in any layout, reads the same way.

use std::path::{Path, PathBuf};

use hubspot_crm_schema::HttpMethod;
use serde_json::Value;

/// One OpenAPI document.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// Its path under the directory read, with `/` separators.
    pub file: String,
    /// The version it describes, as HubSpot spells it (`v3`, `2026-03`, `2026-09-beta`).
    pub version: String,
    /// Its operations, in the document's order.
    pub operations: Vec<Operation>,
}

/// One operation: a method on a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Operation {
    pub method: HttpMethod,
    pub path: String,
}

/// What reading a directory found.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    pub documents: Vec<Document>,
    /// JSON files that are no OpenAPI document (HubSpot's collection keeps Postman
    /// collections beside them).
    pub not_openapi: usize,
    /// Files that could not be read or parsed, with why.
    pub unreadable: Vec<(String, String)>,
    /// OpenAPI documents whose version could not be told.
    pub without_version: Vec<String>,
}

/// Reads every `*.json` file under `dir`, recursively, in path order.
pub(crate) fn read_dir(dir: &Path) -> Result<Reading, String> {
    if !dir.is_dir() {
        return Err(format!("error: {} is not a directory", dir.display()));
    }
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|e| format!("error: reading {}: {e}", dir.display()))?;
    files.sort();
    let mut reading = Reading::default();
    for path in files {
        let rel = relative(dir, &path);
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) => {
                reading.unreadable.push((rel, e.to_string()));
                continue;
            }
        };
        let value: Value = match serde_json::from_slice(&text) {
            Ok(v) => v,
            Err(e) => {
                reading.unreadable.push((rel, format!("not JSON: {e}")));
                continue;
            }
        };
        match document(&rel, &value) {
            Some(Ok(doc)) => reading.documents.push(doc),
            Some(Err(())) => reading.without_version.push(rel),
            None => reading.not_openapi += 1,
        }
    }
    Ok(reading)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The document in `value`: `None` when it is no OpenAPI document, `Some(Err)` when its
/// version cannot be told.
fn document(file: &str, value: &Value) -> Option<Result<Document, ()>> {
    value.get("openapi")?.as_str()?;
    let paths = value.get("paths")?.as_object()?;
    let mut operations = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for key in item.keys() {
            if let Some(method) = HttpMethod::parse(&key.to_ascii_uppercase()) {
                operations.push(Operation {
                    method,
                    path: path.clone(),
                });
            }
        }
    }
    let from_info = value
        .pointer("/info/version")
        .and_then(Value::as_str)
        .filter(|v| is_version(v));
    let from_paths = || {
        operations
            .iter()
            .flat_map(|op| op.path.split('/'))
            .find(|s| is_version(s))
    };
    let from_dirs = || file.rsplit('/').skip(1).find(|s| is_version(s));
    let version = from_info.or_else(from_paths).or_else(from_dirs);
    Some(match version {
        Some(v) => Ok(Document {
            file: file.to_string(),
            version: v.to_string(),
            operations,
        }),
        None => Err(()),
    })
}

/// `v3`, `v4`: the numbered versions the tables call `legacy`.
pub(crate) fn is_numbered(s: &str) -> bool {
    s.len() > 1 && s.starts_with('v') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// `2026-03`, optionally with a suffix HubSpot adds (`2026-09-beta`).
fn is_dated(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && (b.len() == 7 || (b[7] == b'-' && b.len() > 8))
}

/// Whether `s` names a version, as HubSpot writes them in paths, directories and
/// `info.version`.
pub(crate) fn is_version(s: &str) -> bool {
    is_numbered(s) || is_dated(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_look_like_hubspots() {
        for v in ["v3", "v4", "2026-03", "2026-09-beta"] {
            assert!(is_version(v), "{v}");
        }
        for v in ["v", "crm", "objects", "2026", "2026-3", "2026-03-", "{v3}"] {
            assert!(!is_version(v), "{v}");
        }
    }

    #[test]
    fn the_version_comes_from_info_then_paths_then_directories() {
        let paths = json!({"/crm/objects/2026-03/{objectType}": {"get": {}, "parameters": []}});
        let with_info = json!({"openapi": "3.0.1", "info": {"version": "v3"}, "paths": paths});
        let doc = document("a/2026-09/x.json", &with_info).unwrap().unwrap();
        assert_eq!(doc.version, "v3");
        assert_eq!(
            doc.operations,
            [Operation {
                method: HttpMethod::Get,
                path: "/crm/objects/2026-03/{objectType}".into()
            }],
            "path-level keys that are no method are not operations"
        );
        let no_info = json!({"openapi": "3.0.1", "info": {"version": "1.0"}, "paths": paths});
        let doc = document("a/2026-09/x.json", &no_info).unwrap().unwrap();
        assert_eq!(doc.version, "2026-03");
        let only_dirs = json!({"openapi": "3.0.1", "paths": {"/things": {"get": {}}}});
        let doc = document("Things/Rollouts/1/2026-09/x.json", &only_dirs)
            .unwrap()
            .unwrap();
        assert_eq!(doc.version, "2026-09");
        assert!(document("x.json", &only_dirs).unwrap().is_err());
        assert!(document("x.json", &json!({"info": {}, "item": []})).is_none());
    }
}
