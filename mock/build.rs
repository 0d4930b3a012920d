//! Lists every example answer of `mock-data/` (one JSON file per response model) for the mock
//! server, so that a file added there is served without a code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=mock-data");
    let mut models: Vec<String> = std::fs::read_dir("mock-data")?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_owned)
        })
        .collect();
    models.sort();
    let mut out = String::from("&[\n");
    for model in models {
        writeln!(
            out,
            "    ({model:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/mock-data/{model}.json\"))),"
        )?;
    }
    out.push(']');
    let dir = std::env::var("OUT_DIR")?;
    std::fs::write(Path::new(&dir).join("examples.rs"), out)?;
    Ok(())
}
