//! One attempt on the wire: headers, redirects that stay on the base URL's origin, and an answer
//! read up to a size limit.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, USER_AGENT,
};

use crate::client::shared::{Inner, SDK_USER_AGENT, within_base};
use crate::error::Error;
use crate::meta::Method;
use crate::request::Request;

/// Redirects followed within one attempt.
const MAX_REDIRECTS: usize = 5;

/// What every attempt of a call sends.
pub(crate) struct Outgoing {
    pub(crate) url: reqwest::Url,
    /// `Authorization`, for operations that send the token.
    pub(crate) auth: Option<HeaderValue>,
    /// The JSON body, serialized once.
    pub(crate) body: Option<Bytes>,
    /// The call's own headers (`.header(…)`, `.intercom_version(…)`), over the SDK's.
    pub(crate) headers: HeaderMap,
}

/// An answer read whole.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// Sends the request, follows the redirects that are safe to follow, and reads the answer.
///
/// A redirect is followed only on the base URL's origin, only by a GET, or by another idempotent
/// method when the status keeps the method and body (307, 308); anything else fails with
/// [`Error::Redirect`] naming the `Location`, so a POST is never re-sent or turned into a GET.
pub(crate) async fn send(
    inner: &Inner,
    req: &Request,
    outgoing: &Outgoing,
    headers: &HeaderMap,
    timeout: Duration,
    limit: usize,
) -> Result<RawResponse, Error> {
    let operation = req.meta.rust_name;
    let transport = |source| Error::Transport { operation, source };
    let mut url = outgoing.url.clone();
    // One deadline for the attempt, its redirects included: each hop gets what is left of it.
    let started = std::time::Instant::now();
    for _ in 0..=MAX_REDIRECTS {
        let left = timeout
            .saturating_sub(started.elapsed())
            .max(Duration::from_millis(1));
        let resp = request(inner, req, &url, outgoing, left)
            .headers(headers.clone())
            .send()
            .await
            .map_err(transport)?;
        let status = resp.status();
        if inner.given_http_client && !within_base(&inner.base, resp.url()) {
            return Err(redirect(
                req,
                status,
                resp.url().as_str(),
                "the answer came from another origin",
            ));
        }
        if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
            let headers = resp.headers().clone();
            let body = read_body(resp, limit).await.map_err(|e| match e {
                BodyError::TooLarge => Error::ResponseTooLarge { operation, limit },
                BodyError::Transport(source) => transport(source),
            })?;
            return Ok(RawResponse {
                status: status.as_u16(),
                headers,
                body,
            });
        }
        url = next_hop(req, &inner.base, &url, status, resp.headers())?;
    }
    Err(redirect(
        req,
        StatusCode::LOOP_DETECTED,
        url.as_str(),
        "too many redirects",
    ))
}

/// Where a redirect may be followed to, or why not.
fn next_hop(
    req: &Request,
    base: &reqwest::Url,
    url: &reqwest::Url,
    status: StatusCode,
    headers: &HeaderMap,
) -> Result<reqwest::Url, Error> {
    let location = headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let target = url
        .join(location)
        .map_err(|_| redirect(req, status, location, "the Location is not a URL"))?;
    if !within_base(base, &target) {
        return Err(redirect(
            req,
            status,
            &crate::model::secret::without_credentials(target.as_str()),
            "it leaves the API's base URL",
        ));
    }
    let keeps_method = matches!(
        status,
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT
    );
    let method = req.meta.method;
    if method == Method::Get || (req.meta.idempotent && keeps_method) {
        return Ok(target);
    }
    Err(redirect(
        req,
        status,
        target.as_str(),
        "a request that is not idempotent is not sent again",
    ))
}

fn redirect(req: &Request, status: StatusCode, location: &str, why: &'static str) -> Error {
    Error::Redirect {
        operation: req.meta.rust_name,
        status: status.as_u16(),
        location: location.to_owned(),
        reason: why,
    }
}

/// The request of one hop, with every header the API needs.
fn request(
    inner: &Inner,
    req: &Request,
    url: &reqwest::Url,
    outgoing: &Outgoing,
    timeout: Duration,
) -> reqwest::RequestBuilder {
    let version = inner.version(req.meta.api);
    let mut builder = inner
        .http
        .request(req.meta.method.to_reqwest(), url.clone())
        .timeout(timeout)
        .header(ACCEPT, "application/json")
        .header(USER_AGENT, HeaderValue::from_static(SDK_USER_AGENT))
        .header(inner.version_header.clone(), version.clone());
    if let Some(auth) = &outgoing.auth {
        builder = builder.header(AUTHORIZATION, auth.clone());
    }
    if let Some(body) = &outgoing.body {
        builder = builder
            .header(CONTENT_TYPE, "application/json")
            .body(body.clone());
    }
    builder.headers(outgoing.headers.clone())
}

enum BodyError {
    TooLarge,
    Transport(reqwest::Error),
}

/// The whole body, refused as soon as it is known to exceed `limit` bytes: from
/// `Content-Length` before reading, otherwise while reading. Memory is allocated once when the
/// length is announced.
async fn read_body(mut resp: reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    // The announced length is the server's word, not a fact: reserve at most this much up
    // front, and let what really arrives grow the buffer (with a raised limit, one header could
    // otherwise ask for terabytes before a byte is read).
    const UP_FRONT: usize = 1 << 20;
    let announced = resp.content_length().map(usize::try_from);
    let capacity = match announced {
        Some(Ok(len)) if len <= limit => len.min(UP_FRONT),
        Some(_) => return Err(BodyError::TooLarge),
        None => 0,
    };
    let mut body = BytesMut::with_capacity(capacity);
    while let Some(chunk) = resp.chunk().await.map_err(BodyError::Transport)? {
        if chunk.len() > limit.saturating_sub(body.len()) {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
