//! Pacing: the client keeps its requests within the account's rate budget before sending
//! them, so bulk work at the limit is not answered 429.
//!
//! One [`Pacer`] lives in the client's shared state, so every clone of a client draws on the
//! same budget. A request takes a slot of the window's budget (and, for families of rate
//! class `search`, one of search's budget per second) before it is sent, and keeps it until
//! one window after its answer arrived: HubSpot counts the request at some moment between
//! sending and answering, so the client never counts it for less time than HubSpot does, and
//! a client alone on the account is never over the budget. The cost is one answer's latency
//! per window (2% at HubSpot's 10 s window and 200 ms answers).
//!
//! The budget starts as configured ([`RateLimit`]: one of HubSpot's tiers, from the endpoint
//! table, or custom) and is corrected by what HubSpot reports on every answer
//! (`X-HubSpot-RateLimit-*`, the header names from the table): `Max` and
//! `Interval-Milliseconds` replace a wrong setting, and when `Remaining` says fewer requests
//! are left than the client's own count (another process uses the same account), the
//! difference is counted as requests made now, so the client slows down before HubSpot
//! refuses it. A 429 blocks the budget it names until its `Retry-After` (or a window, or a
//! second for search's budget), unless the 429's own headers say requests remain (then it
//! was not this budget's).
//!
//! Two processes sharing an account each see the same requests remaining and would spend
//! them twice, so a client keeps a share of the budget, as TCP does with a network it
//! shares: a 429 of the budget halves the share (at most once a window), and each answer
//! grows it by one request per window's worth of answers, back to the whole budget. Alone on
//! the account the client never sees a 429 and keeps the whole budget. The `Secondly` headers are read and reported, not paced on:
//! they describe a per-second limit of API keys that HubSpot's present budgets (per ten
//! seconds) replaced.
//!
//! The arithmetic ([`Budgets`]) takes the time as an argument, so it is tested with made-up
//! instants; [`Pacer`] adds the clock, the lock and the waiting.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use tokio::sync::Notify;

use crate::endpoints::{rate_headers, RatePolicy, RateTier, RATE_WINDOW_MS, SEARCH_PER_SECOND};
use crate::vocab::RateClass;

/// The rate budget a client paces its requests to: requests per window, and searches per
/// second beside it. HubSpot's numbers come from the endpoint table: [`RateLimit::tier`] (or
/// `From<RateTier>`); the default is [`RateTier::DEFAULT`]'s. What HubSpot reports in its
/// answers' headers corrects the budget as the client goes.
///
/// ```
/// use std::time::Duration;
/// use hubspot_crm_runtime::client::RateLimit;
/// use hubspot_crm_runtime::endpoints::RateTier;
///
/// let professional = RateLimit::tier(RateTier::Professional);
/// assert_eq!(professional.requests, RateTier::Professional.per_window());
/// assert_eq!(RateLimit::default(), RateLimit::tier(RateTier::DEFAULT));
/// // Half the budget, leaving the rest to another integration on the same account:
/// let half = RateLimit::custom(RateTier::Professional.per_window() / 2, professional.window);
/// assert_eq!(half.searches_per_second, professional.searches_per_second);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// The rolling window.
    pub window: Duration,
    /// Requests of search families (rate class `search`) allowed per second, beside the
    /// window's budget.
    pub searches_per_second: u32,
}

impl RateLimit {
    /// The budget of one of HubSpot's tiers: its requests per window, HubSpot's window and
    /// search budget, all from the endpoint table.
    pub const fn tier(tier: RateTier) -> Self {
        RateLimit {
            requests: tier.per_window(),
            window: Duration::from_millis(RATE_WINDOW_MS),
            searches_per_second: SEARCH_PER_SECOND,
        }
    }

    /// `requests` per `window`, with HubSpot's search budget. A budget of 0 requests or an
    /// empty window counts as 1.
    pub const fn custom(requests: u32, window: Duration) -> Self {
        RateLimit {
            requests,
            window,
            searches_per_second: SEARCH_PER_SECOND,
        }
    }

    /// The same budget with `n` searches per second.
    pub const fn searches_per_second(mut self, n: u32) -> Self {
        self.searches_per_second = n;
        self
    }
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::tier(RateTier::DEFAULT)
    }
}

impl From<RateTier> for RateLimit {
    fn from(tier: RateTier) -> Self {
        RateLimit::tier(tier)
    }
}

