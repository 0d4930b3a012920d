//! The custom datatypes of the manifest that are not plain JSON: Datepicker and Map.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, sent to Intercom as integer Unix seconds (the manifest's `Datepicker`).
///
/// Build it from seconds, a [`SystemTime`], or text holding either seconds or RFC 3339 with any
/// offset:
///
/// ```
/// use intercom_sdk::Timestamp;
/// let a = Timestamp::from_unix_seconds(1_500_000_000);
/// let b: Timestamp = "2017-07-14T04:40:00+02:00".parse()?;
/// let c: Timestamp = "1500000000".parse()?;
/// assert_eq!(a, b);
/// assert_eq!(a, c);
/// # Ok::<(), intercom_sdk::ParseTimestampError>(())
/// ```
///
/// A timestamp decoded from an answer remembers the form it came in (an integer, or a string:
/// webhook payloads carry numeric and RFC 3339 strings such as `"2017-11-27T11:12:24.713Z"`) and
/// is written back in that form, so a round trip gives the same JSON; the form is not part of
/// equality. It is 16 bytes and `Copy`.
#[derive(Clone, Copy)]
pub struct Timestamp {
    seconds: i64,
    form: Form,
}

/// How a timestamp was written in JSON; text forms are rebuilt from their parts when written.
/// Eight bytes, so a timestamp is sixteen.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Form {
    kind: FormKind,
    /// RFC 3339: how many digits the fraction had.
    digits: u8,
    /// RFC 3339: the offset the time was written in.
    offset_minutes: i16,
    /// RFC 3339: the fraction of the second.
    nanos: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum FormKind {
    #[default]
    Integer,
    /// Unix seconds as a string: `"1401970114"`.
    Digits,
    /// RFC 3339 text with a numeric offset.
    Rfc3339,
    /// RFC 3339 text in UTC written `Z`.
    Rfc3339Zulu,
}

impl Form {
    const INTEGER: Form = Form {
        kind: FormKind::Integer,
        digits: 0,
        offset_minutes: 0,
        nanos: 0,
    };

    const DIGITS: Form = Form {
        kind: FormKind::Digits,
        ..Form::INTEGER
    };
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text() {
            Some(text) => write!(f, "Timestamp({} from {text:?})", self.seconds),
            None => write!(f, "Timestamp({})", self.seconds),
        }
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.seconds == other.seconds
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.seconds.cmp(&other.seconds)
    }
}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.seconds.hash(state);
    }
}

