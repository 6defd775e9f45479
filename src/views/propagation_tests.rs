use serde_json::{Value, json};

use super::propagation::*;
use crate::fleet::{FleetEvent, FleetModel, Kind, KindSync};
use crate::kinds::project_json;

pub(super) fn apply(m: &mut FleetModel, cluster: usize, kind: Kind, v: Value) {
    let obj = project_json(kind, &v).unwrap();
    m.apply(FleetEvent::Apply { cluster, obj });
}

pub(super) fn binding(name: &str, targets: &[(&str, i64)], status: Value, extra: Value) -> Value {
    let mut b = json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding",
        "metadata": {"name": format!("{name}-deployment"), "namespace": "shop", "generation": 2,
            "annotations": {"propagationpolicy.karmada.io/name": name,
                "propagationpolicy.karmada.io/namespace": "shop"}},
        "spec": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop",
            "name": name}, "replicas": 4,
            "clusters": targets.iter().map(|(c, r)| json!({"name": c, "replicas": r})).collect::<Vec<_>>()},
        "status": status});
    if let Some(o) = extra.as_object() {
        for (k, v) in o {
            b["spec"][k] = v.clone();
        }
    }
    b
}

pub(super) fn deployment(name: &str, replicas: i64, ready: i64) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {"replicas": replicas}, "status": {"readyReplicas": ready}})
}

pub(super) fn ok_status(clusters: &[&str]) -> Value {
    json!({"schedulerObservedGeneration": 2,
        "conditions": [{"type": "Scheduled", "status": "True", "reason": "Success"}],
        "aggregatedStatus": clusters.iter().map(|c| json!({"clusterName": c, "applied": true,
            "health": "Healthy"})).collect::<Vec<_>>()})
}

/// `cp` (a control plane), `m1` (a member context); `ext` is a member that is not a context.
pub(super) fn model() -> FleetModel {
    let mut m = FleetModel::new(["cp", "m1"]);
    m.apply(FleetEvent::KindState {
        cluster: 0,
        kind: Kind::KarmadaCluster,
        sync: KindSync::Synced,
    });
    m
}

#[test]
fn a_healthy_binding_joins_its_member_deployment_and_has_no_problem() {
    let mut m = model();
    apply(
        &mut m,
        0,
        Kind::ResourceBinding,
        binding(
            "web",
            &[("m1", 3), ("ext", 1)],
            ok_status(&["m1", "ext"]),
            json!({}),
        ),
    );
    apply(&mut m, 1, Kind::Deployment, deployment("web", 3, 3));
    let rows = rows(&m);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(&*r.context, "cp");
    assert_eq!(r.object(), "shop/web");
    assert_eq!(r.policy_text(), "PP web");
    assert_eq!(
        r.targets[0].member,
        Some(MemberLive {
            ready: 3,
            desired: 3
        })
    );
    assert!(!r.targets[1].is_context && r.targets[1].member.is_none());
    assert_eq!(r.targets_text(), "m1 3/3✓ ext 1✓ karmada-only");
    let j = r.json();
    assert_eq!(j["policy"]["kind"], "PropagationPolicy");
    assert_eq!(j["targets"][0]["member"]["ready"], 3);
    assert_eq!(j["targets"][1]["member"], Value::Null);
    assert_eq!(j["targets"][1]["karmada_only"], true);
    assert_eq!(j["scheduled"], "True");
}

#[test]
fn problems_are_listed_and_such_rows_come_first() {
    let mut m = model();
    apply(
        &mut m,
        0,
        Kind::ResourceBinding,
        binding("a-ok", &[("m1", 2)], ok_status(&["m1"]), json!({})),
    );
    apply(&mut m, 1, Kind::Deployment, deployment("a-ok", 2, 2));
    // Scheduled False, m1 not applied, ext unhealthy, an eviction, generation 2 unseen.
    let status = json!({"schedulerObservedGeneration": 1,
        "conditions": [{"type": "Scheduled", "status": "False", "reason": "NoClusterFit"}],
        "aggregatedStatus": [
            {"clusterName": "m1", "applied": false, "health": "Unknown",
             "appliedMessage": "quota exceeded"},
            {"clusterName": "ext", "applied": true, "health": "Unhealthy"}]});
    apply(
        &mut m,
        0,
        Kind::ResourceBinding,
        binding(
            "z-bad",
            &[("m1", 3), ("ext", 1)],
            status,
            json!({"gracefulEvictionTasks": [{"fromCluster": "m2", "reason": "TaintUntolerated"}]}),
        ),
    );
    apply(&mut m, 1, Kind::Deployment, deployment("z-bad", 3, 1));
    let rows = rows(&m);
    assert_eq!(rows[0].name.as_ref(), "z-bad");
    assert_eq!(
        rows[0].problems,
        vec![
            "not scheduled: NoClusterFit",
            "not applied on m1",
            "ready 1/3 on m1",
            "unhealthy on ext",
            "evicting from m2",
            "generation not observed",
        ]
    );
    assert_eq!(rows[0].scheduled_text(), "False (NoClusterFit)");
    assert_eq!(rows[0].targets[0].message.as_ref(), "quota exceeded");
    assert!(rows[1].problems.is_empty());
    let j = rows[0].json();
    assert_eq!(j["reason"], "NoClusterFit");
    assert_eq!(
        j["evictions"][0],
        json!({"cluster": "m2", "reason": "TaintUntolerated"})
    );
}

