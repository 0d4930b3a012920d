//! What comes back from a call: the decoded value, and on request everything else the server
//! sent. Decoding is [`decode`]'s; a decode failure's JSON path is [`json_path`]'s.

pub(crate) mod decode;
pub(crate) mod json_path;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use reqwest::header::HeaderMap;

use crate::client::attempts::Sending;
use crate::error::{Error, RateLimit};
use crate::request::Request;

/// A decoded answer together with everything else the server sent.
#[derive(Debug, Clone)]
pub struct Response<T> {
    value: T,
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl<T> Response<T> {
    pub(crate) fn new(value: T, status: u16, headers: HeaderMap, body: Bytes) -> Self {
        Response {
            value,
            status,
            headers,
            body,
        }
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, dropping the rest.
    pub fn into_value(self) -> T {
        self.value
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `X-Request-Id` header, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// Rate-limit state after this call.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// The body exactly as received.
    pub fn raw_body(&self) -> &Bytes {
        &self.body
    }
}

/// Turns a success body into the operation's output.
pub(crate) type Decoder<T> = fn(&Request, u16, &Bytes) -> Result<T, Error>;

/// A call in flight, as `send()` (or `.await` on a request builder) gives it: a future of the
/// decoded answer.
///
/// A plain struct over the one boxed future every call shares, so an operation compiles no
/// future of its own; it can be named, stored and sent to another task.
#[must_use = "a call is sent only when its future is awaited"]
pub struct Pending<T> {
    sending: Sending,
    decode: Decoder<T>,
}

impl<T> Future for Pending<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let decode = self.decode;
        self.sending
            .as_mut()
            .poll(cx)
            .map(|sent| sent.and_then(|(req, a)| decode(&req, a.status, &a.body)))
    }
}

impl<T> fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pending")
    }
}

/// Like [`Pending`], with everything else the server sent: what `send_with_response()` gives.
#[must_use = "a call is sent only when its future is awaited"]
pub struct PendingResponse<T> {
    sending: Sending,
    decode: Decoder<T>,
}

impl<T> Future for PendingResponse<T> {
    type Output = Result<Response<T>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let decode = self.decode;
        self.sending.as_mut().poll(cx).map(|sent| {
            let (req, a) = sent?;
            let value = decode(&req, a.status, &a.body)?;
            Ok(Response::new(value, a.status, a.headers, a.body))
        })
    }
}

impl<T> fmt::Debug for PendingResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PendingResponse")
    }
}

/// The decoded answer of a call in flight.
pub(crate) fn value<T>(sending: Sending, decode: Decoder<T>) -> Pending<T> {
    Pending { sending, decode }
}

/// The decoded answer of a call in flight, with everything else the server sent.
pub(crate) fn response<T>(sending: Sending, decode: Decoder<T>) -> PendingResponse<T> {
    PendingResponse { sending, decode }
}

/// `send`, `send_with_response` and `bytes` of the builders whose caller picks the answer's type
/// ([`RawRequest`](crate::RawRequest), [`Invocation`](crate::Invocation)); each has a `start`
/// that puts the call on its way.
macro_rules! serde_sends {
    () => {
        /// Sends the call and decodes the answer into `T` (an empty answer reads as `null`, so
        /// `()` and `Option<T>` take it).
        pub fn send<T: ::serde::de::DeserializeOwned>(self) -> $crate::response::Pending<T> {
            $crate::response::value(self.start(), $crate::response::decode::serde::<T>)
        }

        /// Sends the call; the decoded answer comes with its status, headers and raw body.
        pub fn send_with_response<T: ::serde::de::DeserializeOwned>(
            self,
        ) -> $crate::response::PendingResponse<T> {
            $crate::response::response(self.start(), $crate::response::decode::serde::<T>)
        }

        /// Sends the call and returns the answer's body as it came.
        pub fn bytes(self) -> $crate::response::Pending<::bytes::Bytes> {
            $crate::response::value(self.start(), $crate::response::decode::bytes)
        }
    };
}

pub(crate) use serde_sends;

#[cfg(test)]
mod tests {
    use super::*;

    fn spawnable<F: Future + Send + Unpin + 'static>() {}

    #[test]
    fn calls_in_flight_can_be_moved_to_another_task() {
        // What `impl Future + Send + 'static` promised before the futures had names.
        spawnable::<Pending<String>>();
        spawnable::<PendingResponse<()>>();
    }
}
