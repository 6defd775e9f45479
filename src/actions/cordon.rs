//! Cordon / uncordon a Karmada member cluster: the taint
//! `cluster.karmada.io/unschedulable:NoSchedule` in the Cluster's `spec.taints`.
//! A merge patch would replace the whole array, so this is read-modify-write: the plan carries
//! the resourceVersion it read, and the PUT fails with 409 if someone changed it meanwhile.

use serde_json::{Value, json};

use super::diff::{diff_lines, to_yaml};
use super::plan::{Plan, PlanError};
use crate::fleet::{ClusterId, Kind, ObjKey};

pub const UNSCHEDULABLE_TAINT: &str = "cluster.karmada.io/unschedulable";

/// Pure: the fetched Cluster object + intent → the plan.
pub fn plan_cordon(
    cluster: ClusterId,
    context: &str,
    current: &Value,
    cordon: bool,
) -> Result<Plan, PlanError> {
    let kind = current["kind"].as_str().unwrap_or("");
    if kind != "Cluster" {
        return Err(PlanError::WrongKind {
            expected: "Karmada Cluster",
            got: kind.to_string(),
        });
    }
    let name = current["metadata"]["name"]
        .as_str()
        .ok_or(PlanError::Missing("metadata.name"))?;
    current["metadata"]["resourceVersion"]
        .as_str()
        .ok_or(PlanError::Missing("metadata.resourceVersion"))?;

    let mut new = current.clone();
    if let Some(meta) = new["metadata"].as_object_mut() {
        meta.remove("managedFields");
    }
    let taints: Vec<Value> = current["spec"]["taints"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let is_ours = |t: &Value| t["key"] == UNSCHEDULABLE_TAINT && t["effect"] == "NoSchedule";
    let has = taints.iter().any(is_ours);
    let (new_taints, change, noop) = if cordon {
        let mut t = taints.clone();
        if !has {
            t.push(json!({"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}));
        }
        (
            t,
            format!("spec.taints += {UNSCHEDULABLE_TAINT}:NoSchedule"),
            has,
        )
    } else {
        let t: Vec<Value> = taints.iter().filter(|t| !is_ours(t)).cloned().collect();
        (
            t,
            format!("spec.taints -= {UNSCHEDULABLE_TAINT}:NoSchedule"),
            !has,
        )
    };
    if !new["spec"].is_object() {
        new["spec"] = json!({});
    }
    if new_taints.is_empty() {
        if let Some(spec) = new["spec"].as_object_mut() {
            spec.remove("taints");
        }
    } else {
        new["spec"]["taints"] = Value::Array(new_taints);
    }
    // Show the spec: that is what changes (status is the controller's).
    let diff = diff_lines(
        &to_yaml(&json!({"spec": current["spec"]})),
        &to_yaml(&json!({"spec": new["spec"]})),
        3,
    );
    Ok(Plan {
        title: format!(
            "{} Karmada member {name}",
            if cordon { "Cordon" } else { "Uncordon" }
        ),
        cluster,
        context: context.to_string(),
        kind: Kind::KarmadaCluster,
        key: ObjKey::cluster_scoped(name),
        change,
        diff,
        object: new,
        noop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::diff::{DiffLine, render};

    fn cluster(taints: Value) -> Value {
        json!({
            "apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
            "metadata": {"name": "member1", "resourceVersion": "42",
                "managedFields": [{"manager": "karmada-controller-manager"}]},
            "spec": {"syncMode": "Push", "region": "eu-west-1", "taints": taints},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]}
        })
    }

    #[test]
    fn cordon_adds_the_taint_and_keeps_others() {
        let cur = cluster(json!([{"key": "team", "value": "a", "effect": "NoExecute"}]));
        let p = plan_cordon(0, "karmada", &cur, true).unwrap();
        assert!(!p.noop);
        assert_eq!(p.object["metadata"]["resourceVersion"], "42");
        assert!(p.object["metadata"].get("managedFields").is_none());
        assert_eq!(
            p.object["spec"]["taints"],
            json!([{"key": "team", "value": "a", "effect": "NoExecute"},
                   {"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}])
        );
        let added: Vec<_> = p
            .diff
            .iter()
            .filter_map(|l| match l {
                DiffLine::Add(s) => Some(s.trim().to_string()),
                _ => None,
            })
            .collect();
        assert!(
            added.iter().any(|l| l.contains(UNSCHEDULABLE_TAINT)),
            "{}",
            render(&p.diff)
        );
        assert!(!p.diff.iter().any(|l| matches!(l, DiffLine::Remove(_))));
        assert_eq!(p.title, "Cordon Karmada member member1");
        assert_eq!(p.object_ref(), "clusters.cluster.karmada.io/member1");
    }

    #[test]
    fn cordon_twice_is_a_noop() {
        let cur = cluster(json!([{"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}]));
        assert!(plan_cordon(0, "k", &cur, true).unwrap().noop);
    }

    #[test]
    fn uncordon_removes_only_our_taint() {
        let cur = cluster(json!([
            {"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"},
            {"key": "cluster.karmada.io/not-ready", "effect": "NoSchedule"}
        ]));
        let p = plan_cordon(0, "k", &cur, false).unwrap();
        assert!(!p.noop);
        assert_eq!(
            p.object["spec"]["taints"],
            json!([{"key": "cluster.karmada.io/not-ready", "effect": "NoSchedule"}])
        );
        assert!(
            p.diff
                .iter()
                .any(|l| matches!(l, DiffLine::Remove(s) if s.contains(UNSCHEDULABLE_TAINT)))
        );
    }

    #[test]
    fn uncordon_of_uncordoned_is_a_noop_and_drops_nothing() {
        let cur = cluster(Value::Null);
        let p = plan_cordon(0, "k", &cur, false).unwrap();
        assert!(p.noop);
        assert_eq!(p.object["spec"]["syncMode"], "Push");
    }

    #[test]
    fn refuses_other_kinds_and_objects_without_resource_version() {
        let err = plan_cordon(0, "k", &json!({"kind": "Node"}), true).unwrap_err();
        assert!(err.to_string().contains("Karmada Cluster"));
        let mut c = cluster(Value::Null);
        c["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("resourceVersion");
        assert_eq!(
            plan_cordon(0, "k", &c, true).unwrap_err(),
            PlanError::Missing("metadata.resourceVersion")
        );
    }
}
