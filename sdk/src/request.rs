//! What a generated builder hands the runtime: one request, described, not yet sent.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use std::borrow::Cow;
use std::time::Duration;

use crate::body::Body;
use crate::meta::{Operation, PathTemplate, Segment};
use crate::{LatLon, RetryPolicy, Secret, Timestamp};

/// Per-call overrides of the client's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    /// Whole call, retries included.
    pub(crate) timeout: Option<Duration>,
    /// Each attempt.
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    /// Largest answer body read.
    pub(crate) max_response_size: Option<usize>,
    /// Headers sent besides the SDK's own, as given: (name, value), checked when sent.
    pub(crate) headers: Vec<(String, String)>,
    /// `Intercom-Version` of this call.
    pub(crate) version: Option<String>,
}

/// A request about to be sent.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) meta: &'static Operation,
    /// An absolute URL used as it is (a `pages.next` link), instead of `path` and `query`.
    pub(crate) url: Option<reqwest::Url>,
    pub(crate) options: CallOptions,
    /// The path template this request was routed to (for logs, spans and hooks); a raw call's
    /// path.
    pub(crate) template: Cow<'static, str>,
    /// Path with every id percent-encoded.
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    pub(crate) body: Option<Body>,
    /// The response is a list under this key that must hold exactly one record.
    pub(crate) single: Option<&'static str>,
    /// Input refused while building: (seed field, why). Nothing is sent.
    pub(crate) invalid: Option<(&'static str, String)>,
}

