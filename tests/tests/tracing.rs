//! What the SDK logs through `tracing`: retry decisions and the request span, without secrets.
//!
//! Alone in its test binary: `tracing` caches per call site whether anyone listens, so a test
//! without a subscriber running beside this one could leave its spans disabled.

use std::sync::Arc;
use std::time::Duration;

use intercom_sdk::{Client, IdType, RetryPolicy};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A `tracing` writer that keeps what it is given.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut v) = self.0.lock() {
            v.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn retry_decisions_are_traced_without_the_token() {
    use tracing_subscriber::util::SubscriberInitExt;
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .finish()
        .init();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"type": "admin", "id": "7", "email": "secret-body@example.com"}),
            ),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("tok_TRACE_secret")
        .base_url(server.uri())
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    client
        .get_single_admin("7")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // A routed operation: the span names the template of the route taken, not the operation's
    // default path (`/users`).
    let _ = client.get_single_user("u1", IdType::IntercomId).await;
    let log = String::from_utf8(captured.0.lock().map(|v| v.clone()).unwrap_or_default())
        .unwrap_or_default();
    assert!(log.contains("retrying"), "{log}");
    assert!(
        log.contains("reason=\"service unavailable (503)\""),
        "{log}"
    );
    assert!(
        log.contains("attempt=1") && log.contains("delay_ms="),
        "{log}"
    );
    assert!(
        log.contains("intercom.request")
            && log.contains("operation=\"getSingleAdmin\"")
            && log.contains("path=\"/admins/{adminId}\""),
        "{log}"
    );
    assert!(
        log.contains("operation=\"getSingleUser\"") && log.contains("path=\"/users/{userId}\""),
        "{log}"
    );
    assert!(
        !log.contains("tok_TRACE_secret") && !log.contains("secret-body"),
        "the token or a body leaked into logs:\n{log}"
    );
}
