//! Response models: what every generated model shares, and the values its members hold.
//!
//! A generated model only says which members it has ([`fields::Fields`]: their JSON names
//! ([`names::MemberNames`]), and a [`fields::Slot`] to fill or a [`fields::SlotRef`] to read for
//! each); everything else happens here, once for all models. So a model costs a few small
//! functions to compile, not a derived `Deserialize` and `Serialize` of its own, and unknown
//! members go straight to [`extra::Extra`] as raw JSON text.
//!
//! Decoding never fails inside the top-level object ([`scan`] reads plain answers, [`decode`]
//! every other): a member whose JSON type does not fit its field is kept in `Extra` as sent (and
//! reported by [`unknown::UnknownFields::surprises`]), a list item that does not fit is left out
//! of the typed list and kept with its position, `null` is kept as `null` (a bit of `Extra`).
//! [`encode`] writes back exactly what came in; [`inspect`] finds what did not fit.
//!
//! The member types keep what was sent: [`values`] (`Id`, `Text`, `Number`, `RawJson`),
//! [`datatypes`] (`Timestamp`, `LatLon`), [`secret`] (`Secret`, and redaction of bodies), and
//! [`enums`] (what Select and server enums share).

pub(crate) mod datatypes;
pub(crate) mod decode;
pub(crate) mod drift;
pub(crate) mod encode;
pub(crate) mod enums;
pub(crate) mod extra;
pub(crate) mod fields;
pub(crate) mod inspect;
pub(crate) mod json_text;
pub(crate) mod names;
pub(crate) mod scan;
pub(crate) mod secret;
pub(crate) mod strict;
pub(crate) mod union;
pub(crate) mod unknown;
pub(crate) mod values;
