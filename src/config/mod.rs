//! User configuration: colour themes and keymaps.
//!
//! Both are TOML. Built-in presets are embedded in the binary (`themes/*.toml`,
//! `keymaps/*.toml`); files in the user's config directory override them. Every
//! problem in a file is reported as `path:line:col: message`.

pub mod keymap;
pub mod theme;

pub use keymap::{Action, KeyCombo, Keymap, parse_key};
pub use theme::{ColorMode, Slot, SlotColor, Theme};

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::DeTable;

/// Everything that can go wrong while loading a theme or a keymap.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A problem at a known place in a file (1-based line and column, counted in
    /// characters).
    #[error("{}:{line}:{col}: {message}", path.display())]
    At {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// The file exists but could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A preset name given on the command line / in code that matches neither a
    /// user file nor a built-in preset.
    #[error("unknown {kind} \"{name}\" (available: {})", available.join(", "))]
    UnknownPreset {
        kind: &'static str,
        name: String,
        available: Vec<String>,
    },
}

impl ConfigError {
    /// Builds an [`ConfigError::At`] from a byte span into `text`.
    pub fn at(path: &Path, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, col) = line_col(text, span.start);
        ConfigError::At {
            path: path.to_path_buf(),
            line,
            col,
            message: message.into(),
        }
    }

    /// Converts a TOML syntax error into a located error.
    pub fn from_toml(path: &Path, text: &str, err: &toml::de::Error) -> Self {
        let start = err.span().map_or(0, |s| s.start);
        let message = err.message().trim_end().to_string();
        Self::at(path, text, start..start, format!("invalid TOML: {message}"))
    }

    /// The file the error is about, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            ConfigError::At { path, .. } | ConfigError::Io { path, .. } => Some(path),
            ConfigError::UnknownPreset { .. } => None,
        }
    }

    /// `(line, col)` of the error, if it is located.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            ConfigError::At { line, col, .. } => Some((*line, *col)),
            _ => None,
        }
    }
}

/// 1-based `(line, column)` of byte `offset` in `text`; the column counts
/// characters, not bytes. Offsets past the end (or inside a character) are
/// clamped.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Parses a TOML document keeping the span of every key and value.
pub(crate) fn parse_doc<'t>(path: &Path, text: &'t str) -> Result<DeTable<'t>, ConfigError> {
    DeTable::parse(text)
        .map(Spanned::into_inner)
        .map_err(|e| ConfigError::from_toml(path, text, &e))
}

/// Entries of a parsed table in file order (the table itself is sorted by key).
pub(crate) fn entries_in_order<'a, 't>(
    table: &'a DeTable<'t>,
) -> Vec<(
    &'a Spanned<std::borrow::Cow<'t, str>>,
    &'a Spanned<toml::de::DeValue<'t>>,
)> {
    let mut v: Vec<_> = table.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

/// " (did you mean `x`?)" when some candidate is within two edits of `word`.
pub(crate) fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!(" (did you mean {c}?)"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Reads `path` if it exists: `Ok(None)` when it does not.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ConfigError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_chars() {
        let text = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 4), (1, 5));
        // "bé = " is 6 bytes but 5 characters: the quote is column 6.
        let quote = text.find('"').unwrap();
        assert_eq!(line_col(text, quote), (2, 6));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn error_display_is_path_line_col_message() {
        let text = "x = 1\ny = [\n";
        let err = parse_doc(Path::new("keymaps/foo.toml"), text).unwrap_err();
        let shown = err.to_string();
        assert!(shown.starts_with("keymaps/foo.toml:"), "{shown}");
        assert!(shown.contains("invalid TOML"), "{shown}");
        assert_eq!(err.path(), Some(Path::new("keymaps/foo.toml")));
        // The array opened on line 2 is never closed; toml points just past `[`.
        assert_eq!(err.location(), Some((2, 6)), "{shown}");
        assert_eq!(
            shown,
            "keymaps/foo.toml:2:6: invalid TOML: unclosed array, expected `]`"
        );
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        assert_eq!(
            suggest("cordn", ["cordon", "quit"]),
            " (did you mean cordon?)"
        );
        assert_eq!(suggest("zzzzzz", ["cordon", "quit"]), "");
    }
}
