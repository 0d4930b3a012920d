//! Routes picked by a Select (`http.by` + `http.routes`): one per value, each sending the
//! route-placed fields in its path, query or body, or refusing the call.

use std::collections::HashSet;

use super::operations::OpAt;
use super::types::Selects;
use super::{At, Ctx, dotted, placeholders, suggest};
use crate::locate::Seg;
use crate::model::{self, FieldType, Place};
use crate::raw;

pub(super) fn routing(
    ctx: &mut Ctx,
    op_at: &OpAt<'_>,
    op: &raw::Operation,
    fields: &[model::Field],
    selects: &Selects,
) -> Option<model::Routing> {
    let at = |key| op_at.http(key);
    let Some(by) = &op.http.by else {
        if !op.http.routes.is_empty() {
            ctx.error(
                &at("routes"),
                "`routes` without `by`".to_owned(),
                Some("name the Select field that picks the route: `by: thingIdType`".into()),
            );
        }
        return None;
    };
    let Some(picker) = fields.iter().find(|f| &f.name == by) else {
        if !op.fields.iter().any(|f| &f.name == by) {
            // (A field that exists but did not check has its own error already.)
            ctx.error(
                &at("by"),
                format!("`by: {by}` names no field of this operation"),
                suggest(by, op.fields.iter().map(|f| f.name.as_str())).or(Some(
                    "name the Select field (`in: route`, `required: true`) that picks the route"
                        .into(),
                )),
            );
        }
        return None;
    };
    let FieldType::Select(enum_name) = &picker.ty else {
        ctx.error(
            &at("by"),
            format!(
                "`by: {by}` must name a Select field, and `{by}` is a {}",
                picker.seed_type
            ),
            Some(format!(
                "give `{by}` `type: Select` and `values`, or remove `by` and `routes`"
            )),
        );
        return None;
    };
    if picker.place != Place::Route || !picker.required {
        let index = op.fields.iter().position(|f| &f.name == by).unwrap_or(0);
        ctx.error(
            &op_at.field(index, &picker.name, "in"),
            format!("the picking field `{by}` must be `in: route` and `required: true`"),
            Some("write `in: route, required: true`".into()),
        );
    }
    let values: Vec<String> = selects.values(enum_name).unwrap_or_default().to_vec();
    let mut routes = Vec::new();
    let carried: Vec<&model::Field> = fields
        .iter()
        .filter(|f| f.place == Place::Route && &f.name != by)
        .collect();
    // A misspelt route is reported as such, not also as a value without a route.
    let misspelt: Vec<&str> = op
        .http
        .routes
        .keys()
        .filter(|k| !values.contains(k))
        .filter_map(|k| super::did_you_mean(k, values.iter().map(String::as_str)))
        .collect();
    for v in values.iter().filter(|v| !misspelt.contains(&v.as_str())) {
        if !op.http.routes.contains_key(v) {
            let example = match carried.first() {
                Some(f) => format!("{v}: {{ query: {{ {v}: {} }} }}", f.name),
                None => format!("{v}: {{ path: /things }}"),
            };
            ctx.error(
                &at("routes"),
                format!("no route for the value `{v}` of `{by}`"),
                Some(format!(
                    "add `{example}` under `routes` (a route has `path`, `query`, `body`, `single` or `reject`)"
                )),
            );
        }
    }
    for (value, r) in &op.http.routes {
        let mut rat: At<'_> = op_at.http("routes");
        rat.key = None;
        rat.path
            .extend([Seg::Key("routes"), Seg::Key(value.as_str())]);
        if !values.contains(value) {
            ctx.error(
                &rat,
                format!(
                    "route `{value}` is not a value of `{by}` ({})",
                    values.join(", ")
                ),
                suggest(value, values.iter().map(String::as_str)).or(Some(format!(
                    "remove the route, or add `{value}` to the values of `{by}`"
                ))),
            );
            continue;
        }
        let path = r.path.clone().unwrap_or_else(|| op.http.path.clone());
        if r.path.is_some() && !path.starts_with('/') {
            ctx.error(
                &rat,
                format!("route path `{path}` must start with `/`"),
                Some(format!("write `path: /{path}`")),
            );
        }
        let mut used: HashSet<&str> = placeholders(&path)
            .into_iter()
            .filter_map(|p| fields.iter().find(|f| f.name == p).map(|f| f.name.as_str()))
            .collect();
        for p in placeholders(&path) {
            if !fields
                .iter()
                .any(|f| f.name == p && matches!(f.place, Place::Path | Place::Route))
            {
                ctx.error(
                    &rat,
                    format!(
                        "route path `{path}` has `{{{p}}}`, which names no path or route field"
                    ),
                    Some(format!(
                        "add a field `{p}` with `in: route`, or fix the placeholder"
                    )),
                );
            }
        }
        for name in r.query.values().chain(r.body.values()) {
            match fields.iter().find(|f| &f.name == name) {
                Some(f) if f.place == Place::Route => {
                    used.insert(f.name.as_str());
                }
                Some(_) => ctx.error(
                    &rat,
                    format!("route sends `{name}`, which is not `in: route`"),
                    Some(format!("set `in: route` on `{name}`")),
                ),
                None => ctx.error(
                    &rat,
                    format!("route sends `{name}`, which is no field of this operation"),
                    suggest(name, fields.iter().map(|f| f.name.as_str())).or(Some(
                        "name a field of this operation with `in: route`".into(),
                    )),
                ),
            }
        }
        if r.reject.is_some() && (r.path.is_some() || !r.query.is_empty() || !r.body.is_empty()) {
            ctx.error(
                &rat,
                "a `reject` route sends nothing, so it takes no `path`, `query` or `body`"
                    .to_owned(),
                Some("keep `reject: <why>` alone, or remove it".into()),
            );
        }
        if r.reject.is_none() {
            for f in &carried {
                if !used.contains(f.name.as_str()) {
                    ctx.error(
                        &rat,
                        format!("route `{value}` does not send `{}`", f.name),
                        Some(format!(
                            "put `{}` in this route's path, query or body",
                            f.name
                        )),
                    );
                }
            }
        }
        routes.push(model::Route {
            value: value.clone(),
            path,
            query: r
                .query
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            body: r.body.iter().map(|(k, v)| (dotted(k), v.clone())).collect(),
            single: r.single.clone(),
            reject: r.reject.clone(),
        });
    }
    // Routes follow the order of the Select's values, so emitted `match` arms read like the seed.
    routes.sort_by_key(|r| values.iter().position(|v| v == &r.value));
    Some(model::Routing {
        by: by.clone(),
        enum_name: enum_name.clone(),
        routes,
    })
}
