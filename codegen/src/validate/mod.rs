//! Raw manifest → checked model. Every problem is collected, located and explained; nothing panics.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locate::{self, Node, Seg};
use crate::model::{self, FieldType, Method, Paging, Place};
use crate::naming::{pascal, snake, snake_plain, unraw};
use crate::raw;

mod models;

/// Seed types a field may have (`type:`), plus the custom datatypes the seed defines.
const TYPES: &[&str] = &[
    "String",
    "JSON",
    "List",
    "Datepicker",
    "Select",
    "Boolean",
    "Number",
    "credentials",
    "Map",
    "Array",
];
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
/// Names the runtime already uses at the crate root; generated types must not shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "Request",
    "Response",
    "Timestamp",
    "LatLon",
];

struct Source {
    name: String,
    tree: Node,
}

pub(super) struct Ctx {
    sources: Vec<Source>,
    diags: Vec<Diagnostic>,
}

/// Where a diagnostic points: a file, a path into it, and optionally a key of the node there.
pub(super) struct At<'a> {
    pub(super) file: usize,
    pub(super) path: Vec<Seg<'a>>,
    pub(super) key: Option<&'a str>,
    pub(super) op: Option<&'a str>,
    pub(super) field: Option<&'a str>,
}

impl Ctx {
    pub(super) fn error(&mut self, at: &At<'_>, message: impl Into<String>, help: Option<String>) {
        let src = &self.sources[at.file];
        let node = src.tree.locate(&at.path);
        let (line, column) = at
            .key
            .and_then(|k| node.key_position(k))
            .unwrap_or((node.line, node.column));
        self.diags.push(Diagnostic {
            file: src.name.clone(),
            line,
            column,
            operation: at.op.map(str::to_owned),
            field: at.field.map(str::to_owned),
            message: message.into(),
            help,
        });
    }
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The operation (and field) whose YAML contains `line`, for errors serde reports by line only.
fn enclosing(tree: &Node, line: usize) -> (Option<String>, Option<String>) {
    let name_of = |n: &Node| {
        n.get(Seg::Key("name"))
            .and_then(Node::as_str)
            .map(str::to_owned)
    };
    let ops = tree.locate(&[Seg::Key("operations")]).items();
    let Some(op) = ops.iter().take_while(|o| o.line <= line).last() else {
        return (None, None);
    };
    let fields = op
        .get(Seg::Key("fields"))
        .map(Node::items)
        .unwrap_or_default();
    let field = fields.iter().take_while(|f| f.line <= line).last();
    (name_of(op), field.and_then(name_of))
}

/// Parses and checks the manifest files `(name, text)`, in the order given.
pub fn validate(files: &[(String, String)]) -> Result<model::Api, Diagnostics> {
    let mut ctx = Ctx {
        sources: Vec::new(),
        diags: Vec::new(),
    };
    let mut parsed = Vec::new();
    for (name, text) in files {
        let tree = match locate::parse(text) {
            Ok(tree) => tree,
            Err((line, column, message)) => {
                ctx.diags.push(Diagnostic {
                    file: name.clone(),
                    line,
                    column,
                    operation: None,
                    field: None,
                    message: format!("invalid YAML: {message}"),
                    help: Some("fix the YAML syntax at this position".into()),
                });
                continue;
            }
        };
        ctx.sources.push(Source {
            name: name.clone(),
            tree,
        });
        let file = ctx.sources.len() - 1;
        match serde_yaml::from_str::<raw::File>(text) {
            Ok(raw) => parsed.push((file, raw)),
            Err(e) => {
                let (line, column) = e
                    .location()
                    .map(|l| (l.line(), l.column()))
                    .unwrap_or((1, 1));
                let (op, field) = enclosing(&ctx.sources[file].tree, line);
                let message = e.to_string();
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_owned();
                ctx.diags.push(Diagnostic {
                    file: name.clone(),
                    line,
                    column,
                    operation: op,
                    field,
                    help: unknown_key_help(&message),
                    message,
                });
            }
        }
    }
    if !ctx.diags.is_empty() {
        return Err(Diagnostics(ctx.diags));
    }
    let api = build(&mut ctx, parsed);
    if ctx.diags.is_empty() {
        api.ok_or(Diagnostics(ctx.diags))
    } else {
        Err(Diagnostics(ctx.diags))
    }
}

/// serde says "unknown field `x`, expected one of `a`, `b`"; suggest the nearest.
fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (word, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(word, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!(
            "remove `{word}`; see manifest/README.md for the keys an entry may have"
        )),
    }
}

