//! Extra cases for the rules of `decisions.md` that the per-operation cases do not exhaust.

use intercom_sdk::{IdType, Timestamp};
use serde_json::json;
use wiremock::ResponseTemplate;

use crate::harness::{Case, call, case, req};
use crate::operations::{T, UID};

/// Numbers keep every digit; whole numbers go out as integers.
pub fn number_cases() -> Vec<Case> {
    let mut v = Vec::new();
    for (spend, expected) in [
        (12.5, json!(12.5)),
        (3.0, json!(3)),
        (0.1, json!(0.1)),
        (99_999.99, json!(99_999.99)),
        (123_456_789.125, json!(123_456_789.125)),
        (-7.25, json!(-7.25)),
    ] {
        v.push(
            case(
                ("createCompany", None),
                call!(|c| c.create_company("acme-1").monthly_spend(spend)),
                req("POST", "/companies")
                    .body(json!({"company_id": "acme-1", "monthly_spend": expected})),
            )
            .note(format!("monthly_spend {spend}")),
        );
    }
    v.push(
        case(
            ("createCompany", None),
            call!(|c| c.create_company("acme-1").monthly_spend(3)),
            req("POST", "/companies").body(json!({"company_id": "acme-1", "monthly_spend": 3})),
        )
        .note("monthly_spend from an integer"),
    );
    v.push(
        case(
            ("updateCompany", None),
            call!(|c| c.update_company("acme-1").monthly_spend(12.5)),
            req("POST", "/companies").body(json!({"company_id": "acme-1", "monthly_spend": 12.5})),
        )
        .note("monthly_spend 12.5"),
    );
    v.push(
        case(
            ("getUsers", None),
            call!(|c| c.get_users().page(2).per_page(50).created_since(30)),
            req("GET", "/users")
                .q("page", "2")
                .q("per_page", "50")
                .q("created_since", "30"),
        )
        .note("whole numbers in the query: no `.0`"),
    );
    v
}

/// Datepicker: every input form goes out as the same integer seconds.
pub fn datepicker_cases() -> Vec<Case> {
    let mut v = Vec::new();
    let inputs: Vec<(&str, Timestamp)> = vec![
        ("i64", Timestamp::from(T)),
        ("text seconds", "1500000000".parse().expect("seconds")),
        (
            "RFC 3339 Z",
            "2017-07-14T02:40:00Z".parse().expect("rfc3339"),
        ),
        (
            "RFC 3339 +02:00",
            "2017-07-14T04:40:00+02:00".parse().expect("rfc3339"),
        ),
        (
            "RFC 3339 -05:00",
            "2017-07-13T21:40:00-05:00".parse().expect("rfc3339"),
        ),
        (
            "RFC 3339 with fraction",
            "2017-07-14T02:40:00.999999Z".parse().expect("rfc3339"),
        ),
        (
            "SystemTime with nanoseconds",
            Timestamp::from(
                std::time::UNIX_EPOCH + std::time::Duration::new(1_500_000_000, 900_000_000),
            ),
        ),
    ];
    for (form, ts) in inputs {
        v.push(
            case(
                ("submitEvent", None),
                call!(|c| c.submit_event("invited-friend", "25", ts)),
                req("POST", "/events").body(json!({
                    "event_name": "invited-friend",
                    "user_id": "25",
                    "created_at": T
                })),
            )
            .reply(ResponseTemplate::new(202))
            .note(format!("created_at from {form}")),
        );
        v.push(
            case(
                ("updateUserById", None),
                call!(|c| c.update_user_by_id("25").last_request_at(ts)),
                req("POST", "/users").body(json!({"user_id": "25", "last_request_at": T})),
            )
            .note(format!("last_request_at from {form}")),
        );
        v.push(
            case(
                ("updateVisitor", None),
                call!(|c| c.update_visitor("visitor-1").last_request_at(ts)),
                req("PUT", "/visitors").body(json!({"user_id": "visitor-1", "last_request_at": T})),
            )
            .note(format!("last_request_at from {form}")),
        );
    }
    v.push(
        case(
            ("createUserByEmail", None),
            call!(|c| c
                .create_user_by_email("ada@example.com")
                .last_request_at(std::time::UNIX_EPOCH)),
            req("POST", "/users").body(json!({"email": "ada@example.com", "last_request_at": 0})),
        )
        .note("the epoch is 0, not omitted"),
    );
    v
}

