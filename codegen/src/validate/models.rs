//! Checks of `models:`: response structs, their member types and the server enums they use.

use std::collections::{HashMap, HashSet};

use super::{At, Ctx, did_you_mean};
use crate::locate::Seg;
use crate::model::{Model, ModelField, ModelType, ServerEnum, Union, Variant};
use crate::naming::{pascal, snake, unraw, variant};
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
    let externals: HashSet<&str> = raw
        .iter()
        .filter(|(_, _, m)| m.external.is_some())
        .map(|(_, _, m)| m.name.as_str())
        .collect();
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
        let mut members = Members {
            ctx: &mut *ctx,
            model: m,
            names: &names,
            externals: &externals,
            enums: &mut enums,
            wires: HashSet::new(),
            rust_names: HashMap::new(),
        };
        let fields = m
            .fields
            .iter()
            .enumerate()
            .filter_map(|(j, f)| {
                let mut path = base.clone();
                path.extend([Seg::Key("fields"), Seg::Index(j)]);
                let field_at = |key: &'static str| At {
                    file: *file,
                    path: path.clone(),
                    key: Some(key),
                    model: Some(&m.name),
                    field: Some(&f.name),
                    ..At::default()
                };
                members.member(&field_at, f)
            })
            .collect();
        let union = m.union.as_ref().and_then(|u| {
            let mut path = base.clone();
            path.push(Seg::Key("union"));
            union(&mut members, *file, &path, u)
        });
        if m.union.is_some() && !m.fields.is_empty() {
            ctx.error(
                &at("union"),
                format!("model `{}` has both `fields` and `union`", m.name),
                Some("a union's members are its variants' own: remove `fields`".into()),
            );
        }
        if let Some(path) = &m.external {
            let valid = !path.is_empty()
                && path.split("::").all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            if !valid || !m.fields.is_empty() || m.union.is_some() {
                ctx.error(
                    &at("external"),
                    format!("`external: {path}` must be a path in the SDK crate, on a model with no `fields` or `union`"),
                    Some("write e.g. `external: search::Query` alone".into()),
                );
            }
        }
        models.push(Model {
            name: m.name.clone(),
            description: m.description.clone(),
            source: m.source.clone(),
            fields,
            union,
            external: m.external.clone(),
        });
    }
    check_enum_names(ctx, raw, &enums);
    (models, enums)
}

/// A union's variants, checked: names that make distinct Rust variants, types of the manifest.
fn union(
    members: &mut Members<'_, '_>,
    file: usize,
    base: &[Seg<'_>],
    u: &raw::Union,
) -> Option<Union> {
    let mut names = HashSet::new();
    let mut variants = Vec::new();
    for (j, v) in u.variants.iter().enumerate() {
        let mut path = base.to_vec();
        path.extend([Seg::Key("variants"), Seg::Index(j)]);
        let at = |key: &'static str| At {
            file,
            path: path.clone(),
            key: Some(key),
            model: Some(&members.model.name),
            field: Some(&v.name),
            ..At::default()
        };
        if pascal(&v.name) != v.name || v.name == "Unknown" || !names.insert(v.name.as_str()) {
            members.ctx.error(
                &at("name"),
                format!(
                    "variant `{}` must be PascalCase, other than `Unknown`, and named once",
                    v.name
                ),
                Some(format!(
                    "write e.g. `name: {}Shape`",
                    pascal(&v.name).trim_start_matches('_')
                )),
            );
            continue;
        }
        let field = raw::ModelField {
            name: v.name.clone(),
            ty: v.ty.clone(),
            description: String::new(),
            enum_name: None,
            values: None,
        };
        let Some(ty) = members.member_type(&at, &field) else {
            continue;
        };
        variants.push(Variant {
            name: v.name.clone(),
            ty,
            when: v.when.clone(),
            requires: v.requires.clone(),
        });
    }
    if variants.len() < u.variants.len() {
        return None;
    }
    if variants.is_empty() {
        let at = At {
            file,
            path: base.to_vec(),
            key: Some("variants"),
            model: Some(&members.model.name),
            ..At::default()
        };
        members.ctx.error(
            &at,
            "a union needs variants".to_owned(),
            Some("list its shapes under `variants`".into()),
        );
        return None;
    }
    Some(Union {
        tag: u.tag.clone(),
        variants,
    })
}

