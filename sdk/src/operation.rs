//! What every generated builder shares: sending, decoding, and the response wrapper.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::Error;
use crate::client::Sending;
use crate::error::{DecodeError, RateLimit};
use crate::model::Fields;
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

/// The decoded answer of a call in flight: what `send()` returns. A plain struct over the one
/// boxed future every call shares, so an operation compiles no future of its own.
pub(crate) struct Decoded<T> {
    sending: Sending,
    decode: Decoder<T>,
}

impl<T> Future for Decoded<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let decode = self.decode;
        self.sending
            .as_mut()
            .poll(cx)
            .map(|sent| sent.and_then(|(req, a)| decode(&req, a.status, &a.body)))
    }
}

/// Like [`Decoded`], with everything else the server sent: what `send_with_response()` returns.
pub(crate) struct WithResponse<T> {
    sending: Sending,
    decode: Decoder<T>,
}

impl<T> Future for WithResponse<T> {
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

/// The decoded answer of a call in flight.
pub(crate) fn value<T>(sending: Sending, decode: Decoder<T>) -> Decoded<T> {
    Decoded { sending, decode }
}

/// The decoded answer of a call in flight, with everything else the server sent.
pub(crate) fn response<T>(sending: Sending, decode: Decoder<T>) -> WithResponse<T> {
    WithResponse { sending, decode }
}

/// Decodes an answer into the model `T`, reporting the JSON path of a failure.
pub(crate) fn json<T: Fields + Default>(
    req: &Request,
    status: u16,
    body: &Bytes,
) -> Result<T, Error> {
    // Only this line is compiled once per model; the decoding is the runtime's, once for all.
    let mut model = T::default();
    json_into(req, status, body, &mut model).map(|()| model)
}

/// Decodes an answer into `model`. The body is checked to be UTF-8 once, up front, so serde_json
/// does not check every string again.
fn json_into(
    req: &Request,
    status: u16,
    body: &Bytes,
    model: &mut dyn Fields,
) -> Result<(), Error> {
    // Drift warnings (unknown enum values, surprising members) name the operation through this.
    let _span = tracing::info_span!("intercom.decode", operation = req.meta.name).entered();
    let (at, text) = json_text(req, status, body)?;
    let mut de = serde_json::Deserializer::from_str(text);
    crate::model::deserialize(&mut de, model)
        .and_then(|()| de.end())
        .map_err(|e| decode_error(req, status, body, &at, text.as_bytes(), &e))
}

/// The JSON text to decode, and its path in the body: the body itself, or for a lookup
/// answered with a list, the one record.
fn json_text<'b>(req: &Request, status: u16, body: &'b Bytes) -> Result<(String, &'b str), Error> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(not_utf8(req, status, body));
    };
    let text = if text.trim().is_empty() { "null" } else { text };
    match req.single {
        // By email, Intercom 1.1+ answers with a list; the operation promises one record.
        Some(key) => {
            Ok(single_record(req, status, body, key, text)?
                .unwrap_or_else(|| (String::new(), text)))
        }
        None => Ok((String::new(), text)),
    }
}

/// The decode error of a body that is not UTF-8, where serde_json finds it.
fn not_utf8(req: &Request, status: u16, body: &Bytes) -> Error {
    match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Err(e) => decode_error(req, status, body, "", body, &e),
        Ok(_) => Error::Decode(Box::new(DecodeError {
            operation: req.meta.name,
            status,
            path: String::new(),
            message: "the body is not UTF-8".into(),
            body: decode_error_body(req, body),
        })),
    }
}

/// For a lookup answered with a list under `key`: the one record (with its path), `None` when
/// the answer is not such a list, or the error of no record or of several.
fn single_record<'a>(
    req: &Request,
    status: u16,
    body: &Bytes,
    key: &str,
    text: &'a str,
) -> Result<Option<(String, &'a str)>, Error> {
    let decode_err =
        |e: serde_json::Error| decode_error(req, status, body, "", text.as_bytes(), &e);
    let members: std::collections::BTreeMap<String, &'a RawValue> = match serde_json::from_str(text)
    {
        Ok(members) => members,
        Err(_) => return Ok(None),
    };
    let Some(list) = members.get(key) else {
        return Ok(None);
    };
    let items: Vec<&'a RawValue> = serde_json::from_str(list.get()).map_err(decode_err)?;
    match items.as_slice() {
        [] => Err(Error::NotFound {
            operation: req.meta.name,
        }),
        [one] => Ok(Some((format!("{key}[0]"), one.get()))),
        many => Err(Error::Ambiguous {
            operation: req.meta.name,
            matches: many
                .iter()
                .map(|m| serde_json::from_str(m.get()).unwrap_or_default())
                .collect(),
        }),
    }
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
        body: decode_error_body(req, body),
    }))
}

