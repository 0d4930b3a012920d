//! [`Extra`]: what a model's fields do not hold, kept as sent and written back.

use std::fmt;

use crate::model::names::MemberNames;
use crate::model::secret;
use crate::model::values::{RawJson, Text};

/// Members a model's fields do not hold, kept as sent and written back: members the model does
/// not know, members sent as `null`, and members (or list items) whose JSON type did not fit.
///
/// [`UnknownFields`](crate::model::unknown::UnknownFields) lists the unknown and the surprising ones by JSON path.
#[derive(Clone, Default)]
pub struct Extra {
    /// Boxed: most models keep nothing, and then this costs one pointer, not three.
    #[allow(clippy::box_collection)]
    entries: Option<Box<Vec<Entry>>>,
    /// Members sent as `null`, one bit each by their place in `names` (the first 64; a member
    /// beyond is an entry). A bit, not an entry: a contact carries about 30 `null`s, and as
    /// entries they were a fifth of its decoding.
    nulls: u64,
    /// The model's member names, which `nulls` counts in; set with the first bit.
    names: Option<&'static MemberNames>,
}

/// How many members `null` bits cover.
const NULL_BITS: usize = u64::BITS as usize;

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
        if let Some(index) = self.null_index(key) {
            self.nulls &= !(1 << index);
        }
    }

    /// Whether anything is kept under `key` (`null` included).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.null_index(key).is_some() || self.entries().iter().any(|e| &*e.key == key)
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.nulls == 0 && self.entries().is_empty()
    }

    /// Keeps that the member at `index` of `names` was sent as `null`.
    pub(crate) fn push_null(&mut self, names: &'static MemberNames, index: usize) {
        let same_names = self.names.is_none_or(|known| std::ptr::eq(known, names));
        if index < NULL_BITS && same_names {
            self.names = Some(names);
            self.nulls |= 1 << index;
        } else if let Some(key) = names.get(index) {
            self.push(key, Kind::Null);
        }
    }

    /// Whether the member at `index` of the model's names was sent as `null` (kept as a bit).
    pub(crate) fn is_null(&self, index: usize) -> bool {
        index < NULL_BITS && self.nulls & (1 << index) != 0
    }

    /// Whether the `null` bits count in `names` (or there are none): false when this `Extra`
    /// was moved from a model of another type, whose members its bits name.
    pub(crate) fn counts_in(&self, names: &MemberNames) -> bool {
        self.names.is_none_or(|own| std::ptr::eq(own, names))
    }

    /// The place of the member `key` among the `null` bits, when its bit is set.
    fn null_index(&self, key: &str) -> Option<usize> {
        let index = self.names?.find(key)?;
        self.is_null(index).then_some(index)
    }

    /// The names of the members kept as `null` bits.
    pub(crate) fn null_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        let names = self.names.map_or(&[][..], MemberNames::all);
        names
            .iter()
            .enumerate()
            .filter(|(i, _)| self.is_null(*i))
            .map(|(_, name)| *name)
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

/// Equal when they keep the same members: `null` bits are compared by name.
impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.entries() == other.entries() && self.null_names().eq(other.null_names())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for name in self.null_names() {
            map.entry(&name, &format_args!("null"));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// 70 names: the first 64 are kept as bits, the others as entries.
    static NAMES: std::sync::LazyLock<MemberNames> = std::sync::LazyLock::new(|| {
        let names: Vec<&'static str> = (0..70)
            .map(|i| &*Box::leak(format!("m{i}").into_boxed_str()))
            .collect();
        MemberNames(Box::leak(names.into_boxed_slice()))
    });

    #[test]
    fn nulls_are_kept_by_name_whether_bits_or_entries() {
        let mut extra = Extra::default();
        assert!(extra.is_empty());
        extra.push_null(&NAMES, 3);
        extra.push_null(&NAMES, 63);
        extra.push_null(&NAMES, 65);
        assert!(!extra.is_empty());
        assert!(extra.is_null(3) && extra.is_null(63) && !extra.is_null(4));
        assert!(!extra.is_null(65), "beyond the bits, an entry");
        assert!(extra.has("m3") && extra.has("m63") && extra.has("m65") && !extra.has("m4"));
        assert_eq!(extra.get("m3"), None, "a null is not a value");
        assert_eq!(
            format!("{extra:?}"),
            r#"{"m3": null, "m63": null, "m65": null}"#
        );
    }

    #[test]
    fn removing_or_inserting_a_null_member_forgets_the_null() {
        let mut extra = Extra::default();
        extra.push_null(&NAMES, 3);
        extra.push_null(&NAMES, 5);
        extra.remove("m3");
        assert!(!extra.has("m3") && extra.has("m5"));
        extra.insert("m5", RawJson::from_text("1"));
        assert!(!extra.is_null(5));
        assert_eq!(extra.get("m5").map(RawJson::as_str), Some("1"));
        extra.remove("m5");
        assert!(extra.is_empty());
    }

    #[test]
    fn nulls_compare_by_name() {
        let (mut a, mut b) = (Extra::default(), Extra::default());
        a.push_null(&NAMES, 3);
        assert_ne!(a, b);
        b.push_null(&NAMES, 3);
        assert_eq!(a, b);
        b.push_null(&NAMES, 4);
        assert_ne!(a, b);
    }
}
