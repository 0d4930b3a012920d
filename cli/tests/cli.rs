//! The `intercom` binary, end to end: every operation against the embedded mock, exit codes,
//! requests seen by a recording server, `--all`, `--help`, and snippets that compile.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use intercom_codegen::model::{Api, FieldType, Operation, Place};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// What the CLI must offer, read from the manifest (not from the CLI itself).
fn manifest() -> Api {
    let sources = intercom_codegen::read_manifest(&root().join("manifest")).unwrap_or_default();
    intercom_codegen::load(&sources).unwrap_or_else(|e| panic!("{e}"))
}

fn kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn intercom() -> Command {
    let mut cmd = Command::cargo_bin("intercom").unwrap_or_else(|e| panic!("{e}"));
    cmd.env_remove("INTERCOM_ACCESS_TOKEN")
        .env_remove("INTERCOM_BASE_URL");
    cmd
}

/// A valid value for each required input.
fn sample_args(api: &Api, op: &Operation) -> Vec<String> {
    let mut args = Vec::new();
    for f in op.inputs().filter(|f| f.required) {
        let value = match &f.ty {
            FieldType::Select(e) => api
                .selects
                .iter()
                .find(|s| &s.name == e)
                .and_then(|s| s.values.first().cloned())
                .unwrap_or_default(),
            FieldType::Bool => "true".into(),
            FieldType::Number | FieldType::Integer => "2".into(),
            FieldType::Timestamp => "2017-07-14T02:40:00Z".into(),
            FieldType::LatLon => "40.7,-74.0".into(),
            FieldType::Json | FieldType::Model(_) => r#"{"plan": "pro"}"#.into(),
            FieldType::StringList => r#"["a", "b"]"#.into(),
            FieldType::IntegerList => "[1, 2]".into(),
            FieldType::ObjectList | FieldType::ModelList(_) | FieldType::AnyList => {
                // An item of the input's shape has one of its model's members.
                let member = f
                    .shape
                    .as_deref()
                    .and_then(|m| api.model(m))
                    .and_then(|m| m.fields.first())
                    .map_or("user_id", |m| m.wire.as_str());
                format!(r#"[{{"{member}": "25"}}]"#)
            }
            FieldType::String | FieldType::Secret => "abc42".into(),
        };
        args.push(format!("--{}", kebab(&f.name)));
        args.push(value);
    }
    args
}

#[test]
fn every_operation_answers_through_the_mock() {
    let api = manifest();
    let mut failures = Vec::new();
    for op in &api.operations {
        let out = intercom()
            .arg(kebab(&op.name))
            .arg("--mock")
            .args(sample_args(&api, op))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let ok = out.status.success()
            && (op.response == intercom_codegen::model::Answer::None
                || serde_json::from_str::<serde_json::Value>(&stdout).is_ok());
        if !ok {
            failures.push(format!(
                "{}: exit {:?}: {}",
                op.name,
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations failed:\n{}",
        failures.len(),
        api.operations.len(),
        failures.join("\n")
    );
}

#[test]
fn the_camel_case_name_works_and_options_go_anywhere() {
    intercom()
        .args(["--mock", "getSingleAdmin", "--admin-id", "7"])
        .assert()
        .success();
    intercom()
        .args(["get-single-admin", "--admin-id", "7", "--mock"])
        .assert()
        .success();
}

#[test]
fn invalid_input_exits_2_naming_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["no-such-operation", "--mock"], "no-such-operation"),
        (
            &[
                "get-single-admin",
                "--admin-id",
                "7",
                "--no-such-field",
                "x",
                "--mock",
            ],
            "--no-such-field",
        ),
        (
            &[
                "get-single-user",
                "--user-id",
                "1",
                "--user-id-type",
                "bogus",
                "--mock",
            ],
            "--user-id-type",
        ),
        (
            &["get-single-user", "--user-id-type", "email", "--mock"],
            "--user-id",
        ),
        (
            &[
                "create-user-by-email",
                "--email",
                "a@b.c",
                "--custom-attributes",
                "{not json",
                "--mock",
            ],
            "--custom-attributes",
        ),
        (
            &[
                "create-user-by-email",
                "--email",
                "a@b.c",
                "--custom-attributes",
                "[1]",
                "--mock",
            ],
            "--custom-attributes",
        ),
        (
            &[
                "submit-event",
                "--event-name",
                "e",
                "--user-id",
                "1",
                "--created-at",
                "yesterday",
                "--mock",
            ],
            "--created-at",
        ),
        (&["get-companies", "--page", "two", "--mock"], "--page"),
        (&["get-companies", "--page", "NaN", "--mock"], "--page"),
        (
            &[
                "update-company",
                "--company-id",
                "c1",
                "--monthly-spend",
                "1e400",
                "--mock",
            ],
            "--monthly-spend",
        ),
        (
            &["get-single-admin", "--admin-id", "7", "--token", ""],
            "token",
        ),
        (
            &[
                "get-single-admin",
                "--admin-id",
                "7",
                "--token",
                "t",
                "--base-url",
                "http://127.0.0.1:1/x#frag",
            ],
            "base URL",
        ),
        (&["get-single-admin", "--admin-id", "7"], "--token"),
    ];
    for (args, flag) in cases {
        let out = intercom()
            .args(*args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag),
            "{args:?}: stderr does not name {flag}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn requests_reach_a_recording_server_as_the_sdk_sends_them() {
    let rt = runtime();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"type": "note", "id": "9"})),
            )
            .mount(&server)
            .await;
        server
    });
    let out = intercom()
        .args([
            "create-note",
            "--user-id",
            "a b/c",
            "--user-id-type",
            "email",
            "--body",
            "Hi",
            "--admin-id",
            "7",
        ])
        .args(["--base-url", &server.uri(), "--token", "tok"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"id\": \"9\""));
    let requests = rt.block_on(server.received_requests()).unwrap_or_default();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!((r.method.as_str(), r.url.path()), ("POST", "/notes"));
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
    assert_eq!(
        body,
        json!({"user": {"email": "a b/c"}, "body": "Hi", "admin_id": "7"})
    );
    assert_eq!(
        r.headers.get("authorization").and_then(|v| v.to_str().ok()),
        Some("Bearer tok")
    );
}

