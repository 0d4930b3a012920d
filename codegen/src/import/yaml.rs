//! The manifest files, written as text: one line per field and member, keys in one order, every
//! string that is not a plain word quoted, so a change in the description is a small diff.

use std::fmt::Write as _;

use super::operations::{FieldOut, OperationOut};
use super::schemas::{Body, ModelOut};

/// Where an import came from, for the files' header.
pub(super) struct Origin<'a> {
    /// The description's file name.
    pub description: &'a str,
    /// The corrections' file name, when they were applied.
    pub corrections: Option<&'a str>,
}

impl Origin<'_> {
    fn header(&self) -> String {
        let source = self.description;
        match self.corrections {
            Some(corrections) => format!(
                "# Imported from {source} by `cargo xtask import-openapi`, with {corrections}\n\
                 # applied: do not edit. Change the corrections (or the importer) and import again.\n"
            ),
            None => format!(
                "# Imported from {source} by `cargo xtask import-openapi --no-corrections`: do not\n\
                 # edit. Change the importer and import again.\n"
            ),
        }
    }
}

/// `api.yaml`, `operations.yaml` and `models.yaml` of `manifest/v2/`.
pub(super) fn files(
    version: &str,
    origin: &Origin<'_>,
    operations: &[OperationOut],
    models: &[ModelOut],
) -> Vec<(String, String)> {
    let header = origin.header();
    let mut api = header.clone();
    api.push_str("api:\n  name: Intercom\n  module: v2\n  base_url: https://api.intercom.io\n");
    api.push_str("  version_header: Intercom-Version\n");
    let _ = writeln!(api, "  default_version: {}", quoted(version));
    let mut ops = header.clone();
    ops.push_str("operations:\n");
    for op in operations {
        operation(&mut ops, op);
    }
    let mut out = header;
    out.push_str("models:\n");
    for model in models {
        self::model(&mut out, model);
    }
    if operations
        .iter()
        .flat_map(|op| &op.fields)
        .any(|f| f.model.as_deref() == Some(super::operations::SEARCH_QUERY))
    {
        out.push_str(&format!(
            "  - name: {}\n    description: \"A search query, built with `intercom_sdk::search`.\"\n    external: search::Query\n",
            super::operations::SEARCH_QUERY
        ));
    }
    vec![
        ("api.yaml".to_owned(), api),
        ("models.yaml".to_owned(), out),
        ("operations.yaml".to_owned(), ops),
    ]
}

fn operation(out: &mut String, op: &OperationOut) {
    let _ = writeln!(out, "  - name: {}", scalar(&op.name));
    let _ = writeln!(out, "    description: {}", quoted(&op.summary));
    if !op.docs.is_empty() {
        let _ = writeln!(out, "    docs: {}", quoted(&op.docs));
    }
    let _ = writeln!(out, "    source: {}", quoted(&op.source));
    let _ = writeln!(out, "    group: {}", scalar(&op.group));
    let _ = writeln!(out, "    rust_name: {}", scalar(&op.rust_name));
    let _ = writeln!(out, "    response: {}", scalar(&op.response));
    if let Some(kind) = op.paginated {
        let _ = writeln!(out, "    paginated: {kind}");
    }
    if let Some(code) = op.success {
        let _ = writeln!(out, "    success: {}", quoted(&code.to_string()));
    }
    out.push_str("    http:\n");
    let _ = writeln!(out, "      method: {}", op.method);
    let _ = writeln!(out, "      path: {}", scalar(&op.path));
    for (key, list) in [("headers", &op.headers), ("query", &op.query)] {
        if !list.is_empty() {
            let pairs: Vec<String> = list
                .iter()
                .map(|(k, v)| format!("{}: {}", scalar(k), scalar(v)))
                .collect();
            let _ = writeln!(out, "      {key}: {{ {} }}", pairs.join(", "));
        }
    }
    if op.fields.is_empty() {
        out.push_str("    fields: []\n");
        return;
    }
    out.push_str("    fields:\n");
    for f in &op.fields {
        let _ = writeln!(out, "      - {}", field(f));
    }
}

fn field(f: &FieldOut) -> String {
    let mut parts = vec![
        format!("name: {}", scalar(&f.name)),
        format!("type: {}", f.ty),
        format!("description: {}", quoted(&f.description)),
        format!("in: {}", f.place),
    ];
    if let Some(wire) = &f.wire {
        parts.push(format!("wire: {}", scalar(wire)));
    }
    if f.required {
        parts.push("required: true".to_owned());
    }
    if let Some(t) = f.sdk_type {
        parts.push(format!("sdk_type: {t}"));
    }
    if let Some(items) = f.items {
        parts.push(format!("items: {items}"));
    }
    if let Some(model) = &f.model {
        parts.push(format!("model: {}", scalar(model)));
    }
    if let Some(values) = &f.values {
        parts.push(format!("values: [{}]", list(values)));
    }
    if let Some(name) = &f.enum_name {
        parts.push(format!("enum: {}", scalar(name)));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn model(out: &mut String, m: &ModelOut) {
    let _ = writeln!(out, "  - name: {}", scalar(&m.name));
    let _ = writeln!(out, "    description: {}", quoted(&m.description));
    let _ = writeln!(out, "    source: {}", quoted(&m.source));
    match &m.body {
        Body::Members(members) if members.is_empty() => out.push_str("    fields: []\n"),
        Body::Members(members) => {
            out.push_str("    fields:\n");
            for member in members {
                let mut parts = vec![
                    format!("name: {}", scalar(&member.name)),
                    format!("type: {}", scalar(&member.ty.ty)),
                    format!("description: {}", quoted(&member.description)),
                ];
                if let Some((name, values)) = &member.ty.values {
                    parts.push(format!("enum: {}", scalar(name)));
                    parts.push(format!("values: [{}]", list(values)));
                }
                let _ = writeln!(out, "      - {{ {} }}", parts.join(", "));
            }
        }
        Body::Union(union) => {
            out.push_str("    union:\n");
            if let Some(tag) = &union.tag {
                let _ = writeln!(out, "      tag: {}", scalar(tag));
            }
            out.push_str("      variants:\n");
            for v in &union.variants {
                let mut parts = vec![
                    format!("name: {}", scalar(&v.name)),
                    format!("type: {}", scalar(&v.ty)),
                ];
                if !v.when.is_empty() {
                    parts.push(format!("when: [{}]", list(&v.when)));
                }
                if !v.requires.is_empty() {
                    parts.push(format!("requires: [{}]", list(&v.requires)));
                }
                let _ = writeln!(out, "        - {{ {} }}", parts.join(", "));
            }
        }
    }
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| scalar(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A string as a plain YAML scalar when it is a plain word, else quoted.
fn scalar(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '/')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-'))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { s.to_owned() } else { quoted(s) }
}

/// A string as a double-quoted YAML scalar: JSON's escapes are YAML's.
fn quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}
