//! Comparing generated files with the ones checked in, and saying what differs.

use std::path::Path;

use crate::GeneratedFile;

/// A checked-in file that is not what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Path relative to the generated folder.
    pub path: String,
    /// What is wrong with it.
    pub kind: StaleKind,
    /// What differs, in words: the first differing item, or that the file is missing or extra.
    pub reason: String,
}

/// How a checked-in file is stale, which says how to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleKind {
    /// The generator produces it; it is not on disk: write it.
    Missing,
    /// Its text differs: write it.
    Differs,
    /// The generator no longer produces it: delete it.
    Extra,
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// Every difference between `files` and the contents of `dir`, extra `.rs` files included.
///
/// Line endings do not count: a checkout that turned `\n` into `\r\n` (git's `autocrlf` on
/// Windows) is not stale.
pub fn compare(files: &[GeneratedFile], dir: &Path) -> Vec<Stale> {
    let mut out = Vec::new();
    for file in files {
        let path = file.path.to_string_lossy().into_owned();
        match std::fs::read_to_string(dir.join(&file.path)) {
            Err(_) => out.push(Stale {
                path,
                kind: StaleKind::Missing,
                reason: "missing".into(),
            }),
            Ok(on_disk) if !same_text(&on_disk, &file.contents) => {
                out.push(Stale {
                    path,
                    kind: StaleKind::Differs,
                    reason: first_difference(&on_disk, &file.contents),
                });
            }
            Ok(_) => {}
        }
    }
    let mut on_disk = Vec::new();
    collect_rs(dir, dir, &mut on_disk);
    for path in on_disk {
        if !files.iter().any(|f| f.path == Path::new(&path)) {
            out.push(Stale {
                path,
                kind: StaleKind::Extra,
                reason: "not produced by the manifest any more (delete it)".into(),
            });
        }
    }
    out
}

/// Writes the files of `files` that are missing from `dir` or differ, and removes the `.rs` files
/// the generator no longer produces; what was changed, in order. A file that is already right is
/// not touched: its mtime stays, so nothing rebuilds.
pub fn update(files: &[GeneratedFile], dir: &Path) -> Result<Vec<Stale>, String> {
    let stale = compare(files, dir);
    for s in &stale {
        let path = dir.join(&s.path);
        let done = match s.kind {
            StaleKind::Extra => std::fs::remove_file(&path),
            StaleKind::Missing | StaleKind::Differs => {
                let contents = files
                    .iter()
                    .find(|f| f.path == Path::new(&s.path))
                    .map_or("", |f| f.contents.as_str());
                path.parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::write(&path, contents))
            }
        };
        done.map_err(|e| format!("cannot update {}: {e}", path.display()))?;
    }
    Ok(stale)
}

/// Whether two texts are equal once `\r\n` is read as `\n`.
pub fn same_text(a: &str, b: &str) -> bool {
    let lines = |s| str::split(s, '\n').map(|l: &str| l.strip_suffix('\r').unwrap_or(l));
    a == b || lines(a).eq(lines(b))
}

fn collect_rs(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            collect_rs(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
}

/// Names the first item (fn, struct, enum, impl) whose text differs, with its line.
pub fn first_difference(old: &str, new: &str) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let line = old_lines
        .iter()
        .zip(&new_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(old_lines.len().min(new_lines.len()));
    // A changed doc comment or attribute belongs to the item below it; other lines to the one above.
    let is_preamble = |l: &&str| {
        let t = l.trim_start();
        t.starts_with("///") || t.starts_with("#[")
    };
    let below = new_lines
        .get(line..)
        .unwrap_or_default()
        .iter()
        .take_while(|l| is_preamble(l) || item_name(l).is_some())
        .find_map(|l| item_name(l));
    let starts_preamble = new_lines.get(line).is_some_and(is_preamble);
    let above = || {
        new_lines[..line.min(new_lines.len())]
            .iter()
            .rev()
            .find_map(|l| item_name(l))
    };
    let item = below
        .filter(|_| starts_preamble)
        .or_else(above)
        .unwrap_or_else(|| "the file header".into());
    format!("differs from line {} on, in {item}", line + 1)
}

fn item_name(line: &str) -> Option<String> {
    let t = line.trim_start();
    for kw in [
        "pub fn ",
        "fn ",
        "pub struct ",
        "pub enum ",
        "impl ",
        "pub const ",
        "pub static ",
        "pub mod ",
    ] {
        if let Some(rest) = t.strip_prefix(kw) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '#')
                .collect();
            return Some(format!("`{}{name}`", kw.trim_start_matches("pub ")));
        }
    }
    None
}
