//! What the emitters write for each shape of operation, reviewed with `cargo insta review`.

use intercom_codegen::{
    emit_models, emit_operation, emit_selects, load, model::Api, read_manifest,
};
use intercom_tests::root;

fn api() -> Api {
    let sources = read_manifest(&root().join("manifest")).unwrap_or_default();
    match load(&sources) {
        Ok(api) => api,
        Err(e) => panic!("{e}"),
    }
}

/// The 2.x manifest, imported from Intercom's OpenAPI description.
fn api_v2() -> Api {
    let sources = read_manifest(&root().join("manifest/v2")).unwrap_or_default();
    load(&sources).unwrap_or_else(|e| panic!("{e}"))
}

fn op(name: &str) -> String {
    op_in(&api(), name)
}

fn op_in(api: &Api, name: &str) -> String {
    match emit_operation(api, name) {
        Some(Ok(code)) => code,
        Some(Err(e)) => panic!("{name}: {e}"),
        None => panic!("no operation {name}"),
    }
}

#[test]
fn plain_operation_with_a_path_id() {
    insta::assert_snapshot!(op("getSingleAdmin"));
}

#[test]
fn select_routed_paths_and_queries() {
    insta::assert_snapshot!(op("getSingleUser"));
}

#[test]
fn select_routed_nested_body_keys() {
    insta::assert_snapshot!(op("createNote"));
}

#[test]
fn route_refused_before_sending() {
    insta::assert_snapshot!(op("deleteLead"));
}

#[test]
fn query_constants() {
    insta::assert_snapshot!(op("getUserEventsSummaries"));
}

#[test]
fn list_with_typed_query_inputs() {
    insta::assert_snapshot!(op("getUsers"));
}

#[test]
fn body_transforms_wrap_and_with() {
    insta::assert_snapshot!(op("createLead"));
}

#[test]
fn each_item_gets_extra_members() {
    insta::assert_snapshot!(op("untagUsers"));
}

#[test]
fn empty_response_and_constants_in_body() {
    insta::assert_snapshot!(op("createEventWebhookSubscription"));
}

#[test]
fn unauthenticated_with_secret() {
    insta::assert_snapshot!(op("getAccessToken"));
}

#[test]
fn select_enums() {
    insta::assert_snapshot!(emit_selects(&api()).unwrap_or_else(|e| panic!("{e}")));
}

#[test]
fn response_models_and_open_enums() {
    let mut api = api();
    api.models
        .retain(|m| m.name == "ConversationPart" || m.name == "Pages");
    api.server_enums
        .retain(|e| e.name == "ConversationPartType");
    insta::assert_snapshot!(emit_models(&api).unwrap_or_else(|e| panic!("{e}")));
}

// 2.x: one snapshot per shape the 2.x manifest added.

#[test]
fn v2_search_with_a_typed_query_and_a_body_cursor() {
    insta::assert_snapshot!(op_in(&api_v2(), "SearchContacts"));
}

#[test]
fn v2_list_in_a_nested_group() {
    insta::assert_snapshot!(op_in(&api_v2(), "listAllCollections"));
}

#[test]
fn v2_cursor_list_with_query_inputs() {
    insta::assert_snapshot!(op_in(&api_v2(), "ListContacts"));
}

#[test]
fn v2_typed_nested_union_body() {
    insta::assert_snapshot!(op_in(&api_v2(), "replyConversation"));
}

#[test]
fn v2_patch_with_a_body() {
    insta::assert_snapshot!(op_in(&api_v2(), "updateDataConnector"));
}

#[test]
fn v2_file_answer_and_constant_header() {
    insta::assert_snapshot!(op_in(&api_v2(), "getDownloadReportingData"));
}

#[test]
fn v2_text_answer() {
    insta::assert_snapshot!(op_in(&api_v2(), "showCallTranscript"));
}

#[test]
fn v2_bare_array_answer() {
    insta::assert_snapshot!(op_in(&api_v2(), "collectFinVoiceCallsByConversationId"));
}

#[test]
fn v2_unions_tagged_and_by_shape_and_cursor_pages() {
    let mut api = api_v2();
    let keep = [
        "ConversationAttribute",
        "ConversationAttributeIntegerType",
        "CustomerRequest",
        "CustomerRequestEmail",
        "CursorPages",
        "StartingAfterPaging",
    ];
    api.models.retain(|m| keep.contains(&m.name.as_str()));
    api.server_enums.clear();
    insta::assert_snapshot!(emit_models(&api).unwrap_or_else(|e| panic!("{e}")));
}
