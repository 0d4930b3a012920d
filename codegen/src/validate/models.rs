//! Checks of `models:`: response structs, their member types and the server enums they use.

use std::collections::{HashMap, HashSet};

use super::{At, Ctx, did_you_mean};
use crate::locate::Seg;
use crate::model::{Model, ModelField, ModelType, ServerEnum};
use crate::naming::{pascal, snake, unraw};
use crate::raw;

const SCALARS: &[&str] = &[
    "String",
    "Id",
    "Integer",
    "Number",
    "Boolean",
    "Timestamp",
    "Object",
    "Any",
    "Secret",
];
/// Member names the generated struct already uses.
const RESERVED_MEMBERS: &[&str] = &["extra"];

pub(super) fn check(
    ctx: &mut Ctx,
    raw: &[(usize, usize, raw::Model)],
) -> (Vec<Model>, Vec<ServerEnum>) {
    let names: HashSet<&str> = raw.iter().map(|(_, _, m)| m.name.as_str()).collect();
    let mut seen = HashSet::new();
    let mut models = Vec::new();
    let mut enums: Vec<ServerEnum> = Vec::new();
    for (file, i, m) in raw {
        let base = vec![Seg::Key("models"), Seg::Index(*i)];
        let at = |key: &'static str| At {
            file: *file,
            path: base.clone(),
            key: Some(key),
            model: Some(&m.name),
            ..At::default()
        };
        if !seen.insert(m.name.as_str()) {
            ctx.error(
                &at("name"),
                format!("model `{}` is defined twice", m.name),
                Some("remove or rename one".into()),
            );
        }
        if m.name.is_empty() || pascal(&m.name) != m.name {
            ctx.error(
                &at("name"),
                format!("model name `{}` must be PascalCase", m.name),
                Some(format!("use `{}`", pascal(&m.name))),
            );
        }
        let mut fields = Vec::new();
        let mut wires = HashSet::new();
        let mut rust_names: HashMap<String, &str> = HashMap::new();
        for (j, f) in m.fields.iter().enumerate() {
            let mut fpath = base.clone();
            fpath.extend([Seg::Key("fields"), Seg::Index(j)]);
            let fat = |key: &'static str| At {
                file: *file,
                path: fpath.clone(),
                key: Some(key),
                model: Some(&m.name),
                field: Some(&f.name),
                ..At::default()
            };
            if !wires.insert(f.name.as_str()) {
                ctx.error(
                    &fat("name"),
                    format!("member `{}` is listed twice", f.name),
                    Some("remove one of them".into()),
                );
            }
            let rust_name = snake(&f.name);
            if RESERVED_MEMBERS.contains(&unraw(&rust_name)) {
                ctx.error(
                    &fat("name"),
                    format!(
                        "`{}` is reserved for the members a model does not know",
                        f.name
                    ),
                    Some("leave this key out: it is kept in `extra`".into()),
                );
            }
            if let Some(prev) = rust_names.insert(rust_name.clone(), &f.name) {
                if prev != f.name {
                    ctx.error(
                        &fat("name"),
                        format!(
                            "members `{prev}` and `{}` both become `{}` in Rust",
                            f.name,
                            unraw(&rust_name)
                        ),
                        Some("type the parent as `Object` instead".into()),
                    );
                }
            }
            let Some(mut ty) = parse_type(&f.ty) else {
                let help =
                    did_you_mean(&f.ty, SCALARS.iter().copied().chain(names.iter().copied()))
                        .map_or_else(
                            || format!("use one of {}, a model name, or `[T]`", SCALARS.join(", ")),
                            |t| format!("did you mean `{t}`?"),
                        );
                ctx.error(&fat("type"), format!("unknown type `{}`", f.ty), Some(help));
                continue;
            };
            if let Some((problem, help)) = shape_rule(&f.name, &ty) {
                ctx.error(&fat("type"), problem, Some(help));
                continue;
            }
            if let Some(missing) = model_refs(&ty)
                .into_iter()
                .find(|r| !names.contains(r.as_str()))
            {
                if ctx.maybe_left_out(&missing) {
                    continue;
                }
                let known = SCALARS.iter().copied().chain(names.iter().copied());
                let help = did_you_mean(&missing, known).map_or_else(
                    || {
                        format!(
                            "define a model `{missing}` under `models:`, or use one of {}",
                            SCALARS.join(", ")
                        )
                    },
                    |t| format!("did you mean `{t}`?"),
                );
                ctx.error(
                    &fat("type"),
                    format!("unknown type `{}`: no model is called `{missing}`", f.ty),
                    Some(help),
                );
                continue;
            }
            if let Some(enum_name) = &f.enum_name {
                let values = f.values.clone().unwrap_or_default();
                if ty != ModelType::String || values.is_empty() {
                    ctx.error(
                        &fat("enum"),
                        "an `enum` needs `type: String` and `values`".to_owned(),
                        Some("write `type: String` and `values: [a, b]`, or remove `enum`".into()),
                    );
                    continue;
                }
                if pascal(enum_name) != *enum_name {
                    ctx.error(
                        &fat("enum"),
                        format!("enum name `{enum_name}` must be PascalCase"),
                        Some(format!(
                            "write `enum: {}`",
                            pascal(enum_name).trim_start_matches('_')
                        )),
                    );
                    continue;
                }
                let mut variants = HashSet::new();
                if let Some(v) = values
                    .iter()
                    .find(|v| !variants.insert(pascal(v)) || pascal(v) == "Unknown")
                {
                    ctx.error(
                        &fat("values"),
                        format!("value `{v}` collides with another variant (or with `Unknown`) after case conversion"),
                        Some("remove the duplicate: unlisted values are kept as `Unknown` anyway".into()),
                    );
                    continue;
                }
                match enums.iter().find(|e| &e.name == enum_name) {
                    Some(e) if e.values != values => {
                        ctx.error(
                            &fat("values"),
                            format!(
                                "enum `{enum_name}` is declared with other values elsewhere ([{}])",
                                e.values.join(", ")
                            ),
                            Some("use the same values, or another enum name".into()),
                        );
                        continue;
                    }
                    Some(_) => {}
                    None if super::taken_type_name(enum_name, false).is_some() => {
                        ctx.error(
                            &fat("enum"),
                            format!("enum name `{enum_name}` would shadow a type the generated code uses"),
                            Some(format!("write e.g. `enum: {}{enum_name}`", pascal(&m.name))),
                        );
                        continue;
                    }
                    None => enums.push(ServerEnum {
                        name: enum_name.clone(),
                        description: f.description.clone(),
                        values,
                    }),
                }
                ty = ModelType::Enum(enum_name.clone());
            } else if f.values.is_some() {
                ctx.error(
                    &fat("values"),
                    "`values` needs `enum: Name`".to_owned(),
                    Some("add `enum: ThingState` (the Rust enum's name)".into()),
                );
            }
            fields.push(ModelField {
                wire: f.name.clone(),
                rust_name,
                description: f.description.clone(),
                ty,
            });
        }
        models.push(Model {
            name: m.name.clone(),
            description: m.description.clone(),
            source: m.source.clone(),
            fields,
        });
    }
    for (file, i, m) in raw {
        if enums.iter().any(|e| e.name == m.name) {
            let at = At {
                file: *file,
                path: vec![Seg::Key("models"), Seg::Index(*i)],
                key: Some("name"),
                model: Some(&m.name),
                ..At::default()
            };
            ctx.error(
                &at,
                format!("`{}` is both a model and an enum", m.name),
                Some("rename one of them".into()),
            );
        }
    }
    (models, enums)
}

