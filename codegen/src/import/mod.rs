//! `cargo xtask import-openapi`: an OpenAPI description of Intercom's 2.x API → the 2.x manifest
//! (`manifest/v2/`), named as Intercom's official SDKs name it, with our corrections applied.
//!
//! The import is a function of its inputs: the same description, overrides and corrections give
//! the same files, byte for byte, so `cargo xtask check` can hold the committed manifest to it.
//! What the manifest cannot say is a [`Problem`] at the description's JSON pointer; nothing is
//! dropped without one.

mod answers;
mod corrections;
mod names;
mod operations;
mod read;
mod schemas;
mod yaml;

pub use answers::{answers, older_answers};

use std::collections::HashMap;
use std::fmt;

/// A construct of the description the importer cannot express, at its JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file it is in.
    pub file: String,
    /// Its JSON pointer (`/components/schemas/contact/properties/id`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    fn at(file: &str, pointer: &str, message: String) -> Self {
        Problem {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file, self.pointer, self.message)
    }
}

/// What the importer reads: each as `(file name for messages, text)`.
pub struct Sources<'a> {
    /// The OpenAPI description.
    pub description: (&'a str, &'a str),
    /// Fern's naming overrides (`x-fern-sdk-group-name`, `x-fern-sdk-method-name`), if any.
    pub overrides: Option<(&'a str, &'a str)>,
    /// Our corrections to the description, if any.
    pub corrections: Option<(&'a str, &'a str)>,
}

/// The description of `sources` with the corrections applied, as the importer reads it (what
/// tests hold the SDK to).
pub fn corrected(sources: &Sources<'_>) -> Result<serde_yaml::Value, Vec<Problem>> {
    let (file, text) = sources.description;
    let mut json = read::json(text, file).map_err(|p| vec![p])?;
    if let Some((name, text)) = sources.corrections {
        let list = read::json(text, name).map_err(|p| vec![p])?;
        corrections::apply(&mut json, &list, name)?;
    }
    Ok(json)
}

/// The manifest files of an import: `(file name, text)`, for `manifest/v2/`.
pub fn import(sources: &Sources<'_>) -> Result<Vec<(String, String)>, Vec<Problem>> {
    let (file, _) = sources.description;
    let json = corrected(sources)?;
    let fern = match sources.overrides {
        Some((name, text)) => operations::fern_names(text, name).map_err(|p| vec![p])?,
        None => HashMap::new(),
    };
    let description = read::description(json, file)?;
    let mut schemas = schemas::Schemas::new(&description.api, file);
    schemas.all();
    let mut operations = operations::operations(&description.api, &mut schemas, &fern);
    if !schemas.problems.is_empty() {
        return Err(schemas.problems);
    }
    name_selects(&mut operations, &schemas);
    let version = description.api.info.version.trim().to_owned();
    let corrections = sources.corrections.map(|(name, _)| name);
    let origin = yaml::Origin {
        description: file,
        corrections,
    };
    Ok(yaml::files(&version, &origin, &operations, &schemas.models))
}

/// Gives each Select its name: the field's in PascalCase where that name is free (or names the
/// same values elsewhere), else prefixed by its operation.
fn name_selects(operations: &mut [operations::OperationOut], schemas: &schemas::Schemas<'_>) {
    let mut given: HashMap<String, Vec<String>> = HashMap::new();
    for op in operations.iter_mut() {
        for field in &mut op.fields {
            let (Some(values), Some(prefixed)) = (&field.values, &field.enum_name) else {
                continue;
            };
            let short = names::pascal(&field.name);
            let free = |name: &str| {
                !schemas.is_taken(name)
                    && !names::is_reserved(name)
                    && given.get(name).is_none_or(|v| v == values)
            };
            let name = if free(&short) {
                short
            } else {
                prefixed.clone()
            };
            given.insert(name.clone(), values.clone());
            field.enum_name = Some(name);
        }
    }
}
