//! Rate limits as HubSpot applies them, and the seeded dice of fault injection.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use hubspot_crm_endpoints::RatePolicy;
use hubspot_crm_vocab::RateClass;

use crate::config::{Config, Faults};
use crate::error::{ApiError, ApiResult};

/// What the limiter decided about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Allowed; `remaining` requests left in the window.
    Allowed { remaining: u32 },
    /// Over the window's (ten-second, rolling) limit.
    TenSecondly { retry_after: Duration },
    /// Over the search limit of N per second.
    Secondly { retry_after: Duration },
    /// Over the daily limit: nothing is allowed until the day ends, which for the emulator
    /// is never, so no `Retry-After`.
    Daily,
}

impl Verdict {
    /// `Ok` when allowed, else HubSpot's 429 naming the policy that was hit.
    pub(crate) fn into_result(self) -> ApiResult<()> {
        let seconds = |d: Duration| Some(d.as_secs_f64().ceil().max(1.0) as u64);
        match self {
            Verdict::Allowed { .. } => Ok(()),
            Verdict::TenSecondly { retry_after } => Err(ApiError::rate_limited(
                RatePolicy::TenSecondly,
                seconds(retry_after),
            )),
            Verdict::Secondly { retry_after } => Err(ApiError::rate_limited(
                RatePolicy::Secondly,
                seconds(retry_after),
            )),
            Verdict::Daily => Err(ApiError::rate_limited(RatePolicy::Daily, None)),
        }
    }
}

/// How many requests the limiter refused, by the limit they hit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refusals {
    /// Over the window's budget (`TEN_SECONDLY_ROLLING`).
    pub window: u64,
    /// Over search's budget per second (`SECONDLY`).
    pub search: u64,
    /// Over the daily budget (`DAILY`).
    pub daily: u64,
}

/// A rolling-window limiter: the times of the requests in the current window.
pub(crate) struct Limiter {
    max: u32,
    window: Duration,
    recent: VecDeque<Instant>,
    search_max: u32,
    searches: VecDeque<Instant>,
    pub(crate) daily_max: u64,
    pub(crate) daily_used: u64,
    pub(crate) refused: Refusals,
}

impl Limiter {
    pub(crate) fn new(config: &Config) -> Self {
        Limiter {
            max: config.rate_limit,
            window: config.rate_window,
            recent: VecDeque::new(),
            search_max: config.search_per_second,
            searches: VecDeque::new(),
            daily_max: config.daily_limit,
            daily_used: 0,
            refused: Refusals::default(),
        }
    }

    pub(crate) fn max(&self) -> u32 {
        self.max
    }

    pub(crate) fn window(&self) -> Duration {
        self.window
    }

    /// Counts a request of rate class `class` made at `now`, or says which limit it hits.
    /// A refused request does not count against the window.
    pub(crate) fn admit(&mut self, now: Instant, class: RateClass) -> Verdict {
        if self.daily_used >= self.daily_max {
            self.refused.daily += 1;
            return Verdict::Daily;
        }
        prune(&mut self.recent, now, self.window);
        if self.recent.len() >= self.max as usize {
            let oldest = self.recent.front().copied().unwrap_or(now);
            self.refused.window += 1;
            return Verdict::TenSecondly {
                retry_after: (oldest + self.window).saturating_duration_since(now),
            };
        }
        if class == RateClass::Search {
            let second = Duration::from_secs(1);
            prune(&mut self.searches, now, second);
            if self.searches.len() >= self.search_max as usize {
                let oldest = self.searches.front().copied().unwrap_or(now);
                self.refused.search += 1;
                return Verdict::Secondly {
                    retry_after: (oldest + second).saturating_duration_since(now),
                };
            }
            self.searches.push_back(now);
        }
        self.recent.push_back(now);
        self.daily_used += 1;
        Verdict::Allowed {
            remaining: self.max.saturating_sub(self.recent.len() as u32),
        }
    }

    /// Requests left in the window at `now`, without counting one.
    pub(crate) fn remaining(&mut self, now: Instant) -> u32 {
        prune(&mut self.recent, now, self.window);
        self.max.saturating_sub(self.recent.len() as u32)
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= window)
    {
        times.pop_front();
    }
}

/// A fault to inject into one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    RateLimited,
    ServerError(u16),
    DropConnection,
    MalformedJson,
}

/// Seeded dice: the same seed and request order give the same faults.
pub(crate) struct FaultDice {
    pub(crate) faults: Faults,
    rng: fastrand::Rng,
}

impl FaultDice {
    pub(crate) fn new(faults: Faults) -> Self {
        FaultDice {
            rng: fastrand::Rng::with_seed(faults.seed),
            faults,
        }
    }

