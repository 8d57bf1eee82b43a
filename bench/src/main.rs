//! `hubspot-crm-bench`: runs the bulk scenarios and prints their Markdown section for
//! `BENCHMARKS.md`. `cargo xtask bench` runs it; run it alone with
//! `cargo run --release -p hubspot-crm-bench`.

use std::process::ExitCode;
use std::time::Duration;

use hubspot_crm_bench::faults::{self, FaultReport};
use hubspot_crm_bench::rate::{self, RateReport};

/// The measure: 20,000 upserts against a budget of 190 per 10 s scaled to 19 per
/// second.
const RECORDS: usize = 20_000;
const LIMIT: u32 = 19;
const WINDOW: Duration = Duration::from_secs(1);

/// The bulk upsert through faults, at HubSpot's default tier (190 per 10 s).
const FAULT_RECORDS: usize = 100_000;
const FAULT_SEED: u64 = 2026;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(markdown) => {
            print!("{markdown}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hubspot-crm-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<String, hubspot_crm_bench::BenchError> {
    let alone = rate::run(1, RECORDS, LIMIT, WINDOW).await?;
    let shared = rate::run(2, RECORDS, LIMIT, WINDOW).await?;
    let mut out = String::new();
    out.push_str("## Bulk upserts at the rate limit\n\n");
    out.push_str(&format!(
        "{RECORDS} contacts upserted by email (100 per request) against the emulator with a \
         budget of {LIMIT} requests per {} s (HubSpot's 190 per 10 s, scaled), the client \
         starting from the default tier and learning the budget from the emulator's headers. \
         \"Share of the budget\" is the fastest schedule the budget allows for the requests \
         made (a window's budget at once, then a window's wait) divided by the time taken. \
         With two clients, each has its own pacer, as two processes would.\n\n",
        WINDOW.as_secs()
    ));
    out.push_str("| clients | requests | 429s | time | requests/s | share of the budget |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for report in [&alone, &shared] {
        out.push_str(&row(report));
    }
    out.push('\n');
    let tier = hubspot_crm::endpoints::RateTier::DEFAULT;
    let window = Duration::from_millis(hubspot_crm::endpoints::RATE_WINDOW_MS);
    let report = faults::run(
        FAULT_RECORDS,
        faults::standard_faults(FAULT_SEED),
        tier.per_window(),
        window,
    )
    .await?;
    out.push_str(&fault_section(&report, tier.per_window(), window));
    if !report.is_exact() {
        return Err(hubspot_crm_bench::BenchError::Lost(format!(
            "the bulk upsert through faults was not exact: {report:?}"
        )));
    }
    Ok(out)
}

fn fault_section(r: &FaultReport, limit: u32, window: Duration) -> String {
    format!(
        "## Bulk upserts through faults\n\n{} contacts upserted by email (100 per request) \
         against the emulator injecting faults (seed {FAULT_SEED}): 10% of requests answered \
         429, 5% a server error, 2% a connection dropped mid-answer; the budget {limit} \
         requests per {} s (HubSpot's default tier).\n\n\
         | requests | 429s | results | failures | contacts stored | distinct emails | time |\n\
         |---|---|---|---|---|---|---|\n\
         | {} | {} | {} | {} | {} | {} | {:.1} s |\n\n\
         CI runs the same scenario with 5,000 contacts (`bench/tests/scenarios.rs`).\n",
        r.records,
        window.as_secs(),
        r.requests,
        r.rate_limited,
        r.succeeded,
        r.failed,
        r.stored,
        r.distinct,
        r.elapsed.as_secs_f64()
    )
}

fn row(r: &RateReport) -> String {
    format!(
        "| {} | {} | {} | {:.1} s | {:.1} | {:.1}% |\n",
        r.clients,
        r.requests,
        r.rate_limited,
        r.elapsed.as_secs_f64(),
        r.requests_per_second(),
        100.0 * r.budget_share()
    )
}