#[test]
fn an_api_error_is_one_line_on_stderr_and_exit_1() {
    let rt = runtime();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        let body = json!({"type": "error.list", "errors": [{"code": "not_found", "message": "User Not Found"}]});
        Mock::given(any()).respond_with(ResponseTemplate::new(404).set_body_json(body)).mount(&server).await;
        server
    });
    let out = intercom()
        .args([
            "get-single-user",
            "--user-id",
            "1",
            "--user-id-type",
            "user_id",
            "--base-url",
            &server.uri(),
            "--token",
            "t",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("404") && stderr.contains("not_found") && stderr.contains("User Not Found"),
        "{stderr}"
    );
}

#[test]
fn refused_input_sends_nothing() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let out = intercom()
        .args([
            "delete-lead",
            "--user-id",
            "a@b.c",
            "--user-id-type",
            "email",
            "--base-url",
            &server.uri(),
            "--token",
            "t",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        rt.block_on(server.received_requests()).map(|r| r.len()),
        Some(0)
    );
}

#[test]
fn all_prints_one_record_per_line() {
    let out = intercom()
        .args(["get-users", "--all", "--mock"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 2, "{text}");
    for line in lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(v["type"], "user");
    }
    assert!(out.stderr.is_empty(), "no progress bar on a pipe");
    let out = intercom()
        .args(["scroll-users", "--all", "--mock"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty());
}

#[test]
fn help_lists_fields_with_the_seed_descriptions() {
    let out = intercom()
        .args(["create-user-by-email", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(help.contains("Create user by email."), "{help}");
    assert!(
        help.contains("--custom-attributes") && help.contains("a hash of key - value pairs"),
        "{help}"
    );
    assert!(help.contains("--last-request-at"), "{help}");
}

#[test]
fn the_mock_runs_in_the_foreground_on_loopback() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    drop(listener);
    let bin = assert_cmd::cargo::cargo_bin("intercom");
    let mut child = std::process::Command::new(bin)
        .args(["mock", "--port", &port.to_string()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut ok = false;
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let out = intercom()
            .args([
                "get-admins",
                "--base-url",
                &format!("http://127.0.0.1:{port}"),
                "--token",
                "t",
            ])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        if out.status.success() {
            ok = String::from_utf8_lossy(&out.stdout).contains("admin");
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(ok, "the foreground mock did not answer");
}

/// `intercom mock --port 0` in the foreground, and the URL it prints once it listens.
fn foreground_mock() -> (std::process::Child, String) {
    use std::io::BufRead;
    let bin = assert_cmd::cargo::cargo_bin("intercom");
    let mut child = std::process::Command::new(bin)
        .args(["mock", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = std::io::BufReader::new(out).read_line(&mut line);
    }
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_default()
        .to_owned();
    (child, url)
}

#[test]
fn the_foreground_mock_takes_http_basic_as_intercoms_own_clients_send_it() {
    use std::io::{Read, Write};
    let (mut child, url) = foreground_mock();
    let addr = url.trim_start_matches("http://").to_owned();
    // What `curl -u tok_123: …/admins` and python-intercom 3.1.0 send: base64("tok_123:").
    let mut answer = String::new();
    if let Ok(mut stream) = std::net::TcpStream::connect(&addr) {
        let _ = stream.write_all(
            b"GET /admins HTTP/1.1\r\nhost: x\r\nauthorization: Basic dG9rXzEyMzo=\r\nconnection: close\r\n\r\n",
        );
        let _ = stream.read_to_string(&mut answer);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{url}: {answer}");
    assert!(answer.contains("admin.list"), "{answer}");
}

/// Snippets of a broad sample of operations, written into a scratch crate and built together.
#[test]
fn snippets_compile_against_the_sdk() {
    let samples: &[(&str, &[&str])] = &[
        (
            "get-single-user",
            &["--user-id", "42", "--user-id-type", "email"],
        ),
        (
            "create-user-by-email",
            &[
                "--email",
                "a@b.c",
                "--name",
                "Ada \"Lovelace\"",
                "--custom-attributes",
                r##"{"a": "x\"#y"}"##,
                "--last-request-at",
                "2017-07-14T04:40:00+02:00",
                "--companies",
                r#"[{"company_id": "1"}]"#,
                "--new-session",
                "true",
            ],
        ),
        (
            "get-users",
            &[
                "--page",
                "2",
                "--per-page",
                "50",
                "--order",
                "desc",
                "--sort",
                "created_at",
            ],
        ),
        (
            "create-company",
            &["--company-id", "c1", "--monthly-spend", "12.5"],
        ),
        (
            "submit-event",
            &[
                "--event-name",
                "paid",
                "--user-id",
                "25",
                "--created-at",
                "1500000000",
                "--metadata",
                r#"{"amount": 10}"#,
            ],
        ),
        (
            "create-admin-message",
            &[
                "--from-admin-id",
                "1",
                "--receiver-type",
                "user",
                "--receiver-id",
                "2",
                "--receiver-id-type",
                "user_id",
                "--message-type",
                "email",
                "--body",
                "hi",
                "--template",
                "plain",
                "--subject",
                "s",
            ],
        ),
        (
            "reply-to-user-comment",
            &[
                "--conversation-id",
                "c",
                "--body",
                "b",
                "--user-id",
                "u",
                "--user-id-type",
                "intercom_user_id",
                "--attachment-urls",
                r#"["https://x/y.png"]"#,
            ],
        ),
        (
            "create-lead",
            &[
                "--segments",
                r#"["s1"]"#,
                "--tags",
                "t1,t2",
                "--avatar-image-url",
                "https://x/a.png",
            ],
        ),
        (
            "get-access-token",
            &[
                "--client-id",
                "id",
                "--client-secret",
                "secret",
                "--code",
                "c",
            ],
        ),
        ("get-app-total-counts", &["--type", "company"]),
        ("delete-tag", &["--tag-id", "1"]),
        (
            "untag-users",
            &["--name", "vip", "--users", r#"[{"email": "a@b.c"}]"#],
        ),
        // What failed to compile before (#21, 9): an integer beyond i32, an empty list, a
        // direction-changing character, and the client settings of the command line.
        (
            "get-users",
            &[
                "--per-page",
                "3000000000",
                "--base-url",
                "http://127.0.0.1:4010",
                "--intercom-version",
                "1.3",
            ],
        ),
        ("create-lead", &["--tags", "[]", "--name", "a\u{202e}b"]),
        (
            "create-user-by-email",
            &[
                "--email",
                "a@b.c",
                "--custom-attributes",
                "{\"x\": \"a\u{202e}b\", \"n\": 12345678901234567890123}",
            ],
        ),
        ("get-users", &["--all"]),
        // 2.x: typed builders, a 2.x Select, a stream, and a nested model through `invoke`.
        ("contacts find", &["--contact-id", "1"]),
        ("data-attributes list", &["--model", "contact"]),
        ("contacts list", &["--all"]),
        (
            "contacts search",
            &[
                "--query",
                r#"{"field": "email", "operator": "=", "value": "a@b.c"}"#,
            ],
        ),
    ];
    let scratch = root().join("target/snippet-check");
    let bins = scratch.join("src/bin");
    std::fs::create_dir_all(&bins).unwrap_or_else(|e| panic!("{e}"));
    for (i, (op, args)) in samples.iter().enumerate() {
        let out = intercom()
            .args(op.split(' '))
            .args(*args)
            .arg("--snippet")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{op}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let code = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            code.contains("#[tokio::main]") && code.contains("INTERCOM_ACCESS_TOKEN")
                || *op == "get-access-token",
            "{code}"
        );
        std::fs::write(bins.join(format!("s{i:02}.rs")), code).unwrap_or_else(|e| panic!("{e}"));
    }
    let sdk = root().join("sdk");
    let manifest = format!(
        "[package]\nname = \"snippet-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\nintercom-sdk = {{ path = {:?}, features = [\"v1\", \"v2\"] }}\nserde_json = {{ version = \"1\", features = [\"raw_value\"] }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\nfutures-util = \"0.3\"\n",
        sdk.display().to_string()
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::copy(root().join("Cargo.lock"), scratch.join("Cargo.lock"));
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--bins", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target"))
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        status.success(),
        "the snippets in {} do not compile",
        bins.display()
    );
    let _ = Place::Auth;
}

#[test]
fn control_characters_from_the_server_never_reach_the_terminal() {
    let rt = runtime();
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{9b}31m";
    let (failing, answering) = rt.block_on(async {
        let failing = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(400).set_body_json(json!({
                "type": "error.list",
                "errors": [{"code": format!("bad{hostile}"), "message": format!("no{hostile}")}]
            })))
            .mount(&failing)
            .await;
        let answering = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"type": "admin", "id": "7", "name": hostile})),
            )
            .mount(&answering)
            .await;
        (failing, answering)
    });
    let raw_control = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .chars()
            .any(|c| c.is_control() && c != '\n')
    };
    for server in [&failing, &answering] {
        let out = intercom()
            .args(["get-single-admin", "--admin-id", "7", "--token", "t"])
            .args(["--base-url", &server.uri()])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!raw_control(&out.stderr), "{:?}", out.stderr);
        assert!(!raw_control(&out.stdout), "{:?}", out.stdout);
        assert!(!out.stderr.is_empty() || !out.stdout.is_empty());
    }
}

