//! How an input value is written: into a JSON body, a query string or a path segment.

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::model::datatypes::{LatLon, Timestamp};
use crate::model::fields::{Fields, Member};
use crate::model::secret::Secret;
use crate::model::strict::{holds, misshapen};

/// How an input value is written into a JSON body and into a query string.
pub(crate) trait Wire {
    fn json(&self) -> Value;
    fn text(&self) -> String;
    /// `""`, `[]` or `{}`: an optional input with this value is not sent, a required one is
    /// refused.
    fn is_empty(&self) -> bool {
        false
    }
    /// Why this value cannot be sent at all, if it cannot.
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
    /// The value as JSON text ready to be written into a body, when it is kept that way.
    fn raw(&self) -> Option<&RawValue> {
        None
    }
}

impl Wire for String {
    fn json(&self) -> Value {
        Value::from(self.as_str())
    }
    fn text(&self) -> String {
        self.clone()
    }
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
}

impl Wire for Secret {
    fn json(&self) -> Value {
        Value::from(self.expose())
    }
    fn text(&self) -> String {
        self.expose().to_owned()
    }
    fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }
}

impl Wire for bool {
    fn json(&self) -> Value {
        Value::Bool(*self)
    }
    fn text(&self) -> String {
        self.to_string()
    }
}

impl Wire for f64 {
    /// Whole numbers go out as JSON integers (`2`, not `2.0`); others keep every digit.
    fn json(&self) -> Value {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact.
        if self.fract() == 0.0 && self.abs() < EXACT {
            #[allow(clippy::cast_possible_truncation)]
            return Value::from(*self as i64);
        }
        serde_json::Number::from_f64(*self).map_or(Value::Null, Value::Number)
    }
    fn text(&self) -> String {
        self.to_string()
    }
    fn check(&self) -> Result<(), String> {
        if self.is_finite() {
            Ok(())
        } else {
            Err(format!("{self} is not a finite number"))
        }
    }
}

/// A whole-number input, or why the value given does not fit in 64 bits (the call is then refused
/// before sending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Integer(Option<i64>);

impl Integer {
    pub(crate) fn new(value: impl TryInto<i64>) -> Self {
        Integer(value.try_into().ok())
    }
}

impl Wire for Integer {
    fn json(&self) -> Value {
        self.0.map_or(Value::Null, Value::from)
    }
    fn text(&self) -> String {
        self.0.map(|n| n.to_string()).unwrap_or_default()
    }
    fn check(&self) -> Result<(), String> {
        match self.0 {
            Some(_) => Ok(()),
            None => Err("the number does not fit in a 64-bit integer".to_owned()),
        }
    }
}

/// A JSON input kept as the JSON text its value serializes to (written into the body as it is):
/// an object made from anything `Serialize`, or a list of such objects (a `BulkItem`, a
/// `serde_json::Value` object, a struct of yours). Or why the value is not that: the call is
/// then refused before sending.
#[derive(Debug, Clone)]
pub(crate) struct JsonText(Result<Box<RawValue>, String>);

impl JsonText {
    /// An object input.
    pub(crate) fn object(value: impl serde::Serialize) -> Self {
        JsonText(object_text(&value))
    }

    /// A typed input: a model of the API, written as the JSON it holds.
    pub(crate) fn model(value: &impl serde::Serialize) -> Self {
        JsonText(serde_json::value::to_raw_value(value).map_err(|e| e.to_string()))
    }

    /// A list of a model of the API.
    pub(crate) fn models<T: serde::Serialize>(items: impl IntoIterator<Item = T>) -> Self {
        let items: Vec<T> = items.into_iter().collect();
        JsonText(serde_json::value::to_raw_value(&items).map_err(|e| e.to_string()))
    }

    /// A list of JSON values of any kind.
    #[allow(dead_code)] // for manifests with `items: Any` lists
    pub(crate) fn values<T: serde::Serialize>(items: impl IntoIterator<Item = T>) -> Self {
        JsonText::models(items)
    }

