//! The runtime under faults: retries and rate limits, timeouts, paging and scroll streams, bulk
//! jobs, webhooks; and the defaults the README states.

use std::sync::Arc;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use intercom_sdk::jobs::{BulkItem, JobWait};
use intercom_sdk::models::JobState;
use intercom_sdk::webhooks::{Item, Verifier, WebhookError};
use intercom_sdk::{Client, Error, IdType, RetryPolicy};
use intercom_tests::root;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Retries without waiting, so the tests are quick.
fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

fn client(uri: &str) -> Client {
    Client::builder()
        .token("t")
        .base_url(uri)
        .retry_policy(fast())
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[tokio::test]
async fn a_429_waits_for_the_reset_then_succeeds_and_the_rate_limit_is_readable() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429)
        .insert_header("X-RateLimit-Limit", "100")
        .insert_header("X-RateLimit-Remaining", "0")
        .insert_header("X-RateLimit-Reset", now().to_string().as_str());
    Mock::given(method("POST"))
        .respond_with(limited)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let ok = ResponseTemplate::new(200)
        .set_body_json(json!({"type": "note", "id": "1"}))
        .insert_header("X-RateLimit-Remaining", "99")
        .insert_header("X-RateLimit-Limit", "100");
    Mock::given(method("POST"))
        .respond_with(ok)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    // createNote is not idempotent, but a 429 means nothing was done: it is always retried.
    let note = client
        .create_note("1", IdType::IntercomId, "hi")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(note.id.as_deref(), Some("1"));
    assert_eq!(requests(&server).await, 2);
    assert_eq!(client.rate_limit().and_then(|r| r.remaining), Some(99));
}

#[tokio::test]
async fn a_reset_too_far_away_fails_at_once_with_the_rate_limit_state() {
    let server = MockServer::start().await;
    let reset = (now() + 3600).to_string();
    let limited = ResponseTemplate::new(429)
        .insert_header("X-RateLimit-Remaining", "0")
        .insert_header("X-RateLimit-Reset", reset.as_str());
    Mock::given(method("GET"))
        .respond_with(limited)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let err = client
        .get_admins()
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert_eq!(err.status(), Some(429));
    assert_eq!(requests(&server).await, 1);
    assert_eq!(client.rate_limit().and_then(|r| r.remaining), Some(0));
}

#[tokio::test]
async fn a_503_twice_then_success_is_retried_for_a_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "admin.list", "admins": []})),
        )
        .mount(&server)
        .await;
    let admins = client(&server.uri())
        .get_admins()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(admins.admins, Some(vec![]));
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_503_on_a_post_is_not_repeated() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_note("1", IdType::IntercomId, "hi")
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        requests(&server).await,
        1,
        "createNote must never post twice"
    );
}

#[tokio::test]
async fn attempts_run_out_and_retries_can_be_turned_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502).set_body_raw("<html>bad gateway</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let err = client
        .get_admins()
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (api.status, api.body.as_str()),
        (502, "<html>bad gateway</html>")
    );
    assert_eq!(requests(&server).await, 3, "default: 3 attempts");
    let _ = client
        .get_admins()
        .retry_policy(RetryPolicy::disabled())
        .send()
        .await;
    assert_eq!(requests(&server).await, 4, "disabled: 1 attempt");
}

/// A server that answers every connection with half a response, then hangs up.
async fn truncating_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"type\": \"adm").await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{addr}"), count)
}

#[tokio::test]
async fn a_connection_closed_mid_response_is_retried_only_when_safe() {
    let (uri, count) = truncating_server().await;
    let client = client(&uri);
    let err = client
        .get_admins()
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 3, "a GET is retried");
    let err = client
        .create_tag("vip")
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(err.was_sent());
    assert_eq!(
        count.load(Ordering::SeqCst),
        4,
        "a POST that may have reached the server is not"
    );
}

#[tokio::test]
async fn a_slow_server_hits_the_attempt_and_the_call_timeouts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let err = client
        .get_admins()
        .attempt_timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::disabled())
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must time out"));
    let Error::Transport { source, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(source.is_timeout());
    let err = client
        .get_admins()
        .timeout(Duration::from_millis(150))
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must time out"));
    assert!(
        matches!(
            err,
            Error::Timeout {
                operation: "get_admins",
                ..
            }
        ),
        "{err:?}"
    );
}

