//! A mistake in the manifest is reported at its `file:line:column`, with the operation and field it
//! is in, what is wrong and how to fix it; every mistake of every file at once. Each case is a small
//! complete manifest with one kind of mistake; its message is an insta snapshot.
//!
//! The fuzz test at the end feeds the generator random YAML and mutated real manifest text: it
//! must answer every input with generated code or diagnostics, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use intercom_codegen::{Error, generate_from};

#[path = "manifest_errors/fuzz.rs"]
mod fuzz;

const API: &str = "api: { name: Test, base_url: https://example.com, version_header: X-Version, default_version: \"1\" }\n";

const MODELS: &str = "models:
  - name: Thing
    description: A thing.
    fields:
      - { name: id, type: Id, description: Its id. }
";

/// A complete manifest: the `api:` line, `operations` (YAML text), and the `Thing` model.
fn complete(operations: &str) -> String {
    format!("{API}{operations}{MODELS}")
}

/// The diagnostics of manifest sources that must not generate.
fn errors_of(sources: &[(&str, String)]) -> String {
    let sources: Vec<(String, String)> = sources
        .iter()
        .map(|(name, text)| ((*name).to_owned(), text.clone()))
        .collect();
    match generate_from(&sources) {
        Ok(_) => panic!(
            "the manifest generated, but it has a mistake:\n{}",
            sources[0].1
        ),
        Err(Error::Manifest(d)) => d.to_string(),
        Err(e) => panic!("expected manifest diagnostics, got: {e}"),
    }
}

fn errors(operations: &str) -> String {
    errors_of(&[("manifest/ops.yaml", complete(operations))])
}

/// `(snapshot name, manifest/ops.yaml)`: one mistake each.
fn cases() -> Vec<(&'static str, String)> {
    vec![
        (
            "yaml_unclosed_flow_mapping",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things
    fields: []
",
            ),
        ),
        (
            "yaml_unquoted_colon_in_value",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - name: order
        type: String
        description: One of: asc, desc.
        in: query
",
            ),
        ),
        (
            "yaml_tab_indentation",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
\tgroup: things
",
            ),
        ),
        (
            "unknown_key_with_suggestion",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http:
      metod: GET
      path: /things
    fields: []
",
            ),
        ),
        (
            "unknown_key_in_the_wrong_mapping",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    method: GET
    http: { method: GET, path: /things }
    fields: []
",
            ),
        ),
        (
            "unknown_keys_everywhere_at_once",
            complete(
                "operations:
  - name: getThing
    descripton: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: \"/things/{thingId}\" }
    fields:
      - { name: thingId, type: String, description: The thing., in: path, requird: true }
  - name: listThings
    description: List things.
    group: things
    response: Thing
    http: { method: GET, path: /things, quary: { per_page: 50 } }
    fields: []
",
            ),
        ),
        (
            "duplicate_yaml_key",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    group: stuff
    response: Thing
    http: { method: GET, path: /things }
    fields: []
",
            ),
        ),
        (
            "missing_required_keys",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    fields:
      - { name: thingId, type: String, in: query }
  - name: listThings
    group: things
    response: Thing
    http: { path: /things }
    fields: []
",
            ),
        ),
        (
            "wrong_kind_of_value",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: GET /things
    fields:
      - { name: verbose, type: Boolean, description: More detail., in: query, required: yes }
",
            ),
        ),
        (
            "unknown_field_type",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: since, type: Datepick, description: Changed since., in: query }
",
            ),
        ),
        (
            "unknown_model_member_type",
            format!(
                "{API}operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: {{ method: GET, path: /things }}
    fields: []
models:
  - name: Thing
    description: A thing.
    fields:
      - {{ name: count, type: Integr, description: How many. }}
"
            ),
        ),
        (
            "duplicate_operation",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields: []
  - name: getThing
    description: Fetch one thing again.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields: []
",
            ),
        ),
        (
            "duplicate_field",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: email, type: String, description: An email., in: query }
      - { name: email, type: String, description: The same email., in: query }
