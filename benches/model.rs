//! Model ingest: a full list of 100,000 pods, then status updates (events per second); and the
//! model's memory per pod.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use fleetdeck::fleet::{FleetEvent, FleetModel, Kind, Obj, ObjKey, PodRow};

use common::{Rng, churn, model, pods};

#[global_allocator]
static ALLOC: common::alloc::Counting = common::alloc::Counting;

const N: usize = 100_000;

fn report_memory() {
    for n in [10_000, N] {
        let rows = pods(n, 42);
        let (_, _, live, m) = common::alloc::measure(|| model(n));
        let (_, _, names, _) = common::alloc::measure(|| {
            rows.iter()
                .map(|p| std::sync::Arc::<str>::from(&*p.name))
                .collect::<Vec<_>>()
        });
        // The layout before: a HashMap from an ObjKey to the row.
        let (_, _, old, old_map) = common::alloc::measure(|| {
            rows.iter()
                .map(|p| {
                    (
                        ObjKey {
                            namespace: Some(p.namespace.clone()),
                            name: p.name.clone(),
                        },
                        p.clone(),
                    )
                })
                .collect::<HashMap<ObjKey, PodRow>>()
        });
        println!(
            "memory at {n} pods: model {:.0} B/pod (of which pod names {:.0} B/pod); \
             old HashMap<ObjKey, PodRow> layout {:.0} B/pod + names",
            live as f64 / n as f64,
            names as f64 / n as f64 - 16.0, // less the Vec of fat pointers
            old as f64 / n as f64,
        );
        drop((m, old_map));
    }
}

fn ingest(c: &mut Criterion) {
    report_memory();
    let mut g = c.benchmark_group("model_ingest");
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("relist_100k_pods", |b| {
        b.iter_batched(
            || {
                let objs: Vec<Obj> = pods(N, 7).into_iter().map(Obj::Pod).collect();
                (FleetModel::new(["big"]), objs)
            },
            |(mut m, objs)| {
                m.apply(FleetEvent::Relist {
                    cluster: 0,
                    kind: Kind::Pod,
                    objs,
                });
                m
            },
            BatchSize::PerIteration,
        )
    });
    const K: usize = 10_000;
    g.throughput(Throughput::Elements(K as u64));
    g.sample_size(20);
    g.bench_function("apply_10k_updates_at_100k_pods", |b| {
        let mut m = model(N);
        let mut rng = Rng::new(9);
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let evs = churn(&m, K, &mut rng);
                let t = Instant::now();
                m.apply_all(evs);
                spent += t.elapsed();
            }
            spent
        })
    });
    g.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
