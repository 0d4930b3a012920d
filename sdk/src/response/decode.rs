//! Turning a success body into the operation's output: a model (through the model runtime), a
//! single record of a lookup answered with a list, any serde type (raw calls), bytes or nothing.

use bytes::Bytes;
use serde_json::value::RawValue;

use crate::error::{DecodeError, Error, SurprisesError};
use crate::meta::Operation;
use crate::model::decode::carefully;
use crate::model::fields::{Decode, Fields, SlotRef};
use crate::model::scan;
use crate::model::strict;
use crate::model::strict::Surprise;
use crate::request::Request;
use crate::response::json_path::{decode_error, decode_error_body};

/// Decodes an answer into the model `T`, reporting the JSON path of a failure.
pub(crate) fn json<T: Fields + Default>(
    req: &Request,
    status: u16,
    body: &Bytes,
) -> Result<T, Error> {
    // Only `T::default()` is compiled once per model; the decoding is the runtime's, once for all.
    // Each pass that does not finish leaves the next a fresh model.
    let mut model = T::default();
    if !scanned(req, status, body, &mut model)? {
        model = T::default();
        if let Err(first) = json_into(req, status, body, &mut model, false) {
            model = T::default();
            json_into(req, status, body, &mut model, true).map_err(|_| first)?;
        }
    }
    strictly(req, status, body, || {
        strict::surprises(&SlotRef::Model(&model), "$")
    })?;
    Ok(model)
}

/// In strict mode (see [`CallOptions`](crate::request::options::CallOptions)), the error of an
/// answer with the `surprises` found (looked for only then).
fn strictly(
    req: &Request,
    status: u16,
    body: &Bytes,
    surprises: impl FnOnce() -> Vec<Surprise>,
) -> Result<(), Error> {
    if req.options.strict != Some(true) {
        return Ok(());
    }
    let surprises = surprises();
    if surprises.is_empty() {
        return Ok(());
    }
    Err(Error::Surprises(Box::new(SurprisesError {
        operation: req.meta.rust_name,
        status,
        surprises,
        body: decode_error_body(req, body),
    })))
}

/// Decodes an answer into `model`, an empty model, by the first pass ([`scan`]): `false` when
/// that pass stopped, and the serde passes ([`json_into`]) must decode it into a fresh model.
fn scanned(
    req: &Request,
    status: u16,
    body: &Bytes,
    model: &mut dyn Fields,
) -> Result<bool, Error> {
    let _span = tracing::info_span!("intercom.decode", operation = req.meta.name).entered();
    let (_, text) = json_text(req, status, body)?;
    Ok(scan::decode(text, model).is_ok())
}

/// Decodes an answer into `model`. The body is checked to be UTF-8 once, up front, so serde_json
/// does not check every string again. `careful`: the second pass, which keeps as sent what the
/// first could not read (see [`carefully`]).
fn json_into(
    req: &Request,
    status: u16,
    body: &Bytes,
    model: &mut dyn Fields,
    careful: bool,
) -> Result<(), Error> {
    // Drift warnings (unknown enum values, surprising members) name the operation through this.
    let _span = tracing::info_span!("intercom.decode", operation = req.meta.name).entered();
    let (at, text) = json_text(req, status, body)?;
    let mut de = serde_json::Deserializer::from_str(text);
    crate::model::decode::deserialize_with(&mut de, model, careful)
        .and_then(|()| de.end())
        .map_err(|e| decode_error(req, status, body, &at, text.as_bytes(), &e))
}

/// The JSON text to decode, and its path in the body: the body itself, or for a lookup
/// answered with a list, the one record.
fn json_text<'b>(req: &Request, status: u16, body: &'b [u8]) -> Result<(String, &'b str), Error> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(not_utf8(req, status, body));
    };
    let text = if text.trim().is_empty() { "null" } else { text };
    match req.single {
        // By email, Intercom 1.1+ answers with a list; the operation promises one record.
        Some(key) => {
            Ok(single_record(req, status, body, key, text)?
                .unwrap_or_else(|| (String::new(), text)))
        }
        None => Ok((String::new(), text)),
    }
}

/// The decode error of a body that is not UTF-8, where serde_json finds it.
fn not_utf8(req: &Request, status: u16, body: &[u8]) -> Error {
    match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Err(e) => decode_error(req, status, body, "", body, &e),
        Ok(_) => Error::Decode(Box::new(DecodeError {
            operation: req.meta.rust_name,
            status,
            path: String::new(),
            message: "the body is not UTF-8".into(),
            body: decode_error_body(req, body),
        })),
    }
}

/// For a lookup answered with a list under `key`: the one record (with its path), `None` when
/// the answer is not such a list, or the error of no record or of several.
fn single_record<'a>(
    req: &Request,
    status: u16,
    body: &[u8],
    key: &str,
    text: &'a str,
) -> Result<Option<(String, &'a str)>, Error> {
    let decode_err =
        |e: serde_json::Error| decode_error(req, status, body, "", text.as_bytes(), &e);
    let members: std::collections::BTreeMap<String, &'a RawValue> = match serde_json::from_str(text)
    {
        Ok(members) => members,
        Err(_) => return Ok(None),
    };
    let Some(list) = members.get(key) else {
        return Ok(None);
    };
    let items: Vec<&'a RawValue> = serde_json::from_str(list.get()).map_err(decode_err)?;
    match items.as_slice() {
        [] => Err(Error::NotFound {
            operation: req.meta.rust_name,
        }),
        [one] => Ok(Some((format!("{key}[0]"), one.get()))),
        many => Err(Error::Ambiguous {
            operation: req.meta.rust_name,
            matches: many
                .iter()
                .map(|m| serde_json::from_str(m.get()).unwrap_or_default())
                .collect(),
        }),
    }
}

