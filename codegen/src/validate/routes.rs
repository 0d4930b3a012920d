//! Routes picked by a Select (`http.by` + `http.routes`): one per value, each sending the
//! route-placed fields in its path, query or body, or refusing the call.

use std::collections::HashSet;

use super::types::Selects;
use super::{At, Ctx, OpAt, dotted, suggest};
use crate::locate::Seg;
use crate::model::{self, FieldType, Place};
use crate::raw;
use crate::template::PathTemplate;

pub(super) fn routing(
    ctx: &mut Ctx,
    op_at: &OpAt<'_>,
    op: &raw::Operation,
    fields: &[model::Field],
    selects: &Selects,
) -> Option<model::Routing> {
    let (by, enum_name) = picker(ctx, op_at, op, fields)?;
    let values: Vec<String> = selects.values(&enum_name).unwrap_or_default().to_vec();
    let carried: Vec<&model::Field> = fields
        .iter()
        .filter(|f| f.place == Place::Route && f.name != by)
        .collect();
    check_every_value_has_a_route(ctx, op_at, op, &by, &values, &carried);
    let mut routes = Vec::new();
    for (value, r) in &op.http.routes {
        let mut at: At<'_> = op_at.http("routes");
        at.key = None;
        at.path
            .extend([Seg::Key("routes"), Seg::Key(value.as_str())]);
        if !values.contains(value) {
            ctx.error(
                &at,
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
        let checked = Checked {
            ctx,
            at,
            fields,
            carried: &carried,
        };
        if let Some(route) = checked.route(op, value, r) {
            routes.push(route);
        }
    }
    // Routes follow the order of the Select's values, so emitted `match` arms read like the seed.
    routes.sort_by_key(|r| values.iter().position(|v| v == &r.value));
    Some(model::Routing {
        by: position(fields, &by),
        enum_name,
        routes,
    })
}

/// The position of the field called `name` among `fields`, once validation has found it there.
fn position(fields: &[model::Field], name: &str) -> usize {
    fields.iter().position(|f| f.name == name).unwrap_or(0)
}

/// The picking field (`by`) and its enum, when it is a required, route-placed Select.
fn picker(
    ctx: &mut Ctx,
    op_at: &OpAt<'_>,
    op: &raw::Operation,
    fields: &[model::Field],
) -> Option<(String, String)> {
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
    Some((by.clone(), enum_name.clone()))
}

/// Every value of the Select needs a route (a misspelt route is reported as such instead).
fn check_every_value_has_a_route(
    ctx: &mut Ctx,
    op_at: &OpAt<'_>,
    op: &raw::Operation,
    by: &str,
    values: &[String],
    carried: &[&model::Field],
) {
    let misspelt: Vec<&str> = op
        .http
        .routes
        .keys()
        .filter(|k| !values.contains(k))
        .filter_map(|k| super::did_you_mean(k, values.iter().map(String::as_str)))
        .collect();
    for v in values.iter().filter(|v| !misspelt.contains(&v.as_str())) {
        if op.http.routes.contains_key(v) {
            continue;
        }
        let example = match carried.first() {
            Some(f) => format!("{v}: {{ query: {{ {v}: {} }} }}", f.name),
            None => format!("{v}: {{ path: /things }}"),
        };
        ctx.error(
            &op_at.http("routes"),
            format!("no route for the value `{v}` of `{by}`"),
            Some(format!(
                "add `{example}` under `routes` (a route has `path`, `query`, `body`, `single` or `refuse`)"
            )),
        );
    }
}

/// One route being checked, and where to report.
struct Checked<'c, 'a> {
    ctx: &'c mut Ctx,
    at: At<'a>,
    fields: &'c [model::Field],
    /// The route-placed fields every route must send (the picker aside).
    carried: &'c [&'c model::Field],
}

impl Checked<'_, '_> {
    fn route(mut self, op: &raw::Operation, value: &str, r: &raw::Route) -> Option<model::Route> {
        let text = r.path.as_deref().unwrap_or(&op.http.path);
        let path = match PathTemplate::parse(text) {
            Ok(path) => path,
            Err(problem) => {
                // The operation's own path is reported on its own; a route's, here.
                if r.path.is_some() {
                    let help = if text.starts_with('/') {
                        "write placeholders as `{fieldName}`, each closed, naming an input"
                            .to_owned()
                    } else {
                        format!("write `path: /{text}`")
                    };
                    self.ctx
                        .error(&self.at, format!("route {problem}"), Some(help));
                }
                return None;
            }
        };
        let mut used = self.placeholders(&path);
        self.sent_fields(r, &mut used);
        if r.refuse.is_some() && (r.path.is_some() || !r.query.is_empty() || !r.body.is_empty()) {
            self.ctx.error(
                &self.at,
                "a `refuse` route sends nothing, so it takes no `path`, `query` or `body`"
                    .to_owned(),
                Some("keep `refuse: <why>` alone, or remove it".into()),
            );
        }
        if r.refuse.is_none() {
            for f in self
                .carried
                .iter()
                .filter(|f| !used.contains(f.name.as_str()))
            {
                self.ctx.error(
                    &self.at,
                    format!("route `{value}` does not send `{}`", f.name),
                    Some(format!(
                        "put `{}` in this route's path, query or body",
                        f.name
                    )),
                );
            }
        }
        Some(model::Route {
            value: value.to_owned(),
            path,
            query: r
                .query
                .iter()
                .map(|(k, v)| (k.clone(), position(self.fields, v)))
                .collect(),
            body: r
                .body
                .iter()
                .map(|(k, v)| (dotted(k), position(self.fields, v)))
                .collect(),
            single: r.single.clone(),
            refuse: r.refuse.clone(),
        })
    }

    /// The fields the path's placeholders send; each must be a path or route field.
    fn placeholders(&mut self, path: &PathTemplate) -> HashSet<String> {
        let mut used = HashSet::new();
        for p in path.params() {
            let placed = self
                .fields
                .iter()
                .any(|f| f.name == p && matches!(f.place, Place::Path | Place::Route));
            if placed {
                used.insert(p.to_owned());
                continue;
            }
            self.ctx.error(
                &self.at,
                format!(
                    "route path `{}` has `{{{p}}}`, which names no path or route field",
                    path.as_str()
                ),
                Some(format!(
                    "add a field `{p}` with `in: route`, or fix the placeholder"
                )),
            );
        }
        used
    }

    /// The fields the route's query and body send; each must be a route field.
    fn sent_fields(&mut self, r: &raw::Route, used: &mut HashSet<String>) {
        for name in r.query.values().chain(r.body.values()) {
            match self.fields.iter().find(|f| &f.name == name) {
                Some(f) if f.place == Place::Route => {
                    used.insert(f.name.clone());
                }
                Some(_) => self.ctx.error(
                    &self.at,
                    format!("route sends `{name}`, which is not `in: route`"),
                    Some(format!("set `in: route` on `{name}`")),
                ),
                None => self.ctx.error(
                    &self.at,
                    format!("route sends `{name}`, which is no field of this operation"),
                    suggest(name, self.fields.iter().map(|f| f.name.as_str())).or(Some(
                        "name a field of this operation with `in: route`".into(),
                    )),
                ),
            }
        }
    }
}
