//! The first decoding pass: the JSON text read byte by byte straight into the slots, without
//! serde's visitors between the text and the model.
//!
//! It does what the serde passes of [`decode`](super::decode) do, members that do not fit
//! included (kept as sent, with their drift warnings), and [`Stop`]s at what they write back
//! in a form of their own: an object or a list where a field takes another type, a number
//! serde_json reads as a float, a member sent twice, a lone surrogate, models nested deeper than
//! [`MAX_DEPTH`], text that is not JSON. The serde passes then decode the text from the start,
//! into a fresh model. So what this pass gives is what they would have given (the property and
//! examples tests compare them), and its drift warnings are reported only once it has finished.

use serde_json::value::RawValue;

use crate::model::datatypes::Timestamp;
use crate::model::drift::surprise;
use crate::model::extra::Kind;
use crate::model::fields::{Fields, ListPlace, Member, Outcome, Slot, Step};
use crate::model::secret::Secret;
use crate::model::values::{Id, Number, RawJson, Text};

/// The text holds something this pass leaves to the serde passes.
#[derive(Debug)]
pub(crate) struct Stop;

type Scanned<T> = Result<T, Stop>;

/// Objects and lists nested deeper than this stop the pass (serde_json's own limit is 128).
const MAX_DEPTH: usize = 100;

/// Decodes the JSON object `text` into `model`, an empty model.
pub(crate) fn decode(text: &str, model: &mut dyn Fields) -> Result<(), Stop> {
    let mut scan = Scanner::new(text);
    if scan.peek() != Some(b'{') {
        return Err(Stop);
    }
    scan.object(model)?;
    scan.end()?;
    scan.report();
    Ok(())
}