/// Decodes a JSON body into a model the way a call does, for bodies you hold already (a cache, a
/// queue, a test). Only a body that is not JSON, or whose top level is not an object, fails: with
/// [`Error::Decode`], never a panic. Inside, values of an unexpected type are kept, not refused.
///
/// ```
/// # #[cfg(feature = "v2")] fn main() -> Result<(), intercom_sdk::Error> {
/// use intercom_sdk::{decode, v2::models::Contact, UnknownFields};
/// let contact: Contact = decode(br#"{"id": 5, "email": ["?"]}"#)?;
/// assert_eq!(contact.id.as_deref(), Some("5"));
/// assert_eq!(contact.email, None);
/// assert_eq!(contact.surprises(), ["$.email"]);
/// assert!(decode::<Contact>(b"[1, 2]").is_err());
/// # Ok(()) }
/// # #[cfg(not(feature = "v2"))] fn main() {}
/// ```
pub fn decode<T: Decode>(body: &[u8]) -> Result<T, Error> {
    static META: Operation = Operation::detached("decode");
    let req = Request::new(&META);
    let (at, text) = json_text(&req, 200, body)?;
    if let Some(model) = T::scanned(text) {
        return Ok(model);
    }
    carefully(|| serde_json::from_str(text))
        .map_err(|e| decode_error(&req, 200, body, &at, text.as_bytes(), &e))
}

/// For operations whose success body is empty or meaningless.
pub(crate) fn unit(_: &Request, _: u16, _: &Bytes) -> Result<(), Error> {
    Ok(())
}

/// Decodes an answer into any `T` serde can read (raw calls); an empty body reads as `null`.
pub(crate) fn serde<T: serde::de::DeserializeOwned>(
    req: &Request,
    status: u16,
    body: &Bytes,
) -> Result<T, Error> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(not_utf8(req, status, body));
    };
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| decode_error(req, status, body, "", text.as_bytes(), &e))
}

/// The answer's body as it came (raw calls).
pub(crate) fn bytes(_: &Request, _: u16, body: &Bytes) -> Result<Bytes, Error> {
    Ok(body.clone())
}

/// Decodes an answer that is a JSON array of the model `T`. An item that is not such an object
/// is left out of the list, with a drift warning; a body that is not an array fails.
pub(crate) fn json_list<T: crate::model::fields::Member + 'static>(
    req: &Request,
    status: u16,
    body: &Bytes,
) -> Result<Vec<T>, Error> {
    let _span = tracing::info_span!("intercom.decode", operation = req.meta.name).entered();
    let (_, text) = json_text(req, status, body)?;
    // The items are checked to be an array by serde first, so a failure has a path.
    let items = match serde_json::from_str::<Vec<&RawValue>>(text) {
        Ok(items) => items,
        Err(e) => return Err(decode_error(req, status, body, "", text.as_bytes(), &e)),
    };
    if req.options.strict != Some(true) {
        return Ok(crate::model::decode::member::<Vec<T>>(text).unwrap_or_default());
    }
    // Item by item, so an item that is not a `T` at all is named too.
    let mut list = Vec::with_capacity(items.len());
    let mut surprises = Vec::new();
    for (i, raw) in items.iter().enumerate() {
        match crate::model::decode::member::<T>(raw.get()) {
            Some(item) => {
                surprises.extend(strict::surprises(&item.slot_ref(), &format!("$[{i}]")));
                list.push(item);
            }
            None if raw.get() == "null" => {}
            None => surprises.push(strict::item::<T>(format!("$[{i}]"), raw.get())),
        }
    }
    strictly(req, status, body, || surprises)?;
    Ok(list)
}

/// Decodes an answer that is a union (one of several shapes) into it.
pub(crate) fn json_union<T: crate::model::fields::Member + 'static>(
    req: &Request,
    status: u16,
    body: &Bytes,
) -> Result<T, Error> {
    let _span = tracing::info_span!("intercom.decode", operation = req.meta.name).entered();
    let (_, text) = json_text(req, status, body)?;
    if let Err(e) = serde_json::from_str::<&RawValue>(text) {
        return Err(decode_error(req, status, body, "", text.as_bytes(), &e));
    }
    let value = crate::model::decode::member::<T>(text).ok_or_else(|| {
        Error::Decode(Box::new(DecodeError {
            operation: req.meta.rust_name,
            status,
            path: String::new(),
            message: "the answer is `null`".to_owned(),
            body: decode_error_body(req, body),
        }))
    })?;
    strictly(req, status, body, || {
        strict::surprises(&value.slot_ref(), "$")
    })?;
    Ok(value)
}

/// An answer of JSON of any shape, kept as its text.
#[allow(dead_code)] // for manifests with `response: json`
pub(crate) fn raw_json(
    req: &Request,
    status: u16,
    body: &Bytes,
) -> Result<crate::model::values::RawJson, Error> {
    let (_, text) = json_text(req, status, body)?;
    let raw: Box<RawValue> = serde_json::from_str(text)
        .map_err(|e| decode_error(req, status, body, "", text.as_bytes(), &e))?;
    Ok(crate::model::values::RawJson::from_raw(raw))
}

/// An answer of text (a call transcript).
pub(crate) fn text(req: &Request, status: u16, body: &Bytes) -> Result<String, Error> {
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(Error::Decode(Box::new(DecodeError {
            operation: req.meta.rust_name,
            status,
            path: String::new(),
            message: format!("the text is not UTF-8 ({e})"),
            body: decode_error_body(req, body),
        }))),
    }
}

/// An answer that is a file (an export): its bytes as they came.
pub(crate) fn file(_: &Request, _: u16, body: &Bytes) -> Result<Bytes, Error> {
    Ok(body.clone())
}
