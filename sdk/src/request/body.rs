//! A request's JSON body: members placed at dotted paths, and JSON inputs kept as the text they
//! were serialized to once, written into the body as they are. An input given as a struct, a
//! `serde_json::Value` or a map is never turned into a tree of values and copied again.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// A JSON body being built.
#[derive(Debug, Clone, Default)]
pub(crate) struct Body {
    tree: Map<String, Value>,
    /// JSON text to write at these paths; the tree holds a `null` there to keep its place.
    raw: Vec<(Vec<&'static str>, Box<RawValue>)>,
    /// The whole body, given as one value (a 2.x union body): written as it is.
    whole: Option<Box<RawValue>>,
}

impl From<Map<String, Value>> for Body {
    fn from(tree: Map<String, Value>) -> Self {
        Body {
            tree,
            raw: Vec::new(),
            whole: None,
        }
    }
}

impl Body {
    /// Puts `value` at the dotted `path`, creating objects on the way. It replaces what was at
    /// or below `path`; a raw member above it is parsed into the tree first, so `value` goes
    /// inside it and nothing given earlier is lost.
    pub(crate) fn insert(&mut self, path: &[&'static str], value: Value) {
        self.raw.retain(|(p, _)| !p.starts_with(path));
        if let Some(i) = self.raw.iter().position(|(p, _)| path.starts_with(p)) {
            let (above, raw) = self.raw.remove(i);
            let parsed = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
            self.put(&above, parsed);
        }
        self.put(path, value);
    }

    fn put(&mut self, path: &[&'static str], value: Value) {
        let Some((last, parents)) = path.split_last() else {
            return;
        };
        let mut map = &mut self.tree;
        for key in parents {
            let slot = map.entry(*key).or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            let Value::Object(next) = slot else { return };
            map = next;
        }
        map.insert((*last).to_owned(), value);
    }

    /// The whole body is the JSON text `raw`, written as it is.
    pub(crate) fn whole(raw: Box<RawValue>) -> Self {
        Body {
            whole: Some(raw),
            ..Body::default()
        }
    }

    /// Puts the JSON text `raw` at the dotted `path`, written as it is.
    pub(crate) fn insert_raw(&mut self, path: &[&'static str], raw: Box<RawValue>) {
        self.insert(path, Value::Null);
        self.raw.push((path.to_vec(), raw));
    }

    /// The body as JSON text.
    pub(crate) fn to_bytes(&self) -> serde_json::Result<Vec<u8>> {
        if let Some(whole) = &self.whole {
            return Ok(whole.get().as_bytes().to_vec());
        }
        if self.raw.is_empty() {
            return serde_json::to_vec(&self.tree);
        }
        serde_json::to_vec(&Spliced {
            map: &self.tree,
            prefix: Vec::new(),
            raw: &self.raw,
        })
    }

    /// The body as a tree of values, raw members parsed (for `Debug` and tests).
    pub(crate) fn to_value(&self) -> Value {
        if let Some(whole) = &self.whole {
            return serde_json::from_str(whole.get()).unwrap_or(Value::Null);
        }
        let mut copy = Body::from(self.tree.clone());
        for (path, raw) in &self.raw {
            copy.insert(path, serde_json::from_str(raw.get()).unwrap_or(Value::Null));
        }
        Value::Object(copy.tree)
    }
}

/// `map` (at `prefix` in the body) written with the raw members in place of their `null`s.
struct Spliced<'a> {
    map: &'a Map<String, Value>,
    prefix: Vec<&'a str>,
    raw: &'a [(Vec<&'static str>, Box<RawValue>)],
}

impl Spliced<'_> {
    /// The raw member at `prefix.key`, and whether any raw member lies deeper below it.
    fn at(&self, key: &str) -> (Option<&RawValue>, bool) {
        let depth = self.prefix.len();
        let below = self.raw.iter().filter(|(path, _)| {
            path.len() > depth && path[..depth] == self.prefix[..] && path[depth] == key
        });
        let mut here = None;
        let mut deeper = false;
        for (path, raw) in below {
            if path.len() == depth + 1 {
                here = Some(&**raw);
            } else {
                deeper = true;
            }
        }
        (here, deeper)
    }
}

impl Serialize for Spliced<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(self.map.len()))?;
        for (key, value) in self.map {
            match (self.at(key), value) {
                ((Some(raw), _), _) => out.serialize_entry(key, raw)?,
                ((None, true), Value::Object(inner)) => {
                    let mut prefix = self.prefix.clone();
                    prefix.push(key);
                    let nested = Spliced {
                        map: inner,
                        prefix,
                        raw: self.raw,
                    };
                    out.serialize_entry(key, &nested)?;
                }
                _ => out.serialize_entry(key, value)?,
            }
        }
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn raw_members_are_written_in_place_at_any_depth() {
        let mut body = Body::default();
        body.insert(&["name"], Value::from("Ada"));
        body.insert_raw(&["custom_attributes"], raw(r#"{"plan":"pro","seats":3}"#));
        body.insert_raw(&["user", "extra"], raw(r#"{"a":[1,2]}"#));
        body.insert(&["user", "id"], Value::from("u1"));
        let text = String::from_utf8(body.to_bytes().unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            text,
            r#"{"custom_attributes":{"plan":"pro","seats":3},"name":"Ada","user":{"extra":{"a":[1,2]},"id":"u1"}}"#
        );
        let value: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(value, body.to_value());
    }

    #[test]
    fn members_above_and_below_a_raw_member_keep_everything_given() {
        let mut body = Body::default();
        body.insert_raw(&["user"], raw(r#"{"id":"x"}"#));
        body.insert(&["user", "email"], Value::from("e"));
        assert_eq!(
            body.to_bytes().unwrap_or_default(),
            br#"{"user":{"email":"e","id":"x"}}"#
        );
        let mut body = Body::default();
        body.insert_raw(&["a", "b"], raw("{}"));
        body.insert(&["a"], serde_json::json!({"x": 1}));
        assert_eq!(body.to_bytes().unwrap_or_default(), br#"{"a":{"x":1}}"#);
        assert_eq!(body.to_value(), serde_json::json!({"a": {"x": 1}}));
    }

    #[test]
    fn a_plain_value_replaces_a_raw_member_at_the_same_path() {
        let mut body = Body::default();
        body.insert_raw(&["x"], raw("{}"));
        body.insert(&["x"], Value::from(1));
        assert_eq!(body.to_bytes().unwrap_or_default(), br#"{"x":1}"#);
    }
}
