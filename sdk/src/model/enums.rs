//! What generated enums share: the parse error of a Select's text, and the drift warning of a
//! value a server enum does not know.

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
