//! One operation: its own keys, the HTTP request it describes and its constants; fields, routes and
//! wire keys are checked by their own modules.

use super::types::Selects;
use super::{At, Ctx, dotted, fields, routes, suggest, wire, yaml_to_json};
use crate::locate::Seg;
use crate::model::{self, Method, Paging, Place};
use crate::naming::{pascal, snake};
use crate::raw;

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

/// Where a key of an operation (or of its `http`) is.
pub(super) struct OpAt<'a> {
    pub(super) file: usize,
    pub(super) base: Vec<Seg<'a>>,
    pub(super) op: &'a str,
}

impl<'a> OpAt<'a> {
    pub(super) fn key(&self, key: &'a str) -> At<'a> {
        At {
            file: self.file,
            path: self.base.clone(),
            key: Some(key),
            op: Some(self.op),
            ..At::default()
        }
    }

    pub(super) fn http(&self, key: &'a str) -> At<'a> {
        let mut at = self.key(key);
        at.path.push(Seg::Key("http"));
        at
    }

    pub(super) fn field(&self, index: usize, name: &'a str, key: &'a str) -> At<'a> {
        let mut at = self.key(key);
        at.path.extend([Seg::Key("fields"), Seg::Index(index)]);
        at.field = Some(name);
        at
    }
}

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
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if !op.name.contains(|c: char| c.is_ascii_alphanumeric()) || !op.name.chars().all(allowed) {
        ctx.error(
            &at.key("name"),
            format!("operation name `{}` must be letters, digits, `_`, `-` and `.`, with at least one letter or digit", op.name),
            Some("use the seed's name without `Intercom.`, e.g. `getThing`".into()),
        );
    }
    if let Some(r) = &op.rust_name {
        if !is_snake_ident(r) {
            ctx.error(
                &at.key("rust_name"),
                format!("`rust_name: {r}` is not a snake_case Rust name"),
                Some(format!(
                    "write `rust_name: {}`",
                    snake(r).trim_start_matches("r#")
                )),
            );
        }
    }
    if !is_module_name(&op.group) {
        ctx.error(
            &at.key("group"),
            format!(
                "group `{}` must be a snake_case module name (lowercase letters, digits, `_`)",
                op.group
            ),
            Some(format!("use e.g. `group: {}`", module_hint(&op.group))),
        );
    } else if [format!("r#{}", op.group), format!("{}_", op.group)].contains(&snake(&op.group)) {
        ctx.error(
            &at.key("group"),
            format!(
                "group `{}` is a Rust keyword, which cannot name a module file",
                op.group
            ),
            Some(format!("use e.g. `group: {}s`", op.group)),
        );
    }
    let method = match op.http.method.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        other => {
            let help = suggest(other, ["GET", "POST", "PUT", "DELETE"]);
            ctx.error(
                &at.http("method"),
                format!("`{}` is not an HTTP method this SDK sends", op.http.method),
                help.or(Some("use GET, POST, PUT or DELETE".into())),
            );
            Method::Get
        }
    };
    if !op.http.path.starts_with('/') {
        ctx.error(
            &at.http("path"),
            format!("path `{}` must start with `/`", op.http.path),
            Some(format!("write `path: /{}`", op.http.path)),
        );
    }
    let paging = match op.paginated.as_deref() {
        None => None,
        Some("pages") => Some(Paging::Pages),
        Some("scroll") => Some(Paging::Scroll),
        Some(other) => {
            ctx.error(
                &at.key("paginated"),
                format!("unknown paging `{other}`"),
                Some("use `pages` or `scroll`".into()),
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
    let response = match op.response.as_str() {
        "none" => None,
        name if !name.is_empty() && pascal(name) == name => Some(name.to_owned()),
        name => {
            ctx.error(
                &at.key("response"),
                format!("response `{name}` is not a model name"),
                Some(format!(
                    "use a PascalCase model name (`{}`), or `none` for an empty body",
                    pascal(name).trim_start_matches('_')
                )),
            );
            None
        }
    };

    let fields = fields::fields(ctx, &at, op, selects);

    // Constants.
    let mut query_consts = Vec::new();
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
        query_consts.push((k.clone(), text));
    }
    let body_consts: Vec<_> = op
        .http
        .body
        .iter()
        .map(|(k, v)| (dotted(k), yaml_to_json(v)))
        .collect();
    if method != Method::Post && method != Method::Put {
        let verb = method.as_str();
        for f in fields.iter().filter(|f| matches!(f.place, Place::Body(_))) {
            let fi = op.fields.iter().position(|r| r.name == f.name).unwrap_or(0);
            ctx.error(
                &at.field(fi, &f.name, "in"),
                format!(
                    "{verb} requests carry no body, but `{}` is `in: body`",
                    f.name
                ),
                Some("write `in: query`, or make the operation `method: POST` (or PUT)".into()),
            );
        }
        if !body_consts.is_empty() {
            ctx.error(
                &at.http("body"),
                format!("{verb} requests carry no body, but `http.body` has constants"),
                Some(
                    "move them to `http.query`, or make the operation `method: POST` (or PUT)"
                        .into(),
                ),
            );
        }
    }

    let routing = routes::routing(ctx, &at, op, &fields, selects);
    if op.http.by.is_none() {
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
    wire::check(
        ctx,
        &at,
        op,
        &fields,
        &query_consts,
        &body_consts,
        routing.as_ref(),
    );

    if ctx.diags.len() > errors_before {
        return None;
    }
    let rust_name = op.rust_name.as_deref().unwrap_or(&op.name);
    Some(model::Operation {
        name: op.name.clone(),
        method_name: snake(rust_name),
        type_name: pascal(rust_name),
        description: op.description.clone(),
        group: op.group.clone(),
        response,
        paging,
        records: None,
        idempotent: op.idempotent.unwrap_or(method != Method::Post),
        auth,
        method,
        path: op.http.path.clone(),
        query_consts,
        body_consts,
        routing,
        fields,
    })
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
