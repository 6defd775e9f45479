use serde_json::{Value, json};

use super::*;
use crate::fleet::Obj;
use crate::kinds::project_json;

fn apply(v: &Value, patch: &Value) -> Value {
    let mut v = v.clone();
    let p: json_patch::Patch = serde_json::from_value(patch.clone()).unwrap();
    json_patch::patch(&mut v, &p).unwrap();
    v
}

fn cluster(name: &str, labels: Value, taints: Value) -> KarmadaClusterRow {
    let v = json!({"apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
        "metadata": {"name": name, "labels": labels},
        "spec": {"provider": "aws", "region": "eu-west-1", "taints": taints}});
    match project_json(Kind::KarmadaCluster, &v).unwrap() {
        Obj::KarmadaCluster(r) => r,
        _ => unreachable!(),
    }
}

fn binding(name: &str, replicas: i64, clusters: &[(&str, i64)]) -> BindingRow {
    let v = json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding",
        "metadata": {"name": format!("{name}-deployment"), "namespace": "shop",
            "annotations": {"propagationpolicy.karmada.io/name": "web",
                "propagationpolicy.karmada.io/namespace": "shop"}},
        "spec": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop",
            "name": name, "uid": "7d3c0a4e"}, "replicas": replicas,
            "clusters": clusters.iter().map(|(c, r)| json!({"name": c, "replicas": r})).collect::<Vec<_>>()}});
    match project_json(Kind::ResourceBinding, &v).unwrap() {
        Obj::ResourceBinding(r) => r,
        _ => unreachable!(),
    }
}

fn policy(rules: Value) -> Value {
    json!({"apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy",
        "metadata": {"name": "web", "namespace": "shop", "resourceVersion": "900",
            "annotations": {"team": "web"}},
        "spec": {"resourceSelectors": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}],
            "priority": 3,
            "placement": {"clusterAffinity": {"clusterNames": ["m1", "m2", "m3"]},
                "replicaScheduling": {"replicaSchedulingType": "Divided",
                    "replicaDivisionPreference": "Weighted",
                    "weightPreference": {"staticWeightList": rules}}}}})
}

fn clusters() -> Vec<KarmadaClusterRow> {
    vec![
        cluster("m1", json!({"tier": "gold"}), json!([])),
        cluster("m2", json!({"tier": "gold"}), json!([])),
        cluster("m3", json!({}), json!([])),
        cluster("m4", json!({"tier": "gold"}), json!([])),
    ]
}

fn by_names() -> Value {
    json!([{"targetCluster": {"clusterNames": ["m1"]}, "weight": 2},
           {"targetCluster": {"clusterNames": ["m2", "m3"]}, "weight": 1}])
}

fn set(v: &[(&str, i64)]) -> Vec<(String, i64)> {
    v.iter().map(|(c, w)| (c.to_string(), *w)).collect()
}

fn plan(p: &Value, cs: &[KarmadaClusterRow], s: &[(&str, i64)], pin: bool) -> Result<Plan, String> {
    let bindings = vec![binding("web", 8, &[("m1", 4), ("m2", 2), ("m3", 2)])];
    let fleet = Fleet {
        clusters: cs,
        bindings: &bindings,
    };
    plan_set_weights(0, "karmada", p, &fleet, &set(s), pin)
}

fn list_after(p: &Value, plan: &Plan) -> Value {
    let after = apply(p, &plan.steps[0].patch());
    // Nothing but the list changes.
    let mut a = after.clone();
    let mut b = p.clone();
    for v in [&mut a, &mut b] {
        v["spec"]["placement"]["replicaScheduling"]["weightPreference"]["staticWeightList"] =
            json!(null);
        v["metadata"]["resourceVersion"] = json!(null);
    }
    assert_eq!(a, b);
    after["spec"]["placement"]["replicaScheduling"]["weightPreference"]["staticWeightList"].clone()
}

#[test]
fn names_only_rules_get_new_weights_split_where_they_differ_and_undo_restores() {
    let p = policy(by_names());
    let cs = clusters();
    let pl = plan(&p, &cs, &[("m1", 1), ("m3", 3)], false).unwrap();
    let s = &pl.steps[0];
    assert_eq!(s.resource_version, "900");
    assert_eq!(s.change, "staticWeightList: m1 2→1, m3 1→3");
    assert_eq!(
        list_after(&p, &pl),
        json!([{"targetCluster": {"clusterNames": ["m1"]}, "weight": 1},
               {"targetCluster": {"clusterNames": ["m2"]}, "weight": 1},
               {"targetCluster": {"clusterNames": ["m3"]}, "weight": 3}])
    );
    let after = apply(&p, &s.patch());
    assert_eq!(s.missing_in(&after), None);
    assert_eq!(apply(&after, &s.undo_patch("901"))["spec"], p["spec"]);
    // The preview: 8 replicas at 1:1:3 → m1 2 (was 4), m2 1 or 2, m3 4 or 5, sum kept.
    let pv = pl.preview.unwrap();
    assert_eq!(
        pv[0]["template"],
        json!({"kind": "Deployment", "namespace": "shop", "name": "web"})
    );
    assert_eq!(pv[0]["before"], json!({"m1": 4, "m2": 2, "m3": 2}));
    let after: i64 = pv[0]["after"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_i64().unwrap())
        .sum();
    assert_eq!(after, 8);
    assert_eq!(
        pv[0]["after"]["m3"],
        json!(
            crate::karmada::division::webster(8, &[("m1", 1), ("m2", 1), ("m3", 3)], "7d3c0a4e")[2]
                .1
        )
    );
    assert!(
        pl.summary[0].starts_with("Deployment shop/web (8 replicas): m1 4→"),
        "{:?}",
        pl.summary
    );
}

