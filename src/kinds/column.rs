//! Columns, declared once per kind: header, widths, priority, alignment, and the value a row
//! shows (which is also what it sorts and filters by). Pure; nothing here allocates for plain
//! text, numbers or ages, so sorting and filtering 100,000 rows formats nothing.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write as _;

use crate::fleet::Ts;

/// A row's colour role.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    Normal,
    Ok,
    Warn,
    Err,
    Dim,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// What a column looks like, whatever its row type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColMeta {
    /// Stable name: the JSON key of `snapshot --pane NAME --json`.
    pub id: &'static str,
    pub header: &'static str,
    /// Never narrower than this while shown.
    pub min: u16,
    /// Never wider than this (the last shown column takes any rest).
    pub max: u16,
    /// 0: always shown. When the terminal is narrow, the highest priority numbers drop out
    /// first, whole.
    pub priority: u8,
    pub align: Align,
    /// An age: its text moves with the clock.
    pub age: bool,
    /// Free text (messages, lists) that may be cut short to make room; other columns are shown
    /// whole or not at all.
    pub flex: bool,
}

/// One cell's value, borrowed from the row where it can be.
#[derive(Clone, Debug, PartialEq)]
pub enum V<'a> {
    Str(&'a str),
    /// Text composed for display (joined lists, ...).
    Text(String),
    Int(i64),
    /// `a/b` (ready/total): sorts by `a`.
    Ratio(i64, i64),
    /// A timestamp shown as its age (`5m`); sorts newest first; 0 is unknown (`?`).
    Age(Ts),
    /// Nothing to show: `-`.
    None,
}

/// A column of rows of type `R`.
pub struct Col<R> {
    pub meta: ColMeta,
    pub value: for<'a> fn(&'a R) -> V<'a>,
}

impl<R> Col<R> {
    pub const fn new(
        id: &'static str,
        header: &'static str,
        min: u16,
        max: u16,
        priority: u8,
        value: for<'a> fn(&'a R) -> V<'a>,
    ) -> Self {
        Col {
            meta: ColMeta {
                id,
                header,
                min,
                max,
                priority,
                align: Align::Left,
                age: false,
                flex: false,
            },
            value,
        }
    }

    /// A right-aligned column (numbers, ages).
    pub const fn num(
        id: &'static str,
        header: &'static str,
        min: u16,
        max: u16,
        priority: u8,
        value: for<'a> fn(&'a R) -> V<'a>,
    ) -> Self {
        let mut c = Self::new(id, header, min, max, priority, value);
        c.meta.align = Align::Right;
        c
    }

    /// A free-text column: cut short (to `min`) before any column drops out.
    pub const fn flex(
        id: &'static str,
        header: &'static str,
        min: u16,
        max: u16,
        priority: u8,
        value: for<'a> fn(&'a R) -> V<'a>,
    ) -> Self {
        let mut c = Self::new(id, header, min, max, priority, value);
        c.meta.flex = true;
        c
    }

    /// An age column (`5m`), right-aligned: `value` must give a [`V::Age`].
    pub const fn age(
        id: &'static str,
        header: &'static str,
        priority: u8,
        value: for<'a> fn(&'a R) -> V<'a>,
    ) -> Self {
        let w = header.len() as u16;
        let mut c = Self::num(
            id,
            header,
            if w > 4 { w } else { 4 },
            if w > 5 { w } else { 5 },
            priority,
            value,
        );
        c.meta.age = true;
        c
    }
}

/// What a cell sorts by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortKey<'a> {
    Num(i64),
    Text(Cow<'a, str>),
}

