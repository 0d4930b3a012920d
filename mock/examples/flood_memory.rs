//! How much memory the mock keeps under a flood of large bodies (BENCHMARKS.md §8, #21).
//!
//! Starts a mock with default limits, sends `N` bodies of just under 4 MiB (the body cap)
//! without a token to a path no operation has and to `/users`, then `N` authorized ones to
//! `POST /users`, and prints the resident set before, after each flood, and what the mock
//! says it keeps. Usage: `flood_memory [N]` (default 100).

use intercom_mock::{Limits, MockServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn post(
    addr: std::net::SocketAddr,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> std::io::Result<()> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let auth = token.map_or(String::new(), |t| format!("authorization: Bearer {t}\r\n"));
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\n{auth}content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let mock = MockServer::start_on(0, Limits::default()).await?;
    let zeros = format!("[{}0]", "0,".repeat(2 * 1024 * 1024 - 2));
    let user = format!(
        "{{\"email\":\"ada@example.com\",\"custom_attributes\":{{\"pad\":\"{}\"}}}}",
        "x".repeat(4 * 1024 * 1024 - 100)
    );
    let mib = |kib: u64| kib as f64 / 1024.0;
    let start = rss_kib();
    for i in 0..n {
        let path = if i % 2 == 0 { "/nowhere" } else { "/users" };
        post(mock.addr(), path, None, &zeros).await?;
    }
    let unauthenticated = rss_kib();
    for _ in 0..n {
        post(mock.addr(), "/users", Some("token"), &user).await?;
    }
    let authorized = rss_kib();
    let sent = n as f64 * 4.0;
    println!(
        "{n} unauthenticated bodies ({sent:.0} MiB): RSS +{:.1} MiB; \
         {n} authorized bodies ({sent:.0} MiB): RSS +{:.1} MiB in all; \
         the mock keeps {} requests, {:.1} MiB",
        mib(unauthenticated.saturating_sub(start)),
        mib(authorized.saturating_sub(start)),
        mock.requests().len(),
        mock.recorded_bytes() as f64 / (1024.0 * 1024.0),
    );
    Ok(())
}
