//! `hubspot-crm-emulator`: serve a local HubSpot CRM API until stopped (Ctrl-C or SIGTERM).
//! The first line of standard output is the base URL, so scripts can use `--port 0`.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use hubspot_crm_emulator::{Config, Emulator, Faults};

/// A local emulator of the HubSpot CRM API for tests and development.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Port to listen on; 0 picks a free one (the URL is printed on the first line).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Bearer token requests must carry.
    #[arg(long, default_value = "test-token")]
    token: String,
    /// Requests allowed per rate-limit window [default: the endpoint table's default tier's,
    /// HubSpot Professional's 190].
    #[arg(long)]
    rate_limit: Option<u32>,
    /// Length of the rate-limit window in milliseconds [default: the table's, HubSpot's
    /// 10000].
    #[arg(long)]
    rate_window_ms: Option<u64>,
    /// Search requests allowed per second [default: the table's, HubSpot's 5].
    #[arg(long)]
    search_per_second: Option<u32>,
    /// Requests allowed per day; past it every request is answered 429 `DAILY` [default: the
    /// default tier's, HubSpot Professional's 650000].
    #[arg(long)]
    daily_limit: Option<u64>,
    /// Largest request body in bytes; larger bodies get 413.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    body_limit: usize,
    /// JSON snapshot to load at start (if it exists) and write on shutdown.
    #[arg(long)]
    state: Option<PathBuf>,
    /// An account's tables to seed the account with (custom objects, custom properties,
    /// labels): the directory `cargo xtask pull` writes (`schema/account`).
    #[arg(long)]
    account: Option<PathBuf>,
    /// Seed of fault injection, so a run can be replayed.
    #[arg(long, default_value_t = 0)]
    fault_seed: u64,
    /// Probability of answering 429.
    #[arg(long, default_value_t = 0.0)]
    fault_429: f64,
    /// Probability of answering 500, 502, 503 or 504.
    #[arg(long, default_value_t = 0.0)]
    fault_5xx: f64,
    /// Probability of dropping the connection mid-response.
    #[arg(long, default_value_t = 0.0)]
    fault_drop: f64,
    /// Probability of a slow response.
    #[arg(long, default_value_t = 0.0)]
    fault_slow: f64,
    /// Delay of a slow response in milliseconds.
    #[arg(long, default_value_t = 500)]
    fault_slow_ms: u64,
    /// Probability of a malformed JSON body.
    #[arg(long, default_value_t = 0.0)]
    fault_malformed: f64,
}

fn probability(name: &str, p: f64) -> Result<f64, String> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("--{name} must be between 0 and 1, not {p}"))
    }
}

fn config(args: &Args) -> Result<Config, String> {
    if args.rate_limit == Some(0) || args.search_per_second == Some(0) {
        return Err("--rate-limit and --search-per-second must be at least 1".into());
    }
    let defaults = Config::default();
    Ok(Config {
        token: args.token.clone(),
        rate_limit: args.rate_limit.unwrap_or(defaults.rate_limit),
        rate_window: args
            .rate_window_ms
            .map_or(defaults.rate_window, |ms| Duration::from_millis(ms.max(1))),
        search_per_second: args.search_per_second.unwrap_or(defaults.search_per_second),
        daily_limit: args.daily_limit.unwrap_or(defaults.daily_limit),
        body_limit: args.body_limit,
        state_file: args.state.clone(),
        account: args.account.clone(),
        faults: Faults {
            seed: args.fault_seed,
            rate_limited: probability("fault-429", args.fault_429)?,
            server_error: probability("fault-5xx", args.fault_5xx)?,
            drop_connection: probability("fault-drop", args.fault_drop)?,
            slow: probability("fault-slow", args.fault_slow)?,
            slow_delay: Duration::from_millis(args.fault_slow_ms),
            malformed_json: probability("fault-malformed", args.fault_malformed)?,
        },
        ..Config::default()
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = match config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let emulator = match Emulator::start_on(SocketAddr::new(args.host, args.port), config).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", emulator.base_url());
    eprintln!(
        "HubSpot CRM emulator listening on {} (token `{}`); Ctrl-C to stop",
        emulator.base_url(),
        emulator.token()
    );
    wait_for_stop().await;
    match emulator.stop().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
