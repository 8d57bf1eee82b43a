//! `cargo xtask bench`: measures what takes time at an account's scale, and writes the figures,
//! the machine and how to reproduce them into `BENCHMARKS.md`.
//!
//! The account measure: a synthetic account of `OBJECTS` custom objects with `PROPERTIES`
//! properties in all (every property type, enumerations with options, each object associated
//! with contacts) is served by an emulator seeded with its tables; the bench pulls it into a
//! scratch copy of this workspace, generates, and builds the typed crate there, timing each.
//!
//! The bulk measures (the share of the rate budget bulk upserts use, their 429s, bulk
//! upserts through faults) are the `hubspot-crm-bench` binary's: this runs it and takes the
//! Markdown it prints.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Custom objects of the synthetic account.
const OBJECTS: usize = 40;
/// Properties of its custom objects, in all.
const PROPERTIES: usize = 10_000;

/// Runs the benches from the workspace at `root` and rewrites `root/BENCHMARKS.md`.
pub(crate) fn run(root: &Path) -> Result<String, String> {
    let scratch = tempdir()?;
    let result = account(root, &scratch);
    let _ = fs::remove_dir_all(&scratch);
    let figures = result?;
    let bulk = bulk(root)?;
    let path = root.join("BENCHMARKS.md");
    let text = format!("{}\n{bulk}", report(&figures));
    fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(format!(
        "wrote {}\n{}\n{bulk}",
        path.display(),
        figures.table()
    ))
}

/// Runs the bulk scenarios (`hubspot-crm-bench`, built with the dev profile the tests
/// already built: their figures are bound by the rate budget and the faults, not by the
/// client's CPU) and returns the Markdown they print.
fn bulk(root: &Path) -> Result<String, String> {
    let output = Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "hubspot-crm-bench"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo run -p hubspot-crm-bench: {e}"))?;
    if !output.status.success() {
        return Err("cargo run -p hubspot-crm-bench failed".into());
    }
    String::from_utf8(output.stdout)
        .map_err(|e| format!("hubspot-crm-bench printed non-UTF-8: {e}"))
}

/// What the account bench measured.
struct Figures {
    pull: Duration,
    gen: Duration,
    build: Duration,
    lines: usize,
    bytes: usize,
}

impl Figures {
    fn table(&self) -> String {
        format!(
            "| step | time |\n|---|---|\n| `cargo xtask pull` | {:.1} s |\n| `cargo xtask gen` | {:.1} s |\n| `cargo build -p hubspot-crm` (debug) | {:.1} s |\n\nGenerated: {} lines, {:.1} MB of Rust.\n",
            self.pull.as_secs_f64(),
            self.gen.as_secs_f64(),
            self.build.as_secs_f64(),
            self.lines,
            self.bytes as f64 / 1_000_000.0
        )
    }
}

fn report(f: &Figures) -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "# Benchmarks\n\nWritten by `cargo xtask bench`; run it again to reproduce (a few minutes). The machine: \
         {cpus} cores, {} {}.\n\n## An account at scale\n\nA synthetic account of {OBJECTS} custom objects \
         with {PROPERTIES} properties in all (every property type; enumerations with options; each object \
         associated with contacts), served by an emulator seeded with its tables, pulled into a scratch \
         copy of the workspace, generated, and the typed crate built there (dependencies already built; \
         the crate itself from scratch):\n\n{}",
        std::env::consts::OS,
        std::env::consts::ARCH,
        f.table()
    )
}

