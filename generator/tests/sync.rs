//! `sync` writes only what changed, deletes generated files no longer produced, leaves
//! hand-written files alone, and changes nothing in check mode.

use std::fs;
use std::path::PathBuf;

use hubspot_crm_codegen::{sync, Mode, OutputFile, HEADER};

fn file(path: &str, body: &str) -> OutputFile {
    OutputFile {
        path: PathBuf::from(path),
        contents: format!("// {HEADER}\n{body}\n"),
    }
}

#[test]
fn writes_then_is_clean_then_removes_stale_generated_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = vec![
        file("src/lib.rs", "pub mod a;"),
        file("src/a.rs", "pub struct A;"),
    ];

    let first = sync(root, &files, Mode::Write).unwrap();
    assert_eq!(first.updated.len(), 2);
    assert_eq!(
        fs::read_to_string(root.join("src/a.rs")).unwrap(),
        files[1].contents
    );

    let second = sync(root, &files, Mode::Write).unwrap();
    assert!(second.is_clean(), "{second:?}");

    // A hand-written file under src/ is never deleted; a generated one no longer produced is.
    fs::write(root.join("src/handwritten.rs"), "pub fn keep() {}\n").unwrap();
    let fewer = vec![file("src/lib.rs", "")];
    let check = sync(root, &fewer, Mode::Check).unwrap();
    assert_eq!(check.removed, vec![PathBuf::from("src/a.rs")]);
    assert_eq!(check.updated, vec![PathBuf::from("src/lib.rs")]);
    assert!(root.join("src/a.rs").exists(), "check mode changes nothing");
    assert_eq!(
        fs::read_to_string(root.join("src/lib.rs")).unwrap(),
        files[0].contents
    );

    let third = sync(root, &fewer, Mode::Write).unwrap();
    assert_eq!(third.removed, vec![PathBuf::from("src/a.rs")]);
    assert!(!root.join("src/a.rs").exists());
    assert!(root.join("src/handwritten.rs").exists());
    let leftovers: Vec<_> = fs::read_dir(root.join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn io_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where a file should go cannot be read as a file.
    fs::create_dir_all(dir.path().join("src/lib.rs")).unwrap();
    let err = sync(dir.path(), &[file("src/lib.rs", "")], Mode::Write).unwrap_err();
    assert!(err.to_string().contains("src/lib.rs"), "{err}");
}
