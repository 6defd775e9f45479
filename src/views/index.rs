//! The sorted, filtered order of one table's rows, kept up to date incrementally.
//!
//! A frame needs the rows on screen, in order: a [`TableIndex`] holds every row's [`RowRef`]
//! sorted (`all`) and the filtered subsequence (`rows`). When the model changes, only the rows
//! whose store slots changed since the index last looked are taken out and merged back in at
//! their sorted place; sorting happens again only when the sort changes, a cluster relists or
//! the index falls too far behind. Nothing here formats a cell. Pure: the caller passes the
//! model and the clock.

use std::cmp::Ordering;
use std::sync::Arc;

use super::filter::Filter;
use super::rows::SortSpec;
use super::table::{RowRef, TableDef};
use crate::fleet::{ClusterId, FleetModel, ObjKey, Ts};

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

/// Which clusters a table lists.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Cluster(ClusterId),
    Fleet,
}

impl Scope {
    pub fn clusters(self, m: &FleetModel) -> Vec<ClusterId> {
        match self {
            Scope::Cluster(id) if id < m.clusters.len() => vec![id],
            Scope::Cluster(_) => vec![],
            Scope::Fleet => (0..m.clusters.len()).collect(),
        }
    }
}

pub struct TableIndex {
    def: Arc<dyn TableDef>,
    scope: Scope,
    sort: SortSpec,
    filter: Option<Filter>,
    /// The clock the filter ran with, when its result depends on it.
    filter_now: Option<Ts>,
    /// Store generation of the kind on each cluster of the scope, when last brought up to date.
    gens: Vec<(ClusterId, u64)>,
    all: Vec<RowRef>,
    rows: Vec<RowRef>,
    pub last: Refresh,
}

/// Above this share of changed rows, sorting again is cheaper than merging.
const MERGE_LIMIT_DIV: usize = 4;

impl TableIndex {
    pub fn new(
        m: &FleetModel,
        def: Arc<dyn TableDef>,
        scope: Scope,
        sort: &SortSpec,
        filter: &str,
        now: Ts,
    ) -> Self {
        let mut ix = TableIndex {
            def,
            scope,
            sort: sort.clone(),
            filter: Filter::parse(filter),
            filter_now: None,
            gens: Vec::new(),
            all: Vec::new(),
            rows: Vec::new(),
            last: Refresh::Rebuilt,
        };
        ix.rebuild(m, now);
        ix
    }

