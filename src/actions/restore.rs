//! Restore a plan from the audit log: the inverse of each of its steps that still stands,
//! applied only where the object still holds what the plan set. A step guarded by `test` ops
//! (route weights) is undone by its recorded undo ops when their tests hold on the object as it
//! is now; a Karmada cordon is undone by uncordoning. Objects changed since are listed and
//! left alone (set new weights for them with `set-route-weights`).

use serde_json::{Value, json};

use super::audit::AuditEntry;
use super::diff::to_yaml;
use super::plan::{Plan, Step};
use crate::fleet::{ClusterId, Kind, ObjKey};

pub const RESTORE: &str = "restore";

/// One standing step of the plan: its audit line, where it is, and the object as it is now
/// (None: gone).
pub struct Standing<'a> {
    pub entry: &'a AuditEntry,
    pub cluster: ClusterId,
    pub kind: Kind,
    pub key: ObjKey,
    pub current: Option<Value>,
}

/// The recent plans in the audit log, newest first: (id, verb, time, steps standing).
pub fn recent(entries: &[AuditEntry], n: usize) -> Vec<(String, String, String, usize)> {
    let mut ids: Vec<&AuditEntry> = Vec::new();
    for e in entries.iter().rev() {
        if !ids.iter().any(|x| x.plan == e.plan) {
            ids.push(e);
        }
    }
    ids.into_iter()
        .take(n)
        .map(|e| {
            let standing = AuditEntry::standing(entries, &e.plan).len();
            (e.plan.clone(), e.verb.clone(), e.time.clone(), standing)
        })
        .collect()
}

/// The first `test` op of `ops` that does not hold on `obj`: (path, wanted, found).
fn failing_test(ops: &[Value], obj: &Value) -> Option<(String, Value, Value)> {
    ops.iter().filter(|o| o["op"] == "test").find_map(|o| {
        let path = o["path"].as_str().unwrap_or("");
        let found = obj.pointer(path).cloned().unwrap_or(Value::Null);
        (found != o["value"]).then(|| (path.to_string(), o["value"].clone(), found))
    })
}

/// The ops that undo `ops` on `obj` as it is now: a test of each value set, then the value
/// now (or a remove / add for a field that comes or goes).
fn inverse(ops: &[Value], obj: &Value) -> Vec<Value> {
    let mut tests = Vec::new();
    let mut sets = Vec::new();
    for o in ops.iter().filter(|o| o["op"] != "test") {
        let path = o["path"].as_str().unwrap_or("");
        let now = obj.pointer(path);
        match (o["op"].as_str(), now) {
            (Some("remove"), Some(v)) => sets.push(json!({"op": "add", "path": path, "value": v})),
            (_, Some(v)) => {
                tests.push(json!({"op": "test", "path": path, "value": o["value"]}));
                sets.push(json!({"op": "replace", "path": path, "value": v}));
            }
            (_, None) => {
                tests.push(json!({"op": "test", "path": path, "value": o["value"]}));
                sets.push(json!({"op": "remove", "path": path}));
            }
        }
    }
    tests.extend(sets);
    tests
}

/// Apply `ops` to a copy of `obj` (for the diff; ops that do not apply are skipped).
fn applied(obj: &Value, ops: &[Value]) -> Value {
    let mut v = obj.clone();
    for o in ops.iter().filter(|o| o["op"] != "test") {
        let path = o["path"].as_str().unwrap_or("");
        match o["op"].as_str() {
            Some("remove") => {
                if let Some((parent, last)) = path.rsplit_once('/')
                    && let Some(Value::Object(m)) = v.pointer_mut(parent)
                {
                    m.remove(last);
                }
            }
            _ => {
                if let Some(slot) = v.pointer_mut(path) {
                    *slot = o["value"].clone();
                } else if let Some((parent, last)) = path.rsplit_once('/')
                    && let Some(Value::Object(m)) = v.pointer_mut(parent)
                {
                    m.insert(last.to_string(), o["value"].clone());
                }
            }
        }
    }
    v
}

