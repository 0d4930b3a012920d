//! Shared helpers of the workspace tests (the tests themselves are under `tests/tests/`).

pub mod sdk_copy;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

use intercom_sdk::{Error, UnknownFields, decode};
use serde::Serialize;
use serde_json::value::RawValue;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A decoded response model, whatever its type: what the model tests ask of it.
pub trait AnyModel: Debug {
    /// Written back as JSON text.
    fn json(&self) -> String;
    /// [`UnknownFields::unknown_fields`].
    fn unknown(&self) -> Vec<String>;
    /// [`UnknownFields::surprises`].
    fn surprises(&self) -> Vec<String>;
}

impl<T: Debug + Serialize + UnknownFields> AnyModel for T {
    fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| panic!("a model does not serialize: {e}"))
    }
    fn unknown(&self) -> Vec<String> {
        self.unknown_fields()
    }
    fn surprises(&self) -> Vec<String> {
        UnknownFields::surprises(self)
    }
}

macro_rules! models {
    ($($name:ident),* $(,)?) => {
        /// Every response model of the SDK, by name (a test keeps the list equal to the manifest's).
        pub const MODELS: &[&str] = &[$(stringify!($name)),*];

        /// Decodes `body` as the model called `name`, the way a call does; `None` for a name
        /// [`MODELS`] does not hold.
        pub fn decode_model(name: &str, body: &[u8]) -> Option<Result<Box<dyn AnyModel>, Error>> {
            use intercom_sdk::models::*;
            Some(match name {
                $(stringify!($name) => decode::<$name>(body).map(|m| Box::new(m) as Box<dyn AnyModel>),)*
                _ => return None,
            })
        }

        /// Decodes `body` as [`decode_model`] does, but through the model's `Deserialize` (the serde
        /// pass alone, without `decode`'s first pass): what that first pass must agree with.
        pub fn serde_model(name: &str, body: &[u8]) -> Option<Result<Box<dyn AnyModel>, serde_json::Error>> {
            use intercom_sdk::models::*;
            Some(match name {
                $(stringify!($name) => serde_json::from_slice::<$name>(body).map(|m| Box::new(m) as Box<dyn AnyModel>),)*
                _ => return None,
            })
        }
    };
}

models!(
    AccessToken,
    User,
    UserList,
    Lead,
    LeadList,
    Visitor,
    PermanentDelete,
    Avatar,
    LocationData,
    SocialProfile,
    SocialProfileList,
    Company,
    CompanyList,
    Plan,
    Pages,
    Admin,
    AdminList,
    UserReference,
    CompanyReference,
    UserCompany,
    EventMetadataValue,
    EventRichLink,
    EventAmount,
    Tag,
    TagList,
    Segment,
    SegmentList,
    Note,
    NoteList,
    EventItem,
    EventList,
    EventSummaryItem,
    EventSummary,
    Count,
    AdminMessage,
    UserMessage,
    Author,
    Customer,
    Attachment,
    ConversationMessage,
    ConversationPart,
    ConversationPartList,
    ConversationRating,
    CustomerFirstReply,
    ConversationLinks,
    Conversation,
    ConversationList,
    SubscriptionLinks,
    Subscription,
    SubscriptionList,
    NotificationEventData,
    NotificationEvent,
    NotificationList,
    JobLinks,
    Task,
    Job,
    JobItemError,
    JobItem,
    JobErrorFeed,
    ErrorItem,
    ErrorList,
);

macro_rules! v2_models {
    ($($name:ident),* $(,)?) => {
        /// Every 2.x model of the SDK, by name (from `manifest/v2/models.yaml`).
        pub const V2_MODELS: &[&str] = &[$(stringify!($name)),*];

        /// Decodes `body` as the 2.x model called `name`, the way a call does; `None` for a name
        /// [`V2_MODELS`] does not hold.
        pub fn decode_v2_model(name: &str, body: &[u8]) -> Option<Result<Box<dyn AnyModel>, Error>> {
            use intercom_sdk::v2::models::*;
            Some(match name {
                $(stringify!($name) => decode::<$name>(body).map(|m| Box::new(m) as Box<dyn AnyModel>),)*
                _ => return None,
            })
        }

        /// Decodes `body` as [`decode_v2_model`] does, but through the model's `Deserialize` (the serde
        /// pass alone, without `decode`'s first pass): what that first pass must agree with.
        pub fn serde_v2_model(name: &str, body: &[u8]) -> Option<Result<Box<dyn AnyModel>, serde_json::Error>> {
            use intercom_sdk::v2::models::*;
            Some(match name {
                $(stringify!($name) => serde_json::from_slice::<$name>(body).map(|m| Box::new(m) as Box<dyn AnyModel>),)*
                _ => return None,
            })
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/v2_models.rs"));

/// Whether two JSON texts hold the same value, comparing numbers by their exact text (`49` is not
/// `49.0`, no digit may change) and `null` as a value of its own (not as an absent member); object
/// members in any order, strings by their value. `Err` names the first difference by JSON path.
pub fn same_json(a: &str, b: &str) -> Result<(), String> {
    same_at(a.trim(), b.trim(), "$")
}

fn same_at(a: &str, b: &str, path: &str) -> Result<(), String> {
    let differ = || Err(format!("{path}: {a} vs {b}"));
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(b'{'), Some(b'{')) => {
            let parsed = (
                serde_json::from_str::<BTreeMap<String, &RawValue>>(a),
                serde_json::from_str::<BTreeMap<String, &RawValue>>(b),
            );
            let (Ok(ma), Ok(mb)) = parsed else {
                return differ();
            };
            let (ka, kb): (Vec<&String>, Vec<&String>) = (ma.keys().collect(), mb.keys().collect());
            if ka != kb {
                return Err(format!("{path}: members {ka:?} vs {kb:?}"));
            }
            for (k, va) in &ma {
                same_at(va.get().trim(), mb[k].get().trim(), &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Some(b'['), Some(b'[')) => {
            let parsed = (
                serde_json::from_str::<Vec<&RawValue>>(a),
                serde_json::from_str::<Vec<&RawValue>>(b),
            );
            let (Ok(va), Ok(vb)) = parsed else {
                return differ();
            };
            if va.len() != vb.len() {
                return Err(format!("{path}: {} items vs {}", va.len(), vb.len()));
            }
            for (i, (x, y)) in va.iter().zip(&vb).enumerate() {
                same_at(x.get().trim(), y.get().trim(), &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Some(b'"'), Some(b'"')) => {
            // A string that is not text (a lone surrogate) must come back byte for byte.
            let parse = |t: &str| serde_json::from_str::<String>(t).ok();
            if (parse(a).is_some() && parse(a) == parse(b)) || a == b {
                Ok(())
            } else {
                differ()
            }
        }
        _ if a == b => Ok(()),
        _ => differ(),
    }
}

#[cfg(test)]
mod tests {
    use super::same_json;

    #[test]
    fn numbers_and_nulls_compare_exactly() {
        assert!(
            same_json(
                r#"{"a": 1, "b": [null, "\u00e9"]}"#,
                r#"{"b":[null,"é"],"a":1}"#
            )
            .is_ok()
        );
        assert!(same_json(r#"{"a": 49}"#, r#"{"a": 49.0}"#).is_err());
        assert!(same_json(r#"{"a": null}"#, "{}").is_err());
        assert!(same_json("12345678901234567890123", "1.2345678901234568e22").is_err());
    }
}
