//! What a hostile server, a redirect or bad input can do: each case here was reproduced against
//! the SDK before it was hardened, and each now fails safe.

use std::time::{Duration, SystemTime};

use futures_util::StreamExt;
use intercom_sdk::{Client, Error, IdType, RetryPolicy, Timestamp};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(uri: &str) -> Client {
    Client::builder()
        .token("tok_hardening")
        .base_url(uri)
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

async fn redirecting(status: u16, location: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).insert_header("Location", location))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_307_to_another_host_does_not_resend_the_client_secret() {
    let elsewhere = MockServer::start().await;
    let target = format!("{}/steal", elsewhere.uri());
    let server = redirecting(307, &target).await;
    let err = client(&server.uri())
        .get_access_token("client-id", "SECRET-client-secret", "code")
        .await
        .err()
        .unwrap_or_else(|| panic!("a redirect away must fail"));
    let Error::Redirect {
        location, status, ..
    } = &err
    else {
        panic!("expected Error::Redirect, got {err:?}")
    };
    assert_eq!((location.as_str(), *status), (target.as_str(), 307));
    assert_eq!(
        requests(&elsewhere).await,
        0,
        "the secret reached another host"
    );
    assert!(!format!("{err} {err:?}").contains("SECRET"));
}

#[tokio::test]
async fn a_302_never_turns_a_post_into_a_get_even_on_the_same_host() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/notes/elsewhere"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "note"})))
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .create_note("1", IdType::IntercomId, "hi")
        .await
        .err()
        .unwrap_or_else(|| panic!("a POST answered 302 must not succeed"));
    assert!(
        matches!(&err, Error::Redirect { location, .. } if location.ends_with("/notes/elsewhere")),
        "{err:?}"
    );
    assert_eq!(requests(&server).await, 1, "the POST was re-sent as a GET");
}

#[tokio::test]
async fn a_get_follows_redirects_on_its_own_origin_only() {
    let server = MockServer::start().await;
    Mock::given(path("/admins"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/admins-moved"))
        .mount(&server)
        .await;
    Mock::given(path("/admins-moved"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "admin.list", "admins": []})),
        )
        .mount(&server)
        .await;
    let admins = client(&server.uri())
        .get_admins()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(admins.admins, Some(vec![]));

    let elsewhere = MockServer::start().await;
    let away = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", elsewhere.uri().as_str()),
        )
        .mount(&away)
        .await;
    let err = client(&away.uri()).get_admins().await.err();
    assert!(matches!(err, Some(Error::Redirect { .. })), "{err:?}");
    assert_eq!(
        requests(&elsewhere).await,
        0,
        "the token reached another host"
    );
}

/// A server that answers every connection with headers, then body bytes forever (or `announced`
/// as its `Content-Length`).
async fn endless_server(announced: Option<u64>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = [0u8; 4096];
                let _ = stream.read(&mut head).await;
                let length = announced.map_or("transfer-encoding: chunked".to_owned(), |n| {
                    format!("content-length: {n}")
                });
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{length}\r\n\r\n"
                );
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
                let bytes = if announced.is_some() {
                    " ".repeat(64 * 1024)
                } else {
                    chunk
                };
                while stream.write_all(bytes.as_bytes()).await.is_ok() {}
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_body_that_never_ends_stops_at_the_size_limit_and_is_not_retried() {
    let uri = endless_server(None).await;
    let client = Client::builder()
        .token("t")
        .base_url(&uri)
        .max_response_size(1024 * 1024)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.get_admins().await.err();
    assert!(
        matches!(
            err,
            Some(Error::ResponseTooLarge {
                limit: 1_048_576,
                ..
            })
        ),
        "{err:?}"
    );
    let err = client
        .get_admins()
        .max_response_size(4096)
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("4096"), "{err}");

    // An announced length over the limit fails before a byte of the body is read.
    let uri = endless_server(Some(u64::MAX / 2)).await;
    let err = Client::builder()
        .token("t")
        .base_url(&uri)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
        .get_admins()
        .await
        .err();
    assert!(
        matches!(err, Some(Error::ResponseTooLarge { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn non_finite_numbers_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server.uri());
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let err = client.update_company("c1").monthly_spend(bad).await.err();
        assert!(
            matches!(
                err,
                Some(Error::InvalidInput {
                    field: "monthly_spend",
                    ..
                })
            ),
            "{bad}: {err:?}"
        );
    }
    assert_eq!(requests(&server).await, 0);
}

#[tokio::test]
async fn integers_out_of_range_and_json_that_is_not_an_object_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server.uri());
    let refused = |err: Option<Error>, field: &str| matches!(err, Some(Error::InvalidInput { field: f, .. }) if f == field);
    let err = client.get_users().per_page(u64::MAX).await.err();
    assert!(refused(err, "per_page"));
    for bad in [json!([1, 2]), json!("pro"), json!(null)] {
        let err = client
            .update_company("c1")
            .custom_attributes(&bad)
            .await
            .err();
        assert!(refused(err, "custom_attributes"), "{bad}");
    }
    let err = client
        .create_user_bulk_jobs([json!({"method": "post"}), json!(7)])
        .await
        .err();
    assert!(refused(err, "items"));
    assert_eq!(requests(&server).await, 0);
}

