//! Source positions of every node of a YAML document.
//!
//! The manifest's YAML is read once, here, with yaml-rust2's event parser, into a tree that marks
//! every node (and every mapping key) with its line and column: validation points at the line of a
//! bad field, and the typed values serde reads are built from the same tree (`validate::partial`).
//! Anchors and aliases, and several documents in one file, are refused: no manifest needs them.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Collections nested deeper than this are refused: no manifest needs them, and dropping or walking
/// a tree thousands of levels deep would overflow the stack.
pub const MAX_DEPTH: usize = 64;

/// A YAML node with its 1-based line and column.
#[derive(Debug, Clone)]
pub struct Node {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What the node holds.
    pub kind: Kind,
}

/// One `key: value` of a mapping, with the key's own position.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key's text (empty for a key that is not a scalar).
    pub key: String,
    /// 1-based line of the key.
    pub line: usize,
    /// 1-based column of the key.
    pub column: usize,
    /// The value.
    pub value: Node,
}

/// The shape of a node.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A mapping, keys in document order.
    Map(Vec<Entry>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A scalar; `plain` when written without quotes or block indicators.
    Scalar {
        /// The text.
        text: String,
        /// Unquoted (`true`, `~` and an empty value mean a boolean and null only when plain).
        plain: bool,
    },
}

/// One step of a path into a document.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index.
    Index(usize),
}

impl Node {
    /// The child at `seg`, if there is one.
    pub fn get(&self, seg: Seg<'_>) -> Option<&Node> {
        match (&self.kind, seg) {
            (Kind::Map(entries), Seg::Key(k)) => {
                entries.iter().find(|e| e.key == k).map(|e| &e.value)
            }
            (Kind::Seq(items), Seg::Index(i)) => items.get(i),
            _ => None,
        }
    }

    /// The deepest node along `path` (the node itself when the path leads nowhere).
    pub fn locate(&self, path: &[Seg<'_>]) -> &Node {
        let mut node = self;
        for seg in path {
            match node.get(*seg) {
                Some(next) => node = next,
                None => break,
            }
        }
        node
    }

    /// Where a problem with the value of `key` is shown: at the value when it starts on the key's
    /// line (`method: GTE`), else at the key (`routes:` followed by an indented mapping).
    pub fn key_position(&self, key: &str) -> Option<(usize, usize)> {
        let entry = self.entries().iter().find(|e| e.key == key)?;
        if entry.value.line == entry.line {
            Some((entry.value.line, entry.value.column))
        } else {
            Some((entry.line, entry.column))
        }
    }

    /// The scalar text, if this node is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// True for a plain `~`, `null` or empty value: what YAML reads as "nothing".
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// Items of a sequence (empty for other kinds).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    /// Entries of a mapping (empty for other kinds).
    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// What the node is, in words, for messages ("a list", "the text `abc`").
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Map(_) => "a mapping".into(),
            Kind::Seq(_) => "a list".into(),
            Kind::Scalar { .. } if self.is_null() => "nothing".into(),
            Kind::Scalar { text, .. } => {
                let short: String = text.chars().take(40).collect();
                let more = if short.len() < text.len() { "…" } else { "" };
                format!("the text `{short}{more}`")
            }
        }
    }
}

enum Open {
    Map {
        mark: Marker,
        entries: Vec<Entry>,
        key: Option<(String, Marker)>,
    },
    Seq {
        mark: Marker,
        items: Vec<Node>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    root: Option<Node>,
    /// The first thing this reader refuses (nesting deeper than [`MAX_DEPTH`], an alias), and why.
    refused: Option<(Marker, &'static str)>,
}

fn node(mark: Marker, kind: Kind) -> Node {
    Node {
        line: mark.line(),
        column: mark.col() + 1,
        kind,
    }
}

impl Builder {
    fn push(&mut self, value: Node, mark: Marker) {
        match self.stack.last_mut() {
            Some(Open::Seq { items, .. }) => items.push(value),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                Some((k, at)) => entries.push(Entry {
                    key: k,
                    line: at.line(),
                    column: at.col() + 1,
                    value,
                }),
                None => *key = Some((value.as_str().unwrap_or_default().to_owned(), mark)),
            },
            None => {
                if self.root.is_none() {
                    self.root = Some(value);
                }
            }
        }
    }

    fn open(&mut self, open: Open, mark: Marker) {
        if self.stack.len() >= MAX_DEPTH {
            self.refused.get_or_insert((
                mark,
                "lists and mappings are nested more than 64 levels deep",
            ));
        } else {
            self.stack.push(open);
        }
    }

    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(text, style, ..) => {
                let plain = style == TScalarStyle::Plain;
                self.push(node(mark, Kind::Scalar { text, plain }), mark);
            }
            Event::Alias(_) => {
                self.refused.get_or_insert((
                    mark,
                    "anchors and aliases (`*name`) are not supported: write the value out",
                ));
            }
            Event::SequenceStart(..) => self.open(
                Open::Seq {
                    mark,
                    items: Vec::new(),
                },
                mark,
            ),
            Event::MappingStart(..) => self.open(
                Open::Map {
                    mark,
                    entries: Vec::new(),
                    key: None,
                },
                mark,
            ),
            Event::SequenceEnd | Event::MappingEnd => {
                let done = match self.stack.pop() {
                    Some(Open::Seq { mark, items }) => node(mark, Kind::Seq(items)),
                    Some(Open::Map { mark, entries, .. }) => {
                        let mut map = node(mark, Kind::Map(entries));
                        // A block mapping is marked at its first `:`; point at its first key.
                        let first = map.entries().first().map(|e| (e.line, e.column));
                        if let Some(first) = first.filter(|f| *f < (map.line, map.column)) {
                            (map.line, map.column) = first;
                        }
                        map
                    }
                    None => return,
                };
                self.push(done, mark);
            }
            _ => {}
        }
    }
}

/// Parses the first document of `text` into a tree of positioned nodes. `Err` carries (line,
/// column, message).
///
/// The events are pulled one by one rather than with `Parser::load`, which recurses once per
/// nesting level and overflows the stack on a line of 20,000 `- `.
pub fn parse(text: &str) -> Result<Node, (usize, usize, String)> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    let mut next = || {
        parser
            .next_token()
            .map_err(|e| (e.marker().line(), e.marker().col() + 1, e.info().to_owned()))
    };
    loop {
        let (event, mark) = next()?;
        if matches!(event, Event::StreamEnd) {
            break;
        }
        if matches!(event, Event::DocumentEnd) {
            if let (Event::DocumentStart, mark) = next()? {
                return Err((
                    mark.line(),
                    mark.col() + 1,
                    "a manifest file holds one YAML document: move what follows `---` to a file of its own".into(),
                ));
            }
            break;
        }
        builder.on_event(event, mark);
        if let Some((mark, why)) = builder.refused {
            return Err((mark.line(), mark.col() + 1, why.to_owned()));
        }
    }
    Ok(builder.root.unwrap_or(Node {
        line: 1,
        column: 1,
        kind: Kind::Map(Vec::new()),
    }))
}
