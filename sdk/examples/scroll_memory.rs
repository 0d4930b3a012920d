//! Scrolls N users (default 100,000) from a local server through `scroll_users().into_stream()`
//! and prints the peak resident memory, to show it stays flat as N grows.
//! `cargo run --release -p intercom-sdk --example scroll_memory -- 100000`
//! (`cargo xtask bench-memory` runs it for 10,000 and 100,000 and compares.)

#[path = "../benches/support/server.rs"]
mod server;

use std::sync::Arc;

use futures_util::StreamExt;
use serde_json::json;

const PAGE: usize = 100;

fn page(offset: usize, total: usize) -> Vec<u8> {
    let users: Vec<_> = (offset..total.min(offset + PAGE))
        .map(|i| json!({"type": "user", "id": format!("{i:024}"), "email": format!("user{i}@example.com"), "name": "Ada Lovelace", "created_at": 1_500_000_000, "custom_attributes": {"plan": "pro", "seats": i}}))
        .collect();
    serde_json::to_vec(
        &json!({"type": "user.list", "users": users, "scroll_param": (offset + PAGE).to_string()}),
    )
    .unwrap_or_default()
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let answer: server::Answer = Arc::new(move |target: &str| {
        let offset = target
            .split("scroll_param=")
            .nth(1)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        page(offset, total)
    });
    let base = server::start(answer).await;
    let client = intercom_sdk::Client::builder()
        .token("t")
        .base_url(base)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stream = std::pin::pin!(client.scroll_users().into_stream());
    let mut count = 0usize;
    while let Some(user) = stream.next().await {
        let user = user.unwrap_or_else(|e| panic!("{e}"));
        count += usize::from(user.id.is_some());
    }
    assert_eq!(count, total, "every user must come through");
    println!("scrolled {count} users; peak RSS {} KiB", peak_rss_kib());
}
