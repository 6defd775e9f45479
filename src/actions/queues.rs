//! Volcano queues: close / open as vcctl does (`vcctl queue operate`, volcano-sh/volcano
//! pkg/cli/queue/util.go) — a `bus.volcano.sh/v1alpha1` Command in namespace `default` that
//! Volcano's queue controller carries out and deletes — and weights (`spec.weight`, 1–65535)
//! with every open queue's share of the cluster before → after. Pure.

use serde_json::{Value, json};

use super::diff::to_yaml;
use super::plan::{Create, Plan, Step};
use crate::fleet::{ClusterId, Kind, ObjKey};
use crate::kinds::ApiSpec;
use crate::kinds::pod_group::PHASES;
use crate::views::queues::{open_shares, round2};

pub const QUEUE_CLOSE: &str = "queue-close";
pub const QUEUE_OPEN: &str = "queue-open";
pub const QUEUE_WEIGHT: &str = "queue-weight";

/// Volcano's weight bounds (`spec.weight`: int32, at least 1; vcctl caps it at 65535).
pub const MAX_WEIGHT: i64 = 65535;

/// `bus.volcano.sh/v1alpha1` Command: created, never watched.
pub const COMMAND: ApiSpec = ApiSpec {
    group: "bus.volcano.sh",
    versions: &["v1alpha1"],
    kind: "Command",
    plural: "commands",
    namespaced: true,
};

/// Where vcctl creates queue Commands.
pub const COMMAND_NAMESPACE: &str = "default";

/// The Command vcctl creates to close (or open) `queue` (the Queue object as the server has
/// it): `metav1.NewControllerRef(queue, Queue kind)` as both its target and its one owner
/// reference; generateName `<queue>-closequeue-` (the action in lower case).
pub fn command(queue: &Value, open: bool) -> Result<Value, String> {
    let name = queue["metadata"]["name"]
        .as_str()
        .ok_or("the queue has no name")?;
    let uid = queue["metadata"]["uid"]
        .as_str()
        .ok_or("the queue has no uid")?;
    let action = if open { "OpenQueue" } else { "CloseQueue" };
    let owner = json!({
        "apiVersion": "scheduling.volcano.sh/v1beta1",
        "kind": "Queue",
        "name": name,
        "uid": uid,
        "controller": true,
        "blockOwnerDeletion": true,
    });
    Ok(json!({
        "apiVersion": "bus.volcano.sh/v1alpha1",
        "kind": "Command",
        "metadata": {
            "generateName": format!("{name}-{}-", action.to_lowercase()),
            "namespace": COMMAND_NAMESPACE,
            "ownerReferences": [owner],
        },
        "target": owner,
        "action": action,
    }))
}

fn state_of(q: &Value) -> &str {
    q["status"]["state"].as_str().unwrap_or("Unknown")
}

/// Close (or open) `queue` on `cluster`: one step creating the Command. `podgroups`: the
/// queue's PodGroups by phase (Pending, Inqueue, Running, Completed, Unknown), for the warning
/// when closing a queue that still has work. `root` cannot be closed; a queue already in that
/// state (or closing) is a noop.
pub fn plan_queue_state(
    cluster: ClusterId,
    context: &str,
    queue: &Value,
    podgroups: [u32; 5],
    open: bool,
) -> Result<Plan, String> {
    let name = queue["metadata"]["name"].as_str().unwrap_or("");
    if !open && name == "root" {
        return Err("the root queue cannot be closed (Volcano refuses it too)".into());
    }
    let (verb, what) = if open {
        (QUEUE_OPEN, "Open")
    } else {
        (QUEUE_CLOSE, "Close")
    };
    let mut plan = Plan::new(verb, format!("{what} Volcano queue {name} on {context}"));
    let state = state_of(queue);
    match (open, state) {
        (true, "Open") => plan.noop = Some(format!("queue {name} is already Open")),
        (false, "Closed" | "Closing") => {
            plan.noop = Some(format!("queue {name} is already {state}"))
        }
        _ => {}
    }
    if plan.noop.is_some() {
        return Ok(plan);
    }
    let (running, inqueue) = (podgroups[2], podgroups[1]);
    if !open && running + inqueue > 0 {
        plan.summary.push(format!(
            "warning: queue {name} has {running} Running and {inqueue} Inqueue PodGroup(s): they \
             keep running, but no new PodGroup is admitted while it is closed"
        ));
    }
    let counts: Vec<String> = PHASES
        .iter()
        .zip(podgroups)
        .filter(|(_, n)| *n > 0)
        .map(|(p, n)| format!("{p} {n}"))
        .collect();
    plan.summary.push(format!(
        "queue {name}: {state} → {} (PodGroups: {})",
        if open { "Open" } else { "Closed" },
        if counts.is_empty() {
            "none".to_string()
        } else {
            counts.join(", ")
        }
    ));
    let cmd = command(queue, open)?;
    let action = cmd["action"].as_str().unwrap_or("").to_string();
    plan.steps.push(Step {
        cluster,
        context: context.to_string(),
        kind: Kind::Queue,
        key: ObjKey::cluster_scoped(name),
        resource_version: queue["metadata"]["resourceVersion"]
            .as_str()
            .unwrap_or("")
            .to_string(),
        ops: vec![],
        undo: vec![],
        change: format!("{action} queue {name} (Command in {COMMAND_NAMESPACE})"),
        before: to_yaml(&json!({"status": {"state": state}})),
        after: to_yaml(&json!({"status": {"state": if open { "Open" } else { "Closed" }}})),
        create: Some(Create {
            api: COMMAND,
            namespace: COMMAND_NAMESPACE.into(),
            object: cmd,
        }),
    });
    Ok(plan)
}

