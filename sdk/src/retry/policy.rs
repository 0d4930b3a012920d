//! The settings of retries ([`RetryPolicy`]) and the backoff between attempts.

use std::time::Duration;

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
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_rate_limit_wait: Duration,
    pub(crate) rate_limit_spread: Duration,
    pub(crate) max_rate_limit_retries: u32,
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
