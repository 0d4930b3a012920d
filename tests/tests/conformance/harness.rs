//! The harness of the wire-conformance tests: one local mock server per case, the whole request
//! compared with an expectation written by hand, every mismatch reported at once.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use intercom_sdk::{Client, Error};
use serde_json::{Map, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The token every case's client sends.
pub const TOKEN: &str = "test-token";

/// What a case covers: a manifest operation and, for a route-picking Select, its value.
pub type Cover = (&'static str, Option<&'static str>);

/// The outcome of a call, its value rendered with `Debug` (independent of the response type).
pub type Fut = Pin<Box<dyn Future<Output = Result<String, Error>>>>;

/// Sends one call with the given client.
pub type Call = Box<dyn FnOnce(Client) -> Fut>;

/// Renders a call's outcome so that cases do not depend on the response types.
pub fn rendered<T: Debug>(result: Result<T, Error>) -> Result<String, Error> {
    result.map(|value| format!("{value:?}"))
}

/// `call!(|c| c.get_admins())`: a [`Call`] sending the builder the expression evaluates to.
macro_rules! call {
    (|$c:ident| $e:expr) => {{
        let call: $crate::harness::Call =
            Box::new(move |$c: ::intercom_sdk::Client| -> $crate::harness::Fut {
                Box::pin(async move { $crate::harness::rendered($e.send().await) })
            });
        call
    }};
}
pub(crate) use call;

/// The request a case must send, written by hand from `endpoint-map.md` / `decisions.md`.
#[derive(Debug, Clone)]
pub struct Expected {
    pub method: &'static str,
    /// Raw path, percent-encoding included.
    pub path: String,
    /// Decoded query pairs (compared as a sorted list).
    pub query: Vec<(String, String)>,
    /// The exact JSON body; `None`: no body and no `Content-Type`.
    pub body: Option<Value>,
    /// Whether `Authorization: Bearer <token>` is sent.
    pub bearer: bool,
}

/// A request with this method and raw path, no query, no body, with the bearer token.
pub fn req(method: &'static str, path: impl Into<String>) -> Expected {
    Expected {
        method,
        path: path.into(),
        query: Vec::new(),
        body: None,
        bearer: true,
    }
}

impl Expected {
    /// Adds one query pair (decoded).
    pub fn q(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The exact JSON body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// No `Authorization` header.
    pub fn without_bearer(mut self) -> Self {
        self.bearer = false;
        self
    }
}

/// What the server must have received.
pub enum Expect {
    /// Exactly this one request.
    Request(Expected),
    /// Nothing at all: the call is refused with `Error::InvalidInput`.
    Refused,
}

/// What the call must return.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Success.
    Ok,
    /// Success; the value's `Debug` text holds each of `present` and none of `absent`.
    OkWith {
        present: Vec<&'static str>,
        absent: Vec<&'static str>,
    },
    /// `Error::NotFound`.
    NotFound,
    /// `Error::Ambiguous` carrying this many matches.
    Ambiguous(usize),
}

/// One conformance case.
pub struct Case {
    pub covers: Cover,
    pub note: String,
    pub call: Call,
    pub expect: Expect,
    pub reply: ResponseTemplate,
    pub outcome: Outcome,
    /// Every optional field left unset: only required inputs (and constants) may go out.
    pub minimal: bool,
}

/// A case that must send exactly `expected`; the mock answers `200 {}`.
pub fn case(covers: Cover, call: Call, expected: Expected) -> Case {
    Case {
        covers,
        note: String::new(),
        call,
        expect: Expect::Request(expected),
        reply: ResponseTemplate::new(200).set_body_json(serde_json::json!({})),
        outcome: Outcome::Ok,
        minimal: false,
    }
}

/// A case that must be refused with `Error::InvalidInput` before anything is sent.
pub fn refused(covers: Cover, call: Call) -> Case {
    Case {
        covers,
        note: String::new(),
        call,
        expect: Expect::Refused,
        reply: ResponseTemplate::new(200).set_body_json(serde_json::json!({})),
        outcome: Outcome::Ok,
        minimal: false,
    }
}

impl Case {
    /// A word on what the case checks, shown in failures.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// Marks a case whose optional inputs are all unset.
    pub fn minimal(mut self) -> Self {
        self.minimal = true;
        self
    }

    /// The mock's answer.
    pub fn reply(mut self, reply: ResponseTemplate) -> Self {
        self.reply = reply;
        self
    }

    /// The call's expected result.
    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    fn label(&self, index: usize) -> String {
        let (op, value) = self.covers;
        let mut label = format!("case #{index} {op}");
        if let Some(value) = value {
            label.push_str(&format!("[{value}]"));
        }
        if !self.note.is_empty() {
            label.push_str(&format!(" ({})", self.note));
        }
        label
    }
}

/// `json!({...})` as the object map the SDK's JSON setters take.
pub fn obj(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// `json!([{...}, ...])` as the list of objects the SDK's List setters take.
pub fn objs(value: Value) -> Vec<Map<String, Value>> {
    match value {
        Value::Array(items) => items.into_iter().map(obj).collect(),
        other => panic!("not an array: {other}"),
    }
}

/// Runs every case and panics with every mismatch found, naming each case.
pub async fn check(cases: Vec<Case>) {
    let total = cases.len();
    let mut failures = Vec::new();
    for (index, case) in cases.into_iter().enumerate() {
        let label = case.label(index);
        if std::env::var_os("CONFORMANCE_TRACE").is_some() {
            eprintln!("running {label}");
        }
        let problems = run_case(case).await;
        if !problems.is_empty() {
            failures.push(format!("{label}:\n  - {}", problems.join("\n  - ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} conformance cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A client talking to `server` with the test token and default settings.
pub fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .build()
        .expect("client")
}

async fn run_case(case: Case) -> Vec<String> {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(case.reply)
        .mount(&server)
        .await;
    let result = (case.call)(client_for(&server)).await;
    let requests = server.received_requests().await.unwrap_or_default();
    // `MockServer`'s `Drop` blocks on a tokio lock; a case that never awaited I/O (a refused
    // call) may have spent the task's cooperative budget, so give the scheduler a turn first.
    tokio::task::yield_now().await;
    drop(server);
    let mut problems = Vec::new();
    match case.expect {
        Expect::Refused => {
            if !requests.is_empty() {
                problems.push(format!(
                    "must be refused before sending, but {} request(s) were sent: {}",
                    requests.len(),
                    requests
                        .iter()
                        .map(describe)
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
            }
            match &result {
                Err(Error::InvalidInput { .. }) => {}
                other => problems.push(format!("expected Error::InvalidInput, got {other:?}")),
            }
        }
        Expect::Request(expected) => {
            match requests.as_slice() {
                [one] => compare(&expected, one, &mut problems),
                _ => problems.push(format!(
                    "expected exactly one request ({} {}), got {}: {}",
                    expected.method,
                    expected.path,
                    requests.len(),
                    requests
                        .iter()
                        .map(describe)
                        .collect::<Vec<_>>()
                        .join(" | ")
                )),
            }
            check_outcome(&case.outcome, &result, &mut problems);
        }
    }
    problems
}

fn check_outcome(outcome: &Outcome, result: &Result<String, Error>, problems: &mut Vec<String>) {
    match (outcome, result) {
        (Outcome::Ok, Ok(_)) => {}
        (Outcome::OkWith { present, absent }, Ok(text)) => {
            for p in present {
                if !text.contains(p) {
                    problems.push(format!("result must contain {p:?}; got {text}"));
                }
            }
            for a in absent {
                if text.contains(a) {
                    problems.push(format!("result must not contain {a:?}; got {text}"));
                }
            }
        }
        (Outcome::NotFound, Err(Error::NotFound { .. })) => {}
        (Outcome::Ambiguous(n), Err(Error::Ambiguous { matches, .. })) if matches.len() == *n => {}
        (expected, got) => problems.push(format!("expected outcome {expected:?}, got {got:?}")),
    }
}

/// A one-line rendering of a received request, for failure messages.
pub fn describe(r: &wiremock::Request) -> String {
    format!(
        "{} {}{} body={}",
        r.method,
        r.url.path(),
        r.url.query().map(|q| format!("?{q}")).unwrap_or_default(),
        String::from_utf8_lossy(&r.body)
    )
}

fn header<'a>(r: &'a wiremock::Request, name: &str) -> Result<Option<&'a str>, String> {
    let values: Vec<_> = r.headers.get_all(name).iter().collect();
    match values.as_slice() {
        [] => Ok(None),
        [one] => one
            .to_str()
            .map(Some)
            .map_err(|_| format!("header {name} is not text")),
        many => Err(format!("header {name} sent {} times", many.len())),
    }
}

fn expect_header(
    r: &wiremock::Request,
    name: &str,
    want: Option<&str>,
    problems: &mut Vec<String>,
) {
    match header(r, name) {
        Ok(got) if got == want => {}
        Ok(got) => problems.push(format!("header {name}: expected {want:?}, got {got:?}")),
        Err(e) => problems.push(e),
    }
}

/// Compares the whole request: method, raw path, query, body, headers.
pub fn compare(expected: &Expected, r: &wiremock::Request, problems: &mut Vec<String>) {
    if r.method.as_str() != expected.method {
        problems.push(format!(
            "method: expected {}, got {}",
            expected.method, r.method
        ));
    }
    if r.url.path() != expected.path {
        problems.push(format!(
            "raw path: expected {:?}, got {:?}",
            expected.path,
            r.url.path()
        ));
    }
    let mut want_query = expected.query.clone();
    want_query.sort();
    let mut got_query: Vec<(String, String)> = r
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    got_query.sort();
    if want_query != got_query {
        problems.push(format!(
            "query: expected {want_query:?}, got {got_query:?} (raw {:?})",
            r.url.query()
        ));
    }
    match &expected.body {
        Some(want) => {
            match serde_json::from_slice::<Value>(&r.body) {
                Ok(got) if &got == want => {}
                Ok(got) => problems.push(format!("body: expected {want}, got {got}")),
                Err(e) => problems.push(format!(
                    "body is not JSON ({e}): {:?}",
                    String::from_utf8_lossy(&r.body)
                )),
            }
            expect_header(r, "content-type", Some("application/json"), problems);
        }
        None => {
            if !r.body.is_empty() {
                problems.push(format!(
                    "expected no body, got {:?}",
                    String::from_utf8_lossy(&r.body)
                ));
            }
            expect_header(r, "content-type", None, problems);
        }
    }
    let bearer = format!("Bearer {TOKEN}");
    expect_header(
        r,
        "authorization",
        expected.bearer.then_some(bearer.as_str()),
        problems,
    );
    expect_header(r, "accept", Some("application/json"), problems);
    expect_header(r, "intercom-version", Some("1.4"), problems);
    match header(r, "user-agent") {
        Ok(Some(ua)) if ua.starts_with("intercom-sdk-rust/") => {}
        Ok(other) => problems.push(format!(
            "user-agent must start with intercom-sdk-rust/, got {other:?}"
        )),
        Err(e) => problems.push(e),
    }
}
