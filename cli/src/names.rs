//! What the CLI calls the manifest's operations and inputs: `createUserByEmail` is the command
//! `create-user-by-email`, `userIdType` the flag `--user-id-type`. The generator derives its names
//! with the same crate (`heck`), so these are the names the manifest promises.

use heck::ToKebabCase;
use intercom_sdk::meta::{Field, Kind, OPERATIONS, Operation};

/// The command of an operation.
pub fn command(op: &Operation) -> String {
    op.name.to_kebab_case()
}

/// The flag of an input, without its dashes.
pub fn flag(field: &Field) -> String {
    field.name.to_kebab_case()
}

/// The operation run by `command` (its kebab-case name, the seed's camelCase one, or the SDK
/// method's name in kebab-case).
pub fn operation(command: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().copied().find(|op| {
        op.name == command
            || self::command(op) == command
            || op.rust_name.to_kebab_case() == command
    })
}

/// The flag of an input, as `--help` shows it and clap checks it: Select values and booleans
/// are refused (exit 2) before anything runs.
pub fn arg(f: &'static Field) -> clap::Arg {
    let mut arg = clap::Arg::new(f.name)
        .long(flag(f))
        .value_name(hint(f.kind))
        .help(format!("{} [{}]", f.description, f.manifest_type))
        .required(f.required);
    if let Some(select) = f.select {
        arg = arg.value_parser(clap::builder::PossibleValuesParser::new(select.values));
    }
    if f.kind == Kind::Boolean {
        arg = arg.value_parser(clap::builder::PossibleValuesParser::new(["true", "false"]));
    }
    arg
}

/// The value placeholder shown in `--help`.
pub fn hint(kind: Kind) -> &'static str {
    match kind {
        Kind::Text | Kind::Secret => "TEXT",
        Kind::Boolean => "true|false",
        Kind::Integer => "INTEGER",
        Kind::Number => "NUMBER",
        Kind::Json => "JSON_OBJECT",
        Kind::Timestamp => "UNIX_SECONDS|RFC3339",
        Kind::LatLon => "LAT,LON",
        Kind::TextList => "JSON_ARRAY",
        Kind::ObjectList => "JSON_ARRAY_OF_OBJECTS",
        Kind::Select => "VALUE",
        _ => "VALUE",
    }
}
