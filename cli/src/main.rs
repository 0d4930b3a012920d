//! `intercom`: call any Intercom operation from a terminal, print it as a Rust program, or run
//! a local mock of the API. Commands come from the manifest (`generated/`), none is written by hand.

mod args;
mod curl;
mod generated;
mod names;
mod run;
mod snippet;
mod v2;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use futures_util::StreamExt;
use heck::ToKebabCase;
use intercom_mock::MockServer;
use intercom_sdk::Client;
use intercom_sdk::meta::{Api, OPERATIONS, Operation};

use crate::args::Args;
use crate::run::{CliError, Outcome};

const ABOUT: &str =
    "Call any Intercom operation, print it as a Rust program or a curl command, or run a local mock.

2.x (Intercom-Version 2.16): `intercom <group> <method>`, named as the SDK names them
(`intercom contacts search --query '{...}'`, `intercom help-centers collections list`); the
operationId works as the method. Parameters and body members are flags; --body gives the whole body.

1.x: the connector's operation names in kebab-case (create-user-by-email; the camelCase name works
too); their inputs are flags (--user-id-type). `intercom <command> --help` lists them.";

fn command() -> Command {
    let globals = [
        Arg::new("base-url")
            .long("base-url")
            .env("INTERCOM_BASE_URL")
            .value_name("URL")
            .help("API base URL [default: https://api.intercom.io]")
            .global(true),
        Arg::new("token")
            .long("token")
            .env("INTERCOM_ACCESS_TOKEN")
            .hide_env_values(true)
            .value_name("TOKEN")
            .help("Access token")
            .global(true),
        Arg::new("intercom-version")
            .long("intercom-version")
            .value_name("V")
            .help("Intercom-Version header [default: 1.4 for 1.x operations, 2.16 for 2.x]")
            .global(true),
        Arg::new("mock")
            .long("mock")
            .action(ArgAction::SetTrue)
            .help("Start the embedded mock server on loopback and call it")
            .global(true),
        Arg::new("snippet")
            .long("snippet")
            .action(ArgAction::SetTrue)
            .help("Print a complete Rust program doing this call with intercom-sdk; send nothing")
            .global(true),
        Arg::new("curl")
            .long("curl")
            .action(ArgAction::SetTrue)
            .help("Print the equivalent curl command (the token as $INTERCOM_ACCESS_TOKEN); send nothing")
            .global(true),
        Arg::new("all")
            .long("all")
            .action(ArgAction::SetTrue)
            .help("List and scroll operations: follow every page, print one JSON record per line")
            .global(true),
    ];
    // The options of every command, apart from an operation's own inputs in its `--help`.
    let globals = globals.map(|arg| arg.help_heading("Global options"));
    let mut cmd = Command::new("intercom")
        .version(env!("CARGO_PKG_VERSION"))
        .about(ABOUT)
        .subcommand_required(true)
        .args(globals);
    cmd = cmd.subcommand(
        Command::new("mock")
            .about("Run the mock server in the foreground")
            .arg(
                Arg::new("port")
                    .long("port")
                    .value_name("N")
                    .default_value("4010")
                    .value_parser(clap::value_parser!(u16))
                    .help("Port on 127.0.0.1"),
            )
            .arg(
                Arg::new("stateless")
                    .long("stateless")
                    .action(ArgAction::SetTrue)
                    .help("Answer every request with the fixed examples; by default the mock remembers what is created, changed and deleted while it runs, until a POST to /__mock/reset"),
            )
            .arg(
                Arg::new("default-version")
                    .long("default-version")
                    .value_name("V")
                    .default_value("1.4")
                    .help("The Intercom-Version of requests that send none, where 1.x and 2.x share a path (/tags, /conversations)"),
            ),
    );
    cmd = cmd.subcommand(
        Command::new("completions")
            .about("Print a completion script: `intercom completions bash > /etc/bash_completion.d/intercom`")
            .arg(
                Arg::new("shell")
                    .required(true)
                    .value_parser(clap::value_parser!(clap_complete::Shell))
                    .help("bash, zsh, fish, elvish or powershell"),
            ),
    );
    for op in OPERATIONS {
        cmd = cmd.subcommand(operation_command(op));
    }
    for group in v2::commands() {
        cmd = cmd.subcommand(group);
    }
    cmd
}

