//! The sorted, filtered order of one cluster tab's rows, kept up to date incrementally.
//!
//! A frame needs the rows on screen, in order: a [`TableIndex`] holds every row's [`RowRef`]
//! sorted (`all`) and the filtered subsequence (`rows`). When the model changes, only the rows
//! whose store slots changed since the index last looked are taken out and merged back in at
//! their sorted place; sorting happens again only when the sort changes, the cluster relists or
//! the index falls too far behind. Nothing here formats a cell except the filter's fallback for
//! small kinds. Pure: the caller passes the cluster and the clock.

use std::cmp::Ordering;

use crate::fleet::{Cluster, ClusterId, ObjKey, Ts};

use super::cluster::{RowRef, RowView, Tab, row_refs, view};
use super::order::{Filter, compare, sort_column};
use super::table::SortSpec;

/// What the last [`TableIndex::refresh`] had to do (for tests and benchmarks).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Refresh {
    /// Nothing had changed.
    #[default]
    Fresh,
    /// Changed rows merged in (this many slots).
    Merged(usize),
    /// Only the filter ran again (filter or clock changed).
    Refiltered,
    /// Sorted from scratch.
    Rebuilt,
}

#[derive(Clone, Debug)]
pub struct TableIndex {
    pub cluster: ClusterId,
    pub tab: Tab,
    sort: SortSpec,
    filter: Option<Filter>,
    /// The clock the filter ran with, when its result depends on it.
    filter_now: Option<Ts>,
    /// Store generation of each of the tab's kinds when last brought up to date.
    gens: Vec<u64>,
    all: Vec<RowRef>,
    rows: Vec<RowRef>,
    pub last: Refresh,
}

/// Above this share of changed rows, sorting again is cheaper than merging.
const MERGE_LIMIT_DIV: usize = 4;

impl TableIndex {
    pub fn new(
        c: &Cluster,
        cluster: ClusterId,
        tab: Tab,
        sort: &SortSpec,
        filter: &str,
        now: Ts,
    ) -> Self {
        let mut ix = TableIndex {
            cluster,
            tab,
            sort: sort.clone(),
            filter: Filter::parse(filter),
            filter_now: None,
            gens: Vec::new(),
            all: Vec::new(),
            rows: Vec::new(),
            last: Refresh::Rebuilt,
        };
        ix.rebuild(c, now);
        ix
    }

