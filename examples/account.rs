//! An account's own types through the workspace's `hubspot-crm`, after
//!
//! ```sh
//! HUBSPOT_ACCESS_TOKEN=... cargo xtask pull   # HUBSPOT_BASE_URL=... for the emulator
//! cargo xtask gen
//! cargo run -p hubspot-crm-examples --example account --features account
//! ```
//!
//! with an account holding the custom object `vehicles` and the contacts' `loyalty_tier`
//! (`.ci/account-flow` serves one from an emulator seeded with `examples/downstream/account/`).
//! It runs the same flow as the downstream example, whose client is generated in `build.rs`.

/// The typed client, under the name the shared flow uses.
mod hubspot {
    pub use hubspot_crm::*;
}

#[path = "downstream/src/flow.rs"]
mod flow;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = hubspot_crm::Client::from_env()?;
    let outcome = flow::run(&client).await?;
    println!(
        "vehicle {} ({:?}) is linked to contact {} ({} vehicle(s)); loyalty tier {:?}; renewal deal at {:?}",
        outcome.vehicle,
        outcome.vehicle_stage,
        outcome.contact,
        outcome.linked,
        outcome.tier,
        outcome.stage
    );
    if outcome.linked != 1
        || outcome.tier.is_none()
        || outcome.stage.is_none()
        || outcome.vehicle_stage.is_none()
    {
        return Err("the account's types did not come back as written".into());
    }
    Ok(())
}