/// What a client knows of its rate budget: the budget it paces to (as configured, or as
/// HubSpot last reported it) and the last figures HubSpot reported. See
/// `Client::rate_limits` (through `client.core()` on the generated client).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitStatus {
    /// Whether the client paces its requests at all.
    pub paced: bool,
    /// Requests per window the account allows, as configured or as HubSpot reported.
    pub requests: u32,
    /// The part of them the client allows itself now: all of them, unless 429s showed that
    /// another process spends the same budget.
    pub share: u32,
    /// The window it paces to.
    pub window: Duration,
    /// Requests the client counts in the current window: in flight, answered within a
    /// window, and those HubSpot reported that the client did not send.
    pub in_window: u32,
    /// The last figures HubSpot reported, if any answer carried them.
    pub reported: Option<RateHeaders>,
}

/// HubSpot's `X-HubSpot-RateLimit-*` headers of one answer (the names are the endpoint
/// table's, [`rate_headers`]); each is `None` when absent or not a number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateHeaders {
    /// `Max`: requests per window.
    pub max: Option<u64>,
    /// `Remaining`: requests left in the window.
    pub remaining: Option<u64>,
    /// `Interval-Milliseconds`: the window.
    pub interval_ms: Option<u64>,
    /// `Secondly`: requests per second, where HubSpot still reports one.
    pub secondly: Option<u64>,
    /// `Secondly-Remaining`.
    pub secondly_remaining: Option<u64>,
    /// `Daily`: requests per day (absent for public apps).
    pub daily: Option<u64>,
    /// `Daily-Remaining`.
    pub daily_remaining: Option<u64>,
}

impl RateHeaders {
    /// Reads the headers; values that are missing or not numbers are `None`, never an error.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        RateHeaders {
            max: get(rate_headers::MAX),
            remaining: get(rate_headers::REMAINING),
            interval_ms: get(rate_headers::INTERVAL_MILLISECONDS),
            secondly: get(rate_headers::SECONDLY),
            secondly_remaining: get(rate_headers::SECONDLY_REMAINING),
            daily: get(rate_headers::DAILY),
            daily_remaining: get(rate_headers::DAILY_REMAINING),
        }
    }

    fn any(&self) -> bool {
        *self != RateHeaders::default()
    }
}

/// The most requests per window a report is believed for: a bound on the memory a
/// nonsensical header could make the client spend, far above any of HubSpot's budgets.
const MOST_PER_WINDOW: u64 = 100_000;

/// When a request that found no room may try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wake {
    /// At this instant (a counted request leaves the window, or a 429's block ends).
    At(Instant),
    /// When a request in flight is answered: until then nothing leaves the window.
    OnAnswer,
}

/// One budget: requests per window, counted from when each was answered.
#[derive(Debug)]
struct Bucket {
    limit: u32,
    window: Duration,
    /// Requests sent and not answered yet.
    in_flight: u32,
    /// For each counted request that was answered (or that HubSpot reported and the client
    /// did not send): the instant from which it holds its slot for one more window.
    /// Non-decreasing: instants are taken under the lock.
    recent: VecDeque<Instant>,
    /// A 429 said the budget is spent until then.
    blocked_until: Option<Instant>,
    /// The part of `limit` the client allows itself (at least 1): cut by half on a 429,
    /// grown back with each answer.
    share: f64,
    /// When the share was last cut: one cut a window.
    last_cut: Option<Instant>,
}

impl Bucket {
    fn new(limit: u32, window: Duration) -> Self {
        Bucket {
            limit: limit.max(1),
            window: window.max(Duration::from_millis(1)),
            in_flight: 0,
            recent: VecDeque::new(),
            blocked_until: None,
            share: f64::from(limit.max(1)),
            last_cut: None,
        }
    }

    /// The requests per window the client allows itself: its share of the limit.
    fn cap(&self) -> u32 {
        // `share` stays within [1, limit], so the cast neither wraps nor saturates.
        (self.share as u32).clamp(1, self.limit)
    }

    /// A new limit (HubSpot reported one): the share keeps its proportion of it.
    fn set_limit(&mut self, limit: u32) {
        let limit = limit.max(1);
        if limit != self.limit {
            self.share = (self.share * f64::from(limit) / f64::from(self.limit))
                .clamp(1.0, f64::from(limit));
            self.limit = limit;
        }
    }

