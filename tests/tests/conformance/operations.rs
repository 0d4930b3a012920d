//! One or more cases per operation (all 82), every route-picking Select value, every optional
//! field set at least once. Expected requests are written by hand from
//! `docs/reference/endpoint-map.md` and `decisions.md`.

use intercom_sdk::{
    ConversationUserIdType, CountType, IdType, IdTypeWithoutEmail, MessageTemplate, MessageType,
    Order, ReceiverType, Timestamp, UserSort,
};
use serde_json::json;
use wiremock::ResponseTemplate;

use crate::harness::{Case, Outcome, call, case, obj, objs, refused, req};

/// An Intercom user id.
pub const UID: &str = "5714dd359a3fd47136000001";
/// 2017-07-14T02:40:00Z.
pub const T: i64 = 1_500_000_000;

fn rfc3339(text: &str) -> Timestamp {
    text.parse().expect("RFC 3339")
}

fn system_time(seconds: u64) -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds)
}

/// The body of a user upsert with every optional field set.
fn full_user_body() -> serde_json::Value {
    json!({
        "email": "ada@example.com",
        "user_id": "25",
        "phone": "+44 20 7946 0958",
        "name": "Ada Lovelace",
        "last_seen_ip": "203.0.113.7",
        "custom_attributes": {"plan": "pro", "seats": 3},
        "last_seen_user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
        "companies": [{"company_id": "acme-1", "name": "Acme"}],
        "last_request_at": T,
        "update_last_request_at": true,
        "new_session": false
    })
}

fn custom() -> serde_json::Map<String, serde_json::Value> {
    obj(json!({"plan": "pro", "seats": 3}))
}

fn companies() -> Vec<serde_json::Map<String, serde_json::Value>> {
    objs(json!([{"company_id": "acme-1", "name": "Acme"}]))
}

/// A `user.list` answer holding exactly one user.
pub fn one_user_list() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "type": "user.list",
        "users": [{"type": "user", "id": UID, "email": "ada+test@example.com"}]
    }))
}

/// A `contact.list` answer holding exactly one lead.
pub fn one_lead_list() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "type": "contact.list",
        "contacts": [{"type": "contact", "id": "5811f3a2b0b5dba0b0c3e3a1", "email": "lead@example.com"}]
    }))
}

/// The lead body with every optional field set.
fn full_lead_body(user_id: &str) -> serde_json::Value {
    json!({
        "user_id": user_id,
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "phone": "+1 555 0100",
        "avatar": {"type": "avatar", "image_url": "https://example.com/grace.png"},
        "user_agent_data": "Mozilla/5.0 (Macintosh)",
        "last_seen_ip": "198.51.100.4",
        "companies": [{"company_id": "acme-1", "name": "Acme"}],
        "social_profiles": [{"name": "Twitter", "username": "grace"}],
        "segments": {"type": "segment.list", "segments": [{"id": "seg-1"}, {"id": "seg-2"}]},
        "tags": {"type": "tag.list", "tags": [{"id": "tag-1"}]},
        "custom_attributes": {"plan": "pro", "seats": 3},
        "location_data": {"city_name": "Arlington", "country_code": "USA"}
    })
}

fn minimal(case: Case) -> Case {
    case.minimal()
}

