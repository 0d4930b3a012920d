//! Looking into decoded models: the walks behind [`UnknownFields`](crate::model::unknown::UnknownFields),
//! equality, and `Debug`.

use std::fmt;

use crate::model::extra::Kind;
use crate::model::fields::{Fields, SlotRef};
use crate::model::values::RawJson;

/// What [`walk`] looks for.
#[derive(Clone, Copy)]
pub(crate) enum Find {
    /// Members the models do not name, and enum values they do not know.
    Unknown,
    /// Members and list items whose JSON type did not fit.
    Surprises,
}

/// Where [`walk`] reports what it finds.
pub(crate) trait Sink {
    /// `path` holds what was looked for; `misfit` says more of a value whose type did not fit.
    fn found(&mut self, path: String, misfit: Option<Misfit<'_>>);
}

/// A value whose JSON type did not fit its member: the member `key` of `model` (one of its
/// items when `item`), and the value as sent.
pub(crate) struct Misfit<'a> {
    pub(crate) model: &'a dyn Fields,
    pub(crate) key: &'a str,
    pub(crate) item: bool,
    pub(crate) raw: &'a RawJson,
}

/// Paths only: what [`UnknownFields`](crate::model::unknown::UnknownFields) lists.
impl Sink for Vec<String> {
    fn found(&mut self, path: String, _: Option<Misfit<'_>>) {
        self.push(path);
    }
}

/// Reports to `out` the JSON path of everything `find` looks for in `model`, at any depth. List
/// items are named by their position in the JSON that came in, items that did not fit included.
pub(crate) fn walk(model: &dyn Fields, path: &str, find: Find, out: &mut dyn Sink) {
    for e in model.extra().entries() {
        let misfit = |raw, item| Misfit {
            model,
            key: &e.key,
            item,
            raw,
        };
        match (&e.kind, find) {
            (Kind::Unknown(_), Find::Unknown) => out.found(format!("{path}.{}", e.key), None),
            (Kind::Surprise(raw), Find::Surprises) => {
                out.found(format!("{path}.{}", e.key), Some(misfit(raw, false)));
            }
            (Kind::Items(items), Find::Surprises) => {
                // A `null` item is kept in its place like a `null` member: not a surprise.
                for (i, raw) in items.iter().filter(|(_, raw)| raw.as_str() != "null") {
                    out.found(format!("{path}.{}[{i}]", e.key), Some(misfit(raw, true)));
                }
            }
            _ => {}
        }
    }
    model.each(&mut |name, value| {
        let path = format!("{path}.{name}");
        match value {
            SlotRef::List(list) => {
                let misfits = model.extra().items(name);
                for (i, at) in positions(list.len(), misfits).enumerate() {
                    walk_value(&list.item(i), &format!("{path}[{at}]"), find, out);
                }
            }
            value => walk_value(&value, &path, find, out),
        }
    });
}

pub(crate) fn walk_value(value: &SlotRef<'_>, path: &str, find: Find, out: &mut dyn Sink) {
    match value {
        SlotRef::Enum(v, false) if matches!(find, Find::Unknown) => {
            out.found(format!("{path} = {v:?}"), None);
        }
        SlotRef::Model(m) => walk(*m, path, find, out),
        _ => {}
    }
}

/// The positions in the JSON that came in of the `len` items of a list, the items at `misfits`
/// having been left out of it.
/// Linear: `misfits` are in increasing position (decoding records them in order), so one cursor
/// walks them beside the positions.
fn positions(len: usize, misfits: &[(usize, RawJson)]) -> impl Iterator<Item = usize> + '_ {
    let mut next_misfit = misfits.iter().map(|(at, _)| *at).peekable();
    (0..len + misfits.len())
        .filter(move |at| {
            while next_misfit.next_if(|m| m < at).is_some() {}
            next_misfit.next_if_eq(at).is_none()
        })
        .take(len)
}

