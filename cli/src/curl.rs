//! `--curl`: the call as a curl command. The call is made against the embedded mock, which
//! records exactly what the SDK sends (path encoding, query order, body); the command replays it
//! on the real base URL. Credentials stay out of it: the token is `$INTERCOM_ACCESS_TOKEN` and a
//! secret input `$INTERCOM_<NAME>`, for the shell to fill in.

use intercom_mock::Recorded;
use intercom_sdk::meta::{Kind, Operation, Place};
use serde_json::Value;

use crate::snippet::shouty;

/// `text` as one shell word, in single quotes.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A marker standing for the secret input `name` in the JSON body, replaced by a shell variable
/// (text JSON writes as it is, so it is found again after serialization).
fn marker(name: &str) -> String {
    format!("@@INTERCOM_{}@@", shouty(name))
}

/// The curl command sending `sent` (as the mock recorded it) to `base_url`.
pub fn render(op: &Operation, sent: &Recorded, base_url: &str, version: &str) -> String {
    let mut words = vec![
        "curl".to_owned(),
        "-sS".to_owned(),
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
    if let Some(body) = &sent.body {
        words.push("-H".to_owned());
        words.push(quoted("Content-Type: application/json"));
        words.push("--data-raw".to_owned());
        words.push(body_word(op, body.clone()));
    }
    words.join(" ")
}

/// The body as a shell word, each secret input replaced by its environment variable.
fn body_word(op: &Operation, mut body: Value) -> String {
    for f in op.inputs().filter(|f| f.kind == Kind::Secret) {
        if let Place::Body(key) = f.place {
            let slot = key.split('.').try_fold(&mut body, |v, k| v.get_mut(k));
            if let Some(slot) = slot {
                *slot = Value::from(marker(f.name));
            }
        }
    }
    let mut word = quoted(&body.to_string());
    for f in op.inputs().filter(|f| f.kind == Kind::Secret) {
        let variable = format!("'\"$INTERCOM_{}\"'", shouty(f.name));
        word = word.replace(&marker(f.name), &variable);
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_quotes_survive_the_shell() {
        assert_eq!(quoted("it's"), r"'it'\''s'");
    }
}
