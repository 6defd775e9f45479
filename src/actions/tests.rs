//! The action path end to end over the demo fleet's backend (the real-apiserver run is in tests/e2e.rs).

use tokio::sync::mpsc;

use super::*;
use crate::fleet::{FleetModel, Kind, ObjKey};
use crate::sources::Backend;
use crate::sources::demo::{self, DemoSim};

const NOW: i64 = 1_750_000_000;

async fn demo_backend() -> (Backend, mpsc::Receiver<crate::fleet::FleetEvent>) {
    let sim = DemoSim::new(7, NOW);
    let (tx, rx) = mpsc::channel(10_000);
    let (ctx, crx) = mpsc::channel(8);
    tokio::spawn(demo::run(sim, tx, crx, None, || NOW));
    (Backend::Demo(ctx), rx)
}

#[tokio::test]
async fn cordon_lands_in_the_demo_fleet_with_one_audit_line() {
    let (backend, mut rx) = demo_backend().await;
    let dir = tempfile::tempdir().unwrap();
    let audit = AuditLog::new(dir.path().join("audit.log"));
    let key = ObjKey::cluster_scoped("prod-ap");
    let cur = backend.get(0, Kind::KarmadaCluster, &key).await.unwrap();
    let plan = cordon::plan_cordon(0, "karmada-host", &cur, true).unwrap();
    let entry = execute(&backend, &plan, false, &audit, NOW).await.unwrap();
    assert_eq!(entry.context, "karmada-host");
    assert_eq!(entry.object, "clusters.cluster.karmada.io/prod-ap");
    let lines = audit.read_all().unwrap();
    assert_eq!(lines, vec![entry]);
    // The change reaches the model through the same event channel as everything else.
    let mut model = FleetModel::new(["karmada-host", "prod-eu", "prod-us", "prod-ap", "edge-cn"]);
    while let Ok(ev) = rx.try_recv() {
        model.apply(ev);
    }
    let row = &model.clusters[0].karmada_clusters[&key];
    assert_eq!(
        row.taints[0].to_string(),
        "cluster.karmada.io/unschedulable:NoSchedule"
    );
}

#[tokio::test]
async fn a_stale_plan_conflicts_and_overwrites_nothing() {
    let (backend, _rx) = demo_backend().await;
    let dir = tempfile::tempdir().unwrap();
    let audit = AuditLog::new(dir.path().join("audit.log"));
    let key = ObjKey::cluster_scoped("prod-eu");
    let cur = backend.get(0, Kind::KarmadaCluster, &key).await.unwrap();
    let stale = cordon::plan_cordon(0, "karmada-host", &cur, true).unwrap();
    // Someone else changes the object first.
    let fresh = cordon::plan_cordon(0, "karmada-host", &cur, true).unwrap();
    execute(&backend, &fresh, false, &audit, NOW).await.unwrap();
    let uncordon_from_stale = cordon::plan_cordon(0, "karmada-host", &cur, false).unwrap();
    assert!(
        uncordon_from_stale.noop,
        "planned from the old state: nothing to remove"
    );
    let err = execute(&backend, &stale, false, &audit, NOW)
        .await
        .unwrap_err();
    assert!(matches!(err, ActionError::Conflict { .. }), "{err}");
    assert_eq!(audit.read_all().unwrap().len(), 1);
    let now = backend.get(0, Kind::KarmadaCluster, &key).await.unwrap();
    assert_eq!(now["spec"]["taints"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn readonly_refuses_and_writes_nothing() {
    let (backend, _rx) = demo_backend().await;
    let dir = tempfile::tempdir().unwrap();
    let audit = AuditLog::new(dir.path().join("audit.log"));
    let key = ObjKey::cluster_scoped("prod-us");
    let cur = backend.get(0, Kind::KarmadaCluster, &key).await.unwrap();
    let plan = cordon::plan_cordon(0, "karmada-host", &cur, true).unwrap();
    let err = execute(&backend, &plan, true, &audit, NOW)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "read-only mode (--readonly): refusing to cordon karmada member prod-us"
    );
    assert!(audit.read_all().unwrap().is_empty());
    let after = backend.get(0, Kind::KarmadaCluster, &key).await.unwrap();
    assert_eq!(after, cur);
}
