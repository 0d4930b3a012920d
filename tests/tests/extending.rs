//! What a user adds around the generated calls: hooks on every attempt, headers and an
//! `Intercom-Version` per call, and raw calls to endpoints the manifest does not list.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use intercom_sdk::header::HeaderValue;
use intercom_sdk::{Client, Error, Method, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn builder(uri: &str) -> intercom_sdk::ClientBuilder {
    Client::builder()
        .token("tok_hooks")
        .base_url(uri)
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

/// (operation, template, path, attempt number, status) of each attempt an `after` hook saw.
type Seen = Arc<Mutex<Vec<(String, String, String, u32, Option<u16>)>>>;

#[tokio::test]
async fn hooks_see_every_attempt_and_add_headers_to_each() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "admin", "id": "7"})))
        .mount(&server)
        .await;
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let client = builder(&server.uri())
        .before_attempt(|attempt, headers| {
            let value = format!("{}-{}", attempt.operation.name, attempt.number);
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert("x-trace-id", value);
            }
        })
        .after_attempt(move |attempt, end| {
            if let Ok(mut log) = log.lock() {
                log.push((
                    attempt.operation.name.to_owned(),
                    attempt.path_template.to_owned(),
                    attempt.path.to_owned(),
                    attempt.number,
                    end.status,
                ));
            }
        })
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    client
        .get_single_admin("7")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    let attempt = |n: u32, status: u16| {
        (
            "getSingleAdmin".to_owned(),
            "/admins/{adminId}".to_owned(),
            "/admins/7".to_owned(),
            n,
            Some(status),
        )
    };
    assert_eq!(seen, [attempt(1, 503), attempt(2, 200)]);
    let traces: Vec<String> = received(&server)
        .await
        .iter()
        .filter_map(|r| {
            r.headers
                .get("x-trace-id")?
                .to_str()
                .ok()
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(traces, ["getSingleAdmin-1", "getSingleAdmin-2"]);
}

#[tokio::test]
async fn an_attempt_without_an_answer_reaches_the_after_hook_with_no_status() {
    // A port nothing listens on: the connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap_or_else(|e| panic!("{e}"));
    let statuses: Arc<Mutex<Vec<Option<u16>>>> = Arc::default();
    let log = statuses.clone();
    let client = builder(&format!("http://{closed}"))
        .retry_policy(RetryPolicy::disabled())
        .after_attempt(move |_, end| {
            if let Ok(mut log) = log.lock() {
                log.push(end.status);
            }
        })
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.get_admins().await.err();
    assert!(matches!(err, Some(Error::Transport { .. })), "{err:?}");
    assert_eq!(*statuses.lock().unwrap_or_else(|e| e.into_inner()), [None]);
}

#[tokio::test]
async fn a_call_sends_its_own_headers_and_intercom_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "admin.list"})))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    client
        .get_admins()
        .header("x-request-source", "nightly-sync")
        .intercom_version("1.3")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    client.get_admins().await.unwrap_or_else(|e| panic!("{e}"));
    let sent = received(&server).await;
    let header_of = |i: usize, name: &str| {
        sent.get(i)
            .and_then(|r| r.headers.get(name)?.to_str().ok().map(str::to_owned))
    };
    assert_eq!(
        header_of(0, "x-request-source").as_deref(),
        Some("nightly-sync")
    );
    assert_eq!(header_of(0, "intercom-version").as_deref(), Some("1.3"));
    assert_eq!(header_of(1, "x-request-source"), None);
    assert_eq!(header_of(1, "intercom-version").as_deref(), Some("1.4"));
}

#[tokio::test]
async fn a_header_that_cannot_be_sent_refuses_the_call_without_echoing_its_value() {
    let server = MockServer::start().await;
    let client = builder(&server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    for (name, value) in [("bad name", "v"), ("x-secret", "line\nbreak-s3cr3t")] {
        let err = client.get_admins().header(name, value).await.err();
        assert!(
            matches!(
                err,
                Some(Error::InvalidInput {
                    field: "header",
                    ..
                })
            ),
            "{err:?}"
        );
        let text = format!(
            "{:?} {}",
            err,
            err.as_ref().map(ToString::to_string).unwrap_or_default()
        );
        assert!(!text.contains("s3cr3t"), "{text}");
    }
    assert!(received(&server).await.is_empty());
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Visitor {
    id: String,
    user_id: String,
}

#[tokio::test]
async fn raw_calls_send_with_the_clients_auth_and_decode_into_any_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/visitors"))
        .and(query_param("user_id", "42"))
        .and(header("authorization", "Bearer tok_hooks"))
        // A raw call speaks the newest API compiled in (2.x here) unless it says otherwise.
        .and(header("intercom-version", "2.16"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "visitor", "id": "v1", "user_id": "42"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/things"))
        .and(body_json(json!({"name": "a thing", "size": 3})))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let typed: Visitor = client
        .raw(Method::Get, "/visitors")
        .query("user_id", 42)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        typed,
        Visitor {
            id: "v1".into(),
            user_id: "42".into()
        }
    );
    let same_origin = format!("{}/visitors", server.uri());
    let untyped: Value = client
        .raw(Method::Get, &same_origin)
        .query("user_id", "42")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(untyped["id"], "v1");
    let bytes = client
        .raw(Method::Get, "/visitors?user_id=42")
        .bytes()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"{"));
    // An empty answer reads as `null`: `()` takes it.
    let answer = client
        .raw(Method::Post, "/things")
        .json(json!({"name": "a thing", "size": 3}))
        .send_with_response::<()>()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer.status(), 202);
}

#[tokio::test]
async fn raw_calls_get_retries_and_typed_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "type": "error.list",
            "errors": [{"code": "not_found", "message": "nothing here"}]
        })))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client
        .raw(Method::Get, "/missing")
        .send::<Value>()
        .await
        .err();
    match err {
        Some(Error::Api(api)) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.operation, "raw");
        }
        other => panic!("{other:?}"),
    }
    // The 503 was retried (a GET is idempotent), then the 404 answered.
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn raw_calls_to_other_hosts_or_with_bad_bodies_send_nothing() {
    let server = MockServer::start().await;
    let client = builder(&server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client
        .raw(Method::Get, "https://attacker.example/steal")
        .send::<Value>()
        .await
        .err();
    assert!(matches!(err, Some(Error::ForeignUrl { .. })), "{err:?}");
    let err = client
        .raw(Method::Post, "/things")
        .json(json!([1, 2]))
        .send::<Value>()
        .await
        .err();
    assert!(
        matches!(err, Some(Error::InvalidInput { field: "body", .. })),
        "{err:?}"
    );
    let err = client
        .raw(Method::Get, "visitors")
        .send::<Value>()
        .await
        .err();
    assert!(
        matches!(err, Some(Error::InvalidInput { field: "path", .. })),
        "{err:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn an_attempt_cut_by_the_call_deadline_still_reaches_the_after_hook() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let ends: Arc<Mutex<Vec<Option<u16>>>> = Arc::default();
    let log = ends.clone();
    let client = builder(&server.uri())
        .after_attempt(move |_, end| {
            if let Ok(mut log) = log.lock() {
                log.push(end.status);
            }
        })
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client
        .get_admins()
        .timeout(Duration::from_millis(100))
        .await
        .err();
    assert!(matches!(err, Some(Error::Timeout { .. })), "{err:?}");
    assert_eq!(*ends.lock().unwrap_or_else(|e| e.into_inner()), [None]);
}