/// Finds, for each list operation, the member of its response holding the records.
pub(super) fn attach_records(
    ctx: &mut Ctx,
    raw: &[(usize, usize, raw::Operation)],
    ops: &mut [crate::model::Operation],
    models: &[Model],
) {
    let by_name: std::collections::HashMap<&str, (usize, usize)> = raw
        .iter()
        .map(|(f, i, r)| (r.name.as_str(), (*f, *i)))
        .collect();
    for op in ops.iter_mut().filter(|o| o.paging.is_some()) {
        let Some((file, index)) = by_name.get(op.name.as_str()) else {
            continue;
        };
        let at = At {
            file: *file,
            path: vec![Seg::Key("operations"), Seg::Index(*index)],
            key: Some("paginated"),
            op: Some(&op.name),
            ..At::default()
        };
        let Some(model) = op
            .response
            .as_ref()
            .and_then(|r| models.iter().find(|m| &m.name == r))
        else {
            continue;
        };
        let lists: Vec<(&str, &str)> = model
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                ModelType::List(inner) => match inner.as_ref() {
                    ModelType::Model(m) => Some((f.rust_name.as_str(), m.as_str())),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let paging_member = match op.paging {
            Some(crate::model::Paging::Scroll) => "scroll_param",
            _ => "pages",
        };
        if !model.fields.iter().any(|f| f.wire == paging_member) {
            ctx.error(
                &at,
                format!("a {paging_member} list needs its response model `{}` to have `{paging_member}`", model.name),
                Some(format!("add a `{paging_member}` field to `{}`, or remove `paginated`", model.name)),
            );
            continue;
        }
        match lists.as_slice() {
            [(field, record)] => op.records = Some(((*field).to_owned(), (*record).to_owned())),
            _ => ctx.error(
                &at,
                format!(
                    "the response model `{}` must have exactly one list of models to page through",
                    model.name
                ),
                Some("remove `paginated`, or fix the model".into()),
            ),
        }
    }
}

/// `String`, `User`, `[Tag]`, `[[Integer]]` …; `None` when it is not a type at all.
fn parse_type(text: &str) -> Option<ModelType> {
    let t = text.trim();
    if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return parse_type(inner).map(|i| ModelType::List(Box::new(i)));
    }
    Some(match t {
        "String" => ModelType::String,
        "Id" => ModelType::Id,
        "Integer" => ModelType::Integer,
        "Number" => ModelType::Number,
        "Boolean" => ModelType::Boolean,
        "Timestamp" => ModelType::Timestamp,
        "Object" => ModelType::Object,
        "Any" => ModelType::Any,
        "Secret" => ModelType::Secret,
        name if !name.is_empty() && pascal(name) == name => ModelType::Model(name.to_owned()),
        _ => return None,
    })
}

