//! What every clone of a [`Client`] shares: the HTTP client, credentials, base URL, settings,
//! hooks, the retry budget and the last rate-limit state.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::client::clock::Clock;
use crate::client::hooks::Hooks;
use crate::error::RateLimit;
use crate::meta::Api;
use crate::retry::budget::RetryBudget;
use crate::retry::policy::RetryPolicy;

/// `User-Agent` of every request: the SDK and its version.
pub const SDK_USER_AGENT: &str = concat!("intercom-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A handle to the Intercom API. Cheap to clone: clones share one connection pool, one retry
/// budget and one view of the rate limit.
///
/// ```no_run
/// # #[cfg(feature = "v2")]
/// # async fn demo() -> Result<(), intercom_sdk::Error> {
/// let client = intercom_sdk::Client::builder()
///     .token(std::env::var("INTERCOM_ACCESS_TOKEN").unwrap_or_default())
///     .build()?;
/// let admins = client.admins().list().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// What every clone of a client shares.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// The `reqwest::Client` came from the user: it may follow redirects itself.
    pub(crate) given_http_client: bool,
    /// `Bearer <token>`, marked sensitive.
    pub(crate) auth: Option<HeaderValue>,
    pub(crate) base: reqwest::Url,
    /// `base` without its trailing `/`; paths are appended to it.
    pub(crate) base_url: String,
    pub(crate) version_header: HeaderName,
    /// `Intercom-Version` of the 1.x operations.
    pub(crate) v1_version: HeaderValue,
    /// `Intercom-Version` of the 2.x operations (and of raw calls when `v2` is compiled in).
    pub(crate) v2_version: HeaderValue,
    pub(crate) attempt_timeout: Duration,
    pub(crate) operation_timeout: Duration,
    pub(crate) max_response_size: usize,
    /// Whether calls decode strictly unless they say otherwise.
    pub(crate) strict: bool,
    pub(crate) retry: RetryPolicy,
    pub(crate) budget: RetryBudget,
    pub(crate) rate_limit: Mutex<Option<RateLimit>>,
    pub(crate) hooks: Hooks,
    pub(crate) clock: Clock,
}

impl Inner {
    /// The `Intercom-Version` the operations of `api` are sent with.
    pub(crate) fn version(&self, api: Api) -> &HeaderValue {
        match api {
            Api::V1 => &self.v1_version,
            Api::V2 => &self.v2_version,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("v1_version", &self.inner.v1_version)
            .field("v2_version", &self.inner.v2_version)
            .field("token", &self.inner.auth.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn from_inner(inner: Arc<Inner>) -> Self {
        Client { inner }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Rate-limit state of the last answer that carried `X-RateLimit-*` headers, success or not.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.rate_limit.lock().ok().and_then(|r| *r)
    }

    /// Keeps the rate-limit state an answer announced, for [`Client::rate_limit`] and the wait
    /// before the next call.
    pub(crate) fn remember_rate_limit(&self, headers: &HeaderMap) {
        let limit = RateLimit::from_headers(headers);
        if limit != RateLimit::default() {
            if let Ok(mut slot) = self.inner.rate_limit.lock() {
                *slot = Some(limit);
            }
        }
    }

    /// Whether `url` is under the base URL: the only place the token goes.
    pub(crate) fn within_base(&self, url: &reqwest::Url) -> bool {
        within_base(&self.inner.base, url)
    }
}

/// Whether `url` is under `base`: its scheme, host and port, no user name or password (which
/// the HTTP client would send as a second `Authorization`), and a path inside the base URL's
/// (after `..` and `%2e%2e` are resolved, as the URL parser does).
pub(crate) fn within_base(base: &reqwest::Url, url: &reqwest::Url) -> bool {
    let prefix = base.path().trim_end_matches('/');
    let path = url.path();
    url.scheme() == base.scheme()
        && url.host_str() == base.host_str()
        && url.port_or_known_default() == base.port_or_known_default()
        && url.username().is_empty()
        && url.password().is_none()
        && (prefix.is_empty()
            || path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/')))
}
