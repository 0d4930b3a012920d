//! The mock's 2.x answers, taken from the description: for every operation, its success status
//! and the example it documents (or, where it documents none, one made from its schema's
//! `example`s), and the error examples it documents per status. Written by
//! `cargo xtask import-openapi` as `mock/mock-data/v2/answers.json`, so the mock answers as
//! Intercom documents without reading the description at run time.

use serde_yaml::{Mapping, Value};

use super::{Problem, Sources, corrected};

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// Schemas nested deeper than this are left out of a made example (recursive schemas).
const MAX_DEPTH: usize = 8;

/// The answers file of an import (pretty JSON, in the description's order).
pub fn answers(sources: &Sources<'_>, provenance: &str) -> Result<String, Vec<Problem>> {
    let operations = operations(sources)?;
    written(sources, provenance, operations)
}

/// The answers of an older description (`older`) that differ from `newer`'s, for the operations
/// both have: what the mock answers a request that asks for the older version. With Fern's
/// overrides, also the operations they define in full (with `responses`) that neither
/// description has: Intercom's own SDKs still call them.
pub fn older_answers(
    older: &Sources<'_>,
    newer: &Sources<'_>,
    provenance: &str,
) -> Result<String, Vec<Problem>> {
    let newer = operations(newer)?;
    let root = corrected(older)?;
    let all = operations_of(&root);
    let success = |a: &Value| ["status", "content_type", "body"].map(|k| a.get(k).cloned());
    let mut kept: Mapping = all
        .iter()
        .filter(|(key, answer)| {
            newer
                .get(*key)
                .is_some_and(|n| success(n) != success(answer))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some((name, text)) = older.overrides {
        let overrides: OverridePaths = serde_yaml::from_str(text)
            .map_err(|e| vec![Problem::at(name, "", format!("not Fern's overrides: {e}"))])?;
        for (key, op) in defined(&overrides.paths) {
            let key = Value::from(key);
            if !newer.contains_key(&key) && !all.contains_key(&key) {
                kept.insert(key, operation(&root, op));
            }
        }
    }
    written(older, provenance, kept)
}

/// Fern's overrides file, as far as its paths go (the rest repeats keys, which YAML refuses).
#[derive(serde::Deserialize)]
struct OverridePaths {
    #[serde(default)]
    paths: Value,
}

/// The operations of the overrides' paths that carry their own `responses`, keyed
/// `"METHOD /path"`.
fn defined(paths: &Value) -> Vec<(String, &Value)> {
    let paths = paths.as_mapping();
    let mut out = Vec::new();
    for (path, item) in paths.into_iter().flatten() {
        let Some(path) = path.as_str() else { continue };
        for method in METHODS {
            if let Some(op) = item.get(method).filter(|op| op.get("responses").is_some()) {
                out.push((format!("{} {path}", method.to_ascii_uppercase()), op));
            }
        }
    }
    out
}

/// Every operation's answers, keyed `"METHOD /path"`.
fn operations(sources: &Sources<'_>) -> Result<Mapping, Vec<Problem>> {
    Ok(operations_of(&corrected(sources)?))
}

fn operations_of(json: &Value) -> Mapping {
    let mut operations = Mapping::new();
    let paths = json.get("paths").and_then(Value::as_mapping);
    for (path, item) in paths.into_iter().flatten() {
        let Some(path) = path.as_str() else { continue };
        for method in METHODS {
            if let Some(op) = item.get(method) {
                let key = format!("{} {path}", method.to_ascii_uppercase());
                operations.insert(key.into(), operation(json, op));
            }
        }
    }
    operations
}

/// `{source, operations}` as pretty JSON.
fn written(
    sources: &Sources<'_>,
    provenance: &str,
    operations: Mapping,
) -> Result<String, Vec<Problem>> {
    let (file, _) = sources.description;
    let mut out = Mapping::new();
    out.insert("source".into(), provenance.into());
    out.insert("operations".into(), Value::Mapping(operations));
    serde_json::to_string_pretty(&out)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| {
            vec![Problem::at(
                file,
                "/paths",
                format!("cannot write answers: {e}"),
            )]
        })
}

/// `{status, content_type?, body?, errors}` of one operation.
fn operation(root: &Value, op: &Value) -> Value {
    let mut out = Mapping::new();
    let responses: Vec<(String, &Value)> = op
        .get("responses")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
        .filter_map(|(status, r)| Some((status_text(status)?, resolve(root, r)?)))
        .collect();
    let success = responses
        .iter()
        .filter(|(s, _)| s.starts_with('2'))
        .min_by(|a, b| a.0.cmp(&b.0));
    let status: u16 = success.and_then(|(s, _)| s.parse().ok()).unwrap_or(200);
    out.insert("status".into(), status.into());
    if let Some((_, response)) = success {
        success_body(root, response, &mut out);
    }
    let mut errors = Mapping::new();
    for (status, response) in &responses {
        if status.starts_with('2') {
            continue;
        }
        let json = response
            .get("content")
            .and_then(|c| c.get("application/json"));
        if let Some(example) = json.and_then(|j| first_example(root, j)) {
            errors.insert(status.as_str().into(), example);
        }
    }
    out.insert("errors".into(), Value::Mapping(errors));
    Value::Mapping(out)
}

/// The body of a success: the JSON example, else one made from the schema; for other content,
/// its type and an example if any.
fn success_body(root: &Value, response: &Value, out: &mut Mapping) {
    let Some(content) = response.get("content").and_then(Value::as_mapping) else {
        return;
    };
    if let Some(json) = content.get("application/json") {
        let schema = json.get("schema");
        let body = first_example(root, json).or_else(|| made(root, schema?, 0));
        if let Some(mut body) = body {
            if let Some(kind) = schema.and_then(|s| fixed_type(root, s, 0)) {
                with_type(&mut body, kind);
            }
            out.insert("body".into(), body);
        }
        return;
    }
    if let Some((kind, media)) = content.iter().next() {
        out.insert("content_type".into(), kind.clone());
        let text = media
            .get("example")
            .and_then(Value::as_str)
            .unwrap_or("mock file contents");
        out.insert("body".into(), text.into());
    }
}

/// The one value a schema allows for its `type` member (`enum: [internal_article]`), looking
/// through `allOf`; `None` where it allows several or says nothing.
fn fixed_type(root: &Value, schema: &Value, depth: usize) -> Option<Value> {
    let schema = resolve(root, schema)?;
    if depth > MAX_DEPTH {
        return None;
    }
    let member = schema
        .get("properties")
        .and_then(|p| p.get("type"))
        .and_then(|t| resolve(root, t));
    if let Some(values) = member
        .and_then(|t| t.get("enum"))
        .and_then(Value::as_sequence)
    {
        return match values.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        };
    }
    let parts = schema.get("allOf").and_then(Value::as_sequence)?;
    parts
        .iter()
        .find_map(|part| fixed_type(root, part, depth + 1))
}

