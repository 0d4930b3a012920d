//! Member types of the response models that keep what Intercom sent exactly: identifiers in the
//! JSON form they came in, numbers with every digit, and JSON of any shape as its text.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A string of a response model. It reads like a `String` (it derefs to `str`, compares with
/// `&str` and `String`, converts into `String`), but keeps values up to 24 bytes (most type names,
/// ids, names and emails) inside itself instead of on the heap: a page of users decodes with half
/// the allocations.
///
/// ```
/// use intercom_sdk::Text;
/// let name = Text::from("Ada Lovelace");
/// assert_eq!(name, "Ada Lovelace");
/// let owned: String = name.into();
/// # let _ = owned;
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(CompactString);

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    #[inline]
    fn from(text: &str) -> Self {
        Text(CompactString::from(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(CompactString::from(text))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.0.into_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <std::borrow::Cow<'de, str>>::deserialize(d).map(|s| Text::from(&*s))
    }
}

/// An identifier (`id`, `user_id`, `team_ids`, …): text, read from a JSON string or integer
/// (Intercom sends some ids as integers) and written back in the form it came in.
///
/// It derefs to `str` and compares as its text:
///
/// ```
/// use intercom_sdk::Id;
/// let id: Id = serde_json::from_str("42")?;
/// assert_eq!(id, "42");
/// assert_eq!(id.len(), 2);
/// assert_eq!(serde_json::to_string(&id)?, "42");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Id {
    text: CompactString,
    /// Read from a JSON integer: written back as one.
    integer: bool,
}

impl Id {
    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether it came as a JSON integer.
    pub fn is_integer(&self) -> bool {
        self.integer
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.text.into_string()
    }

    fn integer(text: CompactString) -> Self {
        Id {
            text,
            integer: true,
        }
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl From<String> for Id {
    fn from(text: String) -> Self {
        Id {
            text: text.into(),
            integer: false,
        }
    }
}

impl From<&str> for Id {
    #[inline]
    fn from(text: &str) -> Self {
        Id {
            text: text.into(),
            integer: false,
        }
    }
}

impl From<u64> for Id {
    fn from(n: u64) -> Self {
        Id::integer(format_compact(n))
    }
}

impl From<i64> for Id {
    fn from(n: i64) -> Self {
        Id::integer(format_compact(n))
    }
}

/// An integer's digits, written straight into the inline buffer.
fn format_compact(n: impl fmt::Display) -> CompactString {
    use fmt::Write as _;
    let mut text = CompactString::default();
    let _ = write!(text, "{n}");
    text
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.into_string()
    }
}

/// Identifiers are equal when their text is: `"42"` and `42` name the same record.
impl PartialEq for Id {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Id {}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        self.text == *other
    }
}

impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.integer {
            f.write_str(&self.text)
        } else {
            fmt::Debug::fmt(self.text.as_str(), f)
        }
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.integer {
            if let Ok(n) = self.text.parse::<u64>() {
                return s.serialize_u64(n);
            }
            if let Ok(n) = self.text.parse::<i64>() {
                return s.serialize_i64(n);
            }
        }
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an identifier (a string or an integer)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id::from(v))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Id, E> {
                Ok(Id::from(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id::from(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id::from(v))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A JSON number kept as the text Intercom sent: integers of any size stay integers, floats keep
/// every digit, and a number sent as a string (`"90"`) is written back as one.
///
/// ```
/// use intercom_sdk::Number;
/// let spend: Number = serde_json::from_str("49")?;
/// assert_eq!(spend.as_f64(), Some(49.0));
/// assert_eq!(serde_json::to_string(&spend)?, "49"); // not 49.0
/// let big: Number = serde_json::from_str("123456789012345678901234567890")?;
/// assert_eq!(serde_json::to_string(&big)?, "123456789012345678901234567890");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Number {
    text: Box<str>,
    /// Sent as a JSON string: written back as one.
    quoted: bool,
}

impl Number {
    /// The number as sent (without quotes).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// As a float (the nearest one, for numbers with more digits than `f64` holds).
    pub fn as_f64(&self) -> Option<f64> {
        self.text.parse().ok().filter(|f: &f64| f.is_finite())
    }

    /// As an integer, when it is one that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }

    /// As an unsigned integer, when it is one that fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.text.parse().ok()
    }

    /// Whether it came as a JSON string (`"90"`).
    pub fn is_quoted(&self) -> bool {
        self.quoted
    }

    /// A float as a number; `None` for NaN and infinities, which JSON cannot hold.
    pub fn from_f64(f: f64) -> Option<Self> {
        serde_json::Number::from_f64(f).map(|n| Number {
            text: n.to_string().into(),
            quoted: false,
        })
    }

    /// The number a JSON number token holds, if `text` is one.
    pub(crate) fn from_json_text(text: &str) -> Option<Self> {
        let looks_numeric = text
            .bytes()
            .next()
            .is_some_and(|b| b == b'-' || b.is_ascii_digit());
        looks_numeric.then(|| Number {
            text: text.into(),
            quoted: false,
        })
    }

    /// A number from the raw JSON text of a value: a JSON number, or a string holding one.
    pub(crate) fn from_raw_text(text: &str) -> Option<Self> {
        Number::from_json_text(text).or_else(|| {
            let quoted: String = serde_json::from_str(text).ok()?;
            Number::from_quoted(&quoted)
        })
    }

    /// The number a JSON string holds (`"90"`, `"-6.26"`), if it holds one.
    pub(crate) fn from_quoted(text: &str) -> Option<Self> {
        let t = text.trim();
        let numeric = !t.is_empty()
            && t.len() == text.len()
            && t.parse::<f64>().is_ok_and(f64::is_finite)
            && !t.contains(['i', 'n', 'I', 'N', '+']);
        numeric.then(|| Number {
            text: text.into(),
            quoted: true,
        })
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        Number {
            text: n.to_string().into(),
            quoted: false,
        }
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        Number {
            text: n.to_string().into(),
            quoted: false,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.quoted {
            write!(f, "{:?}", self.text)
        } else {
            f.write_str(&self.text)
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            return s.serialize_str(&self.text);
        }
        if let Ok(n) = self.text.parse::<u64>() {
            return s.serialize_u64(n);
        }
        // (`-0` parses as the integer 0, which would lose its sign.)
        if let (Ok(n), false) = (self.text.parse::<i64>(), &*self.text == "-0") {
            return s.serialize_i64(n);
        }
        // A float whose shortest form is the text it came as goes through any serializer; any
        // other text (more digits than f64 holds, an exponent, an integer beyond u64) is
        // written as it came, which serde_json does byte for byte.
        if let Some(f) = self.as_f64() {
            if serde_json::Number::from_f64(f).is_some_and(|n| n.to_string() == *self.text) {
                return s.serialize_f64(f);
            }
        }
        match RawValue::from_string(self.text.to_string()) {
            Ok(raw) => raw.serialize(s),
            Err(_) => s.serialize_str(&self.text),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        let text = raw.get();
        Number::from_raw_text(text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text} is not a number")))
    }
}

/// JSON of any shape, kept as the text Intercom sent (custom attributes, metadata, counts, and the
/// members a model does not know). Nothing in it is lost or rewritten, numbers included.
///
/// ```
/// use intercom_sdk::RawJson;
/// let attributes: RawJson = serde_json::from_str(r#"{"plan": "pro", "seats": 12}"#)?;
/// assert_eq!(attributes.get("plan"), Some(serde_json::json!("pro")));
/// let map = attributes.to_value();
/// assert_eq!(map["seats"], 12);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The JSON text.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// As a `serde_json::Value` (numbers beyond `f64`/`u64` precision become the nearest float).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(self.as_str()).unwrap_or(serde_json::Value::Null)
    }

    /// Decodes the text into `T`.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.as_str())
    }

    /// The member `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<serde_json::Value> {
        let mut map: serde_json::Map<String, serde_json::Value> = self.parse().ok()?;
        map.remove(key)
    }

    /// Whether this is a JSON object.
    pub fn is_object(&self) -> bool {
        self.as_str().starts_with('{')
    }

    /// JSON `null`.
    pub fn null() -> Self {
        RawJson(RawValue::NULL.to_owned())
    }

    /// Text this crate wrote as one JSON value (`null` should it not be one).
    pub(crate) fn from_text(text: &str) -> Self {
        RawJson(
            RawValue::from_string(text.to_owned()).unwrap_or_else(|_| RawValue::NULL.to_owned()),
        )
    }

    /// Keeps `raw` as it is, less the whitespace between tokens (a pretty-printed answer would
    /// otherwise put line breaks inside a model written back on one line).
    pub(crate) fn from_raw(raw: Box<RawValue>) -> Self {
        match compact(raw.get()) {
            Some(text) => RawJson::from_text(&text),
            None => RawJson(raw),
        }
    }

    /// Any serializable value, as JSON text.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(RawJson)
    }
}

