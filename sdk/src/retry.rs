//! When a failed attempt is tried again, and after how long.
//!
//! - A 429 is always safe to repeat: the client waits until `X-RateLimit-Reset` (or `Retry-After`),
//!   unless that is further away than [`RetryPolicy::max_rate_limit_wait`]; then it gives up at
//!   once rather than sleep for minutes.
//! - 500, 502, 503, 504 and timeouts may mean the server did the work: they are retried only for
//!   operations the manifest marks idempotent (GET, PUT, DELETE by default), so `createNote` never
//!   posts twice. `Retry-After` is honoured.
//! - A connection that could not be opened never reached the server: always safe to retry.
//! - Backoff is exponential with full jitter, capped at [`RetryPolicy::max_backoff`].
//! - A retry budget shared by all calls of a client (a token bucket: each retry spends tokens, each
//!   success returns one) keeps a storm of 429s or 503s from multiplying the load.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

/// Attempts per call, the first included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// First backoff before jitter; it doubles on each retry.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// Largest backoff between two attempts.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);
/// Longest wait for a rate-limit window to reset; a later reset fails the call at once.
pub const DEFAULT_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);

/// How failed attempts are retried. `RetryPolicy::default()` is what a client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            max_rate_limit_wait: DEFAULT_MAX_RATE_LIMIT_WAIT,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts per call, the first included (at least 1).
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

    /// Attempts per call, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest rate-limit wait this policy accepts.
    pub fn rate_limit_wait(&self) -> Duration {
        self.max_rate_limit_wait
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(
            1u32.checked_shl(attempt.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let cap = exp.min(self.max_backoff);
        cap.mul_f64(fastrand::f64())
    }
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

/// The verdict on a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Try again after this long; the reason is for logs.
    Retry(Duration, &'static str),
    /// Return the error; the reason is for logs.
    Stop(&'static str),
}

/// Seconds to wait named by `Retry-After` (seconds form) or `X-RateLimit-Reset` (Unix seconds).
fn server_wait(headers: &HeaderMap, rate_limited: bool) -> Option<Duration> {
    let num = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    if let Some(secs) = num("retry-after") {
        return Some(Duration::from_secs(secs));
    }
    if rate_limited {
        let reset = num("x-ratelimit-reset")?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        return Some(Duration::from_secs(reset.saturating_sub(now)));
    }
    None
}

pub(crate) fn decide(
    policy: &RetryPolicy,
    idempotent: bool,
    attempt: u32,
    failure: Failure<'_>,
) -> Decision {
    let (safe, reason, wait) = match failure {
        Failure::Status(429, headers) => (true, "rate limited (429)", server_wait(headers, true)),
        Failure::Status(s @ (500 | 502 | 503 | 504), headers) => {
            let reason = match s {
                500 => "server error (500)",
                502 => "bad gateway (502)",
                503 => "service unavailable (503)",
                _ => "gateway timeout (504)",
            };
            (idempotent, reason, server_wait(headers, false))
        }
        Failure::Status(..) => return Decision::Stop("status is not retryable"),
        Failure::Connect => (true, "connection failed", None),
        Failure::Lost => (idempotent, "timeout or connection lost", None),
    };
    if !safe {
        return Decision::Stop("the operation is not idempotent and the server may have acted");
    }
    if attempt >= policy.max_attempts {
        return Decision::Stop("no attempts left");
    }
    match wait {
        Some(w) if w > policy.max_rate_limit_wait => {
            Decision::Stop("the server asks to wait longer than max_rate_limit_wait")
        }
        Some(w) => Decision::Retry(w, reason),
        None => Decision::Retry(policy.backoff(attempt), reason),
    }
}

/// Tokens a client may spend on retries; see the module docs.
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

    #[test]
    fn posts_are_not_repeated_after_a_server_error() {
        let h = HeaderMap::new();
        let p = RetryPolicy::default();
        assert!(matches!(
            decide(&p, false, 1, Failure::Status(503, &h)),
            Decision::Stop(_)
        ));
        assert!(matches!(
            decide(&p, false, 1, Failure::Lost),
            Decision::Stop(_)
        ));
        assert!(matches!(
            decide(&p, true, 1, Failure::Status(503, &h)),
            Decision::Retry(..)
        ));
        assert!(matches!(
            decide(&p, false, 1, Failure::Connect),
            Decision::Retry(..)
        ));
    }

    #[test]
    fn a_429_is_always_retried_until_its_reset() {
        let mut h = HeaderMap::new();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        h.insert("x-ratelimit-reset", HeaderValue::from(now + 2));
        let p = RetryPolicy::default();
        match decide(&p, false, 1, Failure::Status(429, &h)) {
            Decision::Retry(d, _) => assert!(
                d <= Duration::from_secs(2) && d >= Duration::from_secs(1),
                "{d:?}"
            ),
            other => panic!("{other:?}"),
        }
        h.insert("x-ratelimit-reset", HeaderValue::from(now + 3600));
        assert!(matches!(
            decide(&p, true, 1, Failure::Status(429, &h)),
            Decision::Stop(_)
        ));
    }

    #[test]
    fn retry_after_wins_and_attempts_run_out() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from(7u64));
        let p = RetryPolicy::default();
        assert_eq!(
            decide(&p, true, 1, Failure::Status(503, &h)),
            Decision::Retry(Duration::from_secs(7), "service unavailable (503)")
        );
        assert!(matches!(
            decide(&p, true, 3, Failure::Status(503, &h)),
            Decision::Stop(_)
        ));
        assert!(matches!(
            decide(&RetryPolicy::disabled(), true, 1, Failure::Connect),
            Decision::Stop(_)
        ));
        assert!(matches!(
            decide(&p, true, 1, Failure::Status(400, &h)),
            Decision::Stop(_)
        ));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_secs(1))
            .max_backoff(Duration::from_secs(4));
        for attempt in 1..10 {
            let d = p.backoff(attempt);
            let cap = Duration::from_secs(1u64 << (attempt - 1)).min(Duration::from_secs(4));
            assert!(d <= cap, "attempt {attempt}: {d:?} > {cap:?}");
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
