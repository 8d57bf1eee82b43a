//! Reading the tables from disk (or from memory) into a validated [`Schema`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::account::{AccountDef, ExtensionDef};
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
    /// `account/`, when the directory has one: an account's own tables.
    pub account: Option<AccountSources>,
}

/// An account's table files (`account/`), read into memory.
#[derive(Debug, Clone, Default)]
pub struct AccountSources {
    /// `account/objects/*.yaml`: custom objects.
    pub objects: Vec<SourceFile>,
    /// `account/extensions/*.yaml`: additions to standard objects.
    pub extensions: Vec<SourceFile>,
}

fn io_error(path: &Path, e: std::io::Error) -> SchemaError {
    SchemaError {
        file: path.to_path_buf(),
        line: None,
        field: String::new(),
        message: format!("cannot read: {e}"),
    }
}

/// Every `*.yaml` file of `dir`, sorted by path (so that error order and everything downstream
/// is the same on every machine); none when `dir` does not exist and `optional`.
pub fn read_yaml_dir(dir: &Path, optional: bool) -> Result<Vec<SourceFile>, SchemaError> {
    if optional && !dir.exists() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        if path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            paths.push(path);
        }
    }
    paths.sort();
    paths.into_iter().map(|p| read_file(&p)).collect()
}

fn read_file(path: &Path) -> Result<SourceFile, SchemaError> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

/// Reads an account's tables from `dir` (`objects/` and `extensions/`, either may be absent).
pub fn read_account_dir(dir: &Path) -> Result<AccountSources, SchemaError> {
    Ok(AccountSources {
        objects: read_yaml_dir(&dir.join("objects"), true)?,
        extensions: read_yaml_dir(&dir.join("extensions"), true)?,
    })
}

/// Loads `dir/objects/*.yaml`, `dir/shared.yaml` (if present), `dir/endpoints.yaml` and the
/// account tables in `dir/account/` (if present), then validates them together.
///
/// Every problem found is returned, each naming its file and, where it can be found, its line.
pub fn load_dir(dir: &Path) -> Result<Schema, SchemaErrors> {
    let account_dir = dir.join("account");
    load_dir_with(dir, account_dir.exists().then_some(account_dir.as_path()))
}

/// Loads the standard tables of `dir` (as [`load_dir`], ignoring `dir/account/`) with the
/// account tables in `account`, if given.
pub fn load_dir_with(dir: &Path, account: Option<&Path>) -> Result<Schema, SchemaErrors> {
    let shared_path = dir.join("shared.yaml");
    load_sources(Sources {
        objects: read_yaml_dir(&dir.join("objects"), false)?,
        shared: if shared_path.exists() {
            Some(read_file(&shared_path)?)
        } else {
            None
        },
        endpoints: read_file(&dir.join("endpoints.yaml"))?,
        account: account.map(read_account_dir).transpose()?,
    })
}

/// Parses objects (standard or an account's), checking each lives in a file named after it.
fn parse_objects(files: Vec<SourceFile>, errors: &mut Vec<SchemaError>) -> Vec<ObjectDef> {
    let mut parsed = Vec::with_capacity(files.len());
    for file in files {
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
    parsed
}

fn parse_account_files(sources: AccountSources, errors: &mut Vec<SchemaError>) -> AccountDef {
    let objects = parse_objects(sources.objects, errors);
    let mut extensions = Vec::new();
    for file in sources.extensions {
        match parse::<ExtensionDef>(&file) {
            Ok(mut ext) => {
                ext.source = source_ref(&file);
                extensions.push(ext);
            }
            Err(e) => errors.push(e),
        }
    }
    AccountDef {
        objects,
        extensions,
    }
}

/// Parses an account's tables on their own, without merging or validating them against the
/// standard tables: what `cargo xtask pull --check` compares.
pub fn parse_account(sources: AccountSources) -> Result<AccountDef, SchemaErrors> {
    let mut errors = Vec::new();
    let account = parse_account_files(sources, &mut errors);
    if errors.is_empty() {
        Ok(account)
    } else {
        Err(SchemaErrors(errors))
    }
}

/// Parses and validates tables already in memory (the emulator compiles them in).
pub fn load_sources(sources: Sources) -> Result<Schema, SchemaErrors> {
    let Sources {
        objects,
        shared,
        endpoints,
        account,
    } = sources;
    let mut errors = Vec::new();
    let mut parsed = parse_objects(objects, &mut errors);
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
    let account = account.map(|a| parse_account_files(a, &mut errors));
    // Cross-file checks only make sense on a fully parsed table: a file that failed to parse
    // would otherwise show up as bogus "unknown object" errors elsewhere.
    if let (Some(endpoints), Some(shared), true) = (endpoints, shared, errors.is_empty()) {
        parsed.sort_by(|a, b| a.name.cmp(&b.name));
        let mut schema = Schema {
            objects: parsed,
            shared,
            endpoints,
            account: None,
        };
        // The account's tables join the standard ones first; what objects take from
        // `shared.yaml` is then checked as written, filled in, and the result validated whole:
        // a system property or an account property collides like any other.
        if let Some(account) = account {
            errors.extend(crate::account::merge(&mut schema, &account));
            schema.account = Some(account);
        }
        if errors.is_empty() {
            errors.extend(crate::validate::validate_shared(&schema));
            errors.extend(crate::pipelines::validate_pipelines(&schema));
        }
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
