//! Calls to endpoints the manifest does not list, with everything the generated ones get: the
//! token, `Intercom-Version`, retries, timeouts, rate-limit waits, size limits, hooks and typed
//! errors.

use std::borrow::Cow;
use std::fmt;

use crate::client::attempts::Sending;
use crate::client::shared::Client;
use crate::error::Error;
use crate::meta::{self, Method};
use crate::model::secret;
use crate::request::Request;
use crate::request::options::{CallOptions, call_settings};
use crate::request::wire::JsonText;
use crate::response::serde_sends;

/// A call built by [`Client::raw`]; send it with [`RawRequest::send`] (decoded into any type
/// serde reads), [`RawRequest::send_with_response`] or [`RawRequest::bytes`].
#[derive(Clone)]
#[must_use = "a request is sent only by `.send().await` or `.bytes().await`"]
pub struct RawRequest {
    client: Client,
    options: CallOptions,
    request: Request,
    /// An absolute URL on another origin: refused when sent, with the token never leaving.
    foreign: Option<String>,
}

impl Client {
    /// A call to `path`: `/admins/7` (appended to the base URL), or an absolute URL on the base
    /// URL's own scheme, host and port. Any other host is refused with [`Error::ForeignUrl`]
    /// when the call is sent, so the token goes nowhere else.
    ///
    /// ```no_run
    /// use intercom_sdk::{Client, Method};
    /// # async fn demo(client: Client) -> Result<(), intercom_sdk::Error> {
    /// let visitors: serde_json::Value = client
    ///     .raw(Method::Get, "/visitors")
    ///     .query("user_id", "42")
    ///     .send()
    ///     .await?;
    /// # let _ = visitors; Ok(()) }
    /// ```
    pub fn raw(&self, method: Method, path: impl AsRef<str>) -> RawRequest {
        let path = path.as_ref();
        let mut request = Request::new(meta::raw(method));
        let mut foreign = None;
        if path.starts_with("http://") || path.starts_with("https://") {
            match reqwest::Url::parse(path) {
                Ok(url) if self.within_base(&url) => {
                    request.template = Cow::Owned(url.path().to_owned());
                    request.url = Some(url);
                }
                _ => foreign = Some(path.to_owned()),
            }
        } else if path.starts_with('/') {
            let template = path.split(['?', '#']).next().unwrap_or_default();
            request.template = Cow::Owned(template.to_owned());
            request.path = path.to_owned();
        } else {
            request.refuse(
                "path",
                None,
                format!("`{path}` must start with `/`, or be a URL"),
            );
        }
        RawRequest {
            client: self.clone(),
            options: CallOptions::default(),
            request,
            foreign,
        }
    }
}

impl RawRequest {
    /// Adds the query parameter `key=value` (encoded when sent).
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        let key = Cow::Owned(key.into());
        self.request.query.push((key, value.to_string()));
        self
    }

    /// Sends `body` as the JSON body: anything `Serialize` that is a JSON object (the API takes
    /// no other); something else refuses the call before anything is sent.
    pub fn json(mut self, body: impl serde::Serialize) -> Self {
        match JsonText::object(body).into_object() {
            Ok(map) => self.request.body = Some(map.into()),
            Err(why) => self.request.refuse("body", None, why),
        }
        self
    }

    call_settings!();

    serde_sends!();

    fn start(self) -> Sending {
        if let Some(url) = self.foreign {
            return Box::pin(std::future::ready(Err(Error::ForeignUrl {
                operation: "raw",
                url: secret::without_credentials(&url),
            })));
        }
        let mut request = self.request;
        request.options = self.options;
        self.client.sending(request)
    }
}

impl fmt::Debug for RawRequest {
    /// What the call would send (secrets redacted).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.request.debug("RawRequest", f)
    }
}
