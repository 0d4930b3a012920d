//! Receiving webhooks: check `X-Hub-Signature`, then read the notification.
//!
//! Intercom signs each notification of a subscription that has a hub secret with
//! `X-Hub-Signature: sha1=<hex>`, the HMAC-SHA1 of the raw request body keyed with that secret.
//! Verify the exact bytes you received, before parsing them:
//!
//! ```
//! use intercom_sdk::webhooks::Verifier;
//!
//! /// What a web handler does with the `X-Hub-Signature` header and the raw body; returns the
//! /// HTTP status to answer with.
//! fn handle(verifier: &Verifier, x_hub_signature: Option<&str>, body: &[u8]) -> u16 {
//!     match verifier.verify(x_hub_signature.unwrap_or_default(), body) {
//!         Ok(()) => 200, // from Intercom: read `body` (with `v1`, `verifier.parse` types it)
//!         Err(_) => 401,
//!     }
//! }
//! let verifier = Verifier::new("hub-secret")?;
//! assert_eq!(handle(&verifier, Some("sha1=0000000000000000000000000000000000000000"), b"{}"), 401);
//! // An empty secret (an unset environment variable) is refused, not trusted.
//! assert!(Verifier::new("").is_err());
//! # Ok::<(), intercom_sdk::webhooks::WebhookError>(())
//! ```
//!
//! With the `v1` feature, `Verifier::parse` verifies and then decodes the 1.x
//! `NotificationEvent`, whose `topic` tolerates unknown topics and whose `item()` is typed by its
//! `type`.
//!
//! In axum the handler is `async fn hook(State(v): State<Verifier>, headers: HeaderMap, body: Bytes)`
//! calling `handle(&v, headers.get("x-hub-signature").and_then(|h| h.to_str().ok()), &body)`;
//! take the body as `Bytes`, not as parsed JSON, so the signature is checked on what was sent.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::error::DecodeError;
#[cfg(feature = "v1")]
use crate::error::Error;
#[cfg(feature = "v1")]
use crate::generated::models::{Company, Conversation, Lead, NotificationEvent, User};
use crate::model::secret::Secret;
#[cfg(feature = "v1")]
use crate::{model::secret, response::decode::decode};

/// Checks signatures with one hub secret and parses what passes. The secret never shows in `Debug`.
#[derive(Clone)]
pub struct Verifier {
    secret: Secret,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// Why a webhook request was refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The header is missing, or not `sha1=` followed by 40 hex digits.
    MalformedSignature,
    /// The signature does not match the body: not from Intercom, or altered.
    BadSignature,
    /// The body is signed but is not a notification.
    Decode(Box<DecodeError>),
    /// [`Verifier::new`] was given an empty hub secret (an unset environment variable, say):
    /// anyone can sign with the empty key, so it is refused rather than trusted.
    EmptySecret,
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MalformedSignature => {
                f.write_str("X-Hub-Signature is missing or not `sha1=<40 hex digits>`")
            }
            WebhookError::BadSignature => f.write_str("X-Hub-Signature does not match the body"),
            WebhookError::Decode(e) => write!(f, "{e}"),
            WebhookError::EmptySecret => f.write_str(
                "the hub secret is empty: anyone could sign a notification with it; give the subscription's hub_secret",
            ),
        }
    }
}

impl std::error::Error for WebhookError {}

impl Verifier {
    /// A verifier for the subscription's `hub_secret`; an empty (or blank) secret is refused,
    /// as the client refuses an empty token, so a missing setting fails closed.
    pub fn new(hub_secret: impl Into<String>) -> Result<Self, WebhookError> {
        let hub_secret = hub_secret.into();
        if hub_secret.trim().is_empty() {
            return Err(WebhookError::EmptySecret);
        }
        Ok(Verifier {
            secret: Secret::from(hub_secret),
        })
    }

    /// Checks `signature` (the `X-Hub-Signature` value) against the raw `body`, in constant time.
    pub fn verify(&self, signature: &str, body: &[u8]) -> Result<(), WebhookError> {
        let hex_digest = signature
            .trim()
            .strip_prefix("sha1=")
            .ok_or(WebhookError::MalformedSignature)?;
        let expected = hex::decode(hex_digest).map_err(|_| WebhookError::MalformedSignature)?;
        if expected.len() != 20 {
            return Err(WebhookError::MalformedSignature);
        }
        let mut mac = Hmac::<Sha1>::new_from_slice(self.secret.expose().as_bytes())
            .map_err(|_| WebhookError::BadSignature)?;
        mac.update(body);
        mac.verify_slice(&expected)
            .map_err(|_| WebhookError::BadSignature)
    }

