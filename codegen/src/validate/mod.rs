//! Raw manifest → checked model. Every problem is collected, located and explained; nothing panics.
//!
//! `read` reads each file: YAML syntax, then `shape` (every key of every mapping against the
//! tables of `keys`), then serde's typed parse (`partial` when some items are broken). Then
//! `build` checks what the sound items mean: operations (`operations`, with `fields`,
//! `types`, `routes` and `wire`) and `models`.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locate::{Node, Seg};
use crate::model;
use crate::raw;

mod fields;
mod keys;
mod models;
mod operations;
mod partial;
mod read;
mod routes;
mod shape;
mod types;
mod wire;

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
/// Names the generated files import and use unqualified (and the runtime's own at the crate
/// root): a generated type of that name would shadow one. `tests/tests/reserved_names.rs` checks
/// this list against the generated imports and `sdk/src/lib.rs`.
pub const RESERVED_TYPES: &[&str] = &[
    "CallOptions",
    "Client",
    "ClientBuilder",
    "Error",
    "Extra",
    "Fields",
    "Id",
    "Integer",
    "JsonObject",
    "JsonText",
    "LatLon",
    "Member",
    "MemberNames",
    "Number",
    "Operation",
    "RawJson",
    "Request",
    "Response",
    "Secret",
    "Slot",
    "Serialize",
    "SlotRef",
    "Text",
    "Timestamp",
    "Value",
];
/// Other runtime types of the crate root, next to which Select enums are re-exported.
pub const ROOT_TYPES: &[&str] = &[
    "ApiError",
    "ApiErrorItem",
    "Attempt",
    "AttemptEnd",
    "Decode",
    "DecodeError",
    "ErrorCode",
    "Invocation",
    "Method",
    "Page",
    "ParseLatLonError",
    "ParseSelectError",
    "ParseTimestampError",
    "Pending",
    "PendingResponse",
    "RateLimit",
    "RawRequest",
    "Records",
    "RetryPolicy",
    "Surprise",
    "SurprisesError",
    "UnknownFields",
];
/// Prelude names the generated code uses unqualified; a generated type of that name would
/// shadow them.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Into",
    "From",
    "IntoIterator",
    "Iterator",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Extend",
];

struct Source {
    name: String,
    tree: Node,
}

#[derive(Default)]
pub(super) struct Ctx {
    /// Every file given, in order (also those whose YAML does not parse).
    order: Vec<String>,
    /// Files whose YAML parses.
    sources: Vec<Source>,
    diags: Vec<Diagnostic>,
    /// Names of items left out for their shape problems.
    skipped: HashSet<String>,
    /// Something was left out whose name is unknown (a file that is not YAML, …).
    blind: bool,
}

/// Where a diagnostic points: a file, a path into it, and optionally a key of the node there.
#[derive(Default)]
pub(super) struct At<'a> {
    pub(super) file: usize,
    pub(super) path: Vec<Seg<'a>>,
    pub(super) key: Option<&'a str>,
    pub(super) op: Option<&'a str>,
    pub(super) model: Option<&'a str>,
    pub(super) field: Option<&'a str>,
}

/// Where a key of an operation (or of its `http`, or of one of its fields) is.
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

impl Ctx {
    pub(super) fn error(&mut self, at: &At<'_>, message: impl Into<String>, help: Option<String>) {
        let (file, line, column) = match self.sources.get(at.file) {
            Some(src) => {
                let node = src.tree.locate(&at.path);
                let (line, column) = at
                    .key
                    .and_then(|k| node.key_position(k))
                    .unwrap_or((node.line, node.column));
                (src.name.clone(), line, column)
            }
            None => (
                self.order
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "manifest".into()),
                1,
                1,
            ),
        };
        self.diags.push(Diagnostic {
            file,
            line,
            column,
            operation: at.op.map(str::to_owned),
            model: at.model.map(str::to_owned),
            field: at.field.map(str::to_owned),
            message: message.into(),
            help,
        });
    }

    /// True when no item called `name` may exist only because it was left out: references to
    /// it are then not reported.
    fn maybe_left_out(&self, name: &str) -> bool {
        self.blind || self.skipped.contains(name)
    }

    /// Every diagnostic once, in file order, then by position.
    fn finish(mut self) -> Diagnostics {
        let rank = |d: &Diagnostic| self.order.iter().position(|f| f == &d.file);
        self.diags.sort_by_key(|d| (rank(d), d.line, d.column));
        let mut out: Vec<Diagnostic> = Vec::new();
        for d in self.diags {
            if !out.contains(&d) {
                out.push(d);
            }
        }
        Diagnostics(out)
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
            let best = match (prev.get(j), prev.get(j + 1), cur.get(j)) {
                (Some(diag), Some(up), Some(left)) => (diag + cost).min(up + 1).min(left + 1),
                _ => 0,
            };
            cur.push(best);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or_default()
}

