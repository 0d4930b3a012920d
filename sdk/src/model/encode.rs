//! Writing a model back: its fields that hold a value, then what [`Extra`] keeps, list items
//! that did not fit put back in place.

use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use crate::model::extra::Kind;
use crate::model::fields::{Fields, SlotRef};
use crate::model::values::RawJson;

/// Writes a model back: its fields that hold a value or were sent as `null`, then what
/// [`Extra`] keeps (for a member that has a value again, the value wins).
pub(crate) fn serialize<S: Serializer>(model: &dyn Fields, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    let extra = model.extra();
    let mut written = Vec::new();
    let mut failed = None;
    // `null` bits name members by their index in this model, unless `extra` was moved here from
    // a model of another type: then its `null`s are written by name, with the other members.
    let own_nulls = extra.counts_in(model.names());
    let mut index = 0;
    model.each(&mut |name, value| {
        let null = own_nulls && extra.is_null(index);
        index += 1;
        if failed.is_some() {
            return;
        }
        let done = match value {
            SlotRef::Absent if null => map.serialize_entry(name, &()),
            SlotRef::Absent => return,
            value => map.serialize_entry(
                name,
                &Write {
                    value,
                    misfits: extra.items(name),
                },
            ),
        };
        match done {
            Ok(()) => written.push(name),
            Err(e) => failed = Some(e),
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if !own_nulls {
        for name in extra.null_names().filter(|name| !written.contains(name)) {
            map.serialize_entry(name, &())?;
        }
    }
    for e in extra.entries() {
        let filled = written.contains(&&*e.key);
        match &e.kind {
            Kind::Unknown(v) => map.serialize_entry(&*e.key, v)?,
            Kind::Surprise(v) if !filled => map.serialize_entry(&*e.key, v)?,
            Kind::Null if !filled => map.serialize_entry(&*e.key, &())?,
            _ => {}
        }
    }
    map.end()
}

/// Writes one value as a member of its type would be written (a union's shape, a list item).
pub(crate) fn serialize_value<S: Serializer>(value: SlotRef<'_>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(
        &Write {
            value,
            misfits: &[],
        },
        s,
    )
}

/// One field's value as it is written, with the list items that did not fit put back in place.
struct Write<'a> {
    value: SlotRef<'a>,
    misfits: &'a [(usize, RawJson)],
}

impl serde::Serialize for Write<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let plain = |value| Write {
            value,
            misfits: &[],
        };
        match &self.value {
            SlotRef::Absent => s.serialize_unit(),
            SlotRef::Text(v) | SlotRef::Enum(v, _) => s.serialize_str(v),
            SlotRef::Id(v) => v.serialize(s),
            SlotRef::Integer(v) => s.serialize_i64(*v),
            SlotRef::Number(v) => v.serialize(s),
            SlotRef::Boolean(v) => s.serialize_bool(*v),
            SlotRef::Timestamp(v) => v.serialize(s),
            SlotRef::Secret(v) => v.serialize(s),
            SlotRef::Json(v) => v.serialize(s),
            SlotRef::Model(m) => serialize(*m, s),
            SlotRef::List(list) => {
                let total = list.len() + self.misfits.len();
                let mut seq = s.serialize_seq(Some(total))?;
                let (mut next_item, mut misfits) = (0, self.misfits.iter().peekable());
                for position in 0..total {
                    match misfits.peek() {
                        Some((at, raw)) if *at == position || next_item >= list.len() => {
                            seq.serialize_element(raw)?;
                            misfits.next();
                        }
                        _ => {
                            seq.serialize_element(&plain(list.item(next_item)))?;
                            next_item += 1;
                        }
                    }
                }
                seq.end()
            }
        }
    }
}
