//! Reads one answer of N MiB (default 50) through `get_users()` with the size limit raised, and
//! prints how much the process's peak resident memory grew during the call, against the body's
//! size. `cargo xtask bench-memory` runs it; the goal is at most 3× the body.
//! `cargo run --release -p intercom-sdk --example big_answer -- 50`

use std::sync::Arc;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A real user payload (Intercom's own test fixture), the template of every user of the answer.
const USER: &str = include_str!("../../tests/fixtures/intercom-responses/user.json");

/// A `user.list` of about `mib` MiB: copies of a real user, each with its own ids and email.
/// Written as text, so building it leaves no freed heap behind for the call to reuse unseen.
fn body(mib: usize) -> Vec<u8> {
    let mut template: serde_json::Value = serde_json::from_str(USER).unwrap_or_default();
    template["id"] = json!("ID");
    template["user_id"] = json!("USER_ID");
    template["email"] = json!("EMAIL");
    let template = template.to_string();
    let mut out = Vec::with_capacity(mib * 1024 * 1024 + template.len() + 64);
    out.extend_from_slice(br#"{"type":"user.list","users":["#);
    let mut i = 0u64;
    while out.len() < mib * 1024 * 1024 {
        if i > 0 {
            out.push(b',');
        }
        let user = template
            .replace("\"ID\"", &format!("\"{i:024x}\""))
            .replace("\"USER_ID\"", &format!("\"{i}\""))
            .replace("\"EMAIL\"", &format!("\"user{i}@example.com\""));
        out.extend_from_slice(user.as_bytes());
        i += 1;
    }
    out.extend_from_slice(b"]}");
    out
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Answers every connection with `body`, written from the one shared copy.
async fn serve(body: Arc<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mib: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let body = Arc::new(body(mib));
    let size = body.len();
    let base = serve(body).await;
    let client = intercom_sdk::Client::builder()
        .token("t")
        .base_url(base)
        .max_response_size(size + 1024)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    // Forget the peak of building the body: from here on, VmHWM is the call's.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kib("VmRSS:");
    let users = client
        .get_users()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let peak = status_kib("VmHWM:");
    let count = users.users.as_ref().map_or(0, Vec::len);
    let grown = peak.saturating_sub(before) * 1024;
    println!(
        "answer of {size} bytes ({count} users): peak RSS grew by {} KiB, {:.2}x the body",
        grown / 1024,
        grown as f64 / size as f64
    );
}
