//! Wire conformance: every one of the 82 operations, and every value of every route-picking
//! Select, sent to a local mock server; the whole request (method, raw path, query, exact JSON
//! body, headers) is compared with what `docs/reference/endpoint-map.md` and `decisions.md`
//! require. Expectations are written by hand; the manifest is read only to list what must be
//! covered (`every_operation_and_route_value_has_a_case`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;
mod operations;
mod paths;
mod rules;

use std::collections::BTreeSet;

use harness::{Case, Cover, check, client_for};
use intercom_sdk::{Error, IdType, LatLon, Timestamp};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every case of this file, for the coverage test.
fn all_cases() -> Vec<Case> {
    let mut all = operations::cases();
    all.extend(operations::single_lookup_cases());
    all.extend(paths::awkward_id_cases());
    all.extend(paths::refused_id_cases());
    all.extend(paths::query_id_cases());
    all.extend(rules::number_cases());
    all.extend(rules::datepicker_cases());
    all.extend(rules::empty_optional_cases());
    all.extend(rules::empty_list_cases());
    all.extend(rules::empty_body_cases());
    all
}

/// The operation cases that `keep` accepts; never empty (a rule test must test something).
fn only(keep: impl Fn(Cover) -> bool) -> Vec<Case> {
    let cases: Vec<Case> = operations::cases()
        .into_iter()
        .filter(|c| keep(c.covers))
        .collect();
    assert!(!cases.is_empty(), "no case selected");
    cases
}

// ── every operation ──────────────────────────────────────────────────────────────────────────

#[tokio::test]
async fn every_operation_sends_the_documented_request() {
    check(operations::cases()).await;
}

// ── rules of decisions.md ────────────────────────────────────────────────────────────────────

#[tokio::test]
async fn select_values_choose_routes_and_json_keys() {
    check(only(|(_, value)| value.is_some())).await;
}

#[tokio::test]
async fn intercom_id_becomes_id_in_json_keys() {
    check(only(|(op, value)| {
        value == Some("intercom_id")
            && [
                "createNote",
                "convertLeadToUser",
                "createAdminMessage",
                "createUserMessage",
                "createContactMessage",
                "convertVisitorToLead",
            ]
            .contains(&op)
    }))
    .await;
}

#[tokio::test]
async fn conversations_identify_users_by_intercom_user_id() {
    check(only(|(op, value)| {
        value == Some("intercom_user_id")
            && ["getSingleUserConversations", "replyToUserComment"].contains(&op)
    }))
    .await;
}

#[tokio::test]
async fn get_user_notes_by_intercom_id_queries_id() {
    check(only(|cover| cover == ("getUserNotes", Some("intercom_id")))).await;
}

#[tokio::test]
async fn untag_adds_untag_true_to_every_item() {
    check(only(|(op, _)| op == "untagUsers" || op == "untagCompany")).await;
}

#[tokio::test]
async fn single_record_lookups_by_email_return_one_record_or_a_clear_error() {
    check(operations::single_lookup_cases()).await;
}

#[tokio::test]
async fn delete_lead_by_email_is_refused_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let result = client
        .delete_lead("lead@example.com", IdType::Email)
        .send()
        .await;
    let received = server.received_requests().await.unwrap_or_default();
    assert!(
        received.is_empty(),
        "nothing may be sent, got {:?}",
        received.iter().map(harness::describe).collect::<Vec<_>>()
    );
    match result {
        Err(ref e @ Error::InvalidInput { ref message, .. }) => {
            assert!(!e.was_sent());
            assert!(
                message.contains("id"),
                "the error should name the alternative (delete by id): {message}"
            );
        }
        other => panic!("expected Error::InvalidInput, got {other:?}"),
    }
    // The same call by id or user_id is sent.
    check(only(|(op, value)| {
        op == "deleteLead" && value != Some("email")
    }))
    .await;
}

#[tokio::test]
async fn update_event_webhook_subscription_posts_to_the_subscription() {
    check(only(|(op, _)| op == "updateEventWebhookSubscription")).await;
}

#[tokio::test]
async fn get_segments_sends_no_type() {
    check(only(|(op, _)| op == "getSegments")).await;
}

#[tokio::test]
async fn delete_visitor_uses_the_documented_path() {
    check(only(|(op, _)| op == "deleteVisitor")).await;
}

