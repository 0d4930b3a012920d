//! Typed Rust client for the Intercom 1.x REST API: 82 operations generated from
//! `manifest/*.yaml`, over a small hand-written runtime.
//!
//! ```no_run
//! use intercom_sdk::{Client, IdType};
//!
//! # async fn demo() -> Result<(), intercom_sdk::Error> {
//! let client = Client::new(std::env::var("INTERCOM_ACCESS_TOKEN").unwrap_or_default());
//! // Required inputs are arguments; optional ones are setters.
//! let user = client
//!     .create_user_by_email("ada@example.com")
//!     .name("Ada Lovelace")
//!     .last_request_at(intercom_sdk::Timestamp::now())
//!     .await?;
//! let same = client.get_single_user("ada@example.com", IdType::Email).send().await?;
//! # let _ = (user, same);
//! # Ok(()) }
//! ```
//!
//! A call that forgets a required input does not compile:
//!
//! ```compile_fail,E0061
//! # async fn demo(client: intercom_sdk::Client) {
//! let user = client.create_user_by_email().await; // no email
//! # }
//! ```
//!
//! # Layout
//!
//! - [`Client`] holds the token, base URL and `Intercom-Version` (default `1.4`).
//! - Each operation is a `Client` method returning a builder in [`operations`]; send it with
//!   `.send().await`, `.await` it, or use `.send_with_response()` for status, headers,
//!   rate-limit state and raw body.
//! - Select fields are enums in [`selects`] (re-exported here), displayed and parsed with
//!   the wire strings. Datepicker is [`Timestamp`]; Map is [`LatLon`].
//! - Answers decode into [`models`]; members a model does not name are kept, and
//!   [`UnknownFields`] lists them.
//! - Every failure is an [`Error`].

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
pub use error::{ApiError, ApiErrorItem, DecodeError, Error, ErrorCode, RateLimit};
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
pub use model::secret::Secret;
pub use model::unknown::UnknownFields;
pub use model::values::{Id, Number, RawJson, Text};
pub use paging::{Records, SCROLL_MAX_RATE_LIMIT_WAIT};
pub use raw::RawRequest;
/// HTTP header types (`HeaderMap`, `HeaderName`, `HeaderValue`), as [`Response::headers`] and the
/// [`hooks`] use them; re-exported from `reqwest` (the `http` crate's).
pub use reqwest::header;
pub use response::Response;
pub use response::decode::decode;
pub use retry::policy::{
    DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_BACKOFF,
    DEFAULT_MAX_RATE_LIMIT_RETRIES, DEFAULT_MAX_RATE_LIMIT_WAIT, DEFAULT_RATE_LIMIT_SPREAD,
    RetryPolicy, backoff,
};

/// A JSON object, as the API's free-form inputs take it (custom attributes, metadata).
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// The examples of `README.md` (the crate's page on crates.io), compiled as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
