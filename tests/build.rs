//! Lists the 2.x models of `manifest/v2/models.yaml` for the tests (`v2_models!` in
//! `src/lib.rs`), so a model the importer adds is tested with no hand-kept list.

use std::fmt::Write as _;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = "../manifest/v2/models.yaml";
    println!("cargo::rerun-if-changed={manifest}");
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    // Each `  - name: X` opens a model; one with `external:` is the runtime's, not generated.
    let mut names: Vec<(String, bool)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("  - name: ") {
            names.push((name.trim().to_owned(), false));
        } else if line.starts_with("    external:") {
            if let Some(last) = names.last_mut() {
                last.1 = true;
            }
        }
    }
    let mut out = String::from("v2_models!(\n");
    for (name, external) in names {
        if !external {
            writeln!(out, "    {name},")?;
        }
    }
    out.push_str(");\n");
    let dir = std::env::var("OUT_DIR")?;
    std::fs::write(std::path::Path::new(&dir).join("v2_models.rs"), out)?;
    Ok(())
}
