//! Which operation a request is for, what is wrong with it, and the usual answer: all read from
//! `intercom_sdk::meta`, so the mock follows the manifest and names no operation itself.

use intercom_sdk::meta::{Field, Kind, OPERATIONS, Operation, Paging, Place, Route};
use serde_json::{Value, json};

/// Example answers, by response model: every file of `mock-data/` (real Intercom payloads),
/// listed by `build.rs`.
static EXAMPLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example answer of `model`; a model without one still gets an answer, if not a rich one.
pub(crate) fn example(model: &str) -> &'static str {
    EXAMPLES
        .iter()
        .find(|(name, _)| *name == model)
        .map_or("{}", |(_, text)| text)
}

/// What a request may be told before its body is read.
#[derive(Debug, PartialEq)]
pub(crate) enum Gate {
    /// No operation has this method and path (404).
    Unknown,
    /// Every operation of this method and path needs credentials, and it has none (401).
    Unauthorized,
    /// Read it and route it.
    Open,
}

/// The [`Gate`] of a request, from its method, path and whether it carries credentials.
pub(crate) fn gate(method: &str, path: &str, authorized: bool) -> Gate {
    let mut candidates = OPERATIONS
        .iter()
        .filter(|op| op.method.as_str() == method)
        .filter(|op| op.paths().any(|t| t.matches(path)))
        .peekable();
    if candidates.peek().is_none() {
        Gate::Unknown
    } else if !authorized && candidates.all(|op| op.auth) {
        Gate::Unauthorized
    } else {
        Gate::Open
    }
}

/// Where a request was routed.
#[derive(Debug, PartialEq)]
pub(crate) enum Routed {
    /// No operation has this method and path (404).
    Unknown,
    /// Operations have this path, but the request fits none: the closest one and why (400).
    Unfit(&'static Operation, String, Option<&'static str>),
    /// The operation it is for.
    To(&'static Operation),
}

/// The operation a request is for. `/users/scroll` fits `/users/{userId}` too: among fitting
/// operations, the template with fewer placeholders wins, then the operation that names more of
/// what was sent, then the first in the manifest.
pub(crate) fn route(method: &str, sent: &Sent<'_>) -> Routed {
    let candidates: Vec<&'static Operation> = OPERATIONS
        .iter()
        .copied()
        .filter(|op| op.method.as_str() == method)
        .filter(|op| op.paths().any(|t| t.matches(sent.path)))
        .collect();
    let checked: Vec<(&'static Operation, Vec<Problem>)> = candidates
        .iter()
        .map(|op| (*op, problems(op, sent)))
        .collect();
    let fitting = checked
        .iter()
        .filter(|(_, p)| p.is_empty())
        .min_by_key(|(op, _)| {
            (
                placeholders(op, sent.path),
                std::cmp::Reverse(explained(op, sent)),
            )
        });
    if let Some((op, _)) = fitting {
        return Routed::To(op);
    }
    match checked.iter().min_by_key(|(_, p)| p.len()) {
        Some((op, p)) => {
            let (message, field) = p.first().cloned().unwrap_or_default();
            Routed::Unfit(op, message, field)
        }
        None => Routed::Unknown,
    }
}

/// The usual answer of `op`: its success status and example payload. A scroll answers one page
/// with a `scroll_param`, then an empty page.
pub(crate) fn usual_answer(op: &Operation, sent: &Sent<'_>) -> (u16, String) {
    let Some(model) = op.response.model() else {
        return (op.success, String::new());
    };
    let text = example(model);
    if op.paging != Some(Paging::Scroll) {
        return (op.success, text.to_owned());
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
    (op.success, page.to_string())
}

/// Placeholders used by the template of `op` that matches `path` (fewer is more specific).
fn placeholders(op: &Operation, path: &str) -> usize {
    op.paths()
        .filter(|t| t.matches(path))
        .map(|t| t.param_count())
        .min()
        .unwrap_or(usize::MAX)
}

fn body_get<'a>(body: Option<&'a Value>, dotted: &str) -> Option<&'a Value> {
    dotted.split('.').try_fold(body?, |v, k| v.get(k))
}

fn type_ok(f: &Field, v: &Value) -> bool {
    match f.kind {
        Kind::Text | Kind::Secret | Kind::LatLon => v.is_string(),
        Kind::Boolean => v.is_boolean(),
        Kind::Integer | Kind::Timestamp => v.is_i64() || v.is_u64(),
        Kind::Number => v.is_number(),
        Kind::Json => v.is_object(),
        // Lists may be sent wrapped (tag and segment ids) or item by item.
        Kind::TextList | Kind::ObjectList => v.is_array() || v.is_object(),
        Kind::Select => select_ok(f, v.as_str()),
        _ => true,
    }
}

fn query_ok(f: &Field, v: &str) -> bool {
    match f.kind {
        Kind::Boolean => v == "true" || v == "false",
        Kind::Integer => v.parse::<i64>().is_ok(),
        Kind::Number => v.parse::<f64>().is_ok(),
        Kind::Select => select_ok(f, Some(v)),
        _ => true,
    }
}

fn select_ok(f: &Field, v: Option<&str>) -> bool {
    v.is_some_and(|v| f.select.is_some_and(|s| s.values.contains(&v)))
}

/// What is wrong with a request, and the field concerned.
type Problem = (String, Option<&'static str>);

/// A request as received: its path, decoded query and JSON body.
pub(crate) struct Sent<'a> {
    pub(crate) path: &'a str,
    pub(crate) query: &'a [(String, String)],
    pub(crate) body: Option<&'a Value>,
}

impl Sent<'_> {
    pub(crate) fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn member(&self, dotted: &str) -> Option<&Value> {
        body_get(self.body, dotted)
    }
}

