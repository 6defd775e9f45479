//! Decoding one watch event (a realistic Istio-injected pod with managedFields, 11 KB) into the
//! lean type + the model's row, against decoding it into k8s-openapi's full `Pod`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fleetdeck::fleet::Obj;
use fleetdeck::kinds::KindDef;
use fleetdeck::kinds::pod::{Pod as PodKind, PodL};
use k8s_openapi::api::core::v1::Pod;
use kube::core::WatchEvent;

#[global_allocator]
static ALLOC: common::alloc::Counting = common::alloc::Counting;

const EVENT: &[u8] = include_bytes!("fixtures/pod-watch-event.json");

fn lean() -> Obj {
    match serde_json::from_slice::<WatchEvent<PodL>>(black_box(EVENT)).unwrap() {
        WatchEvent::Modified(o) => Obj::Pod(PodKind::project(o)),
        _ => unreachable!(),
    }
}

fn full() -> Pod {
    match serde_json::from_slice::<WatchEvent<Pod>>(black_box(EVENT)).unwrap() {
        WatchEvent::Modified(o) => o,
        _ => unreachable!(),
    }
}

fn report_allocations() {
    let (bytes, n, live, row) = common::alloc::measure(lean);
    println!(
        "alloc lean+projection: {bytes} B in {n} allocations while decoding; the row keeps {} B + {live} B on the heap",
        std::mem::size_of_val(&row)
    );
    let (bytes, n, live, pod) = common::alloc::measure(full);
    println!(
        "alloc full Pod: {bytes} B in {n} allocations while decoding; the Pod keeps {} B + {live} B on the heap",
        std::mem::size_of_val(&pod)
    );
}

fn decode(c: &mut Criterion) {
    report_allocations();
    let mut g = c.benchmark_group("decode_watch_event");
    g.throughput(Throughput::Bytes(EVENT.len() as u64));
    g.bench_function("lean_to_row", |b| b.iter(lean));
    g.bench_function("full_k8s_openapi_pod", |b| b.iter(full));
    g.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