    /// An answer came: the share grows by one request per window's worth of answers.
    fn grow(&mut self) {
        self.share = (self.share + 1.0 / self.share.max(1.0)).min(f64::from(self.limit));
    }

    /// The budget was exceeded: the share halves, once a window.
    fn cut(&mut self, now: Instant) {
        if self
            .last_cut
            .is_some_and(|t| now.saturating_duration_since(t) < self.window)
        {
            return;
        }
        self.share = (self.share / 2.0).max(1.0);
        self.last_cut = Some(now);
    }

    fn prune(&mut self, now: Instant) {
        while self
            .recent
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= self.window)
        {
            self.recent.pop_front();
        }
        if self.blocked_until.is_some_and(|t| t <= now) {
            self.blocked_until = None;
        }
    }

    fn used(&self) -> u32 {
        self.in_flight
            .saturating_add(u32::try_from(self.recent.len()).unwrap_or(u32::MAX))
    }

    /// `None` when a request may go now, else when to look again.
    fn wake(&mut self, now: Instant) -> Option<Wake> {
        self.prune(now);
        if let Some(until) = self.blocked_until {
            return Some(Wake::At(until));
        }
        let used = self.used();
        let cap = self.cap();
        if used < cap {
            return None;
        }
        // The (used - cap + 1)-th oldest answered request must leave the window first.
        let must_leave = (used - cap) as usize;
        Some(match self.recent.get(must_leave) {
            Some(t) => Wake::At(*t + self.window),
            None => Wake::OnAnswer,
        })
    }

    fn answered(&mut self, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.recent.push_back(now);
        self.grow();
    }

    /// A 429 at `now` said the budget is spent until `until`.
    fn block(&mut self, now: Instant, until: Instant) {
        self.blocked_until = Some(self.blocked_until.map_or(until, |b| b.max(until)));
        self.cut(now);
    }
}

/// The budgets of one client: the window's and search's. Pure arithmetic over the instants
/// it is given.
#[derive(Debug)]
pub(crate) struct Budgets {
    standard: Bucket,
    search: Bucket,
    reported: Option<RateHeaders>,
}

impl Budgets {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Budgets {
            standard: Bucket::new(limit.requests, limit.window),
            search: Bucket::new(limit.searches_per_second, Duration::from_secs(1)),
            reported: None,
        }
    }

    /// Takes a slot of every budget `class` spends and returns `None`, or returns when to
    /// try again (taking nothing).
    pub(crate) fn try_take(&mut self, now: Instant, class: RateClass) -> Option<Wake> {
        let search = class == RateClass::Search;
        let wake = match self.standard.wake(now) {
            None if search => self.search.wake(now),
            other => other,
        };
        if wake.is_none() {
            self.standard.in_flight += 1;
            if search {
                self.search.in_flight += 1;
            }
        }
        wake
    }

    /// A request of `class` taken with [`Budgets::try_take`] was answered (or failed) at
    /// `now`; `headers` are HubSpot's rate-limit headers of the answer.
    pub(crate) fn answered(&mut self, now: Instant, class: RateClass, headers: &RateHeaders) {
        self.standard.answered(now);
        if class == RateClass::Search {
            self.search.answered(now);
        }
        self.learn(now, headers);
    }

    /// Corrects the window's budget from what HubSpot reported at `now`.
    fn learn(&mut self, now: Instant, h: &RateHeaders) {
        if !h.any() {
            return;
        }
        self.reported = Some(*h);
        let b = &mut self.standard;
        if let Some(max) = h.max.filter(|m| *m > 0) {
            b.set_limit(u32::try_from(max.min(MOST_PER_WINDOW)).unwrap_or(1));
        }
        if let Some(ms) = h.interval_ms.filter(|m| *m > 0) {
            b.window = Duration::from_millis(ms);
        }
        if let (Some(max), Some(remaining)) = (h.max, h.remaining) {
            b.prune(now);
            let theirs = max.saturating_sub(remaining).min(u64::from(b.limit));
            let ours = u64::from(b.used());
            // Requests HubSpot counts that the client does not: another process's. They are
            // counted from now, which holds them at least as long as HubSpot does.
            for _ in ours..theirs {
                b.recent.push_back(now);
            }
        }
    }

    /// A 429 of a family of `class` naming `policy` (if it named one) arrived at `now`,
    /// with these rate-limit headers: the budget it names is spent until `retry_after`, or
    /// a window (a second for a per-second budget) when HubSpot gave none, and the client's
    /// share of it halves. A daily 429 blocks nothing (every call gets its own answer), nor
    /// does a window's 429 whose headers say requests remain in the window.
    pub(crate) fn refused(
        &mut self,
        now: Instant,
        class: RateClass,
        policy: Option<RatePolicy>,
        retry_after: Option<Duration>,
        headers: &RateHeaders,
    ) {
        let second = Duration::from_secs(1);
        let room_left = headers.remaining.is_some_and(|r| r > 0);
        match policy {
            Some(RatePolicy::Daily) => {}
            Some(RatePolicy::Secondly) if class == RateClass::Search => {
                self.search.block(now, now + retry_after.unwrap_or(second));
            }
            _ if room_left => {}
            Some(RatePolicy::Secondly) => {
                self.standard
                    .block(now, now + retry_after.unwrap_or(second));
            }
            Some(RatePolicy::TenSecondly) => {
                let window = self.standard.window;
                self.standard
                    .block(now, now + retry_after.unwrap_or(window));
            }
            None => {
                if let Some(wait) = retry_after {
                    self.standard.block(now, now + wait);
                }
            }
        }
    }

    pub(crate) fn window(&self) -> Duration {
        self.standard.window
    }

    fn status(&mut self, now: Instant, paced: bool) -> RateLimitStatus {
        self.standard.prune(now);
        RateLimitStatus {
            paced,
            requests: self.standard.limit,
            share: self.standard.cap(),
            window: self.standard.window,
            in_window: self.standard.used(),
            reported: self.reported,
        }
    }
}

