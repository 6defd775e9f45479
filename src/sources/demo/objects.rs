//! Builders of full objects for the demo fleet, shaped like what a real apiserver returns.
//! The demo keeps these JSON objects and feeds them through the same lean types and projections
//! as the kube watchers.

use serde_json::{Value, json};

use super::world::Template;
use crate::fleet::Ts;
use crate::sources::parse::format_rfc3339;

pub fn ts(t: Ts) -> Value {
    if t <= 0 {
        return Value::Null;
    }
    Value::String(format_rfc3339(t))
}

/// `metadata` (the resourceVersion and uid are set when the object is stored).
pub fn meta(ns: Option<&str>, name: &str, created: Ts) -> Value {
    let mut m = json!({ "name": name });
    if let Some(ns) = ns {
        m["namespace"] = json!(ns);
    }
    if created > 0 {
        m["creationTimestamp"] = ts(created);
    }
    m
}

pub fn namespace(name: &str, created: Ts) -> Value {
    json!({"apiVersion": "v1", "kind": "Namespace", "metadata": meta(None, name, created),
        "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
}

pub fn node(name: &str, edge: bool, ready: bool, now: Ts, age_days: i64) -> Value {
    let mut m = meta(None, name, now - age_days * 86400);
    let mut labels = json!({"kubernetes.io/hostname": name, "kubernetes.io/os": "linux"});
    if edge {
        labels["node-role.kubernetes.io/edge"] = json!("");
    }
    m["labels"] = labels;
    let heartbeat = if ready { now - 12 } else { now - 3 * 3600 - 17 };
    json!({"apiVersion": "v1", "kind": "Node", "metadata": m, "spec": {},
        "status": {"conditions": [{"type": "Ready", "status": if ready {"True"} else {"Unknown"},
            "reason": if ready {"KubeletReady"} else {"NodeStatusUnknown"},
            "lastHeartbeatTime": ts(heartbeat)}],
            "nodeInfo": {"kubeletVersion": if edge {"v1.29.5-kubeedge-v1.18.1"} else {"v1.30.4"}}}})
}

/// Set a node's Ready condition.
pub fn set_node_ready(n: &mut Value, ready: bool, now: Ts) {
    let c = &mut n["status"]["conditions"][0];
    c["status"] = json!(if ready { "True" } else { "Unknown" });
    c["reason"] = json!(if ready {
        "KubeletReady"
    } else {
        "NodeStatusUnknown"
    });
    if ready {
        c["lastHeartbeatTime"] = ts(now);
    }
}

pub struct PodSpec<'a> {
    pub ns: &'a str,
    pub name: &'a str,
    pub node: &'a str,
    pub phase: &'a str,
    pub created: Ts,
    /// A waiting reason (CrashLoopBackOff) or a pod reason (NodeLost, for phase Unknown).
    pub reason: Option<&'a str>,
    pub restarts: i64,
}

pub fn pod(p: &PodSpec) -> Value {
    let app = p.name.rsplit_once('-').map(|x| x.0).unwrap_or(p.name);
    let ready = p.phase == "Running" && p.reason.is_none();
    let state = match (p.phase, p.reason) {
        ("Unknown", _) | (_, None) => json!({"running": {"startedAt": ts(p.created + 5)}}),
        ("Failed", Some(r)) => json!({"terminated": {"reason": r, "exitCode": 1}}),
        (_, Some(r)) => json!({"waiting": {"reason": r}}),
    };
    let mut m = meta(Some(p.ns), p.name, p.created);
    m["labels"] = json!({"app": app});
    let mut status = json!({"phase": p.phase, "containerStatuses": [{"name": "main", "ready": ready,
        "restartCount": p.restarts, "state": state,
        "image": format!("registry.example/{app}:1.4.2")}]});
    if p.phase == "Unknown" {
        status["reason"] = json!(p.reason.unwrap_or("NodeLost"));
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": m,
        "spec": {"nodeName": p.node, "containers": [{"name": "main", "image": format!("registry.example/{app}:1.4.2")}]},
        "status": status})
}

pub fn deployment(ns: &str, name: &str, replicas: i64, ready: i64, created: Ts) -> Value {
    workload("Deployment", ns, name, replicas, ready, created)
}

/// A Deployment or a StatefulSet (apps/v1) with its status.
pub fn workload(kind: &str, ns: &str, name: &str, replicas: i64, ready: i64, created: Ts) -> Value {
    let mut m = meta(Some(ns), name, created);
    m["labels"] = json!({"app": name});
    m["generation"] = json!(1);
    json!({"apiVersion": "apps/v1", "kind": kind, "metadata": m,
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "main", "image": format!("registry.example/{name}:1.4.2")}]}}},
        "status": {"replicas": replicas, "readyReplicas": ready, "updatedReplicas": replicas,
            "availableReplicas": ready}})
}