/// Intercom sends some ids as integers (tag ids in tag lists): the answer still decodes, and the
/// ids are printed as the integers they came as, with every other member as sent.
#[test]
fn integer_tag_ids_are_printed_as_integers() {
    let rt = runtime();
    let body = r#"{"type":"tag.list","tags":[{"type":"tag","id":17,"name":"vip"},{"id":18446744073709551615,"name":"max","extra":12345678901234567890123,"gone":null}]}"#;
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        server
    });
    let out = intercom()
        .args(["get-app-tags", "--token", "t", "--base-url", &server.uri()])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("\"id\": 17,"), "{stdout}");
    assert!(stdout.contains("\"id\": 18446744073709551615"), "{stdout}");
    assert!(stdout.contains("12345678901234567890123"), "{stdout}");
    assert!(stdout.contains("\"gone\": null"), "{stdout}");
}

#[test]
fn curl_prints_the_request_with_credentials_left_to_the_shell() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200))
            .mount(&server),
    );
    let out = intercom()
        .args([
            "get-users",
            "--per-page",
            "10",
            "--order",
            "desc",
            "--curl",
            "--token",
            "tok_NEVER_PRINTED",
            "--base-url",
            &server.uri(),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{out:?}");
    let command = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        command.trim(),
        format!(
            "curl -sS -g -X GET '{}/users?per_page=10&order=desc' -H 'Accept: application/json' \
             -H 'Intercom-Version: 1.4' -H \"Authorization: Bearer $INTERCOM_ACCESS_TOKEN\"",
            server.uri()
        )
    );
    let secret = intercom()
        .args([
            "get-access-token",
            "--client-id",
            "cid",
            "--client-secret",
            "s3cr3t_NEVER_PRINTED",
            "--code",
            "abc",
            "--curl",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let secret = String::from_utf8_lossy(&secret.stdout);
    assert!(
        secret.contains(r#""client_secret":"'"$(printf '%s' "$INTERCOM_CLIENT_SECRET""#),
        "{secret}"
    );
    assert!(!command.contains("NEVER_PRINTED") && !secret.contains("NEVER_PRINTED"));
    let sent = rt.block_on(server.received_requests()).unwrap_or_default();
    assert!(sent.is_empty(), "--curl sent {} request(s)", sent.len());
}

/// The `--data-raw` word of a `--curl` command, as `sh` expands it with `env`.
fn curl_body(command: &str, env: &[(&str, &str)]) -> String {
    let word = command
        .split_once(" --data-raw ")
        .map(|(_, w)| w.trim())
        .unwrap_or_else(|| panic!("no body in {command}"));
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s' {word}"))
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// #21, 7 and 8: a secret goes only where its input goes, escaped for JSON; URLs are not globbed.
#[test]
fn curl_puts_a_secret_only_in_its_place_and_as_json() {
    let out = intercom()
        .args([
            "get-access-token",
            "--client-id",
            "@@INTERCOM_CLIENT_SECRET@@ '$INTERCOM_CLIENT_SECRET'",
            "--client-secret",
            "NEVER_PRINTED",
            "--code",
            "abc",
            "--curl",
            "--base-url",
            "http://127.0.0.1:9/{a,b}",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{out:?}");
    let command = String::from_utf8_lossy(&out.stdout);
    assert!(command.starts_with("curl -sS -g "), "{command}");
    assert!(!command.contains("NEVER_PRINTED"), "{command}");
    let secret = r#"c"s\ecret"#;
    let body = curl_body(&command, &[("INTERCOM_CLIENT_SECRET", secret)]);
    let body: serde_json::Value =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(body["client_secret"], secret);
    assert_eq!(
        body["client_id"],
        "@@INTERCOM_CLIENT_SECRET@@ '$INTERCOM_CLIENT_SECRET'"
    );
}

// #21, 15: a JSON argument keeps every digit.
#[test]
fn json_arguments_keep_every_digit() {
    let out = intercom()
        .args([
            "create-user-by-email",
            "--email",
            "a@b.c",
            "--custom-attributes",
            r#"{"n": 12345678901234567890123, "z": -0, "e": 1E2}"#,
            "--curl",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let command = String::from_utf8_lossy(&out.stdout);
    let body = curl_body(&command, &[]);
    assert!(
        body.contains(r#""custom_attributes":{"n": 12345678901234567890123, "z": -0, "e": 1E2}"#),
        "{body}"
    );
}

// #21, 16: a closed stderr made the CLI panic (exit 101).
#[test]
fn a_closed_stderr_is_no_panic() {
    let binary = assert_cmd::cargo::cargo_bin("intercom");
    let mut child = std::process::Command::new(binary)
        .args(["get-single-user", "--user-id-type", "email"])
        .env_remove("INTERCOM_ACCESS_TOKEN")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    drop(child.stderr.take());
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status.code(), Some(2));
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = intercom()
            .args(["completions", shell])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("get-single-user"), "{shell}");
    }
    let bad = intercom()
        .args(["completions", "tcsh"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn snippets_print_integers_for_integer_inputs() {
    let out = intercom()
        .args(["get-users", "--per-page", "10", "--page", "2", "--snippet"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let snippet = String::from_utf8_lossy(&out.stdout);
    assert!(snippet.contains(".per_page(10)"), "{snippet}");
    assert!(snippet.contains(".page(2)"), "{snippet}");
    assert!(!snippet.contains("10.0"), "{snippet}");
}

/// #22, 8: a misspelt command or flag gets one "did you mean", the SDK's spelling of a misspelt
/// connector name works, and an operation's help keeps the global options apart.
#[test]
fn mistakes_get_a_suggestion_and_help_keeps_global_options_apart() {
    let out = intercom()
        .args(["get-single-usr", "--mock"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("did you mean 'get-single-user'?"),
        "{stderr}"
    );

    let out = intercom()
        .args([
            "get-single-user",
            "--user-id-typ",
            "email",
            "--user-id",
            "a",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'--user-id-type'"));

    let out = intercom()
        .args(["get-user-segments-count", "--mock"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = intercom()
        .args(["get-single-user", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let help = String::from_utf8_lossy(&out.stdout);
    let (own, global) = help
        .split_once("Global options:")
        .unwrap_or_else(|| panic!("{help}"));
    assert!(
        own.contains("--user-id-type") && !own.contains("--base-url"),
        "{help}"
    );
    assert!(
        global.contains("--base-url") && global.contains("--snippet"),
        "{help}"
    );
}
