use serde_json::{Value, json};

use super::*;
use crate::fleet::{FleetEvent, KindSync, Link};
use crate::kinds::project_json;

const NOW: Ts = 1_750_000_000;

fn ts(t: Ts) -> String {
    jiff::Timestamp::from_second(t).unwrap().to_string()
}

fn node(name: &str, ready: bool, heartbeat: Ts, group: Option<&str>) -> Value {
    let mut labels = json!({"node-role.kubernetes.io/edge": ""});
    if let Some(g) = group {
        labels["apps.kubeedge.io/belonging-to"] = json!(g);
    }
    json!({"kind": "Node", "metadata": {"name": name, "labels": labels},
        "status": {"conditions": [{"type": "Ready", "status": if ready {"True"} else {"Unknown"},
            "lastHeartbeatTime": ts(heartbeat), "lastTransitionTime": ts(NOW - 600)}],
            "nodeInfo": {"kubeletVersion": "v1.29.5-kubeedge-v1.18.0", "architecture": "arm64"},
            "addresses": [{"type": "InternalIP", "address": "10.0.0.9"}]}})
}

fn lease(name: &str, renew: Ts) -> Value {
    json!({"kind": "Lease", "metadata": {"name": name, "namespace": "kube-node-lease"},
        "spec": {"holderIdentity": name, "renewTime": ts(renew)}})
}

fn pod(name: &str, node: &str) -> Value {
    json!({"kind": "Pod", "metadata": {"name": name, "namespace": "factory"},
        "spec": {"nodeName": node}, "status": {"phase": "Running"}})
}

fn model(objs: &[(Kind, Value)]) -> FleetModel {
    let mut m = FleetModel::new(["edge-cn", "plain"]);
    for c in 0..2 {
        m.apply(FleetEvent::Link {
            cluster: c,
            link: Link::Up,
        });
    }
    for (k, v) in objs {
        let obj = project_json(*k, v).unwrap();
        m.apply(FleetEvent::Apply { cluster: 0, obj });
    }
    m
}

fn names(v: &EdgeView) -> Vec<(&str, Health)> {
    v.rows.iter().map(|r| (&*r.node, r.health)).collect()
}

#[test]
fn offline_first_then_stale_then_online() {
    let m = model(&[
        (Kind::Node, node("a-online", true, NOW - 10, None)),
        (Kind::Node, node("b-stale", true, NOW - 41, None)),
        (Kind::Node, node("c-offline", false, NOW - 3600, None)),
        (
            Kind::Node,
            json!({"kind": "Node", "metadata": {"name": "not-edge"}}),
        ),
    ]);
    let v = EdgeView::new(&m, NOW);
    assert_eq!(
        names(&v),
        [
            ("c-offline", Health::Offline),
            ("b-stale", Health::Stale),
            ("a-online", Health::Online)
        ]
    );
    assert_eq!(v.counts(), (1, 1, 3));
    let off = v.rows[0].json(NOW);
    assert_eq!(off["offline_for_s"], 600);
    assert_eq!(off["heartbeat_age_s"], 3600);
    assert_eq!(off["ready"], false);
    assert_eq!(v.rows[2].json(NOW)["offline_for_s"], Value::Null);
    assert_eq!(v.rows[2].json(NOW)["internal_ip"], "10.0.0.9");
}

#[test]
fn the_newer_of_lease_and_heartbeat_counts() {
    let m = model(&[
        // The node status is old but the lease was renewed: online, from the lease.
        (Kind::Node, node("renewed", true, NOW - 300, None)),
        (Kind::Lease, lease("renewed", NOW - 5)),
        // The lease is older than the status: the status counts.
        (Kind::Node, node("posted", true, NOW - 5, None)),
        (Kind::Lease, lease("posted", NOW - 100)),
        // Both old: stale.
        (Kind::Node, node("quiet", true, NOW - 90, None)),
        (Kind::Lease, lease("quiet", NOW - 60)),
    ]);
    let v = EdgeView::new(&m, NOW);
    let by = |n: &str| v.rows.iter().find(|r| &*r.node == n).unwrap();
    assert_eq!(by("renewed").health, Health::Online);
    assert!(by("renewed").from_lease);
    assert_eq!(by("renewed").json(NOW)["heartbeat_source"], "lease");
    assert_eq!(by("posted").heartbeat, NOW - 5);
    assert!(!by("posted").from_lease);
    assert_eq!(by("quiet").health, Health::Stale);
    assert_eq!(by("quiet").json(NOW)["heartbeat_age_s"], 60);
}

#[test]
fn a_heartbeat_running_out_turns_stale_with_the_clock_alone() {
    let m = model(&[
        (Kind::Node, node("a", true, NOW - 30, None)),
        (Kind::Node, node("b", true, NOW - 5, None)),
    ]);
    let mut v = EdgeView::new(&m, NOW);
    assert_eq!(v.counts(), (0, 0, 2));
    assert!(!v.refresh(&m, NOW), "nothing moved");
    assert!(v.refresh(&m, NOW + 11));
    assert_eq!(names(&v), [("a", Health::Stale), ("b", Health::Online)]);
    assert_eq!(v.rows[0].json(NOW + 11)["heartbeat_age_s"], 41);
    // A renewed lease brings it back.
    let mut m = m;
    m.apply(FleetEvent::Apply {
        cluster: 0,
        obj: project_json(Kind::Lease, &lease("a", NOW + 11)).unwrap(),
    });
    assert!(v.refresh(&m, NOW + 11));
    assert_eq!(v.counts(), (0, 0, 2));
}

