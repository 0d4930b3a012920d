//! Property test of the response models, over every model of the manifest: a seeded generator
//! builds payloads from each model's member types (random subsets of its members, unknown
//! members, `null`s, ids as strings or integers, integers up to `u64::MAX`, floats with 17
//! significant digits, numbers beyond `u64` and `f64` (`1e400`, 400 digits), `-0` and `1E2`,
//! timestamps in every form, strings that are not text (a lone surrogate), and values of a wrong
//! JSON type at random depths), and checks that every payload decodes, is written back as the same JSON
//! (numbers compared by their text), and that exactly the wrong-typed members are reported as
//! surprises and exactly the unknown members and enum values as unknown.
//!
//! Deterministic: a failure prints the seed and the payload that reproduce it.

use std::collections::BTreeSet;

use intercom_codegen::model::{Api, ModelType};
use intercom_tests::{decode_model, root, same_json, serde_model};

const PAYLOADS_PER_MODEL: usize = 200;
const MAX_DEPTH: usize = 4;

/// An integer of 400 digits: beyond `u64` and `f64`.
fn huge() -> String {
    format!("1{}", "0".repeat(399))
}

/// Values no typed field can hold, each kept as sent: strings that are not text (lone
/// surrogates), numbers beyond `f64`, and numbers whose form an integer would not keep.
fn unrepresentable() -> Vec<String> {
    let mut values: Vec<String> = ["\"\\ud83d\"", "\"a\\udc00b\"", "1e400", "-0", "1E2"]
        .map(str::to_owned)
        .to_vec();
    values.push(huge());
    values
}

/// xorshift64*: small, seeded, reproducible.
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

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A JSON value whose numbers are text, so any number can be written.
#[derive(Clone)]
enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
    /// JSON text written as it is (what `String` cannot hold: `"\ud83d"`).
    Raw(String),
}

impl J {
    fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) => out.push_str(n),
            J::Raw(text) => out.push_str(text),
            J::Str(s) => out.push_str(&serde_json::Value::from(s.as_str()).to_string()),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            J::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&serde_json::Value::from(k.as_str()).to_string());
                    out.push_str(": ");
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Builds payloads, and records what decoding them must report.
struct Generator<'a> {
    api: &'a Api,
    rng: Rng,
    surprises: BTreeSet<String>,
    unknown: BTreeSet<String>,
}

