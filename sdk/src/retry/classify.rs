//! What a failed attempt means: a rate limit to wait out, a failure worth another attempt
//! (perhaps only for idempotent operations), or one that will not change.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use crate::retry::policy::RETRYABLE_STATUSES;

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
