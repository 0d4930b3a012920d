//! Ids in paths are one segment: every operation with an id in its path, called with ids that
//! would otherwise leave the endpoint, and with the ids that must be refused.

use intercom_sdk::{ConversationUserIdType, IdType, IdTypeWithoutEmail};
use serde_json::json;

use crate::harness::{Call, Case, Cover, Expected, call, case, refused, req};

/// Ids and their raw encoding as one path segment (RFC 3986, upper-case hex).
pub const AWKWARD_IDS: &[(&str, &str)] = &[
    ("a/../b", "a%2F..%2Fb"),
    ("../admins", "..%2Fadmins"),
    ("a..b", "a..b"),
    ("a?b", "a%3Fb"),
    ("a#b", "a%23b"),
    ("100%", "100%25"),
    ("%2F", "%252F"),
    ("a b", "a%20b"),
    ("café", "caf%C3%A9"),
    ("日本", "%E6%97%A5%E6%9C%AC"),
    ("x?y#z %/é", "x%3Fy%23z%20%25%2F%C3%A9"),
];

/// Ids that URL parsing would resolve to another endpoint: refused, nothing sent.
pub const REFUSED_IDS: &[&str] = &["", ".", ".."];

/// Every operation (and Select value) with an id in the path, called with `id`; the expected
/// request, the path written with `enc`.
#[allow(clippy::too_many_lines)]
pub fn path_id_ops(id: &str, enc: &str) -> Vec<(Cover, Call, Expected)> {
    let mut v: Vec<(Cover, Call, Expected)> = Vec::new();
    macro_rules! op {
        ($cover:expr, |$c:ident, $id:ident| $e:expr, $expected:expr) => {{
            let $id = id.to_owned();
            v.push(($cover, call!(|$c| $e), $expected));
        }};
    }
    op!(
        ("getSingleUser", Some("intercom_id")),
        |c, id| c.get_single_user(id, IdType::IntercomId),
        req("GET", format!("/users/{enc}"))
    );
    op!(
        ("deleteUser", Some("intercom_id")),
        |c, id| c.delete_user(id, IdType::IntercomId),
        req("DELETE", format!("/users/{enc}"))
    );
    op!(
        ("getSingleLead", Some("intercom_id")),
        |c, id| c.get_single_lead(id, IdType::IntercomId),
        req("GET", format!("/contacts/{enc}"))
    );
    op!(
        ("deleteLead", Some("intercom_id")),
        |c, id| c.delete_lead(id, IdType::IntercomId),
        req("DELETE", format!("/contacts/{enc}"))
    );
    op!(
        ("getSingleAdmin", None),
        |c, id| c.get_single_admin(id),
        req("GET", format!("/admins/{enc}"))
    );
    op!(
        ("deleteTag", None),
        |c, id| c.delete_tag(id),
        req("DELETE", format!("/tags/{enc}"))
    );
    op!(
        ("getSingleSegment", None),
        |c, id| c.get_single_segment(id),
        req("GET", format!("/segments/{enc}"))
    );
    op!(
        ("getSingleNote", None),
        |c, id| c.get_single_note(id),
        req("GET", format!("/notes/{enc}"))
    );
    op!(
        ("getSingleConversation", None),
        |c, id| c.get_single_conversation(id),
        req("GET", format!("/conversations/{enc}"))
    );
    op!(
        ("replyToUserComment", Some("user_id")),
        |c, id| c.reply_to_user_comment(id, "Thanks!", "25", ConversationUserIdType::UserId),
        req("POST", format!("/conversations/{enc}/reply")).body(json!({
            "type": "user",
            "message_type": "comment",
            "body": "Thanks!",
            "user_id": "25"
        }))
    );
    op!(
        ("replyToAdminComment", None),
        |c, id| c.reply_to_admin_comment(id, "394051", "On it."),
        req("POST", format!("/conversations/{enc}/reply")).body(json!({
            "type": "admin",
            "message_type": "comment",
            "admin_id": "394051",
            "body": "On it."
        }))
    );
    op!(
        ("markConversationAsRead", None),
        |c, id| c.mark_conversation_as_read(id),
        req("PUT", format!("/conversations/{enc}")).body(json!({"read": true}))
    );
    op!(
        ("closeConversation", None),
        |c, id| c.close_conversation(id, "394051"),
        req("POST", format!("/conversations/{enc}/reply")).body(json!({
            "type": "admin",
            "message_type": "close",
            "admin_id": "394051"
        }))
    );
    op!(
        ("getSingleVisitor", Some("intercom_id")),
        |c, id| c.get_single_visitor(id, IdTypeWithoutEmail::IntercomId),
        req("GET", format!("/visitors/{enc}"))
    );
    op!(
        ("deleteVisitor", None),
        |c, id| c.delete_visitor(id),
        req("DELETE", format!("/visitors/{enc}"))
    );
    op!(
        ("getSingleSubscription", None),
        |c, id| c.get_single_subscription(id),
        req("GET", format!("/subscriptions/{enc}"))
    );
    op!(
        ("getErrorFeed", None),
        |c, id| c.get_error_feed(id),
        req("GET", format!("/subscriptions/{enc}/error"))
    );
    op!(
        ("getSentFeed", None),
        |c, id| c.get_sent_feed(id),
        req("GET", format!("/subscriptions/{enc}/sent"))
    );
    op!(
        ("pingSubscription", None),
        |c, id| c.ping_subscription(id),
        req("POST", format!("/subscriptions/{enc}/ping"))
    );
    op!(
        ("updateEventWebhookSubscription", None),
        |c, id| c.update_event_webhook_subscription(
            ["placed-order"],
            "https://example.com/hooks/events",
            id
        ),
        req("POST", format!("/subscriptions/{enc}")).body(json!({
            "url": "https://example.com/hooks/events",
            "topics": ["event.created"],
            "metadata": {"event_names": ["placed-order"]}
        }))
    );
    op!(
        ("getSingleBulkJob", None),
        |c, id| c.get_single_bulk_job(id),
        req("GET", format!("/jobs/{enc}"))
    );
    v
}

