//! JSON text read token by token, with no recursion and no tree of values: for what must work
//! on any text a server sends, however deep or odd (redacting secrets, comparing raw JSON).
//! `serde_json::Value` stops at 128 levels and turns numbers into floats; this reads each token
//! as the text it is.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `{` or `[`.
    Open(u8),
    /// `}` or `]`.
    Close,
    /// A member name, with its quotes.
    Key,
    /// A string value, with its quotes.
    Str,
    /// A number, `true`, `false` or `null`.
    Scalar,
}

/// One token: its kind and where it is in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

#[derive(Clone, Copy)]
enum Frame {
    Object { key_next: bool },
    Array,
}

/// The tokens of one JSON value; an `Err` item, once, where the text stops being JSON.
pub(crate) struct Tokens<'a> {
    text: &'a [u8],
    pos: usize,
    stack: Vec<Frame>,
    done: bool,
    failed: bool,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Tokens {
            text: text.as_bytes(),
            pos: 0,
            stack: Vec::new(),
            done: false,
            failed: false,
        }
    }

    fn skip_blank(&mut self) {
        while self
            .text
            .get(self.pos)
            .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
        {
            self.pos += 1;
        }
    }

    /// The end of the string that starts at `self.pos` (just after its closing quote).
    fn string_end(&self) -> Option<usize> {
        let mut i = self.pos + 1;
        while i < self.text.len() {
            match self.text[i] {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    fn token(&mut self) -> Option<Token> {
        loop {
            self.skip_blank();
            let &byte = self.text.get(self.pos)?;
            if self.done {
                return None;
            }
            let start = self.pos;
            if let Some(Frame::Object { key_next: true }) = self.stack.last() {
                if byte == b'}' {
                    return self.close(start, Frame::Object { key_next: true });
                }
                if byte != b'"' {
                    return None;
                }
                let end = self.string_end()?;
                self.pos = end;
                self.skip_blank();
                if self.text.get(self.pos) != Some(&b':') {
                    return None;
                }
                self.pos += 1;
                if let Some(Frame::Object { key_next }) = self.stack.last_mut() {
                    *key_next = false;
                }
                return Some(Token {
                    kind: Kind::Key,
                    start,
                    end,
                });
            }
            let kind = match byte {
                b'{' | b'[' => {
                    self.pos += 1;
                    self.stack.push(if byte == b'{' {
                        Frame::Object { key_next: true }
                    } else {
                        Frame::Array
                    });
                    return Some(Token {
                        kind: Kind::Open(byte),
                        start,
                        end: self.pos,
                    });
                }
                b'}' => return self.close(start, Frame::Object { key_next: false }),
                b']' => return self.close(start, Frame::Array),
                b',' => {
                    self.pos += 1;
                    if let Some(Frame::Object { key_next }) = self.stack.last_mut() {
                        *key_next = true;
                    }
                    continue;
                }
                b'"' => {
                    self.pos = self.string_end()?;
                    Kind::Str
                }
                _ => {
                    let len = self.text[start..]
                        .iter()
                        .take_while(|b| {
                            b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
                        })
                        .count();
                    if len == 0 {
                        return None;
                    }
                    self.pos += len;
                    Kind::Scalar
                }
            };
            self.done = self.stack.is_empty();
            return Some(Token {
                kind,
                start,
                end: self.pos,
            });
        }
    }

    fn close(&mut self, start: usize, expected: Frame) -> Option<Token> {
        let fits = matches!(
            (self.stack.pop()?, expected),
            (Frame::Object { .. }, Frame::Object { .. }) | (Frame::Array, Frame::Array)
        );
        if !fits {
            return None;
        }
        self.pos += 1;
        self.done = self.stack.is_empty();
        Some(Token {
            kind: Kind::Close,
            start,
            end: self.pos,
        })
    }

    /// Whether the whole text was one value (nothing but blanks after it).
    fn finished(&mut self) -> bool {
        self.skip_blank();
        self.done && self.pos == self.text.len()
    }
}

impl Iterator for Tokens<'_> {
    type Item = Result<Token, ()>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.token() {
            Some(token) => Some(Ok(token)),
            None if self.finished() => None,
            None => {
                self.failed = true;
                Some(Err(()))
            }
        }
    }
}

/// `text` with the value of every member whose name `secret` says is a secret (at any depth, any
/// JSON but `null`) replaced by `"[redacted]"`, and everything else as it was; whether anything
/// was. `None` when `text` is not JSON.
pub(crate) fn redacted(text: &str, secret: impl Fn(&str) -> bool) -> Option<(String, bool)> {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut changed = false;
    let mut tokens = Tokens::new(text);
    while let Some(token) = tokens.next() {
        let token = token.ok()?;
        if token.kind != Kind::Key || !secret(&unquoted(&text[token.start..token.end])) {
            continue;
        }
        let value = tokens.next()?.ok()?;
        if &text[value.start..value.end] == "null" {
            continue;
        }
        let mut end = value.end;
        if let Kind::Open(_) = value.kind {
            let mut depth = 1usize;
            while depth > 0 {
                let inner = tokens.next()?.ok()?;
                match inner.kind {
                    Kind::Open(_) => depth += 1,
                    Kind::Close => depth -= 1,
                    _ => {}
                }
                end = inner.end;
            }
        }
        out.push_str(&text[copied..value.start]);
        out.push_str("\"[redacted]\"");
        copied = end;
        changed = true;
    }
    out.push_str(&text[copied..]);
    Some((out, changed))
}

