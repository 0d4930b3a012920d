//! One error type: what was sent, whether to retry, what the server said; never the token.

use intercom_sdk::{Client, Error, ErrorCode, IdType};
use intercom_tests::root;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok_SECRET_never_printed";

async fn answering(template: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    (server, client)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/intercom-responses").join(name))
        .unwrap_or_default()
}

#[tokio::test]
async fn api_errors_carry_status_codes_request_id_rate_limit_and_body() {
    let body = fixture("error_429_rate_limit_exceeded.json");
    let template = ResponseTemplate::new(429)
        .set_body_raw(body.clone(), "application/json")
        .insert_header("X-RateLimit-Limit", "500")
        .insert_header("X-RateLimit-Remaining", "0")
        .insert_header("X-RateLimit-Reset", "1700000000");
    let (_server, client) = answering(template).await;
    let err = client
        .get_admins()
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("a 429 must be an error"));
    assert_eq!(err.status(), Some(429));
    assert!(err.was_sent());
    assert!(err.is_retryable());
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.operation, "get_admins");
    assert_eq!(api.code(), Some(&ErrorCode::RateLimitExceeded));
    assert_eq!(api.rate_limit.limit, Some(500));
    assert_eq!(api.rate_limit.remaining, Some(0));
    assert_eq!(api.rate_limit.reset, Some(1_700_000_000));
    assert_eq!(api.body, body);
    let line = err.to_string();
    assert!(!line.contains('\n'), "Display is one line: {line}");
    assert!(
        line.contains("429") && line.contains("rate_limit_exceeded"),
        "{line}"
    );
}

#[tokio::test]
async fn every_error_fixture_is_read_with_its_codes() {
    for (file, status, code) in [
        (
            "error_401_token_unauthorized.json",
            401,
            ErrorCode::TokenUnauthorized,
        ),
        ("error_404_not_found.json", 404, ErrorCode::NotFound),
        (
            "error_503_service_unavailable.json",
            503,
            ErrorCode::ServiceUnavailable,
        ),
    ] {
        let (_server, client) = answering(
            ResponseTemplate::new(status).set_body_raw(fixture(file), "application/json"),
        )
        .await;
        let err = client
            .get_single_admin("1")
            .send()
            .await
            .err()
            .unwrap_or_else(|| panic!("{file}: must fail"));
        let Error::Api(api) = &err else {
            panic!("{file}: {err:?}")
        };
        assert_eq!(api.status, status, "{file}");
        assert!(
            api.errors.iter().any(|e| e.code == code),
            "{file}: {:?}",
            api.errors
        );
        assert_eq!(err.is_retryable(), status == 503, "{file}");
    }
}

#[tokio::test]
async fn unknown_error_codes_are_kept() {
    let body = r#"{"type":"error.list","request_id":"r-1","errors":[{"code":"brand_new_code","message":"m","field":"email"}]}"#;
    let (_server, client) =
        answering(ResponseTemplate::new(422).set_body_raw(body, "application/json")).await;
    let err = client
        .get_admins()
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    let Error::Api(api) = err else {
        panic!("expected Error::Api")
    };
    assert_eq!(
        api.errors[0].code,
        ErrorCode::Unknown("brand_new_code".into())
    );
    assert_eq!(api.errors[0].field.as_deref(), Some("email"));
    assert_eq!(api.request_id.as_deref(), Some("r-1"));
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_verbatim() {
    let (_server, client) =
        answering(ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"))
            .await;
    let err = client
        .get_admins()
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    let Error::Api(api) = &err else {
        panic!("expected Error::Api")
    };
    assert!(api.errors.is_empty());
    assert_eq!(api.body, "<html>Bad Gateway</html>");
    assert!(err.to_string().contains("Bad Gateway"));
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error_with_path_and_body() {
    let body = r#"{"type":"admin","id":"1","email":tru}"#;
    let (_server, client) =
        answering(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let err = client
        .get_single_admin("1")
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    let Error::Decode(d) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(d.operation, "get_single_admin");
    assert_eq!(d.path, "email");
    assert_eq!(d.body, body);
    assert!(err.was_sent() && !err.is_retryable());
}

#[tokio::test]
async fn a_member_of_an_unexpected_type_does_not_fail_the_call() {
    let body = r#"{"type":"admin","id":1,"email":7,"team_ids":[1,"2",true]}"#;
    let (_server, client) =
        answering(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let admin = client
        .get_single_admin("1")
        .await
        .unwrap_or_else(|e| panic!("one odd member must not fail the call: {e}"));
    assert_eq!(admin.id.as_deref(), Some("1"));
    assert_eq!(admin.email, None);
    let teams: Vec<&str> = admin
        .team_ids
        .iter()
        .flatten()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(teams, ["1", "2"]);
    assert_eq!(
        intercom_sdk::UnknownFields::surprises(&admin),
        ["$.email", "$.team_ids[2]"]
    );
    let back = serde_json::to_string(&admin).unwrap_or_default();
    assert!(intercom_tests::same_json(body, &back).is_ok(), "{back}");
}

#[tokio::test]
async fn refused_input_was_not_sent() {
    let (server, client) = answering(ResponseTemplate::new(200)).await;
    let err = client
        .delete_lead("a@b.c", IdType::Email)
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                operation: "delete_lead",
                field: "user_id_type",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.was_sent());
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0));
}

#[tokio::test]
async fn refusals_name_the_method_and_the_setter_the_user_called() {
    let (server, client) = answering(ResponseTemplate::new(200)).await;
    let err = client
        .create_user_by_email("ada@example.com")
        .custom_attributes(serde_json::json!([1, 2]))
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with("create_user_by_email: invalid custom_attributes, nothing was sent: "),
        "{err}"
    );
    // Where the wire name differs from the argument's, it follows.
    let err = client
        .delete_user("", IdType::Email)
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        err,
        "delete_user: invalid user_id (query `email`), nothing was sent: an empty value cannot be sent"
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0));
}

