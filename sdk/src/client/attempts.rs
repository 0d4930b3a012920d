//! The orchestrator of a call: the input check, the call deadline, then attempts until one
//! succeeds or the retry policy says stop, each wrapped in hooks and a tracing span, with
//! rate-limit windows waited out before sending.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tracing::Instrument;

use crate::client::hooks::Attempt;
use crate::client::shared::{Client, within_base};
use crate::client::transport::{self, Outgoing, RawResponse};
use crate::error::{ApiError, Error};
use crate::request::Request;
use crate::retry::classify::{self, Class, Failure};
use crate::retry::policy::RetryPolicy;
use crate::retry::strategy::{self, Decision, Tally};

/// A call in flight; see [`Client::sending`].
pub(crate) type Sending = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(Request, RawResponse), Error>> + Send>,
>;

impl Client {
    pub(crate) fn sending(self, mut req: Request) -> Sending {
        req.options.strict.get_or_insert(self.inner.strict);
        Box::pin(async move {
            let answer = self.execute_raw(&req).await?;
            Ok((req, answer))
        })
    }

    /// Everything but decoding, kept free of the output type so the retry loop is compiled once,
    /// not once per response model.
    async fn execute_raw(&self, req: &Request) -> Result<RawResponse, Error> {
        let operation = req.meta.rust_name;
        if let Some(refusal) = req.invalid.clone() {
            return Err(Error::InvalidInput {
                operation,
                field: refusal.input,
                place: refusal.place,
                message: refusal.message,
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
    async fn attempts(&self, req: &Request) -> Result<RawResponse, Error> {
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
                    return self.finish(req, result, Some(reason));
                }
                None => return self.finish(req, result, None),
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
                    operation: req.meta.rust_name,
                    field: "token",
                    place: None,
                    message: "the client has no access token".into(),
                });
            }
        };
        let body = match &req.body {
            Some(body) => Some(Bytes::from(body.to_bytes().map_err(|e| {
                Error::InvalidInput {
                    operation: req.meta.rust_name,
                    field: "body",
                    place: None,
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
            operation: req.meta.rust_name,
            field: "header",
            place: None,
            message,
        };
        let mut headers = HeaderMap::new();
        // The operation's own headers (constants, header inputs), then the call's over them.
        for (name, value) in &req.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| refused(format!("`{name}` is not a header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                refused(format!("the value of `{name}` cannot be sent in a header"))
            })?;
            headers.insert(name, value);
        }
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
    ) -> Result<RawResponse, Error> {
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
        result: &Result<RawResponse, Error>,
    ) -> Option<Decision> {
        let failure = match result {
            Ok(answer) if (200..300).contains(&answer.status) => return None,
            Ok(answer) => Failure::Status(answer.status, &answer.headers),
            Err(Error::Transport { source, .. }) if source.is_connect() => Failure::Connect,
            Err(Error::Transport { source, .. }) if !source.is_builder() => Failure::Lost,
            Err(_) => return None,
        };
        let lost = matches!(failure, Failure::Lost);
        let class = classify::classify(failure, self.inner.clock.now());
        match strategy::decide(policy, req.meta.idempotent, tally, class, fastrand::f64()) {
            Decision::Retry(_, reason)
                if !matches!(class, Class::RateLimited(_)) && !self.inner.budget.withdraw(lost) =>
            {
                tracing::warn!(reason, "not retrying: retry budget exhausted");
                Some(Decision::Stop("the client's retry budget is spent"))
            }
            decision => Some(decision),
        }
    }

    /// The attempt's answer as the call's result: a non-2xx status becomes [`Error::Api`], with
    /// why it was not retried when retrying might have helped.
    fn finish(
        &self,
        req: &Request,
        result: Result<RawResponse, Error>,
        not_retried: Option<&'static str>,
    ) -> Result<RawResponse, Error> {
        let answer = result?;
        if (200..300).contains(&answer.status) {
            self.inner.budget.refund();
            return Ok(answer);
        }
        let mut error = ApiError::new(
            req.meta.rust_name,
            answer.status,
            &answer.headers,
            &answer.body,
            req.meta.secret_response,
        );
        let retryable = crate::retry::policy::RETRYABLE_STATUSES.contains(&answer.status);
        error.not_retried = not_retried.filter(|_| retryable);
        Err(Error::Api(Box::new(error)))
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
                    operation: req.meta.rust_name,
                    field: "path",
                    place: None,
                    message: e.to_string(),
                },
            )?,
        };
        // A path that climbs out of the base URL's (`/../`, `%2e%2e`) is resolved by the URL
        // parser: what is sent must still be under the base URL, or nothing is.
        if !within_base(&self.inner.base, &url) {
            return Err(Error::ForeignUrl {
                operation: req.meta.rust_name,
                url: crate::model::secret::without_credentials(url.as_str()),
            });
        }
        if !req.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &req.query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }
}
