//! Generic table view: columns, rows of cells, sort and filter. Pure.

use crate::fleet::{Kind, ObjKey, Ts};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Tone {
    Normal,
    Ok,
    Warn,
    Err,
    Dim,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    /// Numeric sort key, where the column is numeric.
    pub num: Option<i64>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell {
            text: s.into(),
            num: None,
        }
    }
    pub fn num(n: i64) -> Self {
        Cell {
            text: n.to_string(),
            num: Some(n),
        }
    }
    pub fn with_num(s: impl Into<String>, n: i64) -> Self {
        Cell {
            text: s.into(),
            num: Some(n),
        }
    }
    /// An age column: shows "5m", sorts by seconds.
    pub fn age(created: Ts, now: Ts) -> Self {
        if created <= 0 {
            return Cell::with_num("?", i64::MAX);
        }
        let secs = (now - created).max(0);
        Cell::with_num(format_age(secs), secs)
    }
}

pub fn format_age(secs: i64) -> String {
    match secs {
        s if s < 120 => format!("{s}s"),
        s if s < 2 * 3600 => format!("{}m", s / 60),
        s if s < 48 * 3600 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub kind: Kind,
    pub key: ObjKey,
    pub cells: Vec<Cell>,
    pub tone: Tone,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub title: &'static str,
    /// Minimum width; the last column takes the rest.
    pub width: u16,
}

pub const fn col(title: &'static str, width: u16) -> Column {
    Column { title, width }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SortSpec {
    pub column: usize,
    pub reverse: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableView {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Rows before the filter.
    pub total: usize,
}

impl TableView {
    pub fn new(columns: Vec<Column>, rows: Vec<Row>) -> Self {
        let total = rows.len();
        TableView {
            columns,
            rows,
            total,
        }
    }

    /// Keep rows any of whose cells contains `filter` (case-insensitive); `!term` keeps the others.
    pub fn filter(mut self, filter: &str) -> Self {
        let f = filter.trim();
        if f.is_empty() {
            return self;
        }
        let (negate, needle) = match f.strip_prefix('!') {
            Some(rest) => (true, rest.to_lowercase()),
            None => (false, f.to_lowercase()),
        };
        self.rows.retain(|r| {
            let hit = r
                .cells
                .iter()
                .any(|c| c.text.to_lowercase().contains(&needle));
            hit != negate
        });
        self
    }

    pub fn sort(mut self, spec: &SortSpec) -> Self {
        let col = spec.column.min(self.columns.len().saturating_sub(1));
        self.rows.sort_by(|a, b| {
            let (ca, cb) = (&a.cells[col], &b.cells[col]);
            let ord = match (ca.num, cb.num) {
                (Some(x), Some(y)) => x.cmp(&y),
                _ => ca.text.cmp(&cb.text),
            };
            ord.then_with(|| a.key.cmp(&b.key))
        });
        if spec.reverse {
            self.rows.reverse();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, n: i64) -> Row {
        Row {
            kind: Kind::Pod,
            key: ObjKey::new(Some("ns"), name),
            cells: vec![Cell::text(name), Cell::num(n)],
            tone: Tone::Normal,
        }
    }

    fn names(t: &TableView) -> Vec<&str> {
        t.rows.iter().map(|r| r.cells[0].text.as_str()).collect()
    }

    #[test]
    fn numeric_columns_sort_as_numbers() {
        let t = TableView::new(
            vec![col("NAME", 10), col("N", 3)],
            vec![row("a", 10), row("b", 9), row("c", 100)],
        );
        let t = t.sort(&SortSpec {
            column: 1,
            reverse: false,
        });
        assert_eq!(names(&t), ["b", "a", "c"]);
        let t = t.sort(&SortSpec {
            column: 1,
            reverse: true,
        });
        assert_eq!(names(&t), ["c", "a", "b"]);
    }

    #[test]
    fn filter_is_case_insensitive_and_negatable() {
        let t = TableView::new(
            vec![col("NAME", 10), col("N", 3)],
            vec![row("web-1", 1), row("Web-2", 2), row("db-0", 3)],
        );
        assert_eq!(names(&t.clone().filter("WEB")), ["web-1", "Web-2"]);
        assert_eq!(names(&t.clone().filter("!web")), ["db-0"]);
        assert_eq!(t.filter("web").total, 3);
    }

    #[test]
    fn ages_read_like_kubectl() {
        assert_eq!(format_age(59), "59s");
        assert_eq!(format_age(600), "10m");
        assert_eq!(format_age(5 * 3600), "5h");
        assert_eq!(format_age(3 * 86400), "3d");
    }
}