/// A quoted JSON string as text (its raw inside when it does not decode: a lone surrogate).
fn unquoted(quoted: &str) -> String {
    serde_json::from_str::<String>(quoted).unwrap_or_else(|_| quoted.trim_matches('"').to_owned())
}

/// One canonical text per JSON value, so that two texts holding the same value give the same:
/// members in name order, strings with one escaping, numbers by their exact decimal value (`1E2`
/// is `100`, `-0` is `0`, 30 digits stay 30 digits). `None` when `text` is not JSON.
pub(crate) fn canonical(text: &str) -> Option<String> {
    enum Open {
        Object(Vec<(String, String)>, Option<String>),
        Array(Vec<String>),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut result = None;
    for token in Tokens::new(text) {
        let token = token.ok()?;
        let piece = &text[token.start..token.end];
        let value = match token.kind {
            Kind::Open(b'{') => {
                stack.push(Open::Object(Vec::new(), None));
                continue;
            }
            Kind::Open(_) => {
                stack.push(Open::Array(Vec::new()));
                continue;
            }
            Kind::Key => {
                if let Some(Open::Object(_, key)) = stack.last_mut() {
                    *key = Some(string(piece));
                }
                continue;
            }
            Kind::Close => match stack.pop()? {
                Open::Object(mut members, _) => {
                    members.sort();
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(k, v)| format!("{k}:{v}"))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }
                Open::Array(items) => format!("[{}]", items.join(",")),
            },
            Kind::Str => string(piece),
            Kind::Scalar => number(piece).unwrap_or_else(|| piece.to_owned()),
        };
        match stack.last_mut() {
            Some(Open::Object(members, key)) => members.push((key.take()?, value)),
            Some(Open::Array(items)) => items.push(value),
            None => result = Some(value),
        }
    }
    result
}

/// A string token, escaped one way.
fn string(quoted: &str) -> String {
    match serde_json::from_str::<String>(quoted) {
        Ok(text) => serde_json::Value::from(text).to_string(),
        Err(_) => quoted.to_owned(),
    }
}

/// A number token as `-0.<digits>e<exponent>` with no leading or trailing zero digit (`0` for
/// zero); `None` when it is not a number (a literal).
fn number(text: &str) -> Option<String> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{int}{frac}");
    let leading = digits.len() - digits.trim_start_matches('0').len();
    let significant = digits.trim_matches('0');
    if significant.is_empty() {
        return Some("0".to_owned());
    }
    let point = i64::try_from(int.len()).ok()? - i64::try_from(leading).ok()?;
    let sign = if negative { "-" } else { "" };
    Some(format!(
        "{sign}0.{significant}e{}",
        exponent.checked_add(point)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(name: &str) -> bool {
        name == "token"
    }

    #[test]
    fn secrets_are_redacted_at_any_depth_and_the_rest_is_kept_as_it_was() {
        let text = r#"{"a": 1E2, "token": {"x": [1, {"y": 2}]}, "b": {"token": "t", "c": null}}"#;
        let (out, changed) = redacted(text, secret).unwrap_or_default();
        assert!(changed);
        assert_eq!(
            out,
            r#"{"a": 1E2, "token": "[redacted]", "b": {"token": "[redacted]", "c": null}}"#
        );
        let deep = format!(
            "{}{{\"token\": \"t\"}}{}",
            "[".repeat(5000),
            "]".repeat(5000)
        );
        let (out, _) = redacted(&deep, secret).unwrap_or_default();
        assert!(!out.contains("\"t\""));
        assert!(redacted(r#"{"token": "t""#, secret).is_none());
        assert_eq!(
            redacted(r#"{"tok\u0065n": "t"}"#, secret)
                .map(|(o, _)| o)
                .as_deref(),
            Some(r#"{"tok\u0065n": "[redacted]"}"#)
        );
    }

    #[test]
    fn canonical_texts_are_equal_exactly_when_the_values_are() {
        let same = |a: &str, b: &str| canonical(a).is_some() && canonical(a) == canonical(b);
        assert!(same(
            r#"{"a": 1, "b": [true, null]}"#,
            r#"{"b":[true,null],"a":1}"#
        ));
        assert!(same("100", "1E2") && same("-0", "0") && same("1.50", "15e-1"));
        assert!(same(r#""\u00e9""#, r#""é""#));
        assert!(!same("1e400", "-1e400"));
        assert!(!same("12345678901234567890123", "12345678901234567890124"));
        let deep = |leaf: &str| format!("{}{leaf}{}", "[".repeat(3000), "]".repeat(3000));
        assert!(!same(&deep("1"), &deep("2")));
        assert!(same(&deep("1"), &deep("1.0")));
        assert!(canonical("[1,").is_none() && canonical("{} {}").is_none());
    }
}
