//! Checked model → Rust token streams → formatted files. No file I/O here.

mod api;
mod cli;
mod markdown;
mod meta;
mod models;
mod operations;
mod selects;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::GeneratedFile;
use crate::model::Api;
pub(crate) use markdown::md;

/// What one generated file of the SDK holds.
enum Job {
    /// `mod.rs` of the generated folder: the API modules, each behind its feature.
    Root,
    /// `<module>/mod.rs` of an API in a module of its own.
    ModuleRoot,
    Api,
    Meta,
    Selects,
    Models,
    OperationsMod,
    Group(String),
}

/// The formatted text of one file, header excluded.
fn text(apis: &[Api], api: &Api, job: &Job, groups: &[String]) -> Result<String, String> {
    let tokens = match job {
        // Plain data, written as text: see `meta.rs`.
        Job::Meta => return rustfmt(&meta::emit(api)),
        Job::Root => root_module(apis),
        Job::ModuleRoot => module_root(api),
        Job::Api => api::emit(api, apis),
        Job::Selects => selects::emit(api),
        Job::Models => models::emit(api),
        Job::OperationsMod => operations::emit_mod(api, groups),
        Job::Group(g) => operations::emit_group(api, g),
    };
    format(tokens)
}

/// The Rust path of an API's generated modules: `crate` for the root API (1.x, re-exported at
/// the crate root), `crate::v2` for one in a module of its own.
pub(crate) fn prefix(api: &Api) -> TokenStream {
    match &api.module {
        None => quote!(crate),
        Some(m) => {
            let m = ident(m);
            quote!(crate::#m)
        }
    }
}

/// Every file of `sdk/src/generated/`, paths relative to that folder, in a stable order: the
/// first API at the root, the others in a folder named after their module.
///
/// Files are emitted and formatted on every core: token streams are not `Send`, so each thread
/// builds the tokens of the files it formats.
pub fn emit(apis: &[Api]) -> Result<Vec<GeneratedFile>, String> {
    let mut jobs: Vec<(String, usize, Job)> = vec![("mod.rs".to_owned(), 0, Job::Root)];
    let mut group_lists = Vec::new();
    for (i, api) in apis.iter().enumerate() {
        let dir = api
            .module
            .as_ref()
            .map_or_else(String::new, |m| format!("{m}/"));
        if api.module.is_some() {
            jobs.push((format!("{dir}mod.rs"), i, Job::ModuleRoot));
        }
        let groups = operations::groups(api);
        if api.module.is_none() {
            jobs.push((format!("{dir}api.rs"), i, Job::Api));
        }
        jobs.extend([
            (format!("{dir}meta.rs"), i, Job::Meta),
            (format!("{dir}selects.rs"), i, Job::Selects),
            (format!("{dir}models.rs"), i, Job::Models),
            (format!("{dir}operations/mod.rs"), i, Job::OperationsMod),
        ]);
        jobs.extend(
            operations::files(&groups)
                .into_iter()
                .map(|g| (format!("{dir}operations/{g}.rs"), i, Job::Group(g))),
        );
        group_lists.push(groups);
    }
    let results: Vec<std::sync::Mutex<Option<Result<GeneratedFile, String>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some((path, api, job)) = jobs.get(i) else {
            break;
        };
        let result = text(apis, &apis[*api], job, &group_lists[*api]).map(|text| file(path, &text));
        if let Ok(mut slot) = results[i].lock() {
            *slot = Some(result);
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len());
    std::thread::scope(|scope| {
        for _ in 1..threads {
            // A thread that cannot start leaves its share to the others.
            let _ = std::thread::Builder::new().spawn_scoped(scope, work);
        }
        work();
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err("a generator thread failed".into()))
        })
        .collect()
}

/// The CLI's files (relative to `cli/src/generated/`): the command table and the dispatch.
pub fn emit_cli(api: &Api) -> Result<Vec<GeneratedFile>, String> {
    Ok(vec![file("mod.rs", &format(cli::emit(api))?)])
}