#[tokio::test]
async fn get_access_token_sends_no_bearer_and_follows_the_base_url() {
    check(only(|(op, _)| op == "getAccessToken")).await;
}

#[tokio::test]
async fn booleans_in_query_strings_are_true_or_false() {
    check(only(|(op, _)| {
        op == "getSingleAdminConversations" || op == "getUserEventsSummaries"
    }))
    .await;
}

#[tokio::test]
async fn numbers_are_never_truncated() {
    check(rules::number_cases()).await;
}

#[tokio::test]
async fn empty_optional_fields_are_omitted() {
    // Optional inputs left unset: only required inputs and constants go out.
    let minimal: Vec<Case> = operations::cases()
        .into_iter()
        .filter(|c| c.minimal)
        .collect();
    assert!(minimal.len() >= 20, "only {} minimal cases", minimal.len());
    check(minimal).await;
}

#[tokio::test]
async fn empty_string_optional_fields_are_omitted() {
    check(rules::empty_optional_cases()).await;
}

#[tokio::test]
async fn empty_list_optional_fields_are_omitted() {
    check(rules::empty_list_cases()).await;
}

#[tokio::test]
async fn datepicker_is_sent_as_integer_unix_seconds() {
    check(rules::datepicker_cases()).await;
}

#[tokio::test]
async fn empty_success_bodies_are_success() {
    check(rules::empty_body_cases()).await;
}

#[tokio::test]
async fn ids_in_paths_are_one_segment() {
    check(paths::awkward_id_cases()).await;
}

#[tokio::test]
async fn empty_and_dot_ids_are_refused_before_sending() {
    check(paths::refused_id_cases()).await;
}

#[tokio::test]
async fn ids_in_query_strings_cannot_add_parameters() {
    check(paths::query_id_cases()).await;
}

#[tokio::test]
async fn api_version_header_defaults_to_1_4_and_can_be_chosen() {
    // The default (1.4) is checked on every request of every case; here a chosen 1.x value.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let client = intercom_sdk::Client::builder()
        .token(harness::TOKEN)
        .base_url(server.uri())
        .intercom_version("1.1")
        .build()
        .expect("client");
    client.get_admins().send().await.expect("answered");
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1);
    let versions: Vec<_> = received[0]
        .headers
        .get_all("intercom-version")
        .iter()
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(versions, ["1.1"]);
}

// ── datatypes ────────────────────────────────────────────────────────────────────────────────

#[test]
fn timestamp_accepts_seconds_rfc3339_and_system_time() {
    let t = Timestamp::from_unix_seconds(1_500_000_000);
    assert_eq!(t.unix_seconds(), 1_500_000_000);
    assert_eq!(Timestamp::from(1_500_000_000_i64), t);
    for text in [
        "1500000000",
        "2017-07-14T02:40:00Z",
        "2017-07-14T02:40:00z",
        "2017-07-14T02:40:00+00:00",
        "2017-07-14T04:40:00+02:00",
        "2017-07-14T08:10:00+05:30",
        "2017-07-13T21:40:00-05:00",
        "2017-07-14T02:40:00.999Z",
    ] {
        let parsed: Result<Timestamp, _> = text.parse();
        assert_eq!(parsed, Ok(t), "{text}");
    }
    let st = std::time::UNIX_EPOCH + std::time::Duration::new(1_500_000_000, 500_000_000);
    assert_eq!(Timestamp::from(st), t);
    assert_eq!(Timestamp::from(std::time::UNIX_EPOCH).unix_seconds(), 0);
    // Before 1970: RFC 3339 and SystemTime agree.
    let before: Timestamp = "1969-12-31T23:59:59Z".parse().expect("rfc3339");
    assert_eq!(before.unix_seconds(), -1);
    let st = std::time::UNIX_EPOCH - std::time::Duration::from_secs(1);
    assert_eq!(Timestamp::from(st).unix_seconds(), -1);
    // Displayed (and sent) as integer seconds.
    assert_eq!(t.to_string(), "1500000000");
    assert_eq!(
        serde_json::to_value(t).ok(),
        Some(serde_json::json!(1_500_000_000))
    );
}

