//! The demo's KubeEdge side, on the edge member: a dozen edge nodes (3 offline, one whose
//! heartbeat has just run out), their node Leases, two NodeGroups and an EdgeApplication that
//! targets both. Live: leases are renewed, `edge-05` flaps, and `edge-09` goes silent (stale
//! within 40 s, NotReady when the controller notices) and comes back, once a cycle.

use serde_json::{Value, json};

use super::DemoSim;
use super::objects::{self as o, meta, ts};
use super::world::{Builder, DemoCluster, EDGE_MEMBER};
use crate::fleet::{FleetEvent, Kind, ObjKey, Ts};
use crate::kinds::lease::NODE_LEASE_NS;

/// Offline from the start (their pods are `NodeLost`).
pub(super) const OFFLINE: [usize; 3] = [3, 7, 11];
/// Flaps every third tick.
const FLAPPING: &str = "edge-05";
/// Goes silent once a cycle: stale, then NotReady, then back.
const SILENT: &str = "edge-09";
/// Ticks of `SILENT`'s cycle (2 s each): renewing for ticks 10..40, silent from 40 on (stale
/// 20 ticks later), NotReady at 5, back at 10.
const CYCLE: u64 = 60;

const GROUPS: [(&str, &str); 2] = [
    ("shanghai-factory", "shanghai"),
    ("suzhou-warehouse", "suzhou"),
];

fn group_of(i: usize) -> usize {
    usize::from(i > 6)
}

fn edge_node(i: usize, now: Ts) -> Value {
    let name = format!("edge-{i:02}");
    let offline = OFFLINE.contains(&i);
    let mut n = o::node(&name, true, !offline, now, 20);
    let (group, site) = GROUPS[group_of(i)];
    n["metadata"]["labels"]["apps.kubeedge.io/belonging-to"] = json!(group);
    n["metadata"]["labels"]["site"] = json!(site);
    let arch = if i <= 8 { "arm64" } else { "amd64" };
    n["metadata"]["labels"]["kubernetes.io/arch"] = json!(arch);
    n["status"]["nodeInfo"]["architecture"] = json!(arch);
    n["status"]["addresses"] = json!([
        {"type": "InternalIP", "address": format!("10.20.{}.{}", group_of(i), 10 + i)},
        {"type": "Hostname", "address": name}
    ]);
    let c = &mut n["status"]["conditions"][0];
    let since = if offline {
        // Silent for 3 h and a minute; NotReady 40 s after its last heartbeat.
        c["lastHeartbeatTime"] = ts(now - 3 * 3600 - 60);
        now - 3 * 3600 - 20
    } else {
        now - 6 * 86400 - 3600 * i as i64
    };
    c["lastTransitionTime"] = ts(since);
    if name == SILENT {
        // A kubelet that has a Lease posts its status every 5 minutes.
        c["lastHeartbeatTime"] = ts(now - 250);
    }
    n
}

fn lease(node: &str, renew: Ts) -> Value {
    json!({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
        "metadata": meta(Some(NODE_LEASE_NS), node, 0),
        "spec": {"holderIdentity": node, "leaseDurationSeconds": 40, "renewTime": ts(renew)}})
}

fn ready(n: &Value) -> bool {
    n["status"]["conditions"][0]["status"] == "True"
}

/// `status.nodeStatuses` of group `g` from the nodes as they are.
fn group_status(c: &DemoCluster, g: usize) -> Value {
    let nodes: Vec<Value> = (1..=12)
        .filter(|i| group_of(*i) == g)
        .filter_map(|i| {
            let name = format!("edge-{i:02}");
            let n = c.get(Kind::Node, &ObjKey::cluster_scoped(&name))?;
            Some(json!({"nodeName": name,
                "readyStatus": if ready(n) { "Ready" } else { "NotReady" },
                "selectionStatus": "Succeeded"}))
        })
        .collect();
    json!({"nodeStatuses": nodes})
}

fn node_group(c: &DemoCluster, g: usize) -> Value {
    let (name, site) = GROUPS[g];
    let explicit: Vec<String> = if g == 0 {
        (1..=6).map(|i| format!("edge-{i:02}")).collect()
    } else {
        vec![]
    };
    let mut v = o::node_group(name, &explicit, &[("site", site)]);
    v["status"] = group_status(c, g);
    v
}

