//! Which operation a request is for, what is wrong with it, and the usual answer: all read from
//! `intercom_sdk::meta`, so the mock follows the manifest and names no operation itself.

use intercom_sdk::meta::{self, Api, Field, Kind, Operation, Place, Route};
use serde_json::Value;

/// The operations of `method` whose path fits `path`: those of the API the request asked for
/// (its `Intercom-Version`, else the mock's default) where it has any, else the other API's,
/// where the two APIs share no path.
fn candidates(method: &str, path: &str, api: Api) -> Vec<&'static Operation> {
    let of = |api: Api| -> Vec<&'static Operation> {
        meta::all()
            .filter(|op| op.api == api && op.method.as_str() == method)
            .filter(|op| op.paths().any(|t| t.matches(path)))
            .collect()
    };
    let preferred = of(api);
    if preferred.is_empty() {
        of(other(api))
    } else {
        preferred
    }
}

fn other(api: Api) -> Api {
    match api {
        Api::V1 => Api::V2,
        Api::V2 => Api::V1,
    }
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

/// The [`Gate`] of a request, from its method, path, API and whether it carries credentials.
pub(crate) fn gate(method: &str, path: &str, api: Api, authorized: bool) -> Gate {
    let candidates = candidates(method, path, api);
    if candidates.is_empty() {
        Gate::Unknown
    } else if !authorized && candidates.iter().all(|op| op.auth) {
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
    /// The operation it is for, and its twins: other operations that send this very request
    /// (`updateUserByEmail` sends what `createUserByEmail` does), which it is recorded for too.
    To(&'static Operation, Vec<&'static Operation>),
}

/// The operation a request is for. `/users/scroll` fits `/users/{userId}` too: among fitting
/// operations, the template with fewer placeholders wins, then the operation that names more of
/// what was sent, then the first in the manifest; the others that tie with it are its twins.
pub(crate) fn route(method: &str, api: Api, sent: &Sent<'_>) -> Routed {
    let checked: Vec<(&'static Operation, Vec<Problem>)> = candidates(method, sent.path, api)
        .into_iter()
        .map(|op| (op, problems(op, sent)))
        .collect();
    let rank = |op: &Operation| {
        (
            placeholders(op, sent.path),
            std::cmp::Reverse(explained(op, sent)),
        )
    };
    let mut fitting = checked
        .iter()
        .filter(|(_, p)| p.is_empty())
        .map(|(op, _)| *op);
    if let Some(first) = fitting.next() {
        let best = fitting.clone().fold(
            first,
            |best, op| {
                if rank(op) < rank(best) { op } else { best }
            },
        );
        // A misshapen item does not send the request elsewhere (`createTag` would take a
        // `tagUser` with a misspelt user): it is this operation's mistake.
        if let Some((why, field)) = misshapen_items(best, sent) {
            return Routed::Unfit(best, why, Some(field));
        }
        let twins = std::iter::once(first)
            .chain(fitting)
            .filter(|op| op.name != best.name && rank(op) == rank(best))
            .collect();
        return Routed::To(best, twins);
    }
    match checked.iter().min_by_key(|(_, p)| p.len()) {
        Some((op, p)) => {
            let (message, field) = p.first().cloned().unwrap_or_default();
            Routed::Unfit(op, message, field)
        }
        None => Routed::Unknown,
    }
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
        // The API takes an identifier sent as a number too (`"admin_id": 25`).
        Kind::Text => v.is_string() || v.is_number(),
        Kind::Secret | Kind::LatLon => v.is_string(),
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
    /// Its `Host` header, for links back to the mock.
    pub(crate) host: Option<&'a str>,
    /// Its `Intercom-Version` header: 2.14 and older get 2.14's answers where they differ.
    pub(crate) version: Option<&'a str>,
}

impl Sent<'_> {
    pub(crate) fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn member(&self, dotted: &str) -> Option<&Value> {
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
    // Query parameters the operation does not name are ignored, as the API ignores them.
    if let Err(problem) = route_problem(op, sent) {
        out.push((problem, None));
    }
    out.extend(input_problems(op, sent));
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
                // The API takes an event's user by `email` or `id` as well as `user_id`.
                None if f.required && !f.alternatives.iter().any(|a| sent.member(a).is_some()) => {
                    out.push((format!("missing body member `{key}`"), Some(f.name)));
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// The first item of a body input with a shape that has a member the API does not take, in
/// words, and the input's name.
fn misshapen_items(op: &Operation, sent: &Sent<'_>) -> Option<(String, &'static str)> {
    op.inputs().find_map(|f| match f.place {
        Place::Body(key) => unshaped(f, key, sent.member(key)?).map(|why| (why, f.name)),
        _ => None,
    })
}

/// For an input whose items have a shape (the members the API takes in each): the first
/// member of an item it does not take (`emial` for a tagged user), in words.
fn unshaped(f: &Field, key: &str, value: &Value) -> Option<String> {
    if f.shape.is_empty() {
        return None;
    }
    let items = match value {
        Value::Array(items) => items.as_slice(),
        object => std::slice::from_ref(object),
    };
    items.iter().enumerate().find_map(|(i, item)| {
        let member = item.as_object()?.keys().find(|k| {
            !f.shape.contains(&k.as_str()) && !f.each.iter().any(|(each, _)| each == k)
        })?;
        let takes = f.shape.join(", ");
        Some(format!(
            "item {i} of `{key}`: `{member}` is not a member it takes ({takes})"
        ))
    })
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
    // Constants count twice: `type=company&count=user` is the company-users count, not the
    // app totals that would take `type=company` alone, and `type=conversation` is the
    // conversation count rather than the app totals' `type` input set to `conversation`.
    let constants = op
        .query
        .iter()
        .filter(|(k, _)| sent.query(k).is_some())
        .count()
        + op.body
            .iter()
            .filter(|(k, _)| sent.member(k).is_some())
            .count();
    query_keys.filter(|k| sent.query(k).is_some()).count()
        + body_keys.filter(|k| sent.member(k).is_some()).count()
        + each.sum::<usize>()
        + 2 * constants
}

/// Percent-decodes query or path text (`+` as a space).
pub(crate) fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent<'a>(path: &'a str, query: &'a [(String, String)]) -> Sent<'a> {
        Sent {
            path,
            query,
            body: None,
            host: None,
            version: None,
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
        let routed = route("GET", Api::V1, &sent("/counts", &company_users));
        assert!(
            matches!(routed, Routed::To(op, _) if op.name == "getCompanyUsersCount"),
            "{routed:?}"
        );
        let nonsense = q(&[("type", "nonsense")]);
        assert!(matches!(
            route("GET", Api::V1, &sent("/counts", &nonsense)),
            Routed::Unfit(..)
        ));
        assert_eq!(
            route("GET", Api::V1, &sent("/nowhere", &[])),
            Routed::Unknown
        );
    }

    #[test]
    fn the_most_literal_template_wins() {
        let routed = route("GET", Api::V1, &sent("/users/scroll", &[]));
        assert!(
            matches!(routed, Routed::To(op, _) if op.name == "scrollUsers"),
            "{routed:?}"
        );
    }
}
