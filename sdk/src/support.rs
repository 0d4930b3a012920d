//! Everything generated code relies on, in one place: every name a file of `generated/` uses
//! is imported from here, and every macro it expands is defined here.
//!
//! - Request builders (`operations/*.rs`) hold their inputs and describe their request with
//!   [`Request`]: `Request::new(Self::META)`, `route(i)` for the route a Select picks, then
//!   `input(i, &value)` for field `i` of the operation's metadata, which says where it goes.
//!   [`operation!`] adds `send`, `send_with_response`, per-call settings, `Debug` and
//!   `IntoFuture`; [`paged!`] adds `into_stream` to list operations.
//! - Response models (`models.rs`) list their members for the model runtime ([`Fields`]:
//!   `slot` and `each`); [`model_impls!`] adds serde, `Debug`, `PartialEq` and
//!   `UnknownFields` through it, and [`open_enum!`] does the same for enums the server sends.
//! - Select enums (`selects.rs`) get their text, serde and wire forms from [`select_impls!`].
//! - The metadata (`meta.rs`) is made of the types of [`crate::meta`].
//!
//! What a manifest does not use (a datatype no operation takes) goes unused here, hence the
//! `allow` below.

#![allow(unused_imports)]

pub(crate) use serde::Serialize;

pub(crate) use crate::client::shared::Client;
pub(crate) use crate::error::Error;
pub(crate) use crate::meta::{
    self, Answer, Api, Field, Kind, Method, Operation, Paging, PathTemplate, Place, Route, Routing,
    Segment, Select, Wrap,
};
pub(crate) use crate::model::datatypes::{LatLon, Timestamp};
pub(crate) use crate::model::drift::unknown_value;
pub(crate) use crate::model::enums::ParseSelectError;
pub(crate) use crate::model::extra::Extra;
pub(crate) use crate::model::fields::sealed::Sealed;
pub(crate) use crate::model::fields::{
    Common, EnumPlace, Fields, Member, ModelPlace, Slot, SlotRef, Step, UnionPlace, field_ref,
    push_model,
};
pub(crate) use crate::model::names::MemberNames;
pub(crate) use crate::model::secret::Secret;
pub(crate) use crate::model::union::{self, Shape};
pub(crate) use crate::model::unknown::UnknownFields;
pub(crate) use crate::model::values::{Id, Number, RawJson, Text};
pub(crate) use crate::model::{decode, encode, inspect, scan};
pub(crate) use crate::paging::{self, Page, Records, cursor, pages, scroll, search};
pub(crate) use crate::request::Request;
pub(crate) use crate::request::options::{CallOptions, call_settings};
pub(crate) use crate::request::wire::{Integer, JsonText, Wire};
pub(crate) use crate::response::decode::{file, json, json_list, json_union, raw_json, text, unit};
pub(crate) use crate::response::{Pending, PendingResponse, Response, response, value};

