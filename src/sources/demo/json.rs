//! Full objects for the demo's YAML view and action planners: rendered from the projections,
//! shaped like what a real apiserver returns.

use serde_json::{Value, json};

use crate::fleet::*;

fn ts(t: Ts) -> Value {
    if t <= 0 {
        return Value::Null;
    }
    Value::String(crate::sources::parse::format_rfc3339(t))
}

fn meta(key: &ObjKey, rv: u64, created: Ts) -> Value {
    let mut m = json!({
        "name": &*key.name,
        "resourceVersion": rv.to_string(),
        "uid": format!("00000000-0000-4000-8000-{:012x}", rv),
    });
    if let Some(ns) = &key.namespace {
        m["namespace"] = json!(&**ns);
    }
    if created > 0 {
        m["creationTimestamp"] = ts(created);
    }
    m
}

pub fn taints_json(taints: &[Taint]) -> Value {
    Value::Array(
        taints
            .iter()
            .map(|t| {
                let mut v = json!({"key": t.key, "effect": t.effect});
                if let Some(val) = &t.value {
                    v["value"] = json!(val);
                }
                v
            })
            .collect(),
    )
}

fn policy_spec(p: &PolicyRow) -> Value {
    let selectors: Vec<Value> = p
        .selectors
        .iter()
        .map(|sel| {
            let (kind, name) = sel.split_once('/').unwrap_or((sel, "*"));
            let mut v = json!({"apiVersion": "apps/v1", "kind": kind});
            if name != "*" {
                v["name"] = json!(name);
            }
            v
        })
        .collect();
    let mut rs = json!({});
    if let Some(t) = &p.scheduling_type {
        rs["replicaSchedulingType"] = json!(&**t);
    }
    if let Some(d) = &p.division_preference {
        rs["replicaDivisionPreference"] = json!(&**d);
    }
    if !p.static_weights.is_empty() {
        rs["weightPreference"] = json!({"staticWeightList": p.static_weights.iter().map(|w| json!({
            "targetCluster": {"clusterNames": w.clusters.iter().map(|c| &**c).collect::<Vec<_>>()},
            "weight": w.weight,
        })).collect::<Vec<_>>()});
    }
    if let Some(d) = &p.dynamic_weight {
        rs["weightPreference"] = json!({"dynamicWeight": &**d});
    }
    let mut placement = json!({"replicaScheduling": rs});
    if !p.cluster_names.is_empty() {
        placement["clusterAffinity"] =
            json!({"clusterNames": p.cluster_names.iter().map(|c| &**c).collect::<Vec<_>>()});
    }
    json!({"resourceSelectors": selectors, "placement": placement})
}

