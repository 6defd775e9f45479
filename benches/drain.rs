//! Planning a drain over 500 VirtualServices (5 contexts × 100, three http routes each over
//! four member clusters, with their DestinationRules). Goal: ≤ 50 ms (docs/performance.md).

use criterion::{Criterion, criterion_group, criterion_main};
use fleetdeck::actions::drain::{DrainInput, MeshCtx, plan_drain};
use serde_json::{Value, json};

const MEMBERS: [&str; 4] = ["eu", "us", "ap", "cn"];

fn vs(ns: &str, name: &str, i: usize) -> Value {
    let host = format!("{name}.{ns}.svc.cluster.local");
    let route = |w: [i64; 4]| {
        json!({"route": MEMBERS.iter().zip(w).map(|(m, w)| json!({
            "destination": {"host": host, "subset": m}, "weight": w})).collect::<Vec<_>>()})
    };
    json!({"kind": "VirtualService", "metadata": {"namespace": ns, "name": name},
        "spec": {"hosts": [host], "http": [
            route([40, 30, 20, 10]), route([25, 25, 25, 25]), route([(i % 50) as i64, 50, 0, 50 - (i % 50) as i64])]}})
}

fn dr(ns: &str, name: &str) -> Value {
    json!({"kind": "DestinationRule", "metadata": {"namespace": ns, "name": name},
        "spec": {"host": format!("{name}.{ns}.svc.cluster.local"), "subsets": MEMBERS.iter()
            .map(|m| json!({"name": m, "labels": {"topology.istio.io/cluster": format!("prod-{m}")}}))
            .collect::<Vec<_>>()}})
}

fn bench(c: &mut Criterion) {
    let mesh: Vec<MeshCtx> = (0..5)
        .map(|k| MeshCtx {
            cluster: k,
            context: format!("ctx-{k}"),
            virtual_services: (0..100)
                .map(|i| vs(&format!("ns-{}", i % 10), &format!("svc-{i}"), i))
                .collect(),
            destination_rules: (0..100)
                .map(|i| dr(&format!("ns-{}", i % 10), &format!("svc-{i}")))
                .collect(),
        })
        .collect();
    let known: Vec<String> = MEMBERS.iter().map(|m| format!("prod-{m}")).collect();
    c.bench_function("plan_drain_500_virtual_services", |b| {
        b.iter_with_large_drop(|| {
            let p = plan_drain(&DrainInput {
                mesh: &mesh,
                known: &known,
                cluster: "prod-eu",
                to: None,
                cordon: None,
                unreadable: &[],
            })
            .unwrap();
            assert_eq!(p.steps.len(), 500);
            p
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
