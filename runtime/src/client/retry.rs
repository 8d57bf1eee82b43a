//! When and how long to wait before sending a failed call again.
//!
//! A 429 is always retried: HubSpot refused the request without processing it. A 5xx or a
//! broken connection may come after HubSpot processed the request, so those are retried only
//! for idempotent calls (reads, updates, upserts, archives, searches); retrying a create could
//! make a second record. The wait honours `Retry-After`, else doubles from `base_delay`.

use std::time::Duration;

use crate::endpoint::{Endpoint, HttpMethod};

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

/// POST families that change nothing when repeated.
const IDEMPOTENT_POSTS: &[&str] = &[
    "objects_batch_read",
    "objects_batch_update",
    "objects_batch_upsert",
    "objects_batch_archive",
    "objects_search",
    "objects_gdpr_delete",
    "associations_batch_read",
    "associations_batch_create",
    "associations_batch_create_default",
    "associations_batch_archive",
    "associations_batch_archive_labels",
    "properties_batch_read",
    "properties_batch_archive",
];

/// Whether sending `endpoint` twice has the effect of sending it once.
pub fn is_idempotent(endpoint: &Endpoint) -> bool {
    endpoint.method != HttpMethod::Post || IDEMPOTENT_POSTS.contains(&endpoint.name)
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