#[tokio::test]
async fn empty_identifiers_and_required_strings_are_refused_wherever_they_go() {
    let server = MockServer::start().await;
    let client = client(&server.uri());
    let at = Timestamp::from_unix_seconds(1_500_000_000);
    let refused: Vec<(&str, Option<Error>)> = vec![
        // in the query (DELETE /users?email=)
        ("user_id", client.delete_user("", IdType::Email).await.err()),
        // in the body ({"user": {"id": ""}})
        (
            "user_id",
            client.create_note("", IdType::IntercomId, "hi").await.err(),
        ),
        ("email", client.create_user_by_email("").await.err()),
        ("event_name", client.submit_event("", "u1", at).await.err()),
        // in the path
        (
            "user_id",
            client.delete_user("..", IdType::IntercomId).await.err(),
        ),
    ];
    for (field, err) in refused {
        match err {
            Some(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected InvalidInput, got {other:?}"),
        }
    }
    assert_eq!(requests(&server).await, 0, "an empty identifier was sent");
}

fn http_date(at: SystemTime) -> String {
    let secs = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let t = time::OffsetDateTime::from_unix_timestamp(i64::try_from(secs).unwrap_or(0))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    t.format(&time::format_description::well_known::Rfc2822)
        .unwrap_or_default()
        .replace("+0000", "GMT")
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured_and_a_far_one_fails_at_once() {
    let server = MockServer::start().await;
    let later = http_date(SystemTime::now() + Duration::from_secs(120));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", later.as_str()))
        .mount(&server)
        .await;
    let patient = Client::builder()
        .token("t")
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().max_rate_limit_wait(Duration::from_secs(60)))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = patient.get_admins().await.err();
    assert_eq!(err.and_then(|e| e.status()), Some(503));
    assert_eq!(
        requests(&server).await,
        1,
        "a date two minutes away was not waited for"
    );

    // A date in the past means "now": retried.
    let server = MockServer::start().await;
    let earlier = http_date(SystemTime::now() - Duration::from_secs(5));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", earlier.as_str()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "admin.list", "admins": []})),
        )
        .mount(&server)
        .await;
    let admins = client(&server.uri()).get_admins().await;
    assert!(admins.is_ok(), "{admins:?}");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_next_link_that_comes_back_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    let page = json!({
        "type": "user.list",
        "users": [{"type": "user", "id": "1"}],
        "pages": {"type": "pages", "next": format!("{}/users?page=2", server.uri())}
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let mut stream = client(&server.uri()).get_users().into_stream();
    let mut records = 0;
    let mut outcome = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(_) => records += 1,
            Err(e) => {
                outcome = Some(e);
                break;
            }
        }
        assert!(records < 10, "the stream loops");
    }
    assert!(
        matches!(outcome, Some(Error::PageLoop { .. })),
        "{outcome:?}"
    );
    assert_eq!(records, 2, "the first page and the page behind the link");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_rate_limit_reset_beyond_any_date_is_refused_not_a_panic() {
    let server = MockServer::start().await;
    let far = u64::MAX.to_string();
    Mock::given(method("GET"))
        .and(path("/admins"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", far.as_str())
                .set_body_json(serde_json::json!({"type": "admin.list", "admins": []})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-reset", far.as_str())
                .set_body_json(serde_json::json!({"type": "error.list", "errors": []})),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());
    assert!(client.get_admins().await.is_ok());
    // The last answer said "none left until the end of time": the next call neither waits for it
    // nor panics computing when that is.
    assert!(client.get_admins().await.is_ok());
    let err = client.get_app_tags().await.err();
    assert!(
        matches!(&err, Some(Error::Api(api)) if api.status == 429),
        "{err:?}"
    );
}