impl Timestamp {
    /// The instant `seconds` after 1970-01-01T00:00:00Z.
    pub const fn from_unix_seconds(seconds: i64) -> Self {
        Timestamp {
            seconds,
            form: Form::INTEGER,
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z, as Intercom wants them.
    pub const fn unix_seconds(&self) -> i64 {
        self.seconds
    }

    /// A timestamp read from JSON text (Unix seconds or RFC 3339), written back as that text;
    /// `None` for text that is not a timestamp, or not one this type can write back byte for byte.
    pub(crate) fn from_json_str(text: &str) -> Option<Self> {
        if let Ok(seconds) = text.parse::<i64>() {
            let form = Form::DIGITS;
            return (seconds.to_string() == text).then_some(Timestamp { seconds, form });
        }
        let t = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .ok()?;
        let fraction = text.split_once('.').map_or("", |(_, rest)| rest);
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        let timestamp = Timestamp {
            seconds: t.unix_timestamp(),
            form: Form {
                kind: if text.ends_with('Z') {
                    FormKind::Rfc3339Zulu
                } else {
                    FormKind::Rfc3339
                },
                digits: u8::try_from(digits).ok()?,
                offset_minutes: t.offset().whole_minutes(),
                nanos: t.nanosecond(),
            },
        };
        (timestamp.text().as_deref() == Some(text)).then_some(timestamp)
    }

    /// The text a timestamp read from a JSON string is written back as.
    fn text(&self) -> Option<String> {
        let Form {
            kind,
            digits,
            offset_minutes,
            nanos,
        } = self.form;
        match kind {
            FormKind::Integer => None,
            FormKind::Digits => Some(self.seconds.to_string()),
            FormKind::Rfc3339 | FormKind::Rfc3339Zulu => {
                let zulu = kind == FormKind::Rfc3339Zulu;
                rfc3339(self.seconds, offset_minutes, nanos, digits, zulu)
            }
        }
    }

    /// The current time, truncated to the second.
    pub fn now() -> Self {
        SystemTime::now().into()
    }

    /// The instant as a `SystemTime` (with the fraction of a second an RFC 3339 text carried).
    ///
    /// ```
    /// use std::time::{Duration, SystemTime, UNIX_EPOCH};
    /// let t = intercom_sdk::Timestamp::from_unix_seconds(1_500_000_000);
    /// assert_eq!(t.to_system_time(), UNIX_EPOCH + Duration::from_secs(1_500_000_000));
    /// let back: intercom_sdk::Timestamp = SystemTime::from(t).into();
    /// assert_eq!(back, t);
    /// ```
    pub fn to_system_time(&self) -> SystemTime {
        let nanos = std::time::Duration::from_nanos(u64::from(self.form.nanos));
        let whole = std::time::Duration::from_secs(self.seconds.unsigned_abs());
        let base = if self.seconds >= 0 {
            UNIX_EPOCH.checked_add(whole)
        } else {
            UNIX_EPOCH.checked_sub(whole)
        };
        base.and_then(|t| t.checked_add(nanos))
            .unwrap_or(UNIX_EPOCH)
    }

    /// The instant as a `time::OffsetDateTime` in UTC (the `time` crate's type; with the
    /// fraction of a second an RFC 3339 text carried). `None` beyond the years `time` holds.
    ///
    /// ```
    /// let t = intercom_sdk::Timestamp::from_unix_seconds(0);
    /// assert_eq!(t.to_offset_date_time().map(|d| d.year()), Some(1970));
    /// ```
    pub fn to_offset_date_time(&self) -> Option<time::OffsetDateTime> {
        time::OffsetDateTime::from_unix_timestamp(self.seconds)
            .ok()?
            .replace_nanosecond(self.form.nanos)
            .ok()
    }
}

impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> Self {
        t.to_system_time()
    }
}

impl From<time::OffsetDateTime> for Timestamp {
    /// Truncates to whole seconds.
    fn from(t: time::OffsetDateTime) -> Self {
        Timestamp::from_unix_seconds(t.unix_timestamp())
    }
}

impl From<i64> for Timestamp {
    fn from(seconds: i64) -> Self {
        Timestamp::from_unix_seconds(seconds)
    }
}

impl From<SystemTime> for Timestamp {
    /// Truncates to whole seconds (towards the past, before 1970 too).
    fn from(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Timestamp::from_unix_seconds(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                Timestamp::from_unix_seconds(-secs - i64::from(d.subsec_nanos() > 0))
            }
        }
    }
}

/// Text that is neither Unix seconds nor an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimestampError {
    input: String,
}

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a timestamp: give Unix seconds (1500000000) or RFC 3339 (2017-07-14T02:40:00Z)",
            self.input
        )
    }
}

impl std::error::Error for ParseTimestampError {}

impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Ok(seconds) = s.parse::<i64>() {
            return Ok(Timestamp::from_unix_seconds(seconds));
        }
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map(|t| Timestamp::from_unix_seconds(t.unix_timestamp()))
            .map_err(|_| ParseTimestampError {
                input: s.to_owned(),
            })
    }
}

impl fmt::Display for Timestamp {
    /// Unix seconds, as sent on the wire.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.seconds)
    }
}

