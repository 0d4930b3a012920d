//! The second red team's findings (issue #21): each test here failed before its fix.

use std::time::Duration;

use futures_util::StreamExt;
use intercom_sdk::models::{User, UserList};
use intercom_sdk::{Client, RetryPolicy, UnknownFields};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(uri: &str) -> Client {
    Client::builder()
        .token("tok_round_two")
        .base_url(uri)
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// An integer of 400 digits.
fn huge() -> String {
    format!("1{}", "0".repeat(399))
}

/// A page of four users, each with one value serde_json cannot read into a typed field.
fn odd_page() -> String {
    let users = [
        r#"{"type": "user", "id": "1", "name": "\ud83d"}"#.to_owned(),
        r#"{"type": "user", "id": "2", "session_count": 1e400}"#.to_owned(),
        format!(
            r#"{{"type": "user", "id": "3", "session_count": {}}}"#,
            huge()
        ),
        r#"{"type": "user", "id": "4", "session_count": -0, "unsubscribed_from_emails": 1E2}"#
            .to_owned(),
    ];
    format!(
        r#"{{"type": "user.list", "users": [{}], "pages": {{"next": null}}}}"#,
        users.join(", ")
    )
}

// 5. One odd value failed the whole answer.
#[test]
fn one_odd_value_is_a_surprise_of_its_member_not_a_failure_of_the_page() {
    let page = odd_page();
    let list: UserList = intercom_sdk::decode(page.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let users = list.users.as_deref().unwrap_or_default();
    let ids: Vec<&str> = users.iter().filter_map(|u| u.id.as_deref()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    assert_eq!(
        list.surprises(),
        [
            "$.users[0].name",
            "$.users[1].session_count",
            "$.users[2].session_count",
            "$.users[3].session_count",
            "$.users[3].unsubscribed_from_emails",
        ]
    );
    // Kept as sent, byte for byte.
    let back = serde_json::to_string(&list).unwrap_or_default();
    for kept in [r#""\ud83d""#, "1e400", &huge(), "-0", "1E2"] {
        assert!(back.contains(kept), "{kept} is not written back: {back}");
    }
}

#[test]
fn a_member_name_that_is_not_text_is_kept_and_reported() {
    let user: User = intercom_sdk::decode(br#"{"id": "1", "na\udc00me": 3, "email": "a@b.c"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(user.email.as_deref(), Some("a@b.c"));
    assert_eq!(user.surprises(), ["$.na\u{fffd}me"]);
}

#[tokio::test]
async fn a_stream_gets_past_a_page_with_odd_values() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(odd_page(), "application/json"))
        .mount(&server)
        .await;
    let users: Vec<_> = client(&server.uri())
        .get_users()
        .into_stream()
        .collect()
        .await;
    assert_eq!(users.len(), 4);
    assert!(users.iter().all(Result::is_ok), "{users:?}");
}

// 15. Numbers in typed fields were written back in another form.
#[test]
fn numbers_in_typed_fields_are_written_back_in_the_form_they_came() {
    let text = r#"{"id":123456789012345678901234567890,"session_count":-0,"last_request_at":1E2}"#;
    let user: User = intercom_sdk::decode(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(serde_json::to_string(&user).unwrap_or_default(), text);
}

// 3. `surprises()` was quadratic in the misfit items of a list.
#[test]
fn misfit_items_are_found_in_order_and_all_of_them() {
    let items: Vec<String> = (0..20_000)
        .map(|i| match i % 3 {
            0 => "7".to_owned(),
            _ => format!(r#"{{"type": "user", "id": "{i}"}}"#),
        })
        .collect();
    let page = format!(r#"{{"type": "user.list", "users": [{}]}}"#, items.join(","));
    let list: UserList = intercom_sdk::decode(page.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let surprises = list.surprises();
    assert_eq!(surprises.len(), 6_667);
    assert_eq!(surprises[0], "$.users[0]");
    assert_eq!(surprises[6_666], "$.users[19998]");
    // The items that fit keep their positions in the JSON that came in.
    let nested = intercom_sdk::decode::<UserList>(
        br#"{"users": [7, {"id": "a", "zz": 1}, 8, {"id": "b", "zz": 2}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(nested.unknown_fields(), ["$.users[1].zz", "$.users[3].zz"]);
}

// 1. An empty hub secret verified notifications forged with the empty key.
#[test]
fn an_empty_hub_secret_is_refused_not_trusted() {
    use intercom_sdk::webhooks::{Verifier, WebhookError};
    for secret in ["", "   ", "\n"] {
        assert!(matches!(
            Verifier::new(secret),
            Err(WebhookError::EmptySecret)
        ));
    }
    // What a forger would send: the HMAC-SHA1 of the body with the empty key.
    let body = br#"{"type": "notification_event", "topic": "user.created"}"#;
    let forged = "sha1=e1a9d4b3e3d0e6c1d38e6e1ef80a2b4bd58d2ed3";
    let verifier = Verifier::new("real-secret").unwrap_or_else(|e| panic!("{e}"));
    assert!(verifier.verify(forged, body).is_err());
}

/// A server that announces `length` bytes, sends a few and closes.
async fn lying_server(length: u64) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut head = [0u8; 4096];
            let _ = stream.read(&mut head).await;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n{{}}"
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    format!("http://{addr}")
}

// 4. An announced Content-Length was reserved up front: 8 TiB aborted the process.
#[tokio::test]
async fn an_announced_length_is_not_reserved_before_the_bytes_arrive() {
    let uri = lying_server(8 << 40).await;
    let client = Client::builder()
        .token("t")
        .base_url(&uri)
        .max_response_size(usize::MAX)
        .retry_policy(RetryPolicy::default().max_attempts(1))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    // The body ends 8 TiB early: a transport error, and the process is still here.
    let err = client.get_admins().await.err();
    assert!(
        matches!(err, Some(intercom_sdk::Error::Transport { .. })),
        "{err:?}"
    );
}

// 6. Empty pages, each with a fresh `pages.next`, made a stream ask forever.
#[tokio::test]
async fn a_list_of_empty_pages_each_pointing_at_another_stops() {
    let server = MockServer::start().await;
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = counter.clone();
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(move |_: &wiremock::Request| {
            let n = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "type": "user.list", "users": [],
                "pages": {"next": format!("/users?page={}", n + 2)},
            }))
        })
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server.uri())
        .get_users()
        .into_stream()
        .collect()
        .await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(
        matches!(
            items[0],
            Err(intercom_sdk::Error::EmptyPages { pages: 10, .. })
        ),
        "{items:?}"
    );
    let sent = counter.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        sent,
        usize::try_from(intercom_sdk::MAX_EMPTY_PAGES).unwrap_or(0)
    );
}

// 10. The attempt timeout started again at every redirect hop.
#[tokio::test]
async fn the_attempt_timeout_covers_the_redirects_of_the_attempt() {
    let server = MockServer::start().await;
    // Three hops of 600 ms each: every hop fits a 1 s timeout, the three together do not.
    for (from, to) in [("/admins", "/admins/2"), ("/admins/2", "/admins/3")] {
        Mock::given(method("GET"))
            .and(path(from))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("Location", to)
                    .set_delay(Duration::from_millis(600)),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/admins/3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"type": "admin.list", "admins": []}))
                .set_delay(Duration::from_millis(600)),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .get_admins()
        .attempt_timeout(Duration::from_secs(1))
        .retry_policy(RetryPolicy::default().max_attempts(1))
        .await
        .err();
    assert!(
        matches!(&err, Some(intercom_sdk::Error::Transport { source, .. }) if source.is_timeout()),
        "{err:?}"
    );
}

