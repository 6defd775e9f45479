//! What an edited policy's placement does to the templates it binds, before it is applied: the
//! clusters each gains or loses and, where karmada-scheduler's answer follows from the policy
//! alone (Duplicated; Divided/Weighted by static weights, Webster's split), the replicas per
//! cluster before → after. Before is the binding's `spec.clusters` as scheduled now.

use serde_json::{Value, json};

use super::weights::Fleet;
use crate::fleet::Str;
use crate::karmada::placement::{Candidate, Placement};
use crate::karmada::preview::{TemplatePreview, binds};
use crate::kinds::binding::BindingRow;

/// The impact of going from policy `before` (None: a new policy) to `after`.
pub struct Impact {
    /// A line per bound template (`Deployment shop/cart (4 replicas): m2 0→2 (gains) …`), or why
    /// there is none.
    pub summary: Vec<String>,
    /// `act --json`'s `preview`.
    pub preview: Value,
}

fn placement(p: &Value) -> Placement {
    serde_json::from_value(p["spec"]["placement"].clone()).unwrap_or_default()
}

/// Where `b` goes under `p` among `candidates`: (cluster, replicas) by name and, when the
/// scheduler decides the replicas itself (dynamic weights, Aggregated), how — then every
/// admitted cluster is listed with 0.
fn after(
    p: &Placement,
    candidates: &[Candidate],
    b: &BindingRow,
) -> (Vec<(Str, i64)>, Option<String>) {
    match p.place(candidates, b.replicas, &b.uid) {
        Ok(placed) => (placed, None),
        Err(how) => (
            candidates
                .iter()
                .filter(|c| c.tainted.is_none())
                .map(|c| (c.name.clone(), 0))
                .collect(),
            Some(how),
        ),
    }
}

fn names(v: &[(Str, i64)]) -> Vec<&str> {
    v.iter().map(|(c, _)| &**c).collect()
}

