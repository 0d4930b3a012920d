//! The client: credentials, base URL, API version, and the one place requests are sent, retried
//! and timed out.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tracing::Instrument;

use crate::builder::ClientBuilder;
use crate::hooks::{Attempt, Hooks};
use crate::request::Request;
use crate::retry::{self, Class, Decision, Failure, RetryBudget, Tally};
use crate::transport::{self, Answer, Outgoing};
use crate::{ApiError, Error, RateLimit, RetryPolicy};

/// A call in flight; see [`Client::sending`].
pub(crate) type Sending =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(Request, Answer), Error>> + Send>>;

/// `User-Agent` of every request: the SDK and its version.
pub const SDK_USER_AGENT: &str = concat!("intercom-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A handle to the Intercom API. Cheap to clone: clones share one connection pool, one retry
/// budget and one view of the rate limit.
///
/// ```no_run
/// # async fn demo() -> Result<(), intercom_sdk::Error> {
/// let client = intercom_sdk::Client::builder()
///     .token(std::env::var("INTERCOM_ACCESS_TOKEN").unwrap_or_default())
///     .build()?;
/// let admins = client.get_admins().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
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
    pub(crate) version: HeaderValue,
    pub(crate) attempt_timeout: Duration,
    pub(crate) operation_timeout: Duration,
    pub(crate) max_response_size: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) budget: RetryBudget,
    pub(crate) rate_limit: Mutex<Option<RateLimit>>,
    pub(crate) hooks: Hooks,
    pub(crate) clock: Clock,
}

/// The wall-clock time rate-limit resets are compared with, read as the time the client was
/// built plus tokio's monotonic time since: one clock for waits and resets, which a paused tokio
/// clock (tests) moves too, and which wall-clock adjustments do not shake mid-call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    wall: SystemTime,
    monotonic: tokio::time::Instant,
}

impl Clock {
    pub(crate) fn start() -> Self {
        Clock {
            wall: SystemTime::now(),
            monotonic: tokio::time::Instant::now(),
        }
    }