// 11. A same-origin URL with `user:pw@` added `Authorization: Basic …` beside the token.
#[tokio::test]
async fn a_url_with_a_user_name_or_password_is_not_followed() {
    let server = MockServer::start().await;
    let with_credentials = server.uri().replacen("http://", "http://user:pw@", 1);
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "type": "user.list", "users": [{"type": "user", "id": "1"}],
            "pages": {"next": format!("{with_credentials}/users?page=2")},
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/redirect"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{with_credentials}/admins")),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let items: Vec<_> = client.get_users().into_stream().collect().await;
    assert!(
        matches!(items.last(), Some(Err(intercom_sdk::Error::ForeignUrl { url, .. })) if !url.contains("pw")),
        "{items:?}"
    );
    let raw = client
        .raw(
            intercom_sdk::Method::Get,
            format!("{with_credentials}/admins"),
        )
        .send::<serde_json::Value>()
        .await;
    assert!(
        matches!(raw, Err(intercom_sdk::Error::ForeignUrl { .. })),
        "{raw:?}"
    );
    let redirected = client
        .raw(intercom_sdk::Method::Get, "/redirect")
        .send::<serde_json::Value>()
        .await;
    assert!(
        matches!(&redirected, Err(intercom_sdk::Error::Redirect { location, .. }) if !location.contains("pw")),
        "{redirected:?}"
    );
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get_all("authorization").iter().count() == 1),
        "a second Authorization was sent"
    );
    assert!(requests.iter().all(|r| r.url.path() != "/admins"));
}

