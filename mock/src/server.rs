//! The HTTP side of the mock: accepting connections within bounds, reading a request, answering
//! it as its operation (or its program) says, and recording it.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use intercom_sdk::meta::{Api, Operation};
use serde_json::{Value, json};
use tokio::net::TcpListener;

use crate::answers::{self, error_body};
use crate::routes::{self, Gate, Routed, Sent, decode};
use crate::script::{self, Body, Programs, Recorded, Reply};
use crate::store::Store;

/// What the server shares with the [`MockServer`](crate::MockServer) that started it.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) programs: Mutex<Programs>,
    pub(crate) received: Mutex<Received>,
    /// The records created, changed and deleted through the API, unless stateless.
    pub(crate) store: Mutex<Store>,
    /// Whether answers come from [`State::store`] (else: the fixed examples).
    pub(crate) stateful: bool,
    /// The API of a request that sends no `Intercom-Version`.
    pub(crate) default_api: Api,
}

impl State {
    pub(crate) fn new(default_api: Api, stateful: bool) -> Self {
        State {
            programs: Mutex::default(),
            received: Mutex::default(),
            store: Mutex::default(),
            stateful,
            default_api,
        }
    }

    /// Forgets every program, every request received and every record changed.
    pub(crate) fn reset(&self) {
        if let Ok(mut store) = self.store.lock() {
            store.clear();
        }
        if let Ok(mut programs) = self.programs.lock() {
            programs.clear();
        }
        if let Ok(mut received) = self.received.lock() {
            received.clear();
        }
    }

    /// The API a request is for: its `Intercom-Version`'s, else the default.
    fn api_of(&self, recorded: &Recorded) -> Api {
        recorded
            .header("intercom-version")
            .map_or(self.default_api, Api::of_version)
    }
}

/// The requests kept for the test, and how many bytes they hold.
#[derive(Debug, Default)]
pub(crate) struct Received {
    pub(crate) list: VecDeque<Recorded>,
    bytes: usize,
}

impl Received {
    /// Keeps `recorded`, forgetting the oldest requests until the kept ones fit `limits`; a
    /// request larger than the whole budget is kept trimmed.
    fn keep(&mut self, mut recorded: Recorded, limits: &Limits) {
        if recorded.size() > limits.max_recorded_bytes {
            recorded.trim();
        }
        let size = recorded.size();
        while !self.list.is_empty()
            && (self.list.len() >= limits.max_recorded.max(1)
                || self.bytes + size > limits.max_recorded_bytes)
        {
            if let Some(old) = self.list.pop_front() {
                self.bytes -= old.size();
            }
        }
        self.bytes += size;
        self.list.push_back(recorded);
    }

    pub(crate) fn clear(&mut self) {
        self.list.clear();
        self.bytes = 0;
    }

    /// Bytes the kept requests hold (about).
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }
}

/// Bounds that keep one client from holding the mock hostage.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A connection that sends no complete request head for this long (idle keep-alive
    /// included) is closed.
    pub head_timeout: Duration,
    /// A request body larger than this is answered 413 and not read further.
    pub max_body: usize,
    /// A request body not read whole within this is answered 408.
    pub body_timeout: Duration,
    /// Connections served at once; the next one waits for one to end.
    pub max_connections: usize,
    /// Requests kept for [`MockServer::requests`](crate::MockServer::requests); the oldest go
    /// first.
    pub max_recorded: usize,
    /// Bytes the kept requests may hold in all (bodies, queries, headers, about 160 bytes of
    /// bookkeeping each); the oldest go first. With [`Limits::max_recorded`], what a flood of
    /// requests leaves behind is bounded by this, whatever their size or number.
    pub max_recorded_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            head_timeout: Duration::from_secs(5),
            max_body: 4 * 1024 * 1024,
            body_timeout: Duration::from_secs(10),
            max_connections: 1024,
            max_recorded: 100_000,
            max_recorded_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Where connections come from: a TCP listener, or a stand-in in tests.
pub(crate) trait Acceptor: Send + 'static {
    /// The next connection.
    fn accept(&self) -> impl Future<Output = std::io::Result<tokio::net::TcpStream>> + Send;
}

impl Acceptor for TcpListener {
    async fn accept(&self) -> std::io::Result<tokio::net::TcpStream> {
        TcpListener::accept(self).await.map(|(stream, _)| stream)
    }
}

