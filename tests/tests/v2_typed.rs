//! The typed 2.x SDK as a user writes it: group handles, nested groups, the search query
//! builder, union bodies and answers, streams over every kind of page, and one client speaking
//! 1.x and 2.x with the right `Intercom-Version` each.

use futures_util::StreamExt;
use intercom_sdk::search::Query;
use intercom_sdk::v2::models::{
    AdminReplyConversationRequest, ConversationAttribute, StartingAfterPaging,
};
use intercom_sdk::{Client, IdType, UnknownFields};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("tok")
        .base_url(server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn last_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.unwrap_or_default();
    let last = requests.last().unwrap_or_else(|| panic!("nothing sent"));
    serde_json::from_slice(&last.body).unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_search_is_typed_and_streams_through_its_body_cursor() {
    let server = MockServer::start().await;
    // Page 1 points at page 2 with a cursor; page 2 ends the list.
    let page = |ids: &[&str], next: Value| {
        json!({
            "type": "list",
            "data": ids.iter().map(|id| json!({"type": "contact", "id": id})).collect::<Vec<_>>(),
            "total_count": 3,
            "pages": {"type": "pages", "page": 1, "per_page": 2, "total_pages": 2, "next": next},
        })
    };
    Mock::given(method("POST"))
        .and(path("/contacts/search"))
        .and(|r: &Request| {
            serde_json::from_slice::<Value>(&r.body)
                .ok()
                .and_then(|b| b.pointer("/pagination/starting_after").cloned())
                .is_none()
        })
        .respond_with(ResponseTemplate::new(200).set_body_json(page(
            &["1", "2"],
            json!({"per_page": 2, "starting_after": "WzE2"}),
        )))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/contacts/search"))
        .and(|r: &Request| {
            serde_json::from_slice::<Value>(&r.body)
                .ok()
                .and_then(|b| b.pointer("/pagination/starting_after").cloned())
                == Some(json!("WzE2"))
        })
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["3"], Value::Null)))
        .mount(&server)
        .await;
    let mut paging = StartingAfterPaging::default();
    paging.per_page = Some(2);
    let query = Query::all([
        Query::field("role").eq("user"),
        Query::field("created_at").gt(1_577_869_200),
    ]);
    let ids: Vec<String> = client(&server)
        .contacts()
        .search(query)
        .pagination(paging)
        .into_stream()
        .map(|c| c.map(|c| c.id.map(String::from).unwrap_or_default()))
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids, ["1", "2", "3"]);
    let requests = server.received_requests().await.unwrap_or_default();
    let first: Value = serde_json::from_slice(&requests[0].body).unwrap_or(Value::Null);
    assert_eq!(
        first,
        json!({
            "query": {"operator": "AND", "value": [
                {"field": "role", "operator": "=", "value": "user"},
                {"field": "created_at", "operator": ">", "value": 1577869200}
            ]},
            "pagination": {"per_page": 2}
        })
    );
    assert_eq!(
        requests[1]
            .headers
            .get("intercom-version")
            .and_then(|v| v.to_str().ok()),
        Some("2.16")
    );
}

#[tokio::test]
async fn a_query_intercom_would_refuse_is_refused_before_sending() {
    let server = MockServer::start().await;
    let leaf = || Query::field("a").eq(1);
    let too_deep = Query::all([Query::any([Query::all([leaf()])])]);
    let err = client(&server).contacts().search(too_deep).await.err();
    assert!(
        matches!(
            &err,
            Some(intercom_sdk::Error::InvalidInput {
                operation: "contacts().search",
                field: "query",
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0));
}

#[tokio::test]
async fn lists_stream_across_link_cursor_and_page_number_pages() {
    let server = MockServer::start().await;
    let contacts = |ids: &[u32]| -> Vec<Value> {
        ids.iter()
            .map(|i| json!({"type": "contact", "id": i.to_string()}))
            .collect()
    };
    // Page 1: `pages.next` a cursor object (intercom-node#489); page 2: a link; page 3: only
    // page numbers; page 4: the last.
    let pages = [
        (
            None,
            json!({"page": 1, "total_pages": 4, "next": {"starting_after": "c2"}}),
            vec![1],
        ),
        (
            Some(("starting_after", "c2")),
            json!({"page": 2, "total_pages": 4, "next": "/contacts?page=3"}),
            vec![2],
        ),
        (
            Some(("page", "3")),
            json!({"page": 3, "total_pages": 4, "per_page": "50"}),
            vec![3],
        ),
        (
            Some(("page", "4")),
            json!({"page": 4, "total_pages": 4}),
            vec![4],
        ),
    ];
    for (q, pages, ids) in pages {
        let mut mock = Mock::given(method("GET")).and(path("/contacts"));
        mock = match q {
            Some((k, v)) => mock.and(query_param(k, v)),
            None => mock.and(|r: &Request| r.url.query().is_none()),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "list", "data": contacts(&ids), "total_count": 4, "pages": pages,
        })))
        .mount(&server)
        .await;
    }
    let ids: Vec<String> = client(&server)
        .contacts()
        .list()
        .into_stream()
        .map(|c| c.map(|c| c.id.map(String::from).unwrap_or_default()))
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids, ["1", "2", "3", "4"]);
}