#[test]
fn timestamp_rejects_what_is_not_a_time() {
    for text in [
        "",
        "yesterday",
        "2017-07-14",
        "2017-07-14 02:40",
        "2017-13-14T02:40:00Z",
        "1.5e9x",
        "14/07/2017",
    ] {
        assert!(
            text.parse::<Timestamp>().is_err(),
            "{text:?} must be refused"
        );
    }
}

#[test]
fn lat_lon_parses_and_formats_back_losslessly() {
    let p: LatLon = "40.7128,-74.006".parse().expect("lat,lon");
    assert_eq!(p.lat(), 40.7128);
    assert_eq!(p.lon(), -74.006);
    assert_eq!(p.to_string(), "40.7128,-74.006");
    for text in [
        "40.7128,-74.006",
        "0,0",
        "90,180",
        "-90,-180",
        "51.5074,-0.1278",
        "-33.868820,151.209296",
        "0.1,0.2",
        "1e-7,-1e-7",
    ] {
        let p: LatLon = text.parse().expect(text);
        let again: LatLon = p.to_string().parse().expect("formatted text parses");
        assert_eq!(again, p, "{text} -> {p}");
        assert_eq!(again.to_string(), p.to_string());
    }
    // Values that are not exactly representable in decimal survive the round trip.
    let q = LatLon::new(0.1 + 0.2, -(1.0 / 3.0)).expect("in range");
    let back: LatLon = q.to_string().parse().expect("parses");
    assert_eq!(back, q);
    assert_eq!(back.lat().to_bits(), q.lat().to_bits());
    assert_eq!(back.lon().to_bits(), q.lon().to_bits());
}

#[test]
fn lat_lon_rejects_out_of_range_and_malformed_values() {
    for text in [
        "91,0",
        "-91,0",
        "0,181",
        "0,-181",
        "90.0001,0",
        "abc",
        "1",
        "",
        ",",
        "1,",
        ",1",
        "1;2",
        "1,2,3",
        "a,b",
        "NaN,0",
        "0,NaN",
        "inf,0",
        "0,-inf",
    ] {
        assert!(text.parse::<LatLon>().is_err(), "{text:?} must be refused");
    }
    assert!(LatLon::new(91.0, 0.0).is_err());
    assert!(LatLon::new(0.0, 181.0).is_err());
    assert!(LatLon::new(f64::NAN, 0.0).is_err());
    assert!(LatLon::new(90.0, -180.0).is_ok());
}

// ── coverage ─────────────────────────────────────────────────────────────────────────────────

#[test]
fn every_operation_and_route_value_has_a_case() {
    let sources = intercom_codegen::read_manifest(&intercom_tests::root().join("manifest"))
        .expect("manifest readable");
    let api = intercom_codegen::load(&sources).unwrap_or_else(|e| panic!("{e}"));

    let covered: BTreeSet<(String, Option<String>)> = all_cases()
        .iter()
        .map(|c| (c.covers.0.to_owned(), c.covers.1.map(str::to_owned)))
        .collect();
    let ops_covered: BTreeSet<&str> = covered.iter().map(|(op, _)| op.as_str()).collect();

    let mut missing = Vec::new();
    let mut required: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    for op in &api.operations {
        if !ops_covered.contains(op.name.as_str()) {
            missing.push(format!("operation {} has no conformance case", op.name));
        }
        required.insert((op.name.clone(), None));
        if let Some(routing) = &op.routing {
            for route in &routing.routes {
                let key = (op.name.clone(), Some(route.value.clone()));
                if !covered.contains(&key) {
                    missing.push(format!(
                        "{} with {} = {} has no conformance case",
                        op.name, routing.by, route.value
                    ));
                }
                required.insert(key);
            }
        }
    }
    // A tag naming no operation or value of the manifest is a typo: it covers nothing.
    let known_ops: BTreeSet<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    let stray: Vec<String> = covered
        .iter()
        .filter(|(op, value)| {
            !known_ops.contains(op.as_str())
                || (value.is_some() && !required.contains(&(op.clone(), value.clone())))
        })
        .map(|(op, value)| format!("{op}[{}]", value.as_deref().unwrap_or("")))
        .collect();
    let from_seed = api.operations.iter().filter(|o| o.from_seed).count();
    assert_eq!(from_seed, 82, "the manifest lists the seed's 82 operations");
    assert!(
        missing.is_empty() && stray.is_empty(),
        "uncovered: {missing:#?}\nunknown tags: {stray:#?}"
    );
}
