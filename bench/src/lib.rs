//! Bulk work against the emulator, measured: how much of the account's rate budget a bulk
//! upsert uses and how many 429s it meets ([`rate`]), alone and beside another process, and
//! whether a bulk upsert through faults stores every record exactly once ([`faults`]).
//!
//! The scenarios are library functions so that tests run them small (`cargo test`) and
//! `cargo xtask bench` runs them full size through the `hubspot-crm-bench` binary, which
//! prints the Markdown section `BENCHMARKS.md` takes.

pub mod faults;
pub mod rate;

use hubspot_crm::contacts::ContactProperties;
use hubspot_crm::Client;
use hubspot_crm_emulator::{Emulator, EmulatorError};

/// Why a scenario could not run to the end.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The emulator did not start.
    #[error("the emulator did not start: {0}")]
    Emulator(#[from] EmulatorError),
    /// The client could not be built.
    #[error("the client could not be built: {0}")]
    Client(#[from] hubspot_crm::Error),
    /// The bulk work lost or doubled records, or left inputs unreported.
    #[error("{0}")]
    Lost(String),
}

/// `n` contacts to upsert by email, the `i`th with the email `{tag}{i}@bench.example`.
pub fn contacts(tag: &str, n: usize) -> Vec<(String, ContactProperties)> {
    (0..n)
        .map(|i| {
            (
                format!("{tag}{i}@bench.example"),
                ContactProperties {
                    firstname: format!("{tag} {i}").into(),
                    ..Default::default()
                },
            )
        })
        .collect()
}

/// A client of `emulator` with the default settings (HubSpot's default tier, learned
/// from the emulator's headers on the first answer).
pub fn client(emulator: &Emulator) -> Result<Client, BenchError> {
    Ok(Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .build()?)
}
