//! Reading a description: YAML to JSON, the corrections applied, then openapiv3's types, with a
//! check that nothing the description says was dropped on the way.

use serde_yaml::{Mapping, Value};

use super::Problem;

/// The description, corrected and normalised, as openapiv3 reads it.
pub(super) struct Description {
    pub(super) api: openapiv3::OpenAPI,
}

/// Parses `text` (YAML or JSON) into a tree that keeps the order of every mapping.
pub(super) fn json(text: &str, file: &str) -> Result<Value, Problem> {
    serde_yaml::from_str(text).map_err(|e| Problem::at(file, "", format!("not YAML: {e}")))
}

/// Reads the corrected description `json` with openapiv3, after turning every `$ref` with
/// sibling keys (`description`, `nullable`, which OpenAPI 3.0 says to ignore but authors mean) into
/// `allOf: [{$ref}]` beside them, so openapiv3 keeps them. Any key openapiv3 would still drop is
/// a problem at its JSON pointer, never silently lost.
pub(super) fn description(mut json: Value, file: &str) -> Result<Description, Vec<Problem>> {
    normalise(&mut json);
    let api: openapiv3::OpenAPI = serde_yaml::from_value(json.clone()).map_err(|e| {
        vec![Problem::at(
            file,
            "",
            format!("not an OpenAPI 3.0 description: {e}"),
        )]
    })?;
    let reread = serde_yaml::to_value(&api).map_err(|e| {
        vec![Problem::at(
            file,
            "",
            format!("cannot be written back: {e}"),
        )]
    })?;
    let mut lost = Vec::new();
    dropped(&json, &reread, &mut String::new(), &mut lost);
    if !lost.is_empty() {
        return Err(lost
            .into_iter()
            .map(|pointer| {
                Problem::at(
                    file,
                    &pointer,
                    "openapiv3 cannot express this key, so the importer would lose it".to_owned(),
                )
            })
            .collect());
    }
    Ok(Description { api })
}

/// `{$ref, …siblings}` → `{allOf: [{$ref}], …siblings}`, everywhere but in examples (data, not
/// schema) and under `paths` and `components` keys that are names.
fn normalise(value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            if map.contains_key("$ref") && map.len() > 1 {
                if let Some(reference) = map.remove("$ref") {
                    let mut one = Mapping::new();
                    one.insert(Value::from("$ref"), reference);
                    map.insert(
                        Value::from("allOf"),
                        Value::Sequence(vec![Value::Mapping(one)]),
                    );
                }
            }
            // `type: object` beside `oneOf`/`anyOf` says no more than the alternatives do, and
            // openapiv3 would read the schema as a plain object, dropping them.
            if map.get("type").and_then(Value::as_str) == Some("object")
                && (map.contains_key("oneOf") || map.contains_key("anyOf"))
                && !map.contains_key("properties")
            {
                map.remove("type");
            }
            for (key, inner) in map.iter_mut() {
                let data = matches!(
                    key.as_str(),
                    Some("example" | "examples" | "default" | "enum")
                );
                if !data {
                    normalise(inner);
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(normalise),
        _ => {}
    }
}

/// Appends the JSON pointer of every key of `original` that `reread` lacks. A key openapiv3
/// leaves out because it holds the default (`nullable: false`, `required: false`, an empty list)
/// is not lost.
fn dropped(original: &Value, reread: &Value, at: &mut String, out: &mut Vec<String>) {
    match (original, reread) {
        (Value::Mapping(a), Value::Mapping(b)) => {
            for (key, value) in a {
                let len = at.len();
                let name = match key {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                };
                at.push('/');
                at.push_str(&name.replace('~', "~0").replace('/', "~1"));
                match b.get(key) {
                    Some(other) => dropped(value, other, at, out),
                    None if is_default(value) => {}
                    None => out.push(at.clone()),
                }
                at.truncate(len);
            }
        }
        (Value::Sequence(a), Value::Sequence(b)) => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                dropped(x, y, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

fn is_default(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::Sequence(items) => items.is_empty(),
        Value::Mapping(map) => map.is_empty(),
        Value::Null => true,
        _ => false,
    }
}

/// The node at a JSON pointer (`/components/schemas/a~1b`) of a YAML tree.
pub(super) fn pointer_mut<'v>(value: &'v mut Value, pointer: &str) -> Option<&'v mut Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    let mut current = value;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        current = match current {
            Value::Mapping(map) => map.get_mut(token.as_str())?,
            Value::Sequence(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}