/// The workload KubeEdge generates per group is `<manifest>-<group>`.
fn edge_app(c: &DemoCluster) -> Value {
    let status: Vec<Value> = GROUPS
        .iter()
        .enumerate()
        .map(|(g, (name, _))| {
            let all_ready = group_status(c, g)["nodeStatuses"]
                .as_array()
                .is_some_and(|n| n.iter().all(|s| s["readyStatus"] == "Ready"));
            json!({"identifier": {"group": "apps", "version": "v1", "kind": "Deployment",
                    "resource": "deployments", "namespace": "default",
                    "name": format!("sensor-collector-{name}"), "ordinal": 0},
                "conditions": if all_ready { "Available" } else { "Processing" }})
        })
        .collect();
    json!({"apiVersion": "apps.kubeedge.io/v1alpha1", "kind": "EdgeApplication",
        "metadata": meta(Some("default"), "sensor-collector", 0),
        "spec": {"workloadTemplate": {"manifests": [{"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "sensor-collector", "namespace": "default"}}]},
            "workloadScope": {"targetNodeGroups": [
                {"name": GROUPS[0].0, "overriders": {"replicas": 6}},
                {"name": GROUPS[1].0, "overriders": {"replicas": 3,
                    "imageOverriders": [{"component": "Tag", "operator": "replace", "value": "v2"}]}}]}},
        "status": {"workloadStatus": status}})
}

/// The edge member's nodes, leases, groups and application.
pub(super) fn build(c: &mut DemoCluster, b: &mut Builder, now: Ts) {
    for i in 1..=12 {
        let n = edge_node(i, now);
        let name = format!("edge-{i:02}");
        let renew = if OFFLINE.contains(&i) {
            n["status"]["conditions"][0]["lastHeartbeatTime"]
                .as_str()
                .map(crate::sources::parse::rfc3339)
                .unwrap_or(0)
        } else if name == SILENT {
            now - 42
        } else {
            now - 4
        };
        b.put(c, Kind::Node, n);
        b.put(c, Kind::Lease, lease(&name, renew));
    }
    for g in 0..GROUPS.len() {
        let v = node_group(c, g);
        b.put(c, Kind::NodeGroup, v);
    }
    let app = edge_app(c);
    b.put(c, Kind::EdgeApplication, app);
}

fn set_ready(n: &mut Value, ready: bool, now: Ts) {
    o::set_node_ready(n, ready, now);
    n["status"]["conditions"][0]["lastTransitionTime"] = ts(now);
}

/// One tick of the edge member's life (called from [`DemoSim::tick`]; no randomness).
pub(super) fn tick(sim: &mut DemoSim, t: u64, now: Ts, out: &mut Vec<FleetEvent>) {
    let edge = sim.find(EDGE_MEMBER);
    let node = |sim: &DemoSim, name: &str| {
        sim.clusters[edge]
            .get(Kind::Node, &ObjKey::cluster_scoped(name))
            .cloned()
    };
    let mut changed = false;
    if t.is_multiple_of(3)
        && let Some(mut n) = node(sim, FLAPPING)
    {
        let back = !ready(&n);
        set_ready(&mut n, back, now);
        sim.put(edge, Kind::Node, n, out);
        changed = true;
    }
    let p = t % CYCLE;
    if (p == 5 || p == 10)
        && let Some(mut n) = node(sim, SILENT)
    {
        set_ready(&mut n, p == 10, now);
        sim.put(edge, Kind::Node, n, out);
        changed = true;
    }
    // Every node that is up renews its Lease (edge-09 not while silent).
    for i in 1..=12 {
        let name = format!("edge-{i:02}");
        if OFFLINE.contains(&i) || (name == SILENT && !(10..40).contains(&p)) {
            continue;
        }
        if node(sim, &name).is_some_and(|n| ready(&n)) {
            sim.put(edge, Kind::Lease, lease(&name, now), out);
        }
    }
    if changed {
        // The NodeGroup controller and the EdgeApplication's status follow.
        for g in 0..GROUPS.len() {
            let v = node_group(&sim.clusters[edge], g);
            sim.put(edge, Kind::NodeGroup, v, out);
        }
        let app = edge_app(&sim.clusters[edge]);
        sim.put(edge, Kind::EdgeApplication, app, out);
    }
}
