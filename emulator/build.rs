//! Compiles the standard schema tables into the emulator, so the binary runs from any
//! directory: writes `$OUT_DIR/tables.rs` with an `include_str!` per table file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let schema = Path::new(&manifest).join("../schema");
    println!("cargo::rerun-if-changed={}", schema.display());
    let objects = schema.join("objects");
    println!("cargo::rerun-if-changed={}", objects.display());
    let mut files: Vec<_> = std::fs::read_dir(&objects)
        .unwrap_or_else(|e| panic!("{}: {e}", objects.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut out = String::from("/// The standard object tables: (path shown in errors, YAML text).\npub(crate) const OBJECT_TABLES: &[(&str, &str)] = &[\n");
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let _ = writeln!(
            out,
            "    (\"schema/objects/{name}\", include_str!({:?})),",
            f.display().to_string()
        );
    }
    out.push_str("];\n");
    for (name, constant) in [("endpoints", "ENDPOINTS_TABLE"), ("shared", "SHARED_TABLE")] {
        let file = schema.join(format!("{name}.yaml"));
        println!("cargo::rerun-if-changed={}", file.display());
        let _ = writeln!(
            out,
            "/// `schema/{name}.yaml`.\npub(crate) const {constant}: (&str, &str) = (\"schema/{name}.yaml\", include_str!({:?}));",
            file.display().to_string()
        );
    }
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("tables.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