impl Generator<'_> {
    fn text(&mut self) -> String {
        let pieces = [
            "a",
            "Ada",
            "é",
            "漢字",
            "\"q\"",
            "back\\slash",
            "tab\t",
            "\u{1b}[0m",
            " ",
            "42",
            "line\nbreak",
            "😀",
        ];
        (0..self.rng.below(4))
            .map(|_| *self.rng.pick(&pieces))
            .collect()
    }

    fn integer(&mut self) -> String {
        match self.rng.below(4) {
            0 => u64::MAX.to_string(),
            1 => (self.rng.next() >> 1).to_string(),
            2 => format!("-{}", self.rng.next() >> 2),
            _ => self.rng.below(1000).to_string(),
        }
    }

    /// A number of any form JSON allows: integers of any size, floats with 17 significant
    /// digits, exponents.
    fn number(&mut self) -> String {
        match self.rng.below(6) {
            0 => self.integer(),
            5 => match self.rng.below(6) {
                0 => huge(),
                i => ["1e400", "-1e400", "-0", "1E2", "-0.0e-0"][i - 1].to_owned(),
            },
            1 => format!("0.{:017}", self.rng.next() % 100_000_000_000_000_000),
            2 => format!("{}.{:02}", self.rng.below(10_000), self.rng.below(100)),
            3 => "123456789012345678901234567890".to_owned(),
            _ => format!("{}e{}", self.rng.below(1000), self.rng.below(40)),
        }
    }

    fn timestamp(&mut self) -> J {
        let forms = [
            "2017-11-27T11:12:24.713Z",
            "2016-12-22T03:54:57.000Z",
            "2017-07-14T04:40:00+02:00",
            "1999-12-31T23:59:59-05:30",
            "2020-02-29T12:00:00.123456789Z",
        ];
        match self.rng.below(3) {
            0 => J::Num((1_000_000_000 + self.rng.below(1_000_000_000)).to_string()),
            1 => J::Str((1_000_000_000 + self.rng.below(1_000_000_000)).to_string()),
            _ => J::Str((*self.rng.pick(&forms)).to_owned()),
        }
    }

    /// Any JSON at all, shallow.
    fn any(&mut self, depth: usize) -> J {
        match self.rng.below(if depth > 1 { 4 } else { 6 }) {
            0 => J::Null,
            1 => J::Bool(self.rng.chance(50)),
            2 => J::Num(self.number()),
            3 => J::Str(self.text()),
            4 => J::Arr(
                (0..self.rng.below(3))
                    .map(|_| self.any(depth + 1))
                    .collect(),
            ),
            _ => J::Obj(
                (0..self.rng.below(3))
                    .map(|i| (format!("k{i}"), self.any(depth + 1)))
                    .collect(),
            ),
        }
    }

    /// A value that fits `ty`.
    fn fitting(&mut self, ty: &ModelType, path: &str, depth: usize) -> J {
        match ty {
            ModelType::String | ModelType::Secret => J::Str(self.text()),
            ModelType::Id => {
                if self.rng.chance(50) {
                    J::Num(self.integer().trim_start_matches('-').to_owned())
                } else {
                    J::Str(format!("id-{}", self.rng.below(1000)))
                }
            }
            ModelType::Integer => J::Num(format!("{}", (self.rng.next() >> 1) as i64 - (1 << 62))),
            ModelType::Number => {
                if self.rng.chance(15) {
                    J::Str(format!("{}.5", self.rng.below(90)))
                } else {
                    J::Num(self.number())
                }
            }
            ModelType::Boolean => J::Bool(self.rng.chance(50)),
            ModelType::Timestamp => self.timestamp(),
            ModelType::Object => J::Obj(vec![
                ("plan".into(), J::Str("pro".into())),
                ("n".into(), J::Num(self.number())),
            ]),
            ModelType::Any => self.any(0),
            ModelType::Enum(name) => {
                let known = self.api.server_enums.iter().find(|e| &e.name == name);
                match known.filter(|_| self.rng.chance(80)) {
                    Some(e) => J::Str(self.rng.pick(&e.values).clone()),
                    None => {
                        let value = format!("new_value_{}", self.rng.below(100));
                        self.unknown.insert(format!("{path} = {value:?}"));
                        J::Str(value)
                    }
                }
            }
            ModelType::Model(name) => self.model(name, path, depth + 1),
            ModelType::List(inner) => J::Arr(
                (0..self.rng.below(4))
                    .map(|i| {
                        let item_path = format!("{path}[{i}]");
                        if self.rng.chance(10) {
                            if let Some(w) = self.wrong(inner) {
                                self.surprises.insert(item_path);
                                return w;
                            }
                        }
                        self.fitting(inner, &item_path, depth)
                    })
                    .collect(),
            ),
        }
    }

    /// A value of a JSON type `ty` does not take, when there is one.
    fn wrong(&mut self, ty: &ModelType) -> Option<J> {
        let obj = J::Obj(vec![("k".into(), J::Num("1".into()))]);
        let arr = J::Arr(vec![J::Num("1".into())]);
        let candidates: Vec<J> = match ty {
            ModelType::Any => return None,
            ModelType::Boolean => vec![J::Str("yes".into()), J::Num("1".into()), obj, arr],
            ModelType::String | ModelType::Secret | ModelType::Enum(_) => {
                vec![J::Bool(true), J::Num("7".into()), obj, arr]
            }
            ModelType::Id => vec![J::Bool(false), J::Num("1.5".into()), obj, arr],
            ModelType::Integer => vec![
                J::Bool(true),
                J::Str("12".into()),
                J::Num("1.5".into()),
                J::Num(u64::MAX.to_string()),
            ],
            ModelType::Number => vec![J::Bool(true), J::Str("twelve".into()), obj, arr],
            ModelType::Timestamp => vec![
                J::Bool(true),
                J::Str("soon".into()),
                J::Str("2017-11-27t11:12:24z".into()),
                J::Num("1500000000.5".into()),
                obj,
            ],
            ModelType::Object => vec![J::Bool(true), J::Str("x".into()), arr],
            ModelType::Model(_) => vec![J::Bool(true), J::Str("x".into()), J::Num("3".into()), arr],
            ModelType::List(_) => vec![J::Bool(true), J::Str("x".into()), obj],
        };
        // A value no field of this type holds as it was sent (a `Number` keeps any number, and
        // `Object`, models and lists take no scalar at all: those are wrong already).
        let scalar = !matches!(
            ty,
            ModelType::Number | ModelType::Object | ModelType::Model(_) | ModelType::List(_)
        );
        if scalar && self.rng.chance(30) {
            return Some(J::Raw(self.rng.pick(&unrepresentable()).clone()));
        }
        Some(self.rng.pick(&candidates).clone())
    }

    /// An object of the model `name`: a random subset of its members, some `null`, some of a
    /// wrong type, and some it does not know, in random order.
    fn model(&mut self, name: &str, path: &str, depth: usize) -> J {
        let Some(model) = self.api.model(name).cloned() else {
            return J::Obj(Vec::new());
        };
        let mut members = Vec::new();
        for f in &model.fields {
            let nested = matches!(f.ty, ModelType::Model(_) | ModelType::List(_));
            if !self.rng.chance(60) || (nested && depth >= MAX_DEPTH) {
                continue;
            }
            let at = format!("{path}.{}", f.wire);
            let value = match self.rng.below(10) {
                0 => J::Null,
                1 => match self.wrong(&f.ty) {
                    Some(w) => {
                        self.surprises.insert(at.clone());
                        w
                    }
                    None => self.fitting(&f.ty, &at, depth),
                },
                _ => self.fitting(&f.ty, &at, depth),
            };
            members.push((f.wire.clone(), value));
        }
        for i in 0..self.rng.below(3) {
            let key = format!("zz_unknown_{i}");
            self.unknown.insert(format!("{path}.{key}"));
            let value = self.any(1);
            members.push((key, value));
        }
        for i in (1..members.len()).rev() {
            let j = self.rng.below(i + 1);
            members.swap(i, j);
        }
        J::Obj(members)
    }
}

