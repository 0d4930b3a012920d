//! What the mock answers when a test programmed nothing else: an operation's usual answer,
//! shaped by the request, and Intercom's error bodies, for 1.x and 2.x.
//!
//! 1.x answers are real Intercom payloads (`mock-data/<Model>.json`, or
//! `mock-data/<Model>.<operation>.json` where one operation of a model answers otherwise, as the
//! typed counts do). 2.x answers are the examples of Intercom's OpenAPI description
//! (`mock-data/v2/answers.json`, written by `cargo xtask import-openapi`), and 2.14's where a
//! request asks for 2.14 or older and they differ (`mock-data/v2/answers-2.14.json`).

use std::collections::HashMap;
use std::sync::LazyLock;

use intercom_sdk::meta::{Answer, Api, Operation, Paging, Segment};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::routes::Sent;

/// 1.x example answers, by response model: every file of `mock-data/` (real Intercom payloads),
/// listed by `build.rs`.
static EXAMPLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The 1.x example answer of `op`: `<Model>.<operation>` first, then `<Model>`. A model without
/// one still gets an answer, if not a rich one.
pub(crate) fn example(model: &str, op: &str) -> &'static str {
    let specific = format!("{model}.{op}");
    let find = |name: &str| EXAMPLES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
    find(&specific).or_else(|| find(model)).unwrap_or("{}")
}

/// One 2.x operation's documented answers.
#[derive(Debug, Deserialize)]
struct Documented {
    status: Option<u16>,
    content_type: Option<String>,
    body: Option<Value>,
    #[serde(default)]
    errors: HashMap<String, Value>,
}

#[derive(Debug, Deserialize)]
struct AnswersFile {
    operations: HashMap<String, Documented>,
}

/// The 2.x answers by `"METHOD /path/{template}"`.
static V2: LazyLock<HashMap<String, Documented>> = LazyLock::new(|| {
    serde_json::from_str::<AnswersFile>(include_str!("../mock-data/v2/answers.json"))
        .map(|file| file.operations)
        .unwrap_or_default()
});

/// The 2.14 answers that differ from 2.16's (`mock-data/v2/answers-2.14.json`, also written by
/// `cargo xtask import-openapi`): Intercom's own SDKs ask for 2.14.
static V2_14: LazyLock<HashMap<String, Documented>> = LazyLock::new(|| {
    serde_json::from_str::<AnswersFile>(include_str!("../mock-data/v2/answers-2.14.json"))
        .map(|file| file.operations)
        .unwrap_or_default()
});

fn documented(op: &Operation) -> Option<&'static Documented> {
    V2.get(&key(op))
}

/// The answers of `op` in the version a request asks for: 2.14's where it asks for 2.14 or
/// older and they differ, else 2.16's.
fn documented_in(op: &Operation, version: Option<&str>) -> Option<&'static Documented> {
    let older = version.is_some_and(two_fourteen_or_older);
    let in_2_14 = older.then(|| V2_14.get(&key(op))).flatten();
    in_2_14.or_else(|| documented(op))
}

/// The answer to an operation Intercom's own SDKs still call that the 2.16 description no
/// longer has (`runAssignmentRules`, deprecated since 2.12 and removed by Intercom on 31 December
/// 2026), for a request that asks for 2.14 or older: the success Fern's overrides define, which
/// the import keeps in the 2.14 answers. The request is not checked, nor recorded for an
/// operation.
pub(crate) fn retired(method: &str, path: &str, version: Option<&str>) -> Option<Usual> {
    if !version.is_some_and(two_fourteen_or_older) {
        return None;
    }
    let (_, doc) = V2_14.iter().find(|(key, _)| {
        let Some((verb, template)) = key.split_once(' ') else {
            return false;
        };
        let in_sdk = || {
            intercom_sdk::meta::all()
                .any(|op| op.method.as_str() == verb && op.path.as_str() == template)
        };
        verb == method && template_matches(template, path) && !in_sdk()
    })?;
    let body = doc.body.as_ref().map(Value::to_string).unwrap_or_default();
    Some(json_usual(doc.status.unwrap_or(200), body))
}

