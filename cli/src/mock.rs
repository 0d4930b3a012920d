//! The embedded mock server: routes from the manifest, requests checked against their operation,
//! realistic answers shipped in the crate. It listens on loopback only.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value, json};
use tokio::net::TcpListener;

use intercom_sdk::meta::{Field, Kind, OPERATIONS, Operation, Paging, Place, Route};

/// Example answers, by response model: every file of `mock-data/` (real Intercom payloads),
/// listed by `build.rs`.
static EXAMPLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example answer of `model`; a model without one still gets an answer, if not a rich one.
fn example(model: &str) -> &'static str {
    EXAMPLES
        .iter()
        .find(|(name, _)| *name == model)
        .map_or("{}", |(_, text)| text)
}

/// Bounds that keep one client from holding the mock hostage.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A connection that sends no complete request head for this long (idle keep-alive
    /// included) is closed.
    pub head_timeout: Duration,
    /// A request body larger than this is answered 413 and not read further.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            head_timeout: Duration::from_secs(5),
            max_body: 4 * 1024 * 1024,
        }
    }
}

/// Binds `127.0.0.1:port` (0 for any free port) and serves until the process ends.
pub async fn start(port: u16) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(serve(listener, Limits::default()));
    Ok(addr)
}

/// Where connections come from: a TCP listener, or a stand-in in tests.
pub trait Acceptor: Send + 'static {
    /// The next connection.
    fn accept(&self) -> impl Future<Output = std::io::Result<tokio::net::TcpStream>> + Send;
}

impl Acceptor for TcpListener {
    async fn accept(&self) -> std::io::Result<tokio::net::TcpStream> {
        TcpListener::accept(self).await.map(|(stream, _)| stream)
    }
}

/// Accepts connections for good: a failed `accept` (no file descriptor left, a connection reset
/// before it was taken) is waited out with a short backoff, never the end of the server.
pub async fn serve(listener: impl Acceptor, limits: Limits) {
    let mut backoff = Duration::from_millis(5);
    loop {
        match listener.accept().await {
            Ok(stream) => {
                backoff = Duration::from_millis(5);
                tokio::spawn(connection(stream, limits));
            }
            Err(_) => {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(1));
            }
        }
    }
}

async fn connection(stream: tokio::net::TcpStream, limits: Limits) {
    let service = service_fn(move |req| handle(req, limits.max_body));
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

fn error(
    status: StatusCode,
    code: &str,
    message: &str,
    field: Option<&str>,
) -> Response<Full<Bytes>> {
    let mut item = json!({"code": code, "message": message});
    if let Some(f) = field {
        item["field"] = json!(f);
    }
    respond(
        status,
        &json!({"type": "error.list", "request_id": "mock", "errors": [item]}).to_string(),
    )
}

fn respond(status: StatusCode, body: &str) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body.to_owned())));
    *resp.status_mut() = status;
    if !body.is_empty() {
        resp.headers_mut().insert(
            "content-type",
            hyper::header::HeaderValue::from_static("application/json"),
        );
    }
    for (name, value) in [
        ("x-ratelimit-limit", "500"),
        ("x-ratelimit-remaining", "499"),
        ("x-request-id", "mock"),
    ] {
        resp.headers_mut()
            .insert(name, hyper::header::HeaderValue::from_static(value));
    }
    resp
}

async fn handle(
    req: Request<Incoming>,
    max_body: usize,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let query: Vec<(String, String)> = req
        .uri()
        .query()
        .map(|q| {
            q.split('&')
                .filter_map(|kv| kv.split_once('=').map(|(k, v)| (decode(k), decode(v))))
                .collect()
        })
        .unwrap_or_default();
    let authorized = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer ") && v.len() > 7);
    let body = match Limited::new(req.into_body(), max_body).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return Ok(error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request_too_large",
                &format!("the request body is larger than {max_body} bytes"),
                None,
            ));
        }
        Err(_) => {
            return Ok(error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "unreadable body",
                None,
            ));
        }
    };
    let body: Option<Value> = if body.is_empty() {
        None
    } else {
        serde_json::from_slice(&body).ok().or(Some(Value::Null))
    };
    Ok(answer(&method, &path, &query, body.as_ref(), authorized))
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Placeholders used by the template of `op` that matches `path` (fewer is more specific).
fn placeholders(op: &Operation, path: &str) -> usize {
    op.paths()
        .filter(|t| t.matches(path))
        .map(|t| t.param_count())
        .min()
        .unwrap_or(usize::MAX)
}

