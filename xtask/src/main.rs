//! `cargo xtask gen`: regenerate the generated crates from their schema tables.
//! `cargo xtask check`: fail when a checked-in generated crate is stale.
//! `cargo xtask audit --specs DIR`: compare the tables with HubSpot's published API
//! descriptions (see `audit/`).
//!
//! Each schema directory generates two crates: the objects crate and the endpoints crate.
//! `schema/` gives `generated/` (package `hubspot-crm`) and `endpoints/`
//! (`hubspot-crm-endpoints`); the generator's golden fixture, the small table in
//! `generator/tests/fixture/schema/`, gives `generator/tests/fixture/generated/` and
//! `generator/tests/fixture/endpoints/`. Paths are relative to the workspace root (or
//! `--root DIR`), which is also how errors name files (`schema/objects/contacts.yaml:12: ...`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hubspot_crm_codegen::{generate, generate_endpoints, sync, Mode, Options, OutputFile};

mod audit;
mod bench;
mod pull;

const USAGE: &str =
    "usage: cargo xtask <command> [--root DIR] [--check] [--all-properties] [--specs DIR]

commands:
  gen     regenerate generated/ and endpoints/ (and the generator's fixture) from their tables,
          merging the account's tables in schema/account/ when there are some
  check   fail if a generated crate is not what `gen` would write
  pull    snapshot the account of HUBSPOT_ACCESS_TOKEN (at HUBSPOT_BASE_URL, default HubSpot's
          API) into schema/account/: its custom objects, custom properties and labels
  bench   measure pull, gen and build at an account's scale; writes BENCHMARKS.md
  audit   compare schema/ with HubSpot's published OpenAPI files (--specs DIR: HubSpot's spec
          collection, or any part of it): families HubSpot lacks, HubSpot operations no family
          has, capabilities that differ from what HubSpot describes per object, objects no table
          has; fails when anything differs

options:
  --root DIR          the workspace root (default: the one this xtask was built in)
  --check             pull: change nothing; fail, naming what changed, if the account drifted
  --all-properties    pull: also HubSpot-defined properties the standard tables do not list
  --specs DIR         audit: the directory of HubSpot's OpenAPI files (JSON, searched recursively)";

/// A schema directory and the two crates generated from it.
struct Target {
    schema: &'static str,
    /// The objects crate and its package name.
    objects: &'static str,
    package: &'static str,
    /// The endpoints crate.
    endpoints: &'static str,
}

const TARGETS: &[Target] = &[
    Target {
        schema: "schema",
        objects: "generated",
        package: "hubspot-crm",
        endpoints: "endpoints",
    },
    Target {
        schema: "generator/tests/fixture/schema",
        objects: "generator/tests/fixture/generated",
        package: "hubspot-crm-fixture",
        endpoints: "generator/tests/fixture/endpoints",
    },
];

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut command = None;
    let mut root = None;
    let mut check = false;
    let mut options = pull::PullOptions::default();
    let mut specs = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" | "help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--root" => match args.next() {
                Some(dir) => root = Some(PathBuf::from(dir)),
                None => return usage_error("--root needs a directory"),
            },
            "--check" => check = true,
            "--specs" => match args.next() {
                Some(dir) => specs = Some(PathBuf::from(dir)),
                None => return usage_error("--specs needs a directory"),
            },
            "--all-properties" => options.all_properties = true,
            _ if command.is_none() => command = Some(arg),
            _ => return usage_error(&format!("unexpected argument `{arg}`")),
        }
    }
    let root = root.unwrap_or_else(workspace_root);
    let pulling = command.as_deref() == Some("pull");
    if !pulling && (check || options.all_properties) {
        return usage_error("--check and --all-properties go with `pull`");
    }
    if specs.is_some() && command.as_deref() != Some("audit") {
        return usage_error("--specs goes with `audit`");
    }
    let outcome = match command.as_deref() {
        Some("gen") => run(&root, Mode::Write),
        Some("check") => run(&root, Mode::Check),
        Some("pull") => pull::run(&root, check, options).map(|message| println!("{message}")),
        Some("bench") => bench::run(&root).map(|message| println!("{message}")),
        Some("audit") => match &specs {
            Some(dir) => audit::run(&root, dir).map(|report| println!("{report}")),
            None => {
                return usage_error(
                    "`audit` needs --specs DIR: a directory of HubSpot's OpenAPI files",
                )
            }
        },
        Some(other) => return usage_error(&format!("unknown command `{other}`")),
        None => return usage_error("no command given"),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the root. `cargo xtask` (cargo run) says where the package
    // is as it runs; the path compiled in is only a fallback: workspaces sharing a target
    // directory (the account flow's and the bench's scratch copies) share the xtask binary.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().unwrap_or(&manifest).to_path_buf()
}

fn run(root: &Path, mode: Mode) -> Result<(), String> {
    std::env::set_current_dir(root).map_err(|e| format!("error: {}: {e}", root.display()))?;
    // Load and generate everything before writing anything: a bad table anywhere leaves every
    // output directory exactly as it was.
    let mut outputs: Vec<(&str, Vec<OutputFile>, String)> = Vec::new();
    for target in TARGETS {
        let schema = hubspot_crm_schema::load_dir(Path::new(target.schema))
            .map_err(|e| format!("{e}Nothing was written."))?;
        let options = Options {
            package: target.package.to_string(),
            ..Options::default()
        };
        let written = |e| format!("error: {e}\nNothing was written.");
        let objects = generate(&schema, &options).map_err(written)?;
        let endpoints = generate_endpoints(&schema).map_err(written)?;
        outputs.push((
            target.objects,
            objects,
            format!("{} objects", schema.objects.len()),
        ));
        outputs.push((
            target.endpoints,
            endpoints,
            format!("{} endpoint families", schema.endpoints.endpoints.len()),
        ));
    }
    let mut stale = String::new();
    for (output, files, what) in &outputs {
        let out = Path::new(output);
        let report = sync(out, files, mode).map_err(|e| format!("error: {e}"))?;
        for p in &report.updated {
            match mode {
                Mode::Write => println!("wrote   {}", out.join(p).display()),
                Mode::Check => stale.push_str(&format!("  differs: {}\n", out.join(p).display())),
            }
        }
        for p in &report.removed {
            match mode {
                Mode::Write => println!("removed {}", out.join(p).display()),
                Mode::Check => stale.push_str(&format!(
                    "  no longer generated: {}\n",
                    out.join(p).display()
                )),
            }
        }
        if report.is_clean() || mode == Mode::Write {
            println!(
                "{output}/ is up to date ({} files from {what})",
                files.len()
            );
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "generated code is stale; run `cargo xtask gen` and commit the result:\n{stale}"
        ))
    }
}