/// Whether `path` fits `template`, a placeholder taking one segment that is not empty.
fn template_matches(template: &str, path: &str) -> bool {
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(want), Some(got)) if want.starts_with('{') && want.ends_with('}') => {
                if got.is_empty() {
                    return false;
                }
            }
            (Some(want), Some(got)) if want == got => {}
            _ => return false,
        }
    }
}

fn key(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path.as_str())
}

/// `2.14`, `2.9`, `2.0`; not `2.16`, nor `Unstable`.
fn two_fourteen_or_older(version: &str) -> bool {
    let mut parts = version.trim().split('.');
    let minor = (parts.next() == Some("2"))
        .then(|| parts.next()?.parse::<u32>().ok())
        .flatten();
    minor.is_some_and(|m| m <= 14)
}

/// A usual answer: status, body and its content type.
pub(crate) struct Usual {
    pub(crate) status: u16,
    pub(crate) body: String,
    pub(crate) content_type: &'static str,
}

/// The usual answer of `op` to `sent`.
pub(crate) fn usual(op: &Operation, sent: &Sent<'_>) -> Usual {
    match op.api {
        Api::V1 => usual_v1(op, sent),
        Api::V2 => usual_v2(op, sent),
    }
}

pub(crate) fn json_usual(status: u16, body: String) -> Usual {
    Usual {
        status,
        body,
        content_type: "application/json",
    }
}

/// 1.x: the operation's success status and example payload. A scroll answers one page with a
/// `scroll_param`, then an empty page.
fn usual_v1(op: &Operation, sent: &Sent<'_>) -> Usual {
    let Some(model) = op.response.model() else {
        return json_usual(op.success, String::new());
    };
    let text = example(model, op.name);
    if op.paging != Some(Paging::Scroll) {
        return json_usual(op.success, text.to_owned());
    }
    let mut page: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    if sent.query("scroll_param").is_some() {
        // The end of a scroll: the same list, without records.
        if let Some(obj) = page.as_object_mut() {
            for v in obj.values_mut() {
                if v.is_array() {
                    *v = json!([]);
                }
            }
        }
    } else if let Some(obj) = page.as_object_mut() {
        obj.insert("scroll_param".into(), json!("mock-scroll-1"));
    }
    json_usual(op.success, page.to_string())
}

/// 2.x: the description's example (or one made from its schema), shaped by the request: the
/// id in the path, the members sent.
fn usual_v2(op: &Operation, sent: &Sent<'_>) -> Usual {
    let Some(doc) = documented_in(op, sent.version) else {
        return json_usual(op.success, String::new());
    };
    if op.response == Answer::None {
        return json_usual(op.success, String::new());
    }
    let Some(mut body) = doc.body.clone() else {
        return json_usual(op.success, String::new());
    };
    if let (Some(kind), Value::String(text)) = (&doc.content_type, &body) {
        let content_type = if kind.starts_with("text/") {
            "text/plain"
        } else {
            "application/octet-stream"
        };
        return Usual {
            status: op.success,
            body: text.clone(),
            content_type,
        };
    }
    shape(op, sent, &mut body);
    json_usual(op.success, body.to_string())
}

/// Makes an example answer about what was asked: its `id` is the last id in the path, and a
/// member sent at the top of the body replaces the example's member of the same name and JSON
/// type (never `type` or `id`).
pub(crate) fn shape(op: &Operation, sent: &Sent<'_>, body: &mut Value) {
    let Some(answer) = body.as_object_mut() else {
        return;
    };
    if let Some(id) = last_param(op, sent.path)
        && let Some(slot) = answer.get_mut("id")
    {
        *slot = match slot {
            Value::Number(_) => id
                .parse::<i64>()
                .map_or(Value::from(id.clone()), Value::from),
            _ => Value::from(id),
        };
    }
    let Some(members) = sent.body.and_then(Value::as_object) else {
        return;
    };
    for (key, value) in members {
        if matches!(key.as_str(), "type" | "id") {
            continue;
        }
        if let Some(slot) = answer.get_mut(key)
            && same_kind(slot, value)
        {
            *slot = value.clone();
        }
    }
}

