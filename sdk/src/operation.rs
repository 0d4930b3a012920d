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
    let decode_err = |prefix: &str, at: &[u8], e: serde_json::Error| {
        decode_error(req, status, body, prefix, at, &e)
    };
    if let Some(key) = req.single {
        // By email, Intercom 1.1+ answers with a list; the operation promises one record.
        let value: serde_json::Value =
            serde_json::from_slice(text).map_err(|e| decode_err("", text, e))?;
        if let Some(items) = value.get(key).and_then(serde_json::Value::as_array) {
            return match items.as_slice() {
                [] => Err(Error::NotFound {
                    operation: req.meta.name,
                }),
                // Decoded from bytes, like every answer, so each model has one decoder compiled.
                [one] => {
                    let bytes = serde_json::to_vec(one).unwrap_or_default();
                    serde_json::from_slice(&bytes)
                        .map_err(|e| decode_err(&format!("{key}[0]"), &bytes, e))
                }
                many => Err(Error::Ambiguous {
                    operation: req.meta.name,
                    matches: many.to_vec(),
                }),
            };
        }
    }
    serde_json::from_slice(text).map_err(|e| decode_err("", text, e))
}

/// The decode error of a call, outside the generic `json` so it is compiled once.
fn decode_error(
    req: &Request,
    status: u16,
    body: &Bytes,
    prefix: &str,
    at: &[u8],
    e: &serde_json::Error,
) -> Error {
    let path = path_at(at, offset(at, e.line(), e.column()));
    let path = match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path,
        (false, true) => prefix.to_owned(),
        (false, false) => format!("{prefix}.{path}"),
    };
    let withhold = req.meta.secret_response;
    let message = strip_position(e);
    Error::Decode(Box::new(DecodeError {
        operation: req.meta.name,
        status,
        path,
        // serde quotes the text it could not read; for an answer with secrets, that text may be one.
        message: if withhold { unquote(&message) } else { message },
        body: crate::secret::redacted_body(body, withhold),
    }))
}

/// `message` with every `"…"` quotation replaced by `"[redacted]"`.
fn unquote(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut parts = message.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push('"');
        out.push_str(if i % 2 == 0 { "[redacted]" } else { part });
    }
    out
}

/// serde_json's message without its " at line L column C" (the path says where).
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Byte offset of 1-based `line` and `column` in `text`.
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

/// The JSON path (`users[3].created_at`) of the value being read at byte `at` of `text`.
///
/// serde_json reports where a decode failed by line and column; this turns that into a path by
/// scanning the text, instead of compiling every model a second time under a path-tracking
/// deserializer.
fn path_at(text: &[u8], at: usize) -> String {
    enum Frame {
        Object {
            key: Option<String>,
            awaiting_key: bool,
        },
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < at.min(text.len()) {
        match text[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    awaiting_key: awaiting @ true,
                }) = stack.last_mut()
                {
                    *key =
                        Some(String::from_utf8_lossy(&text[start..i.min(text.len())]).into_owned());
                    *awaiting = false;
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                awaiting_key: true,
            }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object { awaiting_key, .. }) => *awaiting_key = true,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
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
        secret_response: false,
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
            pub fn send(
                self,
            ) -> impl ::std::future::Future<Output = Result<$out, $crate::Error>> + Send + 'static
            {
                // No state machine of its own: the future is the runtime's, shared by every
                // operation with the same output type (a compile-time saving).
                let request = self.prepared();
                $crate::Client::execute_value(self.client, request, $crate::operation::$decode)
            }

            /// Sends the request; the answer comes with its status, headers, rate-limit state and
            /// raw body.
            pub fn send_with_response(
                self,
            ) -> impl ::std::future::Future<Output = Result<$crate::Response<$out>, $crate::Error>>
            + Send
            + 'static {
                let request = self.prepared();
                $crate::Client::execute_owned(self.client, request, $crate::operation::$decode)
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

            /// Largest answer body read for this call, in bytes (overrides the client's).
            pub fn max_response_size(mut self, bytes: usize) -> Self {
                self.options.max_response_size = Some(bytes);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_positions() {
        let text = br#"{"users": [{"id": "1"}, {"id": "2", "created_at": "x"}], "n": 1}"#;
        let at = text.windows(3).position(|w| w == br#""x""#).unwrap_or(0) + 1;
        assert_eq!(path_at(text, at), "users[1].created_at");
        assert_eq!(path_at(text, 1), "");
        assert_eq!(
            path_at(
                b"{\n  \"a\": {\"b\": tru",
                offset(b"{\n  \"a\": {\"b\": tru", 2, 15)
            ),
            "a.b"
        );
    }
}