/// The client's pacer: [`Budgets`] behind a lock, with the clock and the waiting.
#[derive(Debug)]
pub(crate) struct Pacer {
    paced: bool,
    budgets: Mutex<Budgets>,
    answered: Notify,
}

impl Pacer {
    /// A pacer to `limit`, or one that never waits (`None`) but still learns and reports.
    pub(crate) fn new(limit: Option<RateLimit>) -> Self {
        Pacer {
            paced: limit.is_some(),
            budgets: Mutex::new(Budgets::new(limit.unwrap_or_default())),
            answered: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Budgets> {
        // The arithmetic cannot panic halfway; a poisoned lock still holds whole figures.
        self.budgets.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until `class` has room in every budget it spends, takes it, and returns the
    /// slot with how long it waited.
    pub(crate) async fn acquire(&self, class: RateClass) -> (Permit<'_>, Duration) {
        let started = Instant::now();
        if !self.paced {
            return (Permit::new(self, class), Duration::ZERO);
        }
        let mut waited = false;
        loop {
            // Registered before the lock is released, so an answer in between is not missed.
            let mut answered = std::pin::pin!(self.answered.notified());
            answered.as_mut().enable();
            let wake = {
                let mut budgets = self.lock();
                budgets.try_take(Instant::now(), class)
            };
            match wake {
                None if !waited => return (Permit::new(self, class), Duration::ZERO),
                None => return (Permit::new(self, class), started.elapsed()),
                Some(Wake::At(t)) => tokio::time::sleep_until(t.into()).await,
                Some(Wake::OnAnswer) => {
                    // Every answer is announced; the timeout only guards against a slot
                    // whose answer never comes back (a request still running).
                    let window = self.lock().window();
                    let _ = tokio::time::timeout(window, answered.as_mut()).await;
                }
            }
            waited = true;
        }
    }

    /// A 429 arrived for a family of `class`, with these rate-limit headers.
    pub(crate) fn refused(
        &self,
        class: RateClass,
        policy: Option<RatePolicy>,
        retry_after: Option<Duration>,
        headers: &RateHeaders,
    ) {
        self.lock()
            .refused(Instant::now(), class, policy, retry_after, headers);
    }

    /// The budget as the client now knows it.
    pub(crate) fn status(&self) -> RateLimitStatus {
        self.lock().status(Instant::now(), self.paced)
    }

    /// The window the client paces to (configured or learned).
    pub(crate) fn window(&self) -> Duration {
        self.lock().window()
    }

    fn answered(&self, class: RateClass, headers: &RateHeaders) {
        if self.paced {
            self.lock().answered(Instant::now(), class, headers);
        } else {
            self.lock().learn(Instant::now(), headers);
        }
        self.answered.notify_waiters();
    }
}

/// A slot of the budget, taken for one request. Dropping it without [`Permit::answered`]
/// (the request failed, or its future was dropped while in flight) counts the request as
/// answered then: it may have reached HubSpot.
#[derive(Debug)]
pub(crate) struct Permit<'p> {
    pacer: &'p Pacer,
    class: RateClass,
    done: bool,
}

impl<'p> Permit<'p> {
    fn new(pacer: &'p Pacer, class: RateClass) -> Self {
        Permit {
            pacer,
            class,
            done: false,
        }
    }

    /// The request was answered, with these rate-limit headers.
    pub(crate) fn answered(mut self, headers: &RateHeaders) {
        self.done = true;
        self.pacer.answered(self.class, headers);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.pacer.answered(self.class, &RateHeaders::default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STD: RateClass = RateClass::Standard;
    const SEARCH: RateClass = RateClass::Search;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn budget(requests: u32, window_ms: u64) -> Budgets {
        Budgets::new(RateLimit::custom(requests, ms(window_ms)).searches_per_second(2))
    }

    fn none() -> RateHeaders {
        RateHeaders::default()
    }

    #[test]
    fn a_slot_is_held_from_sending_until_a_window_after_the_answer() {
        let t0 = Instant::now();
        let mut b = budget(2, 1000);
        assert_eq!(b.try_take(t0, STD), None);
        assert_eq!(b.try_take(t0, STD), None);
        // Both in flight: nothing leaves the window until one is answered.
        assert_eq!(b.try_take(t0, STD), Some(Wake::OnAnswer));
        b.answered(t0 + ms(50), STD, &none());
        // Counted from the answer, not from sending: HubSpot counted it in between.
        assert_eq!(b.try_take(t0 + ms(60), STD), Some(Wake::At(t0 + ms(1050))));
        assert_eq!(
            b.try_take(t0 + ms(1049), STD),
            Some(Wake::At(t0 + ms(1050)))
        );
        assert_eq!(
            b.try_take(t0 + ms(1050), STD),
            None,
            "the slot is free again"
        );
        assert_eq!(b.try_take(t0 + ms(1050), STD), Some(Wake::OnAnswer));
    }

    #[test]
    fn a_full_window_paces_to_its_budget_and_no_faster() {
        // 19 per second, answers after 10 ms: over 10 s of simulated time the pacer sends
        // the budget of each window and never more than 19 in any second.
        let t0 = Instant::now();
        let mut b = budget(19, 1000);
        let mut now = t0;
        let mut sent = Vec::new();
        while now < t0 + Duration::from_secs(10) {
            match b.try_take(now, STD) {
                None => {
                    sent.push(now);
                    b.answered(now + ms(10), STD, &none());
                }
                Some(Wake::At(t)) => now = t.max(now + ms(10)),
                Some(Wake::OnAnswer) => unreachable!("answers are immediate here"),
            }
        }
        for (i, t) in sent.iter().enumerate() {
            let in_second = sent[i..].iter().take_while(|u| **u < *t + ms(1000)).count();
            assert!(
                in_second <= 19,
                "{in_second} requests within a second from {t:?}"
            );
        }
        // Each slot is held for the window plus the answer's 10 ms.
        assert!(sent.len() >= 180, "{} sent in 10 s", sent.len());
    }

    #[test]
    fn searches_spend_both_budgets() {
        let t0 = Instant::now();
        let mut b = budget(3, 10_000);
        assert_eq!(b.try_take(t0, SEARCH), None);
        assert_eq!(b.try_take(t0, SEARCH), None);
        assert_eq!(b.try_take(t0, SEARCH), Some(Wake::OnAnswer), "2 per second");
        assert_eq!(b.try_take(t0, STD), None, "other families go on");
        b.answered(t0 + ms(10), SEARCH, &none());
        b.answered(t0 + ms(10), SEARCH, &none());
        b.answered(t0 + ms(10), STD, &none());
        // Search's second has passed, but the window's 3 are spent.
        assert_eq!(
            b.try_take(t0 + ms(1010), SEARCH),
            Some(Wake::At(t0 + ms(10_010)))
        );
    }

    #[test]
    fn the_budget_hubspot_reports_replaces_a_wrong_setting() {
        let t0 = Instant::now();
        let mut b = budget(250, 10_000);
        assert_eq!(b.try_take(t0, STD), None);
        let reported = RateHeaders {
            max: Some(2),
            remaining: Some(1),
            interval_ms: Some(1000),
            ..none()
        };
        b.answered(t0 + ms(5), STD, &reported);
        assert_eq!(b.window(), ms(1000));
        assert_eq!(b.try_take(t0 + ms(5), STD), None);
        assert_eq!(
            b.try_take(t0 + ms(5), STD),
            Some(Wake::At(t0 + ms(1005))),
            "2, not 250: the answered one leaves the reported window first"
        );
        let status = b.status(t0 + ms(5), true);
        assert_eq!((status.requests, status.in_window), (2, 2));
        assert_eq!(status.reported, Some(reported));
    }

    #[test]
    fn requests_hubspot_counts_and_the_client_did_not_send_slow_it_down() {
        let t0 = Instant::now();
        let mut b = budget(10, 1000);
        assert_eq!(b.try_take(t0, STD), None);
        // Another process sent 7: HubSpot says 2 are left after ours.
        let shared = RateHeaders {
            max: Some(10),
            remaining: Some(2),
            interval_ms: Some(1000),
            ..none()
        };
        b.answered(t0 + ms(10), STD, &shared);
        assert_eq!(b.status(t0 + ms(10), true).in_window, 8);
        assert_eq!(b.try_take(t0 + ms(10), STD), None);
        assert_eq!(b.try_take(t0 + ms(10), STD), None);
        assert_eq!(
            b.try_take(t0 + ms(10), STD),
            Some(Wake::At(t0 + ms(1010))),
            "the two left are taken; the counted ones leave a window later"
        );
        // A report that agrees with the client's own count adds nothing.
        b.answered(
            t0 + ms(20),
            STD,
            &RateHeaders {
                remaining: Some(1),
                ..shared
            },
        );
        assert_eq!(b.status(t0 + ms(20), true).in_window, 10);
        // A window later the other process's requests have left too.
        b.answered(t0 + ms(30), STD, &none());
        assert_eq!(b.try_take(t0 + ms(1030), STD), None);
    }

    #[test]
    fn a_429_blocks_the_budget_it_names_until_retry_after() {
        let t0 = Instant::now();
        let mut b = budget(100, 10_000);
        b.refused(
            t0,
            STD,
            Some(RatePolicy::TenSecondly),
            Some(ms(2000)),
            &none(),
        );
        assert_eq!(b.try_take(t0 + ms(1), STD), Some(Wake::At(t0 + ms(2000))));
        assert_eq!(b.try_take(t0 + ms(2000), STD), None);
        // Without Retry-After: the window.
        b.refused(
            t0 + ms(2000),
            STD,
            Some(RatePolicy::TenSecondly),
            None,
            &none(),
        );
        assert_eq!(
            b.try_take(t0 + ms(2001), SEARCH),
            Some(Wake::At(t0 + ms(12_000)))
        );
        // Search's own limit blocks searches for a second, not other requests.
        let mut b = budget(100, 10_000);
        b.refused(t0, SEARCH, Some(RatePolicy::Secondly), None, &none());
        assert_eq!(b.try_take(t0, SEARCH), Some(Wake::At(t0 + ms(1000))));
        assert_eq!(b.try_take(t0, STD), None);
        // A daily 429 blocks nothing: each call gets its own answer, never retried.
        let mut b = budget(100, 10_000);
        b.refused(t0, STD, Some(RatePolicy::Daily), None, &none());
        assert_eq!(b.try_take(t0, STD), None);
    }

    #[test]
    fn a_shared_budget_halves_the_share_once_a_window_and_answers_grow_it_back() {
        let t0 = Instant::now();
        let mut b = budget(8, 1000);
        let spent = RateHeaders {
            remaining: Some(0),
            ..none()
        };
        b.refused(t0, STD, Some(RatePolicy::TenSecondly), Some(ms(10)), &spent);
        assert_eq!(b.status(t0, true).share, 4, "halved");
        b.refused(
            t0 + ms(5),
            STD,
            Some(RatePolicy::TenSecondly),
            Some(ms(10)),
            &spent,
        );
        assert_eq!(b.status(t0, true).share, 4, "once a window");
        // After the blocks (the second one ends later), 4 go and the fifth waits, though the
        // limit is 8.
        let t1 = t0 + ms(15);
        for _ in 0..4 {
            assert_eq!(b.try_take(t1, STD), None);
        }
        assert_eq!(b.try_take(t1, STD), Some(Wake::OnAnswer));
        // Answers grow the share: one request per window's worth of answers.
        for _ in 0..5 {
            b.answered(t1, STD, &none());
        }
        assert_eq!(b.status(t1, true).share, 5, "4 + 1/4 + 1/4.25 + ...");
        for _ in 0..40 {
            b.answered(t1, STD, &none());
        }
        assert_eq!(
            b.status(t1, true).share,
            8,
            "back to the whole budget, no more"
        );
        // A second cut, a window after the first, halves again.
        b.refused(
            t0 + ms(1000),
            STD,
            Some(RatePolicy::TenSecondly),
            None,
            &spent,
        );
        assert_eq!(b.status(t0 + ms(1000), true).share, 4);
    }

    #[test]
    fn a_429_whose_headers_say_requests_remain_blocks_nothing() {
        let t0 = Instant::now();
        let mut b = budget(8, 1000);
        let room = RateHeaders {
            max: Some(8),
            remaining: Some(5),
            ..none()
        };
        b.refused(
            t0,
            STD,
            Some(RatePolicy::TenSecondly),
            Some(ms(1000)),
            &room,
        );
        assert_eq!(b.try_take(t0, STD), None, "not this budget's 429");
        assert_eq!(b.status(t0, true).share, 8);
    }

    #[test]
    fn a_reported_limit_keeps_the_shares_proportion() {
        let t0 = Instant::now();
        let mut b = budget(100, 1000);
        let spent = RateHeaders {
            remaining: Some(0),
            ..none()
        };
        b.refused(t0, STD, Some(RatePolicy::TenSecondly), Some(ms(1)), &spent);
        assert_eq!(b.status(t0, true).share, 50);
        b.learn(
            t0,
            &RateHeaders {
                max: Some(10),
                ..none()
            },
        );
        let status = b.status(t0, true);
        assert_eq!((status.requests, status.share), (10, 5));
    }

    #[test]
    fn headers_are_read_by_the_tables_names_in_any_case_and_bad_values_ignored() {
        let mut h = HeaderMap::new();
        h.insert("x-hubspot-ratelimit-max", "190".parse().unwrap());
        h.insert("X-HubSpot-RateLimit-Remaining", "12".parse().unwrap());
        h.insert(
            "x-hubspot-ratelimit-interval-milliseconds",
            "10000".parse().unwrap(),
        );
        h.insert("x-hubspot-ratelimit-daily", "lots".parse().unwrap());
        h.insert("x-hubspot-ratelimit-secondly", "10".parse().unwrap());
        let r = RateHeaders::from_headers(&h);
        assert_eq!(
            r,
            RateHeaders {
                max: Some(190),
                remaining: Some(12),
                interval_ms: Some(10_000),
                secondly: Some(10),
                ..RateHeaders::default()
            }
        );
        assert!(!RateHeaders::from_headers(&HeaderMap::new()).any());
    }

    #[test]
    fn limits_are_never_zero() {
        let t0 = Instant::now();
        let mut b = Budgets::new(RateLimit::custom(0, Duration::ZERO));
        assert_eq!(b.try_take(t0, STD), None, "a budget of 0 counts as 1");
        b.answered(
            t0,
            STD,
            &RateHeaders {
                max: Some(0),
                ..none()
            },
        );
        assert_eq!(b.status(t0, true).requests, 1, "a reported 0 is ignored");
    }

    #[tokio::test]
    async fn clones_share_one_budget_and_waiters_wake_when_answers_come() {
        let pacer = std::sync::Arc::new(Pacer::new(Some(RateLimit::custom(1, ms(50)))));
        let (first, waited) = pacer.acquire(STD).await;
        assert_eq!(waited, Duration::ZERO);
        let other = pacer.clone();
        let second = tokio::spawn(async move {
            let (permit, waited) = other.acquire(STD).await;
            permit.answered(&RateHeaders::default());
            waited
        });
        tokio::time::sleep(ms(20)).await;
        first.answered(&RateHeaders::default());
        let waited = second.await.expect("the second request goes");
        assert!(waited >= ms(60), "an answer, then a window: {waited:?}");
        let unpaced = Pacer::new(None);
        for _ in 0..10 {
            let (permit, waited) = unpaced.acquire(STD).await;
            assert_eq!(waited, Duration::ZERO);
            drop(permit);
        }
        assert!(!unpaced.status().paced);
    }
}