pub struct MemberSpec<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub provider: &'a str,
    pub sync_mode: &'a str,
    pub version: &'a str,
}

pub fn karmada_cluster(m: &MemberSpec, ready: bool) -> Value {
    let mut meta = meta(None, m.name, 0);
    let tier = if m.name.starts_with("edge") {
        "edge"
    } else {
        "prod"
    };
    meta["labels"] = json!({"fleetdeck.io/tier": tier, "topology.kubernetes.io/region": m.region});
    json!({"apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
        "metadata": meta,
        "spec": {"apiEndpoint": format!("https://{}.example.internal:6443", m.name),
            "syncMode": m.sync_mode, "provider": m.provider, "region": m.region},
        "status": {"kubernetesVersion": m.version, "conditions": [cluster_ready(ready)]}})
}

pub fn cluster_ready(ready: bool) -> Value {
    if ready {
        json!({"type": "Ready", "status": "True", "reason": "ClusterReady",
            "message": "cluster is healthy and ready to accept workloads"})
    } else {
        json!({"type": "Ready", "status": "False", "reason": "ClusterNotReachable",
            "message": "cluster is not reachable: context deadline exceeded"})
    }
}

/// A (Cluster)PropagationPolicy's spec: selectors `Kind/name`, placement.
pub fn policy(
    kind: &str,
    ns: Option<&str>,
    name: &str,
    selectors: &[&str],
    placement: Value,
) -> Value {
    let sel: Vec<Value> = selectors
        .iter()
        .map(|s| {
            let (k, n) = s.split_once('/').unwrap_or((s, "*"));
            let api = if k == "Service" || k == "Namespace" {
                "v1"
            } else {
                "apps/v1"
            };
            let mut v = json!({"apiVersion": api, "kind": k});
            if n != "*" {
                v["name"] = json!(n);
            }
            v
        })
        .collect();
    json!({"apiVersion": "policy.karmada.io/v1alpha1", "kind": kind, "metadata": meta(ns, name, 0),
        "spec": {"resourceSelectors": sel, "placement": placement}})
}

/// A ResourceBinding of a workload template (a Deployment or a StatefulSet), with where its
/// replicas went and their health.
pub(super) fn binding(dep: &Value, t: &Template, unhealthy: &[&str]) -> Value {
    let (ns, name) = (
        dep["metadata"]["namespace"].as_str().unwrap_or(""),
        dep["metadata"]["name"].as_str().unwrap_or(""),
    );
    let mut m = meta(Some(ns), &format!("{name}-{}", t.kind.to_lowercase()), 0);
    m["labels"] = if t.cluster_wide {
        json!({"clusterpropagationpolicy.karmada.io/name": t.policy})
    } else {
        json!({"propagationpolicy.karmada.io/namespace": ns,
            "propagationpolicy.karmada.io/name": t.policy})
    };
    m["generation"] = json!(1);
    let placement = t.placement;
    let mut b = json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding", "metadata": m,
        "spec": {"resource": {"apiVersion": "apps/v1", "kind": t.kind, "namespace": ns,
                "name": name, "uid": dep["metadata"]["uid"]},
            "replicas": dep["spec"]["replicas"],
            "clusters": placement.iter().map(|(c, r)| json!({"name": c, "replicas": r})).collect::<Vec<_>>()},
        "status": {"schedulerObservedGeneration": 1,
            // Scheduled when the template was created.
            "lastScheduledTime": dep["metadata"]["creationTimestamp"],
            "conditions": [
                {"type": "Scheduled", "status": "True", "reason": "Success",
                    "message": "Binding has been scheduled successfully."},
                {"type": "FullyApplied", "status": "True", "reason": "FullyAppliedSuccess",
                    "message": "All works have been successfully applied"}],
            "aggregatedStatus": placement.iter().map(|(c, _)| json!({"clusterName": c,
            "applied": true, "health": if unhealthy.contains(c) {"Unhealthy"} else {"Healthy"},
            // What Karmada's status interpreter reflects: the template generation applied.
            "status": {"resourceTemplateGeneration": dep["metadata"]["generation"]}}))
            .collect::<Vec<_>>()}});
    if let Some((from, reason, message)) = t.evicting {
        b["spec"]["gracefulEvictionTasks"] = json!([{"fromCluster": from, "reason": reason,
            "message": message, "producer": "TaintManager"}]);
    }
    b
}

