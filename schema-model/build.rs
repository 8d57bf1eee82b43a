//! With the `standard-tables` feature, compiles the standard tables (`../schema/`: objects,
//! `shared.yaml`, `endpoints.yaml`) into the crate, so the emulator and a downstream crate's
//! `build.rs` have them wherever they run: writes `$OUT_DIR/standard_tables.rs`, an
//! `include_str!` per table file. Without the feature it writes an empty list and does not
//! watch the tables, so editing one does not rebuild what only reads them from disk (xtask).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dest = Path::new(&out_dir).join("standard_tables.rs");
    let mut out = String::new();
    let enabled = std::env::var_os("CARGO_FEATURE_STANDARD_TABLES").is_some();
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let schema = Path::new(&manifest).join("../schema");
    let mut objects = Vec::new();
    if enabled {
        println!("cargo::rerun-if-changed={}", schema.display());
        let dir = schema.join("objects");
        println!("cargo::rerun-if-changed={}", dir.display());
        objects = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        objects.sort();
    } else {
        println!("cargo::rerun-if-changed=build.rs");
    }
    out.push_str("/// The standard object tables: (path shown in errors, YAML text).\npub(crate) const OBJECT_TABLES: &[(&str, &str)] = &[\n");
    for f in &objects {
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
        let text = if enabled {
            println!("cargo::rerun-if-changed={}", file.display());
            format!("include_str!({:?})", file.display().to_string())
        } else {
            "\"\"".to_string()
        };
        let _ = writeln!(
            out,
            "/// `schema/{name}.yaml`.\npub(crate) const {constant}: (&str, &str) = (\"schema/{name}.yaml\", {text});"
        );
    }
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
