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

use crate::generated::OPERATIONS;
use crate::spec::{FieldSpec, Kind, OpSpec, Place, RouteSpec};

/// Example answers, by response model (taken from real Intercom payloads).
fn example(model: &str) -> &'static str {
    match model {
        "AccessToken" => include_str!("../mock-data/AccessToken.json"),
        "Admin" => include_str!("../mock-data/Admin.json"),
        "AdminList" => include_str!("../mock-data/AdminList.json"),
        "AdminMessage" => include_str!("../mock-data/AdminMessage.json"),
        "Company" => include_str!("../mock-data/Company.json"),
        "CompanyList" => include_str!("../mock-data/CompanyList.json"),
        "Conversation" => include_str!("../mock-data/Conversation.json"),
        "ConversationList" => include_str!("../mock-data/ConversationList.json"),
        "Count" => include_str!("../mock-data/Count.json"),
        "EventList" => include_str!("../mock-data/EventList.json"),
        "EventSummary" => include_str!("../mock-data/EventSummary.json"),
        "Job" => include_str!("../mock-data/Job.json"),
        "Lead" => include_str!("../mock-data/Lead.json"),
        "LeadList" => include_str!("../mock-data/LeadList.json"),
        "Note" => include_str!("../mock-data/Note.json"),
        "NoteList" => include_str!("../mock-data/NoteList.json"),
        "NotificationList" => include_str!("../mock-data/NotificationList.json"),
        "Segment" => include_str!("../mock-data/Segment.json"),
        "SegmentList" => include_str!("../mock-data/SegmentList.json"),
        "Subscription" => include_str!("../mock-data/Subscription.json"),
        "SubscriptionList" => include_str!("../mock-data/SubscriptionList.json"),
        "Tag" => include_str!("../mock-data/Tag.json"),
        "TagList" => include_str!("../mock-data/TagList.json"),
        "User" => include_str!("../mock-data/User.json"),
        "UserList" => include_str!("../mock-data/UserList.json"),
        "UserMessage" => include_str!("../mock-data/UserMessage.json"),
        "Visitor" => include_str!("../mock-data/Visitor.json"),
        // A model added to the manifest later still gets an answer, if not a rich one.
        _ => "{}",
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

/// Does `template` (`/users/{userId}`) match the raw `path`?
fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_matches('/').split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            if t.starts_with('{') {
                !p.is_empty()
            } else {
                t == p
            }
        })
}

/// Placeholders used by the template of `op` that matches `path` (fewer is more specific).
fn placeholders(op: &OpSpec, path: &str) -> usize {
    let templates = std::iter::once(op.path).chain(
        op.routing
            .iter()
            .flat_map(|r| r.routes.iter().map(|route| route.path)),
    );
    templates
        .filter(|t| path_matches(t, path))
        .map(|t| t.matches('{').count())
        .min()
        .unwrap_or(usize::MAX)
}

fn body_get<'a>(body: Option<&'a Value>, dotted: &str) -> Option<&'a Value> {
    dotted.split('.').try_fold(body?, |v, k| v.get(k))
}

fn type_ok(f: &FieldSpec, v: &Value) -> bool {
    match f.kind {
        Kind::String | Kind::Secret => v.is_string(),
        Kind::Boolean => v.is_boolean(),
        Kind::Number => v.is_number(),
        Kind::Json => v.is_object(),
        Kind::Datepicker => v.is_i64() || v.is_u64(),
        Kind::Map => v.is_string(),
        // Lists may be sent wrapped (tag and segment ids) or item by item.
        Kind::StringList | Kind::ObjectList => v.is_array() || v.is_object(),
        Kind::Select => v.as_str().is_some_and(|s| f.values.contains(&s)),
    }
}

fn query_ok(f: &FieldSpec, v: &str) -> bool {
    match f.kind {
        Kind::Boolean => v == "true" || v == "false",
        Kind::Number => v.parse::<f64>().is_ok(),
        Kind::Select => f.values.contains(&v),
        _ => true,
    }
}

