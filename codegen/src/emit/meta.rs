//! `meta.rs`: every operation as data (`intercom_sdk::meta`), which the SDK sends requests from,
//! the CLI builds its commands from and the mock routes requests with.
//!
//! This file is plain data, so it is written as text rather than as token streams; rustfmt lays
//! it out like the other files. A field lists its name, Rust name, kind and place, then what
//! differs from `Field::BLANK` (a constant: the compiler evaluated a `Field::new` call per field),
//! and long texts are split over lines with string continuations, so every line fits 100 columns.

use std::fmt::Write as _;

use crate::model::{
    Answer, Api, Field, FieldType, Method, Operation, Paging, Place, Routing, SelectEnum,
};
use crate::template::{PathTemplate, Segment};

/// Longest piece of a string literal on one line: with the deepest indent of `meta.rs` (a route
/// member, 16 columns) and its key, a line stays within 100 columns.
const PIECE: usize = 64;

/// The Rust literal of `s`, split into lines of at most [`PIECE`] characters with `\`
/// continuations (which drop the next line's indent, so the text is unchanged). Breaks fall
/// after a space, which stays before the `\`.
pub(crate) fn lit(s: &str) -> String {
    let escaped = format!("{s:?}");
    if escaped.chars().count() <= PIECE {
        return escaped;
    }
    let inner = &escaped[1..escaped.len() - 1];
    let mut out = String::from("\"");
    let mut line = 0;
    for word in inner.split_inclusive(' ') {
        let width = word.chars().count();
        // A word carries its escapes whole; a piece that starts with a space (a run of spaces)
        // is never put first on a line, where the continuation would drop it.
        if line > 0 && line + width > PIECE && !word.starts_with(' ') {
            out.push_str("\\\n");
            line = 0;
        }
        out.push_str(word);
        line += width;
    }
    out.push('"');
    out
}

/// The name of an operation's static: its builder type in SCREAMING_SNAKE_CASE
/// (`CreateUserByEmail` → `CREATE_USER_BY_EMAIL`).
pub fn static_name(op: &Operation) -> String {
    let name = heck::ToShoutySnakeCase::to_shouty_snake_case(op.type_name.trim_start_matches("r#"));
    // heck drops a leading `_`; a name that then starts with a digit is no identifier.
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("_{name}")
    } else {
        name
    }
}

/// How the operation is called in Rust: the `Client` method, or for an API of group handles
/// the groups and the method (`help_centers().collections().list`).
fn call_path(api: &Api, op: &Operation) -> String {
    let method = op.method_name.trim_start_matches("r#");
    if api.module.is_none() {
        return method.to_owned();
    }
    let groups: Vec<String> = op.group.split('.').map(|g| format!("{g}()")).collect();
    format!("{}.{method}", groups.join("."))
}

pub fn emit(api: &Api) -> String {
    let mut out = String::new();
    out.push_str(
        "//! What the manifest says of every operation, as data: see [`crate::meta`].\n\n",
    );
    let used = |pick: &dyn Fn(&Operation) -> bool| api.operations.iter().any(pick);
    let fields = |pick: &dyn Fn(&Field) -> bool| used(&|op| op.inputs().any(pick));
    let mut names = vec!["Answer", "Api", "Field", "Kind", "Method", "Operation"];
    for (name, wanted) in [
        ("Paging", used(&|op| op.paging.is_some())),
        ("PathTemplate", true),
        ("Place", true),
        ("Route", used(&|op| op.routing.is_some())),
        ("Routing", used(&|op| op.routing.is_some())),
        ("Segment", true),
        ("Select", fields(&|f| matches!(f.ty, FieldType::Select(_)))),
        ("Wrap", fields(&|f| f.wrap.is_some())),
    ] {
        if wanted {
            names.push(name);
        }
    }
    let _ = writeln!(out, "use crate::support::{{{}}};\n", names.join(", "));
    out.push_str(
        "/// Every operation, in manifest order.\npub static OPERATIONS: &[&Operation] = &[\n",
    );
    for op in &api.operations {
        let _ = writeln!(out, "    &{},", static_name(op));
    }
    out.push_str("];\n");
    for op in &api.operations {
        out.push('\n');
        operation(&mut out, api, op);
    }
    out
}

