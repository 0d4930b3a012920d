//! The one error type of the SDK.
//!
//! It answers the three questions an operator asks: was the request sent ([`Error::was_sent`]),
//! may it be retried ([`Error::is_retryable`]), and what did the server say ([`ApiError`]).
//! No variant ever holds the access token or a client secret.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use serde::Deserialize;

use crate::meta::Place;
use crate::model::strict::Surprise;

/// Everything that can go wrong in a call.
///
/// Ask it what you need with its methods, whatever the variant: [`Error::is_not_found`],
/// [`Error::status`], [`Error::code`], [`Error::retry_after`], [`Error::is_retryable`],
/// [`Error::was_sent`]; the API's answer itself is [`Error::api`] (an [`Error::Api`] holds it in
/// a `Box`, so match it as `Error::Api(api) if api.status == 422`).
///
/// ```no_run
/// # #[cfg(feature = "v2")]
/// # async fn demo(client: intercom_sdk::Client) -> Result<(), intercom_sdk::Error> {
/// use intercom_sdk::{Error, ErrorCode};
/// match client.contacts().find("6657a1b2c3").await {
///     Ok(contact) => println!("{:?}", contact.email),
///     Err(e) if e.is_not_found() => println!("no such contact"),
///     Err(e) if e.code() == Some(&ErrorCode::ParameterInvalid) => println!("refused: {e}"),
///     Err(Error::Api(api)) if api.status == 429 => println!("wait {:?}", api.retry_after),
///     Err(e) => return Err(e),
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The input was refused before anything was sent.
    InvalidInput {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
        /// The argument or setter refused (`custom_attributes`); for a raw call, `path`,
        /// `body` or `header`.
        field: &'static str,
        /// Where it was to be sent, when that says more than its name (`user_id` sent as the
        /// query parameter `email`).
        place: Option<Place>,
        /// Why.
        message: String,
    },
    /// The client could not be configured (bad base URL, TLS set-up).
    Config(String),
    /// The request could not be sent, or the response not read.
    Transport {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
        /// The underlying error (its text never holds the token).
        source: reqwest::Error,
    },
    /// The whole call (retries included) took longer than its timeout.
    Timeout {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
        /// The timeout that ran out.
        after: std::time::Duration,
    },
    /// Intercom answered with a non-success status.
    Api(Box<ApiError>),
    /// A URL outside the client's base URL (another origin, a user name or password in it, or a
    /// path that climbs out of the base URL's): a `pages.next` link, a raw call's URL or path.
    /// Nothing was sent there, so the token was not either.
    ForeignUrl {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
        /// The link as received.
        url: String,
    },
    /// A scroll's `scroll_param` expired (unused for a minute) or is unknown: start a new scroll.
    ScrollExpired {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
    },
    /// The response body does not match the expected model.
    Decode(Box<DecodeError>),
    /// Strict decoding ([`ClientBuilder::strict`](crate::ClientBuilder::strict), or a call's
    /// `.strict(true)`) found values whose JSON type does not fit their member: each is named,
    /// with the type its member takes and the type that came. The body is kept.
    Surprises(Box<SurprisesError>),
    /// A lookup that must return one record found none.
    NotFound {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
    },
    /// A lookup that must return one record found several.
    Ambiguous {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
        /// Every record that matched, as sent.
        matches: Vec<serde_json::Value>,
    },
    /// The server answered with a redirect that was not followed: it leaves the base URL's
    /// origin, or following it would re-send (or turn into a GET) a request that is not
    /// idempotent. Nothing was sent to `location`.
    Redirect {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
        /// The redirect's status.
        status: u16,
        /// Where the server pointed.
        location: String,
        /// Why it was not followed.
        reason: &'static str,
    },
    /// The answer is larger than the client's (or the call's) `max_response_size`; reading
    /// stopped there. Not retried: the same call would get the same answer.
    ResponseTooLarge {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A list's `pages.next` link leads back to a page already read: the stream stops rather than
    /// loop forever.
    PageLoop {
        /// The method called (`create_user_by_email`).
        operation: &'static str,
        /// The link that repeats.
        url: String,
    },
    /// A list kept answering empty pages that each point at another: the stream stops after
    /// [`MAX_EMPTY_PAGES`](crate::MAX_EMPTY_PAGES) of them in a row rather than ask forever.
    EmptyPages {
        /// The method called (`get_users`).
        operation: &'static str,
        /// How many empty pages came in a row.
        pages: u32,
    },
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Surprises(e) => Some(e.status),
            Error::Redirect { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// The API's answer, when the error is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Intercom's (first) error code, when the API answered with one.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.api().and_then(ApiError::code)
    }

    /// Whether what was asked for does not exist: a 404 answer (whatever its code:
    /// `not_found`, `company_not_found`, …), or a lookup that found no record
    /// ([`Error::NotFound`]).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. }) || self.status() == Some(404)
    }

    /// Whether the API refused the call for its rate limit (429).
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }

    /// How long the server asks to wait before trying again (see [`ApiError::retry_after`]).
    pub fn retry_after(&self) -> Option<Duration> {
        self.api().and_then(|e| e.retry_after)
    }

    /// Whether the request may have reached the server.
    pub fn was_sent(&self) -> bool {
        match self {
            Error::InvalidInput { .. }
            | Error::Config(_)
            | Error::ForeignUrl { .. }
            | Error::PageLoop { .. }
            | Error::EmptyPages { .. } => false,
            Error::Transport { source, .. } => !(source.is_connect() || source.is_builder()),
            _ => true,
        }
    }

    /// Whether repeating the same call may succeed: rate limits, 5xx, timeouts, lost connections.
    /// Whether it is *safe* to repeat depends on the operation too (see the retry policy).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => crate::retry::policy::RETRYABLE_STATUSES.contains(&e.status),
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => {
                source.is_timeout()
                    || source.is_connect()
                    || source.is_request()
                    || source.is_body()
            }
            _ => false,
        }
    }

    /// The method of the operation that failed (`create_user_by_email`).
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::InvalidInput { operation, .. }
            | Error::Transport { operation, .. }
            | Error::NotFound { operation }
            | Error::Timeout { operation, .. }
            | Error::ForeignUrl { operation, .. }
            | Error::ScrollExpired { operation }
            | Error::Ambiguous { operation, .. }
            | Error::Redirect { operation, .. }
            | Error::ResponseTooLarge { operation, .. }
            | Error::PageLoop { operation, .. }
            | Error::EmptyPages { operation, .. } => Some(operation),
            Error::Api(e) => Some(e.operation),
            Error::Decode(e) => Some(e.operation),
            Error::Surprises(e) => Some(e.operation),
            Error::Config(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput {
                operation,
                field,
                place,
                message,
            } => {
                write!(f, "{operation}: invalid {field}")?;
                match place {
                    Some(Place::Query(key)) if key != field => write!(f, " (query `{key}`)")?,
                    Some(Place::Body(key)) if key != field => write!(f, " (body `{key}`)")?,
                    _ => {}
                }
                write!(f, ", nothing was sent: {message}")
            }
            Error::Config(message) => write!(f, "client configuration: {message}"),
            Error::Transport { operation, source } => {
                let what = if source.is_timeout() {
                    "timed out"
                } else if source.is_connect() {
                    "could not connect"
                } else {
                    "transport error"
                };
                write!(f, "{operation}: {what}: {source}")
            }
            Error::Timeout { operation, after } => write!(
                f,
                "{operation}: no answer within {after:?} (retries included)"
            ),
            Error::Api(e) => write!(f, "{e}"),
            Error::ForeignUrl { operation, url } => write!(
                f,
                "{operation}: refused `{url}`: it is not under the client's base URL, so nothing was sent there"
            ),
            Error::ScrollExpired { operation } => write!(
                f,
                "{operation}: the scroll expired (idle for over a minute, or another scroll replaced it); start a new one"
            ),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Surprises(e) => write!(f, "{e}"),
            Error::NotFound { operation } => write!(f, "{operation}: no record matched"),
            Error::Ambiguous { operation, matches } => write!(
                f,
                "{operation}: {} records matched where one was expected",
                matches.len()
            ),
            Error::Redirect {
                operation,
                status,
                location,
                reason,
            } => write!(
                f,
                "{operation}: HTTP {status} redirect to `{location}` not followed: {reason}"
            ),
            Error::ResponseTooLarge { operation, limit } => write!(
                f,
                "{operation}: the answer is larger than {limit} bytes (raise max_response_size to read it)"
            ),
            Error::PageLoop { operation, url } => write!(
                f,
                "{operation}: the next-page link `{url}` leads back to a page already read"
            ),
            Error::EmptyPages { operation, pages } => write!(
                f,
                "{operation}: {pages} empty pages in a row, each pointing at another; the list was left there"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Rate-limit state from `X-RateLimit-*` headers; each part is absent when its header was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the window (`X-RateLimit-Limit`).
    pub limit: Option<u64>,
    /// Requests left in the window (`X-RateLimit-Remaining`).
    pub remaining: Option<u64>,
    /// Unix seconds when the window refills (`X-RateLimit-Reset`).
    pub reset: Option<u64>,
}

impl RateLimit {
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        let num = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok())
        };
        RateLimit {
            limit: num("x-ratelimit-limit"),
            remaining: num("x-ratelimit-remaining"),
            reset: num("x-ratelimit-reset"),
        }
    }
}

