//! The one place that touches the output directory, like rust-analyzer's
//! `ensure_file_contents`: write mode updates files whose contents differ and deletes
//! generated files no longer produced; check mode only reports what write mode would change.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::{OutputFile, HEADER};

/// What [`sync`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring the directory up to date.
    Write,
    /// Change nothing; report what is stale.
    Check,
}

/// What [`sync`] changed (write mode) or would change (check mode).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Files written, or that differ.
    pub updated: Vec<PathBuf>,
    /// Generated files deleted, or that should be.
    pub removed: Vec<PathBuf>,
}

impl SyncReport {
    /// Whether nothing was (or would be) changed.
    pub fn is_clean(&self) -> bool {
        self.updated.is_empty() && self.removed.is_empty()
    }
}

/// An I/O failure, naming the path.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct SyncError {
    /// The path being read or written.
    pub path: PathBuf,
    /// The failure.
    #[source]
    pub source: io::Error,
}

fn at(path: &Path) -> impl FnOnce(io::Error) -> SyncError + '_ {
    move |source| SyncError {
        path: path.to_path_buf(),
        source,
    }
}

/// Makes `root` hold exactly `files` (write mode) or reports how it differs (check mode).
///
/// Generated files are recognised by [`HEADER`]; a file under `src/` without it is never
/// deleted. Writes go to a temporary file beside the target and are renamed into place only
/// after every temporary file was written, so an I/O failure leaves old files intact.
pub fn sync(root: &Path, files: &[OutputFile], mode: Mode) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let mut staged = Vec::new();
    for file in files {
        let path = root.join(&file.path);
        let current = match fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(at(&path)(e)),
        };
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        report.updated.push(file.path.clone());
        if mode == Mode::Write {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(at(dir))?;
            }
            let tmp = path.with_extension("generated.tmp");
            if let Err(e) = fs::write(&tmp, &file.contents) {
                for (t, _) in &staged {
                    let _ = fs::remove_file(t);
                }
                let _ = fs::remove_file(&tmp);
                return Err(at(&tmp)(e));
            }
            staged.push((tmp, path));
        }
    }
    for (tmp, path) in staged {
        fs::rename(&tmp, &path).map_err(at(&path))?;
    }
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| root.join(&f.path)).collect();
    for path in generated_files(&root.join("src"))? {
        if !wanted.contains(&path) {
            report
                .removed
                .push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            if mode == Mode::Write {
                fs::remove_file(&path).map_err(at(&path))?;
            }
        }
    }
    Ok(report)
}

/// Every `.rs` file under `dir` that starts with the generated header.
fn generated_files(dir: &Path) -> Result<Vec<PathBuf>, SyncError> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(at(dir)(e)),
    };
    for entry in entries {
        let path = entry.map_err(at(dir))?.path();
        if path.is_dir() {
            out.extend(generated_files(&path)?);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = fs::read_to_string(&path).map_err(at(&path))?;
            if text.starts_with(&format!("// {HEADER}")) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
