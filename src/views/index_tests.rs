//! The index gives exactly what formatting every row, filtering the texts and sorting gives, on
//! one cluster or across the fleet; and stays so while the model changes under it.

use crate::fleet::{FleetEvent, FleetModel, Keyed, Kind, ObjKey, Ts};
use crate::kinds::{Registered, with_kind};
use crate::sources::demo::DemoSim;

use super::filter::{Filter, Term};
use super::index::{Refresh, Scope, TableIndex};
use super::rows::SortSpec;
use super::table::table_def;

const NOW: i64 = 1_750_000_000;
const FILTERS: [&str; 14] = [
    "",
    "shop",
    "CART",
    "!shop",
    "ready",
    "1/1",
    "0",
    "<none>",
    "edge",
    "2",
    "m",
    "!1",
    "cluster:prod-*",
    "cluster:edge* !running",
];

fn demo() -> (FleetModel, DemoSim) {
    let sim = DemoSim::new(42, NOW);
    let mut m = FleetModel::new(sim.contexts());
    m.apply_all(sim.initial_events());
    (m, sim)
}

/// (cluster, key) in the order the index gives.
fn via_index(ix: &TableIndex, m: &FleetModel) -> Vec<(usize, ObjKey)> {
    ix.rows()
        .iter()
        .map(|r| (r.cluster(), ix.def().key(m, *r).unwrap()))
        .collect()
}

/// The reference: every row formatted, filtered on the texts, sorted by the column's values.
fn naive<K: Registered>(
    m: &FleetModel,
    scope: Scope,
    sort: &SortSpec,
    filter: &str,
    now: Ts,
) -> Vec<(usize, ObjKey)> {
    let fleet = scope == Scope::Fleet;
    let f = Filter::parse(filter);
    let cols = K::columns();
    let mut rows: Vec<(usize, &str, &K::Row)> = Vec::new();
    for id in scope.clusters(m) {
        let c = &m.clusters[id];
        for r in c.store::<K>().values() {
            rows.push((id, &c.context, r));
        }
    }
    rows.retain(|(_, ctx, r)| {
        let Some(f) = &f else { return true };
        let ages = f.uses_clock();
        let mut texts: Vec<String> = cols
            .iter()
            .filter(|c| ages || !c.meta.age)
            .map(|c| (c.value)(r).text(now).to_lowercase())
            .collect();
        if fleet {
            texts.push(ctx.to_lowercase());
        }
        f.terms.iter().all(|t| match t {
            Term::Text { needle, negate } => {
                texts.iter().any(|x| x.contains(needle.as_str())) != *negate
            }
            Term::Cluster { .. } => true,
        }) && f.keeps_cluster(ctx)
    });
    let ncols = cols.len() + usize::from(fleet);
    let col = sort.column.min(ncols - 1);
    rows.sort_by(|a, b| {
        fn key<'a, K: Registered>(
            x: &(usize, &'a str, &'a K::Row),
            fleet: bool,
            col: usize,
        ) -> crate::kinds::SortKey<'a> {
            if fleet && col == 0 {
                crate::kinds::V::Str(x.1).sort_key()
            } else {
                (K::columns()[col - usize::from(fleet)].value)(x.2).sort_key()
            }
        }
        let key = |x| key::<K>(x, fleet, col);
        let o = key(a)
            .cmp(&key(b))
            .then(a.0.cmp(&b.0))
            .then_with(|| a.2.key_parts().cmp(&b.2.key_parts()));
        if sort.reverse { o.reverse() } else { o }
    });
    rows.into_iter()
        .map(|(id, _, r)| (id, r.obj_key()))
        .collect()
}

fn reference(
    m: &FleetModel,
    kind: Kind,
    scope: Scope,
    sort: &SortSpec,
    filter: &str,
    now: Ts,
) -> Vec<(usize, ObjKey)> {
    with_kind!(kind, K => naive::<K>(m, scope, sort, filter, now))
}

fn scopes(m: &FleetModel) -> Vec<Scope> {
    let mut s: Vec<Scope> = (0..m.clusters.len()).map(Scope::Cluster).collect();
    s.push(Scope::Fleet);
    s
}