/// `send`, `send_with_response`, per-call settings, `Debug` and `IntoFuture` for a generated
/// builder whose answer decodes into `$out` (a model, or `()` for an empty answer).
///
/// Every method is `#[inline]`: the SDK itself calls none of them, so it leaves compiling them to
/// the crates that do (a build of the SDK alone compiles 10 % less LLVM IR).
macro_rules! operation {
    ($ty:ident => ()) => {
        $crate::support::operation!(@impl $ty, (), unit);
    };
    ($ty:ident => json) => {
        $crate::support::operation!(@impl $ty, $crate::support::RawJson, raw_json);
    };
    ($ty:ident => text) => {
        $crate::support::operation!(@impl $ty, String, text);
    };
    ($ty:ident => file) => {
        $crate::support::operation!(@impl $ty, ::bytes::Bytes, file);
    };
    ($ty:ident => [$model:ty]) => {
        $crate::support::operation!(@impl $ty, Vec<$model>, json_list);
    };
    ($ty:ident => union $model:ty) => {
        $crate::support::operation!(@impl $ty, $model, json_union);
    };
    ($ty:ident => $model:ty) => {
        $crate::support::operation!(@impl $ty, $model, json);
    };
    (@impl $ty:ident, $out:ty, $decode:ident) => {
        impl $ty {
            /// Sends the request and decodes the answer.
            #[inline]
            pub fn send(self) -> $crate::support::Pending<$out> {
                $crate::support::value(self.start(), $crate::support::$decode)
            }

            /// Sends the request; the answer comes with its status, headers, rate-limit state and
            /// raw body.
            #[inline]
            pub fn send_with_response(self) -> $crate::support::PendingResponse<$out> {
                $crate::support::response(self.start(), $crate::support::$decode)
            }

            $crate::support::call_settings!();

            /// The request on its way: what `send` and `send_with_response` decode.
            #[inline]
            fn start(self) -> $crate::client::attempts::Sending {
                let request = self.prepared();
                self.client.sending(request)
            }

            /// The request, complete: its inputs, the call's settings and the rendered path.
            #[inline]
            fn prepared(&self) -> $crate::support::Request {
                let mut request = self.request();
                request.options = self.options.clone();
                request.finish();
                request
            }
        }

        impl ::std::fmt::Debug for $ty {
            /// What the request would send (secrets redacted).
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.prepared().debug(stringify!($ty), f)
            }
        }

        impl ::std::future::IntoFuture for $ty {
            type Output = Result<$out, $crate::support::Error>;
            type IntoFuture = $crate::support::Pending<$out>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}

pub(crate) use operation;

/// `into_stream()` of a list builder: the `$field` member of its `$page` model holds the
/// `$record`s; `pages` lists follow `pages.next`, `scroll` lists carry `scroll_param`.
macro_rules! paged {
    (pages $ty:ident => $page:ty, $record:ty, $field:ident) => {
        impl $ty {
            /// Every record of every page, as a stream that follows `pages.next` (only on the
            /// client's own base URL). One page is held in memory at a time.
            #[inline]
            pub fn into_stream(self) -> $crate::support::Records<$record> {
                let request = self.prepared();
                $crate::support::pages(self.client, request, |page: $page| {
                    (
                        page.$field.unwrap_or_default(),
                        page.pages.and_then(|p| p.next).map(String::from),
                    )
                })
            }

            /// Every page, with its number and the list's totals (see
            /// [`Page`]($crate::support::Page)), as [`into_stream`](Self::into_stream) walks them.
            #[inline]
            pub fn into_pages(self) -> $crate::support::Records<$crate::support::Page<$record>> {
                let request = self.prepared();
                $crate::support::pages(self.client, request, |mut page: $page| {
                    let records = page.$field.take().unwrap_or_default();
                    let next = page
                        .pages
                        .as_ref()
                        .and_then(|p| p.next.clone())
                        .map(String::from);
                    ($crate::support::Page::of(&page, records), next)
                })
            }
        }
    };
    (scroll $ty:ident => $page:ty, $record:ty, $field:ident) => {
        impl $ty {
            /// Every record, as a stream over the scroll API: it ends on the first empty page,
            /// and reports an expired `scroll_param` as
            /// [`Error::ScrollExpired`]($crate::support::Error::ScrollExpired) rather than
            /// retrying. Intercom allows one open scroll per workspace.
            #[inline]
            pub fn into_stream(self) -> $crate::support::Records<$record> {
                let request = self.prepared();
                $crate::support::scroll(self.client, request, |page: $page| {
                    (
                        page.$field.unwrap_or_default(),
                        page.scroll_param.map(String::from),
                    )
                })
            }

            /// Every page of the scroll (see [`Page`]($crate::support::Page); the scroll API
            /// gives no totals), as [`into_stream`](Self::into_stream) walks them.
            #[inline]
            pub fn into_pages(self) -> $crate::support::Records<$crate::support::Page<$record>> {
                let request = self.prepared();
                $crate::support::scroll(self.client, request, |mut page: $page| {
                    let records = page.$field.take().unwrap_or_default();
                    let next = page.scroll_param.clone().map(String::from);
                    ($crate::support::Page::of(&page, records), next)
                })
            }
        }
    };
    (cursor $ty:ident => $page:ty, $record:ty, $field:ident) => {
        impl $ty {
            /// Every record of every page, as a stream: it follows `pages.next` (a link on the
            /// client's own base URL, or a `starting_after` cursor sent back as a query
            /// parameter), or asks for the next page number while there is one. One page is
            /// held in memory at a time.
            #[inline]
            pub fn into_stream(self) -> $crate::support::Records<$record> {
                let request = self.prepared();
                $crate::support::cursor(self.client, request, |page: $page| {
                    let next = $crate::support::paging::Next::of(&page);
                    (page.$field.unwrap_or_default(), next)
                })
            }

            /// Every page, with its number and the list's totals (see
            /// [`Page`]($crate::support::Page)), as [`into_stream`](Self::into_stream) walks them.
            #[inline]
            pub fn into_pages(self) -> $crate::support::Records<$crate::support::Page<$record>> {
                let request = self.prepared();
                $crate::support::cursor(self.client, request, |mut page: $page| {
                    let next = $crate::support::paging::Next::of(&page);
                    let records = page.$field.take().unwrap_or_default();
                    ($crate::support::Page::of(&page, records), next)
                })
            }
        }
    };
    (search $ty:ident => $page:ty, $record:ty, $field:ident) => {
        impl $ty {
            /// Every record the search finds, page after page, as a stream: it sends
            /// `pages.next.starting_after` back in the body's `pagination`. One page is held in
            /// memory at a time.
            #[inline]
            pub fn into_stream(self) -> $crate::support::Records<$record> {
                let request = self.prepared();
                $crate::support::search(self.client, request, |page: $page| {
                    let next = $crate::support::paging::Next::of(&page);
                    (page.$field.unwrap_or_default(), next)
                })
            }

            /// Every page of the search, with its number and the totals (see
            /// [`Page`]($crate::support::Page)), as [`into_stream`](Self::into_stream) walks them.
            #[inline]
            pub fn into_pages(self) -> $crate::support::Records<$crate::support::Page<$record>> {
                let request = self.prepared();
                $crate::support::search(self.client, request, |mut page: $page| {
                    let next = $crate::support::paging::Next::of(&page);
                    let records = page.$field.take().unwrap_or_default();
                    ($crate::support::Page::of(&page, records), next)
                })
            }
        }
    };
}

pub(crate) use paged;

/// `Serialize`, `Deserialize`, `Debug`, `PartialEq`, `UnknownFields` and [`Member`] of a
/// generated model, all through the model runtime ([`decode`], [`encode`], [`inspect`]).
macro_rules! model_impls {
    ($ty:ident) => {
        impl $crate::support::Common for $ty {
            #[inline]
            fn model_name(&self) -> &'static str {
                stringify!($ty)
            }

            #[inline]
            fn extra(&self) -> &$crate::support::Extra {
                &self.extra
            }

            #[inline]
            fn extra_mut(&mut self) -> &mut $crate::support::Extra {
                &mut self.extra
            }

            #[inline]
            fn blank(&self) -> Box<dyn $crate::support::Fields> {
                Box::new(<$ty>::default())
            }
        }

        impl ::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::support::encode::serialize(self, s)
            }
        }

        impl $crate::Decode for $ty {}

        impl $crate::support::Sealed for $ty {
            #[inline]
            fn scanned(text: &str) -> Option<Self> {
                $crate::support::scan::member(text)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut model = Self::default();
                $crate::support::decode::deserialize(d, &mut model)?;
                Ok(model)
            }
        }

        impl ::std::fmt::Debug for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::support::inspect::debug(self, f)
            }
        }

        impl PartialEq for $ty {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                $crate::support::inspect::equal(self, other)
            }
        }

        impl $crate::support::UnknownFields for $ty {
            #[inline]
            fn collect_unknown_fields(&self, path: &str, out: &mut Vec<String>) {
                $crate::support::inspect::walk(
                    self,
                    path,
                    $crate::support::inspect::Find::Unknown,
                    out,
                );
            }

            #[inline]
            fn collect_surprises(&self, path: &str, out: &mut Vec<String>) {
                $crate::support::inspect::walk(
                    self,
                    path,
                    $crate::support::inspect::Find::Surprises,
                    out,
                );
            }
        }

        impl $crate::support::Member for $ty {
            #[inline]
            fn slot(place: &mut Option<Self>) -> $crate::support::Slot<'_> {
                $crate::support::Slot::Model(place)
            }

            #[inline]
            fn slot_ref(&self) -> $crate::support::SlotRef<'_> {
                $crate::support::SlotRef::Model(self)
            }

            #[inline]
            fn push_item(
                items: &mut Vec<Self>,
                decode: &mut dyn FnMut($crate::support::Slot<'_>) -> $crate::support::Step,
            ) -> $crate::support::Step {
                $crate::support::push_model(items, decode)
            }
        }

        impl $crate::support::ModelPlace for Option<$ty> {
            #[inline]
            fn fill(&mut self) -> &mut dyn $crate::support::Fields {
                match self {
                    Some(model) => model,
                    empty @ None => empty.insert(<$ty>::default()),
                }
            }
        }
    };
}

