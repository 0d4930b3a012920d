//! The whole generator pipeline (parse, validate, emit, format) on the real manifest and on
//! synthetic manifests of 100, 1,000 and 10,000 operations built here from the real ones; and
//! Intercom's 2.16 OpenAPI description imported into the 2.x manifest, then generated with 1.x.
//! divan reports time per operation (the item counter), so a super-linear step shows up as a
//! per-operation time that grows with the size.
//!
//! `cargo bench -p intercom-codegen`

use std::path::Path;

use divan::Bencher;
use divan::counter::ItemsCount;

/// As `cargo xtask gen` runs the generator: see `xtask/src/main.rs`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn real() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../manifest");
    intercom_codegen::read_manifest(&dir).unwrap_or_default()
}

/// The real manifest with its operations repeated (and renamed) up to `n` operations.
fn synthetic(n: usize) -> Vec<(String, String)> {
    let mut sources = real();
    let Some(ops) = sources
        .iter_mut()
        .find(|(name, _)| name.ends_with("operations.yaml"))
    else {
        return sources;
    };
    let text = ops.1.clone();
    let Some(start) = text.find("\n  - name: ") else {
        return sources;
    };
    let blocks: Vec<&str> = text[start..]
        .split("\n  - name: ")
        .filter(|b| !b.trim().is_empty())
        .collect();
    let mut out = String::from("operations:");
    for i in 0..n {
        let block = blocks[i % blocks.len()];
        let copy = i / blocks.len();
        let (name, rest) = block.split_once('\n').unwrap_or((block, ""));
        let rest = rest.replace(
            "rust_name: get_user_segments_count",
            &format!("rust_name: get_user_segments_count_{copy}"),
        );
        out.push_str(&format!(
            "\n  - name: {name}{}\n{rest}",
            if copy == 0 {
                String::new()
            } else {
                format!("V{copy}")
            }
        ));
    }
    ops.1 = out;
    sources
}

#[divan::bench(sample_count = 10)]
fn real_manifest(bencher: Bencher) {
    let sources = real();
    let operations = intercom_codegen::load(&sources).map_or(0, |api| api.operations.len());
    bencher
        .counter(ItemsCount::new(operations))
        .bench(|| intercom_codegen::generate_from(&sources).map(|f| f.len()));
}

#[divan::bench(args = [100, 1000, 10000], sample_count = 3)]
fn synthetic_manifest(bencher: Bencher, n: usize) {
    let sources = synthetic(n);
    bencher
        .counter(ItemsCount::new(n))
        .bench(|| intercom_codegen::generate_from(&sources).map(|f| f.len()));
}

#[divan::bench(args = [100, 1000, 10000], sample_count = 3)]
fn parse_and_validate_only(bencher: Bencher, n: usize) {
    let sources = synthetic(n);
    bencher
        .counter(ItemsCount::new(n))
        .bench(|| intercom_codegen::load(&sources).map(|a| a.operations.len()));
}

fn read(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join(path)).unwrap_or_default()
}

/// What `cargo xtask import-openapi && cargo xtask gen` do, in memory: import 2.16 with its
/// corrections and Fern's names, then generate the whole SDK (1.x and 2.x, formatted).
#[divan::bench(sample_count = 5)]
fn import_and_generate_2_16(bencher: Bencher) {
    let description = read("openapi/2.16/api.intercom.io.yaml");
    let overrides = read("openapi/fern-openapi-overrides.yml");
    let corrections = read("openapi/corrections.yaml");
    let root = intercom_codegen::load(&real()).ok();
    bencher.counter(ItemsCount::new(231usize)).bench(|| {
        let sources = intercom_codegen::import::Sources {
            description: ("openapi/2.16/api.intercom.io.yaml", &description),
            overrides: Some(("openapi/fern-openapi-overrides.yml", &overrides)),
            corrections: Some(("openapi/corrections.yaml", &corrections)),
        };
        let files = intercom_codegen::import::import(&sources).ok()?;
        let v2 = intercom_codegen::load(&files).ok()?;
        let apis = [root.clone()?, v2];
        intercom_codegen::generate_apis(&apis).ok().map(|f| f.len())
    });
}

/// The import alone.
#[divan::bench(sample_count = 5)]
fn import_2_16_only(bencher: Bencher) {
    let description = read("openapi/2.16/api.intercom.io.yaml");
    let overrides = read("openapi/fern-openapi-overrides.yml");
    let corrections = read("openapi/corrections.yaml");
    bencher.counter(ItemsCount::new(231usize)).bench(|| {
        let sources = intercom_codegen::import::Sources {
            description: ("openapi/2.16/api.intercom.io.yaml", &description),
            overrides: Some(("openapi/fern-openapi-overrides.yml", &overrides)),
            corrections: Some(("openapi/corrections.yaml", &corrections)),
        };
        intercom_codegen::import::import(&sources)
            .map(|f| f.len())
            .ok()
    });
}
