//! Accessors (#22, 2): each member read the short way, typed, for 1.x and 2.x models alike.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use intercom_sdk::UnknownFields;
use intercom_sdk::models::User;
use intercom_sdk::v2::models::{ArticleStatistics, Contact};

fn at(seconds: u64) -> Option<SystemTime> {
    Some(UNIX_EPOCH + Duration::from_secs(seconds))
}

#[test]
fn a_1x_user_reads_as_plain_values() {
    let user: User = intercom_sdk::decode(
        br#"{"type": "user", "id": 42, "email": "ada@example.com", "session_count": 12,
             "created_at": 1500000000, "unsubscribed_from_emails": false,
             "avatar": {"type": "avatar", "image_url": "https://a.png"},
             "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "7", "name": "vip"}]},
             "custom_attributes": {"plan": "pro"}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // An id sent as an integer reads as its text.
    assert_eq!(user.id(), Some("42"));
    assert_eq!(user.r#type(), Some("user"));
    assert_eq!(user.email(), Some("ada@example.com"));
    assert_eq!(user.name(), None);
    assert_eq!(user.session_count(), Some(12));
    assert_eq!(user.unsubscribed_from_emails(), Some(false));
    assert_eq!(user.created_at(), at(1_500_000_000));
    assert_eq!(user.updated_at(), None);
    assert_eq!(
        user.avatar().and_then(|a| a.image_url()),
        Some("https://a.png")
    );
    // A list reads as a slice, empty when the member is absent.
    let tags = user.tags().map(|t| t.tags()).unwrap_or_default();
    assert_eq!(
        tags.iter().map(|t| t.name()).collect::<Vec<_>>(),
        [Some("vip")]
    );
    assert!(user.segments().is_none());
    let attributes = user
        .custom_attributes()
        .map(|c| c.as_str())
        .unwrap_or_default();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(attributes).ok(),
        Some(serde_json::json!({"plan": "pro"}))
    );
}

#[test]
fn a_2x_contact_reads_as_plain_values_whatever_the_timestamp_form() {
    let contact: Contact = intercom_sdk::decode(
        br#"{"type": "contact", "id": "6657", "email": "ada@example.com",
             "has_hard_bounced": true, "created_at": "2017-07-14T02:40:00Z",
             "last_seen_at": 1500000000}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(contact.id(), Some("6657"));
    assert_eq!(contact.email(), Some("ada@example.com"));
    assert_eq!(contact.has_hard_bounced(), Some(true));
    assert_eq!(contact.created_at(), at(1_500_000_000));
    assert_eq!(contact.last_seen_at(), at(1_500_000_000));
}

#[test]
fn numbers_read_as_f64_and_a_misfit_reads_as_none() {
    let stats: ArticleStatistics =
        intercom_sdk::decode(br#"{"happy_reaction_percentage": 49.5, "views": "many"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stats.happy_reaction_percentage(), Some(49.5));
    assert_eq!(stats.views(), None);
}

#[test]
fn a_note_author_avatar_is_typed() {
    let note: intercom_sdk::models::Note = intercom_sdk::decode(
        br#"{"type": "note", "id": "1", "author": {"type": "admin", "id": "9",
             "avatar": {"type": "avatar", "image_url": "https://admin.png"}}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let avatar = note.author().and_then(|a| a.avatar());
    assert_eq!(
        avatar.and_then(|a| a.image_url()),
        Some("https://admin.png")
    );
    assert!(
        note.unknown_fields().is_empty(),
        "{:?}",
        note.unknown_fields()
    );
}

/// A model's `extra` moved into a model of another type keeps its `null`s by name: they are
/// bits counted in the first model's members, not the second's.
#[test]
fn nulls_moved_to_a_model_of_another_type_keep_their_names() {
    let user: intercom_sdk::models::User =
        intercom_sdk::decode(br#"{"id": "1", "phone": null}"#).unwrap_or_else(|e| panic!("{e}"));
    let mut company = intercom_sdk::models::Company::default();
    company.extra = user.extra.clone();
    let json = serde_json::to_value(&company).unwrap_or_default();
    assert_eq!(json, serde_json::json!({"phone": null}));
    assert_eq!(
        serde_json::to_value(&user).unwrap_or_default(),
        serde_json::json!({"id": "1", "phone": null})
    );
}