/// Accepts connections for good: a failed `accept` (no file descriptor left, a connection reset
/// before it was taken) is waited out with a short backoff, never the end of the server. The
/// connections are tasks of a `JoinSet` this future owns, so stopping the server (aborting this
/// task) ends them too.
pub(crate) async fn serve(listener: impl Acceptor, limits: Limits, state: Arc<State>) {
    let mut backoff = Duration::from_millis(5);
    let mut connections = tokio::task::JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        if connections.len() >= limits.max_connections.max(1) {
            let _ = connections.join_next().await;
            continue;
        }
        match listener.accept().await {
            Ok(stream) => {
                backoff = Duration::from_millis(5);
                connections.spawn(connection(stream, limits, state.clone()));
            }
            Err(_) => {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(1));
            }
        }
    }
}

async fn connection(stream: tokio::net::TcpStream, limits: Limits, state: Arc<State>) {
    let service = service_fn(move |req| handle(req, limits, state.clone()));
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// `POST` here forgets what the mock was told (as [`MockServer::reset`](crate::MockServer::reset)
/// does), for tests that run `intercom mock` as a process: each test starts from the examples.
/// No path of Intercom's APIs begins with `_`.
pub const RESET_PATH: &str = "/__mock/reset";

/// Reads a request, routes it, records it and answers it.
async fn handle(
    req: Request<Incoming>,
    limits: Limits,
    state: Arc<State>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let max_body = limits.max_body;
    let read = tokio::time::timeout(limits.body_timeout, Limited::new(body, max_body).collect());
    let Ok(read) = read.await else {
        let message = "the request body did not arrive in time";
        return Ok(respond(408, plain_error(408, message), &[], false));
    };
    let bytes = match read {
        Ok(b) => b.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            let message = format!("the request body is larger than {max_body} bytes");
            return Ok(respond(413, plain_error(413, &message), &[], false));
        }
        Err(_) => {
            return Ok(respond(
                400,
                plain_error(400, "unreadable body"),
                &[],
                false,
            ));
        }
    };
    if parts.method == hyper::Method::POST && parts.uri.path() == RESET_PATH {
        state.reset();
        return Ok(respond(204, String::new(), &[], false));
    }
    let mut recorded = record(&parts);
    let api = state.api_of(&recorded);
    // A request without credentials, or on a path no operation has, is answered without its
    // body being parsed, and only a line of it is kept.
    let gate = routes::gate(&recorded.method, &recorded.path, api, recorded.authorized);
    let (reply, body) = match gate {
        Gate::Unknown => {
            // Only a request no operation routes may be for one Intercom retired.
            let version = recorded.header("intercom-version");
            let retired = answers::retired(&recorded.method, &recorded.path, version);
            let message = format!("no operation answers {} {}", recorded.method, recorded.path);
            recorded.trim();
            let reply = match retired {
                Some(usual) if recorded.authorized => Reply::status(usual.status).text(usual.body),
                Some(_) => Reply::status(401).text(unauthorized(api, None)),
                None => Reply::status(404).text(error_body(api, None, 404, &message)),
            };
            (reply, None)
        }
        Gate::Unauthorized => {
            recorded.trim();
            (Reply::status(401).text(unauthorized(api, None)), None)
        }
        Gate::Open => match parse_body(&bytes) {
            Ok(body) => {
                recorded.body_text = body
                    .is_some()
                    .then(|| String::from_utf8_lossy(&bytes).into_owned());
                (answer(&state, api, &mut recorded, body.as_ref()), body)
            }
            Err(why) => (
                Reply::status(400).text(error_body(api, None, 400, &why)),
                None,
            ),
        },
    };
    if let Ok(mut received) = state.received.lock() {
        received.keep(recorded.clone(), &limits);
    }
    Ok(send(reply, &state, api, &recorded, body.as_ref()).await)
}

/// An error answered before the request is read, in the shape both APIs share.
fn plain_error(status: u16, message: &str) -> String {
    error_body(Api::V1, None, status, message)
}

/// The 401 of an API (for an operation, as it documents it).
fn unauthorized(api: Api, op: Option<&Operation>) -> String {
    let message = match api {
        Api::V1 => "Not authorized to access resource",
        Api::V2 => "Access Token Invalid",
    };
    error_body(api, op, 401, message)
}

