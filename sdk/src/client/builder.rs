//! [`ClientBuilder`]: every setting of a [`Client`], checked once when it is built.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::client::clock::Clock;
use crate::client::hooks::{Attempt, AttemptEnd, Hooks};
use crate::client::shared::{Client, Inner};
use crate::error::Error;
use crate::generated::api::{DEFAULT_BASE_URL, VERSION_HEADER};
use crate::meta::Api;
use crate::model::secret::Secret;
use crate::retry::budget::RetryBudget;
use crate::retry::policy::RetryPolicy;

/// Time allowed to open a connection, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time allowed for one attempt (sending and reading the whole answer), unless configured otherwise.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time allowed for a whole call, retries and their waits included, unless configured otherwise.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(120);
/// Largest answer read, unless configured otherwise: a few MiB above Intercom's largest pages (a
/// page of 60 users or one long conversation is well under 2 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 8 * 1024 * 1024;

/// Whether a TLS backend is compiled in (the `rustls` or `native-tls` feature).
const TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

impl Client {
    /// A client for `https://api.intercom.io` with the given access token and default settings.
    ///
    /// # Panics
    ///
    /// When the token is empty or cannot be sent in a header, or the TLS backend cannot be
    /// initialised. [`Client::builder`] reports these as errors instead: use it for a token read
    /// from the environment or a file.
    pub fn new(token: impl Into<String>) -> Self {
        match Client::builder().token(token).build() {
            Ok(client) => client,
            Err(e) => panic!("cannot build the client: {e}"),
        }
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

/// Settings of a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    token: Option<Secret>,
    base_url: Option<String>,
    /// `Intercom-Version` overrides: for the 1.x operations, and for the 2.x ones.
    v1_version: Option<String>,
    v2_version: Option<String>,
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_size: Option<usize>,
    retry: Option<RetryPolicy>,
    strict: bool,
    http: Option<reqwest::Client>,
    hooks: Hooks,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("v1_version", &self.v1_version)
            .field("v2_version", &self.v2_version)
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_size", &self.max_response_size)
            .field("retry", &self.retry)
            .field("strict", &self.strict)
            .field("hooks", &self.hooks)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The access token (personal or OAuth) sent as `Authorization: Bearer …`. An empty token
    /// is refused by [`ClientBuilder::build`].
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret::from(token.into()));
        self
    }

    /// Where requests go; default `https://api.intercom.io`. Useful for a local mock.
    ///
    /// It must be `http` or `https` with a host, and may have a path prefix (a proxy); a query,
    /// a fragment or a user name and password are refused by [`ClientBuilder::build`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The `Intercom-Version` header of the operations of that version's API: `1.x` for the
    /// 1.x operations (default `1.4`), anything else for the 2.x ones (default `2.16`). One
    /// client can speak both: `.intercom_version("1.3").intercom_version("2.14")`.
    pub fn intercom_version(mut self, version: impl Into<String>) -> Self {
        let version = version.into();
        match Api::of_version(&version) {
            Api::V1 => self.v1_version = Some(version),
            Api::V2 => self.v2_version = Some(version),
        }
        self
    }

    /// Time allowed for a whole call, retries included; default [`DEFAULT_OPERATION_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed for one attempt; default [`DEFAULT_ATTEMPT_TIMEOUT`].
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Largest answer body read, in bytes; default [`DEFAULT_MAX_RESPONSE_SIZE`]. A larger one
    /// fails the call with [`Error::ResponseTooLarge`] as soon as the limit is crossed.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// How failed attempts are retried; default [`RetryPolicy::default`].
    /// [`RetryPolicy::disabled`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Strict decoding, for every call (a call's `.strict(…)` overrides it); default `false`.
    ///
    /// By default decoding is tolerant: a member whose JSON type does not fit (`"12"` where the
    /// API reference says integer) is kept as sent, written back unchanged, and its field is
    /// `None`; [`UnknownFields::surprises`](crate::UnknownFields::surprises) lists such members,
    /// and a tracing warning names them. Pick tolerant for a service that must keep working when
    /// Intercom's answers drift. Pick strict where a `None` that hides a value costs more than a
    /// failed call: an export, a migration, a sync that overwrites data. A strict call fails with
    /// [`Error::Surprises`], which names every such member with the type it takes and the type
    /// that came. Unknown members and enum values are not surprises: they lose nothing.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Time allowed to connect; default [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sends through this `reqwest::Client`, to share its connection pool or its settings.
    ///
    /// The client given then owns what is fixed when a `reqwest::Client` is built: TLS (backend,
    /// roots, client certificates), proxies, the connect timeout, pooling, default headers and
    /// the redirect policy. Build it with `.redirect(reqwest::redirect::Policy::none())`: then
    /// this SDK follows redirects itself, only on the base URL's origin, as it does with its own
    /// client (an answer that a following client fetched from another origin fails with
    /// [`Error::Redirect`], but the request has been sent there). What stays per request is set
    /// here as usual: the token, `Intercom-Version`, the attempt and call timeouts, the response
    /// size limit and the retry policy. Setting [`ClientBuilder::connect_timeout`] as well is
    /// refused by [`ClientBuilder::build`], since it could not take effect.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Runs `hook` before each attempt of every call (retries included), with the attempt and
    /// the headers it is about to send beyond the SDK's own; what the hook inserts is sent (a
    /// trace id, a header of a proxy). Hooks run in the order they were added.
    pub fn before_attempt(
        mut self,
        hook: impl Fn(&Attempt<'_>, &mut reqwest::header::HeaderMap) + Send + Sync + 'static,
    ) -> Self {
        self.hooks.add_before(hook);
        self
    }

    /// Runs `hook` after each attempt of every call, with its status, headers and duration: for
    /// metrics and logs.
    pub fn after_attempt(
        mut self,
        hook: impl Fn(&Attempt<'_>, &AttemptEnd<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.hooks.add_after(hook);
        self
    }

    /// The client, or why these settings cannot work ([`Error::Config`]).
    pub fn build(self) -> Result<Client, Error> {
        let base = base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let auth = self.token.as_ref().map(authorization).transpose()?;
        let version = |given: Option<String>, api: Api| {
            let text = given.unwrap_or_else(|| api.default_version().to_owned());
            HeaderValue::from_str(&text).map_err(|_| {
                Error::Config(format!("`{text}` is not a valid {VERSION_HEADER} value"))
            })
        };
        let v1_version = version(self.v1_version, Api::V1)?;
        let v2_version = version(self.v2_version, Api::V2)?;
        let version_header = HeaderName::from_bytes(VERSION_HEADER.as_bytes())
            .map_err(|e| Error::Config(format!("header `{VERSION_HEADER}`: {e}")))?;
        let given = self.http.is_some();
        let http = match (self.http, self.connect_timeout) {
            (Some(_), Some(_)) => {
                return Err(Error::Config(
                    "connect_timeout cannot apply to a client given with http_client: set it on that reqwest::Client".into(),
                ));
            }
            (Some(http), None) => http,
            (None, connect_timeout) => reqwest::Client::builder()
                .connect_timeout(connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                // Redirects are followed by the client itself, only on the base URL's origin.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("HTTP client: {e}")))?,
        };
        Ok(Client::from_inner(Arc::new(Inner {
            http,
            given_http_client: given,
            auth,
            base_url: base.as_str().trim_end_matches('/').to_owned(),
            base,
            version_header,
            v1_version,
            v2_version,
            attempt_timeout: self.attempt_timeout.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT),
            operation_timeout: self.timeout.unwrap_or(DEFAULT_OPERATION_TIMEOUT),
            max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
            retry: self.retry.unwrap_or_default(),
            strict: self.strict,
            budget: RetryBudget::default(),
            rate_limit: Mutex::new(None),
            hooks: self.hooks,
            clock: Clock::start(),
        })))
    }
}

/// The base URL, checked: http(s), a host, no query, no fragment, no credentials; a path prefix
/// is kept.
fn base_url(text: &str) -> Result<reqwest::Url, Error> {
    let refuse = |why: &str| Error::Config(format!("base URL: {why}"));
    let url = reqwest::Url::parse(text).map_err(|e| refuse(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(refuse("it must be http(s)://host[:port][/prefix]"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            "it holds a user name or password; give the token with .token(…) instead",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(refuse(&format!(
            "`{}` has a query or a fragment, which would misroute every call",
            url.as_str()
        )));
    }
    if url.scheme() == "https" && !TLS {
        return Err(refuse(&format!(
            "`{}` needs TLS: enable the `rustls` or `native-tls` feature of intercom-sdk",
            url.as_str()
        )));
    }
    Ok(url)
}

/// `Authorization: Bearer <token>`, marked sensitive so hyper keeps it out of its own logs.
fn authorization(token: &Secret) -> Result<HeaderValue, Error> {
    if token.expose().trim().is_empty() {
        return Err(Error::Config(
            "the access token is empty: give the token of your Intercom app".into(),
        ));
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
        Error::Config("the access token holds characters a header cannot carry".into())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_error(built: Result<Client, Error>) -> String {
        match built {
            Err(Error::Config(message)) => message,
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn a_connect_timeout_next_to_a_given_http_client_is_refused() {
        let message = config_error(
            Client::builder()
                .token("t")
                .http_client(reqwest::Client::new())
                .connect_timeout(Duration::from_secs(1))
                .build(),
        );
        assert!(message.contains("connect_timeout"), "{message}");
        assert!(
            Client::builder()
                .token("t")
                .http_client(reqwest::Client::new())
                .build()
                .is_ok()
        );
    }

    #[test]
    fn https_needs_a_tls_feature() {
        let built = Client::builder().token("t").build();
        assert_eq!(built.is_ok(), TLS, "{built:?}");
        assert!(
            Client::builder()
                .token("t")
                .base_url("http://127.0.0.1:1")
                .build()
                .is_ok()
        );
    }

    #[test]
    fn base_urls_that_would_misroute_or_leak_are_refused() {
        for bad in [
            "http://127.0.0.1:1/prefix#f",
            "http://127.0.0.1:1/prefix?x=1",
            "http://user:pw@127.0.0.1:1",
            "http://user@127.0.0.1:1",
            "ftp://127.0.0.1",
            "file:///etc/passwd",
            "not a url",
        ] {
            let message = config_error(Client::builder().token("t").base_url(bad).build());
            assert!(!message.contains("pw@"), "{message}");
        }
        let client = Client::builder()
            .token("t")
            .base_url("http://127.0.0.1:1/prefix/")
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(client.base_url(), "http://127.0.0.1:1/prefix");
    }

    #[test]
    fn an_empty_or_unsendable_token_is_refused() {
        for bad in ["", "  ", "tok\nen"] {
            let message = config_error(
                Client::builder()
                    .token(bad)
                    .base_url("http://127.0.0.1:1")
                    .build(),
            );
            assert!(message.contains("token"), "{message}");
        }
    }
}
