//! What every response model shares: decoding that tolerates surprises, writing back exactly what
//! came in, and the walks that find unknown and surprising members.
//!
//! A generated model only says which members it has ([`Fields`]: their JSON names, and a
//! [`Slot`] to fill or a [`SlotRef`] to read for each); everything else happens here, once for all
//! models. So a model costs a few small functions to compile, not a derived `Deserialize` and
//! `Serialize` of its own, and unknown members go straight to [`Extra`] as raw JSON text.
//!
//! Decoding never fails inside the top-level object: a member whose JSON type does not fit its
//! field is kept in [`Extra`] as sent (and reported by [`crate::UnknownFields::surprises`]), a list
//! item that does not fit is left out of the typed list and kept with its position, `null` is kept
//! as `null`.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

use crate::{Id, Number, RawJson, Secret, Text, Timestamp};

/// The members of one response model. The generated code lists them twice: where each is
/// decoded to, and what each holds.
pub(crate) trait Fields: Common {
    /// Where the member called `key` is decoded to; `None` for a member the model does not know.
    fn slot(&mut self, key: &str) -> Option<Slot<'_>>;
    /// Calls `f` with the JSON name and the value of each member, in declaration order.
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'static str, SlotRef<'a>));
}

/// What every model has, whatever its members ([`model_impls!`] implements it).
pub(crate) trait Common {
    /// The model's name, for warnings and `Debug`.
    fn model_name(&self) -> &'static str;
    /// Members the fields do not hold.
    fn extra(&self) -> &Extra;
    /// See [`Common::extra`].
    fn extra_mut(&mut self) -> &mut Extra;
}

