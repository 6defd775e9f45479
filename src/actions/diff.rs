//! Line diff of two YAML renderings (the `similar` crate), for the confirm dialog and `act`.

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffLine {
    Same(String),
    Add(String),
    Remove(String),
    /// Elided unchanged lines.
    Gap(usize),
}

/// YAML text of a JSON value (serde-saphyr: the project's one YAML stack).
pub fn to_yaml(v: &Value) -> String {
    serde_saphyr::to_string(v).unwrap_or_else(|e| format!("# cannot render YAML: {e}\n{v:#}"))
}

/// The changed lines with `context` unchanged lines around each change; the rest elided.
pub fn diff_lines(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(old, new);
    let total = old.lines().count();
    let mut out = Vec::new();
    let mut shown_to = 0; // old-side lines accounted for
    for group in diff.grouped_ops(context) {
        let start = group.first().map_or(0, |op| op.old_range().start);
        if start > shown_to {
            out.push(DiffLine::Gap(start - shown_to));
        }
        for op in &group {
            for change in diff.iter_changes(op) {
                let line = change.value().trim_end_matches('\n').to_string();
                out.push(match change.tag() {
                    ChangeTag::Equal => DiffLine::Same(line),
                    ChangeTag::Insert => DiffLine::Add(line),
                    ChangeTag::Delete => DiffLine::Remove(line),
                });
            }
        }
        shown_to = group.last().map_or(shown_to, |op| op.old_range().end);
    }
    if out.is_empty() {
        return vec![DiffLine::Gap(total)];
    }
    if total > shown_to {
        out.push(DiffLine::Gap(total - shown_to));
    }
    out
}

/// As unified-diff-like text (for `act`, logs and tests).
pub fn render(lines: &[DiffLine]) -> String {
    lines
        .iter()
        .map(|l| match l {
            DiffLine::Same(s) => format!("  {s}"),
            DiffLine::Add(s) => format!("+ {s}"),
            DiffLine::Remove(s) => format!("- {s}"),
            DiffLine::Gap(n) => format!("  … {n} unchanged line(s)"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_added_and_removed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nX\ne\nf\ng\n";
        let d = diff_lines(old, new, 1);
        assert_eq!(
            render(&d),
            "  … 2 unchanged line(s)\n  c\n- d\n+ X\n  e\n  … 2 unchanged line(s)"
        );
    }

    #[test]
    fn identical_text_has_no_changes() {
        let d = diff_lines("a\nb\n", "a\nb\n", 3);
        assert_eq!(d, vec![DiffLine::Gap(2)]);
    }

    #[test]
    fn yaml_rendering_is_block_style() {
        let y = to_yaml(
            &serde_json::json!({"spec": {"taints": [{"key": "k", "effect": "NoSchedule"}]}}),
        );
        assert!(y.contains("taints:"), "{y}");
        assert!(y.contains("key: k"), "{y}");
    }
}
