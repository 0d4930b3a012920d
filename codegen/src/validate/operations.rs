//! One operation: its own keys, the HTTP request it describes and its constants; fields, routes and
//! wire keys are checked by their own modules.

use super::types::Selects;
use super::{Ctx, OpAt, dotted, fields, routes, suggest, wire, yaml_to_json};
use crate::locate::Seg;
use crate::model::{self, Answer, Method, Paging, Place};
use crate::naming::{pascal, snake};
use crate::raw;
use crate::template::PathTemplate;

/// A name Rust can use as a module: `users`, `event_webhooks`.
fn is_module_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A name Rust can use as a method: `get_user_segments_count`.
fn is_snake_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s != "_"
}

/// The checked operation, or `None` when it has problems (all of them reported).
pub(super) fn operation(
    ctx: &mut Ctx,
    file: usize,
    index: usize,
    op: &raw::Operation,
    selects: &mut Selects,
) -> Option<model::Operation> {
    let errors_before = ctx.diags.len();
    let at = OpAt {
        file,
        base: vec![Seg::Key("operations"), Seg::Index(index)],
        op: &op.name,
    };
    check_names(ctx, &at, op);
    let method = method(ctx, &at, op);
    let path = path(ctx, &at, &op.http.path, "path");
    let settings = settings(ctx, &at, op);
    let fields = fields::fields(ctx, &at, op, selects);
    let consts = constants(ctx, &at, op);
    check_bodies(ctx, &at, op, method, &fields, !consts.body.is_empty());
    let routing = routes::routing(ctx, &at, op, &fields, selects);
    check_route_fields(ctx, &at, op, &fields);
    let routed = routing.as_ref();
    wire::check(ctx, &at, op, &fields, &consts.query, &consts.body, routed);

    if ctx.diags.len() > errors_before {
        return None;
    }
    let rust_name = op.rust_name.as_deref().unwrap_or(&op.name);
    Some(model::Operation {
        name: op.name.clone(),
        method_name: snake(rust_name),
        type_name: pascal(rust_name),
        description: op.description.clone(),
        docs: op.docs.clone().unwrap_or_default(),
        source: op.source.clone(),
        group: op.group.clone(),
        from_seed: op.seed.unwrap_or(true),
        response: settings.response,
        success: settings.success,
        paging: settings.paging,
        records: None,
        idempotent: op.idempotent.unwrap_or(method != Method::Post),
        auth: settings.auth,
        method,
        path: path?,
        headers: consts.headers,
        query_consts: consts.query,
        body_consts: consts.body,
        routing,
        fields,
    })
}

/// The operation's name, `rust_name` and `group`.
fn check_names(ctx: &mut Ctx, at: &OpAt<'_>, op: &raw::Operation) {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if !op.name.contains(|c: char| c.is_ascii_alphanumeric()) || !op.name.chars().all(allowed) {
        ctx.error(
            &at.key("name"),
            format!("operation name `{}` must be letters, digits, `_`, `-` and `.`, with at least one letter or digit", op.name),
            Some("use the seed's name without `Intercom.`, e.g. `getThing`".into()),
        );
    }
    if let Some(r) = op.rust_name.as_ref().filter(|r| !is_snake_ident(r)) {
        ctx.error(
            &at.key("rust_name"),
            format!("`rust_name: {r}` is not a snake_case Rust name"),
            Some(format!(
                "write `rust_name: {}`",
                snake(r).trim_start_matches("r#")
            )),
        );
    }
    let keyword = op
        .group
        .split('.')
        .any(|g| [format!("r#{g}"), format!("{g}_")].contains(&snake(g)));
    if !op.group.split('.').all(is_module_name) {
        ctx.error(
            &at.key("group"),
            format!(
                "group `{}` must be a snake_case module name (lowercase letters, digits, `_`), \
                 or such names joined by `.` for a nested group",
                op.group
            ),
            Some(format!("use e.g. `group: {}`", module_hint(&op.group))),
        );
    } else if keyword {
        ctx.error(
            &at.key("group"),
            format!(
                "group `{}` is a Rust keyword, which cannot name a module file",
                op.group
            ),
            Some(format!("use e.g. `group: {}s`", op.group)),
        );
    }
}

fn method(ctx: &mut Ctx, at: &OpAt<'_>, op: &raw::Operation) -> Method {
    match op.http.method.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        "PATCH" => Method::Patch,
        other => {
            let help = suggest(other, ["GET", "POST", "PUT", "DELETE", "PATCH"]);
            ctx.error(
                &at.http("method"),
                format!("`{}` is not an HTTP method this SDK sends", op.http.method),
                help.or(Some("use GET, POST, PUT, DELETE or PATCH".into())),
            );
            Method::Get
        }
    }
}

/// `text` parsed as a path template, or the reason it is not one, reported at `key` of `http`.
pub(super) fn path(
    ctx: &mut Ctx,
    at: &OpAt<'_>,
    text: &str,
    key: &'static str,
) -> Option<PathTemplate> {
    match PathTemplate::parse(text) {
        Ok(template) => Some(template),
        Err(problem) => {
            let help = if text.starts_with('/') {
                "write placeholders as `{fieldName}`, each closed, naming an input".to_owned()
            } else {
                format!("write `{key}: /{text}`")
            };
            ctx.error(&at.http(key), problem, Some(help));
            None
        }
    }
}

/// What an operation says of itself beyond its request.
struct Settings {
    paging: Option<Paging>,
    auth: bool,
    response: Answer,
    success: u16,
}

