//! When a failed attempt is tried again, and after how long.
//!
//! Classification ([`classify`]: what a failed attempt means) is kept apart from the strategy
//! ([`decide`]: what to do about it), and both take the time and the random draw as arguments, so
//! each rule is a plain function of its inputs:
//!
//! - A 429 that says when the window resets (`X-RateLimit-Reset`, or `Retry-After` in seconds or as
//!   an HTTP date) is waited out, with jitter that spreads the retries of many calls over
//!   [`RetryPolicy::rate_limit_spread`], unless the reset is further away than
//!   [`RetryPolicy::max_rate_limit_wait`]: then the call fails at once rather than sleep for
//!   minutes. Such waits do not spend the retry budget or the attempts meant for failures; they
//!   are bounded by [`RetryPolicy::max_rate_limit_retries`] and by the call's timeout.
//! - 500, 502, 503, 504 and timeouts may mean the server did the work: they are retried only for
//!   operations the manifest marks idempotent (GET, PUT, DELETE by default), so `createNote` never
//!   posts twice. A 429 that does not say when to come back is retried like them, but always
//!   (nothing was done).
//! - A connection that could not be opened never reached the server: always safe to retry.
//! - Backoff is exponential with full jitter, capped at [`RetryPolicy::max_backoff`] ([`backoff`]).
//! - A retry budget shared by all calls of a client (a token bucket: each retry of a failure spends
//!   tokens, each success returns one) keeps a storm of 503s from multiplying the load.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// Attempts per call, the first included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// First backoff before jitter; it doubles on each retry.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// Largest backoff between two attempts.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);
/// Longest wait for a rate-limit window to reset; a later reset fails the call at once.
pub const DEFAULT_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);
/// Retries after a reset are spread at random over this long.
pub const DEFAULT_RATE_LIMIT_SPREAD: Duration = Duration::from_secs(2);
/// Rate-limit waits per call.
pub const DEFAULT_MAX_RATE_LIMIT_RETRIES: u32 = 5;

/// Statuses that a later attempt may turn into a success. [`crate::Error::is_retryable`] and the
/// retry strategy both read this list.
pub(crate) const RETRYABLE_STATUSES: &[u16] = &[429, 500, 502, 503, 504];

/// How failed attempts are retried. `RetryPolicy::default()` is what a client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_rate_limit_wait: Duration,
    rate_limit_spread: Duration,
    max_rate_limit_retries: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            max_rate_limit_wait: DEFAULT_MAX_RATE_LIMIT_WAIT,
            rate_limit_spread: DEFAULT_RATE_LIMIT_SPREAD,
            max_rate_limit_retries: DEFAULT_MAX_RATE_LIMIT_RETRIES,
        }
    }
}

impl RetryPolicy {
    /// One attempt: no retry, no rate-limit wait.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            max_rate_limit_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Attempts per call after failures, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// First backoff; it doubles on each retry, with full jitter.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Largest backoff between two attempts.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Longest wait for a rate-limit reset or a `Retry-After`.
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// Retries after a rate-limit reset are spread at random over this long, so the calls that
    /// waited do not all land in the same instant.
    pub fn rate_limit_spread(mut self, spread: Duration) -> Self {
        self.rate_limit_spread = spread;
        self
    }

    /// Rate-limit waits a call may do before it gives up.
    pub fn max_rate_limit_retries(mut self, retries: u32) -> Self {
        self.max_rate_limit_retries = retries;
        self
    }

    /// Attempts per call, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest rate-limit wait this policy accepts.
    pub fn rate_limit_wait(&self) -> Duration {
        self.max_rate_limit_wait
    }

    /// How long to wait for a window that resets in `until`, given a draw `rand` in `[0, 1)`:
    /// `None` when that is beyond [`RetryPolicy::max_rate_limit_wait`].
    pub(crate) fn window_wait(&self, until: Duration, rand: f64) -> Option<Duration> {
        if until > self.max_rate_limit_wait {
            return None;
        }
        let jitter = self.rate_limit_spread.mul_f64(rand.clamp(0.0, 1.0));
        Some((until + jitter).min(self.max_rate_limit_wait))
    }
}