    /// The later of the system's time and the build time plus monotonic time: the system's time
    /// after the host was suspended (monotonic time stood still), the monotonic reading when the
    /// clock is paused in a test (system time does not move).
    pub(crate) fn now(&self) -> SystemTime {
        let monotonic = self.wall + self.monotonic.elapsed();
        SystemTime::now().max(monotonic)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("version", &self.inner.version)
            .field("token", &self.inner.auth.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

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

    /// Sends `req` with retries and timeouts; the answer comes back with the request, to decode
    /// it. The one future every operation awaits: boxed and free of the output type, so no
    /// operation compiles a state machine of its own.
    pub(crate) fn sending(self, req: Request) -> Sending {
        Box::pin(async move {
            let answer = self.execute_raw(&req).await?;
            Ok((req, answer))
        })
    }

    /// Everything but decoding, kept free of the output type so the retry loop is compiled once,
    /// not once per response model.
    async fn execute_raw(&self, req: &Request) -> Result<Answer, Error> {
        let operation = req.meta.name;
        if let Some((field, message)) = req.invalid.clone() {
            return Err(Error::InvalidInput {
                operation,
                field,
                message,
            });
        }
        let deadline = req.options.timeout.unwrap_or(self.inner.operation_timeout);
        match tokio::time::timeout(deadline, self.attempts(req)).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                operation,
                after: deadline,
            }),
        }
    }

    /// Attempts until one succeeds or the retry policy says stop.
    async fn attempts(&self, req: &Request) -> Result<Answer, Error> {
        let policy = req.options.retry.unwrap_or(self.inner.retry);
        let outgoing = self.outgoing(req)?;
        let mut tally = Tally {
            attempts: 1,
            rate_limit_waits: 0,
        };
        loop {
            self.wait_for_window(req, &policy).await;
            let info = Attempt {
                operation: req.meta,
                method: req.meta.method,
                path_template: &req.template,
                path: outgoing.url.path(),
                number: tally.attempts + tally.rate_limit_waits,
            };
            let span = tracing::info_span!(
                "intercom.request",
                operation = req.meta.name,
                method = req.meta.method.as_str(),
                path = info.path_template,
                attempt = info.number,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let mut headers = HeaderMap::new();
            let started = self.inner.hooks.start(info, &mut headers);
            let result = self
                .attempt(req, &outgoing, &headers)
                .instrument(span.clone())
                .await;
            span.record("elapsed_ms", started.elapsed().as_millis());
            if let Ok(answer) = &result {
                span.record("status", answer.status);
                self.remember_rate_limit(&answer.headers);
            }
            let answer = result.as_ref().ok();
            started.end(answer.map(|a| a.status), answer.map(|a| &a.headers));
            let _entered = span.enter();
            match self.next_step(req, &policy, tally, &result) {
                Some(Decision::Wait(delay)) => {
                    tracing::info!(
                        delay_ms = delay.as_millis(),
                        "rate limited: waiting for the window to reset"
                    );
                    tally.rate_limit_waits += 1;
                    drop(_entered);
                    tokio::time::sleep(delay).await;
                }
                Some(Decision::Retry(delay, reason)) => {
                    tracing::info!(delay_ms = delay.as_millis(), reason, "retrying");
                    tally.attempts += 1;
                    drop(_entered);
                    tokio::time::sleep(delay).await;
                }
                Some(Decision::Stop(reason)) => {
                    tracing::debug!(reason, "not retrying");
                    return self.finish(req, result);
                }
                None => return self.finish(req, result),
            }
        }
    }

    /// The request's URL, body and headers, made once for every attempt.
    fn outgoing(&self, req: &Request) -> Result<Outgoing, Error> {
        let auth = match (&self.inner.auth, req.meta.auth) {
            (_, false) => None,
            (Some(auth), true) => Some(auth.clone()),
            (None, true) => {
                return Err(Error::InvalidInput {
                    operation: req.meta.name,
                    field: "accessToken",
                    message: "the client has no access token".into(),
                });
            }
        };
        let body = match &req.body {
            Some(body) => Some(Bytes::from(body.to_bytes().map_err(|e| {
                Error::InvalidInput {
                    operation: req.meta.name,
                    field: "body",
                    message: e.to_string(),
                }
            })?)),
            None => None,
        };
        Ok(Outgoing {
            url: self.url(req)?,
            auth,
            body,
            headers: self.call_headers(req)?,
        })
    }

    /// The headers a call asked for (`.header(…)`, `.intercom_version(…)`), checked. A bad one
    /// refuses the call before anything is sent; its value is not repeated in the error (it may
    /// be a credential).
    fn call_headers(&self, req: &Request) -> Result<HeaderMap, Error> {
        let refused = |message: String| Error::InvalidInput {
            operation: req.meta.name,
            field: "header",
            message,
        };
        let mut headers = HeaderMap::new();
        if let Some(version) = &req.options.version {
            let value = HeaderValue::from_str(version)
                .map_err(|_| refused(format!("`{version}` is not a valid Intercom-Version")))?;
            headers.insert(self.inner.version_header.clone(), value);
        }
        for (name, value) in &req.options.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| refused(format!("`{name}` is not a header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                refused(format!("the value of `{name}` cannot be sent in a header"))
            })?;
            headers.append(name, value);
        }
        Ok(headers)
    }

    /// One attempt, redirects on the base URL's origin included.
    async fn attempt(
        &self,
        req: &Request,
        outgoing: &Outgoing,
        headers: &HeaderMap,
    ) -> Result<Answer, Error> {
        let limit = req
            .options
            .max_response_size
            .unwrap_or(self.inner.max_response_size);
        let timeout = req
            .options
            .attempt_timeout
            .unwrap_or(self.inner.attempt_timeout);
        transport::send(&self.inner, req, outgoing, headers, timeout, limit).await
    }

    /// The retry verdict on an attempt, or `None` when it succeeded or cannot be retried at all.
    /// Retries after failures spend the client's retry budget; rate-limit waits do not.
    fn next_step(
        &self,
        req: &Request,
        policy: &RetryPolicy,
        tally: Tally,
        result: &Result<Answer, Error>,
    ) -> Option<Decision> {
        let failure = match result {
            Ok(answer) if (200..300).contains(&answer.status) => return None,
            Ok(answer) => Failure::Status(answer.status, &answer.headers),
            Err(Error::Transport { source, .. }) if source.is_connect() => Failure::Connect,
            Err(Error::Transport { source, .. }) if !source.is_builder() => Failure::Lost,
            Err(_) => return None,
        };
        let lost = matches!(failure, Failure::Lost);
        let class = retry::classify(failure, self.inner.clock.now());
        match retry::decide(policy, req.meta.idempotent, tally, class, fastrand::f64()) {
            Decision::Retry(_, reason)
                if !matches!(class, Class::RateLimited(_)) && !self.inner.budget.withdraw(lost) =>
            {
                tracing::warn!(reason, "not retrying: retry budget exhausted");
                None
            }
            decision => Some(decision),
        }
    }

    /// The attempt's answer as the call's result: a non-2xx status becomes [`Error::Api`].
    fn finish(&self, req: &Request, result: Result<Answer, Error>) -> Result<Answer, Error> {
        let answer = result?;
        if (200..300).contains(&answer.status) {
            self.inner.budget.refund();
            return Ok(answer);
        }
        Err(Error::Api(Box::new(ApiError::new(
            req.meta.name,
            answer.status,
            &answer.headers,
            &answer.body,
            req.meta.secret_response,
        ))))
    }

    /// Before sending: when the last answer spent the rate limit (`X-RateLimit-Remaining: 0`) and
    /// its window resets soon enough, wait for the reset (plus jitter) instead of collecting a 429.
    async fn wait_for_window(&self, req: &Request, policy: &RetryPolicy) {
        let Some(reset) = self
            .rate_limit()
            .filter(|r| r.remaining == Some(0))
            .and_then(|r| r.reset)
        else {
            return;
        };
        let Some(at) = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(reset)) else {
            return;
        };
        let Ok(until) = at.duration_since(self.inner.clock.now()) else {
            return;
        };
        if let Some(wait) = policy.window_wait(until, fastrand::f64()) {
            tracing::debug!(
                operation = req.meta.name,
                delay_ms = wait.as_millis(),
                "rate limit spent: waiting for the window to reset before sending"
            );
            tokio::time::sleep(wait).await;
        }
    }

    fn url(&self, req: &Request) -> Result<reqwest::Url, Error> {
        let mut url = match &req.url {
            Some(url) => url.clone(),
            None => reqwest::Url::parse(&format!("{}{}", self.inner.base_url, req.path)).map_err(
                |e| Error::InvalidInput {
                    operation: req.meta.name,
                    field: "path",
                    message: e.to_string(),
                },
            )?,
        };
        if !req.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &req.query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// Whether `url` is on the base URL's scheme, host and port: the only place the token goes.
    pub(crate) fn same_origin(&self, url: &reqwest::Url) -> bool {
        transport::same_origin(&self.inner.base, url)
    }

    /// The request for a `pages.next` link, refused unless it points at the client's own
    /// scheme, host and port: the token is never sent anywhere else.
    pub(crate) fn follow(&self, prev: &Request, next: &str) -> Result<Request, Error> {
        let refused = || Error::ForeignUrl {
            operation: prev.meta.name,
            url: crate::secret::without_credentials(next),
        };
        let url = self.inner.base.join(next).map_err(|_| refused())?;
        if !self.same_origin(&url) {
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
