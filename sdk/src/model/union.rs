//! Unions: a value that is one of several shapes (OpenAPI's `oneOf` and `anyOf`). The shape is
//! the one its tag names when the union has a tag (`type`, `data_type`); otherwise the one the
//! value fits best: its required members present, then the fewest members it does not name,
//! enum values it does not know and values of an unexpected type. A value that is no shape is
//! kept as sent, in the union's `Unknown`.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;

use crate::model::decode;
use crate::model::fields::Member;
use crate::model::inspect;

/// What picks one shape of a union.
pub(crate) struct Shape {
    /// Values of the union's tag that name it.
    pub(crate) when: &'static [&'static str],
    /// Members an object must have to be it.
    pub(crate) requires: &'static [&'static str],
}

/// A shape decoded: the union's value, and how much of it its type does not describe.
pub(crate) type Attempt<U> = Option<(U, usize)>;

/// Decodes `text` as the shape `T`, with its count of problems.
pub(crate) fn attempt<T: Member>(text: &str) -> Attempt<T> {
    let value: T = decode::member(text)?;
    let problems = inspect::problems(&value.slot_ref());
    Some((value, problems))
}

/// The union's value of `text`: see the module docs. `decode(i, text)` decodes it as shape
/// `i`; `None` means no shape, and the caller keeps the text as sent.
pub(crate) fn choose<U>(
    text: &str,
    tag: Option<&str>,
    shapes: &[Shape],
    decode: &dyn Fn(usize, &str) -> Attempt<U>,
) -> Option<U> {
    let keys = keys(text, tag);
    if let (Some(_), Some(value)) = (tag, keys.as_ref().and_then(|k| k.tag.as_deref())) {
        let i = shapes.iter().position(|s| s.when.contains(&value))?;
        return decode(i, text).map(|(u, _)| u);
    }
    let has = |shape: &Shape| match &keys {
        Some(keys) => shape
            .requires
            .iter()
            .all(|r| keys.names.iter().any(|k| k == r)),
        None => shape.requires.is_empty(),
    };
    let any_complete = shapes.iter().any(has);
    let mut best: Option<(U, usize)> = None;
    for (i, shape) in shapes.iter().enumerate() {
        if any_complete && !has(shape) {
            continue;
        }
        if let Some((value, problems)) = decode(i, text) {
            if best.as_ref().is_none_or(|(_, least)| problems < *least) {
                let perfect = problems == 0;
                best = Some((value, problems));
                if perfect {
                    break;
                }
            }
        }
    }
    best.map(|(u, _)| u)
}

/// The member names of an object, and its tag's value when it is a string.
struct Keys {
    names: Vec<String>,
    tag: Option<String>,
}

/// The keys of `text` when it is an object (`None` otherwise).
fn keys(text: &str, tag: Option<&str>) -> Option<Keys> {
    struct Scan<'t>(Option<&'t str>);
    impl<'de> Visitor<'de> for Scan<'_> {
        type Value = Option<Keys>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut keys = Keys {
                names: Vec::new(),
                tag: None,
            };
            while let Some(key) = map.next_key::<String>()? {
                if Some(key.as_str()) == self.0 {
                    keys.tag = map
                        .next_value::<serde_json::Value>()?
                        .as_str()
                        .map(str::to_owned);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
                keys.names.push(key);
            }
            Ok(Some(keys))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_any(Scan(tag)).ok().flatten()
}
