//! What a call gives back, and what can go wrong, with the exit code of each; and how what a
//! server sent is made safe to print.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::pin::Pin;

use futures_util::{Stream, StreamExt};
use intercom_sdk::Error;

/// The result of a call.
pub enum Outcome {
    /// One decoded answer, written back as pretty JSON (exactly what the models keep: numbers
    /// with every digit, `null`s, members they do not know).
    Json(String),
    /// A success without a body.
    Empty,
    /// A body that is not JSON (a file), as it came.
    Bytes(Vec<u8>),
    /// Every record of a list (`--all`), each as one line of JSON.
    Stream(Pin<Box<dyn Stream<Item = Result<String, Error>> + Send>>),
}

impl Outcome {
    /// Sends `call` and keeps its answer as JSON.
    pub async fn value<F, T>(call: F) -> Result<Outcome, CliError>
    where
        F: std::future::IntoFuture<Output = Result<T, Error>>,
        T: serde::Serialize,
    {
        let value = call.await?;
        Ok(Outcome::Json(
            serde_json::to_string_pretty(&value).unwrap_or_default(),
        ))
    }

    /// Sends `call`, whose answer has no body.
    pub async fn empty<F>(call: F) -> Result<Outcome, CliError>
    where
        F: std::future::IntoFuture<Output = Result<(), Error>>,
    {
        call.await?;
        Ok(Outcome::Empty)
    }

    /// Every record of `stream`, as JSON.
    pub fn stream<S, T>(stream: S) -> Outcome
    where
        S: Stream<Item = Result<T, Error>> + Send + 'static,
        T: serde::Serialize,
    {
        Outcome::Stream(Box::pin(
            stream.map(|r| r.map(|v| serde_json::to_string(&v).unwrap_or_default())),
        ))
    }
}

/// Why the CLI stops.
#[derive(Debug)]
pub enum CliError {
    /// Bad input: nothing was sent (exit 2).
    Input(String),
    /// The SDK or the server said no.
    Sdk(Error),
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Sdk(e)
    }
}

impl CliError {
    /// 2 for input refused before sending, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) | CliError::Sdk(Error::InvalidInput { .. }) => 2,
            CliError::Sdk(_) => 1,
        }
    }

    /// One line for stderr: the status, Intercom's codes and messages.
    pub fn line(&self) -> String {
        match self {
            CliError::Input(m) => format!("error: {m}"),
            CliError::Sdk(Error::Api(api)) => {
                let mut line = format!("error: HTTP {}", api.status);
                for e in &api.errors {
                    line.push_str(&format!(" {}", e.code));
                    if let Some(m) = &e.message {
                        line.push_str(&format!(": {m}"));
                    }
                    if let Some(f) = &e.field {
                        line.push_str(&format!(" (field {f})"));
                    }
                    line.push(';');
                }
                if api.errors.is_empty() {
                    let excerpt: String = api.body.chars().take(120).collect();
                    line.push_str(&format!(" {}", excerpt.replace('\n', " ")));
                }
                line.trim_end_matches(';').to_owned()
            }
            CliError::Sdk(e) => format!("error: {e}"),
        }
    }
}

/// `text` with every control character (ESC, BEL, CR, DEL, the C1 range…) written as `\u{…}`, so
/// text a server sent cannot move the cursor, retitle the terminal or hide what came before.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text from serde_json (which escapes U+0000 to U+001F already) with DEL and the C1
/// controls escaped too: still the same JSON, and inert on a terminal.
pub fn printable_json(json: &str) -> Cow<'_, str> {
    let raw_control = |c: char| ('\u{7f}'..='\u{9f}').contains(&c);
    if !json.chars().any(raw_control) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if raw_control(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(printable("plain"), "plain");
        assert_eq!(
            printable("a\u{1b}]0;pwned\u{7}b\rc\u{9b}"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{d}c\\u{9b}"
        );
        let json = serde_json::to_string(&serde_json::json!({"m": "x\u{1b}[2J\u{9b}y"}))
            .unwrap_or_default();
        let safe = printable_json(&json);
        assert!(!safe.chars().any(char::is_control), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back["m"], "x\u{1b}[2J\u{9b}y");
    }
}
