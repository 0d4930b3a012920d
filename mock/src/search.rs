//! Intercom's 2.x search queries evaluated over stored records: `{"field", "operator", "value"}`
//! and `{"operator": "AND" | "OR", "value": [...]}`, nested, with every operator the API
//! documents (`=`, `!=`, `IN`, `NIN`, `<`, `>`, `~`, `!~`, `^`, `$`) on string, number, boolean
//! and date (Unix seconds) fields; a field is a dotted path (`custom_attributes.plan`).

use serde_json::Value;

/// Nesting deeper than this is refused (the API allows two levels; this leaves room).
const MAX_DEPTH: usize = 16;

/// Whether `record` matches `query`, or why the query is not one.
pub(crate) fn matches(query: &Value, record: &Value) -> Result<bool, String> {
    matches_at(query, record, 0)
}

fn matches_at(query: &Value, record: &Value, depth: usize) -> Result<bool, String> {
    if depth > MAX_DEPTH {
        return Err("the query is nested too deeply".into());
    }
    let operator = query
        .get("operator")
        .and_then(Value::as_str)
        .ok_or("each query needs an `operator`")?;
    let value = query.get("value").unwrap_or(&Value::Null);
    if let op @ ("AND" | "OR") = operator {
        let parts = value
            .as_array()
            .ok_or_else(|| format!("`{op}` takes a list of queries as its value"))?;
        let mut results = parts.iter().map(|q| matches_at(q, record, depth + 1));
        return if op == "AND" {
            results.try_fold(true, |all, r| Ok(all && r?))
        } else {
            results.try_fold(false, |any, r| Ok(any || r?))
        };
    }
    let field = query
        .get("field")
        .and_then(Value::as_str)
        .ok_or("a query on a field needs a `field`")?;
    let found = field
        .split('.')
        .try_fold(record, |v, key| v.get(key))
        .unwrap_or(&Value::Null);
    compare(operator, found, value)
}

/// `found <operator> wanted`.
fn compare(operator: &str, found: &Value, wanted: &Value) -> Result<bool, String> {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.to_lowercase()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    Ok(match operator {
        "=" => equal(found, wanted),
        "!=" => !equal(found, wanted),
        "IN" | "NIN" => {
            let options = wanted
                .as_array()
                .ok_or_else(|| format!("`{operator}` takes a list as its value"))?;
            let inside = options.iter().any(|o| equal(found, o));
            inside == (operator == "IN")
        }
        "<" | ">" => match (number(found), number(wanted)) {
            (Some(a), Some(b)) if operator == "<" => a < b,
            (Some(a), Some(b)) => a > b,
            _ => false,
        },
        "~" | "!~" | "^" | "$" => {
            let (Some(haystack), Some(needle)) = (text(found), text(wanted)) else {
                return Ok(operator == "!~");
            };
            match operator {
                "~" => haystack.contains(&needle),
                "!~" => !haystack.contains(&needle),
                "^" => haystack.starts_with(&needle),
                _ => haystack.ends_with(&needle),
            }
        }
        other => return Err(format!("`{other}` is not a search operator")),
    })
}

/// Equal as the API compares: numbers by value (a date sent as text too), text exactly, `null`
/// matching a missing member.
fn equal(found: &Value, wanted: &Value) -> bool {
    match (number(found), number(wanted)) {
        (Some(a), Some(b)) if !found.is_string() || !wanted.is_string() => a == b,
        _ => found == wanted,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(query: Value) -> bool {
        let record = json!({
            "email": "Ada@Example.com", "name": "Ada", "age": 36, "created_at": 1700000000,
            "unsubscribed_from_emails": false, "phone": null,
            "custom_attributes": {"plan": "pro"}
        });
        matches(&query, &record).unwrap_or_else(|e| panic!("{e}"))
    }

    fn q(field: &str, operator: &str, value: Value) -> Value {
        json!({"field": field, "operator": operator, "value": value})
    }

    #[test]
    fn every_operator_on_every_kind_of_field() {
        assert!(check(q("name", "=", json!("Ada"))));
        assert!(!check(q("name", "=", json!("ada"))));
        assert!(check(q("name", "!=", json!("Bob"))));
        assert!(check(q("name", "IN", json!(["Bob", "Ada"]))));
        assert!(check(q("name", "NIN", json!(["Bob"]))));
        assert!(check(q("age", ">", json!(30))));
        assert!(check(q("age", "<", json!(40))));
        assert!(!check(q("age", "<", json!(36))));
        assert!(check(q("age", "=", json!(36))));
        assert!(check(q("created_at", ">", json!("1600000000"))));
        assert!(check(q("email", "~", json!("example"))));
        assert!(check(q("email", "!~", json!("gmail"))));
        assert!(check(q("email", "^", json!("ada@"))));
        assert!(check(q("email", "$", json!(".com"))));
        assert!(check(q("unsubscribed_from_emails", "=", json!(false))));
        assert!(check(q("phone", "=", Value::Null)));
        assert!(check(q("missing", "=", Value::Null)));
        assert!(check(q("custom_attributes.plan", "=", json!("pro"))));
    }

    #[test]
    fn and_or_nest() {
        let yes = q("name", "=", json!("Ada"));
        let no = q("name", "=", json!("Bob"));
        assert!(check(
            json!({"operator": "AND", "value": [yes, {"operator": "OR", "value": [no, yes]}]})
        ));
        assert!(!check(json!({"operator": "AND", "value": [yes, no]})));
        assert!(check(json!({"operator": "OR", "value": [no, yes]})));
    }

    #[test]
    fn a_bad_query_says_why() {
        let record = json!({});
        assert!(matches(&q("name", "LIKE", json!("x")), &record).is_err());
        assert!(matches(&json!({"operator": "AND", "value": 1}), &record).is_err());
        assert!(matches(&q("name", "IN", json!("x")), &record).is_err());
    }
}