/// Rules on a member's type that its name or nesting imply: identifiers are `Id` (Intercom sends
/// some as integers, and an `Id` keeps either form), and a list does not hold lists (a list item
/// that does not fit is kept by its position, one level deep).
fn shape_rule(name: &str, ty: &ModelType) -> Option<(String, String)> {
    if let ModelType::List(inner) = ty {
        if matches!(**inner, ModelType::List(_)) {
            return Some((
                "a list of lists is not supported".to_owned(),
                "type the member as `Any` (kept as JSON text) or `[Any]`".to_owned(),
            ));
        }
    }
    let (is_id, want) = if name == "id" || name.ends_with("_id") {
        (*ty == ModelType::Id, "Id")
    } else if name.ends_with("_ids") {
        (*ty == ModelType::List(Box::new(ModelType::Id)), "[Id]")
    } else {
        return None;
    };
    (!is_id).then(|| {
        (
            format!("`{name}` is an identifier: its type must be `{want}`"),
            format!("write `type: {want}`: an identifier may come as a JSON string or integer"),
        )
    })
}

fn model_refs(ty: &ModelType) -> Vec<String> {
    match ty {
        ModelType::Model(name) => vec![name.clone()],
        ModelType::List(inner) => model_refs(inner),
        _ => Vec::new(),
    }
}