fn body_get<'a>(body: Option<&'a Value>, dotted: &str) -> Option<&'a Value> {
    dotted.split('.').try_fold(body?, |v, k| v.get(k))
}

fn type_ok(f: &Field, v: &Value) -> bool {
    match f.kind {
        Kind::Text | Kind::Secret | Kind::LatLon => v.is_string(),
        Kind::Boolean => v.is_boolean(),
        Kind::Integer | Kind::Timestamp => v.is_i64() || v.is_u64(),
        Kind::Number => v.is_number(),
        Kind::Json => v.is_object(),
        // Lists may be sent wrapped (tag and segment ids) or item by item.
        Kind::TextList | Kind::ObjectList => v.is_array() || v.is_object(),
        Kind::Select => select_ok(f, v.as_str()),
        _ => true,
    }
}

fn query_ok(f: &Field, v: &str) -> bool {
    match f.kind {
        Kind::Boolean => v == "true" || v == "false",
        Kind::Integer => v.parse::<i64>().is_ok(),
        Kind::Number => v.parse::<f64>().is_ok(),
        Kind::Select => select_ok(f, Some(v)),
        _ => true,
    }
}

fn select_ok(f: &Field, v: Option<&str>) -> bool {
    v.is_some_and(|v| f.select.is_some_and(|s| s.values.contains(&v)))
}

/// What is wrong with a request, and the field concerned.
type Problem = (String, Option<&'static str>);

/// A request as received: its path, decoded query and JSON body.
struct Sent<'a> {
    path: &'a str,
    query: &'a [(String, String)],
    body: Option<&'a Value>,
}

impl Sent<'_> {
    fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn member(&self, dotted: &str) -> Option<&Value> {
        body_get(self.body, dotted)
    }
}

/// What is wrong with the request for `op` (empty when it fits).
fn problems(op: &Operation, sent: &Sent<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    for (k, v) in op.query {
        if sent.query(k) != Some(v) {
            out.push((format!("query `{k}` must be `{v}`"), None));
        }
    }
    for (k, v) in op.body {
        let expected: Value = serde_json::from_str(v).unwrap_or(Value::Null);
        if sent.member(k) != Some(&expected) {
            out.push((format!("body `{k}` must be {v}"), None));
        }
    }
    let mut known_query: Vec<&str> = op.query.iter().map(|(k, _)| *k).collect();
    match route_problem(op, sent) {
        Ok(route) => known_query.extend(route.iter().flat_map(|r| r.query.iter().map(|(k, _)| *k))),
        Err(problem) => out.push((problem, None)),
    }
    out.extend(input_problems(op, sent));
    known_query.extend(op.inputs().filter_map(|f| match f.place {
        Place::Query(key) => Some(key),
        _ => None,
    }));
    match op.paging {
        Some(Paging::Scroll) => known_query.push("scroll_param"),
        Some(Paging::Pages) => known_query.extend(["page", "per_page"]),
        _ => {}
    }
    for (k, _) in sent.query {
        if !known_query.contains(&k.as_str()) {
            out.push((format!("unknown query parameter `{k}`"), None));
        }
    }
    out
}

