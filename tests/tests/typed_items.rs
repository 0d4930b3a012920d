//! Typed items (#22, 5): object lists the API documents take their model, or any `Serialize` of
//! its members; a member the API does not take is refused before anything is sent.

use intercom_sdk::models::{UserCompany, UserReference};
use intercom_sdk::{Client, Error};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    for route in ["/tags", "/users"] {
        Mock::given(method("POST"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "tag"})))
            .mount(&server)
            .await;
    }
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("tok_items")
        .base_url(server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The JSON bodies the server received.
async fn bodies(server: &MockServer) -> Vec<Value> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null))
        .collect()
}

/// The refusal of a call that must not be sent: its input and message.
fn refusal<T: std::fmt::Debug>(result: Result<T, Error>) -> (&'static str, String) {
    match result {
        Err(Error::InvalidInput { field, message, .. }) => (field, message),
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
}

#[tokio::test]
async fn a_misspelt_member_of_an_item_is_refused_before_sending() {
    let server = server().await;
    let client = client(&server);
    let (field, message) = refusal(
        client
            .tag_user(
                "vip",
                [
                    json!({"email": "ada@example.com"}),
                    json!({"emial": "bob@example.com"}),
                ],
            )
            .await,
    );
    assert_eq!(field, "users");
    assert!(
        message.contains("item 1: `emial` is not a member it takes (id, user_id, email)"),
        "{message}"
    );
    let (_, message) = refusal(client.tag_user("vip", [json!({"email": 5})]).await);
    assert!(
        message.contains("item 0: `email` is a number, where it takes a string"),
        "{message}"
    );
    let (field, message) = refusal(
        client
            .create_user_by_email("ada@example.com")
            .companies([json!({"company_id": "c1", "monthly_spent": 49})])
            .await,
    );
    assert_eq!(field, "companies");
    assert!(
        message.contains("`monthly_spent` is not a member"),
        "{message}"
    );
    assert_eq!(bodies(&server).await, Vec::<Value>::new());
}

#[tokio::test]
async fn typed_items_and_json_items_of_the_right_members_are_sent_as_given() {
    let server = server().await;
    let client = client(&server);
    let mut ada = UserReference::default();
    ada.email = Some("ada@example.com".into());
    client
        .tag_user("vip", [ada])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    client
        .untag_users("vip", [json!({"id": 42})])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut acme = UserCompany::default();
    acme.company_id = Some("c1".into());
    acme.remove = Some(true);
    client
        .create_user_by_email("ada@example.com")
        .companies([acme])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let sent = bodies(&server).await;
    assert_eq!(
        sent.iter()
            .map(|b| b.get("users").or(b.get("companies")))
            .collect::<Vec<_>>(),
        [
            Some(&json!([{"email": "ada@example.com"}])),
            // `untag` is added to each item after the check.
            Some(&json!([{"id": 42, "untag": true}])),
            Some(&json!([{"company_id": "c1", "remove": true}])),
        ]
    );
}

/// A server taking events (`202 Accepted`, no body).
async fn events_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_event_names_its_user_by_user_id_email_or_id() {
    use intercom_sdk::Timestamp;
    use intercom_sdk::operations::SubmitEventUserId;
    let server = events_server().await;
    let client = client(&server);
    let at = Timestamp::from_unix_seconds(1_500_000_000);
    for user in [
        SubmitEventUserId::from("u1"),
        SubmitEventUserId::Email("ada@example.com".into()),
        SubmitEventUserId::Id("5a1b".into()),
    ] {
        client
            .submit_event("paid", user, at)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let named: Vec<Value> = bodies(&server)
        .await
        .into_iter()
        .map(|mut b| {
            let body = b.as_object_mut().map(std::mem::take).unwrap_or_default();
            body.into_iter()
                .filter(|(k, _)| k != "event_name" && k != "created_at")
                .collect()
        })
        .collect();
    assert_eq!(
        named,
        [
            json!({"user_id": "u1"}),
            json!({"email": "ada@example.com"}),
            json!({"id": "5a1b"}),
        ]
    );
    let (field, _) = refusal(
        client
            .submit_event("paid", SubmitEventUserId::Email(String::new()), at)
            .await,
    );
    assert_eq!(field, "user_id");
}

#[tokio::test]
async fn event_metadata_values_are_those_the_api_documents() {
    use intercom_sdk::Timestamp;
    use intercom_sdk::models::{EventAmount, EventMetadataValue};
    let server = events_server().await;
    let client = client(&server);
    let at = Timestamp::from_unix_seconds(1_500_000_000);
    // Every type of Intercom's metadata table, as JSON and as the typed values.
    let documented = json!({
        "source": "desktop", "load": 3.67, "contact_date": 1392036272, "paid": true,
        "article": {"url": "https://example.org/ab1de.html", "value": "the dude abides"},
        "price": {"amount": 34999, "currency": "eur"}, "gone": null,
    });
    let mut price = EventAmount::default();
    price.amount = Some(34999);
    price.currency = Some("eur".into());
    let typed = std::collections::BTreeMap::from([
        ("source", EventMetadataValue::Text("desktop".into())),
        ("price", EventMetadataValue::Amount(price.into())),
    ]);
    client
        .submit_event("paid", "u1", at)
        .metadata(&documented)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    client
        .submit_event("paid", "u1", at)
        .metadata(&typed)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let sent: Vec<Value> = bodies(&server)
        .await
        .iter()
        .map(|b| b["metadata"].clone())
        .collect();
    assert_eq!(
        sent,
        [
            documented,
            json!({"price": {"amount": 34999, "currency": "eur"}, "source": "desktop"}),
        ]
    );
    // Nested JSON is not supported, and a misspelt rich link is no rich link.
    let (field, message) = refusal(
        client
            .submit_event("paid", "u1", at)
            .metadata(json!({"tags": ["a"], "article": {"url": "x", "valeu": "y"}, "ok": 1}))
            .await,
    );
    assert_eq!(field, "metadata");
    assert_eq!(
        message,
        "`article` is an object, not a value it takes; `tags` is an array, not a value it takes"
    );
    assert_eq!(bodies(&server).await.len(), 2);
}
