//! Source positions of every node of a YAML document.
//!
//! serde_yaml reports where a document fails to deserialize but keeps no positions for values that
//! deserialize fine. Validation needs those to point at the line of a bad field, so the text is read a
//! second time with yaml-rust2's event parser, which marks every node.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

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

/// The shape of a node.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A mapping, keys in document order.
    Map(Vec<(String, Node)>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A scalar or an alias.
    Scalar(String),
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
                entries.iter().find(|(key, _)| key == k).map(|(_, v)| v)
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

    /// The position of the key `key` inside this mapping (more useful than its value's position).
    pub fn key_position(&self, key: &str) -> Option<(usize, usize)> {
        match &self.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| (v.line, v.column)),
            _ => None,
        }
    }

    /// The scalar text, if this node is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// Items of a sequence (empty for other kinds).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    /// Entries of a mapping (empty for other kinds).
    pub fn entries(&self) -> &[(String, Node)] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }
}

enum Open {
    Map {
        mark: Marker,
        entries: Vec<(String, Node)>,
        key: Option<String>,
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
}

fn node(mark: Marker, kind: Kind) -> Node {
    Node {
        line: mark.line(),
        column: mark.col() + 1,
        kind,
    }
}

impl Builder {
    fn push(&mut self, value: Node) {
        match self.stack.last_mut() {
            Some(Open::Seq { items, .. }) => items.push(value),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, value)),
                None => *key = Some(value.as_str().unwrap_or_default().to_owned()),
            },
            None => {
                if self.root.is_none() {
                    self.root = Some(value);
                }
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(s, ..) => self.push(node(mark, Kind::Scalar(s))),
            Event::Alias(_) => self.push(node(mark, Kind::Scalar(String::new()))),
            Event::SequenceStart(..) => self.stack.push(Open::Seq {
                mark,
                items: Vec::new(),
            }),
            Event::MappingStart(..) => self.stack.push(Open::Map {
                mark,
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let done = match self.stack.pop() {
                    Some(Open::Seq { mark, items }) => node(mark, Kind::Seq(items)),
                    Some(Open::Map { mark, entries, .. }) => node(mark, Kind::Map(entries)),
                    None => return,
                };
                self.push(done);
            }
            _ => {}
        }
    }
}

/// Parses `text` into a tree of positioned nodes. `Err` carries (line, column, message).
pub fn parse(text: &str) -> Result<Node, (usize, usize, String)> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|e| (e.marker().line(), e.marker().col() + 1, e.info().to_owned()))?;
    Ok(builder.root.unwrap_or(Node {
        line: 1,
        column: 1,
        kind: Kind::Map(Vec::new()),
    }))
}
