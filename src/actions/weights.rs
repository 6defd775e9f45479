//! Set a (Cluster)PropagationPolicy's static weights: `spec.placement.replicaScheduling.
//! weightPreference.staticWeightList` rewritten so each candidate cluster weighs what was asked,
//! changing only the rules' weights (a names-only rule may be split or lose a name set to 0),
//! never a labelSelector or fieldSelector rule's selection; where that cannot express the
//! weights, the user may pin clusters by name (one rule per cluster, said in the change). The
//! step replaces the list as read, guarded by the resourceVersion it was read at. The plan's
//! preview: every bound template's replicas per cluster before → after, by Karmada's split.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::diff::to_yaml;
use super::plan::{Plan, Step};
use crate::fleet::{ClusterId, Kind, ObjKey};
use crate::karmada::affinity::ClusterAffinity;
use crate::karmada::placement::{Candidate, Mode, Placement, StaticWeightRule};
use crate::karmada::preview::preview;
use crate::kinds::binding::BindingRow;
use crate::kinds::karmada_cluster::KarmadaClusterRow;

pub const SET_WEIGHTS: &str = "set-weights";

const RS: &str = "/spec/placement/replicaScheduling";

/// What the planner reads besides the policy: the control plane's Clusters and the bindings of
/// the policy's templates.
pub struct Fleet<'a> {
    pub clusters: &'a [KarmadaClusterRow],
    pub bindings: &'a [BindingRow],
}

fn names_rule(names: Vec<String>, weight: i64) -> Value {
    json!({"targetCluster": {"clusterNames": names}, "weight": weight})
}