/// What is wrong with the request for `op` (empty when it fits).
fn problems(op: &Operation, sent: &Sent<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    for (k, v) in op.query {
        if sent.query(k) != Some(v) {
            out.push((format!("query `{k}` must be `{v}`"), None));
        }
    }
    for (k, v) in op.body {
        let expected: Value = serde_json::from_str(v).unwrap_or(Value::Null);
        if sent.member(k) != Some(&expected) {
            out.push((format!("body `{k}` must be {v}"), None));
        }
    }
    let mut known_query: Vec<&str> = op.query.iter().map(|(k, _)| *k).collect();
    match route_problem(op, sent) {
        Ok(route) => known_query.extend(route.iter().flat_map(|r| r.query.iter().map(|(k, _)| *k))),
        Err(problem) => out.push((problem, None)),
    }
    out.extend(input_problems(op, sent));
    known_query.extend(op.inputs().filter_map(|f| match f.place {
        Place::Query(key) => Some(key),
        _ => None,
    }));
    match op.paging {
        Some(Paging::Scroll) => known_query.push("scroll_param"),
        Some(Paging::Pages) => known_query.extend(["page", "per_page"]),
        _ => {}
    }
    for (k, _) in sent.query {
        if !known_query.contains(&k.as_str()) {
            out.push((format!("unknown query parameter `{k}`"), None));
        }
    }
    out
}

