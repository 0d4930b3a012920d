//! When a failed attempt is tried again, and after how long: [`policy`] (the settings and the
//! backoff), [`classify`] (what a failed attempt means), [`strategy`] (what to do about it) and
//! [`budget`] (the token bucket all calls of a client share).
//!
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

pub(crate) mod budget;
pub(crate) mod classify;
pub(crate) mod policy;
pub(crate) mod strategy;

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use reqwest::header::HeaderMap;

    use super::budget::{BUDGET, RETRY_COST, RetryBudget};
    use super::classify::{Class, Failure, classify, server_wait};
    use super::policy::{DEFAULT_MAX_RATE_LIMIT_RETRIES, RetryPolicy, backoff};
    use super::strategy::{Decision, Tally, decide};
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