/// A field to decode into.
pub(crate) enum Slot<'a> {
    Text(&'a mut Option<Text>),
    Id(&'a mut Option<Id>),
    Integer(&'a mut Option<i64>),
    Number(&'a mut Option<Number>),
    Boolean(&'a mut Option<bool>),
    Timestamp(&'a mut Option<Timestamp>),
    Secret(&'a mut Option<Secret>),
    /// Any JSON value.
    Json(&'a mut Option<RawJson>),
    /// A JSON object.
    Object(&'a mut Option<RawJson>),
    Enum(&'a mut dyn EnumPlace),
    Model(&'a mut dyn ModelPlace),
    List(&'a mut dyn ListPlace),
}

/// A field to read.
pub(crate) enum SlotRef<'a> {
    Absent,
    Text(&'a str),
    Id(&'a Id),
    Integer(i64),
    Number(&'a Number),
    Boolean(bool),
    Timestamp(&'a Timestamp),
    Secret(&'a Secret),
    Json(&'a RawJson),
    /// An enum value, and whether the model knows it.
    Enum(&'a str, bool),
    Model(&'a dyn Fields),
    List(&'a dyn ListRef),
}

/// A type a field (or a list item) can have.
pub(crate) trait Member: Sized {
    fn slot(place: &mut Option<Self>) -> Slot<'_>;
    fn slot_ref(&self) -> SlotRef<'_>;
}

/// `Some(value)` as a [`SlotRef`], `None` as [`SlotRef::Absent`].
pub(crate) fn field_ref<T: Member>(field: &Option<T>) -> SlotRef<'_> {
    match field {
        Some(value) => value.slot_ref(),
        None => SlotRef::Absent,
    }
}

macro_rules! scalar_member {
    ($ty:ty, $variant:ident, |$v:ident| $read:expr) => {
        impl Member for $ty {
            fn slot(place: &mut Option<Self>) -> Slot<'_> {
                Slot::$variant(place)
            }
            fn slot_ref(&self) -> SlotRef<'_> {
                let $v = self;
                SlotRef::$variant($read)
            }
        }
    };
}

scalar_member!(Text, Text, |v| v);
scalar_member!(Id, Id, |v| v);
scalar_member!(i64, Integer, |v| *v);
scalar_member!(Number, Number, |v| v);
scalar_member!(bool, Boolean, |v| *v);
scalar_member!(Timestamp, Timestamp, |v| v);
scalar_member!(Secret, Secret, |v| v);
scalar_member!(RawJson, Json, |v| v);

impl<M: Fields + Default + 'static> Member for Box<M> {
    fn slot(place: &mut Option<Self>) -> Slot<'_> {
        Slot::Model(place)
    }
    fn slot_ref(&self) -> SlotRef<'_> {
        SlotRef::Model(&**self)
    }
}

impl<T: Member + 'static> Member for Vec<T> {
    fn slot(place: &mut Option<Self>) -> Slot<'_> {
        Slot::List(place)
    }
    fn slot_ref(&self) -> SlotRef<'_> {
        SlotRef::List(self)
    }
}

/// Where a model member is decoded: created empty when the member is there.
pub(crate) trait ModelPlace {
    fn fill(&mut self) -> &mut dyn Fields;
}

impl<M: Fields + Default> ModelPlace for Option<Box<M>> {
    fn fill(&mut self) -> &mut dyn Fields {
        match self {
            Some(model) => &mut **model,
            empty @ None => &mut **empty.insert(Box::default()),
        }
    }
}

/// Where an open enum member is decoded (values it does not know are kept as `Unknown`).
pub(crate) trait EnumPlace {
    fn set(&mut self, text: &str);
}

/// Where a list member is decoded.
pub(crate) trait ListPlace {
    /// Makes the field an empty list.
    fn start(&mut self);
    /// Gives back the room the list grew into but does not use.
    fn finish(&mut self);
    /// Decodes one item with `decode`, given a place for it; keeps the item if it fits.
    fn item(&mut self, decode: &mut dyn FnMut(Slot<'_>) -> Step) -> Step;
}

/// A list to read item by item.
pub(crate) trait ListRef {
    fn len(&self) -> usize;
    fn item(&self, index: usize) -> SlotRef<'_>;
}

impl<T: Member> ListPlace for Option<Vec<T>> {
    fn start(&mut self) {
        *self = Some(Vec::new());
    }
    fn finish(&mut self) {
        // Worth a copy only when much room is left: a long list wastes at most half of it.
        if let Some(items) = self {
            let spare = items.capacity() - items.len();
            if spare * std::mem::size_of::<T>() > 1024 && spare > items.len() {
                items.shrink_to_fit();
            }
        }
    }
    fn item(&mut self, decode: &mut dyn FnMut(Slot<'_>) -> Step) -> Step {
        let items = match self {
            Some(items) => items,
            empty @ None => empty.insert(Vec::new()),
        };
        if items.capacity() == 0 {
            // Most lists in an answer hold one item (a company, a tag): room for exactly one.
            items.reserve_exact(1);
        }
        let mut place = None;
        let step = decode(T::slot(&mut place));
        if let (Some(item), Step::Item(Outcome::Fit | Outcome::Partial(_))) = (place, &step) {
            items.push(item);
        }
        step
    }
}

impl<T: Member> ListRef for Vec<T> {
    fn len(&self) -> usize {
        self.len()
    }
    fn item(&self, index: usize) -> SlotRef<'_> {
        self.get(index).map_or(SlotRef::Absent, Member::slot_ref)
    }
}

/// What decoding one value gave.
pub(crate) enum Outcome {
    /// It fit its field.
    Fit,
    /// It was `null`: the field stays empty and `null` is written back.
    Null,
    /// Its JSON type does not fit: kept as sent.
    Misfit(RawJson),
    /// A list whose items at these positions did not fit.
    Partial(Vec<(usize, RawJson)>),
}

/// One step through a list, as [`ListPlace::item`] reports it.
pub(crate) enum Step {
    Item(Outcome),
    End,
    /// The deserializer failed; the error is kept by the caller.
    Failed,
}

/// Members a model's fields do not hold, kept as sent and written back: members the model does
/// not know, members sent as `null`, and members (or list items) whose JSON type did not fit.
///
/// [`crate::UnknownFields`] lists the unknown and the surprising ones by JSON path.
#[derive(Clone, Default, PartialEq)]
pub struct Extra {
    /// Boxed: most models keep nothing, and then this costs one pointer, not three.
    #[allow(clippy::box_collection)]
    entries: Option<Box<Vec<Entry>>>,
}

#[derive(Clone, PartialEq)]
struct Entry {
    key: Box<str>,
    kind: Kind,
}

#[derive(Clone, PartialEq)]
enum Kind {
    Unknown(RawJson),
    Null,
    Surprise(RawJson),
    /// Items of the list member `key` that did not fit, with their positions.
    Items(Vec<(usize, RawJson)>),
}

impl Extra {
    /// The member `key` the model does not know (or whose value did not fit), as sent.
    pub fn get(&self, key: &str) -> Option<&RawJson> {
        self.entries()
            .iter()
            .find(|e| &*e.key == key)
            .and_then(|e| match &e.kind {
                Kind::Unknown(v) | Kind::Surprise(v) => Some(v),
                Kind::Null | Kind::Items(_) => None,
            })
    }

    /// The members the model does not know, as sent.
    pub fn unknown(&self) -> impl Iterator<Item = (&str, &RawJson)> {
        self.entries().iter().filter_map(|e| match &e.kind {
            Kind::Unknown(v) => Some((&*e.key, v)),
            _ => None,
        })
    }

    /// Adds (or replaces) a member the model does not know, to be written back with it.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<RawJson>) {
        let key: Box<str> = key.into().into_boxed_str();
        self.remove(&key);
        self.push_entry(Entry {
            key,
            kind: Kind::Unknown(value.into()),
        });
    }

    /// Forgets whatever is kept under `key`.
    pub fn remove(&mut self, key: &str) {
        if let Some(entries) = &mut self.entries {
            entries.retain(|e| &*e.key != key);
        }
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    fn entries(&self) -> &[Entry] {
        self.entries.as_deref().map_or(&[], Vec::as_slice)
    }

    fn push(&mut self, key: &str, kind: Kind) {
        self.push_entry(Entry {
            key: key.into(),
            kind,
        });
    }

    fn push_entry(&mut self, entry: Entry) {
        self.entries.get_or_insert_with(Box::default).push(entry);
    }

    fn items(&self, key: &str) -> &[(usize, RawJson)] {
        self.entries()
            .iter()
            .find_map(|e| match &e.kind {
                Kind::Items(items) if &*e.key == key => Some(items.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for e in self.entries() {
            match &e.kind {
                _ if crate::secret::is_secret_member(&e.key) => {
                    map.entry(&e.key, &format_args!("[redacted]"))
                }
                Kind::Unknown(v) | Kind::Surprise(v) => map.entry(&e.key, v),
                Kind::Null => map.entry(&e.key, &format_args!("null")),
                Kind::Items(items) => map.entry(&e.key, items),
            };
        }
        map.finish()
    }
}

// ── decoding ─────────────────────────────────────────────────────────────────────────────────

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
    while let Some(key) = map.next_key_seed(KeySeed)? {
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
        let kind = match map.next_value_seed(SlotSeed(slot))? {
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
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
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

/// Decodes one value into a slot.
struct SlotSeed<'s, 'a>(&'s mut Slot<'a>);

impl<'de> DeserializeSeed<'de> for SlotSeed<'_, '_> {
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
            slot => d.deserialize_any(SlotVisitor(slot)),
        }
    }
}

use serde::Deserialize as _;

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
            &mut |mut slot| match seq.next_element_seed(SlotSeed(&mut slot)) {
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

// ── writing back ─────────────────────────────────────────────────────────────────────────────

/// Writes a model back: its fields that hold a value, then what [`Extra`] keeps (for a member
/// that has a value again, the value wins).
pub(crate) fn serialize<S: Serializer>(model: &dyn Fields, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    let extra = model.extra();
    let mut written = Vec::new();
    let mut failed = None;
    model.each(&mut |name, value| {
        if matches!(value, SlotRef::Absent) || failed.is_some() {
            return;
        }
        let value = Write {
            value,
            misfits: extra.items(name),
        };
        match map.serialize_entry(name, &value) {
            Ok(()) => written.push(name),
            Err(e) => failed = Some(e),
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    for e in extra.entries() {
        let filled = written.contains(&&*e.key);
        match &e.kind {
            Kind::Unknown(v) => map.serialize_entry(&*e.key, v)?,
            Kind::Surprise(v) if !filled => map.serialize_entry(&*e.key, v)?,
            Kind::Null if !filled => map.serialize_entry(&*e.key, &())?,
            _ => {}
        }
    }
    map.end()
}

/// One field's value as it is written, with the list items that did not fit put back in place.
struct Write<'a> {
    value: SlotRef<'a>,
    misfits: &'a [(usize, RawJson)],
}

impl serde::Serialize for Write<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let plain = |value| Write {
            value,
            misfits: &[],
        };
        match &self.value {
            SlotRef::Absent => s.serialize_unit(),
            SlotRef::Text(v) | SlotRef::Enum(v, _) => s.serialize_str(v),
            SlotRef::Id(v) => v.serialize(s),
            SlotRef::Integer(v) => s.serialize_i64(*v),
            SlotRef::Number(v) => v.serialize(s),
            SlotRef::Boolean(v) => s.serialize_bool(*v),
            SlotRef::Timestamp(v) => v.serialize(s),
            SlotRef::Secret(v) => v.serialize(s),
            SlotRef::Json(v) => v.serialize(s),
            SlotRef::Model(m) => serialize(*m, s),
            SlotRef::List(list) => {
                let total = list.len() + self.misfits.len();
                let mut seq = s.serialize_seq(Some(total))?;
                let (mut next_item, mut misfits) = (0, self.misfits.iter().peekable());
                for position in 0..total {
                    match misfits.peek() {
                        Some((at, raw)) if *at == position || next_item >= list.len() => {
                            seq.serialize_element(raw)?;
                            misfits.next();
                        }
                        _ => {
                            seq.serialize_element(&plain(list.item(next_item)))?;
                            next_item += 1;
                        }
                    }
                }
                seq.end()
            }
        }
    }
}

// ── inspecting ───────────────────────────────────────────────────────────────────────────────

/// What [`walk`] looks for.
#[derive(Clone, Copy)]
pub(crate) enum Find {
    /// Members the models do not name, and enum values they do not know.
    Unknown,
    /// Members and list items whose JSON type did not fit.
    Surprises,
}

/// Appends the JSON path of everything `find` looks for in `model`, at any depth. List items
/// are named by their position in the JSON that came in, items that did not fit included.
pub(crate) fn walk(model: &dyn Fields, path: &str, find: Find, out: &mut Vec<String>) {
    for e in model.extra().entries() {
        match (&e.kind, find) {
            (Kind::Unknown(_), Find::Unknown) | (Kind::Surprise(_), Find::Surprises) => {
                out.push(format!("{path}.{}", e.key));
            }
            // A `null` item is kept in its place like a `null` member: not a surprise.
            (Kind::Items(items), Find::Surprises) => out.extend(
                items
                    .iter()
                    .filter(|(_, raw)| raw.as_str() != "null")
                    .map(|(i, _)| format!("{path}.{}[{i}]", e.key)),
            ),
            _ => {}
        }
    }
    model.each(&mut |name, value| {
        let path = format!("{path}.{name}");
        match value {
            SlotRef::List(list) => {
                let misfits = model.extra().items(name);
                for (i, at) in positions(list.len(), misfits).enumerate() {
                    walk_value(&list.item(i), &format!("{path}[{at}]"), find, out);
                }
            }
            value => walk_value(&value, &path, find, out),
        }
    });
}

fn walk_value(value: &SlotRef<'_>, path: &str, find: Find, out: &mut Vec<String>) {
    match value {
        SlotRef::Enum(v, false) if matches!(find, Find::Unknown) => {
            out.push(format!("{path} = {v:?}"));
        }
        SlotRef::Model(m) => walk(*m, path, find, out),
        _ => {}
    }
}

/// The positions in the JSON that came in of the `len` items of a list, the items at `misfits`
/// having been left out of it.
fn positions(len: usize, misfits: &[(usize, RawJson)]) -> impl Iterator<Item = usize> + '_ {
    (0..len + misfits.len())
        .filter(move |at| !misfits.iter().any(|(m, _)| m == at))
        .take(len)
}

/// Whether two models hold the same members and the same [`Extra`].
pub(crate) fn equal(a: &dyn Fields, b: &dyn Fields) -> bool {
    fn members(m: &dyn Fields) -> Vec<SlotRef<'_>> {
        let mut out = Vec::new();
        m.each(&mut |_, value| out.push(value));
        out
    }
    let (x, y) = (members(a), members(b));
    a.extra() == b.extra() && x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| same(p, q))
}

fn same(a: &SlotRef<'_>, b: &SlotRef<'_>) -> bool {
    match (a, b) {
        (SlotRef::Absent, SlotRef::Absent) => true,
        (SlotRef::Text(x), SlotRef::Text(y)) => x == y,
        (SlotRef::Id(x), SlotRef::Id(y)) => x == y,
        (SlotRef::Integer(x), SlotRef::Integer(y)) => x == y,
        (SlotRef::Number(x), SlotRef::Number(y)) => x == y,
        (SlotRef::Boolean(x), SlotRef::Boolean(y)) => x == y,
        (SlotRef::Timestamp(x), SlotRef::Timestamp(y)) => x == y,
        (SlotRef::Secret(x), SlotRef::Secret(y)) => x == y,
        (SlotRef::Json(x), SlotRef::Json(y)) => x == y,
        (SlotRef::Enum(x, _), SlotRef::Enum(y, _)) => x == y,
        (SlotRef::Model(x), SlotRef::Model(y)) => equal(*x, *y),
        (SlotRef::List(x), SlotRef::List(y)) => {
            x.len() == y.len() && (0..x.len()).all(|i| same(&x.item(i), &y.item(i)))
        }
        _ => false,
    }
}

/// `Debug` of a model: its name, the fields that hold a value, and [`Extra`] when not empty.
pub(crate) fn debug(model: &dyn Fields, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut s = f.debug_struct(model.model_name());
    model.each(&mut |name, value| {
        if !matches!(value, SlotRef::Absent) {
            s.field(name, &Show(value));
        }
    });
    if !model.extra().is_empty() {
        s.field("extra", model.extra());
    }
    s.finish()
}

struct Show<'a>(SlotRef<'a>);

impl fmt::Debug for Show<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            SlotRef::Absent => f.write_str("None"),
            SlotRef::Text(v) | SlotRef::Enum(v, _) => fmt::Debug::fmt(v, f),
            SlotRef::Id(v) => fmt::Debug::fmt(v, f),
            SlotRef::Integer(v) => fmt::Debug::fmt(v, f),
            SlotRef::Number(v) => fmt::Debug::fmt(v, f),
            SlotRef::Boolean(v) => fmt::Debug::fmt(v, f),
            SlotRef::Timestamp(v) => fmt::Debug::fmt(v, f),
            SlotRef::Secret(v) => fmt::Debug::fmt(v, f),
            SlotRef::Json(v) => fmt::Debug::fmt(v, f),
            SlotRef::Model(m) => debug(*m, f),
            SlotRef::List(list) => f
                .debug_list()
                .entries((0..list.len()).map(|i| Show(list.item(i))))
                .finish(),
        }
    }
}

/// `Serialize`, `Deserialize`, `Debug`, `UnknownFields` and [`Member`] of a generated model,
/// all through the functions above.
macro_rules! model_impls {
    ($ty:ident) => {
        impl $crate::model::Common for $ty {
            fn model_name(&self) -> &'static str {
                stringify!($ty)
            }

            fn extra(&self) -> &$crate::Extra {
                &self.extra
            }

            fn extra_mut(&mut self) -> &mut $crate::Extra {
                &mut self.extra
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::model::serialize(self, s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut model = Self::default();
                $crate::model::deserialize(d, &mut model)?;
                Ok(model)
            }
        }

        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::model::debug(self, f)
            }
        }

        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                $crate::model::equal(self, other)
            }
        }

        impl $crate::UnknownFields for $ty {
            fn collect_unknown_fields(&self, path: &str, out: &mut Vec<String>) {
                $crate::model::walk(self, path, $crate::model::Find::Unknown, out);
            }

            fn collect_surprises(&self, path: &str, out: &mut Vec<String>) {
                $crate::model::walk(self, path, $crate::model::Find::Surprises, out);
            }
        }

        impl $crate::model::Member for $ty {
            fn slot(place: &mut Option<Self>) -> $crate::model::Slot<'_> {
                $crate::model::Slot::Model(place)
            }

            fn slot_ref(&self) -> $crate::model::SlotRef<'_> {
                $crate::model::SlotRef::Model(self)
            }
        }

        impl $crate::model::ModelPlace for Option<$ty> {
            fn fill(&mut self) -> &mut dyn $crate::model::Fields {
                match self {
                    Some(model) => model,
                    empty @ None => empty.insert(<$ty>::default()),
                }
            }
        }
    };
}

pub(crate) use model_impls;
