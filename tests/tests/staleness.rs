//! The checked-in generated code is exactly what the manifest produces.

use intercom_codegen::{generate_all, generate_from, read_manifest, staleness};
use intercom_tests::root;

#[test]
fn generated_code_matches_the_manifest() {
    let root = root();
    let sets = match generate_all(&root.join("manifest")) {
        Ok(sets) => sets,
        Err(e) => panic!("the manifest does not generate:\n{e}"),
    };
    for (dir, files) in sets {
        let stale = staleness::compare(&files, &root.join(dir));
        assert!(
            stale.is_empty(),
            "{dir}/ is stale; run `cargo xtask gen`:\n{}",
            stale
                .iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn a_changed_description_is_reported_with_its_item() {
    let root = root();
    let mut sources = read_manifest(&root.join("manifest")).unwrap_or_default();
    let ops = sources
        .iter_mut()
        .find(|(name, _)| name.ends_with("operations.yaml"));
    let Some((_, text)) = ops else {
        panic!("manifest/operations.yaml not found")
    };
    *text = text.replacen(
        "description: Fetch single Note.",
        "description: Fetch one Note.",
        1,
    );
    let files = generate_from(&sources).unwrap_or_default();
    let stale = staleness::compare(&files, &root.join("sdk/src/generated"));
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0].path, "operations/notes.rs");
    assert!(
        stale[0].reason.contains("get_single_note"),
        "{}",
        stale[0].reason
    );
}