pub(crate) fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        || (a.is_null() && (b.is_string() || b.is_number() || b.is_boolean()))
}

/// The value, decoded, of the last placeholder of `op`'s path as `path` fills it.
fn last_param(op: &Operation, path: &str) -> Option<String> {
    let template = op.paths().find(|t| t.matches(path))?;
    let mut rest = path;
    let mut last = None;
    for piece in template.segments() {
        match piece {
            Segment::Literal(text) => rest = rest.strip_prefix(text)?,
            Segment::Param(_) => {
                let end = rest.find('/').unwrap_or(rest.len());
                last = Some(crate::routes::decode(&rest[..end]));
                rest = &rest[end..];
            }
        }
    }
    last
}

/// The error body Intercom sends with `status` for an operation of `api`: the one its
/// description documents for that operation and status if any (2.x), else an `error.list` with
/// the code the API uses for that status.
pub(crate) fn error_body(api: Api, op: Option<&Operation>, status: u16, message: &str) -> String {
    if api == Api::V2
        && let Some(documented) = op
            .and_then(documented)
            .and_then(|d| d.errors.get(&status.to_string()))
    {
        return documented.to_string();
    }
    let code = match (api, status) {
        (Api::V2, 401) => "unauthorized",
        (Api::V2, 400) | (_, 422) => "parameter_invalid",
        (_, 400) => "bad_request",
        (_, 401) => "token_unauthorized",
        (_, 403) => "forbidden",
        (_, 404) => "not_found",
        (_, 408) => "request_timeout",
        (_, 409) => "conflict",
        (_, 413) => "request_too_large",
        (_, 429) => "rate_limit_exceeded",
        (_, 503) => "service_unavailable",
        (_, s) if s >= 500 => "server_error",
        _ => "client_error",
    };
    json!({
        "type": "error.list",
        "request_id": "mock",
        "errors": [{"code": code, "message": message}]
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use intercom_sdk::meta;

    use super::*;

    #[test]
    fn every_response_model_has_an_example_answer() {
        for op in meta::all().filter(|op| op.api == Api::V1) {
            if let Some(model) = op.response.model() {
                assert_ne!(
                    example(model, op.name),
                    "{}",
                    "mock-data/{model}.json is missing"
                );
            }
        }
    }

    /// #22, 4: what the mock answers decodes to a code the SDK knows.
    #[test]
    fn every_error_code_the_mock_sends_is_known_to_the_sdk() {
        for api in [Api::V1, Api::V2] {
            for status in [
                400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504,
            ] {
                let body: Value =
                    serde_json::from_str(&error_body(api, None, status, "m")).unwrap_or_default();
                let code = body["errors"][0]["code"].as_str().unwrap_or_default();
                let known = intercom_sdk::ErrorCode::from(code);
                assert!(
                    !matches!(known, intercom_sdk::ErrorCode::Unknown(_)),
                    "{api:?} {status}: {code}"
                );
            }
        }
    }

    #[test]
    fn every_2x_operation_has_its_documented_answers() {
        let missing: Vec<&str> = meta::all()
            .filter(|op| op.api == Api::V2 && documented(op).is_none())
            .map(|op| op.name)
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn an_answer_is_about_the_id_in_the_path_and_what_was_sent() {
        let Some(op) = meta::find_in(Api::V2, "UpdateContact") else {
            panic!("UpdateContact is in the manifest");
        };
        let body = json!({"email": "ada@example.com", "type": "admin", "role": 7});
        let sent = Sent {
            path: "/contacts/c%2D1",
            query: &[],
            body: Some(&body),
            host: None,
            version: None,
        };
        let answer: Value = serde_json::from_str(&usual(op, &sent).body).unwrap_or_default();
        assert_eq!(answer["id"], "c-1");
        assert_eq!(answer["email"], "ada@example.com");
        assert_eq!(answer["type"], "contact", "the type stays the model's");
        assert!(
            answer["role"].is_string(),
            "a member of another JSON type is not copied"
        );
    }
}
