//! What a call gives back, and what can go wrong, with the exit code of each.

use std::pin::Pin;

use futures_util::{Stream, StreamExt};
use intercom_sdk::Error;
use serde_json::Value;

/// The result of a call.
pub enum Outcome {
    /// One decoded answer.
    Value(Value),
    /// A success without a body.
    Empty,
    /// Every record of a list (`--all`).
    Stream(Pin<Box<dyn Stream<Item = Result<Value, Error>> + Send>>),
}

impl Outcome {
    /// Sends `call` and keeps its answer as JSON.
    pub async fn value<F, T>(call: F) -> Result<Outcome, CliError>
    where
        F: std::future::IntoFuture<Output = Result<T, Error>>,
        T: serde::Serialize,
    {
        let value = call.await?;
        Ok(Outcome::Value(
            serde_json::to_value(value).unwrap_or(Value::Null),
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
            stream.map(|r| r.map(|v| serde_json::to_value(v).unwrap_or(Value::Null))),
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