/// The backoff before retry number `attempt` (1 for the first retry): a draw `rand` in `[0, 1)`
/// of `initial × 2^(attempt-1)`, capped at `max` (exponential backoff with full jitter).
pub fn backoff(initial: Duration, max: Duration, attempt: u32, rand: f64) -> Duration {
    let factor = 1u32
        .checked_shl(attempt.saturating_sub(1))
        .unwrap_or(u32::MAX);
    initial
        .saturating_mul(factor)
        .min(max)
        .mul_f64(rand.clamp(0.0, 1.0))
}

/// What went wrong with one attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Failure<'a> {
    /// The server answered with this status.
    Status(u16, &'a HeaderMap),
    /// The connection could not be opened: nothing reached the server.
    Connect,
    /// No complete answer in time, or the connection broke: the server may have acted.
    Lost,
}

/// What a failed attempt means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// The rate limit is spent and the server said when its window resets: in this long.
    RateLimited(Duration),
    /// Worth another attempt after a backoff (or after `after`, when the server said);
    /// `acted` when the server may have done the work already.
    Transient {
        reason: &'static str,
        after: Option<Duration>,
        acted: bool,
    },
    /// Another attempt would fail the same way.
    Permanent,
}

/// Reads one failed attempt; `now` is the wall-clock time, for `X-RateLimit-Reset` and dates.
pub(crate) fn classify(failure: Failure<'_>, now: SystemTime) -> Class {
    match failure {
        Failure::Status(429, headers) => match server_wait(headers, now, true) {
            Some(until) => Class::RateLimited(until),
            None => Class::Transient {
                reason: "rate limited (429) with no reset time",
                after: None,
                acted: false,
            },
        },
        Failure::Status(status, headers) if RETRYABLE_STATUSES.contains(&status) => {
            Class::Transient {
                reason: match status {
                    500 => "server error (500)",
                    502 => "bad gateway (502)",
                    503 => "service unavailable (503)",
                    _ => "gateway timeout (504)",
                },
                after: server_wait(headers, now, false),
                acted: true,
            }
        }
        Failure::Status(..) => Class::Permanent,
        Failure::Connect => Class::Transient {
            reason: "connection failed",
            after: None,
            acted: false,
        },
        Failure::Lost => Class::Transient {
            reason: "timeout or connection lost",
            after: None,
            acted: true,
        },
    }
}

/// How long the server asks to wait: `Retry-After` (seconds, or an HTTP date), or for a 429 the
/// time left until `X-RateLimit-Reset` (Unix seconds).
pub(crate) fn server_wait(
    headers: &HeaderMap,
    now: SystemTime,
    rate_limited: bool,
) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(value) = text("retry-after") {
        if let Ok(secs) = value.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        if let Some(at) = http_date(value) {
            return Some(at.duration_since(now).unwrap_or_default());
        }
    }
    if rate_limited {
        let reset = text("x-ratelimit-reset")?.parse::<u64>().ok()?;
        // A reset past what `SystemTime` holds is "never": too far to wait for.
        let at = SystemTime::UNIX_EPOCH
            .checked_add(Duration::from_secs(reset))
            .unwrap_or(now + Duration::from_secs(u64::from(u32::MAX)));
        return Some(at.duration_since(now).unwrap_or_default());
    }
    None
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110's preferred form).
fn http_date(text: &str) -> Option<SystemTime> {
    let parsed =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc2822).ok()?;
    let secs = u64::try_from(parsed.unix_timestamp()).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

/// The verdict on a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait out a rate-limit window this long, then try again (no budget spent).
    Wait(Duration),
    /// Try again after this long; the reason is for logs.
    Retry(Duration, &'static str),
    /// Return the error; the reason is for logs.
    Stop(&'static str),
}

/// Where a call stands: failed attempts so far (the first included) and rate-limit waits done.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally {
    pub(crate) attempts: u32,
    pub(crate) rate_limit_waits: u32,
}

