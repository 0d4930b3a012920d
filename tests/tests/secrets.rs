//! A secret never shows: every model, the builders that take secrets and the errors of the
//! operation that answers with one are formatted (`Debug`, `{:#?}` and `Display`) from payloads
//! carrying a sentinel secret, and the sentinel is found nowhere.

use intercom_sdk::{Client, Error};
use intercom_tests::{MODELS, decode_model};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SENTINEL: &str = "SENTINEL-s3cr3t-7f2a";

/// Every way a value is printed.
fn printed(value: &dyn std::fmt::Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(SENTINEL), "{what} shows the secret:\n{text}");
}

#[test]
fn no_model_shows_a_secret_member() {
    // Every name a secret goes by, at the top and nested, known to the model or not.
    let payload = format!(
        r#"{{"access_token": "{s}", "token": "{s}", "hub_secret": "{s}", "client_secret": "{s}",
            "password": "{s}", "nested": {{"refresh_token": "{s}", "list": [{{"secret": "{s}"}}]}}}}"#,
        s = SENTINEL
    );
    for name in MODELS {
        let model = match decode_model(name, payload.as_bytes()) {
            Some(Ok(m)) => m,
            other => panic!("{name}: {other:?}"),
        };
        assert_clean(name, &printed(&model));
        // Written back, the secret is still there: redaction is for printing, not for storing.
        assert!(model.json().contains(SENTINEL), "{name} lost the secret");
    }
}

async fn answering(template: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    let client = Client::builder()
        .token(SENTINEL)
        .base_url(server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    (server, client)
}

#[tokio::test]
async fn builders_and_clients_do_not_show_secrets() {
    let (_server, client) = answering(ResponseTemplate::new(200)).await;
    assert_clean("Client", &printed(&client));
    let exchange = client.get_access_token("client-id", SENTINEL, "code");
    assert_clean("GetAccessToken", &printed(&exchange));
    let subscription = client
        .create_subscription("https://example.com/hook", ["user.created"])
        .hub_secret(SENTINEL);
    assert_clean("CreateSubscription", &printed(&subscription));
    let builder = Client::builder().token(SENTINEL);
    assert_clean("ClientBuilder", &printed(&builder));
    let verifier =
        intercom_sdk::webhooks::Verifier::new(SENTINEL).unwrap_or_else(|e| panic!("{e}"));
    assert_clean("Verifier", &printed(&verifier));
}

#[tokio::test]
async fn errors_of_the_token_exchange_do_not_show_the_token() {
    let answers = [
        // Not JSON at all.
        ResponseTemplate::new(200).set_body_raw(format!("access_token={SENTINEL}"), "text/plain"),
        // JSON, but not an object.
        ResponseTemplate::new(200).set_body_raw(format!(r#"["{SENTINEL}"]"#), "application/json"),
        // A string where the object should be: serde quotes it in its message.
        ResponseTemplate::new(200).set_body_raw(format!(r#""{SENTINEL}""#), "application/json"),
        // An error answer that echoes the token.
        ResponseTemplate::new(400).set_body_raw(
            format!(r#"{{"type": "error.list", "errors": [{{"code": "bad_request"}}], "access_token": "{SENTINEL}"}}"#),
            "application/json",
        ),
    ];
    for (i, answer) in answers.into_iter().enumerate() {
        let (_server, client) = answering(answer).await;
        let err: Error = client
            .get_access_token("client-id", "client-secret", "code")
            .await
            .err()
            .unwrap_or_else(|| panic!("answer {i} must fail"));
        assert_clean(&format!("error {i}"), &format!("{err}\n{}", printed(&err)));
    }
    // A token answer with one member of an unexpected type decodes; the token stays hidden.
    let body = format!(r#"{{"access_token": "{SENTINEL}", "token_type": 5}}"#);
    let (_server, client) =
        answering(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let token = client
        .get_access_token("client-id", "client-secret", "code")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_clean("AccessToken", &printed(&token));
    assert_eq!(
        token.access_token.map(|t| t.expose().to_owned()).as_deref(),
        Some(SENTINEL)
    );
}
