//! The propagation rows kept incrementally against the rows built from scratch.

use serde_json::json;

use super::propagation::*;
use super::propagation_tests::{apply, binding, deployment, ok_status};
use crate::fleet::{FleetModel, Kind, KindSync};
use crate::kinds::project_json;

/// Random changes to bindings, member Deployments and templates (inserts, updates, deletes,
/// relists), a few at a time: the rows kept incrementally are always the rows built from scratch.
#[test]
fn rows_kept_incrementally_equal_rows_built_from_scratch() {
    use rand::rngs::SmallRng;
    use rand::{Rng, SeedableRng};

    use crate::fleet::{FleetEvent, ObjKey};

    let mut m = FleetModel::new(["cp", "m1", "m2"]);
    m.apply(FleetEvent::KindState {
        cluster: 0,
        kind: Kind::KarmadaCluster,
        sync: KindSync::Synced,
    });
    let mut rng = SmallRng::seed_from_u64(7);
    let mut view = PropView::new(&m);
    let clusters = ["m1", "m2", "ext"];
    let (mut updated, mut rebuilt) = (0, 0);
    for step in 0..600 {
        for _ in 0..rng.random_range(1..4) {
            let name = format!("app-{}", rng.random_range(0..30));
            match rng.random_range(0..10) {
                0..4 => {
                    let mut targets: Vec<(&str, i64)> = Vec::new();
                    for c in clusters {
                        if rng.random_bool(0.6) {
                            targets.push((c, rng.random_range(0..4)));
                        }
                    }
                    let reported = rng.random_range(0..4);
                    let mut status = ok_status(&clusters[..reported]);
                    if reported > 0 && rng.random_bool(0.2) {
                        status["aggregatedStatus"][0]["health"] = json!("Unhealthy");
                    }
                    if reported > 0 {
                        let g = rng.random_range(0..4);
                        status["aggregatedStatus"][0]["status"] =
                            json!({"resourceTemplateGeneration": g});
                    }
                    apply(
                        &mut m,
                        0,
                        Kind::ResourceBinding,
                        binding(&name, &targets, status, json!({})),
                    );
                }
                4 => {
                    m.apply(FleetEvent::Delete {
                        cluster: 0,
                        kind: Kind::ResourceBinding,
                        key: ObjKey::new(Some("shop"), &format!("{name}-deployment")),
                    });
                }
                5..8 => {
                    // A member's Deployment, or the template on the control plane.
                    let c = rng.random_range(0..3);
                    let mut d = deployment(&name, 3, rng.random_range(0..4));
                    d["metadata"]["generation"] = json!(rng.random_range(1..4));
                    apply(&mut m, c, Kind::Deployment, d);
                }
                8 => {
                    m.apply(FleetEvent::Delete {
                        cluster: rng.random_range(1..3),
                        kind: Kind::Deployment,
                        key: ObjKey::new(Some("shop"), &name),
                    });
                }
                _ if step % 50 == 0 => {
                    // A member relists: some Deployments gone, the rest kept.
                    let c = rng.random_range(1..3);
                    let objs = (0..30)
                        .filter(|_| rng.random_bool(0.5))
                        .map(|i| {
                            let v = deployment(&format!("app-{i}"), 3, 3);
                            project_json(Kind::Deployment, &v).unwrap()
                        })
                        .collect();
                    m.apply(FleetEvent::Relist {
                        cluster: c,
                        kind: Kind::Deployment,
                        objs,
                    });
                }
                _ => {}
            }
        }
        view.refresh(&m);
        match view.last {
            Refreshed::Updated(_) => updated += 1,
            Refreshed::Rebuilt => rebuilt += 1,
            Refreshed::Fresh => {}
        }
        assert_eq!(view.rows, rows(&m), "step {step}");
    }
    assert!(updated > 400 && rebuilt < 20, "{updated} {rebuilt}");
}
