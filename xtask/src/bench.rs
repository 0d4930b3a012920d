//! `cargo xtask bench-build` and `cargo xtask bench-memory`: measurements that need whole cargo
//! builds or release binaries, so they are commands rather than `cargo bench` targets. Each run
//! appends a row to `benchmarks/results.md`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn cargo(root: &Path, args: &[&str]) -> Result<Duration, String> {
    let started = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cargo {}: {e}", args.join(" ")))?;
    if !status.success() {
        return Err(format!("cargo {} failed", args.join(" ")));
    }
    Ok(started.elapsed())
}

fn append(root: &Path, section: &str, header: &str, row: &str) -> Result<(), String> {
    let path = root.join("benchmarks/results.md");
    let mut text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmark results (rows appended by `cargo xtask bench-*`)\n".into()
    });
    let marker = format!("## {section}");
    if !text.contains(&marker) {
        text = format!("{}\n\n{marker}\n\n{header}\n", text.trim_end());
    }
    let start = text.find(&marker).unwrap_or(0);
    let end = text[start..]
        .find("\n## ")
        .map_or(text.len(), |i| start + i + 1);
    let mut out = text[..end].trim_end().to_owned();
    out.push('\n');
    out.push_str(row);
    out.push('\n');
    if end < text.len() {
        out.push('\n');
        out.push_str(&text[end..]);
    }
    std::fs::create_dir_all(root.join("benchmarks")).map_err(|e| e.to_string())?;
    std::fs::write(&path, out).map_err(|e| e.to_string())
}

fn today() -> String {
    Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Clean builds timed by `bench-build`; the median is reported.
const CLEAN_BUILDS: usize = 5;

/// Which API `bench-build` builds the SDK with: its cargo feature, manifest and generated code.
pub struct BuildApi {
    feature: &'static str,
    manifest: &'static str,
    generated: &'static str,
}

impl BuildApi {
    /// `v1` (the default: the history of `benchmarks/results.md` is 1.x) or `v2`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        match args.first().map(String::as_str) {
            None | Some("v1") => Ok(BuildApi {
                feature: "rustls,v1",
                manifest: "manifest/operations.yaml",
                generated: "sdk/src/generated",
            }),
            Some("v2") => Ok(BuildApi {
                feature: "rustls,v2",
                manifest: "manifest/v2/operations.yaml",
                generated: "sdk/src/generated/v2",
            }),
            Some(other) => Err(format!("bench-build takes `v1` or `v2`, not `{other}`")),
        }
    }
}

/// Clean and incremental debug builds of `intercom-sdk` with one API's feature (its
/// dependencies already built).
pub fn build(
    root: &Path,
    api: &BuildApi,
    regenerate: &dyn Fn() -> Result<(), String>,
) -> Result<(), String> {
    let build = [
        "build",
        "-p",
        "intercom-sdk",
        "--no-default-features",
        "--features",
        api.feature,
    ];
    cargo(root, &build)?;
    // The median of several clean builds: one build on a 2-core machine varies by ±5 %.
    let mut cleans = Vec::new();
    for _ in 0..CLEAN_BUILDS {
        cargo(root, &["clean", "-p", "intercom-sdk"])?;
        cleans.push(cargo(root, &build)?);
    }
    cleans.sort();
    let clean = cleans[cleans.len() / 2];
    let manifest = root.join(api.manifest);
    let original = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    // One operation's description, edited: what a user's manifest change costs.
    let Some(at) = original.find("\n    description: ") else {
        return Err(format!("no operation description in {}", api.manifest));
    };
    let end = original[at + 1..]
        .find('\n')
        .map_or(original.len(), |i| at + 1 + i);
    let line = &original[at + 1..end];
    // An imported manifest quotes its strings: the edit goes inside the quotes.
    let edited = match line.strip_suffix('"') {
        Some(open) => format!("{open} (benchmark edit)\""),
        None => format!("{line} (benchmark edit)"),
    };
    let mut changed = original.clone();
    changed.replace_range(at + 1..end, &edited);
    std::fs::write(&manifest, changed).map_err(|e| e.to_string())?;
    let incremental = regenerate().and_then(|()| cargo(root, &build));
    std::fs::write(&manifest, &original).map_err(|e| e.to_string())?;
    regenerate()?;
    let incremental = incremental?;
    cargo(root, &build)?;
    let (files, lines) = generated_lines(&root.join(api.generated), api.feature.ends_with("v1"));
    let ops = original.matches("\n  - name: ").count().max(1);
    println!(
        "intercom-sdk debug build ({}) on {} cores: clean {:.2} s (median of {CLEAN_BUILDS}; fastest {:.2} s), incremental {:.1} s",
        api.feature,
        cores(),
        clean.as_secs_f64(),
        cleans[0].as_secs_f64(),
        incremental.as_secs_f64()
    );
    println!(
        "generated: {files} files, {lines} lines, {} lines per operation ({ops} operations)",
        lines / ops
    );
    let section = if api.feature.ends_with("v1") {
        "SDK compile time (cargo xtask bench-build)".to_owned()
    } else {
        format!(
            "SDK compile time, {} (cargo xtask bench-build v2)",
            api.feature
        )
    };
    append(
        root,
        &section,
        "| date | cores | clean debug build (s) | incremental after a description edit (s) | generated lines | lines per operation |\n| --- | --- | --- | --- | --- | --- |",
        &format!(
            "| {} | {} | {:.2} | {:.1} | {lines} | {} |",
            today(),
            cores(),
            clean.as_secs_f64(),
            incremental.as_secs_f64(),
            lines / ops
        ),
    )
}

