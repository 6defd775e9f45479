//! The propagation pane at scale: 10,000 ResourceBindings on one control plane over 3 members,
//! their Deployment templates on the control plane, each member running the Deployments its
//! bindings assign. Goals (docs/performance.md): the pane's rows after one change (a binding's
//! or a member Deployment's) ≤ 10 ms, a frame ≤ 4 ms.
//! `rows_from_scratch` is what every change cost before the rows were kept incrementally.

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use fleetdeck::fleet::{FleetEvent, FleetModel, Kind, KindSync, Link, Obj};
use fleetdeck::kinds::binding::{BindingRow, BindingStatus, BindingTarget, PolicyRef, Scheduled};
use fleetdeck::kinds::deployment::DeploymentRow;
use fleetdeck::ui::render::draw;
use fleetdeck::views::propagation::{PropView, rows};

use common::{NOW, Rng};

#[global_allocator]
static ALLOC: common::alloc::Counting = common::alloc::Counting;

const BINDINGS: usize = 10_000;
const MEMBERS: [&str; 3] = ["member-a", "member-b", "member-c"];

fn binding(i: usize, rng: &mut Rng) -> BindingRow {
    let healthy = rng.below(50) != 0;
    BindingRow {
        namespace: format!("ns-{}", i % 40).into(),
        name: format!("app-{i:05}-deployment").into(),
        resource: format!("Deployment ns-{}/app-{i:05}", i % 40).into(),
        uid: format!("uid-{i}").into(),
        replicas: 6,
        policy: Some(PolicyRef {
            cluster_wide: false,
            namespace: Some(format!("ns-{}", i % 40).into()),
            name: format!("pp-{}", i % 100).into(),
        }),
        clusters: MEMBERS
            .iter()
            .map(|c| BindingTarget {
                cluster: (*c).into(),
                replicas: 2,
            })
            .collect(),
        aggregated: MEMBERS
            .iter()
            .map(|c| BindingStatus {
                cluster: (*c).into(),
                applied: true,
                health: if healthy { "Healthy" } else { "Unhealthy" }.into(),
                message: "".into(),
                template_generation: 1,
            })
            .collect(),
        scheduled: Some(Scheduled {
            status: "True".into(),
            reason: "Success".into(),
        }),
        evictions: vec![],
        unobserved: false,
        detail: Default::default(),
    }
}

fn deployment(i: usize, ready: i32) -> DeploymentRow {
    DeploymentRow {
        namespace: format!("ns-{}", i % 40).into(),
        name: format!("app-{i:05}").into(),
        replicas: 2,
        ready,
        updated: 2,
        available: ready,
        created: NOW - 3600,
        generation: 1,
    }
}

fn model() -> FleetModel {
    let mut rng = Rng::new(1);
    let mut m = FleetModel::new(["karmada"].into_iter().chain(MEMBERS));
    for c in 0..=MEMBERS.len() {
        m.apply(FleetEvent::Link {
            cluster: c,
            link: Link::Up,
        });
    }
    m.apply(FleetEvent::KindState {
        cluster: 0,
        kind: Kind::KarmadaCluster,
        sync: KindSync::Synced,
    });
    m.apply(FleetEvent::Relist {
        cluster: 0,
        kind: Kind::ResourceBinding,
        objs: (0..BINDINGS)
            .map(|i| Obj::ResourceBinding(binding(i, &mut rng)))
            .collect(),
    });
    // The templates on the control plane (their generations are compared with the members').
    m.apply(FleetEvent::Relist {
        cluster: 0,
        kind: Kind::Deployment,
        objs: (0..BINDINGS)
            .map(|i| Obj::Deployment(deployment(i, 6)))
            .collect(),
    });
    for c in 1..=MEMBERS.len() {
        m.apply(FleetEvent::Relist {
            cluster: c,
            kind: Kind::Deployment,
            objs: (0..BINDINGS)
                .map(|i| Obj::Deployment(deployment(i, 2)))
                .collect(),
        });
    }
    m
}

/// A member Deployment's readiness changes, or a binding's health.
fn change(m: &mut FleetModel, rng: &mut Rng) {
    let i = rng.below(BINDINGS as u64) as usize;
    if rng.below(2) == 0 {
        let c = 1 + rng.below(MEMBERS.len() as u64) as usize;
        m.apply(FleetEvent::Apply {
            cluster: c,
            obj: Obj::Deployment(deployment(i, rng.below(3) as i32)),
        });
    } else {
        m.apply(FleetEvent::Apply {
            cluster: 0,
            obj: Obj::ResourceBinding(binding(i, rng)),
        });
    }
}

fn bench(c: &mut Criterion) {
    let mut m = model();
    let mut rng = Rng::new(3);
    let mut g = c.benchmark_group("propagation_10k_bindings_3_members");
    g.bench_function("rows_after_one_change", |b| {
        let mut view = PropView::new(&m);
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                change(&mut m, &mut rng);
                let t = Instant::now();
                view.refresh(&m);
                spent += t.elapsed();
                assert_eq!(view.rows.len(), BINDINGS);
            }
            spent
        })
    });
    // Opening the pane: every row built and indexed (what a relist or a large change costs).
    g.bench_function("rows_first_open", |b| {
        b.iter_with_large_drop(|| PropView::new(&m))
    });
    // What every change cost before the rows were kept incrementally.
    g.bench_function("rows_from_scratch", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                change(&mut m, &mut rng);
                let t = Instant::now();
                let r = rows(&m);
                spent += t.elapsed();
                assert_eq!(r.len(), BINDINGS);
            }
            spent
        })
    });
    let (mut app, mut term) = common::pane_app(model(), "propagation", NOW, 140, 40);
    g.bench_function("frame_140x40_steady", |b| {
        b.iter(|| term.draw(|f| draw(f, &mut app)).unwrap().area)
    });
    g.bench_function("frame_140x40_after_one_change", |b| {
        b.iter_custom(|iters| {
            common::frames_after_change(iters, &mut app, &mut term, |a| {
                change(a.model_mut(), &mut rng)
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
