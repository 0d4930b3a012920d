//! `--snippet`: the call, written as a whole Rust program using `intercom-sdk`.

use std::collections::BTreeSet;

use intercom_sdk::meta::{Api, Field, Kind, Operation};
use intercom_sdk::{LatLon, Timestamp};

use crate::args::Args;
use crate::names;
use crate::run::CliError;

/// `clientSecret` → `CLIENT_SECRET`, for the environment variable a snippet reads a secret from.
pub(crate) fn shouty(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// Characters that change the direction of text: rustc refuses them in a literal
/// (`text_direction_codepoint_in_literal`), since they can make code read other than it runs.
const BIDI: [char; 9] = [
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// JSON text with each direction-changing character written as a JSON escape (`\u202e`): the
/// same JSON, and a literal rustc takes. (Outside strings JSON holds none of them.)
fn json_for_literal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if BIDI.contains(&c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A string literal of `text`, direction-changing characters escaped (`\u{202e}`).
fn text_literal(text: &str) -> String {
    let mut out = String::new();
    for c in format!("{text:?}").chars() {
        if BIDI.contains(&c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A whole number as a literal of a type that holds it (`3000000000` would be an `i32`).
fn integer_literal(n: i64) -> String {
    if i32::try_from(n).is_ok() {
        n.to_string()
    } else {
        format!("{n}_i64")
    }
}

/// A raw string literal that holds `text` whatever quotes and hashes it contains.
fn raw_literal(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// The Rust expression for one value, checked the way the call would check it.
fn expression(
    args: &Args,
    api: Api,
    f: &Field,
    raw: &str,
    uses: &mut BTreeSet<String>,
) -> Result<String, CliError> {
    Ok(match f.kind {
        Kind::Text => text_literal(raw),
        Kind::Secret => format!("std::env::var(\"INTERCOM_{}\")?", shouty(f.name)),
        Kind::Boolean => args.parse::<bool>(f.name, raw)?.to_string(),
        Kind::Integer => integer_literal(args.integer(f.name, raw)?),
        Kind::Number => format!("{:?}", args.number(f.name, raw)?),
        Kind::Timestamp => {
            uses.insert("Timestamp".into());
            format!(
                "Timestamp::from_unix_seconds({})",
                args.parse::<Timestamp>(f.name, raw)?.unix_seconds()
            )
        }
        Kind::LatLon => {
            uses.insert("LatLon".into());
            format!(
                "{:?}.parse::<LatLon>()?",
                args.parse::<LatLon>(f.name, raw)?.to_string()
            )
        }
        // JSON goes in as its text, read back with every digit (serde_json's `raw_value`).
        Kind::Json => {
            let value = args.json_object(f.name, raw)?;
            format!(
                "serde_json::from_str::<Box<RawValue>>({})?",
                raw_literal(&json_for_literal(value.get()))
            )
        }
        Kind::ObjectList => {
            let items = args.object_list(f.name, raw)?;
            format!(
                "serde_json::from_str::<Vec<Box<RawValue>>>({})?",
                raw_literal(&json_for_literal(
                    &serde_json::to_string(&items).unwrap_or_default()
                ))
            )
        }
        Kind::TextList => {
            let items: Vec<String> = args
                .string_list(f.name, raw)?
                .iter()
                .map(|s| format!("{s:?}"))
                .collect();
            if items.is_empty() {
                "Vec::<String>::new()".to_owned()
            } else {
                format!("[{}]", items.join(", "))
            }
        }
        Kind::Select => {
            let select = f.select.ok_or_else(|| args.bad(f.name, "not a Select"))?;
            // 2.x Selects live in their own module, where names may repeat 1.x ones.
            let module = match api {
                Api::V1 => "",
                Api::V2 => "intercom_sdk::v2::selects::",
            };
            let i = select
                .values
                .iter()
                .position(|v| *v == raw.trim())
                .ok_or_else(|| {
                    args.bad(
                        f.name,
                        format!("`{raw}` is not one of {}", select.values.join(", ")),
                    )
                })?;
            if api == Api::V1 {
                uses.insert(select.enum_name.to_owned());
            }
            format!(
                "{module}{}::{}",
                select.enum_name,
                select.variants.get(i).copied().unwrap_or_default()
            )
        }
        _ => return Err(args.bad(f.name, "this kind of input has no snippet yet")),
    })
}

/// What a snippet keeps of the command line besides the operation's inputs.
#[derive(Default)]
pub struct Settings {
    /// `--base-url`, when given.
    pub base_url: Option<String>,
    /// `--intercom-version`, when given.
    pub version: Option<String>,
    /// `--all`: every record of a list, page after page.
    pub all: bool,
}

/// Whether the typed builder of `op` takes every input given as the snippet writes it; a 2.x
/// call with nested models is written with `Client::invoke` and JSON instead.
fn typed(op: &Operation, args: &Args) -> bool {
    op.inputs().filter(|f| args.raw(f.name).is_some()).all(|f| {
        !matches!(
            f.kind,
            Kind::Model | Kind::ModelList | Kind::AnyList | Kind::IntegerList
        )
    })
}

/// A complete program doing `op` with `args`.
pub fn render(op: &Operation, args: &Args, settings: &Settings) -> Result<String, CliError> {
    if !typed(op, args) {
        return Ok(program(
            op,
            &invoked(op, args)?,
            &BTreeSet::new(),
            false,
            settings,
        ));
    }
    let mut uses = BTreeSet::from(["Client".to_owned()]);
    let mut required = Vec::new();
    let mut setters = Vec::new();
    let mut raw_json = false;
    for f in op.inputs() {
        let Some(raw) = args.raw(f.name) else {
            if f.required {
                return Err(CliError::Input(format!("--{} is required", names::flag(f))));
            }
            continue;
        };
        raw_json |= matches!(f.kind, Kind::Json | Kind::ObjectList);
        let expr = expression(args, op.api, f, raw, &mut uses)?;
        if f.required {
            required.push(expr);
        } else {
            setters.push(format!("        .{}({expr})", f.rust_name));
        }
    }
    let mut call = format!(
        "    let call = client\n        .{}({})",
        op.rust_name,
        required.join(", ")
    );
    for s in setters {
        call.push('\n');
        call.push_str(&s);
    }
    call.push_str(";\n");
    Ok(program(op, &call, &uses, raw_json, settings))
}

/// The call of `op` through `Client::invoke`, each input as its JSON.
fn invoked(op: &Operation, args: &Args) -> Result<String, CliError> {
    let mut call = format!(
        "    let op = intercom_sdk::meta::find_in(intercom_sdk::meta::Api::V2, {:?})\n        .ok_or(\"not in this version of the SDK\")?;\n    let call = client\n        .invoke(op)",
        op.name
    );
    for f in op.inputs() {
        if let Some(raw) = args.raw(f.name) {
            let json = crate::v2::value(args, f, raw)?;
            let text = serde_json::to_string(&json).unwrap_or_default();
            call.push_str(&format!(
                "\n        .input({:?}, serde_json::from_str::<serde_json::Value>({})?)",
                f.name,
                raw_literal(&json_for_literal(&text))
            ));
        }
    }
    call.push_str(";\n");
    Ok(call)
}

/// The program around a call.
fn program(
    op: &Operation,
    call: &str,
    uses: &BTreeSet<String>,
    raw_json: bool,
    settings: &Settings,
) -> String {
    let invoked = call.contains(".invoke(op)");
    let mut uses = uses.clone();
    uses.insert("Client".to_owned());
    let (serde_json, raw_use) = if raw_json {
        (
            r#"serde_json = { version = "1", features = ["raw_value"] }"#,
            "use serde_json::value::RawValue;\n",
        )
    } else {
        (r#"serde_json = "1""#, "")
    };
    let (stream_dep, stream_use) = if settings.all {
        (
            r#", futures-util = "0.3""#,
            "use futures_util::StreamExt;\n",
        )
    } else {
        ("", "")
    };
    let feature = match op.api {
        Api::V1 => "v1",
        Api::V2 => "v2",
    };
    format!(
        "// `intercom {command}` as a Rust program: {description}\n\
         // Cargo.toml: intercom-sdk = {{ version = \"0.1\", features = [\"{feature}\"] }}, {serde_json}, tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}{stream_dep}\n\
         {stream_use}use intercom_sdk::{{{uses}}};\n\
         {raw_use}\
         \n\
         #[tokio::main]\n\
         async fn main() -> Result<(), Box<dyn std::error::Error>> {{\n\
         \x20   let client = {client};\n\
         {call}\
         {outcome}\
         \x20   Ok(())\n\
         }}\n",
        command = command_line(op),
        description = op.description.lines().next().unwrap_or_default(),
        uses = uses.into_iter().collect::<Vec<_>>().join(", "),
        client = client_expression(op, settings),
        outcome = outcome(op, settings.all && !invoked, invoked),
    )
}

/// The command as typed: `get-users`, `contacts search`.
fn command_line(op: &Operation) -> String {
    match op.api {
        Api::V1 => names::command(op),
        Api::V2 => {
            let (mut words, method) = crate::v2::path(op);
            words.push(method);
            words.join(" ")
        }
    }
}

/// The client, built with the command line's base URL and version when given.
fn client_expression(op: &Operation, settings: &Settings) -> String {
    let mut builder = String::from("Client::builder()");
    if op.auth {
        builder.push_str("\n        .token(std::env::var(\"INTERCOM_ACCESS_TOKEN\")?)");
    }
    if let Some(url) = &settings.base_url {
        builder.push_str(&format!("\n        .base_url({})", text_literal(url)));
    }
    if let Some(version) = &settings.version {
        builder.push_str(&format!(
            "\n        .intercom_version({})",
            text_literal(version)
        ));
    }
    builder.push_str("\n        .build()?");
    builder
}

/// What the program does with the call: print its answer, or every record of the list.
fn outcome(op: &Operation, all: bool, invoked: bool) -> String {
    let failed = "            Err(e) => {\n                eprintln!(\"{e}\");\n                std::process::exit(1);\n            }\n";
    if all {
        return format!(
            "    let mut records = call.into_stream();\n\
             \x20   while let Some(record) = records.next().await {{\n\
             \x20       match record {{\n\
             \x20           Ok(record) => println!(\"{{}}\", serde_json::to_string(&record)?),\n\
             {failed}\
             \x20       }}\n\
             \x20   }}\n"
        );
    }
    let (send, print) = if invoked {
        (
            "call.send::<serde_json::Value>()",
            "Ok(answer) => println!(\"{}\", serde_json::to_string_pretty(&answer)?),",
        )
    } else if op.response == intercom_sdk::meta::Answer::None {
        ("call.send()", "Ok(()) => println!(\"done\"),")
    } else {
        (
            "call.send()",
            "Ok(answer) => println!(\"{}\", serde_json::to_string_pretty(&answer)?),",
        )
    };
    format!(
        "    match {send}.await {{\n\
         \x20       {print}\n\
         {failed}\
         \x20   }}\n"
    )
}