/// The new `staticWeightList` giving each candidate its `desired` weight. Errors say why the
/// rules cannot express it.
pub fn rewrite(
    rules_json: &[Value],
    rules: &[StaticWeightRule],
    candidates: &[Candidate],
    facts: &[crate::karmada::affinity::ClusterFacts],
    desired: &BTreeMap<String, i64>,
    pin: bool,
) -> Result<Vec<Value>, String> {
    let d = |c: &str| desired.get(c).copied().unwrap_or(0);
    if pin {
        return Ok(candidates
            .iter()
            .filter(|c| d(&c.name) > 0)
            .map(|c| names_rule(vec![c.name.to_string()], d(&c.name)))
            .collect());
    }
    let is_candidate = |n: &str| candidates.iter().any(|c| &*c.name == n);
    let fact = |n: &str| facts.iter().find(|f| f.name == n);
    let matched = |a: &ClusterAffinity| -> Vec<&str> {
        candidates
            .iter()
            .filter(|c| fact(&c.name).is_some_and(|f| a.matches(f)))
            .map(|c| &*c.name)
            .collect()
    };
    let mut out: Vec<Value> = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let raw = rules_json.get(i).cloned().unwrap_or(Value::Null);
        let m = matched(&rule.target_cluster);
        if m.is_empty() {
            out.push(raw);
            continue;
        }
        if rule.target_cluster.by_names_only() {
            // Group the rule's candidate names by the weight asked; other names keep theirs.
            let mut groups: Vec<(i64, Vec<String>)> = Vec::new();
            let mut others = Vec::new();
            for n in &rule.target_cluster.cluster_names {
                if !is_candidate(n) {
                    others.push(n.clone());
                    continue;
                }
                let w = d(n);
                if w == 0 {
                    continue;
                }
                match groups.iter_mut().find(|g| g.0 == w) {
                    Some(g) => g.1.push(n.clone()),
                    None => groups.push((w, vec![n.clone()])),
                }
            }
            if groups.is_empty() || (groups.len() == 1 && others.is_empty()) {
                // Still one rule: keep it as written, with its names and weight updated.
                let (w, names) = groups.pop().unwrap_or((rule.weight, others.clone()));
                if names.is_empty() {
                    continue;
                }
                let mut r = raw;
                r["targetCluster"]["clusterNames"] = json!(names);
                r["weight"] = json!(w);
                out.push(r);
                continue;
            }
            if !others.is_empty() {
                out.push(names_rule(others, rule.weight));
            }
            out.extend(groups.into_iter().map(|(w, names)| names_rule(names, w)));
            continue;
        }
        // A selector rule: the weight every cluster it matches can take.
        let w = m.iter().map(|c| d(c)).min().unwrap_or(0);
        if w == 0 {
            let zero: Vec<&str> = m.iter().copied().filter(|c| d(c) == 0).collect();
            return Err(format!(
                "{} would weigh 0, but the rule `{}` gives it weight (and a rule's weight is at least 1): pin clusters by name to drop it",
                zero.join(", "),
                rule.target_cluster.describe()
            ));
        }
        let mut r = raw;
        r["weight"] = json!(w);
        out.push(r);
    }
    let mut parsed: Vec<StaticWeightRule> = out
        .iter()
        .map(|v| serde_json::from_value(v.clone()).unwrap_or_default())
        .collect();
    let weight_of = |rules: &[StaticWeightRule], c: &str| {
        let f = fact(c);
        rules
            .iter()
            .filter(|r| f.is_some_and(|f| r.target_cluster.matches(f)))
            .map(|r| r.weight)
            .max()
            .unwrap_or(0)
    };
    // A cluster no rule matches gets a rule of its own.
    for c in candidates {
        if d(&c.name) > 0 && weight_of(&parsed, &c.name) == 0 {
            out.push(names_rule(vec![c.name.to_string()], d(&c.name)));
            parsed.push(StaticWeightRule {
                target_cluster: ClusterAffinity {
                    cluster_names: vec![c.name.to_string()],
                    ..ClusterAffinity::default()
                },
                weight: d(&c.name),
            });
        }
    }
    for c in candidates {
        let got = weight_of(&parsed, &c.name);
        if got != d(&c.name) {
            let by: Vec<String> = rules
                .iter()
                .filter(|r| fact(&c.name).is_some_and(|f| r.target_cluster.matches(f)))
                .map(|r| format!("`{}`", r.target_cluster.describe()))
                .collect();
            return Err(format!(
                "{} cannot weigh {} alone: its weight comes from the rule(s) {} shared with other clusters; pin clusters by name to set it",
                c.name,
                d(&c.name),
                by.join(", ")
            ));
        }
    }
    Ok(out)
}