    /// A list-of-objects input.
    pub(crate) fn objects<T: serde::Serialize>(items: impl IntoIterator<Item = T>) -> Self {
        let items: Result<Vec<Box<RawValue>>, String> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| object_text(&item).map_err(|why| format!("item {i}: {why}")))
            .collect();
        // The items are JSON already: writing them as a list copies their text.
        JsonText(
            items.and_then(|items| {
                serde_json::value::to_raw_value(&items).map_err(|e| e.to_string())
            }),
        )
    }

    /// Refuses the object unless its members are those of the model `M` (the input's shape).
    #[allow(dead_code)] // for manifests with a `shape` on a JSON field
    pub(crate) fn shaped<M: Fields + Default>(self) -> Self {
        let Ok(raw) = &self.0 else { return self };
        let why = misshapen::<M>(raw.get());
        self.unless(why)
    }

    /// Refuses the list unless each item's members are those of the model `M`.
    pub(crate) fn shaped_items<M: Fields + Default>(self) -> Self {
        let Ok(raw) = &self.0 else { return self };
        let items: Vec<&RawValue> = match serde_json::from_str(raw.get()) {
            Ok(items) => items,
            Err(e) => return JsonText(Err(e.to_string())),
        };
        let why: Vec<String> = items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| {
                misshapen::<M>(item.get())
                    .into_iter()
                    .map(move |why| format!("item {i}: {why}"))
            })
            .collect();
        self.unless(why)
    }

    /// Refuses the object unless each member's value is one an `M` holds (`null` aside): for
    /// event metadata, a string, a number, a boolean, a rich link or an amount.
    pub(crate) fn shaped_values<M: Member>(self) -> Self {
        let Ok(raw) = &self.0 else { return self };
        let members: std::collections::BTreeMap<String, &RawValue> =
            match serde_json::from_str(raw.get()) {
                Ok(members) => members,
                Err(e) => return JsonText(Err(e.to_string())),
            };
        let why: Vec<String> = members
            .iter()
            .filter(|(_, value)| value.get() != "null" && !holds::<M>(value.get()))
            .map(|(key, value)| format!("`{key}` is {}, not a value it takes", kind(value.get())))
            .collect();
        self.unless(why)
    }

    /// The input, or its refusal for every reason in `why`.
    fn unless(self, why: Vec<String>) -> Self {
        if why.is_empty() {
            self
        } else {
            JsonText(Err(why.join("; ")))
        }
    }

    pub(crate) fn into_object(self) -> Result<Map<String, Value>, String> {
        let raw = self.0?;
        serde_json::from_str(raw.get()).map_err(|e| e.to_string())
    }
}

/// `value` as the text of a JSON object.
fn object_text(value: &impl serde::Serialize) -> Result<Box<RawValue>, String> {
    match serde_json::value::to_raw_value(value) {
        Ok(raw) if raw.get().starts_with('{') => Ok(raw),
        Ok(raw) => Err(format!("expected a JSON object, got {}", kind(raw.get()))),
        Err(e) => Err(format!("cannot be written as JSON: {e}")),
    }
}

/// What the JSON text `json` (compact, as serde_json writes it) is.
fn kind(json: &str) -> &'static str {
    match json.as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

impl Wire for JsonText {
    fn json(&self) -> Value {
        self.raw()
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
            .unwrap_or(Value::Null)
    }
    fn text(&self) -> String {
        self.raw()
            .map(|raw| raw.get().to_owned())
            .unwrap_or_default()
    }
    fn is_empty(&self) -> bool {
        self.raw()
            .is_some_and(|raw| matches!(raw.get(), "{}" | "[]"))
    }
    fn check(&self) -> Result<(), String> {
        self.0.as_ref().map(|_| ()).map_err(Clone::clone)
    }
    fn raw(&self) -> Option<&RawValue> {
        self.0.as_deref().ok()
    }
}

impl Wire for Vec<String> {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(|s| Value::from(s.as_str())).collect())
    }
    fn text(&self) -> String {
        self.join(",")
    }
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
}

impl Wire for Vec<i64> {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(|n| Value::from(*n)).collect())
    }
    fn text(&self) -> String {
        self.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
}

impl Wire for Timestamp {
    fn json(&self) -> Value {
        Value::from(self.unix_seconds())
    }
    fn text(&self) -> String {
        self.unix_seconds().to_string()
    }
}

impl Wire for LatLon {
    fn json(&self) -> Value {
        Value::from(self.to_string())
    }
    fn text(&self) -> String {
        self.to_string()
    }
}