/// A ClusterResourceBinding of a cluster-scoped template (a Namespace) from a
/// ClusterPropagationPolicy: on every one of `clusters`, applied and healthy (Karmada counts a
/// kind without a health interpreter as healthy).
pub(super) fn cluster_binding(tmpl: &Value, policy: &str, clusters: &[&str]) -> Value {
    let kind = tmpl["kind"].as_str().unwrap_or("");
    let name = tmpl["metadata"]["name"].as_str().unwrap_or("");
    let mut m = meta(None, &format!("{name}-{}", kind.to_lowercase()), 0);
    m["annotations"] = json!({"clusterpropagationpolicy.karmada.io/name": policy});
    m["generation"] = json!(1);
    json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ClusterResourceBinding", "metadata": m,
        "spec": {"resource": {"apiVersion": tmpl["apiVersion"], "kind": kind, "name": name,
                "uid": tmpl["metadata"]["uid"]},
            "clusters": clusters.iter().map(|c| json!({"name": c})).collect::<Vec<_>>()},
        "status": {"schedulerObservedGeneration": 1,
            "conditions": [
                {"type": "Scheduled", "status": "True", "reason": "Success"},
                {"type": "FullyApplied", "status": "True", "reason": "FullyAppliedSuccess"}],
            "aggregatedStatus": clusters.iter().map(|c| json!({"clusterName": c, "applied": true,
                "health": "Healthy"})).collect::<Vec<_>>()}})
}

/// A Volcano PodGroup: (queue, minMember) and its status (phase, running, succeeded, failed).
pub fn pod_group(
    ns: &str,
    name: &str,
    queue: &str,
    min: i64,
    phase: &str,
    counts: [i64; 3],
    created: Ts,
) -> Value {
    json!({"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "PodGroup",
        "metadata": meta(Some(ns), name, created), "spec": {"queue": queue, "minMember": min},
        "status": {"phase": phase, "running": counts[0], "succeeded": counts[1], "failed": counts[2]}})
}

/// An http route of a VirtualService: its name and (subset, weight) destinations.
pub type Route<'a> = (&'a str, &'a [(&'a str, i64)]);

/// A VirtualService whose http routes send to subsets of one host; a route named `canary`
/// matches the `x-canary` header.
pub fn virtual_service(ns: &str, name: &str, host: &str, routes: &[Route]) -> Value {
    let http: Vec<Value> = routes
        .iter()
        .map(|(rname, dests)| {
            let mut r = json!({"name": rname, "route": dests.iter().map(|(subset, w)| json!({
                "destination": {"host": host, "subset": subset}, "weight": w})).collect::<Vec<_>>()});
            if *rname == "canary" {
                r["match"] = json!([{"headers": {"x-canary": {"exact": "true"}}}]);
            }
            r
        })
        .collect();
    json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": meta(Some(ns), name, 0), "spec": {"hosts": [host], "http": http}})
}

/// A DestinationRule with a subset per member cluster (`topology.istio.io/cluster`), outlier
/// detection and locality failover when `failover` names the regions (from → to).
pub fn destination_rule(
    ns: &str,
    name: &str,
    host: &str,
    subsets: &[&str],
    failover: Option<(&str, &str)>,
    outlier: bool,
) -> Value {
    let mut spec = json!({"host": host, "subsets": subsets.iter().map(|s| json!({"name": s,
        "labels": {"topology.istio.io/cluster": s}})).collect::<Vec<_>>()});
    if let Some((from, to)) = failover {
        spec["trafficPolicy"] = json!({
            "loadBalancer": {"localityLbSetting": {"enabled": true,
                "failover": [{"from": from, "to": to}]}}});
        if outlier {
            spec["trafficPolicy"]["outlierDetection"] =
                json!({"consecutive5xxErrors": 5, "interval": "10s", "baseEjectionTime": "30s"});
        }
    }
    json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": meta(Some(ns), name, 0), "spec": spec})
}

pub fn node_group(name: &str, nodes: &[String], labels: &[(&str, &str)]) -> Value {
    let ml: serde_json::Map<String, Value> = labels
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    json!({"apiVersion": "apps.kubeedge.io/v1alpha1", "kind": "NodeGroup",
        "metadata": meta(None, name, 0), "spec": {"nodes": nodes, "matchLabels": ml}})
}

pub struct WarningSpec<'a> {
    pub ns: &'a str,
    pub name: &'a str,
    pub reason: &'a str,
    /// `Kind/name`.
    pub object: &'a str,
    pub message: &'a str,
    pub first: Ts,
    pub last: Ts,
    pub count: i64,
}

pub fn warning(w: &WarningSpec) -> Value {
    let (kind, name) = w.object.split_once('/').unwrap_or(("", w.object));
    let mut inv = json!({"kind": kind, "name": name});
    if kind != "Node" {
        inv["namespace"] = json!(w.ns);
    }
    json!({"apiVersion": "v1", "kind": "Event", "metadata": meta(Some(w.ns), w.name, w.first),
        "type": "Warning", "reason": w.reason, "message": w.message, "count": w.count,
        "involvedObject": inv, "source": {"component": "kubelet"},
        "firstTimestamp": ts(w.first), "lastTimestamp": ts(w.last)})
}
