//! What a builder hands the runtime: one request, described, not yet sent.
//!
//! A generated builder starts from its operation's metadata ([`Request::new`]: the default path
//! template and the constants the operation always sends), picks a route when a Select decides
//! the request ([`Request::route`]), and gives each input by its position in the metadata
//! ([`Request::input`]). Where an input goes (path, query, body, header), under which wire name,
//! and with which transforms, is read from the metadata, never repeated by the builder.

pub(crate) mod body;
pub(crate) mod options;
pub(crate) mod wire;

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use crate::meta::{Field, Operation, PathTemplate, Place, Route, Segment, Wrap};
use crate::model::secret;
use crate::request::body::Body;
use crate::request::options::CallOptions;
use crate::request::wire::Wire;

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
    /// The route a Select picked, if the operation has routes.
    route: Option<&'static Route>,
    /// Values of the template's placeholders, by placeholder name, as given.
    params: Vec<(&'static str, String)>,
    /// Path with every id percent-encoded (rendered by [`Request::finish`]).
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    /// Headers the operation sends: its constants and its header inputs, (name, value).
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Body>,
    /// The response is a list under this key that must hold exactly one record.
    pub(crate) single: Option<&'static str>,
    /// The first input refused while building: nothing is sent.
    pub(crate) invalid: Option<Refusal>,
}

