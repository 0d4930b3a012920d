//! Decode time of one 50-user 1.x page and one 50-contact 2.x page through the models, next to
//! what the same bytes cost serde_json with no model at all (`IgnoredAny`: the JSON scanning
//! floor), as a `serde_json::Value` tree, and into plain `#[derive(Deserialize)]` structs of the
//! same shape (`support/derived.rs`, what a typical client declares). Same bytes, same run;
//! medians of many short rounds.
//! `cargo bench -p intercom-sdk --bench decode` (`-- --quick` for a short smoke run,
//! `-- --only=models,users` for one case alone, under a profiler).

// The contact of `support/contacts.rs` is one `json!` deeper than the default limit.
#![recursion_limit = "256"]

#[path = "support/contacts.rs"]
mod contacts;
#[path = "support/derived.rs"]
mod derived;
#[path = "support/users.rs"]
mod users;

use std::hint::black_box;
use std::time::{Duration, Instant};

use intercom_sdk::models::UserList;
use intercom_sdk::v2::models::ContactList;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Median time per decode of `body` by `decode`, over `rounds` rounds of `n` decodes.
fn time(body: &[u8], rounds: usize, n: usize, decode: &dyn Fn(&[u8]) -> bool) -> Duration {
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        for _ in 0..n {
            assert!(decode(black_box(body)));
        }
        samples.push(started.elapsed() / u32::try_from(n).unwrap_or(1));
    }
    median(samples)
}

/// A case: its name in the table, and a decode of the page that says whether it succeeded.
type Case<'a> = (&'a str, &'a dyn Fn(&[u8]) -> bool);

/// The floor and `cases` on `page`, interleaved; prints a table.
///
/// Each case's ratio to the floor is taken round by round, the floor timed just before it, and
/// the median of those ratios reported: load from other work on a shared machine moves both
/// times of a round together, so the ratio holds where the times do not.
fn compare(title: &str, page: &[u8], cases: &[Case<'_>], rounds: usize, n: usize) {
    let floor = |b: &[u8]| serde_json::from_slice::<serde::de::IgnoredAny>(b).is_ok();
    // Warm up, then interleave so every case sees the same machine state.
    time(page, 1, n / 5 + 1, &floor);
    for (_, case) in cases {
        time(page, 1, n / 5 + 1, *case);
    }
    let mut floors = Vec::new();
    let mut times = vec![Vec::new(); cases.len()];
    let mut ratios = vec![Vec::new(); cases.len()];
    for _ in 0..rounds {
        for ((_, case), (t, r)) in cases.iter().zip(times.iter_mut().zip(&mut ratios)) {
            let f = time(page, 1, n, &floor);
            let m = time(page, 1, n, *case);
            floors.push(f);
            t.push(m);
            r.push(m.as_secs_f64() / f.as_secs_f64());
        }
    }
    println!(
        "decode of {title} ({} bytes), median per decode; × the floor: median of the {rounds} \
         rounds' ratios (range):",
        page.len()
    );
    println!("| case | time | × the floor |");
    println!("| --- | --- | --- |");
    println!(
        "| serde_json into IgnoredAny (floor) | {:.1?} | 1.00 |",
        median(floors)
    );
    for ((name, _), (t, mut r)) in cases.iter().zip(times.into_iter().zip(ratios)) {
        r.sort_by(f64::total_cmp);
        let (lo, mid, hi) = (r[0], r[r.len() / 2], r[r.len() - 1]);
        println!(
            "| {name} | {:.1?} | {mid:.2} ({lo:.2}–{hi:.2}) |",
            median(t)
        );
    }
    println!();
}

fn main() {
    // `-- --only=models,users` (`floor` for the floor, `derived` for the plain serde-derived
    // structs, `contacts` for the 2.x page): 200 decodes
    // of one case and nothing else, for a profiler or an instruction count (`valgrind
    // --tool=cachegrind`), which a shared machine does not blur.
    let only = std::env::args().find_map(|a| a.strip_prefix("--only=").map(str::to_owned));
    if let Some(only) = only {
        let page = match only.ends_with("users") {
            true => users::page(50),
            false => contacts::page(50),
        };
        let decode: &dyn Fn(&[u8]) -> bool = match only.as_str() {
            "models,users" => &|b| intercom_sdk::decode::<UserList>(b).is_ok(),
            "models,contacts" => &|b| intercom_sdk::decode::<ContactList>(b).is_ok(),
            "derived,users" => &|b| serde_json::from_slice::<derived::UserPage>(b).is_ok(),
            "derived,contacts" => &|b| serde_json::from_slice::<derived::ContactPage>(b).is_ok(),
            // What the run costs besides the decodes (making the page), to subtract.
            "nothing,users" | "nothing,contacts" => &|b| !b.is_empty(),
            _ => &|b| serde_json::from_slice::<serde::de::IgnoredAny>(b).is_ok(),
        };
        for _ in 0..200 {
            assert!(decode(black_box(&page)));
        }
        return;
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, n) = if quick { (1, 10) } else { (41, 100) };
    let value = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).is_ok();
    compare(
        "a 50-user 1.x page (UserList)",
        &users::page(50),
        &[
            ("serde_json into Value", &value),
            ("intercom-sdk models", &|b| {
                intercom_sdk::decode::<UserList>(b).is_ok()
            }),
            (DERIVED, &|b| {
                serde_json::from_slice::<derived::UserPage>(b).is_ok()
            }),
        ],
        rounds,
        n,
    );
    compare(
        "a 50-contact 2.x page (ContactList)",
        &contacts::page(50),
        &[
            ("serde_json into Value", &value),
            ("intercom-sdk models", &|b| {
                intercom_sdk::decode::<ContactList>(b).is_ok()
            }),
            (DERIVED, &|b| {
                serde_json::from_slice::<derived::ContactPage>(b).is_ok()
            }),
        ],
        rounds,
        n,
    );
}

/// The name of the plain `#[derive(Deserialize)]` structs' row (`support/derived.rs`).
const DERIVED: &str = "plain serde-derived structs (lossy; a reference)";
