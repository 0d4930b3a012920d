//! Time of `surprises()` and `unknown_fields()` on a user list of 20,000 and of 200,000 items
//! (about 8 MiB), every other one not fitting (an integer where a user is due: 10,000 and
//! 100,000 misfits): the walks must be linear, so ten times the items take about ten times the
//! time.
//! `cargo bench -p intercom-sdk --features v1 --bench drift`

use std::time::{Duration, Instant};

use intercom_sdk::UnknownFields;
use intercom_sdk::models::UserList;

/// A `user.list` of `n` items, every other one the integer 7.
fn page(n: usize) -> Vec<u8> {
    let items: Vec<String> = (0..n)
        .map(|i| {
            if i % 2 == 0 {
                "7".to_owned()
            } else {
                format!(
                    r#"{{"type":"user","id":"{i}","name":"{:0>60}","zz":{i}}}"#,
                    i
                )
            }
        })
        .collect();
    format!(r#"{{"type":"user.list","users":[{}]}}"#, items.join(",")).into_bytes()
}

/// The median time of `walk` over five runs.
fn time(walk: &dyn Fn() -> usize) -> Duration {
    let mut samples: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            assert!(std::hint::black_box(walk()) > 0);
            started.elapsed()
        })
        .collect();
    samples.sort();
    samples[2]
}

fn main() {
    println!("| items | answer | surprises() | unknown_fields() |");
    println!("| --- | --- | --- | --- |");
    let mut first = None;
    for n in [20_000, 200_000] {
        let body = page(n);
        let list: UserList = match intercom_sdk::decode(&body) {
            Ok(list) => list,
            Err(e) => panic!("{e}"),
        };
        let surprises = time(&|| list.surprises().len());
        let unknown = time(&|| list.unknown_fields().len());
        println!(
            "| {n} | {:.1} MiB | {surprises:.1?} | {unknown:.1?} |",
            body.len() as f64 / (1024.0 * 1024.0)
        );
        match first {
            None => first = Some((surprises, unknown)),
            Some((s, u)) => println!(
                "10x the items: {:.1}x the time (surprises), {:.1}x (unknown_fields)",
                surprises.as_secs_f64() / s.as_secs_f64(),
                unknown.as_secs_f64() / u.as_secs_f64()
            ),
        }
    }
}
