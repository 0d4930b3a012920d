//! What every generated builder shares: sending, decoding, and the response wrapper.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::Error;
use crate::error::{DecodeError, RateLimit};
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

/// Decodes JSON into `T`, reporting the JSON path of a failure.
pub(crate) fn json<T: DeserializeOwned>(
    req: &Request,
    status: u16,
    body: &Bytes,
) -> Result<T, Error> {
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    let decode_err = |path: String, message: String| {
        Error::Decode(Box::new(DecodeError {
            operation: req.meta.name,
            status,
            path,
            message,
            body: String::from_utf8_lossy(body).into_owned(),
        }))
    };
    if let Some(key) = req.single {
        // By email, Intercom 1.1+ answers with a list; the operation promises one record.
        let value: serde_json::Value = serde_json::from_slice(text)
            .map_err(|e| decode_err(String::from("."), e.to_string()))?;
        if let Some(items) = value.get(key).and_then(serde_json::Value::as_array) {
            return match items.as_slice() {
                [] => Err(Error::NotFound {
                    operation: req.meta.name,
                }),
                [one] => serde_path_to_error::deserialize(one).map_err(|e| {
                    decode_err(format!("{key}[0].{}", e.path()), e.inner().to_string())
                }),
                many => Err(Error::Ambiguous {
                    operation: req.meta.name,
                    matches: many.to_vec(),
                }),
            };
        }
        return serde_path_to_error::deserialize(value)
            .map_err(|e| decode_err(e.path().to_string(), e.inner().to_string()));
    }
    let de = &mut serde_json::Deserializer::from_slice(text);
    serde_path_to_error::deserialize(de)
        .map_err(|e| decode_err(e.path().to_string(), e.inner().to_string()))
}

/// Decodes a JSON body into a model the way a call does: a failure is [`Error::Decode`] with the
/// JSON path and the body, never a panic. For bodies you hold already (a cache, a queue, a test).
///
/// ```
/// let err = intercom_sdk::decode::<intercom_sdk::models::User>(br#"{"id": 5}"#).unwrap_err();
/// assert!(err.to_string().contains("`id`"));
/// ```
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    static META: crate::request::OperationMeta = crate::request::OperationMeta {
        name: "decode",
        method: crate::request::Method::Get,
        path: "",
        idempotent: true,
        auth: false,
    };
    json(&Request::new(&META), 200, &Bytes::copy_from_slice(body))
}

/// For operations whose success body is empty or meaningless.
pub(crate) fn unit(_: &Request, _: u16, _: &Bytes) -> Result<(), Error> {
    Ok(())
}

/// `send`, `send_with_response`, per-call settings and `IntoFuture` for a generated builder.
macro_rules! operation {
    ($ty:ident => $out:ty, $decode:ident) => {
        impl $ty {
            /// Sends the request and decodes the answer.
            pub async fn send(self) -> Result<$out, $crate::Error> {
                self.send_with_response()
                    .await
                    .map($crate::Response::into_value)
            }

            /// Sends the request; the answer comes with its status, headers, rate-limit state and
            /// raw body.
            pub async fn send_with_response(self) -> Result<$crate::Response<$out>, $crate::Error> {
                let request = self.prepared();
                self.client
                    .execute(request, $crate::operation::$decode)
                    .await
            }

            /// Time allowed for this call, retries and their waits included (overrides the
            /// client's).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Time allowed for each attempt of this call (overrides the client's).
            pub fn attempt_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.attempt_timeout = Some(timeout);
                self
            }

            /// Retry policy of this call (overrides the client's); `RetryPolicy::disabled()` for
            /// a single attempt.
            pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }

            fn prepared(&self) -> $crate::request::Request {
                let mut request = self.request();
                request.options = self.options.clone();
                request
            }
        }

        impl ::std::future::IntoFuture for $ty {
            type Output = Result<$out, $crate::Error>;
            type IntoFuture =
                ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}

pub(crate) use operation;
