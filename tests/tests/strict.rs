//! Strict decoding (#22, 1): per client and per call, a value of an unexpected JSON type fails
//! the call with every such value named; the default stays tolerant.

use futures_util::StreamExt;
use intercom_sdk::{Client, Error, Surprise, UnknownFields};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A page of two users: the first with `session_count` as a string, a tag that is a number,
/// and an `avatar` that is a string; the second as the API documents it.
const PAGE: &str = r#"{"type": "user.list", "pages": {"next": null}, "users": [
  {"type": "user", "id": "1", "session_count": "12", "avatar": "https://a.png",
   "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "7"}, 8]}},
  {"type": "user", "id": "2", "session_count": 3}
]}"#;

async fn server(route: &str, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    server
}

fn client(uri: &str, strict: bool) -> Client {
    Client::builder()
        .token("tok_strict")
        .base_url(uri)
        .strict(strict)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn surprise(path: &str, expected: &str, found: &str) -> (String, String, String) {
    (path.to_owned(), expected.to_owned(), found.to_owned())
}

fn named(surprises: &[Surprise]) -> Vec<(String, String, String)> {
    surprises
        .iter()
        .map(|s| surprise(&s.path, &s.expected, s.found))
        .collect()
}

/// The error of a call strict decoding must refuse.
fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> Error {
    match result {
        Ok(value) => panic!("strict decoding accepted {value:?}"),
        Err(e) => e,
    }
}

fn surprises_of(err: &Error) -> &intercom_sdk::SurprisesError {
    match err {
        Error::Surprises(found) => found,
        other => panic!("expected Error::Surprises, got {other:?}"),
    }
}

#[tokio::test]
async fn a_strict_client_names_every_value_of_an_unexpected_type() {
    let server = server("/users", PAGE).await;
    let err = refused(client(&server.uri(), true).get_users().await);
    let found = surprises_of(&err);
    assert_eq!(
        named(&found.surprises),
        [
            surprise("$.users[0].session_count", "integer", "string"),
            surprise("$.users[0].avatar", "object (Avatar)", "string"),
            surprise("$.users[0].tags.tags[1]", "object (Tag)", "number"),
        ]
    );
    assert_eq!(
        (err.status(), err.operation()),
        (Some(200), Some("get_users"))
    );
    let text = err.to_string();
    assert!(
        text.contains("$.users[0].session_count (expected integer, found string)"),
        "{text}"
    );
    // Nothing is lost: the body is kept, and decodes tolerantly.
    assert!(
        found.body.contains(r#""session_count": "12""#),
        "{}",
        found.body
    );
}

#[tokio::test]
async fn the_default_stays_tolerant_and_a_call_can_choose_either_way() {
    let server = server("/users", PAGE).await;
    let tolerant = client(&server.uri(), false);
    let list = tolerant.get_users().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.surprises().len(), 3);
    let users = list.users.as_deref().unwrap_or_default();
    assert_eq!(users[0].session_count, None);
    assert_eq!(users[1].session_count, Some(3));

    let strict_call = tolerant.get_users().strict(true).await;
    assert!(
        matches!(strict_call, Err(Error::Surprises(_))),
        "{strict_call:?}"
    );

    let strict = client(&server.uri(), true);
    let relaxed_call = strict.get_users().strict(false).await;
    assert!(relaxed_call.is_ok(), "{relaxed_call:?}");
}

#[tokio::test]
async fn an_answer_that_fits_passes_strict_decoding() {
    let fits = r#"{"type": "user", "id": "2", "session_count": 3, "brand_new_member": "x"}"#;
    let server = server("/users/2", fits).await;
    let user = client(&server.uri(), true)
        .get_single_user("2", intercom_sdk::IdType::IntercomId)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Unknown members lose nothing: they are not surprises.
    assert_eq!(user.session_count, Some(3));
    assert_eq!(user.unknown_fields(), ["$.brand_new_member"]);
}

#[tokio::test]
async fn a_strict_stream_stops_at_the_page_with_a_surprise() {
    let server = server("/users", PAGE).await;
    let items: Vec<_> = client(&server.uri(), true)
        .get_users()
        .into_stream()
        .collect()
        .await;
    assert!(
        matches!(items.as_slice(), [Err(Error::Surprises(_))]),
        "{items:?}"
    );
}

#[tokio::test]
async fn items_of_a_bare_array_answer_are_checked_too() {
    let body = r#"[{"id": "1", "app_id": 5}, 7, {"id": "3", "call_transcript": {"a": 1}}]"#;
    let server = server("/fin_voice/conversation/9", body).await;
    let err = refused(
        client(&server.uri(), true)
            .calls()
            .collect_fin_voice_by_conversation_id("9")
            .await,
    );
    assert_eq!(
        named(&surprises_of(&err).surprises),
        [
            surprise("$[1]", "object (AiCallResponse)", "number"),
            surprise("$[2].call_transcript", "array", "object"),
        ]
    );
}
