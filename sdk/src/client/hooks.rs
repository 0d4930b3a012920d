//! Hooks around every attempt a client makes: for metrics, logs and headers of your own.
//!
//! ```
//! use std::sync::Arc;
//! use std::sync::atomic::{AtomicU64, Ordering};
//! use intercom_sdk::header::HeaderValue;
//!
//! let calls = Arc::new(AtomicU64::new(0));
//! let counted = calls.clone();
//! let client = intercom_sdk::Client::builder()
//!     .token("dG9rOmV4YW1wbGU=")
//!     .before_attempt(|attempt, headers| {
//!         // Every attempt of every call, retries included, carries a trace id.
//!         headers.insert("x-trace-id", HeaderValue::from_static("trace-42"));
//!         let _ = (attempt.operation.name, attempt.number);
//!     })
//!     .after_attempt(move |attempt, end| {
//!         counted.fetch_add(1, Ordering::Relaxed);
//!         println!("{} {} -> {:?} in {:?}", attempt.method.as_str(), attempt.path, end.status, end.elapsed);
//!     })
//!     .build()?;
//! # let _ = client; Ok::<(), intercom_sdk::Error>(())
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::meta::{Method, Operation};

/// One attempt of a call, as hooks see it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The operation ([`crate::meta::raw`] for a [`Client::raw`](crate::Client::raw) call).
    pub operation: &'static Operation,
    /// Its HTTP method.
    pub method: Method,
    /// The path template the request was routed to (`/users/{userId}`); for a raw call, the
    /// path given.
    pub path_template: &'a str,
    /// The path sent, ids filled in.
    pub path: &'a str,
    /// 1 for the first attempt, then one more for each retry or rate-limit wait.
    pub number: u32,
}

/// How an attempt ended, as [`ClientBuilder::after_attempt`](crate::ClientBuilder::after_attempt)
/// hooks see it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AttemptEnd<'a> {
    /// The status of the answer; `None` when there was none (the connection failed, the
    /// attempt timed out, the answer was too large).
    pub status: Option<u16>,
    /// The answer's headers, when there was an answer.
    pub headers: Option<&'a HeaderMap>,
    /// From sending to the answer read whole (or to the failure).
    pub elapsed: Duration,
}

type Before = dyn Fn(&Attempt<'_>, &mut HeaderMap) + Send + Sync;
type After = dyn Fn(&Attempt<'_>, &AttemptEnd<'_>) + Send + Sync;

/// The hooks of a client, in the order they were added.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    before: Vec<Arc<Before>>,
    after: Vec<Arc<After>>,
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("before_attempt", &self.before.len())
            .field("after_attempt", &self.after.len())
            .finish()
    }
}

impl Hooks {
    pub(crate) fn add_before(
        &mut self,
        hook: impl Fn(&Attempt<'_>, &mut HeaderMap) + Send + Sync + 'static,
    ) {
        self.before.push(Arc::new(hook));
    }

    pub(crate) fn add_after(
        &mut self,
        hook: impl Fn(&Attempt<'_>, &AttemptEnd<'_>) + Send + Sync + 'static,
    ) {
        self.after.push(Arc::new(hook));
    }

    pub(crate) fn before(&self, attempt: &Attempt<'_>, headers: &mut HeaderMap) {
        for hook in &self.before {
            hook(attempt, headers);
        }
    }

    pub(crate) fn after(&self, attempt: &Attempt<'_>, end: &AttemptEnd<'_>) {
        for hook in &self.after {
            hook(attempt, end);
        }
    }

    /// Runs the `before` hooks, and makes sure the `after` hooks run once for this attempt: when
    /// [`Started::end`] is called, or with no answer when the attempt is dropped (the call timed
    /// out as a whole, or the caller dropped its future), so paired metrics never leak.
    pub(crate) fn start<'a>(
        &'a self,
        attempt: Attempt<'a>,
        headers: &mut HeaderMap,
    ) -> Started<'a> {
        self.before(&attempt, headers);
        Started {
            hooks: self,
            attempt,
            at: tokio::time::Instant::now(),
            ended: false,
        }
    }
}

/// An attempt the `before` hooks have seen; see [`Hooks::start`].
pub(crate) struct Started<'a> {
    hooks: &'a Hooks,
    attempt: Attempt<'a>,
    at: tokio::time::Instant,
    ended: bool,
}

impl Started<'_> {
    /// Time since the attempt started.
    pub(crate) fn elapsed(&self) -> Duration {
        self.at.elapsed()
    }

    /// Runs the `after` hooks with how the attempt ended.
    pub(crate) fn end(mut self, status: Option<u16>, headers: Option<&HeaderMap>) {
        self.ended = true;
        let end = AttemptEnd {
            status,
            headers,
            elapsed: self.elapsed(),
        };
        self.hooks.after(&self.attempt, &end);
    }
}

impl Drop for Started<'_> {
    fn drop(&mut self) {
        if !self.ended {
            let end = AttemptEnd {
                status: None,
                headers: None,
                elapsed: self.elapsed(),
            };
            self.hooks.after(&self.attempt, &end);
        }
    }
}
