//! Per-call overhead: the SDK against hand-written reqwest + serde code doing the same request and
//! the same decode, in the same run, against the same local server. Prints per-call times and the
//! ratio. `cargo bench -p intercom-sdk --bench overhead` (`-- --quick` for a short smoke run).

#[path = "support/server.rs"]
mod server;
#[path = "support/users.rs"]
mod users;

use std::sync::Arc;
use std::time::{Duration, Instant};

use intercom_sdk::models::{User, UserList};
use serde_json::json;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (calls, rounds) = if quick { (20, 1) } else { (2_000, 7) };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let one_user = serde_json::to_vec(&users::user(1)).unwrap_or_default();
    let page = users::page(50);
    // GET /users?… answers the page; POST /users answers one user.
    let answer: server::Answer = Arc::new(move |target: &str| {
        if target.starts_with("/users?") {
            page.clone()
        } else {
            one_user.clone()
        }
    });
    let base = rt.block_on(server::start(answer));
    let sdk = intercom_sdk::Client::builder()
        .token("bench-token")
        .base_url(&base)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let raw = reqwest::Client::new();
    let attributes = serde_json::Map::from_iter([
        ("plan".to_owned(), json!("pro")),
        ("seats".to_owned(), json!(12)),
        ("paid".to_owned(), json!(true)),
    ]);
    let companies = vec![serde_json::Map::from_iter([
        ("company_id".to_owned(), json!("acme")),
        ("name".to_owned(), json!("Acme")),
    ])];

    let sdk_create = || async {
        let user: User = sdk
            .create_user_by_email("ada@example.com")
            .user_id("u-1")
            .name("Ada Lovelace")
            .phone("+44 20 7946 0000")
            .custom_attributes(attributes.clone())
            .companies(companies.clone())
            .last_request_at(1_500_000_050)
            .update_last_request_at(true)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        user.id.map(|i| i.len()).unwrap_or_default()
    };
    let raw_create = || async {
        let body = json!({
            "email": "ada@example.com", "user_id": "u-1", "name": "Ada Lovelace", "phone": "+44 20 7946 0000",
            "custom_attributes": attributes.clone(), "companies": companies.clone(),
            "last_request_at": 1_500_000_050, "update_last_request_at": true
        });
        let bytes = raw
            .post(format!("{base}/users"))
            .bearer_auth("bench-token")
            .header("accept", "application/json")
            .header("intercom-version", "1.4")
            .header("user-agent", "hand-written")
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&body).unwrap_or_default())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let user: User = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
        user.id.map(|i| i.len()).unwrap_or_default()
    };
    let sdk_list = || async {
        let page: UserList = sdk
            .get_users()
            .per_page(50)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        page.users.map(|u| u.len()).unwrap_or_default()
    };
    let raw_list = || async {
        let bytes = raw
            .get(format!("{base}/users?per_page=50"))
            .bearer_auth("bench-token")
            .header("accept", "application/json")
            .header("intercom-version", "1.4")
            .header("user-agent", "hand-written")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let page: UserList = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
        page.users.map(|u| u.len()).unwrap_or_default()
    };

    println!(
        "per-call time, median of {rounds} rounds of {calls} calls (loopback server, one thread)"
    );
    println!(
        "{:<28} {:>12} {:>12} {:>8}",
        "case", "sdk", "reqwest", "ratio"
    );
    macro_rules! compare {
        ($label:expr, $sdk:expr, $raw:expr) => {{
            rt.block_on(async {
                for _ in 0..calls.min(200) {
                    $sdk().await;
                    $raw().await;
                }
            });
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                let t = Instant::now();
                rt.block_on(async {
                    for _ in 0..calls {
                        $sdk().await;
                    }
                });
                a.push(t.elapsed() / calls);
                let t = Instant::now();
                rt.block_on(async {
                    for _ in 0..calls {
                        $raw().await;
                    }
                });
                b.push(t.elapsed() / calls);
            }
            let (a, b) = (median(a), median(b));
            println!(
                "{:<28} {:>10.1}µs {:>10.1}µs {:>8.3}",
                $label,
                a.as_secs_f64() * 1e6,
                b.as_secs_f64() * 1e6,
                a.as_secs_f64() / b.as_secs_f64()
            );
        }};
    }
    compare!("createUserByEmail", sdk_create, raw_create);
    compare!("getUsers (50-user page)", sdk_list, raw_list);
}
