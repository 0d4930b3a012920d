//! `meta.rs`: every operation as data (`intercom_sdk::meta`), which the SDK sends requests from,
//! the CLI builds its commands from and the mock routes requests with.
//!
//! This file is plain data, so it is written as text, one line per field, route and constant,
//! rather than as token streams through prettyplease (which would spread each struct over a dozen
//! lines).

use std::fmt::Write as _;

use crate::model::{Api, FieldType, Method, Operation, Paging, Place, Routing, SelectEnum};
use crate::naming::pascal;
use crate::template::{PathTemplate, Segment};

/// The Rust literal of `s`.
fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// The name of an operation's static: `createUserByEmail` → `CREATE_USER_BY_EMAIL`.
pub fn static_name(op: &Operation) -> String {
    op.method_name.trim_start_matches("r#").to_ascii_uppercase()
}

pub fn emit(api: &Api) -> String {
    let mut out = String::new();
    out.push_str(
        "//! What the manifest says of every operation, as data: see [`crate::meta`].\n\n",
    );
    out.push_str("use crate::meta::{\n    Field, Kind, Method, Operation, Paging, PathTemplate, Place, Route, Routing, Segment, Select,\n};\n\n");
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

/// One operation's static: its settings on three lines, then one line per route and input.
/// `routing` and `fields` open at the end of a line, so the static is as long as its data.
pub fn operation(out: &mut String, api: &Api, op: &Operation) {
    let first_line = op.description.lines().next().unwrap_or_default();
    let _ = writeln!(out, "/// `{}`: {}", op.name, super::md(first_line));
    let _ = writeln!(
        out,
        "pub static {}: Operation = Operation {{",
        static_name(op)
    );
    let _ = writeln!(
        out,
        "    name: {}, rust_name: {}, group: {}, description: {},",
        lit(&op.name),
        lit(&op.method_name),
        lit(&op.group),
        lit(&op.description)
    );
    let _ = writeln!(
        out,
        "    method: Method::{}, path: {}, success: {}, idempotent: {}, auth: {}, secret_response: {},",
        method(op.method),
        template(&op.path),
        op.success,
        op.idempotent,
        op.auth,
        op.response.as_ref().is_some_and(|m| api.holds_secrets(m))
    );
    let response = op
        .response
        .as_deref()
        .map_or("None".into(), |m| format!("Some({})", lit(m)));
    let paging = match op.paging {
        None => "None",
        Some(Paging::Pages) => "Some(Paging::Pages)",
        Some(Paging::Scroll) => "Some(Paging::Scroll)",
    };
    let query: Vec<String> = op
        .query_consts
        .iter()
        .map(|(k, v)| format!("({}, {})", lit(k), lit(v)))
        .collect();
    let body: Vec<String> = op
        .body_consts
        .iter()
        .map(|(k, v)| format!("({}, {})", lit(&k.join(".")), lit(&v.to_string())))
        .collect();
    let _ = write!(
        out,
        "    response: {response}, paging: {paging}, query: &[{}], body: &[{}], ",
        query.join(", "),
        body.join(", ")
    );
    routing(out, op.routing.as_ref());
    // The credential is not an input of a call: `auth` says whether the token is sent.
    out.push_str("fields: &[\n");
    for f in op.inputs() {
        field(out, api, f);
    }
    out.push_str("    ] };\n");
}

fn field(out: &mut String, api: &Api, f: &crate::model::Field) {
    let each: Vec<String> = f
        .each
        .iter()
        .map(|(k, v)| format!("({}, {})", lit(k), lit(&v.to_string())))
        .collect();
    let select = match &f.ty {
        FieldType::Select(name) => api.selects.iter().find(|s| &s.name == name).map(select),
        _ => None,
    };
    let _ = writeln!(
        out,
        "        Field {{ name: {}, rust_name: {}, seed_type: {}, kind: Kind::{}, required: {}, place: {}, select: {}, each: &[{}], description: {} }},",
        lit(&f.name),
        lit(&f.rust_name),
        lit(&f.seed_type),
        kind(&f.ty),
        f.required,
        place(&f.place),
        select.unwrap_or_else(|| "None".into()),
        each.join(", "),
        lit(&f.description)
    );
}

/// The `routing:` member, after the other members on its line.
fn routing(out: &mut String, routing: Option<&Routing>) {
    let Some(r) = routing else {
        out.push_str("routing: None, ");
        return;
    };
    let _ = writeln!(
        out,
        "routing: Some(Routing {{ by: {}, routes: &[",
        lit(&r.by)
    );
    for route in &r.routes {
        let pairs = |items: &mut dyn Iterator<Item = (String, &String)>| {
            items
                .map(|(k, f)| format!("({}, {})", lit(&k), lit(f)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let query = pairs(&mut route.query.iter().map(|(k, f)| (k.clone(), f)));
        let body = pairs(&mut route.body.iter().map(|(k, f)| (k.join("."), f)));
        let opt = |v: &Option<String>| {
            v.as_deref()
                .map_or("None".into(), |s| format!("Some({})", lit(s)))
        };
        let _ = writeln!(
            out,
            "        Route {{ value: {}, path: {}, query: &[{query}], body: &[{body}], single: {}, reject: {} }},",
            lit(&route.value),
            template(&route.path),
            opt(&route.single),
            opt(&route.reject)
        );
    }
    out.push_str("    ] }), ");
}

/// `PathTemplate::new("/users/{userId}", &[Segment::Literal("/users/"), Segment::Param("userId")])`
pub fn template(t: &PathTemplate) -> String {
    let segments: Vec<String> = t
        .segments()
        .iter()
        .map(|s| match s {
            Segment::Literal(text) => format!("Segment::Literal({})", lit(text)),
            Segment::Param(name) => format!("Segment::Param({})", lit(name)),
        })
        .collect();
    format!(
        "PathTemplate::new({}, &[{}])",
        lit(t.as_str()),
        segments.join(", ")
    )
}

fn method(m: Method) -> &'static str {
    match m {
        Method::Get => "Get",
        Method::Post => "Post",
        Method::Put => "Put",
        Method::Delete => "Delete",
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
        FieldType::Select(_) => "Select",
    }
}

fn place(p: &Place) -> String {
    match p {
        Place::Auth => "Place::Auth".into(),
        Place::Path => "Place::Path".into(),
        Place::Query(key) => format!("Place::Query({})", lit(key)),
        Place::Body(path) => format!("Place::Body({})", lit(&path.join("."))),
        Place::Route => "Place::Route".into(),
    }
}

fn select(s: &SelectEnum) -> String {
    let values: Vec<String> = s.values.iter().map(|v| lit(v)).collect();
    let variants: Vec<String> = s.values.iter().map(|v| lit(&pascal(v))).collect();
    format!(
        "Some(Select {{ enum_name: {}, values: &[{}], variants: &[{}] }})",
        lit(&s.name),
        values.join(", "),
        variants.join(", ")
    )
}
