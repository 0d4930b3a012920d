//! Real Intercom payloads decode into their typed models and serialize back to the same JSON
//! (numbers and `null`s as sent); nothing in them is unknown to the models or of a surprising
//! type; mutated payloads decode or fail with a decode error, never a panic.

use intercom_sdk::{Error, UnknownFields, decode, models::*};
use intercom_tests::{MODELS, decode_model, root, same_json};
use serde_json::Value;

/// `(fixture file, model)` from `tests/fixture-models.txt`.
fn mapping() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("tests/fixture-models.txt")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            l.split_once(char::is_whitespace)
                .map(|(f, m)| (f.trim().to_owned(), m.trim().to_owned()))
        })
        .collect()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = root().join("tests/fixtures/intercom-responses").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_test_registry_holds_every_model_of_the_manifest() {
    let sources = intercom_codegen::read_manifest(&root().join("manifest")).unwrap_or_default();
    let api = intercom_codegen::load(&sources).unwrap_or_else(|e| panic!("{e}"));
    let manifest: Vec<&str> = api.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(manifest, MODELS, "update `models!` in tests/src/lib.rs");
}

#[test]
fn every_fixture_has_a_model() {
    let mapped: Vec<String> = mapping().into_iter().map(|(f, _)| f).collect();
    let dir = root().join("tests/fixtures/intercom-responses");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let missing: Vec<&String> = files.iter().filter(|f| !mapped.contains(f)).collect();
    assert!(
        missing.is_empty(),
        "fixtures without a model in tests/fixture-models.txt: {missing:?}"
    );
}

#[test]
fn every_fixture_round_trips_through_its_model() {
    let mut failures = Vec::new();
    for (file, model) in mapping() {
        let body = fixture(&file);
        let Some(decoded) = decode_model(&model, &body) else {
            failures.push(format!("{file}: the test does not know model {model}"));
            continue;
        };
        match decoded {
            Err(e) => failures.push(format!("{file} as {model}: {e}")),
            Ok(m) => {
                if let Err(diff) = same_json(&String::from_utf8_lossy(&body), &m.json()) {
                    failures.push(format!(
                        "{file} as {model}: written back differently at {diff}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The strict mode: a member, enum value or value type the models miss fails here, in CI, before
/// users see it.
#[test]
fn no_fixture_holds_anything_the_models_do_not_expect() {
    let mut failures = Vec::new();
    for (file, model) in mapping() {
        if let Some(Ok(m)) = decode_model(&model, &fixture(&file)) {
            let (unknown, surprises) = (m.unknown(), m.surprises());
            if !unknown.is_empty() || !surprises.is_empty() {
                failures.push(format!(
                    "{file} as {model}: unknown {unknown:?}, surprises {surprises:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "not expected by the models:\n{}",
        failures.join("\n")
    );
}

#[test]
fn unknown_members_and_enum_values_are_kept_and_listed() {
    let body =
        br#"{"type": "conversation", "id": "1", "state": "archived", "brand_new": {"x": 1}}"#;
    let conversation: Conversation = decode(body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        conversation
            .extra
            .get("brand_new")
            .map(|raw| raw.to_value()),
        Some(serde_json::json!({"x": 1}))
    );
    let unknown = conversation.unknown_fields();
    assert!(unknown.contains(&"$.brand_new".to_owned()), "{unknown:?}");
    assert!(
        unknown
            .iter()
            .any(|u| u.starts_with("$.state") && u.contains("archived")),
        "{unknown:?}"
    );
    let back = serde_json::to_value(&conversation).unwrap_or(Value::Null);
    assert_eq!(back["state"], "archived");
    assert_eq!(back["brand_new"]["x"], 1);
}

/// xorshift64*: deterministic, so a failure names a seed that reproduces it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

/// Replaces one value somewhere in `v` by a value of another JSON type, or deletes a member.
fn mutate_value(v: &mut Value, rng: &mut Rng) {
    let deeper = rng.below(3) > 0;
    match v {
        Value::Object(map) if deeper && !map.is_empty() => {
            let key = map
                .keys()
                .nth(rng.below(map.len()))
                .cloned()
                .unwrap_or_default();
            if rng.below(8) == 0 {
                map.remove(&key);
            } else if let Some(next) = map.get_mut(&key) {
                mutate_value(next, rng);
            }
        }
        Value::Array(items) if deeper && !items.is_empty() => {
            let i = rng.below(items.len());
            mutate_value(&mut items[i], rng);
        }
        _ => {
            let replacements = [
                Value::Null,
                Value::from(true),
                Value::from(-7),
                Value::from(1.5),
                Value::from("x"),
                Value::Array(vec![Value::from(1)]),
                serde_json::json!({"k": "v"}),
            ];
            *v = replacements[rng.below(replacements.len())].clone();
        }
    }
}

#[test]
fn mutated_payloads_never_panic() {
    const CASES: usize = 100_000;
    let fixtures: Vec<(String, String, Vec<u8>)> = mapping()
        .into_iter()
        .map(|(f, m)| {
            let b = fixture(&f);
            (f, m, b)
        })
        .collect();
    assert!(!fixtures.is_empty());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut decode_errors, mut decoded) = (0usize, 0usize);
    for case in 0..CASES {
        let (file, model, body) = &fixtures[case % fixtures.len()];
        let mutated: Vec<u8> = match rng.below(3) {
            0 => body[..rng.below(body.len())].to_vec(),
            1 => {
                let mut b = body.clone();
                let i = rng.below(b.len());
                b[i] = u8::try_from(rng.below(256)).unwrap_or(0);
                b
            }
            _ => {
                let mut v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
                mutate_value(&mut v, &mut rng);
                serde_json::to_vec(&v).unwrap_or_default()
            }
        };
        let result =
            std::panic::catch_unwind(|| decode_model(model, &mutated).map(|r| r.map(|_| ())));
        match result {
            Err(_) => panic!("case {case}: decoding a mutation of {file} as {model} panicked"),
            Ok(Some(Ok(()))) => decoded += 1,
            Ok(Some(Err(Error::Decode(e)))) => {
                decode_errors += 1;
                assert!(
                    !e.body.is_empty() || mutated.is_empty(),
                    "case {case}: the decode error lost the body"
                );
            }
            Ok(Some(Err(other))) => {
                panic!("case {case}: {file} as {model}: expected a decode error, got {other}")
            }
            Ok(None) => panic!("unknown model {model}"),
        }
    }
    assert_eq!(decoded + decode_errors, CASES);
    assert!(
        decode_errors > CASES / 10,
        "too few mutations were rejected ({decode_errors}): the mutator is not biting"
    );
    println!(
        "{CASES} mutated payloads: {decoded} still decoded, {decode_errors} decode errors, 0 panics"
    );
}
