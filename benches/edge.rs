//! The edge pane at KubeEdge scale: 10,000 edge nodes with their Leases (and a pod each) over 3
//! clusters. Goals (docs/performance.md): the pane's rows after one change ≤ 10 ms, a frame
//! ≤ 4 ms, the 1 s age tick ≤ 1 ms; and the model's memory per edge node.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use fleetdeck::fleet::{FleetEvent, FleetModel, Kind, KindSync, Link, NodeRow, Obj, PodPhase};
use fleetdeck::kinds::lease::LeaseRow;
use fleetdeck::kinds::pod::PodRow;
use fleetdeck::ui::render::draw;
use fleetdeck::views::edge::EdgeView;

use common::NOW;

#[global_allocator]
static ALLOC: common::alloc::Counting = common::alloc::Counting;

const CLUSTERS: usize = 3;
const NODES: usize = 10_000;

fn node(c: usize, i: usize) -> NodeRow {
    NodeRow {
        name: Arc::from(format!("edge-{c}-{i:05}").as_str()),
        ready: !i.is_multiple_of(50),
        reason: None,
        edge: true,
        unschedulable: false,
        kubelet_version: Arc::from("v1.29.5-kubeedge-v1.18.0"),
        // Status posted within the last 5 minutes; the lease is what keeps it fresh.
        last_heartbeat: NOW - 60 - (i as i64 % 240),
        ready_since: NOW - 86400,
        group: Some(Arc::from(format!("group-{}", i % 20).as_str())),
        arch: Arc::from(if i.is_multiple_of(3) {
            "amd64"
        } else {
            "arm64"
        }),
        internal_ip: Some(format!("10.{c}.{}.{}", i / 250, i % 250).parse().unwrap()),
        created: NOW - 90 * 86400,
    }
}

/// Renewed over the last 40 s, spread evenly: about 250 run out every second.
fn lease(c: usize, i: usize) -> LeaseRow {
    LeaseRow {
        name: Arc::from(format!("edge-{c}-{i:05}").as_str()),
        renew: NOW - (i as i64 % 40),
    }
}

fn pod(c: usize, i: usize) -> PodRow {
    let mut p = common::pods(1, i as u64).remove(0);
    p.name = Arc::from(format!("agent-{i:05}").as_str());
    p.node = Some(Arc::from(format!("edge-{c}-{i:05}").as_str()));
    p.phase = PodPhase::Running;
    p
}

fn model() -> FleetModel {
    let mut m = FleetModel::new((0..CLUSTERS).map(|c| format!("edge-{c}")));
    let per = NODES / CLUSTERS + 1;
    for c in 0..CLUSTERS {
        m.apply(FleetEvent::Link {
            cluster: c,
            link: Link::Up,
        });
        let range = (c * per)..((c + 1) * per).min(NODES);
        for kind in Kind::ALL.iter().copied() {
            let objs: Vec<Obj> = match kind {
                Kind::Node => range.clone().map(|i| Obj::Node(node(c, i))).collect(),
                Kind::Lease => range.clone().map(|i| Obj::Lease(lease(c, i))).collect(),
                Kind::Pod => range.clone().map(|i| Obj::Pod(pod(c, i))).collect(),
                _ => {
                    m.apply(FleetEvent::KindState {
                        cluster: c,
                        kind,
                        sync: KindSync::Absent,
                    });
                    continue;
                }
            };
            m.apply(FleetEvent::Relist {
                cluster: c,
                kind,
                objs,
            });
        }
    }
    m
}

