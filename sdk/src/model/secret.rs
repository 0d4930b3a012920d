//! Text that must not leak: access tokens, OAuth client secrets, webhook hub secrets.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::model::json_text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string: `Debug` prints `[redacted]`, and the memory is zeroed when it is dropped.
///
/// Input fields (`client_secret`, `hub_secret`) and model members (`AccessToken::access_token`,
/// `Subscription::hub_secret`) hold their secrets in it. Serializing writes the text itself, so a
/// model written back (to a store, to a cache) keeps its token; read it with [`Secret::expose`].
///
/// ```
/// let secret = intercom_sdk::Secret::from("tok_123");
/// assert_eq!(format!("{secret:?}"), "[redacted]");
/// assert_eq!(secret.expose(), "tok_123");
/// ```
#[derive(Clone, Default)]
pub struct Secret(SecretString);

impl Secret {
    /// The secret text. Keep it out of logs.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Secret(SecretString::from(text))
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Secret(SecretString::from(text))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.expose())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret::from)
    }
}

/// Member names whose values are secrets wherever they appear: their values are redacted from
/// error bodies and from the `Debug` of members a model does not name.
pub(crate) const SECRET_MEMBERS: &[&str] = &[
    "access_token",
    "token",
    "refresh_token",
    "client_secret",
    "hub_secret",
    "secret",
    "password",
    "api_key",
];

/// Whether a JSON member of this name holds a secret.
pub(crate) fn is_secret_member(name: &str) -> bool {
    SECRET_MEMBERS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// `body` as text for an error, with the value of every secret member (at any depth: the text
/// is read token by token, not parsed into a tree that stops at 128 levels) replaced by
/// `"[redacted]"`, and the rest as it came. A body that is not JSON is kept as it is, unless
/// `withhold` (the operation answers with secrets) or it names a secret member (a JSON body cut
/// short): then it is left out whole, since its secrets cannot be found for sure. (An answer
/// that did not decode, of an operation that answers with secrets, is always left out: see
/// [`withheld`].)
pub(crate) fn redacted_body(body: &[u8], withhold: bool) -> String {
    let text = String::from_utf8_lossy(body);
    match json_text::redacted(&text, is_secret_member) {
        Some((redacted, _)) => redacted,
        None if withhold || names_a_secret(&text) => withheld(body),
        None => text.into_owned(),
    }
}

/// Whether `text` has a secret member's name in quotes (any case).
fn names_a_secret(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    SECRET_MEMBERS
        .iter()
        .any(|name| lower.contains(&format!("\"{name}\"")))
}

/// Replaces the value of every secret member of `value`, at any depth, with `"[redacted]"`;
/// whether there was one.
pub(crate) fn redact(value: &mut serde_json::Value) -> bool {
    let mut changed = false;
    match value {
        serde_json::Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                if is_secret_member(key) && !member.is_null() {
                    *member = serde_json::Value::from("[redacted]");
                    changed = true;
                } else {
                    changed |= redact(member);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                changed |= redact(item);
            }
        }
        _ => {}
    }
    changed
}

/// What an error says instead of a body it leaves out.
pub(crate) fn withheld(body: &[u8]) -> String {
    format!(
        "[{} bytes withheld: this operation answers with secrets]",
        body.len()
    )
}

/// `url` without a user name or password in it, for errors (`https://u:pw@host/` →
/// `https://host/`); text that is not a URL is kept as it is.
pub(crate) fn without_credentials(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_members_are_redacted_at_any_depth() {
        let body =
            br#"{"a": {"access_token": "S3", "list": [{"Token": "S3"}]}, "token": null, "x": 1}"#;
        let text = redacted_body(body, false);
        assert!(!text.contains("S3"), "{text}");
        // The rest as it came, spacing included.
        assert!(text.contains("\"x\": 1"), "{text}");
        assert!(text.contains("\"token\": null"), "{text}");
        // Cut short, it cannot be redacted for sure: left out.
        let cut = redacted_body(br#"{"a": {"access_token": "S3", "b": ["#, false);
        assert!(!cut.contains("S3"), "{cut}");
        assert_eq!(redacted_body(b"not json S3", false), "not json S3");
        assert!(!redacted_body(b"access_token=S3", true).contains("S3"));
        assert_eq!(redacted_body(br#"{"x": 1}"#, true), r#"{"x": 1}"#);
    }

    #[test]
    fn urls_lose_their_credentials_in_errors() {
        assert_eq!(
            without_credentials("https://u:pw@evil.example/x"),
            "https://evil.example/x"
        );
        assert_eq!(without_credentials("not a url"), "not a url");
    }
}