    /// The filtered rows, in order.
    pub fn rows(&self) -> &[RowRef] {
        &self.rows
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rows before the filter.
    pub fn total(&self) -> usize {
        self.all.len()
    }

    /// Position of the object `key` among the filtered rows (O(rows)).
    pub fn position(&self, c: &Cluster, key: &ObjKey) -> Option<usize> {
        let want = (key.namespace.as_deref(), &*key.name);
        self.rows
            .iter()
            .position(|r| view(c, self.tab, *r).is_some_and(|v| v.key_parts() == want))
    }

    fn col(&self) -> usize {
        sort_column(self.tab, &self.sort)
    }

    fn cmp(&self, c: &Cluster, a: RowRef, b: RowRef) -> Ordering {
        match (view(c, self.tab, a), view(c, self.tab, b)) {
            (Some(x), Some(y)) => compare(&x, &y, self.col(), self.sort.reverse),
            _ => a.cmp(&b),
        }
    }

    fn keeps(&self, v: &RowView, now: Ts) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|f| f.keeps(v, self.tab, now))
    }

    fn gens_now(&self, c: &Cluster) -> Vec<u64> {
        self.tab
            .parts()
            .iter()
            .map(|k| c.kind_generation(*k))
            .collect()
    }

    /// Sort every row from scratch, then filter.
    fn rebuild(&mut self, c: &Cluster, now: Ts) {
        let (col, reverse, tab) = (self.col(), self.sort.reverse, self.tab);
        let mut decorated: Vec<(RowView, RowRef)> = row_refs(c, tab)
            .into_iter()
            .filter_map(|r| Some((view(c, tab, r)?, r)))
            .collect();
        decorated.sort_unstable_by(|(a, _), (b, _)| compare(a, b, col, reverse));
        self.all = decorated.into_iter().map(|(_, r)| r).collect();
        self.gens = self.gens_now(c);
        self.refilter(c, now, false);
        self.last = Refresh::Rebuilt;
    }

    /// Filter `all` again (or only `rows`, when the new filter narrows the old one).
    fn refilter(&mut self, c: &Cluster, now: Ts, narrow: bool) {
        self.filter_now = self
            .filter
            .as_ref()
            .filter(|f| f.uses_clock() && self.tab_has_ages())
            .map(|_| now);
        let Some(f) = &self.filter else {
            self.rows = self.all.clone();
            return;
        };
        let src = if narrow { &self.rows } else { &self.all };
        let tab = self.tab;
        self.rows = src
            .iter()
            .copied()
            .filter(|r| view(c, tab, *r).is_some_and(|v| f.keeps(&v, tab, now)))
            .collect();
        self.last = Refresh::Refiltered;
    }

    fn tab_has_ages(&self) -> bool {
        matches!(
            self.tab,
            Tab::Nodes | Tab::Deployments | Tab::Pods | Tab::Events
        )
    }

    /// Bring the index up to date with the cluster, the sort, the filter and the clock.
    pub fn refresh(&mut self, c: &Cluster, sort: &SortSpec, filter: &str, now: Ts) -> Refresh {
        self.last = Refresh::Fresh;
        if *sort != self.sort {
            let only_reversed = sort.column == self.sort.column;
            self.sort = sort.clone();
            if only_reversed && self.gens == self.gens_now(c) {
                // A total order reversed is the reversed order.
                self.all.reverse();
                self.rows.reverse();
                self.last = Refresh::Refiltered;
            } else {
                self.filter = Filter::parse(filter);
                self.rebuild(c, now);
                return self.last;
            }
        }
        self.merge_changes(c, now);
        if self.last == Refresh::Rebuilt {
            // Rebuilding filtered with the old filter: make sure the filter is current.
            let f = Filter::parse(filter);
            if f != self.filter {
                self.filter = f;
                self.refilter(c, now, false);
            }
            self.last = Refresh::Rebuilt;
            return self.last;
        }
        let f = Filter::parse(filter);
        if f != self.filter {
            let narrow = match (&f, &self.filter) {
                (Some(new), Some(old)) => new.narrows(old) && self.filter_now.is_none(),
                _ => false,
            };
            self.filter = f;
            self.refilter(c, now, narrow);
        } else if self.filter_now.is_some_and(|t| t != now) {
            self.refilter(c, now, false);
        }
        self.last
    }

    /// Take the rows changed since `gens` out, and merge the live ones back at their place.
    fn merge_changes(&mut self, c: &Cluster, now: Ts) {
        let parts = self.tab.parts();
        let mut changed: Vec<RowRef> = Vec::new();
        for (part, kind) in parts.iter().enumerate() {
            if c.kind_generation(*kind) == self.gens[part] {
                continue;
            }
            match c.kind_changes_since(*kind, self.gens[part]) {
                Some(ids) => changed.extend(ids.into_iter().map(|id| RowRef::new(part, id))),
                None => return self.rebuild(c, now),
            }
        }
        if changed.is_empty() {
            return;
        }
        changed.sort_unstable();
        changed.dedup();
        if changed.len() > self.all.len() / MERGE_LIMIT_DIV + 64 {
            return self.rebuild(c, now);
        }
        // Out: one pass over each list with a bitset of the changed slots.
        let mut bits: Vec<Vec<u64>> = parts
            .iter()
            .map(|k| vec![0u64; c.kind_id_bound(*k).div_ceil(64)])
            .collect();
        for r in &changed {
            let (p, id) = (r.part(), r.id() as usize);
            if let Some(w) = bits[p].get_mut(id / 64) {
                *w |= 1 << (id % 64);
            }
        }
        let hit = |r: &RowRef| {
            let id = r.id() as usize;
            bits[r.part()]
                .get(id / 64)
                .is_some_and(|w| w & (1 << (id % 64)) != 0)
        };
        self.all.retain(|r| !hit(r));
        self.rows.retain(|r| !hit(r));
        // In: the live ones, sorted, merged at their place.
        let mut add: Vec<RowRef> = changed
            .into_iter()
            .filter(|r| view(c, self.tab, *r).is_some())
            .collect();
        let n = add.len();
        add.sort_unstable_by(|a, b| self.cmp(c, *a, *b));
        let kept: Vec<RowRef> = add
            .iter()
            .copied()
            .filter(|r| view(c, self.tab, *r).is_some_and(|v| self.keeps(&v, now)))
            .collect();
        self.all = self.merged(c, &self.all, &add);
        self.rows = self.merged(c, &self.rows, &kept);
        self.gens = self.gens_now(c);
        self.last = Refresh::Merged(n);
    }

    /// `base` and `add` (both sorted) as one sorted list: binary search for each insertion point,
    /// then copy the runs between them.
    fn merged(&self, c: &Cluster, base: &[RowRef], add: &[RowRef]) -> Vec<RowRef> {
        if add.is_empty() {
            return base.to_vec();
        }
        let mut out = Vec::with_capacity(base.len() + add.len());
        let mut from = 0;
        for r in add {
            let at = from + base[from..].partition_point(|x| self.cmp(c, *x, *r) == Ordering::Less);
            out.extend_from_slice(&base[from..at]);
            out.push(*r);
            from = at;
        }
        out.extend_from_slice(&base[from..]);
        out
    }
}