/// A model and an enum may not share a name.
fn check_enum_names(ctx: &mut Ctx, raw: &[(usize, usize, raw::Model)], enums: &[ServerEnum]) {
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
}

/// The members of one model being checked.
struct Members<'c, 'm> {
    ctx: &'c mut Ctx,
    model: &'m raw::Model,
    /// Every model name of the manifest.
    names: &'c HashSet<&'m str>,
    /// The models the runtime provides (`external`), which members may not have.
    externals: &'c HashSet<&'m str>,
    /// Server enums found so far, in every model.
    enums: &'c mut Vec<ServerEnum>,
    /// Wire names of this model's members so far.
    wires: HashSet<&'m str>,
    /// Rust names of this model's members so far, with their wire names.
    rust_names: HashMap<String, &'m str>,
}

type FieldAt<'a, 'f> = &'f dyn Fn(&'static str) -> At<'a>;

impl<'m> Members<'_, 'm> {
    /// One member, checked; `None` when it has an error.
    fn member(&mut self, field_at: FieldAt<'_, '_>, f: &'m raw::ModelField) -> Option<ModelField> {
        let rust_name = self.names_of(field_at, f);
        let ty = self.member_type(field_at, f)?;
        let ty = match &f.enum_name {
            Some(enum_name) => self.server_enum(field_at, f, enum_name, &ty)?,
            None => {
                if f.values.is_some() {
                    self.ctx.error(
                        &field_at("values"),
                        "`values` needs `enum: Name`".to_owned(),
                        Some("add `enum: ThingState` (the Rust enum's name)".into()),
                    );
                }
                ty
            }
        };
        Some(ModelField {
            wire: f.name.clone(),
            rust_name,
            description: f.description.clone(),
            ty,
        })
    }

    /// The member's Rust name, after checking its wire and Rust names are its own.
    fn names_of(&mut self, field_at: FieldAt<'_, '_>, f: &'m raw::ModelField) -> String {
        if !self.wires.insert(f.name.as_str()) {
            self.ctx.error(
                &field_at("name"),
                format!("member `{}` is listed twice", f.name),
                Some("remove one of them".into()),
            );
        }
        let rust_name = snake(&f.name);
        if RESERVED_MEMBERS.contains(&unraw(&rust_name)) {
            self.ctx.error(
                &field_at("name"),
                format!(
                    "`{}` is reserved for the members a model does not know",
                    f.name
                ),
                Some("leave this key out: it is kept in `extra`".into()),
            );
        }
        if let Some(prev) = self.rust_names.insert(rust_name.clone(), &f.name) {
            if prev != f.name {
                self.ctx.error(
                    &field_at("name"),
                    format!(
                        "members `{prev}` and `{}` both become `{}` in Rust",
                        f.name,
                        unraw(&rust_name)
                    ),
                    Some("type the parent as `Object` instead".into()),
                );
            }
        }
        rust_name
    }

    /// The member's type: a scalar, a model of the manifest, or a list of them.
    fn member_type(&mut self, field_at: FieldAt<'_, '_>, f: &raw::ModelField) -> Option<ModelType> {
        let known = || SCALARS.iter().copied().chain(self.names.iter().copied());
        let Some(ty) = parse_type(&f.ty) else {
            let help = did_you_mean(&f.ty, known()).map_or_else(
                || format!("use one of {}, a model name, or `[T]`", SCALARS.join(", ")),
                |t| format!("did you mean `{t}`?"),
            );
            let problem = format!("unknown type `{}`", f.ty);
            self.ctx.error(&field_at("type"), problem, Some(help));
            return None;
        };
        if let Some((problem, help)) = shape_rule(&f.name, &ty) {
            self.ctx.error(&field_at("type"), problem, Some(help));
            return None;
        }
        let external = model_refs(&ty)
            .into_iter()
            .find(|r| self.externals.contains(r.as_str()));
        if let Some(name) = external {
            self.ctx.error(
                &field_at("type"),
                format!("`{name}` is a type of the runtime (`external`): only inputs take it"),
                Some("type the member with a model of the manifest".into()),
            );
            return None;
        }
        let missing = model_refs(&ty)
            .into_iter()
            .find(|r| !self.names.contains(r.as_str()));
        let Some(missing) = missing else {
            return Some(ty);
        };
        if !self.ctx.maybe_left_out(&missing) {
            let help = did_you_mean(&missing, known()).map_or_else(
                || {
                    format!(
                        "define a model `{missing}` under `models:`, or use one of {}",
                        SCALARS.join(", ")
                    )
                },
                |t| format!("did you mean `{t}`?"),
            );
            self.ctx.error(
                &field_at("type"),
                format!("unknown type `{}`: no model is called `{missing}`", f.ty),
                Some(help),
            );
        }
        None
    }

    /// The type of a member with `enum: Name`: the server enum, declared on first use.
    fn server_enum(
        &mut self,
        field_at: FieldAt<'_, '_>,
        f: &raw::ModelField,
        enum_name: &str,
        ty: &ModelType,
    ) -> Option<ModelType> {
        let values = f.values.clone().unwrap_or_default();
        let problem = if *ty != ModelType::String || values.is_empty() {
            Some((
                "enum",
                "an `enum` needs `type: String` and `values`".to_owned(),
                "write `type: String` and `values: [a, b]`, or remove `enum`".to_owned(),
            ))
        } else if pascal(enum_name) != enum_name {
            Some((
                "enum",
                format!("enum name `{enum_name}` must be PascalCase"),
                format!(
                    "write `enum: {}`",
                    pascal(enum_name).trim_start_matches('_')
                ),
            ))
        } else {
            self.enum_values(enum_name, values, &f.description)
        };
        match problem {
            Some((key, problem, help)) => {
                self.ctx.error(&field_at(key), problem, Some(help));
                None
            }
            None => Some(ModelType::Enum(enum_name.to_owned())),
        }
    }

    /// Records the enum's values, or says why they cannot be: (key, problem, help).
    fn enum_values(
        &mut self,
        enum_name: &str,
        values: Vec<String>,
        description: &str,
    ) -> Option<(&'static str, String, String)> {
        let mut variants = HashSet::new();
        if let Some(v) = values
            .iter()
            .find(|v| !variants.insert(variant(v)) || variant(v) == "Unknown")
        {
            return Some((
                "values",
                format!(
                    "value `{v}` collides with another variant (or with `Unknown`) after case conversion"
                ),
                "remove the duplicate: unlisted values are kept as `Unknown` anyway".to_owned(),
            ));
        }
        match self.enums.iter().find(|e| e.name == enum_name) {
            Some(e) if e.values != values => Some((
                "values",
                format!(
                    "enum `{enum_name}` is declared with other values elsewhere ([{}])",
                    e.values.join(", ")
                ),
                "use the same values, or another enum name".to_owned(),
            )),
            Some(_) => None,
            None if super::taken_type_name(enum_name, false).is_some() => Some((
                "enum",
                format!("enum name `{enum_name}` would shadow a type the generated code uses"),
                format!("write e.g. `enum: {}{enum_name}`", pascal(&self.model.name)),
            )),
            None => {
                self.enums.push(ServerEnum {
                    name: enum_name.to_owned(),
                    description: description.to_owned(),
                    values,
                });
                None
            }
        }
    }
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
            .response_model()
            .and_then(|r| models.iter().find(|m| m.name == r))
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
            [(field, record)] => {
                op.records = Some(crate::model::Records {
                    member: (*field).to_owned(),
                    model: (*record).to_owned(),
                });
            }
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
    // Only values an identifier can be: a member named `id` that holds an object (a language
    // code in `translated_content`) is not one.
    let scalar = |t: &ModelType| {
        matches!(
            t,
            ModelType::String | ModelType::Integer | ModelType::Number | ModelType::Id
        )
    };
    let (is_id, want) = if (name == "id" || name.ends_with("_id")) && scalar(ty) {
        (*ty == ModelType::Id, "Id")
    } else if name.ends_with("_ids") && matches!(ty, ModelType::List(inner) if scalar(inner)) {
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
