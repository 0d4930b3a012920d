//! The 2.x commands: `intercom <group> <method>` for every 2.x operation, named as the SDK names
//! it, flags for its parameters and body members, `--body` for the whole body (#20, 6).

use assert_cmd::Command;
use intercom_sdk::meta::{self, Api, Kind, Operation, Place};

fn intercom() -> Command {
    let mut cmd = Command::cargo_bin("intercom").unwrap_or_else(|e| panic!("{e}"));
    cmd.env_remove("INTERCOM_ACCESS_TOKEN")
        .env_remove("INTERCOM_BASE_URL");
    cmd
}

/// The command words of an operation: its SDK name (`help_centers().collections().list`) in
/// kebab-case.
fn words(op: &Operation) -> Vec<String> {
    op.rust_name
        .split("().")
        .map(|w| w.trim_end_matches("()").replace('_', "-"))
        .collect()
}

/// A flag and value for each required input.
fn sample_args(op: &Operation) -> Vec<String> {
    let mut args = Vec::new();
    for f in op.inputs().filter(|f| f.required && f.place != Place::Auth) {
        let value = match f.kind {
            Kind::Select => f.select.map_or("", |s| s.values[0]).to_owned(),
            Kind::Boolean => "true".into(),
            Kind::Integer | Kind::Number | Kind::Timestamp => "2".into(),
            Kind::Json | Kind::Model => r#"{"sample": 1}"#.into(),
            Kind::TextList => r#"["a"]"#.into(),
            Kind::IntegerList => "[1]".into(),
            Kind::ObjectList | Kind::ModelList | Kind::AnyList => r#"[{"sample": 1}]"#.into(),
            _ => "abc42".into(),
        };
        args.push(format!("--{}", f.name.replace('_', "-")));
        args.push(value);
    }
    args
}

#[test]
fn every_2x_operation_is_a_command_the_mock_answers() {
    let mut failures = Vec::new();
    let mut count = 0;
    for op in meta::all().filter(|op| op.api == Api::V2) {
        count += 1;
        let out = intercom()
            .args(words(op))
            .args(sample_args(op))
            .arg("--mock")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        if !out.status.success() {
            failures.push(format!(
                "{} {:?}: {}",
                words(op).join(" "),
                sample_args(op),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    assert_eq!(count, 231);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_search_prints_the_answer_as_json() {
    let out = intercom()
        .args(["contacts", "search", "--mock", "--query"])
        .arg(r#"{"field": "email", "operator": "=", "value": "a@b.c"}"#)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(answer["type"], "list");
}

#[test]
fn the_operation_id_names_the_method_too() {
    let out = intercom()
        .args(["contacts", "SearchContacts", "--mock", "--query"])
        .arg(r#"{"field": "email", "operator": "=", "value": "a@b.c"}"#)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_whole_body_comes_in_body_and_flags_come_on_top() {
    let out = intercom()
        .args(["contacts", "create", "--curl", "--name", "Ada", "--body"])
        .arg(r#"{"email": "a@b.c", "name": "Bob"}"#)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let command = String::from_utf8_lossy(&out.stdout);
    assert!(command.contains(r#""email":"a@b.c""#), "{command}");
    assert!(command.contains(r#""name":"Ada""#), "{command}");
    assert!(command.contains("Intercom-Version: 2.16"), "{command}");

    let out = intercom()
        .args(["contacts", "create", "--mock", "--body"])
        .arg(r#"{"email": "a@b.c", "emial": "typo"}"#)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("emial"));
}

#[test]
fn a_missing_path_parameter_is_exit_2_before_anything_is_sent() {
    let out = intercom()
        .args(["contacts", "find", "--mock"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--contact-id"));
}

#[test]
fn all_streams_a_2x_list_one_record_per_line() {
    let out = intercom()
        .args(["conversations", "list", "--all", "--mock"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.trim().is_empty());
    for line in text.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        assert_eq!(record["type"], "conversation", "{line}");
    }
    let out = intercom()
        .args(["contacts", "find", "--contact-id", "1", "--all", "--mock"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
}
