//! Decoding that never fails inside the top-level object: a member goes to its slot, or, when
//! unknown, `null` or of a JSON type its slot does not take, to [`Extra`](crate::model::extra::Extra) as sent.
//!
//! Two serde passes, for the texts the first pass ([`scan`](crate::model::scan)) leaves to them.
//! The fast one streams the text into the slots. A few values make serde_json itself fail (a
//! lone surrogate `"\ud83d"`, `1e400`, an integer of 400 digits), and a number with a fraction or
//! exponent in a field that does not take one would lose its text (`-0`, `1E2`); the fast pass
//! stops at them. The careful pass ([`carefully`]) then takes each member as its raw
//! text first and decodes that, so a value that does not fit is kept exactly as sent.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize as _;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::model::datatypes::Timestamp;
use crate::model::drift::surprise;
use crate::model::extra::Kind;
use crate::model::fields::{Fields, ListPlace, Member, Outcome, Slot, Step};
use crate::model::secret::Secret;
use crate::model::values::{Id, Number, RawJson, Text};

thread_local! {
    /// Whether the models decoded on this thread now take the careful pass.
    static CAREFUL: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode` (the fast pass); when it fails, runs it again with every model decoded
/// carefully, and keeps the first error if that fails too (the text is not JSON, or not an
/// object where a model is).
pub(crate) fn carefully<T, E>(decode: impl Fn() -> Result<T, E>) -> Result<T, E> {
    let first = match decode() {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            CAREFUL.with(|c| c.set(self.0));
        }
    }
    let _reset = Reset(CAREFUL.with(|c| c.replace(true)));
    decode().map_err(|_| first)
}

/// Decodes a model from a deserializer whose top level must be an object (the careful pass
/// when [`carefully`] runs it).
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    d: D,
    model: &mut dyn Fields,
) -> Result<(), D::Error> {
    deserialize_with(d, model, CAREFUL.with(Cell::get))
}

/// [`deserialize`], the pass chosen by the caller.
pub(crate) fn deserialize_with<'de, D: Deserializer<'de>>(
    d: D,
    model: &mut dyn Fields,
    careful: bool,
) -> Result<(), D::Error> {
    d.deserialize_map(TopLevel { model, careful })
}

struct TopLevel<'a> {
    model: &'a mut dyn Fields,
    careful: bool,
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({})", self.model.model_name())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        members(&mut map, self.model, self.careful)
    }
}

/// Decodes every member of an object into `model`.
fn members<'de, A: MapAccess<'de>>(
    map: &mut A,
    model: &mut dyn Fields,
    careful: bool,
) -> Result<(), A::Error> {
    let names = model.names();
    while let Some(key) = map.next_key_seed(KeyReader { careful })? {
        let Key { name, exact } = key;
        // The slot is matched where the model wrote it, never copied: moving it as a whole costs
        // a store-forwarding stall per member.
        let mut found = if exact { model.slot(&name) } else { None };
        let Some((index, slot)) = &mut found else {
            let raw: Box<RawValue> = map.next_value()?;
            let raw = RawJson::from_raw(raw);
            let kind = if exact {
                Kind::Unknown(raw)
            } else {
                // A name that is not text (a lone surrogate): kept under its readable form.
                surprise(model.model_name(), &name);
                Kind::Surprise(raw)
            };
            model.extra_mut().push(&name, kind);
            continue;
        };
        let index = *index;
        let outcome = if careful {
            let raw: Box<RawValue> = map.next_value()?;
            from_raw(slot, raw)
        } else {
            map.next_value_seed(SlotReader { slot, careful })?
        };
        let key = name;
        let kind = match outcome {
            Outcome::Fit => continue,
            Outcome::Null => {
                model.extra_mut().push_null(names, index);
                continue;
            }
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

/// An object key, borrowed from the input when it can be.
struct Key<'de> {
    name: std::borrow::Cow<'de, str>,
    /// False when the key is not text (a lone surrogate), and `name` its readable form.
    exact: bool,
}

/// Reads a key: as text in the fast pass (serde_json fails on a lone surrogate, and the careful
/// pass runs); as bytes in the careful pass, which serde_json gives even for a lone surrogate.
/// Bytes cost a UTF-8 check per key that text, from a body checked once, does not.
struct KeyReader {
    careful: bool,
}

impl<'de> DeserializeSeed<'de> for KeyReader {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key {
                    name: std::borrow::Cow::Borrowed(v),
                    exact: true,
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key {
                    name: std::borrow::Cow::Owned(v.to_owned()),
                    exact: true,
                })
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key {
                    name: std::borrow::Cow::Owned(v),
                    exact: true,
                })
            }
            fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
                match std::str::from_utf8(v) {
                    Ok(text) => self.visit_borrowed_str(text),
                    Err(_) => self.visit_bytes(v),
                }
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
                Ok(match std::str::from_utf8(v) {
                    Ok(text) => Key {
                        name: std::borrow::Cow::Owned(text.to_owned()),
                        exact: true,
                    },
                    Err(_) => Key {
                        name: std::borrow::Cow::Owned(surrogates_replaced(v)),
                        exact: false,
                    },
                })
            }
        }
        if self.careful {
            d.deserialize_bytes(Visit)
        } else {
            d.deserialize_str(Visit)
        }
    }
}

/// Text of serde_json's bytes for a string with lone surrogates (each encoded in three bytes,
/// `ED A0..BF xx`): one U+FFFD for each.
fn surrogates_replaced(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                let surrogate =
                    rest.len() >= 3 && rest[0] == 0xED && (0xA0..=0xBF).contains(&rest[1]);
                let skip = if surrogate {
                    3
                } else {
                    e.error_len().unwrap_or(rest.len())
                };
                bytes = &rest[skip.min(rest.len())..];
            }
        }
    }
}

/// Decodes the raw text of one value into `slot` (the careful pass); a value that does not
/// decode is kept as sent.
fn from_raw(slot: &mut Slot<'_>, raw: Box<RawValue>) -> Outcome {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let decoded = SlotReader {
        slot: &mut *slot,
        careful: true,
    }
    .deserialize(&mut de)
    .and_then(|outcome| de.end().map(|()| outcome));
    // A failure leaves the slot empty: a scalar is written only once it fits, and inside a
    // model or a list each member and item is read carefully in turn, so none fails half-way.
    match decoded {
        Ok(outcome) => outcome,
        Err(_) => Outcome::Misfit(RawJson::from_raw(raw)),
    }
}

/// Decodes the JSON text `text` into a value of type `T`, as a member of that type would be:
/// `None` when it does not fit (it is not JSON, or of another JSON type).
pub(crate) fn member<T: Member>(text: &str) -> Option<T> {
    if let Some(value) = crate::model::scan::member(text) {
        return Some(value);
    }
    carefully(|| member_once::<T>(text).ok_or(())).ok()
}

fn member_once<T: Member>(text: &str) -> Option<T> {
    let mut place: Option<T> = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let outcome = SlotReader {
        slot: &mut T::slot(&mut place),
        careful: CAREFUL.with(Cell::get),
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    match outcome {
        Outcome::Fit | Outcome::Partial(_) => place,
        Outcome::Null | Outcome::Misfit(_) => None,
    }
}

/// Decodes one value into a slot.
struct SlotReader<'s, 'a> {
    slot: &'s mut Slot<'a>,
    /// The careful pass: nested members and items are read as raw text first.
    careful: bool,
}

impl<'de> DeserializeSeed<'de> for SlotReader<'_, '_> {
    type Value = Outcome;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Outcome, D::Error> {
        match self.slot {
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
            slot => d.deserialize_any(SlotVisitor {
                slot,
                careful: self.careful,
            }),
        }
    }
}

fn number(place: &mut Option<Number>, raw: Box<RawValue>) -> Outcome {
    let text = raw.get();
    if text == "null" {
        return Outcome::Null;
    }
    match Number::from_raw_text(text) {
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
struct SlotVisitor<'s, 'a> {
    slot: &'s mut Slot<'a>,
    careful: bool,
}

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
        Ok(match self.slot {
            Slot::Boolean(place) => {
                **place = Some(v);
                Outcome::Fit
            }
            _ => Self::misfit(v.to_string()),
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Outcome, E> {
        Ok(match self.slot {
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
            Ok(small) if !matches!(self.slot, Slot::Id(_)) => self.visit_i64(small),
            _ => Ok(match self.slot {
                Slot::Id(place) => {
                    **place = Some(Id::from(v));
                    Outcome::Fit
                }
                _ => Self::misfit(v.to_string()),
            }),
        }
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Outcome, E> {
        // No field takes a number with a fraction (`Number` fields read their text), and its text
        // is gone (`-0`, `1E2`, 30 digits): the careful pass keeps it as sent.
        Err(E::custom("a number kept as sent needs the careful pass"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Outcome, E> {
        let fits = match self.slot {
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
        match self.slot {
            Slot::Text(place) => {
                **place = Some(Text::from(v));
                Ok(Outcome::Fit)
            }
            slot => SlotVisitor {
                slot,
                careful: self.careful,
            }
            .visit_str(&v),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outcome, A::Error> {
        match self.slot {
            Slot::Model(place) => {
                members(&mut map, place.fill(), self.careful)?;
                Ok(Outcome::Fit)
            }
            _ => capture_map(&mut map).map(Outcome::Misfit),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Outcome, A::Error> {
        match self.slot {
            Slot::List(place) => items(&mut seq, &mut **place, self.careful),
            _ => capture_seq(&mut seq).map(Outcome::Misfit),
        }
    }
}

/// Decodes the items of a list: those that fit go into the list, the others are kept with their
/// position.
fn items<'de, A: SeqAccess<'de>>(
    seq: &mut A,
    place: &mut dyn ListPlace,
    careful: bool,
) -> Result<Outcome, A::Error> {
    place.start();
    let mut misfits = Vec::new();
    let mut error = None;
    for index in 0.. {
        let step = place.item(&mut |mut slot| {
            let next = if careful {
                seq.next_element::<Box<RawValue>>()
                    .map(|raw| raw.map(|raw| from_raw(&mut slot, raw)))
            } else {
                seq.next_element_seed(SlotReader {
                    slot: &mut slot,
                    careful,
                })
            };
            match next {
                Ok(Some(outcome)) => Step::Item(outcome),
                Ok(None) => Step::End,
                Err(e) => {
                    error = Some(e);
                    Step::Failed
                }
            }
        });
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
