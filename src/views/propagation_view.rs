//! The propagation rows kept up to date incrementally.
//!
//! Each row is kept by its binding ([`BindingId`]: control plane, binding kind, slot) with the
//! objects it read ([`Dep`]: a member's workload found in a slot, or missing by key), and a
//! reverse index from those objects to the bindings that read them. After a change, the stores'
//! change logs (`changes_since`) say which binding and member slots moved; only the rows of
//! those bindings, and of the bindings that read those members, are built again, taken out of
//! the sorted rows and put back at their place. Everything is rebuilt when a control plane
//! appears or goes, a store cannot say what changed (cleared, or its log does not reach back),
//! or more than a quarter of the rows are touched.

use std::collections::{HashMap, HashSet};

use super::join::{self, BINDING_KINDS, BindingId, Dep, MEMBER_KINDS, Shared};
use super::{PropRow, RowKey, order, sort_key};
use crate::fleet::{Cluster, FleetModel, Keyed, Kind, ObjKey, RowId, Str};
use crate::kinds::with_kind;
use crate::views::rows::merge_by;

/// What is kept of a binding's row besides the row: its sort key (to find it in the sorted
/// rows by binary search) and what it read.
struct Entry {
    key: RowKey,
    deps: Vec<Dep>,
}

/// The propagation rows of a fleet, kept up to date.
#[derive(Default)]
pub struct PropView {
    /// Every row, in [`order`].
    pub rows: Vec<PropRow>,
    /// Bumped whenever `rows` changes (a table can keep its order while it stays).
    version: u64,
    /// Whether each cluster is a Karmada control plane, when last looked.
    planes: Vec<bool>,
    /// Store generations of the binding kinds, then the member kinds, per cluster.
    gens: Vec<Vec<u64>>,
    entries: HashMap<BindingId, Entry>,
    /// Object read → the bindings whose rows read it.
    readers: HashMap<Dep, Vec<BindingId>>,
    /// What the last refresh did: None (nothing), Some(n) rows rebuilt, or a full rebuild.
    pub last: Refreshed,
}

/// What the last [`PropView::refresh`] had to do (tests and benchmarks).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Refreshed {
    #[default]
    Fresh,
    /// This many bindings' rows built again.
    Updated(usize),
    Rebuilt,
}

fn tracked() -> impl Iterator<Item = Kind> {
    BINDING_KINDS.iter().chain(MEMBER_KINDS).copied()
}

/// The key of the row in `slot` of `kind` on `c`, if one is there.
fn key_at(c: &Cluster, kind: Kind, slot: RowId) -> Option<ObjKey> {
    with_kind!(kind, K => c.store::<K>().row(slot).map(Keyed::obj_key))
}

impl PropView {
    pub fn new(m: &FleetModel) -> Self {
        let mut v = PropView::default();
        v.refresh(m);
        v
    }

    /// Moves whenever the rows change.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Rows with a problem (they come first: no scan).
    pub fn with_problems(&self) -> usize {
        self.rows.partition_point(|r| !r.problems.is_empty())
    }

    /// Bring the rows up to date with `m`; returns whether they changed.
    pub fn refresh(&mut self, m: &FleetModel) -> bool {
        let planes: Vec<bool> = m
            .clusters
            .iter()
            .map(|c| c.is_karmada_control_plane())
            .collect();
        let gens: Vec<Vec<u64>> = m
            .clusters
            .iter()
            .map(|c| tracked().map(|k| c.kind_generation(k)).collect())
            .collect();
        if planes == self.planes && gens == self.gens {
            self.last = Refreshed::Fresh;
            return false;
        }
        let dirty = if planes == self.planes {
            self.dirty(m, &gens)
        } else {
            None
        };
        self.planes = planes;
        self.gens = gens;
        match dirty {
            Some(d) if d.is_empty() => {
                self.last = Refreshed::Fresh;
                return false;
            }
            Some(d) if d.len() <= self.rows.len() / 4 + 16 => {
                self.last = Refreshed::Updated(d.len());
                self.update(m, d);
            }
            _ => self.rebuild(m),
        }
        self.version += 1;
        true
    }

