//! Path templates (`/users/{userId}/notes`): parsed once, when the manifest is validated, into
//! literal text and placeholders. Validation, the emitters and the SDK's metadata read the parsed
//! form; nothing splits a template by hand again.

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    text: String,
    segments: Vec<Segment>,
}

/// A piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as it is.
    Literal(String),
    /// A placeholder: the value of the field of this name.
    Param(String),
}

impl PathTemplate {
    /// Parses `text`; `Err` says what is wrong with it, for a diagnostic.
    pub fn parse(text: &str) -> Result<PathTemplate, String> {
        if !text.starts_with('/') {
            return Err(format!("path `{text}` must start with `/`"));
        }
        let mut segments = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find(['{', '}']) {
                None => {
                    segments.push(Segment::Literal(rest.to_owned()));
                    break;
                }
                Some(i) if rest[i..].starts_with('}') => {
                    return Err(format!("path `{text}` has a `}}` with no `{{` before it"));
                }
                Some(i) => {
                    if i > 0 {
                        segments.push(Segment::Literal(rest[..i].to_owned()));
                    }
                    let after = &rest[i + 1..];
                    let Some(end) = after.find('}') else {
                        return Err(format!("path `{text}` has a `{{` that is not closed"));
                    };
                    let name = &after[..end];
                    if name.is_empty() || name.contains(['{', '/']) {
                        return Err(format!(
                            "path `{text}` has a placeholder `{{{name}}}` that names no field"
                        ));
                    }
                    segments.push(Segment::Param(name.to_owned()));
                    rest = &after[end + 1..];
                }
            }
        }
        Ok(PathTemplate {
            text: text.to_owned(),
            segments,
        })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its pieces, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The field names of its placeholders, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// How many placeholders it has.
    pub fn param_count(&self) -> usize {
        self.params().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_into_text_and_placeholders() {
        let t = PathTemplate::parse("/jobs/{jobId}/error").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            t.segments(),
            [
                Segment::Literal("/jobs/".into()),
                Segment::Param("jobId".into()),
                Segment::Literal("/error".into())
            ]
        );
        assert_eq!(t.params().collect::<Vec<_>>(), ["jobId"]);
        for bad in [
            "users",
            "/users/{id",
            "/users/id}",
            "/users/{}",
            "/a/{b{c}}",
        ] {
            assert!(PathTemplate::parse(bad).is_err(), "{bad}");
        }
    }
}