/// The impact of the edit on every template `policy` binds (its namespace: None for a
/// ClusterPropagationPolicy).
pub fn impact(
    before: Option<&Value>,
    after_policy: &Value,
    namespace: Option<&str>,
    name: &str,
    fleet: &Fleet,
) -> Impact {
    let new_p = placement(after_policy);
    let same_placement = before.is_some_and(|b| placement(b) == new_p);
    let selectors_changed = before.is_some_and(|b| {
        b["spec"]["resourceSelectors"] != after_policy["spec"]["resourceSelectors"]
    });
    let mut summary = Vec::new();
    let mut previews = Vec::new();
    let facts: Vec<_> = fleet.clusters.iter().map(|c| c.facts()).collect();
    let candidates = new_p.candidates(&facts);
    if before.is_none() {
        let on: Vec<String> = candidates
            .iter()
            .filter(|c| c.tainted.is_none())
            .map(|c| c.name.to_string())
            .collect();
        summary.push(format!(
            "new policy: Karmada binds what its resourceSelectors select and places it on {}",
            if on.is_empty() {
                "no cluster (none admitted)".into()
            } else {
                on.join(", ")
            }
        ));
    } else if same_placement {
        summary.push("placement unchanged: no template moves".into());
    } else {
        // Where the old placement let the scheduler choose too: for replicas it places itself,
        // only a cluster newly eligible may gain them.
        let was_admitted: Vec<Str> = before
            .map(|b| placement(b).candidates(&facts))
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.tainted.is_none())
            .map(|c| c.name)
            .collect();
        let bound = fleet.bindings.iter().filter(|b| binds(b, namespace, name));
        for b in bound {
            let (to, undecided) = after(&new_p, &candidates, b);
            let p = crate::karmada::preview::current([b]).remove(0);
            let p = TemplatePreview { after: to, ..p };
            let before_names = names(&p.before);
            let after_names = names(&p.after);
            let (gains, may_gain): (Vec<&str>, Vec<&str>) = after_names
                .iter()
                .copied()
                .filter(|c| !before_names.contains(c))
                .partition(|_| undecided.is_none());
            let may_gain: Vec<&str> = may_gain
                .into_iter()
                .filter(|c| !was_admitted.iter().any(|w| &**w == *c))
                .collect();
            let loses: Vec<&str> = before_names
                .iter()
                .copied()
                .filter(|c| !after_names.contains(c))
                .collect();
            let mut line = match &undecided {
                None => p.text(),
                Some(_) => format!("{} ({} replicas)", p.label(), p.replicas),
            };
            if !gains.is_empty() {
                line.push_str(&format!("; gains {}", gains.join(", ")));
            }
            if !may_gain.is_empty() {
                line.push_str(&format!(
                    "; may gain {} (newly eligible)",
                    may_gain.join(", ")
                ));
            }
            if !loses.is_empty() {
                line.push_str(&format!("; loses {}", loses.join(", ")));
            }
            if let Some(how) = &undecided {
                line.push_str(&format!(
                    "; replicas per cluster decided by the scheduler ({how})"
                ));
            }
            let mut j = p.json();
            j["gains"] = json!(gains);
            j["may_gain"] = json!(may_gain);
            j["loses"] = json!(loses);
            if undecided.is_some() {
                j["after"] = Value::Null;
            }
            previews.push(j);
            summary.push(line);
        }
        if previews.is_empty() {
            summary.push("no template is bound to this policy yet".into());
        }
    }
    if selectors_changed {
        summary
            .push("resourceSelectors changed: which templates the policy binds changes too".into());
    }
    Impact {
        summary,
        preview: json!({"templates": previews, "placement_changed": !same_placement}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::karmada_cluster::KarmadaClusterRow;

    fn cluster(name: &str, tainted: bool) -> KarmadaClusterRow {
        let mut v = json!({"apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
            "metadata": {"name": name}, "spec": {}, "status": {}});
        if tainted {
            v["spec"]["taints"] = json!([{"key": "k", "effect": "NoSchedule"}]);
        }
        match crate::kinds::project_json(crate::fleet::Kind::KarmadaCluster, &v).unwrap() {
            crate::fleet::Obj::KarmadaCluster(r) => r,
            _ => unreachable!(),
        }
    }

    fn binding(clusters: &[(&str, i64)]) -> BindingRow {
        let v = json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding",
            "metadata": {"name": "cart-deployment", "namespace": "shop",
                "labels": {"propagationpolicy.karmada.io/name": "cart", "propagationpolicy.karmada.io/namespace": "shop"}},
            "spec": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop",
                    "name": "cart", "uid": "u1"}, "replicas": 4,
                "clusters": clusters.iter().map(|(c, r)| json!({"name": c, "replicas": r})).collect::<Vec<_>>()}});
        match crate::kinds::project_json(crate::fleet::Kind::ResourceBinding, &v).unwrap() {
            crate::fleet::Obj::ResourceBinding(r) => r,
            _ => unreachable!(),
        }
    }

    fn policy(names: &[&str], sched: Value) -> Value {
        json!({"apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy",
            "metadata": {"name": "cart", "namespace": "shop"},
            "spec": {"resourceSelectors": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "cart"}],
                "placement": {"clusterAffinity": {"clusterNames": names}, "replicaScheduling": sched}}})
    }

    #[test]
    fn duplicated_gains_and_loses() {
        let clusters = [
            cluster("m1", false),
            cluster("m2", false),
            cluster("m3", true),
        ];
        let bindings = [binding(&[("m1", 4), ("m2", 4)])];
        let fleet = Fleet {
            clusters: &clusters,
            bindings: &bindings,
        };
        let dup = json!({"replicaSchedulingType": "Duplicated"});
        let i = impact(
            Some(&policy(&["m1", "m2"], dup.clone())),
            &policy(&["m2", "m3", "m1"], dup.clone()),
            Some("shop"),
            "cart",
            &fleet,
        );
        // m3 is tainted: the new list does not move anything.
        assert_eq!(
            i.summary,
            vec!["Deployment shop/cart (4 replicas): unchanged"]
        );
        let i = impact(
            Some(&policy(&["m1", "m2"], dup.clone())),
            &policy(&["m1"], dup),
            Some("shop"),
            "cart",
            &fleet,
        );
        assert_eq!(
            i.summary,
            vec!["Deployment shop/cart (4 replicas): m2 4→0; loses m2"]
        );
        assert_eq!(i.preview["templates"][0]["loses"], json!(["m2"]));
    }

    #[test]
    fn static_weights_split_like_the_scheduler() {
        let clusters = [cluster("m1", false), cluster("m2", false)];
        let bindings = [binding(&[("m1", 4)])];
        let fleet = Fleet {
            clusters: &clusters,
            bindings: &bindings,
        };
        let w = json!({"replicaSchedulingType": "Divided", "replicaDivisionPreference": "Weighted",
            "weightPreference": {"staticWeightList": [
                {"targetCluster": {"clusterNames": ["m1"]}, "weight": 1},
                {"targetCluster": {"clusterNames": ["m2"]}, "weight": 3}]}});
        let before = policy(&["m1"], json!({"replicaSchedulingType": "Duplicated"}));
        let i = impact(
            Some(&before),
            &policy(&["m1", "m2"], w),
            Some("shop"),
            "cart",
            &fleet,
        );
        assert_eq!(
            i.summary,
            vec!["Deployment shop/cart (4 replicas): m1 4→1, m2 0→3; gains m2"]
        );
    }

    #[test]
    fn dynamic_weights_gain_nothing_for_sure_and_newly_eligible_clusters_may() {
        let clusters = [
            cluster("m1", false),
            cluster("m2", false),
            cluster("m3", false),
        ];
        let bindings = [binding(&[("m1", 4)])];
        let fleet = Fleet {
            clusters: &clusters,
            bindings: &bindings,
        };
        let dynamic = |w: &str| {
            json!({"replicaSchedulingType": "Divided", "replicaDivisionPreference": "Weighted",
                "weightPreference": {"dynamicWeight": w}})
        };
        // Only the weighting changes: m2 was already eligible, nothing is said to be gained.
        let i = impact(
            Some(&policy(&["m1", "m2"], dynamic("AvailableReplicas"))),
            &policy(&["m1", "m2"], dynamic("Other")),
            Some("shop"),
            "cart",
            &fleet,
        );
        assert_eq!(
            i.summary,
            vec![
                "Deployment shop/cart (4 replicas); replicas per cluster decided by the scheduler (dynamic weight Other)"
            ]
        );
        assert_eq!(i.preview["templates"][0]["gains"], json!([]));
        assert_eq!(i.preview["templates"][0]["may_gain"], json!([]));
        // m3 joins the list, m1 leaves it: m3 may gain, m1 loses for sure.
        let i = impact(
            Some(&policy(&["m1", "m2"], dynamic("AvailableReplicas"))),
            &policy(&["m2", "m3"], dynamic("AvailableReplicas")),
            Some("shop"),
            "cart",
            &fleet,
        );
        assert_eq!(
            i.summary,
            vec![
                "Deployment shop/cart (4 replicas); may gain m3 (newly eligible); loses m1; replicas per cluster decided by the scheduler (dynamic weight AvailableReplicas)"
            ]
        );
    }

    #[test]
    fn unchanged_placement_and_new_policy() {
        let clusters = [cluster("m1", false), cluster("m2", true)];
        let fleet = Fleet {
            clusters: &clusters,
            bindings: &[],
        };
        let p = policy(
            &["m1", "m2"],
            json!({"replicaSchedulingType": "Duplicated"}),
        );
        let i = impact(Some(&p), &p, Some("shop"), "cart", &fleet);
        assert_eq!(i.summary, vec!["placement unchanged: no template moves"]);
        let i = impact(None, &p, Some("shop"), "cart", &fleet);
        assert_eq!(
            i.summary,
            vec!["new policy: Karmada binds what its resourceSelectors select and places it on m1"]
        );
    }
}
