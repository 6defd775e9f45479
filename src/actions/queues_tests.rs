use serde_json::{Value, json};

use super::*;

fn q(name: &str, state: &str, weight: i64) -> Value {
    json!({"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "Queue",
        "metadata": {"name": name, "uid": format!("uid-{name}"), "resourceVersion": "7"},
        "spec": {"weight": weight}, "status": {"state": state}})
}

#[test]
fn the_command_is_the_one_vcctl_creates() {
    let c = command(&q("prod", "Open", 4), false).unwrap();
    let owner = json!({"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "Queue",
        "name": "prod", "uid": "uid-prod", "controller": true, "blockOwnerDeletion": true});
    assert_eq!(
        c,
        json!({
            "apiVersion": "bus.volcano.sh/v1alpha1",
            "kind": "Command",
            "metadata": {"generateName": "prod-closequeue-", "namespace": "default",
                "ownerReferences": [owner]},
            "target": owner,
            "action": "CloseQueue",
        })
    );
    let o = command(&q("prod", "Closed", 4), true).unwrap();
    assert_eq!(o["action"], "OpenQueue");
    assert_eq!(o["metadata"]["generateName"], "prod-openqueue-");
}

#[test]
fn close_is_one_create_step_with_the_warning() {
    let p = plan_queue_state(1, "eu", &q("prod", "Open", 4), [1, 2, 3, 0, 0], false).unwrap();
    assert_eq!(p.verb, QUEUE_CLOSE);
    assert_eq!(p.steps.len(), 1);
    let s = &p.steps[0];
    let c = s.create.as_ref().unwrap();
    assert_eq!((c.api.kind, c.namespace.as_str()), ("Command", "default"));
    assert!(s.ops.is_empty() && s.undo.is_empty());
    assert_eq!(
        s.object_ref(),
        "commands.bus.volcano.sh/default/prod-closequeue-"
    );
    assert_eq!(
        p.summary[0],
        "warning: queue prod has 3 Running and 2 Inqueue PodGroup(s): they keep running, but no \
         new PodGroup is admitted while it is closed"
    );
    assert_eq!(
        p.summary[1],
        "queue prod: Open → Closed (PodGroups: Pending 1, Inqueue 2, Running 3)"
    );
    let j = &p.steps_json()[0];
    assert_eq!(j["create"]["action"], "CloseQueue");
    assert_eq!(j["guard"], "none");
    assert!(j.get("patch").is_none());
    // The answer must keep what was sent (a CRD would prune unknown fields).
    let mut answer = c.object.clone();
    assert_eq!(s.missing_in(&answer), None);
    answer.as_object_mut().unwrap().remove("target");
    assert_eq!(s.missing_in(&answer), Some("/target".into()));
}

#[test]
fn root_refused_no_warning_when_idle_noop_when_already() {
    let e = plan_queue_state(0, "eu", &q("root", "Open", 1), [0; 5], false).unwrap_err();
    assert!(e.contains("root queue cannot be closed"), "{e}");
    let p = plan_queue_state(0, "eu", &q("idle", "Open", 1), [0, 0, 0, 5, 0], false).unwrap();
    assert!(!p.summary[0].starts_with("warning"), "{:?}", p.summary);
    for (state, open) in [("Closed", false), ("Closing", false), ("Open", true)] {
        let p = plan_queue_state(0, "eu", &q("x", state, 1), [0; 5], open).unwrap();
        assert!(p.is_noop(), "{state}");
    }
    // Opening root is fine (and a noop when open).
    assert!(plan_queue_state(0, "eu", &q("root", "Closed", 1), [0; 5], true).is_ok());
}

#[test]
fn weight_shares_of_open_queues_before_after_and_bounds() {
    let all = [
        q("root", "Open", 1),
        q("prod", "Open", 4),
        q("research", "Open", 5),
        q("archive", "Closed", 10),
    ];
    let p = plan_queue_weights(0, "eu", &all, &[("research".into(), 15)]).unwrap();
    assert_eq!(
        p.preview,
        Some(
            json!({"before": {"root": 10.0, "prod": 40.0, "research": 50.0},
            "after": {"root": 5.0, "prod": 20.0, "research": 75.0}})
        )
    );
    assert_eq!(
        p.summary,
        [
            "root: 10.0% → 5.0%",
            "prod: 40.0% → 20.0%",
            "research: 50.0% → 75.0%"
        ]
    );
    assert_eq!(p.steps.len(), 1);
    let s = &p.steps[0];
    assert_eq!(
        s.patch(),
        json!([{"op": "replace", "path": "/metadata/resourceVersion", "value": "7"},
            {"op": "replace", "path": "/spec/weight", "value": 15}])
    );
    assert_eq!(
        s.undo,
        [json!({"op": "replace", "path": "/spec/weight", "value": 5})]
    );
    for bad in [0, 65536, -1] {
        let e = plan_queue_weights(0, "eu", &all, &[("prod".into(), bad)]).unwrap_err();
        assert!(e.contains("1 to 65535"), "{e}");
    }
    assert!(plan_queue_weights(0, "eu", &all, &[("prod".into(), 65535)]).is_ok());
    let e = plan_queue_weights(0, "eu", &all, &[("nope".into(), 2)]).unwrap_err();
    assert_eq!(e, "no queue nope on eu");
    assert!(
        plan_queue_weights(0, "eu", &all, &[("prod".into(), 4)])
            .unwrap()
            .is_noop()
    );
}