/// The request as the test reads it back (its body and operation are filled in later).
fn record(parts: &hyper::http::request::Parts) -> Recorded {
    let query = parts
        .uri
        .query()
        .map(|q| {
            q.split('&')
                .filter(|kv| !kv.is_empty())
                .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
                .map(|(k, v)| (decode(k), decode(v)))
                .collect()
        })
        .unwrap_or_default();
    let headers = parts
        .headers
        .iter()
        .filter(|(name, _)| *name != AUTHORIZATION)
        .map(|(n, v)| {
            let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (n.as_str().to_owned(), value)
        })
        .collect();
    Recorded {
        operation: None,
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        target: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), ToString::to_string),
        query,
        body_text: None,
        headers,
        authorized: authorized(parts.headers.get(AUTHORIZATION)),
        received_at: tokio::time::Instant::now(),
        trimmed: false,
        twins: Vec::new(),
    }
}

/// The JSON body: `None` when empty, an error when it is not JSON.
fn parse_body(bytes: &Bytes) -> Result<Option<Value>, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(bytes)
        .map(Some)
        .map_err(|e| format!("the request body is not JSON: {e}"))
}

/// Whether the request carries credentials: `Bearer <token>`, or HTTP Basic with the token as
/// the user name (and any password), as Intercom's own 1.x clients send it.
fn authorized(header: Option<&HeaderValue>) -> bool {
    let Some(value) = header.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    // The scheme is case-insensitive (RFC 9110 §11.1).
    let (scheme, credentials) = value.split_once(' ').unwrap_or((value, ""));
    if scheme.eq_ignore_ascii_case("bearer") {
        return !credentials.trim().is_empty();
    }
    Some(credentials)
        .filter(|_| scheme.eq_ignore_ascii_case("basic"))
        .and_then(|b64| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .and_then(|pair| String::from_utf8(pair).ok())
        .is_some_and(|pair| pair.split(':').next().is_some_and(|user| !user.is_empty()))
}

/// The reply to a request: 404 for an unknown route, 400 for one that fits no operation, 401
/// without credentials, else what the test programmed for the operation (or for a twin that
/// sends the same request), or its usual answer.
fn answer(state: &State, api: Api, recorded: &mut Recorded, body: Option<&Value>) -> Reply {
    let sent = Sent {
        path: &recorded.path,
        query: &recorded.query,
        body,
        host: None,
        version: recorded.header("intercom-version"),
    };
    let (op, twins) = match routes::route(&recorded.method, api, &sent) {
        Routed::Unknown => {
            let message = format!("no operation answers {} {}", recorded.method, recorded.path);
            return Reply::status(404).text(error_body(api, None, 404, &message));
        }
        Routed::Unfit(op, message, field) => return unfit(op, &message, field),
        Routed::To(op, twins) => (op, twins),
    };
    recorded.operation = Some(op);
    recorded.twins = twins;
    if op.auth && !recorded.authorized {
        return Reply::status(401).text(unauthorized(op.api, Some(op)));
    }
    let Ok(mut programs) = state.programs.lock() else {
        return Reply::example();
    };
    let programmed = std::iter::once(op)
        .chain(recorded.twins.iter().copied())
        .map(script::key)
        .find(|key| programs.contains_key(key))
        .unwrap_or(script::key(op));
    programs.entry(programmed).or_default().next()
}

/// The 400 for a request on an operation's path that does not fit it, naming the field.
fn unfit(op: &Operation, message: &str, field: Option<&str>) -> Reply {
    let mut item =
        json!({"code": "parameter_invalid", "message": format!("{}: {message}", op.name)});
    if let Some(field) = field {
        item["field"] = Value::from(field);
    }
    Reply::status(400).json(json!({"type": "error.list", "request_id": "mock", "errors": [item]}))
}

/// Waits as the reply says, then gives it, filling in the operation's usual answer.
async fn send(
    reply: Reply,
    state: &State,
    api: Api,
    recorded: &Recorded,
    body: Option<&Value>,
) -> Response<Full<Bytes>> {
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let sent = Sent {
        path: &recorded.path,
        query: &recorded.query,
        body,
        host: recorded.header("host"),
        version: recorded.header("intercom-version"),
    };
    let op = recorded.operation;
    let status = reply.status;
    let (status, body, content_type) = match (reply.body, op) {
        (Body::Example, Some(op)) => {
            let remembered = state
                .stateful
                .then(|| state.store.lock().ok()?.answer(op, &sent))
                .flatten();
            let usual = remembered.unwrap_or_else(|| answers::usual(op, &sent));
            (
                status.unwrap_or(usual.status),
                usual.body,
                usual.content_type,
            )
        }
        (Body::Example, None) => (status.unwrap_or(200), String::new(), JSON),
        (Body::Error, _) => {
            let status = status.unwrap_or(500);
            let api = op.map_or(api, |op| op.api);
            (
                status,
                error_body(api, op, status, "programmed by the test"),
                JSON,
            )
        }
        (Body::Text(text), _) => (status.unwrap_or(200), text, JSON),
    };
    respond_as(status, body, content_type, &reply.headers, reply.truncated)
}

const JSON: &str = "application/json";

/// An answer with Intercom's usual headers; `truncated` announces the whole body and sends
/// half of it, so the connection ends before the answer does.
fn respond(
    status: u16,
    body: String,
    extra: &[(String, String)],
    truncated: bool,
) -> Response<Full<Bytes>> {
    respond_as(status, body, JSON, extra, truncated)
}

/// [`respond`] with a content type.
fn respond_as(
    status: u16,
    body: String,
    content_type: &'static str,
    extra: &[(String, String)],
    truncated: bool,
) -> Response<Full<Bytes>> {
    let full_length = body.len();
    let body = if truncated {
        let mut cut = full_length / 2;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body[..cut].to_owned()
    } else {
        body
    };
    let has_body = !body.is_empty() || truncated;
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = resp.headers_mut();
    if has_body {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    if truncated {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(full_length));
    }
    for (name, value) in [
        ("x-ratelimit-limit", "500"),
        ("x-ratelimit-remaining", "499"),
        ("x-request-id", "mock"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    for (name, value) in extra {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(name, value);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use super::*;

    #[test]
    fn query_text_is_decoded() {
        assert_eq!(decode("a%2Fb+c"), "a/b c");
    }

    #[test]
    fn credentials_are_a_bearer_token_or_basic_with_the_token_as_user() {
        let header = |v: &str| HeaderValue::from_str(v).ok();
        let basic = |pair: &str| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        };
        assert!(authorized(header("Bearer tok").as_ref()));
        assert!(authorized(header("bearer tok").as_ref()));
        assert!(authorized(header(&basic("tok:")).as_ref()));
        assert!(authorized(header(&basic("tok:any")).as_ref()));
        assert!(!authorized(header(&basic(":pw")).as_ref()));
        assert!(!authorized(header("Bearer ").as_ref()));
        assert!(!authorized(header("Basic !!!").as_ref()));
        assert!(!authorized(None));
    }

    /// A listener whose first `failures` accepts fail as when the process has no descriptor left.
    struct Flaky {
        listener: TcpListener,
        failures: std::sync::atomic::AtomicUsize,
    }

    impl Acceptor for Flaky {
        async fn accept(&self) -> std::io::Result<tokio::net::TcpStream> {
            use std::sync::atomic::Ordering;
            if self
                .failures
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
            {
                return Err(std::io::Error::from_raw_os_error(24)); // EMFILE
            }
            Acceptor::accept(&self.listener).await
        }
    }

    async fn started(limits: Limits, failures: usize) -> SocketAddr {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let flaky = Flaky {
            listener,
            failures: failures.into(),
        };
        tokio::spawn(serve(flaky, limits, Arc::new(State::new(Api::V1, true))));
        addr
    }

    /// Sends `request` on a new connection and reads until the server closes it.
    async fn exchange(addr: SocketAddr, request: &[u8]) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(addr)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = stream.write_all(request).await;
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer));
        assert!(read.await.is_ok(), "the mock kept the connection open");
        String::from_utf8_lossy(&answer).into_owned()
    }

    #[tokio::test]
    async fn failed_accepts_do_not_stop_the_server() {
        let addr = started(Limits::default(), 3).await;
        let answer = exchange(
            addr,
            b"GET /admins HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\nconnection: close\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }

    #[tokio::test]
    async fn a_connection_without_a_complete_head_is_closed() {
        let limits = Limits {
            head_timeout: Duration::from_millis(200),
            ..Limits::default()
        };
        let addr = started(limits, 0).await;
        // Half a request line, then nothing: the mock must hang up on its own.
        let answer = exchange(addr, b"GET /admins HT").await;
        assert!(!answer.starts_with("HTTP/1.1 200"), "{answer}");
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_with_413() {
        let limits = Limits {
            max_body: 1024,
            ..Limits::default()
        };
        let addr = started(limits, 0).await;
        let body = format!("{{\"email\": \"{}\"}}", "a".repeat(4096));
        let request = format!(
            "POST /users HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let answer = exchange(addr, request.as_bytes()).await;
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    }
}