fn account(root: &Path, scratch: &Path) -> Result<Figures, String> {
    let tables = scratch.join("account");
    synthesize(&tables)?;
    let workspace = scratch.join("workspace");
    copy_checkout(root, &workspace)?;
    let target = root.join("target");
    cargo(
        root,
        &target,
        &["build", "-q", "-p", "hubspot-crm-emulator"],
    )?;
    let mut emulator = Emulator::start(&target, &tables)?;
    let env = [
        ("HUBSPOT_ACCESS_TOKEN", "bench-token".to_string()),
        ("HUBSPOT_BASE_URL", emulator.url.clone()),
    ];
    let timed = |args: &[&str]| -> Result<Duration, String> {
        let start = Instant::now();
        let mut command = Command::new(env!("CARGO"));
        command
            .args(args)
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", &target)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())));
        let out = command.output().map_err(|e| format!("cargo: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cargo {} failed:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(start.elapsed())
    };
    // The xtask binary is built once, outside the measure.
    timed(&["build", "-q", "-p", "xtask"])?;
    let pull = timed(&["xtask", "pull"])?;
    let gen = timed(&["xtask", "gen"])?;
    emulator.stop();
    let (lines, bytes) = measure(&workspace.join("generated/src"))?;
    timed(&["build", "-q", "-p", "hubspot-crm-runtime"])?;
    let build = timed(&["build", "-q", "-p", "hubspot-crm"])?;
    Ok(Figures {
        pull,
        gen,
        build,
        lines,
        bytes,
    })
}

/// Writes the synthetic account's tables into `dir`.
fn synthesize(dir: &Path) -> Result<(), String> {
    let kinds = [
        "string",
        "number",
        "bool",
        "date",
        "datetime",
        "enumeration",
        "phone_number",
    ];
    let per_object = PROPERTIES / OBJECTS;
    fs::create_dir_all(dir.join("objects")).map_err(|e| e.to_string())?;
    fs::create_dir_all(dir.join("extensions")).map_err(|e| e.to_string())?;
    let mut contacts = String::from("object: contacts\nassociations:\n");
    for i in 0..OBJECTS {
        let name = format!("thing{i:02}s");
        let mut text = format!(
            "type_id: \"2-{}\"\nname: {name}\nsingular: thing{i:02}\nplural: {name}\nlabels: {{singular: Thing {i}, plural: Things {i}}}\ndescription: Synthetic object {i}.\nproperties:\n",
            1000 + i
        );
        for j in 0..per_object {
            let kind = kinds[j % kinds.len()];
            let _ = writeln!(text, "  - name: p{j:03}_{kind}\n    type: {kind}");
            if kind == "enumeration" {
                text.push_str("    options: [alpha, beta, gamma, delta]\n");
            }
        }
        let _ = writeln!(
            text,
            "associations:\n  - to: contacts\n    type_id: {}",
            5000 + 2 * i
        );
        let _ = writeln!(contacts, "  - to: {name}\n    type_id: {}", 5001 + 2 * i);
        let path = dir.join(format!("objects/{name}.yaml"));
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let path = dir.join("extensions/contacts.yaml");
    fs::write(&path, contacts).map_err(|e| format!("{}: {e}", path.display()))
}

/// An emulator process seeded with an account's tables.
struct Emulator {
    child: Child,
    url: String,
}

impl Emulator {
    fn start(target: &Path, tables: &Path) -> Result<Self, String> {
        let binary = target.join("debug/hubspot-crm-emulator");
        let mut child = Command::new(&binary)
            .args([
                "--port",
                "0",
                "--token",
                "bench-token",
                "--rate-limit",
                "1000000",
            ])
            .arg("--account")
            .arg(tables)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("{}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("the emulator has no stdout")?;
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .map_err(|e| format!("the emulator's first line: {e}"))?;
        let url = first.trim().to_string();
        if !url.starts_with("http://") {
            let _ = child.kill();
            return Err(format!("the emulator did not start: {url}"));
        }
        Ok(Emulator { child, url })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Copies the checkout's tracked files (not `target/`) into `to`.
fn copy_checkout(root: &Path, to: &Path) -> Result<(), String> {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("git ls-files: {e}"))?;
    for rel in out.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let rel = PathBuf::from(String::from_utf8_lossy(rel).into_owned());
        let (from, dest) = (root.join(&rel), to.join(&rel));
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::copy(&from, &dest).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    Ok(())
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed", args.join(" ")))
    }
}

/// Lines and bytes of the `.rs` files in `dir`.
fn measure(dir: &Path) -> Result<(usize, usize), String> {
    let mut lines = 0;
    let mut bytes = 0;
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|x| x == "rs") {
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            lines += text.lines().count();
            bytes += text.len();
        }
    }
    Ok((lines, bytes))
}

fn tempdir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("hubspot-crm-bench-{}", std::process::id()));
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}
