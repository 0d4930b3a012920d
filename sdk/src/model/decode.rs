//! Decoding that never fails inside the top-level object: a member goes to its slot, or, when
//! unknown, `null` or of a JSON type its slot does not take, to [`Extra`](crate::model::extra::Extra) as sent.

use std::fmt;

use serde::Deserialize as _;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::model::datatypes::Timestamp;
use crate::model::extra::Kind;
use crate::model::fields::{Fields, ListPlace, Member, Outcome, Slot, Step};
use crate::model::secret::Secret;
use crate::model::values::{Id, Number, RawJson, Text};

/// Decodes a model from a deserializer whose top level must be an object.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    d: D,
    model: &mut dyn Fields,
) -> Result<(), D::Error> {
    d.deserialize_map(TopLevel(model))
}

struct TopLevel<'a>(&'a mut dyn Fields);

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({})", self.0.model_name())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        members(&mut map, self.0)
    }
}

/// Decodes every member of an object into `model`.
fn members<'de, A: MapAccess<'de>>(map: &mut A, model: &mut dyn Fields) -> Result<(), A::Error> {
    while let Some(key) = map.next_key_seed(KeyReader)? {
        // The slot is matched where the model wrote it, never copied: moving it as a whole costs
        // a store-forwarding stall per member.
        let mut found = model.slot(&key);
        let Some(slot) = &mut found else {
            let raw: Box<RawValue> = map.next_value()?;
            model
                .extra_mut()
                .push(&key, Kind::Unknown(RawJson::from_raw(raw)));
            continue;
        };
        let kind = match map.next_value_seed(SlotReader(slot))? {
            Outcome::Fit => continue,
            Outcome::Null => Kind::Null,
            Outcome::Misfit(raw) => {
                surprise(model.model_name(), &key);
                Kind::Surprise(raw)
            }
            Outcome::Partial(items) => {
                if items.iter().any(|(_, raw)| raw.as_str() != "null") {
                    surprise(model.model_name(), &key);
                }
                Kind::Items(items)
            }
        };
        model.extra_mut().push(&key, kind);
    }
    Ok(())
}

/// Reports a value of an unexpected JSON type; the decode span names the operation.
fn surprise(model: &'static str, member: &str) {
    tracing::warn!(
        target: "intercom_sdk::drift",
        model,
        member,
        "a member of an unexpected JSON type was kept as sent"
    );
}

/// An object key, borrowed from the input when it can be.
struct KeyReader;

impl<'de> DeserializeSeed<'de> for KeyReader {
    type Value = std::borrow::Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct Key;
        impl<'de> Visitor<'de> for Key {
            type Value = std::borrow::Cow<'de, str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(std::borrow::Cow::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(std::borrow::Cow::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(std::borrow::Cow::Owned(v))
            }
        }
        d.deserialize_str(Key)
    }
}

/// Decodes the JSON text `text` into a value of type `T`, as a member of that type would be:
/// `None` when it does not fit (it is not JSON, or of another JSON type).
pub(crate) fn member<T: Member>(text: &str) -> Option<T> {
    let mut place: Option<T> = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let outcome = SlotReader(&mut T::slot(&mut place))
        .deserialize(&mut de)
        .ok()?;
    de.end().ok()?;
    match outcome {
        Outcome::Fit | Outcome::Partial(_) => place,
        Outcome::Null | Outcome::Misfit(_) => None,
    }
}

/// Decodes one value into a slot.
struct SlotReader<'s, 'a>(&'s mut Slot<'a>);

impl<'de> DeserializeSeed<'de> for SlotReader<'_, '_> {
    type Value = Outcome;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Outcome, D::Error> {
        match self.0 {
            // Numbers keep their text, and JSON of any shape is kept as text: both read raw.
            Slot::Number(place) => {
                let raw = Box::<RawValue>::deserialize(d)?;
                Ok(number(place, raw))
            }
            Slot::Json(place) => {
                let raw = Box::<RawValue>::deserialize(d)?;
                Ok(json(place, raw, false))
            }
            Slot::Object(place) => {
                let raw = Box::<RawValue>::deserialize(d)?;
                Ok(json(place, raw, true))
            }
            Slot::Union(place) => {
                let raw = Box::<RawValue>::deserialize(d)?;
                if raw.get() == "null" {
                    return Ok(Outcome::Null);
                }
                place.fill(raw);
                Ok(Outcome::Fit)
            }
            slot => d.deserialize_any(SlotVisitor(slot)),
        }
    }
}

fn number(place: &mut Option<Number>, raw: Box<RawValue>) -> Outcome {
    let text = raw.get();
    if text == "null" {
        return Outcome::Null;
    }
    let parsed = Number::from_json_text(text).or_else(|| {
        serde_json::from_str::<String>(text)
            .ok()
            .and_then(|s| Number::from_quoted(&s))
    });
    match parsed {
        Some(n) => {
            *place = Some(n);
            Outcome::Fit
        }
        None => Outcome::Misfit(RawJson::from_raw(raw)),
    }
}

fn json(place: &mut Option<RawJson>, raw: Box<RawValue>, object: bool) -> Outcome {
    let text = raw.get();
    if text == "null" {
        Outcome::Null
    } else if object && !text.starts_with('{') {
        Outcome::Misfit(RawJson::from_raw(raw))
    } else {
        *place = Some(RawJson::from_raw(raw));
        Outcome::Fit
    }
}

