//! `cargo xtask pull`: snapshot an account's own schema (custom objects, custom properties,
//! its association labels) into `schema/account/`, in the tables' format, for `gen` to merge.
//! `--check` changes nothing and fails, naming what changed, when the account drifted from
//! the tables on disk.
//!
//! The pulled tables are validated with the standard ones before anything is written, and
//! written all or nothing (staged, then renamed), like `gen`.

mod diff;
mod http;
mod read;
mod yaml;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use hubspot_crm_schema::{
    load_dir_with, load_sources, parse_account, read_yaml_dir, AccountDef, AccountSources, Schema,
    SourceFile, Sources,
};

pub(crate) use read::PullOptions;

/// Where pull writes, relative to the workspace root.
pub(crate) const ACCOUNT_DIR: &str = "schema/account";

/// Pulls the account of `HUBSPOT_ACCESS_TOKEN` (at `HUBSPOT_BASE_URL`) into
/// `root/schema/account`, or with `check`, compares it with what is there.
pub(crate) fn run(root: &Path, check: bool, options: PullOptions) -> Result<String, String> {
    let schema_dir = root.join("schema");
    let account_dir = root.join(ACCOUNT_DIR);
    let standard = load_dir_with(&schema_dir, None).map_err(|e| {
        format!("{e}The standard tables must load before an account can be pulled.")
    })?;
    let account = http::Account::from_env(&standard.endpoints)?;
    let pulled = read::pull(&account, &standard, options)
        .map_err(|e| format!("error: reading the account at {}: {e}", account.base_url()))?;
    let files = yaml::files(&pulled);
    validate(&schema_dir, &files)?;
    let on_disk = read_yaml_dir(&account_dir.join("objects"), true)
        .and_then(|mut o| {
            o.extend(read_yaml_dir(&account_dir.join("extensions"), true)?);
            Ok(o)
        })
        .map_err(|e| format!("error: {e}"))?;
    let on_disk: BTreeMap<PathBuf, String> = on_disk
        .into_iter()
        .map(|f| {
            let rel = f
                .path
                .strip_prefix(&account_dir)
                .unwrap_or(&f.path)
                .to_path_buf();
            (rel, f.text)
        })
        .collect();
    let summary = format!(
        "{} custom objects, {} standard objects extended",
        pulled.objects.len(),
        pulled.extensions.len()
    );
    if check {
        let changes = changes(&on_disk, &files)?;
        if changes.is_empty() {
            return Ok(format!("{ACCOUNT_DIR}/ matches the account ({summary})"));
        }
        let mut text = format!(
            "the account has changed since {ACCOUNT_DIR}/ was pulled; run `cargo xtask pull`, then `cargo xtask gen`:\n"
        );
        for c in changes {
            text.push_str(&format!("  {ACCOUNT_DIR}/{c}\n"));
        }
        return Err(text);
    }
    write(&account_dir, &on_disk, &files)?;
    Ok(format!(
        "wrote {ACCOUNT_DIR}/ ({summary}); now run `cargo xtask gen`"
    ))
}

