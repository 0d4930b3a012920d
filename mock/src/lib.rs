//! A local mock of Intercom's 1.x and 2.x APIs, for testing code that uses `intercom-sdk`.
//!
//! [`MockServer::start`] listens on loopback, in your test's tokio runtime. Every operation of
//! the manifest is routed and checked as the API would (method, path, required inputs, types,
//! Select values, constants), then answered with a real Intercom payload (1.x) or the example
//! Intercom's OpenAPI description documents (2.x), about the id in the path and what was sent.
//! Where both APIs have a path (`/tags`, `/conversations`), the request's `Intercom-Version`
//! picks the API; without one, the mock's default ([`MockBuilder::default_api`], 1.x unless
//! told otherwise). A test programs
//! answers per operation ([`MockServer::on`]: a status, a body, headers, N failures before the
//! usual answer, a 429 with a reset, a delay, a body cut short) and reads back what was received
//! ([`MockServer::requests`]), each request typed by the operation it was routed to.
//!
//! ```
//! use intercom_mock::{MockServer, Reply};
//! use intercom_sdk::{IdType, meta};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockServer::start().await?;
//! mock.on(&meta::GET_SINGLE_USER).fail_times(1, 503);
//! let client = mock.client()?;
//!
//! // The mock remembers: what is created is what is found.
//! client.create_user_by_email("ada@example.com").name("Ada").await?;
//! let user = client.get_single_user("ada@example.com", IdType::Email).await?;
//! assert_eq!(user.name.as_deref(), Some("Ada"));
//!
//! let sent = mock.requests_to(&meta::GET_SINGLE_USER);
//! assert_eq!(sent.len(), 2, "one 503, retried once");
//! assert_eq!(sent[1].query_value("email"), Some("ada@example.com"));
//! # let _ = Reply::status(404); Ok(()) }
//! ```
//!
//! It remembers (unless [`MockBuilder::stateless`]): what is created, updated, tagged, attached
//! or deleted through the API is what later finds, lists and searches answer, for 2.x contacts,
//! companies, tags, notes, conversations, tickets, data attributes and events and 1.x users,
//! leads, companies, tags and notes; lists page by `per_page` with a true `total_count` and
//! `next`; searches evaluate their query. Each collection starts from the examples' records;
//! a test seeds and reads them with [`MockServer::insert_record`] and [`MockServer::records`].
//!
//! The server stops when the [`MockServer`] is dropped. Requests without credentials get 401:
//! it takes a Bearer token, or HTTP Basic with the token as user name (as Intercom's own 1.x
//! clients send it). A body that is not JSON gets a 400, a path no operation has Intercom's 404
//! `error.list`.

mod answers;
mod routes;
mod script;
mod search;
mod server;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use intercom_sdk::meta::{Api, Operation};
use intercom_sdk::{Client, ClientBuilder};
use tokio::net::TcpListener;

pub use script::{Recorded, Reply};
pub use server::{Limits, RESET_PATH};

use server::State;

/// The token [`MockServer::client`] sends (any non-empty token is accepted).
pub const MOCK_TOKEN: &str = "mock-token";

