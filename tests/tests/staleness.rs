//! The checked-in generated code is exactly what the manifest produces.

use intercom_codegen::{generate, generate_all, staleness};
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
    // A copy of the manifest (both APIs) with one description changed.
    let copy = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("staleness-manifest");
    let _ = std::fs::remove_dir_all(&copy);
    for dir in ["", "v2"] {
        let (from, to) = (root.join("manifest").join(dir), copy.join(dir));
        std::fs::create_dir_all(&to).unwrap_or_else(|e| panic!("{e}"));
        for entry in std::fs::read_dir(&from).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let mut text = std::fs::read_to_string(&path).unwrap_or_default();
                if dir.is_empty() && path.ends_with("operations.yaml") {
                    text = text.replacen(
                        "description: Fetch single Note.",
                        "description: Fetch one Note.",
                        1,
                    );
                }
                std::fs::write(to.join(entry.file_name()), text).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
    let files = generate(&copy).unwrap_or_default();
    let stale = staleness::compare(&files, &root.join("sdk/src/generated"));
    // The description is in the operation's metadata and in its method's docs; each file names
    // the item that differs.
    let found: Vec<(&str, &str)> = stale
        .iter()
        .map(|s| {
            (
                s.path.as_str(),
                s.reason.split(", in ").nth(1).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("meta.rs", "`static GET_SINGLE_NOTE`"),
            ("operations/notes.rs", "`fn get_single_note`"),
        ],
        "{stale:?}"
    );
}

#[test]
fn line_endings_do_not_make_a_file_stale() {
    let root = root();
    let files = generate(&root.join("manifest")).unwrap_or_default();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("crlf-checkout");
    for file in &files {
        let path = dir.join(&file.path);
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(&dir));
        std::fs::write(&path, file.contents.replace('\n', "\r\n")).unwrap_or_default();
    }
    assert_eq!(staleness::compare(&files, &dir), []);
    let api = dir.join("api.rs");
    let text = std::fs::read_to_string(&api).unwrap_or_default();
    std::fs::write(&api, text.replacen("1.4", "1.3", 1)).unwrap_or_default();
    let stale = staleness::compare(&files, &dir);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0].kind, staleness::StaleKind::Differs);
}

#[test]
fn a_second_generation_touches_no_file() {
    let root = root();
    let files = generate(&root.join("manifest")).unwrap_or_default();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("regenerated");
    let _ = std::fs::remove_dir_all(&dir);
    let first = staleness::update(&files, &dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.len(), files.len(), "a fresh folder gets every file");
    let mtimes = |dir: &std::path::Path| -> Vec<std::time::SystemTime> {
        files
            .iter()
            .filter_map(|f| std::fs::metadata(dir.join(&f.path)).ok()?.modified().ok())
            .collect()
    };
    let before = mtimes(&dir);
    assert_eq!(before.len(), files.len());
    let second = staleness::update(&files, &dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second, []);
    assert_eq!(mtimes(&dir), before, "an up-to-date file was rewritten");
}
