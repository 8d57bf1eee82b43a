//! When and how long to wait before sending a failed call again.
//!
//! What is retried is decided by [`Error::is_retryable`](super::Error::is_retryable), from
//! the table's `idempotent` fact of each family: a 429 always, a server error or a broken
//! connection only when repeating is safe. This module decides how long to wait: the
//! `Retry-After` HubSpot sent, else a delay doubling from `base_delay`.

use std::time::Duration;

/// How the client retries failed calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The wait before the first retry when HubSpot gives no `Retry-After`; doubles each time.
    pub base_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(30),
        }
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

    /// The wait before retry number `retry` (0 for the first), given HubSpot's `Retry-After`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(16)));
        retry_after.unwrap_or(backoff).min(self.max_delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
