use serde_json::{Value, json};

use super::propagation_detail::*;
use crate::fleet::{FleetEvent, FleetModel, Kind, KindSync, ObjKey};
use crate::kinds::project_json;

fn apply(m: &mut FleetModel, cluster: usize, kind: Kind, v: Value) {
    let obj = project_json(kind, &v).unwrap();
    m.apply(FleetEvent::Apply { cluster, obj });
}

fn karmada_cluster(name: &str, ready: bool, taints: Value, labels: Value) -> Value {
    json!({"apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
        "metadata": {"name": name, "labels": labels},
        "spec": {"taints": taints},
        "status": {"conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"},
            "reason": if ready {"ClusterReady"} else {"ClusterNotReachable"}}]}})
}

/// `cp` (a control plane) and `m1` (a member context). Karmada clusters: m1 (ready), m2
/// (tainted NoSchedule), m3 (NotReady), m4 (not in the affinity's clusterNames), m5 (eligible),
/// m6 (being evicted).
fn model() -> FleetModel {
    let mut m = FleetModel::new(["cp", "m1"]);
    m.apply(FleetEvent::KindState {
        cluster: 0,
        kind: Kind::KarmadaCluster,
        sync: KindSync::Synced,
    });
    let none = json!({});
    for (name, ready, taints) in [
        ("m1", true, json!([])),
        (
            "m2",
            true,
            json!([{"key": "team", "value": "a", "effect": "NoSchedule"}]),
        ),
        ("m3", false, json!([])),
        ("m4", true, json!([])),
        ("m5", true, json!([])),
        ("m6", true, json!([])),
    ] {
        apply(
            &mut m,
            0,
            Kind::KarmadaCluster,
            karmada_cluster(name, ready, taints, none.clone()),
        );
    }
    apply(
        &mut m,
        0,
        Kind::PropagationPolicy,
        json!({"apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"resourceSelectors": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}],
                "placement": {"clusterAffinity": {"clusterNames": ["m1", "m2", "m3", "m5", "m6"]},
                    "clusterTolerations": [{"key": "other", "operator": "Exists", "effect": "NoSchedule"}],
                    "spreadConstraints": [{"spreadByField": "cluster", "maxGroups": 2, "minGroups": 1}],
                    "replicaScheduling": {"replicaSchedulingType": "Divided",
                        "replicaDivisionPreference": "Weighted",
                        "weightPreference": {"staticWeightList": [
                            {"targetCluster": {"clusterNames": ["m1"]}, "weight": 2}]}}},
                "failover": {"application": {"decisionConditions": {"tolerationSeconds": 120},
                    "purgeMode": "Directly"}}}}),
    );
    apply(
        &mut m,
        0,
        Kind::ResourceBinding,
        json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding",
            "metadata": {"name": "web-deployment", "namespace": "shop", "generation": 3,
                "annotations": {"propagationpolicy.karmada.io/name": "web",
                    "propagationpolicy.karmada.io/namespace": "shop"}},
            "spec": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment",
                    "namespace": "shop", "name": "web"}, "replicas": 4,
                "clusters": [{"name": "m1", "replicas": 3}, {"name": "ext", "replicas": 1}],
                "gracefulEvictionTasks": [{"fromCluster": "m6", "reason": "ApplicationFailure",
                    "producer": "ResourceBindingController", "message": "unhealthy for 120s"}]},
            "status": {"schedulerObservedGeneration": 2,
                "lastScheduledTime": "2025-06-15T14:06:40Z",
                "conditions": [
                    {"type": "Scheduled", "status": "True", "reason": "Success",
                        "message": "Binding has been scheduled successfully."},
                    {"type": "FullyApplied", "status": "False", "reason": "FullyAppliedFailed",
                        "message": "Failed to apply all works, see status.aggregatedStatus"}],
                "aggregatedStatus": [
                    {"clusterName": "m1", "applied": true, "health": "Healthy"},
                    {"clusterName": "ext", "applied": false, "health": "Unknown",
                        "appliedMessage": "quota exceeded"}]}}),
    );
    apply(
        &mut m,
        1,
        Kind::Deployment,
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"replicas": 3}, "status": {"readyReplicas": 2}}),
    );
    m
}

fn detail(m: &FleetModel) -> Detail {
    let key = find_binding(m, 0, "Deployment", Some("shop"), "web").expect("the binding");
    assert_eq!(key, ObjKey::new(Some("shop"), "web-deployment"));
    Detail::build(m, 0, &key).expect("built")
}

