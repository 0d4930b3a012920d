//! The type of a field (`type`, `sdk_type`, `items`) and the Select enums the fields declare.

use std::collections::HashMap;

use super::{At, Ctx, TYPES, suggest, taken_type_name};
use crate::model::{FieldType, SelectEnum};
use crate::naming::pascal;
use crate::raw;

/// The Select enums declared so far, with the operation and field that declared each first.
#[derive(Default)]
pub(super) struct Selects {
    enums: Vec<SelectEnum>,
    origin: HashMap<String, (String, String)>,
}

impl Selects {
    /// The values of the enum `name`, if it is declared.
    pub(super) fn values(&self, name: &str) -> Option<&[String]> {
        self.enums
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.values.as_slice())
    }

    pub(super) fn into_enums(self) -> Vec<SelectEnum> {
        self.enums
    }
}

/// Types a field may have in the SDK beyond the seed's (`sdk_type` only).
const SDK_TYPES: &[&str] = &["Integer"];

pub(super) fn field_type<'a>(
    ctx: &mut Ctx,
    field_at: &dyn Fn(&'static str) -> At<'a>,
    f: &raw::Field,
    selects: &mut Selects,
    op: &str,
) -> Option<FieldType> {
    for (key, ty) in [("type", Some(&f.ty)), ("sdk_type", f.sdk_type.as_ref())] {
        let known: Vec<&str> = match key {
            "sdk_type" => TYPES.iter().chain(SDK_TYPES).copied().collect(),
            _ => TYPES.to_vec(),
        };
        if let Some(ty) = ty {
            if !known.contains(&ty.as_str()) {
                ctx.error(
                    &field_at(key),
                    format!("unknown type `{ty}`"),
                    suggest(ty, known.iter().copied())
                        .or(Some(format!("use one of {}", known.join(", ")))),
                );
                return None;
            }
        }
    }
    let effective = f.sdk_type.as_deref().unwrap_or(&f.ty);
    if f.values.is_some() && f.ty != "Select" {
        ctx.error(
            &field_at("values"),
            "`values` belongs to Select fields".to_owned(),
            Some(
                "use `sdk_type: Select` with `sdk_values` to give a seed String a closed set"
                    .into(),
            ),
        );
    }
    if f.model.is_some() && !matches!(effective, "JSON" | "List") {
        ctx.error(
            &field_at("model"),
            format!("`model` belongs to JSON and List fields, and this field is a {effective}"),
            Some("remove `model`, or write `type: JSON`".into()),
        );
    }
    if f.items.is_some() && effective != "List" {
        ctx.error(
            &field_at("items"),
            format!("`items` belongs to List fields, and this field is a {effective}"),
            Some("remove `items`, or write `type: List`".into()),
        );
    }
    Some(match effective {
        "String" | "credentials" if f.secret => FieldType::Secret,
        "String" | "credentials" => FieldType::String,
        "JSON" => match &f.model {
            Some(model) => FieldType::Model(model.clone()),
            None => FieldType::Json,
        },
        "Array" => FieldType::ObjectList,
        "List" => match (f.items.as_deref(), &f.model) {
            (Some("String"), None) => FieldType::StringList,
            (Some("Integer"), None) => FieldType::IntegerList,
            (Some("Any"), None) => FieldType::AnyList,
            (None | Some("JSON"), Some(model)) => FieldType::ModelList(model.clone()),
            (None | Some("JSON"), None) => FieldType::ObjectList,
            (Some(other), _) => {
                let known = ["String", "Integer", "Any", "JSON"];
                let (what, help) = if known.contains(&other) {
                    (
                        format!("a list of `{other}` has no `model`"),
                        "remove `model`, or write `items: JSON`".to_owned(),
                    )
                } else {
                    (
                        format!("unknown list item type `{other}`"),
                        "use `items: String`, `Integer`, `Any` or `JSON`".to_owned(),
                    )
                };
                ctx.error(
                    &field_at("items"),
                    what,
                    suggest(other, known).or(Some(help)),
                );
                return None;
            }
        },
        "Datepicker" => FieldType::Timestamp,
        "Map" => FieldType::LatLon,
        "Boolean" => FieldType::Bool,
        "Number" => FieldType::Number,
        "Integer" => FieldType::Integer,
        _ => return select(ctx, field_at, f, selects, op).map(FieldType::Select),
    })
}

/// A Select field: its values, its enum name, and that enum's agreement with earlier uses.
fn select<'a>(
    ctx: &mut Ctx,
    field_at: &dyn Fn(&'static str) -> At<'a>,
    f: &raw::Field,
    selects: &mut Selects,
    op: &str,
) -> Option<String> {
    let sdk = f.sdk_type.as_deref() == Some("Select");
    let (values, key) = if sdk {
        (f.sdk_values.clone(), "sdk_values")
    } else {
        (f.values.clone(), "values")
    };
    let Some(values) = values.filter(|v| !v.is_empty()) else {
        ctx.error(
            &field_at(if sdk { "sdk_type" } else { "type" }),
            format!("the Select `{}` has no values", f.name),
            Some(format!(
                "add `{key}: [a, b]`: the wire strings the caller picks from"
            )),
        );
        return None;
    };
    let name = f.enum_name.clone().unwrap_or_else(|| pascal(&f.name));
    if f.enum_name.is_some() && pascal(&name) != name {
        ctx.error(
            &field_at("enum"),
            format!("the Select's enum name `{name}` is not PascalCase"),
            Some(format!(
                "write `enum: {}`",
                pascal(&name).trim_start_matches('_')
            )),
        );
        return None;
    }
    if let Some(message) = same_variant(&values) {
        let help = "Select values must differ after case conversion: remove or rename one";
        ctx.error(&field_at(key), message, Some(help.into()));
        return None;
    }
    match selects.enums.iter_mut().find(|s| s.name == name) {
        Some(existing) if existing.values != values => {
            let (first_op, first_field) = selects.origin.get(&name).cloned().unwrap_or_default();
            ctx.error(
                &field_at(if f.enum_name.is_some() { "enum" } else { key }),
                format!(
                    "enum `{name}` has values [{}] here but [{}] in `{first_op}.{first_field}`",
                    values.join(", "),
                    existing.values.join(", ")
                ),
                Some("use the same values, or give this Select another `enum:` name".into()),
            );
            return None;
        }
        Some(existing) => existing.used_by.push((op.to_owned(), f.name.clone())),
        None => {
            if let Some(what) = taken_type_name(&name, true) {
                ctx.error(
                    &field_at(if f.enum_name.is_some() {
                        "enum"
                    } else {
                        "name"
                    }),
                    format!("the Select enum `{name}` would clash with {what}"),
                    Some(format!(
                        "give the Select another name: `enum: {op_type}{name}`",
                        op_type = pascal(op)
                    )),
                );
                return None;
            }
            selects
                .origin
                .insert(name.clone(), (op.to_owned(), f.name.clone()));
            selects.enums.push(SelectEnum {
                name: name.clone(),
                description: f.description.clone(),
                values,
                used_by: vec![(op.to_owned(), f.name.clone())],
            });
        }
    }
    Some(name)
}

/// Two values that make one Rust variant, said in words.
fn same_variant(values: &[String]) -> Option<String> {
    let mut variants: HashMap<String, &str> = HashMap::new();
    values.iter().find_map(|v| {
        let prev = variants.insert(crate::naming::variant(v), v)?;
        Some(if prev == v {
            format!("value `{v}` is listed twice")
        } else {
            format!(
                "values `{prev}` and `{v}` both become the Rust variant `{}`",
                crate::naming::variant(v)
            )
        })
    })
}