/// "did you mean `x`?" when `word` is a near miss of one of `candidates`.
fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|m| format!("did you mean `{m}`?"))
}

/// What a generated type called `name` would clash with, if anything.
pub(crate) fn taken_type_name(name: &str, at_root: bool) -> Option<String> {
    if RESERVED_TYPES.contains(&name) || (at_root && ROOT_TYPES.contains(&name)) {
        Some(format!("the runtime's `{name}`"))
    } else if PRELUDE.contains(&name) {
        Some(format!("Rust's `{name}`, which the generated code uses"))
    } else {
        None
    }
}

/// Parses and checks the manifest files `(name, text)`, in the order given.
pub fn validate(files: &[(String, String)]) -> Result<model::Api, Diagnostics> {
    let mut ctx = Ctx::default();
    let parsed = read::read(&mut ctx, files);
    if let Some(api) = build(&mut ctx, parsed) {
        if ctx.diags.is_empty() {
            return Ok(api);
        }
    }
    Err(ctx.finish())
}

/// The items of every file, with the file and position each came from.
#[derive(Default)]
struct Gathered {
    api: Option<(usize, raw::Api)>,
    datatypes: Vec<(usize, usize, raw::Datatype)>,
    ops: Vec<(usize, usize, raw::Operation)>,
    models: Vec<(usize, usize, raw::Model)>,
}

fn build(ctx: &mut Ctx, parsed: Vec<read::Typed>) -> Option<model::Api> {
    let Gathered {
        api,
        datatypes,
        ops,
        models: raw_models,
    } = gather(ctx, parsed);
    let datatypes = check_datatypes(ctx, datatypes);
    let mut selects = types::Selects::default();
    // An API in a module of its own (2.x) puts its operations on group handles: its methods
    // repeat across groups (`list`), and its builders are named after the operations.
    let grouped = api.as_ref().is_some_and(|(_, a)| a.module.is_some());
    let mut out_ops = check_operations(ctx, &ops, &mut selects, grouped);
    let selects = selects.into_enums();
    let select_names: HashSet<&str> = selects.iter().map(|s| s.name.as_str()).collect();
    // Index by name: a scan per operation would make validation quadratic in their number.
    let checked: HashMap<String, usize> = out_ops
        .iter()
        .enumerate()
        .map(|(i, o)| (o.name.clone(), i))
        .collect();
    let (models, server_enums) = models::check(ctx, &raw_models);
    models::attach_records(ctx, &ops, &mut out_ops, &models);
    for (file, i, op) in &ops {
        let Some(o) = checked.get(&op.name).map(|&k| &out_ops[k]) else {
            continue;
        };
        check_builder_name(ctx, &op_at(*file, *i, op, "name"), o, &select_names);
        check_response(ctx, &op_at(*file, *i, op, "response"), o, &models);
    }
    check_model_names(ctx, &raw_models, &select_names);
    let (_, api) = api?;
    check_field_models(ctx, &ops, &out_ops, &models);
    Some(model::Api {
        models,
        server_enums,
        name: api.name,
        module: api.module,
        base_url: api.base_url,
        version_header: api.version_header,
        default_version: api.default_version,
        datatypes,
        operations: out_ops,
        selects,
    })
}

/// The `key` of operation `i` of `file`.
fn op_at<'a>(file: usize, i: usize, op: &'a raw::Operation, key: &'static str) -> At<'a> {
    At {
        file,
        path: vec![Seg::Key("operations"), Seg::Index(i)],
        key: Some(key),
        op: Some(&op.name),
        ..At::default()
    }
}