fn operation_command(op: &'static Operation) -> Command {
    let (method, path) = (op.method.as_str(), op.path.as_str());
    let mut about = op.description.lines().next().unwrap_or_default().to_owned();
    about.push_str(&format!("  [{method} {path}]"));
    let mut cmd = Command::new(names::command(op)).alias(op.name);
    // The SDK's spelling, where the connector's name has a typo (get-user-segmens-count).
    let sdk_name = op.rust_name.to_kebab_case();
    if sdk_name != names::command(op) {
        cmd = cmd.alias(sdk_name);
    }
    cmd = cmd
        .about(about)
        .long_about(format!("{}\n\n{method} {path}", op.description));
    for f in op.inputs() {
        cmd = cmd.arg(names::arg(f));
    }
    cmd
}

fn inputs(op: &'static Operation, m: &ArgMatches) -> Args {
    let values: HashMap<&'static str, String> = op
        .inputs()
        .filter_map(|f| m.get_one::<String>(f.name).map(|v| (f.name, v.clone())))
        .collect();
    Args::new(op, values)
}

fn main() -> ExitCode {
    let matches = match command().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            if let Some(line) = unknown_command(&e) {
                let _ = writeln!(std::io::stderr(), "{line}");
            } else {
                let _ = e.print();
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot start the async runtime: {e}"
            );
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed stderr is no reason to panic: the exit code still says what happened.
            let _ = writeln!(std::io::stderr(), "{}", run::printable(&e.line()));
            ExitCode::from(e.exit_code())
        }
    }
}

