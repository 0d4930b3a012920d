//! The seed's custom datatypes that are not plain JSON: Datepicker and Map.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, sent to Intercom as integer Unix seconds (the seed's Datepicker).
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
#[derive(Debug, Clone, Copy)]
pub struct Timestamp {
    seconds: i64,
    /// Decoded from a JSON string (some webhook payloads): written back as one, so a round trip
    /// gives the same JSON. Not part of equality.
    quoted: bool,
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
            quoted: false,
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z, as Intercom wants them.
    pub const fn unix_seconds(self) -> i64 {
        self.seconds
    }

    /// The current time, truncated to the second.
    pub fn now() -> Self {
        SystemTime::now().into()
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

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            s.collect_str(&self.seconds)
        } else {
            s.serialize_i64(self.seconds)
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Accepts integer seconds and, as some webhook payloads carry, seconds or RFC 3339 as a string.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Int(i64),
            Float(f64),
            Text(String),
        }
        match Repr::deserialize(d)? {
            Repr::Int(i) => Ok(Timestamp::from_unix_seconds(i)),
            #[allow(clippy::cast_possible_truncation)]
            Repr::Float(f) if f.is_finite() && f.abs() < 9.0e18 => {
                Ok(Timestamp::from_unix_seconds(f.floor() as i64))
            }
            Repr::Float(f) => Err(serde::de::Error::custom(format!("{f} is not a timestamp"))),
            Repr::Text(s) => {
                let t: Timestamp = s.parse().map_err(serde::de::Error::custom)?;
                Ok(Timestamp {
                    quoted: s.trim().parse::<i64>().is_ok(),
                    ..t
                })
            }
        }
    }
}

/// A latitude/longitude pair, written `"lat,lon"` (the seed's Map).
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