fn why(d: &Detail, name: &str) -> Vec<String> {
    d.clusters
        .iter()
        .find(|c| &*c.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .why_not
        .clone()
}

#[test]
fn every_karmada_cluster_that_is_not_a_target_says_why() {
    let m = model();
    let d = detail(&m);
    let names: Vec<(&str, bool)> = d
        .clusters
        .iter()
        .map(|c| (&*c.name, c.target.is_some()))
        .collect();
    // Targets first, in the binding's order (ext has no Karmada Cluster), then the others.
    assert_eq!(
        names,
        [
            ("m1", true),
            ("ext", true),
            ("m2", false),
            ("m3", false),
            ("m4", false),
            ("m5", false),
            ("m6", false)
        ]
    );
    assert_eq!(why(&d, "m2"), ["tainted team=a:NoSchedule, not tolerated"]);
    assert_eq!(why(&d, "m3"), ["not ready (ClusterNotReachable)"]);
    assert_eq!(
        why(&d, "m4"),
        ["excluded by the affinity: not in clusterNames"]
    );
    assert_eq!(
        why(&d, "m5"),
        ["eligible, not chosen (spread constraints or replica division)"]
    );
    assert_eq!(
        why(&d, "m6"),
        ["graceful eviction in progress (ApplicationFailure)"]
    );
    assert_eq!(d.clusters[0].member, Some(1));
    assert_eq!(d.clusters[1].member, None);
    assert!(d.clusters[1].karmada.is_none());
}

#[test]
fn the_lines_show_the_chain() {
    let m = model();
    let d = detail(&m);
    let items = d.items(1_750_000_000);
    let text: Vec<(&str, String)> = items.iter().map(|i| (i.label, i.text())).collect();
    let find = |label: &str| {
        text.iter()
            .find(|(l, _)| *l == label)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no {label} in {text:?}"))
    };
    assert_eq!(
        find("Template"),
        "Deployment shop/web · 4 replicas\n\
         binding generation 3 not yet observed by the scheduler (it saw 2)"
    );
    assert_eq!(
        find("Policy"),
        "PropagationPolicy shop/web\n\
         selects Deployment/web\n\
         clusters m1,m2,m3,m5,m6\n\
         spread cluster 1..2\n\
         replicas Divided/Weighted, static weights m1=2\n\
         tolerates other:NoSchedule (any value)\n\
         failover application: after 120s unhealthy, purge Directly"
    );
    assert_eq!(
        find("Binding"),
        "shop/web-deployment · scheduled 60m ago\n\
         Scheduled True (Success)\n\
         FullyApplied False (FullyAppliedFailed): Failed to apply all works, see status.aggregatedStatus\n\
         evicting from m6: ApplicationFailure, by ResourceBindingController (unhealthy for 120s)"
    );
    let work = crate::karmada::names::work_name("Deployment", "web", "shop");
    assert_eq!(
        find("Targets"),
        format!(
            "m1: 3 assigned · applied · Healthy · ready 2/3\n\
             Karmada Ready · Work karmada-es-m1/{work}"
        )
    );
    // ext: not a context, no Karmada Cluster, its applied message.
    let ext = items
        .iter()
        .find(|i| i.link == Some(Link::Cluster(1)))
        .unwrap();
    assert_eq!(
        ext.text(),
        format!(
            "ext: 1 assigned · not applied · Unknown · karmada-only (not a context)\n\
             quota exceeded\n\
             no Karmada Cluster by this name · Work karmada-es-ext/{work}"
        )
    );
    assert_eq!(
        find("Not on"),
        "m2: Ready · tainted team=a:NoSchedule, not tolerated"
    );
    assert_eq!(
        find("Problems"),
        "ready 2/3 on m1, not applied on ext, evicting from m6, generation not observed"
    );
}

#[test]
fn json_rows_and_summary() {
    let m = model();
    let d = detail(&m);
    let rows = d.rows_json();
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0]["cluster"], "m1");
    assert_eq!(rows[0]["target"], true);
    assert_eq!(rows[0]["member"], json!({"ready": 2, "desired": 3}));
    assert_eq!(rows[0]["karmada"]["ready"], true);
    assert!(
        rows[0]["work"]
            .as_str()
            .unwrap()
            .starts_with("karmada-es-m1/web-")
    );
    assert_eq!(rows[2]["cluster"], "m2");
    assert_eq!(rows[2]["target"], false);
    assert_eq!(rows[2]["work"], Value::Null);
    assert_eq!(rows[2]["karmada"]["taints"], json!(["team=a:NoSchedule"]));
    assert_eq!(
        rows[2]["why_not"],
        json!(["tainted team=a:NoSchedule, not tolerated"])
    );
    let s = d.summary_json();
    assert_eq!(s["policy"]["kind"], "PropagationPolicy");
    assert_eq!(s["policy"]["found"], true);
    assert_eq!(s["policy"]["spread"], json!(["cluster 1..2"]));
    assert_eq!(s["binding"]["last_scheduled"], "2025-06-15T14:06:40Z");
    assert_eq!(s["binding"]["generation"], 3);
    assert_eq!(s["binding"]["observed_generation"], 2);
    assert_eq!(
        s["binding"]["evictions"][0]["producer"],
        "ResourceBindingController"
    );
    assert_eq!(s["binding"]["conditions"][0]["message"], Value::Null);
}

#[test]
fn a_missing_policy_is_said_and_no_reason_is_guessed() {
    let mut m = model();
    m.apply(FleetEvent::Delete {
        cluster: 0,
        kind: Kind::PropagationPolicy,
        key: ObjKey::new(Some("shop"), "web"),
    });
    let d = detail(&m);
    assert!(d.policy.is_none());
    assert_eq!(why(&d, "m4"), ["the policy is not found: cannot tell"]);
    let items = d.items(0);
    let p = items.iter().find(|i| i.label == "Policy").unwrap();
    assert_eq!(p.text(), "PropagationPolicy shop/web — not found on cp");
    assert_eq!(p.link, Some(Link::Policy));
}

#[test]
fn a_binding_named_otherwise_is_found_by_its_template() {
    let mut m = model();
    apply(
        &mut m,
        0,
        Kind::ResourceBinding,
        json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding",
            "metadata": {"name": "api-deployment-x7k2p", "namespace": "shop"},
            "spec": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment",
                "namespace": "shop", "name": "api"}}}),
    );
    assert_eq!(
        find_binding(&m, 0, "Deployment", Some("shop"), "api"),
        Some(ObjKey::new(Some("shop"), "api-deployment-x7k2p"))
    );
    assert_eq!(
        find_binding(&m, 0, "Deployment", Some("shop"), "nope"),
        None
    );
}