    /// The `X-Hub-Signature` value Intercom sends with `body`: `sha1=` and the HMAC-SHA1 of the
    /// body keyed with the hub secret, in lowercase hex. For tests of a webhook receiver
    /// (`intercom_mock::sign_webhook` is this), and for forwarding a body you re-sign.
    ///
    /// ```
    /// let verifier = intercom_sdk::webhooks::Verifier::new("hub-secret")?;
    /// let signature = verifier.signature(b"{}");
    /// assert!(verifier.verify(&signature, b"{}").is_ok());
    /// # Ok::<(), intercom_sdk::webhooks::WebhookError>(())
    /// ```
    pub fn signature(&self, body: &[u8]) -> String {
        // HMAC takes a key of any length, so this cannot fail.
        match Hmac::<Sha1>::new_from_slice(self.secret.expose().as_bytes()) {
            Ok(mut mac) => {
                mac.update(body);
                format!("sha1={}", hex::encode(mac.finalize().into_bytes()))
            }
            Err(_) => String::new(),
        }
    }

    #[cfg(feature = "v1")]
    /// Verifies, then parses the notification.
    pub fn parse(&self, signature: &str, body: &[u8]) -> Result<NotificationEvent, WebhookError> {
        self.verify(signature, body)?;
        parse_notification(body)
    }
}

#[cfg(feature = "v1")]
/// Parses a notification without checking a signature (for subscriptions without a hub secret).
pub fn parse_notification(body: &[u8]) -> Result<NotificationEvent, WebhookError> {
    decode(body).map_err(|e| match e {
        Error::Decode(d) => WebhookError::Decode(d),
        other => WebhookError::Decode(Box::new(DecodeError {
            operation: "webhook",
            status: 200,
            path: ".".into(),
            message: other.to_string(),
            body: secret::redacted_body(body, false),
        })),
    })
}

#[cfg(feature = "v1")]
/// The object a notification is about, typed by its `type`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Item {
    /// `user`
    User(Box<User>),
    /// `contact` (a lead)
    Lead(Box<Lead>),
    /// `company`
    Company(Box<Company>),
    /// `conversation`
    Conversation(Box<Conversation>),
    /// Anything else (taggings, events, pings, types this SDK does not know), as sent.
    Other(serde_json::Value),
}

#[cfg(feature = "v1")]
impl NotificationEvent {
    /// `data.item`, decoded by its `type`; `None` when the notification has no item.
    pub fn item(&self) -> Option<Item> {
        #[derive(serde::Deserialize)]
        struct Kind {
            #[serde(rename = "type")]
            kind: Option<String>,
        }
        let raw = self.data.as_ref()?.item.as_ref()?;
        let kind = raw.parse::<Kind>().ok().and_then(|k| k.kind);
        let text = raw.as_str().as_bytes();
        let typed = match kind.as_deref() {
            Some("user") => decode(text).map(|v| Item::User(Box::new(v))),
            Some("contact" | "lead") => decode(text).map(|v| Item::Lead(Box::new(v))),
            Some("company") => decode(text).map(|v| Item::Company(Box::new(v))),
            Some("conversation") => decode(text).map(|v| Item::Conversation(Box::new(v))),
            _ => return Some(Item::Other(raw.to_value())),
        };
        Some(typed.unwrap_or_else(|_| Item::Other(raw.to_value())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Computed outside this code, with Python's hmac module:
    // hmac.new(b"key", b"The quick brown fox jumps over the lazy dog", hashlib.sha1).hexdigest()
    const RFC_VECTOR: &str = "sha1=de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9";

    #[test]
    fn known_vector() {
        let v = Verifier::new("key").unwrap_or_else(|e| panic!("{e}"));
        let body = b"The quick brown fox jumps over the lazy dog";
        assert!(v.verify(RFC_VECTOR, body).is_ok());
        assert_eq!(v.signature(body), RFC_VECTOR);
        assert!(matches!(
            v.verify(RFC_VECTOR, b"The quick brown fox jumps over the lazy cog"),
            Err(WebhookError::BadSignature)
        ));
        assert!(matches!(
            Verifier::new("other")
                .unwrap_or_else(|e| panic!("{e}"))
                .verify(RFC_VECTOR, body),
            Err(WebhookError::BadSignature)
        ));
        for bad in [
            "",
            "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9",
            "sha1=zz",
            "sha1=de7c",
            "sha256=de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9",
        ] {
            assert!(
                matches!(v.verify(bad, body), Err(WebhookError::MalformedSignature)),
                "{bad:?}"
            );
        }
        assert!(!format!("{v:?}").contains("key\""));
    }
}