#[test]
fn zero_drops_a_name_and_all_zero_is_refused() {
    let p = policy(by_names());
    let cs = clusters();
    let pl = plan(&p, &cs, &[("m2", 0)], false).unwrap();
    assert_eq!(
        list_after(&p, &pl),
        json!([{"targetCluster": {"clusterNames": ["m1"]}, "weight": 2},
               {"targetCluster": {"clusterNames": ["m3"]}, "weight": 1}])
    );
    let e = plan(&p, &cs, &[("m1", 0), ("m2", 0), ("m3", 0)], false).unwrap_err();
    assert!(e.contains("would weigh 0"), "{e}");
}

#[test]
fn selector_rules_keep_their_selection_or_ask_to_pin() {
    let rules = json!([{"targetCluster": {"labelSelector": {"matchLabels": {"tier": "gold"}}}, "weight": 3},
                       {"targetCluster": {"clusterNames": ["m3"]}, "weight": 1}]);
    let p = policy(rules);
    let cs = clusters();
    // Both gold clusters to 4: the selector rule's weight, its selector untouched.
    let pl = plan(&p, &cs, &[("m1", 4), ("m2", 4)], false).unwrap();
    assert_eq!(
        list_after(&p, &pl)[0],
        json!({"targetCluster": {"labelSelector": {"matchLabels": {"tier": "gold"}}}, "weight": 4})
    );
    // One of them alone: not expressible without pinning.
    let e = plan(&p, &cs, &[("m1", 5)], false).unwrap_err();
    assert!(
        e.contains("m2 cannot weigh 3 alone") || e.contains("m1 cannot weigh 5 alone"),
        "{e}"
    );
    assert!(e.contains("pin clusters by name"), "{e}");
    let e = plan(&p, &cs, &[("m1", 0)], false).unwrap_err();
    assert!(e.contains("tier=gold"), "{e}");
    // Pinned: one rule per cluster, said in the change.
    let pl = plan(&p, &cs, &[("m1", 5)], true).unwrap();
    assert_eq!(
        list_after(&p, &pl),
        json!([{"targetCluster": {"clusterNames": ["m1"]}, "weight": 5},
               {"targetCluster": {"clusterNames": ["m2"]}, "weight": 3},
               {"targetCluster": {"clusterNames": ["m3"]}, "weight": 1}])
    );
    assert!(
        pl.steps[0].change.contains("pinned"),
        "{}",
        pl.steps[0].change
    );
}

#[test]
fn a_cluster_no_rule_matches_gets_its_own_rule() {
    let p = policy(json!([{"targetCluster": {"clusterNames": ["m1"]}, "weight": 2}]));
    let pl = plan(&p, &clusters(), &[("m3", 1)], false).unwrap();
    assert_eq!(
        list_after(&p, &pl),
        json!([{"targetCluster": {"clusterNames": ["m1"]}, "weight": 2},
               {"targetCluster": {"clusterNames": ["m3"]}, "weight": 1}])
    );
}

#[test]
fn tainted_clusters_are_candidates_without_replicas() {
    let mut cs = clusters();
    cs[1] = cluster(
        "m2",
        json!({}),
        json!([{"key": "cluster.karmada.io/not-ready", "effect": "NoSchedule"}]),
    );
    let p = policy(by_names());
    let pl = plan(&p, &cs, &[("m2", 5)], false).unwrap();
    let pv = pl.preview.unwrap();
    assert!(pv[0]["after"].get("m2").is_none(), "{pv}");
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let p = policy(by_names());
    let cs = clusters();
    let e = plan(&p, &cs, &[("m4", 1)], false).unwrap_err();
    assert!(
        e.contains("m4 is not a cluster shop/web places on (its candidates: m1, m2, m3)"),
        "{e}"
    );
    let e = plan(&p, &cs, &[("m1", -1)], false).unwrap_err();
    assert!(e.contains("0 or more"), "{e}");
    let mut dynamic = p.clone();
    dynamic["spec"]["placement"]["replicaScheduling"]["weightPreference"] =
        json!({"dynamicWeight": "AvailableReplicas"});
    assert!(
        plan(&dynamic, &cs, &[("m1", 1)], false)
            .unwrap_err()
            .contains("dynamicWeight")
    );
    let mut dup = p.clone();
    dup["spec"]["placement"]["replicaScheduling"] = json!({"replicaSchedulingType": "Duplicated"});
    assert!(
        plan(&dup, &cs, &[("m1", 1)], false)
            .unwrap_err()
            .contains("Duplicated")
    );
    let same = plan(&p, &cs, &[("m1", 2)], false).unwrap();
    assert!(same.is_noop());
}

#[test]
fn no_weight_preference_yet_adds_one() {
    let mut p = policy(json!([]));
    p["spec"]["placement"]["replicaScheduling"]
        .as_object_mut()
        .unwrap()
        .remove("weightPreference");
    let pl = plan(&p, &clusters(), &[("m1", 2)], false).unwrap();
    let after = apply(&p, &pl.steps[0].patch());
    assert_eq!(
        after["spec"]["placement"]["replicaScheduling"]["weightPreference"]["staticWeightList"],
        json!([{"targetCluster": {"clusterNames": ["m1"]}, "weight": 2},
               {"targetCluster": {"clusterNames": ["m2"]}, "weight": 1},
               {"targetCluster": {"clusterNames": ["m3"]}, "weight": 1}])
    );
    assert_eq!(
        apply(&after, &pl.steps[0].undo_patch("1"))["spec"],
        p["spec"]
    );
}