/// `text`, one JSON value, decoded as a `T` (a model or a union); `None` where this pass stops.
pub(crate) fn member<T: Member>(text: &str) -> Option<T> {
    let mut place = None;
    let mut scan = Scanner::new(text);
    match scan.value(&mut T::slot(&mut place)) {
        Ok(Got::Fit) => {
            scan.end().ok()?;
            scan.report();
            place
        }
        _ => None,
    }
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// Objects and lists open around `pos`.
    depth: usize,
    /// The value of the last [`Got::Misfit`], as the serde passes keep it.
    misfit: Option<RawJson>,
    /// The items of the last [`Got::Partial`] list that did not fit, with their positions.
    misfit_items: Vec<(usize, RawJson)>,
    /// The members kept as surprises (model, member), for the drift warnings: reported once the
    /// pass has finished, since after a stop the serde passes report them.
    surprises: Vec<(&'static str, String)>,
}

impl<'t> Scanner<'t> {
    /// A scanner at the first value of `text`.
    fn new(text: &'t str) -> Self {
        let mut scan = Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            misfit: None,
            misfit_items: Vec::new(),
            surprises: Vec::new(),
        };
        scan.whitespace();
        scan
    }

    /// The drift warnings of the members kept as surprises.
    fn report(&self) {
        for (model, member) in &self.surprises {
            surprise(model, member);
        }
    }

    /// `raw`, a value its slot does not take, kept as a misfit.
    fn misfit(&mut self, raw: RawJson) -> Scanned<Got> {
        self.misfit = Some(raw);
        Ok(Got::Misfit)
    }

    /// Whether only whitespace follows.
    fn end(&mut self) -> Scanned<()> {
        self.whitespace();
        match self.pos == self.bytes.len() {
            true => Ok(()),
            false => Err(Stop),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    /// The text from `start` to the current position.
    fn since(&self, start: usize) -> Scanned<&'t str> {
        self.text.get(start..self.pos).ok_or(Stop)
    }

    /// Moves past `word` (`true`, `false`, `null`).
    fn literal(&mut self, word: &[u8]) -> Scanned<()> {
        match self.bytes.get(self.pos..self.pos + word.len()) {
            Some(found) if found == word => {
                self.pos += word.len();
                Ok(())
            }
            _ => Err(Stop),
        }
    }

    /// Opens an object or a list (the current byte).
    fn enter(&mut self) -> Scanned<()> {
        self.depth += 1;
        self.pos += 1;
        match self.depth > MAX_DEPTH {
            true => Err(Stop),
            false => Ok(()),
        }
    }

    /// After a member or an item: `true` when another follows, `false` when `close` ends the
    /// object or list.
    fn next_or_close(&mut self, close: u8) -> Scanned<bool> {
        self.whitespace();
        let found = self.peek();
        self.pos += 1;
        if found == Some(b',') {
            self.whitespace();
            Ok(true)
        } else if found == Some(close) {
            self.depth -= 1;
            Ok(false)
        } else {
            Err(Stop)
        }
    }

    /// The members of an object, into `model`.
    fn object(&mut self, model: &mut dyn Fields) -> Scanned<()> {
        self.enter()?;
        self.whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        let names = model.names();
        let mut seen = Seen::default();
        loop {
            if self.peek() != Some(b'"') {
                return Err(Stop);
            }
            let mut unescaped = String::new();
            let key = self.string(&mut unescaped)?;
            self.whitespace();
            self.literal(b":")?;
            self.whitespace();
            match model.slot(key) {
                Some((index, mut slot)) => {
                    seen.insert(index)?;
                    match self.value(&mut slot)? {
                        Got::Fit => {}
                        Got::Null => model.extra_mut().push_null(names, index),
                        Got::Misfit => {
                            let raw = self.misfit.take().ok_or(Stop)?;
                            self.surprises.push((model.model_name(), key.to_owned()));
                            model.extra_mut().push(key, Kind::Surprise(raw));
                        }
                        Got::Partial => {
                            let items = std::mem::take(&mut self.misfit_items);
                            if items.iter().any(|(_, raw)| raw.as_str() != "null") {
                                self.surprises.push((model.model_name(), key.to_owned()));
                            }
                            model.extra_mut().push(key, Kind::Items(items));
                        }
                    }
                }
                None => {
                    let raw = self.raw()?.to_owned();
                    model
                        .extra_mut()
                        .push(key, Kind::Unknown(RawJson::from_raw(raw)));
                }
            }
            if !self.next_or_close(b'}')? {
                return Ok(());
            }
        }
    }

    /// The items of a list, into `place`; those that do not fit are kept with their positions,
    /// as the serde passes keep them.
    fn items(&mut self, place: &mut dyn ListPlace) -> Scanned<Got> {
        self.enter()?;
        place.start();
        self.whitespace();
        let mut misfits = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
        } else {
            for index in 0.. {
                let step = place.item(&mut |mut slot| match self.value(&mut slot) {
                    Ok(Got::Fit) => Step::Item(Outcome::Fit),
                    Ok(Got::Null) => Step::Item(Outcome::Null),
                    Ok(Got::Misfit) => match self.misfit.take() {
                        Some(raw) => Step::Item(Outcome::Misfit(raw)),
                        None => Step::Failed,
                    },
                    // (`Partial` is a list inside a list, which the manifest does not allow.)
                    Ok(Got::Partial) | Err(Stop) => Step::Failed,
                });
                match step {
                    Step::Item(Outcome::Fit) => {}
                    Step::Item(Outcome::Null) => misfits.push((index, RawJson::null())),
                    Step::Item(Outcome::Misfit(raw)) => misfits.push((index, raw)),
                    _ => return Err(Stop),
                }
                if !self.next_or_close(b']')? {
                    break;
                }
            }
        }
        place.finish();
        if misfits.is_empty() {
            return Ok(Got::Fit);
        }
        self.misfit_items = misfits;
        Ok(Got::Partial)
    }

    /// One value, into `slot`, as the serde passes' `SlotVisitor` would put it, or kept as a
    /// misfit as they would keep it.
    fn value(&mut self, slot: &mut Slot<'_>) -> Scanned<Got> {
        let first = self.peek().ok_or(Stop)?;
        if first == b'n' {
            self.literal(b"null")?;
            return Ok(Got::Null);
        }
        if first == b'"' {
            return self.string_value(slot);
        }
        match (slot, first) {
            (Slot::Number(place), _) => return self.number_value(place),
            (Slot::Json(place), _) => **place = Some(RawJson::from_raw(self.raw()?.to_owned())),
            (Slot::Object(place), b'{') => {
                **place = Some(RawJson::from_raw(self.raw()?.to_owned()));
            }
            (Slot::Object(_), _) => {
                let raw = self.raw()?.to_owned();
                return self.misfit(RawJson::from_raw(raw));
            }
            (Slot::Union(place), _) => place.fill(self.raw()?.to_owned()),
            (Slot::Model(place), b'{') => self.object(place.fill())?,
            (Slot::List(place), b'[') => return self.items(&mut **place),
            (slot, b'-' | b'0'..=b'9') => return self.integer_value(slot),
            (Slot::Boolean(place), b't' | b'f') => **place = Some(self.boolean()?),
            (_, b't' | b'f') => {
                let text = if self.boolean()? { "true" } else { "false" };
                return self.misfit(RawJson::from_text(text));
            }
            // An object or a list where the field takes another type: the serde passes write it
            // back member by member.
            _ => return Err(Stop),
        }
        Ok(Got::Fit)
    }

    /// A string value (the current byte is its opening quote), into `slot`.
    fn string_value(&mut self, slot: &mut Slot<'_>) -> Scanned<Got> {
        let mut unescaped = String::new();
        match slot {
            Slot::Text(place) => **place = Some(Text::from(self.string(&mut unescaped)?)),
            Slot::Id(place) => **place = Some(Id::from(self.string(&mut unescaped)?)),
            Slot::Secret(place) => **place = Some(Secret::from(self.string(&mut unescaped)?)),
            Slot::Enum(place) => place.set(self.string(&mut unescaped)?),
            Slot::Timestamp(place) => {
                let text = self.string(&mut unescaped)?;
                match Timestamp::from_json_str(text) {
                    Some(at) => **place = Some(at),
                    None => return self.misfit(json_string(text)),
                }
            }
            Slot::Number(place) => return self.number_value(place),
            Slot::Json(place) => **place = Some(RawJson::from_raw(self.raw()?.to_owned())),
            Slot::Object(_) => {
                let raw = self.raw()?.to_owned();
                return self.misfit(RawJson::from_raw(raw));
            }
            Slot::Union(place) => place.fill(self.raw()?.to_owned()),
            Slot::Integer(_) | Slot::Boolean(_) | Slot::Model(_) | Slot::List(_) => {
                let text = self.string(&mut unescaped)?;
                return self.misfit(json_string(text));
            }
        }
        Ok(Got::Fit)
    }

    /// A number into `slot`, a field that does not keep its text.
    #[inline]
    fn integer_value(&mut self, slot: &mut Slot<'_>) -> Scanned<Got> {
        let start = self.pos;
        let integer = self.integer()?;
        let small = match integer {
            Integer::Negative(n) => Some(n),
            Integer::Positive(n) => i64::try_from(n).ok(),
        };
        match slot {
            Slot::Id(place) => {
                **place = Some(match integer {
                    Integer::Negative(n) => Id::from(n),
                    Integer::Positive(n) => Id::from(n),
                });
            }
            Slot::Integer(place) if small.is_some() => **place = small,
            Slot::Timestamp(place) if small.is_some() => {
                **place = small.map(Timestamp::from_unix_seconds);
            }
            _ => {
                // serde_json gives the integer, and the serde passes keep its digits: the text.
                let text = self.since(start)?;
                return self.misfit(RawJson::from_text(text));
            }
        }
        Ok(Got::Fit)
    }

    /// A `Number` field's value: a JSON number, or a string holding one, kept as its text.
    fn number_value(&mut self, place: &mut Option<Number>) -> Scanned<Got> {
        let raw = self.raw()?;
        match Number::from_raw_text(raw.get()) {
            Some(n) => {
                *place = Some(n);
                Ok(Got::Fit)
            }
            None => self.misfit(RawJson::from_raw(raw.to_owned())),
        }
    }

    #[inline]
    fn boolean(&mut self) -> Scanned<bool> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            _ => self.literal(b"false").map(|()| false),
        }
    }

    /// A string (the current byte is its opening quote): borrowed from the text, or when it has
    /// escapes, unescaped into `unescaped`. (Returned in registers: a `Cow` would go through
    /// memory, and cost a stall on every member.)
    fn string<'s>(&mut self, unescaped: &'s mut String) -> Scanned<&'s str>
    where
        't: 's,
    {
        let start = self.pos + 1;
        let end = plain_run(self.bytes, start);
        self.pos = end + 1;
        match self.bytes.get(end) {
            Some(b'"') => self.text.get(start..end).ok_or(Stop),
            Some(b'\\') => {
                unescaped.push_str(self.text.get(start..end).ok_or(Stop)?);
                self.escaped(unescaped)?;
                Ok(unescaped)
            }
            _ => Err(Stop),
        }
    }

    /// The rest of a string whose first escape's backslash was the byte before `pos`.
    fn escaped(&mut self, out: &mut String) -> Scanned<()> {
        loop {
            let escape = self.peek().ok_or(Stop)?;
            self.pos += 1;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => out.push(self.unicode_escape()?),
                _ => return Err(Stop),
            }
            let start = self.pos;
            let end = plain_run(self.bytes, start);
            out.push_str(self.text.get(start..end).ok_or(Stop)?);
            self.pos = end + 1;
            match self.bytes.get(end) {
                Some(b'"') => return Ok(()),
                Some(b'\\') => {}
                _ => return Err(Stop),
            }
        }
    }

    /// The character of a `\u` escape (after its `u`), with the low half of a surrogate pair.
    fn unicode_escape(&mut self) -> Scanned<char> {
        let high = self.hex4()?;
        let code = match high {
            0xD800..=0xDBFF => {
                self.literal(b"\\u")?;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(Stop);
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(Stop),
            _ => high,
        };
        char::from_u32(code).ok_or(Stop)
    }

    fn hex4(&mut self) -> Scanned<u32> {
        let digits = self.text.get(self.pos..self.pos + 4).ok_or(Stop)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Stop);
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| Stop)
    }

    /// A number that serde_json reads as an integer: no fraction, no exponent, not `-0`, within
    /// `i64` below zero and `u64` above.
    fn integer(&mut self) -> Scanned<Integer> {
        let start = self.pos;
        if self.number_token()? {
            return Err(Stop);
        }
        let token = self.since(start)?;
        match token.strip_prefix('-') {
            Some(_) => match token.parse::<i64>() {
                Ok(0) | Err(_) => Err(Stop),
                Ok(n) => Ok(Integer::Negative(n)),
            },
            None => token
                .parse::<u64>()
                .map(Integer::Positive)
                .map_err(|_| Stop),
        }
    }

    /// Moves past a number, checking its grammar; `true` when it has a fraction or an exponent.
    fn number_token(&mut self) -> Scanned<bool> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Stop),
        }
        let mut fraction = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.some_digits()?;
            fraction = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.some_digits()?;
            fraction = true;
        }
        Ok(fraction)
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn some_digits(&mut self) -> Scanned<()> {
        let start = self.pos;
        self.digits();
        match self.pos > start {
            true => Ok(()),
            false => Err(Stop),
        }
    }

    /// One value, for a member kept raw: read by serde_json, as the serde passes read it (which
    /// checks it is JSON, at any depth).
    fn raw(&mut self) -> Scanned<&'t RawValue> {
        let rest = self.text.get(self.pos..).ok_or(Stop)?;
        let raw: &'t RawValue =
            serde::Deserialize::deserialize(&mut serde_json::Deserializer::from_str(rest))
                .map_err(|_| Stop)?;
        // The value is borrowed from `rest`: its end is where this pass goes on.
        let end = raw.get().as_ptr() as usize + raw.get().len();
        self.pos += end.checked_sub(rest.as_ptr() as usize).ok_or(Stop)?;
        Ok(raw)
    }
}

