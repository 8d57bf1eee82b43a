//! Requests per second the emulator serves over loopback, for the three shapes the client's
//! benchmarks lean on: single-record GET, batch upsert of 100, and search over 100,000 records.
//!
//! Run: `cargo bench -p hubspot-crm-emulator --bench throughput` (release build). Results and
//! the machine they came from are in `emulator/BENCHMARKS.md`. The load generator (reqwest,
//! `CONCURRENCY` connections) runs in the same process and shares the machine's cores, so the
//! numbers are a floor for the emulator itself.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hubspot_crm_emulator::{Config, Emulator};
use serde_json::{json, Value};

const CONCURRENCY: usize = 32;

struct Bench {
    emulator: Emulator,
    http: reqwest::Client,
}

impl Bench {
    async fn post(&self, path: &str, body: &Value) -> u16 {
        self.http
            .post(format!("{}{path}", self.emulator.base_url()))
            .bearer_auth(self.emulator.token())
            .json(body)
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    }

    async fn get(&self, path: &str) -> u16 {
        self.http
            .get(format!("{}{path}", self.emulator.base_url()))
            .bearer_auth(self.emulator.token())
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    }
}

/// Runs `total` requests made by `make(i)` on `CONCURRENCY` workers; returns requests/s.
async fn run<F, Fut>(name: &str, total: usize, make: F) -> f64
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = u16> + Send,
{
    let make = Arc::new(make);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let make = make.clone();
        let next = next.clone();
        workers.push(tokio::spawn(async move {
            let mut failures = 0usize;
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= total {
                    break failures;
                }
                let status = make(i).await;
                if !(200..300).contains(&status) {
                    failures += 1;
                }
            }
        }));
    }
    let mut failures = 0;
    for w in workers {
        failures += w.await.unwrap_or(1);
    }
    let secs = started.elapsed().as_secs_f64();
    let rate = total as f64 / secs;
    println!(
        "{name:<36} {total:>7} requests in {secs:>6.2} s = {rate:>9.0} req/s ({failures} failed)"
    );
    assert_eq!(failures, 0, "{name}: every request must succeed");
    rate
}

#[tokio::main]
async fn main() {
    let config = Config {
        // No rate limiting: the bench measures the emulator, not HubSpot's limits.
        rate_limit: u32::MAX,
        rate_window: Duration::from_millis(1),
        search_per_second: u32::MAX,
        ..Config::default()
    };
    let bench = Arc::new(Bench {
        emulator: Emulator::start(config).await.expect("emulator starts"),
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(CONCURRENCY)
            .build()
            .expect("client"),
    });

    // GET of one record.
    let ids = bench
        .emulator
        .seed(
            "contacts",
            [&[("email", "get@example.com"), ("firstname", "Ada")][..]],
        )
        .expect("seed");
    let path = format!("/crm/v3/objects/contacts/{}", ids[0]);
    let b = bench.clone();
    run("GET one contact", 20_000, move |_| {
        let b = b.clone();
        let path = path.clone();
        async move { b.get(&path).await }
    })
    .await;

    // Batch upsert of 100 contacts by email: half new, half updates on the second pass.
    let b = bench.clone();
    let rate = run("POST batch/upsert of 100", 400, move |i| {
        let b = b.clone();
        let inputs: Vec<Value> = (0..100)
            .map(|j| {
                let n = (i % 200) * 100 + j;
                json!({"id": format!("u{n}@example.com"), "idProperty": "email", "properties": {"firstname": format!("F{i}")}})
            })
            .collect();
        async move { b.post("/crm/v3/objects/contacts/batch/upsert", &json!({ "inputs": inputs })).await }
    })
    .await;
    println!("{:<36} {:>9.0} records/s", "  = upserted", rate * 100.0);

    // Search over 100,000 deals.
    let started = Instant::now();
    bench.emulator.with_state(|state| {
        let ts = state.type_state_mut("deals").expect("deals");
        for i in 0..100_000u64 {
            let changes = [
                ("dealname".to_string(), Some(format!("Deal {i}"))),
                (
                    "dealstage".to_string(),
                    Some(
                        ["appointmentscheduled", "closedwon", "closedlost"][(i % 3) as usize]
                            .to_string(),
                    ),
                ),
                ("amount".to_string(), Some((i % 10_000).to_string())),
            ]
            .into_iter()
            .collect();
            hubspot_crm_emulator::records::insert_record(ts, changes, 1_700_000_000_000, "API");
        }
    });
    println!(
        "{:<36} {:>7} records in {:>6.2} s",
        "seed deals",
        100_000,
        started.elapsed().as_secs_f64()
    );
    let b = bench.clone();
    run("POST search, 100k deals, filter+sort", 200, move |i| {
        let b = b.clone();
        let body = json!({
            "filterGroups": [{"filters": [
                {"propertyName": "dealstage", "operator": "EQ", "value": "closedwon"},
                {"propertyName": "amount", "operator": "GTE", "value": (i * 37 % 9000).to_string()}
            ]}],
            "sorts": [{"propertyName": "amount", "direction": "DESCENDING"}],
            "properties": ["dealname", "amount"],
            "limit": 100
        });
        async move { b.post("/crm/v3/objects/deals/search", &body).await }
    })
    .await;
}
