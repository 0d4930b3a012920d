//! Search queries of the 2.x API (`client.contacts().search(…)`, conversations, tickets), built
//! so that a query Intercom would refuse cannot be written: operators are an enum, each takes
//! the values it can compare (a list for `IN`, text for `~`, a number or time for `<`), and
//! `AND`/`OR` groups nest as deep, and hold as many filters, as the API allows.
//!
//! ```
//! use intercom_sdk::search::Query;
//!
//! // (role = user) AND (email ends with @example.com OR created after a time)
//! let query = Query::all([
//!     Query::field("role").eq("user"),
//!     Query::any([
//!         Query::field("email").ends_with("@example.com"),
//!         Query::field("created_at").gt(1_577_869_200),
//!     ]),
//! ]);
//! assert_eq!(
//!     serde_json::to_value(&query)?,
//!     serde_json::json!({"operator": "AND", "value": [
//!         {"field": "role", "operator": "=", "value": "user"},
//!         {"operator": "OR", "value": [
//!             {"field": "email", "operator": "$", "value": "@example.com"},
//!             {"field": "created_at", "operator": ">", "value": 1577869200}
//!         ]}
//!     ]})
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::model::datatypes::Timestamp;

/// Groups nested in groups, at most: Intercom allows two levels of `AND`/`OR`.
pub const MAX_DEPTH: usize = 2;
/// Filters (or groups) in one group, at most.
pub const MAX_GROUP: usize = 15;

/// A search query: one filter, or a group of queries that must all (`AND`) or any (`OR`) match.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// One comparison of a field with a value.
    Filter(Filter),
    /// Every query must match.
    And(Vec<Query>),
    /// At least one query must match.
    Or(Vec<Query>),
}

/// One comparison: `field operator value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    field: String,
    operator: Operator,
    value: Value,
}

/// The comparisons the search API knows, as it writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operator {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `IN`: one of a list.
    In,
    /// `NIN`: none of a list.
    Nin,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `~`: contains.
    Contains,
    /// `!~`: does not contain.
    NotContains,
    /// `^`: starts with.
    StartsWith,
    /// `$`: ends with.
    EndsWith,
}

impl Operator {
    /// The operator as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "=",
            Operator::Ne => "!=",
            Operator::In => "IN",
            Operator::Nin => "NIN",
            Operator::Lt => "<",
            Operator::Le => "<=",
            Operator::Gt => ">",
            Operator::Ge => ">=",
            Operator::Contains => "~",
            Operator::NotContains => "!~",
            Operator::StartsWith => "^",
            Operator::EndsWith => "$",
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value a filter compares with.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A whole number (Unix seconds, for a time).
    Integer(i64),
    /// A boolean.
    Boolean(bool),
    /// `null`: the field has no value.
    Null,
    /// A list (`IN`, `NIN`).
    List(Vec<Value>),
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Integer(v)
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Integer(i64::from(v))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Boolean(v)
    }
}

impl From<Timestamp> for Value {
    fn from(v: Timestamp) -> Self {
        Value::Integer(v.unix_seconds())
    }
}

/// A value `<`, `<=`, `>` and `>=` can compare with: a number or a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ordered(i64);

impl From<i64> for Ordered {
    fn from(v: i64) -> Self {
        Ordered(v)
    }
}

impl From<i32> for Ordered {
    fn from(v: i32) -> Self {
        Ordered(i64::from(v))
    }
}

impl From<Timestamp> for Ordered {
    fn from(v: Timestamp) -> Self {
        Ordered(v.unix_seconds())
    }
}

/// The start of a filter: the field, waiting for its comparison.
#[derive(Debug, Clone)]
#[must_use = "a field is compared by `.eq(…)`, `.gt(…)`, …"]
pub struct FieldQuery(String);

impl FieldQuery {
    fn with(self, operator: Operator, value: Value) -> Query {
        Query::Filter(Filter {
            field: self.0,
            operator,
            value,
        })
    }

    /// `=`: the field equals the value.
    pub fn eq(self, value: impl Into<Value>) -> Query {
        self.with(Operator::Eq, value.into())
    }

    /// `!=`: the field differs from the value.
    pub fn ne(self, value: impl Into<Value>) -> Query {
        self.with(Operator::Ne, value.into())
    }

    /// `IN`: the field equals one of the values.
    pub fn is_in<V: Into<Value>>(self, values: impl IntoIterator<Item = V>) -> Query {
        let list = values.into_iter().map(Into::into).collect();
        self.with(Operator::In, Value::List(list))
    }

    /// `NIN`: the field equals none of the values.
    pub fn not_in<V: Into<Value>>(self, values: impl IntoIterator<Item = V>) -> Query {
        let list = values.into_iter().map(Into::into).collect();
        self.with(Operator::Nin, Value::List(list))
    }

