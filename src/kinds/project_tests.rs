use serde_json::{Value, json};

use super::*;

pub(super) fn managed_fields() -> Value {
    json!([{
        "manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
        "time": "2024-05-01T12:00:00Z", "fieldsType": "FieldsV1",
        "fieldsV1": {"f:metadata": {"f:annotations": {"f:node.alpha.kubernetes.io/ttl": {}}},
                     "f:status": {"f:conditions": {"k:{\"type\":\"Ready\"}": {".": {}, "f:status": {}}}}}
    }])
}

pub(super) fn decode<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("decodes")
}

#[test]
fn metadata_keeps_only_what_is_shown() {
    let o: NamespaceL = decode(json!({
        "kind": "Namespace", "apiVersion": "v1",
        "metadata": {"name": "shop", "uid": "6a1f6a4e-0b7e-4a59-9d0e-1f2a3b4c5d6e",
            "resourceVersion": "4242", "creationTimestamp": "2023-11-14T22:13:20Z",
            "labels": {"kubernetes.io/metadata.name": "shop"},
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"big\":true}"},
            "ownerReferences": [{"apiVersion": "v1", "kind": "X", "name": "y", "uid": "z"}],
            "managedFields": managed_fields()},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Terminating"}
    }));
    let m = &o.metadata;
    assert_eq!(m.resource_version.as_deref(), Some("4242"));
    assert_eq!(
        m.uid.as_deref(),
        Some("6a1f6a4e-0b7e-4a59-9d0e-1f2a3b4c5d6e")
    );
    assert!(m.managed_fields.is_none());
    assert!(m.annotations.is_none());
    assert!(m.owner_references.is_none());
    assert_eq!(
        namespace(o),
        Obj::Namespace(NamespaceRow {
            name: "shop".into(),
            phase: "Terminating".into(),
            created: 1_700_000_000,
        })
    );
}

fn node_json(ready: &str, reason: &str, edge: bool) -> Value {
    let mut labels = json!({"kubernetes.io/hostname": "edge-1", "kubernetes.io/os": "linux"});
    if edge {
        labels["node-role.kubernetes.io/edge"] = json!("");
        labels["apps.kubeedge.io/belonging-to"] = json!("shanghai-factory");
    }
    json!({
        "kind": "Node", "apiVersion": "v1",
        "metadata": {"name": "edge-1", "uid": "1", "resourceVersion": "99",
            "creationTimestamp": "2023-11-14T22:13:20Z", "labels": labels,
            "annotations": {"node.alpha.kubernetes.io/ttl": "0"}, "managedFields": managed_fields()},
        "spec": {"podCIDR": "10.244.1.0/24", "unschedulable": true,
            "taints": [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]},
        "status": {
            "capacity": {"cpu": "4", "memory": "8Gi"},
            "conditions": [
                {"type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory",
                 "lastHeartbeatTime": "2023-11-14T22:10:00Z"},
                {"type": "Ready", "status": ready, "reason": reason,
                 "message": "Kubelet stopped posting node status.",
                 "lastHeartbeatTime": "2023-11-14T22:13:00Z", "lastTransitionTime": "2023-11-14T22:00:00Z"}
            ],
            "nodeInfo": {"kubeletVersion": "v1.29.5-kubeedge-v1.18.1", "osImage": "Ubuntu 22.04",
                "architecture": "arm64"},
            "addresses": [{"type": "Hostname", "address": "edge-1"},
                {"type": "InternalIP", "address": "10.20.0.7"}],
            "images": [{"names": ["registry.k8s.io/pause:3.9"], "sizeBytes": 321}]
        }
    })
}

#[test]
fn node_ready_edge_and_heartbeat() {
    let row = node(decode(node_json("Unknown", "NodeStatusUnknown", true)));
    assert_eq!(
        row,
        Obj::Node(NodeRow {
            name: "edge-1".into(),
            ready: false,
            reason: Some("NodeStatusUnknown".into()),
            edge: true,
            unschedulable: true,
            kubelet_version: "v1.29.5-kubeedge-v1.18.1".into(),
            last_heartbeat: 1_700_000_000 - 20,
            ready_since: 1_700_000_000 - 800,
            group: Some("shanghai-factory".into()),
            arch: "arm64".into(),
            internal_ip: Some("10.20.0.7".parse().unwrap()),
            created: 1_700_000_000,
        })
    );
    let Obj::Node(n) = node(decode(node_json("True", "KubeletReady", false))) else {
        panic!()
    };
    assert!(n.ready && !n.edge);
    assert_eq!(n.reason, None);
    // No status at all (a node just registered) and `spec: null`.
    let Obj::Node(n) = node(decode(json!({"metadata": {"name": "n"}, "spec": null}))) else {
        panic!()
    };
    assert!(!n.ready);
    assert_eq!((n.last_heartbeat, n.created), (0, 0));
}