/// An error answer of Intercom.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The method called (`create_user_by_email`).
    pub operation: &'static str,
    /// HTTP status.
    pub status: u16,
    /// Intercom's `errors` list (empty when the body was not an `error.list`).
    pub errors: Vec<ApiErrorItem>,
    /// Intercom's `request_id`, for support.
    pub request_id: Option<String>,
    /// Rate-limit headers of the answer.
    pub rate_limit: RateLimit,
    /// How long the server asks to wait before trying again: `Retry-After` (seconds), else
    /// until `X-RateLimit-Reset`; `None` when it says neither.
    pub retry_after: Option<Duration>,
    /// Why the call stopped at this answer although trying again might have worked (a 429, a
    /// 5xx): no attempts left, the wait asked beyond `max_rate_limit_wait`, the retry budget
    /// spent, or an operation that is not idempotent. `None` for other errors.
    pub not_retried: Option<&'static str>,
    /// The body, as text (lossy UTF-8), with the values of secret members (`access_token`,
    /// `client_secret`, …) replaced by `"[redacted]"`.
    pub body: String,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("errors", &self.errors)
            .field("request_id", &self.request_id)
            .field("rate_limit", &self.rate_limit)
            .field("retry_after", &self.retry_after)
            .field("not_retried", &self.not_retried)
            .field("body", &Excerpt(&self.body))
            .finish()
    }
}

