//! Where in a body a decode failed, as a JSON path (`users[3].created_at`), and the decode
//! error that names it, with secrets kept out.

use crate::error::{DecodeError, Error};
use crate::model::secret;
use crate::request::Request;

/// The decode error of a call, outside the generic `json` so it is compiled once.
pub(crate) fn decode_error(
    req: &Request,
    status: u16,
    body: &[u8],
    prefix: &str,
    at: &[u8],
    e: &serde_json::Error,
) -> Error {
    let path = path_at(at, offset(at, e.line(), e.column()));
    let path = match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path,
        (false, true) => prefix.to_owned(),
        (false, false) => format!("{prefix}.{path}"),
    };
    let withhold = req.meta.secret_response;
    let message = strip_position(e);
    Error::Decode(Box::new(DecodeError {
        operation: req.meta.rust_name,
        status,
        path,
        // serde quotes the text it could not read; for an answer with secrets, that text may be one.
        message: if withhold { unquote(&message) } else { message },
        body: decode_error_body(req, body),
    }))
}

/// The body a decode error keeps: all of it with secret members redacted, or nothing for an
/// operation that answers with secrets (an answer that did not decode may hold them anywhere).
pub(crate) fn decode_error_body(req: &Request, body: &[u8]) -> String {
    if req.meta.secret_response {
        secret::withheld(body)
    } else {
        secret::redacted_body(body, false)
    }
}

/// `message` with every `"…"` quotation replaced by `"[redacted]"`.
fn unquote(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut parts = message.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push('"');
        out.push_str(if i % 2 == 0 { "[redacted]" } else { part });
    }
    out
}

/// serde_json's message without its " at line L column C" (the path says where).
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Byte offset of 1-based `line` and `column` in `text`.
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

/// The JSON path (`users[3].created_at`) of the value being read at byte `at` of `text`.
///
/// serde_json reports where a decode failed by line and column; this turns that into a path by
/// scanning the text, instead of compiling every model a second time under a path-tracking
/// deserializer.
fn path_at(text: &[u8], at: usize) -> String {
    enum Frame {
        Object {
            key: Option<String>,
            awaiting_key: bool,
        },
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < at.min(text.len()) {
        match text[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    awaiting_key: awaiting @ true,
                }) = stack.last_mut()
                {
                    *key =
                        Some(String::from_utf8_lossy(&text[start..i.min(text.len())]).into_owned());
                    *awaiting = false;
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                awaiting_key: true,
            }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object { awaiting_key, .. }) => *awaiting_key = true,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_positions() {
        let text = br#"{"users": [{"id": "1"}, {"id": "2", "created_at": "x"}], "n": 1}"#;
        let at = text.windows(3).position(|w| w == br#""x""#).unwrap_or(0) + 1;
        assert_eq!(path_at(text, at), "users[1].created_at");
        assert_eq!(path_at(text, 1), "");
        assert_eq!(
            path_at(
                b"{\n  \"a\": {\"b\": tru",
                offset(b"{\n  \"a\": {\"b\": tru", 2, 15)
            ),
            "a.b"
        );
    }
}