/// What a value was (small, to be returned in a register).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Got {
    /// It fit its slot.
    Fit,
    /// `null`: the field stays empty, and `null` is written back.
    Null,
    /// Its JSON type does not fit: kept as sent, in [`Scanner::misfit`].
    Misfit,
    /// A list, some of whose items did not fit: kept in [`Scanner::misfit_items`].
    Partial,
}

/// An integer as serde_json gives it to a visitor.
enum Integer {
    Negative(i64),
    Positive(u64),
}

/// The members of one object already read: a member sent twice stops the pass (which of the two
/// the serde passes keep is theirs to say).
#[derive(Default)]
struct Seen([u64; 4]);

impl Seen {
    fn insert(&mut self, index: usize) -> Scanned<()> {
        let word = self.0.get_mut(index / 64).ok_or(Stop)?;
        let bit = 1u64 << (index % 64);
        if *word & bit != 0 {
            return Err(Stop);
        }
        *word |= bit;
        Ok(())
    }
}

/// A string as the serde passes keep it when it does not fit: written again as JSON (escapes
/// as serde_json writes them).
fn json_string(text: &str) -> RawJson {
    RawJson::from_text(&serde_json::Value::from(text).to_string())
}

/// The position of the first byte from `at` that ends a run of plain string text: a quote, a
/// backslash or a control character (or the end of `bytes`). Eight bytes are tested at a time.
fn plain_run(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(chunk);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        // The classic "has a zero byte" and "has a byte below n" tests: exact for the lowest
        // flagged byte, which is all that is used.
        let found = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        let found = found & HIGH;
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::extra::Extra;
    use crate::model::fields::{SlotRef, field_ref};
    use crate::model::names::MemberNames;
    use crate::model::unknown::UnknownFields;
    use crate::support::model_impls;

    /// A member of every kind.
    #[derive(Clone, Default)]
    struct Sample {
        text: Option<Text>,
        id: Option<Id>,
        count: Option<i64>,
        amount: Option<Number>,
        flag: Option<bool>,
        at: Option<Timestamp>,
        token: Option<Secret>,
        any: Option<RawJson>,
        attributes: Option<RawJson>,
        inner: Option<Inner>,
        tags: Option<Vec<Text>>,
        items: Option<Vec<Inner>>,
        extra: Extra,
    }

    #[derive(Clone, Default)]
    struct Inner {
        name: Option<Text>,
        extra: Extra,
    }

    const SAMPLE: &[&str] = &[
        "text",
        "id",
        "count",
        "amount",
        "flag",
        "at",
        "token",
        "any",
        "attributes",
        "inner",
        "tags",
        "items",
    ];

    impl Fields for Sample {
        fn names(&self) -> &'static MemberNames {
            static NAMES: MemberNames = MemberNames(SAMPLE);
            &NAMES
        }

        fn slot(&mut self, key: &str) -> Option<(usize, Slot<'_>)> {
            let index = SAMPLE.iter().position(|n| *n == key)?;
            let slot = match index {
                0 => Member::slot(&mut self.text),
                1 => Member::slot(&mut self.id),
                2 => Member::slot(&mut self.count),
                3 => Member::slot(&mut self.amount),
                4 => Member::slot(&mut self.flag),
                5 => Member::slot(&mut self.at),
                6 => Member::slot(&mut self.token),
                7 => Member::slot(&mut self.any),
                8 => Slot::Object(&mut self.attributes),
                9 => Member::slot(&mut self.inner),
                10 => Member::slot(&mut self.tags),
                _ => Member::slot(&mut self.items),
            };
            Some((index, slot))
        }

        fn each<'a>(&'a self, f: &mut dyn FnMut(&'static str, SlotRef<'a>)) {
            f("text", field_ref(&self.text));
            f("id", field_ref(&self.id));
            f("count", field_ref(&self.count));
            f("amount", field_ref(&self.amount));
            f("flag", field_ref(&self.flag));
            f("at", field_ref(&self.at));
            f("token", field_ref(&self.token));
            f("any", field_ref(&self.any));
            f("attributes", field_ref(&self.attributes));
            f("inner", field_ref(&self.inner));
            f("tags", field_ref(&self.tags));
            f("items", field_ref(&self.items));
        }
    }

    impl Fields for Inner {
        fn names(&self) -> &'static MemberNames {
            static NAMES: MemberNames = MemberNames(&["name"]);
            &NAMES
        }

        fn slot(&mut self, key: &str) -> Option<(usize, Slot<'_>)> {
            (key == "name").then(|| (0, Member::slot(&mut self.name)))
        }

        fn each<'a>(&'a self, f: &mut dyn FnMut(&'static str, SlotRef<'a>)) {
            f("name", field_ref(&self.name));
        }
    }

    model_impls!(Sample);
    model_impls!(Inner);

    /// The first pass reads `text`, and gives what the serde pass gives.
    #[track_caller]
    fn agrees(text: &str) -> Sample {
        let Some(scanned) = member::<Sample>(text) else {
            panic!("the first pass stopped at {text}");
        };
        let serde: Sample = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(format!("{scanned:?}"), format!("{serde:?}"), "{text}");
        let written = |m: &Sample| serde_json::to_string(m).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(written(&scanned), written(&serde), "{text}");
        assert!(scanned == serde, "{text}");
        scanned
    }

    /// The first pass leaves `text` to the serde passes.
    #[track_caller]
    fn stops(text: &str) {
        assert!(member::<Sample>(text).is_none(), "read: {text}");
    }

    #[test]
    fn members_of_every_kind_are_read_as_the_serde_pass_reads_them() {
        let sample = agrees(
            r#" { "text": "a", "id": 12, "count": -3, "amount": 1.50, "flag": true,
                  "at": 1700000000, "token": "s3cret", "any": [1, {"b": null}],
                  "attributes": {"plan": "pro", "seats": 1e3}, "inner": {"name": "n", "x": 1},
                  "tags": ["t1", "t2"], "items": [{"name": "i1"}, {}], "unknown": {"k": [true]} } "#,
        );
        assert_eq!(sample.count, Some(-3));
        assert_eq!(sample.amount.as_ref().map(Number::as_str), Some("1.50"));
        assert_eq!(sample.items.as_ref().map(Vec::len), Some(2));
        agrees(r#"{"id": "abc", "at": "2024-01-02T03:04:05Z", "amount": "7", "flag": false}"#);
        agrees(r#"{"id": 18446744073709551615, "count": 9223372036854775807, "at": -5}"#);
        agrees(r#"{"text": null, "inner": null, "tags": null, "any": null, "amount": null}"#);
        agrees(r#"{"tags": [], "items": [], "inner": {}, "any": "x", "attributes": {}}"#);
        agrees("{}");
        // serde_json reads a raw value at any depth, and so does this pass.
        let deep = format!("{}1{}", "[".repeat(1000), "]".repeat(1000));
        agrees(&format!(r#"{{"any": {deep}, "unknown": {deep}}}"#));
    }

    #[test]
    fn escapes_are_read_as_serde_json_reads_them() {
        let sample = agrees(
            r#"{"text": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00 end", "t\u0065xt2": 1,
                "tags": ["\u0041", "plain and longer than eight bytes \n with an escape"]}"#,
        );
        assert_eq!(
            sample.text.as_deref(),
            Some("a\"b\\c/d\u{8}\u{c}\n\r\té😀 end")
        );
        assert_eq!(sample.extra.get("text2").map(RawJson::as_str), Some("1"));
        agrees("{\"text\": \"non-ASCII: é — 日本語, then \\\" a quote\"}");
        agrees(r#"{"unknown": "a \"quoted\" \\ text", "any": ["\"]\"", "}"]}"#);
    }

    #[test]
    fn values_that_do_not_fit_are_kept_as_the_serde_pass_keeps_them() {
        for text in [
            r#"{"count": "3"}"#,
            r#"{"text": 3, "token": -4, "flag": 18446744073709551615}"#,
            r#"{"count": 9223372036854775808, "at": "yesterday", "id": true}"#,
            r#"{"inner": "a\u00e9\/b", "tags": false, "items": 7, "attributes": [1, "x"]}"#,
            r#"{"amount": "many", "attributes": "s", "text": false}"#,
            r#"{"tags": ["a", null, 3, "b"], "items": [{"name": "a"}, 2, null, "x"]}"#,
            r#"{"inner": {"name": 5}, "items": [{"name": true}]}"#,
        ] {
            let sample = agrees(text);
            assert!(!sample.surprises().is_empty(), "{text}");
        }
        let sample = agrees(r#"{"tags": ["a", null, "b"]}"#);
        assert_eq!(sample.tags.as_ref().map(Vec::len), Some(2));
        assert!(
            sample.surprises().is_empty(),
            "a null item is not a surprise"
        );
    }

    #[test]
    fn what_the_serde_passes_write_otherwise_stops_the_first_pass() {
        // An object or a list where a field takes another type (written back member by member).
        stops(r#"{"inner": [1]}"#);
        stops(r#"{"text": {"a": 1}}"#);
        // Numbers serde_json reads as floats: their text would be lost.
        stops(r#"{"count": 1.0}"#);
        stops(r#"{"count": -0}"#);
        stops(r#"{"id": 1e2}"#);
        stops(r#"{"id": 99999999999999999999}"#);
        stops(r#"{"tags": [1.5]}"#);
        // A member sent twice, a lone surrogate.
        stops(r#"{"text": "a", "text": "b"}"#);
        stops(r#"{"text": "\ud83d"}"#);
        stops(r#"{"\udc00": 1}"#);
        // Text that is not JSON, or not an object.
        stops(r#"{"text": "a" "id": 1}"#);
        stops(r#"{"unknown": [1,]}"#);
        stops(r#"{"unknown": 01}"#);
        stops("{\"text\": \"a\u{1}\"}");
        stops(r#"{"text": "a"} x"#);
        stops(r#"{"text": "a""#);
        stops("null");
        stops("");
    }

    #[test]
    fn plain_text_runs_end_at_the_first_quote_backslash_or_control_character() {
        for (text, end) in [
            ("", 0),
            ("abc", 3),
            ("abcdefghij\"", 10),
            ("abcdefgh\\", 8),
            ("abc\u{1f}defghijk", 3),
            ("é日本語 and more\"", "é日本語 and more".len()),
            ("\"\\", 0),
        ] {
            assert_eq!(plain_run(text.as_bytes(), 0), end, "{text:?}");
        }
    }
}