",
            ),
        ),
        (
            "select_without_values",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: order, type: Select, description: Sort order., in: query }
",
            ),
        ),
        (
            "route_for_a_value_the_select_lacks",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http:
      method: GET
      path: /things
      by: thingIdType
      routes:
        id: { path: \"/things/{thingId}\" }
        emial: { query: { email: thingId } }
    fields:
      - { name: thingId, type: String, description: The thing., in: route, required: true }
      - { name: thingIdType, type: Select, description: Kind of id., values: [id, email], in: route, required: true }
",
            ),
        ),
        (
            "select_value_without_a_route",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http:
      method: GET
      path: /things
      by: thingIdType
      routes:
        id: { path: \"/things/{thingId}\" }
    fields:
      - { name: thingId, type: String, description: The thing., in: route, required: true }
      - { name: thingIdType, type: Select, description: Kind of id., values: [id, email], in: route, required: true }
",
            ),
        ),
        (
            "path_placeholder_naming_no_field",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: \"/things/{thingID}\" }
    fields:
      - { name: thingId, type: String, description: The thing., in: query, required: true }
",
            ),
        ),
        (
            "path_field_missing_from_the_path",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: thingId, type: String, description: The thing., in: path, required: true }
",
            ),
        ),
        (
            "field_without_a_place",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: email, type: String, description: An email. }
",
            ),
        ),
        (
            "two_fields_sent_to_the_same_wire_key",
            complete(
                "operations:
  - name: createThing
    description: Create a thing.
    group: things
    response: Thing
    http: { method: POST, path: /things }
    fields:
      - { name: userId, type: String, description: Your id of the user., in: body, wire: user.id }
      - { name: intercomUserId, type: String, description: Intercom's id of the user., in: body, wire: user.id }
",
            ),
        ),
        (
            "field_names_collide_after_case_conversion",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: userId, type: String, description: A user., in: query }
      - { name: user_id, type: String, description: The same user., in: query, wire: uid }
",
            ),
        ),
        (
            "operation_names_collide_after_case_conversion",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields: []
  - name: get_thing
    description: Fetch one thing, differently spelt.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields: []
",
            ),
        ),
        (
            "select_values_collide_as_rust_identifiers",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: idType, type: Select, description: Kind of id., values: [intercom_id, intercomId], in: query }
",
            ),
        ),
        (
            "response_model_that_does_not_exist",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thng
    http: { method: GET, path: /things }
    fields: []
",
            ),
        ),
        (
            "invalid_http_method",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GTE, path: /things }
    fields: []
",
            ),
        ),
        (
            "body_field_on_a_get",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: email, type: String, description: An email., in: body }
",
            ),
        ),
        (
            "route_field_without_routes",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: thingId, type: String, description: The thing., in: route, required: true }
