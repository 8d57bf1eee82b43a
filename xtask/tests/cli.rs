//! `cargo xtask gen` and `check` end to end, run against a scratch copy of the repository
//! (`--root`), so breaking a table here never touches the real checkout.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A scratch root holding the tables and generated crates.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in [
        "schema",
        "generated",
        "endpoints",
        "generator/tests/fixture",
    ] {
        copy_dir(&repo().join(sub), &dir.path().join(sub));
    }
    dir
}

fn xtask(root: &Path, command: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([command, "--root"])
        .arg(root)
        .output()
        .expect("xtask runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn check_passes_on_a_fresh_copy_and_gen_changes_nothing() {
    let root = scratch();
    let check = xtask(root.path(), "check");
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("generated/ is up to date"));
    let before = snapshot(&root.path().join("generated"));
    let gen = xtask(root.path(), "gen");
    assert!(gen.status.success(), "{}", text(&gen.stderr));
    assert!(
        !text(&gen.stdout).contains("wrote"),
        "{}",
        text(&gen.stdout)
    );
    assert_eq!(snapshot(&root.path().join("generated")), before);
}

#[test]
fn a_bad_table_is_named_with_its_line_and_nothing_is_written() {
    let root = scratch();
    let contacts = root.path().join("schema/objects/contacts.yaml");
    let original = fs::read_to_string(&contacts).unwrap();
    let broken = original.replacen("associations:\n", "associations:\n  - to: nowhere\n", 1);
    assert_ne!(broken, original, "contacts.yaml has an associations list");
    fs::write(&contacts, &broken).unwrap();
    let line = broken.lines().position(|l| l == "  - to: nowhere").unwrap() + 1;
    let before = snapshot(&root.path().join("generated"));

    let gen = xtask(root.path(), "gen");
    assert!(!gen.status.success());
    let stderr = text(&gen.stderr);
    assert!(
        stderr.contains(&format!(
            "schema/objects/contacts.yaml:{line}: associations[0].to: association to unknown object `nowhere`"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was written."), "{stderr}");
    assert_eq!(
        snapshot(&root.path().join("generated")),
        before,
        "generated/ must be untouched"
    );
}

#[test]
fn removing_an_object_deletes_its_stale_file() {
    let root = scratch();
    let fixture = root.path().join("generator/tests/fixture");
    fs::remove_file(fixture.join("schema/objects/3d_models.yaml")).unwrap();
    let widgets = fixture.join("schema/objects/widgets.yaml");
    let text_before = fs::read_to_string(&widgets).unwrap();
    fs::write(&widgets, text_before.replace("  - to: 3d_models\n", "")).unwrap();

    let gen = xtask(root.path(), "gen");
    assert!(gen.status.success(), "{}", text(&gen.stderr));
    assert!(
        text(&gen.stdout).contains("removed generator/tests/fixture/generated/src/_3d_models.rs")
    );
    assert!(!fixture.join("generated/src/_3d_models.rs").exists());
    let lib = fs::read_to_string(fixture.join("generated/src/lib.rs")).unwrap();
    assert!(
        !lib.contains("_3d_models"),
        "lib.rs no longer declares the module"
    );
    let check = xtask(root.path(), "check");
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn check_fails_on_a_hand_edited_file_and_gen_repairs_it() {
    let root = scratch();
    let deals = root.path().join("generated/src/deals.rs");
    let original = fs::read_to_string(&deals).unwrap();
    fs::write(&deals, format!("{original}// a hand edit\n")).unwrap();

    let check = xtask(root.path(), "check");
    assert!(!check.status.success());
    assert!(
        text(&check.stderr).contains("differs: generated/src/deals.rs"),
        "{}",
        text(&check.stderr)
    );
    assert!(
        fs::read_to_string(&deals)
            .unwrap()
            .ends_with("// a hand edit\n"),
        "check writes nothing"
    );

    let gen = xtask(root.path(), "gen");
    assert!(gen.status.success());
    assert_eq!(fs::read_to_string(&deals).unwrap(), original);
}

#[test]
fn usage_errors_exit_with_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown command `frobnicate`"));
}
