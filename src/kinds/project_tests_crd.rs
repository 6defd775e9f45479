//! Projections of the optional kinds (Karmada, Volcano, Istio, KubeEdge) from apiserver JSON.

use crate::karmada::placement::Mode;
use serde_json::json;

use super::core::{decode, managed_fields};
use super::*;
use crate::kinds::queue::Res;

#[test]
fn karmada_cluster_not_ready_with_taints() {
    let o: KarmadaClusterL = decode(json!({
        "apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
        "metadata": {"name": "member2", "uid": "c2", "resourceVersion": "812", "generation": 3,
            "creationTimestamp": "2023-11-14T22:13:20Z", "finalizers": ["karmada.io/cluster-controller"],
            "managedFields": managed_fields()},
        "spec": {"id": "0c0c", "syncMode": "Push", "apiEndpoint": "https://172.18.0.4:6443",
            "secretRef": {"namespace": "karmada-cluster", "name": "member2"},
            "impersonatorSecretRef": {"namespace": "karmada-cluster", "name": "member2-impersonator"},
            "provider": "aws", "region": "eu-west-1", "zones": ["eu-west-1a"],
            "taints": [{"key": "cluster.karmada.io/not-ready", "effect": "NoSchedule", "timeAdded": "2023-11-14T22:13:30Z"},
                       {"key": "team", "value": "a", "effect": "NoExecute"}],
            "resourceModels": [{"grade": 0, "ranges": [{"name": "cpu", "min": "0", "max": "1"}]}]},
        "status": {"kubernetesVersion": "v1.29.2",
            "apiEnablements": [{"groupVersion": "apps/v1", "resources": [{"name": "deployments", "kind": "Deployment"}]}],
            "conditions": [{"type": "Ready", "status": "False", "reason": "ClusterNotReachable",
                "message": "cluster is not reachable", "lastTransitionTime": "2023-11-14T22:13:30Z"}],
            "nodeSummary": {"totalNum": 3, "readyNum": 0}}
    }));
    let Obj::KarmadaCluster(c) = karmada_cluster(o) else {
        panic!()
    };
    assert_eq!(c.name.as_ref(), "member2");
    assert_eq!(c.ready, Some(false));
    assert_eq!(c.reason.as_deref(), Some("ClusterNotReachable"));
    assert_eq!(c.message.as_deref(), Some("cluster is not reachable"));
    assert_eq!(c.sync_mode.as_deref(), Some("Push"));
    assert_eq!(c.provider.as_deref(), Some("aws"));
    assert_eq!(c.region.as_deref(), Some("eu-west-1"));
    assert_eq!(c.kubernetes_version.as_deref(), Some("v1.29.2"));
    assert_eq!(c.api_endpoint.as_deref(), Some("https://172.18.0.4:6443"));
    let taints: Vec<String> = c.taints.iter().map(|t| t.to_string()).collect();
    assert_eq!(
        taints,
        [
            "cluster.karmada.io/not-ready:NoSchedule",
            "team=a:NoExecute"
        ]
    );

    // Freshly joined: no status yet, taints null.
    let o: KarmadaClusterL = decode(json!({"metadata": {"name": "member3"},
        "spec": {"syncMode": "Pull", "taints": null}}));
    let Obj::KarmadaCluster(c) = karmada_cluster(o) else {
        panic!()
    };
    assert_eq!((c.ready, c.reason, c.taints.len()), (None, None, 0));
}

