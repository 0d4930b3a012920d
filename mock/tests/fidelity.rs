//! What Intercom's own 1.x Node client found the mock answering otherwise than the API (#20, 4).

use std::collections::HashSet;

use intercom_mock::MockServer;
use intercom_sdk::meta::{self, Answer, Api};

/// Sends a request by hand; the status and the body.
async fn exchange(
    addr: std::net::SocketAddr,
    head: &str,
    body: &str,
) -> Result<(u16, String), Box<dyn std::error::Error>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "{head} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\nintercom-version: 1.4\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    let status = answer.split(' ').nth(1).unwrap_or_default().parse()?;
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    Ok((status, body))
}

#[tokio::test]
async fn each_count_answers_its_own_payload() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let client = mock.client()?;
    let counts: Vec<_> = meta::all()
        .filter(|op| op.api == Api::V1 && op.response == Answer::Model("Count"))
        .collect();
    assert_eq!(counts.len(), 8);
    let mut bodies = HashSet::new();
    for op in counts {
        let mut call = client.invoke(op);
        if let Some(select) = op.field("type").and_then(|f| f.select) {
            call = call.input("type", select.values[0]);
        }
        let body: serde_json::Value = call.send().await?;
        bodies.insert(body.to_string());
    }
    assert_eq!(bodies.len(), 8, "{bodies:#?}");
    let (_, tags) = exchange(mock.addr(), "GET /counts?type=user&count=tag", "").await?;
    assert!(
        tags.contains(r#""tag""#) && tags.contains(r#""user""#),
        "{tags}"
    );
    Ok(())
}

#[tokio::test]
async fn query_parameters_no_operation_names_are_ignored() -> Result<(), Box<dyn std::error::Error>>
{
    let mock = MockServer::start().await?;
    let (status, body) = exchange(
        mock.addr(),
        "GET /conversations/147?id=147&display_as=plaintext",
        "",
    )
    .await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(mock.requests()[0].operation_name(), "getSingleConversation");
    Ok(())
}

#[tokio::test]
async fn an_identifier_may_come_as_a_number() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let note = r#"{"user": {"id": "5714dd359a3fd47136000001"}, "admin_id": 25, "body": "hi"}"#;
    let (status, body) = exchange(mock.addr(), "POST /notes", note).await?;
    assert_eq!(status, 200, "{body}");
    Ok(())
}

#[tokio::test]
async fn an_event_names_its_user_by_user_id_email_or_id() -> Result<(), Box<dyn std::error::Error>>
{
    let mock = MockServer::start().await?;
    for who in [
        r#""user_id": "25""#,
        r#""email": "ada@example.com""#,
        r#""id": "5714dd359a3fd47136000001""#,
    ] {
        let event = format!(r#"{{"event_name": "paid", "created_at": 1500000000, {who}}}"#);
        let (status, body) = exchange(mock.addr(), "POST /events", &event).await?;
        assert_eq!(status, 202, "{who}: {body}");
    }
    let (status, _) = exchange(
        mock.addr(),
        "POST /events",
        r#"{"event_name": "paid", "created_at": 1500000000}"#,
    )
    .await?;
    assert_eq!(status, 400, "a user is still needed");
    Ok(())
}

#[tokio::test]
async fn items_of_an_object_list_are_checked_against_what_the_api_takes()
-> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let (status, body) = exchange(
        mock.addr(),
        "POST /tags",
        r#"{"name": "vip", "users": [{"email": "ada@example.com"}, {"emial": "bob@example.com"}]}"#,
    )
    .await?;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("item 1 of `users`: `emial` is not a member it takes (id, user_id, email)"),
        "{body}"
    );
    // Untagging adds `untag: true` to each item, which the API takes.
    let (status, body) = exchange(
        mock.addr(),
        "POST /tags",
        r#"{"name": "vip", "users": [{"id": "5", "untag": true}]}"#,
    )
    .await?;
    assert_eq!(status, 200, "{body}");
    Ok(())
}
