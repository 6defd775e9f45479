//! Cordon / uncordon a Karmada member cluster: the taint
//! `cluster.karmada.io/unschedulable:NoSchedule` in the Cluster's `spec.taints`.
//! A merge patch would replace the whole array (losing taints others wrote), so the step is a
//! JSON patch of `/spec/taints` computed from the list as read, guarded by the resourceVersion
//! it was read at: if anyone changed the Cluster since, the server answers 409.

use serde_json::{Value, json};

use super::diff::to_yaml;
use super::plan::{Plan, PlanError, Step, name_and_rv};
use crate::fleet::{ClusterId, Kind, ObjKey};

pub const UNSCHEDULABLE_TAINT: &str = "cluster.karmada.io/unschedulable";

/// The `act` verbs.
pub const CORDON: &str = "cordon-cluster";
pub const UNCORDON: &str = "uncordon-cluster";

/// Pure: the fetched Cluster object + intent → the plan (no step when it is already so).
pub fn plan_cordon(
    cluster: ClusterId,
    context: &str,
    current: &Value,
    cordon: bool,
) -> Result<Plan, PlanError> {
    let (name, rv) = name_and_rv(current, "Cluster", "Karmada Cluster")?;
    let (verb, title) = if cordon {
        (CORDON, format!("Cordon Karmada member {name}"))
    } else {
        (UNCORDON, format!("Uncordon Karmada member {name}"))
    };
    let mut plan = Plan::new(verb, title);
    let old = current["spec"].get("taints").filter(|t| !t.is_null());
    let taints: Vec<Value> = old.and_then(Value::as_array).cloned().unwrap_or_default();
    let is_ours = |t: &Value| t["key"] == UNSCHEDULABLE_TAINT && t["effect"] == "NoSchedule";
    let has = taints.iter().any(is_ours);
    let taint = format!("{UNSCHEDULABLE_TAINT}:NoSchedule");
    let (new, change) = if cordon {
        if has {
            plan.noop = Some(format!("{name} is already cordoned"));
            return Ok(plan);
        }
        let mut t = taints.clone();
        t.push(json!({"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}));
        (t, format!("spec.taints += {taint}"))
    } else {
        if !has {
            plan.noop = Some(format!("{name} is not cordoned"));
            return Ok(plan);
        }
        let t: Vec<Value> = taints.iter().filter(|t| !is_ours(t)).cloned().collect();
        (t, format!("spec.taints -= {taint}"))
    };
    let set = |to: &[Value], existed: bool| -> Vec<Value> {
        match (to.is_empty(), existed) {
            (true, true) => vec![json!({"op": "remove", "path": "/spec/taints"})],
            (true, false) => vec![],
            (false, _) => vec![json!({"op": "add", "path": "/spec/taints", "value": to})],
        }
    };
    let ops = if current["spec"].is_object() {
        set(&new, old.is_some())
    } else {
        vec![json!({"op": "add", "path": "/spec", "value": {"taints": new}})]
    };
    let undo = if current["spec"].is_object() {
        set(&taints, !new.is_empty())
    } else {
        vec![json!({"op": "remove", "path": "/spec"})]
    };
    let mut after = current["spec"].clone();
    if !after.is_object() {
        after = json!({});
    }
    if new.is_empty() {
        if let Some(m) = after.as_object_mut() {
            m.remove("taints");
        }
    } else {
        after["taints"] = Value::Array(new);
    }
    plan.steps.push(Step {
        cluster,
        context: context.to_string(),
        kind: Kind::KarmadaCluster,
        key: ObjKey::cluster_scoped(name),
        resource_version: rv.to_string(),
        ops,
        undo,
        change,
        // The spec is what changes (status is the controller's).
        before: to_yaml(&json!({"spec": current["spec"]})),
        after: to_yaml(&json!({"spec": after})),
        create: None,
    });
    Ok(plan)
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

    fn apply(v: &Value, patch: &Value) -> Value {
        let mut v = v.clone();
        let p: json_patch::Patch = serde_json::from_value(patch.clone()).unwrap();
        json_patch::patch(&mut v, &p).unwrap();
        v
    }

    #[test]
    fn cordon_adds_the_taint_and_keeps_others() {
        let cur = cluster(json!([{"key": "team", "value": "a", "effect": "NoExecute"}]));
        let p = plan_cordon(0, "karmada", &cur, true).unwrap();
        assert_eq!(p.verb, CORDON);
        let s = &p.steps[0];
        assert_eq!(s.resource_version, "42");
        assert_eq!(
            s.patch()[0],
            json!({"op": "replace", "path": "/metadata/resourceVersion", "value": "42"})
        );
        let after = apply(&cur, &s.patch());
        assert_eq!(
            after["spec"]["taints"],
            json!([{"key": "team", "value": "a", "effect": "NoExecute"},
                   {"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}])
        );
        assert_eq!(s.missing_in(&after), None);
        assert!(
            s.missing_in(&cur).is_some(),
            "the unpatched object lacks the taint"
        );
        // Undo puts the spec back.
        let undone = apply(&after, &s.undo_patch("42"));
        assert_eq!(undone["spec"], cur["spec"]);
        let added: Vec<_> = s
            .diff(3)
            .into_iter()
            .filter_map(|l| match l {
                DiffLine::Add(s) => Some(s.trim().to_string()),
                _ => None,
            })
            .collect();
        assert!(
            added.iter().any(|l| l.contains(UNSCHEDULABLE_TAINT)),
            "{}",
            render(&s.diff(3))
        );
        assert_eq!(p.title, "Cordon Karmada member member1");
        assert_eq!(s.object_ref(), "clusters.cluster.karmada.io/member1");
    }

    #[test]
    fn cordon_twice_is_a_noop() {
        let cur = cluster(json!([{"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}]));
        let p = plan_cordon(0, "k", &cur, true).unwrap();
        assert!(p.is_noop());
        assert_eq!(p.noop.as_deref(), Some("member1 is already cordoned"));
    }

    #[test]
    fn uncordon_removes_only_our_taint_and_the_list_when_empty() {
        let cur = cluster(json!([
            {"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"},
            {"key": "cluster.karmada.io/not-ready", "effect": "NoSchedule"}
        ]));
        let p = plan_cordon(0, "k", &cur, false).unwrap();
        let after = apply(&cur, &p.steps[0].patch());
        assert_eq!(
            after["spec"]["taints"],
            json!([{"key": "cluster.karmada.io/not-ready", "effect": "NoSchedule"}])
        );
        let only = cluster(json!([{"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"}]));
        let p = plan_cordon(0, "k", &only, false).unwrap();
        let after = apply(&only, &p.steps[0].patch());
        assert!(after["spec"].get("taints").is_none(), "{after}");
        assert_eq!(
            apply(&after, &p.steps[0].undo_patch("42"))["spec"],
            only["spec"]
        );
    }

    #[test]
    fn cordon_without_taints_then_undo_leaves_no_list() {
        let mut cur = cluster(Value::Null);
        cur["spec"].as_object_mut().unwrap().remove("taints");
        let p = plan_cordon(0, "k", &cur, true).unwrap();
        let after = apply(&cur, &p.steps[0].patch());
        assert_eq!(after["spec"]["taints"].as_array().unwrap().len(), 1);
        assert_eq!(
            apply(&after, &p.steps[0].undo_patch("42"))["spec"],
            cur["spec"]
        );
    }

    #[test]
    fn uncordon_of_uncordoned_is_a_noop() {
        let p = plan_cordon(0, "k", &cluster(Value::Null), false).unwrap();
        assert!(p.is_noop());
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