/// One operation's code, formatted, after its metadata (its `meta.rs` entry): what the snapshot
/// tests review.
pub fn emit_operation(api: &Api, name: &str) -> Option<Result<String, String>> {
    let op = api.operations.iter().find(|o| o.name == name)?;
    let mut meta_text = String::new();
    meta::operation(&mut meta_text, api, op);
    let formatted = rustfmt(&meta_text).and_then(|meta_text| {
        let code = format(operations::emit_single(api, op))?;
        Ok(format!(
            "// meta.rs\n{meta_text}\n// operations/{}.rs\n{code}",
            op.group
        ))
    });
    Some(formatted)
}

/// The response models and server enums, formatted.
pub fn emit_models(api: &Api) -> Result<String, String> {
    format(models::emit(api))
}

/// The Select enums, formatted.
pub fn emit_selects(api: &Api) -> Result<String, String> {
    format(selects::emit(api))
}

/// The generated folder's `mod.rs`: the root API's modules (its constants always, the rest
/// behind the `v1` feature), then each other API's module behind the feature of its name.
fn root_module(apis: &[Api]) -> TokenStream {
    let modules = apis.iter().filter_map(|api| api.module.as_ref()).map(|m| {
        let name = ident(m);
        quote! {
            #[cfg(feature = #m)]
            pub mod #name;
        }
    });
    quote! {
        //! Code generated from `manifest/`: operations, their metadata, Select enums, response
        //! models, API constants. The 1.x API is at this level (behind the `v1` feature), the
        //! 2.x API in `v2` (behind `v2`).
        pub mod api;
        #[cfg(feature = "v1")]
        pub mod meta;
        #[cfg(feature = "v1")]
        pub mod models;
        #[cfg(feature = "v1")]
        pub mod operations;
        #[cfg(feature = "v1")]
        pub mod selects;
        #(#modules)*
    }
}

/// `<module>/mod.rs` of an API in a module of its own.
fn module_root(api: &Api) -> TokenStream {
    let module = api.module.as_deref().unwrap_or_default();
    let doc_text = format!(
        "The {} API {}: its operations (methods of group handles that [`Client`](crate::Client) \
         hands out), their metadata, Select enums and models. Generated from `manifest/{module}/`.",
        api.name, api.default_version
    );
    let docs = inner_doc(&doc_text);
    quote! {
        #docs
        pub mod meta;
        pub mod models;
        pub mod operations;
        pub mod selects;

        pub use operations::*;
    }
}

const HEADER: &str = "// @generated by `cargo xtask gen` from manifest/*.yaml: edit the manifest, not this file.\n\n";

fn file(path: &str, text: &str) -> GeneratedFile {
    GeneratedFile {
        path: path.into(),
        contents: format!("{HEADER}{text}"),
    }
}

/// A token stream that must parse as a file, printed by prettyplease (which turns `#[doc]`
/// attributes into `///` lines), spaced out, and laid out by rustfmt as `cargo fmt` would.
pub(crate) fn format(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    rustfmt(&space_out(&prettyplease::unparse(&file)))
}

/// `text` as rustfmt formats it (`$RUSTFMT`, or `rustfmt` on the `PATH`, with the workspace's
/// edition), so generated files need no `#[rustfmt::skip]` and `cargo fmt --check` agrees with
/// the staleness check.
pub(crate) fn rustfmt(text: &str) -> Result<String, String> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut child = Command::new(&program)
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot run {}: {e} (install it with `rustup component add rustfmt`)",
                program.to_string_lossy()
            )
        })?;
    let mut stdin = child.stdin.take().ok_or("rustfmt: no stdin")?;
    // Written from another thread: rustfmt may fill its stdout before reading all of stdin.
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt: {e}"))?;
    let written = writer
        .join()
        .map_err(|_| "rustfmt: the writer thread failed")?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt failed on generated code: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    written.map_err(|e| format!("rustfmt: {e}"))?;
    String::from_utf8(output.stdout).map_err(|e| format!("rustfmt: {e}"))
}