/// Characters kept as they are in a path segment: RFC 3986 unreserved ones.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl Request {
    /// The request of `meta` before its inputs: its default path, and the query parameters and
    /// body members it always sends.
    pub(crate) fn new(meta: &'static Operation) -> Self {
        let mut request = Request {
            meta,
            url: None,
            options: CallOptions::default(),
            template: Cow::Borrowed(meta.path.as_str()),
            path: meta.path.as_str().to_owned(),
            query: Vec::new(),
            body: None,
            single: None,
            invalid: None,
        };
        for (key, value) in meta.query {
            request
                .query
                .push((Cow::Borrowed(key), (*value).to_owned()));
        }
        for (key, json) in meta.body {
            let path: Vec<&'static str> = key.split('.').collect();
            // The generator wrote `json` from a parsed value: this cannot fail, but if it did
            // the call would fail before sending rather than send without the member.
            match serde_json::from_str(json) {
                Ok(value) => request.body_json(&path, value),
                Err(e) => request.refuse("body", format!("constant `{key}`: {e}")),
            }
        }
        request
    }

    /// Sets the path from the operation's template, each placeholder replaced by the value of its
    /// field (from `params`), encoded as one segment.
    pub(crate) fn path(&mut self, params: &[(&'static str, &str)]) {
        self.render(self.meta.path, params);
    }

    /// Sets the path from the template of the route for the Select value `value`.
    pub(crate) fn route_path(&mut self, value: &str, params: &[(&'static str, &str)]) {
        let routes = self.meta.routing.map_or(&[][..], |r| r.routes);
        match routes.iter().find(|r| r.value == value) {
            Some(route) => self.render(route.path, params),
            None => self.refuse("route", format!("no route for `{value}`")),
        }
    }

    fn render(&mut self, template: PathTemplate, params: &[(&'static str, &str)]) {
        self.template = Cow::Borrowed(template.as_str());
        let mut path = String::with_capacity(template.as_str().len() + 16);
        for segment in template.segments() {
            match segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(name) => {
                    let value = params
                        .iter()
                        .find(|(n, _)| n == name)
                        .map_or("", |(_, v)| v);
                    // `.`/`..` would be resolved away by URL parsing and an empty id would reach
                    // the collection endpoint: refuse them rather than send a request the caller
                    // did not mean.
                    if value.is_empty() || value == "." || value == ".." {
                        self.refuse(
                            name,
                            format!("`{value}` is not a usable identifier in the path"),
                        );
                    }
                    path.extend(utf8_percent_encode(value, SEGMENT));
                }
            }
        }
        self.path = path;
    }

    /// A required input, sent as the query parameter `key`.
    pub(crate) fn query(&mut self, field: &'static str, key: &'static str, value: &impl Wire) {
        self.check(field, value);
        self.query.push((Cow::Borrowed(key), value.text()));
    }

    /// An optional input, sent as the query parameter `key` when given and not empty.
    pub(crate) fn query_opt<T: Wire>(
        &mut self,
        field: &'static str,
        key: &'static str,
        value: Option<&T>,
    ) {
        match value {
            Some(v) if !v.is_empty() => self.query(field, key, v),
            _ => {}
        }
    }

    /// A required input, sent at the dotted body `path`.
    pub(crate) fn body(&mut self, field: &'static str, path: &[&'static str], value: &impl Wire) {
        self.check(field, value);
        match value.raw() {
            Some(raw) => self
                .body
                .get_or_insert_with(Body::default)
                .insert_raw(path, raw.to_owned()),
            None => self.body_json(path, value.json()),
        }
    }

    /// An optional input, sent at the dotted body `path` when given and not empty.
    pub(crate) fn body_opt<T: Wire>(
        &mut self,
        field: &'static str,
        path: &[&'static str],
        value: Option<&T>,
    ) {
        match value {
            Some(v) if !v.is_empty() => self.body(field, path, v),
            _ => {}
        }
    }

    /// One rule for every input that is sent, wherever it goes: a required input may not be
    /// empty (an empty id would reach the collection, `""` would clear a member) and a number
    /// must be finite (JSON has no NaN or infinity). A refused input fails the call before
    /// anything is sent.
    pub(crate) fn check(&mut self, field: &'static str, value: &impl Wire) {
        if value.is_empty() {
            self.refuse(field, "an empty value cannot be sent".to_owned());
        } else if let Err(why) = value.check() {
            self.refuse(field, why);
        }
    }

    /// Puts `value` at the dotted `path` of the body, creating objects on the way.
    pub(crate) fn body_json(&mut self, path: &[&'static str], value: Value) {
        self.body
            .get_or_insert_with(Body::default)
            .insert(path, value);
    }

    /// `Debug` of the builder that made this request: what it would send, with the values of
    /// secret members (the OAuth client secret, a hub secret) redacted.
    pub(crate) fn debug(
        &self,
        builder: &'static str,
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        let mut body = self.body.as_ref().map(Body::to_value);
        if let Some(body) = &mut body {
            crate::secret::redact(body);
        }
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(k, v)| {
                let v = if crate::secret::is_secret_member(k) {
                    "[redacted]"
                } else {
                    v.as_str()
                };
                (k.as_ref(), v)
            })
            .collect();
        let mut s = f.debug_struct(builder);
        s.field("method", &self.meta.method.as_str())
            .field("path", &self.path)
            .field("query", &query);
        if let Some(body) = &body {
            s.field("body", &format_args!("{body}"));
        }
        if let Some((field, why)) = &self.invalid {
            s.field("refused", &format_args!("{field}: {why}"));
        }
        s.finish_non_exhaustive()
    }

    pub(crate) fn single(&mut self, key: &'static str) {
        self.single = Some(key);
    }

    /// Marks the request as impossible: the call fails before anything is sent.
    pub(crate) fn reject(&mut self, field: &'static str, message: &'static str) {
        self.refuse(field, message.to_owned());
    }

    pub(crate) fn refuse(&mut self, field: &'static str, message: String) {
        if self.invalid.is_none() {
            self.invalid = Some((field, message));
        }
    }
}

/// `{ "type": list_type, key: [{ item: id }, …] }`, the shape Intercom wants for tag and segment ids.
pub(crate) fn wrap_list(list_type: &str, key: &str, item: &str, ids: &[String]) -> Value {
    let items = ids.iter().map(|id| {
        Value::Object(Map::from_iter([(
            item.to_owned(),
            Value::from(id.as_str()),
        )]))
    });
    Value::Object(Map::from_iter([
        ("type".to_owned(), Value::from(list_type)),
        (key.to_owned(), Value::Array(items.collect())),
    ]))
}

/// Each object of `items` with `extra` members added (`untag: true`).
pub(crate) fn each_with(items: &JsonText, extra: &[(&str, Value)]) -> Value {
    Value::Array(
        items
            .items()
            .into_iter()
            .map(|item| {
                let mut item = item.clone();
                for (k, v) in extra {
                    item.insert((*k).to_owned(), v.clone());
                }
                Value::Object(item)
            })
            .collect(),
    )
}

/// An optional input that was given and is not empty: empty optional inputs are omitted, as the
/// API (and the seed connector) treat them as not given.
pub(crate) fn present<T: Wire>(value: &Option<T>) -> Option<&T> {
    match value {
        Some(v) if !v.is_empty() => Some(v),
        _ => None,
    }
}

/// How an input value is written into a JSON body and into a query string.
pub(crate) trait Wire {
    fn json(&self) -> Value;
    fn text(&self) -> String;
    /// `""`, `[]` or `{}`: an optional input with this value is not sent, a required one is
    /// refused.
    fn is_empty(&self) -> bool {
        false
    }
    /// Why this value cannot be sent at all, if it cannot.
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
    /// The value as JSON text ready to be written into a body, when it is kept that way.
    fn raw(&self) -> Option<&RawValue> {
        None
    }
}

impl Wire for String {
    fn json(&self) -> Value {
        Value::from(self.as_str())
    }
    fn text(&self) -> String {
        self.clone()
    }
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
}

impl Wire for Secret {
    fn json(&self) -> Value {
        Value::from(self.expose())
    }
    fn text(&self) -> String {
        self.expose().to_owned()
    }
    fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }
}

impl Wire for bool {
    fn json(&self) -> Value {
        Value::Bool(*self)
    }
    fn text(&self) -> String {
        self.to_string()
    }
}

impl Wire for f64 {
    /// Whole numbers go out as JSON integers (`2`, not `2.0`); others keep every digit.
    fn json(&self) -> Value {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact.
        if self.fract() == 0.0 && self.abs() < EXACT {
            #[allow(clippy::cast_possible_truncation)]
            return Value::from(*self as i64);
        }
        serde_json::Number::from_f64(*self).map_or(Value::Null, Value::Number)
    }
    fn text(&self) -> String {
        self.to_string()
    }
    fn check(&self) -> Result<(), String> {
        if self.is_finite() {
            Ok(())
        } else {
            Err(format!("{self} is not a finite number"))
        }
    }
}

/// A whole-number input, or why the value given does not fit in 64 bits (the call is then refused
/// before sending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Integer(Option<i64>);

impl Integer {
    pub(crate) fn new(value: impl TryInto<i64>) -> Self {
        Integer(value.try_into().ok())
    }
}

impl Wire for Integer {
    fn json(&self) -> Value {
        self.0.map_or(Value::Null, Value::from)
    }
    fn text(&self) -> String {
        self.0.map(|n| n.to_string()).unwrap_or_default()
    }
    fn check(&self) -> Result<(), String> {
        match self.0 {
            Some(_) => Ok(()),
            None => Err("the number does not fit in a 64-bit integer".to_owned()),
        }
    }
}

/// A JSON input kept as the JSON text its value serializes to (written into the body as it is):
/// an object made from anything `Serialize`, or a list of such objects (a `BulkItem`, a
/// `serde_json::Value` object, a struct of yours). Or why the value is not that: the call is
/// then refused before sending.
#[derive(Debug, Clone)]
pub(crate) struct JsonText(Result<Box<RawValue>, String>);

impl JsonText {
    /// An object input.
    pub(crate) fn object(value: impl serde::Serialize) -> Self {
        JsonText(object_text(&value))
    }

    /// A list-of-objects input.
    pub(crate) fn objects<T: serde::Serialize>(items: impl IntoIterator<Item = T>) -> Self {
        let items: Result<Vec<Box<RawValue>>, String> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| object_text(&item).map_err(|why| format!("item {i}: {why}")))
            .collect();
        // The items are JSON already: writing them as a list copies their text.
        JsonText(
            items.and_then(|items| {
                serde_json::value::to_raw_value(&items).map_err(|e| e.to_string())
            }),
        )
    }

    pub(crate) fn into_object(self) -> Result<Map<String, Value>, String> {
        let raw = self.0?;
        serde_json::from_str(raw.get()).map_err(|e| e.to_string())
    }

    /// The items of a list, parsed (to add members to each: `each_with`).
    fn items(&self) -> Vec<Map<String, Value>> {
        self.raw()
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
            .unwrap_or_default()
    }
}

/// `value` as the text of a JSON object.
fn object_text(value: &impl serde::Serialize) -> Result<Box<RawValue>, String> {
    match serde_json::value::to_raw_value(value) {
        Ok(raw) if raw.get().starts_with('{') => Ok(raw),
        Ok(raw) => Err(format!("expected a JSON object, got {}", kind(raw.get()))),
        Err(e) => Err(format!("cannot be written as JSON: {e}")),
    }
}

/// What the JSON text `json` (compact, as serde_json writes it) is.
fn kind(json: &str) -> &'static str {
    match json.as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

impl Wire for JsonText {
    fn json(&self) -> Value {
        self.raw()
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
            .unwrap_or(Value::Null)
    }
    fn text(&self) -> String {
        self.raw()
            .map(|raw| raw.get().to_owned())
            .unwrap_or_default()
    }
    fn is_empty(&self) -> bool {
        self.raw()
            .is_some_and(|raw| matches!(raw.get(), "{}" | "[]"))
    }
    fn check(&self) -> Result<(), String> {
        self.0.as_ref().map(|_| ()).map_err(Clone::clone)
    }
    fn raw(&self) -> Option<&RawValue> {
        self.0.as_deref().ok()
    }
}

impl Wire for Vec<String> {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(|s| Value::from(s.as_str())).collect())
    }
    fn text(&self) -> String {
        self.join(",")
    }
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
}