pub(crate) use model_impls;

/// `as_str`, `Display`, serde, `UnknownFields` and the model plumbing of an enum the server
/// sends: values it does not list are kept as `Unknown`, with a drift warning.
macro_rules! open_enum {
    ($ty:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $ty {
            /// The value as Intercom writes it.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(s) => s,
                }
            }
        }

        impl From<&str> for $ty {
            #[inline]
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )*
                    other => {
                        $crate::support::unknown_value(stringify!($ty), other);
                        Self::Unknown(other.to_owned())
                    }
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(&*s))
            }
        }

        impl $crate::support::UnknownFields for $ty {
            #[inline]
            fn collect_unknown_fields(&self, path: &str, out: &mut Vec<String>) {
                if let Self::Unknown(v) = self {
                    out.push(format!("{path} = {v:?}"));
                }
            }
        }

        impl $crate::support::Member for $ty {
            #[inline]
            fn slot(place: &mut Option<Self>) -> $crate::support::Slot<'_> {
                $crate::support::Slot::Enum(place)
            }

            #[inline]
            fn slot_ref(&self) -> $crate::support::SlotRef<'_> {
                $crate::support::SlotRef::Enum(self.as_str(), !matches!(self, Self::Unknown(_)))
            }
        }

        impl $crate::support::EnumPlace for Option<$ty> {
            #[inline]
            fn set(&mut self, text: &str) {
                *self = Some(<$ty>::from(text));
            }
        }
    };
}

