//! The values given on the command line, read into the SDK's types. A bad value is an error
//! naming its flag, before anything is sent.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use intercom_sdk::meta::Operation;
use serde_json::value::RawValue;

use crate::names;
use crate::run::CliError;

/// The flags given for one operation, by seed field name.
pub struct Args {
    op: &'static Operation,
    values: HashMap<&'static str, String>,
}

impl Args {
    /// Values for `op`, keyed by seed field name.
    pub fn new(op: &'static Operation, values: HashMap<&'static str, String>) -> Self {
        Args { op, values }
    }

    /// The raw text of a field, if given.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    fn flag(&self, name: &str) -> String {
        match self.op.field(name) {
            Some(f) => format!("--{}", names::flag(f)),
            None => format!("--{name}"),
        }
    }

    /// A refused value of the input `name`, naming its flag.
    pub fn bad(&self, name: &str, why: impl Display) -> CliError {
        CliError::Input(format!("{}: {why}", self.flag(name)))
    }

    /// A required value, read by `read`.
    pub fn required<T>(
        &self,
        name: &str,
        read: impl Fn(&str) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        match self.raw(name) {
            Some(raw) => read(raw),
            None => Err(CliError::Input(format!("{} is required", self.flag(name)))),
        }
    }

    /// An optional value, read by `read` when given.
    pub fn optional<T>(
        &self,
        name: &str,
        read: impl Fn(&str) -> Result<T, CliError>,
    ) -> Result<Option<T>, CliError> {
        self.raw(name).map(read).transpose()
    }

    /// Text as it is.
    pub fn text(&self, _name: &str, raw: &str) -> Result<String, CliError> {
        Ok(raw.to_owned())
    }

    /// Anything with `FromStr`: booleans, numbers, datepickers, maps, Select values.
    pub fn parse<T: FromStr>(&self, name: &str, raw: &str) -> Result<T, CliError>
    where
        T::Err: Display,
    {
        raw.trim().parse().map_err(|e| self.bad(name, e))
    }

    /// A whole number.
    pub fn integer(&self, name: &str, raw: &str) -> Result<i64, CliError> {
        self.parse::<i64>(name, raw)
    }

    /// A finite number (JSON has no NaN or infinity; `1e400` overflows to infinity).
    pub fn number(&self, name: &str, raw: &str) -> Result<f64, CliError> {
        match self.parse::<f64>(name, raw)? {
            n if n.is_finite() => Ok(n),
            _ => Err(self.bad(name, format!("`{raw}` is not a finite number"))),
        }
    }

    /// A JSON object, kept as its text: a number keeps every digit it was given.
    pub fn json_object(&self, name: &str, raw: &str) -> Result<Box<RawValue>, CliError> {
        match serde_json::from_str::<Box<RawValue>>(raw) {
            Ok(text) if text.get().starts_with('{') => Ok(text),
            Ok(_) => Err(self.bad(name, "expected a JSON object, like {\"plan\": \"pro\"}")),
            Err(e) => Err(self.bad(name, format!("malformed JSON: {e}"))),
        }
    }

    /// A JSON array of strings (a comma-separated list is accepted too).
    pub fn string_list(&self, name: &str, raw: &str) -> Result<Vec<String>, CliError> {
        if !raw.trim_start().starts_with('[') {
            return Ok(raw
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect());
        }
        serde_json::from_str::<Vec<String>>(raw)
            .map_err(|e| self.bad(name, format!("expected a JSON array of strings: {e}")))
    }

    /// A JSON array of objects, each kept as its text.
    pub fn object_list(&self, name: &str, raw: &str) -> Result<Vec<Box<RawValue>>, CliError> {
        let items = serde_json::from_str::<Vec<Box<RawValue>>>(raw)
            .map_err(|e| self.bad(name, format!("expected a JSON array of objects: {e}")))?;
        match items.iter().position(|item| !item.get().starts_with('{')) {
            Some(i) => Err(self.bad(name, format!("item {i} is not a JSON object"))),
            None => Ok(items),
        }
    }
}
