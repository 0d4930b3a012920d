//! The client: credentials, base URL, API version, and the one place requests are sent.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use secrecy::ExposeSecret;
use tracing::Instrument;

use crate::api::{DEFAULT_BASE_URL, DEFAULT_VERSION, VERSION_HEADER};
use crate::operation::{Decoder, Response};
use crate::request::Request;
use crate::retry::{self, Decision, Failure, RetryBudget};
use crate::{ApiError, Error, RateLimit, RetryPolicy, Secret};

/// `User-Agent` of every request: the SDK and its version.
pub const SDK_USER_AGENT: &str = concat!("intercom-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// Time allowed to open a connection, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time allowed for one attempt (sending and reading the whole answer), unless configured otherwise.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time allowed for a whole call, retries and their waits included, unless configured otherwise.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(120);

/// Whether a TLS backend is compiled in (the `rustls` or `native-tls` feature).
const TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// A handle to the Intercom API. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn demo() -> Result<(), intercom_sdk::Error> {
/// let client = intercom_sdk::Client::new("my-access-token");
/// let admins = client.get_admins().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    token: Option<Secret>,
    base_url: String,
    version_header: HeaderName,
    version: HeaderValue,
    attempt_timeout: Duration,
    operation_timeout: Duration,
    retry: RetryPolicy,
    budget: RetryBudget,
    rate_limit: Mutex<Option<RateLimit>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("version", &self.inner.version)
            .field("token", &self.inner.token.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `https://api.intercom.io` with the given access token and default settings.
    ///
    /// # Panics
    ///
    /// When the TLS backend cannot be initialised (as `reqwest::Client::new` does); use
    /// [`Client::builder`] to get that as an error instead.
    pub fn new(token: impl Into<String>) -> Self {
        match Client::builder().token(token).build() {
            Ok(client) => client,
            Err(e) => panic!("cannot build the HTTP client: {e}"),
        }
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Rate-limit state of the last answer that carried `X-RateLimit-*` headers, success or not.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.rate_limit.lock().ok().and_then(|r| *r)
    }

    /// [`Client::execute`] on an owned client, for futures that outlive the builder.
    pub(crate) async fn execute_owned<T>(
        self,
        req: Request,
        decode: Decoder<T>,
    ) -> Result<Response<T>, Error> {
        self.execute(req, decode).await
    }

    /// [`Client::execute`], keeping only the decoded value.
    pub(crate) async fn execute_value<T>(
        self,
        req: Request,
        decode: Decoder<T>,
    ) -> Result<T, Error> {
        self.execute(req, decode).await.map(Response::into_value)
    }

    /// Sends `req` with retries and timeouts, then decodes the answer.
    pub(crate) async fn execute<T>(
        &self,
        req: Request,
        decode: Decoder<T>,
    ) -> Result<Response<T>, Error> {
        let (status, headers, body) = self.execute_raw(&req).await?;
        let value = decode(&req, status, &body)?;
        Ok(Response::new(value, status, headers, body))
    }

    /// Everything but decoding, kept free of the output type so the retry loop is compiled once,
    /// not once per response model.
    async fn execute_raw(&self, req: &Request) -> Result<(u16, HeaderMap, Bytes), Error> {
        let op = req.meta.name;
        if let Some((field, message)) = req.invalid.clone() {
            return Err(Error::InvalidInput {
                operation: op,
                field,
                message,
            });
        }
        let deadline = req.options.timeout.unwrap_or(self.inner.operation_timeout);
        match tokio::time::timeout(deadline, self.attempts(req)).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                operation: op,
                after: deadline,
            }),
        }
    }

    async fn attempts(&self, req: &Request) -> Result<(u16, HeaderMap, Bytes), Error> {
        let op = req.meta.name;
        let policy = req.options.retry.unwrap_or(self.inner.retry);
        let url = self.url(req)?;
        let token = match (&self.inner.token, req.meta.auth) {
            (_, false) => None,
            (Some(token), true) => {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
                    .map_err(|_| Error::InvalidInput {
                        operation: op,
                        field: "accessToken",
                        message: "the token is not a valid header value".into(),
                    })?;
                value.set_sensitive(true);
                Some(value)
            }
            (None, true) => {
                return Err(Error::InvalidInput {
                    operation: op,
                    field: "accessToken",
                    message: "the client has no access token".into(),
                });
            }
        };
        let body = match &req.body {
            Some(body) => Some(serde_json::to_vec(body).map_err(|e| Error::InvalidInput {
                operation: op,
                field: "body",
                message: e.to_string(),
            })?),
            None => None,
        };
        let attempt_timeout = req
            .options
            .attempt_timeout
            .unwrap_or(self.inner.attempt_timeout);
        let mut attempt = 1;
        loop {
            let span = tracing::info_span!(
                "intercom.request",
                operation = op,
                method = req.meta.method.as_str(),
                path = req.meta.path,
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let mut builder = self
                .inner
                .http
                .request(req.meta.method.to_reqwest(), url.clone())
                .timeout(attempt_timeout)
                .header(ACCEPT, "application/json")
                .header(USER_AGENT, HeaderValue::from_static(SDK_USER_AGENT))
                .header(
                    self.inner.version_header.clone(),
                    self.inner.version.clone(),
                );
            if let Some(token) = &token {
                builder = builder.header(AUTHORIZATION, token.clone());
            }
            if let Some(body) = &body {
                builder = builder
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            let result = send(builder).instrument(span.clone()).await;
            span.record("elapsed_ms", started.elapsed().as_millis());
            let decision = match &result {
                Ok((status, headers, _)) => {
                    span.record("status", status);
                    self.remember_rate_limit(headers);
                    let failed = !(200..300).contains(status);
                    failed.then(|| {
                        retry::decide(
                            &policy,
                            req.meta.idempotent,
                            attempt,
                            Failure::Status(*status, headers),
                        )
                    })
                }
                Err(e) if e.is_builder() => None,
                Err(e) if e.is_connect() => Some(retry::decide(
                    &policy,
                    req.meta.idempotent,
                    attempt,
                    Failure::Connect,
                )),
                Err(_) => Some(retry::decide(
                    &policy,
                    req.meta.idempotent,
                    attempt,
                    Failure::Lost,
                )),
            };
            let lost = matches!(&result, Err(e) if !e.is_connect());
            let _enter = span.enter();
            match decision {
                Some(Decision::Retry(delay, reason)) if self.inner.budget.withdraw(lost) => {
                    tracing::info!(attempt, delay_ms = delay.as_millis(), reason, "retrying");
                    drop(_enter);
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
                Some(Decision::Retry(_, reason)) => {
                    tracing::warn!(attempt, reason, "not retrying: retry budget exhausted")
                }
                Some(Decision::Stop(reason)) => tracing::debug!(attempt, reason, "not retrying"),
                None => {}
            }
            return match result {
                Err(source) => Err(Error::Transport {
                    operation: op,
                    source,
                }),
                Ok((status, headers, body)) if (200..300).contains(&status) => {
                    self.inner.budget.refund();
                    Ok((status, headers, body))
                }
                Ok((status, headers, body)) => Err(Error::Api(Box::new(ApiError::new(
                    op, status, &headers, &body,
                )))),
            };
        }
    }

    fn url(&self, req: &Request) -> Result<reqwest::Url, Error> {
        if let Some(url) = &req.url {
            return Ok(url.clone());
        }
        let mut url = reqwest::Url::parse(&format!("{}{}", self.inner.base_url, req.path))
            .map_err(|e| Error::InvalidInput {
                operation: req.meta.name,
                field: "path",
                message: e.to_string(),
            })?;
        if !req.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &req.query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// The request for a `pages.next` link, refused unless it points at the client's own
    /// scheme, host and port: the token is never sent anywhere else.
    pub(crate) fn follow(&self, prev: &Request, next: &str) -> Result<Request, Error> {
        let base =
            reqwest::Url::parse(&self.inner.base_url).map_err(|e| Error::Config(e.to_string()))?;
        let refused = || Error::ForeignUrl {
            operation: prev.meta.name,
            url: next.to_owned(),
        };
        let url = base.join(next).map_err(|_| refused())?;
        if url.scheme() != base.scheme()
            || url.host_str() != base.host_str()
            || url.port_or_known_default() != base.port_or_known_default()
        {
            return Err(refused());
        }
        let mut req = prev.clone();
        req.url = Some(url);
        req.query.clear();
        Ok(req)
    }

    fn remember_rate_limit(&self, headers: &HeaderMap) {
        let limit = RateLimit::from_headers(headers);
        if limit != RateLimit::default() {
            if let Ok(mut slot) = self.inner.rate_limit.lock() {
                *slot = Some(limit);
            }
        }
    }
}

/// One attempt: status, headers and the whole body.
async fn send(builder: reqwest::RequestBuilder) -> Result<(u16, HeaderMap, Bytes), reqwest::Error> {
    let resp = builder.send().await?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.bytes().await?;
    Ok((status, headers, body))
}

/// Settings of a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    token: Option<Secret>,
    base_url: Option<String>,
    version: Option<String>,
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .field("version", &self.version)
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The access token (personal or OAuth) sent as `Authorization: Bearer …`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret::from(token.into()));
        self
    }

    /// Where requests go; default `https://api.intercom.io`. Useful for a local mock.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The `Intercom-Version` header; default `1.4`. This SDK speaks the 1.x API.
    pub fn intercom_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
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

    /// How failed attempts are retried; default [`RetryPolicy::default`].
    /// [`RetryPolicy::disabled`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
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
    /// client. What stays per request is set here as usual: the token, `Intercom-Version`, the
    /// attempt and call timeouts and the retry policy. Setting [`ClientBuilder::connect_timeout`]
    /// as well is refused by [`ClientBuilder::build`], since it could not take effect.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The client, or why these settings cannot work.
    pub fn build(self) -> Result<Client, Error> {
        let base = self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let parsed = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("base URL `{base}`: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(Error::Config(format!(
                "base URL `{base}` must be http(s)://host[:port]"
            )));
        }
        let version_text = self.version.unwrap_or_else(|| DEFAULT_VERSION.to_owned());
        let version = HeaderValue::from_str(&version_text).map_err(|_| {
            Error::Config(format!(
                "`{version_text}` is not a valid {VERSION_HEADER} value"
            ))
        })?;
        if parsed.scheme() == "https" && !TLS {
            return Err(Error::Config(format!(
                "base URL `{base}` needs TLS: enable the `rustls` or `native-tls` feature of intercom-sdk"
            )));
        }
        let http = match (self.http, self.connect_timeout) {
            (Some(_), Some(_)) => {
                return Err(Error::Config(
                    "connect_timeout cannot apply to a client given with http_client: set it on that reqwest::Client".into(),
                ));
            }
            (Some(http), None) => http,
            (None, connect_timeout) => reqwest::Client::builder()
                .connect_timeout(connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::Config(format!("HTTP client: {e}")))?,
        };
        let version_header = HeaderName::from_bytes(VERSION_HEADER.as_bytes())
            .map_err(|e| Error::Config(format!("header `{VERSION_HEADER}`: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                token: self.token,
                base_url: base.trim_end_matches('/').to_owned(),
                version_header,
                version,
                attempt_timeout: self.attempt_timeout.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT),
                operation_timeout: self.timeout.unwrap_or(DEFAULT_OPERATION_TIMEOUT),
                retry: self.retry.unwrap_or_default(),
                budget: RetryBudget::default(),
                rate_limit: Mutex::new(None),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connect_timeout_next_to_a_given_http_client_is_refused() {
        let built = Client::builder()
            .token("t")
            .http_client(reqwest::Client::new())
            .connect_timeout(Duration::from_secs(1))
            .build();
        match built {
            Err(Error::Config(message)) => {
                assert!(message.contains("connect_timeout"), "{message}")
            }
            other => panic!("expected a configuration error, got {other:?}"),
        }
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
}