#[test]
fn every_kind_scope_column_direction_and_filter_matches_the_reference() {
    let (m, _) = demo();
    let mut checked = 0;
    for kind in Kind::ALL.iter().copied() {
        for scope in scopes(&m) {
            let def = table_def(kind, scope == Scope::Fleet);
            for column in 0..def.columns().len() + 1 {
                for reverse in [false, true] {
                    let sort = SortSpec { column, reverse };
                    for f in FILTERS {
                        let ix = TableIndex::new(&m, def.clone(), scope, &sort, f, NOW);
                        let want = reference(&m, kind, scope, &sort, f, NOW);
                        assert_eq!(
                            via_index(&ix, &m),
                            want,
                            "{kind:?} {scope:?} {sort:?} {f:?}"
                        );
                        checked += want.len();
                    }
                }
            }
        }
    }
    assert!(checked > 20_000, "{checked}");
}

#[test]
fn incremental_refresh_equals_a_rebuild_under_churn() {
    let (mut m, mut sim) = demo();
    let specs = [
        (SortSpec::default(), ""),
        (
            SortSpec {
                column: 4,
                reverse: true,
            },
            "",
        ),
        (
            SortSpec {
                column: 6,
                reverse: false,
            },
            "shop",
        ),
        (
            SortSpec {
                column: 3,
                reverse: false,
            },
            "!running",
        ),
        (
            SortSpec {
                column: 0,
                reverse: false,
            },
            "cluster:prod-*",
        ),
    ];
    let mut ixs = Vec::new();
    for scope in scopes(&m) {
        for kind in [Kind::Pod, Kind::Node, Kind::Deployment, Kind::Event] {
            for (sort, f) in &specs {
                let def = table_def(kind, scope == Scope::Fleet);
                let ix = TableIndex::new(&m, def.clone(), scope, sort, f, NOW);
                ixs.push((def, scope, sort.clone(), *f, ix));
            }
        }
    }
    let mut merged = 0;
    for t in 1..200 {
        let now = NOW + t;
        m.apply_all(sim.tick(now));
        for (def, scope, sort, f, ix) in &mut ixs {
            let r = ix.refresh(&m, sort, f, now);
            merged += matches!(r, Refresh::Merged(_)) as usize;
            let fresh = TableIndex::new(&m, def.clone(), *scope, sort, f, now);
            assert_eq!(
                ix.rows(),
                fresh.rows(),
                "{:?} {scope:?} {sort:?} {f:?} at tick {t}",
                def.kind()
            );
            assert_eq!(ix.total(), fresh.total());
        }
    }
    assert!(merged > 50, "merged {merged} times");
}

#[test]
fn sort_and_filter_changes_and_relists_are_picked_up() {
    let (mut m, _) = demo();
    let id = 1;
    let scope = Scope::Cluster(id);
    let def = table_def(Kind::Pod, false);
    let mut sort = SortSpec::default();
    let mut ix = TableIndex::new(&m, def, scope, &sort, "", NOW);
    assert_eq!(ix.refresh(&m, &sort, "", NOW), Refresh::Fresh);
    // Narrowing a filter, widening it, clearing it.
    for f in ["c", "ca", "cart", "car", ""] {
        ix.refresh(&m, &sort, f, NOW);
        assert_eq!(
            via_index(&ix, &m),
            reference(&m, Kind::Pod, scope, &sort, f, NOW),
            "{f}"
        );
    }
    sort.reverse = true;
    ix.refresh(&m, &sort, "", NOW);
    assert_eq!(
        via_index(&ix, &m),
        reference(&m, Kind::Pod, scope, &sort, "", NOW)
    );
    sort.column = 4;
    assert_eq!(ix.refresh(&m, &sort, "", NOW), Refresh::Rebuilt);
    // A clock-dependent filter follows the clock.
    ix.refresh(&m, &sort, "m", NOW);
    for later in [NOW + 60, NOW + 7200, NOW + 3 * 86400] {
        ix.refresh(&m, &sort, "m", later);
        assert_eq!(
            via_index(&ix, &m),
            reference(&m, Kind::Pod, scope, &sort, "m", later)
        );
    }
    // A relist that drops every pod.
    m.apply(FleetEvent::Relist {
        cluster: id,
        kind: Kind::Pod,
        objs: vec![],
    });
    ix.refresh(&m, &sort, "", NOW);
    assert_eq!((ix.len(), ix.total()), (0, 0));
}