fn settings(ctx: &mut Ctx, at: &OpAt<'_>, op: &raw::Operation) -> Settings {
    let paging = match op.paginated.as_deref() {
        None => None,
        Some("pages") => Some(Paging::Pages),
        Some("scroll") => Some(Paging::Scroll),
        Some("cursor") => Some(Paging::Cursor),
        Some("search") => Some(Paging::Search),
        Some(other) => {
            ctx.error(
                &at.key("paginated"),
                format!("unknown paging `{other}`"),
                suggest(other, ["pages", "scroll", "cursor", "search"])
                    .or(Some("use `pages`, `scroll`, `cursor` or `search`".into())),
            );
            None
        }
    };
    let auth = match op.auth.as_deref() {
        None | Some("bearer") => true,
        Some("none") => false,
        Some(other) => {
            ctx.error(
                &at.key("auth"),
                format!("unknown auth `{other}`"),
                Some("use `bearer` (the default) or `none`".into()),
            );
            true
        }
    };
    let list = op
        .response
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'));
    let is_model = |name: &str| !name.is_empty() && pascal(name) == name;
    let response = match (op.response.as_str(), list) {
        ("none", _) => Answer::None,
        ("json", _) => Answer::Json,
        ("text", _) => Answer::Text,
        ("file", _) => Answer::File,
        (_, Some(item)) if is_model(item) => Answer::List(item.to_owned()),
        (name, None) if is_model(name) => Answer::Model(name.to_owned()),
        (name, _) => {
            ctx.error(
                &at.key("response"),
                format!("response `{name}` is not a model name"),
                Some(format!(
                    "use a PascalCase model name (`{}`) or a list of one (`\"[Thing]\"`), or \
                     `none`, `json`, `text` or `file`",
                    pascal(name).trim_start_matches('_')
                )),
            );
            Answer::None
        }
    };
    let success = match op.success.as_deref().map(str::parse::<u16>) {
        None => 200,
        Some(Ok(status @ 200..=299)) => status,
        Some(_) => {
            ctx.error(
                &at.key("success"),
                format!(
                    "`success: {}` is not a 2xx status",
                    op.success.as_deref().unwrap_or_default()
                ),
                Some("write the status of a success, e.g. `success: 202`".into()),
            );
            200
        }
    };
    Settings {
        paging,
        auth,
        response,
        success,
    }
}

/// What an operation always sends.
struct Constants {
    /// Headers: (name, value).
    headers: Vec<(String, String)>,
    /// Query parameters: (key, value).
    query: Vec<(String, String)>,
    /// Body members: (dotted path, value).
    body: Vec<(Vec<String>, serde_json::Value)>,
}

/// The constant query parameters and body members of `http`.
fn constants(ctx: &mut Ctx, at: &OpAt<'_>, op: &raw::Operation) -> Constants {
    let mut query = Vec::new();
    for (k, v) in &op.http.query {
        let text = match v {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => {
                ctx.error(
                    &at.http("query"),
                    format!("query constant `{k}` must be a string, number or boolean"),
                    Some(format!("write `{k}: value`")),
                );
                continue;
            }
        };
        query.push((k.clone(), text));
    }
    let body = op
        .http
        .body
        .iter()
        .map(|(k, v)| (dotted(k), yaml_to_json(v)))
        .collect();
    let headers = op
        .http
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Constants {
        headers,
        query,
        body,
    }
}

/// A GET carries no body (HTTP gives it no meaning); POST, PUT, PATCH and DELETE may.
fn check_bodies(
    ctx: &mut Ctx,
    at: &OpAt<'_>,
    op: &raw::Operation,
    method: Method,
    fields: &[model::Field],
    body_consts: bool,
) {
    if method != Method::Get {
        return;
    }
    let verb = method.as_str();
    for f in fields
        .iter()
        .filter(|f| matches!(f.place, Place::Body(_) | Place::Payload))
    {
        let fi = op.fields.iter().position(|r| r.name == f.name).unwrap_or(0);
        let place = if matches!(f.place, Place::Payload) {
            "payload"
        } else {
            "body"
        };
        ctx.error(
            &at.field(fi, &f.name, "in"),
            format!(
                "{verb} requests carry no body, but `{}` is `in: {place}`",
                f.name
            ),
            Some(
                "write `in: query`, or make the operation `method: POST` (or PUT, PATCH, DELETE)"
                    .into(),
            ),
        );
    }
    if body_consts {
        ctx.error(
            &at.http("body"),
            format!("{verb} requests carry no body, but `http.body` has constants"),
            Some(
                "move them to `http.query`, or make the operation `method: POST` (or PUT, PATCH, DELETE)"
                    .into(),
            ),
        );
    }
}

/// `in: route` needs routes.
fn check_route_fields(ctx: &mut Ctx, at: &OpAt<'_>, op: &raw::Operation, fields: &[model::Field]) {
    if op.http.by.is_some() {
        return;
    }
    for f in fields.iter().filter(|f| f.place == Place::Route) {
        let fi = op.fields.iter().position(|r| r.name == f.name).unwrap_or(0);
        ctx.error(
            &at.field(fi, &f.name, "in"),
            "`in: route` needs `http.by` and `http.routes`".to_owned(),
            Some(
                "name the picking Select in `http.by`, or place the field in path/query/body"
                    .into(),
            ),
        );
    }
}

/// A module name close to `group`, for the hint.
fn module_hint(group: &str) -> String {
    let s = snake(group);
    let s = s.trim_start_matches("r#").trim_matches('_');
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        "things".into()
    } else {
        s.to_owned()
    }
}
