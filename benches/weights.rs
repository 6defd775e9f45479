//! A slider keystroke recomputes the preview of every bound template: 200 templates of up to
//! 10,000 replicas over 50 clusters. Goal: ≤ 2 ms per keystroke (docs/performance.md).

use criterion::{Criterion, criterion_group, criterion_main};
use fleetdeck::karmada::division::webster;
use fleetdeck::karmada::placement::Candidate;
use fleetdeck::karmada::preview::preview;
use fleetdeck::kinds::binding::{BindingRow, BindingTarget};

fn setup() -> (Vec<Candidate>, Vec<i64>, Vec<BindingRow>) {
    let candidates: Vec<Candidate> = (0..50)
        .map(|i| Candidate {
            name: format!("member-{i:02}").into(),
            weight: (i % 7) + 1,
            tainted: None,
        })
        .collect();
    let weights: Vec<i64> = candidates.iter().map(|c| c.weight).collect();
    let bindings = (0..200)
        .map(|t| BindingRow {
            namespace: "shop".into(),
            name: format!("app-{t}-deployment").into(),
            resource: format!("Deployment shop/app-{t}").into(),
            uid: format!("0000-{t:04}").into(),
            replicas: 10_000 - (t as i64 * 37) % 5000,
            policy: None,
            clusters: (0..50)
                .map(|i| BindingTarget {
                    cluster: format!("member-{i:02}").into(),
                    replicas: 200,
                })
                .collect(),
            aggregated: vec![],
            scheduled: None,
            evictions: vec![],
            unobserved: false,
            detail: Default::default(),
        })
        .collect();
    (candidates, weights, bindings)
}

fn bench(c: &mut Criterion) {
    let (candidates, mut weights, bindings) = setup();
    let mut g = c.benchmark_group("slider_keystroke");
    g.bench_function("preview_200_templates_10k_replicas_50_clusters", |b| {
        let mut k = 0usize;
        b.iter(|| {
            // One keystroke: a weight moves, every template is divided again.
            k += 1;
            weights[k % 50] = (k % 9) as i64 + 1;
            preview(&candidates, &weights, &bindings)
        })
    });
    let w: Vec<(&str, i64)> = candidates.iter().map(|c| (&*c.name, c.weight)).collect();
    g.bench_function("webster_10k_replicas_50_clusters", |b| {
        b.iter(|| webster(10_000, &w, "0000-0001"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
