//! Tables over the model's stores: one kind, on one cluster or across the fleet (with a CLUSTER
//! column). A row is addressed by [`RowRef`] (cluster and store slot), so sorted and filtered
//! indexes hold 8 bytes per row and only the rows on screen are ever formatted.

use std::cmp::Ordering;
use std::marker::PhantomData;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::filter::Filter;
use super::rows::{self, Row};
use crate::fleet::{ClusterId, FleetModel, Keyed, ObjKey, RowId, Ts};
use crate::kinds::{Align, ColMeta, Kind, Registered, V, with_kind};

/// A row of a table: its cluster and its slot in that cluster's store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowRef {
    pub cluster: u32,
    pub id: RowId,
}

impl RowRef {
    pub fn new(cluster: ClusterId, id: RowId) -> Self {
        RowRef {
            cluster: cluster as u32,
            id,
        }
    }
    pub fn cluster(self) -> ClusterId {
        self.cluster as ClusterId
    }
}

/// An object somewhere in the fleet.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ObjRef {
    pub cluster: ClusterId,
    pub kind: Kind,
    pub key: ObjKey,
}

/// What a table needs from its kind, typed inside, callable without knowing the row type.
pub trait TableDef: Send + Sync {
    fn kind(&self) -> Kind;
    /// Across the fleet: a CLUSTER column first.
    fn fleet(&self) -> bool;
    fn columns(&self) -> &[ColMeta];
    /// Whether some column is an age (its text moves with the clock).
    fn has_ages(&self) -> bool;
    fn alive(&self, m: &FleetModel, r: RowRef) -> bool;
    /// Sort live rows by column `col` (ties by cluster, then namespace and name).
    fn sort(&self, m: &FleetModel, refs: &mut [RowRef], col: usize, reverse: bool);
    fn cmp(&self, m: &FleetModel, a: RowRef, b: RowRef, col: usize, reverse: bool) -> Ordering;
    fn keeps(&self, m: &FleetModel, r: RowRef, f: &Filter, now: Ts) -> bool;
    fn format(&self, m: &FleetModel, r: RowRef, now: Ts) -> Option<Row>;
    fn json(&self, m: &FleetModel, r: RowRef) -> Option<Value>;
    fn key(&self, m: &FleetModel, r: RowRef) -> Option<ObjKey>;
}

/// The table of kind `K`.
pub struct KindTable<K> {
    fleet: bool,
    cols: Vec<ColMeta>,
    ages: bool,
    _k: PhantomData<fn() -> K>,
}

const CLUSTER_COL: ColMeta = ColMeta {
    id: "cluster",
    header: "CLUSTER",
    min: 7,
    max: 32,
    priority: 0,
    align: Align::Left,
    age: false,
    flex: false,
};

/// The table of `kind`, on one cluster (`fleet` false) or across the fleet.
pub fn table_def(kind: Kind, fleet: bool) -> Arc<dyn TableDef> {
    with_kind!(kind, K => Arc::new(KindTable::<K>::new(fleet)))
}

impl<K: Registered> KindTable<K> {
    pub fn new(fleet: bool) -> Self {
        let mut cols = Vec::new();
        if fleet {
            cols.push(CLUSTER_COL);
        }
        cols.extend(rows::metas(K::columns()));
        KindTable {
            fleet,
            cols,
            ages: K::columns().iter().any(|c| c.meta.age),
            _k: PhantomData,
        }
    }

    fn row(m: &FleetModel, r: RowRef) -> Option<(&str, &K::Row)> {
        let c = m.clusters.get(r.cluster())?;
        Some((c.context.as_str(), c.store::<K>().row(r.id)?))
    }

    /// The value of column `col` (counting the CLUSTER column) of a resolved row.
    fn value<'m>(&self, ctx: &'m str, row: &'m K::Row, col: usize) -> V<'m> {
        let col = if self.fleet {
            if col == 0 {
                return V::Str(ctx);
            }
            col - 1
        } else {
            col
        };
        K::columns().get(col).map_or(V::None, |c| (c.value)(row))
    }

    fn tie(a: (RowRef, &K::Row), b: (RowRef, &K::Row)) -> Ordering {
        a.0.cluster
            .cmp(&b.0.cluster)
            .then_with(|| a.1.key_parts().cmp(&b.1.key_parts()))
    }
}

impl<K: Registered> TableDef for KindTable<K> {
    fn kind(&self) -> Kind {
        K::KIND
    }
    fn fleet(&self) -> bool {
        self.fleet
    }
    fn columns(&self) -> &[ColMeta] {
        &self.cols
    }
    fn has_ages(&self) -> bool {
        self.ages
    }
    fn alive(&self, m: &FleetModel, r: RowRef) -> bool {
        Self::row(m, r).is_some()
    }

    fn sort(&self, m: &FleetModel, refs: &mut [RowRef], col: usize, reverse: bool) {
        let mut decorated: Vec<(&str, &K::Row, RowRef)> = refs
            .iter()
            .filter_map(|r| Self::row(m, *r).map(|(c, row)| (c, row, *r)))
            .collect();
        decorated.sort_unstable_by(|a, b| {
            let o = self
                .value(a.0, a.1, col)
                .sort_key()
                .cmp(&self.value(b.0, b.1, col).sort_key())
                .then_with(|| Self::tie((a.2, a.1), (b.2, b.1)));
            if reverse { o.reverse() } else { o }
        });
        for (slot, (_, _, r)) in refs.iter_mut().zip(decorated) {
            *slot = r;
        }
    }

    fn cmp(&self, m: &FleetModel, a: RowRef, b: RowRef, col: usize, reverse: bool) -> Ordering {
        match (Self::row(m, a), Self::row(m, b)) {
            (Some((ca, ra)), Some((cb, rb))) => {
                let o = self
                    .value(ca, ra, col)
                    .sort_key()
                    .cmp(&self.value(cb, rb, col).sort_key())
                    .then_with(|| Self::tie((a, ra), (b, rb)));
                if reverse { o.reverse() } else { o }
            }
            _ => a.cmp(&b),
        }
    }

    fn keeps(&self, m: &FleetModel, r: RowRef, f: &Filter, now: Ts) -> bool {
        let Some((ctx, row)) = Self::row(m, r) else {
            return false;
        };
        let extra: &[&str] = if self.fleet { &[ctx] } else { &[] };
        f.keeps_cluster(ctx) && rows::keeps_text(K::columns(), row, f, extra, now)
    }

    fn format(&self, m: &FleetModel, r: RowRef, now: Ts) -> Option<Row> {
        let (ctx, row) = Self::row(m, r)?;
        let mut cells = Vec::with_capacity(self.cols.len());
        if self.fleet {
            cells.push(ctx.to_string());
        }
        cells.extend(rows::cells(K::columns(), row, now));
        Some(Row {
            cells,
            tone: K::tone(row),
        })
    }

    fn json(&self, m: &FleetModel, r: RowRef) -> Option<Value> {
        let (ctx, row) = Self::row(m, r)?;
        let mut o = Map::new();
        o.insert("cluster".into(), Value::from(ctx));
        let (ns, name) = row.key_parts();
        o.insert("kind".into(), Value::from(K::API.kind));
        if let Some(ns) = ns {
            o.insert("namespace".into(), Value::from(ns));
        }
        o.insert("name".into(), Value::from(name));
        rows::json(K::columns(), row, &mut o);
        Some(Value::Object(o))
    }

    fn key(&self, m: &FleetModel, r: RowRef) -> Option<ObjKey> {
        Some(Self::row(m, r)?.1.obj_key())
    }
}
