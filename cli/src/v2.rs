//! The 2.x commands: `intercom <group> [<group>] <method> [--<parameter> <value>]… [--body JSON]`,
//! one per 2.x operation of `intercom_sdk::meta`, named as the SDK names them in kebab-case
//! (`contacts().search` is `intercom contacts search`, `help_centers().collections().list` is
//! `intercom help-centers collections list`; the `operationId` works as the method's alias).
//! Path, query and header parameters and the body's top-level members are flags named after the
//! description's names; `--body` gives the whole body. Calls go through `Client::invoke`, which
//! places and checks each input as the typed builder does.

use std::collections::{BTreeMap, HashMap};

use clap::{Arg, ArgMatches, Command};
use heck::ToKebabCase;
use intercom_sdk::meta::{self, Api, Field, Kind, Operation, Place};
use serde_json::Value;

use crate::args::Args;
use crate::names;
use crate::run::{CliError, Outcome};

/// The flag that gives the whole body, where no input of the operation is called `body`.
pub const BODY: &str = "body";

/// The groups and methods of an operation's SDK name: `help_centers().collections().list` →
/// (`["help-centers", "collections"]`, `list`).
pub fn path(op: &Operation) -> (Vec<String>, String) {
    let mut parts: Vec<String> = op
        .rust_name
        .split("().")
        .map(|part| part.trim_end_matches("()").to_kebab_case())
        .collect();
    let method = parts.pop().unwrap_or_default();
    (parts, method)
}

/// Groups of commands, as a tree.
#[derive(Default)]
struct Group {
    methods: Vec<(String, &'static Operation)>,
    groups: BTreeMap<String, Group>,
}

/// The top-level group commands of every 2.x operation.
pub fn commands() -> Vec<Command> {
    let mut root = Group::default();
    for op in meta::all().filter(|op| op.api == Api::V2) {
        let (groups, method) = path(op);
        let mut group = &mut root;
        for name in groups {
            group = group.groups.entry(name).or_default();
        }
        group.methods.push((method, op));
    }
    root.groups
        .into_iter()
        .map(|(name, group)| group_command(&name, group))
        .collect()
}

fn group_command(name: &str, group: Group) -> Command {
    let mut cmd = Command::new(name.to_owned())
        .about(format!("2.x: {name}"))
        .subcommand_required(true);
    for (method, op) in group.methods {
        cmd = cmd.subcommand(operation_command(&method, op));
    }
    for (inner, group) in group.groups {
        cmd = cmd.subcommand(group_command(&inner, group));
    }
    cmd
}

fn operation_command(method: &str, op: &'static Operation) -> Command {
    let (verb, path) = (op.method.as_str(), op.path.as_str());
    let summary = op.description.lines().next().unwrap_or_default();
    let mut cmd = Command::new(method.to_owned())
        .alias(op.name)
        .about(format!("{summary}  [{verb} {path}]"))
        .long_about(format!("{}\n\n{verb} {path}", op.description));
    for f in op.inputs() {
        // Body members may come in `--body` instead.
        let in_body = matches!(f.place, Place::Body(_) | Place::Payload);
        cmd = cmd.arg(names::arg(f).required(f.required && !in_body));
    }
    if has_body(op) && !op.inputs().any(|f| names::flag(f) == BODY) {
        cmd = cmd.arg(
            Arg::new(BODY)
                .long(BODY)
                .value_name("JSON_OBJECT|@FILE")
                .help("The whole body, as JSON text or @file; flags for its members come on top"),
        );
    }
    cmd
}

fn has_body(op: &Operation) -> bool {
    op.inputs()
        .any(|f| matches!(f.place, Place::Body(_) | Place::Payload))
}

/// The 2.x operation a command line names, and the matches of its flags.
pub fn find<'m>(
    name: &str,
    mut sub: &'m ArgMatches,
) -> Option<(&'static Operation, &'m ArgMatches)> {
    let mut path = vec![name.to_owned()];
    while let Some((next, inner)) = sub.subcommand() {
        path.push(next.to_owned());
        sub = inner;
    }
    let method = path.pop()?;
    let op = meta::all().filter(|op| op.api == Api::V2).find(|op| {
        let (groups, m) = self::path(op);
        groups == path && (m == method || op.name == method)
    })?;
    Some((op, sub))
}

/// The flags given, by input name, with `--body`'s members for those not given as flags.
pub fn args(op: &'static Operation, sub: &ArgMatches) -> Result<Args, CliError> {
    let mut values: HashMap<&'static str, String> = op
        .inputs()
        .filter_map(|f| sub.get_one::<String>(f.name).map(|v| (f.name, v.clone())))
        .collect();
    let whole = sub
        .try_get_one::<String>(BODY)
        .ok()
        .flatten()
        .filter(|_| op.field(BODY).is_none());
    if let Some(text) = whole {
        for (field, member) in members(op, &read_body(text)?)? {
            values.entry(field.name).or_insert(member);
        }
    }
    Ok(Args::new(op, values))
}