",
            ),
        ),
        (
            "builder_type_shadowing_the_prelude",
            complete(
                "operations:
  - name: option
    description: Fetch the options.
    group: things
    response: Thing
    http: { method: GET, path: /options }
    fields: []
",
            ),
        ),
        (
            "invalid_rust_name",
            complete(
                "operations:
  - name: getThing
    rust_name: GetThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields: []
",
            ),
        ),
        (
            "identifier_typed_as_a_string",
            format!(
                "{API}operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: {{ method: GET, path: /things }}
    fields: []
models:
  - name: Thing
    description: A thing.
    fields:
      - {{ name: owner_id, type: String, description: Who owns it. }}
      - {{ name: grid, type: \"[[Integer]]\", description: Cells. }}
"
            ),
        ),
        (
            "unquoted_list_type_in_a_model",
            format!(
                "{API}operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: {{ method: GET, path: /things }}
    fields: []
models:
  - name: Thing
    description: A thing.
    fields:
      - {{ name: parts, type: [Thing], description: Its parts. }}
"
            ),
        ),
        (
            "quoted_boolean",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: verbose, type: Boolean, description: More detail., in: query, required: \"true\" }
",
            ),
        ),
        // The keys 2.x brought: paging kinds, places, item kinds, unions, runtime types.
        (
            "unknown_pagination_kind",
            complete(
                "operations:
  - name: listThings
    description: List things.
    group: things
    response: Thing
    paginated: cursors
    http: { method: GET, path: /things }
    fields: []
",
            ),
        ),
        (
            "payload_field_on_a_get",
            complete(
                "operations:
  - name: listThings
    description: List things.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: filter, type: JSON, description: The whole body., in: payload }
",
            ),
        ),
        (
            "list_items_of_an_unknown_kind",
            complete(
                "operations:
  - name: tagThings
    description: Tag things.
    group: things
    response: Thing
    http: { method: POST, path: /things/tags }
    fields:
      - { name: ids, type: List, items: Float, description: The things., in: body }
",
            ),
        ),
        (
            "union_variant_naming_no_model",
            format!(
                "{API}operations: []
models:
  - name: Thing
    description: A thing.
    fields:
      - {{ name: id, type: Id, description: Its id. }}
  - name: Shape
    description: A thing or a box.
    union:
      tag: type
      variants:
        - {{ name: Thing, type: Thing, when: [thing] }}
        - {{ name: Box, type: Crate, when: [box] }}
"
            ),
        ),
        (
            "runtime_type_as_a_response",
            format!(
                "{API}operations:
  - name: searchThings
    description: Search things.
    group: things
    response: Query
    http: {{ method: POST, path: /things/search }}
    fields: []
models:
  - name: Query
    description: A search query.
    external: search::Query
"
            ),
        ),
        (
            "runtime_type_as_a_member",
            format!(
                "{API}operations: []
models:
  - name: Query
    description: A search query.
    external: search::Query
  - name: Saved
    description: A saved search.
    fields:
      - {{ name: query, type: Query, description: The query. }}
"
            ),
        ),
        (
            "method_taking_the_handle_of_a_nested_group",
            format!(
                "api: {{ name: Test, module: v2, base_url: https://example.com, version_header: X-Version, default_version: \"2\" }}
operations:
  - name: listCollections
    description: List collections.
    group: help_centers.collections
    rust_name: list
    response: Thing
    http: {{ method: GET, path: /help_center/collections }}
    fields: []
  - name: collectionsOfHelpCenters
    description: Something else.
    group: help_centers
    rust_name: collections
    response: Thing
    http: {{ method: GET, path: /help_center/things }}
    fields: []
{MODELS}"
            ),
        ),
        (
            "alternatives_on_a_field_that_is_no_required_body_member",
            complete(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: { method: GET, path: /things }
    fields:
      - { name: userId, type: String, description: The user., in: query, alternatives: [email] }
",
            ),
        ),
        (
            "shape_on_a_string_field",
            complete(
                "operations:
  - name: tagThing
    description: Tag a thing.
    group: things
    response: Thing
    http: { method: POST, path: /things }
    fields:
      - { name: name, type: String, description: The tag., in: body, shape: Thing }
",
            ),
        ),
        (
            "shape_names_no_model",
            complete(
                "operations:
  - name: tagThing
    description: Tag a thing.
    group: things
    response: Thing
    http: { method: POST, path: /things }
    fields:
      - { name: things, type: List, description: The things., in: body, items: JSON, shape: Thign }
",
            ),
        ),
        (
            "value_shape_on_a_list",
            complete(
                "operations:
  - name: tagThing
    description: Tag a thing.
    group: things
    response: Thing
    http: { method: POST, path: /things }
    fields:
      - { name: things, type: List, description: The things., in: body, items: JSON, value_shape: Thing }
",
            ),
        ),
        (
            "no_api_mapping",
            format!(
                "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thing
    http: {{ method: GET, path: /things }}
    fields: []
{MODELS}"
            ),
        ),
    ]
}