/// Every file's items in one list per section; one `api:` across the files.
fn gather(ctx: &mut Ctx, parsed: Vec<read::Typed>) -> Gathered {
    let mut all = Gathered::default();
    for read::Typed {
        file,
        raw,
        positions,
    } in parsed
    {
        if let Some(a) = raw.api {
            if all.api.is_some() {
                let at = At {
                    file,
                    key: Some("api"),
                    ..At::default()
                };
                ctx.error(
                    &at,
                    "`api:` is defined twice",
                    Some("keep one `api:` mapping across manifest/".into()),
                );
            } else {
                all.api = Some((file, a));
            }
        }
        for (i, d) in raw.datatypes.unwrap_or_default().into_iter().enumerate() {
            all.datatypes.push((file, positions.of("datatypes", i), d));
        }
        for (i, o) in raw.operations.unwrap_or_default().into_iter().enumerate() {
            all.ops.push((file, positions.of("operations", i), o));
        }
        for (i, m) in raw.models.unwrap_or_default().into_iter().enumerate() {
            all.models.push((file, positions.of("models", i), m));
        }
    }
    if all.api.is_none() && !ctx.blind {
        ctx.error(
            &At::default(),
            "no `api:` mapping in any manifest file",
            Some("add `api: { name, base_url, version_header, default_version }`".into()),
        );
    }
    all
}

fn check_datatypes(
    ctx: &mut Ctx,
    datatypes: Vec<(usize, usize, raw::Datatype)>,
) -> Vec<model::Datatype> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (file, i, d) in datatypes {
        if !seen.insert(d.name.clone()) {
            let at = At {
                file,
                path: vec![Seg::Key("datatypes"), Seg::Index(i)],
                key: Some("name"),
                ..At::default()
            };
            ctx.error(
                &at,
                format!("datatype `{}` is defined twice", d.name),
                Some("remove or rename one of them".into()),
            );
        }
        out.push(model::Datatype {
            name: d.name,
            description: d.description,
            example: d.example,
        });
    }
    out
}

/// Every operation checked, and no two with one name, method or builder type.
fn check_operations(
    ctx: &mut Ctx,
    ops: &[(usize, usize, raw::Operation)],
    selects: &mut types::Selects,
    grouped: bool,
) -> Vec<model::Operation> {
    let mut seen: HashMap<String, String> = HashMap::new();
    // A nested group `a.b` is the method `b` of group `a`'s handle: no operation may take it.
    if grouped {
        for (_, _, op) in ops {
            let parts: Vec<&str> = op.group.split('.').collect();
            for n in 1..parts.len() {
                let (parent, child) = (parts[..n].join("."), parts[n]);
                seen.entry(format!("method `{parent}.{child}`"))
                    .or_insert_with(|| format!("the nested group `{parent}.{child}`"));
            }
        }
    }
    let mut out = Vec::new();
    for (file, i, op) in ops {
        let Some(mut o) = operations::operation(ctx, *file, *i, op, selects) else {
            continue;
        };
        let method = if grouped {
            o.type_name = crate::naming::pascal(&o.name);
            format!("method `{}.{}`", o.group, o.method_name)
        } else {
            format!("method `{}`", o.method_name)
        };
        let keys = [o.name.clone(), method, format!("type `{}`", o.type_name)];
        let clash = keys
            .iter()
            .find_map(|key| Some((key, seen.get(key)?.clone())));
        for key in &keys {
            seen.entry(key.clone()).or_insert_with(|| o.name.clone());
        }
        if let Some((key, prev)) = clash {
            let (what, help) = if *key == o.name {
                (
                    "is defined twice".to_owned(),
                    "remove or rename one of them",
                )
            } else if prev.starts_with("the nested group") {
                (
                    format!("would be the {key}, which is {prev}'s handle"),
                    "give the operation another `rust_name:`",
                )
            } else {
                (
                    format!("collides with `{prev}` after case conversion (both make the {key})"),
                    "rename one of them, or give one a `rust_name:`",
                )
            };
            ctx.error(
                &op_at(*file, *i, op, "name"),
                format!("operation `{}` {what}", o.name),
                Some(help.into()),
            );
        }
        out.push(o);
    }
    out
}

/// The operation's builder type may not shadow a Select enum or a type the code uses.
fn check_builder_name(
    ctx: &mut Ctx,
    at: &At<'_>,
    o: &model::Operation,
    select_names: &HashSet<&str>,
) {
    if o.method_name == "operations" {
        ctx.error(
            at,
            "an operation whose method is `operations` would clash with the list of operations \
             (`meta::OPERATIONS`)"
                .to_owned(),
            Some("give the operation a `rust_name:`, e.g. `rust_name: list_operations`".into()),
        );
    }
    let ty = o.type_name.as_str();
    let taken = if select_names.contains(ty) {
        Some(format!("the Select enum `{ty}`"))
    } else {
        taken_type_name(ty, false)
    };
    if let Some(what) = taken {
        let method = o.method_name.trim_start_matches("r#").trim_end_matches('_');
        ctx.error(
            at,
            format!("the operation's builder type `{ty}` would clash with {what}"),
            Some(format!(
                "give the operation a `rust_name:` whose type is free, e.g. `rust_name: get_{method}`"
            )),
        );
    }
}