/// The pulled tables must load with the standard ones, or nothing is written.
fn validate(schema_dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<Schema, String> {
    let standard = |sub: &str| read_yaml_dir(&schema_dir.join(sub), false);
    let objects = standard("objects").map_err(|e| format!("error: {e}"))?;
    let read = |name: &str| -> Result<SourceFile, String> {
        let path = schema_dir.join(name);
        let text =
            fs::read_to_string(&path).map_err(|e| format!("error: {}: {e}", path.display()))?;
        Ok(SourceFile { path, text })
    };
    load_sources(Sources {
        objects,
        shared: Some(read("shared.yaml")?),
        endpoints: read("endpoints.yaml")?,
        account: Some(account_sources(files)),
    })
    .map_err(|e| {
        format!(
            "{e}The account's tables as pulled do not fit the standard ones; nothing was written."
        )
    })
}

/// In-memory account files as the loader takes them, named as they will be on disk.
fn account_sources(files: &BTreeMap<PathBuf, String>) -> AccountSources {
    let mut sources = AccountSources::default();
    for (path, text) in files {
        let file = SourceFile {
            path: Path::new(ACCOUNT_DIR).join(path),
            text: text.clone(),
        };
        if path.starts_with("objects") {
            sources.objects.push(file);
        } else {
            sources.extensions.push(file);
        }
    }
    sources
}

/// What changed from `before` to `after`, one line each.
fn changes(
    before: &BTreeMap<PathBuf, String>,
    after: &BTreeMap<PathBuf, String>,
) -> Result<Vec<String>, String> {
    let parse =
        |files: &BTreeMap<PathBuf, String>| -> Result<BTreeMap<PathBuf, diff::Tables>, String> {
            let parsed = parse_account(account_sources(files)).map_err(|e| format!("{e}"))?;
            Ok(tables(&parsed))
        };
    let mut out = diff::diff(&parse(before)?, &parse(after)?);
    if out.is_empty() {
        // Nothing a reviewer would name, but the text differs (a comment, the layout).
        for (path, text) in after {
            if before.get(path) != Some(text) {
                out.push(format!("{}: differs from what pull writes", path.display()));
            }
        }
    }
    Ok(out)
}

/// The account's tables by file, as `diff` compares them.
fn tables(account: &AccountDef) -> BTreeMap<PathBuf, diff::Tables> {
    let rel = |p: &Path| p.strip_prefix(ACCOUNT_DIR).unwrap_or(p).to_path_buf();
    let mut out = BTreeMap::new();
    for o in &account.objects {
        let labels = o
            .labels
            .as_ref()
            .map(|l| format!("{} / {}", l.singular, l.plural))
            .unwrap_or_default();
        out.insert(
            rel(&o.source.path),
            diff::Tables {
                unique_properties: o.unique_properties.clone(),
                properties: o.properties.clone(),
                associations: o.associations.clone(),
                rest: vec![
                    (
                        "type_id",
                        o.type_id
                            .as_ref()
                            .map(|t| t.to_string())
                            .unwrap_or_default(),
                    ),
                    ("singular", o.singular.clone()),
                    ("plural", o.plural.clone()),
                    ("labels", labels),
                    (
                        "fully_qualified_name",
                        o.fully_qualified_name.clone().unwrap_or_default(),
                    ),
                    (
                        "primary_display_property",
                        o.primary_display_property.clone().unwrap_or_default(),
                    ),
                    ("description", o.description.clone()),
                ],
                pipelines: (!o.pipelines.is_empty()).then(|| o.pipelines.clone()),
            },
        );
    }
    for e in &account.extensions {
        out.insert(
            rel(&e.source.path),
            diff::Tables {
                unique_properties: e.unique_properties.clone(),
                properties: e.properties.clone(),
                associations: e.associations.clone(),
                rest: Vec::new(),
                pipelines: e.pipelines.clone(),
            },
        );
    }
    out
}

/// Writes `files` into `dir` all or nothing, and removes the files an earlier pull wrote that
/// the account no longer has. Files without pull's header are never touched.
fn write(
    dir: &Path,
    on_disk: &BTreeMap<PathBuf, String>,
    files: &BTreeMap<PathBuf, String>,
) -> Result<(), String> {
    let io = |path: &Path, e: std::io::Error| format!("error: {}: {e}", path.display());
    let mut staged = Vec::new();
    for (rel, text) in files {
        if on_disk.get(rel) == Some(text) {
            continue;
        }
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        let temp = target.with_extension("yaml.pulling");
        fs::write(&temp, text).map_err(|e| io(&temp, e))?;
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        fs::rename(&temp, &target).map_err(|e| io(&target, e))?;
    }
    for (rel, text) in on_disk {
        if !files.contains_key(rel) && text.starts_with(yaml::HEADER) {
            let path = dir.join(rel);
            fs::remove_file(&path).map_err(|e| io(&path, e))?;
        }
    }
    Ok(())
}