#[test]
fn a_missing_member_deployment_and_no_condition_are_problems() {
    let mut m = model();
    apply(
        &mut m,
        0,
        Kind::ResourceBinding,
        binding("web", &[("m1", 2)], json!({}), json!({})),
    );
    let r = &rows(&m)[0];
    assert_eq!(
        r.problems,
        vec!["not scheduled", "not applied on m1", "no Deployment on m1"]
    );
    // A member context that is not a control plane has no rows.
    let mut m = FleetModel::new(["m1"]);
    apply(
        &mut m,
        0,
        Kind::ResourceBinding,
        binding("web", &[("m1", 2)], json!({}), json!({})),
    );
    assert!(rows(&m).is_empty());
}

#[test]
fn a_cluster_resource_binding_is_a_row_without_namespace() {
    let mut m = model();
    let crb = json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ClusterResourceBinding",
        "metadata": {"name": "shop-namespace", "generation": 1,
            "annotations": {"clusterpropagationpolicy.karmada.io/name": "shop-namespace"}},
        "spec": {"resource": {"apiVersion": "v1", "kind": "Namespace", "name": "shop"},
            "clusters": [{"name": "m1"}, {"name": "ext"}]},
        "status": ok_status(&["m1", "ext"])});
    apply(&mut m, 0, Kind::ClusterResourceBinding, crb);
    apply(
        &mut m,
        0,
        Kind::ResourceBinding,
        binding("web", &[("m1", 2)], ok_status(&["m1"]), json!({})),
    );
    apply(&mut m, 1, Kind::Deployment, deployment("web", 2, 2));
    let rows = rows(&m);
    assert_eq!(rows.len(), 2);
    // No namespace sorts first.
    let r = &rows[0];
    assert_eq!((&*r.kind, r.object()), ("Namespace", "shop".to_string()));
    assert_eq!(r.policy_text(), "CPP shop-namespace");
    let j = r.json();
    assert_eq!(j["namespace"], Value::Null);
    assert_eq!(
        j["binding"],
        json!({"kind": "ClusterResourceBinding", "namespace": null, "name": "shop-namespace"})
    );
    assert_eq!(
        rows[1].json()["binding"],
        json!({"kind": "ResourceBinding", "namespace": "shop", "name": "web-deployment"})
    );
    // Kept incrementally too: the view sees the CRB store move.
    let mut view = PropView::new(&m);
    apply(
        &mut m,
        0,
        Kind::ClusterResourceBinding,
        json!({"kind": "ClusterResourceBinding", "metadata": {"name": "default-namespace"},
            "spec": {"resource": {"apiVersion": "v1", "kind": "Namespace", "name": "default"}}}),
    );
    view.refresh(&m);
    assert_eq!(view.last, Refreshed::Updated(1));
    assert_eq!(view.rows, super::propagation::rows(&m));
}

