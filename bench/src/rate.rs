//! Bulk upserts at the account's rate limit: the share of the budget used and the 429s met,
//! for one client alone on the account and for two clients sharing it.

use std::time::{Duration, Instant};

use hubspot_crm::contacts;
use hubspot_crm_emulator::{Config, Emulator};

use crate::{client, BenchError};

/// What one run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct RateReport {
    /// Clients sharing the account.
    pub clients: usize,
    /// Records upserted, by all clients.
    pub records: usize,
    /// Requests the emulator answered (429s included).
    pub requests: u64,
    /// Requests answered 429.
    pub rate_limited: u64,
    /// The account's budget: requests per window.
    pub limit: u32,
    /// The budget's window.
    pub window: Duration,
    /// From the first request to the last answer.
    pub elapsed: Duration,
}

impl RateReport {
    /// Requests that succeeded.
    pub fn succeeded(&self) -> u64 {
        self.requests - self.rate_limited
    }

    /// The fastest schedule the budget allows for the successful requests (all of a
    /// window's budget at once, then a window's wait before the next), divided by the time
    /// taken: 1.0 is the whole budget, with no time lost to 429s or waiting too long.
    pub fn budget_share(&self) -> f64 {
        let limit = u64::from(self.limit.max(1));
        let windows = self.succeeded().saturating_sub(1) / limit;
        let fastest = self.window.as_secs_f64() * windows as f64;
        if self.elapsed.is_zero() {
            return 0.0;
        }
        fastest / self.elapsed.as_secs_f64()
    }

    /// Successful requests per second.
    pub fn requests_per_second(&self) -> f64 {
        self.succeeded() as f64 / self.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
    }
}

/// `clients` clients, each on its own pacer (as separate processes would be), upsert
/// `records` contacts between them (by email, 100 per request) against an emulator whose
/// budget is `limit` requests per `window`. The clients start from HubSpot's default tier
/// and learn the account's budget from the emulator's headers. Fails if a record is lost
/// or doubled.
pub async fn run(
    clients: usize,
    records: usize,
    limit: u32,
    window: Duration,
) -> Result<RateReport, BenchError> {
    let emulator = Emulator::start(Config {
        rate_limit: limit,
        rate_window: window,
        ..Config::default()
    })
    .await?;
    let clients = clients.max(1);
    let each = records / clients;
    let mut handles = Vec::new();
    let started = Instant::now();
    for c in 0..clients {
        let client = client(&emulator)?;
        let inputs = crate::contacts(&format!("c{c}-"), each);
        handles.push(tokio::spawn(async move {
            client
                .contacts()
                .batch_upsert(contacts::unique::EMAIL, inputs)
                .await
        }));
    }
    for handle in handles {
        let out = handle
            .await
            .map_err(|e| BenchError::Lost(format!("a client task failed: {e}")))?;
        if !out.is_complete() || out.results.len() != each {
            return Err(BenchError::Lost(format!(
                "{} of {each} upserted; failures: {:?}",
                out.results.len(),
                out.failures
            )));
        }
    }
    let elapsed = started.elapsed();
    let stored = emulator.snapshot().types["contacts"].records.len();
    if stored != each * clients {
        return Err(BenchError::Lost(format!(
            "{stored} contacts stored for {} upserted",
            each * clients
        )));
    }
    let stats = emulator.stats();
    Ok(RateReport {
        clients,
        records: each * clients,
        requests: stats.requests,
        rate_limited: stats.rate_limited,
        limit,
        window,
        elapsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_share_compares_with_the_fastest_schedule() {
        let report = RateReport {
            clients: 1,
            records: 20_000,
            requests: 210,
            rate_limited: 10,
            limit: 19,
            window: Duration::from_secs(1),
            elapsed: Duration::from_millis(10_600),
        };
        // 200 succeeded: 19 at once, then 10 windows for the other 181.
        assert_eq!(report.succeeded(), 200);
        assert!((report.budget_share() - 10.0 / 10.6).abs() < 1e-9);
        assert!((report.requests_per_second() - 200.0 / 10.6).abs() < 1e-9);
    }
}