#[allow(clippy::too_many_lines)]
pub fn cases() -> Vec<Case> {
    let mut v = Vec::new();

    // ── oauth ──────────────────────────────────────────────────────────────────────────────
    v.push(
        case(
            ("getAccessToken", None),
            call!(|c| c.get_access_token("client-1", "s3cret", "code-xyz")),
            req("POST", "/auth/eagle/token")
                .body(
                    json!({"client_id": "client-1", "client_secret": "s3cret", "code": "code-xyz"}),
                )
                .without_bearer(),
        )
        .note("no bearer token; base URL follows the client's"),
    );

    // ── users ──────────────────────────────────────────────────────────────────────────────
    v.push(
        case(
            ("createUserByEmail", None),
            call!(|c| c.create_user_by_email("ada@example.com")),
            req("POST", "/users").body(json!({"email": "ada@example.com"})),
        )
        .note("only the required field")
        .minimal(),
    );
    v.push(
        case(
            ("createUserByEmail", None),
            call!(|c| c
                .create_user_by_email("ada@example.com")
                .user_id("25")
                .phone("+44 20 7946 0958")
                .name("Ada Lovelace")
                .last_seen_ip("203.0.113.7")
                .custom_attributes(custom())
                .last_seen_user_agent("Mozilla/5.0 (X11; Linux x86_64)")
                .companies(companies())
                .last_request_at(T)
                .update_last_request_at(true)
                .new_session(false)),
            req("POST", "/users").body(full_user_body()),
        )
        .note("every optional field; Datepicker from i64"),
    );
    v.push(
        case(
            ("createUserById", None),
            call!(|c| c.create_user_by_id("25")),
            req("POST", "/users").body(json!({"user_id": "25"})),
        )
        .note("only the required field")
        .minimal(),
    );
    v.push(
        case(
            ("createUserById", None),
            call!(|c| c
                .create_user_by_id("25")
                .email("ada@example.com")
                .phone("+44 20 7946 0958")
                .name("Ada Lovelace")
                .last_seen_ip("203.0.113.7")
                .custom_attributes(custom())
                .last_seen_user_agent("Mozilla/5.0 (X11; Linux x86_64)")
                .companies(companies())
                .last_request_at(rfc3339("2017-07-14T04:40:00+02:00"))
                .update_last_request_at(true)
                .new_session(false)),
            req("POST", "/users").body(full_user_body()),
        )
        .note("every optional field; Datepicker from RFC 3339 +02:00"),
    );
    v.push(
        case(
            ("updateUserByEmail", None),
            call!(|c| c.update_user_by_email("ada@example.com")),
            req("POST", "/users").body(json!({"email": "ada@example.com"})),
        )
        .note("only the required field")
        .minimal(),
    );
    v.push(
        case(
            ("updateUserByEmail", None),
            call!(|c| c
                .update_user_by_email("ada@example.com")
                .user_id("25")
                .phone("+44 20 7946 0958")
                .name("Ada Lovelace")
                .last_seen_ip("203.0.113.7")
                .custom_attributes(custom())
                .last_seen_user_agent("Mozilla/5.0 (X11; Linux x86_64)")
                .companies(companies())
                .last_request_at(system_time(1_500_000_000))
                .update_last_request_at(true)
                .new_session(false)),
            req("POST", "/users").body(full_user_body()),
        )
        .note("every optional field; Datepicker from SystemTime"),
    );
    v.push(
        case(
            ("updateUserById", None),
            call!(|c| c.update_user_by_id("25")),
            req("POST", "/users").body(json!({"user_id": "25"})),
        )
        .note("only the required field")
        .minimal(),
    );
    v.push(
        case(
            ("updateUserById", None),
            call!(|c| c
                .update_user_by_id("25")
                .email("ada@example.com")
                .phone("+44 20 7946 0958")
                .name("Ada Lovelace")
                .last_seen_ip("203.0.113.7")
                .custom_attributes(custom())
                .last_seen_user_agent("Mozilla/5.0 (X11; Linux x86_64)")
                .companies(companies())
                .last_request_at(rfc3339("2017-07-13T21:40:00-05:00"))
                .update_last_request_at(true)
                .new_session(false)),
            req("POST", "/users").body(full_user_body()),
        )
        .note("every optional field; Datepicker from RFC 3339 -05:00 (connector sent it raw)"),
    );
    v.push(
        case(
            ("getUsers", None),
            call!(|c| c.get_users()),
            req("GET", "/users"),
        )
        .minimal(),
    );
    v.push(
        case(
            ("getUsers", None),
            call!(|c| c
                .get_users()
                .page(2)
                .per_page(60)
                .order(Order::Desc)
                .sort(UserSort::LastRequestAt)
                .created_since(7)),
            req("GET", "/users")
                .q("page", "2")
                .q("per_page", "60")
                .q("order", "desc")
                .q("sort", "last_request_at")
                .q("created_since", "7"),
        )
        .note("every optional field"),
    );
    v.push(
        case(
            ("getUsers", None),
            call!(|c| c.get_users().order(Order::Asc).sort(UserSort::CreatedAt)),
            req("GET", "/users")
                .q("order", "asc")
                .q("sort", "created_at"),
        )
        .note("order asc, sort created_at"),
    );
    v.push(
        case(
            ("getUsers", None),
            call!(|c| c.get_users().sort(UserSort::SignedUpAt)),
            req("GET", "/users").q("sort", "signed_up_at"),
        )
        .note("sort signed_up_at"),
    );
    v.push(
        case(
            ("getUsers", None),
            call!(|c| c.get_users().sort(UserSort::UpdatedAt)),
            req("GET", "/users").q("sort", "updated_at"),
        )
        .note("sort updated_at"),
    );
    v.push(case(
        ("getUsersByTag", None),
        call!(|c| c.get_users_by_tag("17513")),
        req("GET", "/users").q("tag_id", "17513"),
    ));
    v.push(case(
        ("getUsersBySegment", None),
        call!(|c| c.get_users_by_segment("58a707924f6651b07b94376c")),
        req("GET", "/users").q("segment_id", "58a707924f6651b07b94376c"),
    ));
    v.push(case(
        ("getSingleUser", Some("intercom_id")),
        call!(|c| c.get_single_user(UID, IdType::IntercomId)),
        req("GET", format!("/users/{UID}")),
    ));
    v.push(case(
        ("getSingleUser", Some("user_id")),
        call!(|c| c.get_single_user("25", IdType::UserId)),
        req("GET", "/users").q("user_id", "25"),
    ));
    v.push(
        case(
            ("getSingleUser", Some("email")),
            call!(|c| c.get_single_user("ada+test@example.com", IdType::Email)),
            req("GET", "/users").q("email", "ada+test@example.com"),
        )
        .reply(one_user_list())
        .note("`+` of the email survives the query string"),
    );
    v.push(case(
        ("deleteUser", Some("intercom_id")),
        call!(|c| c.delete_user(UID, IdType::IntercomId)),
        req("DELETE", format!("/users/{UID}")),
    ));
    v.push(case(
        ("deleteUser", Some("user_id")),
        call!(|c| c.delete_user("25", IdType::UserId)),
        req("DELETE", "/users").q("user_id", "25"),
    ));
    v.push(case(
        ("deleteUser", Some("email")),
        call!(|c| c.delete_user("ada+test@example.com", IdType::Email)),
        req("DELETE", "/users").q("email", "ada+test@example.com"),
    ));
    v.push(
        case(
            ("scrollUsers", None),
            call!(|c| c.scroll_users()),
            req("GET", "/users/scroll"),
        )
        .note("first call: no scroll_param")
        .minimal(),
    );
    v.push(case(
        ("scrollUsers", None),
        call!(|c| c.scroll_users().scroll_param("a1b2c3-scroll")),
        req("GET", "/users/scroll").q("scroll_param", "a1b2c3-scroll"),
    ));

    // ── leads ──────────────────────────────────────────────────────────────────────────────
    v.push(
        case(
            ("createLead", None),
            call!(|c| c.create_lead().name("Grace Hopper")),
            req("POST", "/contacts").body(json!({"name": "Grace Hopper"})),
        )
        .note("one optional field"),
    );
    v.push(
        case(
            ("createLead", None),
            call!(|c| c
                .create_lead()
                .user_id("lead-77")
                .name("Grace Hopper")
                .email("grace@example.com")
                .phone("+1 555 0100")
                .avatar_image_url("https://example.com/grace.png")
                .user_agent_data("Mozilla/5.0 (Macintosh)")
                .last_seen_ip("198.51.100.4")
                .companies(companies())
                .social_profiles(objs(json!([{"name": "Twitter", "username": "grace"}])))
                .segments(["seg-1", "seg-2"])
                .tags(["tag-1"])
                .custom_attributes(custom())
                .location_data(obj(
                    json!({"city_name": "Arlington", "country_code": "USA"})
                ))),
            req("POST", "/contacts").body(full_lead_body("lead-77")),
        )
        .note("every optional field"),
    );
    v.push(
        case(
            ("updateLead", None),
            call!(|c| c.update_lead("8a88a590-e1c3-41e2-a502-e0649dbf721c")),
            req("POST", "/contacts")
                .body(json!({"user_id": "8a88a590-e1c3-41e2-a502-e0649dbf721c"})),
        )
        .note("only the required field")
        .minimal(),
    );
    v.push(
        case(
            ("updateLead", None),
            call!(|c| c
                .update_lead("lead-77")
                .name("Grace Hopper")
                .email("grace@example.com")
                .phone("+1 555 0100")
                .avatar_image_url("https://example.com/grace.png")
                .user_agent_data("Mozilla/5.0 (Macintosh)")
                .last_seen_ip("198.51.100.4")
                .companies(companies())
                .social_profiles(objs(json!([{"name": "Twitter", "username": "grace"}])))
                .segments(vec!["seg-1".to_owned(), "seg-2".to_owned()])
                .tags(["tag-1"])
                .custom_attributes(custom())
                .location_data(obj(
                    json!({"city_name": "Arlington", "country_code": "USA"})
                ))),
            req("POST", "/contacts").body(full_lead_body("lead-77")),
        )
        .note("every optional field"),
    );
    v.push(case(
        ("getLeads", None),
        call!(|c| c.get_leads()),
        req("GET", "/contacts"),
    ));
    v.push(case(
        ("getLeadsByEmail", None),
        call!(|c| c.get_leads_by_email("lead+1@example.com")),
        req("GET", "/contacts").q("email", "lead+1@example.com"),
    ));
    v.push(case(
        ("getSingleLead", Some("intercom_id")),
        call!(|c| c.get_single_lead("5811f3a2b0b5dba0b0c3e3a1", IdType::IntercomId)),
        req("GET", "/contacts/5811f3a2b0b5dba0b0c3e3a1"),
    ));
    v.push(case(
        ("getSingleLead", Some("user_id")),
        call!(|c| c.get_single_lead("8a88a590-e1c3-41e2-a502-e0649dbf721c", IdType::UserId)),
        req("GET", "/contacts").q("user_id", "8a88a590-e1c3-41e2-a502-e0649dbf721c"),
    ));
    v.push(
        case(
            ("getSingleLead", Some("email")),
            call!(|c| c.get_single_lead("lead@example.com", IdType::Email)),
            req("GET", "/contacts").q("email", "lead@example.com"),
        )
        .reply(one_lead_list()),
    );
    v.push(case(
        ("deleteLead", Some("intercom_id")),
        call!(|c| c.delete_lead("5811f3a2b0b5dba0b0c3e3a1", IdType::IntercomId)),
        req("DELETE", "/contacts/5811f3a2b0b5dba0b0c3e3a1"),
    ));
    v.push(case(
        ("deleteLead", Some("user_id")),
        call!(|c| c.delete_lead("8a88a590-e1c3-41e2-a502-e0649dbf721c", IdType::UserId)),
        req("DELETE", "/contacts").q("user_id", "8a88a590-e1c3-41e2-a502-e0649dbf721c"),
    ));
    v.push(
        refused(
            ("deleteLead", Some("email")),
            call!(|c| c.delete_lead("lead@example.com", IdType::Email)),
        )
        .note("the API cannot delete a lead by email"),
    );
    v.push(case(
        ("convertLeadToUser", Some("intercom_id")),
        call!(|c| c
            .convert_lead_to_user("5811f3a2b0b5dba0b0c3e3a1", IdType::IntercomId)
            .user_id("25")),
        req("POST", "/contacts/convert").body(json!({
            "contact": {"id": "5811f3a2b0b5dba0b0c3e3a1"},
            "user": {"user_id": "25"}
        })),
    ));
    v.push(case(
        ("convertLeadToUser", Some("user_id")),
        call!(|c| c
            .convert_lead_to_user("8a88a590-e1c3-41e2-a502-e0649dbf721c", IdType::UserId)
            .user_id("25")),
        req("POST", "/contacts/convert").body(json!({
            "contact": {"user_id": "8a88a590-e1c3-41e2-a502-e0649dbf721c"},
            "user": {"user_id": "25"}
        })),
    ));
    v.push(
        case(
            ("convertLeadToUser", Some("email")),
            call!(|c| c.convert_lead_to_user("lead@example.com", IdType::Email)),
            req("POST", "/contacts/convert")
                .body(json!({"contact": {"email": "lead@example.com"}})),
        )
        .note("no userId: no `user` object")
        .minimal(),
    );
    v.push(
        case(
            ("scrollLeads", None),
            call!(|c| c.scroll_leads()),
            req("GET", "/contacts/scroll"),
        )
        .minimal(),
    );
    v.push(case(
        ("scrollLeads", None),
        call!(|c| c.scroll_leads().scroll_param("d4e5f6-scroll")),
        req("GET", "/contacts/scroll").q("scroll_param", "d4e5f6-scroll"),
    ));

    // ── companies ──────────────────────────────────────────────────────────────────────────
    v.push(
        case(
            ("createCompany", None),
            call!(|c| c.create_company("acme-1")),
            req("POST", "/companies").body(json!({"company_id": "acme-1"})),
        )
        .note("only the required field")
        .minimal(),
    );
    v.push(
        case(
            ("createCompany", None),
            call!(|c| c
                .create_company("acme-1")
                .name("Acme")
                .monthly_spend(12.5)
                .plan("enterprise")
                .custom_attributes(custom())),
            req("POST", "/companies").body(json!({
                "company_id": "acme-1",
                "name": "Acme",
                "monthly_spend": 12.5,
                "plan": "enterprise",
                "custom_attributes": {"plan": "pro", "seats": 3}
            })),
        )
        .note("every optional field; 12.5 not truncated"),
    );
    v.push(case(
        ("updateCompany", None),
        call!(|c| c
            .update_company("acme-1")
            .name("Acme Inc.")
            .monthly_spend(3)
            .plan("starter")
            .custom_attributes(custom())),
        req("POST", "/companies").body(json!({
            "company_id": "acme-1",
            "name": "Acme Inc.",
            "monthly_spend": 3,
            "plan": "starter",
            "custom_attributes": {"plan": "pro", "seats": 3}
        })),
    ));
    v.push(
        case(
            ("getCompanies", None),
            call!(|c| c.get_companies()),
            req("GET", "/companies"),
        )
        .minimal(),
    );
    v.push(
        case(
            ("getCompanies", None),
            call!(|c| c.get_companies().page(3).per_page(50).order(Order::Asc)),
            req("GET", "/companies")
                .q("page", "3")
                .q("per_page", "50")
                .q("order", "asc"),
        )
        .note("every optional field"),
    );
    v.push(case(
        ("getCompaniesByTag", None),
        call!(|c| c.get_companies_by_tag("17513")),
        req("GET", "/companies").q("tag_id", "17513"),
    ));
    v.push(case(
        ("getCompaniesBySegment", None),
        call!(|c| c.get_companies_by_segment("58a707924f6651b07b94376d")),
        req("GET", "/companies").q("segment_id", "58a707924f6651b07b94376d"),
    ));
    v.push(case(
        ("getSingleCompany", None),
        call!(|c| c.get_single_company("acme-1")),
        req("GET", "/companies").q("company_id", "acme-1"),
    ));
    v.push(case(
        ("getCompanyUsers", None),
        call!(|c| c.get_company_users("acme-1")),
        req("GET", "/companies")
            .q("company_id", "acme-1")
            .q("type", "user"),
    ));
    v.push(
        case(
            ("scrollCompanies", None),
            call!(|c| c.scroll_companies()),
            req("GET", "/companies/scroll"),
        )
        .minimal(),
    );
    v.push(case(
        ("scrollCompanies", None),
        call!(|c| c.scroll_companies().scroll_param("g7h8-scroll")),
        req("GET", "/companies/scroll").q("scroll_param", "g7h8-scroll"),
    ));

    // ── admins ─────────────────────────────────────────────────────────────────────────────
    v.push(case(
        ("getAdmins", None),
        call!(|c| c.get_admins()),
        req("GET", "/admins"),
    ));
    v.push(case(
        ("getCurrentAdmin", None),
        call!(|c| c.get_current_admin()),
        req("GET", "/me"),
    ));
    v.push(case(
        ("getSingleAdmin", None),
        call!(|c| c.get_single_admin("394051")),
        req("GET", "/admins/394051"),
    ));

    // ── tags ───────────────────────────────────────────────────────────────────────────────
    v.push(case(
        ("createTag", None),
        call!(|c| c.create_tag("Independent")),
        req("POST", "/tags").body(json!({"name": "Independent"})),
    ));
    v.push(case(
        ("updateTag", None),
        call!(|c| c.update_tag("17513", "Independent Rebels")),
        req("POST", "/tags").body(json!({"id": "17513", "name": "Independent Rebels"})),
    ));
    v.push(case(
        ("tagUser", None),
        call!(|c| c.tag_user(
            "Independent",
            objs(json!([{"id": UID}, {"user_id": "25"}, {"email": "ada@example.com"}]))
        )),
        req("POST", "/tags").body(json!({
            "name": "Independent",
            "users": [{"id": UID}, {"user_id": "25"}, {"email": "ada@example.com"}]
        })),
    ));
    v.push(case(
        ("untagUsers", None),
        call!(|c| c.untag_users(
            "Independent",
            objs(json!([{"id": UID}, {"user_id": "25"}, {"email": "ada@example.com"}]))
        )),
        req("POST", "/tags").body(json!({
            "name": "Independent",
            "users": [
                {"id": UID, "untag": true},
                {"user_id": "25", "untag": true},
                {"email": "ada@example.com", "untag": true}
            ]
        })),
    ));
    v.push(case(
        ("tagCompany", None),
        call!(|c| c.tag_company(
            "Enterprise",
            objs(json!([{"id": "531ee472cce572a6ec000006"}, {"company_id": "acme-1"}]))
        )),
        req("POST", "/tags").body(json!({
            "name": "Enterprise",
            "companies": [{"id": "531ee472cce572a6ec000006"}, {"company_id": "acme-1"}]
        })),
    ));
    v.push(case(
        ("untagCompany", None),
        call!(|c| c.untag_company(
            "Enterprise",
            objs(json!([{"id": "531ee472cce572a6ec000006"}, {"company_id": "acme-1"}]))
        )),
        req("POST", "/tags").body(json!({
            "name": "Enterprise",
            "companies": [
                {"id": "531ee472cce572a6ec000006", "untag": true},
                {"company_id": "acme-1", "untag": true}
            ]
        })),
    ));
    v.push(case(
        ("deleteTag", None),
        call!(|c| c.delete_tag("17513")),
        req("DELETE", "/tags/17513"),
    ));
    v.push(case(
        ("getAppTags", None),
        call!(|c| c.get_app_tags()),
        req("GET", "/tags"),
    ));

    // ── segments ───────────────────────────────────────────────────────────────────────────
    v.push(
        case(
            ("getSegments", None),
            call!(|c| c.get_segments()),
            req("GET", "/segments"),
        )
        .note("user segments: no `type`"),
    );
    v.push(case(
        ("getSingleSegment", None),
        call!(|c| c.get_single_segment("58a707924f6651b07b94376c")),
        req("GET", "/segments/58a707924f6651b07b94376c"),
    ));

    // ── notes ──────────────────────────────────────────────────────────────────────────────
    v.push(case(
        ("createNote", Some("intercom_id")),
        call!(|c| c
            .create_note(UID, IdType::IntercomId, "Called about the invoice.")
            .admin_id("394051")),
        req("POST", "/notes").body(json!({
            "user": {"id": UID},
            "body": "Called about the invoice.",
            "admin_id": "394051"
        })),
    ));
    v.push(
        case(
            ("createNote", Some("user_id")),
            call!(|c| c.create_note("25", IdType::UserId, "Prefers email.")),
            req("POST", "/notes")
                .body(json!({"user": {"user_id": "25"}, "body": "Prefers email."})),
        )
        .note("no admin_id")
        .minimal(),
    );
    v.push(case(
        ("createNote", Some("email")),
        call!(|c| c
            .create_note("ada@example.com", IdType::Email, "VIP")
            .admin_id("394051")),
        req("POST", "/notes").body(json!({
            "user": {"email": "ada@example.com"},
            "body": "VIP",
            "admin_id": "394051"
        })),
    ));
    v.push(
        case(
            ("getUserNotes", Some("intercom_id")),
            call!(|c| c.get_user_notes(UID, IdType::IntercomId)),
            req("GET", "/notes").q("id", UID),
        )
        .note("GET /notes?id=, not /notes/{id}"),
    );
    v.push(case(
        ("getUserNotes", Some("user_id")),
        call!(|c| c.get_user_notes("25", IdType::UserId)),
        req("GET", "/notes").q("user_id", "25"),
    ));
    v.push(case(
        ("getUserNotes", Some("email")),
        call!(|c| c.get_user_notes("ada+test@example.com", IdType::Email)),
        req("GET", "/notes").q("email", "ada+test@example.com"),
    ));
    v.push(case(
        ("getSingleNote", None),
        call!(|c| c.get_single_note("17495962")),
        req("GET", "/notes/17495962"),
    ));

    // ── events ─────────────────────────────────────────────────────────────────────────────
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
        .reply(ResponseTemplate::new(202))
        .note("202 with an empty body is success; no metadata")
        .minimal(),
    );
    v.push(
        case(
            ("submitEvent", None),
            call!(|c| c
                .submit_event("placed-order", "25", rfc3339("2017-07-14T02:40:00.750Z"))
                .metadata(obj(json!({
                    "order_date": 1_392_036_272,
                    "stripe_invoice": "inv_3434343434",
                    "price": {"amount": 34999, "currency": "eur"}
                })))),
            req("POST", "/events").body(json!({
                "event_name": "placed-order",
                "user_id": "25",
                "created_at": T,
                "metadata": {
                    "order_date": 1_392_036_272,
                    "stripe_invoice": "inv_3434343434",
                    "price": {"amount": 34999, "currency": "eur"}
                }
            })),
        )
        .reply(ResponseTemplate::new(202))
        .note("metadata; fractional RFC 3339 seconds sent as integer seconds"),
    );
    v.push(case(
        ("getUserEvents", None),
        call!(|c| c.get_user_events("25")),
        req("GET", "/events").q("type", "user").q("user_id", "25"),
    ));
    v.push(case(
        ("getUserEventsSummaries", None),
        call!(|c| c.get_user_events_summaries("25")),
        req("GET", "/events")
            .q("type", "user")
            .q("user_id", "25")
            .q("summary", "true"),
    ));

    // ── counts ─────────────────────────────────────────────────────────────────────────────
    v.push(
        case(
            ("getAppTotalCounts", None),
            call!(|c| c.get_app_total_counts()),
            req("GET", "/counts"),
        )
        .note("no type: count.hash")
        .minimal(),
    );
    v.push(case(
        ("getAppTotalCounts", None),
        call!(|c| c.get_app_total_counts().r#type(CountType::User)),
        req("GET", "/counts").q("type", "user"),
    ));
    v.push(case(
        ("getAppTotalCounts", None),
        call!(|c| c.get_app_total_counts().r#type(CountType::Company)),
        req("GET", "/counts").q("type", "company"),
    ));
    v.push(case(
        ("getAppTotalCounts", None),
        call!(|c| c.get_app_total_counts().r#type(CountType::Conversation)),
        req("GET", "/counts").q("type", "conversation"),
    ));
    v.push(case(
        ("getAppConversationCount", None),
        call!(|c| c.get_app_conversation_count()),
        req("GET", "/counts").q("type", "conversation"),
    ));
    v.push(case(
        ("getAdminConversationsCount", None),
        call!(|c| c.get_admin_conversations_count()),
        req("GET", "/counts")
            .q("type", "conversation")
            .q("count", "admin"),
    ));
    v.push(case(
        ("getUserSegmensCount", None),
        call!(|c| c.get_user_segments_count()),
        req("GET", "/counts")
            .q("type", "user")
            .q("count", "segment"),
    ));
    v.push(case(
        ("getUserTagsCount", None),
        call!(|c| c.get_user_tags_count()),
        req("GET", "/counts").q("type", "user").q("count", "tag"),
    ));
    v.push(case(
        ("getCompanySegmentsCount", None),
        call!(|c| c.get_company_segments_count()),
        req("GET", "/counts")
            .q("type", "company")
            .q("count", "segment"),
    ));
    v.push(case(
        ("getCompanyTagsCount", None),
        call!(|c| c.get_company_tags_count()),
        req("GET", "/counts").q("type", "company").q("count", "tag"),
    ));
    v.push(case(
        ("getCompanyUsersCount", None),
        call!(|c| c.get_company_users_count()),
        req("GET", "/counts")
            .q("type", "company")
            .q("count", "user"),
    ));

    // ── messages ───────────────────────────────────────────────────────────────────────────
    v.push(
        case(
            ("createAdminMessage", Some("intercom_id")),
            call!(|c| c.create_admin_message(
                "394051",
                ReceiverType::Contact,
                "5811f3a2b0b5dba0b0c3e3a1",
                IdType::IntercomId,
                MessageType::Inapp,
                "Hey there"
            )),
            req("POST", "/messages").body(json!({
                "message_type": "inapp",
                "body": "Hey there",
                "from": {"type": "admin", "id": "394051"},
                "to": {"type": "contact", "id": "5811f3a2b0b5dba0b0c3e3a1"}
            })),
        )
        .note("in-app to a contact, no subject/template")
        .minimal(),
    );
    v.push(
        case(
            ("createAdminMessage", Some("user_id")),
            call!(|c| c
                .create_admin_message(
                    "394051",
                    ReceiverType::User,
                    "25",
                    IdType::UserId,
                    MessageType::Email,
                    "Your invoice is ready."
                )
                .subject("Invoice")
                .template(MessageTemplate::Plain)),
            req("POST", "/messages").body(json!({
                "message_type": "email",
                "subject": "Invoice",
                "body": "Your invoice is ready.",
                "template": "plain",
                "from": {"type": "admin", "id": "394051"},
                "to": {"type": "user", "user_id": "25"}
            })),
        )
        .note("email with subject, template plain"),
    );
    v.push(
        case(
            ("createAdminMessage", Some("email")),
            call!(|c| c
                .create_admin_message(
                    "394051",
                    ReceiverType::User,
                    "ada@example.com",
                    IdType::Email,
                    MessageType::Email,
                    "Welcome aboard!"
                )
                .subject("Welcome")
                .template(MessageTemplate::Personal)),
            req("POST", "/messages").body(json!({
                "message_type": "email",
                "subject": "Welcome",
                "body": "Welcome aboard!",
                "template": "personal",
                "from": {"type": "admin", "id": "394051"},
                "to": {"type": "user", "email": "ada@example.com"}
            })),
        )
        .note("template personal"),
    );
    v.push(case(
        ("createUserMessage", Some("intercom_id")),
        call!(|c| c.create_user_message(UID, IdType::IntercomId, "Help!")),
        req("POST", "/messages").body(json!({
            "from": {"type": "user", "id": UID},
            "body": "Help!"
        })),
    ));
    v.push(case(
        ("createUserMessage", Some("user_id")),
        call!(|c| c.create_user_message("25", IdType::UserId, "Help!")),
        req("POST", "/messages").body(json!({
            "from": {"type": "user", "user_id": "25"},
            "body": "Help!"
        })),
    ));
    v.push(case(
        ("createUserMessage", Some("email")),
        call!(|c| c.create_user_message("ada@example.com", IdType::Email, "Help!")),
        req("POST", "/messages").body(json!({
            "from": {"type": "user", "email": "ada@example.com"},
            "body": "Help!"
        })),
    ));
    v.push(case(
        ("createContactMessage", Some("intercom_id")),
        call!(|c| c.create_contact_message(
            "5811f3a2b0b5dba0b0c3e3a1",
            IdTypeWithoutEmail::IntercomId,
            "Is anyone there?"
        )),
        req("POST", "/messages").body(json!({
            "from": {"type": "contact", "id": "5811f3a2b0b5dba0b0c3e3a1"},
            "body": "Is anyone there?"
        })),
    ));
    v.push(case(
        ("createContactMessage", Some("user_id")),
        call!(|c| c.create_contact_message(
            "8a88a590-e1c3-41e2-a502-e0649dbf721c",
            IdTypeWithoutEmail::UserId,
            "Is anyone there?"
        )),
        req("POST", "/messages").body(json!({
            "from": {"type": "contact", "user_id": "8a88a590-e1c3-41e2-a502-e0649dbf721c"},
            "body": "Is anyone there?"
        })),
    ));

    // ── conversations ──────────────────────────────────────────────────────────────────────
    v.push(case(
        ("getConversations", None),
        call!(|c| c.get_conversations()),
        req("GET", "/conversations"),
    ));
    v.push(
        case(
            ("getSingleAdminConversations", None),
            call!(|c| c.get_single_admin_conversations("394051")),
            req("GET", "/conversations")
                .q("type", "admin")
                .q("admin_id", "394051"),
        )
        .note("open omitted")
        .minimal(),
    );
    v.push(
        case(
            ("getSingleAdminConversations", None),
            call!(|c| c.get_single_admin_conversations("394051").open(true)),
            req("GET", "/conversations")
                .q("type", "admin")
                .q("admin_id", "394051")
                .q("open", "true"),
        )
        .note("open=true"),
    );
    v.push(
        case(
            ("getSingleAdminConversations", None),
            call!(|c| c.get_single_admin_conversations("394051").open(false)),
            req("GET", "/conversations")
                .q("type", "admin")
                .q("admin_id", "394051")
                .q("open", "false"),
        )
        .note("open=false"),
    );
    v.push(case(
        ("getSingleUserConversations", Some("intercom_user_id")),
        call!(|c| c.get_single_user_conversations(UID, ConversationUserIdType::IntercomUserId)),
        req("GET", "/conversations")
            .q("type", "user")
            .q("intercom_user_id", UID),
    ));
    v.push(case(
        ("getSingleUserConversations", Some("user_id")),
        call!(|c| c.get_single_user_conversations("25", ConversationUserIdType::UserId)),
        req("GET", "/conversations")
            .q("type", "user")
            .q("user_id", "25"),
    ));
    v.push(case(
        ("getSingleUserConversations", Some("email")),
        call!(|c| c
            .get_single_user_conversations("ada+test@example.com", ConversationUserIdType::Email)),
        req("GET", "/conversations")
            .q("type", "user")
            .q("email", "ada+test@example.com"),
    ));
    v.push(case(
        ("getSingleConversation", None),
        call!(|c| c.get_single_conversation("147")),
        req("GET", "/conversations/147"),
    ));
    v.push(
        case(
            ("replyToUserComment", Some("intercom_user_id")),
            call!(|c| c
                .reply_to_user_comment(
                    "147",
                    "Thanks, that worked.",
                    UID,
                    ConversationUserIdType::IntercomUserId
                )
                .attachment_urls(["https://example.com/screenshot.png"])),
            req("POST", "/conversations/147/reply").body(json!({
                "type": "user",
                "message_type": "comment",
                "body": "Thanks, that worked.",
                "intercom_user_id": UID,
                "attachment_urls": ["https://example.com/screenshot.png"]
            })),
        )
        .note("with attachment_urls"),
    );
    v.push(minimal(case(
        ("replyToUserComment", Some("user_id")),
        call!(|c| c.reply_to_user_comment("147", "Thanks!", "25", ConversationUserIdType::UserId)),
        req("POST", "/conversations/147/reply").body(json!({
            "type": "user",
            "message_type": "comment",
            "body": "Thanks!",
            "user_id": "25"
        })),
    )));
    v.push(case(
        ("replyToUserComment", Some("email")),
        call!(|c| c.reply_to_user_comment(
            "147",
            "Thanks!",
            "ada@example.com",
            ConversationUserIdType::Email
        )),
        req("POST", "/conversations/147/reply").body(json!({
            "type": "user",
            "message_type": "comment",
            "body": "Thanks!",
            "email": "ada@example.com"
        })),
    ));
    v.push(minimal(case(
        ("replyToAdminComment", None),
        call!(|c| c.reply_to_admin_comment("147", "394051", "We are on it.")),
        req("POST", "/conversations/147/reply").body(json!({
            "type": "admin",
            "message_type": "comment",
            "admin_id": "394051",
            "body": "We are on it."
        })),
    )));
    v.push(
        case(
            ("replyToAdminComment", None),
            call!(|c| c
                .reply_to_admin_comment("147", "394051", "See attached.")
                .attachment_urls(vec![
                    "https://example.com/a.pdf",
                    "https://example.com/b.pdf"
                ])),
            req("POST", "/conversations/147/reply").body(json!({
                "type": "admin",
                "message_type": "comment",
                "admin_id": "394051",
                "body": "See attached.",
                "attachment_urls": ["https://example.com/a.pdf", "https://example.com/b.pdf"]
            })),
        )
        .note("with attachment_urls"),
    );
    v.push(minimal(case(
        ("replyToUsersLastConversation", None),
        call!(|c| c.reply_to_users_last_conversation(UID, "394051", "Following up.")),
        req("POST", "/conversations/last/reply").body(json!({
            "type": "admin",
            "message_type": "comment",
            "intercom_user_id": UID,
            "admin_id": "394051",
            "body": "Following up."
        })),
    )));
    v.push(
        case(
            ("replyToUsersLastConversation", None),
            call!(|c| c
                .reply_to_users_last_conversation(UID, "394051", "Here it is.")
                .attachment_urls(["https://example.com/c.png"])),
            req("POST", "/conversations/last/reply").body(json!({
                "type": "admin",
                "message_type": "comment",
                "intercom_user_id": UID,
                "admin_id": "394051",
                "body": "Here it is.",
                "attachment_urls": ["https://example.com/c.png"]
            })),
        )
        .note("with attachment_urls"),
    );
    v.push(case(
        ("markConversationAsRead", None),
        call!(|c| c.mark_conversation_as_read("147")),
        req("PUT", "/conversations/147").body(json!({"read": true})),
    ));
    v.push(case(
        ("closeConversation", None),
        call!(|c| c.close_conversation("147", "394051")),
        req("POST", "/conversations/147/reply").body(json!({
            "type": "admin",
            "message_type": "close",
            "admin_id": "394051"
        })),
    ));

    // ── visitors ───────────────────────────────────────────────────────────────────────────
    v.push(case(
        ("getSingleVisitor", Some("intercom_id")),
        call!(|c| c.get_single_visitor("530370b477ad7120001d", IdTypeWithoutEmail::IntercomId)),
        req("GET", "/visitors/530370b477ad7120001d"),
    ));
    v.push(case(
        ("getSingleVisitor", Some("user_id")),
        call!(|c| c.get_single_visitor(
            "8a88a590-e1c3-41e2-a502-e0649dbf721c",
            IdTypeWithoutEmail::UserId
        )),
        req("GET", "/visitors").q("user_id", "8a88a590-e1c3-41e2-a502-e0649dbf721c"),
    ));
    v.push(
        case(
            ("updateVisitor", None),
            call!(|c| c.update_visitor("8a88a590-e1c3-41e2-a502-e0649dbf721c")),
            req("PUT", "/visitors")
                .body(json!({"user_id": "8a88a590-e1c3-41e2-a502-e0649dbf721c"})),
        )
        .note("only the required field")
        .minimal(),
    );
    v.push(
        case(
            ("updateVisitor", None),
            call!(|c| c
                .update_visitor("8a88a590-e1c3-41e2-a502-e0649dbf721c")
                .name("Visitor 42")
                .custom_attributes(custom())
                .last_request_at(rfc3339("2017-07-14T08:10:00+05:30"))
                .avatar_image_url("https://example.com/v.png")
                .unsubscribed_from_emails(true)
                .location_data(obj(json!({"city_name": "Dublin", "country_code": "IRL"})))
                .user_agent_data("Mozilla/5.0 (Windows NT 10.0)")
                .last_seen_ip("192.0.2.1")
                .social_profiles(objs(json!([{"name": "GitHub", "username": "v42"}])))
                .segments(["seg-9"])
                .tags(["tag-3", "tag-4"])),
            req("PUT", "/visitors").body(json!({
                "user_id": "8a88a590-e1c3-41e2-a502-e0649dbf721c",
                "name": "Visitor 42",
                "custom_attributes": {"plan": "pro", "seats": 3},
                "last_request_at": T,
                "avatar": {"type": "avatar", "image_url": "https://example.com/v.png"},
                "unsubscribed_from_emails": true,
                "location_data": {"city_name": "Dublin", "country_code": "IRL"},
                "user_agent_data": "Mozilla/5.0 (Windows NT 10.0)",
                "last_seen_ip": "192.0.2.1",
                "social_profiles": [{"name": "GitHub", "username": "v42"}],
                "segments": {"type": "segment.list", "segments": [{"id": "seg-9"}]},
                "tags": {"type": "tag.list", "tags": [{"id": "tag-3"}, {"id": "tag-4"}]}
            })),
        )
        .note("every optional field; Datepicker from RFC 3339 +05:30"),
    );
    v.push(case(
        ("deleteVisitor", None),
        call!(|c| c.delete_visitor("530370b477ad7120001d")),
        req("DELETE", "/visitors/530370b477ad7120001d"),
    ));
    v.push(case(
        ("convertVisitorToLead", Some("intercom_id")),
        call!(|c| c
            .convert_visitor_to_lead("530370b477ad7120001d", IdType::IntercomId)
            .lead_id("lead-77")),
        req("POST", "/visitors/convert").body(json!({
            "visitor": {"id": "530370b477ad7120001d"},
            "contact": {"user_id": "lead-77"},
            "type": "lead"
        })),
    ));
    v.push(
        case(
            ("convertVisitorToLead", Some("user_id")),
            call!(|c| c
                .convert_visitor_to_lead("8a88a590-e1c3-41e2-a502-e0649dbf721c", IdType::UserId)),
            req("POST", "/visitors/convert").body(json!({
                "visitor": {"user_id": "8a88a590-e1c3-41e2-a502-e0649dbf721c"},
                "type": "lead"
            })),
        )
        .note("no leadId: no `contact` object")
        .minimal(),
    );
    v.push(case(
        ("convertVisitorToLead", Some("email")),
        call!(|c| c
            .convert_visitor_to_lead("visitor@example.com", IdType::Email)
            .lead_id("lead-78")),
        req("POST", "/visitors/convert").body(json!({
            "visitor": {"email": "visitor@example.com"},
            "contact": {"user_id": "lead-78"},
            "type": "lead"
        })),
    ));

    // ── subscriptions ──────────────────────────────────────────────────────────────────────
    v.push(minimal(case(
        ("createSubscription", None),
        call!(|c| c.create_subscription(
            "https://example.com/hooks/intercom",
            ["user.created", "conversation.user.replied"]
        )),
        req("POST", "/subscriptions").body(json!({
            "url": "https://example.com/hooks/intercom",
            "topics": ["user.created", "conversation.user.replied"]
        })),
    )));
    v.push(
        case(
            ("createSubscription", None),
            call!(|c| c
                .create_subscription("https://example.com/hooks/intercom", ["user.created"])
                .service_type("web")
                .hub_secret("hub-s3cret")),
            req("POST", "/subscriptions").body(json!({
                "url": "https://example.com/hooks/intercom",
                "topics": ["user.created"],
                "service_type": "web",
                "hub_secret": "hub-s3cret"
            })),
        )
        .note("every optional field"),
    );
    v.push(case(
        ("getSingleSubscription", None),
        call!(|c| c.get_single_subscription("nsub_123456789")),
        req("GET", "/subscriptions/nsub_123456789"),
    ));
    v.push(case(
        ("getSubscriptions", None),
        call!(|c| c.get_subscriptions()),
        req("GET", "/subscriptions"),
    ));
    v.push(case(
        ("getErrorFeed", None),
        call!(|c| c.get_error_feed("nsub_123456789")),
        req("GET", "/subscriptions/nsub_123456789/error"),
    ));
    v.push(case(
        ("getSentFeed", None),
        call!(|c| c.get_sent_feed("nsub_123456789")),
        req("GET", "/subscriptions/nsub_123456789/sent"),
    ));
    v.push(case(
        ("pingSubscription", None),
        call!(|c| c.ping_subscription("nsub_123456789")),
        req("POST", "/subscriptions/nsub_123456789/ping"),
    ));
    v.push(minimal(case(
        ("createEventWebhookSubscription", None),
        call!(|c| c.create_event_webhook_subscription(
            ["placed-order", "invited-friend"],
            "https://example.com/hooks/events"
        )),
        req("POST", "/subscriptions").body(json!({
            "url": "https://example.com/hooks/events",
            "topics": ["event.created"],
            "metadata": {"event_names": ["placed-order", "invited-friend"]}
        })),
    )));
    v.push(
        case(
            ("createEventWebhookSubscription", None),
            call!(|c| c
                .create_event_webhook_subscription(
                    ["placed-order"],
                    "https://example.com/hooks/events"
                )
                .service_type("web")),
            req("POST", "/subscriptions").body(json!({
                "url": "https://example.com/hooks/events",
                "service_type": "web",
                "topics": ["event.created"],
                "metadata": {"event_names": ["placed-order"]}
            })),
        )
        .note("every optional field"),
    );
    v.push(
        case(
            ("updateEventWebhookSubscription", None),
            call!(|c| c.update_event_webhook_subscription(
                ["placed-order", "refunded"],
                "https://example.com/hooks/events",
                "nsub_123456789"
            )),
            req("POST", "/subscriptions/nsub_123456789").body(json!({
                "url": "https://example.com/hooks/events",
                "topics": ["event.created"],
                "metadata": {"event_names": ["placed-order", "refunded"]}
            })),
        )
        .note("POST /subscriptions/{subscriptionId}")
        .minimal(),
    );
    v.push(
        case(
            ("updateEventWebhookSubscription", None),
            call!(|c| c
                .update_event_webhook_subscription(
                    ["placed-order"],
                    "https://example.com/hooks/events",
                    "nsub_123456789"
                )
                .service_type("web")),
            req("POST", "/subscriptions/nsub_123456789").body(json!({
                "url": "https://example.com/hooks/events",
                "service_type": "web",
                "topics": ["event.created"],
                "metadata": {"event_names": ["placed-order"]}
            })),
        )
        .note("every optional field"),
    );

    // ── bulk ───────────────────────────────────────────────────────────────────────────────
    v.push(case(
        ("createUserBulkJobs", None),
        call!(|c| c.create_user_bulk_jobs(objs(json!([
            {"method": "post", "data_type": "user", "data": {"user_id": "25", "email": "ada@example.com"}},
            {"method": "delete", "data_type": "user", "data": {"user_id": "26"}}
        ])))),
        req("POST", "/bulk/users").body(json!({"items": [
            {"method": "post", "data_type": "user", "data": {"user_id": "25", "email": "ada@example.com"}},
            {"method": "delete", "data_type": "user", "data": {"user_id": "26"}}
        ]})),
    ));
    v.push(case(
        ("createBulkLeadJob", None),
        call!(|c| c.create_bulk_lead_job(objs(json!([
            {"method": "post", "data_type": "contact", "data": {"email": "lead@example.com"}}
        ])))),
        req("POST", "/bulk/contacts").body(json!({"items": [
            {"method": "post", "data_type": "contact", "data": {"email": "lead@example.com"}}
        ]})),
    ));
    v.push(case(
        ("createBulkEventJob", None),
        call!(|c| c.create_bulk_event_job(objs(json!([
            {"method": "post", "data_type": "event", "data": {
                "event_name": "placed-order", "created_at": T, "user_id": "25",
                "metadata": {"price": 12.5}
            }}
        ])))),
        req("POST", "/bulk/events").body(json!({"items": [
            {"method": "post", "data_type": "event", "data": {
                "event_name": "placed-order", "created_at": T, "user_id": "25",
                "metadata": {"price": 12.5}
            }}
        ]})),
    ));
    v.push(case(
        ("getSingleBulkJob", None),
        call!(|c| c.get_single_bulk_job("job_5ca1ab1eca11ab1e")),
        req("GET", "/jobs/job_5ca1ab1eca11ab1e"),
    ));
    v.push(case(
        ("getJobErrors", None),
        call!(|c| c.get_job_errors("job_5ca1ab1eca11ab1e")),
        req("GET", "/jobs/job_5ca1ab1eca11ab1e/error"),
    ));

    v
}

/// Answers of a by-email lookup and what the call must return.
pub fn single_lookup_cases() -> Vec<Case> {
    let two_users = ResponseTemplate::new(200).set_body_json(json!({
        "type": "user.list",
        "users": [
            {"type": "user", "id": UID, "email": "ada@example.com"},
            {"type": "user", "id": "5714dd359a3fd47136000002", "email": "ada@example.com"}
        ]
    }));
    let two_leads = ResponseTemplate::new(200).set_body_json(json!({
        "type": "contact.list",
        "contacts": [
            {"type": "contact", "id": "5811f3a2b0b5dba0b0c3e3a1", "email": "lead@example.com"},
            {"type": "contact", "id": "5811f3a2b0b5dba0b0c3e3a2", "email": "lead@example.com"}
        ]
    }));
    vec![
        case(
            ("getSingleUser", Some("email")),
            call!(|c| c.get_single_user("ada+test@example.com", IdType::Email)),
            req("GET", "/users").q("email", "ada+test@example.com"),
        )
        .reply(one_user_list())
        .outcome(Outcome::OkWith {
            present: vec![UID],
            absent: vec!["user.list"],
        })
        .note("one match: that record, not the list"),
        case(
            ("getSingleUser", Some("email")),
            call!(|c| c.get_single_user("nobody@example.com", IdType::Email)),
            req("GET", "/users").q("email", "nobody@example.com"),
        )
        .reply(ResponseTemplate::new(200).set_body_json(json!({"type": "user.list", "users": []})))
        .outcome(Outcome::NotFound)
        .note("no match: Error::NotFound"),
        case(
            ("getSingleUser", Some("email")),
            call!(|c| c.get_single_user("ada@example.com", IdType::Email)),
            req("GET", "/users").q("email", "ada@example.com"),
        )
        .reply(two_users)
        .outcome(Outcome::Ambiguous(2))
        .note("two matches: Error::Ambiguous with both"),
        case(
            ("getSingleLead", Some("email")),
            call!(|c| c.get_single_lead("lead@example.com", IdType::Email)),
            req("GET", "/contacts").q("email", "lead@example.com"),
        )
        .reply(one_lead_list())
        .outcome(Outcome::OkWith {
            present: vec!["5811f3a2b0b5dba0b0c3e3a1"],
            absent: vec!["contact.list"],
        })
        .note("one match: that record, not the list"),
        case(
            ("getSingleLead", Some("email")),
            call!(|c| c.get_single_lead("nobody@example.com", IdType::Email)),
            req("GET", "/contacts").q("email", "nobody@example.com"),
        )
        .reply(
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "contact.list", "contacts": []})),
        )
        .outcome(Outcome::NotFound)
        .note("no match: Error::NotFound"),
        case(
            ("getSingleLead", Some("email")),
            call!(|c| c.get_single_lead("lead@example.com", IdType::Email)),
            req("GET", "/contacts").q("email", "lead@example.com"),
        )
        .reply(two_leads)
        .outcome(Outcome::Ambiguous(2))
        .note("two matches: Error::Ambiguous with both"),
    ]
}