fn user(i: usize) -> serde_json::Value {
    json!({"type": "user", "id": i.to_string(), "email": format!("u{i}@example.com")})
}

#[tokio::test]
async fn a_list_stream_follows_three_pages() {
    let server = MockServer::start().await;
    let uri = server.uri();
    for page in 1..=3usize {
        let next = (page < 3).then(|| format!("{uri}/users?page={}&per_page=2", page + 1));
        let body = json!({"type": "user.list", "users": [user(page * 10), user(page * 10 + 1)], "pages": {"type": "pages", "page": page, "next": next}});
        let m = Mock::given(method("GET")).and(path("/users"));
        let m = if page == 1 {
            m.and(query_param_is_missing("page"))
        } else {
            m.and(query_param("page", page.to_string().as_str()))
        };
        m.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let ids: Vec<String> = client(&uri)
        .get_users()
        .per_page(2)
        .into_stream()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("{e}"))
                .id
                .unwrap_or_default()
                .into()
        })
        .collect()
        .await;
    assert_eq!(ids, ["10", "11", "20", "21", "30", "31"]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_next_link_to_another_host_is_refused() {
    let server = MockServer::start().await;
    let body = json!({"type": "user.list", "users": [user(1)], "pages": {"next": "https://attacker.example.com/users?page=2"}});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let results: Vec<Result<_, Error>> = client(&server.uri())
        .get_users()
        .into_stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert!(
        matches!(&results[1], Err(Error::ForeignUrl { url, .. }) if url.contains("attacker")),
        "{:?}",
        results[1]
    );
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_scroll_runs_to_the_first_empty_page() {
    let server = MockServer::start().await;
    let page = |users: Vec<serde_json::Value>, param: &str| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"type": "user.list", "users": users, "scroll_param": param}))
    };
    Mock::given(path("/users/scroll"))
        .and(query_param_is_missing("scroll_param"))
        .respond_with(page(vec![user(1), user(2)], "p1"))
        .mount(&server)
        .await;
    Mock::given(path("/users/scroll"))
        .and(query_param("scroll_param", "p1"))
        .respond_with(page(vec![user(3)], "p2"))
        .mount(&server)
        .await;
    Mock::given(path("/users/scroll"))
        .and(query_param("scroll_param", "p2"))
        .respond_with(page(vec![], "p3"))
        .mount(&server)
        .await;
    let users: Vec<_> = client(&server.uri())
        .scroll_users()
        .into_stream()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
        .await;
    assert_eq!(users.len(), 3);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn an_expired_scroll_is_its_own_error_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/contacts/scroll")).and(query_param_is_missing("scroll_param"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "contact.list", "contacts": [{"type": "contact", "id": "1"}], "scroll_param": "old"})))
        .mount(&server)
        .await;
    let expired = json!({"type": "error.list", "errors": [{"code": "not_found", "message": "scroll parameter not found"}]});
    Mock::given(path("/contacts/scroll"))
        .and(query_param("scroll_param", "old"))
        .respond_with(ResponseTemplate::new(404).set_body_json(expired))
        .mount(&server)
        .await;
    let results: Vec<_> = client(&server.uri())
        .scroll_leads()
        .into_stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(
        matches!(
            results[1],
            Err(Error::ScrollExpired {
                operation: "scroll_leads"
            })
        ),
        "{:?}",
        results[1]
    );
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn bulk_items_are_typed_and_a_job_is_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/bulk/users"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "job_1", "state": "running"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/jobs/job_1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "job_1", "state": "running"})),
        )
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/jobs/job_1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "job_1", "state": "completed"})),
        )
        .mount(&server)
        .await;
    let feed = json!({"type": "job_item.list", "job_id": "job_1", "items": [{"type": "job_item", "method": "post", "data_type": "user", "data": {"email": "x"}, "error": {"code": "parameter_invalid", "message": "bad"}}]});
    Mock::given(method("GET"))
        .and(path("/jobs/job_1/error"))
        .respond_with(ResponseTemplate::new(200).set_body_json(feed))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let items = vec![
        BulkItem::post_user(serde_json::Map::from_iter([(
            "email".into(),
            json!("a@b.c"),
        )])),
        BulkItem::delete_user(serde_json::Map::from_iter([(
            "user_id".into(),
            json!("25"),
        )])),
    ];
    let job = client
        .create_user_bulk_jobs(items)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let sent: serde_json::Value = server
        .received_requests()
        .await
        .and_then(|r| r.first().and_then(|r| serde_json::from_slice(&r.body).ok()))
        .unwrap_or_default();
    assert_eq!(
        sent,
        json!({"items": [
            {"method": "post", "data_type": "user", "data": {"email": "a@b.c"}},
            {"method": "delete", "data_type": "user", "data": {"user_id": "25"}}
        ]})
    );
    let wait = JobWait {
        initial_interval: Duration::from_millis(1),
        max_interval: Duration::from_millis(2),
        timeout: Duration::from_secs(5),
    };
    let done = client
        .wait_for_job(job.id.as_deref().unwrap_or_default(), wait)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.state, Some(JobState::Completed));
    let errors = client
        .job_errors("job_1")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(errors.items.map(|i| i.len()), Some(1));
}