/// One operation's static.
pub fn operation(out: &mut String, api: &Api, op: &Operation) {
    let first_line = op.description.lines().next().unwrap_or_default();
    let _ = writeln!(out, "/// `{}`: {}", op.name, super::md(first_line));
    let _ = writeln!(
        out,
        "pub static {}: Operation = Operation {{",
        static_name(op)
    );
    let mut member = |name: &str, value: String| {
        let _ = writeln!(out, "    {name}: {value},");
    };
    let api_variant = match &api.module {
        None => "Api::V1".to_owned(),
        Some(m) => format!("Api::{}", crate::naming::pascal(m)),
    };
    member("api", api_variant);
    member("name", lit(&op.name));
    member("rust_name", lit(&call_path(api, op)));
    member("group", lit(&op.group));
    member("description", lit(&op.description));
    member("method", format!("Method::{}", method(op.method)));
    member("path", template(&op.path));
    member("success", op.success.to_string());
    member("idempotent", op.idempotent.to_string());
    member("auth", op.auth.to_string());
    let secret = op.response_model().is_some_and(|m| api.holds_secrets(m));
    member("secret_response", secret.to_string());
    let response = match &op.response {
        Answer::None => "Answer::None".to_owned(),
        Answer::Model(m) => format!("Answer::Model({})", lit(m)),
        Answer::List(m) => format!("Answer::List({})", lit(m)),
        Answer::Json => "Answer::Json".to_owned(),
        Answer::Text => "Answer::Text".to_owned(),
        Answer::File => "Answer::File".to_owned(),
    };
    member("response", response);
    let paging = match op.paging {
        None => "None",
        Some(Paging::Pages) => "Some(Paging::Pages)",
        Some(Paging::Scroll) => "Some(Paging::Scroll)",
        Some(Paging::Cursor) => "Some(Paging::Cursor)",
        Some(Paging::Search) => "Some(Paging::Search)",
    };
    member("paging", paging.to_owned());
    let headers = op
        .headers
        .iter()
        .map(|(k, v)| format!("({}, {})", lit(k), lit(v)));
    member("headers", list(headers));
    let query = op
        .query_consts
        .iter()
        .map(|(k, v)| format!("({}, {})", lit(k), lit(v)));
    member("query", list(query));
    let body = op
        .body_consts
        .iter()
        .map(|(k, v)| format!("({}, {})", lit(&k.join(".")), lit(&v.to_string())));
    member("body", list(body));
    member("routing", routing(op, op.routing.as_ref()));
    // The credential is not an input of a call: `auth` says whether the token is sent.
    let fields = op.inputs().map(|f| field(api, f));
    member("fields", list(fields));
    out.push_str("};\n");
}

/// `&[a, b]`.
fn list(items: impl Iterator<Item = String>) -> String {
    format!("&[{}]", items.collect::<Vec<_>>().join(", "))
}

/// A field: its name, Rust name, kind and place, and what differs from `Field::BLANK`.
fn field(api: &Api, f: &Field) -> String {
    let mut members = vec![
        format!("name: {}", lit(&f.name)),
        format!("rust_name: {}", lit(&f.rust_name)),
        format!("kind: Kind::{}", kind(&f.ty)),
        format!("place: {}", place(&f.place)),
        format!("description: {}", lit(&f.description)),
        format!("manifest_type: {}", lit(&f.seed_type)),
    ];
    if f.required {
        members.push("required: true".to_owned());
    }
    if let FieldType::Model(name) | FieldType::ModelList(name) = &f.ty {
        members.push(format!("model: Some({})", lit(name)));
    }
    if let FieldType::Select(name) = &f.ty {
        if let Some(s) = api.selects.iter().find(|s| &s.name == name) {
            members.push(format!("select: {}", select(s)));
        }
    }
    let pairs = |items: &[(Vec<String>, serde_json::Value)]| {
        list(
            items
                .iter()
                .map(|(k, v)| format!("({}, {})", lit(&k.join(".")), lit(&v.to_string()))),
        )
    };
    if !f.each.is_empty() {
        let each: Vec<(Vec<String>, serde_json::Value)> = f
            .each
            .iter()
            .map(|(k, v)| (vec![k.clone()], v.clone()))
            .collect();
        members.push(format!("each: {}", pairs(&each)));
    }
    if !f.with.is_empty() {
        members.push(format!("with: {}", pairs(&f.with)));
    }
    if !f.alternatives.is_empty() {
        let names = list(f.alternatives.iter().map(|a| lit(a)));
        members.push(format!("alternatives: {names}"));
    }
    if let Some(shape) = f.shape.as_deref().and_then(|m| api.model(m)) {
        let names = list(shape.fields.iter().map(|m| lit(&m.wire)));
        members.push(format!("shape: {names}"));
    }
    if let Some(w) = &f.wrap {
        members.push(format!(
            "wrap: Some(Wrap {{ list_type: {}, key: {}, item: {} }})",
            lit(&w.list_type),
            lit(&w.key),
            lit(&w.item)
        ));
    }
    format!("Field {{ {}, ..Field::BLANK }}", members.join(", "))
}

