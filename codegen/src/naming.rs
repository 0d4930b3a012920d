//! Turning manifest names into Rust identifiers.

use heck::{ToPascalCase, ToSnakeCase};

/// Words Rust reserves (2015–2024 editions) that need a raw identifier.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Replaces characters that cannot appear in an identifier, and fixes a leading digit. A name with
/// no ASCII letter or digit (`-`, `ñ`, empty) is spelt by its code points (`_2d`, `_f1`, `_empty`),
/// since `_` alone is no identifier.
fn sanitize(converted: &str, original: &str) -> String {
    let mut out: String = converted
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.contains(|c: char| c.is_ascii_alphanumeric()) {
        let codes: Vec<String> = original
            .chars()
            .map(|c| format!("{:x}", u32::from(c)))
            .collect();
        let spelt = if codes.is_empty() {
            "empty".to_owned()
        } else {
            codes.join("_")
        };
        out = format!("_{spelt}");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `createUserByEmail` → `create_user_by_email`; keywords become raw (`type` → `r#type`).
pub fn snake(name: &str) -> String {
    let s = sanitize(&name.to_snake_case(), name);
    escape(s)
}

/// `intercom_id` → `IntercomId`, `createNote` → `CreateNote`.
pub fn pascal(name: &str) -> String {
    let s = sanitize(&name.to_pascal_case(), name);
    escape(s)
}

/// The Rust variant of an enum value: its PascalCase (`intercom_id` → `IntercomId`), or for a
/// value of symbols only, the symbols in words (`<=` → `LtEq`, `!=` → `NotEq`, `~` → `Tilde`), so
/// search operators read as themselves.
pub fn variant(value: &str) -> String {
    if value.chars().any(|c| c.is_ascii_alphanumeric()) || value.is_empty() {
        return pascal(value);
    }
    let words: Option<String> = value
        .chars()
        .map(|c| {
            Some(match c {
                '=' => "Eq",
                '!' => "Not",
                '<' => "Lt",
                '>' => "Gt",
                '~' => "Tilde",
                '^' => "Caret",
                '$' => "Dollar",
                '*' => "Star",
                '+' => "Plus",
                '-' => "Minus",
                '/' => "Slash",
                '%' => "Percent",
                '&' => "And",
                '|' => "Or",
                '?' => "Question",
                '@' => "At",
                '#' => "Hash",
                '.' => "Dot",
                ',' => "Comma",
                ':' => "Colon",
                _ => return None,
            })
        })
        .collect();
    words.unwrap_or_else(|| pascal(value))
}

/// Snake case without keyword escaping, for places that are not identifiers (wire names).
pub fn snake_plain(name: &str) -> String {
    name.to_snake_case()
}

fn escape(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// The text of an identifier without a raw prefix (`r#type` → `type`).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_to_snake() {
        assert_eq!(snake("createUserByEmail"), "create_user_by_email");
        assert_eq!(snake("getUserSegmensCount"), "get_user_segmens_count");
        assert_eq!(snake("lastSeenIp"), "last_seen_ip");
        assert_eq!(snake("userId"), "user_id");
    }

    #[test]
    fn keywords_become_raw() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("match"), "r#match");
        assert_eq!(snake("self"), "self_");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(unraw("r#type"), "type");
    }

    #[test]
    fn pascal_from_wire_values() {
        assert_eq!(pascal("intercom_id"), "IntercomId");
        assert_eq!(pascal("createNote"), "CreateNote");
        assert_eq!(pascal("inapp"), "Inapp");
        assert_eq!(pascal("event.created"), "EventCreated");
    }

    #[test]
    fn odd_names_are_sanitized() {
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(pascal("1st"), "_1st");
        assert_eq!(snake("x-y"), "x_y");
        assert_eq!(pascal("x-y"), "XY");
        assert_eq!(snake("-"), "_2d");
        assert_eq!(pascal("ñ"), "_f1");
        assert_eq!(pascal(""), "_empty");
        assert_eq!(snake("_"), "_5f");
    }
}
