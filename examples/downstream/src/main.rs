//! Runs the account flow against the account of `HUBSPOT_ACCESS_TOKEN` (it creates records:
//! use a test account), or, without a token, against an in-process emulator seeded with the
//! same account tables the client was generated from.

use hubspot_crm_downstream_example::flow;
use hubspot_crm_downstream_example::hubspot::Client;
use hubspot_crm_emulator::{Config, Emulator};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, emulator) = match Client::from_env() {
        Ok(client) => (client, None),
        Err(_) => {
            let account = concat!(env!("CARGO_MANIFEST_DIR"), "/account");
            let emulator = Emulator::start(Config {
                account: Some(account.into()),
                ..Config::default()
            })
            .await?;
            let client = Client::builder()
                .token(emulator.token())
                .base_url(emulator.base_url())
                .build()?;
            println!("no HUBSPOT_ACCESS_TOKEN: using an emulator seeded from account/");
            (client, Some(emulator))
        }
    };
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
    if let Some(emulator) = emulator {
        emulator.stop().await?;
    }
    Ok(())
}