    /// The bindings whose rows may have changed since `self.gens`; None when a store cannot
    /// tell (then everything is rebuilt).
    fn dirty(&self, m: &FleetModel, gens: &[Vec<u64>]) -> Option<HashSet<BindingId>> {
        let mut dirty = HashSet::new();
        for (id, (new, old)) in gens.iter().zip(&self.gens).enumerate() {
            let c = &m.clusters[id];
            for (k, kind) in tracked().enumerate() {
                if new[k] == old[k] {
                    continue;
                }
                let slots = c.kind_changes_since(kind, old[k])?;
                if BINDING_KINDS.contains(&kind) {
                    if self.planes[id] {
                        dirty.extend(slots.into_iter().map(|s| (id, kind, s)));
                    }
                    continue;
                }
                for s in slots {
                    let found = self.readers.get(&Dep::Found(id, kind, s));
                    let missing = key_at(c, kind, s)
                        .and_then(|key| self.readers.get(&Dep::Missing(id, kind, key)));
                    dirty.extend(found.into_iter().chain(missing).flatten().copied());
                }
            }
        }
        Some(dirty)
    }

    /// Build the rows of `dirty` again and put them at their place: a few one by one, more in
    /// one pass (the old ones taken out, the new ones sorted and merged in).
    fn update(&mut self, m: &FleetModel, dirty: HashSet<BindingId>) {
        let mut gone = Vec::new();
        for b in &dirty {
            if let Some(e) = self.entries.remove(b) {
                self.forget(*b, &e.deps);
                if let Ok(i) = self
                    .rows
                    .binary_search_by(|r| sort_key(r).cmp(&e.key.get()))
                {
                    gone.push(i);
                }
            }
        }
        let members = join::members(m);
        let mut shared = Shared::default();
        let mut fresh = Vec::with_capacity(dirty.len());
        for b in dirty {
            let (id, kind, slot) = b;
            let c = &m.clusters[id];
            let Some(br) = join::binding_store(c, kind).row(slot) else {
                continue; // deleted
            };
            if &*shared.context != c.context.as_str() {
                shared.context = Str::from(c.context.as_str());
            }
            let mut deps = Vec::with_capacity(br.clusters.len() + 1);
            let binding = join::binding_ref(kind, br);
            let r = join::build(m, &members, &mut shared, id, binding, br, &mut deps);
            self.insert(b, RowKey::of(&r), deps);
            fresh.push(r);
        }
        gone.sort_unstable();
        if gone.len() + fresh.len() <= 8 {
            for i in gone.into_iter().rev() {
                self.rows.remove(i);
            }
            for r in fresh {
                let i = self
                    .rows
                    .binary_search_by(|x| order(x, &r))
                    .unwrap_or_else(|i| i);
                self.rows.insert(i, r);
            }
            return;
        }
        let old = std::mem::take(&mut self.rows);
        let mut gone = gone.into_iter().peekable();
        let kept = old.into_iter().enumerate().filter_map(|(i, r)| {
            if gone.peek() == Some(&i) {
                gone.next();
                None
            } else {
                Some(r)
            }
        });
        fresh.sort_unstable_by(order);
        self.rows = merge_by(kept, fresh, self.entries.len(), order);
    }

    fn rebuild(&mut self, m: &FleetModel) {
        self.last = Refreshed::Rebuilt;
        self.rows.clear();
        self.entries.clear();
        self.readers.clear();
        let mut rows = Vec::new();
        let mut entries = Vec::new();
        join::each_row(m, |b, r, deps| {
            entries.push((b, RowKey::of(&r), deps.to_vec()));
            rows.push(r);
        });
        let reads: usize = entries.iter().map(|e| e.2.len()).sum();
        self.entries.reserve(entries.len());
        self.readers.reserve(reads);
        for (b, key, deps) in entries {
            self.insert(b, key, deps);
        }
        rows.sort_unstable_by(order);
        self.rows = rows;
    }

    fn insert(&mut self, b: BindingId, key: RowKey, deps: Vec<Dep>) {
        for d in &deps {
            self.readers.entry(d.clone()).or_default().push(b);
        }
        self.entries.insert(b, Entry { key, deps });
    }

    /// Take `b` out of the reverse index.
    fn forget(&mut self, b: BindingId, deps: &[Dep]) {
        for d in deps {
            if let Some(v) = self.readers.get_mut(d) {
                v.retain(|x| *x != b);
                if v.is_empty() {
                    self.readers.remove(d);
                }
            }
        }
    }
}