/// Fills a slot from whatever JSON value comes, or keeps the value as sent when it does not fit.
struct SlotVisitor<'s, 'a>(&'s mut Slot<'a>);

impl SlotVisitor<'_, '_> {
    fn misfit(text: String) -> Outcome {
        Outcome::Misfit(RawJson::from_text(&text))
    }
}

impl<'de> Visitor<'de> for SlotVisitor<'_, '_> {
    type Value = Outcome;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Outcome, E> {
        Ok(Outcome::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Outcome, E> {
        Ok(Outcome::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Outcome, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Outcome, E> {
        Ok(match self.0 {
            Slot::Boolean(place) => {
                **place = Some(v);
                Outcome::Fit
            }
            _ => Self::misfit(v.to_string()),
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Outcome, E> {
        Ok(match self.0 {
            Slot::Integer(place) => {
                **place = Some(v);
                Outcome::Fit
            }
            Slot::Id(place) => {
                **place = Some(Id::from(v));
                Outcome::Fit
            }
            Slot::Timestamp(place) => {
                **place = Some(Timestamp::from_unix_seconds(v));
                Outcome::Fit
            }
            _ => Self::misfit(v.to_string()),
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Outcome, E> {
        match i64::try_from(v) {
            Ok(small) if !matches!(self.0, Slot::Id(_)) => self.visit_i64(small),
            _ => Ok(match self.0 {
                Slot::Id(place) => {
                    **place = Some(Id::from(v));
                    Outcome::Fit
                }
                _ => Self::misfit(v.to_string()),
            }),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Outcome, E> {
        // No field takes a number with a fraction (`Number` fields read their text): kept as sent.
        let text =
            serde_json::Number::from_f64(v).map_or_else(|| "null".to_owned(), |n| n.to_string());
        Ok(Self::misfit(text))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Outcome, E> {
        let fits = match self.0 {
            Slot::Text(place) => {
                **place = Some(Text::from(v));
                true
            }
            Slot::Id(place) => {
                **place = Some(Id::from(v));
                true
            }
            Slot::Secret(place) => {
                **place = Some(Secret::from(v));
                true
            }
            Slot::Enum(place) => {
                place.set(v);
                true
            }
            Slot::Timestamp(place) => {
                **place = Timestamp::from_json_str(v);
                place.is_some()
            }
            _ => false,
        };
        Ok(if fits {
            Outcome::Fit
        } else {
            Self::misfit(serde_json::Value::from(v).to_string())
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Outcome, E> {
        match self.0 {
            Slot::Text(place) => {
                **place = Some(Text::from(v));
                Ok(Outcome::Fit)
            }
            slot => SlotVisitor(slot).visit_str(&v),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outcome, A::Error> {
        match self.0 {
            Slot::Model(place) => {
                members(&mut map, place.fill())?;
                Ok(Outcome::Fit)
            }
            _ => capture_map(&mut map).map(Outcome::Misfit),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Outcome, A::Error> {
        match self.0 {
            Slot::List(place) => items(&mut seq, &mut **place),
            _ => capture_seq(&mut seq).map(Outcome::Misfit),
        }
    }
}

/// Decodes the items of a list: those that fit go into the list, the others are kept with their
/// position.
fn items<'de, A: SeqAccess<'de>>(
    seq: &mut A,
    place: &mut dyn ListPlace,
) -> Result<Outcome, A::Error> {
    place.start();
    let mut misfits = Vec::new();
    let mut error = None;
    for index in 0.. {
        let step = place.item(
            &mut |mut slot| match seq.next_element_seed(SlotReader(&mut slot)) {
                Ok(Some(outcome)) => Step::Item(outcome),
                Ok(None) => Step::End,
                Err(e) => {
                    error = Some(e);
                    Step::Failed
                }
            },
        );
        match step {
            Step::End => break,
            Step::Failed => {
                return Err(error.unwrap_or_else(|| de::Error::custom("a list item failed")));
            }
            // (`Partial` is a list inside a list, which the manifest does not allow.)
            Step::Item(Outcome::Fit | Outcome::Partial(_)) => {}
            Step::Item(Outcome::Null) => misfits.push((index, RawJson::null())),
            Step::Item(Outcome::Misfit(raw)) => misfits.push((index, raw)),
        }
    }
    place.finish();
    Ok(if misfits.is_empty() {
        Outcome::Fit
    } else {
        Outcome::Partial(misfits)
    })
}

/// An object that fits nothing, as JSON text (each member's value kept byte for byte).
fn capture_map<'de, A: MapAccess<'de>>(map: &mut A) -> Result<RawJson, A::Error> {
    let mut text = String::from("{");
    while let Some(key) = map.next_key::<String>()? {
        let value: Box<RawValue> = map.next_value()?;
        if text.len() > 1 {
            text.push(',');
        }
        text.push_str(&serde_json::Value::from(key).to_string());
        text.push(':');
        text.push_str(value.get());
    }
    text.push('}');
    Ok(RawJson::from_text(&text))
}

/// A list that fits nothing, as JSON text (each item kept byte for byte).
fn capture_seq<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<RawJson, A::Error> {
    let mut text = String::from("[");
    while let Some(item) = seq.next_element::<Box<RawValue>>()? {
        if text.len() > 1 {
            text.push(',');
        }
        text.push_str(item.get());
    }
    text.push(']');
    Ok(RawJson::from_text(&text))
}