fn build(ctx: &mut Ctx, parsed: Vec<(usize, raw::File)>) -> Option<model::Api> {
    let mut api: Option<(usize, raw::Api)> = None;
    let mut datatypes = Vec::new();
    let mut ops = Vec::new();
    let mut raw_models = Vec::new();
    for (file, raw) in parsed {
        if let Some(a) = raw.api {
            if api.is_some() {
                let at = At {
                    file,
                    path: vec![],
                    key: Some("api"),
                    op: None,
                    field: None,
                };
                ctx.error(
                    &at,
                    "`api:` is defined twice",
                    Some("keep one `api:` mapping across manifest/".into()),
                );
            } else {
                api = Some((file, a));
            }
        }
        for (i, d) in raw.datatypes.unwrap_or_default().into_iter().enumerate() {
            datatypes.push((file, i, d));
        }
        for (i, o) in raw.operations.unwrap_or_default().into_iter().enumerate() {
            ops.push((file, i, o));
        }
        for (i, m) in raw.models.unwrap_or_default().into_iter().enumerate() {
            raw_models.push((file, i, m));
        }
    }
    let Some((_, api)) = api else {
        let at = At {
            file: 0,
            path: vec![],
            key: None,
            op: None,
            field: None,
        };
        ctx.error(
            &at,
            "no `api:` mapping in any manifest file",
            Some("add `api: { name, base_url, version_header, default_version }`".into()),
        );
        return None;
    };

    let mut seen_dt = HashSet::new();
    let mut out_dt = Vec::new();
    for (file, i, d) in datatypes {
        if !seen_dt.insert(d.name.clone()) {
            let at = At {
                file,
                path: vec![Seg::Key("datatypes"), Seg::Index(i)],
                key: Some("name"),
                op: None,
                field: None,
            };
            ctx.error(&at, format!("datatype `{}` is defined twice", d.name), None);
        }
        out_dt.push(model::Datatype {
            name: d.name,
            description: d.description,
            example: d.example,
        });
    }

    let mut selects: Vec<model::SelectEnum> = Vec::new();
    let mut select_origin: HashMap<String, (String, String)> = HashMap::new();
    let mut seen_ops: HashMap<String, String> = HashMap::new();
    let mut out_ops = Vec::new();
    for (file, i, op) in &ops {
        if let Some(o) = operation(ctx, *file, *i, op, &mut selects, &mut select_origin) {
            for key in [
                o.name.clone(),
                format!("method {}", o.method_name),
                format!("type {}", o.type_name),
            ] {
                if let Some(prev) = seen_ops.insert(key.clone(), o.name.clone()) {
                    let at = At {
                        file: *file,
                        path: vec![Seg::Key("operations"), Seg::Index(*i)],
                        key: Some("name"),
                        op: Some(&op.name),
                        field: None,
                    };
                    let what = if key == o.name {
                        "is defined twice".to_owned()
                    } else {
                        format!("collides with `{prev}` after case conversion ({key})")
                    };
                    ctx.error(
                        &at,
                        format!("operation `{}` {what}", o.name),
                        Some("rename one of them, or give one a `rust_name:`".into()),
                    );
                }
            }
            out_ops.push(o);
        }
    }
    let select_names: HashSet<&str> = selects.iter().map(|s| s.name.as_str()).collect();
    for (file, i, op) in &ops {
        let ty = pascal(&op.name);
        if select_names.contains(ty.as_str()) || RESERVED_TYPES.contains(&ty.as_str()) {
            let at = At {
                file: *file,
                path: vec![Seg::Key("operations"), Seg::Index(*i)],
                key: Some("name"),
                op: Some(&op.name),
                field: None,
            };
            ctx.error(
                &at,
                format!("the builder type `{ty}` collides with another Rust type of the SDK"),
                Some("rename the operation or the Select's `enum:`".into()),
            );
        }
    }
    let (models, server_enums) = models::check(ctx, &raw_models);
    models::attach_records(ctx, &ops, &mut out_ops, &models);
    let mut type_names: HashMap<&str, &str> = HashMap::new();
    for name in RESERVED_TYPES {
        type_names.insert(name, "the runtime");
    }
    for s in &selects {
        type_names.insert(&s.name, "a Select enum");
    }
    for (file, i, op) in &ops {
        let Some(o) = out_ops.iter().find(|o| o.name == op.name) else {
            continue;
        };
        let at = At {
            file: *file,
            path: vec![Seg::Key("operations"), Seg::Index(*i)],
            key: Some("response"),
            op: Some(&op.name),
            field: None,
        };
        if let Some(r) = &o.response {
            if !models.iter().any(|m| &m.name == r) {
                let help = did_you_mean(r, models.iter().map(|m| m.name.as_str())).map_or_else(
                    || "define it under `models:` or use `none`".to_owned(),
                    |m| format!("did you mean `{m}`?"),
                );
                ctx.error(
                    &at,
                    format!("response model `{r}` does not exist"),
                    Some(help),
                );
            }
        }
    }
    for (file, i, m) in &raw_models {
        if let Some(what) = type_names.get(m.name.as_str()) {
            let at = At {
                file: *file,
                path: vec![Seg::Key("models"), Seg::Index(*i)],
                key: Some("name"),
                op: None,
                field: None,
            };
            ctx.error(
                &at,
                format!("model `{}` has the name of {what}", m.name),
                Some("rename the model".into()),
            );
        }
    }
    Some(model::Api {
        models,
        server_enums,
        name: api.name,
        base_url: api.base_url,
        version_header: api.version_header,
        default_version: api.default_version,
        datatypes: out_dt,
        operations: out_ops,
        selects,
    })
}