/// At most [`Excerpt::CHARS`] characters of a body, and its length, for `Debug`.
struct Excerpt<'a>(&'a str);

impl Excerpt<'_> {
    const CHARS: usize = 200;
}

impl fmt::Debug for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.0.chars().take(Self::CHARS).collect();
        if shown.len() == self.0.len() {
            write!(f, "{shown:?}")
        } else {
            write!(f, "{shown:?}… ({} bytes)", self.0.len())
        }
    }
}

/// One entry of Intercom's `error.list`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorItem {
    /// Machine-readable code (old payloads call it `type`).
    #[serde(alias = "type")]
    pub code: ErrorCode,
    /// Human-readable message.
    #[serde(default)]
    pub message: Option<String>,
    /// The input field the error is about.
    #[serde(default)]
    pub field: Option<String>,
}

/// Intercom's error codes; codes this SDK does not know are kept in [`ErrorCode::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `unauthorized`
    Unauthorized,
    /// `forbidden`
    Forbidden,
    /// `token_not_found`
    TokenNotFound,
    /// `token_unauthorized`
    TokenUnauthorized,
    /// `bad_request`
    BadRequest,
    /// `missing_parameter`
    MissingParameter,
    /// `parameter_invalid`
    ParameterInvalid,
    /// `parameter_not_found`
    ParameterNotFound,
    /// `not_found`
    NotFound,
    /// `not_restorable`
    NotRestorable,
    /// `rate_limit_exceeded`
    RateLimitExceeded,
    /// `service_unavailable`
    ServiceUnavailable,
    /// `conflict`
    Conflict,
    /// `unique_user_constraint`
    UniqueUserConstraint,
    /// `resource_conflict`
    ResourceConflict,
    /// `request_timeout`
    RequestTimeout,
    /// `request_too_large`
    RequestTooLarge,
    /// `server_error`
    ServerError,
    /// A code this SDK does not know, as sent.
    Unknown(String),
}

const CODES: &[(&str, ErrorCode)] = &[
    ("unauthorized", ErrorCode::Unauthorized),
    ("forbidden", ErrorCode::Forbidden),
    ("token_not_found", ErrorCode::TokenNotFound),
    ("token_unauthorized", ErrorCode::TokenUnauthorized),
    ("bad_request", ErrorCode::BadRequest),
    ("missing_parameter", ErrorCode::MissingParameter),
    ("parameter_invalid", ErrorCode::ParameterInvalid),
    ("parameter_not_found", ErrorCode::ParameterNotFound),
    ("not_found", ErrorCode::NotFound),
    ("not_restorable", ErrorCode::NotRestorable),
    ("rate_limit_exceeded", ErrorCode::RateLimitExceeded),
    ("service_unavailable", ErrorCode::ServiceUnavailable),
    ("conflict", ErrorCode::Conflict),
    ("unique_user_constraint", ErrorCode::UniqueUserConstraint),
    ("resource_conflict", ErrorCode::ResourceConflict),
    ("request_timeout", ErrorCode::RequestTimeout),
    ("request_too_large", ErrorCode::RequestTooLarge),
    ("server_error", ErrorCode::ServerError),
];

