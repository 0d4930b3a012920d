//! Real Intercom payloads decode into their typed models and serialize back to the same JSON;
//! nothing in them is unknown to the models; mutated payloads fail with a decode error, never a
//! panic.

use intercom_sdk::{Error, UnknownFields, decode, models::*};
use intercom_tests::root;
use serde::Serialize;
use serde::de::DeserializeOwned;
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

/// What decoding one body into a model gave: the JSON written back and the unknown parts.
struct Decoded {
    json: Value,
    unknown: Vec<String>,
}

fn via<T: DeserializeOwned + Serialize + UnknownFields>(body: &[u8]) -> Result<Decoded, Error> {
    let value: T = decode(body)?;
    let json = serde_json::to_value(&value).unwrap_or(Value::Null);
    Ok(Decoded {
        json,
        unknown: value.unknown_fields(),
    })
}

/// Decodes `body` as the model named `model`; `None` when the test does not know the name.
fn decode_as(model: &str, body: &[u8]) -> Option<Result<Decoded, Error>> {
    Some(match model {
        "AccessToken" => via::<AccessToken>(body),
        "Admin" => via::<Admin>(body),
        "AdminList" => via::<AdminList>(body),
        "AdminMessage" => via::<AdminMessage>(body),
        "Company" => via::<Company>(body),
        "CompanyList" => via::<CompanyList>(body),
        "Conversation" => via::<Conversation>(body),
        "ConversationList" => via::<ConversationList>(body),
        "ConversationPart" => via::<ConversationPart>(body),
        "ConversationPartList" => via::<ConversationPartList>(body),
        "Count" => via::<Count>(body),
        "ErrorList" => via::<ErrorList>(body),
        "EventList" => via::<EventList>(body),
        "EventSummary" => via::<EventSummary>(body),
        "Job" => via::<Job>(body),
        "JobErrorFeed" => via::<JobErrorFeed>(body),
        "Lead" => via::<Lead>(body),
        "LeadList" => via::<LeadList>(body),
        "Note" => via::<Note>(body),
        "NoteList" => via::<NoteList>(body),
        "NotificationEvent" => via::<NotificationEvent>(body),
        "NotificationList" => via::<NotificationList>(body),
        "PermanentDelete" => via::<PermanentDelete>(body),
        "Segment" => via::<Segment>(body),
        "SegmentList" => via::<SegmentList>(body),
        "Subscription" => via::<Subscription>(body),
        "SubscriptionList" => via::<SubscriptionList>(body),
        "Tag" => via::<Tag>(body),
        "TagList" => via::<TagList>(body),
        "User" => via::<User>(body),
        "UserList" => via::<UserList>(body),
        "UserMessage" => via::<UserMessage>(body),
        "Visitor" => via::<Visitor>(body),
        _ => return None,
    })
}

/// `null` and an absent key are the same; numbers compare by value.
fn normalize(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalize(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        other => other.clone(),
    }
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
        let Some(decoded) = decode_as(&model, &body) else {
            failures.push(format!("{file}: the test does not know model {model}"));
            continue;
        };
        match decoded {
            Err(e) => failures.push(format!("{file} as {model}: {e}")),
            Ok(d) => {
                let original: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                if normalize(&d.json) != normalize(&original) {
                    failures.push(format!(
                        "{file} as {model}: serializes back to different JSON:\n{}",
                        d.json
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The strict mode: a member or enum value the models miss fails here, in CI, before users see it.
#[test]
fn no_fixture_holds_anything_the_models_do_not_know() {
    let mut failures = Vec::new();
    for (file, model) in mapping() {
        if let Some(Ok(d)) = decode_as(&model, &fixture(&file)) {
            if !d.unknown.is_empty() {
                failures.push(format!("{file} as {model}: {}", d.unknown.join(", ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "unknown to the models:\n{}",
        failures.join("\n")
    );
}

#[test]
fn unknown_members_and_enum_values_are_kept_and_listed() {
    let body =
        br#"{"type": "conversation", "id": "1", "state": "archived", "brand_new": {"x": 1}}"#;
    let conversation: Conversation = decode(body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        conversation.extra.get("brand_new"),
        Some(&serde_json::json!({"x": 1}))
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
        let result = std::panic::catch_unwind(|| decode_as(model, &mutated).map(|r| r.map(|_| ())));
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