// 12. With a base URL that has a path, `..` in a raw path sent the token outside it.
#[tokio::test]
async fn a_raw_path_cannot_climb_out_of_the_base_urls_path() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let client = client(&format!("{}/intercom", server.uri()));
    for climbing in [
        "/../billing/secret",
        "/%2e%2e/billing/secret",
        "/%2E%2e/billing",
        "/users/../../billing",
        "/.%2e/billing",
    ] {
        let sent = client
            .raw(intercom_sdk::Method::Get, climbing)
            .send::<serde_json::Value>()
            .await;
        assert!(
            matches!(sent, Err(intercom_sdk::Error::ForeignUrl { .. })),
            "{climbing}: {sent:?}"
        );
    }
    // Inside the prefix is fine, `..` included.
    let inside = client
        .raw(intercom_sdk::Method::Get, "/users/../admins")
        .send::<serde_json::Value>()
        .await;
    assert!(inside.is_ok(), "{inside:?}");
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/intercom/admins"]);
}

// 13. A body nested deeper than 128 levels skipped secret redaction.
#[tokio::test]
async fn secrets_are_redacted_however_deep_they_are() {
    let deep = |inner: &str| format!("{}{inner}{}", "[".repeat(300), "]".repeat(300));
    let body = format!(
        r#"{{"type": "error.list", "errors": [{{"code": "x", "message": "m"}}], "detail": {}}}"#,
        deep(r#"{"access_token": "SECRET-1", "api_key": "SECRET-2"}"#)
    );
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let err = client(&server.uri()).get_admins().await.err();
    let shown = format!(
        "{err:?} {}",
        err.as_ref().map(ToString::to_string).unwrap_or_default()
    );
    assert!(!shown.contains("SECRET"), "{shown}");
    let user: User = intercom_sdk::decode(
        format!(
            r#"{{"id": "1", "zz": {}}}"#,
            deep(r#"{"token": "SECRET-3"}"#)
        )
        .as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!format!("{user:?}").contains("SECRET"));
}

// 14. Raw JSON compared as floats, and unreadable text as `null`.
#[test]
fn raw_json_is_equal_only_when_it_holds_the_same_value() {
    let user = |attributes: &str| -> User {
        intercom_sdk::decode(format!(r#"{{"custom_attributes": {attributes}}}"#).as_bytes())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let deep = |leaf: &str| format!(r#"{{"d": {}{leaf}{}}}"#, "[".repeat(200), "]".repeat(200));
    assert_ne!(user(r#"{"n": 1e400}"#), user(r#"{"n": -1e400}"#));
    assert_ne!(
        user(r#"{"n": 12345678901234567890123}"#),
        user(r#"{"n": 12345678901234567890124}"#)
    );
    assert_ne!(user(&deep("1")), user(&deep("2")));
    assert_eq!(
        user(r#"{"n": 1E2, "m": "\u00e9"}"#),
        user(r#"{"m": "é", "n": 100}"#)
    );
}