impl Wire for Timestamp {
    fn json(&self) -> Value {
        Value::from(self.unix_seconds())
    }
    fn text(&self) -> String {
        self.unix_seconds().to_string()
    }
}

impl Wire for LatLon {
    fn json(&self) -> Value {
        Value::from(self.to_string())
    }
    fn text(&self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static META: Operation = Operation {
        path: PathTemplate::new("/x/{id}", &[Segment::Literal("/x/"), Segment::Param("id")]),
        ..Operation::detached("t")
    };

    #[test]
    fn ids_are_one_segment() {
        let mut r = Request::new(&META);
        r.path(&[("id", "a/../b?c#d %e")]);
        assert_eq!(r.path, "/x/a%2F..%2Fb%3Fc%23d%20%25e");
        assert!(r.invalid.is_none());
    }

    #[test]
    fn dot_segments_and_empty_ids_are_refused() {
        for bad in ["", ".", ".."] {
            let mut r = Request::new(&META);
            r.path(&[("id", bad)]);
            assert_eq!(r.invalid.as_ref().map(|(f, _)| *f), Some("id"), "{bad:?}");
        }
    }

    #[test]
    fn nested_body_members() {
        let mut r = Request::new(&META);
        r.body("id", &["user", "id"], &"42".to_owned());
        r.body_json(&["user", "type"], Value::from("user"));
        r.body("n", &["n"], &12.5);
        r.body("m", &["m"], &3.0);
        assert_eq!(
            r.body.map(|b| b.to_value()).unwrap_or_default(),
            serde_json::json!({"user": {"id": "42", "type": "user"}, "n": 12.5, "m": 3})
        );
    }

    #[test]
    fn empty_required_values_and_non_finite_numbers_are_refused_wherever_they_go() {
        let refused = |build: &dyn Fn(&mut Request)| {
            let mut r = Request::new(&META);
            build(&mut r);
            r.invalid.map(|(field, _)| field)
        };
        assert_eq!(
            refused(&|r| r.query("userId", "email", &String::new())),
            Some("userId")
        );
        assert_eq!(
            refused(&|r| r.body("userId", &["user", "id"], &String::new())),
            Some("userId")
        );
        assert_eq!(
            refused(&|r| r.body("users", &["users"], &Vec::<String>::new())),
            Some("users")
        );
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(
                refused(&|r| r.body("spend", &["spend"], &bad)),
                Some("spend")
            );
            assert_eq!(
                refused(&|r| r.query_opt("page", "page", Some(&bad))),
                Some("page")
            );
        }
        // Empty optional values are left out, not refused.
        assert_eq!(
            refused(&|r| r.body_opt("name", &["name"], Some(&String::new()))),
            None
        );
        assert_eq!(refused(&|r| r.body("spend", &["spend"], &12.5)), None);
    }
}
