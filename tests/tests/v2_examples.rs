//! Every response example of Intercom's 2.16 description decodes into its operation's model and
//! is written back as the same JSON: the models hold up against what Intercom documents, and
//! lose nothing of it.

use intercom_sdk::meta::{self, Answer, Api};
use intercom_tests::{decode_v2_model, root, same_json, serde_v2_model};
use serde_json::Value;

/// The description's operations: (method, path, operation), in its order.
fn operations(description: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    let paths = description.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            if matches!(method.as_str(), "get" | "post" | "put" | "delete" | "patch") {
                out.push((method.to_ascii_uppercase(), path.clone(), op));
            }
        }
    }
    out
}

/// The examples of an operation's success answers: (status, name, value).
fn success_examples(op: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    let responses = op.get("responses").and_then(Value::as_object);
    for (status, response) in responses.into_iter().flatten() {
        if !status.starts_with('2') {
            continue;
        }
        let json = response.pointer("/content/application~1json");
        if let Some(examples) = json
            .and_then(|j| j.get("examples"))
            .and_then(Value::as_object)
        {
            for (name, example) in examples {
                if let Some(value) = example.get("value") {
                    out.push((status.clone(), name.clone(), value.clone()));
                }
            }
        }
        if let Some(value) = json.and_then(|j| j.get("example")) {
            out.push((status.clone(), "example".to_owned(), value.clone()));
        }
    }
    out
}

#[test]
fn every_response_example_decodes_and_round_trips() {
    let path = root().join("openapi/2.16/api.intercom.io.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let description: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let (mut checked, mut agreed, mut failures) = (0, 0, Vec::new());
    // Members the model types otherwise than the example holds them, or does not name: the
    // importer should type what the description documents.
    let mut mismatches = Vec::new();
    // Members the examples hold and the schemas do not document: kept in `extra`.
    let mut undocumented = Vec::new();
    for (method, path, op) in operations(&description) {
        let found = meta::all()
            .find(|m| m.api == Api::V2 && m.method.as_str() == method && m.path.as_str() == path);
        let Some(found) = found else {
            failures.push(format!("{method} {path}: no operation of the SDK"));
            continue;
        };
        for (status, name, value) in success_examples(op) {
            let items = match (found.response, &value) {
                (Answer::Model(model), _) => vec![(model, value.clone())],
                (Answer::List(model), Value::Array(items)) => {
                    items.iter().map(|i| (model, i.clone())).collect()
                }
                (Answer::Json | Answer::Text | Answer::File, _) => continue,
                (other, _) => {
                    failures.push(format!(
                        "{} {status} `{name}`: answers {other:?}",
                        found.name
                    ));
                    continue;
                }
            };
            for (model, item) in items {
                let json = item.to_string();
                checked += 1;
                let decoded = match decode_v2_model(model, json.as_bytes()) {
                    Some(Ok(decoded)) => decoded,
                    Some(Err(e)) => {
                        failures.push(format!("{} {status} `{name}` as {model}: {e}", found.name));
                        continue;
                    }
                    None => {
                        failures.push(format!("{}: no model {model}", found.name));
                        continue;
                    }
                };
                for path in decoded.surprises() {
                    mismatches.push(format!(
                        "{} {status} `{name}` as {model}: {path}",
                        found.name
                    ));
                }
                for path in decoded.unknown() {
                    undocumented.push(format!(
                        "{} {status} `{name}` as {model}: {path}",
                        found.name
                    ));
                }
                if let Err(diff) = same_json(&json, &decoded.json()) {
                    failures.push(format!(
                        "{} {status} `{name}` as {model} does not round-trip: {diff}",
                        found.name
                    ));
                }
                // `decode`'s first pass reads what the serde pass alone reads, member for member.
                if let Some(Ok(serde)) = serde_v2_model(model, json.as_bytes()) {
                    if (serde.json(), format!("{serde:?}"))
                        != (decoded.json(), format!("{decoded:?}"))
                    {
                        failures.push(format!(
                            "{} {status} `{name}` as {model}: the serde pass reads {serde:?}, \
                             `decode` {decoded:?}",
                            found.name
                        ));
                    }
                    agreed += 1;
                }
            }
        }
    }
    assert_eq!(
        agreed, checked,
        "every example is read by the serde pass alone too"
    );
    eprintln!(
        "{checked} response examples decoded and written back; {} members they hold are not in \
         the description's schemas (kept in `extra`), among them:\n{}",
        undocumented.len(),
        undocumented
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // What every contact answer carries is typed: openapi/corrections.yaml adds to the contact
    // schemas what they leave out.
    let contacts: Vec<&String> = undocumented
        .iter()
        .filter(|u| u.contains(" as Contact:") || u.contains(" as ContactList:"))
        .collect();
    assert!(
        contacts.is_empty(),
        "untyped members of contacts: {contacts:#?}"
    );
    assert!(
        mismatches.is_empty(),
        "{} members of the examples do not fit their models:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The description documents most answers with an example: a parser that found few is broken.
    assert!(checked > 200, "only {checked} examples found");
}
