//! What to do about a failed attempt: wait, retry after a backoff, or stop.

use std::time::Duration;

use crate::retry::classify::Class;
use crate::retry::policy::{RetryPolicy, backoff};

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