fn report_memory() {
    let (_, _, nodes, m) = common::alloc::measure(|| {
        let mut m = FleetModel::new((0..CLUSTERS).map(|c| format!("edge-{c}")));
        let per = NODES / CLUSTERS + 1;
        for c in 0..CLUSTERS {
            let range = (c * per)..((c + 1) * per).min(NODES);
            let objs = range.clone().map(|i| Obj::Node(node(c, i))).collect();
            m.apply(FleetEvent::Relist {
                cluster: c,
                kind: Kind::Node,
                objs,
            });
        }
        m
    });
    let mut m = m;
    let (_, _, leases, _) = common::alloc::measure(|| {
        let per = NODES / CLUSTERS + 1;
        for c in 0..CLUSTERS {
            let range = (c * per)..((c + 1) * per).min(NODES);
            let objs = range.clone().map(|i| Obj::Lease(lease(c, i))).collect();
            m.apply(FleetEvent::Relist {
                cluster: c,
                kind: Kind::Lease,
                objs,
            });
        }
    });
    let full = model();
    let (_, _, view, v) = common::alloc::measure(|| EdgeView::new(&full, NOW));
    let name = "edge-0-00000".len() as f64 + 16.0; // an Arc<str>'s counts and the text
    println!(
        "memory per edge node: node row + store {:.0} B (of which its name {name:.0} B), \
         lease row + store {:.0} B (of which its name {name:.0} B); the edge pane's rows {:.0} B; \
         sizes: NodeRow {} B, LeaseRow {} B, EdgeRow {} B",
        nodes as f64 / NODES as f64,
        leases as f64 / NODES as f64,
        view as f64 / NODES as f64,
        std::mem::size_of::<NodeRow>(),
        std::mem::size_of::<LeaseRow>(),
        std::mem::size_of::<fleetdeck::views::edge::EdgeRow>(),
    );
    drop(v);
}

fn renew(k: usize, now: i64) -> FleetEvent {
    let c = k % CLUSTERS;
    let per = NODES / CLUSTERS + 1;
    let i = c * per + (k * 7919) % per.min(NODES - c * per);
    FleetEvent::Apply {
        cluster: c,
        obj: Obj::Lease(LeaseRow {
            name: Arc::from(format!("edge-{c}-{i:05}").as_str()),
            renew: now,
        }),
    }
}

fn bench(c: &mut Criterion) {
    report_memory();
    let mut g = c.benchmark_group("edge_10k_nodes_3_clusters");
    // The clock one second on, across which ~250 heartbeats run out (and back, the next
    // iteration): the worst of a steady second.
    let mut m = model();
    let mut view = EdgeView::new(&m, NOW + 1);
    assert_eq!(view.rows.len(), NODES);
    let mut now = NOW + 1;
    g.bench_function("age_tick_1s_250_turning_stale", |b| {
        b.iter(|| {
            now = if now == NOW + 1 { NOW + 2 } else { NOW + 1 };
            view.refresh(&m, now)
        })
    });
    view.refresh(&m, NOW + 1);
    // A lease renewed (within the last 30 s: the node stays online), the rows brought up to date.
    let mut k = 0usize;
    g.bench_function("rows_after_one_lease_renewal", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                k += 1;
                m.apply(renew(k, NOW - (k % 30) as i64));
                let t = Instant::now();
                view.refresh(&m, NOW + 1);
                spent += t.elapsed();
            }
            spent
        })
    });
    // Anything but a lease (a node's status): every row is rebuilt.
    g.bench_function("rows_after_one_node_update", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                k += 1;
                let c = k % CLUSTERS;
                let mut n = node(c, c * (NODES / CLUSTERS + 1) + k % 3000);
                n.last_heartbeat = NOW - (k % 200) as i64;
                m.apply(FleetEvent::Apply {
                    cluster: c,
                    obj: Obj::Node(n),
                });
                let t = Instant::now();
                view.refresh(&m, NOW + 1);
                spent += t.elapsed();
            }
            spent
        })
    });
    drop(view);
    drop(m);

    let (mut app, mut term) = common::pane_app(model(), "edge", NOW + 1, 200, 60);
    g.bench_function("frame_200x60_steady", |b| {
        b.iter(|| term.draw(|f| draw(f, &mut app)).unwrap().area)
    });
    let mut s = NOW + 1;
    g.bench_function("frame_200x60_after_1s_tick_250_turning_stale", |b| {
        b.iter(|| {
            s = if s == NOW + 1 { NOW + 2 } else { NOW + 1 };
            app.set_now(s);
            term.draw(|f| draw(f, &mut app)).unwrap().area
        })
    });
    app.set_now(NOW + 1);
    g.bench_function("frame_200x60_after_one_lease_renewal", |b| {
        b.iter_custom(|iters| {
            common::frames_after_change(iters, &mut app, &mut term, |a| {
                k += 1;
                a.model_mut().apply(renew(k, NOW - (k % 30) as i64));
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
