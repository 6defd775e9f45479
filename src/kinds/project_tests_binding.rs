//! Projections of Karmada's bindings (ResourceBinding, ClusterResourceBinding) from apiserver
//! JSON.

use serde_json::json;

use super::core::{decode, managed_fields};
use super::*;
use crate::fleet::ObjKey;
use crate::fleet::store::Keyed;
use crate::kinds::binding::{BindingCondition, BindingDetail};

#[test]
fn resource_binding_targets_and_aggregated_status() {
    let o: BindingL = decode(json!({
        "apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding",
        "metadata": {"name": "web-deployment", "namespace": "shop", "resourceVersion": "77",
            "generation": 3,
            "labels": {"propagationpolicy.karmada.io/permanent-id": "5b1c"},
            "annotations": {"propagationpolicy.karmada.io/name": "web",
                "propagationpolicy.karmada.io/namespace": "shop", "other": "x"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "d"}],
            "managedFields": managed_fields()},
        "spec": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop",
                "name": "web", "uid": "d", "resourceVersion": "11"},
            "replicas": 6, "replicaRequirements": {"resourceRequest": {"cpu": "100m"}},
            "clusters": [{"name": "member1", "replicas": 4}, {"name": "member2", "replicas": 2}],
            "placement": {"clusterAffinity": {"clusterNames": ["member1", "member2"]}},
            "schedulerName": "default-scheduler",
            "gracefulEvictionTasks": [{"fromCluster": "member3", "reason": "TaintUntolerated",
                "producer": "TaintManager", "message": "NotReady"}]},
        "status": {"schedulerObservedGeneration": 2,
            "lastScheduledTime": "2025-06-15T15:06:40Z",
            "conditions": [{"type": "FullyApplied", "status": "False", "reason": "x",
                    "message": "Failed to apply all works"},
                {"type": "Scheduled", "status": "True", "reason": "Success",
                    "message": "Binding has been scheduled successfully."}],
            "aggregatedStatus": [
                {"clusterName": "member1", "applied": true, "health": "Healthy",
                 "status": {"replicas": 4, "readyReplicas": 4, "generation": 5,
                    "resourceTemplateGeneration": 7}},
                {"clusterName": "member2", "applied": false, "health": "Unknown",
                 "appliedMessage": "cluster member2 is not reachable"}]}
    }));
    assert_eq!(
        resource_binding(o),
        Obj::ResourceBinding(BindingRow {
            namespace: "shop".into(),
            name: "web-deployment".into(),
            resource: "Deployment shop/web".into(),
            uid: "d".into(),
            replicas: 6,
            policy: Some(PolicyRef {
                cluster_wide: false,
                namespace: Some("shop".into()),
                name: "web".into()
            }),
            clusters: vec![
                BindingTarget {
                    cluster: "member1".into(),
                    replicas: 4
                },
                BindingTarget {
                    cluster: "member2".into(),
                    replicas: 2
                },
            ],
            aggregated: vec![
                BindingStatus {
                    cluster: "member1".into(),
                    applied: true,
                    health: "Healthy".into(),
                    message: "".into(),
                    template_generation: 7,
                },
                BindingStatus {
                    cluster: "member2".into(),
                    applied: false,
                    health: "Unknown".into(),
                    message: "cluster member2 is not reachable".into(),
                    template_generation: 0,
                },
            ],
            scheduled: Some(Scheduled {
                status: "True".into(),
                reason: "Success".into(),
            }),
            evictions: vec![EvictionTask {
                cluster: "member3".into(),
                reason: "TaintUntolerated".into(),
                producer: "TaintManager".into(),
                message: "NotReady".into(),
            }],
            // generation 3, schedulerObservedGeneration 2.
            unobserved: true,
            detail: Box::new(BindingDetail {
                conditions: vec![
                    BindingCondition {
                        type_: "FullyApplied".into(),
                        status: "False".into(),
                        reason: "x".into(),
                        message: "Failed to apply all works".into(),
                    },
                    // A True condition's message is not kept.
                    BindingCondition {
                        type_: "Scheduled".into(),
                        status: "True".into(),
                        reason: "Success".into(),
                        message: "".into(),
                    },
                ],
                last_scheduled: 1_750_000_000,
                generation: 3,
                observed_generation: 2,
            }),
        })
    );
}

#[test]
fn cluster_resource_binding_of_a_namespace_is_keyed_without_namespace() {
    let o: BindingL = decode(json!({
        "apiVersion": "work.karmada.io/v1alpha2", "kind": "ClusterResourceBinding",
        "metadata": {"name": "shop-namespace", "resourceVersion": "90", "generation": 1,
            "annotations": {"clusterpropagationpolicy.karmada.io/name": "shop-namespace"},
            "managedFields": managed_fields()},
        "spec": {"resource": {"apiVersion": "v1", "kind": "Namespace", "name": "shop", "uid": "n"},
            "clusters": [{"name": "member1"}, {"name": "member2"}]},
        "status": {"schedulerObservedGeneration": 1,
            "conditions": [{"type": "Scheduled", "status": "True", "reason": "Success"}],
            "aggregatedStatus": [{"clusterName": "member1", "applied": true, "health": "Healthy"}]}
    }));
    let b = ClusterResourceBinding::project(o);
    assert_eq!(b.template(), ("Namespace", None, "shop"));
    assert_eq!(&*b.resource, "Namespace shop");
    assert_eq!(b.key_parts(), (None, "shop-namespace"));
    assert_eq!(b.obj_key(), ObjKey::cluster_scoped("shop-namespace"));
    assert_eq!(
        b.policy,
        Some(PolicyRef {
            cluster_wide: true,
            namespace: None,
            name: "shop-namespace".into()
        })
    );
    assert_eq!(
        b.clusters.iter().map(|t| t.replicas).collect::<Vec<_>>(),
        [0, 0]
    );
    assert!(!b.unobserved);
    assert_eq!(ClusterResourceBinding::columns()[0].meta.id, "name");
    // A ResourceBinding keeps its namespace in the key.
    let rb = BindingRow {
        namespace: "shop".into(),
        name: "web-deployment".into(),
        ..b
    };
    assert_eq!(rb.obj_key(), ObjKey::new(Some("shop"), "web-deployment"));
}