/// An example object without the `type` its schema fixes gets it, first, as the API answers
/// it: some examples of the description leave it out (`POST /internal_articles`).
fn with_type(body: &mut Value, kind: Value) {
    let Value::Mapping(members) = body else {
        return;
    };
    if members.contains_key("type") {
        return;
    }
    let mut typed = Mapping::new();
    typed.insert("type".into(), kind);
    typed.extend(std::mem::take(members));
    *members = typed;
}

fn status_text(status: &Value) -> Option<String> {
    match status {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first example of a media type (`examples` in order, then `example`).
fn first_example(root: &Value, media: &Value) -> Option<Value> {
    let from_examples = media
        .get("examples")
        .and_then(Value::as_mapping)
        .and_then(|examples| examples.values().next())
        .and_then(|example| resolve(root, example))
        .and_then(|example| example.get("value"))
        .cloned();
    from_examples.or_else(|| media.get("example").cloned())
}

/// `value`, or what its `$ref` points at (one level of local references, as the description
/// uses them).
fn resolve<'v>(root: &'v Value, value: &'v Value) -> Option<&'v Value> {
    let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
        return Some(value);
    };
    let mut current = root;
    for token in reference.strip_prefix("#/")?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        current = current.get(token.as_str())?;
    }
    Some(current)
}