fn container(name: &str, ready: bool, restarts: i64, state: Value) -> Value {
    json!({"name": name, "ready": ready, "restartCount": restarts, "state": state,
        "image": "registry.example/web:1.4.2", "imageID": "sha256:abc", "containerID": "containerd://x",
        "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}})
}

fn pod_json(meta_extra: Value, status: Value) -> Value {
    let mut meta = json!({"name": "web-7d9f8-abcde", "namespace": "shop", "uid": "u",
        "resourceVersion": "7", "creationTimestamp": "2023-11-14T22:13:20Z",
        "labels": {"app": "web"}, "managedFields": managed_fields(),
        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d9f8", "uid": "r"}]});
    for (k, v) in meta_extra.as_object().unwrap() {
        meta[k] = v.clone();
    }
    json!({"kind": "Pod", "apiVersion": "v1", "metadata": meta,
        "spec": {"nodeName": "member1-node-2", "restartPolicy": "Always",
            "containers": [
                {"name": "web", "image": "registry.example/web:1.4.2", "env": [{"name": "A", "value": "b"}],
                 "resources": {"limits": {"cpu": "1"}}, "volumeMounts": [{"name": "v", "mountPath": "/v"}]},
                {"name": "istio-proxy", "image": "istio/proxyv2:1.22", "args": ["proxy", "sidecar"]}
            ],
            "volumes": [{"name": "v", "emptyDir": {}}]},
        "status": status})
}

#[test]
fn pod_crashloop_in_the_second_container() {
    let o: PodL = decode(pod_json(
        json!({}),
        json!({"phase": "Running", "podIP": "10.0.0.5", "startTime": "2023-11-14T22:13:21Z",
        "conditions": [{"type": "Ready", "status": "False"}],
        "containerStatuses": [
            container("web", true, 0, json!({"running": {"startedAt": "2023-11-14T22:13:25Z"}})),
            container("istio-proxy", false, 7, json!({"waiting": {"reason": "CrashLoopBackOff",
                "message": "back-off 5m0s restarting failed container"}}))
        ]}),
    ));
    assert_eq!(
        pod(o),
        Obj::Pod(PodRow {
            namespace: "shop".into(),
            name: "web-7d9f8-abcde".into(),
            phase: PodPhase::Running,
            reason: Some("CrashLoopBackOff".into()),
            ready: 1,
            containers: 2,
            restarts: 7,
            node: Some("member1-node-2".into()),
            created: 1_700_000_000,
        })
    );
}

fn pod_reason_of(meta: Value, status: Value) -> (PodPhase, Option<Str>) {
    let Obj::Pod(p) = pod(decode(pod_json(meta, status))) else {
        panic!()
    };
    (p.phase, p.reason)
}

#[test]
fn pod_reasons_like_kubectl() {
    // Healthy: no reason.
    let running = json!({"running": {}});
    let st = json!({"phase": "Running", "containerStatuses": [
        container("web", true, 0, running.clone()), container("istio-proxy", true, 0, running.clone())]});
    assert_eq!(
        pod_reason_of(json!({}), st.clone()),
        (PodPhase::Running, None)
    );
    // Evicted: the pod's own reason.
    let ev = json!({"phase": "Failed", "reason": "Evicted", "message": "The node was low on resource: memory."});
    assert_eq!(
        pod_reason_of(json!({}), ev),
        (PodPhase::Failed, Some("Evicted".into()))
    );
    // A terminated container's reason wins over the pod's.
    let oom = json!({"phase": "Failed", "reason": "Whatever", "containerStatuses": [
        container("web", false, 0, json!({"terminated": {"exitCode": 137, "reason": "OOMKilled"}}))]});
    assert_eq!(pod_reason_of(json!({}), oom).1, Some("OOMKilled".into()));
    // Init container trouble.
    let init = json!({"phase": "Pending",
        "initContainerStatuses": [
            container("migrate", false, 0, json!({"terminated": {"exitCode": 0, "reason": "Completed"}})),
            container("wait-db", false, 3, json!({"waiting": {"reason": "CrashLoopBackOff"}}))],
        "containerStatuses": [container("web", false, 0, json!({"waiting": {"reason": "PodInitializing"}}))]});
    assert_eq!(
        pod_reason_of(json!({}), init).1,
        Some("Init:CrashLoopBackOff".into())
    );
    // Being deleted.
    let del =
        json!({"deletionTimestamp": "2023-11-14T22:20:00Z", "deletionGracePeriodSeconds": 30});
    assert_eq!(pod_reason_of(del.clone(), st).1, Some("Terminating".into()));
    let lost = json!({"phase": "Running", "reason": "NodeLost"});
    assert_eq!(pod_reason_of(del, lost).1, Some("Unknown".into()));
    // Pending, unscheduled, no statuses yet: containers still counted from the spec.
    let Obj::Pod(p) = pod(decode(pod_json(json!({}), json!({"phase": "Pending"})))) else {
        panic!()
    };
    assert_eq!((p.ready, p.containers, p.restarts), (0, 2, 0));
}

#[test]
fn deployment_counts() {
    let o: DeploymentL = decode(json!({
        "kind": "Deployment", "apiVersion": "apps/v1",
        "metadata": {"name": "web", "namespace": "shop", "generation": 4, "resourceVersion": "11",
            "creationTimestamp": "2023-11-14T22:13:20Z", "managedFields": managed_fields(),
            "annotations": {"deployment.kubernetes.io/revision": "3"}},
        "spec": {"replicas": 6, "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "w"}]}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}},
        "status": {"observedGeneration": 4, "replicas": 6, "updatedReplicas": 4, "readyReplicas": 5,
            "availableReplicas": 5, "unavailableReplicas": 1,
            "conditions": [{"type": "Available", "status": "True"}]}
    }));
    assert_eq!(
        deployment(o),
        Obj::Deployment(DeploymentRow {
            namespace: "shop".into(),
            name: "web".into(),
            replicas: 6,
            ready: 5,
            updated: 4,
            available: 5,
            created: 1_700_000_000,
            generation: 4,
        })
    );
    // A scaled-to-zero deployment has no ready/available fields at all.
    let o: DeploymentL = decode(json!({"metadata": {"name": "idle", "namespace": "a"},
        "spec": {"replicas": 0}, "status": {"observedGeneration": 2}}));
    let Obj::Deployment(d) = deployment(o) else {
        panic!()
    };
    assert_eq!((d.replicas, d.ready, d.updated, d.available), (0, 0, 0, 0));
}

#[test]
fn statefulset_shares_the_deployment_row() {
    let o: DeploymentL = decode(json!({
        "kind": "StatefulSet", "apiVersion": "apps/v1",
        "metadata": {"name": "db", "namespace": "shop", "generation": 2,
            "creationTimestamp": "2023-11-14T22:13:20Z", "managedFields": managed_fields()},
        "spec": {"replicas": 3, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
            "volumeClaimTemplates": [{"metadata": {"name": "data"}}]},
        "status": {"observedGeneration": 2, "replicas": 3, "readyReplicas": 2, "currentReplicas": 3,
            "updatedReplicas": 3, "availableReplicas": 2, "currentRevision": "db-5d8f"}
    }));
    let Obj::StatefulSet(d) = Obj::StatefulSet(StatefulSet::project(o)) else {
        panic!()
    };
    assert_eq!(
        (d.replicas, d.ready, d.updated, d.available, d.created),
        (3, 2, 3, 2, 1_700_000_000)
    );
    assert_eq!(StatefulSet::columns()[2].meta.id, "ready");
}

#[test]
fn warning_events_old_and_new_style() {
    let o: EventL = decode(json!({
        "kind": "Event", "apiVersion": "v1",
        "metadata": {"name": "web-7d9f8-abcde.17a8c3d2e1f0", "namespace": "shop", "resourceVersion": "5",
            "creationTimestamp": "2023-11-14T21:00:00Z", "managedFields": managed_fields()},
        "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-7d9f8-abcde",
            "uid": "u", "apiVersion": "v1", "resourceVersion": "7", "fieldPath": "spec.containers{web}"},
        "reason": "BackOff", "message": "Back-off restarting failed container web\n",
        "source": {"component": "kubelet", "host": "member1-node-2"},
        "firstTimestamp": "2023-11-14T21:00:00Z", "lastTimestamp": "2023-11-14T22:13:20Z",
        "count": 42, "type": "Warning", "eventTime": null, "reportingComponent": "", "reportingInstance": ""
    }));
    assert_eq!(
        event(o),
        Obj::Event(WarningEvent {
            namespace: "shop".into(),
            name: "web-7d9f8-abcde.17a8c3d2e1f0".into(),
            reason: "BackOff".into(),
            message: "Back-off restarting failed container web".into(),
            object: "Pod/web-7d9f8-abcde".into(),
            count: 42,
            first_seen: 1_700_000_000 - 4400,
            last_seen: 1_700_000_000,
        })
    );
    // events.k8s.io-style: no count/lastTimestamp, a series instead.
    let o: EventL = decode(json!({
        "metadata": {"name": "n.1", "namespace": "default", "creationTimestamp": "2023-11-14T20:00:00Z"},
        "involvedObject": {"kind": "Node", "name": "edge-1"}, "reason": "NodeNotReady",
        "message": "Node edge-1 status is now: NodeNotReady", "type": "Warning",
        "eventTime": "2023-11-14T21:00:00.000000Z", "lastTimestamp": null,
        "series": {"count": 3, "lastObservedTime": "2023-11-14T22:13:20.123456Z"},
        "reportingComponent": "node-controller"
    }));
    let Obj::Event(e) = event(o) else { panic!() };
    assert_eq!((e.count, e.last_seen), (3, 1_700_000_000));
    assert_eq!(e.first_seen, 1_700_000_000 - 4400, "the eventTime");
    assert_eq!(&*e.object, "Node/edge-1");
}