#[tokio::test]
async fn raw_access_gives_status_headers_rate_limit_and_bytes() {
    let body = fixture("admin.json");
    let template = ResponseTemplate::new(200)
        .set_body_raw(body.clone(), "application/json")
        .insert_header("X-RateLimit-Remaining", "41")
        .insert_header("X-Request-Id", "req-9");
    let (_server, client) = answering(template).await;
    let resp = client
        .get_single_admin("1")
        .send_with_response()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.rate_limit().remaining, Some(41));
    assert_eq!(resp.request_id(), Some("req-9"));
    assert_eq!(resp.raw_body().as_ref(), body.as_bytes());
    assert!(resp.value().id.is_some());
}

#[tokio::test]
async fn the_token_never_shows_in_debug_or_errors() {
    let (_server, client) = answering(ResponseTemplate::new(401).set_body_raw(
        fixture("error_401_token_unauthorized.json"),
        "application/json",
    ))
    .await;
    assert!(!format!("{client:?}").contains(TOKEN));
    let err = client
        .get_admins()
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(!format!("{err} {err:?}").contains(TOKEN));
    let builder = client.get_access_token("id", "client-SECRET-value", "code");
    assert!(!format!("{builder:?}").contains("client-SECRET-value"));
    let unreachable = Client::builder()
        .token(TOKEN)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = unreachable
        .get_admins()
        .send()
        .await
        .err()
        .unwrap_or_else(|| panic!("must fail"));
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(TOKEN));
}

/// #22, 4: one way to ask each question of an error, whatever its variant.
#[tokio::test]
async fn each_question_has_one_way_to_ask_it() -> Result<(), Box<dyn std::error::Error>> {
    use intercom_mock::Reply;
    use intercom_sdk::meta;
    let mock = intercom_mock::MockServer::start().await?;
    let client = mock
        .client_builder()
        .retry_policy(intercom_sdk::RetryPolicy::default().max_attempts(1))
        .build()?;

    mock.on(&meta::GET_SINGLE_USER).reply(Reply::status(404));
    let err = client
        .get_single_user("nobody@example.com", IdType::Email)
        .await
        .err()
        .ok_or("a 404")?;
    assert!(err.is_not_found());
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some(&ErrorCode::NotFound));
    assert!(matches!(&err, Error::Api(api) if api.status == 404));

    // The mock's 422 is a code the SDK knows.
    mock.on(&meta::GET_ADMINS).reply(Reply::status(422));
    let err = client.get_admins().await.err().ok_or("a 422")?;
    assert_eq!(err.code(), Some(&ErrorCode::ParameterInvalid));
    assert!(!err.is_not_found());

    // A 429 given up on says why, and how long the server asked to wait.
    let wait = std::time::Duration::from_secs(3600);
    mock.on(&meta::GET_SEGMENTS)
        .reply(Reply::rate_limited(wait));
    let err = client.get_segments().await.err().ok_or("a 429")?;
    assert!(err.is_rate_limited());
    let asked = err.retry_after().ok_or("a wait")?;
    assert!(
        asked > wait - std::time::Duration::from_secs(5)
            && asked <= wait + std::time::Duration::from_secs(1),
        "{asked:?}"
    );
    let why = err
        .api()
        .and_then(|api| api.not_retried)
        .ok_or("a reason")?;
    assert!(why.contains("max_rate_limit_wait"), "{why}");
    assert!(err.to_string().contains("not retried"), "{err}");
    Ok(())
}
