//! The contract between a generated model and the model runtime: where each member is decoded
//! to ([`Slot`]) and what each holds ([`SlotRef`]).

use crate::model::datatypes::Timestamp;
use crate::model::extra::Extra;
use crate::model::names::MemberNames;
use crate::model::secret::Secret;
use crate::model::values::{Id, Number, RawJson, Text};

/// The members of one response model. The generated code lists them three times, in
/// declaration order (a member's index is its place in it): their names, where each is decoded
/// to, and what each holds.
pub(crate) trait Fields: Common {
    /// The JSON names of the members.
    fn names(&self) -> &'static MemberNames;
    /// The index of the member called `key` and where it is decoded to; `None` for a member the
    /// model does not know.
    fn slot(&mut self, key: &str) -> Option<(usize, Slot<'_>)>;
    /// Calls `f` with the JSON name and the value of each member, in declaration order.
    fn each<'a>(&'a self, f: &mut dyn FnMut(&'static str, SlotRef<'a>));
}

/// What [`decode`](crate::decode) decodes a body into: a response model, or a union of them.
/// Every generated model and union is one, and nothing else is (the trait is sealed).
pub trait Decode: serde::de::DeserializeOwned + sealed::Sealed {}

pub(crate) mod sealed {
    /// Keeps [`Decode`](super::Decode) to this crate's types, and gives `decode` its first pass.
    pub trait Sealed: Sized {
        /// `text` decoded by the first pass ([`scan`](crate::model::scan)); `None` leaves it to
        /// the serde passes.
        fn scanned(text: &str) -> Option<Self>;
    }
}

/// What every model has, whatever its members ([`model_impls!`] implements it).
pub(crate) trait Common {
    /// The model's name, for warnings and `Debug`.
    fn model_name(&self) -> &'static str;
    /// Members the fields do not hold.
    fn extra(&self) -> &Extra;
    /// See [`Common::extra`].
    fn extra_mut(&mut self) -> &mut Extra;
    /// An empty model of the same type: what its members take, for strict decoding's errors.
    fn blank(&self) -> Box<dyn Fields>;
}

