//! `cargo xtask gen` writes `sdk/src/generated/` from `manifest/`; `cargo xtask check` fails when
//! the checked-in files differ from what the manifest produces.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use intercom_codegen::{generate, staleness};

const USAGE: &str = "usage: cargo xtask <gen|check>
  gen     regenerate sdk/src/generated/ from manifest/
  check   exit 1 and name every stale file when sdk/src/generated/ differs from the manifest";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let root = root();
    let out_dir = root.join("sdk/src/generated");
    let started = Instant::now();
    let files = match task.as_deref() {
        Some("gen" | "check") => match generate(&root.join("manifest")) {
            Ok(files) => files,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let stale = staleness::compare(&files, &out_dir);
    if task.as_deref() == Some("check") {
        if stale.is_empty() {
            println!("sdk/src/generated/ is up to date ({} files)", files.len());
            return ExitCode::SUCCESS;
        }
        for s in &stale {
            eprintln!("stale: sdk/src/generated/{s}");
        }
        eprintln!("{} stale file(s): run `cargo xtask gen`", stale.len());
        return ExitCode::FAILURE;
    }
    for s in stale
        .iter()
        .filter(|s| s.reason.starts_with("not produced"))
    {
        let path = out_dir.join(&s.path);
        if let Err(e) = std::fs::remove_file(&path) {
            eprintln!("cannot remove {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    for file in &files {
        let path = out_dir.join(&file.path);
        let write = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &file.contents));
        if let Err(e) = write {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    println!(
        "wrote {} files ({lines} lines) to sdk/src/generated/ in {:.0?}; {} changed",
        files.len(),
        started.elapsed(),
        stale.len()
    );
    ExitCode::SUCCESS
}