/// Every path operation with every awkward id: the raw path stays on the endpoint.
pub fn awkward_id_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (id, enc) in AWKWARD_IDS {
        for (cover, call, expected) in path_id_ops(id, enc) {
            cases.push(case(cover, call, expected).note(format!("id {id:?}")));
        }
    }
    cases
}

/// Every path operation with `""`, `.` and `..`: refused, nothing sent.
pub fn refused_id_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for id in REFUSED_IDS {
        for (cover, call, _) in path_id_ops(id, "") {
            cases.push(refused(cover, call).note(format!("id {id:?}")));
        }
    }
    cases
}

/// Ids in query strings are encoded too: they cannot add or change parameters.
pub fn query_id_cases() -> Vec<Case> {
    let awkward = "a&b=c#d e+f/é";
    let mut cases = Vec::new();
    let id = awkward.to_owned();
    cases.push(case(
        ("getSingleUser", Some("user_id")),
        call!(|c| c.get_single_user(id, IdType::UserId)),
        req("GET", "/users").q("user_id", awkward),
    ));
    let id = awkward.to_owned();
    cases.push(case(
        ("deleteLead", Some("user_id")),
        call!(|c| c.delete_lead(id, IdType::UserId)),
        req("DELETE", "/contacts").q("user_id", awkward),
    ));
    let id = awkward.to_owned();
    cases.push(case(
        ("getUserNotes", Some("intercom_id")),
        call!(|c| c.get_user_notes(id, IdType::IntercomId)),
        req("GET", "/notes").q("id", awkward),
    ));
    let id = awkward.to_owned();
    cases.push(case(
        ("getSingleCompany", None),
        call!(|c| c.get_single_company(id)),
        req("GET", "/companies").q("company_id", awkward),
    ));
    cases
}
