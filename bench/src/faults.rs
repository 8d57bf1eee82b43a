//! A bulk upsert through faults: the emulator answers some requests 429, some with a server
//! error, and drops some connections mid-answer; the client must leave every record stored
//! exactly once and report every input.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use hubspot_crm::contacts;
use hubspot_crm::{RateLimit, RetryPolicy};
use hubspot_crm_emulator::{Config, Emulator, Faults};

use crate::BenchError;

/// The faults of the measure: 10% 429s, 5% server errors, 2% dropped connections.
pub fn standard_faults(seed: u64) -> Faults {
    Faults {
        seed,
        rate_limited: 0.10,
        server_error: 0.05,
        drop_connection: 0.02,
        ..Faults::default()
    }
}

/// What one run measured and found.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultReport {
    /// Inputs upserted.
    pub records: usize,
    /// Requests the emulator answered, faults included.
    pub requests: u64,
    /// Of them, answered 429 (injected, or a spent budget).
    pub rate_limited: u64,
    /// Inputs reported as results.
    pub succeeded: usize,
    /// Inputs reported as failures.
    pub failed: usize,
    /// Inputs whose index is in the outcome exactly once (as a result or in a failure).
    pub reported_once: usize,
    /// Contacts the emulator stores afterwards.
    pub stored: usize,
    /// Distinct emails among them.
    pub distinct: usize,
    /// From the first request to the last answer.
    pub elapsed: Duration,
}

impl FaultReport {
    /// Whether every input is reported once and every record stored exactly once.
    pub fn is_exact(&self) -> bool {
        self.succeeded == self.records
            && self.failed == 0
            && self.reported_once == self.records
            && self.stored == self.records
            && self.distinct == self.records
    }
}

/// Upserts `records` contacts by email (100 per request) against an emulator with `faults`
/// and a budget of `limit` requests per `window`, with a client told that budget and a
/// retry policy patient enough for the faults' odds. Errors only when the run could not be
/// made; what it found is in the report.
pub async fn run(
    records: usize,
    faults: Faults,
    limit: u32,
    window: Duration,
) -> Result<FaultReport, BenchError> {
    let emulator = Emulator::start(Config {
        rate_limit: limit,
        rate_window: window,
        faults,
        ..Config::default()
    })
    .await?;
    let client = hubspot_crm::Client::builder()
        .token(emulator.token())
        .base_url(emulator.base_url())
        .rate_limit(RateLimit::custom(limit, window))
        .retry(RetryPolicy {
            // A chunk fails an attempt with odds of about 1 in 6; 12 attempts make losing
            // one of a thousand chunks about a billion to one.
            max_attempts: 12,
            deadline: Some(Duration::from_secs(300)),
            ..RetryPolicy::default()
        })
        .build()?;
    let inputs = crate::contacts("f", records);
    let started = Instant::now();
    let out = client
        .contacts()
        .batch_upsert(contacts::unique::EMAIL, inputs)
        .await;
    let elapsed = started.elapsed();
    // The faults stop so that the snapshot is read whole.
    emulator.set_faults(Faults::default());
    let stats = emulator.stats();
    let snapshot = emulator.snapshot();
    let live: Vec<&String> = snapshot.types["contacts"]
        .records
        .values()
        .filter(|r| !r.archived)
        .filter_map(|r| r.properties.get("email"))
        .collect();
    let distinct: HashSet<&String> = live.iter().copied().collect();
    let mut seen = vec![0u32; records];
    let indices = out
        .results
        .iter()
        .map(|(i, _)| *i)
        .chain(out.failed_inputs());
    for i in indices {
        if let Some(n) = seen.get_mut(i) {
            *n += 1;
        }
    }
    // A result must also be the record of its own input.
    let matched = out.results.iter().all(|(i, upserted)| {
        upserted.record.properties.email.get().map(String::as_str)
            == Some(format!("f{i}@bench.example").as_str())
    });
    let reported_once = if matched {
        seen.iter().filter(|n| **n == 1).count()
    } else {
        0
    };
    Ok(FaultReport {
        records,
        requests: stats.requests,
        rate_limited: stats.rate_limited,
        succeeded: out.results.len(),
        failed: out.failed_inputs().len(),
        reported_once,
        stored: live.len(),
        distinct: distinct.len(),
        elapsed,
    })
}