#[tokio::test]
async fn nested_groups_and_union_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/help_center/collections"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "list", "data": []})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/conversations/147/reply"))
        .and(body_json(
            json!({"message_type": "comment", "type": "admin", "admin_id": "991", "body": "Hi"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "conversation", "id": "147"})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let list = client.help_centers().collections().list().await;
    assert!(list.is_ok(), "{list:?}");
    let mut reply = AdminReplyConversationRequest::default();
    reply.message_type = Some("comment".into());
    reply.r#type = Some("admin".into());
    reply.admin_id = Some("991".into());
    reply.body = Some("Hi".into());
    let conversation = client
        .conversations()
        .reply("147", reply)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(conversation.id.as_deref(), Some("147"));
}

#[tokio::test]
async fn a_union_answer_is_the_shape_its_tag_names_and_keeps_an_unknown_one() {
    let tagged: ConversationAttribute = intercom_sdk::decode(
        br#"{"type": "conversation_attribute", "id": "7", "name": "Tier", "data_type": "integer", "new_member": 1}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(tagged, ConversationAttribute::Integer(_)),
        "{tagged:?}"
    );
    assert_eq!(tagged.unknown_fields(), ["$.new_member"]);
    let unknown: ConversationAttribute =
        intercom_sdk::decode(br#"{"data_type": "hologram", "id": "8"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(unknown, ConversationAttribute::Unknown(_)),
        "{unknown:?}"
    );
    // Either way, what came in goes back out.
    assert_eq!(
        serde_json::to_value(&unknown).unwrap_or_default(),
        json!({"data_type": "hologram", "id": "8"})
    );
}

#[tokio::test]
async fn one_client_sends_each_api_its_own_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/admins"))
        .and(header("intercom-version", "2.14"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "admin.list", "admins": []})),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/users"))
        .and(header("intercom-version", "1.3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"type": "user", "id": "u1"})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("tok")
        .base_url(server.uri())
        .intercom_version("2.14")
        .intercom_version("1.3")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let admins = client.admins().list().await;
    assert!(admins.is_ok(), "{admins:?}");
    let deleted = client.delete_user("u1", IdType::UserId).await;
    assert!(deleted.is_ok(), "{deleted:?}");
    let _ = last_body(&server).await;
}

/// What Intercom's users reported as the description disagreeing with real answers, in one
/// answer: ids as numbers (Intercom-OpenAPI#115), a member null and one absent (Intercom-OpenAPI
/// PR #274), custom attributes of any JSON type (intercom-node#475), `per_page` as a string.
#[test]
fn the_reported_disagreements_decode_and_go_back_out_unchanged() {
    let answer = json!({
        "type": "conversation.list",
        "conversations": [{
            "type": "conversation",
            "id": 471,
            "team_assignee_id": 5017691,
            "admin_assignee_id": null,
            "statistics": {"type": "conversation_statistics", "last_closed_by_id": 1234},
            "custom_attributes": {
                "monthly_spend": 155.5, "paid_subscriber": true, "tier": null,
                "team_mates": [{"type": "custom_object_instance", "id": "9"}],
            },
        }],
        "pages": {"type": "pages", "page": 1, "per_page": "50", "total_pages": 1},
    });
    let bytes = serde_json::to_vec(&answer).unwrap_or_default();
    let list: intercom_sdk::v2::models::ConversationList =
        intercom_sdk::decode(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let first = &list.conversations.as_deref().unwrap_or_default()[0];
    assert_eq!(first.id.as_deref(), Some("471"));
    assert_eq!(first.team_assignee_id.as_deref(), Some("5017691"));
    assert_eq!(
        first
            .statistics
            .as_ref()
            .and_then(|s| s.last_closed_by_id.as_deref()),
        Some("1234")
    );
    let attributes = first.custom_attributes.as_ref().map(|a| a.to_value());
    assert_eq!(
        attributes.and_then(|a| a.get("monthly_spend").cloned()),
        Some(json!(155.5))
    );
    // `per_page` is no integer: the typed member stays empty and the text is kept.
    let pages = list.pages.as_ref().unwrap_or_else(|| panic!("no pages"));
    assert_eq!(pages.per_page, None);
    assert_eq!(pages.surprises(), ["$.per_page"]);
    assert_eq!(
        pages.extra.get("per_page").map(|r| r.as_str()),
        Some("\"50\"")
    );
    assert_eq!(serde_json::to_value(&list).unwrap_or_default(), answer);
}
