use serde_json::{Value, json};

use super::*;

fn live() -> Value {
    json!({"apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy",
        "metadata": {"name": "cart", "namespace": "shop", "resourceVersion": "7", "uid": "u",
            "generation": 2, "creationTimestamp": "2026-01-01T00:00:00Z",
            "labels": {"propagationpolicy.karmada.io/permanent-id": "x"},
            "managedFields": [{"manager": "kubectl"}]},
        "spec": {"resourceSelectors": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "cart"}],
            "placement": {"clusterAffinity": {"clusterNames": ["member1", "member2"]}}},
        "status": {"x": 1}})
}

#[test]
fn editable_drops_server_fields_and_keeps_the_resource_version() {
    let e = editable(&live());
    assert!(e.get("status").is_none());
    let m = e["metadata"].as_object().unwrap();
    assert_eq!(m["resourceVersion"], "7");
    for k in ["managedFields", "uid", "generation", "creationTimestamp"] {
        assert!(!m.contains_key(k), "{k}");
    }
}

#[test]
fn parse_errors_name_line_and_column() {
    let e = parse_yaml("spec:\n  placement: [a, b\n  x: 1\n").unwrap_err();
    assert!(e.line >= 2, "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("line {}, column {}: ", e.line, e.column))
    );
    assert!(!e.message.contains(" at line "), "{e}");
    let v = parse_yaml("a: 1\nb: [x]\n").unwrap();
    assert_eq!(v, json!({"a": 1, "b": ["x"]}));
}

#[test]
fn an_edit_is_a_patch_guarded_by_the_resource_version() {
    let mut edited = editable(&live());
    edited["spec"]["placement"]["clusterAffinity"]["clusterNames"] = json!(["member1", "member3"]);
    let plan = plan_apply_policy(0, "karmada", &edited, Some(&live()), Some(&live())).unwrap();
    assert!(plan.noop.is_none());
    let s = &plan.steps[0];
    assert_eq!(s.resource_version, "7");
    assert_eq!(
        s.patch()[0],
        json!({"op": "replace", "path": "/metadata/resourceVersion", "value": "7"})
    );
    let paths: Vec<&str> = s.ops.iter().map(|o| o["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        vec!["/spec/placement/clusterAffinity/clusterNames/1"]
    );
    // The undo puts it back.
    let mut after = desired(&live());
    json_patch::patch(
        &mut after,
        &serde_json::from_value::<json_patch::Patch>(Value::Array(s.ops.clone())).unwrap(),
    )
    .unwrap();
    json_patch::patch(
        &mut after,
        &serde_json::from_value::<json_patch::Patch>(Value::Array(s.undo.clone())).unwrap(),
    )
    .unwrap();
    assert_eq!(after, desired(&live()));
    assert!(s.after.contains("member3") && s.before.contains("member2"));
}

#[test]
fn a_stale_base_is_a_conflict_naming_what_changed() {
    let base = live();
    let mut now = live();
    now["metadata"]["resourceVersion"] = json!("9");
    now["spec"]["placement"]["clusterAffinity"]["clusterNames"] = json!(["member2"]);
    let e = plan_apply_policy(0, "karmada", &editable(&base), Some(&base), Some(&now)).unwrap_err();
    let ApplyError::Conflict(m) = e else {
        panic!("{e:?}")
    };
    assert!(m.starts_with("conflict: PropagationPolicy shop/cart on karmada changed since resourceVersion 7 (now 9)"), "{m}");
    assert!(
        m.contains("/spec/placement/clusterAffinity/clusterNames"),
        "{m}"
    );
    // A file carrying an old resourceVersion: the same.
    let e = plan_apply_policy(0, "karmada", &editable(&base), None, Some(&now)).unwrap_err();
    assert!(matches!(e, ApplyError::Conflict(_)));
    // Deleted meanwhile.
    let e = plan_apply_policy(0, "karmada", &editable(&base), Some(&base), None).unwrap_err();
    assert!(matches!(e, ApplyError::Conflict(m) if m.contains("deleted")));
}

#[test]
fn a_file_without_labels_keeps_the_live_ones_and_no_change_is_a_noop() {
    let mut file = editable(&live());
    file["metadata"].as_object_mut().unwrap().remove("labels");
    file["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("resourceVersion");
    let plan = plan_apply_policy(0, "karmada", &file, None, Some(&live())).unwrap();
    assert!(plan.noop.is_some(), "{:?}", plan.steps);
    // A spec field the file lacks is removed.
    file["spec"]["placement"]
        .as_object_mut()
        .unwrap()
        .remove("clusterAffinity");
    let plan = plan_apply_policy(0, "karmada", &file, None, Some(&live())).unwrap();
    assert_eq!(plan.steps[0].ops[0]["op"], "remove");
}

#[test]
fn invalid_edits_are_refused_with_the_field() {
    let check = |f: &dyn Fn(&mut Value), want: &str| {
        let mut e = editable(&live());
        f(&mut e);
        match plan_apply_policy(0, "karmada", &e, Some(&live()), Some(&live())) {
            Err(ApplyError::Invalid(m)) => assert!(m.contains(want), "{m} lacks {want}"),
            other => panic!("{other:?}"),
        }
    };
    check(
        &|e| e["kind"] = json!("Deployment"),
        "kind: expected PropagationPolicy",
    );
    check(&|e| e["metadata"]["name"] = json!("other"), "renaming");
    check(
        &|e| {
            e["metadata"].as_object_mut().unwrap().remove("namespace");
        },
        "metadata.namespace",
    );
    check(&|e| e["spec"] = json!("x"), "spec:");
    check(
        &|e| e["spec"]["placement"]["clusterAffinity"]["clusterNames"] = json!("m1"),
        "spec:",
    );
    check(&|e| e["apiVersion"] = json!("v1"), "apiVersion");
}

#[test]
fn a_new_policy_is_a_create_and_its_dropped_fields_are_found() {
    let p = prefill(
        "apps/v1",
        "Deployment",
        Some("shop"),
        "cart",
        &["m1".into(), "m2".into()],
    );
    assert_eq!(
        p["metadata"],
        json!({"name": "cart-propagation", "namespace": "shop"})
    );
    let plan = plan_apply_policy(0, "karmada", &p, None, None).unwrap();
    let s = &plan.steps[0];
    let c = s.create.as_ref().unwrap();
    assert_eq!(c.namespace, "shop");
    assert_eq!(
        s.object_ref(),
        "propagationpolicies.policy.karmada.io/shop/cart-propagation"
    );
    // The server's answer lacks a field: named, deepest first; added defaults are fine.
    let mut answer = c.object.clone();
    answer["spec"]["placement"]["clusterAffinity"]
        .as_object_mut()
        .unwrap()
        .remove("clusterNames");
    answer["spec"]["priority"] = json!(0);
    assert_eq!(
        s.missing_in(&answer).as_deref(),
        Some("/spec/placement/clusterAffinity/clusterNames")
    );
    let mut answer = c.object.clone();
    answer["spec"]["conflictResolution"] = json!("Abort");
    assert_eq!(s.missing_in(&answer), None);
}

#[test]
fn a_patched_unknown_field_dropped_by_the_server_is_found() {
    let mut edited = editable(&live());
    edited["spec"]["placement"]["clusterAfinity"] = json!({"clusterNames": ["m9"]});
    let plan = plan_apply_policy(0, "karmada", &edited, Some(&live()), Some(&live())).unwrap();
    let s = &plan.steps[0];
    // The apiserver pruned it: its answer is the live object.
    assert_eq!(
        s.missing_in(&live()).as_deref(),
        Some("/spec/placement/clusterAfinity")
    );
}