/// Every model a field names (`model:`, `shape:`, `value_shape:`) exists; a shape lists its
/// members.
fn check_field_models(
    ctx: &mut Ctx,
    raw: &[(usize, usize, raw::Operation)],
    ops: &[model::Operation],
    models: &[model::Model],
) {
    let by_name: HashMap<&str, &model::Operation> =
        ops.iter().map(|o| (o.name.as_str(), o)).collect();
    for (file, i, op) in raw {
        let Some(o) = by_name.get(op.name.as_str()) else {
            continue;
        };
        for (j, f) in o.fields.iter().enumerate() {
            let (key, name) = match (&f.ty, &f.shape, &f.value_shape) {
                (model::FieldType::Model(name) | model::FieldType::ModelList(name), _, _) => {
                    ("model", name)
                }
                (_, Some(name), _) => ("shape", name),
                (_, _, Some(name)) => ("value_shape", name),
                _ => continue,
            };
            let found = models.iter().find(|m| &m.name == name);
            let unlisted = match key {
                "shape" => found.is_some_and(|m| m.union.is_some() || m.external.is_some()),
                "value_shape" => found.is_some_and(|m| m.external.is_some()),
                _ => false,
            };
            if (found.is_some() && !unlisted) || (found.is_none() && ctx.maybe_left_out(name)) {
                continue;
            }
            let at = OpAt {
                file: *file,
                base: vec![Seg::Key("operations"), Seg::Index(*i)],
                op: &op.name,
            };
            let index = op.fields.iter().position(|r| r.name == f.name).unwrap_or(j);
            let (message, help) = if unlisted {
                (
                    format!("`{key}: {name}` names a type whose members are not listed"),
                    Some("name a model with `fields:`".to_owned()),
                )
            } else {
                (
                    format!("`{key}: {name}` names no model"),
                    did_you_mean(name, models.iter().map(|m| m.name.as_str()))
                        .map(|m| format!("did you mean `{m}`?"))
                        .or(Some(format!("define a model `{name}` under `models:`"))),
                )
            };
            ctx.error(&at.field(index, &f.name, key), message, help);
        }
    }
}

/// The operation's response model exists.
fn check_response(ctx: &mut Ctx, at: &At<'_>, o: &model::Operation, models: &[model::Model]) {
    let Some(r) = o.response_model() else { return };
    if !models.iter().any(|m| m.name == r) && !ctx.maybe_left_out(r) {
        let help = did_you_mean(r, models.iter().map(|m| m.name.as_str())).map_or_else(
            || format!("define a model `{r}` under `models:`, or write `response: none` for an empty answer"),
            |m| format!("did you mean `{m}`?"),
        );
        ctx.error(
            at,
            format!("response model `{r}` does not exist"),
            Some(help),
        );
    } else if let Some(m) = models.iter().find(|m| m.name == r && m.external.is_some()) {
        ctx.error(
            at,
            format!(
                "response model `{r}` is a type of the runtime (`external`): only inputs take it"
            ),
            Some(format!(
                "answer with a model that has `fields`, or `response: json`{}",
                m.external
                    .as_deref()
                    .map(|p| format!(" (`{p}` is not decoded)"))
                    .unwrap_or_default()
            )),
        );
    }
}

/// A model may not shadow a Select enum or a type the generated code uses.
fn check_model_names(
    ctx: &mut Ctx,
    raw_models: &[(usize, usize, raw::Model)],
    select_names: &HashSet<&str>,
) {
    for (file, i, m) in raw_models {
        let taken = if select_names.contains(m.name.as_str()) {
            Some(format!("the Select enum `{}`", m.name))
        } else {
            taken_type_name(&m.name, false)
        };
        if let Some(what) = taken {
            let at = At {
                file: *file,
                path: vec![Seg::Key("models"), Seg::Index(*i)],
                key: Some("name"),
                model: Some(&m.name),
                ..At::default()
            };
            ctx.error(
                &at,
                format!("model `{}` would clash with {what}", m.name),
                Some(format!("rename the model, e.g. `{}Record`", m.name)),
            );
        }
    }
}

fn yaml_to_json(v: &serde_yaml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn dotted(s: &str) -> Vec<String> {
    s.split('.').map(str::to_owned).collect()
}
