//! Our corrections to the description, applied before it is read: where it disagrees with what
//! the API answers. Each names a JSON pointer into the description, what to do there (`set` a
//! value, or `merge` a JSON Merge Patch, RFC 7386), and its `evidence`.

use serde_yaml::{Mapping, Value};

use super::read::pointer_mut;

use super::Problem;

/// Applies every correction of `list` (`{corrections: [...]}`) to `description`. A correction
/// that points at nothing, or gives no evidence, is a problem: a correction must stay true of
/// the description it corrects.
pub(super) fn apply(description: &mut Value, list: &Value, file: &str) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    let entries = list
        .get("corrections")
        .and_then(Value::as_sequence)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (i, entry) in entries.iter().enumerate() {
        let here = format!("/corrections/{i}");
        let mut problem = |message: String| problems.push(Problem::at(file, &here, message));
        let Some(at) = entry.get("at").and_then(Value::as_str) else {
            problem("a correction needs `at`, a JSON pointer into the description".into());
            continue;
        };
        let evidence = entry
            .get("evidence")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if evidence.trim().is_empty() {
            problem(format!("the correction at `{at}` gives no `evidence`"));
            continue;
        }
        let Some(target) = pointer_mut(description, at) else {
            problem(format!("`{at}` points at nothing in the description"));
            continue;
        };
        match (entry.get("set"), entry.get("merge")) {
            (Some(value), None) => *target = value.clone(),
            (None, Some(patch)) => merge(target, patch),
            _ => problem(format!(
                "the correction at `{at}` needs exactly one of `set` and `merge`"
            )),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// JSON Merge Patch (RFC 7386): objects merge member by member, `null` removes, anything else
/// replaces.
fn merge(target: &mut Value, patch: &Value) {
    let Value::Mapping(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_mapping() {
        *target = Value::Mapping(Mapping::new());
    }
    let Value::Mapping(map) = target else { return };
    for (key, value) in patch {
        if value.is_null() {
            map.remove(key);
        } else {
            merge(map.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap_or_default()
    }

    #[test]
    fn corrections_set_merge_and_refuse_what_points_nowhere() {
        let mut d = yaml("components: { schemas: { a: { type: integer, format: x } } }");
        let list = yaml(
            "corrections: [ { at: /components/schemas/a, merge: { type: string, format: null }, evidence: e } ]",
        );
        assert!(apply(&mut d, &list, "c.yaml").is_ok());
        assert_eq!(d["components"]["schemas"]["a"], yaml("{ type: string }"));
        let bad = yaml(
            "corrections: [ { at: /nowhere, set: 1, evidence: e }, { at: /components, set: 1 } ]",
        );
        let problems = apply(&mut d, &bad, "c.yaml").err().unwrap_or_default();
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("points at nothing"));
        assert!(problems[1].message.contains("evidence"));
    }
}
