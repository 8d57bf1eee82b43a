//! Runnable examples of the `hubspot-crm` client: `cargo run -p hubspot-crm-examples --example
//! quickstart` (create, read, associate, update, archive) and `--example bulk_progress` (a
//! bulk upsert of thousands of contacts driving a progress bar). Without
//! `HUBSPOT_ACCESS_TOKEN` they run against an in-process emulator.