/// prettyplease's output with the blank lines a person would leave: after the module docs,
/// between items and between the items of an `impl`, while `use` lines, struct fields, enum
/// variants and statements stay together.
///
/// It works on lines: an item ends where a line at item depth (no indent, or one level inside an
/// `impl`) closes a brace or ends a declaration, and the next line at that depth starts another.
pub(crate) fn space_out(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // The first code line of the current item at the file's depth, and whether the next code
    // line starts a new one.
    let mut item = "";
    let mut between_items = true;
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let body = line.trim_start();
        let top = indent(line) == 0;
        if top
            && between_items
            && !body.is_empty()
            && !body.starts_with("//")
            && !body.starts_with('#')
        {
            item = body;
            between_items = false;
        }
        let item_depth = top || (indent(line) == 4 && item.starts_with("impl"));
        let ends = item_depth
            && (matches!(body, "}" | "};")
                || body.ends_with("{}")
                || (body.ends_with(';') && !body.starts_with("//")));
        if top && ends {
            between_items = true;
        }
        let Some(next) = lines.get(i + 1) else { break };
        if spaced(line, next, ends, item) {
            out.push('\n');
        }
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether a blank line goes between `line` and `next`: see [`space_out`].
fn spaced(line: &str, next: &str, ends_item: bool, item: &str) -> bool {
    let body = line.trim_start();
    let next_body = next.trim_start();
    if next_body.is_empty() || next_body.starts_with('}') || indent(next) != indent(line) {
        return false;
    }
    // Module docs and inner attributes stand apart from what follows.
    for inner in ["//!", "#!["] {
        if body.starts_with(inner) {
            return !next_body.starts_with(inner);
        }
    }
    if !ends_item {
        return false;
    }
    // Runs of `use` lines stay together, and so does a `pub mod` with its `pub use`.
    let kind = |s: &str| {
        if s.starts_with("use ") {
            "use"
        } else if s.starts_with("pub use ") {
            "pub use"
        } else if s.starts_with("pub mod ") || s.starts_with("mod ") {
            "mod"
        } else {
            "item"
        }
    };
    if indent(line) > 0 {
        return true;
    }
    !matches!(
        (kind(item), kind(next_body)),
        ("use", "use") | ("pub use", "pub use") | ("mod", "mod" | "pub use")
    )
}

/// The Select enums `fields` use, sorted, each once: what a file imports from `selects`.
pub(crate) fn select_names<'a>(
    fields: impl Iterator<Item = &'a crate::model::Field>,
) -> Vec<Ident> {
    let mut names: Vec<&str> = fields
        .filter_map(|f| match &f.ty {
            crate::model::FieldType::Select(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names.into_iter().map(ident).collect()
}

/// An identifier, raw when written `r#…`.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, so they print as `///` lines.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc]` attributes, one per line, for a module's own docs.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #![doc = #lines] )* }
}

#[cfg(test)]
mod tests {
    use super::space_out;

    #[test]
    fn items_are_spaced_out_and_groups_kept_together() {
        let dense = "//! Docs.\n#![allow(x)]\nuse a::B;\nuse c::D;\npub use e::F;\npub mod g;\npub mod h;\n\
            pub struct S {\n    a: u8,\n    b: u8,\n}\nimpl S {\n    const X: u8 = 1;\n    fn f() {\n        \
            let x = 1;\n        g(x);\n    }\n    /// Docs.\n    fn h() {}\n    fn i() {}\n}\nm!(S);\n\
            pub fn call() {\n    let a = 1;\n    b(a);\n}\n";
        let spaced = "//! Docs.\n\n#![allow(x)]\n\nuse a::B;\nuse c::D;\n\npub use e::F;\n\npub mod g;\npub mod h;\n\n\
            pub struct S {\n    a: u8,\n    b: u8,\n}\n\nimpl S {\n    const X: u8 = 1;\n\n    fn f() {\n        \
            let x = 1;\n        g(x);\n    }\n\n    /// Docs.\n    fn h() {}\n\n    fn i() {}\n}\n\nm!(S);\n\n\
            pub fn call() {\n    let a = 1;\n    b(a);\n}\n";
        assert_eq!(space_out(dense), spaced);
        assert_eq!(space_out(spaced), spaced, "spacing twice changes nothing");
    }
}
