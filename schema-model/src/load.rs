//! Reading the tables from disk (or from memory) into a validated [`Schema`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{SchemaError, SchemaErrors};
use crate::model::{EndpointsDef, ObjectDef, Schema, SharedDef};

/// A table file's path and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path errors name.
    pub path: PathBuf,
    /// The YAML text.
    pub text: String,
}

/// Where a parsed item came from; lets validation point at lines.
#[derive(Debug, Clone, Default)]
pub struct SourceRef {
    /// The path errors name.
    pub path: PathBuf,
    /// The file's text.
    pub text: Arc<str>,
}

/// The table files of one schema directory, read into memory.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `objects/*.yaml`.
    pub objects: Vec<SourceFile>,
    /// `shared.yaml`, when the directory has one.
    pub shared: Option<SourceFile>,
    /// `endpoints.yaml`.
    pub endpoints: SourceFile,
}

/// Loads `dir/objects/*.yaml`, `dir/shared.yaml` (if present) and `dir/endpoints.yaml`, then
/// validates them together.
///
/// Every problem found is returned, each naming its file and, where it can be found, its line.
pub fn load_dir(dir: &Path) -> Result<Schema, SchemaErrors> {
    let objects_dir = dir.join("objects");
    let io_err = |path: &Path, e: std::io::Error| SchemaError {
        file: path.to_path_buf(),
        line: None,
        field: String::new(),
        message: format!("cannot read: {e}"),
    };
    let entries = std::fs::read_dir(&objects_dir).map_err(|e| io_err(&objects_dir, e))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| io_err(&objects_dir, e))?.path();
        if path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            paths.push(path);
        }
    }
    // Sorted so that error order and everything downstream is the same on every machine.
    paths.sort();
    let mut objects = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| io_err(&path, e))?;
        objects.push(SourceFile { path, text });
    }
    let read = |path: PathBuf| -> Result<SourceFile, SchemaError> {
        let text = std::fs::read_to_string(&path).map_err(|e| io_err(&path, e))?;
        Ok(SourceFile { path, text })
    };
    let shared_path = dir.join("shared.yaml");
    let shared = if shared_path.exists() {
        Some(read(shared_path)?)
    } else {
        None
    };
    load_sources(Sources {
        objects,
        shared,
        endpoints: read(dir.join("endpoints.yaml"))?,
    })
}

/// Parses and validates tables already in memory (the emulator compiles them in).
pub fn load_sources(sources: Sources) -> Result<Schema, SchemaErrors> {
    let Sources {
        objects,
        shared,
        endpoints,
    } = sources;
    let mut errors = Vec::new();
    let mut parsed = Vec::with_capacity(objects.len());
    for file in objects {
        match parse::<ObjectDef>(&file) {
            Ok(mut object) => {
                object.source = source_ref(&file);
                let stem = file.path.file_stem().and_then(|s| s.to_str());
                if stem != Some(object.name.as_str()) {
                    errors.push(SchemaError {
                        file: file.path.clone(),
                        line: crate::locate::Locator::new(&file.text).key(1, "name", None),
                        field: "name".into(),
                        message: format!(
                            "object `{}` must live in a file named `{}.yaml`",
                            object.name, object.name
                        ),
                    });
                }
                parsed.push(object);
            }
            Err(e) => errors.push(e),
        }
    }
    let endpoints = match parse::<EndpointsDef>(&endpoints) {
        Ok(mut def) => {
            def.source = source_ref(&endpoints);
            Some(def)
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let shared = match shared {
        None => Some(SharedDef::default()),
        Some(file) => match parse::<SharedDef>(&file) {
            Ok(mut def) => {
                def.source = source_ref(&file);
                Some(def)
            }
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    // Cross-file checks only make sense on a fully parsed table: a file that failed to parse
    // would otherwise show up as bogus "unknown object" errors elsewhere.
    if let (Some(endpoints), Some(shared), true) = (endpoints, shared, errors.is_empty()) {
        parsed.sort_by(|a, b| a.name.cmp(&b.name));
        let mut schema = Schema {
            objects: parsed,
            shared,
            endpoints,
        };
        // What objects take from `shared.yaml` is checked as written, then filled in, and the
        // result validated whole: a system property then collides like any other.
        errors.extend(crate::validate::validate_shared(&schema));
        errors.extend(crate::pipelines::validate_pipelines(&schema));
        if errors.is_empty() {
            crate::validate::resolve_shared(&mut schema);
            crate::pipelines::resolve_pipelines(&mut schema);
            errors.extend(crate::validate::validate(&schema));
        }
        if errors.is_empty() {
            return Ok(schema);
        }
    }
    Err(SchemaErrors(errors))
}

fn source_ref(file: &SourceFile) -> SourceRef {
    SourceRef {
        path: file.path.clone(),
        text: Arc::from(file.text.as_str()),
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<T, SchemaError> {
    serde_yaml::from_str(&file.text).map_err(|e| yaml_error(&file.path, &file.text, &e))
}

/// Turns serde_yaml's `path.to.key: message at line L column C` into our error shape.
fn yaml_error(path: &Path, text_of_file: &str, e: &serde_yaml::Error) -> SchemaError {
    let line = e.location().map(|l| l.line());
    let mut text = e.to_string();
    if let Some(at) = text.find(" at line ") {
        text.truncate(at);
    }
    // serde_yaml prefixes the key path (`properties[2].type: ...`) when it has one.
    let (field, message) = match text.split_once(": ") {
        Some((p, m)) if !p.is_empty() && !p.contains(' ') => (p.to_string(), m.to_string()),
        // At the top level serde_yaml gives no path; the key on the error's line is the field.
        _ => (
            line.and_then(|l| key_on_line(text_of_file, l))
                .unwrap_or_else(|| String::from("(document)")),
            text,
        ),
    };
    SchemaError {
        file: path.to_path_buf(),
        line,
        field,
        message,
    }
}

/// The plain key at the start of 1-based `line` (`type_id: "0x1"` -> `type_id`).
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (key, _) = l.trim().trim_start_matches("- ").split_once(':')?;
    let plain = !key.is_empty() && key.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
    plain.then(|| key.to_string())
}