/// A field to decode into.
pub(crate) enum Slot<'a> {
    Text(&'a mut Option<Text>),
    Id(&'a mut Option<Id>),
    Integer(&'a mut Option<i64>),
    Number(&'a mut Option<Number>),
    Boolean(&'a mut Option<bool>),
    Timestamp(&'a mut Option<Timestamp>),
    Secret(&'a mut Option<Secret>),
    /// Any JSON value.
    Json(&'a mut Option<RawJson>),
    /// A JSON object.
    Object(&'a mut Option<RawJson>),
    Enum(&'a mut dyn EnumPlace),
    Model(&'a mut dyn ModelPlace),
    List(&'a mut dyn ListPlace),
    /// A value of one of several shapes: decoded from its raw text.
    Union(&'a mut dyn UnionPlace),
}

/// A field to read.
pub(crate) enum SlotRef<'a> {
    Absent,
    Text(&'a str),
    Id(&'a Id),
    Integer(i64),
    Number(&'a Number),
    Boolean(bool),
    Timestamp(&'a Timestamp),
    Secret(&'a Secret),
    Json(&'a RawJson),
    /// An enum value, and whether the model knows it.
    Enum(&'a str, bool),
    Model(&'a dyn Fields),
    List(&'a dyn ListRef),
}

/// A type a field (or a list item) can have.
pub(crate) trait Member: Sized {
    fn slot(place: &mut Option<Self>) -> Slot<'_>;
    fn slot_ref(&self) -> SlotRef<'_>;

    /// Decodes one list item with `decode`, given a place for it, and keeps it in `items` if
    /// it fits.
    fn push_item(items: &mut Vec<Self>, decode: &mut dyn FnMut(Slot<'_>) -> Step) -> Step {
        push_moved(items, decode)
    }
}

/// [`Member::push_item`] by decoding the item on the stack, then moving it into the list.
fn push_moved<T: Member>(items: &mut Vec<T>, decode: &mut dyn FnMut(Slot<'_>) -> Step) -> Step {
    let mut place = None;
    let step = decode(T::slot(&mut place));
    if let (Some(item), Step::Item(Outcome::Fit | Outcome::Partial(_))) = (place, &step) {
        if items.capacity() == 0 {
            // Most lists in an answer hold one item (a company, a tag): room for exactly one.
            // (Reserved only now: an empty list allocates nothing.)
            items.reserve_exact(1);
        }
        items.push(item);
    }
    step
}

/// [`Member::push_item`] for a model: decoded where it is kept in the list, when the list has
/// room for it, rather than on the stack and then moved (a contact is 1,760 bytes).
pub(crate) fn push_model<M: Member + Fields + Default>(
    items: &mut Vec<M>,
    decode: &mut dyn FnMut(Slot<'_>) -> Step,
) -> Step {
    // Without room, the list would have to grow before it is known whether an item comes.
    if items.len() == items.capacity() {
        return push_moved(items, decode);
    }
    items.push(M::default());
    let step = match items.last_mut() {
        Some(last) => decode(Slot::Model(&mut InPlace(last))),
        None => Step::Failed,
    };
    if !matches!(step, Step::Item(Outcome::Fit | Outcome::Partial(_))) {
        items.pop();
    }
    step
}

/// A model decoded where it already is.
struct InPlace<'a, M>(&'a mut M);

impl<M: Fields> ModelPlace for InPlace<'_, M> {
    fn fill(&mut self) -> &mut dyn Fields {
        self.0
    }
}

/// `Some(value)` as a [`SlotRef`], `None` as [`SlotRef::Absent`].
pub(crate) fn field_ref<T: Member>(field: &Option<T>) -> SlotRef<'_> {
    match field {
        Some(value) => value.slot_ref(),
        None => SlotRef::Absent,
    }
}

macro_rules! scalar_member {
    ($ty:ty, $variant:ident, |$v:ident| $read:expr) => {
        impl Member for $ty {
            fn slot(place: &mut Option<Self>) -> Slot<'_> {
                Slot::$variant(place)
            }
            fn slot_ref(&self) -> SlotRef<'_> {
                let $v = self;
                SlotRef::$variant($read)
            }
        }
    };
}

scalar_member!(Text, Text, |v| v);
scalar_member!(Id, Id, |v| v);
scalar_member!(i64, Integer, |v| *v);
scalar_member!(Number, Number, |v| v);
scalar_member!(bool, Boolean, |v| *v);
scalar_member!(Timestamp, Timestamp, |v| v);
scalar_member!(Secret, Secret, |v| v);
scalar_member!(RawJson, Json, |v| v);

impl<M: Fields + Default + 'static> Member for Box<M> {
    fn slot(place: &mut Option<Self>) -> Slot<'_> {
        Slot::Model(place)
    }
    fn slot_ref(&self) -> SlotRef<'_> {
        SlotRef::Model(&**self)
    }
}

impl<T: Member + 'static> Member for Vec<T> {
    fn slot(place: &mut Option<Self>) -> Slot<'_> {
        Slot::List(place)
    }
    fn slot_ref(&self) -> SlotRef<'_> {
        SlotRef::List(self)
    }
}

/// Where a model member is decoded: created empty when the member is there.
pub(crate) trait ModelPlace {
    fn fill(&mut self) -> &mut dyn Fields;
}

impl<M: Fields + Default> ModelPlace for Option<Box<M>> {
    fn fill(&mut self) -> &mut dyn Fields {
        match self {
            Some(model) => &mut **model,
            empty @ None => &mut **empty.insert(Box::default()),
        }
    }
}

/// Where a union member is decoded: from the value's raw JSON text, as the shape it is.
pub(crate) trait UnionPlace {
    fn fill(&mut self, raw: Box<serde_json::value::RawValue>);
}

/// Where an open enum member is decoded (values it does not know are kept as `Unknown`).
pub(crate) trait EnumPlace {
    fn set(&mut self, text: &str);
}

/// Where a list member is decoded.
pub(crate) trait ListPlace {
    /// Makes the field an empty list.
    fn start(&mut self);
    /// Gives back the room the list grew into but does not use.
    fn finish(&mut self);
    /// Decodes one item with `decode`, given a place for it; keeps the item if it fits.
    fn item(&mut self, decode: &mut dyn FnMut(Slot<'_>) -> Step) -> Step;
}

/// A list to read item by item.
pub(crate) trait ListRef {
    fn len(&self) -> usize;
    fn item(&self, index: usize) -> SlotRef<'_>;
}

impl<T: Member> ListPlace for Option<Vec<T>> {
    fn start(&mut self) {
        *self = Some(Vec::new());
    }
    fn finish(&mut self) {
        // Worth a copy only when much room is left: a long list wastes at most half of it.
        if let Some(items) = self {
            let spare = items.capacity() - items.len();
            if spare * std::mem::size_of::<T>() > 1024 && spare > items.len() {
                items.shrink_to_fit();
            }
        }
    }
    fn item(&mut self, decode: &mut dyn FnMut(Slot<'_>) -> Step) -> Step {
        let items = match self {
            Some(items) => items,
            empty @ None => empty.insert(Vec::new()),
        };
        T::push_item(items, decode)
    }
}

impl<T: Member> ListRef for Vec<T> {
    fn len(&self) -> usize {
        self.len()
    }
    fn item(&self, index: usize) -> SlotRef<'_> {
        self.get(index).map_or(SlotRef::Absent, Member::slot_ref)
    }
}

/// What decoding one value gave.
pub(crate) enum Outcome {
    /// It fit its field.
    Fit,
    /// It was `null`: the field stays empty and `null` is written back.
    Null,
    /// Its JSON type does not fit: kept as sent.
    Misfit(RawJson),
    /// A list whose items at these positions did not fit.
    Partial(Vec<(usize, RawJson)>),
}

/// One step through a list, as [`ListPlace::item`] reports it.
pub(crate) enum Step {
    Item(Outcome),
    End,
    /// The deserializer failed; the error is kept by the caller.
    Failed,
}
