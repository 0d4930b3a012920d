//! What every generated Select enum shares: text and serde forms, and the parse error.

use std::fmt;

/// Text that is not one of a Select's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseSelectError {
    type_name: &'static str,
    value: String,
    expected: Vec<&'static str>,
}

impl ParseSelectError {
    pub(crate) fn new(type_name: &'static str, value: &str, expected: Vec<&'static str>) -> Self {
        ParseSelectError {
            type_name,
            value: value.to_owned(),
            expected,
        }
    }

    /// The values that would have been accepted.
    pub fn expected(&self) -> &[&'static str] {
        &self.expected
    }
}

impl fmt::Display for ParseSelectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a {}: expected one of {}",
            self.value,
            self.type_name,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for ParseSelectError {}

/// `Display`, `FromStr`, serde and wire forms of a Select enum, all through its `as_str`/`ALL`.
macro_rules! select_impls {
    ($ty:ident) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::ParseSelectError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| {
                        $crate::ParseSelectError::new(
                            stringify!($ty),
                            s,
                            Self::ALL.iter().map(|v| v.as_str()).collect(),
                        )
                    })
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }

        impl $crate::request::Wire for $ty {
            fn json(&self) -> ::serde_json::Value {
                ::serde_json::Value::from(self.as_str())
            }
            fn text(&self) -> String {
                self.as_str().to_owned()
            }
        }
    };
}

pub(crate) use select_impls;
