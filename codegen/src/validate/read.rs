//! Reading each manifest file: YAML syntax (once, into a positioned tree), then the shape of every
//! mapping, then serde's typed reading of the tree's items. An item (operation, model, …) with a
//! shape problem is left out of the typed reading and the rest goes on to be checked, so the
//! problems of every item of every file come together.

use super::{Ctx, Source, did_you_mean, partial, shape};
use crate::diagnostics::Diagnostic;
use crate::locate::{self, Node, Seg};
use crate::raw;

/// A file's typed items: `file` indexes `ctx.sources`.
pub(super) struct Typed {
    pub(super) file: usize,
    pub(super) raw: raw::File,
    pub(super) positions: partial::Positions,
}

/// Reads every file; the typed items of each file that parses.
pub(super) fn read(ctx: &mut Ctx, files: &[(String, String)]) -> Vec<Typed> {
    let mut parsed = Vec::new();
    for (name, text) in files {
        ctx.order.push(name.clone());
        let tree = match locate::parse(text) {
            Ok(tree) => tree,
            Err((line, column, message)) => {
                ctx.diags
                    .push(syntax_error(name, text, line, column, &message));
                ctx.blind = true;
                continue;
            }
        };
        let broken = shape::check(name, &tree, &mut ctx.diags);
        if broken.any() {
            note_left_out(ctx, &tree, &broken);
        }
        // The typed items come from the same tree (the YAML is parsed once); an item with a shape
        // problem is left out, so the others are still checked.
        let (raw, positions, refused) = partial::sound_items(&tree, &broken);
        for (line, column, message) in refused {
            let (operation, model, field) = enclosing(&tree, line);
            ctx.blind = true;
            ctx.diags.push(Diagnostic {
                file: name.clone(),
                line,
                column,
                operation,
                model,
                field,
                help: Some(serde_help(&message)),
                message,
            });
        }
        ctx.sources.push(Source {
            name: name.clone(),
            tree,
        });
        parsed.push(Typed {
            file: ctx.sources.len() - 1,
            raw,
            positions,
        });
    }
    parsed
}

/// Remembers what a file's shape problems leave out, so that later checks do not report, say, a
/// response model as missing when it is only broken.
fn note_left_out(ctx: &mut Ctx, tree: &Node, broken: &shape::Broken) {
    if broken.root || broken.api {
        ctx.blind = true;
    }
    for (section, index) in &broken.items {
        let name = tree
            .locate(&[Seg::Key(section), Seg::Index(*index)])
            .get(Seg::Key("name"))
            .and_then(Node::as_str);
        match name {
            Some(name) => {
                ctx.skipped.insert(name.to_owned());
            }
            None => ctx.blind = true,
        }
    }
}

/// The operation or model (and field) whose YAML contains `line`.
fn enclosing(tree: &Node, line: usize) -> (Option<String>, Option<String>, Option<String>) {
    let name_of = |n: &Node| {
        n.get(Seg::Key("name"))
            .and_then(Node::as_str)
            .map(str::to_owned)
    };
    let last_before =
        |items: &'_ [Node]| -> Option<usize> { items.iter().rposition(|o| o.line <= line) };
    let ops = tree.locate(&[Seg::Key("operations")]).items();
    let models = tree.locate(&[Seg::Key("models")]).items();
    let op = last_before(ops).and_then(|i| ops.get(i));
    let model = last_before(models).and_then(|i| models.get(i));
    let (item, is_op) = match (op, model) {
        (Some(o), Some(m)) if m.line > o.line => (m, false),
        (Some(o), _) => (o, true),
        (None, Some(m)) => (m, false),
        (None, None) => return (None, None, None),
    };
    let fields = item
        .get(Seg::Key("fields"))
        .map(Node::items)
        .unwrap_or_default();
    let field = last_before(fields).and_then(|i| fields.get(i));
    let name = name_of(item);
    let field = field.and_then(name_of);
    if is_op {
        (name, None, field)
    } else {
        (None, name, field)
    }
}

/// serde says "unknown field `x`, expected one of `a`, `b`"; suggest the nearest.
fn serde_help(message: &str) -> String {
    let unknown = message
        .split("unknown field `")
        .nth(1)
        .and_then(|rest| rest.split_once('`'));
    let Some((word, expected)) = unknown else {
        return "compare this entry with manifest/README.md; anchors, tags and `---` are not supported"
            .into();
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(word, candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("remove `{word}`; see manifest/README.md for the keys an entry may have"),
    }
}

/// A YAML syntax error, with the operation and field before it and a hint for the usual causes.
fn syntax_error(name: &str, text: &str, line: usize, column: usize, message: &str) -> Diagnostic {
    let lines: Vec<&str> = text.lines().collect();
    let line_at = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or_default();
    // yaml-rust2 often stops on the line after the mistake.
    let tab = [line, line + 1]
        .into_iter()
        .find(|n| line_at(*n).contains('\t'));
    let unclosed = (line.saturating_sub(3)..=line).rev().find(|n| {
        let l = line_at(*n);
        l.matches('{').count() > l.matches('}').count()
            || l.matches('[').count() > l.matches(']').count()
    });
    let cause = if let Some(n) = tab {
        format!("indent with spaces: line {n} has a tab, which YAML does not allow")
    } else if message.contains("mapping values are not allowed") {
        "a value holding `: ` must be in quotes (`description: \"One of: a, b\"`)".into()
    } else if message.contains("cannot start any token") {
        "put values starting with `@`, `` ` `` or `%` in quotes".into()
    } else if message.contains("quoted scalar") {
        "close the quote; inside double quotes write `\\\"` for a quote".into()
    } else if let (true, Some(n)) = (message.contains("flow"), unclosed) {
        format!(
            "close the `{{` or `[` opened on line {n} and separate its items with `,`; quote values holding `,`, `[`, `]`, `{{` or `}}`"
        )
    } else if message.contains("flow") {
        "close every `{` and `[` and separate items with `,`; quote values holding `,`, `[`, `]`, `{` or `}`".into()
    } else if message.contains("indent") || message.contains("block") {
        "align the keys of one mapping (and the `-` of one list) at the same column".into()
    } else {
        "check the indentation and the quotes on this line and the one before".to_owned()
    };
    let shown: String = line_at(line).trim().chars().take(60).collect();
    let help = if shown.is_empty() {
        cause
    } else {
        format!("{cause}; line {line} reads `{shown}`")
    };
    // The lines before the mistake usually parse: they tell which operation it is in.
    let context = (1..=4).find_map(|back| {
        let keep = line.checked_sub(back)?;
        let before = lines.get(..keep)?.join("\n");
        locate::parse(&before)
            .ok()
            .map(|tree| enclosing(&tree, line))
    });
    let (operation, model, field) = context.unwrap_or_default();
    Diagnostic {
        file: name.to_owned(),
        line,
        column,
        operation,
        model,
        field,
        message: format!("invalid YAML: {message}"),
        help: Some(help),
    }
}