/// Why a request cannot be sent, found before sending.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    /// What the user gave, as Rust names it: a setter or argument (`custom_attributes`), or a
    /// part of a raw call (`path`, `body`, `header`).
    pub(crate) input: &'static str,
    /// Where it was to be sent, when that helps to find it.
    pub(crate) place: Option<Place>,
    pub(crate) message: String,
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
            route: None,
            params: Vec::new(),
            path: String::new(),
            query: Vec::new(),
            headers: meta
                .headers
                .iter()
                .map(|(name, value)| (*name, (*value).to_owned()))
                .collect(),
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
            request.constant("body", key, json);
        }
        request
    }

    /// Sends the request the way route `index` of the operation says (the position of the
    /// picking Select's value among its values).
    pub(crate) fn route(&mut self, index: usize) {
        let routing = self.meta.routing;
        let Some((routing, route)) =
            routing.and_then(|r| r.routes.get(index).map(|route| (r, route)))
        else {
            self.refuse("route", None, format!("the operation has no route {index}"));
            return;
        };
        self.route = Some(route);
        self.template = Cow::Borrowed(route.path.as_str());
        self.single = route.single;
        if let Some(message) = route.refuse {
            let by = self.meta.field(routing.by).map_or(routing.by, rust_name);
            self.refuse(by, None, message.to_owned());
        }
    }

    /// A required input: field `index` of the operation's metadata, with the value given.
    #[inline]
    pub(crate) fn input(&mut self, index: usize, value: &impl Wire) {
        self.input_dyn(index, value);
    }

    /// [`Request::input`], compiled once for every type of value.
    fn input_dyn(&mut self, index: usize, value: &dyn Wire) {
        let Some(field) = self.meta.fields.get(index) else {
            self.refuse("input", None, format!("the operation has no input {index}"));
            return;
        };
        if self.check(field, value) {
            self.place(field, value);
        }
    }

    /// A required body input given as the `alternative`-th member the API takes in its place
    /// (`email` for an event's `user_id`), or as itself when `None`.
    pub(crate) fn input_as(&mut self, index: usize, alternative: Option<usize>, value: &impl Wire) {
        let Some(k) = alternative else {
            return self.input(index, value);
        };
        let field = self.meta.fields.get(index);
        let Some((field, key)) = field.and_then(|f| Some((f, *f.alternatives.get(k)?))) else {
            self.refuse(
                "input",
                None,
                format!("input {index} has no alternative {k}"),
            );
            return;
        };
        if self.check(field, value) {
            self.body_member(field, key, value);
        }
    }

    /// An optional input: sent when given and not empty (the API treats an empty value as not
    /// given).
    pub(crate) fn input_opt<T: Wire>(&mut self, index: usize, value: Option<&T>) {
        match value {
            Some(v) if !v.is_empty() => self.input(index, v),
            _ => {}
        }
    }

    /// Renders the path from the routed template and the placeholders' values: the last step
    /// of building a request.
    pub(crate) fn finish(&mut self) {
        let template: PathTemplate = self.route.map_or(self.meta.path, |r| r.path);
        let mut path = String::with_capacity(template.as_str().len() + 16);
        for segment in template.segments() {
            match segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(name) => match self.params.iter().find(|(n, _)| n == name) {
                    Some((_, value)) => path.extend(utf8_percent_encode(value, SEGMENT)),
                    None => {
                        let input = self.meta.field(name).map_or(*name, rust_name);
                        self.refuse(input, None, "no value for the path".to_owned());
                    }
                },
            }
        }
        self.path = path;
    }

    /// One rule for every input that is sent, wherever it goes: a required input may not be
    /// empty (an empty id would reach the collection, `""` would clear a member), a number must
    /// be finite (JSON has no NaN or infinity), and what the value's type checks must hold.
    /// Whether the value may be sent.
    fn check(&mut self, field: &'static Field, value: &dyn Wire) -> bool {
        let why = if value.is_empty() {
            Some("an empty value cannot be sent".to_owned())
        } else {
            value.check().err()
        };
        match why {
            Some(why) => {
                self.refuse(rust_name(field), self.where_sent(field), why);
                false
            }
            None => true,
        }
    }

    /// Where `field` goes: its own place, or where the picked route puts it.
    fn where_sent(&self, field: &'static Field) -> Option<Place> {
        match field.place {
            Place::Route => {
                let route = self.route?;
                route
                    .query
                    .iter()
                    .find(|(_, f)| *f == field.name)
                    .map(|(key, _)| Place::Query(key))
                    .or_else(|| {
                        let body = route.body.iter().find(|(_, f)| *f == field.name);
                        body.map(|(key, _)| Place::Body(key))
                    })
                    .or_else(|| {
                        route
                            .path
                            .params()
                            .any(|p| p == field.name)
                            .then_some(Place::Path)
                    })
            }
            Place::Auth => None,
            place => Some(place),
        }
    }

    /// Puts a checked value where its field goes.
    fn place(&mut self, field: &'static Field, value: &dyn Wire) {
        match self.where_sent(field) {
            Some(Place::Path) => self.path_param(field, value.text()),
            Some(Place::Query(key)) => self.query.push((Cow::Borrowed(key), value.text())),
            Some(Place::Body(key)) => self.body_member(field, key, value),
            Some(Place::Header(name)) => self.headers.push((name, value.text())),
            Some(Place::Payload) => match value.raw() {
                Some(raw) => self.body = Some(Body::whole(raw.to_owned())),
                None => match serde_json::value::to_raw_value(&value.json()) {
                    Ok(raw) => self.body = Some(Body::whole(raw)),
                    Err(e) => self.refuse(rust_name(field), None, e.to_string()),
                },
            },
            Some(Place::Auth | Place::Route) | None => {}
        }
    }

    /// A placeholder's value. `.`/`..` would be resolved away by URL parsing: refused rather
    /// than sent to another endpoint.
    fn path_param(&mut self, field: &'static Field, value: String) {
        if value == "." || value == ".." {
            let why = format!("`{value}` is not a usable identifier in the path");
            self.refuse(rust_name(field), Some(Place::Path), why);
        }
        self.params.push((field.name, value));
    }

    /// A body member at the dotted `key`, shaped as the field says (wrapped, each item
    /// completed), with the members sent beside it.
    fn body_member(&mut self, field: &'static Field, key: &'static str, value: &dyn Wire) {
        let path: Vec<&'static str> = key.split('.').collect();
        if let Some(wrap) = field.wrap {
            self.body_json(&path, wrapped(wrap, value.json()));
        } else if !field.each.is_empty() {
            match each_with(value.json(), field.each) {
                Ok(items) => self.body_json(&path, items),
                Err(why) => self.refuse(rust_name(field), Some(Place::Body(key)), why),
            }
        } else {
            match value.raw() {
                Some(raw) => self
                    .body
                    .get_or_insert_with(Body::default)
                    .insert_raw(&path, raw.to_owned()),
                None => self.body_json(&path, value.json()),
            }
        }
        for (key, json) in field.with {
            self.constant(rust_name(field), key, json);
        }
    }

    /// A constant body member (dotted key, JSON text written by the generator).
    fn constant(&mut self, input: &'static str, key: &'static str, json: &str) {
        // The generator wrote `json` from a parsed value: this cannot fail, but if it did the
        // call would fail before sending rather than send without the member.
        match serde_json::from_str(json) {
            Ok(value) => self.body_json(&key.split('.').collect::<Vec<_>>(), value),
            Err(e) => self.refuse(input, Some(Place::Body(key)), format!("constant: {e}")),
        }
    }

    /// Sets a text member of the body (a search's `pagination.starting_after`).
    pub(crate) fn set_body_member(&mut self, path: &[&'static str], value: &str) {
        self.body_json(path, Value::from(value));
    }

    /// Puts `value` at the dotted `path` of the body, creating objects on the way.
    fn body_json(&mut self, path: &[&'static str], value: Value) {
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
            secret::redact(body);
        }
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(k, v)| {
                let v = if secret::is_secret_member(k) {
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
        if let Some(refusal) = &self.invalid {
            s.field(
                "refused",
                &format_args!("{}: {}", refusal.input, refusal.message),
            );
        }
        s.finish_non_exhaustive()
    }

    /// Marks the request as impossible: the call fails before anything is sent. The first
    /// refusal is the one reported.
    pub(crate) fn refuse(&mut self, input: &'static str, place: Option<Place>, message: String) {
        if self.invalid.is_none() {
            self.invalid = Some(Refusal {
                input,
                place,
                message,
            });
        }
    }
}

/// A field's name as the user wrote it: the setter or argument, without `r#`.
fn rust_name(field: &'static Field) -> &'static str {
    field.rust_name.trim_start_matches("r#")
}

/// `{ "type": list_type, key: [{ item: id }, …] }` around a list of ids.
fn wrapped(wrap: Wrap, ids: Value) -> Value {
    let ids = match ids {
        Value::Array(ids) => ids,
        one => vec![one],
    };
    // `Map::insert` rather than `Map::from_iter`: the latter compiles a whole sort per call site.
    let items = ids.into_iter().map(|id| {
        let mut item = Map::new();
        item.insert(wrap.item.to_owned(), id);
        Value::Object(item)
    });
    let mut list = Map::new();
    list.insert("type".to_owned(), Value::from(wrap.list_type));
    list.insert(wrap.key.to_owned(), Value::Array(items.collect()));
    Value::Object(list)
}

/// Each object of the list `items` with the `each` members added (`untag: true`).
fn each_with(items: Value, each: &[(&str, &str)]) -> Result<Value, String> {
    let Value::Array(items) = items else {
        return Err("expected a list of objects".to_owned());
    };
    let mut extra = Vec::with_capacity(each.len());
    for (key, json) in each {
        let value: Value = serde_json::from_str(json).map_err(|e| format!("constant: {e}"))?;
        extra.push((*key, value));
    }
    let items = items.into_iter().map(|item| match item {
        Value::Object(mut item) => {
            for (key, value) in &extra {
                item.insert((*key).to_owned(), value.clone());
            }
            Value::Object(item)
        }
        other => other,
    });
    Ok(Value::Array(items.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::Kind;

    static FIELDS: &[Field] = &[
        Field::new("id", Kind::Text, Place::Path),
        Field::new("userId", Kind::Text, Place::Body("user.id")),
        Field::new("spend", Kind::Number, Place::Body("spend")),
        Field::new("email", Kind::Text, Place::Query("email")),
        Field::new("users", Kind::TextList, Place::Body("users")),
        Field::new("name", Kind::Text, Place::Body("name")),
    ];

    static META: Operation = Operation {
        path: PathTemplate::new("/x/{id}", &[Segment::Literal("/x/"), Segment::Param("id")]),
        body: &[("user.type", "\"user\"")],
        fields: FIELDS,
        ..Operation::detached("t")
    };

    fn refused(build: &dyn Fn(&mut Request)) -> Option<&'static str> {
        let mut r = Request::new(&META);
        build(&mut r);
        if r.params.is_empty() {
            r.input(0, &"7".to_owned());
        }
        r.finish();
        r.invalid.map(|refusal| refusal.input)
    }

    #[test]
    fn ids_are_one_segment() {
        let mut r = Request::new(&META);
        r.input(0, &"a/../b?c#d %e".to_owned());
        r.finish();
        assert_eq!(r.path, "/x/a%2F..%2Fb%3Fc%23d%20%25e");
        assert!(r.invalid.is_none());
    }

    #[test]
    fn dot_segments_and_empty_ids_are_refused() {
        for bad in ["", ".", ".."] {
            assert_eq!(
                refused(&|r| r.input(0, &bad.to_owned())),
                Some("id"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn nested_body_members_and_constants() {
        let mut r = Request::new(&META);
        r.input(1, &"42".to_owned());
        r.input(2, &12.5);
        assert_eq!(
            r.body.map(|b| b.to_value()).unwrap_or_default(),
            serde_json::json!({"user": {"id": "42", "type": "user"}, "spend": 12.5})
        );
    }

    #[test]
    fn empty_required_values_and_non_finite_numbers_are_refused_wherever_they_go() {
        assert_eq!(refused(&|r| r.input(3, &String::new())), Some("email"));
        assert_eq!(refused(&|r| r.input(1, &String::new())), Some("userId"));
        assert_eq!(
            refused(&|r| r.input(4, &Vec::<String>::new())),
            Some("users")
        );
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(refused(&|r| r.input(2, &bad)), Some("spend"));
            assert_eq!(refused(&|r| r.input_opt(2, Some(&bad))), Some("spend"));
        }
        // Empty optional values are left out, not refused.
        assert_eq!(refused(&|r| r.input_opt(5, Some(&String::new()))), None);
        assert_eq!(refused(&|r| r.input(2, &12.5)), None);
    }

    #[test]
    fn a_missing_placeholder_is_refused() {
        let mut r = Request::new(&META);
        r.finish();
        assert_eq!(r.invalid.map(|refusal| refusal.input), Some("id"));
    }
}