/// For a command no one has, the one closest to it (clap would list every name within reach,
/// camelCase aliases included).
fn unknown_command(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::InvalidSubcommand {
        return None;
    }
    let Some(ContextValue::String(given)) = e.get(ContextKind::InvalidSubcommand) else {
        return None;
    };
    let cmd = command();
    let closest = cmd
        .get_subcommands()
        .map(Command::get_name)
        .map(|name| (strsim::jaro_winkler(given, name), name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    Some(format!(
        "error: unrecognized command '{given}'\n\n  tip: did you mean '{}'?\n\nFor the list of commands, try 'intercom --help'.",
        closest.1
    ))
}

async fn run(matches: &ArgMatches) -> Result<(), CliError> {
    let Some((name, sub)) = matches.subcommand() else {
        return Err(CliError::Input("no operation given".into()));
    };
    match name {
        "mock" => serve_mock(sub).await,
        "completions" => {
            if let Some(shell) = sub.get_one::<clap_complete::Shell>("shell").copied() {
                // Written to a buffer first: clap_complete panics when its writer fails (`| head`).
                let mut script = Vec::new();
                clap_complete::generate(shell, &mut command(), "intercom", &mut script);
                let _ = std::io::stdout().lock().write_all(&script);
            }
            Ok(())
        }
        _ => operation(name, sub).await,
    }
}

/// `intercom mock`: the mock in the foreground until the process is stopped.
async fn serve_mock(sub: &ArgMatches) -> Result<(), CliError> {
    let port = sub.get_one::<u16>("port").copied().unwrap_or(4010);
    let default_api = sub
        .get_one::<String>("default-version")
        .map_or(Api::V1, |v| Api::of_version(v));
    let mut builder = MockServer::builder().port(port).default_api(default_api);
    if sub.get_flag("stateless") {
        builder = builder.stateless();
    }
    let mock = builder
        .start()
        .await
        .map_err(|e| CliError::Input(format!("--port {port}: {e}")))?;
    let _ = writeln!(
        std::io::stdout().lock(),
        "Intercom mock listening on {} (Ctrl-C to stop)",
        mock.url()
    );
    let _ = std::io::stdout().flush();
    std::future::pending::<()>().await;
    Ok(())
}

/// `intercom <operation>` (1.x) or `intercom <group> <method>` (2.x): the call, its snippet
/// (`--snippet`) or its curl command (`--curl`).
async fn operation(name: &str, sub: &ArgMatches) -> Result<(), CliError> {
    let (op, sub, args) = match names::operation(name) {
        Some(op) => (op, sub, inputs(op, sub)),
        None => match v2::find(name, sub) {
            Some((op, inner)) => (op, inner, v2::args(op, inner)?),
            None => return Err(CliError::Input(format!("unknown operation `{name}`"))),
        },
    };
    if sub.get_flag("snippet") {
        let settings = snippet::Settings {
            base_url: sub.get_one::<String>("base-url").cloned(),
            version: sub.get_one::<String>("intercom-version").cloned(),
            all: sub.get_flag("all") && op.paging.is_some(),
        };
        let _ = write!(
            std::io::stdout().lock(),
            "{}",
            snippet::render(op, &args, &settings)?
        );
        return Ok(());
    }
    if sub.get_flag("curl") {
        let command = curl(op, &args, sub).await?;
        let _ = writeln!(std::io::stdout().lock(), "{command}");
        return Ok(());
    }
    let all = sub.get_flag("all");
    if all && op.paging.is_none() {
        return Err(CliError::Input(format!(
            "--all: `{}` is not a list or scroll operation",
            op.rust_name
        )));
    }
    // The mock, with `--mock`, is kept until the call is done: it stops when dropped.
    let (client, _mock) = client(op, sub).await?;
    print(call(&client, op, &args, all).await?).await
}

/// Sends `op`: 1.x through its typed builder, 2.x through `Client::invoke`.
async fn call(
    client: &Client,
    op: &'static Operation,
    args: &Args,
    all: bool,
) -> Result<Outcome, CliError> {
    match op.api {
        Api::V1 => generated::call(client, op.name, args, all).await,
        Api::V2 if all => Ok(Outcome::stream(
            v2::invocation(client, op, args)?.into_stream(),
        )),
        Api::V2 => v2::call(client, op, args).await,
    }
}

/// The `Intercom-Version` of a call of `op`: `--intercom-version`, else its API's default.
fn version(sub: &ArgMatches, op: &Operation) -> String {
    sub.get_one::<String>("intercom-version")
        .cloned()
        .unwrap_or_else(|| op.api.default_version().into())
}

/// The client of a call: on the embedded mock with `--mock`, else on `--base-url` with `--token`.
async fn client(
    op: &Operation,
    sub: &ArgMatches,
) -> Result<(Client, Option<MockServer>), CliError> {
    let mut builder = Client::builder().intercom_version(version(sub, op));
    let token = sub.get_one::<String>("token").cloned();
    let mut mock = None;
    if sub.get_flag("mock") {
        // One call on a new mock: nothing was created before it, so it answers the examples.
        let server = MockServer::builder()
            .stateless()
            .start()
            .await
            .map_err(|e| CliError::Input(format!("--mock: {e}")))?;
        builder = builder
            .base_url(server.url())
            .token(token.unwrap_or_else(|| intercom_mock::MOCK_TOKEN.into()));
        mock = Some(server);
    } else {
        if let Some(url) = sub.get_one::<String>("base-url") {
            builder = builder.base_url(url.clone());
        }
        match token {
            Some(t) => builder = builder.token(t),
            None if op.auth => {
                return Err(CliError::Input(
                    "--token (or INTERCOM_ACCESS_TOKEN) is required; or try --mock".into(),
                ));
            }
            None => {}
        }
    }
    let client = builder
        .build()
        .map_err(|e| CliError::Input(e.to_string()))?;
    Ok((client, mock))
}

/// The curl command of a call: made against the embedded mock, which records exactly what the
/// SDK sends, then written for the real base URL. Nothing reaches the API.
async fn curl(op: &'static Operation, args: &Args, sub: &ArgMatches) -> Result<String, CliError> {
    let mock = MockServer::builder()
        .stateless()
        .start()
        .await
        .map_err(|e| CliError::Input(format!("--curl: {e}")))?;
    let client = mock
        .client_builder()
        .intercom_version(version(sub, op))
        .retry_policy(intercom_sdk::RetryPolicy::disabled())
        .build()
        .map_err(|e| CliError::Input(e.to_string()))?;
    // Whatever the mock answers, it has recorded the request; input refused before sending
    // is the call's own error.
    let result = call(&client, op, args, false).await;
    let base = sub
        .get_one::<String>("base-url")
        .map_or(intercom_sdk::api::DEFAULT_BASE_URL, String::as_str);
    match (mock.requests().first(), result) {
        (Some(sent), _) => Ok(curl::render(op, sent, base, &version(sub, op))),
        (None, Err(e)) => Err(e),
        (None, Ok(_)) => Err(CliError::Input("the call sent nothing".into())),
    }
}

/// Prints what a call gave back: JSON, nothing, or one JSON record per line.
async fn print(outcome: Outcome) -> Result<(), CliError> {
    match outcome {
        // A closed pipe (`| head`) is not an error worth a panic: stop writing quietly.
        Outcome::Json(json) => {
            let _ = writeln!(std::io::stdout().lock(), "{}", run::printable_json(&json));
        }
        Outcome::Empty => {}
        Outcome::Bytes(bytes) => {
            let _ = std::io::stdout().lock().write_all(&bytes);
        }
        Outcome::Stream(mut records) => {
            let progress = std::io::stderr().is_terminal().then(|| {
                let bar = indicatif::ProgressBar::new_spinner();
                bar.set_message("records");
                bar
            });
            let mut out = std::io::stdout().lock();
            while let Some(record) = records.next().await {
                let json = record?;
                if writeln!(out, "{}", run::printable_json(&json)).is_err() {
                    break;
                }
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
            }
            if let Some(bar) = progress {
                bar.finish_and_clear();
            }
        }
    }
    Ok(())
}