pub fn to_json(obj: &Obj, rv: u64) -> Value {
    let key = obj.key();
    match obj {
        Obj::Namespace(n) => json!({"apiVersion": "v1", "kind": "Namespace",
            "metadata": meta(&key, rv, n.created), "status": {"phase": &*n.phase}}),
        Obj::Node(n) => {
            let mut m = meta(&key, rv, n.created);
            if n.edge {
                m["labels"] = json!({"node-role.kubernetes.io/edge": ""});
            }
            json!({"apiVersion": "v1", "kind": "Node", "metadata": m,
                "spec": {"unschedulable": n.unschedulable},
                "status": {"conditions": [{"type": "Ready", "status": if n.ready {"True"} else {"Unknown"},
                    "reason": n.reason.as_deref().unwrap_or("KubeletReady"),
                    "lastHeartbeatTime": ts(n.last_heartbeat)}],
                    "nodeInfo": {"kubeletVersion": &*n.kubelet_version}}})
        }
        Obj::Pod(p) => {
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta(&key, rv, p.created),
            "spec": {"nodeName": p.node.as_deref(), "containers": [{"name": "main", "image": format!("registry.example/{}:1.4.2", p.name.rsplit_once('-').map(|x| x.0).unwrap_or(&p.name))}]},
            "status": {"phase": p.phase.as_str(), "containerStatuses": [{"name": "main", "ready": p.ready > 0,
                "restartCount": p.restarts,
                "state": match &p.reason { Some(r) => json!({"waiting": {"reason": &**r}}), None => json!({"running": {}}) }}]}})
        }
        Obj::Deployment(d) => {
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(&key, rv, d.created),
            "spec": {"replicas": d.replicas, "selector": {"matchLabels": {"app": &*d.name}}},
            "status": {"replicas": d.replicas, "readyReplicas": d.ready, "updatedReplicas": d.updated, "availableReplicas": d.available}})
        }
        Obj::Event(e) => json!({"apiVersion": "v1", "kind": "Event", "metadata": meta(&key, rv, 0),
            "type": "Warning", "reason": &*e.reason, "message": &*e.message, "count": e.count,
            "involvedObject": {"kind": e.object.split('/').next(), "name": e.object.split('/').nth(1)},
            "lastTimestamp": ts(e.last_seen)}),
        Obj::KarmadaCluster(c) => {
            json!({"apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
            "metadata": meta(&key, rv, 0),
            "spec": {"apiEndpoint": c.api_endpoint.as_deref(), "syncMode": c.sync_mode.as_deref(),
                "provider": c.provider.as_deref(), "region": c.region.as_deref(), "taints": taints_json(&c.taints)},
            "status": {"kubernetesVersion": c.kubernetes_version.as_deref(), "conditions": [{"type": "Ready",
                "status": match c.ready { Some(true) => "True", Some(false) => "False", None => "Unknown" },
                "reason": c.reason.as_deref(), "message": c.message.as_deref()}]}})
        }
        Obj::PropagationPolicy(p) => {
            json!({"apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy",
            "metadata": meta(&key, rv, 0), "spec": policy_spec(p)})
        }
        Obj::ClusterPropagationPolicy(p) => {
            json!({"apiVersion": "policy.karmada.io/v1alpha1", "kind": "ClusterPropagationPolicy",
            "metadata": meta(&key, rv, 0), "spec": policy_spec(p)})
        }
        Obj::ResourceBinding(b) => {
            let mut parts = b.resource.splitn(2, ' ');
            let kind = parts.next().unwrap_or("");
            let name = parts.next().and_then(|x| x.split('/').nth(1)).unwrap_or("");
            json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding", "metadata": meta(&key, rv, 0),
                "spec": {"resource": {"apiVersion": "apps/v1", "kind": kind, "namespace": &*b.namespace, "name": name},
                    "clusters": b.clusters.iter().map(|t| json!({"name": &*t.cluster, "replicas": t.replicas})).collect::<Vec<_>>()},
                "status": {"aggregatedStatus": b.aggregated.iter().map(|st| json!({"clusterName": &*st.cluster, "applied": st.applied, "health": &*st.health})).collect::<Vec<_>>()}})
        }
        Obj::Queue(q) => {
            json!({"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "Queue", "metadata": meta(&key, rv, 0),
            "spec": {"weight": q.weight, "reclaimable": q.reclaimable},
            "status": {"state": &*q.state, "running": q.running, "pending": q.pending}})
        }
        Obj::VirtualService(v) => {
            json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": meta(&key, rv, 0),
            "spec": {"hosts": v.hosts.iter().map(|h| &**h).collect::<Vec<_>>(),
                "http": v.http.iter().map(|routes| json!({"route": routes.iter().map(|r| {
                    let mut d = json!({"host": &*r.host});
                    if let Some(sub) = &r.subset { d["subset"] = json!(&**sub); }
                    let mut route = json!({"destination": d});
                    if let Some(w) = r.weight { route["weight"] = json!(w); }
                    route
                }).collect::<Vec<_>>()})).collect::<Vec<_>>()}})
        }
        Obj::DestinationRule(d) => {
            json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": meta(&key, rv, 0),
            "spec": {"host": &*d.host, "subsets": d.subsets.iter().map(|sub| json!({"name": &**sub, "labels": {"cluster": &**sub}})).collect::<Vec<_>>()}})
        }
        Obj::NodeGroup(g) => {
            json!({"apiVersion": "apps.kubeedge.io/v1alpha1", "kind": "NodeGroup", "metadata": meta(&key, rv, 0),
            "spec": {"nodes": g.nodes.iter().map(|n| &**n).collect::<Vec<_>>(),
                "matchLabels": g.match_labels.iter().map(|(k, v)| (k.to_string(), json!(&**v))).collect::<serde_json::Map<_, _>>()}})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ts;

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(ts(0), serde_json::Value::Null);
        assert_eq!(ts(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(ts(951_782_400), "2000-02-29T00:00:00Z");
    }
}
