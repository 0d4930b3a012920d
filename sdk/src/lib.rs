//! Typed Rust client for the Intercom REST API: Intercom **2.16** (feature `v2`, on by default),
//! generated from Intercom's own OpenAPI description, and the **1.x** API (feature `v1`),
//! generated from `manifest/*.yaml`, over one small hand-written runtime.
//!
//! ```no_run
//! # #[cfg(feature = "v2")]
//! # async fn demo() -> Result<(), intercom_sdk::Error> {
//! use futures_util::StreamExt;
//! use intercom_sdk::{Client, search::Query};
//!
//! let client = Client::new(std::env::var("INTERCOM_ACCESS_TOKEN").unwrap_or_default());
//! // Groups as in Intercom's docs; required inputs are arguments, optional ones setters.
//! let ada = client.contacts().create().email("ada@example.com").await?;
//! // A typed search, streamed across its pages.
//! let mut leads = client.contacts().search(Query::field("role").eq("lead")).into_stream();
//! while let Some(lead) = leads.next().await {
//!     println!("{:?}", lead?.email);
//! }
//! # let _ = ada;
//! # Ok(()) }
//! ```
//!
#![cfg_attr(
    feature = "v2",
    doc = r#"
A call that forgets a required input does not compile:

```compile_fail,E0061
# async fn demo(client: intercom_sdk::Client) {
let note = client.notes().create("6762f0f31bb69f9f2193bb8b").await; // no body
# }
```
"#
)]
//!
//! # Layout
//!
//! - [`Client`] holds the token, base URL, retries, hooks and the `Intercom-Version` of each API
//!   (default `2.16` for 2.x, `1.4` for 1.x).
//! - 2.x (`v2`): each group of operations is a handle (`client.contacts()`, `client.help_centers()
//!   .collections()`) whose methods return builders in `v2::operations`; send one with
//!   `.send().await`, `.await` it, or use `.send_with_response()` for status, headers, rate-limit
//!   state and raw body. Answers decode into `v2::models`; search queries are built with
//!   `search`. Each method has its `operationId` as a `doc(alias)`.
//! - 1.x (`v1`): each operation is a `Client` method (`client.get_single_user(…)`) returning a
//!   builder in `operations`; models in `models`, Select enums in `selects` (re-exported here).
//! - Datepicker is [`Timestamp`]; Map is [`LatLon`]. Members a model does not name are kept, and
//!   [`UnknownFields`] lists them. Every failure is an [`Error`].
//! - [`meta`] describes every operation as data; [`Client::invoke`] calls one by name with JSON
//!   inputs; [`Client::raw`] calls what no manifest lists.
//!
//! # Building a model (test fixtures)
//!
//! Models are `#[non_exhaustive]`: Intercom adds members, and a new field must not break your
//! code, so a struct literal (`Contact { .. }`) does not compile outside this crate. Start from
//! `Default` and set what you need, or read the JSON the API would send:
//!
//! ```
//! # #[cfg(feature = "v2")] fn main() -> Result<(), serde_json::Error> {
//! use intercom_sdk::v2::models::Contact;
//! let mut ada = Contact::default();
//! ada.email = Some("ada@example.com".into());
//! ada.name = Some("Ada".into());
//!
//! let bob: Contact = serde_json::from_value(serde_json::json!({
//!     "type": "contact", "id": "c2", "email": "bob@example.com"
//! }))?;
//! assert_eq!(bob.email.as_deref(), Some("bob@example.com"));
//! # Ok(()) }
//! # #[cfg(not(feature = "v2"))] fn main() {}
//! ```

// The runtime serves every construct of the manifest language, and each API uses only some of
// them (1.x has no unions, files or cursors; 2.x no link-only pages): a build with one API's
// feature leaves parts of the other's unused. The build with both, which CI lints, keeps the
// rest of the crate free of dead code.
#![cfg_attr(
    not(all(feature = "v1", feature = "v2")),
    allow(dead_code, unused_macros)
)]

#[allow(clippy::all, clippy::pedantic)]
mod generated;

mod client;
mod error;
mod invoke;
#[cfg(feature = "v1")]
pub mod jobs;
pub mod meta;
mod model;
pub mod oauth;
mod paging;
mod raw;
mod request;
mod response;
mod retry;
#[cfg(feature = "v2")]
pub mod search;
mod support;
pub mod webhooks;

pub use client::builder::{
    ClientBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_OPERATION_TIMEOUT,
};
pub use client::hooks::{self, Attempt, AttemptEnd};
pub use client::shared::{Client, SDK_USER_AGENT};
pub use error::{ApiError, ApiErrorItem, DecodeError, Error, ErrorCode, RateLimit, SurprisesError};
pub use generated::api;
#[cfg(feature = "v1")]
pub use generated::selects::*;
#[cfg(feature = "v2")]
pub use generated::v2;
#[cfg(feature = "v1")]
pub use generated::{models, operations, selects};
pub use invoke::Invocation;
pub use meta::Method;
pub use model::datatypes::{LatLon, ParseLatLonError, ParseTimestampError, Timestamp};
pub use model::enums::ParseSelectError;
pub use model::extra::Extra;
pub use model::fields::Decode;
pub use model::secret::Secret;
pub use model::strict::Surprise;
pub use model::unknown::UnknownFields;
pub use model::values::{Id, Number, RawJson, Text};
pub use paging::{MAX_EMPTY_PAGES, Page, Records, SCROLL_MAX_RATE_LIMIT_WAIT};
pub use raw::RawRequest;
/// HTTP header types (`HeaderMap`, `HeaderName`, `HeaderValue`), as [`Response::headers`] and the
/// [`hooks`] use them; re-exported from `reqwest` (the `http` crate's).
pub use reqwest::header;
pub use response::decode::decode;
pub use response::{Pending, PendingResponse, Response};
pub use retry::policy::{
    DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_BACKOFF,
    DEFAULT_MAX_RATE_LIMIT_RETRIES, DEFAULT_MAX_RATE_LIMIT_WAIT, DEFAULT_RATE_LIMIT_SPREAD,
    RetryPolicy, backoff,
};

/// A JSON object, as the API's free-form inputs take it (custom attributes, metadata).
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// The examples of `README.md` (the crate's page on crates.io), compiled as doctests.
/// They use both APIs, so they are compiled when both features are on.
#[doc = include_str!("../README.md")]
#[cfg(all(doctest, feature = "v1", feature = "v2"))]
pub struct ReadmeDoctests;
