//! When and how long to wait before sending a failed call again, and when to stop.
//!
//! What is retried is decided by [`Error::is_retryable`], from the table's `idempotent` fact
//! of each family and the 429's policy: a 429 of the window's or a per-second budget always,
//! a daily one never, a server error or a broken connection only when repeating is safe.
//! This module decides how long to wait and whether to go on:
//!
//! - a 429 waits for what its policy names: `Retry-After` when HubSpot sends one, else the
//!   window (ten-secondly) or a second (secondly). The client's pacer blocks the same budget
//!   for every other call meanwhile (see `pace.rs`).
//! - a server error or a broken connection waits a capped exponential backoff
//!   (`base_delay` doubling up to `max_delay`), with full jitter: a random wait up to it, so
//!   many clients failing together do not come back together.
//! - a call stops after `max_attempts`, when the next wait would pass its `deadline`, or when
//!   the client's [`RetryBudget`] is spent: retries of failures spend tokens from a bucket
//!   every clone of the client shares, successes earn them back, so a failing server is not
//!   hammered by every call in turn (smithy-rs's standard retry strategy does the same). It
//!   then answers [`Error::GaveUp`], which says why and keeps the last error.

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use crate::endpoints::RatePolicy;

use super::Error;

/// How the client retries failed calls. Every field has a default ([`RetryPolicy::default`]);
/// set the ones you need and take the rest from it:
///
/// ```
/// use std::time::Duration;
/// use hubspot_crm_runtime::client::RetryPolicy;
///
/// let patient = RetryPolicy {
///     max_attempts: 10,
///     deadline: Some(Duration::from_secs(600)),
///     ..RetryPolicy::default()
/// };
/// assert!(patient.jitter);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries. Default 6.
    pub max_attempts: u32,
    /// The backoff before the first retry of a server error or a broken connection; it
    /// doubles with each retry. Default 250 ms.
    pub base_delay: Duration,
    /// The longest wait before a retry, whatever its cause (a 429's `Retry-After` too).
    /// Default 30 s.
    pub max_delay: Duration,
    /// Whether backoffs are jittered: a random wait between zero and the backoff ("full
    /// jitter"), so clients failing together spread out. 429 waits are not jittered: the
    /// pacer orders them. Default `true`.
    pub jitter: bool,
    /// The most time a call may take from its first attempt: a retry whose wait would end
    /// past it is not made, and the call answers [`Error::GaveUp`]. A single attempt is
    /// bounded by the builder's `timeout`; the time a call waits for the rate budget before
    /// its first attempt does not count. `None`: no deadline. Default 120 s.
    pub deadline: Option<Duration>,
    /// The retry budget every clone of the client shares. Default: [`RetryBudget::default`].
    pub budget: RetryBudget,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(30),
            jitter: true,
            deadline: Some(Duration::from_secs(120)),
            budget: RetryBudget::default(),
        }
    }
}

/// A token bucket bounding retries of failures across a client and its clones: a retry
/// after a server error spends `retry_cost`, after a broken connection or a timeout
/// `transport_cost`; a success earns `success_reward` back, and a call that succeeds after
/// retries also gets back what its retries spent. With the bucket empty, failures are
/// answered at once ([`Error::GaveUp`] with [`GiveUpReason::RetryBudget`]) until successes
/// refill it. 429s spend nothing: the pacer governs them. The defaults are smithy-rs's
/// (500 tokens, 5 a retry, 10 after a timeout, 1 a success): a server failing every request
/// gets about a hundred retries from a client in all, not six from every call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryBudget {
    /// Tokens the bucket starts with and holds at most.
    pub capacity: u32,
    /// Tokens a retry after a server error spends.
    pub retry_cost: u32,
    /// Tokens a retry after a broken connection or a timeout spends.
    pub transport_cost: u32,
    /// Tokens a success earns back (up to `capacity`).
    pub success_reward: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            capacity: 500,
            retry_cost: 5,
            transport_cost: 10,
            success_reward: 1,
        }
    }
}

/// Why a client stopped retrying a call that could have been retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GiveUpReason {
    /// The policy's `max_attempts` were made.
    Attempts,
    /// The next wait would have passed the call's `deadline`.
    Deadline,
    /// The client's retry budget is spent: many calls failed lately.
    RetryBudget,
}

impl fmt::Display for GiveUpReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GiveUpReason::Attempts => "every attempt the retry policy allows was made",
            GiveUpReason::Deadline => "the next retry would pass the call's deadline",
            GiveUpReason::RetryBudget => {
                "the client's retry budget is spent (many calls failed lately)"
            }
        })
    }
}

impl RetryPolicy {
    /// No retries: every failure is returned at once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The backoff before retry number `retry` (0 for the first) of a server error or a
    /// broken connection, before jitter: `base_delay` doubled `retry` times, at most
    /// `max_delay`. HubSpot's `Retry-After`, when given, is waited instead (also at most
    /// `max_delay`).
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(16)));
        retry_after.unwrap_or(backoff).min(self.max_delay)
    }

    /// The wait before retry number `retry` after `error`; `window` is the rate window the
    /// client knows (configured or reported). `unit` is a random number in `[0, 1)` for
    /// jitter.
    pub(crate) fn wait(&self, error: &Error, retry: u32, window: Duration, unit: f64) -> Duration {
        let api = error.api();
        let retry_after = api.and_then(|a| a.retry_after);
        let wait = match api.filter(|a| a.status == 429).map(|a| a.rate_policy()) {
            Some(Some(RatePolicy::TenSecondly)) => retry_after.unwrap_or(window),
            Some(Some(RatePolicy::Secondly)) => retry_after.unwrap_or(Duration::from_secs(1)),
            Some(_) => self.delay(retry, retry_after),
            None => {
                let backoff = self.delay(retry, None);
                let backoff = if self.jitter {
                    backoff.mul_f64(unit.clamp(0.0, 1.0))
                } else {
                    backoff
                };
                backoff.max(retry_after.unwrap_or_default())
            }
        };
        wait.min(self.max_delay)
    }

    /// The tokens a retry after `error` spends from the retry budget.
    pub(crate) fn cost(&self, error: &Error) -> u32 {
        match error {
            _ if error.status() == Some(429) => 0,
            Error::Transport { .. } | Error::Decode { .. } => self.budget.transport_cost,
            _ => self.budget.retry_cost,
        }
    }
}

