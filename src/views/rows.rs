//! What every table does with a row through its declared columns: compare, filter, format,
//! JSON. Generic over the row type; the store-backed tables and the vec-backed ones (fleet
//! overview, folded warnings) share it.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::filter::Filter;
use crate::fleet::Ts;
use crate::kinds::column::contains_ci;
use crate::kinds::{Col, ColMeta, Tone};

/// A row formatted for the screen: one text per column.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub tone: Tone,
}

/// Which column, which direction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SortSpec {
    pub column: usize,
    pub reverse: bool,
}

pub fn metas<R>(cols: &[Col<R>]) -> Vec<ColMeta> {
    cols.iter().map(|c| c.meta.clone()).collect()
}

/// Order of `a` and `b` by column `col` (ties: equal; the caller breaks them).
pub fn cmp_by<R>(cols: &[Col<R>], col: usize, a: &R, b: &R) -> Ordering {
    let Some(c) = cols.get(col) else {
        return Ordering::Equal;
    };
    (c.value)(a).sort_key().cmp(&(c.value)(b).sort_key())
}

/// Whether the text terms of `f` keep `r` (the cluster terms are the caller's: it knows the
/// row's cluster). `extra`: more cells to search (the CLUSTER column of fleet-wide tables).
pub fn keeps_text<R>(cols: &[Col<R>], r: &R, f: &Filter, extra: &[&str], now: Ts) -> bool {
    let ages = f.uses_clock();
    let mut buf = String::new();
    f.texts().all(|(needle, negate)| {
        let hit = extra.iter().any(|e| contains_ci(e, needle))
            || cols
                .iter()
                .any(|c| (c.value)(r).contains(needle, ages, now, &mut buf));
        hit != negate
    })
}

/// Every cell's text.
pub fn cells<R>(cols: &[Col<R>], r: &R, now: Ts) -> Vec<String> {
    cols.iter()
        .map(|c| (c.value)(r).text(now).into_owned())
        .collect()
}

/// The row as a JSON object keyed by column id.
pub fn json<R>(cols: &[Col<R>], r: &R, into: &mut Map<String, Value>) {
    for c in cols {
        into.insert(c.meta.id.to_string(), (c.value)(r).json());
    }
}

/// Rows of `items` kept by `filter`, sorted by `sort` (None: in the order given), as indexes.
/// `context` gives a row's cluster for `cluster:` terms and the CLUSTER cell.
pub fn order<R>(
    cols: &[Col<R>],
    items: &[R],
    filter: Option<&Filter>,
    sort: Option<&SortSpec>,
    context: impl Fn(&R) -> Option<&str>,
    now: Ts,
) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..items.len())
        .filter(|i| {
            let r = &items[*i];
            filter.is_none_or(|f| {
                let ctx = context(r);
                ctx.is_none_or(|c| f.keeps_cluster(c))
                    && keeps_text(cols, r, f, ctx.as_slice(), now)
            })
        })
        .collect();
    if let Some(s) = sort {
        idx.sort_by(|a, b| {
            let o = cmp_by(cols, s.column, &items[*a], &items[*b]).then(a.cmp(b));
            if s.reverse { o.reverse() } else { o }
        });
    }
    idx
}

/// Merge two runs each sorted by `cmp` into one sorted vector (stable: on ties `a`'s come first).
/// Views that keep rows sorted take out the rows that changed, sort those, and merge them back.
pub fn merge_by<T>(
    a: impl IntoIterator<Item = T>,
    b: Vec<T>,
    cap: usize,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> Vec<T> {
    let mut out = Vec::with_capacity(cap);
    let mut a = a.into_iter().peekable();
    let mut b = b.into_iter().peekable();
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let take_b = cmp(y, x) == Ordering::Less;
        out.extend(if take_b { b.next() } else { a.next() });
    }
    out.extend(a);
    out.extend(b);
    out
}
