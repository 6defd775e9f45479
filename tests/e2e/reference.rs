//! The apiservers' own answers, read through a separate kube client (not fleetdeck's watchers).

use super::*;

/// Karmada's `Cluster` (cluster.karmada.io/v1alpha1), listed as a dynamic object.
pub fn karmada_cluster_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("cluster.karmada.io", "v1alpha1", "Cluster"),
        "clusters",
    )
}

pub async fn karmada_cluster(client: &Client, name: &str) -> DynamicObject {
    Api::<DynamicObject>::all_with(client.clone(), &karmada_cluster_resource())
        .get(name)
        .await
        .unwrap_or_else(|e| panic!("GET Cluster {name} on karmada: {e}"))
}

pub fn taints_of(obj: &DynamicObject) -> Vec<String> {
    obj.data["spec"]["taints"]
        .as_array()
        .map(|ts| {
            ts.iter()
                .map(|t| {
                    let key = t["key"].as_str().unwrap_or("");
                    let effect = t["effect"].as_str().unwrap_or("");
                    match t["value"].as_str().filter(|v| !v.is_empty()) {
                        Some(v) => format!("{key}={v}:{effect}"),
                        None => format!("{key}:{effect}"),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What the overview should say about a member, from its Cluster object on the control plane.
pub fn karmada_facts(obj: &DynamicObject) -> Value {
    let ready = obj.data["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"));
    json!({
        "ready": match ready.and_then(|c| c["status"].as_str()) {
            Some("True") => json!(true),
            Some("False") => json!(false),
            _ => Value::Null,
        },
        "reason": ready.map(|c| c["reason"].clone()).unwrap_or(Value::Null),
        "region": obj.data["spec"]["region"],
        "provider": obj.data["spec"]["provider"],
        "syncMode": obj.data["spec"]["syncMode"],
        "taints": taints_of(obj),
    })
}

/// One cluster as its apiserver lists it, counted here (not by fleetdeck's watchers).
#[derive(Debug)]
pub struct Counted {
    pub version: String,
    pub nodes: (u64, u64),
    pub edge_nodes: (u64, u64),
    /// total, running, pending, failed
    pub pods: (u64, u64, u64, u64),
    pub warnings: u64,
}

pub fn ts_secs(t: &k8s_openapi::jiff::Timestamp) -> i64 {
    t.as_second()
}

pub async fn count(client: &Client) -> Counted {
    let version = client
        .apiserver_version()
        .await
        .expect("/version")
        .git_version;
    let lp = ListParams::default();
    let nodes = Api::<Node>::all(client.clone())
        .list(&lp)
        .await
        .expect("list nodes");
    let mut n = (0, 0);
    let mut edge = (0, 0);
    for node in &nodes {
        let ready = node
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
            .is_some_and(|c| c.status == "True");
        n.1 += 1;
        n.0 += ready as u64;
        if node.labels().contains_key("node-role.kubernetes.io/edge") {
            edge.1 += 1;
            edge.0 += ready as u64;
        }
    }
    let pods = Api::<Pod>::all(client.clone())
        .list(&lp)
        .await
        .expect("list pods");
    let mut p = (0, 0, 0, 0);
    for pod in &pods {
        p.0 += 1;
        match pod.status.as_ref().and_then(|s| s.phase.as_deref()) {
            Some("Running") => p.1 += 1,
            Some("Pending") => p.2 += 1,
            Some("Failed") => p.3 += 1,
            _ => {}
        }
    }
    let now = k8s_openapi::jiff::Timestamp::now().as_second();
    let events = Api::<Event>::all(client.clone())
        .list(&lp)
        .await
        .expect("list events");
    let warnings = events
        .iter()
        .filter(|e| e.type_.as_deref() == Some("Warning"))
        .filter(|e| {
            let last = [
                e.series
                    .as_ref()
                    .and_then(|s| s.last_observed_time.as_ref())
                    .map(|t| ts_secs(&t.0)),
                e.last_timestamp.as_ref().map(|t| ts_secs(&t.0)),
                e.event_time.as_ref().map(|t| ts_secs(&t.0)),
                e.first_timestamp.as_ref().map(|t| ts_secs(&t.0)),
            ]
            .into_iter()
            .flatten()
            .max()
            .or_else(|| {
                e.metadata
                    .creation_timestamp
                    .as_ref()
                    .map(|t| ts_secs(&t.0))
            })
            .unwrap_or(0);
            last >= now - WARNING_WINDOW_SECS
        })
        .count() as u64;
    Counted {
        version,
        nodes: n,
        edge_nodes: edge,
        pods: p,
        warnings,
    }
}

pub async fn pod_keys(client: &Client) -> BTreeSet<String> {
    Api::<Pod>::all(client.clone())
        .list(&ListParams::default())
        .await
        .expect("list pods")
        .iter()
        .map(|p| format!("{}/{}", p.namespace().unwrap_or_default(), p.name_any()))
        .collect()
}
