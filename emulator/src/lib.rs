//! A faithful local emulator of the HubSpot CRM API, for tests, benchmarks and local
//! development, like stripe-mock or LocalStack are for theirs.
//!
//! It serves HubSpot's paths, bodies and status codes (legacy `/crm/v3`, `/crm/v4` and the
//! date-versioned prefixes) for every object in the schema tables, which are compiled in, so
//! the emulator and the generated client can never disagree about what an object allows.
//!
//! ```no_run
//! # async fn demo() -> Result<(), hubspot_crm_emulator::EmulatorError> {
//! use hubspot_crm_emulator::{Config, Emulator};
//!
//! let emulator = Emulator::start(Config::default()).await?;
//! let url = emulator.base_url(); // http://127.0.0.1:PORT
//! // ... point a client at `url` with the token `test-token` ...
//! emulator.stop().await?;
//! # Ok(()) }
//! ```

// `ApiError` is a whole HubSpot error body, built only on the error path and answered once;
// boxing it would cost an allocation for nothing.
#![allow(clippy::result_large_err)]

pub mod association_limits;
pub mod catalog;
pub mod config;
pub mod deal_splits;
pub mod error;
mod gate;
mod limits;
pub mod links;
pub mod owners;
pub mod pipelines;
pub mod records;
mod request;
mod router;
mod routes;
pub mod state;
pub mod values;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use hubspot_crm_schema::Schema;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{Config, Faults};
pub use error::ApiError;
pub use limits::Refusals;
pub use state::State;

/// Why an emulator could not start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The schema tables are invalid: the account's (`Config::account`), or the compiled-in
    /// standard ones (a build of a broken checkout).
    #[error("the schema tables are invalid:\n{0}")]
    Schema(#[from] hubspot_crm_schema::SchemaErrors),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The failure.
        #[source]
        source: std::io::Error,
    },
    /// The state file could not be read, parsed or written.
    #[error("state file {}: {message}", path.display())]
    StateFile {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The server task failed.
    #[error("the server failed: {0}")]
    Server(String),
}

/// What every request handler shares.
pub(crate) struct Shared {
    pub(crate) schema: Schema,
    pub(crate) config: Config,
    state: RwLock<State>,
    pub(crate) limiter: Mutex<limits::Limiter>,
    pub(crate) faults: Mutex<limits::FaultDice>,
    pub(crate) counters: Counters,
}

/// Requests and 429s answered, counted by the gate.
#[derive(Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) rate_limited: AtomicU64,
}

/// What an emulator has answered since it started: see [`Emulator::stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests answered, whatever the answer (a dropped connection counts too).
    pub requests: u64,
    /// Requests answered 429, for any reason: a budget spent or an injected fault.
    pub rate_limited: u64,
    /// The 429s of spent budgets, by the limit hit (injected 429s are not among them).
    pub refused: Refusals,
}

impl Shared {
    /// Read access to the state. A panicked writer cannot leave it half-changed (handlers
    /// validate before they write), so a poisoned lock is still usable.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Write access to the state.
    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running emulator. Dropping it stops the server without saving state; call
/// [`Emulator::stop`] to stop it cleanly (and write `--state`).
pub struct Emulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Emulator {
    /// Starts an emulator on a free port of 127.0.0.1.
    pub async fn start(config: Config) -> Result<Emulator, EmulatorError> {
        Emulator::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts an emulator on `addr` (port 0 picks a free port).
    pub async fn start_on(addr: SocketAddr, config: Config) -> Result<Emulator, EmulatorError> {
        let schema = catalog::schema(config.account.as_deref())?;
        let state = match &config.state_file {
            Some(path) if path.exists() => load_state(path)?,
            _ => State {
                owners: config.owners.clone(),
                ..catalog::initial_state(&schema, config.portal_id)
            },
        };
        let shared = Arc::new(Shared {
            limiter: Mutex::new(limits::Limiter::new(&config)),
            faults: Mutex::new(limits::FaultDice::new(config.faults.clone())),
            counters: Counters::default(),
            schema,
            config,
            state: RwLock::new(state),
        });
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| EmulatorError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| EmulatorError::Bind { addr, source })?;
        let router = router::router(shared.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
        });
        Ok(Emulator {
            addr,
            shared,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the base URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bearer token requests must carry.
    pub fn token(&self) -> &str {
        &self.shared.config.token
    }

    /// A copy of the whole state.
    pub fn snapshot(&self) -> State {
        self.shared.read().clone()
    }

    /// Replaces the whole state (fixtures).
    pub fn restore(&self, mut state: State) {
        state.rebuild_indexes();
        *self.shared.write() = state;
    }

    /// Reads or changes the state directly, atomically with respect to requests.
    pub fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut state = self.shared.write();
        let out = f(&mut state);
        // The closure may have changed records any way it liked.
        state.rebuild_indexes();
        out
    }

    /// Creates records of `object_type` with the same validation as the API, returning their
    /// IDs: the quick way to seed a test.
    pub fn seed<'a>(
        &self,
        object_type: &str,
        records: impl IntoIterator<Item = &'a [(&'a str, &'a str)]>,
    ) -> Result<Vec<u64>, ApiError> {
        let mut state = self.shared.write();
        let ts = state.type_state_mut(object_type)?;
        let mut ids = Vec::new();
        for props in records {
            let input: serde_json::Map<String, serde_json::Value> = props
                .iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
                .collect();
            let mut changes = records::validate_properties(ts, &input, true)?;
            pipelines::check(ts, &mut changes, None)?;
            records::check_unique(ts, &changes, None)?;
            ids.push(records::insert_record(ts, changes, values::now_ms(), "API"));
        }
        Ok(ids)
    }

    /// Requests answered so far, how many were 429s, and which limits refused them.
    pub fn stats(&self) -> Stats {
        let refused = self
            .shared
            .limiter
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .refused;
        Stats {
            requests: self.shared.counters.requests.load(Ordering::Relaxed),
            rate_limited: self.shared.counters.rate_limited.load(Ordering::Relaxed),
            refused,
        }
    }

    /// Changes the faults injected from now on.
    pub fn set_faults(&self, faults: Faults) {
        let mut dice = self.shared.faults.lock().unwrap_or_else(|e| e.into_inner());
        *dice = limits::FaultDice::new(faults);
    }

    /// Stops serving, waits for requests in flight, and writes the state file if configured.
    pub async fn stop(mut self) -> Result<(), EmulatorError> {
        self.shutdown_server().await?;
        if let Some(path) = &self.shared.config.state_file {
            save_state(path, &self.shared.read())?;
        }
        Ok(())
    }

    async fn shutdown_server(&mut self) -> Result<(), EmulatorError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            match task.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(EmulatorError::Server(e.to_string())),
                Err(e) => return Err(EmulatorError::Server(e.to_string())),
            }
        }
        Ok(())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn load_state(path: &std::path::Path) -> Result<State, EmulatorError> {
    let err = |message: String| EmulatorError::StateFile {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let mut state: State =
        serde_json::from_str(&text).map_err(|e| err(format!("not a state snapshot: {e}")))?;
    state.rebuild_indexes();
    Ok(state)
}

fn save_state(path: &std::path::Path, state: &State) -> Result<(), EmulatorError> {
    let err = |message: String| EmulatorError::StateFile {
        path: path.to_path_buf(),
        message,
    };
    let text = serde_json::to_string_pretty(state).map_err(|e| err(e.to_string()))?;
    // Write beside the target, then rename: a crash never leaves a half-written snapshot.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).map_err(|e| err(e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| err(e.to_string()))
}
