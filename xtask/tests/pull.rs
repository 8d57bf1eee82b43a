//! `cargo xtask pull` end to end, against an emulator seeded with an account's tables: pulling
//! writes exactly those tables, `--check` passes until the account changes and then names the
//! change, and `gen` merges the pulled tables into the typed crate.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use hubspot_crm_emulator::{Config, Emulator};
use serde_json::json;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The account tables the downstream example is generated from: what pull must write.
fn account_fixture() -> PathBuf {
    repo().join("examples/downstream/account")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "account" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A scratch root with the standard tables (no account) and the generated crates.
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

/// Runs xtask off the async runtime that serves the emulator.
async fn xtask(root: &Path, emulator: &Emulator, args: &[&str]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(args)
        .arg("--root")
        .arg(root)
        .env("HUBSPOT_ACCESS_TOKEN", emulator.token())
        .env("HUBSPOT_BASE_URL", emulator.base_url());
    tokio::task::spawn_blocking(move || command.output().expect("xtask runs"))
        .await
        .expect("joined")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for sub in ["objects", "extensions"] {
        let Ok(entries) = fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, fs::read_to_string(&path).unwrap());
        }
    }
    out
}

async fn seeded() -> Emulator {
    Emulator::start(Config {
        account: Some(account_fixture()),
        // Pull reads every pair's labels: let it run at full speed.
        rate_limit: 100_000,
        ..Config::default()
    })
    .await
    .expect("the emulator starts with the account's tables")
}

#[tokio::test(flavor = "multi_thread")]
async fn pull_writes_the_accounts_tables_and_check_names_what_drifted() {
    let emulator = seeded().await;
    let root = scratch();
    let account_dir = root.path().join("schema/account");

    let pulled = xtask(root.path(), &emulator, &["pull"]).await;
    assert!(pulled.status.success(), "{}", text(&pulled.stderr));
    assert!(
        text(&pulled.stdout).contains("1 custom objects, 2 standard objects extended"),
        "{}",
        text(&pulled.stdout)
    );
    // Seeding from the tables and pulling them back gives the same files, byte for byte.
    assert_eq!(files(&account_dir), files(&account_fixture()));

    let check = xtask(root.path(), &emulator, &["pull", "--check"]).await;
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("matches the account"));

    // The account changes: a property added to the custom object, an option removed.
    let client = reqwest::Client::new();
    let api = |path: &str| format!("{}{path}", emulator.base_url());
    let added = client
        .post(api("/crm/v3/properties/2-301"))
        .bearer_auth(emulator.token())
        .json(&json!({"name": "color", "label": "Color", "type": "string", "fieldType": "text", "groupName": "vehicles_information"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        added.status(),
        201,
        "{}",
        added.text().await.unwrap_or_default()
    );
    let changed = client
        .patch(api("/crm/v3/properties/contacts/loyalty_tier"))
        .bearer_auth(emulator.token())
        .json(&json!({"options": [
            {"label": "silver", "value": "silver", "displayOrder": 0, "hidden": false},
            {"label": "gold", "value": "gold", "displayOrder": 1, "hidden": false}
        ]}))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        changed.status(),
        200,
        "{}",
        changed.text().await.unwrap_or_default()
    );

    let stage = client
        .post(api("/crm/v3/pipelines/deals/1001/stages"))
        .bearer_auth(emulator.token())
        .json(&json!({"label": "Renewal quoted", "displayOrder": 3, "metadata": {"probability": "0.7", "isClosed": "false"}}))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        stage.status(),
        201,
        "{}",
        stage.text().await.unwrap_or_default()
    );

    let before = files(&account_dir);
    let check = xtask(root.path(), &emulator, &["pull", "--check"]).await;
    assert!(!check.status.success(), "the account drifted");
    let report = text(&check.stderr);
    assert!(
        report.contains("schema/account/objects/vehicles.yaml: property `color` added"),
        "{report}"
    );
    assert!(
        report.contains(
            "schema/account/extensions/contacts.yaml: property `loyalty_tier`: option `bronze` removed"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "schema/account/extensions/deals.yaml: pipeline `Renewals`: stage `Renewal quoted`"
        ),
        "{report}"
    );
    assert_eq!(files(&account_dir), before, "--check writes nothing");

    // Pull again, then generate: the typed crate gains the account's types.
    let pulled = xtask(root.path(), &emulator, &["pull"]).await;
    assert!(pulled.status.success(), "{}", text(&pulled.stderr));
    let gen = xtask(root.path(), &emulator, &["gen"]).await;
    assert!(gen.status.success(), "{}", text(&gen.stderr));
    let vehicles = fs::read_to_string(root.path().join("generated/src/vehicles.rs"))
        .expect("a module for the custom object");
    assert!(
        vehicles.contains("pub color: rt::Field<String>,"),
        "the new property"
    );
    assert!(vehicles.contains("impl rt::Associates<super::contacts::Contact> for Vehicle"));
    let contacts = fs::read_to_string(root.path().join("generated/src/contacts.rs")).unwrap();
    assert!(contacts.contains("pub loyalty_tier: rt::Field<LoyaltyTier>,"));
    assert!(!contacts.contains("Bronze"), "the removed option is gone");
    let deals = fs::read_to_string(root.path().join("generated/src/deals.rs")).unwrap();
    for variant in ["Renewals,", "RenewalDue,", "RenewalQuoted,"] {
        assert!(deals.contains(variant), "the account's pipeline: {variant}");
    }
    emulator.stop().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread")]