/// Whether two models hold the same members and the same [`Extra`].
pub(crate) fn equal(a: &dyn Fields, b: &dyn Fields) -> bool {
    fn members(m: &dyn Fields) -> Vec<SlotRef<'_>> {
        let mut out = Vec::new();
        m.each(&mut |_, value| out.push(value));
        out
    }
    let (x, y) = (members(a), members(b));
    a.extra() == b.extra() && x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| same(p, q))
}

pub(crate) fn same(a: &SlotRef<'_>, b: &SlotRef<'_>) -> bool {
    match (a, b) {
        (SlotRef::Absent, SlotRef::Absent) => true,
        (SlotRef::Text(x), SlotRef::Text(y)) => x == y,
        (SlotRef::Id(x), SlotRef::Id(y)) => x == y,
        (SlotRef::Integer(x), SlotRef::Integer(y)) => x == y,
        (SlotRef::Number(x), SlotRef::Number(y)) => x == y,
        (SlotRef::Boolean(x), SlotRef::Boolean(y)) => x == y,
        (SlotRef::Timestamp(x), SlotRef::Timestamp(y)) => x == y,
        (SlotRef::Secret(x), SlotRef::Secret(y)) => x == y,
        (SlotRef::Json(x), SlotRef::Json(y)) => x == y,
        (SlotRef::Enum(x, _), SlotRef::Enum(y, _)) => x == y,
        (SlotRef::Model(x), SlotRef::Model(y)) => equal(*x, *y),
        (SlotRef::List(x), SlotRef::List(y)) => {
            x.len() == y.len() && (0..x.len()).all(|i| same(&x.item(i), &y.item(i)))
        }
        _ => false,
    }
}

/// `Debug` of a model: its name, the fields that hold a value, and [`Extra`] when not empty.
pub(crate) fn debug(model: &dyn Fields, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut s = f.debug_struct(model.model_name());
    model.each(&mut |name, value| {
        if !matches!(value, SlotRef::Absent) {
            s.field(name, &Show(value));
        }
    });
    if !model.extra().is_empty() {
        s.field("extra", model.extra());
    }
    s.finish()
}

/// `Debug` of one value (a union's shape).
pub(crate) fn debug_value(value: SlotRef<'_>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    fmt::Debug::fmt(&Show(value), f)
}

/// How much of `value` a model does not describe: unknown members and enum values, and values
/// of an unexpected type. A union's shape is the one where this is least.
pub(crate) fn problems(value: &SlotRef<'_>) -> usize {
    let mut out = Vec::new();
    match value {
        SlotRef::List(list) => {
            for i in 0..list.len() {
                walk_value(&list.item(i), "", Find::Unknown, &mut out);
                walk_value(&list.item(i), "", Find::Surprises, &mut out);
            }
        }
        value => {
            walk_value(value, "", Find::Unknown, &mut out);
            walk_value(value, "", Find::Surprises, &mut out);
        }
    }
    out.len()
}

struct Show<'a>(SlotRef<'a>);

impl fmt::Debug for Show<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            SlotRef::Absent => f.write_str("None"),
            SlotRef::Text(v) | SlotRef::Enum(v, _) => fmt::Debug::fmt(v, f),
            SlotRef::Id(v) => fmt::Debug::fmt(v, f),
            SlotRef::Integer(v) => fmt::Debug::fmt(v, f),
            SlotRef::Number(v) => fmt::Debug::fmt(v, f),
            SlotRef::Boolean(v) => fmt::Debug::fmt(v, f),
            SlotRef::Timestamp(v) => fmt::Debug::fmt(v, f),
            SlotRef::Secret(v) => fmt::Debug::fmt(v, f),
            SlotRef::Json(v) => fmt::Debug::fmt(v, f),
            SlotRef::Model(m) => debug(*m, f),
            SlotRef::List(list) => f
                .debug_list()
                .entries((0..list.len()).map(|i| Show(list.item(i))))
                .finish(),
        }
    }
}