/// `seconds` as RFC 3339 text in the offset `offset_minutes`, with `digits` digits of `nanos`.
fn rfc3339(
    seconds: i64,
    offset_minutes: i16,
    nanos: u32,
    digits: u8,
    zulu: bool,
) -> Option<String> {
    use std::fmt::Write as _;
    let offset = time::UtcOffset::from_whole_seconds(i32::from(offset_minutes) * 60).ok()?;
    let t = time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()?
        .to_offset(offset);
    if !(0..=9999).contains(&t.year()) || digits > 9 {
        return None;
    }
    let mut text = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    if digits > 0 {
        let fraction = format!("{nanos:09}");
        text.push('.');
        text.push_str(fraction.get(..usize::from(digits))?);
    }
    if zulu {
        text.push('Z');
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let m = offset_minutes.unsigned_abs();
        let _ = write!(text, "{sign}{:02}:{:02}", m / 60, m % 60);
    }
    Some(text)
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.text() {
            Some(text) => s.serialize_str(&text),
            None => s.serialize_i64(self.seconds),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Accepts integer seconds and (as some webhook payloads carry) seconds or RFC 3339 as a
    /// string.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Unix seconds, or RFC 3339 text")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_unix_seconds(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Timestamp, E> {
                i64::try_from(v)
                    .map(Timestamp::from_unix_seconds)
                    .map_err(|_| E::custom(format!("{v} is not a timestamp")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::from_json_str(v).ok_or_else(|| {
                    E::custom(ParseTimestampError {
                        input: v.to_owned(),
                    })
                })
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod timestamp_tests {
    use super::*;

    #[test]
    fn text_forms_are_written_back_byte_for_byte() {
        for text in [
            "1401970114",
            "2017-11-27T11:12:24.713Z",
            "2016-12-22T03:54:57.000Z",
            "2017-07-14T04:40:00+02:00",
            "1999-12-31T23:59:59-05:30",
            "2020-02-29T12:00:00.123456789Z",
        ] {
            let t = Timestamp::from_json_str(text).unwrap_or_else(|| panic!("{text}"));
            let back = serde_json::to_string(&t).unwrap_or_default();
            assert_eq!(back, format!("{text:?}"));
        }
        let a = Timestamp::from_json_str("2017-07-14T04:40:00+02:00");
        assert_eq!(a.map(|t| t.unix_seconds()), Some(1_500_000_000));
        // Valid RFC 3339 that could not be written back as it came is refused (kept as sent by
        // the models instead).
        for odd in ["2017-11-27t11:12:24z", "01401970114", "soon"] {
            assert!(Timestamp::from_json_str(odd).is_none(), "{odd}");
        }
        assert_eq!(std::mem::size_of::<Timestamp>(), 16);
    }
}

/// A latitude/longitude pair, written `"lat,lon"` (the manifest's `Map`).
///
/// ```
/// use intercom_sdk::LatLon;
/// let p: LatLon = "40.7128,-74.006".parse()?;
/// assert_eq!(p.to_string(), "40.7128,-74.006");
/// assert!("91,0".parse::<LatLon>().is_err());
/// # Ok::<(), intercom_sdk::ParseLatLonError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    lat: f64,
    lon: f64,
}

/// A `"lat,lon"` text or pair that is malformed or out of range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseLatLonError {
    message: String,
}

impl fmt::Display for ParseLatLonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseLatLonError {}

impl LatLon {
    /// A pair, if latitude is within ±90 and longitude within ±180 degrees.
    pub fn new(lat: f64, lon: f64) -> Result<Self, ParseLatLonError> {
        if !(-90.0..=90.0).contains(&lat) {
            return Err(ParseLatLonError {
                message: format!("latitude {lat} is outside -90..=90"),
            });
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(ParseLatLonError {
                message: format!("longitude {lon} is outside -180..=180"),
            });
        }
        Ok(LatLon { lat, lon })
    }

    /// Degrees north.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Degrees east.
    pub fn lon(self) -> f64 {
        self.lon
    }
}

impl FromStr for LatLon {
    type Err = ParseLatLonError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseLatLonError {
            message: format!("`{s}` is not \"lat,lon\" (e.g. \"40.7128,-74.006\")"),
        };
        let (lat, lon) = s.split_once(',').ok_or_else(bad)?;
        let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
        let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
        LatLon::new(lat, lon)
    }
}

impl fmt::Display for LatLon {
    /// `lat,lon` with the shortest digits that read back to the same numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.lat, self.lon)
    }
}

impl Serialize for LatLon {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LatLon {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}
