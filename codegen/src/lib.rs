//! The Intercom SDK generator: `manifest/*.yaml` → checked model → Rust files for `sdk/src/generated/`.
//!
//! Stages, one module each: [`locate`] and [`raw`] read YAML, [`validate`] checks it into a
//! [`model`], `emit` turns the model into token streams formatted by prettyplease. [`generate`] is
//! the one entry point; it reads the manifest folder and returns the files, writing nothing.

pub mod diagnostics;
mod emit;
pub mod import;
pub mod locate;
pub mod model;
pub mod naming;
pub mod raw;
pub mod staleness;
pub mod template;
pub mod validate;

use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics};

/// A file to write under `sdk/src/generated/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to `sdk/src/generated/`.
    pub path: PathBuf,
    /// Full contents, header included.
    pub contents: String,
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The manifest folder could not be read.
    Io(PathBuf, std::io::Error),
    /// The manifest has problems; every one is listed.
    Manifest(Diagnostics),
    /// The emitted code does not parse: a generator bug, never a manifest one.
    Emit(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            Error::Manifest(d) => write!(f, "{d}"),
            Error::Emit(e) => write!(f, "generator bug: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// Reads every `*.yaml` file of `dir` (sorted by name) as `(display name, text)`.
pub fn read_manifest(dir: &Path) -> Result<Vec<(String, String)>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::Io(dir.to_owned(), e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    let dir_name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| Error::Io(p.clone(), e))?;
            let name = p
                .file_name()
                .map(|n| format!("{dir_name}/{}", n.to_string_lossy()))
                .unwrap_or_default();
            Ok((name, text))
        })
        .collect()
}

/// Checks manifest sources `(name, text)` into the model.
pub fn load(sources: &[(String, String)]) -> Result<model::Api, Error> {
    validate::validate(sources).map_err(Error::Manifest)
}

/// Generates the SDK's files from the sources of one manifest (an API at the crate root).
pub fn generate_from(sources: &[(String, String)]) -> Result<Vec<GeneratedFile>, Error> {
    let api = load(sources)?;
    emit::emit(&[api]).map_err(Error::Emit)
}

/// The APIs of the manifest folder `dir`: the root API (`dir/*.yaml`, 1.x), then the API of
/// each subfolder that holds an `api:` of its own with a `module` (`dir/v2/`, 2.x).
pub fn load_all(dir: &Path) -> Result<Vec<model::Api>, Error> {
    let mut apis = vec![load(&read_manifest(dir)?)?];
    if let Some(module) = &apis[0].module {
        return Err(Error::Emit(format!(
            "{}: the root API has `module: {module}`, which only the API of a subfolder takes (`v2/api.yaml`)",
            dir.join("api.yaml").display()
        )));
    }
    let v2 = dir.join("v2");
    if v2.is_dir() {
        let api = load(&read_manifest(&v2)?)?;
        let root = &apis[0];
        if api.module.is_none()
            || api.base_url != root.base_url
            || api.version_header != root.version_header
        {
            return Err(Error::Emit(format!(
                "{}: the API of a subfolder needs `module:`, and the base URL and version header of {}",
                v2.display(),
                dir.display()
            )));
        }
        apis.push(api);
    }
    Ok(apis)
}

/// Generates the SDK's files from the manifest folder `dir` (its APIs: see [`load_all`]).
pub fn generate(dir: &Path) -> Result<Vec<GeneratedFile>, Error> {
    generate_apis(&load_all(dir)?)
}

/// Generates the SDK's files of loaded APIs: the root API first, then those with a `module`.
pub fn generate_apis(apis: &[model::Api]) -> Result<Vec<GeneratedFile>, Error> {
    emit::emit(apis).map_err(Error::Emit)
}

/// Generates the CLI's command table (paths relative to `cli/src/generated/`) from manifest sources.
pub fn generate_cli_from(sources: &[(String, String)]) -> Result<Vec<GeneratedFile>, Error> {
    let api = load(sources)?;
    emit::emit_cli(&api).map_err(Error::Emit)
}

/// Where each set of generated files goes, relative to the workspace root.
pub const SDK_DIR: &str = "sdk/src/generated";
/// See [`SDK_DIR`].
pub const CLI_DIR: &str = "cli/src/generated";

/// Every generated file of the workspace, as `(folder relative to the root, files)`.
pub fn generate_all(dir: &Path) -> Result<Vec<(&'static str, Vec<GeneratedFile>)>, Error> {
    let apis = load_all(dir)?;
    Ok(vec![
        (SDK_DIR, emit::emit(&apis).map_err(Error::Emit)?),
        (CLI_DIR, emit::emit_cli(&apis[0]).map_err(Error::Emit)?),
    ])
}

/// One operation's emitted code, formatted (for snapshot tests and reviews).
pub fn emit_operation(api: &model::Api, name: &str) -> Option<Result<String, String>> {
    emit::emit_operation(api, name)
}

/// The response models' emitted code, formatted.
pub fn emit_models(api: &model::Api) -> Result<String, String> {
    emit::emit_models(api)
}

/// The Select enums' emitted code, formatted.
pub fn emit_selects(api: &model::Api) -> Result<String, String> {
    emit::emit_selects(api)
}
