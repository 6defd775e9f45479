//! The queues pane at scale: 2,000 Volcano queues (10 clusters of 200, a three-level tree) with
//! 50,000 PodGroups. Goals (docs/performance.md): the pane's rows after one PodGroup change
//! ≤ 10 ms, a frame ≤ 4 ms; and the model's memory per PodGroup.

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use fleetdeck::fleet::{FleetEvent, FleetModel, Kind, KindSync, Link, Obj};
use fleetdeck::kinds::pod_group::{PHASES, PodGroupRow};
use fleetdeck::kinds::queue::QueueRow;
use fleetdeck::ui::render::draw;
use fleetdeck::views::queues::rows;

use common::{NOW, Rng};

#[global_allocator]
static ALLOC: common::alloc::Counting = common::alloc::Counting;

const CLUSTERS: usize = 10;
const QUEUES: usize = 200;
const GROUPS: usize = 5_000;

fn queues() -> Vec<Obj> {
    (0..QUEUES)
        .map(|i| {
            // root; 19 teams under it; the rest under the teams.
            let (name, parent) = match i {
                0 => ("root".to_string(), None),
                1..20 => (format!("team-{i:02}"), Some("root".to_string())),
                _ => (
                    format!("team-{:02}-q{i:03}", i % 19 + 1),
                    Some(format!("team-{:02}", i % 19 + 1)),
                ),
            };
            let state = if i % 13 == 7 { "Closed" } else { "Open" };
            Obj::Queue(QueueRow::new(
                &name,
                state,
                (i % 9) as i64 + 1,
                parent.as_deref(),
            ))
        })
        .collect()
}

fn group(i: usize, rng: &mut Rng) -> PodGroupRow {
    let q = rng.below(QUEUES as u64) as usize;
    let queue = match q {
        0 => "root".to_string(),
        1..20 => format!("team-{q:02}"),
        _ => format!("team-{:02}-q{q:03}", q % 19 + 1),
    };
    PodGroupRow {
        namespace: format!("ns-{}", i % 40).into(),
        name: format!("job-{i:06}-{:04x}", rng.below(0xffff)).into(),
        queue: queue.into(),
        phase: PHASES[rng.below(5) as usize].into(),
        min_member: 1,
        running: 0,
        succeeded: 0,
        failed: 0,
        created: NOW - 3600,
    }
}

fn groups(seed: u64) -> Vec<Obj> {
    let mut rng = Rng::new(seed);
    (0..GROUPS)
        .map(|i| Obj::PodGroup(group(i, &mut rng)))
        .collect()
}

fn model() -> FleetModel {
    let mut m = FleetModel::new((0..CLUSTERS).map(|i| format!("member-{i:02}")));
    for c in 0..CLUSTERS {
        m.apply(FleetEvent::Link {
            cluster: c,
            link: Link::Up,
        });
        for kind in [Kind::Queue, Kind::PodGroup] {
            m.apply(FleetEvent::KindState {
                cluster: c,
                kind,
                sync: KindSync::Synced,
            });
        }
        m.apply(FleetEvent::Relist {
            cluster: c,
            kind: Kind::Queue,
            objs: queues(),
        });
        m.apply(FleetEvent::Relist {
            cluster: c,
            kind: Kind::PodGroup,
            objs: groups(c as u64 + 1),
        });
    }
    m
}

/// One PodGroup changes phase (and maybe queue) on some cluster.
fn change(m: &mut FleetModel, rng: &mut Rng) {
    let c = rng.below(CLUSTERS as u64) as usize;
    let mut g = group(rng.below(GROUPS as u64) as usize, rng);
    if let Some(k) = m.clusters[c].kind_keys(Kind::PodGroup).first() {
        g.namespace = k.namespace.clone().unwrap_or_default();
        g.name = k.name.clone();
    }
    m.apply(FleetEvent::Apply {
        cluster: c,
        obj: Obj::PodGroup(g),
    });
}

fn report_memory() {
    let mut m = FleetModel::new(["one"]);
    m.apply(FleetEvent::Relist {
        cluster: 0,
        kind: Kind::Queue,
        objs: queues(),
    });
    // Building the rows is counted (they are what the model keeps); the Vec that carried
    // them is freed once they are stored.
    let (_, _, live, _) = common::alloc::measure(|| {
        let objs = groups(7);
        m.apply(FleetEvent::Relist {
            cluster: 0,
            kind: Kind::PodGroup,
            objs,
        });
    });
    println!(
        "memory: {:.0} B per PodGroup in the model ({GROUPS} PodGroups in {QUEUES} queues, \
         row, key index, names and the queue tally)",
        live as f64 / GROUPS as f64
    );
}

fn bench(c: &mut Criterion) {
    report_memory();
    let mut m = model();
    let mut rng = Rng::new(3);
    let mut g = c.benchmark_group("queues_2000_50k_podgroups");
    g.bench_function("rows_after_one_change", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                change(&mut m, &mut rng);
                let t = Instant::now();
                let r = rows(&m);
                spent += t.elapsed();
                assert_eq!(r.len(), CLUSTERS * QUEUES);
            }
            spent
        })
    });
    let (mut app, mut term) = common::pane_app(model(), "queues", NOW, 140, 40);
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
