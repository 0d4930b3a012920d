//! The manifest exactly as written: serde structs, one per YAML mapping, no checks beyond shape.

// Each key is documented once, for manifest authors, in manifest/README.md.
#![allow(missing_docs)]

use indexmap::IndexMap;
use serde::Deserialize;

/// One YAML file under `manifest/`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub api: Option<Api>,
    pub datatypes: Option<Vec<Datatype>>,
    pub operations: Option<Vec<Operation>>,
    pub models: Option<Vec<Model>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub name: String,
    pub description: String,
    pub source: Option<String>,
    #[serde(default)]
    pub fields: Vec<ModelField>,
    pub union: Option<Union>,
    pub external: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Union {
    pub tag: Option<String>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub when: Vec<String>,
    #[serde(default)]
    pub requires: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelField {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub description: String,
    #[serde(rename = "enum")]
    pub enum_name: Option<String>,
    pub values: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    pub name: String,
    pub module: Option<String>,
    pub base_url: String,
    pub version_header: String,
    pub default_version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Datatype {
    pub name: String,
    pub description: String,
    pub example: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub name: String,
    pub rust_name: Option<String>,
    pub description: String,
    pub docs: Option<String>,
    pub source: Option<String>,
    pub group: String,
    pub response: String,
    pub paginated: Option<String>,
    pub idempotent: Option<bool>,
    pub auth: Option<String>,
    pub success: Option<String>,
    pub seed: Option<bool>,
    pub http: Http,
    pub fields: Vec<Field>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Http {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    #[serde(default)]
    pub query: IndexMap<String, serde_yaml::Value>,
    #[serde(default)]
    pub body: IndexMap<String, serde_yaml::Value>,
    pub by: Option<String>,
    #[serde(default)]
    pub routes: IndexMap<String, Route>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub path: Option<String>,
    #[serde(default)]
    pub query: IndexMap<String, String>,
    #[serde(default)]
    pub body: IndexMap<String, String>,
    pub single: Option<String>,
    pub refuse: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub description: String,
    pub values: Option<Vec<String>>,
    #[serde(rename = "in")]
    pub place: Option<String>,
    #[serde(default)]
    pub required: bool,
    pub wire: Option<String>,
    pub sdk_type: Option<String>,
    pub sdk_values: Option<Vec<String>>,
    pub items: Option<String>,
    pub model: Option<String>,
    /// A model whose members an object input (or each item of a list of objects) must have.
    pub shape: Option<String>,
    /// A model or union each member value of an object input must be.
    pub value_shape: Option<String>,
    #[serde(rename = "enum")]
    pub enum_name: Option<String>,
    #[serde(default)]
    pub secret: bool,
    #[serde(default)]
    pub seed: Option<bool>,
    #[serde(default)]
    pub with: IndexMap<String, serde_yaml::Value>,
    pub wrap: Option<Wrap>,
    #[serde(default)]
    pub each: IndexMap<String, serde_yaml::Value>,
    /// Body members the API takes in this required one's place (`submitEvent`'s `user_id` may
    /// be an `email` or an `id` instead).
    #[serde(default)]
    pub alternatives: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wrap {
    #[serde(rename = "type")]
    pub list_type: String,
    pub key: String,
    pub item: String,
}