/// `text` without the whitespace between its tokens; `None` when it has none.
fn compact(text: &str) -> Option<String> {
    // Most raw values are compact already: find the first whitespace outside strings, skipping
    // each string in one tight loop.
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut needed = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b' ' | b'\n' | b'\r' | b'\t' => {
                needed = true;
                break;
            }
            _ => i += 1,
        }
    }
    if !needed {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => in_string = !in_string,
            (false, _, ' ' | '\n' | '\r' | '\t') => continue,
            _ => {}
        }
        out.push(c);
    }
    Some(out)
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        RawJson::from_text(&value.to_string())
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for RawJson {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        RawJson::from(serde_json::Value::Object(map))
    }
}

/// Equal when the texts are, or when they hold the same JSON value (spacing aside).
/// Equal when the texts hold the same JSON value: members in any order, numbers by their exact
/// value (`1E2` is `100`; 30 digits are compared as 30 digits), at any depth. Text that is not
/// JSON is equal only to the same text.
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
            || crate::model::json_text::canonical(self.as_str())
                .is_some_and(|a| crate::model::json_text::canonical(other.as_str()) == Some(a))
    }
}

impl PartialEq<serde_json::Value> for RawJson {
    fn eq(&self, other: &serde_json::Value) -> bool {
        self.to_value() == *other
    }
}

impl fmt::Debug for RawJson {
    /// The text, with the values of secret members (`access_token`, `hub_secret`, …) redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::model::secret::redacted_body(
            self.as_str().as_bytes(),
            false,
        ))
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RawJson {
    /// serde_json (and `serde_json::to_value`) take the text as it is; serializers of other
    /// formats see serde_json's raw-value marker, so write models with serde_json.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(RawJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back<T: Serialize + serde::de::DeserializeOwned>(json: &str) -> String {
        let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        serde_json::to_string(&value).unwrap_or_default()
    }

    #[test]
    fn numbers_are_written_back_as_they_came() {
        for text in [
            "49",
            "49.0",
            "-7",
            "18446744073709551615",
            "123456789012345678901234567890",
            "0.30000000000000004",
            "3.14159265358979323846264338327950288",
            "1e400",
            "1.5E-7",
            "\"90\"",
            "\"-6.26\"",
        ] {
            assert_eq!(back::<Number>(text), text);
        }
        assert!(serde_json::from_str::<Number>("\"ninety\"").is_err());
        assert!(serde_json::from_str::<Number>("true").is_err());
    }

    #[test]
    fn ids_keep_their_form_and_compare_as_text() {
        assert_eq!(back::<Id>("42"), "42");
        assert_eq!(back::<Id>("\"42\""), "\"42\"");
        assert_eq!(back::<Id>("18446744073709551615"), "18446744073709551615");
        let (a, b): (Id, Id) = (
            serde_json::from_str("42").unwrap_or_default(),
            Id::from("42"),
        );
        assert_eq!(a, b);
        assert!(a.is_integer() && !b.is_integer());
    }

    #[test]
    fn raw_json_drops_only_the_space_between_tokens() {
        let raw: RawJson = serde_json::from_str("{\n  \"a\" : [1, 2],\n  \"b\": \"x  y\\\" z\"\n}")
            .unwrap_or_else(|e| panic!("{e}"));
        let raw = RawJson::from_raw(raw.0);
        assert_eq!(raw.as_str(), r#"{"a":[1,2],"b":"x  y\" z"}"#);
        assert_eq!(raw.get("a"), Some(serde_json::json!([1, 2])));
    }
}