pub(crate) use open_enum;

/// `Display`, `FromStr`, serde and wire forms of a Select enum, all through its `as_str` and
/// `ALL`.
macro_rules! select_impls {
    ($ty:ident) => {
        impl ::std::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::support::ParseSelectError;

            #[inline]
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| {
                        $crate::support::ParseSelectError::new(
                            stringify!($ty),
                            s,
                            Self::ALL.iter().map(|v| v.as_str()).collect(),
                        )
                    })
            }
        }

        impl ::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }

        impl $crate::support::Wire for $ty {
            #[inline]
            fn json(&self) -> ::serde_json::Value {
                ::serde_json::Value::from(self.as_str())
            }
            #[inline]
            fn text(&self) -> String {
                self.as_str().to_owned()
            }
        }
    };
}

pub(crate) use select_impls;

/// Everything a union needs: decoding into the shape a value is (see `crate::model::union`),
/// writing back, `Debug`, `PartialEq`, `UnknownFields`, the model plumbing, and a `From` per
/// shape. `$ty::Unknown` keeps a value of no known shape as sent.
macro_rules! union_impls {
    ($ty:ident, tag: $tag:expr, {
        $( $variant:ident($inner:ty, $boxing:ident) when [$($when:literal),*] requires [$($req:literal),*] ),* $(,)?
    }) => {
        impl $ty {
            const SHAPES: &'static [$crate::support::Shape] = &[
                $( $crate::support::Shape { when: &[$($when),*], requires: &[$($req),*] }, )*
            ];

            /// The value of `raw`, as the shape it is (or `Unknown`).
            #[inline]
            fn from_raw(raw: Box<::serde_json::value::RawValue>) -> Self {
                let decode = |i: usize, text: &str| -> $crate::support::union::Attempt<Self> {
                    let mut n = 0;
                    $(
                        if i == n {
                            return $crate::support::union::attempt::<$inner>(text)
                                .map(|(v, p)| ($crate::support::union_impls!(@wrap $boxing $variant v), p));
                        }
                        n += 1;
                    )*
                    let _ = n;
                    None
                };
                $crate::support::union::choose(raw.get(), $tag, Self::SHAPES, &decode)
                    .unwrap_or_else(|| Self::Unknown($crate::support::RawJson::from_raw(raw)))
            }

            /// The value of the shape it is, for the model runtime.
            #[inline]
            fn shape(&self) -> $crate::support::SlotRef<'_> {
                match self {
                    $( Self::$variant(v) => $crate::support::Member::slot_ref(v), )*
                    Self::Unknown(raw) => $crate::support::SlotRef::Json(raw),
                }
            }
        }

        $(
            impl From<$inner> for $ty {
                #[inline]
                fn from(value: $inner) -> Self {
                    $crate::support::union_impls!(@wrap $boxing $variant value)
                }
            }
        )*

        impl ::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::support::encode::serialize_value(self.shape(), s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <Box<::serde_json::value::RawValue> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from_raw(raw))
            }
        }

        impl ::std::fmt::Debug for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::support::inspect::debug_value(self.shape(), f)
            }
        }

        impl PartialEq for $ty {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                $crate::support::inspect::same(&self.shape(), &other.shape())
            }
        }

        impl $crate::support::UnknownFields for $ty {
            #[inline]
            fn collect_unknown_fields(&self, path: &str, out: &mut Vec<String>) {
                if let Self::Unknown(_) = self {
                    out.push(format!("{path} (a shape {} does not know)", stringify!($ty)));
                }
                $crate::support::inspect::walk_value(
                    &self.shape(),
                    path,
                    $crate::support::inspect::Find::Unknown,
                    out,
                );
            }

            #[inline]
            fn collect_surprises(&self, path: &str, out: &mut Vec<String>) {
                $crate::support::inspect::walk_value(
                    &self.shape(),
                    path,
                    $crate::support::inspect::Find::Surprises,
                    out,
                );
            }
        }

        impl $crate::support::Member for $ty {
            #[inline]
            fn slot(place: &mut Option<Self>) -> $crate::support::Slot<'_> {
                $crate::support::Slot::Union(place)
            }

            #[inline]
            fn slot_ref(&self) -> $crate::support::SlotRef<'_> {
                self.shape()
            }
        }

        impl $crate::Decode for $ty {}

        impl $crate::support::Sealed for $ty {
            #[inline]
            fn scanned(text: &str) -> Option<Self> {
                $crate::support::scan::member(text)
            }
        }

        impl $crate::support::UnionPlace for Option<$ty> {
            #[inline]
            fn fill(&mut self, raw: Box<::serde_json::value::RawValue>) {
                *self = Some(<$ty>::from_raw(raw));
            }
        }
    };
    (@wrap boxed $variant:ident $value:expr) => {
        Self::$variant(Box::new($value))
    };
    (@wrap inline $variant:ident $value:expr) => {
        Self::$variant($value)
    };
}

pub(crate) use union_impls;
