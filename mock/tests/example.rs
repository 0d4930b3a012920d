//! The test kit used the way a test of your own code would use it: start the mock, program a
//! failure, call through the SDK, assert on what was sent.

use std::time::Duration;

use intercom_mock::{MockServer, Reply};
use intercom_sdk::meta::Api;
use intercom_sdk::{Error, IdType, RetryPolicy, meta};

/// Code under test: it tags a user found by email, and must survive a flaky API.
async fn tag_vip(client: &intercom_sdk::Client, email: &str) -> Result<String, Error> {
    let user = client.get_single_user(email, IdType::Email).await?;
    let id = user.id.map(|id| id.to_string()).unwrap_or_default();
    client
        .tag_user("vip", [serde_json::json!({ "id": id })])
        .await?;
    Ok(id)
}

#[tokio::test]
async fn the_code_under_test_retries_and_sends_what_it_should()
-> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    // The mock remembers: the user the code looks up is there.
    mock.insert_record(
        Api::V1,
        "users",
        serde_json::json!({"type": "user", "id": "u-ada", "email": "ada@example.com"}),
    );
    // The lookup fails twice with a 503 before the usual answer.
    mock.on(&meta::GET_SINGLE_USER).fail_times(2, 503);
    let client = mock
        .client_builder()
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()?;

    let id = tag_vip(&client, "ada@example.com").await?;

    let lookups = mock.requests_to(&meta::GET_SINGLE_USER);
    assert_eq!(lookups.len(), 3, "two 503s, then the answer");
    assert!(
        lookups
            .iter()
            .all(|r| r.query_value("email") == Some("ada@example.com"))
    );
    let tagging = mock.requests_to(&meta::TAG_USER);
    assert_eq!(tagging.len(), 1);
    let body = tagging[0].body().unwrap_or_default();
    assert_eq!(body["name"], "vip");
    assert_eq!(body["users"][0]["id"], id.as_str());
    // What the code did is what the API now answers.
    let tagged = client
        .get_single_user("ada@example.com", IdType::Email)
        .await?;
    let tags = serde_json::to_value(&tagged)?;
    assert_eq!(tags["tags"]["tags"][0]["name"], "vip", "{tags}");
    Ok(())
}

#[tokio::test]
async fn the_code_under_test_reports_a_missing_user() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    mock.on(&meta::GET_SINGLE_USER).reply(Reply::status(404));
    let client = mock.client()?;

    let err = tag_vip(&client, "nobody@example.com").await.err();

    assert!(
        matches!(&err, Some(Error::Api(api)) if api.status == 404),
        "{err:?}"
    );
    assert!(
        mock.requests_to(&meta::TAG_USER).is_empty(),
        "nothing is tagged"
    );
    Ok(())
}

/// #21, 2: a flood of large bodies without a token, to a path no operation has, leaves a line
/// each; and what is kept stays under the byte budget whatever comes.
#[tokio::test]
async fn a_flood_of_large_unauthenticated_bodies_leaves_only_lines()
-> Result<(), Box<dyn std::error::Error>> {
    use intercom_mock::Limits;
    let limits = Limits {
        max_recorded_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let mock = MockServer::start_on(0, limits).await?;
    let zeros = format!("[{}0]", "0,".repeat(2 * 1024 * 1024 - 2)); // just under 4 MiB, the cap
    for path in ["/nowhere", "/users"] {
        for _ in 0..4 {
            let status = post_raw(mock.addr(), path, &zeros).await?;
            assert!(matches!(status.as_str(), "401" | "404"), "{status}");
        }
    }
    let kept = mock.requests();
    assert_eq!(kept.len(), 8);
    assert!(kept.iter().all(|r| r.trimmed && r.body_text.is_none()));
    assert!(
        mock.recorded_bytes() < 8 * 1024,
        "{}",
        mock.recorded_bytes()
    );
    // Authorized requests keep their bodies, within the budget: the oldest go first.
    let client = mock.client()?;
    for i in 0..200 {
        let _ = client
            .create_user_by_email(format!("{i}@example.com"))
            .custom_attributes(serde_json::json!({"pad": "x".repeat(20_000)}))
            .await;
    }
    assert!(
        mock.recorded_bytes() <= 1024 * 1024,
        "{}",
        mock.recorded_bytes()
    );
    let last = mock.requests().pop().and_then(|r| r.body());
    assert_eq!(
        last.map(|b| b["email"].clone()),
        Some(serde_json::json!("199@example.com"))
    );
    Ok(())
}

/// Sends `body` to `path` as `text/plain`, without credentials; the answer's status.
async fn post_raw(
    addr: std::net::SocketAddr,
    path: &str,
    body: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    Ok(answer.split(' ').nth(1).unwrap_or_default().to_owned())
}
