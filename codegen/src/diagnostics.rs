//! Errors in a manifest, each pointing at a file, line and column.

use std::fmt;

/// One problem found in the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The manifest file, as given to the loader.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The operation the problem is in, if any.
    pub operation: Option<String>,
    /// The response model the problem is in, if any.
    pub model: Option<String>,
    /// The field the problem is in, if any.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: error", self.file, self.line, self.column)?;
        let item = match (&self.operation, &self.model) {
            (Some(op), _) => Some(format!("operation `{op}`")),
            (None, Some(model)) => Some(format!("model `{model}`")),
            (None, None) => None,
        };
        match (item, &self.field) {
            (Some(item), Some(field)) => write!(f, " in {item}, field `{field}`")?,
            (Some(item), None) => write!(f, " in {item}")?,
            (None, Some(field)) => write!(f, " in `{field}`")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in a manifest; generation stops when this is not empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "\n{n} error{} in the manifest",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