/// The retry budget's tokens, shared by a client's clones.
#[derive(Debug)]
pub(crate) struct RetryTokens {
    capacity: u32,
    tokens: Mutex<u32>,
}

impl RetryTokens {
    pub(crate) fn new(budget: &RetryBudget) -> Self {
        RetryTokens {
            capacity: budget.capacity,
            tokens: Mutex::new(budget.capacity),
        }
    }

    /// Spends `cost` tokens if there are that many.
    pub(crate) fn spend(&self, cost: u32) -> bool {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        match tokens.checked_sub(cost) {
            Some(left) => {
                *tokens = left;
                true
            }
            None => false,
        }
    }

    /// Earns `n` tokens back, up to the capacity.
    pub(crate) fn earn(&self, n: u32) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        *tokens = tokens.saturating_add(n).min(self.capacity);
    }

    /// Tokens left.
    #[cfg(test)]
    pub(crate) fn left(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ApiError;
    use crate::endpoints::Family;

    fn api(status: u16, body: &str, retry_after: Option<Duration>) -> Error {
        Error::Api(Box::new(ApiError::from_response(
            status,
            body.as_bytes(),
            retry_after,
            Family::ObjectsGet,
            "/p".into(),
        )))
    }

    fn limited(policy: &str, retry_after: Option<Duration>) -> Error {
        api(
            429,
            &format!(r#"{{"status":"error","message":"m","policyName":"{policy}"}}"#),
            retry_after,
        )
    }

    #[test]
    fn backoff_doubles_honours_retry_after_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(0, None), Duration::from_millis(250));
        assert_eq!(p.delay(2, None), Duration::from_millis(1000));
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(p.delay(40, None), Duration::from_secs(30));
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }

    #[test]
    fn server_errors_wait_a_jittered_backoff() {
        let p = RetryPolicy::default();
        let e = api(503, "", None);
        let window = Duration::from_secs(10);
        assert_eq!(p.wait(&e, 2, window, 0.0), Duration::ZERO, "full jitter");
        assert_eq!(p.wait(&e, 2, window, 0.5), Duration::from_millis(500));
        assert_eq!(p.wait(&e, 2, window, 0.75), Duration::from_millis(750));
        assert_eq!(
            p.wait(&e, 30, window, 0.5),
            Duration::from_secs(15),
            "capped"
        );
        let steady = RetryPolicy {
            jitter: false,
            ..p.clone()
        };
        assert_eq!(steady.wait(&e, 2, window, 0.1), Duration::from_millis(1000));
        // A server that says when to come back is not asked sooner.
        let told = api(503, "", Some(Duration::from_secs(2)));
        assert_eq!(p.wait(&told, 0, window, 0.0), Duration::from_secs(2));
    }

    #[test]
    fn a_429_waits_what_its_policy_names() {
        let p = RetryPolicy::default();
        let window = Duration::from_millis(1500);
        let ten = limited("TEN_SECONDLY_ROLLING", None);
        assert_eq!(p.wait(&ten, 0, window, 0.0), window, "the window");
        let told = limited("TEN_SECONDLY_ROLLING", Some(Duration::from_secs(3)));
        assert_eq!(p.wait(&told, 4, window, 0.0), Duration::from_secs(3));
        let secondly = limited("SECONDLY", None);
        assert_eq!(p.wait(&secondly, 3, window, 0.0), Duration::from_secs(1));
        let unnamed = api(429, "{}", None);
        assert_eq!(p.wait(&unnamed, 1, window, 0.0), Duration::from_millis(500));
        let long = limited("TEN_SECONDLY_ROLLING", Some(Duration::from_secs(3600)));
        assert_eq!(p.wait(&long, 0, window, 0.0), p.max_delay);
        assert_eq!(p.cost(&ten), 0, "429s spend no retry budget");
    }

    #[test]
    fn a_daily_429_is_never_retried() {
        let daily = limited("DAILY", None);
        assert!(!daily.is_retryable());
        assert!(limited("SECONDLY", None).is_retryable());
        assert!(limited("TEN_SECONDLY_ROLLING", None).is_retryable());
        assert!(api(429, "not json", None).is_retryable());
    }

    #[test]
    fn the_budget_is_spent_by_failures_and_earned_back_by_successes() {
        let budget = RetryBudget {
            capacity: 12,
            ..RetryBudget::default()
        };
        let p = RetryPolicy {
            budget: budget.clone(),
            ..RetryPolicy::default()
        };
        assert_eq!(p.cost(&api(500, "", None)), 5);
        let tokens = RetryTokens::new(&budget);
        assert!(tokens.spend(p.cost(&api(500, "", None))));
        assert!(tokens.spend(5));
        assert!(!tokens.spend(5), "2 left");
        assert_eq!(tokens.left(), 2);
        tokens.earn(3);
        assert!(tokens.spend(5));
        tokens.earn(1000);
        assert_eq!(tokens.left(), 12, "never past the capacity");
        assert_eq!(
            GiveUpReason::RetryBudget.to_string(),
            "the client's retry budget is spent (many calls failed lately)"
        );
    }
}
