//! Copies of the `sdk` crate generated from another manifest, built in the workspace's target
//! folder: how the tests prove that a manifest (extended by a user, or imported from another
//! version of Intercom's description) generates an SDK that compiles.

// Test support: a file that cannot be read or written ends the test with its reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::root;

/// Every file under `dir`, by path relative to `base`.
pub fn read_tree(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(base, &path, out);
        } else {
            let relative = path.strip_prefix(base).unwrap().to_path_buf();
            out.insert(relative, fs::read(&path).unwrap());
        }
    }
}

/// Makes `dir` hold exactly `files`, writing only what changed: unchanged files keep their
/// modification times, so a rerun rebuilds nothing that has not changed.
pub fn sync(dir: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) {
    let mut present = BTreeMap::new();
    if dir.exists() {
        read_tree(dir, dir, &mut present);
    }
    for path in present.keys().filter(|p| !files.contains_key(*p)) {
        fs::remove_file(dir.join(path)).unwrap();
    }
    for (path, contents) in files {
        if present.get(path) != Some(contents) {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, contents).unwrap();
        }
    }
}

/// `key = value` lines of a `[section]` of a Cargo.toml.
pub fn section(toml: &str, name: &str) -> HashMap<String, String> {
    let header = format!("[{name}]");
    toml.lines()
        .skip_while(|l| l.trim() != header)
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// The sdk's Cargo.toml as a workspace of its own: `x.workspace = true` replaced by the values of
/// the root Cargo.toml, no workspace lints, no readme outside the crate.
pub fn standalone_manifest(root_toml: &str, sdk_toml: &str) -> String {
    let package = section(root_toml, "workspace.package");
    let deps = section(root_toml, "workspace.dependencies");
    let mut out = String::new();
    let mut in_lints = false;
    for line in sdk_toml.lines() {
        if line.starts_with('[') {
            in_lints = line.trim() == "[lints]";
        }
        if in_lints || line.starts_with("readme") {
            continue;
        }
        let replaced = match line.trim().strip_suffix(".workspace = true") {
            Some(key) => {
                let value = package.get(key).or_else(|| deps.get(key));
                let value =
                    value.unwrap_or_else(|| panic!("`{key}` is not in the root Cargo.toml"));
                format!("{key} = {value}")
            }
            None => line.to_owned(),
        };
        out.push_str(&replaced);
        out.push('\n');
    }
    out.push_str("\n[workspace]\n");
    out
}

/// `cargo <args>` in `dir`, offline first (the workspace's dependencies are already downloaded).
pub fn cargo(dir: &Path, target: &Path, args: &[&str]) -> std::process::Output {
    let run = |offline: bool| {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .args(args);
        // What cargo set for this test binary would reach build scripts (ring reruns when
        // `CARGO_MANIFEST_DIR` changes) and rebuild dependencies shared with the workspace.
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            let per_crate = key.starts_with("CARGO_PKG_")
                || key.starts_with("CARGO_BIN_")
                || matches!(
                    &*key,
                    "CARGO_MANIFEST_DIR"
                        | "CARGO_MANIFEST_PATH"
                        | "CARGO_CRATE_NAME"
                        | "CARGO_PRIMARY_PACKAGE"
                        | "CARGO_TARGET_TMPDIR"
                        | "CARGO_RUSTC_CURRENT_DIR"
                        | "OUT_DIR"
                );
            if per_crate {
                command.env_remove(&*key);
            }
        }
        if offline {
            command.arg("--offline");
        }
        command.output().expect("cargo runs")
    };
    let output = run(true);
    if output.status.success() {
        return output;
    }
    eprintln!(
        "offline build failed, trying online:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    run(false)
}

/// The `sdk` crate with `generated` (paths under `src/generated/`) in place of its generated
/// code, as a workspace of its own that uses the workspace's lock file (the same versions, so
/// the same compiled dependencies).
pub fn sdk_with(
    generated: impl IntoIterator<Item = (PathBuf, Vec<u8>)>,
) -> BTreeMap<PathBuf, Vec<u8>> {
    let root = root();
    let mut sdk = BTreeMap::new();
    read_tree(&root.join("sdk"), &root.join("sdk"), &mut sdk);
    sdk.retain(|path, _| !path.starts_with("src/generated"));
    for (path, contents) in generated {
        sdk.insert(Path::new("src/generated").join(path), contents);
    }
    let root_toml = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let sdk_toml = String::from_utf8_lossy(&sdk[Path::new("Cargo.toml")]).into_owned();
    let standalone = standalone_manifest(&root_toml, &sdk_toml);
    sdk.insert("Cargo.toml".into(), standalone.into_bytes());
    sdk.insert(
        "Cargo.lock".into(),
        fs::read(root.join("Cargo.lock")).unwrap(),
    );
    sdk
}