#[test]
fn propagation_policies_weighted_and_cluster_scoped() {
    let o: PolicyL = decode(json!({
        "apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy",
        "metadata": {"name": "web", "namespace": "shop", "resourceVersion": "3", "generation": 1,
            "labels": {"propagationpolicy.karmada.io/permanent-id": "x"}, "managedFields": managed_fields()},
        "spec": {
            "resourceSelectors": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                                  {"apiVersion": "v1", "kind": "Service", "labelSelector": {"matchLabels": {"app": "web"}}}],
            "placement": {
                "clusterAffinity": {"clusterNames": ["member1", "member2"]},
                "clusterTolerations": [{"key": "cluster.karmada.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}],
                "replicaScheduling": {"replicaSchedulingType": "Divided", "replicaDivisionPreference": "Weighted",
                    "weightPreference": {"staticWeightList": [
                        {"targetCluster": {"clusterNames": ["member1"]}, "weight": 2},
                        {"targetCluster": {"clusterNames": ["member2", "member3"]}, "weight": 1}]}}},
            "priority": 0, "preemption": "Never", "conflictResolution": "Abort"},
        "status": {}
    }));
    let Obj::PropagationPolicy(p) = propagation_policy(o) else {
        panic!()
    };
    assert_eq!(p.namespace.as_deref(), Some("shop"));
    assert_eq!(p.name.as_ref(), "web");
    let sels: Vec<&str> = p.selectors.iter().map(|x| x.as_ref()).collect();
    assert_eq!(sels, ["Deployment/web", "Service/*"]);
    assert_eq!(p.scheduling(), "Divided/Weighted");
    assert_eq!(p.placement.mode(), Mode::Static);
    let rules = p.placement.rules();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].weight, 2);
    assert_eq!(
        rules[1].target_cluster.cluster_names,
        ["member2", "member3"]
    );
    assert_eq!(p.weights(), "member1=2 member2,member3=1");
    let names = &p.placement.affinity().unwrap().cluster_names;
    assert_eq!(names, &["member1", "member2"]);

    let o: PolicyL = decode(json!({
        "apiVersion": "policy.karmada.io/v1alpha1", "kind": "ClusterPropagationPolicy",
        "metadata": {"name": "crds", "managedFields": managed_fields()},
        "spec": {"resourceSelectors": [{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition"}],
            "placement": {"replicaScheduling": {"replicaSchedulingType": "Divided",
                "replicaDivisionPreference": "Weighted",
                "weightPreference": {"dynamicWeight": "AvailableReplicas"}}}}
    }));
    let Obj::ClusterPropagationPolicy(p) = cluster_propagation_policy(o) else {
        panic!()
    };
    assert_eq!(p.namespace, None);
    assert_eq!(&*p.selectors[0], "CustomResourceDefinition/*");
    assert_eq!(
        p.placement.mode(),
        Mode::Dynamic("AvailableReplicas".into())
    );
    assert!(p.placement.rules().is_empty() && p.placement.affinity().is_none());
}

#[test]
fn volcano_queue() {
    let o: QueueL = decode(json!({
        "apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "Queue",
        "metadata": {"name": "batch", "resourceVersion": "9", "managedFields": managed_fields()},
        "spec": {"weight": 4, "reclaimable": false, "capability": {"cpu": "64", "memory": "256Gi"},
            "guarantee": {"resource": {"cpu": "8"}}},
        "status": {"state": "Open", "running": 12, "pending": 3, "inqueue": 1,
            "allocated": {"cpu": "24"}, "reservation": {}}
    }));
    assert_eq!(
        queue(o),
        Obj::Queue(QueueRow {
            reclaimable: Some(false),
            capability: Res {
                cpu: Some("64".into()),
                memory: Some("256Gi".into()),
                gpu: None
            },
            guarantee: Res {
                cpu: Some("8".into()),
                ..Res::default()
            },
            ..QueueRow::new("batch", "Open", 4, None)
        })
    );
    let Obj::Queue(q) = queue(decode(json!({"metadata": {"name": "new"}, "spec": {}}))) else {
        panic!()
    };
    assert_eq!((&*q.state, q.weight, q.reclaimable), ("Unknown", 1, None));
}

#[test]
fn istio_routes_and_subsets() {
    let o: VirtualServiceL = decode(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "web", "namespace": "shop", "generation": 2, "managedFields": managed_fields(),
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}},
        "spec": {"hosts": ["web.shop.svc.cluster.local", "web.example.com"], "gateways": ["mesh"],
            "http": [
                {"name": "canary", "match": [{"headers": {"x-canary": {"exact": "1"}}}],
                 "route": [{"destination": {"host": "web", "subset": "v2", "port": {"number": 80}}}]},
                {"route": [{"destination": {"host": "web", "subset": "v1"}, "weight": 90},
                           {"destination": {"host": "web", "subset": "v2"}, "weight": 10}],
                 "retries": {"attempts": 3}, "timeout": "5s"}]},
        "status": {"observedGeneration": 2}
    }));
    let Obj::VirtualService(v) = virtual_service(o) else {
        panic!()
    };
    assert_eq!(v.hosts.len(), 2);
    assert_eq!(v.http.len(), 2);
    assert_eq!(
        v.http[0],
        vec![RouteDest {
            host: "web".into(),
            subset: Some("v2".into()),
            weight: None
        }]
    );
    assert_eq!(v.http[1][0].weight, Some(90));
    assert_eq!(v.http[1][1].subset.as_deref(), Some("v2"));

    let o: DestinationRuleL = decode(json!({
        "apiVersion": "networking.istio.io/v1beta1", "kind": "DestinationRule",
        "metadata": {"name": "web", "namespace": "shop", "managedFields": managed_fields()},
        "spec": {"host": "web.shop.svc.cluster.local",
            "trafficPolicy": {"loadBalancer": {"simple": "LEAST_REQUEST"}},
            "subsets": [{"name": "v1", "labels": {"version": "v1"}},
                        {"name": "member2", "labels": {"topology.istio.io/cluster": "member2"},
                            "trafficPolicy": {"tls": {"mode": "ISTIO_MUTUAL"}}}]}
    }));
    assert_eq!(
        destination_rule(o),
        Obj::DestinationRule(DestinationRuleRow {
            namespace: "shop".into(),
            name: "web".into(),
            host: "web.shop.svc.cluster.local".into(),
            subsets: vec![
                Subset {
                    name: "v1".into(),
                    cluster: None
                },
                Subset {
                    name: "member2".into(),
                    cluster: Some("member2".into())
                }
            ],
            outlier: false,
            locality: None,
        })
    );
    let o: DestinationRuleL = decode(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "cart", "namespace": "shop"},
        "spec": {"host": "cart", "trafficPolicy": {
            "outlierDetection": {"consecutive5xxErrors": 5},
            "loadBalancer": {"localityLbSetting": {"enabled": true,
                "failover": [{"from": "eu", "to": "us"}]}}}}
    }));
    let Obj::DestinationRule(d) = destination_rule(o) else {
        panic!()
    };
    assert!(d.outlier);
    assert_eq!(d.locality.as_deref(), Some("failover"));
    let o: DestinationRuleL = decode(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "cart", "namespace": "shop"},
        "spec": {"host": "cart", "trafficPolicy": {"loadBalancer": {"localityLbSetting":
            {"distribute": [{"from": "eu/*", "to": {"eu/*": 80, "us/*": 20}}]}}}}
    }));
    let Obj::DestinationRule(d) = destination_rule(o) else {
        panic!()
    };
    assert!(!d.outlier);
    assert_eq!(d.locality.as_deref(), Some("distribute"));
}