/// Each open queue's share of the weights (percent), as `{"queue": percent}`.
fn shares_json(queues: &[(String, i64, bool)]) -> serde_json::Map<String, Value> {
    let ws: Vec<(&str, i64, bool)> = queues
        .iter()
        .map(|(n, w, o)| (n.as_str(), *w, *o))
        .collect();
    queues
        .iter()
        .zip(open_shares(&ws))
        .filter_map(|((n, _, _), s)| Some((n.clone(), json!(round2(s?)))))
        .collect()
}

/// Set the weights of queues of one cluster (`queues`: every Queue object of that cluster):
/// a step per changed queue, a JSON patch `replace /spec/weight` guarded by the
/// resourceVersion; the summary and preview give every open queue's share before → after.
pub fn plan_queue_weights(
    cluster: ClusterId,
    context: &str,
    queues: &[Value],
    set: &[(String, i64)],
) -> Result<Plan, String> {
    let name = |q: &Value| q["metadata"]["name"].as_str().unwrap_or("").to_string();
    let weight = |q: &Value| q["spec"]["weight"].as_i64().unwrap_or(1);
    for (n, w) in set {
        if !(1..=MAX_WEIGHT).contains(w) {
            return Err(format!(
                "weight {w} for queue {n} is out of range: 1 to {MAX_WEIGHT}"
            ));
        }
        if !queues.iter().any(|q| name(q) == *n) {
            return Err(format!("no queue {n} on {context}"));
        }
    }
    let names: Vec<&str> = set.iter().map(|(n, _)| n.as_str()).collect();
    let mut plan = Plan::new(
        QUEUE_WEIGHT,
        format!(
            "Set the weight of Volcano queue(s) {} on {context}",
            names.join(", ")
        ),
    );
    let before: Vec<(String, i64, bool)> = queues
        .iter()
        .map(|q| (name(q), weight(q), state_of(q) == "Open"))
        .collect();
    let after: Vec<(String, i64, bool)> = before
        .iter()
        .map(|(n, w, o)| {
            let w = set.iter().find(|(s, _)| s == n).map_or(*w, |(_, w)| *w);
            (n.clone(), w, *o)
        })
        .collect();
    let (sb, sa) = (shares_json(&before), shares_json(&after));
    for (n, _, _) in &before {
        let (Some(b), Some(a)) = (sb.get(n), sa.get(n)) else {
            continue;
        };
        let pct = |v: &Value| format!("{:.1}%", v.as_f64().unwrap_or(0.0));
        plan.summary.push(if a == b {
            format!("{n}: {}", pct(b))
        } else {
            format!("{n}: {} → {}", pct(b), pct(a))
        });
    }
    plan.preview = Some(json!({"before": sb, "after": sa}));
    for q in queues {
        let n = name(q);
        let Some((_, w)) = set.iter().find(|(s, _)| *s == n) else {
            continue;
        };
        let cur = weight(q);
        if cur == *w {
            continue;
        }
        let has = q["spec"].get("weight").is_some();
        plan.steps.push(Step {
            cluster,
            context: context.to_string(),
            kind: Kind::Queue,
            key: ObjKey::cluster_scoped(&n),
            resource_version: q["metadata"]["resourceVersion"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            ops: vec![json!({"op": if has { "replace" } else { "add" }, "path": "/spec/weight", "value": w})],
            undo: vec![if has {
                json!({"op": "replace", "path": "/spec/weight", "value": cur})
            } else {
                json!({"op": "remove", "path": "/spec/weight"})
            }],
            change: format!("spec.weight: {cur} → {w}"),
            before: to_yaml(&json!({"spec": {"weight": cur}})),
            after: to_yaml(&json!({"spec": {"weight": w}})),
            create: None,
        });
    }
    if plan.steps.is_empty() {
        plan.noop = Some("the queue(s) already have these weights".into());
    }
    Ok(plan)
}

#[cfg(test)]
#[path = "queues_tests.rs"]
mod tests;
