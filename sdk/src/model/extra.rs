//! [`Extra`]: what a model's fields do not hold, kept as sent and written back.

use std::fmt;

use crate::model::secret;
use crate::model::values::{RawJson, Text};

/// Members a model's fields do not hold, kept as sent and written back: members the model does
/// not know, members sent as `null`, and members (or list items) whose JSON type did not fit.
///
/// [`UnknownFields`](crate::model::unknown::UnknownFields) lists the unknown and the surprising ones by JSON path.
#[derive(Clone, Default, PartialEq)]
pub struct Extra {
    /// Boxed: most models keep nothing, and then this costs one pointer, not three.
    #[allow(clippy::box_collection)]
    entries: Option<Box<Vec<Entry>>>,
}

#[derive(Clone, PartialEq)]
pub(crate) struct Entry {
    /// Inline up to 24 bytes: most member names take no allocation.
    pub(crate) key: Text,
    pub(crate) kind: Kind,
}

/// What [`Extra`] keeps of one member.
#[derive(Clone, PartialEq)]
pub(crate) enum Kind {
    Unknown(RawJson),
    Null,
    Surprise(RawJson),
    /// Items of the list member `key` that did not fit, with their positions.
    Items(Vec<(usize, RawJson)>),
}

impl Extra {
    /// The member `key` the model does not know (or whose value did not fit), as sent.
    pub fn get(&self, key: &str) -> Option<&RawJson> {
        self.entries()
            .iter()
            .find(|e| &*e.key == key)
            .and_then(|e| match &e.kind {
                Kind::Unknown(v) | Kind::Surprise(v) => Some(v),
                Kind::Null | Kind::Items(_) => None,
            })
    }

    /// The members the model does not know, as sent.
    pub fn unknown(&self) -> impl Iterator<Item = (&str, &RawJson)> {
        self.entries().iter().filter_map(|e| match &e.kind {
            Kind::Unknown(v) => Some((&*e.key, v)),
            _ => None,
        })
    }

    /// Adds (or replaces) a member the model does not know, to be written back with it.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<RawJson>) {
        let key = Text::from(key.into());
        self.remove(&key);
        self.push_entry(Entry {
            key,
            kind: Kind::Unknown(value.into()),
        });
    }

    /// Forgets whatever is kept under `key`.
    pub fn remove(&mut self, key: &str) {
        if let Some(entries) = &mut self.entries {
            entries.retain(|e| &*e.key != key);
        }
    }

    /// Whether anything is kept under `key` (`null` included).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.entries().iter().any(|e| &*e.key == key)
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    pub(crate) fn entries(&self) -> &[Entry] {
        self.entries.as_deref().map_or(&[], Vec::as_slice)
    }

    pub(crate) fn push(&mut self, key: &str, kind: Kind) {
        self.push_entry(Entry {
            key: key.into(),
            kind,
        });
    }

    pub(crate) fn push_entry(&mut self, entry: Entry) {
        // Room for a few at once: a model that keeps one member often keeps several (`null`s).
        self.entries
            .get_or_insert_with(|| Box::new(Vec::with_capacity(8)))
            .push(entry);
    }

    pub(crate) fn items(&self, key: &str) -> &[(usize, RawJson)] {
        self.entries()
            .iter()
            .find_map(|e| match &e.kind {
                Kind::Items(items) if &*e.key == key => Some(items.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for e in self.entries() {
            match &e.kind {
                _ if secret::is_secret_member(&e.key) => {
                    map.entry(&e.key, &format_args!("[redacted]"))
                }
                Kind::Unknown(v) | Kind::Surprise(v) => map.entry(&e.key, v),
                Kind::Null => map.entry(&e.key, &format_args!("null")),
                Kind::Items(items) => map.entry(&e.key, items),
            };
        }
        map.finish()
    }
}
