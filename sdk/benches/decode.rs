//! Decode time of one 50-user 1.x page and one 50-contact 2.x page through the models, next to
//! what the same bytes cost serde_json with no model at all (`IgnoredAny`: the JSON scanning
//! floor) and as a `serde_json::Value` tree. Same bytes, same run; medians of many short rounds.
//! `cargo bench -p intercom-sdk --bench decode` (`-- --quick` for a short smoke run,
//! `-- --only=models,users` for one case alone, under a profiler).

// The contact of `support/contacts.rs` is one `json!` deeper than the default limit.
#![recursion_limit = "256"]

#[path = "support/contacts.rs"]
mod contacts;
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

/// The floor, `Value` and the models on `page`, interleaved; prints a table.
///
/// Each case's ratio to the floor is taken round by round, the floor timed just before it, and
/// the median of those ratios reported: load from other work on a shared machine moves both
/// times of a round together, so the ratio holds where the times do not.
fn compare(title: &str, page: &[u8], models: &dyn Fn(&[u8]) -> bool, rounds: usize, n: usize) {
    let floor = |b: &[u8]| serde_json::from_slice::<serde::de::IgnoredAny>(b).is_ok();
    let value = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).is_ok();
    // Warm up, then interleave so every case sees the same machine state.
    for case in [&floor as &dyn Fn(&[u8]) -> bool, &value, models] {
        time(page, 1, n / 5 + 1, case);
    }
    let (mut f, mut v, mut m) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        f.push(time(page, 1, n, &floor));
        v.push(time(page, 1, n, &value));
        m.push(time(page, 1, n, models));
    }
    let ratios = |times: &[Duration]| -> Vec<f64> {
        times
            .iter()
            .zip(&f)
            .map(|(t, floor)| t.as_secs_f64() / floor.as_secs_f64())
            .collect()
    };
    let (rv, rm) = (ratios(&v), ratios(&m));
    let middle = |mut r: Vec<f64>| {
        r.sort_by(f64::total_cmp);
        r[r.len() / 2]
    };
    let (f, v, m) = (median(f), median(v), median(m));
    println!(
        "decode of {title} ({} bytes), median per decode; × the floor: median of the \
         {rounds} rounds' ratios (range):",
        page.len()
    );
    let range = |r: &[f64]| {
        let (lo, hi) = r
            .iter()
            .fold((f64::MAX, 0f64), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
        format!("{lo:.2}–{hi:.2}")
    };
    println!("| case | time | × the floor |");
    println!("| --- | --- | --- |");
    println!("| serde_json into IgnoredAny (floor) | {f:.1?} | 1.00 |");
    println!(
        "| serde_json into Value | {v:.1?} | {:.2} ({}) |",
        middle(rv.clone()),
        range(&rv)
    );
    println!(
        "| intercom-sdk models | {m:.1?} | {:.2} ({}) |",
        middle(rm.clone()),
        range(&rm)
    );
    println!();
}

fn main() {
    // `-- --only=models,users` (`floor` for the floor, `contacts` for the 2.x page): 200 decodes
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
    compare(
        "a 50-user 1.x page (UserList)",
        &users::page(50),
        &|b| intercom_sdk::decode::<UserList>(b).is_ok(),
        rounds,
        n,
    );
    compare(
        "a 50-contact 2.x page (ContactList)",
        &contacts::page(50),
        &|b| intercom_sdk::decode::<ContactList>(b).is_ok(),
        rounds,
        n,
    );
}