/// A value of `schema` made from its `example`s: objects of the members that have one (or are
/// made of members that have one), one item per array, `enum`'s first value, else a value of
/// the schema's type.
fn made(root: &Value, schema: &Value, depth: usize) -> Option<Value> {
    let schema = resolve(root, schema)?;
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some(example) = schema.get("example") {
        return Some(example.clone());
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_sequence)
        .and_then(|v| v.first())
    {
        return Some(first.clone());
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_sequence) {
        let mut merged = Mapping::new();
        for part in parts {
            match made(root, part, depth + 1) {
                Some(Value::Mapping(members)) => merged.extend(members),
                Some(other) if parts.len() == 1 => return Some(other),
                _ => {}
            }
        }
        return Some(Value::Mapping(merged));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(key)
            .and_then(Value::as_sequence)
            .and_then(|v| v.first())
        {
            return made(root, first, depth + 1);
        }
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => {
            let item = schema.get("items").and_then(|i| made(root, i, depth + 1));
            Some(Value::Sequence(item.into_iter().collect()))
        }
        Some("string") => Some("".into()),
        Some("integer" | "number") => Some(0.into()),
        Some("boolean") => Some(false.into()),
        _ => {
            let properties = schema.get("properties").and_then(Value::as_mapping)?;
            let members = properties
                .iter()
                .filter_map(|(name, s)| Some((name.clone(), made(root, s, depth + 1)?)))
                .collect();
            Some(Value::Mapping(members))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn an_example_is_made_from_the_schemas_examples_without_looping() {
        let root = yaml(
            "components:\n  schemas:\n    node:\n      type: object\n      properties:\n        type: {type: string, example: node}\n        id: {type: string, example: '7'}\n        child: {$ref: '#/components/schemas/node'}\n        tags: {type: array, items: {type: string, enum: [a, b]}}\n",
        );
        let made = made(&root, &yaml("$ref: '#/components/schemas/node'"), 0);
        let text = serde_json::to_string(&made).unwrap_or_default();
        assert!(
            text.starts_with(r#"{"type":"node","id":"7","child":{"type":"node""#),
            "{text}"
        );
        assert!(text.contains(r#""tags":["a"]"#), "{text}");
    }

    #[test]
    fn an_example_without_the_type_its_schema_fixes_gets_it_first() {
        let root = yaml(
            "components:\n  schemas:\n    item:\n      properties:\n        type: {type: string, enum: [internal_article]}\n    article:\n      allOf: [{$ref: '#/components/schemas/item'}]\n    open:\n      properties:\n        type: {type: string, enum: [a, b]}\n",
        );
        let kind = fixed_type(&root, &yaml("$ref: '#/components/schemas/article'"), 0);
        assert_eq!(kind, Some(Value::from("internal_article")));
        let mut body = yaml("{id: '42', title: T}");
        with_type(&mut body, Value::from("internal_article"));
        let text = serde_json::to_string(&body).unwrap_or_default();
        assert_eq!(text, r#"{"type":"internal_article","id":"42","title":"T"}"#);
        // Several values, or a type already there: left as the description has it.
        assert_eq!(
            fixed_type(&root, &yaml("$ref: '#/components/schemas/open'"), 0),
            None
        );
        let mut typed = yaml("{type: other, id: '1'}");
        with_type(&mut typed, Value::from("internal_article"));
        assert_eq!(typed["type"], Value::from("other"));
    }

    #[test]
    fn older_answers_keep_only_the_operations_whose_success_differs() {
        let description = |tag_type: &str, note_error: &str| {
            format!(
                "openapi: 3.0.1\ninfo: {{title: t, version: '2'}}\npaths:\n  /tags/{{id}}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              example: {{type: {tag_type}, id: '1'}}\n  /notes:\n    get:\n      responses:\n        '200': {{description: ok, content: {{application/json: {{example: {{type: list}}}}}}}}\n        '404': {{description: no, content: {{application/json: {{example: {{type: {note_error}}}}}}}}}\n"
            )
        };
        let gone = "  /old:\n    get:\n      responses:\n        '204': {description: gone}\n";
        let (old, new) = (description("Order", "a") + gone, description("list", "b"));
        let sources = |text: &'static str| Sources {
            description: ("d.yaml", text),
            overrides: None,
            corrections: None,
        };
        let (old, new): (&'static str, &'static str) = (old.leak(), new.leak());
        // Fern's overrides: names for a known operation, and one defined in full.
        let overrides = "paths:\n  /tags/{id}:\n    get: {x-fern-sdk-method-name: find}\n  /legacy/{id}/run:\n    post:\n      x-fern-sdk-method-name: run\n      responses:\n        '200': {description: ok, content: {application/json: {example: {type: conversation}}}}\n";
        let older = Sources {
            overrides: Some(("o.yml", overrides)),
            ..sources(old)
        };
        let text = older_answers(&older, &sources(new), "test").unwrap_or_else(|p| panic!("{p:?}"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let operations = value["operations"].as_object().cloned().unwrap_or_default();
        // Only the tag's success differs; an error that differs, or an operation the newer
        // description does not have, is not kept; the operation the overrides define is.
        let keys: Vec<&String> = operations.keys().collect();
        assert_eq!(keys, ["GET /tags/{id}", "POST /legacy/{id}/run"]);
        assert_eq!(operations["GET /tags/{id}"]["body"]["type"], "Order");
        assert_eq!(
            operations["POST /legacy/{id}/run"]["body"]["type"],
            "conversation"
        );
    }

    #[test]
    fn answers_take_the_first_success_and_the_error_examples() {
        let description = "openapi: 3.0.1\ninfo: {title: t, version: '2.16'}\npaths:\n  /tags/{id}:\n    get:\n      responses:\n        '404':\n          description: no\n          content:\n            application/json:\n              examples:\n                gone: {value: {type: error.list, errors: [{code: tag_not_found}]}}\n        '200':\n          description: ok\n          content:\n            application/json:\n              example: {type: tag, id: '1'}\n    delete:\n      responses:\n        '204': {description: gone}\n";
        let sources = Sources {
            description: ("d.yaml", description),
            overrides: None,
            corrections: None,
        };
        let text = answers(&sources, "test").unwrap_or_else(|p| panic!("{p:?}"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let get = &value["operations"]["GET /tags/{id}"];
        assert_eq!(get["status"], 200);
        assert_eq!(get["body"]["type"], "tag");
        assert_eq!(get["errors"]["404"]["errors"][0]["code"], "tag_not_found");
        let delete = &value["operations"]["DELETE /tags/{id}"];
        assert_eq!(delete["status"], 204);
        assert!(delete.get("body").is_none());
    }
}