/// The route the request took (`None` for an operation without routes), or why none fits.
fn route_problem(op: &Operation, sent: &Sent<'_>) -> Result<Option<&'static Route>, String> {
    let Some(routing) = op.routing else {
        return if op.path.matches(sent.path) {
            Ok(None)
        } else {
            Err("path does not match".into())
        };
    };
    let routes: &'static [Route] = routing.routes;
    let fits = |route: &&Route| {
        route.reject.is_none()
            && route.path.matches(sent.path)
            && route.query.iter().all(|(k, _)| sent.query(k).is_some())
            && route.body.iter().all(|(k, _)| sent.member(k).is_some())
    };
    match routes.iter().find(fits) {
        Some(route) => Ok(Some(route)),
        None => {
            let values: Vec<&str> = routing.routes.iter().map(|r| r.value).collect();
            Err(format!(
                "no identifier of a known kind ({}: {}) was given",
                routing.by,
                values.join(", ")
            ))
        }
    }
}

/// Inputs missing, or of the wrong type, in the query and the body.
fn input_problems(op: &Operation, sent: &Sent<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    for f in op.inputs() {
        match f.place {
            Place::Query(key) => match sent.query(key) {
                Some(v) if !query_ok(f, v) => out.push((
                    format!("`{v}` is not a valid {}", f.seed_type),
                    Some(f.name),
                )),
                None if f.required => {
                    out.push((format!("missing query parameter `{key}`"), Some(f.name)));
                }
                _ => {}
            },
            Place::Body(key) => match sent.member(key) {
                Some(v) if !type_ok(f, v) => out.push((
                    format!("`{key}` is not a valid {}", f.seed_type),
                    Some(f.name),
                )),
                None if f.required => {
                    out.push((format!("missing body member `{key}`"), Some(f.name)));
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

fn answer(
    method: &str,
    path: &str,
    query: &[(String, String)],
    body: Option<&Value>,
    authorized: bool,
) -> Response<Full<Bytes>> {
    let candidates: Vec<&Operation> = OPERATIONS
        .iter()
        .copied()
        .filter(|op| op.method.as_str() == method)
        .filter(|op| op.paths().any(|t| t.matches(path)))
        .collect();
    if candidates.is_empty() {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("no operation answers {method} {path}"),
            None,
        );
    }
    let checked: Vec<(&Operation, Vec<Problem>)> = candidates
        .iter()
        .map(|op| (*op, problems(op, &Sent { path, query, body })))
        .collect();
    // `/users/scroll` fits `/users/{userId}` too: the template with more literal segments wins.
    let fitting = checked
        .iter()
        .filter(|(_, p)| p.is_empty())
        .max_by_key(|(op, _)| std::cmp::Reverse(placeholders(op, path)));
    let Some((op, _)) = fitting else {
        let closest = checked.iter().min_by_key(|(_, p)| p.len());
        let op = closest.map_or(candidates[0], |(op, _)| *op);
        let (message, field) = closest
            .and_then(|(_, p)| p.first().cloned())
            .unwrap_or_default();
        return error(
            StatusCode::BAD_REQUEST,
            "parameter_invalid",
            &format!("{}: {message}", op.name),
            field,
        );
    };
    if op.auth && !authorized {
        return error(
            StatusCode::UNAUTHORIZED,
            "token_unauthorized",
            "Not authorized to access resource",
            None,
        );
    }
    let Some(model) = op.response else {
        let status = StatusCode::from_u16(op.success).unwrap_or(StatusCode::OK);
        return respond(status, "");
    };
    let text = example(model);
    if op.paging == Some(Paging::Scroll) && query.iter().any(|(k, _)| k == "scroll_param") {
        // The end of a scroll: the same list, without records.
        let mut page: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        if let Some(obj) = page.as_object_mut() {
            for v in obj.values_mut() {
                if v.is_array() {
                    *v = json!([]);
                }
            }
        }
        return respond(StatusCode::OK, &page.to_string());
    }
    if op.paging == Some(Paging::Scroll) {
        let mut page: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        page["scroll_param"] = json!("mock-scroll-1");
        return respond(StatusCode::OK, &page.to_string());
    }
    respond(StatusCode::OK, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_text_is_decoded() {
        assert_eq!(decode("a%2Fb+c"), "a/b c");
    }

    #[test]
    fn every_response_model_has_an_example_answer() {
        for op in OPERATIONS {
            if let Some(model) = op.response {
                assert_ne!(example(model), "{}", "mock-data/{model}.json is missing");
            }
        }
    }

    #[test]
    fn counts_are_told_apart_by_their_constants() {
        let q = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        let resp = answer(
            "GET",
            "/counts",
            &q(&[("type", "company"), ("count", "user")]),
            None,
            true,
        );
        assert_eq!(resp.status(), StatusCode::OK);
        let resp = answer("GET", "/counts", &q(&[("type", "nonsense")]), None, true);
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
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
        tokio::spawn(serve(flaky, limits));
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
