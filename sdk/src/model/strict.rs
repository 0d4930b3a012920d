//! Strict decoding's findings: every value whose JSON type did not fit its member, with the
//! type the member takes and the type that came ([`Surprise`]).

use std::fmt;

use crate::model::fields::{Fields, Member, Slot, SlotRef, Step};
use crate::model::inspect::{self, Find, Misfit, Sink};

/// One value whose JSON type does not fit its member.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Surprise {
    /// Its JSON path (`$.users[3].session_count`).
    pub path: String,
    /// The JSON its member takes (`integer`, `object (Avatar)`).
    pub expected: String,
    /// The JSON type that came (`string`, `null`, …); never the value, which may be secret.
    pub found: &'static str,
}

impl fmt::Display for Surprise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (expected {}, found {})",
            self.path, self.expected, self.found
        )
    }
}

/// Every value of `value`, at any depth, whose JSON type did not fit, with `path` as its root.
pub(crate) fn surprises(value: &SlotRef<'_>, path: &str) -> Vec<Surprise> {
    let mut out = Surprises(Vec::new());
    match value {
        SlotRef::List(list) => {
            for i in 0..list.len() {
                inspect::walk_value(
                    &list.item(i),
                    &format!("{path}[{i}]"),
                    Find::Surprises,
                    &mut out,
                );
            }
        }
        value => inspect::walk_value(value, path, Find::Surprises, &mut out),
    }
    out.0
}

/// The surprise of a top-level list item that is not a `T` at all.
pub(crate) fn item<T: Member>(path: String, raw: &str) -> Surprise {
    let mut place: Option<T> = None;
    Surprise {
        path,
        expected: describe(T::slot(&mut place)),
        found: json_type(raw),
    }
}

/// Why the JSON object `text` does not have the members of the model `M` (an input's `shape`):
/// each member `M` does not name, and each of a JSON type its member does not take. Empty when
/// it does.
pub(crate) fn misshapen<M: Fields + Default>(text: &str) -> Vec<String> {
    let mut model = M::default();
    let mut de = serde_json::Deserializer::from_str(text);
    if crate::model::decode::deserialize_with(&mut de, &mut model, true).is_err() {
        return vec!["it is not a JSON object".to_owned()];
    }
    let mut takes = Vec::new();
    model.each(&mut |name, _| takes.push(name));
    let mut unknown = Vec::new();
    inspect::walk(&model, "", Find::Unknown, &mut unknown);
    let unknown = unknown.into_iter().map(|path| {
        format!(
            "`{}` is not a member it takes ({})",
            path.trim_start_matches('.'),
            takes.join(", ")
        )
    });
    let misfits = surprises(&SlotRef::Model(&model), "").into_iter().map(|s| {
        let path = s.path.trim_start_matches('.');
        format!("`{path}` is a {}, where it takes a {}", s.found, s.expected)
    });
    unknown.chain(misfits).collect()
}

/// Whether the JSON value `text` is one the type `M` holds with nothing left over: decoded
/// without a surprise or an unknown member, and (for a union) as one of its shapes.
pub(crate) fn holds<M: Member>(text: &str) -> bool {
    match crate::model::decode::member::<M>(text) {
        Some(value) => {
            let value = value.slot_ref();
            !matches!(value, SlotRef::Json(_)) && inspect::problems(&value) == 0
        }
        None => false,
    }
}

struct Surprises(Vec<Surprise>);

impl Sink for Surprises {
    fn found(&mut self, path: String, misfit: Option<Misfit<'_>>) {
        if let Some(misfit) = misfit {
            self.0.push(Surprise {
                path,
                expected: expected(&misfit),
                found: json_type(misfit.raw.as_str()),
            });
        }
    }
}

/// What the member (or list item) of a misfit takes, read from an empty model of the same type.
fn expected(misfit: &Misfit<'_>) -> String {
    let mut blank: Box<dyn Fields> = misfit.model.blank();
    match (blank.slot(misfit.key).map(|(_, slot)| slot), misfit.item) {
        (Some(Slot::List(list)), true) => {
            let mut item = String::new();
            list.item(&mut |slot| {
                item = describe(slot);
                Step::End
            });
            item
        }
        (Some(slot), _) => describe(slot),
        (None, _) => "a member the model does not name".to_owned(),
    }
}

/// The JSON a slot takes, in words.
fn describe(slot: Slot<'_>) -> String {
    let what = match slot {
        Slot::Text(_) | Slot::Secret(_) => "string",
        Slot::Id(_) => "string or integer",
        Slot::Integer(_) => "integer",
        Slot::Number(_) => "number",
        Slot::Boolean(_) => "boolean",
        Slot::Timestamp(_) => "timestamp (Unix seconds or ISO 8601 string)",
        Slot::Json(_) => "any JSON",
        Slot::Object(_) => "object",
        Slot::Enum(_) => "string (an enum value)",
        Slot::Model(place) => return format!("object ({})", place.fill().model_name()),
        Slot::List(_) => "array",
        Slot::Union(_) => "one of a union's shapes",
    };
    what.to_owned()
}

/// The JSON type of a value's text.
fn json_type(text: &str) -> &'static str {
    match text.trim_start().as_bytes().first() {
        Some(b'"') => "string",
        Some(b'{') => "object",
        Some(b'[') => "array",
        Some(b't' | b'f') => "boolean",
        Some(b'n') => "null",
        _ => "number",
    }
}

#[cfg(test)]
mod tests {
    use super::json_type;

    #[test]
    fn json_types_are_named_by_their_first_character() {
        let named: Vec<_> = [
            r#""12""#, " {}", "[1]", "true", "false", "null", "-1e3", "0",
        ]
        .iter()
        .map(|t| json_type(t))
        .collect();
        assert_eq!(
            named,
            [
                "string", "object", "array", "boolean", "boolean", "null", "number", "number"
            ]
        );
    }
}
