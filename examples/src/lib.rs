//! Runnable examples of the `hubspot-crm` client: `cargo run -p hubspot-crm-examples --example
//! quickstart`. Without `HUBSPOT_ACCESS_TOKEN` they run against an in-process emulator.
