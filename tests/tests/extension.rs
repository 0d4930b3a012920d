//! The manifest is the extension point: an operation added in YAML alone (no hand-written Rust for
//! it) generates, compiles and sends the right request.
//!
//! The test copies `manifest/` and the `sdk` crate under `<target>/extension-test/`, adds an operation
//! that no seed operation is like (a Map input, an Array input and a Select that picks the route),
//! generates the SDK into the copy, and runs a small program there that calls the new operation
//! against a local wiremock server. The copy builds in the workspace's own target folder (wherever
//! `CARGO_TARGET_DIR` puts it), so the dependencies already built for the workspace are reused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use intercom_tests::root;
use intercom_tests::sdk_copy::{cargo, read_tree, sdk_with, sync};

/// Everything the new operation needs: appended to `manifest/operations.yaml`.
const NEW_OPERATION: &str = r#"  - name: logVisit
    description: Record where a contact was seen, and the stops on the way.
    group: visits
    response: none
    http:
      method: POST
      path: /visits
      by: contactType
      routes:
        intercom_id: { body: { contact.id: contact } }
        email: { path: /visits/by_email, body: { contact.email: contact } }
    fields:
      - { name: accessToken, type: String, description: Access token., in: auth }
      - { name: contact, type: String, description: The contact's identifier., in: route, required: true }
      - { name: contactType, type: Select, description: What the identifier is., values: [intercom_id, email], in: route, required: true, enum: ContactType }
      - { name: location, type: Map, description: Where the contact was seen., in: body, required: true }
      - { name: stops, type: Array, description: Places visited on the way., in: body }
"#;

/// The call site: the only Rust written for the new operation.
const CALL_SITE: &str = r#"//! Calls the generated `log_visit` against a local server and checks the request.

use intercom_sdk::{Client, ContactType, LatLon};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("tok_test")
        .base_url(server.uri())
        .build()
        .expect("a client");
    let location: LatLon = "40.7128,-74.006".parse().expect("a LatLon");
    let stop = json!({ "name": "Pier 17", "minutes": 20 });
    let stop = stop.as_object().cloned().expect("an object");
    client
        .log_visit("ada@example.com", ContactType::Email, location)
        .stops(vec![stop])
        .await
        .expect("the call succeeds");

    let requests = server.received_requests().await.expect("requests are recorded");
    assert_eq!(requests.len(), 1, "one request");
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/visits/by_email");
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("a JSON body");
    let expected = json!({
        "contact": { "email": "ada@example.com" },
        "location": "40.7128,-74.006",
        "stops": [ { "name": "Pier 17", "minutes": 20 } ],
    });
    assert_eq!(body, expected);
    println!("checked: {} {} {body}", request.method, request.url.path());
}
"#;

/// The workspace's target folder: cargo gives integration tests `<target>/tmp`.
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent()
        .map_or_else(|| tmp.to_path_buf(), Path::to_path_buf)
}

#[test]
fn an_operation_added_in_yaml_generates_builds_and_sends_the_right_request() {
    let started = Instant::now();
    let root = root();
    let target = target_dir();
    let work = target.join("extension-test");
    // 1. The manifest, plus the new operation.
    let mut manifest = BTreeMap::new();
    read_tree(
        &root.join("manifest"),
        &root.join("manifest"),
        &mut manifest,
    );
    let ops = manifest.get_mut(Path::new("operations.yaml")).unwrap();
    if !ops.ends_with(b"\n") {
        ops.push(b'\n');
    }
    ops.extend_from_slice(NEW_OPERATION.as_bytes());
    sync(&work.join("manifest"), &manifest);

    // 2. Generate into a copy of the sdk crate (what `cargo xtask gen` does for the real one).
    let files = match intercom_codegen::generate(&work.join("manifest")) {
        Ok(files) => files,
        Err(e) => panic!("the extended manifest does not generate:\n{e}"),
    };
    let generated = files
        .iter()
        .map(|f| (PathBuf::from(&f.path), f.contents.clone().into_bytes()));
    let mut sdk = sdk_with(generated);
    let visits = String::from_utf8_lossy(&sdk[Path::new("src/generated/operations/visits.rs")]);
    assert!(visits.contains("pub fn log_visit("), "{visits}");
    // Its metadata, which the CLI builds its commands from and the mock routes with, and the
    // CLI's dispatch come from the same manifest, with no hand-written code either.
    let meta = String::from_utf8_lossy(&sdk[Path::new("src/generated/meta.rs")]);
    for needle in [
        "name: \"logVisit\"",
        "name: \"location\",\n            rust_name: \"location\",\n            kind: Kind::LatLon,",
        "name: \"stops\",",
        "name: \"contactType\",",
    ] {
        assert!(
            meta.contains(needle),
            "the operation's metadata lacks {needle}"
        );
    }
    let sources = intercom_codegen::read_manifest(&work.join("manifest")).unwrap();
    let cli = intercom_codegen::generate_cli_from(&sources).unwrap();
    assert!(
        cli[0].contents.contains("\"logVisit\" => {"),
        "the CLI dispatch lacks logVisit"
    );
    sdk.insert(
        "examples/extension_call.rs".into(),
        CALL_SITE.as_bytes().to_vec(),
    );
    let generated_at = started.elapsed();
    let sdk_dir = work.join("sdk");
    sync(&sdk_dir, &sdk);

    // 3. Build and run the call site.
    let output = cargo(
        &sdk_dir,
        &target,
        &[
            "run",
            "--quiet",
            "--no-default-features",
            "--features",
            "v1",
            "--example",
            "extension_call",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the extended SDK does not build or the call fails:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("checked: POST /visits/by_email"),
        "{stdout}"
    );
    eprintln!(
        "extension test: {} YAML lines for the new operation; generated in {generated_at:.1?}, built and ran the call in {:.1?}, {:.1?} in all; {}",
        NEW_OPERATION.lines().count(),
        started.elapsed() - generated_at,
        started.elapsed(),
        stdout.trim()
    );
}