/// Pure: the plan's standing steps with their objects now → the restore plan (`extra`:
/// `restores`, `changed_since`).
pub fn plan_restore(id: &str, steps: &[Standing]) -> Result<Plan, String> {
    if steps.is_empty() {
        return Err(format!(
            "plan {id} has no applied step standing in the audit log (never applied, reverted, or not this state dir's)"
        ));
    }
    let mut plan = Plan::new(RESTORE, format!("Restore what plan {id} changed"));
    let mut changed: Vec<Value> = Vec::new();
    for s in steps {
        let e = s.entry;
        let what = json!({"context": e.context, "kind": s.kind.api().kind,
            "namespace": s.key.namespace.as_deref(), "name": &*s.key.name});
        let mut left = |why: String| {
            let mut w = what.clone();
            w["reason"] = json!(why);
            changed.push(w);
        };
        let Some(obj) = &s.current else {
            left("gone".into());
            continue;
        };
        let Some(undo) = &e.undo else {
            left("the audit line has no undo (written by an older fleetdeck)".into());
            continue;
        };
        if s.kind == Kind::KarmadaCluster && e.change.starts_with("spec.taints +=") {
            let p = super::cordon::plan_cordon(s.cluster, &e.context, obj, false)
                .map_err(|e| e.to_string())?;
            match p.noop {
                Some(why) => plan
                    .summary
                    .push(format!("Karmada: nothing to undo ({why})")),
                None => plan.steps.extend(p.steps),
            }
            continue;
        }
        if undo.guard != "test" {
            left(format!("cannot be restored automatically ({})", e.change));
            continue;
        }
        if let Some((path, want, found)) = failing_test(&undo.ops, obj) {
            left(format!(
                "changed since: {path} is {found}, the plan set {want}"
            ));
            continue;
        }
        let spec = |v: &Value| to_yaml(&json!({"spec": v["spec"]}));
        plan.steps.push(Step {
            cluster: s.cluster,
            context: e.context.clone(),
            kind: s.kind,
            key: s.key.clone(),
            resource_version: String::new(),
            ops: undo.ops.clone(),
            undo: inverse(&undo.ops, obj),
            change: format!("undo (plan {id} step {} did: {})", e.step, e.change),
            before: spec(obj),
            after: spec(&applied(obj, &undo.ops)),
            create: None,
        });
    }
    plan.summary.push(format!(
        "{} of {} step(s) of plan {id} can be restored",
        plan.steps.len(),
        steps.len()
    ));
    for c in &changed {
        plan.summary.push(format!(
            "left alone: {} {} {}/{}: {}",
            c["context"].as_str().unwrap_or(""),
            c["kind"].as_str().unwrap_or(""),
            c["namespace"].as_str().unwrap_or("-"),
            c["name"].as_str().unwrap_or(""),
            c["reason"].as_str().unwrap_or("")
        ));
    }
    plan.extra = Some(json!({"restores": id, "changed_since": changed}));
    if plan.steps.is_empty() {
        plan.noop = Some(format!("nothing of plan {id} can be restored"));
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::audit::AuditUndo;

    fn entry(plan: &str, step: &str, result: &str, ops: Vec<Value>) -> AuditEntry {
        AuditEntry {
            time: "2026-12-03T03:00:00Z".into(),
            plan: plan.into(),
            step: step.into(),
            user: "sre".into(),
            context: "m2".into(),
            object: "virtualservices/shop/web".into(),
            change: "http[0]: m1 80→0, m2 20→100".into(),
            result: result.into(),
            verb: "drain-cluster".into(),
            undo: Some(AuditUndo {
                kind: "VirtualService".into(),
                namespace: Some("shop".into()),
                name: "web".into(),
                guard: "test".into(),
                ops,
            }),
        }
    }

    fn undo_ops() -> Vec<Value> {
        vec![
            json!({"op": "test", "path": "/spec/http/0/route/0/weight", "value": 0}),
            json!({"op": "replace", "path": "/spec/http/0/route/0/weight", "value": 80}),
            json!({"op": "test", "path": "/spec/http/0/route/1/weight", "value": 100}),
            json!({"op": "replace", "path": "/spec/http/0/route/1/weight", "value": 20}),
        ]
    }

    fn web(w0: i64, w1: i64) -> Value {
        json!({"kind": "VirtualService", "metadata": {"namespace": "shop", "name": "web"},
            "spec": {"http": [{"route": [{"destination": {"host": "web", "subset": "m1"}, "weight": w0},
                {"destination": {"host": "web", "subset": "m2"}, "weight": w1}]}]}})
    }

    #[test]
    fn restores_where_the_object_holds_what_the_plan_set_and_lists_the_rest() {
        let entries = vec![entry("p-1", "1/1", "applied", undo_ops())];
        let standing = AuditEntry::standing(&entries, "p-1");
        let st = |current| Standing {
            entry: standing[0],
            cluster: 2,
            kind: Kind::VirtualService,
            key: ObjKey::new(Some("shop"), "web"),
            current,
        };
        let p = plan_restore("p-1", &[st(Some(web(0, 100)))]).unwrap();
        assert_eq!(p.steps.len(), 1);
        assert_eq!(p.steps[0].ops, undo_ops());
        assert!(p.steps[0].guarded_by_tests());
        assert_eq!(
            p.steps[0].undo,
            vec![
                json!({"op": "test", "path": "/spec/http/0/route/0/weight", "value": 80}),
                json!({"op": "test", "path": "/spec/http/0/route/1/weight", "value": 20}),
                json!({"op": "replace", "path": "/spec/http/0/route/0/weight", "value": 0}),
                json!({"op": "replace", "path": "/spec/http/0/route/1/weight", "value": 100}),
            ]
        );
        assert!(p.steps[0].after.contains("weight: 80"));
        // Someone set 10/90 since: left alone, said why.
        let p = plan_restore("p-1", &[st(Some(web(10, 90)))]).unwrap();
        assert!(p.steps.is_empty());
        assert_eq!(
            p.noop.as_deref(),
            Some("nothing of plan p-1 can be restored")
        );
        let c = &p.extra.unwrap()["changed_since"][0];
        assert_eq!(c["name"], "web");
        assert_eq!(
            c["reason"],
            "changed since: /spec/http/0/route/0/weight is 10, the plan set 0"
        );
        let p = plan_restore("p-1", &[st(None)]).unwrap();
        assert_eq!(p.extra.unwrap()["changed_since"][0]["reason"], "gone");
    }

    #[test]
    fn reverted_steps_do_not_stand_and_recent_lists_plans_newest_first() {
        let entries = vec![
            entry("p-1", "1/2", "applied", undo_ops()),
            entry("p-1", "1/2", "reverted", vec![]),
            entry("p-2", "1/1", "applied", undo_ops()),
        ];
        assert!(AuditEntry::standing(&entries, "p-1").is_empty());
        assert!(
            plan_restore("p-1", &[])
                .unwrap_err()
                .contains("no applied step standing")
        );
        let r = recent(&entries, 5);
        assert_eq!(r[0].0, "p-2");
        assert_eq!((r[1].0.as_str(), r[1].3), ("p-1", 0));
    }
}