fn is_module_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && snake(s) == s
}

fn yaml_to_json(v: &serde_yaml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn dotted(s: &str) -> Vec<String> {
    s.split('.').map(str::to_owned).collect()
}

fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
        .collect()
}

#[allow(clippy::too_many_lines)]
fn operation(
    ctx: &mut Ctx,
    file: usize,
    index: usize,
    op: &raw::Operation,
    selects: &mut Vec<model::SelectEnum>,
    select_origin: &mut HashMap<String, (String, String)>,
) -> Option<model::Operation> {
    let base = vec![Seg::Key("operations"), Seg::Index(index)];
    let errors_before = ctx.diags.len();
    let at = |key: &'static str| At {
        file,
        path: base.clone(),
        key: Some(key),
        op: Some(&op.name),
        field: None,
    };
    let http_at = |key: &'static str| {
        let mut path = base.clone();
        path.push(Seg::Key("http"));
        At {
            file,
            path,
            key: Some(key),
            op: Some(&op.name),
            field: None,
        }
    };

    if op.name.is_empty()
        || !op
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        ctx.error(
            &at("name"),
            format!(
                "operation name `{}` must be letters, digits and `_`",
                op.name
            ),
            None,
        );
    }
    if !is_module_name(&op.group) {
        ctx.error(
            &at("group"),
            format!("group `{}` must be a snake_case module name", op.group),
            Some("use e.g. `users`".into()),
        );
    }
    let method = match op.http.method.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        other => {
            let help = did_you_mean(other, ["GET", "POST", "PUT", "DELETE"])
                .map(|m| format!("did you mean `{m}`?"));
            ctx.error(
                &http_at("method"),
                format!("`{}` is not an HTTP method this SDK sends", op.http.method),
                help.or(Some("use GET, POST, PUT or DELETE".into())),
            );
            Method::Get
        }
    };
    if !op.http.path.starts_with('/') {
        ctx.error(
            &http_at("path"),
            format!("path `{}` must start with `/`", op.http.path),
            None,
        );
    }
    let paging = match op.paginated.as_deref() {
        None => None,
        Some("pages") => Some(Paging::Pages),
        Some("scroll") => Some(Paging::Scroll),
        Some(other) => {
            ctx.error(
                &at("paginated"),
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
                &at("auth"),
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
                &at("response"),
                format!("response `{name}` is not a model name"),
                Some("use a PascalCase model name, or `none` for an empty body".into()),
            );
            None
        }
    };

    // Fields.
    let mut fields = Vec::new();
    let mut names = HashSet::new();
    let mut rust_names: HashMap<String, String> = HashMap::new();
    let path_names = placeholders(&op.http.path);
    for (j, f) in op.fields.iter().enumerate() {
        let mut fpath = base.clone();
        fpath.extend([Seg::Key("fields"), Seg::Index(j)]);
        let fat = |key: &'static str| At {
            file,
            path: fpath.clone(),
            key: Some(key),
            op: Some(&op.name),
            field: Some(&f.name),
        };
        if !names.insert(f.name.clone()) {
            ctx.error(
                &fat("name"),
                format!("field `{}` is listed twice", f.name),
                Some("remove one of them".into()),
            );
        }
        let mut rust_name = snake(&f.name);
        if RESERVED_MEMBERS.contains(&unraw(&rust_name)) {
            // The builder already has a member or method of that name.
            rust_name = format!("{}_", unraw(&rust_name));
        }
        if let Some(prev) = rust_names.insert(rust_name.clone(), f.name.clone()) {
            if prev != f.name {
                ctx.error(
                    &fat("name"),
                    format!(
                        "fields `{prev}` and `{}` both become `{}` in Rust",
                        f.name,
                        unraw(&rust_name)
                    ),
                    Some("rename one of them".into()),
                );
            }
        }
        let Some(ty) = field_type(ctx, &fat, f, selects, select_origin, &op.name) else {
            continue;
        };
        let place = match f.place.as_deref() {
            Some("auth") => Place::Auth,
            Some("path") => {
                if !path_names.contains(&f.name) {
                    ctx.error(
                        &fat("in"),
                        format!(
                            "field `{}` is `in: path` but `{}` has no `{{{}}}`",
                            f.name, op.http.path, f.name
                        ),
                        Some(format!(
                            "add `{{{}}}` to the path, or place the field in the query or body",
                            f.name
                        )),
                    );
                }
                if !f.required {
                    ctx.error(
                        &fat("in"),
                        "a path field must be `required: true`".to_owned(),
                        None,
                    );
                }
                Place::Path
            }
            Some("query") => Place::Query(f.wire.clone().unwrap_or_else(|| snake_plain(&f.name))),
            Some("body") => Place::Body(dotted(
                &f.wire.clone().unwrap_or_else(|| snake_plain(&f.name)),
            )),
            Some("route") => Place::Route,
            Some(other) => {
                let help = did_you_mean(other, ["auth", "path", "query", "body", "route"])
                    .map(|m| format!("did you mean `{m}`?"));
                ctx.error(
                    &fat("in"),
                    format!("unknown place `in: {other}`"),
                    help.or(Some("use auth, path, query, body or route".into())),
                );
                continue;
            }
            None => {
                ctx.error(
                    &fat("name"),
                    format!("field `{}` has no place", f.name),
                    Some("add `in: path`, `query`, `body`, `route` or `auth`".into()),
                );
                continue;
            }
        };
        if matches!(place, Place::Query(_)) && matches!(ty, FieldType::Json | FieldType::ObjectList)
        {
            ctx.error(
                &fat("in"),
                "a JSON field cannot be sent in the query string".to_owned(),
                Some("place it in the body".into()),
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
                &fat("each"),
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
                &fat("wrap"),
                "`wrap` needs a list of strings".to_owned(),
                Some("set `items: String` on the List".into()),
            );
        }
        if (!with.is_empty() || wrap.is_some()) && !matches!(place, Place::Body(_)) {
            ctx.error(
                &fat("in"),
                "`with` and `wrap` apply to body fields only".to_owned(),
                None,
            );
        }
        fields.push(model::Field {
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
        });
    }
    for p in &path_names {
        if !fields
            .iter()
            .any(|f| &f.name == p && matches!(f.place, Place::Path | Place::Route))
        {
            ctx.error(
                &http_at("path"),
                format!("path placeholder `{{{p}}}` names no path field"),
                Some(format!(
                    "add a field `{p}` with `in: path`, or fix the placeholder"
                )),
            );
        }
    }

    // Constants.
    let mut query_consts = Vec::new();
    for (k, v) in &op.http.query {
        let text = match v {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => {
                ctx.error(
                    &http_at("query"),
                    format!("query constant `{k}` must be a string, number or boolean"),
                    None,
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
    if method != Method::Post
        && method != Method::Put
        && (!body_consts.is_empty() || fields.iter().any(|f| matches!(f.place, Place::Body(_))))
    {
        ctx.error(
            &http_at("method"),
            format!(
                "{} requests carry no body, but this operation has body members",
                method.as_str()
            ),
            Some("move them to `query`, or use POST/PUT".into()),
        );
    }

    // Routes.
    let routing = routing(ctx, file, &base, op, &fields, selects);
    let route_fields: Vec<&model::Field> =
        fields.iter().filter(|f| f.place == Place::Route).collect();
    if routing.is_none() {
        for f in &route_fields {
            let fi = op.fields.iter().position(|r| r.name == f.name).unwrap_or(0);
            let mut fpath = base.clone();
            fpath.extend([Seg::Key("fields"), Seg::Index(fi)]);
            ctx.error(
                &At {
                    file,
                    path: fpath,
                    key: Some("in"),
                    op: Some(&op.name),
                    field: Some(&f.name),
                },
                "`in: route` needs `http.by` and `http.routes`".to_owned(),
                Some(
                    "name the picking Select in `http.by`, or place the field in path/query/body"
                        .into(),
                ),
            );
        }
    }

    // Two fields (or a field and a constant) sent to the same key.
    let shapes: Vec<Option<&model::Route>> = match &routing {
        Some(r) => r
            .routes
            .iter()
            .filter(|r| r.reject.is_none())
            .map(Some)
            .collect(),
        None => vec![None],
    };
    for route in shapes {
        let mut query: BTreeMap<String, String> = BTreeMap::new();
        let mut body: BTreeMap<Vec<String>, String> = BTreeMap::new();
        let clash = |ctx: &mut Ctx, what: String| {
            ctx.error(
                &http_at("method"),
                format!("two inputs are sent to the same key: {what}"),
                Some("give one of them another `wire:` name".into()),
            );
        };
        let mut q = |ctx: &mut Ctx, k: &str, who: &str| {
            if let Some(prev) = query.insert(k.to_owned(), who.to_owned()) {
                clash(ctx, format!("query `{k}` ({prev} and {who})"));
            }
        };
        for (k, _) in &query_consts {
            q(ctx, k, "a constant");
        }
        for f in &fields {
            if let Place::Query(k) = &f.place {
                q(ctx, k, &f.name);
            }
        }
        if let Some(r) = route {
            for (k, f) in &r.query {
                q(ctx, k, f);
            }
        }
        let mut b = |ctx: &mut Ctx, k: &[String], who: &str| {
            let conflict = body
                .iter()
                .find(|(p, _)| p.as_slice() == k || p.starts_with(k) || k.starts_with(p));
            if let Some((p, prev)) = conflict {
                ctx.error(
                    &http_at("method"),
                    format!(
                        "two inputs are sent to the same body key: `{}` ({prev}) and `{}` ({who})",
                        p.join("."),
                        k.join(".")
                    ),
                    Some("give one of them another `wire:` name".into()),
                );
            } else {
                body.insert(k.to_vec(), who.to_owned());
            }
        };
        for (k, _) in &body_consts {
            b(ctx, k, "a constant");
        }
        for f in &fields {
            if let Place::Body(k) = &f.place {
                b(ctx, k, &f.name);
                for (w, _) in &f.with {
                    b(ctx, w, &format!("`with` of {}", f.name));
                }
            }
        }
        if let Some(r) = route {
            for (k, f) in &r.body {
                b(ctx, k, f);
            }
        }
    }

    if ctx.diags.len() > errors_before {
        return None;
    }
    Some(model::Operation {
        name: op.name.clone(),
        method_name: op.rust_name.clone().unwrap_or_else(|| snake(&op.name)),
        type_name: pascal(op.rust_name.as_deref().unwrap_or(&op.name)),
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

fn field_type<'a>(
    ctx: &mut Ctx,
    fat: &dyn Fn(&'static str) -> At<'a>,
    f: &raw::Field,
    selects: &mut Vec<model::SelectEnum>,
    select_origin: &mut HashMap<String, (String, String)>,
    op: &str,
) -> Option<FieldType> {
    for (key, ty) in [("type", Some(&f.ty)), ("sdk_type", f.sdk_type.as_ref())] {
        if let Some(ty) = ty {
            if !TYPES.contains(&ty.as_str()) {
                let help =
                    did_you_mean(ty, TYPES.iter().copied()).map(|t| format!("did you mean `{t}`?"));
                ctx.error(
                    &fat(key),
                    format!("unknown type `{ty}`"),
                    help.or(Some(format!("use one of {}", TYPES.join(", ")))),
                );
                return None;
            }
        }
    }
    let effective = f.sdk_type.as_deref().unwrap_or(&f.ty);
    if f.values.is_some() && f.ty != "Select" {
        ctx.error(
            &fat("values"),
            "`values` belongs to Select fields".to_owned(),
            Some(
                "use `sdk_type: Select` with `sdk_values` to give a seed String a closed set"
                    .into(),
            ),
        );
    }
    Some(match effective {
        "String" | "credentials" if f.secret => FieldType::Secret,
        "String" | "credentials" => FieldType::String,
        "JSON" => FieldType::Json,
        "Array" => FieldType::ObjectList,
        "List" => match f.items.as_deref() {
            Some("String") => FieldType::StringList,
            None | Some("JSON") => FieldType::ObjectList,
            Some(other) => {
                ctx.error(
                    &fat("items"),
                    format!("unknown list item type `{other}`"),
                    Some("use `String` or `JSON`".into()),
                );
                return None;
            }
        },
        "Datepicker" => FieldType::Timestamp,
        "Map" => FieldType::LatLon,
        "Boolean" => FieldType::Bool,
        "Number" => FieldType::Number,
        _ => {
            let values = if f.sdk_type.as_deref() == Some("Select") {
                f.sdk_values.clone()
            } else {
                f.values.clone()
            };
            let key = if f.sdk_type.as_deref() == Some("Select") {
                "sdk_values"
            } else {
                "values"
            };
            let Some(values) = values.filter(|v| !v.is_empty()) else {
                ctx.error(
                    &fat("type"),
                    "a Select needs its values".to_owned(),
                    Some(format!("add `{key}: [a, b]`")),
                );
                return None;
            };
            let name = f.enum_name.clone().unwrap_or_else(|| pascal(&f.name));
            if pascal(&name) != name {
                ctx.error(
                    &fat("enum"),
                    format!("enum name `{name}` must be PascalCase"),
                    Some(format!("use `{}`", pascal(&name))),
                );
                return None;
            }
            let mut variants: HashMap<String, &str> = HashMap::new();
            for v in &values {
                if let Some(prev) = variants.insert(pascal(v), v) {
                    ctx.error(
                        &fat(key),
                        format!(
                            "values `{prev}` and `{v}` both become the Rust variant `{}`",
                            pascal(v)
                        ),
                        Some("Select values must differ after case conversion".into()),
                    );
                    return None;
                }
            }
            match selects.iter_mut().find(|s| s.name == name) {
                Some(existing) if existing.values != values => {
                    let (first_op, first_field) =
                        select_origin.get(&name).cloned().unwrap_or_default();
                    ctx.error(&fat("enum"), format!("enum `{name}` has values [{}] here but [{}] in `{first_op}.{first_field}`", values.join(", "), existing.values.join(", ")), Some("give this Select another `enum:` name".into()));
                    return None;
                }
                Some(existing) => existing.used_by.push((op.to_owned(), f.name.clone())),
                None => {
                    select_origin.insert(name.clone(), (op.to_owned(), f.name.clone()));
                    selects.push(model::SelectEnum {
                        name: name.clone(),
                        description: f.description.clone(),
                        values,
                        used_by: vec![(op.to_owned(), f.name.clone())],
                    });
                }
            }
            FieldType::Select(name)
        }
    })
}

fn routing(
    ctx: &mut Ctx,
    file: usize,
    base: &[Seg<'_>],
    op: &raw::Operation,
    fields: &[model::Field],
    selects: &[model::SelectEnum],
) -> Option<model::Routing> {
    let mut hpath = base.to_vec();
    hpath.push(Seg::Key("http"));
    let at = |key: &'static str| At {
        file,
        path: hpath.clone(),
        key: Some(key),
        op: Some(&op.name),
        field: None,
    };
    let Some(by) = &op.http.by else {
        if !op.http.routes.is_empty() {
            ctx.error(
                &at("routes"),
                "`routes` without `by`".to_owned(),
                Some("name the Select that picks the route in `by`".into()),
            );
        }
        return None;
    };
    let Some(picker) = fields.iter().find(|f| &f.name == by) else {
        ctx.error(
            &at("by"),
            format!("`by: {by}` names no field of this operation"),
            did_you_mean(by, fields.iter().map(|f| f.name.as_str()))
                .map(|m| format!("did you mean `{m}`?")),
        );
        return None;
    };
    let FieldType::Select(enum_name) = &picker.ty else {
        ctx.error(
            &at("by"),
            format!("`by: {by}` must name a Select field"),
            None,
        );
        return None;
    };
    if picker.place != Place::Route || !picker.required {
        ctx.error(
            &at("by"),
            format!("the picking field `{by}` must be `in: route` and `required: true`"),
            None,
        );
    }
    let values = selects
        .iter()
        .find(|s| &s.name == enum_name)
        .map(|s| s.values.clone())
        .unwrap_or_default();
    let mut routes = Vec::new();
    for v in &values {
        if !op.http.routes.contains_key(v) {
            ctx.error(
                &at("routes"),
                format!("no route for the value `{v}` of `{by}`"),
                Some(format!("add `{v}: {{ ... }}` under `routes`")),
            );
        }
    }
    let carried: Vec<&model::Field> = fields
        .iter()
        .filter(|f| f.place == Place::Route && &f.name != by)
        .collect();
    for (value, r) in &op.http.routes {
        let mut rpath = hpath.clone();
        rpath.extend([Seg::Key("routes"), Seg::Key(value.as_str())]);
        let rat = At {
            file,
            path: rpath,
            key: None,
            op: Some(&op.name),
            field: None,
        };
        if !values.contains(value) {
            let help = did_you_mean(value, values.iter().map(String::as_str))
                .map(|m| format!("did you mean `{m}`?"));
            ctx.error(
                &rat,
                format!(
                    "route `{value}` is not a value of `{by}` ({})",
                    values.join(", ")
                ),
                help,
            );
            continue;
        }
        let path = r.path.clone().unwrap_or_else(|| op.http.path.clone());
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
                    None,
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
                    did_you_mean(name, fields.iter().map(|f| f.name.as_str()))
                        .map(|m| format!("did you mean `{m}`?")),
                ),
            }
        }
        if r.reject.is_some() && (r.path.is_some() || !r.query.is_empty() || !r.body.is_empty()) {
            ctx.error(
                &rat,
                "a `reject` route sends nothing, so it takes no `path`, `query` or `body`"
                    .to_owned(),
                None,
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
