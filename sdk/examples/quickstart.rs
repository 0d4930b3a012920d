//! Creates a user, then looks it up by email, against a local mock of the Intercom API.
//!
//! `cargo run -p intercom-sdk --example quickstart` (no credentials, no network).

use intercom_sdk::{Client, IdType, Timestamp};
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let user = json!({
        "type": "user", "id": "5714dd359a3fd47136000001", "user_id": "25",
        "email": "ada@example.com", "name": "Ada Lovelace",
        "created_at": 1_500_000_000, "last_request_at": 1_500_000_000,
        "custom_attributes": { "plan": "pro" }
    });
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users"))
        .and(header("authorization", "Bearer demo-token"))
        .and(body_partial_json(
            json!({ "email": "ada@example.com", "last_request_at": 1_500_000_000 }),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(&user))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("email", "ada@example.com"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "type": "user.list", "users": [user] })),
        )
        .mount(&server)
        .await;

    let client = Client::builder()
        .token("demo-token")
        .base_url(server.uri())
        .build()?;
    let created = client
        .create_user_by_email("ada@example.com")
        .name("Ada Lovelace")
        .last_request_at("2017-07-14T02:40:00Z".parse::<Timestamp>()?)
        .custom_attributes(serde_json::Map::from_iter([(
            "plan".to_owned(),
            json!("pro"),
        )]))
        .await?;
    println!("created: {}", serde_json::to_string_pretty(&created)?);

    let found = client
        .get_single_user("ada@example.com", IdType::Email)
        .send_with_response()
        .await?;
    let user = found.value();
    println!(
        "found by email (HTTP {}, {} requests left): {} <{}> created at {}",
        found.status(),
        found
            .rate_limit()
            .remaining
            .map_or("?".into(), |n| n.to_string()),
        user.name.as_deref().unwrap_or("?"),
        user.email.as_deref().unwrap_or("?"),
        user.created_at.as_ref().map_or(0, |t| t.unix_seconds()),
    );
    Ok(())
}
