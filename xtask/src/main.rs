//! `cargo xtask gen`: regenerate `generated/` from `schema/`.
//! `cargo xtask check`: fail when the checked-in `generated/` is stale.
//!
//! Both run from any directory: paths are taken relative to the workspace root, which is also
//! how errors name files (`schema/objects/contacts.yaml:12: ...`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hubspot_crm_codegen::{generate, sync, Mode};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  gen     regenerate generated/ from the tables in schema/
  check   fail if generated/ is not what `gen` would write";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("gen") => Mode::Write,
        Some("check") => Mode::Check,
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!(
                "{}{USAGE}",
                other
                    .map(|o| format!("unknown command `{o}`\n\n"))
                    .unwrap_or_default()
            );
            return ExitCode::from(2);
        }
    };
    match run(mode) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the root.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn run(mode: Mode) -> Result<(), String> {
    let root = workspace_root();
    std::env::set_current_dir(&root).map_err(|e| format!("{}: {e}", root.display()))?;
    let schema = hubspot_crm_schema::load_dir(Path::new("schema"))
        .map_err(|e| format!("{e}generated/ was left unchanged."))?;
    let files =
        generate(&schema).map_err(|e| format!("error: {e}\ngenerated/ was left unchanged."))?;
    let report = sync(Path::new("generated"), &files, mode).map_err(|e| format!("error: {e}"))?;
    match mode {
        Mode::Write => {
            for p in &report.updated {
                println!("wrote   generated/{}", p.display());
            }
            for p in &report.removed {
                println!("removed generated/{}", p.display());
            }
            println!(
                "generated/ is up to date ({} files from {} objects, {} endpoint families)",
                files.len(),
                schema.objects.len(),
                schema.endpoints.endpoints.len()
            );
            Ok(())
        }
        Mode::Check if report.is_clean() => {
            println!("generated/ is up to date ({} files)", files.len());
            Ok(())
        }
        Mode::Check => {
            let mut msg =
                String::from("generated/ is stale; run `cargo xtask gen` and commit the result:\n");
            for p in &report.updated {
                msg.push_str(&format!("  differs: generated/{}\n", p.display()));
            }
            for p in &report.removed {
                msg.push_str(&format!(
                    "  no longer generated: generated/{}\n",
                    p.display()
                ));
            }
            Err(msg)
        }
    }
}