/// What to do about a failed attempt of class `class`, given a draw `rand` in `[0, 1)`.
pub(crate) fn decide(
    policy: &RetryPolicy,
    idempotent: bool,
    tally: Tally,
    class: Class,
    rand: f64,
) -> Decision {
    match class {
        Class::Permanent => Decision::Stop("status is not retryable"),
        Class::RateLimited(until) => {
            if tally.rate_limit_waits >= policy.max_rate_limit_retries {
                return Decision::Stop("no rate-limit waits left");
            }
            match policy.window_wait(until, rand) {
                Some(wait) => Decision::Wait(wait),
                None => Decision::Stop("the server asks to wait longer than max_rate_limit_wait"),
            }
        }
        Class::Transient { acted: true, .. } if !idempotent => {
            Decision::Stop("the operation is not idempotent and the server may have acted")
        }
        Class::Transient { reason, after, .. } => {
            if tally.attempts >= policy.max_attempts {
                return Decision::Stop("no attempts left");
            }
            match after {
                Some(w) if w > policy.max_rate_limit_wait => {
                    Decision::Stop("the server asks to wait longer than max_rate_limit_wait")
                }
                Some(w) => Decision::Retry(w, reason),
                None => Decision::Retry(
                    backoff(
                        policy.initial_backoff,
                        policy.max_backoff,
                        tally.attempts,
                        rand,
                    ),
                    reason,
                ),
            }
        }
    }
}

/// Tokens a client may spend on retries after failures; see the module docs.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    tokens: Mutex<u32>,
}

/// Capacity of the budget, and what a retry costs (AWS SDK's standard mode uses the same numbers).
const BUDGET: u32 = 500;
const RETRY_COST: u32 = 5;
const LOST_COST: u32 = 10;

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            tokens: Mutex::new(BUDGET),
        }
    }
}

impl RetryBudget {
    /// Takes the cost of one retry; false when the budget is spent.
    pub(crate) fn withdraw(&self, lost: bool) -> bool {
        let cost = if lost { LOST_COST } else { RETRY_COST };
        let Ok(mut tokens) = self.tokens.lock() else {
            return false;
        };
        if *tokens < cost {
            return false;
        }
        *tokens -= cost;
        true
    }

