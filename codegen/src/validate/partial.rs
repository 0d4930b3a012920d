//! The typed parse of a file with shape problems. serde would refuse the whole file, so each item
//! without a problem is turned into a `serde_yaml::Value` following its shape and read by serde on
//! its own: the meaning of every sound item is still checked, in the same run that reports the
//! broken ones.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value as Yaml};

use super::keys::{FILE, Value};
use super::shape::Broken;
use crate::locate::{Kind, Node};
use crate::raw;

/// A problem serde found in an item the shape walk accepted: (line, column, message).
pub(super) type Refused = (usize, usize, String);

/// Where each typed item is in its file's list, when items were left out: `operations[i]` of the
/// typed file is item `operations[i]` of the YAML.
#[derive(Debug, Default)]
pub(super) struct Positions {
    datatypes: Vec<usize>,
    operations: Vec<usize>,
    models: Vec<usize>,
}

impl Positions {
    /// The YAML index of the `i`th typed item of `section` (`i` itself when nothing was left out).
    pub(super) fn of(&self, section: &str, i: usize) -> usize {
        let list = match section {
            "datatypes" => &self.datatypes,
            "operations" => &self.operations,
            _ => &self.models,
        };
        list.get(i).copied().unwrap_or(i)
    }
}

/// The sound items of `tree`, typed, where they are, and the items serde refused.
pub(super) fn sound_items(tree: &Node, broken: &Broken) -> (raw::File, Positions, Vec<Refused>) {
    let mut file = raw::File::default();
    let mut positions = Positions::default();
    let mut refused = Vec::new();
    for entry in tree.entries() {
        let Some(key) = FILE.keys.iter().find(|k| k.name == entry.key) else {
            continue;
        };
        if key.name == "api" {
            if !broken.api {
                match typed(&entry.value, key.value) {
                    Ok(api) => file.api = Some(api),
                    Err(e) => refused.push(e),
                }
            }
            continue;
        }
        let Value::List(shape) = key.value else {
            continue;
        };
        for (index, item) in entry.value.items().iter().enumerate() {
            if broken.items.contains(&(key.name, index)) {
                continue;
            }
            let item_value = Value::Map(shape);
            let pushed = match key.name {
                "datatypes" => typed(item, item_value).map(|d| {
                    file.datatypes.get_or_insert_with(Vec::new).push(d);
                    positions.datatypes.push(index);
                }),
                "operations" => typed(item, item_value).map(|o| {
                    file.operations.get_or_insert_with(Vec::new).push(o);
                    positions.operations.push(index);
                }),
                "models" => typed(item, item_value).map(|m| {
                    file.models.get_or_insert_with(Vec::new).push(m);
                    positions.models.push(index);
                }),
                _ => Ok(()),
            };
            if let Err(e) = pushed {
                refused.push(e);
            }
        }
    }
    (file, positions, refused)
}

fn typed<T: DeserializeOwned>(node: &Node, value: Value) -> Result<T, Refused> {
    serde_yaml::from_value(convert(node, value))
        .map_err(|e| (node.line, node.column, e.to_string()))
}

/// The value serde would read from `node`, typed as the shape says.
fn convert(node: &Node, value: Value) -> Yaml {
    let text = |n: &Node| match &n.kind {
        Kind::Scalar { .. } if n.is_null() => Yaml::Null,
        Kind::Scalar { text, .. } => Yaml::String(text.clone()),
        _ => Yaml::Null,
    };
    let mapping = |f: &dyn Fn(&str, &Node) -> Option<Yaml>| {
        let mut out = Mapping::new();
        for e in node.entries() {
            if let Some(v) = f(&e.key, &e.value) {
                out.insert(Yaml::String(e.key.clone()), v);
            }
        }
        Yaml::Mapping(out)
    };
    match value {
        Value::Text => text(node),
        Value::Bool => match node.as_str() {
            Some("true" | "True" | "TRUE") => Yaml::Bool(true),
            Some("false" | "False" | "FALSE") => Yaml::Bool(false),
            _ => Yaml::Null,
        },
        Value::Texts => Yaml::Sequence(node.items().iter().map(text).collect()),
        Value::Constants => mapping(&|_, v| Some(constant(v))),
        Value::Names => mapping(&|_, v| Some(text(v))),
        Value::Map(shape) => mapping(&|k, v| {
            let key = shape.keys.iter().find(|key| key.name == k)?;
            Some(convert(v, key.value))
        }),
        Value::List(shape) => Yaml::Sequence(
            node.items()
                .iter()
                .map(|item| convert(item, Value::Map(shape)))
                .collect(),
        ),
        Value::Routes(shape) => mapping(&|_, v| Some(convert(v, Value::Map(shape)))),
    }
}

/// A constant (`http.body`, `with`, …) as serde_yaml reads it: plain scalars by YAML's rules
/// (`50` a number, `true` a boolean), quoted ones as text.
fn constant(node: &Node) -> Yaml {
    match &node.kind {
        Kind::Scalar { text, plain: true } => match serde_yaml::from_str::<Yaml>(text) {
            Ok(v @ (Yaml::Null | Yaml::Bool(_) | Yaml::Number(_) | Yaml::String(_))) => v,
            _ => Yaml::String(text.clone()),
        },
        Kind::Scalar { text, .. } => Yaml::String(text.clone()),
        Kind::Map(entries) => Yaml::Mapping(
            entries
                .iter()
                .map(|e| (Yaml::String(e.key.clone()), constant(&e.value)))
                .collect(),
        ),
        Kind::Seq(items) => Yaml::Sequence(items.iter().map(constant).collect()),
    }
}