/// A mock of the Intercom API on `127.0.0.1`, serving until it is dropped.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// Starts a mock on a free port of `127.0.0.1`, in the current tokio runtime.
    pub async fn start() -> std::io::Result<MockServer> {
        MockServer::start_on(0, Limits::default()).await
    }

    /// Starts a mock on `127.0.0.1:port` (0 for a free port) with these limits.
    pub async fn start_on(port: u16, limits: Limits) -> std::io::Result<MockServer> {
        MockServer::builder()
            .port(port)
            .limits(limits)
            .start()
            .await
    }

    /// How to start a mock with other settings: its port, limits, default API.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use intercom_sdk::meta::Api;
    /// let mock = intercom_mock::MockServer::builder().default_api(Api::V2).start().await?;
    /// # let _ = mock; Ok(()) }
    /// ```
    pub fn builder() -> MockBuilder {
        MockBuilder {
            port: 0,
            limits: Limits::default(),
            default_api: Api::V1,
            stateless: false,
        }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client builder pointed at the mock, with [`MOCK_TOKEN`]: add your own settings (a
    /// retry policy, hooks) before building.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder().base_url(self.url()).token(MOCK_TOKEN)
    }

    /// A client pointed at the mock, with default settings.
    pub fn client(&self) -> Result<Client, intercom_sdk::Error> {
        self.client_builder().build()
    }

    /// Programs the answers of `operation` (a static of [`intercom_sdk::meta`], or
    /// [`intercom_sdk::meta::find`]'s answer): they answer every request it sends, also where
    /// another operation sends the very same request (`update_user_by_email` and
    /// `create_user_by_email` both `POST /users`).
    #[must_use = "a program is set by calling one of its methods"]
    pub fn on(&self, operation: &'static Operation) -> Program<'_> {
        Program {
            state: &self.state,
            operation,
        }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state
            .received
            .lock()
            .map(|r| r.list.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The requests sent for `operation`, in order: routed to it, or to a twin that sends the
    /// same request ([`Recorded::twins`]).
    pub fn requests_to(&self, operation: &'static Operation) -> Vec<Recorded> {
        let mut requests = self.requests();
        requests.retain(|r| r.is_for(operation));
        requests
    }

    /// About how many bytes the kept requests hold (at most [`Limits::max_recorded_bytes`]).
    pub fn recorded_bytes(&self) -> usize {
        self.state.received.lock().map(|r| r.bytes()).unwrap_or(0)
    }

    /// The records the mock holds in a collection (`"contacts"` of [`Api::V2`], `"users"` of
    /// [`Api::V1`]: the first segment of its operations' paths), as the API would answer them;
    /// it starts with the examples' records.
    pub fn records(&self, api: Api, collection: &str) -> Vec<serde_json::Value> {
        self.state
            .store
            .lock()
            .map(|mut store| store.records(api, collection))
            .unwrap_or_default()
    }

    /// Adds a record to a collection (or replaces the one with its `id`), as if it had been
    /// created through the API: later finds, lists and searches answer it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use intercom_sdk::meta::Api;
    /// let mock = intercom_mock::MockServer::start().await?;
    /// mock.insert_record(Api::V2, "contacts", serde_json::json!({
    ///     "type": "contact", "id": "c1", "email": "ada@example.com", "role": "user"
    /// }));
    /// let contact = mock.client()?.contacts().find("c1").await?;
    /// assert_eq!(contact.email.as_deref(), Some("ada@example.com"));
    /// # Ok(()) }
    /// ```
    pub fn insert_record(&self, api: Api, collection: &str, record: serde_json::Value) {
        if let Ok(mut store) = self.state.store.lock() {
            store.insert(api, collection, record);
        }
    }

    /// Forgets every program, every request received and every record changed: collections
    /// start again from the examples.
    ///
    /// A mock run as a process (`intercom mock`) is reset by a `POST` to [`RESET_PATH`].
    pub fn reset(&self) {
        self.state.reset();
    }
}

/// How to start a [`MockServer`]; see [`MockServer::builder`].
#[derive(Debug, Clone)]
pub struct MockBuilder {
    port: u16,
    limits: Limits,
    default_api: Api,
    stateless: bool,
}

impl MockBuilder {
    /// The port on `127.0.0.1` (0, the default, for a free one).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Its bounds (see [`Limits`]).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The API of a request that sends no `Intercom-Version`, where both APIs have its path
    /// (1.x unless told otherwise). The SDK always sends the version; other clients may not.
    pub fn default_api(mut self, api: Api) -> Self {
        self.default_api = api;
        self
    }

    /// Answers every request with the fixed examples, remembering nothing (by default the mock
    /// remembers: see [`MockServer::records`]).
    pub fn stateless(mut self) -> Self {
        self.stateless = true;
        self
    }

    /// Starts the mock in the current tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::new(self.default_api, !self.stateless));
        let task = tokio::spawn(server::serve(listener, self.limits, state.clone()));
        Ok(MockServer { addr, state, task })
    }
}

/// The `X-Hub-Signature` Intercom would send with `body` for a subscription with this hub
/// secret, for tests of a webhook receiver (an empty secret is refused, as a receiver refuses it).
///
/// ```
/// let body = br#"{"type":"notification_event","topic":"ping"}"#;
/// let signature = intercom_mock::sign_webhook("hub-secret", body)?;
/// let verifier = intercom_sdk::webhooks::Verifier::new("hub-secret")?;
/// assert!(verifier.verify(&signature, body).is_ok());
/// # Ok::<(), intercom_sdk::webhooks::WebhookError>(())
/// ```
pub fn sign_webhook(
    hub_secret: &str,
    body: &[u8],
) -> Result<String, intercom_sdk::webhooks::WebhookError> {
    Ok(intercom_sdk::webhooks::Verifier::new(hub_secret)?.signature(body))
}

/// The answers of one operation, as a test programs them; see [`MockServer::on`].
#[derive(Debug)]
pub struct Program<'a> {
    state: &'a State,
    operation: &'static Operation,
}

impl Program<'_> {
    fn edit(&self, change: impl FnOnce(&mut script::Program)) {
        if let Ok(mut programs) = self.state.programs.lock() {
            change(programs.entry(script::key(self.operation)).or_default());
        }
    }

    /// Answers every request with `reply` from now on (after any queued by
    /// [`Program::reply_once`]).
    pub fn reply(self, reply: Reply) -> Self {
        self.edit(|p| p.standing = Some(reply));
        self
    }

    /// Answers the next request with `reply`; queued replies are answered in order, then the
    /// standing one (or the usual answer).
    pub fn reply_once(self, reply: Reply) -> Self {
        self.edit(|p| p.once.push_back(reply));
        self
    }

    /// Answers the next `times` requests with `status` (and Intercom's `error.list`), then as
    /// before: a flaky API.
    pub fn fail_times(self, times: usize, status: u16) -> Self {
        self.edit(|p| {
            p.once
                .extend(std::iter::repeat_n(Reply::status(status), times))
        });
        self
    }

    /// Answers the next request with a 429 whose window resets `reset_in` from now.
    pub fn rate_limited_once(self, reset_in: Duration) -> Self {
        self.reply_once(Reply::rate_limited(reset_in))
    }

    /// Delays every answer by `delay` (on tokio's clock).
    pub fn delay(self, delay: Duration) -> Self {
        self.edit(|p| p.delay = delay);
        self
    }
}
