//! `cargo xtask import-openapi [description] [--out DIR] [--no-corrections]`: Intercom's OpenAPI
//! description → the 2.x manifest, with Fern's names (`openapi/fern-openapi-overrides.yml`) and
//! our corrections (`openapi/corrections.yaml`).

use std::path::{Path, PathBuf};

use intercom_codegen::GeneratedFile;
use intercom_codegen::import::{self, Sources};

/// The description the SDK is generated from, and where its manifest goes.
pub const DESCRIPTION: &str = "openapi/2.16/api.intercom.io.yaml";
pub const OVERRIDES: &str = "openapi/fern-openapi-overrides.yml";
pub const CORRECTIONS: &str = "openapi/corrections.yaml";
pub const MANIFEST: &str = "manifest/v2";
/// Where the mock's 2.x answers (the description's examples) go.
pub const ANSWERS: &str = "mock/mock-data/v2";
/// The description Intercom's own SDKs are generated from: the mock answers its examples to
/// requests that ask for its version, where they differ.
const OLDER_DESCRIPTION: &str = "openapi/2.14/api.intercom.io.yaml";
const OLDER_ANSWERS: &str = "answers-2.14.json";
const OLDER_PROVENANCE: &str = "The answers of Intercom's OpenAPI description 2.14 \
(intercom/Intercom-OpenAPI, commit 8889625, MIT licence: openapi/LICENSE.md in the intercom-sdk \
repository) that differ from 2.16's, and of the operations openapi/fern-openapi-overrides.yml \
defines that neither description has, with the corrections of openapi/corrections.yaml, each \
example given the `type` its schema fixes where it leaves it out; the mock answers them to \
requests with `Intercom-Version: 2.14` or older; written by `cargo xtask import-openapi`";
/// Where the description comes from, written into the answers file.
const PROVENANCE: &str = "Intercom's OpenAPI description 2.16 (intercom/Intercom-OpenAPI, \
commit 8889625, MIT licence: openapi/LICENSE.md in the intercom-sdk repository), with the \
corrections of openapi/corrections.yaml, each example given the `type` its schema fixes where it \
leaves it out; written by `cargo xtask import-openapi`";

/// What to import, from the command line.
pub struct Request {
    pub description: PathBuf,
    pub out: PathBuf,
    pub corrections: bool,
}

impl Request {
    pub fn parse(root: &Path, args: &[String]) -> Result<Self, String> {
        let mut request = Request {
            description: root.join(DESCRIPTION),
            out: root.join(MANIFEST),
            corrections: true,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--out" => {
                    let dir = args.next().ok_or("--out needs a folder")?;
                    request.out = PathBuf::from(dir);
                }
                "--no-corrections" => request.corrections = false,
                path if !path.starts_with('-') => request.description = PathBuf::from(path),
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        Ok(request)
    }
}

impl Request {
    /// Whether this is the import of the SDK's own description (not a trial elsewhere), which
    /// also writes the mock's answers.
    pub fn is_the_sdks(&self, root: &Path) -> bool {
        self.description == root.join(DESCRIPTION)
            && self.out == root.join(MANIFEST)
            && self.corrections
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The mock's answers files, relative to [`ANSWERS`]: the description's, and the older
/// description's where it answers otherwise (for requests that ask for that version), with the
/// operations Fern's overrides define that neither description has.
pub fn answers(root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let corrections = read(&root.join(CORRECTIONS))?;
    let description = read(&root.join(DESCRIPTION))?;
    let older = read(&root.join(OLDER_DESCRIPTION))?;
    let sources = |path, text| Sources {
        description: (path, text),
        overrides: None,
        corrections: Some((CORRECTIONS, &corrections)),
    };
    let overrides = read(&root.join(OVERRIDES))?;
    let current = sources(DESCRIPTION, &description);
    let older = Sources {
        overrides: Some((OVERRIDES, &overrides)),
        ..sources(OLDER_DESCRIPTION, &older)
    };
    let text = |problems: Vec<import::Problem>| {
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        text.join("\n")
    };
    Ok(vec![
        GeneratedFile {
            path: "answers.json".into(),
            contents: import::answers(&current, PROVENANCE).map_err(text)?,
        },
        GeneratedFile {
            path: OLDER_ANSWERS.into(),
            contents: import::older_answers(&older, &current, OLDER_PROVENANCE).map_err(text)?,
        },
    ])
}

/// The manifest files `request` gives, relative to its `out` folder.
pub fn files(root: &Path, request: &Request) -> Result<Vec<GeneratedFile>, String> {
    let description = read(&request.description)?;
    let overrides = read(&root.join(OVERRIDES))?;
    let corrections = if request.corrections {
        Some(read(&root.join(CORRECTIONS))?)
    } else {
        None
    };
    let shown = request
        .description
        .strip_prefix(root)
        .unwrap_or(&request.description)
        .display()
        .to_string();
    let sources = Sources {
        description: (&shown, &description),
        overrides: Some((OVERRIDES, &overrides)),
        corrections: corrections.as_deref().map(|text| (CORRECTIONS, text)),
    };
    let files = import::import(&sources).map_err(|problems| {
        let mut text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        text.push(format!(
            "{} problem(s): nothing was written",
            problems.len()
        ));
        text.join("\n")
    })?;
    Ok(files
        .into_iter()
        .map(|(path, contents)| GeneratedFile {
            path: path.into(),
            contents,
        })
        .collect())
}