impl ErrorCode {
    /// The code as Intercom writes it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Unknown(s) => s,
            known => CODES
                .iter()
                .find(|(_, c)| c == known)
                .map_or("", |(s, _)| s),
        }
    }
}

impl From<&str> for ErrorCode {
    fn from(s: &str) -> Self {
        CODES
            .iter()
            .find(|(name, _)| *name == s)
            .map_or_else(|| ErrorCode::Unknown(s.to_owned()), |(_, c)| c.clone())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(ErrorCode::from(s.as_str()))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ApiError {
    /// The error answer `body`; `withhold` when the operation answers with secrets (see
    /// [`crate::model::secret::redacted_body`]).
    pub(crate) fn new(
        operation: &'static str,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        withhold: bool,
    ) -> Self {
        #[derive(Deserialize)]
        struct ErrorList {
            #[serde(default)]
            request_id: Option<String>,
            #[serde(default)]
            errors: Vec<ApiErrorItem>,
        }
        let parsed: Option<ErrorList> = serde_json::from_slice(body).ok();
        let header_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let (errors, request_id) = match parsed {
            Some(list) => (list.errors, list.request_id.or(header_id)),
            None => (Vec::new(), header_id),
        };
        let rate_limit = RateLimit::from_headers(headers);
        ApiError {
            operation,
            status,
            errors,
            request_id,
            rate_limit,
            retry_after: retry_after(headers, rate_limit, SystemTime::now()),
            not_retried: None,
            body: crate::model::secret::redacted_body(body, withhold),
        }
    }

    /// The first error code, if the body had any.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.errors.first().map(|e| &e.code)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if self.errors.is_empty() {
            let excerpt: String = self.body.chars().take(200).collect();
            if !excerpt.trim().is_empty() {
                write!(f, ": {}", excerpt.trim())?;
            }
        }
        for (i, e) in self.errors.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{}", e.code)?;
            if let Some(m) = &e.message {
                write!(f, " ({m})")?;
            }
            if let Some(field) = &e.field {
                write!(f, " [field {field}]")?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request {id}]")?;
        }
        if let Some(why) = self.not_retried {
            write!(f, " [not retried: {why}]")?;
        }
        Ok(())
    }
}

/// `Retry-After` in seconds, else the time left until `X-RateLimit-Reset`.
fn retry_after(headers: &HeaderMap, rate_limit: RateLimit, now: SystemTime) -> Option<Duration> {
    let seconds = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(seconds) = seconds {
        return Some(Duration::from_secs(seconds));
    }
    let reset = UNIX_EPOCH.checked_add(Duration::from_secs(rate_limit.reset?))?;
    Some(reset.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A success answer whose body does not decode into the expected type.
#[derive(Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The method called (`create_user_by_email`).
    pub operation: &'static str,
    /// HTTP status of the answer.
    pub status: u16,
    /// JSON path where decoding failed (`users[3].created_at`).
    pub path: String,
    /// What serde said.
    pub message: String,
    /// The body, as text (lossy UTF-8), with the values of secret members replaced by
    /// `"[redacted]"`; withheld whole when the operation answers with secrets.
    pub body: String,
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("body", &Excerpt(&self.body))
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let excerpt: String = self.body.chars().take(120).collect();
        write!(
            f,
            "{}: cannot decode the HTTP {} body at `{}`: {} (body starts: {excerpt})",
            self.operation, self.status, self.path, self.message
        )
    }
}

/// A success answer that strict decoding refused: the values whose JSON type does not fit
/// their member (a tolerant client keeps each as sent and leaves its field `None`).
#[derive(Clone)]
#[non_exhaustive]
pub struct SurprisesError {
    /// The method called (`get_users`).
    pub operation: &'static str,
    /// HTTP status of the answer.
    pub status: u16,
    /// Every value that did not fit, in the order of the answer.
    pub surprises: Vec<Surprise>,
    /// The body, as text (lossy UTF-8), with the values of secret members replaced by
    /// `"[redacted]"`; withheld whole when the operation answers with secrets.
    pub body: String,
}

impl fmt::Debug for SurprisesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SurprisesError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("surprises", &self.surprises)
            .field("body", &Excerpt(&self.body))
            .finish()
    }
}

impl fmt::Display for SurprisesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// Named in the message; the rest are counted (all are in `surprises`).
        const SHOWN: usize = 5;
        write!(
            f,
            "{}: strict decoding refused the HTTP {} answer: ",
            self.operation, self.status
        )?;
        for (i, s) in self.surprises.iter().take(SHOWN).enumerate() {
            write!(f, "{}{s}", if i == 0 { "" } else { "; " })?;
        }
        match self.surprises.len().saturating_sub(SHOWN) {
            0 => Ok(()),
            more => write!(f, "; and {more} more"),
        }
    }
}
