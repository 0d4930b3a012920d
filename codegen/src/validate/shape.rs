//! Checks each file's positioned tree against the key tables of `keys.rs`, before serde's typed
//! parse. serde stops at the first unknown key of a file; this walk reports every unknown, missing,
//! doubled or mis-shaped key of every file at once, each at its own line, and tells which items
//! are broken so that the others can still be typed and checked.

use super::did_you_mean;
use super::keys::{FILE, Key, Role, Shape, Value};
use crate::diagnostics::Diagnostic;
use crate::locate::{Kind, Node};

/// The operation, model and field a diagnostic is inside.
#[derive(Clone, Copy, Default)]
struct Context<'t> {
    op: Option<&'t str>,
    model: Option<&'t str>,
    field: Option<&'t str>,
}

/// The top-level entry a problem is in.
#[derive(Clone, Copy)]
enum Item {
    Root,
    Api,
    Entry(&'static str, usize),
}

/// Which parts of a file have problems: those are left out of the typed parse.
#[derive(Debug, Default)]
pub(super) struct Broken {
    /// A problem outside `api:` and the items of the lists (an unknown top-level key, a section
    /// that is not a list).
    pub(super) root: bool,
    /// A problem in `api:`.
    pub(super) api: bool,
    /// Items with a problem, as (section, index): `("operations", 3)`.
    pub(super) items: Vec<(&'static str, usize)>,
}

impl Broken {
    pub(super) fn any(&self) -> bool {
        self.root || self.api || !self.items.is_empty()
    }
}

struct Walker<'o> {
    file: &'o str,
    out: &'o mut Vec<Diagnostic>,
    item: Item,
    broken: Broken,
}

/// Checks one file's tree against [`FILE`], appending a diagnostic per problem.
pub(super) fn check(file: &str, tree: &Node, out: &mut Vec<Diagnostic>) -> Broken {
    let mut walker = Walker {
        file,
        out,
        item: Item::Root,
        broken: Broken::default(),
    };
    walker.map(tree, &FILE, FILE.what, None, Context::default());
    walker.broken
}

/// The keys `shape` takes, for "takes `a`, `b`" hints.
fn key_list(shape: &Shape) -> String {
    let keys: Vec<String> = shape.keys.iter().map(|k| format!("`{}`", k.name)).collect();
    keys.join(", ")
}

impl<'t> Walker<'_> {
    fn report(&mut self, at: (usize, usize), context: Context<'t>, message: String, help: String) {
        match self.item {
            Item::Root => self.broken.root = true,
            Item::Api => self.broken.api = true,
            Item::Entry(section, index) => {
                if !self.broken.items.contains(&(section, index)) {
                    self.broken.items.push((section, index));
                }
            }
        }
        self.out.push(Diagnostic {
            file: self.file.to_owned(),
            line: at.0,
            column: at.1,
            operation: context.op.map(str::to_owned),
            model: context.model.map(str::to_owned),
            field: context.field.map(str::to_owned),
            message,
            help: Some(help),
        });
    }

