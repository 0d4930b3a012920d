//! OAuth: sending a user to Intercom's authorize page, then trading the code for a token with
//! `Client::get_access_token`, an operation of the 1.x manifest (feature `v1`; the exchange is
//! the same for every API version).
//!
//! ```
//! let url = intercom_sdk::oauth::authorize_url("my-client-id", "csrf-state-42", "https://example.com/callback");
//! assert_eq!(
//!     url,
//!     "https://app.intercom.io/oauth?client_id=my-client-id&state=csrf-state-42&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback"
//! );
//! ```
//! Intercom redirects back with `code` and `state`; check `state`, then (within about five
//! minutes) call `client.get_access_token(client_id, client_secret, code)`. The client secret is
//! held as a [`Secret`](crate::Secret) and never shows in `Debug`.

/// Intercom's authorize page.
pub const AUTHORIZE_URL: &str = "https://app.intercom.io/oauth";

/// The URL to send a user to, with `client_id`, `state` and `redirect_uri` form-encoded.
pub fn authorize_url(client_id: &str, state: &str, redirect_uri: &str) -> String {
    let mut url = reqwest::Url::parse(AUTHORIZE_URL)
        .unwrap_or_else(|_| unreachable!("AUTHORIZE_URL is a valid URL"));
    url.query_pairs_mut()
        .append_pair("client_id", client_id)
        .append_pair("state", state)
        .append_pair("redirect_uri", redirect_uri);
    url.into()
}
