//! The `rust-version` the crates declare is the true minimum: the highest `rust-version` among the
//! dependencies `intercom-sdk` can pull in (every feature on), and at least 1.85 (edition 2024).
//! The READMEs state the same number.

use std::collections::{HashMap, HashSet};
use std::process::Command;

use intercom_tests::root;
use serde_json::Value;

/// The first Rust release with edition 2024, which every crate here uses.
const EDITION_2024: (u64, u64) = (1, 85);

fn version(text: &str) -> Option<(u64, u64)> {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next().flatten().unwrap_or(0)))
}

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root())
        .args(["metadata", "--format-version", "1", "--all-features"])
        .output()
        .unwrap_or_else(|e| panic!("cargo metadata: {e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("cargo metadata: {e}"))
}

/// `(highest rust-version, the package declaring it)` over the normal and build dependencies of
/// `crate_name`, itself excluded.
fn highest_minimum(meta: &Value, crate_name: &str) -> ((u64, u64), String) {
    let empty = Vec::new();
    let packages = meta["packages"].as_array().unwrap_or(&empty);
    let by_id: HashMap<&str, &Value> = packages
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let start = packages
        .iter()
        .find(|p| p["name"] == crate_name)
        .and_then(|p| p["id"].as_str())
        .unwrap_or_else(|| panic!("{crate_name} is not in the workspace"));
    let mut seen = HashSet::new();
    let mut todo = vec![start];
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().unwrap_or(&empty) {
            let kinds = dep["dep_kinds"].as_array().unwrap_or(&empty);
            if kinds
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build")
            {
                todo.extend(dep["pkg"].as_str());
            }
        }
    }
    seen.remove(start);
    seen.iter()
        .filter_map(|id| {
            let p = by_id.get(id)?;
            let v = version(p["rust_version"].as_str()?)?;
            Some((
                v,
                format!("{} {}", p["name"].as_str()?, p["version"].as_str()?),
            ))
        })
        .max()
        .unwrap_or((EDITION_2024, "edition 2024".into()))
}

#[test]
fn rust_version_is_the_true_minimum_and_the_readmes_say_it() {
    let meta = metadata();
    let declared = meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "intercom-sdk"))
        .and_then(|p| p["rust_version"].as_str())
        .and_then(version)
        .unwrap_or_else(|| panic!("intercom-sdk declares no rust-version"));
    let (deps, which) = highest_minimum(&meta, "intercom-sdk");
    let truth = deps.max(EDITION_2024);
    assert_eq!(
        declared, truth,
        "rust-version is {declared:?}; the dependencies need {deps:?} ({which}) and edition 2024 needs {EDITION_2024:?}: set the workspace's rust-version to {}.{}",
        truth.0, truth.1
    );
    let stated = format!("{}.{}", truth.0, truth.1);
    for readme in ["README.md", "sdk/README.md"] {
        let text = std::fs::read_to_string(root().join(readme)).unwrap_or_default();
        assert!(
            text.contains(&format!("Rust {stated}")) || text.contains(&format!("**{stated}**")),
            "{readme} does not state the minimum Rust version {stated}"
        );
    }
}
