//! The importer is not tuned to one file: Intercom's 2.14 description, which Intercom's own SDKs
//! are generated from, imports with the same corrections into a manifest whose SDK compiles.
//!
//! Like `extension.rs`, the SDK is a copy under `<target>/openapi-2.14/`, built in the workspace's
//! target folder so the dependencies already built are reused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use intercom_codegen::import::{self, Sources};
use intercom_tests::root;
use intercom_tests::sdk_copy::{cargo, read_tree, sdk_with, sync};

const DESCRIPTION: &str = "openapi/2.14/api.intercom.io.yaml";
const OVERRIDES: &str = "openapi/fern-openapi-overrides.yml";
const CORRECTIONS: &str = "openapi/corrections.yaml";

/// Operations of an OpenAPI description: one per method of each path.
fn operations_in(description: &str) -> usize {
    let doc: serde_yaml::Value = serde_yaml::from_str(description).unwrap();
    let methods = ["get", "put", "post", "delete", "patch", "head", "options"];
    doc["paths"]
        .as_mapping()
        .unwrap()
        .values()
        .map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count())
        .sum()
}

#[test]
fn intercom_2_14_imports_into_an_sdk_that_compiles() {
    let started = Instant::now();
    let root = root();
    let description = fs::read_to_string(root.join(DESCRIPTION)).unwrap();
    let overrides = fs::read_to_string(root.join(OVERRIDES)).unwrap();
    let corrections = fs::read_to_string(root.join(CORRECTIONS)).unwrap();
    let sources = Sources {
        description: (DESCRIPTION, &description),
        overrides: Some((OVERRIDES, &overrides)),
        corrections: Some((CORRECTIONS, &corrections)),
    };
    let imported = import::import(&sources).unwrap_or_else(|problems| {
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        panic!("2.14 does not import:\n{}", text.join("\n"))
    });

    // The workspace's manifest with the 2.14 import in place of manifest/v2.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let work = target.join("openapi-2.14");
    let mut manifest = BTreeMap::new();
    let dir = root.join("manifest");
    read_tree(&dir, &dir, &mut manifest);
    manifest.retain(|path, _| !path.starts_with("v2"));
    for (name, text) in imported {
        manifest.insert(Path::new("v2").join(name), text.into_bytes());
    }
    sync(&work.join("manifest"), &manifest);

    let files = intercom_codegen::generate(&work.join("manifest"))
        .unwrap_or_else(|e| panic!("the 2.14 manifest does not generate:\n{e}"));
    let meta = files
        .iter()
        .find(|f| f.path == Path::new("v2/meta.rs"))
        .expect("2.x metadata");
    let expected = operations_in(&description);
    let generated = meta.contents.matches("api: Api::V2").count();
    assert_eq!(
        generated, expected,
        "operations of 2.14 that are not methods"
    );
    let api = files
        .iter()
        .find(|f| f.path == Path::new("api.rs"))
        .expect("api.rs");
    assert!(
        api.contents.contains("V2_DEFAULT_VERSION: &str = \"2.14\""),
        "2.14 is not the default version:\n{}",
        api.contents
    );
    let generated_at = started.elapsed();

    let sdk = sdk_with(
        files
            .iter()
            .map(|f| (PathBuf::from(&f.path), f.contents.clone().into_bytes())),
    );
    let sdk_dir = work.join("sdk");
    sync(&sdk_dir, &sdk);
    let output = cargo(
        &sdk_dir,
        &target,
        &[
            "build",
            "--lib",
            "--no-default-features",
            "--features",
            "v2",
        ],
    );
    assert!(
        output.status.success(),
        "the 2.14 SDK does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "2.14: {expected} operations imported and generated in {generated_at:.1?}, built in {:.1?}",
        started.elapsed() - generated_at
    );
}