/// `--body`'s text, or the file it names (`@body.json`).
fn read_body(text: &str) -> Result<String, CliError> {
    match text.strip_prefix('@') {
        Some(file) => std::fs::read_to_string(file)
            .map_err(|e| CliError::Input(format!("--body: cannot read {file}: {e}"))),
        None => Ok(text.to_owned()),
    }
}

/// The inputs a whole body gives: each top-level member of the object, as the input that sends
/// it (its JSON text; a string as itself). A member no input sends is refused.
fn members(op: &'static Operation, text: &str) -> Result<Vec<(&'static Field, String)>, CliError> {
    let body: serde_json::Map<String, Value> = serde_json::from_str(text)
        .map_err(|e| CliError::Input(format!("--body: expected a JSON object: {e}")))?;
    if let Some(payload) = op.inputs().find(|f| f.place == Place::Payload) {
        return Ok(vec![(payload, text.to_owned())]);
    }
    let mut out = Vec::new();
    for (key, value) in body {
        let field = op
            .inputs()
            .find(|f| matches!(f.place, Place::Body(k) if k == key))
            .ok_or_else(|| {
                CliError::Input(format!(
                    "--body: `{key}` is not a member `{}` sends",
                    path(op).1
                ))
            })?;
        let raw = match value {
            Value::String(s) => s,
            other => other.to_string(),
        };
        out.push((field, raw));
    }
    Ok(out)
}

/// The JSON value of one flag's text, as its input's kind takes it; a bad value names the flag.
pub fn value(args: &Args, f: &Field, raw: &str) -> Result<Value, CliError> {
    Ok(match f.kind {
        Kind::Boolean => Value::Bool(args.parse(f.name, raw)?),
        Kind::Integer => Value::from(args.integer(f.name, raw)?),
        Kind::Number => Value::from(args.number(f.name, raw)?),
        Kind::Timestamp => Value::from(
            args.parse::<intercom_sdk::Timestamp>(f.name, raw)?
                .unix_seconds(),
        ),
        Kind::TextList => Value::from(args.string_list(f.name, raw)?),
        Kind::Json
        | Kind::Model
        | Kind::ModelList
        | Kind::ObjectList
        | Kind::AnyList
        | Kind::IntegerList => serde_json::from_str(raw)
            .map_err(|e| args.bad(f.name, format!("malformed JSON: {e}")))?,
        _ => Value::String(raw.to_owned()),
    })
}

/// The call of `op` with `args`, ready to send.
pub fn invocation(
    client: &intercom_sdk::Client,
    op: &'static Operation,
    args: &Args,
) -> Result<intercom_sdk::Invocation, CliError> {
    let mut call = client.invoke(op);
    for f in op.inputs() {
        if let Some(raw) = args.raw(f.name) {
            call = call.input(f.name, value(args, f, raw)?);
        }
    }
    Ok(call)
}

/// Sends the call: its answer as JSON (every digit as the server sent it), nothing, or its
/// bytes as they came when they are not JSON (a file).
pub async fn call(
    client: &intercom_sdk::Client,
    op: &'static Operation,
    args: &Args,
) -> Result<Outcome, CliError> {
    let bytes = invocation(client, op, args)?.bytes().await?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Outcome::Empty);
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() => {
            Ok(Outcome::Json(pretty(text)))
        }
        _ => Ok(Outcome::Bytes(bytes.to_vec())),
    }
}

/// Valid JSON text laid out as serde_json's pretty printer does (two spaces), its strings and
/// numbers copied as they are: no number loses a digit on the way.
pub fn pretty(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                    chars.next();
                }
                if let Some(close @ ('}' | ']')) = chars.peek().copied() {
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_json_keeps_every_digit_and_lays_out_as_serde_json() {
        let text =
            r#"{"a": [1, {"b": 12345678901234567890123, "c": "x,\"y:{"}], "d": {}, "e": []}"#;
        let value: Value = serde_json::from_str(text).unwrap_or_default();
        let serde = serde_json::to_string_pretty(&value).unwrap_or_default();
        let ours = pretty(text);
        assert!(ours.contains("12345678901234567890123"), "{ours}");
        assert_eq!(
            ours.replace("12345678901234567890123", "0"),
            serde.replace("1.2345678901234568e+22", "0")
        );
    }

    #[test]
    fn commands_are_the_sdks_names_in_kebab_case() {
        let Some(op) = meta::find_in(Api::V2, "listAllCollections") else {
            panic!("listAllCollections is in the manifest");
        };
        assert_eq!(
            path(op),
            (
                vec!["help-centers".to_owned(), "collections".to_owned()],
                "list".to_owned()
            )
        );
    }
}
