//! Everything that can be set when starting an emulator, from the command line or a test.

use std::path::PathBuf;
use std::time::Duration;

use hubspot_crm_endpoints::{RateTier, RATE_WINDOW_MS, SEARCH_PER_SECOND};

use crate::owners::{default_owners, Owner};

/// How an emulator behaves. `Config::default()` has the rate limits of the endpoint table's
/// default tier (`RateTier::DEFAULT`: Professional, 190 requests per 10 s, 650,000 a day) and
/// the token `test-token`.
#[derive(Debug, Clone)]
pub struct Config {
    /// The bearer token requests must carry.
    pub token: String,
    /// Requests allowed per rate-limit window (default: the default tier's, from the table).
    pub rate_limit: u32,
    /// The rate-limit window (default: the table's `window_ms`); shorten it so tests run
    /// fast.
    pub rate_window: Duration,
    /// Search requests allowed per second (default: the table's `search_per_second`).
    pub search_per_second: u32,
    /// Requests allowed per day, reported in the daily headers (default: the default tier's).
    /// Past it every request is answered 429 with the `DAILY` policy; the emulator's day
    /// never ends (a new emulator starts a new day).
    pub daily_limit: u64,
    /// Largest request body accepted, in bytes; larger ones get 413.
    pub body_limit: usize,
    /// Faults to inject.
    pub faults: Faults,
    /// A JSON snapshot to load at start and write on shutdown.
    pub state_file: Option<PathBuf>,
    /// The portal (account) ID, used in custom objects' fully qualified names.
    pub portal_id: u64,
    /// An account's tables (the directory `cargo xtask pull` writes: `objects/` for custom
    /// objects, `extensions/` for custom properties and labels of standard objects) to seed
    /// the account with, beside the standard tables.
    pub account: Option<PathBuf>,
    /// The account's owners, served by the owners API (ignored when `state_file` holds a
    /// snapshot, which keeps its own). Default: [`default_owners`].
    pub owners: Vec<Owner>,
    /// Whether batch create, update and upsert refuse an input alone when it carries an
    /// `objectWriteTraceId` (a 207 entry naming it; HubSpot's documented opt-in), or, when
    /// `false`, fail the whole batch for it (400 or 409, nothing written) as when no input
    /// carries one: how a client copes with a HubSpot that refuses a batch whole. Default:
    /// `true`.
    pub per_input_batch_errors: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            token: "test-token".into(),
            rate_limit: RateTier::DEFAULT.per_window(),
            rate_window: Duration::from_millis(RATE_WINDOW_MS),
            search_per_second: SEARCH_PER_SECOND,
            daily_limit: RateTier::DEFAULT.daily().unwrap_or(u64::MAX),
            body_limit: 10 * 1024 * 1024,
            faults: Faults::default(),
            state_file: None,
            portal_id: 123_456,
            account: None,
            owners: default_owners(),
            per_input_batch_errors: true,
        }
    }
}

/// Faults injected into responses, each with a probability in `[0, 1]`, drawn from a seeded
/// generator so a failing test can be replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct Faults {
    /// Seed of the generator.
    pub seed: u64,
    /// Answer 429 (as if the rate limit were hit).
    pub rate_limited: f64,
    /// Answer 500, 502, 503 or 504.
    pub server_error: f64,
    /// Drop the connection before the body is complete.
    pub drop_connection: f64,
    /// Delay the response by `slow_delay`.
    pub slow: f64,
    /// How long a slow response waits.
    pub slow_delay: Duration,
    /// Answer 200 with a body that is not valid JSON.
    pub malformed_json: f64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            seed: 0,
            rate_limited: 0.0,
            server_error: 0.0,
            drop_connection: 0.0,
            slow: 0.0,
            slow_delay: Duration::from_millis(500),
            malformed_json: 0.0,
        }
    }
}

impl Faults {
    /// Whether any fault can happen.
    pub fn any(&self) -> bool {
        self.rate_limited > 0.0
            || self.server_error > 0.0
            || self.drop_connection > 0.0
            || self.slow > 0.0
            || self.malformed_json > 0.0
    }
}
