//! Two inputs sent to the same wire key: a query parameter twice, or a body member twice (or one
//! nested inside the other). Checked once per route, since each route sends its own keys.

use std::collections::BTreeMap;

use super::OpAt;
use super::{At, Ctx};
use crate::locate::Seg;
use crate::model::{self, Place};
use crate::raw;

/// Who sends a key: a constant of `http`, a field (or its `with`), or a route.
#[derive(Clone)]
enum Who {
    Constant(&'static str),
    Field(String),
    With(String),
    Route(String, String),
}

impl Who {
    fn describe(&self) -> String {
        match self {
            Who::Constant(part) => format!("the constant of `http.{part}`"),
            Who::Field(f) => format!("the field `{f}`"),
            Who::With(f) => format!("the `with` of `{f}`"),
            Who::Route(value, f) => format!("the field `{f}` (route `{value}`)"),
        }
    }

    fn at<'a>(&'a self, op_at: &OpAt<'a>, op: &'a raw::Operation) -> At<'a> {
        let field = |name: &'a str, key: &'a str| {
            let index = op.fields.iter().position(|f| f.name == name).unwrap_or(0);
            let has_wire = op.fields.get(index).is_some_and(|f| f.wire.is_some());
            op_at.field(
                index,
                name,
                if key == "in" && has_wire { "wire" } else { key },
            )
        };
        match self {
            Who::Constant(part) => op_at.http(part),
            Who::Field(f) => field(f, "in"),
            Who::With(f) => field(f, "with"),
            Who::Route(value, f) => {
                let mut at = op_at.http("routes");
                at.key = None;
                at.path
                    .extend([Seg::Key("routes"), Seg::Key(value.as_str())]);
                at.field = Some(f);
                at
            }
        }
    }

    fn help(&self) -> &'static str {
        match self {
            Who::Constant(_) => "remove the constant, or send the field under another key",
            Who::Field(_) => "give one of them another `wire:` name",
            Who::With(_) => "change the `with` key, or the other input's `wire:`",
            Who::Route(..) => "send the field under another key in this route",
        }
    }
}

pub(super) fn check(
    ctx: &mut Ctx,
    at: &OpAt<'_>,
    op: &raw::Operation,
    fields: &[model::Field],
    query_consts: &[(String, String)],
    body_consts: &[(Vec<String>, serde_json::Value)],
    routing: Option<&model::Routing>,
) {
    let shapes: Vec<Option<&model::Route>> = match routing {
        Some(r) => r
            .routes
            .iter()
            .filter(|r| r.refuse.is_none())
            .map(Some)
            .collect(),
        None => vec![None],
    };
    let name = |i: usize| fields.get(i).map(|f| f.name.clone()).unwrap_or_default();
    for route in shapes {
        let mut query: Vec<(Vec<String>, Who)> = Vec::new();
        let mut body: Vec<(Vec<String>, Who)> = Vec::new();
        for (k, _) in query_consts {
            query.push((vec![k.clone()], Who::Constant("query")));
        }
        for (k, _) in body_consts {
            body.push((k.clone(), Who::Constant("body")));
        }
        for f in fields {
            match &f.place {
                Place::Query(k) => query.push((vec![k.clone()], Who::Field(f.name.clone()))),
                Place::Body(k) => {
                    body.push((k.clone(), Who::Field(f.name.clone())));
                    for (w, _) in &f.with {
                        body.push((w.clone(), Who::With(f.name.clone())));
                    }
                }
                _ => {}
            }
        }
        if let Some(r) = route {
            for (k, f) in &r.query {
                query.push((vec![k.clone()], Who::Route(r.value.clone(), name(*f))));
            }
            for (k, f) in &r.body {
                body.push((k.clone(), Who::Route(r.value.clone(), name(*f))));
            }
        }
        clashes(ctx, at, op, "query parameter", &query, false);
        clashes(ctx, at, op, "body key", &body, true);
    }
}

/// Reports each key sent twice (with `nested`, also a key inside another one: `a` and `a.b`).
fn clashes(
    ctx: &mut Ctx,
    at: &OpAt<'_>,
    op: &raw::Operation,
    what: &str,
    keys: &[(Vec<String>, Who)],
    nested: bool,
) {
    let mut taken: BTreeMap<&[String], &Who> = BTreeMap::new();
    for (key, who) in keys {
        let conflict = taken.iter().find(|(k, _)| {
            **k == key.as_slice() || (nested && (k.starts_with(key) || key.starts_with(k)))
        });
        let Some((prev_key, prev)) = conflict else {
            taken.insert(key, who);
            continue;
        };
        if let (Who::Field(a), Who::Field(b)) = (prev, who) {
            if a == b {
                continue; // a field listed twice, reported as such
            }
        }
        let (a, b) = (prev_key.join("."), key.join("."));
        let keys = if a == b {
            format!("the {what} `{a}`")
        } else {
            format!("the {what}s `{a}` and `{b}`, one inside the other")
        };
        ctx.error(
            &who.at(at, op),
            format!(
                "{} and {} are both sent to {keys}",
                prev.describe(),
                who.describe()
            ),
            Some(who.help().into()),
        );
    }
}
