//! The mock answers as the API would what other clients send: HTTP Basic credentials, bodies
//! that are not JSON, paths no operation has; and it plays a server that cuts an answer short.

use std::net::SocketAddr;
use std::time::Duration;

use intercom_mock::{MockServer, Reply};
use intercom_sdk::{Error, RetryPolicy, meta};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends one raw HTTP/1.1 request and reads the whole answer.
async fn exchange(addr: SocketAddr, head: &str, body: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let request = format!(
        "{head}\r\nhost: x\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(request.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn http_basic_with_the_token_as_user_name_is_accepted() {
    let mock = MockServer::start().await.unwrap_or_else(|e| panic!("{e}"));
    // What `curl -u tok_123:` and python-intercom 3.1.0 (requests' `auth=(token, '')`) send:
    // base64("tok_123:").
    let basic = exchange(
        mock.addr(),
        "GET /admins HTTP/1.1\r\nauthorization: Basic dG9rXzEyMzo=\r\naccept: application/json",
        "",
    )
    .await;
    assert!(basic.starts_with("HTTP/1.1 200"), "{basic}");
    assert!(basic.contains("admin.list"), "{basic}");
    let none = exchange(mock.addr(), "GET /admins HTTP/1.1", "").await;
    assert!(none.starts_with("HTTP/1.1 401"), "{none}");
    assert!(none.contains("token_unauthorized"), "{none}");
    let recorded = mock.requests();
    assert_eq!(recorded.len(), 2);
    assert!(recorded[0].authorized && !recorded[1].authorized);
    assert_eq!(recorded[0].operation_name(), "getAdmins");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_saying_so() {
    let mock = MockServer::start().await.unwrap_or_else(|e| panic!("{e}"));
    let answer = exchange(
        mock.addr(),
        "POST /users HTTP/1.1\r\nauthorization: Bearer t\r\ncontent-type: application/x-www-form-urlencoded",
        "email=ada%40example.com",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("not JSON"), "{answer}");
    assert!(answer.contains("\"type\":\"error.list\""), "{answer}");
}

#[tokio::test]
async fn a_path_no_operation_has_is_intercoms_404() {
    let mock = MockServer::start().await.unwrap_or_else(|e| panic!("{e}"));
    let answer = exchange(
        mock.addr(),
        "GET /nowhere HTTP/1.1\r\nauthorization: Bearer t",
        "",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(answer.contains("\"code\":\"not_found\""), "{answer}");
    assert!(answer.contains("\"type\":\"error.list\""), "{answer}");
    assert_eq!(mock.requests()[0].operation, None);
}

#[tokio::test]
async fn an_answer_cut_short_is_a_transport_error_then_retried() {
    let mock = MockServer::start().await.unwrap_or_else(|e| panic!("{e}"));
    mock.on(&meta::GET_ADMINS)
        .reply_once(Reply::example().truncated())
        .reply_once(Reply::example().truncated());
    let once = mock
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = once.get_admins().await.err();
    assert!(matches!(err, Some(Error::Transport { .. })), "{err:?}");
    let retrying = mock
        .client_builder()
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let admins = retrying.get_admins().await;
    assert!(admins.is_ok(), "{admins:?}");
    assert_eq!(mock.requests_to(&meta::GET_ADMINS).len(), 3);
}

#[tokio::test]
async fn untagging_is_told_from_tagging_by_what_each_item_carries() {
    let mock = MockServer::start().await.unwrap_or_else(|e| panic!("{e}"));
    let client = mock.client().unwrap_or_else(|e| panic!("{e}"));
    let user = serde_json::json!({"id": "u1"});
    client
        .tag_user("vip", [&user])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    client
        .untag_users("vip", [&user])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    client
        .create_tag("vip")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let routed: Vec<&str> = mock.requests().iter().map(|r| r.operation_name()).collect();
    assert_eq!(routed, ["tagUser", "untagUsers", "createTag"]);
}

#[tokio::test]
async fn a_programmed_status_body_and_header_are_answered_then_the_usual_one() {
    let mock = MockServer::start().await.unwrap_or_else(|e| panic!("{e}"));
    mock.on(&meta::GET_SINGLE_ADMIN).reply_once(
        Reply::status(200)
            .json(serde_json::json!({"type": "admin", "id": "42", "name": "Programmed"}))
            .header("x-custom", "yes"),
    );
    let client = mock.client().unwrap_or_else(|e| panic!("{e}"));
    let first = client
        .get_single_admin("42")
        .send_with_response()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.value().name.as_deref(), Some("Programmed"));
    assert_eq!(
        first
            .headers()
            .get("x-custom")
            .and_then(|v| v.to_str().ok()),
        Some("yes")
    );
    let second = client
        .get_single_admin("42")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(second.name.as_deref(), Some("Programmed"));
}

#[tokio::test]
async fn a_dropped_mock_stops_answering_on_open_connections_too() {
    let mock = MockServer::start().await.unwrap_or_else(|e| panic!("{e}"));
    let client = mock
        .client_builder()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(client.get_admins().await.is_ok());
    // The client keeps that connection open for the next call.
    drop(mock);
    tokio::task::yield_now().await;
    let after = client.get_admins().await;
    assert!(after.is_err(), "{after:?}");
}
