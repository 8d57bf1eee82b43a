//! Rate limits as HubSpot applies them, and the seeded dice of fault injection.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use hubspot_crm_vocab::RateClass;

use crate::config::{Config, Faults};
use crate::error::{ApiError, ApiResult};

/// What the limiter decided about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Allowed; `remaining` requests left in the window.
    Allowed { remaining: u32 },
    /// Over the ten-second (rolling) limit.
    TenSecondly { retry_after: Duration },
    /// Over the search limit of N per second.
    Secondly { retry_after: Duration },
}

impl Verdict {
    /// `Ok` when allowed, else HubSpot's 429 naming the policy that was hit.
    pub(crate) fn into_result(self) -> ApiResult<()> {
        match self {
            Verdict::Allowed { .. } => Ok(()),
            Verdict::TenSecondly { retry_after } => Err(ApiError::rate_limited(
                "TEN_SECONDLY_ROLLING",
                "ten_secondly_rolling",
                retry_after.as_secs().max(1),
            )),
            Verdict::Secondly { retry_after } => Err(ApiError::rate_limited(
                "SECONDLY",
                "secondly",
                retry_after.as_secs().max(1),
            )),
        }
    }
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
        prune(&mut self.recent, now, self.window);
        if self.recent.len() >= self.max as usize {
            let oldest = self.recent.front().copied().unwrap_or(now);
            return Verdict::TenSecondly {
                retry_after: (oldest + self.window).saturating_duration_since(now),
            };
        }
        if class == RateClass::Search {
            let second = Duration::from_secs(1);
            prune(&mut self.searches, now, second);
            if self.searches.len() >= self.search_max as usize {
                let oldest = self.searches.front().copied().unwrap_or(now);
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
