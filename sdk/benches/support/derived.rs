//! The two pages' shapes as a plain `#[derive(Deserialize)]` client would declare them: every
//! member an `Option`, strings as `String`, free-form maps as `serde_json::Value`. A reference
//! for the models' time, not a rival: these structs drop unknown members and `null`s and fail
//! on a value of another JSON type, where the models keep all of it.

#![allow(dead_code)]

use serde::Deserialize;
use serde_json::Value;

type Text = Option<String>;

#[derive(Deserialize)]
pub struct UserPage {
    r#type: Text,
    users: Option<Vec<User>>,
    total_count: Option<i64>,
    pages: Option<Pages>,
}

#[derive(Deserialize)]
pub struct Pages {
    r#type: Text,
    page: Option<i64>,
    per_page: Option<i64>,
    total_pages: Option<i64>,
    next: Option<Value>,
}

#[derive(Deserialize)]
struct User {
    r#type: Text,
    id: Text,
    user_id: Text,
    email: Text,
    name: Text,
    phone: Text,
    avatar: Option<Avatar>,
    app_id: Text,
    created_at: Option<i64>,
    updated_at: Option<i64>,
    signed_up_at: Option<i64>,
    last_request_at: Option<i64>,
    session_count: Option<i64>,
    unsubscribed_from_emails: Option<bool>,
    last_seen_ip: Text,
    user_agent_data: Text,
    custom_attributes: Option<Value>,
    companies: Option<Companies>,
    tags: Option<Tags>,
    segments: Option<Segments>,
    location_data: Option<Box<Location>>,
    social_profiles: Option<SocialProfiles>,
}

#[derive(Deserialize)]
struct Avatar {
    r#type: Text,
    image_url: Text,
}

#[derive(Deserialize)]
struct Companies {
    r#type: Text,
    companies: Option<Vec<Company>>,
}

#[derive(Deserialize)]
struct Company {
    r#type: Text,
    id: Text,
    company_id: Text,
    name: Text,
}

#[derive(Deserialize)]
struct Tags {
    r#type: Text,
    tags: Option<Vec<Tag>>,
}

#[derive(Deserialize)]
struct Tag {
    r#type: Text,
    id: Text,
    name: Text,
}

#[derive(Deserialize)]
struct Segments {
    r#type: Text,
    segments: Option<Vec<Segment>>,
}

#[derive(Deserialize)]
struct Segment {
    r#type: Text,
    id: Text,
}

#[derive(Deserialize)]
struct Location {
    r#type: Text,
    city_name: Text,
    country_code: Text,
    timezone: Text,
}

#[derive(Deserialize)]
struct SocialProfiles {
    r#type: Text,
    social_profiles: Option<Vec<Value>>,
}

#[derive(Deserialize)]
pub struct ContactPage {
    r#type: Text,
    data: Option<Vec<Contact>>,
    total_count: Option<i64>,
    pages: Option<Value>,
}

#[derive(Deserialize)]
struct Contact {
    r#type: Text,
    id: Text,
    external_id: Text,
    workspace_id: Text,
    role: Text,
    email: Text,
    email_domain: Text,
    phone: Text,
    name: Text,
    owner_id: Option<i64>,
    has_hard_bounced: Option<bool>,
    marked_email_as_spam: Option<bool>,
    unsubscribed_from_emails: Option<bool>,
    created_at: Option<i64>,
    updated_at: Option<i64>,
    signed_up_at: Option<i64>,
    last_seen_at: Option<i64>,
    last_replied_at: Option<i64>,
    last_contacted_at: Option<i64>,
    last_email_opened_at: Option<i64>,
    last_email_clicked_at: Option<i64>,
    language_override: Text,
    browser: Text,
    browser_version: Text,
    browser_language: Text,
    os: Text,
    android_app_name: Text,
    android_app_version: Text,
    android_device: Text,
    android_os_version: Text,
    android_sdk_version: Text,
    android_last_seen_at: Option<i64>,
    ios_app_name: Text,
    ios_app_version: Text,
    ios_device: Text,
    ios_os_version: Text,
    ios_sdk_version: Text,
    ios_last_seen_at: Option<i64>,
    custom_attributes: Option<Value>,
    avatar: Option<Value>,
    tags: Option<Listed>,
    notes: Option<Listed>,
    companies: Option<Listed>,
    location: Option<Box<ContactLocation>>,
    social_profiles: Option<SocialProfiles>,
    opted_out_subscription_types: Option<Listed>,
    opted_in_subscription_types: Option<Listed>,
    utm_campaign: Text,
    utm_content: Text,
    utm_medium: Text,
    utm_source: Text,
    utm_term: Text,
    referrer: Text,
    enabled_push_messaging: Option<bool>,
}

#[derive(Deserialize)]
struct Listed {
    r#type: Text,
    data: Option<Vec<Reference>>,
    url: Text,
    total_count: Option<i64>,
    has_more: Option<bool>,
}

#[derive(Deserialize)]
struct Reference {
    r#type: Text,
    id: Text,
    url: Text,
}

#[derive(Deserialize)]
struct ContactLocation {
    r#type: Text,
    country: Text,
    region: Text,
    city: Text,
    country_code: Text,
    continent_code: Text,
}
