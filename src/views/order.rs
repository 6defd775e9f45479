//! Sorting and filtering cluster rows on typed fields, without formatting them. Both give exactly
//! what sorting and filtering the formatted cells gives (see the tests), except that an age
//! column sorts by its timestamp, so the order does not move with the clock.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write as _;

use crate::fleet::Ts;

use super::cluster::{RowView, Tab};
use super::format::{self, is_age_column, node_status, pod_status};
use super::table::{Cell, SortSpec, format_age};

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

/// An age column's key: newest first when ascending, unknown (0) last, as `Cell::age` sorts.
fn age(ts: Ts) -> SortKey<'static> {
    SortKey::Num(if ts <= 0 { i64::MAX } else { -ts })
}

fn t(s: &str) -> SortKey<'_> {
    SortKey::Text(Cow::Borrowed(s))
}

fn n(x: impl Into<i64>) -> SortKey<'static> {
    SortKey::Num(x.into())
}

fn from_cell(c: Cell) -> SortKey<'static> {
    match c.num {
        Some(x) => SortKey::Num(x),
        None => SortKey::Text(Cow::Owned(c.text)),
    }
}

/// The key column `col` of row `v` sorts by (`col` already clamped to the tab's columns).
pub fn sort_key<'a>(v: &RowView<'a>, col: usize) -> SortKey<'a> {
    match *v {
        RowView::Pod(p) => match col {
            0 => t(&p.namespace),
            1 => t(&p.name),
            2 => n(p.ready),
            3 => t(pod_status(p)),
            4 => n(p.restarts),
            5 => t(p.node.as_deref().unwrap_or("<none>")),
            _ => age(p.created),
        },
        RowView::Node(x) => match col {
            0 => t(&x.name),
            1 => t(node_status(x.ready, x.unschedulable)),
            2 => t(if x.edge { "edge" } else { "-" }),
            3 => t(&x.kubelet_version),
            4 => age(x.last_heartbeat),
            _ => age(x.created),
        },
        RowView::Deployment(d) => match col {
            0 => t(&d.namespace),
            1 => t(&d.name),
            2 => n(d.ready),
            3 => n(d.updated),
            4 => n(d.available),
            _ => age(d.created),
        },
        RowView::Event(e) => match col {
            0 => age(e.last_seen),
            1 => t(&e.namespace),
            2 => t(&e.reason),
            3 => t(&e.object),
            4 => n(e.count),
            _ => t(&e.message),
        },
        // Small kinds: sort by the formatted cell (none of them has an age column).
        _ => from_cell(format::row(v, 0).cells.swap_remove(col)),
    }
}

/// Order of two rows under `sort`: the column's key, then (namespace, name); reversed as a whole.
pub fn compare(a: &RowView, b: &RowView, col: usize, reverse: bool) -> Ordering {
    let ord = sort_key(a, col)
        .cmp(&sort_key(b, col))
        .then_with(|| a.key_parts().cmp(&b.key_parts()));
    if reverse { ord.reverse() } else { ord }
}

/// The column a sort spec means for `tab` (clamped like the formatted table clamps it).
pub fn sort_column(tab: Tab, sort: &SortSpec) -> usize {
    sort.column
        .min(format::columns(tab).len().saturating_sub(1))
}

/// A parsed `/` filter: rows any of whose cells contains the needle (case-insensitive); `!term`
/// keeps the others. Empty: everything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub negate: bool,
    pub needle: String,
}

impl Filter {
    pub fn parse(filter: &str) -> Option<Filter> {
        let f = filter.trim();
        if f.is_empty() {
            return None;
        }
        Some(match f.strip_prefix('!') {
            Some(rest) => Filter {
                negate: true,
                needle: rest.to_lowercase(),
            },
            None => Filter {
                negate: false,
                needle: f.to_lowercase(),
            },
        })
    }

    /// Whether the result can change with the clock: only a needle that could be part of an age
    /// ("42s", "5m", "3d", "?") can match an age cell.
    pub fn uses_clock(&self) -> bool {
        self.needle
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 's' | 'm' | 'h' | 'd' | '?'))
    }

    /// Whether every row this filter keeps is also kept by `self` (so `self` can filter the
    /// result of `narrower_than` instead of every row).
    pub fn narrows(&self, before: &Filter) -> bool {
        !self.negate && !before.negate && self.needle.contains(&before.needle)
    }

    pub fn keeps(&self, v: &RowView, tab: Tab, now: Ts) -> bool {
        any_cell_contains(v, tab, &self.needle, self.uses_clock(), now) != self.negate
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

fn any_cell_contains(v: &RowView, tab: Tab, needle: &str, ages: bool, now: Ts) -> bool {
    // Numbers and "ready/total" hold only these characters: skip formatting them otherwise.
    let numeric = needle
        .chars()
        .all(|c| c.is_ascii_digit() || c == '/' || c == '-');
    let mut buf = String::new();
    let mut fmt = |args: std::fmt::Arguments| {
        buf.clear();
        let _ = buf.write_fmt(args);
        contains_ci(&buf, needle)
    };
    let age_text = |ts: Ts| {
        if ts <= 0 {
            return contains_ci("?", needle);
        }
        contains_ci(&format_age((now - ts).max(0)), needle)
    };
    let c = |s: &str| contains_ci(s, needle);
    match *v {
        RowView::Pod(p) => {
            c(&p.namespace)
                || c(&p.name)
                || (numeric && fmt(format_args!("{}/{}", p.ready, p.containers)))
                || c(pod_status(p))
                || (numeric && fmt(format_args!("{}", p.restarts)))
                || c(p.node.as_deref().unwrap_or("<none>"))
                || (ages && age_text(p.created))
        }
        RowView::Node(x) => {
            c(&x.name)
                || c(node_status(x.ready, x.unschedulable))
                || c(if x.edge { "edge" } else { "-" })
                || c(&x.kubelet_version)
                || (ages && (age_text(x.last_heartbeat) || age_text(x.created)))
        }
        RowView::Deployment(d) => {
            c(&d.namespace)
                || c(&d.name)
                || (numeric && fmt(format_args!("{}/{}", d.ready, d.replicas)))
                || (numeric && fmt(format_args!("{}", d.updated)))
                || (numeric && fmt(format_args!("{}", d.available)))
                || (ages && age_text(d.created))
        }
        RowView::Event(e) => {
            (ages && age_text(e.last_seen))
                || c(&e.namespace)
                || c(&e.reason)
                || c(&e.object)
                || (numeric && fmt(format_args!("{}", e.count)))
                || c(&e.message)
        }
        _ => format::row(v, now)
            .cells
            .iter()
            .enumerate()
            .any(|(i, cell)| (ages || !is_age_column(tab, i)) && contains_ci(&cell.text, needle)),
    }
}