impl Ord for SortKey<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortKey::Num(a), SortKey::Num(b)) => a.cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            // A column is all numbers or all text; numbers first if ever mixed.
            (SortKey::Num(_), SortKey::Text(_)) => Ordering::Less,
            (SortKey::Text(_), SortKey::Num(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for SortKey<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `42s`, `10m`, `5h`, `3d`: ages as kubectl prints them.
pub fn format_age(secs: i64) -> String {
    match secs {
        s if s < 120 => format!("{s}s"),
        s if s < 2 * 3600 => format!("{}m", s / 60),
        s if s < 48 * 3600 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    }
}

impl<'a> V<'a> {
    pub fn sort_key(self) -> SortKey<'a> {
        match self {
            V::Str(s) => SortKey::Text(Cow::Borrowed(s)),
            V::Text(s) => SortKey::Text(Cow::Owned(s)),
            V::Int(n) | V::Ratio(n, _) => SortKey::Num(n),
            V::Age(ts) => SortKey::Num(if ts <= 0 { i64::MAX } else { -ts }),
            V::None => SortKey::Text(Cow::Borrowed("-")),
        }
    }

    /// The text shown (`now` for ages).
    pub fn text(&self, now: Ts) -> Cow<'a, str> {
        match self {
            V::Str(s) => Cow::Borrowed(s),
            V::Text(s) => Cow::Owned(s.clone()),
            V::Int(n) => Cow::Owned(n.to_string()),
            V::Ratio(a, b) => Cow::Owned(format!("{a}/{b}")),
            V::Age(ts) if *ts <= 0 => Cow::Borrowed("?"),
            V::Age(ts) => Cow::Owned(format_age((now - ts).max(0))),
            V::None => Cow::Borrowed("-"),
        }
    }

    /// The value in `snapshot --json`: numbers as numbers, ages as RFC 3339 timestamps.
    pub fn json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            V::Str(s) => Value::from(*s),
            V::Text(s) => Value::from(s.as_str()),
            V::Int(n) => Value::from(*n),
            V::Ratio(a, b) => Value::from(format!("{a}/{b}")),
            V::Age(ts) if *ts <= 0 => Value::Null,
            V::Age(ts) => Value::from(crate::sources::parse::format_rfc3339(*ts)),
            V::None => Value::Null,
        }
    }

    /// Whether the shown text contains `needle` (lowercase), case-insensitively; without
    /// formatting unless the needle could be part of a number or an age. `ages`: whether age
    /// cells count (a filter that does not depend on the clock leaves them out).
    pub fn contains(&self, needle: &str, ages: bool, now: Ts, buf: &mut String) -> bool {
        let numeric = needle
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'/' || c == b'-');
        match self {
            V::Str(s) => contains_ci(s, needle),
            V::Text(s) => contains_ci(s, needle),
            V::Int(n) if numeric => {
                buf.clear();
                let _ = write!(buf, "{n}");
                contains_ci(buf, needle)
            }
            V::Ratio(a, b) if numeric => {
                buf.clear();
                let _ = write!(buf, "{a}/{b}");
                contains_ci(buf, needle)
            }
            V::Age(_) if ages => contains_ci(&self.text(now), needle),
            V::None => contains_ci("-", needle),
            _ => false,
        }
    }
}

/// `hay.to_lowercase().contains(needle)` (needle already lowercase), without allocating for ASCII.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if !hay.is_ascii() {
        return hay.to_lowercase().contains(needle);
    }
    let (h, nd) = (hay.as_bytes(), needle.as_bytes());
    h.len() >= nd.len() && h.windows(nd.len()).any(|w| w.eq_ignore_ascii_case(nd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_like_kubectl() {
        assert_eq!(format_age(59), "59s");
        assert_eq!(format_age(600), "10m");
        assert_eq!(format_age(5 * 3600), "5h");
        assert_eq!(format_age(3 * 86400), "3d");
        assert_eq!(V::Age(0).text(100), "?");
        assert_eq!(V::Age(40).text(100), "60s");
    }

    #[test]
    fn numbers_sort_as_numbers_and_ages_newest_first() {
        assert!(V::Int(9).sort_key() < V::Int(10).sort_key());
        assert!(V::Age(200).sort_key() < V::Age(100).sort_key());
        assert!(
            V::Age(100).sort_key() < V::Age(0).sort_key(),
            "unknown last"
        );
        assert!(V::Ratio(1, 5).sort_key() < V::Ratio(2, 2).sort_key());
    }

    #[test]
    fn contains_formats_only_what_could_match() {
        let mut buf = String::new();
        assert!(V::Str("CrashLoopBackOff").contains("loop", false, 0, &mut buf));
        assert!(V::Ratio(3, 4).contains("3/4", false, 0, &mut buf));
        assert!(!V::Int(42).contains("web", false, 0, &mut buf));
        assert!(V::Int(42).contains("42", false, 0, &mut buf));
        assert!(
            !V::Age(40).contains("60s", false, 100, &mut buf),
            "ages off"
        );
        assert!(V::Age(40).contains("60s", true, 100, &mut buf));
    }
}