#[test]
fn webhook_signatures_match_vectors_computed_outside_the_sdk() {
    let body = std::fs::read(
        root().join("tests/fixtures/intercom-responses/notification_user_created.json"),
    )
    .unwrap_or_default();
    // python3 -c "import hmac,hashlib; print(hmac.new(b'hub-secret-123', open(f,'rb').read(), hashlib.sha1).hexdigest())"
    let signature = "sha1=961d5d2c0fe5eec39722b1b415c93a3fd92a1dd8";
    let verifier = Verifier::new("hub-secret-123").unwrap_or_else(|e| panic!("{e}"));
    let event = verifier
        .parse(signature, &body)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        event.topic.as_ref().map(|t| t.as_str()),
        Some("user.created")
    );
    assert!(matches!(event.item(), Some(Item::User(_))));
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    assert!(matches!(
        verifier.parse(signature, &tampered),
        Err(WebhookError::BadSignature)
    ));
    assert!(matches!(
        Verifier::new("wrong")
            .unwrap_or_else(|e| panic!("{e}"))
            .verify(signature, &body),
        Err(WebhookError::BadSignature)
    ));
    let unknown = br#"{"type": "notification_event", "topic": "brand.new.topic", "data": {"item": {"type": "ping"}}}"#;
    let event =
        intercom_sdk::webhooks::parse_notification(unknown).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        event.topic.as_ref().map(|t| t.as_str()),
        Some("brand.new.topic")
    );
    assert!(matches!(event.item(), Some(Item::Other(_))));
}

/// The README's table of defaults is the runtime's constants.
#[test]
fn readme_defaults_are_the_runtime_constants() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap_or_default();
    let row = |name: &str| -> String {
        readme
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .and_then(|l| l.split('|').nth(2))
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| panic!("README has no defaults row `{name}`"))
    };
    let secs = |d: Duration| format!("{} s", d.as_secs_f64());
    assert_eq!(
        row("connect timeout"),
        secs(intercom_sdk::DEFAULT_CONNECT_TIMEOUT)
    );
    assert_eq!(
        row("attempt timeout"),
        secs(intercom_sdk::DEFAULT_ATTEMPT_TIMEOUT)
    );
    assert_eq!(
        row("call timeout"),
        secs(intercom_sdk::DEFAULT_OPERATION_TIMEOUT)
    );
    assert_eq!(
        row("attempts"),
        intercom_sdk::DEFAULT_MAX_ATTEMPTS.to_string()
    );
    assert_eq!(
        row("first backoff"),
        secs(intercom_sdk::DEFAULT_INITIAL_BACKOFF)
    );
    assert_eq!(
        row("longest backoff"),
        secs(intercom_sdk::DEFAULT_MAX_BACKOFF)
    );
    assert_eq!(
        row("longest rate-limit wait"),
        secs(intercom_sdk::DEFAULT_MAX_RATE_LIMIT_WAIT)
    );
    assert_eq!(
        row("scroll rate-limit wait"),
        secs(intercom_sdk::SCROLL_MAX_RATE_LIMIT_WAIT)
    );
    assert_eq!(
        row("rate-limit spread"),
        secs(intercom_sdk::DEFAULT_RATE_LIMIT_SPREAD)
    );
    assert_eq!(
        row("rate-limit waits per call"),
        intercom_sdk::DEFAULT_MAX_RATE_LIMIT_RETRIES.to_string()
    );
    assert_eq!(
        row("largest answer"),
        format!(
            "{} MiB",
            intercom_sdk::DEFAULT_MAX_RESPONSE_SIZE / (1024 * 1024)
        )
    );
}