    /// `<`
    pub fn lt(self, value: impl Into<Ordered>) -> Query {
        self.with(Operator::Lt, Value::Integer(value.into().0))
    }

    /// `<=`
    pub fn le(self, value: impl Into<Ordered>) -> Query {
        self.with(Operator::Le, Value::Integer(value.into().0))
    }

    /// `>`
    pub fn gt(self, value: impl Into<Ordered>) -> Query {
        self.with(Operator::Gt, Value::Integer(value.into().0))
    }

    /// `>=`
    pub fn ge(self, value: impl Into<Ordered>) -> Query {
        self.with(Operator::Ge, Value::Integer(value.into().0))
    }

    /// `~`: the field contains the text.
    pub fn contains(self, text: impl Into<String>) -> Query {
        self.with(Operator::Contains, Value::Text(text.into()))
    }

    /// `!~`: the field does not contain the text.
    pub fn not_contains(self, text: impl Into<String>) -> Query {
        self.with(Operator::NotContains, Value::Text(text.into()))
    }

    /// `^`: the field starts with the text.
    pub fn starts_with(self, text: impl Into<String>) -> Query {
        self.with(Operator::StartsWith, Value::Text(text.into()))
    }

    /// `$`: the field ends with the text.
    pub fn ends_with(self, text: impl Into<String>) -> Query {
        self.with(Operator::EndsWith, Value::Text(text.into()))
    }
}

impl Query {
    /// A filter on `field` (`email`, `custom_attributes.plan`), finished by its comparison.
    pub fn field(field: impl Into<String>) -> FieldQuery {
        FieldQuery(field.into())
    }

    /// `AND`: every query must match.
    pub fn all(queries: impl IntoIterator<Item = Query>) -> Query {
        Query::And(queries.into_iter().collect())
    }

    /// `OR`: at least one query must match.
    pub fn any(queries: impl IntoIterator<Item = Query>) -> Query {
        Query::Or(queries.into_iter().collect())
    }

    /// Why Intercom would refuse this query, if it would: a group nested deeper than
    /// [`MAX_DEPTH`], a group of more than [`MAX_GROUP`] queries or of none.
    pub fn check(&self) -> Result<(), String> {
        self.check_at(0)
    }

    fn check_at(&self, depth: usize) -> Result<(), String> {
        let (Query::And(items) | Query::Or(items)) = self else {
            return Ok(());
        };
        if depth >= MAX_DEPTH {
            return Err(format!(
                "groups nest at most {MAX_DEPTH} deep (AND/OR inside AND/OR)"
            ));
        }
        if items.is_empty() || items.len() > MAX_GROUP {
            return Err(format!(
                "a group holds 1 to {MAX_GROUP} queries, this one {}",
                items.len()
            ));
        }
        items.iter().try_for_each(|q| q.check_at(depth + 1))
    }
}

impl Serialize for Query {
    /// The JSON the search API reads; a query it would refuse (see [`Query::check`]) is not
    /// written, so a call with it fails before anything is sent.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.check().map_err(S::Error::custom)?;
        write(self, s)
    }
}

fn write<S: Serializer>(query: &Query, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(3))?;
    match query {
        Query::Filter(f) => {
            map.serialize_entry("field", &f.field)?;
            map.serialize_entry("operator", f.operator.as_str())?;
            map.serialize_entry("value", &f.value)?;
        }
        Query::And(items) | Query::Or(items) => {
            let operator = if matches!(query, Query::And(_)) {
                "AND"
            } else {
                "OR"
            };
            map.serialize_entry("operator", operator)?;
            map.serialize_entry("value", &Items(items))?;
        }
    }
    map.end()
}

struct Items<'a>(&'a [Query]);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct One<'a>(&'a Query);
        impl Serialize for One<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                write(self.0, s)
            }
        }
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for q in self.0 {
            seq.serialize_element(&One(q))?;
        }
        seq.end()
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(v) => s.serialize_str(v),
            Value::Integer(v) => s.serialize_i64(*v),
            Value::Boolean(v) => s.serialize_bool(*v),
            Value::Null => s.serialize_unit(),
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_limits() {
        let q = Query::field("tag_id").is_in(["1", "2"]);
        assert_eq!(
            serde_json::to_string(&q).unwrap_or_default(),
            r#"{"field":"tag_id","operator":"IN","value":["1","2"]}"#
        );
        let leaf = || Query::field("a").eq(1);
        let three_deep = Query::all([Query::any([Query::all([leaf()])])]);
        assert!(three_deep.check().is_err());
        assert!(serde_json::to_string(&three_deep).is_err());
        assert!(Query::all((0..16).map(|_| leaf())).check().is_err());
        assert!(Query::all(Vec::new()).check().is_err());
        assert!(Query::all((0..15).map(|_| leaf())).check().is_ok());
    }
}
