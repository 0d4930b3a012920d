//! What a test programs: the replies of an operation, and the requests the mock received.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use intercom_sdk::meta::{Api, Operation};
use serde_json::Value;

/// An answer the mock gives instead of the operation's usual one.
///
/// ```
/// use std::time::Duration;
/// use intercom_mock::Reply;
///
/// let not_found = Reply::status(404);
/// let slow = Reply::example().delay(Duration::from_secs(2));
/// let custom = Reply::status(200).json(serde_json::json!({"type": "admin", "id": "7"}));
/// # let _ = (not_found, slow, custom);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub(crate) status: Option<u16>,
    pub(crate) body: Body,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) delay: Duration,
    pub(crate) truncated: bool,
}

/// What a reply's body is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    /// The operation's usual answer (its success status and example payload).
    Example,
    /// Intercom's `error.list` for the status.
    Error,
    /// This text.
    Text(String),
}

impl Reply {
    /// The operation's usual answer: its success status and the real payload the mock ships.
    pub fn example() -> Reply {
        Reply {
            status: None,
            body: Body::Example,
            headers: Vec::new(),
            delay: Duration::ZERO,
            truncated: false,
        }
    }

    /// An answer with `status`: for a 2xx the usual payload, otherwise Intercom's `error.list`
    /// with the code the API uses for that status (`not_found` for 404, …).
    pub fn status(status: u16) -> Reply {
        let body = if (200..300).contains(&status) {
            Body::Example
        } else {
            Body::Error
        };
        Reply {
            status: Some(status),
            body,
            ..Reply::example()
        }
    }

    /// A 429 whose `X-RateLimit-Reset` is `reset_in` from now (Unix seconds, rounded up), with
    /// `X-RateLimit-Remaining: 0`, as Intercom sends when the window is spent.
    pub fn rate_limited(reset_in: Duration) -> Reply {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let reset = (now + reset_in).as_secs() + u64::from((now + reset_in).subsec_nanos() > 0);
        Reply::status(429)
            .header("x-ratelimit-limit", "500")
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", reset.to_string())
    }

    /// This JSON as the body.
    pub fn json(self, body: impl serde::Serialize) -> Reply {
        let text = serde_json::to_string(&body).unwrap_or_else(|e| format!("\"{e}\""));
        self.text(text)
    }

    /// This text as the body, sent as it is (to play a server that answers something odd).
    pub fn text(mut self, body: impl Into<String>) -> Reply {
        self.body = Body::Text(body.into());
        self
    }

    /// A header added to the answer.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers only after `delay` (on tokio's clock: a paused test clock skips it).
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    /// Announces the whole body but sends half of it, then closes the connection: the client
    /// sees an answer cut short.
    pub fn truncated(mut self) -> Reply {
        self.truncated = true;
        self
    }
}

/// What the test programmed for one operation.
#[derive(Debug, Default)]
pub(crate) struct Program {
    /// Answered first, once each, in order.
    pub(crate) once: VecDeque<Reply>,
    /// Answered when `once` is empty; the usual answer when `None`.
    pub(crate) standing: Option<Reply>,
    /// Added to every answer.
    pub(crate) delay: Duration,
}

impl Program {
    /// The reply to the next request.
    pub(crate) fn next(&mut self) -> Reply {
        let mut reply = self
            .once
            .pop_front()
            .or_else(|| self.standing.clone())
            .unwrap_or_else(Reply::example);
        reply.delay += self.delay;
        reply
    }
}

/// Programs by operation: its API and its name in the manifest.
pub(crate) type Programs = HashMap<Key, Program>;

/// An operation as a key of [`Programs`].
pub(crate) type Key = (Api, &'static str);

/// The key of `op`'s program.
pub(crate) fn key(op: &'static Operation) -> Key {
    (op.api, op.name)
}

/// A request the mock received.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Recorded {
    /// The operation it was routed to; `None` when none fits (it was answered 400 or 404).
    pub operation: Option<&'static Operation>,
    /// Other operations that send this very request (`updateUserByEmail` sends what
    /// `createUserByEmail` does): [`MockServer::requests_to`](crate::MockServer::requests_to)
    /// finds it for them too, and what a test programmed for them answers it.
    pub twins: Vec<&'static Operation>,
    /// `GET`, `POST`, …
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The request target as sent: the path and the query, still encoded.
    pub target: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The JSON body as it was sent, when there was one that parsed (see [`Recorded::body`]).
    pub body_text: Option<String>,
    /// The headers, except `Authorization` (see [`Recorded::authorized`]).
    pub headers: Vec<(String, String)>,
    /// Whether it carried credentials (a Bearer token, or HTTP Basic with the token as user).
    pub authorized: bool,
    /// When it arrived, on tokio's clock (a paused test clock gives virtual time).
    pub received_at: tokio::time::Instant,
    /// Only a line of it was kept: its method, its path (cut at 256 bytes) and when it came. A
    /// request without credentials for an operation that needs them, one no operation has the
    /// path of, or one that did not fit [`Limits::max_recorded_bytes`](crate::Limits) is kept
    /// so, with no body, query or headers.
    pub trimmed: bool,
}

impl Recorded {
    /// The manifest's name of the operation it was routed to (`""` when none).
    pub fn operation_name(&self) -> &'static str {
        self.operation.map_or("", |op| op.name)
    }

    /// The JSON body, parsed (numbers beyond `f64` lose digits: [`Recorded::body_text`] has
    /// them all).
    pub fn body(&self) -> Option<Value> {
        self.body_text
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
    }

    /// About how many bytes it holds, for the mock's memory budget.
    pub(crate) fn size(&self) -> usize {
        const FIXED: usize = 160;
        FIXED
            + self.method.len()
            + self.path.len()
            + self.target.len()
            + self.body_text.as_ref().map_or(0, String::len)
            + self
                .query
                .iter()
                .map(|(k, v)| k.len() + v.len() + 48)
                .sum::<usize>()
            + self
                .headers
                .iter()
                .map(|(k, v)| k.len() + v.len() + 48)
                .sum::<usize>()
    }

    /// Whether it was for `op`: routed to it, or to a twin that sends the same request.
    pub fn is_for(&self, op: &Operation) -> bool {
        let same = |other: &&Operation| other.api == op.api && other.name == op.name;
        self.operation.iter().chain(&self.twins).any(same)
    }

    /// Keeps only its line of metadata (see [`Recorded::trimmed`]).
    pub(crate) fn trim(&mut self) {
        const KEPT: usize = 256;
        for text in [&mut self.path, &mut self.target] {
            if text.len() > KEPT {
                let mut cut = KEPT;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
            }
        }
        self.body_text = None;
        self.query = Vec::new();
        self.headers = Vec::new();
        self.trimmed = true;
    }

    /// The value of the query parameter `key`, if sent.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The value of the header `name` (any case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorded")
            .field("operation", &self.operation_name())
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body", &self.body_text)
            .field("authorized", &self.authorized)
            .finish_non_exhaustive()
    }
}