#[test]
fn every_bad_manifest_is_reported_with_its_position_and_a_fix() {
    let cases = cases();
    assert!(cases.len() >= 20);
    for (name, text) in cases {
        let report = errors_of(&[("manifest/ops.yaml", text)]);
        for line in report.lines().filter(|l| l.contains(": error")) {
            assert!(
                line.starts_with("manifest/ops.yaml:"),
                "{name}: not located: {line}"
            );
        }
        let problems = report.lines().filter(|l| l.contains(": error")).count();
        let helps = report.lines().filter(|l| l.starts_with("  help: ")).count();
        assert_eq!(
            problems, helps,
            "{name}: every problem has a fix:\n{report}"
        );
        insta::assert_snapshot!(name, report);
    }
}

/// Unknown and missing keys in three files, and a wrong method in a sound operation: one run.
#[test]
fn problems_of_every_file_are_reported_together() {
    let ops = "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    respons: Thing
    http: { method: GET, path: /things }
    fields: []
  - name: listThings
    description: List things.
    group: things
    response: none
    http: { method: GTE, path: /things }
    fields: []
";
    let models = "models:
  - name: Thing
    descripton: A thing.
    fields:
      - { name: id, type: Id, description: Its id., enm: ThingId }
";
    let api = "api: { name: Test, base_url: https://example.com, version_header: X-Version }\n";
    let report = errors_of(&[
        ("manifest/api.yaml", api.to_owned()),
        ("manifest/models.yaml", models.to_owned()),
        ("manifest/operations.yaml", ops.to_owned()),
    ]);
    insta::assert_snapshot!("several_files_at_once", report);
}

#[test]
fn semantic_problems_are_all_reported_together() {
    let report = errors(
        "operations:
  - name: getThing
    description: Fetch one thing.
    group: things
    response: Thng
    http: { method: GTE, path: \"/things/{thingID}\" }
    fields:
      - { name: since, type: Datepick, description: Changed since., in: query }
      - { name: email, type: String, description: An email. }
",
    );
    insta::assert_snapshot!("several_meanings_at_once", report);
}

#[test]
fn keywords_and_odd_names_are_escaped_not_rejected() {
    let mut ops = String::from("operations:\n");
    for name in ["type", "match", "self", "2fa", "x-y", "crate", "async"] {
        ops.push_str(&format!(
            "  - name: \"{name}\"
    description: An operation named {name}.
    group: odd
    response: Thing
    http: {{ method: POST, path: \"/odd/{{{name}}}\" }}
    fields:
      - {{ name: \"{name}\", type: String, description: A field named {name}., in: path, required: true }}
      - {{ name: \"{name}Kind\", type: Select, description: A Select., values: [type, match, self, 2fa, x-y, \"\", \"-\", ñ], in: body }}
"
        ));
    }
    for field in [
        "match", "self", "2fa", "x-y", "fn", "super", "request", "send",
    ] {
        ops.push_str(&format!(
            "  - name: with_{}
    description: A body field named {field}.
    group: odd
    response: none
    http: {{ method: POST, path: /odd }}
    fields:
      - {{ name: \"{field}\", type: String, description: A field., in: body, required: true }}
",
            field.replace('-', "_")
        ));
    }
    let files = match generate_from(&[("manifest/ops.yaml".to_owned(), complete(&ops))]) {
        Ok(files) => files,
        Err(e) => panic!("odd names must generate:\n{e}"),
    };
    let code: String = files.iter().map(|f| f.contents.as_str()).collect();
    for expected in [
        "pub fn r#type(",
        "pub fn r#match(",
        "pub fn self_(",
        "pub fn _2fa(",
        "pub fn x_y(",
        "pub struct Type",
        "pub struct Self_",
        "pub struct XY",
        "Self_,",
        "_empty,",
        // A value of symbols only is spelt in words (search operators read as themselves).
        "Minus,",
        "_f1,",
        "r#fn: String",
        "request_: String",
    ] {
        assert!(
            code.contains(expected),
            "`{expected}` not in the generated code"
        );
    }
}