    fn map(
        &mut self,
        node: &'t Node,
        shape: &Shape,
        what: &str,
        example: Option<&str>,
        context: Context<'t>,
    ) {
        let entries = match &node.kind {
            Kind::Map(entries) => entries,
            _ => {
                let help = match example {
                    Some(example) => format!("write it like `{example}`"),
                    None if std::ptr::eq(shape, &FILE) => format!(
                        "start the file with one of {}, each followed by `:`",
                        key_list(shape)
                    ),
                    None => format!("write it as `key: value` lines of {}", key_list(shape)),
                };
                let message = format!("{what} must be a mapping, found {}", node.describe());
                self.report((node.line, node.column), context, message, help);
                return;
            }
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut suggested: Vec<&str> = Vec::new();
        for e in entries {
            let at = (e.line, e.column);
            if seen.contains(&e.key.as_str()) {
                let message = format!("`{}` is given twice in {what}", e.key);
                self.report(at, context, message, "keep one of them".into());
                continue;
            }
            seen.push(&e.key);
            if let Some(key) = shape.keys.iter().find(|k| k.name == e.key) {
                self.value(&e.value, key, context);
                continue;
            }
            let names = shape.keys.iter().map(|k| k.name);
            let help = match did_you_mean(&e.key, names) {
                Some(best) => {
                    suggested.push(best);
                    format!("did you mean `{best}`?")
                }
                None => misplaced(shape, &e.key).unwrap_or_else(|| {
                    format!(
                        "remove it; {what} takes {} (see manifest/README.md)",
                        key_list(shape)
                    )
                }),
            };
            self.report(
                at,
                context,
                format!("unknown key `{}` in {what}", e.key),
                help,
            );
        }
        for key in shape.keys.iter().filter(|k| k.required) {
            if !seen.contains(&key.name) && !suggested.contains(&key.name) {
                let message = format!("{what} has no `{}:`", key.name);
                let help = format!("add `{}`", key.example);
                self.report((node.line, node.column), context, message, help);
            }
        }
    }

    /// Checks the value of `key`; what is wrong is reported at the value.
    fn value(&mut self, node: &'t Node, key: &Key, context: Context<'t>) {
        let problem = match key.value {
            Value::Text | Value::Bool => scalar_problem(node, key),
            Value::Texts => self.texts(node, key, context),
            Value::Constants | Value::Names | Value::Routes(_) => self.keyed(node, key, context),
            Value::Map(shape) => {
                let what = format!("`{}`", key.name);
                let outer = self.item;
                if matches!(outer, Item::Root) {
                    self.item = Item::Api;
                }
                self.map(node, shape, &what, Some(key.example), context);
                self.item = outer;
                None
            }
            Value::List(shape) => self.list(node, key, shape, context),
        };
        if let Some((message, help)) = problem {
            self.report((node.line, node.column), context, message, help);
        }
    }

    /// A list of text: each item is reported on its own.
    fn texts(&mut self, node: &'t Node, key: &Key, context: Context<'t>) -> Option<Problem> {
        let Kind::Seq(items) = &node.kind else {
            return Some(wrong(node, key, "a list of text"));
        };
        for item in items {
            if !matches!(item.kind, Kind::Scalar { .. }) {
                let message = format!(
                    "`{}` must be a list of text, found {} in it",
                    key.name,
                    item.describe()
                );
                let help = format!("write `{}`", key.example);
                self.report((item.line, item.column), context, message, help);
            }
        }
        None
    }

    /// A mapping of constants, of field names, or of routes (each a mapping of its own).
    fn keyed(&mut self, node: &'t Node, key: &Key, context: Context<'t>) -> Option<Problem> {
        let Kind::Map(entries) = &node.kind else {
            return Some(wrong(node, key, "a mapping"));
        };
        let mut seen: Vec<&str> = Vec::new();
        for e in entries {
            if seen.contains(&e.key.as_str()) {
                let message = format!("`{}` is given twice in `{}`", e.key, key.name);
                let help = "keep one of them".into();
                self.report((e.line, e.column), context, message, help);
                continue;
            }
            seen.push(&e.key);
            match key.value {
                Value::Names if !matches!(e.value.kind, Kind::Scalar { .. }) => {
                    let message = format!(
                        "`{}.{}` must name a field, found {}",
                        key.name,
                        e.key,
                        e.value.describe()
                    );
                    let help = format!("write `{}`", key.example);
                    self.report((e.value.line, e.value.column), context, message, help);
                }
                Value::Routes(shape) => {
                    let what = format!("route `{}`", e.key);
                    let example = "{ path: \"/things/{thingId}\" }";
                    self.map(&e.value, shape, &what, Some(example), context);
                }
                _ => {}
            }
        }
        None
    }

    /// A list of items of `shape` (operations, models, fields), each checked as a mapping.
    fn list(
        &mut self,
        node: &'t Node,
        key: &Key,
        shape: &Shape,
        context: Context<'t>,
    ) -> Option<Problem> {
        let Kind::Seq(items) = &node.kind else {
            return Some(wrong(node, key, "a list"));
        };
        let outer = self.item;
        for (index, item) in items.iter().enumerate() {
            if matches!(outer, Item::Root) {
                self.item = Item::Entry(key.name, index);
            }
            let name = item.get(crate::locate::Seg::Key("name"));
            let name = name.and_then(Node::as_str);
            let mut inner = context;
            match shape.role {
                Role::Operation => inner.op = name,
                Role::Model => inner.model = name,
                Role::Field => inner.field = name,
                Role::None => {}
            }
            self.map(item, shape, shape.what, None, inner);
        }
        self.item = outer;
        None
    }
}

/// A problem and its help.
type Problem = (String, String);

/// "`key` must be `expected`, found …".
fn wrong(node: &Node, key: &Key, expected: &str) -> Problem {
    (
        format!(
            "`{}` must be {expected}, found {}",
            key.name,
            node.describe()
        ),
        format!("write `{}`", key.example),
    )
}

/// What is wrong with the value of a text or boolean key.
fn scalar_problem(node: &Node, key: &Key) -> Option<Problem> {
    match (&node.kind, key.value) {
        (Kind::Scalar { .. }, Value::Text) if node.is_null() && key.required => Some((
            format!("`{}` has no value", key.name),
            format!("write `{}`", key.example),
        )),
        (Kind::Scalar { .. }, Value::Text) => None,
        (Kind::Scalar { text, plain: true }, Value::Bool)
            if matches!(
                text.as_str(),
                "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
            ) =>
        {
            None
        }
        (Kind::Scalar { text, plain: false }, Value::Bool)
            if matches!(text.as_str(), "true" | "false") =>
        {
            Some((
                format!(
                    "`{}` must be `true` or `false` without quotes, found the quoted text `{text}`",
                    key.name
                ),
                format!("write `{}: {text}`", key.name),
            ))
        }
        (_, Value::Bool) => Some(wrong(node, key, "`true` or `false`")),
        (Kind::Seq(items), _) => {
            let inner: Vec<&str> = items.iter().filter_map(Node::as_str).collect();
            Some((
                format!("`{}` must be text, found a list", key.name),
                format!(
                    "put it in quotes, `{}: \"[{}]\"`: unquoted, `[…]` is a YAML list",
                    key.name,
                    inner.join(", ")
                ),
            ))
        }
        _ => Some((
            format!("`{}` must be text, found {}", key.name, node.describe()),
            format!(
                "write `{}`; put text in quotes when it holds `: ` or ` #`, or starts with `[`, `{{`, `*`, `&` or `!`",
                key.example
            ),
        )),
    }
}

/// "`method` belongs inside `http:`" when `key` is a key of a mapping nested in `shape`.
fn misplaced(shape: &Shape, key: &str) -> Option<String> {
    shape.keys.iter().find_map(|k| match k.value {
        Value::Map(inner) if inner.keys.iter().any(|i| i.name == key) => Some(format!(
            "`{key}` belongs inside `{}:`; check the indentation",
            k.name
        )),
        Value::List(inner) if inner.keys.iter().any(|i| i.name == key) => Some(format!(
            "`{key}` belongs inside each item of `{}:`; check the indentation",
            k.name
        )),
        _ => None,
    })
}