/// The `routing:` member.
fn routing(op: &Operation, routing: Option<&Routing>) -> String {
    let Some(r) = routing else {
        return "None".to_owned();
    };
    let name = |i: &usize| lit(&op.fields[*i].name);
    let routes = r.routes.iter().map(|route| {
        let query = route
            .query
            .iter()
            .map(|(k, f)| format!("({}, {})", lit(k), name(f)));
        let body = route
            .body
            .iter()
            .map(|(k, f)| format!("({}, {})", lit(&k.join(".")), name(f)));
        let opt = |v: &Option<String>| {
            v.as_deref()
                .map_or("None".into(), |s| format!("Some({})", lit(s)))
        };
        format!(
            "Route {{ value: {}, path: {}, query: {}, body: {}, single: {}, refuse: {} }}",
            lit(&route.value),
            template(&route.path),
            list(query),
            list(body),
            opt(&route.single),
            opt(&route.refuse)
        )
    });
    format!(
        "Some(Routing {{ by: {}, routes: {} }})",
        name(&r.by),
        list(routes)
    )
}

/// `PathTemplate::new("/users/{userId}", &[Segment::Literal("/users/"), Segment::Param("userId")])`
pub fn template(t: &PathTemplate) -> String {
    let segments = t.segments().iter().map(|s| match s {
        Segment::Literal(text) => format!("Segment::Literal({})", lit(text)),
        Segment::Param(name) => format!("Segment::Param({})", lit(name)),
    });
    format!("PathTemplate::new({}, {})", lit(t.as_str()), list(segments))
}

fn method(m: Method) -> &'static str {
    match m {
        Method::Get => "Get",
        Method::Post => "Post",
        Method::Put => "Put",
        Method::Delete => "Delete",
        Method::Patch => "Patch",
    }
}

fn kind(ty: &FieldType) -> &'static str {
    match ty {
        FieldType::String => "Text",
        FieldType::Secret => "Secret",
        FieldType::Bool => "Boolean",
        FieldType::Number => "Number",
        FieldType::Integer => "Integer",
        FieldType::Json => "Json",
        FieldType::Timestamp => "Timestamp",
        FieldType::LatLon => "LatLon",
        FieldType::StringList => "TextList",
        FieldType::ObjectList => "ObjectList",
        FieldType::IntegerList => "IntegerList",
        FieldType::AnyList => "AnyList",
        FieldType::Model(_) => "Model",
        FieldType::ModelList(_) => "ModelList",
        FieldType::Select(_) => "Select",
    }
}

fn place(p: &Place) -> String {
    match p {
        Place::Auth => "Place::Auth".into(),
        Place::Path => "Place::Path".into(),
        Place::Query(key) => format!("Place::Query({})", lit(key)),
        Place::Body(path) => format!("Place::Body({})", lit(&path.join("."))),
        Place::Payload => "Place::Payload".into(),
        Place::Header(name) => format!("Place::Header({})", lit(name)),
        Place::Route => "Place::Route".into(),
    }
}

fn select(s: &SelectEnum) -> String {
    let values = s.values.iter().map(|v| lit(v));
    let variants = s.values.iter().map(|v| lit(&crate::naming::variant(v)));
    format!(
        "Some(Select {{ enum_name: {}, values: {}, variants: {} }})",
        lit(&s.name),
        list(values),
        list(variants)
    )
}
