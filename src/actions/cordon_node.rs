//! Cordon / uncordon a node (an edge node from the edge pane, or any node headless):
//! `spec.unschedulable`, as `kubectl cordon` sets it. The step is a JSON patch of that one
//! field, guarded by the resourceVersion the node was read at (a kubelet or edgecore that
//! updated the node since makes the server answer 409: plan again).

use serde_json::{Value, json};

use super::diff::to_yaml;
use super::plan::{Plan, PlanError, Step, name_and_rv};
use crate::fleet::{ClusterId, Kind, ObjKey};

/// The `act` verbs.
pub const CORDON_NODE: &str = "cordon-node";
pub const UNCORDON_NODE: &str = "uncordon-node";

/// Pure: the fetched Node + intent → the plan (no step when it is already so).
pub fn plan_cordon_node(
    cluster: ClusterId,
    context: &str,
    current: &Value,
    cordon: bool,
) -> Result<Plan, PlanError> {
    let (name, rv) = name_and_rv(current, "Node", "Node")?;
    let (verb, title) = if cordon {
        (CORDON_NODE, format!("Cordon node {name} on {context}"))
    } else {
        (UNCORDON_NODE, format!("Uncordon node {name} on {context}"))
    };
    let mut plan = Plan::new(verb, title);
    let spec = &current["spec"];
    let old = spec.get("unschedulable").filter(|v| !v.is_null());
    let is = old.and_then(Value::as_bool).unwrap_or(false);
    if is == cordon {
        plan.noop = Some(format!(
            "node {name} is {}",
            if cordon {
                "already cordoned"
            } else {
                "not cordoned"
            }
        ));
        return Ok(plan);
    }
    const PATH: &str = "/spec/unschedulable";
    let (ops, change) = match (cordon, spec.is_object()) {
        (true, true) => (
            vec![json!({"op": "add", "path": PATH, "value": true})],
            "spec.unschedulable: true",
        ),
        (true, false) => (
            vec![json!({"op": "add", "path": "/spec", "value": {"unschedulable": true}})],
            "spec.unschedulable: true",
        ),
        (false, _) => (
            vec![json!({"op": "remove", "path": PATH})],
            "spec.unschedulable removed",
        ),
    };
    // What it was: the field as read (false or absent), or no spec at all.
    let undo = match (old, spec.is_object()) {
        (Some(v), _) => vec![json!({"op": "add", "path": PATH, "value": v})],
        (None, true) => vec![json!({"op": "remove", "path": PATH})],
        (None, false) => vec![json!({"op": "remove", "path": "/spec"})],
    };
    let mut after = if spec.is_object() {
        spec.clone()
    } else {
        json!({})
    };
    if cordon {
        after["unschedulable"] = json!(true);
    } else if let Some(m) = after.as_object_mut() {
        m.remove("unschedulable");
    }
    plan.steps.push(Step {
        cluster,
        context: context.to_string(),
        kind: Kind::Node,
        key: ObjKey::cluster_scoped(name),
        resource_version: rv.to_string(),
        ops,
        undo,
        change: change.to_string(),
        before: to_yaml(&json!({"spec": spec})),
        after: to_yaml(&json!({"spec": after})),
        create: None,
    });
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(spec: Value) -> Value {
        json!({"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": "edge-01", "resourceVersion": "7"},
            "spec": spec, "status": {"conditions": [{"type": "Ready", "status": "True"}]}})
    }

    fn apply(v: &Value, patch: &Value) -> Value {
        let mut v = v.clone();
        let p: json_patch::Patch = serde_json::from_value(patch.clone()).unwrap();
        json_patch::patch(&mut v, &p).unwrap();
        v
    }

    #[test]
    fn cordon_sets_the_field_guarded_by_the_resource_version_and_undoes() {
        let cur = node(json!({"podCIDR": "10.244.3.0/24"}));
        let p = plan_cordon_node(2, "edge-cn", &cur, true).unwrap();
        assert_eq!(p.verb, CORDON_NODE);
        assert_eq!(p.title, "Cordon node edge-01 on edge-cn");
        let s = &p.steps[0];
        assert_eq!(s.resource_version, "7");
        assert_eq!(
            s.patch()[0],
            json!({"op": "replace", "path": "/metadata/resourceVersion", "value": "7"})
        );
        let after = apply(&cur, &s.patch());
        assert_eq!(after["spec"]["unschedulable"], true);
        assert_eq!(after["spec"]["podCIDR"], "10.244.3.0/24");
        assert_eq!(apply(&after, &s.undo_patch("7"))["spec"], cur["spec"]);
        assert_eq!(s.object_ref(), "nodes/edge-01");
        assert!(s.after.contains("unschedulable: true"), "{}", s.after);
    }

    #[test]
    fn uncordon_removes_it_and_undo_puts_it_back() {
        let cur = node(json!({"unschedulable": true}));
        let p = plan_cordon_node(0, "c", &cur, false).unwrap();
        let after = apply(&cur, &p.steps[0].patch());
        assert!(after["spec"].get("unschedulable").is_none(), "{after}");
        assert_eq!(
            apply(&after, &p.steps[0].undo_patch("7"))["spec"],
            cur["spec"]
        );
        // An explicit false is put back as false.
        let f = node(json!({"unschedulable": false}));
        let p = plan_cordon_node(0, "c", &f, true).unwrap();
        let after = apply(&f, &p.steps[0].patch());
        assert_eq!(
            apply(&after, &p.steps[0].undo_patch("7"))["spec"],
            f["spec"]
        );
        // No spec at all.
        let mut bare = node(Value::Null);
        bare.as_object_mut().unwrap().remove("spec");
        let p = plan_cordon_node(0, "c", &bare, true).unwrap();
        let after = apply(&bare, &p.steps[0].patch());
        assert_eq!(after["spec"]["unschedulable"], true);
        assert!(
            apply(&after, &p.steps[0].undo_patch("7"))
                .get("spec")
                .is_none()
        );
    }

    #[test]
    fn already_so_is_a_noop_and_other_kinds_are_refused() {
        let p = plan_cordon_node(0, "c", &node(json!({"unschedulable": true})), true).unwrap();
        assert_eq!(p.noop.as_deref(), Some("node edge-01 is already cordoned"));
        let p = plan_cordon_node(0, "c", &node(json!({})), false).unwrap();
        assert_eq!(p.noop.as_deref(), Some("node edge-01 is not cordoned"));
        let e = plan_cordon_node(0, "c", &json!({"kind": "Pod"}), true).unwrap_err();
        assert!(e.to_string().contains("Node"), "{e}");
    }
}
