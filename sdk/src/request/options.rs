//! The settings of one call, which override the client's for that call only.

use std::time::Duration;

use crate::retry::policy::RetryPolicy;

/// Per-call overrides of the client's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    /// Whole call, retries included.
    pub(crate) timeout: Option<Duration>,
    /// Each attempt.
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    /// Largest answer body read.
    pub(crate) max_response_size: Option<usize>,
    /// Headers sent besides the SDK's own, as given: (name, value), checked when sent.
    pub(crate) headers: Vec<(String, String)>,
    /// `Intercom-Version` of this call.
    pub(crate) version: Option<String>,
    /// Whether a value of an unexpected JSON type fails the call (the client's setting is
    /// filled in when the call is sent).
    pub(crate) strict: Option<bool>,
}

/// The settings of one call, for every request builder (generated ones and [`RawRequest`]):
/// they override the client's for this call only.
///
/// [`RawRequest`]: crate::RawRequest
macro_rules! call_settings {
    () => {
        /// Time allowed for this call, retries and their waits included (overrides the
        /// client's).
        #[inline]
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options.timeout = Some(timeout);
            self
        }

        /// Time allowed for each attempt of this call (overrides the client's).
        #[inline]
        pub fn attempt_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options.attempt_timeout = Some(timeout);
            self
        }

        /// Largest answer body read for this call, in bytes (overrides the client's).
        #[inline]
        pub fn max_response_size(mut self, bytes: usize) -> Self {
            self.options.max_response_size = Some(bytes);
            self
        }

        /// Retry policy of this call (overrides the client's); `RetryPolicy::disabled()` for
        /// a single attempt.
        #[inline]
        pub fn retry_policy(mut self, policy: $crate::retry::policy::RetryPolicy) -> Self {
            self.options.retry = Some(policy);
            self
        }

        /// A header sent with every attempt of this call, besides (or instead of) the SDK's
        /// own. A name or value a header cannot carry refuses the call before anything is sent.
        #[inline]
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.options.headers.push((name.into(), value.into()));
            self
        }

        /// The `Intercom-Version` of this call (overrides the client's).
        #[inline]
        pub fn intercom_version(mut self, version: impl Into<String>) -> Self {
            self.options.version = Some(version.into());
            self
        }

        /// Strict decoding for this call (overrides the client's, see
        /// [`ClientBuilder::strict`](crate::ClientBuilder::strict)): with `true`, an answer
        /// holding a value of an unexpected JSON type fails with
        /// [`Error::Surprises`](crate::Error::Surprises). It applies to answers decoded into
        /// this SDK's models, not to a raw call's own serde types.
        #[inline]
        pub fn strict(mut self, strict: bool) -> Self {
            self.options.strict = Some(strict);
            self
        }
    };
}

pub(crate) use call_settings;
