//! The inputs of one operation: names (and their Rust names), types, places and body transforms.

use std::collections::{HashMap, HashSet};

use super::OpAt;
use super::types::{self, Selects};
use super::{Ctx, dotted, suggest, yaml_to_json};
use crate::model::{self, FieldType, Place};
use crate::naming::{snake, snake_plain, unraw};
use crate::raw;
use crate::template::PathTemplate;

/// Members and methods every builder has; a field with one of these names gets a `_` suffix.
const RESERVED_MEMBERS: &[&str] = &[
    "client",
    "options",
    "send",
    "send_with_response",
    "request",
    "prepared",
    "into_future",
    "into_stream",
    "timeout",
    "attempt_timeout",
    "retry_policy",
];

const PLACES: [&str; 7] = [
    "auth", "path", "query", "body", "payload", "header", "route",
];

pub(super) fn fields<'a>(
    ctx: &mut Ctx,
    at: &OpAt<'a>,
    op: &'a raw::Operation,
    selects: &mut Selects,
) -> Vec<model::Field> {
    // An unparsable path is reported with the operation; its placeholders are then unknown.
    let path_names: Vec<String> = PathTemplate::parse(&op.http.path)
        .map(|t| t.params().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut names = HashSet::new();
    let mut rust_names: HashMap<String, String> = HashMap::new();
    let mut fields = Vec::new();
    for (j, f) in op.fields.iter().enumerate() {
        let field_at = |key: &'static str| at.field(j, &f.name, key);
        if !names.insert(f.name.clone()) {
            ctx.error(
                &field_at("name"),
                format!("field `{}` is listed twice", f.name),
                Some("remove one of them, or rename it".into()),
            );
        }
        let rust_name = rust_name(ctx, &field_at("name"), f, &mut rust_names);
        let Some(ty) = types::field_type(ctx, &field_at, f, selects, &op.name) else {
            continue;
        };
        let Some(place) = place(ctx, &field_at, op, f, &path_names) else {
            continue;
        };
        fields.push(transforms(ctx, &field_at, f, rust_name, ty, place));
    }
    check_placeholders(ctx, at, op, &path_names);
    fields
}

/// The field's Rust name: its name in snake case, `_`-suffixed when a builder member has it.
fn rust_name(
    ctx: &mut Ctx,
    at: &super::At<'_>,
    f: &raw::Field,
    taken: &mut HashMap<String, String>,
) -> String {
    if !f.name.contains(|c: char| c.is_alphanumeric()) {
        ctx.error(
            at,
            format!("field name `{}` has no letter or digit", f.name),
            Some("name the input as the seed does, e.g. `thingId`".into()),
        );
    }
    let mut rust_name = snake(&f.name);
    if RESERVED_MEMBERS.contains(&unraw(&rust_name)) {
        // The builder already has a member or method of that name.
        rust_name = format!("{}_", unraw(&rust_name));
    }
    if let Some(prev) = taken.insert(rust_name.clone(), f.name.clone()) {
        if prev != f.name {
            ctx.error(
                at,
                format!(
                    "fields `{prev}` and `{}` both become `{}` in Rust",
                    f.name,
                    unraw(&rust_name)
                ),
                Some("rename one of them".into()),
            );
        }
    }
    rust_name
}

/// Where the field goes (`in:`), checked against the path's placeholders.
fn place<'a>(
    ctx: &mut Ctx,
    at: &dyn Fn(&'static str) -> super::At<'a>,
    op: &raw::Operation,
    f: &raw::Field,
    path_names: &[String],
) -> Option<Place> {
    let wire = || f.wire.clone().unwrap_or_else(|| snake_plain(&f.name));
    let place = match f.place.as_deref() {
        Some("auth") => Place::Auth,
        Some("path") => {
            if !path_names.contains(&f.name) {
                ctx.error(
                    &at("in"),
                    format!(
                        "field `{}` is `in: path` but the path `{}` has no `{{{}}}`",
                        f.name, op.http.path, f.name
                    ),
                    Some(format!(
                        "add `{{{}}}` to `http.path`, or send the field `in: query` or `in: body`",
                        f.name
                    )),
                );
            }
            if !f.required {
                ctx.error(
                    &at("in"),
                    "a path field must be `required: true`".to_owned(),
                    Some("add `required: true`".into()),
                );
            }
            Place::Path
        }
        Some("query") => Place::Query(wire()),
        Some("body") => Place::Body(dotted(&wire())),
        Some("payload") => Place::Payload,
        // A header's name is its wire name as written (`Accept`), not snake case.
        Some("header") => Place::Header(f.wire.clone().unwrap_or_else(|| f.name.clone())),
        Some("route") => Place::Route,
        Some(other) => {
            ctx.error(
                &at("in"),
                format!("unknown place `in: {other}`"),
                suggest(other, PLACES).or(Some(
                    "use auth, path, query, body, payload, header or route".into(),
                )),
            );
            return None;
        }
        None => {
            ctx.error(
                &at("name"),
                format!("field `{}` has no place (`in:`)", f.name),
                Some("add `in: query` (or `path`, `body`, `route`, `auth`)".into()),
            );
            return None;
        }
    };
    if let Some(w) = &f.wire {
        if w.is_empty() || (matches!(place, Place::Body(_)) && w.split('.').any(str::is_empty)) {
            ctx.error(
                &at("wire"),
                format!("`wire: {w}` has an empty key"),
                Some("write the wire name, dotted for nesting: `wire: user.user_id`".into()),
            );
        }
    }
    Some(place)
}

/// The field with its body transforms (`with`, `each`, `wrap`), each checked against its type
/// and place.
fn transforms<'a>(
    ctx: &mut Ctx,
    at: &dyn Fn(&'static str) -> super::At<'a>,
    f: &raw::Field,
    rust_name: String,
    ty: FieldType,
    place: Place,
) -> model::Field {
    let json = matches!(
        ty,
        FieldType::Json
            | FieldType::ObjectList
            | FieldType::AnyList
            | FieldType::Model(_)
            | FieldType::ModelList(_)
    );
    if matches!(place, Place::Query(_) | Place::Header(_) | Place::Path) && json {
        ctx.error(
            &at("in"),
            "a JSON field cannot be sent in the path, the query string or a header".to_owned(),
            Some("write `in: body` (or `in: payload` for the whole body)".into()),
        );
    }
    if place == Place::Payload && !json {
        ctx.error(
            &at("in"),
            "the whole body (`in: payload`) must be JSON".to_owned(),
            Some("give the field `type: JSON` (with a `model:`), or write `in: body`".into()),
        );
    }
    let to_json_pairs = |m: &indexmap::IndexMap<String, serde_yaml::Value>| {
        m.iter()
            .map(|(k, v)| (k.clone(), yaml_to_json(v)))
            .collect::<Vec<_>>()
    };
    let with: Vec<_> = to_json_pairs(&f.with)
        .into_iter()
        .map(|(k, v)| (dotted(&k), v))
        .collect();
    let each = to_json_pairs(&f.each);
    if !each.is_empty() && ty != FieldType::ObjectList {
        ctx.error(
            &at("each"),
            "`each` needs a list of JSON objects".to_owned(),
            Some("set `items: JSON` on the List".into()),
        );
    }
    let wrap = f.wrap.as_ref().map(|w| model::Wrap {
        list_type: w.list_type.clone(),
        key: w.key.clone(),
        item: w.item.clone(),
    });
    if wrap.is_some() && ty != FieldType::StringList {
        ctx.error(
            &at("wrap"),
            "`wrap` needs a list of strings".to_owned(),
            Some("set `items: String` on the List".into()),
        );
    }
    let stands_in = f.required && matches!(place, Place::Body(_));
    if !f.alternatives.is_empty() && !stands_in {
        ctx.error(
            &at("alternatives"),
            "`alternatives` stand in for a required body member".to_owned(),
            Some("write `in: body` and `required: true`, or remove `alternatives`".into()),
        );
    }
    if (!with.is_empty() || wrap.is_some()) && !matches!(place, Place::Body(_)) {
        ctx.error(
            &at("in"),
            "`with` and `wrap` apply to body fields only".to_owned(),
            Some("write `in: body`, or remove `with`/`wrap`".into()),
        );
    }
    if f.shape.is_some() && !matches!(ty, FieldType::Json | FieldType::ObjectList) {
        ctx.error(
            &at("shape"),
            "`shape` belongs to a JSON field without `model`, or a List of JSON objects".to_owned(),
            Some("write `type: JSON` or `items: JSON`, and `model:` or `shape:`, not both".into()),
        );
    }
    if f.value_shape.is_some() && (ty != FieldType::Json || f.shape.is_some()) {
        ctx.error(
            &at("value_shape"),
            "`value_shape` belongs to a JSON field without `model` or `shape`".to_owned(),
            Some("write `type: JSON`, and one of `model:`, `shape:` or `value_shape:`".into()),
        );
    }
    model::Field {
        name: f.name.clone(),
        rust_name,
        description: f.description.clone(),
        seed_type: f.ty.clone(),
        from_seed: f.seed.unwrap_or(true),
        ty,
        required: f.required,
        place,
        with,
        wrap,
        each,
        alternatives: f.alternatives.clone(),
        shape: f.shape.clone(),
        value_shape: f.value_shape.clone(),
    }
}

/// Every placeholder of the operation's path names a path (or route) field.
fn check_placeholders(ctx: &mut Ctx, at: &OpAt<'_>, op: &raw::Operation, path_names: &[String]) {
    for p in path_names {
        let placed = |f: &raw::Field| matches!(f.place.as_deref(), Some("path" | "route"));
        match op.fields.iter().find(|f| &f.name == p) {
            Some(f) if placed(f) => {}
            Some(f) => ctx.error(
                &at.http("path"),
                format!(
                    "path placeholder `{{{p}}}` names the field `{p}`, which is `in: {}`",
                    f.place.as_deref().unwrap_or("nowhere")
                ),
                Some(format!("set `in: path` and `required: true` on `{p}`")),
            ),
            None => {
                let near = suggest(p, op.fields.iter().map(|f| f.name.as_str()));
                ctx.error(
                    &at.http("path"),
                    format!("path placeholder `{{{p}}}` names no field"),
                    near.or(Some(format!(
                        "add a field `{{ name: {p}, type: String, description: …, in: path, required: true }}`, or fix the placeholder"
                    ))),
                );
            }
        }
    }
}
