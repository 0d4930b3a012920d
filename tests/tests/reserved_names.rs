//! The generator refuses manifest names that would shadow a type the generated code or the
//! crate root already has (`RESERVED_TYPES`, `ROOT_TYPES`). Those lists are only right while
//! they follow the runtime: these tests read the names the generated files import and the
//! names `sdk/src/lib.rs` exports, and fail when one is missing from the lists.

use std::collections::BTreeSet;
use std::path::Path;

use intercom_codegen::validate::{RESERVED_TYPES, ROOT_TYPES};
use intercom_tests::root;

/// A type's name: PascalCase (not a module, function or constant).
fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && name.contains(|c: char| c.is_lowercase())
}

/// The names a `use` tree brings in (globs bring none that are named).
fn leaves(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(p) => leaves(&p.tree, out),
        syn::UseTree::Name(n) => {
            out.insert(n.ident.to_string());
        }
        syn::UseTree::Rename(r) => {
            out.insert(r.rename.to_string());
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| leaves(t, out)),
        syn::UseTree::Glob(_) => {}
    }
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_name_the_generated_files_import_is_reserved() {
    let mut files = Vec::new();
    rust_files(&root().join("sdk/src/generated"), &mut files);
    assert!(files.len() > 5, "no generated files found");
    let mut imported = BTreeSet::new();
    // `meta.rs` defines no type (only statics), so what it imports shadows nothing.
    files.retain(|f| !f.ends_with("meta.rs"));
    for file in &files {
        for item in parse(file).items {
            if let syn::Item::Use(u) = item {
                // What a generated file takes from the runtime; the models and Select enums it
                // imports are the manifest's own names.
                let from_support = matches!(&u.tree, syn::UseTree::Path(p)
                    if p.ident == "crate"
                        && matches!(&*p.tree, syn::UseTree::Path(q) if q.ident == "support"));
                if matches!(u.vis, syn::Visibility::Inherited) && from_support {
                    leaves(&u.tree, &mut imported);
                }
            }
        }
    }
    let selects: BTreeSet<&str> = intercom_sdk::meta::OPERATIONS
        .iter()
        .flat_map(|op| op.fields)
        .filter_map(|f| f.select.map(|s| s.enum_name))
        .collect();
    let missing: Vec<&String> = imported
        .iter()
        .filter(|n| is_type_name(n) && !selects.contains(n.as_str()))
        .filter(|n| !RESERVED_TYPES.contains(&n.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "generated files import {missing:?}: add them to RESERVED_TYPES in codegen/src/validate/mod.rs"
    );
}

#[test]
fn every_type_of_the_crate_root_is_reserved() {
    let lib = parse(&root().join("sdk/src/lib.rs"));
    let mut exported = BTreeSet::new();
    for item in &lib.items {
        match item {
            syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => {
                leaves(&u.tree, &mut exported);
            }
            syn::Item::Type(t) if matches!(t.vis, syn::Visibility::Public(_)) => {
                exported.insert(t.ident.to_string());
            }
            // A type that only exists for doctests (`#[cfg(doctest)]`) is not in the crate.
            syn::Item::Struct(s)
                if matches!(s.vis, syn::Visibility::Public(_))
                    && !s.attrs.iter().any(|a| a.path().is_ident("cfg")) =>
            {
                exported.insert(s.ident.to_string());
            }
            _ => {}
        }
    }
    assert!(exported.contains("Client") && exported.contains("JsonObject"));
    let missing: Vec<&String> = exported
        .iter()
        .filter(|n| is_type_name(n))
        .filter(|n| !RESERVED_TYPES.contains(&n.as_str()) && !ROOT_TYPES.contains(&n.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "sdk/src/lib.rs exports {missing:?}: add them to ROOT_TYPES in codegen/src/validate/mod.rs"
    );
}