#[test]
fn kubeedge_node_group() {
    let o: NodeGroupL = decode(json!({
        "apiVersion": "apps.kubeedge.io/v1alpha1", "kind": "NodeGroup",
        "metadata": {"name": "hangzhou", "resourceVersion": "4", "managedFields": managed_fields()},
        "spec": {"nodes": ["edge-1", "edge-2"], "matchLabels": {"location": "hangzhou", "tier": "edge"}},
        "status": {"nodeStatuses": [{"nodeName": "edge-1", "readyStatus": "Ready", "selectionStatus": "Succeeded"},
            {"nodeName": "edge-2", "readyStatus": "NotReady", "selectionStatus": "Succeeded"}]}
    }));
    assert_eq!(
        node_group(o),
        Obj::NodeGroup(NodeGroupRow {
            name: "hangzhou".into(),
            nodes: vec!["edge-1".into(), "edge-2".into()],
            match_labels: vec![
                ("location".into(), "hangzhou".into()),
                ("tier".into(), "edge".into())
            ],
            selected: 2,
            selected_ready: 1,
        })
    );
}

#[test]
fn volcano_pod_group() {
    let o: PodGroupL = decode(json!({
        "apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "PodGroup",
        "metadata": {"name": "nightly-report", "namespace": "shop", "resourceVersion": "9",
            "creationTimestamp": "2023-11-14T22:13:20Z", "managedFields": managed_fields(),
            "ownerReferences": [{"apiVersion": "batch.volcano.sh/v1alpha1", "kind": "Job", "name": "nightly-report", "uid": "u"}]},
        "spec": {"queue": "batch", "minMember": 2, "minResources": {"cpu": "32"}},
        "status": {"phase": "Pending", "conditions": [{"type": "Unschedulable", "status": "True"}]}
    }));
    assert_eq!(
        Obj::PodGroup(PodGroup::project(o)),
        Obj::PodGroup(PodGroupRow {
            namespace: "shop".into(),
            name: "nightly-report".into(),
            queue: "batch".into(),
            phase: "Pending".into(),
            min_member: 2,
            running: 0,
            succeeded: 0,
            failed: 0,
            created: 1_700_000_000,
        })
    );
    // Volcano's defaults: the default queue, one member.
    let g = PodGroup::project(decode(json!({"metadata": {"name": "g", "namespace": "x"}})));
    assert_eq!(
        (&*g.queue, g.min_member, &*g.phase),
        ("default", 1, "Pending")
    );
}

#[test]
fn kubeedge_edge_application() {
    use crate::kinds::KindDef;
    use crate::kinds::edge_app::{EdgeApp, EdgeAppL, EdgeAppRow};
    let o: EdgeAppL = decode(json!({
        "apiVersion": "apps.kubeedge.io/v1alpha1", "kind": "EdgeApplication",
        "metadata": {"name": "sensor", "namespace": "factory", "resourceVersion": "8", "managedFields": managed_fields()},
        "spec": {"workloadTemplate": {"manifests": [{"kind": "Deployment", "metadata": {"name": "sensor"}}]},
            "workloadScope": {"targetNodeGroups": [{"name": "hangzhou", "overriders": {"replicas": 3}},
                {"name": "beijing"}]}},
        "status": {"workloadStatus": [
            {"identifier": {"kind": "Deployment", "name": "sensor-hangzhou", "namespace": "factory", "ordinal": 0},
             "conditions": "Available"},
            {"identifier": {"kind": "Deployment", "name": "sensor-beijing", "namespace": "factory", "ordinal": 0},
             "conditions": "Processing"}]}
    }));
    assert_eq!(
        EdgeApp::project(o),
        EdgeAppRow {
            namespace: "factory".into(),
            name: "sensor".into(),
            groups: vec!["hangzhou".into(), "beijing".into()],
            workloads: vec![
                ("Deployment/sensor-hangzhou".into(), "Available".into()),
                ("Deployment/sensor-beijing".into(), "Processing".into()),
            ],
        }
    );
}