/// Pure: the policy object, the fleet around it and the weights asked (cluster → weight; the
/// clusters not named keep theirs) → the plan.
pub fn plan_set_weights(
    cluster: ClusterId,
    context: &str,
    policy: &Value,
    fleet: &Fleet,
    set: &[(String, i64)],
    pin: bool,
) -> Result<Plan, String> {
    let kind = match policy["kind"].as_str() {
        Some("PropagationPolicy") => Kind::PropagationPolicy,
        Some("ClusterPropagationPolicy") => Kind::ClusterPropagationPolicy,
        other => {
            return Err(format!(
                "expected a (Cluster)PropagationPolicy, got {other:?}"
            ));
        }
    };
    let meta = &policy["metadata"];
    let name = meta["name"].as_str().ok_or("the policy has no name")?;
    let ns = meta["namespace"]
        .as_str()
        .filter(|_| kind == Kind::PropagationPolicy);
    let rv = meta["resourceVersion"]
        .as_str()
        .ok_or("the policy has no resourceVersion")?;
    let key = ObjKey::new(ns, name);
    let placement: Placement =
        serde_json::from_value(policy["spec"]["placement"].clone()).unwrap_or_default();
    match placement.mode() {
        Mode::Static => {}
        Mode::Dynamic(d) => {
            return Err(format!(
                "{key} divides replicas by dynamicWeight {d}: the scheduler weighs clusters by their available replicas, there are no static weights to set"
            ));
        }
        Mode::Other(m) => {
            return Err(format!(
                "{key} schedules replicas {m}: static weights apply to Divided/Weighted only"
            ));
        }
    }
    let facts: Vec<_> = fleet.clusters.iter().map(|c| c.facts()).collect();
    let candidates = placement.candidates(&facts);
    let mut desired: BTreeMap<String, i64> = candidates
        .iter()
        .map(|c| (c.name.to_string(), c.weight))
        .collect();
    for (c, w) in set {
        if *w < 0 {
            return Err(format!("{c}: a weight is 0 or more, not {w}"));
        }
        if !desired.contains_key(c) {
            let names: Vec<&str> = candidates.iter().map(|c| &*c.name).collect();
            return Err(format!(
                "{c} is not a cluster {key} places on (its candidates: {})",
                names.join(", ")
            ));
        }
        desired.insert(c.clone(), *w);
    }
    if candidates
        .iter()
        .all(|c| c.tainted.is_some() || desired[&*c.name] == 0)
    {
        return Err(
            "every schedulable cluster would weigh 0 (Karmada would then weigh them all 1)".into(),
        );
    }
    let wp = &policy["spec"]["placement"]["replicaScheduling"]["weightPreference"];
    let old_json: Vec<Value> = wp["staticWeightList"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let new_json = rewrite(
        &old_json,
        placement.rules(),
        &candidates,
        &facts,
        &desired,
        pin,
    )?;
    let title = format!(
        "Set the static weights of {} {key}",
        policy["kind"].as_str().unwrap_or("")
    );
    let mut plan = Plan::new(SET_WEIGHTS, title);
    let old_w: Vec<i64> = candidates.iter().map(|c| c.weight).collect();
    let new_w: Vec<i64> = candidates.iter().map(|c| desired[&*c.name]).collect();
    let bound: Vec<&BindingRow> = fleet
        .bindings
        .iter()
        .filter(|b| crate::karmada::preview::binds(b, ns, name))
        .collect();
    let pv = preview(&candidates, &new_w, bound.iter().copied());
    plan.preview = Some(Value::Array(pv.iter().map(|p| p.json()).collect()));
    plan.summary = pv.iter().map(|p| p.text()).collect();
    if new_json == old_json {
        plan.noop = Some(format!("{key} already has these weights"));
        return Ok(plan);
    }
    let mut changes: Vec<String> = candidates
        .iter()
        .zip(old_w.iter().zip(&new_w))
        .filter(|(_, (a, b))| a != b)
        .map(|(c, (a, b))| format!("{} {a}→{b}", c.name))
        .collect();
    if pin {
        changes.push("rules pinned to cluster names".into());
    }
    let (ops, undo) = if wp.is_object() {
        let path = format!("{RS}/weightPreference/staticWeightList");
        let undo = if wp.get("staticWeightList").is_some() {
            json!({"op": "replace", "path": path, "value": old_json})
        } else {
            json!({"op": "remove", "path": path})
        };
        (
            vec![json!({"op": "add", "path": path, "value": new_json})],
            vec![undo],
        )
    } else {
        let path = format!("{RS}/weightPreference");
        (
            vec![json!({"op": "add", "path": path, "value": {"staticWeightList": new_json}})],
            vec![json!({"op": "remove", "path": path})],
        )
    };
    let mut after_wp = if wp.is_object() {
        wp.clone()
    } else {
        json!({})
    };
    after_wp["staticWeightList"] = Value::Array(new_json);
    let show = |v: &Value| {
        to_yaml(&json!({"spec": {"placement": {"replicaScheduling": {"weightPreference": v}}}}))
    };
    plan.steps.push(Step {
        cluster,
        context: context.to_string(),
        kind,
        key,
        resource_version: rv.to_string(),
        ops,
        undo,
        change: format!("staticWeightList: {}", changes.join(", ")),
        before: show(wp),
        after: show(&after_wp),
        create: None,
    });
    Ok(plan)
}

#[cfg(test)]
#[path = "weights_tests.rs"]
mod tests;