    pub fn def(&self) -> &Arc<dyn TableDef> {
        &self.def
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

    /// Position of the object (`cluster`, `key`) among the filtered rows (O(rows)).
    pub fn position(&self, m: &FleetModel, cluster: ClusterId, key: &ObjKey) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| r.cluster() == cluster && self.def.key(m, *r).as_ref() == Some(key))
    }

    fn col(&self) -> usize {
        self.sort
            .column
            .min(self.def.columns().len().saturating_sub(1))
    }

    fn gens_now(&self, m: &FleetModel) -> Vec<(ClusterId, u64)> {
        let kind = self.def.kind();
        self.scope
            .clusters(m)
            .into_iter()
            .map(|id| (id, m.clusters[id].kind_generation(kind)))
            .collect()
    }

    /// Sort every row from scratch, then filter.
    fn rebuild(&mut self, m: &FleetModel, now: Ts) {
        let kind = self.def.kind();
        let mut all: Vec<RowRef> = Vec::new();
        for id in self.scope.clusters(m) {
            all.extend(
                m.clusters[id]
                    .kind_ids(kind)
                    .into_iter()
                    .map(|r| RowRef::new(id, r)),
            );
        }
        self.def.sort(m, &mut all, self.col(), self.sort.reverse);
        self.all = all;
        self.gens = self.gens_now(m);
        self.refilter(m, now, false);
        self.last = Refresh::Rebuilt;
    }

    /// Filter `all` again (or only `rows`, when the new filter narrows the old one).
    fn refilter(&mut self, m: &FleetModel, now: Ts, narrow: bool) {
        self.filter_now = self
            .filter
            .as_ref()
            .filter(|f| f.uses_clock() && self.def.has_ages())
            .map(|_| now);
        let Some(f) = &self.filter else {
            self.rows = self.all.clone();
            return;
        };
        let src = if narrow { &self.rows } else { &self.all };
        self.rows = src
            .iter()
            .copied()
            .filter(|r| self.def.keeps(m, *r, f, now))
            .collect();
        self.last = Refresh::Refiltered;
    }

    /// Bring the index up to date with the model, the sort, the filter and the clock.
    pub fn refresh(&mut self, m: &FleetModel, sort: &SortSpec, filter: &str, now: Ts) -> Refresh {
        self.last = Refresh::Fresh;
        if *sort != self.sort {
            let only_reversed = sort.column == self.sort.column;
            self.sort = sort.clone();
            if only_reversed && self.gens == self.gens_now(m) {
                // A total order reversed is the reversed order.
                self.all.reverse();
                self.rows.reverse();
                self.last = Refresh::Refiltered;
            } else {
                self.filter = Filter::parse(filter);
                self.rebuild(m, now);
                return self.last;
            }
        }
        self.merge_changes(m, now);
        let f = Filter::parse(filter);
        if self.last == Refresh::Rebuilt {
            if f != self.filter {
                self.filter = f;
                self.refilter(m, now, false);
            }
            self.last = Refresh::Rebuilt;
            return self.last;
        }
        if f != self.filter {
            let narrow = match (&f, &self.filter) {
                (Some(new), Some(old)) => new.narrows(old) && self.filter_now.is_none(),
                _ => false,
            };
            self.filter = f;
            self.refilter(m, now, narrow);
        } else if self.filter_now.is_some_and(|t| t != now) {
            self.refilter(m, now, false);
        }
        self.last
    }

    /// Take the rows changed since `gens` out, and merge the live ones back at their place.
    fn merge_changes(&mut self, m: &FleetModel, now: Ts) {
        let kind = self.def.kind();
        let mut changed: Vec<RowRef> = Vec::new();
        for (id, seen) in self.gens.clone() {
            let c = &m.clusters[id];
            if c.kind_generation(kind) == seen {
                continue;
            }
            match c.kind_changes_since(kind, seen) {
                Some(ids) => changed.extend(ids.into_iter().map(|r| RowRef::new(id, r))),
                None => return self.rebuild(m, now),
            }
        }
        if changed.is_empty() {
            return;
        }
        changed.sort_unstable();
        changed.dedup();
        if changed.len() > self.all.len() / MERGE_LIMIT_DIV + 64 {
            return self.rebuild(m, now);
        }
        // Out: one pass over each list with a bitset of the changed slots, per cluster.
        let nclusters = m.clusters.len();
        let mut bits: Vec<Vec<u64>> = vec![Vec::new(); nclusters];
        for r in &changed {
            let b = &mut bits[r.cluster()];
            if b.is_empty() {
                *b = vec![0u64; m.clusters[r.cluster()].kind_id_bound(kind).div_ceil(64) + 1];
            }
            let id = r.id as usize;
            if let Some(w) = b.get_mut(id / 64) {
                *w |= 1 << (id % 64);
            }
        }
        let hit = |r: &RowRef| {
            let id = r.id as usize;
            bits[r.cluster()]
                .get(id / 64)
                .is_some_and(|w| w & (1 << (id % 64)) != 0)
        };
        self.all.retain(|r| !hit(r));
        self.rows.retain(|r| !hit(r));
        // In: the live ones, sorted, merged at their place.
        let mut add: Vec<RowRef> = changed
            .into_iter()
            .filter(|r| self.def.alive(m, *r))
            .collect();
        let n = add.len();
        let (col, rev) = (self.col(), self.sort.reverse);
        self.def.sort(m, &mut add, col, rev);
        let kept: Vec<RowRef> = add
            .iter()
            .copied()
            .filter(|r| {
                self.filter
                    .as_ref()
                    .is_none_or(|f| self.def.keeps(m, *r, f, now))
            })
            .collect();
        self.all = self.merged(m, &self.all, &add);
        self.rows = self.merged(m, &self.rows, &kept);
        self.gens = self.gens_now(m);
        self.last = Refresh::Merged(n);
    }

    /// `base` and `add` (both sorted) as one sorted list: binary search for each insertion point,
    /// then copy the runs between them.
    fn merged(&self, m: &FleetModel, base: &[RowRef], add: &[RowRef]) -> Vec<RowRef> {
        if add.is_empty() {
            return base.to_vec();
        }
        let (col, rev) = (self.col(), self.sort.reverse);
        let mut out = Vec::with_capacity(base.len() + add.len());
        let mut from = 0;
        for r in add {
            let at = from
                + base[from..]
                    .partition_point(|x| self.def.cmp(m, *x, *r, col, rev) == Ordering::Less);
            out.extend_from_slice(&base[from..at]);
            out.push(*r);
            from = at;
        }
        out.extend_from_slice(&base[from..]);
        out
    }
}
