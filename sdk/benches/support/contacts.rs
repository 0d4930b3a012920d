//! The 2.x contacts the benchmarks decode: the contact of Intercom's own example answer
//! (`GET /contacts/{contact_id}` in `openapi/2.16/api.intercom.io.yaml`), with its `null`s, and
//! some members filled in as a workspace in use has them.

use serde_json::{Value, json};

/// Contact number `i`.
pub fn contact(i: usize) -> Value {
    let id = format!("6762f0d01bb69f9f21{i:06}");
    let list = |what: &str, data: Value| {
        json!({"type": "list", "data": data, "url": format!("/contacts/{id}/{what}"),
               "total_count": data.as_array().map_or(0, Vec::len), "has_more": false})
    };
    json!({
        "type": "contact", "id": id, "workspace_id": "ecahpwf5", "external_id": format!("{i}"),
        "role": "user", "email": format!("joe{i}@bloggs.com"), "phone": null, "name": "Joe Bloggs",
        "avatar": null, "owner_id": null, "social_profiles": {"type": "list", "data": []},
        "has_hard_bounced": false, "marked_email_as_spam": false, "unsubscribed_from_emails": false,
        "created_at": 1_734_537_424, "updated_at": 1_734_537_424, "signed_up_at": 1_734_537_424,
        "last_seen_at": 1_734_600_000, "last_replied_at": null, "last_contacted_at": null,
        "last_email_opened_at": null, "last_email_clicked_at": null, "language_override": null,
        "browser": "chrome", "browser_version": "131.0.0.0", "browser_language": "en", "os": "OS X 10.15.7",
        "location": {"type": "location", "country": "Ireland", "region": "Dublin", "city": "Dublin",
                     "country_code": "IRL", "continent_code": "EU"},
        "android_app_name": null, "android_app_version": null, "android_device": null,
        "android_os_version": null, "android_sdk_version": null, "android_last_seen_at": null,
        "ios_app_name": null, "ios_app_version": null, "ios_device": null, "ios_os_version": null,
        "ios_sdk_version": null, "ios_last_seen_at": null,
        "custom_attributes": {"plan": "pro", "seats": 12, "paid": true, "score": 9.5},
        "tags": list("tags", json!([{"type": "tag", "id": "81", "url": "/tags/81"}])),
        "notes": list("notes", json!([])),
        "companies": list("companies", json!([{"type": "company", "id": "6762f0d11bb69f9f2193bb80", "url": "/companies/6762f0d11bb69f9f2193bb80"}])),
        "opted_out_subscription_types": list("subscriptions", json!([])),
        "opted_in_subscription_types": list("subscriptions", json!([])),
        "utm_campaign": null, "utm_content": null, "utm_medium": null, "utm_source": null,
        "utm_term": null, "referrer": null, "enabled_push_messaging": null
    })
}

/// A contact list page of `n` contacts, as `GET /contacts` answers it.
pub fn page(n: usize) -> Vec<u8> {
    let contacts: Vec<Value> = (0..n).map(contact).collect();
    let page = json!({
        "type": "list", "data": contacts, "total_count": 1000,
        "pages": {"type": "pages", "page": 1, "per_page": n, "total_pages": 1000 / n.max(1),
                  "next": {"per_page": n, "starting_after": "WzE3MzQ1Mzc0MjQwMDAsIjY3NjJmMGQwIl0="}}
    });
    serde_json::to_vec(&page).unwrap_or_default()
}