#[test]
fn no_leases_readable_falls_back_on_the_heartbeat() {
    let mut m = model(&[(Kind::Node, node("a", true, NOW - 5, None))]);
    m.apply(FleetEvent::KindState {
        cluster: 0,
        kind: Kind::Lease,
        sync: KindSync::Failed("list: 403 Forbidden".into()),
    });
    let v = EdgeView::new(&m, NOW);
    assert_eq!(v.no_leases, ["edge-cn"]);
    assert_eq!(v.rows[0].health, Health::Online);
    // An optional kind: the cluster is not Degraded for it.
    assert_eq!(m.clusters[0].state().label(), "Ready");
}

#[test]
fn kubeedge_versions() {
    assert_eq!(
        kubeedge_version("v1.29.5-kubeedge-v1.18.0"),
        Some("v1.18.0")
    );
    assert_eq!(kubeedge_version("v1.30.4"), None);
    assert_eq!(kubeedge_version("v1.22.6-kubeedge-"), None);
}

#[test]
fn pods_per_node_and_group_counts() {
    let ng = json!({"kind": "NodeGroup", "metadata": {"name": "line-1"},
        "spec": {"nodes": ["a"], "matchLabels": {"site": "sh"}},
        "status": {"nodeStatuses": [{"nodeName": "a", "readyStatus": "Ready"},
            {"nodeName": "b", "readyStatus": "NotReady"}]}});
    let app = json!({"kind": "EdgeApplication", "metadata": {"name": "sensor", "namespace": "factory"},
        "spec": {"workloadScope": {"targetNodeGroups": [{"name": "line-1"}, {"name": "line-2"}]}},
        "status": {"workloadStatus": [
            {"identifier": {"kind": "Deployment", "name": "sensor-line-1"}, "conditions": "Available"},
            {"identifier": {"kind": "Deployment", "name": "sensor-line-2"}, "conditions": "Processing"}]}});
    let mut m = model(&[
        (Kind::Node, node("a", true, NOW - 5, Some("line-1"))),
        (Kind::Node, node("b", false, NOW - 500, Some("line-1"))),
        (Kind::NodeGroup, ng),
        (Kind::EdgeApplication, app),
        (Kind::Pod, pod("p1", "a")),
        (Kind::Pod, pod("p2", "a")),
        (Kind::Pod, pod("p3", "b")),
    ]);
    let v = EdgeView::new(&m, NOW);
    let by = |v: &EdgeView, n: &str| v.rows.iter().find(|r| &*r.node == n).unwrap().pods;
    assert_eq!((by(&v, "a"), by(&v, "b")), (2, 1));
    let g = &v.groups[0];
    assert_eq!((g.status_ready, g.status_total), (1, 2));
    assert_eq!((g.label_ready, g.label_total), (1, 2));
    assert_eq!(g.match_labels, "site=sh");
    assert_eq!(
        g.apps,
        [("factory/sensor".to_string(), Some("Available".to_string()))]
    );
    assert_eq!(
        v.apps[0].json()["groups"],
        json!({"line-1": "Available", "line-2": "Processing"})
    );
    // A pod going away is counted off without a scan.
    m.apply(FleetEvent::Delete {
        cluster: 0,
        kind: Kind::Pod,
        key: crate::fleet::ObjKey::new(Some("factory"), "p1"),
    });
    let mut v = v;
    v.refresh(&m, NOW);
    assert_eq!(by(&v, "a"), 1);
}

#[test]
fn a_tick_merges_the_rows_that_changed_rank_in_order() {
    let objs: Vec<(Kind, Value)> = (0..30)
        .map(|i| {
            (
                Kind::Node,
                node(&format!("n{i:02}"), i % 7 != 0, NOW - (i as i64 % 40), None),
            )
        })
        .collect();
    let m = model(&objs);
    let mut v = EdgeView::new(&m, NOW);
    for now in [NOW + 5, NOW + 20, NOW + 3, NOW + 60, NOW] {
        v.refresh(&m, now);
        let fresh = EdgeView::new(&m, now);
        assert_eq!(v.rows, fresh.rows, "at {now}");
    }
}

#[test]
fn lease_renewals_update_the_rows_in_place_as_a_rebuild_would() {
    let mut objs: Vec<(Kind, Value)> = Vec::new();
    for i in 0..20 {
        let n = format!("n{i:02}");
        objs.push((Kind::Node, node(&n, true, NOW - 200, None)));
        objs.push((Kind::Lease, lease(&n, NOW - 30 - i as i64)));
    }
    objs.push((Kind::Lease, lease("not-an-edge-node", NOW)));
    let mut m = model(&objs);
    let mut v = EdgeView::new(&m, NOW);
    assert_eq!(v.counts(), (0, 9, 20));
    for (step, i) in [3, 17, 17, 12, 0].into_iter().enumerate() {
        let now = NOW + step as i64;
        let name = format!("n{i:02}");
        m.apply(FleetEvent::Apply {
            cluster: 0,
            obj: project_json(Kind::Lease, &lease(&name, now)).unwrap(),
        });
        m.apply(FleetEvent::Apply {
            cluster: 0,
            obj: project_json(Kind::Lease, &lease("not-an-edge-node", now)).unwrap(),
        });
        assert!(v.refresh(&m, now));
        assert_eq!(v.rows, EdgeView::new(&m, now).rows, "after renewing {name}");
    }
    // A lease deleted: rebuilt.
    m.apply(FleetEvent::Delete {
        cluster: 0,
        kind: Kind::Lease,
        key: crate::fleet::ObjKey::new(Some("kube-node-lease"), "n05"),
    });
    v.refresh(&m, NOW + 9);
    assert_eq!(v.rows, EdgeView::new(&m, NOW + 9).rows);
}
