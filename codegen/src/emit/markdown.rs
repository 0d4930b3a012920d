//! Descriptions as rustdoc: the manifest's words are Markdown (2.x descriptions are CommonMark,
//! 1.x ones plain text), kept as Markdown except where rustdoc would read them otherwise.

/// Text for rustdoc. Headings, emphasis, lists, tables and `[text](url)` links stay Markdown;
/// code spans and fenced blocks are kept (a fence without a language becomes `text`, so rustdoc
/// does not run it as a doctest). Elsewhere, brackets that are not a link are escaped (rustdoc
/// would take them for links to Rust items), so are angle brackets other than `<br>` (rustdoc
/// would take them for HTML tags); bare URLs become code spans (rustdoc refuses bare URLs); and
/// Markdoc admonitions (`{% admonition … %}`) become block quotes.
pub(crate) fn md(text: &str) -> String {
    let text = admonitions(text);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text.as_str();
    while let Some(i) = rest.find('`') {
        out.push_str(&plain(&rest[..i]));
        let ticks = rest[i..].len() - rest[i..].trim_start_matches('`').len();
        let after = &rest[i + ticks..];
        let fence = "`".repeat(ticks);
        match closing(after, ticks) {
            Some(j) if ticks >= 3 => {
                // A fenced block: its language (or `text`), then its lines as they are.
                let (lang, body) = after[..j].split_once('\n').unwrap_or((&after[..j], ""));
                let lang = match lang.trim() {
                    "" | "rust" => "text",
                    other => other,
                };
                out.push_str(&format!("{fence}{lang}\n{body}{fence}"));
                rest = &after[j + ticks..];
            }
            Some(j) => {
                out.push_str(&rest[i..i + ticks + j + ticks]);
                rest = &after[j + ticks..];
            }
            None => {
                out.push_str(&"\\`".repeat(ticks));
                rest = after;
            }
        }
    }
    out.push_str(&plain(rest));
    out
}

/// `{% admonition type="warning" name="Title" %}` … `{% /admonition %}` (Markdoc, which
/// Intercom's docs use) as a block quote headed by its title.
fn admonitions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(tag) = trimmed
            .strip_prefix("{% admonition")
            .and_then(|t| t.strip_suffix("%}"))
        {
            let title = attribute(tag, "name")
                .or_else(|| attribute(tag, "type"))
                .unwrap_or("Note");
            out.push_str(&format!("> **{title}**\n>\n"));
            inside = true;
        } else if trimmed.starts_with("{% /admonition") {
            inside = false;
            out.push('\n');
        } else if inside {
            out.push_str("> ");
            out.push_str(line.trim_start());
            if !line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The value of `key="value"` in a Markdoc tag.
fn attribute<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{key}=\""))? + key.len() + 2;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len]).filter(|v| !v.is_empty())
}

/// Where a run of exactly `ticks` backticks closes a code span in `text`.
fn closing(text: &str, ticks: usize) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find('`') {
        let at = from + i;
        let run = text[at..].len() - text[at..].trim_start_matches('`').len();
        if run == ticks {
            return Some(at);
        }
        from = at + run;
    }
    None
}

/// Text outside code: see [`md`].
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if let Some(len) = url_len(text, i) {
            let url = &rest[..len];
            if text[..i].ends_with("](") && closes_link(text, i - 2) {
                out.push_str(url); // a link's target
            } else {
                out.push('`');
                out.push_str(url);
                out.push('`');
            }
            i += len;
            continue;
        }
        match c {
            '[' if !is_link(rest) => out.push_str("\\["),
            ']' if !closes_link(text, i) => out.push_str("\\]"),
            '<' => match ["<br>", "<br/>", "<br />"]
                .iter()
                .find(|t| rest.starts_with(**t))
            {
                Some(tag) => {
                    out.push_str(tag);
                    i += tag.len();
                    continue;
                }
                None => out.push_str("\\<"),
            },
            '>' if !starts_line(text, i) => out.push_str("\\>"),
            c => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

/// How long the URL starting at byte `i` of `text` is, if one starts there.
fn url_len(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    if !(rest.starts_with("http://") || rest.starts_with("https://")) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '`' | '"'))
        .unwrap_or(rest.len());
    // Closing punctuation belongs to the sentence, and `)` to the link or sentence around it.
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', ')', ']']);
    Some(url.len()).filter(|&n| n > "https://".len())
}

/// Whether `rest` (starting with `[`) is an inline link `[text](…)`.
fn is_link(rest: &str) -> bool {
    let Some(end) = rest.find(']') else {
        return false;
    };
    !rest[1..end].contains('[') && rest[end + 1..].starts_with('(')
}

/// Whether the `]` at byte `i` of `text` closes an inline link.
fn closes_link(text: &str, i: usize) -> bool {
    text[i + 1..].starts_with('(')
        && text[..i]
            .rfind('[')
            .is_some_and(|open| !text[open + 1..i].contains(']'))
}

/// Whether byte `i` of `text` is the first non-blank of its line (a block quote's `>`).
fn starts_line(text: &str, i: usize) -> bool {
    let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
    text[line_start..i].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn code_and_fences_are_kept() {
        assert_eq!(md("a `b_c` d_e"), "a `b_c` d_e");
        assert_eq!(md("```\nlet x = 1;\n```"), "```text\nlet x = 1;\n```");
        assert_eq!(md("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(md("an odd ` tick"), "an odd \\` tick");
    }

    #[test]
    fn markdown_stays_markdown() {
        assert_eq!(
            md("### Limits\n* **two** _levels_"),
            "### Limits\n* **two** _levels_"
        );
        assert_eq!(md("| a | b<br>c |"), "| a | b<br>c |");
        assert_eq!(
            md("see [docs](https://x.io/a)."),
            "see [docs](https://x.io/a)."
        );
    }

    #[test]
    fn what_rustdoc_would_misread_is_escaped() {
        assert_eq!(md("ids [1, 2] or <id>"), "ids \\[1, 2\\] or \\<id\\>");
        assert_eq!(md("x > 5\n> quoted"), "x \\> 5\n> quoted");
        assert_eq!(
            md("GET to `https://x.io/a/<id>` or https://x.io."),
            "GET to `https://x.io/a/<id>` or `https://x.io`."
        );
        assert_eq!(md("(https://x.io)"), "(`https://x.io`)");
        // A link whose text is code is split by the code span: not a link here.
        assert_eq!(md("[`a`](https://x.io)"), "\\[`a`\\](`https://x.io`)");
    }

    #[test]
    fn admonitions_become_block_quotes() {
        let text = "Intro\n{% admonition type=\"warning\" name=\"Careful\" %}\n  Two lines\n  here.\n{% /admonition %}\nAfter";
        assert_eq!(
            md(text),
            "Intro\n> **Careful**\n>\n> Two lines\n> here.\n\nAfter"
        );
    }
}
