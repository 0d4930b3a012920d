//! The test kit used the way a test of your own code would use it: start the mock, program a
//! failure, call through the SDK, assert on what was sent.

use std::time::Duration;

use intercom_mock::{MockServer, Reply};
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
    let body = tagging[0].body.clone().unwrap_or_default();
    assert_eq!(body["name"], "vip");
    assert_eq!(body["users"][0]["id"], id.as_str());
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
