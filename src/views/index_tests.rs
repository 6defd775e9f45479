//! The index gives exactly what formatting every row, filtering and sorting the cells gives; and
//! stays so while the model changes under it.

use crate::fleet::{FleetEvent, FleetModel, Kind, ObjKey};
use crate::sources::demo::DemoSim;

use super::cluster::{Tab, format_rows, table};
use super::format::columns;
use super::index::{Refresh, TableIndex};
use super::table::SortSpec;

const NOW: i64 = 1_750_000_000;
const TABS: [Tab; 9] = [
    Tab::Nodes,
    Tab::Deployments,
    Tab::Pods,
    Tab::Events,
    Tab::KarmadaClusters,
    Tab::Policies,
    Tab::Bindings,
    Tab::Queues,
    Tab::Routes,
];
const FILTERS: [&str; 12] = [
    "", "shop", "CART", "!shop", "ready", "1/1", "0", "<none>", "edge", "2", "m", "!1",
];

fn demo() -> (FleetModel, DemoSim) {
    let sim = DemoSim::new(42, NOW);
    let mut m = FleetModel::new(sim.contexts());
    m.apply_all(sim.initial_events());
    (m, sim)
}

/// Keys in the order the index gives.
fn via_index(ix: &TableIndex, m: &FleetModel, id: usize, now: i64) -> Vec<ObjKey> {
    let c = &m.clusters[id];
    format_rows(c, ix.tab, ix.rows(), now)
        .into_iter()
        .map(|r| r.key)
        .collect()
}

/// Keys in the order the formatted table gives (the reference).
fn via_cells(
    m: &FleetModel,
    id: usize,
    tab: Tab,
    sort: &SortSpec,
    filter: &str,
    now: i64,
) -> Vec<ObjKey> {
    table(&m.clusters[id], tab, now)
        .filter(filter)
        .sort(sort)
        .rows
        .into_iter()
        .map(|r| r.key)
        .collect()
}

#[test]
fn every_tab_column_direction_and_filter_matches_the_formatted_table() {
    let (m, _) = demo();
    let mut checked = 0;
    for id in 0..m.clusters.len() {
        for tab in TABS {
            for column in 0..columns(tab).len() + 1 {
                for reverse in [false, true] {
                    let sort = SortSpec { column, reverse };
                    for f in FILTERS {
                        let ix = TableIndex::new(&m.clusters[id], id, tab, &sort, f, NOW);
                        let want = via_cells(&m, id, tab, &sort, f, NOW);
                        assert_eq!(via_index(&ix, &m, id, NOW), want, "{tab:?} {sort:?} {f:?}");
                        assert_eq!(ix.total(), table(&m.clusters[id], tab, NOW).rows.len());
                        checked += want.len();
                    }
                }
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
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
    ];
    let mut ixs: Vec<(usize, Tab, SortSpec, &str, TableIndex)> = Vec::new();
    for id in 0..m.clusters.len() {
        for tab in [Tab::Pods, Tab::Nodes, Tab::Deployments] {
            for (sort, f) in &specs {
                let ix = TableIndex::new(&m.clusters[id], id, tab, sort, f, NOW);
                ixs.push((id, tab, sort.clone(), f, ix));
            }
        }
    }
    let mut merged = 0;
    for t in 1..200 {
        let now = NOW + t;
        m.apply_all(sim.tick(now));
        for (id, tab, sort, f, ix) in &mut ixs {
            let r = ix.refresh(&m.clusters[*id], sort, f, now);
            merged += matches!(r, Refresh::Merged(_)) as usize;
            let fresh = TableIndex::new(&m.clusters[*id], *id, *tab, sort, f, now);
            assert_eq!(
                ix.rows(),
                fresh.rows(),
                "{tab:?} {sort:?} {f:?} at tick {t}"
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
    let c = |m: &FleetModel| &m.clusters[id] as *const _;
    let _ = c;
    let mut sort = SortSpec::default();
    let mut ix = TableIndex::new(&m.clusters[id], id, Tab::Pods, &sort, "", NOW);
    assert_eq!(ix.refresh(&m.clusters[id], &sort, "", NOW), Refresh::Fresh);
    // Narrowing a filter, widening it, clearing it.
    for f in ["c", "ca", "cart", "car", ""] {
        ix.refresh(&m.clusters[id], &sort, f, NOW);
        assert_eq!(
            via_index(&ix, &m, id, NOW),
            via_cells(&m, id, Tab::Pods, &sort, f, NOW),
            "{f}"
        );
    }
    sort.reverse = true;
    ix.refresh(&m.clusters[id], &sort, "", NOW);
    assert_eq!(
        via_index(&ix, &m, id, NOW),
        via_cells(&m, id, Tab::Pods, &sort, "", NOW)
    );
    sort.column = 4;
    assert_eq!(
        ix.refresh(&m.clusters[id], &sort, "", NOW),
        Refresh::Rebuilt
    );
    // A clock-dependent filter follows the clock.
    ix.refresh(&m.clusters[id], &sort, "m", NOW);
    for later in [NOW + 60, NOW + 7200, NOW + 3 * 86400] {
        ix.refresh(&m.clusters[id], &sort, "m", later);
        assert_eq!(
            via_index(&ix, &m, id, later),
            via_cells(&m, id, Tab::Pods, &sort, "m", later)
        );
    }
    // A relist that drops every pod.
    m.apply(FleetEvent::Relist {
        cluster: id,
        kind: Kind::Pod,
        objs: vec![],
    });
    ix.refresh(&m.clusters[id], &sort, "", NOW);
    assert_eq!((ix.len(), ix.total()), (0, 0));
}