/// The route the request took (`None` for an operation without routes), or why none fits.
fn route_problem(op: &Operation, sent: &Sent<'_>) -> Result<Option<&'static Route>, String> {
    let Some(routing) = op.routing else {
        return if op.path.matches(sent.path) {
            Ok(None)
        } else {
            Err("path does not match".into())
        };
    };
    let routes: &'static [Route] = routing.routes;
    let fits = |route: &&Route| {
        route.refuse.is_none()
            && route.path.matches(sent.path)
            && route.query.iter().all(|(k, _)| sent.query(k).is_some())
            && route.body.iter().all(|(k, _)| sent.member(k).is_some())
    };
    match routes.iter().find(fits) {
        Some(route) => Ok(Some(route)),
        None => {
            let values: Vec<&str> = routing.routes.iter().map(|r| r.value).collect();
            Err(format!(
                "no identifier of a known kind ({}: {}) was given",
                routing.by,
                values.join(", ")
            ))
        }
    }
}

/// Inputs missing, or of the wrong type, in the query and the body.
fn input_problems(op: &Operation, sent: &Sent<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    for f in op.inputs() {
        match f.place {
            Place::Query(key) => match sent.query(key) {
                Some(v) if !query_ok(f, v) => out.push((
                    format!("`{v}` is not a valid {}", f.manifest_type),
                    Some(f.name),
                )),
                None if f.required => {
                    out.push((format!("missing query parameter `{key}`"), Some(f.name)));
                }
                _ => {}
            },
            Place::Body(key) => match sent.member(key) {
                Some(v) if !type_ok(f, v) => out.push((
                    format!("`{key}` is not a valid {}", f.manifest_type),
                    Some(f.name),
                )),
                Some(v) if !carries_each(f, v) => {
                    let members: Vec<String> =
                        f.each.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    let message = format!("each item of `{key}` must carry {}", members.join(", "));
                    out.push((message, Some(f.name)));
                }
                None if f.required => {
                    out.push((format!("missing body member `{key}`"), Some(f.name)));
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// Whether every item of a list sent for `f` carries the members `f.each` says (`untag: true`):
/// what tells untagging from tagging.
fn carries_each(f: &Field, value: &Value) -> bool {
    let Some(items) = value.as_array() else {
        return true;
    };
    f.each.iter().all(|(key, json)| {
        let expected: Value = serde_json::from_str(json).unwrap_or(Value::Null);
        items.iter().all(|item| item.get(key) == Some(&expected))
    })
}

/// How many of the request's query parameters and body members `op` names: among operations
/// that fit, the one that explains most of the request is the one meant (tagUser over
/// createTag for `{"name", "users"}`).
fn explained(op: &Operation, sent: &Sent<'_>) -> usize {
    let routes = op.routing.map_or(&[][..], |r| r.routes);
    let query_keys = op
        .inputs()
        .filter_map(|f| match f.place {
            Place::Query(key) => Some(key),
            _ => None,
        })
        .chain(routes.iter().flat_map(|r| r.query.iter().map(|(k, _)| *k)));
    let body_keys = op
        .inputs()
        .filter_map(|f| match f.place {
            Place::Body(key) => Some(key),
            _ => None,
        })
        .chain(routes.iter().flat_map(|r| r.body.iter().map(|(k, _)| *k)));
    // The members every item carries (`untag: true`) are part of what was sent, too.
    let each = op.inputs().filter_map(|f| match f.place {
        Place::Body(key) if !f.each.is_empty() => sent
            .member(key)
            .filter(|v| carries_each(f, v))
            .map(|_| f.each.len()),
        _ => None,
    });
    query_keys.filter(|k| sent.query(k).is_some()).count()
        + body_keys.filter(|k| sent.member(k).is_some()).count()
        + each.sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent<'a>(path: &'a str, query: &'a [(String, String)]) -> Sent<'a> {
        Sent {
            path,
            query,
            body: None,
        }
    }

    #[test]
    fn counts_are_told_apart_by_their_constants() {
        let q = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        let company_users = q(&[("type", "company"), ("count", "user")]);
        let routed = route("GET", &sent("/counts", &company_users));
        assert!(
            matches!(routed, Routed::To(op) if op.name == "getCompanyUsersCount"),
            "{routed:?}"
        );
        let nonsense = q(&[("type", "nonsense")]);
        assert!(matches!(
            route("GET", &sent("/counts", &nonsense)),
            Routed::Unfit(..)
        ));
        assert_eq!(route("GET", &sent("/nowhere", &[])), Routed::Unknown);
    }

    #[test]
    fn the_most_literal_template_wins() {
        let routed = route("GET", &sent("/users/scroll", &[]));
        assert!(
            matches!(routed, Routed::To(op) if op.name == "scrollUsers"),
            "{routed:?}"
        );
    }

    #[test]
    fn every_response_model_has_an_example_answer() {
        for op in OPERATIONS {
            if let Some(model) = op.response.model() {
                assert_ne!(example(model), "{}", "mock-data/{model}.json is missing");
            }
        }
    }
}