#[test]
fn random_payloads_of_every_model_decode_round_trip_and_report_every_surprise() {
    let sources = intercom_codegen::read_manifest(&root().join("manifest")).unwrap_or_default();
    let api = intercom_codegen::load(&sources).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut payloads, mut surprises, mut unknown, mut agreed) = (0, 0, 0, 0);
    // The generator writes objects of a model's members; a union (event metadata values) has
    // none, and its shapes are decoded by the union tests (`v2_typed.rs`, `typed_items.rs`).
    for model in api.models.iter().filter(|m| m.union.is_none()) {
        for case in 0..PAYLOADS_PER_MODEL {
            let seed = rng.next() | 1;
            let mut g = Generator {
                api: &api,
                rng: Rng(seed),
                surprises: BTreeSet::new(),
                unknown: BTreeSet::new(),
            };
            let payload = g.model(&model.name, "$", 0);
            let mut text = String::new();
            payload.write(&mut text);
            let context = || format!("{} case {case} (seed {seed:#x}):\n{text}", model.name);
            let decoded = match decode_model(&model.name, text.as_bytes()) {
                Some(Ok(m)) => m,
                Some(Err(e)) => panic!("{}\ndoes not decode: {e}", context()),
                None => panic!("the test registry lacks {}", model.name),
            };
            if let Err(diff) = same_json(&text, &decoded.json()) {
                panic!(
                    "{}\nwritten back differently: {diff}\n{}",
                    context(),
                    decoded.json()
                );
            }
            // `decode` read it with its first pass (or else the serde passes did): either way, as
            // the serde pass alone reads it, member for member, surprises included.
            match serde_model(&model.name, text.as_bytes()) {
                Some(Ok(serde)) => {
                    assert_eq!(decoded.json(), serde.json(), "{}", context());
                    assert_eq!(
                        format!("{decoded:?}"),
                        format!("{serde:?}"),
                        "{}",
                        context()
                    );
                    agreed += 1;
                }
                Some(Err(_)) => {} // only the careful pass reads it (a float's text, `1e400`)
                None => panic!("the test registry lacks {}", model.name),
            }
            let got: BTreeSet<String> = decoded.surprises().into_iter().collect();
            assert_eq!(got, g.surprises, "surprises of {}", context());
            let got: BTreeSet<String> = decoded.unknown().into_iter().collect();
            assert_eq!(got, g.unknown, "unknown parts of {}", context());
            payloads += 1;
            surprises += g.surprises.len();
            unknown += g.unknown.len();
        }
    }
    assert!(
        surprises > payloads / 2,
        "the generator hardly makes wrong-typed members"
    );
    assert!(
        agreed > payloads / 2,
        "only {agreed} of {payloads} payloads were compared with the serde pass"
    );
    println!(
        "{payloads} payloads of {} models: {surprises} wrong-typed members and {unknown} unknown parts, each reported; {agreed} read as the serde pass alone reads them",
        api.models.len()
    );
}