    /// Whether to delay this response, and which fault (if any) to answer with.
    pub(crate) fn roll(&mut self) -> (Option<Duration>, Option<Fault>) {
        if !self.faults.any() {
            return (None, None);
        }
        let f = &self.faults;
        let slow = (self.rng.f64() < f.slow).then_some(f.slow_delay);
        let fault = if self.rng.f64() < f.rate_limited {
            Some(Fault::RateLimited)
        } else if self.rng.f64() < f.server_error {
            let codes = [500, 502, 503, 504];
            Some(Fault::ServerError(codes[self.rng.usize(..codes.len())]))
        } else if self.rng.f64() < f.drop_connection {
            Some(Fault::DropConnection)
        } else if self.rng.f64() < f.malformed_json {
            Some(Fault::MalformedJson)
        } else {
            None
        };
        (slow, fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_rolls() {
        let config = Config {
            rate_limit: 2,
            rate_window: Duration::from_millis(100),
            ..Config::default()
        };
        let mut l = Limiter::new(&config);
        let t0 = Instant::now();
        assert_eq!(
            l.admit(t0, RateClass::Standard),
            Verdict::Allowed { remaining: 1 }
        );
        assert_eq!(
            l.admit(t0, RateClass::Standard),
            Verdict::Allowed { remaining: 0 }
        );
        assert!(matches!(
            l.admit(t0, RateClass::Standard),
            Verdict::TenSecondly { .. }
        ));
        // Once the first requests leave the window, requests are allowed again.
        let later = t0 + Duration::from_millis(100);
        assert_eq!(
            l.admit(later, RateClass::Standard),
            Verdict::Allowed { remaining: 1 }
        );
    }

    #[test]
    fn searches_have_their_own_per_second_limit() {
        let config = Config {
            search_per_second: 1,
            ..Config::default()
        };
        let mut l = Limiter::new(&config);
        let t0 = Instant::now();
        assert!(matches!(
            l.admit(t0, RateClass::Search),
            Verdict::Allowed { .. }
        ));
        assert!(matches!(
            l.admit(t0, RateClass::Search),
            Verdict::Secondly { .. }
        ));
        assert!(
            matches!(l.admit(t0, RateClass::Standard), Verdict::Allowed { .. }),
            "other requests go on"
        );
        assert!(matches!(
            l.admit(t0 + Duration::from_secs(1), RateClass::Search),
            Verdict::Allowed { .. }
        ));
    }

    #[test]
    fn past_the_daily_limit_everything_is_refused_as_daily() {
        let config = Config {
            daily_limit: 2,
            ..Config::default()
        };
        let mut l = Limiter::new(&config);
        let t0 = Instant::now();
        for _ in 0..2 {
            assert!(matches!(
                l.admit(t0, RateClass::Standard),
                Verdict::Allowed { .. }
            ));
        }
        assert_eq!(l.admit(t0, RateClass::Standard), Verdict::Daily);
        assert_eq!(
            l.admit(t0 + Duration::from_secs(3600), RateClass::Search),
            Verdict::Daily,
            "the emulator's day never ends"
        );
        assert_eq!(
            l.refused,
            Refusals {
                daily: 2,
                ..Refusals::default()
            }
        );
        let e = Verdict::Daily.into_result().expect_err("a 429");
        assert_eq!(e.retry_after, None, "no wait helps");
        assert_eq!(e.extra["policyName"], RatePolicy::Daily.name());
    }

    #[test]
    fn refusals_are_counted_by_limit() {
        let config = Config {
            rate_limit: 1,
            search_per_second: 1,
            ..Config::default()
        };
        let mut l = Limiter::new(&config);
        let t0 = Instant::now();
        assert!(matches!(
            l.admit(t0, RateClass::Search),
            Verdict::Allowed { .. }
        ));
        assert!(matches!(
            l.admit(t0, RateClass::Standard),
            Verdict::TenSecondly { .. }
        ));
        assert_eq!(l.refused.window, 1);
        let e = Verdict::TenSecondly {
            retry_after: Duration::from_millis(1500),
        }
        .into_result()
        .expect_err("a 429");
        assert_eq!(e.retry_after, Some(2), "rounded up to whole seconds");
    }

    #[test]
    fn faults_replay_from_the_seed() {
        let faults = Faults {
            seed: 7,
            server_error: 0.5,
            ..Faults::default()
        };
        let rolls = |n| {
            let mut d = FaultDice::new(faults.clone());
            (0..n).map(|_| d.roll().1).collect::<Vec<_>>()
        };
        let a = rolls(50);
        assert_eq!(a, rolls(50));
        assert!(a.iter().any(Option::is_some) && a.iter().any(Option::is_none));
    }
}
