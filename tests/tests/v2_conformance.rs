//! Every 2.x operation sends what Intercom's 2.16 description says, read from the description
//! itself (not from the manifest): its method; its path, each path parameter in its place; each
//! query parameter (an exploded object parameter as its members) and header parameter; each
//! member of its JSON body, or the whole body; and `Intercom-Version: 2.16`. Every input of
//! every operation is given, through the runtime that places the typed builders' inputs.

use std::collections::{BTreeMap, BTreeSet};

use intercom_sdk::Client;
use intercom_sdk::meta::{self, Api, Field, Kind, Operation, Place};
use intercom_tests::root;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A value for an input of this kind, told apart by the input's name.
fn sample(field: &Field) -> Value {
    match field.kind {
        Kind::Boolean => json!(true),
        Kind::Integer | Kind::Timestamp => json!(1_700_000_007),
        Kind::Number => json!(1.5),
        Kind::Select => json!(
            field
                .select
                .and_then(|s| s.values.first())
                .copied()
                .unwrap_or("x")
        ),
        Kind::TextList => json!(["a", "b"]),
        Kind::IntegerList => json!([1, 2]),
        Kind::Json | Kind::Model => json!({ "sample": field.name }),
        Kind::ObjectList | Kind::ModelList | Kind::AnyList => json!([{ "sample": field.name }]),
        _ => json!(format!("v-{}", field.name)),
    }
}

/// The text a query or path carries for `value`.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// The schema `schema` refers to.
fn deref<'a>(description: &'a Value, schema: &'a Value) -> &'a Value {
    let mut current = schema;
    for _ in 0..16 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let pointer = r.trim_start_matches('#');
                current = description.pointer(pointer).unwrap_or(&Value::Null);
            }
            None => return current,
        }
    }
    current
}

/// The members of an object schema, through `$ref`, `allOf`, and a union of one alternative or
/// of alternatives with the same members.
fn members(description: &Value, schema: &Value, out: &mut BTreeSet<String>) {
    let schema = deref(description, schema);
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        out.extend(props.keys().cloned());
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            members(description, part, out);
        }
    }
}

/// Whether a request body schema is a union of different shapes (sent whole, not by member).
fn is_union(description: &Value, schema: &Value) -> bool {
    let schema = deref(description, schema);
    for key in ["oneOf", "anyOf"] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            if schema.get("properties").is_some() {
                return false;
            }
            if parts.len() == 1 {
                return is_union(description, &parts[0]);
            }
            let shapes: BTreeSet<BTreeSet<String>> = parts
                .iter()
                .map(|p| {
                    let mut m = BTreeSet::new();
                    members(description, p, &mut m);
                    m
                })
                .collect();
            return shapes.len() > 1;
        }
    }
    false
}

/// The query parameters a description parameter stands for: itself, or an exploded object's
/// members.
fn query_names(description: &Value, parameter: &Value) -> Vec<String> {
    let name = parameter["name"].as_str().unwrap_or_default().to_owned();
    let schema = deref(description, &parameter["schema"]);
    let exploded = parameter.get("explode").and_then(Value::as_bool) == Some(true);
    if exploded && (schema.get("oneOf").is_some() || schema.get("properties").is_some()) {
        let mut out = BTreeSet::new();
        members(description, schema, &mut out);
        return out.into_iter().collect();
    }
    vec![name]
}