async fn pull_without_a_token_says_so_and_writes_nothing() {
    let emulator = seeded().await;
    let root = scratch();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(["pull", "--root"])
        .arg(root.path())
        .env_remove("HUBSPOT_ACCESS_TOKEN")
        .env("HUBSPOT_BASE_URL", emulator.base_url());
    let out = tokio::task::spawn_blocking(move || command.output().expect("runs"))
        .await
        .expect("joined");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("HUBSPOT_ACCESS_TOKEN is not set"));
    assert!(!root.path().join("schema/account").exists());

    // A wrong token: HubSpot's 401, named, and nothing written.
    let out = {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"));
        command
            .args(["pull", "--root"])
            .arg(root.path())
            .env("HUBSPOT_ACCESS_TOKEN", "wrong")
            .env("HUBSPOT_BASE_URL", emulator.base_url());
        tokio::task::spawn_blocking(move || command.output().expect("runs"))
            .await
            .expect("joined")
    };
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("401"), "{}", text(&out.stderr));
    assert!(!root.path().join("schema/account").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn hubspot_defined_properties_beyond_the_tables_are_pulled_only_when_asked() {
    let emulator = seeded().await;
    // A property HubSpot defines that the standard tables do not list.
    emulator.with_state(|state| {
        let contacts = state.types.get_mut("contacts").expect("contacts");
        let mut def = hubspot_crm_emulator::state::PropertyDef::new(
            "hs_analytics_num_visits",
            hubspot_crm_schema::PropertyKind::Number,
        );
        def.hubspot_defined = true;
        def.group_name = "contactinformation".into();
        contacts.properties.insert(def.name.clone(), def);
    });
    let root = scratch();
    let account = root.path().join("schema/account/extensions/contacts.yaml");

    let pulled = xtask(root.path(), &emulator, &["pull"]).await;
    assert!(pulled.status.success(), "{}", text(&pulled.stderr));
    let contacts = fs::read_to_string(&account).expect("the contacts extension");
    assert!(!contacts.contains("hs_analytics_num_visits"), "{contacts}");

    let pulled = xtask(root.path(), &emulator, &["pull", "--all-properties"]).await;
    assert!(pulled.status.success(), "{}", text(&pulled.stderr));
    let contacts = fs::read_to_string(&account).expect("the contacts extension");
    assert!(
        contacts.contains("  - name: hs_analytics_num_visits\n    type: number\n"),
        "{contacts}"
    );
}