/// Optional fields given as empty strings are omitted, never sent as `""` or `null`.
pub fn empty_optional_cases() -> Vec<Case> {
    vec![
        case(
            ("createNote", Some("user_id")),
            call!(|c| c
                .create_note("25", IdType::UserId, "Prefers email.")
                .admin_id("")),
            req("POST", "/notes")
                .body(json!({"user": {"user_id": "25"}, "body": "Prefers email."})),
        )
        .note("admin_id \"\" omitted"),
        case(
            ("convertLeadToUser", Some("intercom_id")),
            call!(|c| c
                .convert_lead_to_user("5811f3a2b0b5dba0b0c3e3a1", IdType::IntercomId)
                .user_id("")),
            req("POST", "/contacts/convert")
                .body(json!({"contact": {"id": "5811f3a2b0b5dba0b0c3e3a1"}})),
        )
        .note("user_id \"\": no `user` object"),
        case(
            ("convertVisitorToLead", Some("user_id")),
            call!(|c| c
                .convert_visitor_to_lead("visitor-1", IdType::UserId)
                .lead_id("")),
            req("POST", "/visitors/convert")
                .body(json!({"visitor": {"user_id": "visitor-1"}, "type": "lead"})),
        )
        .note("lead_id \"\": no `contact` object"),
        case(
            ("scrollUsers", None),
            call!(|c| c.scroll_users().scroll_param("")),
            req("GET", "/users/scroll"),
        )
        .note("scroll_param \"\" omitted from the query"),
        case(
            ("createUserByEmail", None),
            call!(|c| c
                .create_user_by_email("ada@example.com")
                .name("")
                .phone("")
                .user_id("")),
            req("POST", "/users").body(json!({"email": "ada@example.com"})),
        )
        .note("name/phone/user_id \"\" omitted"),
        case(
            ("createSubscription", None),
            call!(|c| c
                .create_subscription("https://example.com/hooks/intercom", ["user.created"])
                .hub_secret("")
                .service_type("")),
            req("POST", "/subscriptions").body(json!({
                "url": "https://example.com/hooks/intercom",
                "topics": ["user.created"]
            })),
        )
        .note("hub_secret/service_type \"\" omitted"),
        case(
            ("createAdminMessage", Some("intercom_id")),
            call!(|c| c
                .create_admin_message(
                    "394051",
                    intercom_sdk::ReceiverType::User,
                    UID,
                    IdType::IntercomId,
                    intercom_sdk::MessageType::Inapp,
                    "Hi"
                )
                .subject("")),
            req("POST", "/messages").body(json!({
                "message_type": "inapp",
                "body": "Hi",
                "from": {"type": "admin", "id": "394051"},
                "to": {"type": "user", "id": UID}
            })),
        )
        .note("subject \"\" omitted"),
    ]
}

/// Optional lists given empty are omitted (the connector drops empty values too).
pub fn empty_list_cases() -> Vec<Case> {
    vec![
        case(
            ("replyToAdminComment", None),
            call!(|c| c
                .reply_to_admin_comment("147", "394051", "On it.")
                .attachment_urls(Vec::<String>::new())),
            req("POST", "/conversations/147/reply").body(json!({
                "type": "admin",
                "message_type": "comment",
                "admin_id": "394051",
                "body": "On it."
            })),
        )
        .note("attachment_urls [] omitted"),
        case(
            ("updateLead", None),
            call!(|c| c
                .update_lead("lead-77")
                .tags(Vec::<String>::new())
                .segments(Vec::<String>::new())
                .companies(Vec::<serde_json::Value>::new())),
            req("POST", "/contacts").body(json!({"user_id": "lead-77"})),
        )
        .note("tags/segments/companies [] omitted"),
    ]
}

/// Empty 2xx bodies are success.
pub fn empty_body_cases() -> Vec<Case> {
    let mut v = Vec::new();
    for status in [200, 202, 204] {
        v.push(
            case(
                ("submitEvent", None),
                call!(|c| c.submit_event("invited-friend", "25", T)),
                req("POST", "/events").body(json!({
                    "event_name": "invited-friend",
                    "user_id": "25",
                    "created_at": T
                })),
            )
            .reply(ResponseTemplate::new(status))
            .note(format!("{status}, empty body")),
        );
        v.push(
            case(
                ("deleteTag", None),
                call!(|c| c.delete_tag("17513")),
                req("DELETE", "/tags/17513"),
            )
            .reply(ResponseTemplate::new(status))
            .note(format!("{status}, empty body")),
        );
        v.push(
            case(
                ("pingSubscription", None),
                call!(|c| c.ping_subscription("nsub_123456789")),
                req("POST", "/subscriptions/nsub_123456789/ping"),
            )
            .reply(ResponseTemplate::new(status))
            .note(format!("{status}, empty body")),
        );
    }
    v
}
