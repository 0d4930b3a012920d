//! The client: credentials, base URL, API version, and the one place requests are sent.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use secrecy::ExposeSecret;

use crate::api::{DEFAULT_BASE_URL, DEFAULT_VERSION, VERSION_HEADER};
use crate::operation::{Decoder, Response};
use crate::request::Request;
use crate::{Error, Secret};

/// `User-Agent` of every request: the SDK and its version.
pub const SDK_USER_AGENT: &str = concat!("intercom-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// Time allowed to open a connection, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time allowed for one request, unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A handle to the Intercom API. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn demo() -> Result<(), intercom_sdk::Error> {
/// let client = intercom_sdk::Client::new("my-access-token");
/// let admins = client.get_admins().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    token: Option<Secret>,
    base_url: String,
    version_header: HeaderName,
    version: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("version", &self.inner.version)
            .field("token", &self.inner.token.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `https://api.intercom.io` with the given access token and default settings.
    ///
    /// # Panics
    ///
    /// When the TLS backend cannot be initialised (as `reqwest::Client::new` does); use
    /// [`Client::builder`] to get that as an error instead.
    pub fn new(token: impl Into<String>) -> Self {
        match Client::builder().token(token).build() {
            Ok(client) => client,
            Err(e) => panic!("cannot build the HTTP client: {e}"),
        }
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) async fn execute<T>(
        &self,
        req: Request,
        decode: Decoder<T>,
    ) -> Result<Response<T>, Error> {
        let op = req.meta.name;
        if let Some((field, message)) = req.invalid.clone() {
            return Err(Error::InvalidInput {
                operation: op,
                field,
                message,
            });
        }
        let mut url = reqwest::Url::parse(&format!("{}{}", self.inner.base_url, req.path))
            .map_err(|e| Error::InvalidInput {
                operation: op,
                field: "path",
                message: e.to_string(),
            })?;
        if !req.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &req.query {
                pairs.append_pair(k, v);
            }
        }
        let mut builder = self
            .inner
            .http
            .request(req.meta.method.to_reqwest(), url)
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, HeaderValue::from_static(SDK_USER_AGENT))
            .header(
                self.inner.version_header.clone(),
                self.inner.version.clone(),
            );
        if req.meta.auth {
            let Some(token) = &self.inner.token else {
                return Err(Error::InvalidInput {
                    operation: op,
                    field: "accessToken",
                    message: "the client has no access token".into(),
                });
            };
            let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
                .map_err(|_| Error::InvalidInput {
                    operation: op,
                    field: "accessToken",
                    message: "the token is not a valid header value".into(),
                })?;
            value.set_sensitive(true);
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        if let Some(body) = &req.body {
            let bytes = serde_json::to_vec(body).map_err(|e| Error::InvalidInput {
                operation: op,
                field: "body",
                message: e.to_string(),
            })?;
            builder = builder.header(CONTENT_TYPE, "application/json").body(bytes);
        }
        let resp = builder.send().await.map_err(|source| Error::Transport {
            operation: op,
            source,
        })?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.bytes().await.map_err(|source| Error::Transport {
            operation: op,
            source,
        })?;
        if !(200..300).contains(&status) {
            return Err(Error::Api(Box::new(crate::ApiError::new(
                op, status, &headers, &body,
            ))));
        }
        let value = decode(&req, status, &body)?;
        Ok(Response::new(value, status, headers, body))
    }
}

/// Settings of a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    token: Option<Secret>,
    base_url: Option<String>,
    version: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .field("version", &self.version)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The access token (personal or OAuth) sent as `Authorization: Bearer …`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret::from(token.into()));
        self
    }

    /// Where requests go; default `https://api.intercom.io`. Useful for a local mock.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The `Intercom-Version` header; default `1.4`. This SDK speaks the 1.x API.
    pub fn intercom_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Time allowed for one request; default [`DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to connect; default [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Uses this `reqwest::Client` (its own timeouts and proxy settings then apply).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The client, or why these settings cannot work.
    pub fn build(self) -> Result<Client, Error> {
        let base = self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let parsed = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("base URL `{base}`: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(Error::Config(format!(
                "base URL `{base}` must be http(s)://host[:port]"
            )));
        }
        let version_text = self.version.unwrap_or_else(|| DEFAULT_VERSION.to_owned());
        let version = HeaderValue::from_str(&version_text).map_err(|_| {
            Error::Config(format!(
                "`{version_text}` is not a valid {VERSION_HEADER} value"
            ))
        })?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::Config(format!("HTTP client: {e}")))?,
        };
        let version_header = HeaderName::from_bytes(VERSION_HEADER.as_bytes())
            .map_err(|e| Error::Config(format!("header `{VERSION_HEADER}`: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                token: self.token,
                base_url: base.trim_end_matches('/').to_owned(),
                version_header,
                version,
            }),
        })
    }
}