/// Files and lines of generated Rust under `dir`; `skip_v2` leaves out its `v2/` folder.
fn generated_lines(dir: &Path, skip_v2: bool) -> (usize, usize) {
    let mut files = 0;
    let mut lines = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                if !(skip_v2 && p.file_name().is_some_and(|n| n == "v2")) {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|e| e == "rs") {
                files += 1;
                lines += std::fs::read_to_string(&p)
                    .map(|t| t.lines().count())
                    .unwrap_or(0);
            }
        }
    }
    (files, lines)
}

/// Peak memory of scrolling 10,000 and 100,000 users through the scroll stream, of reading
/// one 50 MiB answer, and what the mock keeps under a flood of large bodies.
pub fn memory(root: &Path) -> Result<(), String> {
    scroll_memory(root)?;
    answer_memory(root)?;
    mock_flood_memory(root)
}

/// Resident set of a mock after 300 unauthenticated and 300 authorized bodies of 4 MiB each.
fn mock_flood_memory(root: &Path) -> Result<(), String> {
    let args = [
        "build",
        "--release",
        "-p",
        "intercom-mock",
        "--example",
        "flood_memory",
    ];
    cargo(root, &args)?;
    let out = Command::new(root.join("target/release/examples/flood_memory"))
        .arg("300")
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() {
        return Err(format!(
            "flood_memory failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    println!("{text}");
    append(
        root,
        "Mock memory under a flood of 4 MiB bodies (cargo xtask bench-memory)",
        "| date | result |\n| --- | --- |",
        &format!("| {} | {text} |", today()),
    )
}

/// Peak memory growth while one answer of 50 MiB is read and decoded (limit raised).
fn answer_memory(root: &Path) -> Result<(), String> {
    let args = [
        "build",
        "--release",
        "-p",
        "intercom-sdk",
        "--features",
        "v1",
        "--example",
        "big_answer",
    ];
    cargo(root, &args)?;
    let out = Command::new(root.join("target/release/examples/big_answer"))
        .arg("50")
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "big_answer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    print!("{text}");
    let ratio = text
        .split(", ")
        .last()
        .and_then(|r| r.split('x').next())
        .unwrap_or("?")
        .to_owned();
    append(
        root,
        "Memory of one 50 MiB answer (cargo xtask bench-memory)",
        "| date | peak RSS growth / body size |\n| --- | --- |",
        &format!("| {} | {ratio} |", today()),
    )
}

/// Peak memory of scrolling 10,000 and 100,000 users through the scroll stream.
fn scroll_memory(root: &Path) -> Result<(), String> {
    cargo(
        root,
        &[
            "build",
            "--release",
            "-p",
            "intercom-sdk",
            "--features",
            "v1",
            "--example",
            "scroll_memory",
        ],
    )?;
    let bin = root.join("target/release/examples/scroll_memory");
    let mut peaks = Vec::new();
    for n in [10_000usize, 100_000] {
        let out = Command::new(&bin)
            .arg(n.to_string())
            .output()
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            return Err(format!(
                "scroll_memory {n} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        print!("{text}");
        let kib: u64 = text
            .split("peak RSS ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        peaks.push(kib);
    }
    let ratio = peaks[1] as f64 / peaks[0].max(1) as f64;
    println!("peak RSS 100,000 / 10,000 users: {ratio:.3}");
    append(
        root,
        "Scroll stream memory (cargo xtask bench-memory)",
        "| date | 10,000 users peak RSS (KiB) | 100,000 users peak RSS (KiB) | ratio |\n| --- | --- | --- | --- |",
        &format!("| {} | {} | {} | {ratio:.3} |", today(), peaks[0], peaks[1]),
    )
}