/// What is wrong with a request, and the field concerned.
type Problem = (String, Option<&'static str>);

/// What is wrong with the request for `op` (empty when it fits).
fn problems(
    op: &OpSpec,
    path: &str,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let q = |k: &str| {
        query
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let mut known_query: Vec<&str> = op.query_consts.iter().map(|(k, _)| *k).collect();
    for (k, v) in op.query_consts {
        if q(k) != Some(v) {
            out.push((format!("query `{k}` must be `{v}`"), None));
        }
    }
    for (k, v) in op.body_consts {
        let expected: Value = serde_json::from_str(v).unwrap_or(Value::Null);
        if body_get(body, k) != Some(&expected) {
            out.push((format!("body `{k}` must be {v}"), None));
        }
    }
    let route: Option<&RouteSpec> = op.routing.as_ref().and_then(|r| {
        r.routes.iter().filter(|route| !route.reject).find(|route| {
            path_matches(route.path, path)
                && route.query.iter().all(|(k, _)| q(k).is_some())
                && route.body.iter().all(|(k, _)| body_get(body, k).is_some())
        })
    });
    if op.routing.is_some() {
        match route {
            Some(route) => known_query.extend(route.query.iter().map(|(k, _)| *k)),
            None => {
                let r = op
                    .routing
                    .as_ref()
                    .map(|r| {
                        (
                            r.by,
                            r.routes
                                .iter()
                                .map(|route| route.value)
                                .collect::<Vec<_>>()
                                .join(", "),
                        )
                    })
                    .unwrap_or_default();
                out.push((
                    format!("no identifier of a known kind ({}: {}) was given", r.0, r.1),
                    None,
                ));
            }
        }
    } else if !path_matches(op.path, path) {
        out.push(("path does not match".into(), None));
    }
    for f in op.inputs() {
        match f.place {
            Place::Query(key) => {
                known_query.push(key);
                match q(key) {
                    Some(v) if !query_ok(f, v) => out.push((
                        format!("`{v}` is not a valid {}", f.seed_type),
                        Some(f.name),
                    )),
                    None if f.required => {
                        out.push((format!("missing query parameter `{key}`"), Some(f.name)))
                    }
                    _ => {}
                }
            }
            Place::Body(key) => match body_get(body, key) {
                Some(v) if !type_ok(f, v) => out.push((
                    format!("`{key}` is not a valid {}", f.seed_type),
                    Some(f.name),
                )),
                None if f.required => {
                    out.push((format!("missing body member `{key}`"), Some(f.name)))
                }
                _ => {}
            },
            _ => {}
        }
    }
    if op.paging == Some(crate::spec::Paging::Scroll) {
        known_query.push("scroll_param");
    }
    if op.paging == Some(crate::spec::Paging::Pages) {
        known_query.extend(["page", "per_page"]);
    }
    for (k, _) in query {
        if !known_query.contains(&k.as_str()) {
            out.push((format!("unknown query parameter `{k}`"), None));
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
    let candidates: Vec<&OpSpec> = OPERATIONS
        .iter()
        .filter(|op| op.method == method)
        .filter(|op| {
            path_matches(op.path, path)
                || op
                    .routing
                    .as_ref()
                    .is_some_and(|r| r.routes.iter().any(|route| path_matches(route.path, path)))
        })
        .collect();
    if candidates.is_empty() {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("no operation answers {method} {path}"),
            None,
        );
    }
    let checked: Vec<(&OpSpec, Vec<Problem>)> = candidates
        .iter()
        .map(|op| (*op, problems(op, path, query, body)))
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
        let status = if op.name == "submitEvent" {
            StatusCode::ACCEPTED
        } else {
            StatusCode::OK
        };
        return respond(status, "");
    };
    let text = example(model);
    if op.paging == Some(crate::spec::Paging::Scroll)
        && query.iter().any(|(k, _)| k == "scroll_param")
    {
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
    if op.paging == Some(crate::spec::Paging::Scroll) {
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
    fn templates_match_one_segment_per_placeholder() {
        assert!(path_matches("/users/{userId}", "/users/a%2Fb"));
        assert!(!path_matches("/users/{userId}", "/users"));
        assert!(!path_matches("/users/{userId}", "/users/a/b"));
        assert_eq!(decode("a%2Fb+c"), "a/b c");
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
