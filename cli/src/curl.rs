//! `--curl`: the call as a curl command. The call is made against the embedded mock, which
//! records exactly what the SDK sends (path encoding, query order, body); the command replays it
//! on the real base URL. Credentials stay out of it: the token is `$INTERCOM_ACCESS_TOKEN` and a
//! secret input `$INTERCOM_<NAME>`, for the shell to fill in.

use intercom_mock::Recorded;
use intercom_sdk::meta::{Kind, Operation, Place};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::snippet::shouty;

/// `text` as one shell word, in single quotes.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The curl command sending `sent` (as the mock recorded it) to `base_url`.
pub fn render(op: &Operation, sent: &Recorded, base_url: &str, version: &str) -> String {
    let mut words = vec![
        "curl".to_owned(),
        "-sS".to_owned(),
        // No URL globbing: `{a,b}` and `[1-3]` in a URL are sent as they are, as the SDK does.
        "-g".to_owned(),
        "-X".to_owned(),
        sent.method.clone(),
        quoted(&format!(
            "{}{}",
            base_url.trim_end_matches('/'),
            sent.target
        )),
        "-H".to_owned(),
        quoted("Accept: application/json"),
        "-H".to_owned(),
        quoted(&format!("Intercom-Version: {version}")),
    ];
    if op.auth {
        words.push("-H".to_owned());
        words.push("\"Authorization: Bearer $INTERCOM_ACCESS_TOKEN\"".to_owned());
    }
    if let Some(body) = &sent.body_text {
        words.push("-H".to_owned());
        words.push(quoted("Content-Type: application/json"));
        words.push("--data-raw".to_owned());
        words.push(body_word(op, body));
    }
    words.join(" ")
}

/// A piece of the body's shell word: JSON text, or the (JSON-escaped) value of a variable.
enum Piece {
    Json(String),
    Variable(String),
}

/// The body as one shell word: the JSON text as the SDK sent it (every digit kept), except the
/// value of each secret input, and only that value (found by its place, never by its text),
/// which is the shell variable `$INTERCOM_<NAME>`, escaped for JSON by `sed` when it runs.
fn body_word(op: &Operation, body: &str) -> String {
    let secrets: Vec<(Vec<&str>, String)> = op
        .inputs()
        .filter(|f| f.kind == Kind::Secret)
        .filter_map(|f| match f.place {
            Place::Body(key) => Some((key.split('.').collect(), shouty(f.name))),
            _ => None,
        })
        .collect();
    let mut pieces = vec![Piece::Json(String::new())];
    write(body.trim(), &mut Vec::new(), &secrets, &mut pieces);
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Json(text) if text.is_empty() => String::new(),
            Piece::Json(text) => quoted(text),
            Piece::Variable(name) => {
                format!("\"$(printf '%s' \"$INTERCOM_{name}\" | sed 's/[\\\\\"]/\\\\&/g')\"")
            }
        })
        .collect()
}

/// Appends the JSON text `json` (at `path` in the body): as it is, or, on the way to a secret,
/// member by member, the secret string as its variable.
fn write(
    json: &str,
    path: &mut Vec<String>,
    secrets: &[(Vec<&str>, String)],
    pieces: &mut Vec<Piece>,
) {
    let text = |pieces: &mut Vec<Piece>, t: &str| match pieces.last_mut() {
        Some(Piece::Json(out)) => out.push_str(t),
        _ => pieces.push(Piece::Json(t.to_owned())),
    };
    let here =
        |p: &Vec<&str>| p.len() == path.len() && p.iter().zip(path.iter()).all(|(a, b)| a == b);
    let below =
        |p: &Vec<&str>| p.len() > path.len() && p.iter().zip(path.iter()).all(|(a, b)| a == b);
    if let Some((_, name)) = secrets.iter().find(|(p, _)| here(p)) {
        if json.starts_with('"') {
            text(pieces, "\"");
            pieces.push(Piece::Variable(name.clone()));
            text(pieces, "\"");
            return;
        }
    }
    let members = secrets
        .iter()
        .any(|(p, _)| below(p))
        .then(|| serde_json::from_str::<Members>(json).ok())
        .flatten();
    let Some(Members(members)) = members else {
        text(pieces, json);
        return;
    };
    text(pieces, "{");
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            text(pieces, ",");
        }
        text(pieces, &Value::from(key.as_str()).to_string());
        text(pieces, ":");
        path.push(key.clone());
        write(value.get(), path, secrets, pieces);
        path.pop();
    }
    text(pieces, "}");
}

/// An object's members in the order they were written, each as its JSON text.
struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Members, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
                    out.push(entry);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_quotes_survive_the_shell() {
        assert_eq!(quoted("it's"), r"'it'\''s'");
    }

    #[test]
    fn only_the_secret_member_becomes_its_variable() {
        let op = intercom_sdk::meta::find("getAccessToken").unwrap_or_else(|| panic!("no op"));
        let body = r#"{"client_id":"@@INTERCOM_CLIENT_SECRET@@ $INTERCOM_CLIENT_SECRET","client_secret":"real","code":"c"}"#;
        let word = body_word(op, body);
        assert!(!word.contains("real"), "{word}");
        assert_eq!(
            word.matches("\"$INTERCOM_CLIENT_SECRET\" |").count(),
            1,
            "{word}"
        );
        // The look-alike text stays inside single quotes, where the shell expands nothing.
        assert!(
            word.starts_with(
                "'{\"client_id\":\"@@INTERCOM_CLIENT_SECRET@@ $INTERCOM_CLIENT_SECRET\""
            ),
            "{word}"
        );
    }
}
