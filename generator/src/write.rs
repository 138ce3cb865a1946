//! Stage 6, write: files -> disk, writing only what changed; or, for
//! `--check`, comparing and describing the differences.

use std::path::{Path, PathBuf};

/// A generated file: path relative to the output directory, and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path with `/` separators.
    pub path: String,
    /// Full content.
    pub contents: String,
}

/// Writes the files under `out`, skipping those already identical.
/// Returns the paths written.
pub fn write_all(out: &Path, files: &[File]) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for f in files {
        let path = out.join(&f.path);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == f.contents) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &f.contents)?;
        written.push(path);
    }
    Ok(written)
}

/// A file whose content on disk differs from what would be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The path on disk.
    pub path: PathBuf,
    /// A unified diff (on disk -> generated), shortened.
    pub diff: String,
}

/// Compares the files with what is under `out`.
pub fn check_all(out: &Path, files: &[File]) -> Vec<Stale> {
    let mut stale = Vec::new();
    for f in files {
        let path = out.join(&f.path);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old != f.contents {
            stale.push(Stale {
                diff: short_diff(&old, &f.contents, &f.path, 40),
                path,
            });
        }
    }
    stale
}

/// A unified diff limited to `max_lines` lines.
pub fn short_diff(old: &str, new: &str, name: &str, max_lines: usize) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    let mut lines: Vec<&str> = text.lines().collect();
    let total = lines.len();
    if total > max_lines {
        lines.truncate(max_lines);
        let mut out = lines.join("\n");
        out.push_str(&format!("\n... ({} more diff lines)\n", total - max_lines));
        out
    } else {
        text
    }
}
