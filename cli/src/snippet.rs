//! `--snippet`: the call, written as a whole Rust program using `intercom-sdk`.

use std::collections::BTreeSet;

use intercom_sdk::meta::{Field, Kind, Operation};
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
    f: &Field,
    raw: &str,
    uses: &mut BTreeSet<String>,
) -> Result<String, CliError> {
    Ok(match f.kind {
        Kind::Text => format!("{raw:?}"),
        Kind::Secret => format!("std::env::var(\"INTERCOM_{}\")?", shouty(f.name)),
        Kind::Boolean => args.parse::<bool>(f.name, raw)?.to_string(),
        Kind::Integer => args.integer(f.name, raw)?.to_string(),
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
        Kind::Json => {
            let value = serde_json::Value::Object(args.json_object(f.name, raw)?);
            format!(
                "serde_json::from_str::<serde_json::Value>({})?",
                raw_literal(&value.to_string())
            )
        }
        Kind::ObjectList => {
            let items = args.object_list(f.name, raw)?;
            format!(
                "serde_json::from_str::<Vec<serde_json::Value>>({})?",
                raw_literal(&serde_json::to_string(&items).unwrap_or_default())
            )
        }
        Kind::TextList => {
            let items: Vec<String> = args
                .string_list(f.name, raw)?
                .iter()
                .map(|s| format!("{s:?}"))
                .collect();
            format!("[{}]", items.join(", "))
        }
        Kind::Select => {
            let select = f.select.ok_or_else(|| args.bad(f.name, "not a Select"))?;
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
            uses.insert(select.enum_name.to_owned());
            format!(
                "{}::{}",
                select.enum_name,
                select.variants.get(i).copied().unwrap_or_default()
            )
        }
        _ => return Err(args.bad(f.name, "this kind of input has no snippet yet")),
    })
}

/// A complete program doing `op` with `args`.
pub fn render(op: &Operation, args: &Args) -> Result<String, CliError> {
    let mut uses = BTreeSet::from(["Client".to_owned()]);
    let mut required = Vec::new();
    let mut setters = Vec::new();
    for f in op.inputs() {
        let Some(raw) = args.raw(f.name) else {
            if f.required {
                return Err(CliError::Input(format!("--{} is required", names::flag(f))));
            }
            continue;
        };
        let expr = expression(args, f, raw, &mut uses)?;
        if f.required {
            required.push(expr);
        } else {
            setters.push(format!("        .{}({expr})", f.rust_name));
        }
    }
    let client = if op.auth {
        "Client::new(std::env::var(\"INTERCOM_ACCESS_TOKEN\")?)"
    } else {
        "Client::builder().build()?"
    };
    let print = if op.response != intercom_sdk::meta::Answer::None {
        "Ok(answer) => println!(\"{}\", serde_json::to_string_pretty(&answer)?),"
    } else {
        "Ok(()) => println!(\"done\"),"
    };
    let uses: Vec<String> = uses.into_iter().collect();
    let mut call = format!(
        "    let result = client\n        .{}({})\n",
        op.rust_name,
        required.join(", ")
    );
    for s in setters {
        call.push_str(&s);
        call.push('\n');
    }
    call.push_str("        .send()\n        .await;\n");
    Ok(format!(
        "// `intercom {command}` as a Rust program: {description}\n\
         // Cargo.toml: intercom-sdk = {{ version = \"0.1\", features = [\"v1\"] }}, serde_json = \"1\", tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
         use intercom_sdk::{{{uses}}};\n\
         \n\
         #[tokio::main]\n\
         async fn main() -> Result<(), Box<dyn std::error::Error>> {{\n\
         \x20   let client = {client};\n\
         {call}\
         \x20   match result {{\n\
         \x20       {print}\n\
         \x20       Err(e) => {{\n\
         \x20           eprintln!(\"{{e}}\");\n\
         \x20           std::process::exit(1);\n\
         \x20       }}\n\
         \x20   }}\n\
         \x20   Ok(())\n\
         }}\n",
        command = names::command(op),
        description = op.description.lines().next().unwrap_or_default(),
        uses = uses.join(", "),
    ))
}