/// The body a decode error keeps: all of it with secret members redacted, or nothing for an
/// operation that answers with secrets (an answer that did not decode may hold them anywhere).
fn decode_error_body(req: &Request, body: &[u8]) -> String {
    if req.meta.secret_response {
        crate::secret::withheld(body)
    } else {
        crate::secret::redacted_body(body, false)
    }
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

/// Decodes a JSON body into a model the way a call does, for bodies you hold already (a cache, a
/// queue, a test). Only a body that is not JSON, or whose top level is not an object, fails: with
/// [`Error::Decode`], never a panic. Inside, values of an unexpected type are kept, not refused.
///
/// ```
/// use intercom_sdk::{decode, models::User, UnknownFields};
/// let user: User = decode(br#"{"id": 5, "email": ["?"]}"#)?;
/// assert_eq!(user.id.as_deref(), Some("5"));
/// assert_eq!(user.email, None);
/// assert_eq!(user.surprises(), ["$.email"]);
/// assert!(decode::<User>(b"[1, 2]").is_err());
/// # Ok::<(), intercom_sdk::Error>(())
/// ```
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    static META: crate::meta::Operation = crate::meta::Operation::detached("decode");
    let (req, body) = (Request::new(&META), Bytes::copy_from_slice(body));
    let (at, text) = json_text(&req, 200, &body)?;
    serde_json::from_str(text).map_err(|e| decode_error(&req, 200, &body, &at, text.as_bytes(), &e))
}

/// For operations whose success body is empty or meaningless.
pub(crate) fn unit(_: &Request, _: u16, _: &Bytes) -> Result<(), Error> {
    Ok(())
}

/// Decodes an answer into any `T` serde can read (raw calls); an empty body reads as `null`.
pub(crate) fn serde<T: serde::de::DeserializeOwned>(
    req: &Request,
    status: u16,
    body: &Bytes,
) -> Result<T, Error> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(not_utf8(req, status, body));
    };
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| decode_error(req, status, body, "", text.as_bytes(), &e))
}

/// The answer's body as it came (raw calls).
pub(crate) fn bytes(_: &Request, _: u16, body: &Bytes) -> Result<Bytes, Error> {
    Ok(body.clone())
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
        pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
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
    };
}

pub(crate) use call_settings;

/// `send`, `send_with_response`, per-call settings and `IntoFuture` for a generated builder.
///
/// Every method is `#[inline]`: the SDK itself calls none of them, so it leaves compiling them to
/// the crates that do (a build of the SDK alone compiles 10 % less LLVM IR).
macro_rules! operation {
    ($ty:ident => ()) => {
        $crate::operation::operation!(@impl $ty, (), unit);
    };
    ($ty:ident => $model:ident) => {
        $crate::operation::operation!(@impl $ty, $crate::models::$model, json);
    };
    (@impl $ty:ident, $out:ty, $decode:ident) => {
        impl $ty {
            /// Sends the request and decodes the answer.
            #[inline]
            pub fn send(
                self,
            ) -> impl ::std::future::Future<Output = Result<$out, $crate::Error>> + Send + 'static
            {
                $crate::operation::value(self.start(), $crate::operation::$decode)
            }

            /// Sends the request; the answer comes with its status, headers, rate-limit state and
            /// raw body.
            #[inline]
            pub fn send_with_response(
                self,
            ) -> impl ::std::future::Future<Output = Result<$crate::Response<$out>, $crate::Error>>
            + Send
            + 'static {
                $crate::operation::response(self.start(), $crate::operation::$decode)
            }

            $crate::operation::call_settings!();

            /// The request on its way: what `send` and `send_with_response` decode.
            #[inline]
            fn start(self) -> $crate::client::Sending {
                let request = self.prepared();
                self.client.sending(request)
            }

            #[inline]
            fn prepared(&self) -> $crate::request::Request {
                let mut request = self.request();
                request.options = self.options.clone();
                request
            }
        }

        impl ::std::fmt::Debug for $ty {
            /// What the request would send (secrets redacted).
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.prepared().debug(stringify!($ty), f)
            }
        }

        impl ::std::future::IntoFuture for $ty {
            type Output = Result<$out, $crate::Error>;
            type IntoFuture =
                ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send>>;

            #[inline]
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
