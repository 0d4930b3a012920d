//! `cargo xtask gen` writes the generated code (`sdk/src/generated/`, `cli/src/generated/`) from
//! `manifest/`; `cargo xtask check` fails when the checked-in files differ from what it produces.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

mod bench;
mod import;

/// The generator allocates and frees millions of small token streams; with glibc's allocator that
/// was 40 % of its profile (BENCHMARKS.md §1).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use intercom_codegen::{GeneratedFile, generate_all, staleness};

const USAGE: &str = "usage: cargo xtask <gen|check|import-openapi|bench-build|bench-memory>
  import-openapi [DESCRIPTION] [--out DIR] [--no-corrections]
                write the 2.x manifest (manifest/v2/) from Intercom's OpenAPI description
                (default openapi/2.16/api.intercom.io.yaml)
  gen           regenerate sdk/src/generated/ and cli/src/generated/ from manifest/
  check         exit 1 and name every stale file when the generated code differs from the manifest
  bench-build [v1|v2]
                time clean and incremental debug builds of intercom-sdk with one API (default v1;
                see BENCHMARKS.md)
  bench-memory  peak memory of scrolling 10,000 and 100,000 users, of one 50 MiB answer, and
                of the mock under a flood of large bodies (see BENCHMARKS.md)";

type Sets = Vec<(&'static str, Vec<GeneratedFile>)>;

/// Brings every generated folder up to date (see [`staleness::update`]); how many files changed.
fn write_all(root: &Path, sets: &Sets) -> Result<usize, String> {
    let mut changed = 0;
    for (dir, files) in sets {
        changed += staleness::update(files, &root.join(dir))?.len();
    }
    Ok(changed)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let root = root();
    let regenerate = || {
        generate_all(&root.join("manifest"))
            .map_err(|e| e.to_string())
            .and_then(|sets| write_all(&root, &sets))
            .map(|_| ())
    };
    let args: Vec<String> = std::env::args().skip(2).collect();
    let result = match task.as_deref() {
        Some("gen" | "check") => return gen_or_check(&root, task.as_deref() == Some("check")),
        Some("import-openapi") => import_openapi(&root, &args),
        Some("bench-build") => {
            bench::BuildApi::parse(&args).and_then(|api| bench::build(&root, &api, &regenerate))
        }
        Some("bench-memory") => bench::memory(&root),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn gen_or_check(root: &Path, check: bool) -> ExitCode {
    let started = Instant::now();
    let sets = match generate_all(&root.join("manifest")) {
        Ok(sets) => sets,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed();
    let count: usize = sets.iter().map(|(_, f)| f.len()).sum();
    if check {
        let mut stale = 0;
        // The 2.x manifest and the mock's 2.x answers are what the import of Intercom's
        // description gives.
        let request = import::Request {
            description: root.join(import::DESCRIPTION),
            out: root.join(import::MANIFEST),
            corrections: true,
        };
        let imported = [
            (import::MANIFEST, import::files(root, &request)),
            (import::ANSWERS, import::answers(root)),
        ];
        for (dir, files) in imported {
            let files = match files {
                Ok(files) => files,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            };
            for s in staleness::compare(&files, &root.join(dir)) {
                eprintln!("stale: {dir}/{s} (run `cargo xtask import-openapi`)");
                stale += 1;
            }
        }
        for (dir, files) in &sets {
            for s in staleness::compare(files, &root.join(dir)) {
                eprintln!("stale: {dir}/{s}");
                stale += 1;
            }
        }
        if stale == 0 {
            println!("generated code is up to date ({count} files)");
            return ExitCode::SUCCESS;
        }
        eprintln!("{stale} stale file(s): run `cargo xtask gen`");
        return ExitCode::FAILURE;
    }
    match write_all(root, &sets) {
        Ok(changed) => {
            let lines: usize = sets
                .iter()
                .flat_map(|(_, f)| f)
                .map(|f| f.contents.lines().count())
                .sum();
            println!("generated {count} files ({lines} lines) in {elapsed:.0?}; {changed} changed");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask import-openapi`: writes the manifest files that changed.
fn import_openapi(root: &Path, args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let request = import::Request::parse(root, args)?;
    let files = import::files(root, &request)?;
    let mut changed = staleness::update(&files, &request.out)?;
    if request.is_the_sdks(root) {
        changed.extend(staleness::update(
            &import::answers(root)?,
            &root.join(import::ANSWERS),
        )?);
    }
    println!(
        "imported {} into {} in {:.0?}; {} file(s) changed",
        request.description.display(),
        request.out.display(),
        started.elapsed(),
        changed.len()
    );
    Ok(())
}