    /// A success returns one token.
    pub(crate) fn refund(&self) {
        if let Ok(mut tokens) = self.tokens.lock() {
            *tokens = (*tokens + 1).min(BUDGET);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const NOW: u64 = 1_700_000_000;

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(NOW)
    }

    fn tally(attempts: u32) -> Tally {
        Tally {
            attempts,
            rate_limit_waits: 0,
        }
    }

    fn decide_status(idempotent: bool, attempts: u32, status: u16, h: &HeaderMap) -> Decision {
        let class = classify(Failure::Status(status, h), now());
        decide(
            &RetryPolicy::default(),
            idempotent,
            tally(attempts),
            class,
            0.5,
        )
    }

    #[test]
    fn posts_are_not_repeated_after_a_server_error() {
        let h = HeaderMap::new();
        let p = RetryPolicy::default();
        assert!(matches!(
            decide_status(false, 1, 503, &h),
            Decision::Stop(_)
        ));
        let lost = classify(Failure::Lost, now());
        assert!(matches!(
            decide(&p, false, tally(1), lost, 0.5),
            Decision::Stop(_)
        ));
        assert!(matches!(
            decide_status(true, 1, 503, &h),
            Decision::Retry(..)
        ));
        let connect = classify(Failure::Connect, now());
        assert!(matches!(
            decide(&p, false, tally(1), connect, 0.5),
            Decision::Retry(..)
        ));
    }

    #[test]
    fn a_429_waits_until_its_reset_plus_jitter_and_a_far_one_stops() {
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-reset", HeaderValue::from(NOW + 2));
        let class = classify(Failure::Status(429, &h), now());
        assert_eq!(class, Class::RateLimited(Duration::from_secs(2)));
        let p = RetryPolicy::default();
        assert_eq!(
            decide(&p, false, tally(1), class, 0.0),
            Decision::Wait(Duration::from_secs(2))
        );
        assert_eq!(
            decide(&p, false, tally(1), class, 0.5),
            Decision::Wait(Duration::from_secs(3))
        );
        // Failures so far do not matter to a rate-limit wait.
        assert!(matches!(
            decide(&p, false, tally(9), class, 0.5),
            Decision::Wait(_)
        ));
        let spent = Tally {
            attempts: 1,
            rate_limit_waits: DEFAULT_MAX_RATE_LIMIT_RETRIES,
        };
        assert!(matches!(
            decide(&p, false, spent, class, 0.5),
            Decision::Stop(_)
        ));
        h.insert("x-ratelimit-reset", HeaderValue::from(NOW + 3600));
        assert!(matches!(decide_status(true, 1, 429, &h), Decision::Stop(_)));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from(7u64));
        assert_eq!(
            decide_status(true, 1, 503, &h),
            Decision::Retry(Duration::from_secs(7), "service unavailable (503)")
        );
        // 2023-11-14T22:13:50Z is NOW + 30 s.
        h.insert(
            "retry-after",
            HeaderValue::from_static("Tue, 14 Nov 2023 22:13:50 GMT"),
        );
        assert_eq!(server_wait(&h, now(), false), Some(Duration::from_secs(30)));
        h.insert(
            "retry-after",
            HeaderValue::from_static("Tue, 14 Nov 2023 22:15:20 GMT"),
        );
        assert_eq!(
            classify(Failure::Status(429, &h), now()),
            Class::RateLimited(Duration::from_secs(120))
        );
        // Two minutes away is beyond the default 60 s: the call fails at once.
        assert!(matches!(decide_status(true, 1, 429, &h), Decision::Stop(_)));
        let patient = RetryPolicy::default().max_rate_limit_wait(Duration::from_secs(180));
        let far = classify(Failure::Status(429, &h), now());
        assert_eq!(
            decide(&patient, true, tally(1), far, 0.0),
            Decision::Wait(Duration::from_secs(120))
        );
        h.insert(
            "retry-after",
            HeaderValue::from_static("Tue, 14 Nov 2023 22:00:00 GMT"),
        );
        assert_eq!(server_wait(&h, now(), false), Some(Duration::ZERO));
    }

    #[test]
    fn attempts_run_out_and_some_statuses_never_retry() {
        let h = HeaderMap::new();
        assert!(matches!(decide_status(true, 3, 503, &h), Decision::Stop(_)));
        let connect = classify(Failure::Connect, now());
        assert!(matches!(
            decide(&RetryPolicy::disabled(), true, tally(1), connect, 0.5),
            Decision::Stop(_)
        ));
        assert!(matches!(decide_status(true, 1, 400, &h), Decision::Stop(_)));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let (one, four) = (Duration::from_secs(1), Duration::from_secs(4));
        for attempt in 1..40 {
            let cap = Duration::from_secs(1u64 << (attempt - 1).min(10)).min(four);
            assert_eq!(backoff(one, four, attempt, 1.0), cap, "attempt {attempt}");
            assert_eq!(backoff(one, four, attempt, 0.0), Duration::ZERO);
        }
    }

    #[test]
    fn the_budget_runs_out_and_refills() {
        let b = RetryBudget::default();
        let mut spent = 0;
        while b.withdraw(false) {
            spent += 1;
        }
        assert_eq!(spent, BUDGET / RETRY_COST);
        for _ in 0..RETRY_COST {
            b.refund();
        }
        assert!(b.withdraw(false));
        assert!(!b.withdraw(false));
    }
}
