//! Line diff of two YAML renderings, for the confirm dialog.

use serde_json::Value;

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

/// Myers-free, LCS-based line diff; objects are small (a few hundred lines at most).
pub fn diff_lines(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut full = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            full.push(DiffLine::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            full.push(DiffLine::Remove(a[i].to_string()));
            i += 1;
        } else {
            full.push(DiffLine::Add(b[j].to_string()));
            j += 1;
        }
    }
    // Keep `context` unchanged lines around each change; elide the rest.
    let changed: Vec<bool> = full
        .iter()
        .map(|l| !matches!(l, DiffLine::Same(_)))
        .collect();
    let len = full.len();
    let near = |idx: usize| {
        let lo = idx.saturating_sub(context);
        let hi = (idx + context).min(len.saturating_sub(1));
        (lo..=hi).any(|k| changed[k])
    };
    let mut out = Vec::new();
    let mut gap = 0;
    for (idx, line) in full.into_iter().enumerate() {
        if near(idx) {
            if gap > 0 {
                out.push(DiffLine::Gap(gap));
                gap = 0;
            }
            out.push(line);
        } else {
            gap += 1;
        }
    }
    if gap > 0 {
        out.push(DiffLine::Gap(gap));
    }
    out
}

/// As unified-diff-like text (for logs and tests).
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
        assert!(
            d.iter()
                .all(|l| !matches!(l, DiffLine::Add(_) | DiffLine::Remove(_)))
        );
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