#[test]
fn statefulset_templates_join_member_statefulsets_and_namespaces_their_presence() {
    let mut m = model();
    let mut sts = binding("db", &[("m1", 2)], ok_status(&["m1"]), json!({}));
    sts["spec"]["resource"]["kind"] = json!("StatefulSet");
    apply(&mut m, 0, Kind::ResourceBinding, sts);
    let mut d = deployment("db", 2, 1);
    d["kind"] = json!("StatefulSet");
    apply(&mut m, 1, Kind::StatefulSet, d.clone());
    // A Deployment of the same name is not the StatefulSet.
    apply(&mut m, 1, Kind::Deployment, deployment("db", 2, 2));
    let ns = |name: &str| {
        json!({"kind": "ClusterResourceBinding", "metadata": {"name": format!("{name}-namespace")},
            "spec": {"resource": {"apiVersion": "v1", "kind": "Namespace", "name": name},
                "clusters": [{"name": "m1"}, {"name": "ext"}]},
            "status": ok_status(&["m1", "ext"])})
    };
    apply(&mut m, 0, Kind::ClusterResourceBinding, ns("shop"));
    apply(&mut m, 0, Kind::ClusterResourceBinding, ns("gone"));
    apply(
        &mut m,
        1,
        Kind::Namespace,
        json!({"kind": "Namespace", "metadata": {"name": "shop"}}),
    );
    // A ConfigMap template is not joined: no member, no problem.
    let mut cm = binding("cfg", &[("m1", 0)], ok_status(&["m1"]), json!({}));
    cm["spec"]["resource"]["kind"] = json!("ConfigMap");
    apply(&mut m, 0, Kind::ResourceBinding, cm);
    let mut view = PropView::new(&m);
    let find = |rows: &[PropRow], kind: &str, name: &str| {
        rows.iter()
            .find(|r| &*r.kind == kind && &*r.name == name)
            .cloned()
            .unwrap()
    };
    let db = find(&view.rows, "StatefulSet", "db");
    assert_eq!(db.problems, vec!["ready 1/2 on m1"]);
    assert_eq!(db.targets_text(), "m1 1/2");
    let shop = find(&view.rows, "Namespace", "shop");
    assert!(shop.problems.is_empty(), "{:?}", shop.problems);
    assert_eq!(shop.targets_text(), "m1✓ ext✓ karmada-only");
    assert_eq!(
        shop.json()["targets"][0]["member"],
        json!({"ready": 1, "desired": 1})
    );
    let gone = find(&view.rows, "Namespace", "gone");
    assert_eq!(gone.problems, vec!["no Namespace on m1"]);
    assert_eq!(gone.targets_text(), "m1 missing ext✓ karmada-only");
    let cfg = find(&view.rows, "ConfigMap", "cfg");
    assert!(cfg.problems.is_empty() && cfg.targets[0].member.is_none());
    assert_eq!(cfg.targets_text(), "m1✓");
    // The member StatefulSet becomes ready, the Namespace appears: only those rows are redone.
    d["status"]["readyReplicas"] = json!(2);
    apply(&mut m, 1, Kind::StatefulSet, d);
    apply(
        &mut m,
        1,
        Kind::Namespace,
        json!({"kind": "Namespace", "metadata": {"name": "gone"}}),
    );
    view.refresh(&m);
    assert_eq!(view.last, Refreshed::Updated(2));
    assert_eq!(view.rows, rows(&m));
    assert!(view.rows.iter().all(|r| r.problems.is_empty()));
}

#[test]
fn a_template_generation_the_members_have_not_applied_is_a_problem() {
    let mut m = model();
    let mut t = deployment("web", 3, 3);
    t["metadata"]["generation"] = json!(3);
    apply(&mut m, 0, Kind::Deployment, t.clone());
    let mut status = ok_status(&["m1", "ext"]);
    status["aggregatedStatus"][0]["status"] = json!({"resourceTemplateGeneration": 3});
    status["aggregatedStatus"][1]["status"] = json!({"resourceTemplateGeneration": 2});
    let b = binding("web", &[("m1", 2), ("ext", 1)], status, json!({}));
    apply(&mut m, 0, Kind::ResourceBinding, b.clone());
    apply(&mut m, 1, Kind::Deployment, deployment("web", 2, 2));
    let mut view = PropView::new(&m);
    let r = &view.rows[0];
    assert_eq!(r.problems, vec!["template gen 3 not yet on ext"]);
    assert_eq!(
        r.template,
        Some(TemplateLive {
            replicas: 3,
            generation: 3
        })
    );
    assert_eq!(r.observed_generation, Some(2));
    assert_eq!(
        r.json()["template"],
        json!({"replicas": 3, "generation": 3, "observed_generation": 2})
    );
    // ext catches up: no problem; the template changes again: the row follows (its template
    // on the control plane is one of the objects it read).
    let mut b2 = b;
    b2["status"]["aggregatedStatus"][1]["status"]["resourceTemplateGeneration"] = json!(3);
    apply(&mut m, 0, Kind::ResourceBinding, b2);
    view.refresh(&m);
    assert!(
        view.rows[0].problems.is_empty(),
        "{:?}",
        view.rows[0].problems
    );
    t["metadata"]["generation"] = json!(4);
    apply(&mut m, 0, Kind::Deployment, t);
    view.refresh(&m);
    assert_eq!(view.last, Refreshed::Updated(1));
    assert_eq!(
        view.rows[0].problems,
        vec!["template gen 4 not yet on m1, ext"]
    );
    assert_eq!(view.rows, rows(&m));
    // No generation reported (older Karmada, kinds without a status interpreter): no problem.
    let mut m = model();
    apply(&mut m, 0, Kind::Deployment, deployment("web", 3, 3));
    let b = binding("web", &[("m1", 2)], ok_status(&["m1"]), json!({}));
    apply(&mut m, 0, Kind::ResourceBinding, b);
    apply(&mut m, 1, Kind::Deployment, deployment("web", 2, 2));
    let r = &rows(&m)[0];
    assert!(r.problems.is_empty() && r.observed_generation.is_none());
    assert_eq!(r.template.map(|t| t.replicas), Some(3));
}
