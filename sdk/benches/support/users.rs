//! The users the benchmarks decode: realistic members of every kind, as Intercom sends them.

use serde_json::{Value, json};

/// User number `i`.
pub fn user(i: usize) -> Value {
    json!({
        "type": "user", "id": format!("5714dd359a3fd47136{i:06}"), "user_id": format!("u-{i}"),
        "email": format!("user{i}@example.com"), "name": "Ada Lovelace", "phone": "+44 20 7946 0000",
        "avatar": {"type": "avatar", "image_url": "https://example.com/a.png"}, "app_id": "abc123",
        "created_at": 1_500_000_000, "updated_at": 1_500_000_100, "signed_up_at": 1_490_000_000,
        "last_request_at": 1_500_000_050, "session_count": 42, "unsubscribed_from_emails": false,
        "last_seen_ip": "203.0.113.7", "user_agent_data": "Mozilla/5.0 (X11; Linux x86_64)",
        "custom_attributes": {"plan": "pro", "seats": 12, "paid": true, "team": "core", "score": 9.5},
        "companies": {"type": "company.list", "companies": [{"type": "company", "id": "c1", "company_id": "acme", "name": "Acme"}]},
        "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "1", "name": "vip"}]},
        "segments": {"type": "segment.list", "segments": [{"type": "segment", "id": "s1"}]},
        "location_data": {"type": "location_data", "city_name": "London", "country_code": "GBR", "timezone": "Europe/London"},
        "social_profiles": {"type": "social_profile.list", "social_profiles": []}
    })
}

/// A `user.list` page of `n` users, as `GET /users` answers it.
pub fn page(n: usize) -> Vec<u8> {
    let users: Vec<Value> = (0..n).map(user).collect();
    let page = json!({
        "type": "user.list", "users": users, "total_count": n,
        "pages": {"type": "pages", "page": 1, "per_page": n, "total_pages": 1, "next": null}
    });
    serde_json::to_vec(&page).unwrap_or_default()
}