/// What the description says one operation sends, given the values of its inputs, checked
/// against what was sent.
fn check(
    description: &Value,
    op: &Operation,
    described: &Value,
    inputs: &BTreeMap<&str, Value>,
    sent: &wiremock::Request,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut problem = |what: String| problems.push(format!("{}: {what}", op.name));
    if sent.method.as_str() != op.method.as_str() {
        problem(format!("method {} sent", sent.method));
    }
    // The path: each placeholder filled with its input, as one segment.
    let mut path = op.path.as_str().to_owned();
    for name in op.path.params() {
        let value = inputs.get(name).map(text).unwrap_or_default();
        path = path.replace(&format!("{{{name}}}"), &value);
    }
    if sent.url.path() != path {
        problem(format!("path {} sent, {path} described", sent.url.path()));
    }
    let query: BTreeMap<String, String> = sent.url.query_pairs().into_owned().collect();
    let version = sent
        .headers
        .get("intercom-version")
        .and_then(|v| v.to_str().ok());
    if version != Some("2.16") {
        problem(format!("Intercom-Version {version:?}"));
    }
    let parameters = described.get("parameters").and_then(Value::as_array);
    let mut described_query = BTreeSet::new();
    for parameter in parameters.into_iter().flatten() {
        let parameter = deref(description, parameter);
        let name = parameter["name"].as_str().unwrap_or_default();
        match parameter["in"].as_str() {
            Some("query") => {
                for key in query_names(description, parameter) {
                    let given = inputs.get(key.as_str()).map(text);
                    let constant = deref(description, &parameter["schema"])
                        .pointer("/enum/0")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    let want = given.or(constant);
                    if query.get(&key) != want.as_ref() {
                        problem(format!(
                            "query `{key}` = {:?}, want {want:?}",
                            query.get(&key)
                        ));
                    }
                    described_query.insert(key);
                }
            }
            Some("header") if name != "Intercom-Version" => {
                let sent_value = sent.headers.get(name).and_then(|v| v.to_str().ok());
                let want = inputs.get(name).map(text).or_else(|| {
                    deref(description, &parameter["schema"])
                        .pointer("/enum/0")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                });
                if sent_value.map(str::to_owned) != want {
                    problem(format!("header `{name}` = {sent_value:?}, want {want:?}"));
                }
            }
            _ => {}
        }
    }
    for key in query.keys() {
        if !described_query.contains(key) {
            problem(format!("query `{key}` sent, not described"));
        }
    }
    let body_schema = described.pointer("/requestBody/content/application~1json/schema");
    let body: Option<Value> = serde_json::from_slice(&sent.body).ok();
    match (body_schema, body) {
        (Some(schema), Some(body)) if is_union(description, schema) => {
            if inputs.get("body") != Some(&body) {
                problem(format!(
                    "body {body} sent whole, want {:?}",
                    inputs.get("body")
                ));
            }
        }
        (Some(schema), Some(Value::Object(body))) => {
            let mut documented = BTreeSet::new();
            members(description, schema, &mut documented);
            let sent_keys: BTreeSet<String> = body.keys().cloned().collect();
            if sent_keys != documented {
                problem(format!(
                    "body members {sent_keys:?}, described {documented:?}"
                ));
            }
            for (key, value) in &body {
                let field = op
                    .fields
                    .iter()
                    .find(|f| matches!(f.place, Place::Body(k) if k == key.as_str()));
                let want = field.and_then(|f| inputs.get(f.name));
                if want != Some(value) {
                    problem(format!("body `{key}` = {value}, want {want:?}"));
                }
            }
        }
        (Some(_), other) => problem(format!("body {other:?} sent, an object described")),
        (None, Some(body)) => problem(format!("body {body} sent, none described")),
        (None, None) => {}
    }
    problems
}

#[tokio::test]
async fn every_operation_sends_what_the_description_says() {
    let read = |file: &str| {
        std::fs::read_to_string(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    };
    let (text, corrections) = (
        read("openapi/2.16/api.intercom.io.yaml"),
        read("openapi/corrections.yaml"),
    );
    // The description as the SDK is made from it: with our corrections (each with its evidence).
    let sources = intercom_codegen::import::Sources {
        description: ("2.16", &text),
        overrides: None,
        corrections: Some(("corrections.yaml", &corrections)),
    };
    let corrected =
        intercom_codegen::import::corrected(&sources).unwrap_or_else(|p| panic!("{p:?}"));
    let description: Value = serde_json::to_value(corrected).unwrap_or_else(|e| panic!("{e}"));
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("tok")
        .base_url(server.uri())
        .retry_policy(intercom_sdk::RetryPolicy::disabled())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let (mut checked, mut problems) = (0, Vec::new());
    for op in meta::all().filter(|op| op.api == Api::V2) {
        let pointer = format!(
            "/paths/{}/{}",
            op.path.as_str().replace('~', "~0").replace('/', "~1"),
            op.method.as_str().to_ascii_lowercase()
        );
        let Some(described) = description.pointer(&pointer) else {
            problems.push(format!("{}: not in the description", op.name));
            continue;
        };
        let inputs: BTreeMap<&str, Value> = op.inputs().map(|f| (f.name, sample(f))).collect();
        let mut call = client.invoke(op);
        for (name, value) in &inputs {
            call = call.input(name, value.clone());
        }
        if let Err(e) = call.bytes().await {
            problems.push(format!("{}: {e}", op.name));
            continue;
        }
        let received = server.received_requests().await.unwrap_or_default();
        let Some(sent) = received.last() else {
            problems.push(format!("{}: nothing sent", op.name));
            continue;
        };
        problems.extend(check(&description, op, described, &inputs, sent));
        checked += 1;
    }
    assert!(
        problems.is_empty(),
        "{} problems in {checked} operations:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(checked, 231, "every operation of 2.16 is checked");
}
