//! Drain a member cluster out of the mesh: one plan that, for every VirtualService http route
//! of every context that sends weight to destinations in cluster X, moves that weight to the
//! route's other destinations in proportion to their weights (or to those in one named
//! cluster), each route keeping its total. One step per VirtualService: a JSON patch of the
//! changed `/spec/http/i/route/j/weight` only, guarded by `test` ops on every destination and
//! weight of the routes it touches. Optionally the plan also cordons X in Karmada. A route
//! whose only weighted destinations are in X is listed as "cannot drain", not touched.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::plan::{Plan, Step};
use super::routes::{dests, effective_weights, weight_ops};
use crate::fleet::{ClusterId, Kind, ObjKey};
use crate::kinds::istio::Subset;
use crate::mesh::{self, DrView, RouteShare, drain_weights, subsets_of};

pub const DRAIN: &str = "drain-cluster";

/// One context's Istio objects as read.
#[derive(Clone, Debug, Default)]
pub struct MeshCtx {
    pub cluster: ClusterId,
    pub context: String,
    pub virtual_services: Vec<Value>,
    pub destination_rules: Vec<Value>,
}

/// What a drain is planned from.
pub struct DrainInput<'a> {
    pub mesh: &'a [MeshCtx],
    /// Every cluster name known (contexts and Karmada members; the subsets' cluster labels
    /// count too).
    pub known: &'a [String],
    /// The cluster drained.
    pub cluster: &'a str,
    /// Move the weight only to destinations in this cluster.
    pub to: Option<&'a str>,
    /// Also cordon X in Karmada: the control plane and X's Cluster object there.
    pub cordon: Option<(ClusterId, String, &'a Value)>,
    /// Contexts whose routes could not be read, with why (said in the plan).
    pub unreadable: &'a [(String, String)],
}

/// A DestinationRule as read: (namespace, host, subsets).
type Rule<'a> = (&'a str, &'a str, Vec<Subset>);

/// A route as the drain sees it.
struct RouteSeen {
    clusters: Vec<Option<String>>,
    before: Vec<i64>,
    after: Vec<i64>,
}

/// Pure: the fleet's routes → the drain plan (`preview`: the shares per cluster before →
/// after; `extra`: `cannot_drain`, `shares`, `unreadable`).
pub fn plan_drain(input: &DrainInput) -> Result<Plan, String> {
    let x = input.cluster;
    // A cluster is known by a context, a Karmada member, or a subset's cluster label.
    // Each context's DestinationRules read once: (namespace, host, subsets).
    let rules: Vec<Vec<Rule>> = input
        .mesh
        .iter()
        .map(|c| {
            c.destination_rules
                .iter()
                .map(|dr| {
                    (
                        dr["metadata"]["namespace"].as_str().unwrap_or(""),
                        dr["spec"]["host"].as_str().unwrap_or(""),
                        subsets_of(dr),
                    )
                })
                .collect()
        })
        .collect();
    let mut names: Vec<String> = input.known.to_vec();
    for (_, _, subsets) in rules.iter().flatten() {
        names.extend(
            subsets
                .iter()
                .filter_map(|s| Some(s.cluster.as_ref()?.to_string())),
        );
    }
    names.sort();
    names.dedup();
    let known = |n: &str| names.iter().any(|k| k == n);
    if !known(x) {
        return Err(format!(
            "no cluster named {x:?} (known: {})",
            names.join(", ")
        ));
    }
    if let Some(y) = input.to {
        if y == x {
            return Err(format!("--to {y}: cannot drain {x} into itself"));
        }
        if !known(y) {
            return Err(format!("--to {y}: no cluster named {y:?}"));
        }
    }
    let mut title = match input.to {
        Some(y) => format!("Drain {x} out of every mesh route, to {y}"),
        None => format!("Drain {x} out of every mesh route"),
    };
    if input.cordon.is_some() {
        title.push_str(", and cordon it in Karmada");
    }
    let mut plan = Plan::new(DRAIN, title);
    let mut seen: Vec<RouteSeen> = Vec::new();
    let mut cannot: Vec<Value> = Vec::new();
    let mut touched_routes = 0;
    let mut ctxs: Vec<(&MeshCtx, &[Rule])> = input
        .mesh
        .iter()
        .zip(rules.iter().map(Vec::as_slice))
        .collect();
    ctxs.sort_by(|a, b| a.0.context.cmp(&b.0.context));
    for (c, subsets) in ctxs {
        // The rules by (namespace, short host): a destination looks only at its own.
        let mut by_host: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, (ns, host, _)) in subsets.iter().enumerate() {
            let short = host.split('.').next().unwrap_or("");
            by_host.entry((ns, short)).or_default().push(i);
        }
        let drs = |ns: &str, host: &str| -> Vec<DrView> {
            let short = host.split('.').next().unwrap_or("");
            let ids = by_host
                .get(&(ns, short))
                .map(Vec::as_slice)
                .unwrap_or_default();
            ids.iter()
                .map(|&i| {
                    let (ns, host, s) = &subsets[i];
                    DrView {
                        namespace: ns,
                        host,
                        subsets: s,
                    }
                })
                .collect()
        };
        let mut vss: Vec<&Value> = c.virtual_services.iter().collect();
        vss.sort_by_key(|v| {
            let m = &v["metadata"];
            (m["namespace"].as_str(), m["name"].as_str())
        });
        for vs in vss {
            let m = &vs["metadata"];
            let ns = m["namespace"].as_str().unwrap_or("");
            let key = ObjKey::new(Some(ns), m["name"].as_str().unwrap_or(""));
            let http = vs["spec"]["http"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut ops = Vec::new();
            let mut undo = Vec::new();
            let mut changes = Vec::new();
            let mut touched = Vec::new();
            for (i, route) in http.iter().enumerate() {
                let d = dests(route);
                if d.is_empty() {
                    continue;
                }
                let w = effective_weights(&d.iter().map(|x| x.weight).collect::<Vec<_>>());
                let clusters: Vec<Option<String>> = d
                    .iter()
                    .map(|x| {
                        let sub = x.subset.as_deref();
                        mesh::dest_cluster(drs(ns, &x.host), known, ns, &x.host, sub)
                    })
                    .collect();
                let drained: Vec<bool> = clusters.iter().map(|c| c.as_deref() == Some(x)).collect();
                let mark: Option<Vec<bool>> = input
                    .to
                    .map(|y| clusters.iter().map(|c| c.as_deref() == Some(y)).collect());
                let to = mark.as_deref().zip(input.to);
                let new = match drain_weights(&w, &drained, to) {
                    Ok(n) => n,
                    Err(why) => {
                        cannot.push(json!({"context": c.context, "namespace": ns,
                            "name": &*key.name, "route": i, "route_name": route["name"],
                            "reason": why.to_string()}));
                        seen.push(RouteSeen {
                            clusters,
                            before: w.clone(),
                            after: w,
                        });
                        continue;
                    }
                };
                if new != w {
                    touched_routes += 1;
                    touched.push((i, new.clone()));
                    let (o, u) = weight_ops(i, route, &d, &new);
                    ops.extend(o);
                    undo.extend(u);
                    let moves: Vec<String> = (0..d.len())
                        .filter(|&j| new[j] != w[j])
                        .map(|j| format!("{} {}→{}", d[j].label, w[j], new[j]))
                        .collect();
                    let name = route["name"]
                        .as_str()
                        .map_or(String::new(), |n| format!(" ({n})"));
                    changes.push(format!("http[{i}]{name}: {}", moves.join(", ")));
                }
                seen.push(RouteSeen {
                    clusters,
                    before: w,
                    after: new,
                });
            }
            if ops.is_empty() {
                continue;
            }

            plan.steps.push(Step {
                cluster: c.cluster,
                context: c.context.clone(),
                kind: Kind::VirtualService,
                key,
                resource_version: String::new(),
                ops,
                undo,
                change: changes.join("; "),
                before: routes_text(http, &touched, false),
                after: routes_text(http, &touched, true),
                create: None,
            });
        }
    }
    let share = |after: bool| {
        mesh::rollup(seen.iter().map(|r| RouteShare {
            clusters: &r.clusters,
            weights: if after { &r.after } else { &r.before },
        }))
    };
    let (before, after) = (share(false), share(true));
    let pct = |m: &std::collections::BTreeMap<String, f64>| {
        Value::Object(m.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
    };
    plan.preview = Some(json!({"before": pct(&before), "after": pct(&after)}));
    plan.extra = Some(json!({
        "cannot_drain": cannot,
        "shares": {"before": pct(&before), "after": pct(&after)},
        "unreadable": input.unreadable.iter()
            .map(|(c, e)| json!({"context": c, "error": e})).collect::<Vec<_>>(),
    }));
    plan.summary.push(format!(
        "traffic share per cluster (mean over {} route(s)): {}",
        seen.len(),
        before
            .keys()
            .map(|k| format!(
                "{k} {:.0}%→{:.0}%",
                before[k],
                after.get(k).copied().unwrap_or(0.0)
            ))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    plan.summary.push(format!(
        "{touched_routes} route(s) in {} VirtualService(s) change",
        plan.steps.len()
    ));
    for c in &cannot {
        plan.summary.push(format!(
            "cannot drain: {} {}/{} http[{}]: {}",
            c["context"].as_str().unwrap_or(""),
            c["namespace"].as_str().unwrap_or(""),
            c["name"].as_str().unwrap_or(""),
            c["route"],
            c["reason"].as_str().unwrap_or("")
        ));
    }
    for (c, e) in input.unreadable {
        plan.summary.push(format!(
            "NOT drained: the routes on {c} could not be read: {e}"
        ));
    }
    if let Some((cp, ctx, obj)) = &input.cordon {
        let p = super::cordon::plan_cordon(*cp, ctx, obj, true).map_err(|e| e.to_string())?;
        match p.noop {
            Some(why) => plan.summary.push(format!("Karmada: {why}")),
            None => {
                plan.summary.push(format!(
                    "Karmada: cordon {x} (no new replicas placed there)"
                ));
                plan.steps.extend(p.steps);
            }
        }
    }
    if plan.steps.is_empty() {
        plan.noop = Some(format!("no route sends traffic to {x}"));
    }
    Ok(plan)
}

/// The touched routes of `http` (before, or `after` with their new weights) for the diff, a few lines each (a drain's confirm lists
/// hundreds of objects: no full YAML of each):
/// ```text
/// http[0] primary:
///   - prod-eu (web.shop.svc.cluster.local)
///     weight: 80
/// ```
fn routes_text(http: &[Value], touched: &[(usize, Vec<i64>)], after: bool) -> String {
    let mut s = String::new();
    for (i, new) in touched {
        let r = &http[*i];
        let name = r["name"]
            .as_str()
            .map_or(String::new(), |n| format!(" {n}"));
        s.push_str(&format!("http[{i}]{name}:\n"));
        let dests = r["route"].as_array().map(Vec::as_slice).unwrap_or_default();
        for (j, d) in dests.iter().enumerate() {
            let dest = &d["destination"];
            let host = dest["host"].as_str().unwrap_or("");
            s.push_str(&match (dest["subset"].as_str(), &dest["port"]["number"]) {
                (Some(sub), Value::Null) => format!("  - {sub} ({host})\n"),
                (Some(sub), port) => format!("  - {sub} ({host}:{port})\n"),
                (None, Value::Null) => format!("  - {host}\n"),
                (None, port) => format!("  - {host}:{port}\n"),
            });
            let w = d.get("weight").and_then(Value::as_i64);
            let w = if after && Some(new[j]) != w && (w.is_some() || new[j] != 0) {
                Some(new[j])
            } else {
                w
            };
            if let Some(w) = w {
                s.push_str(&format!("    weight: {w}\n"));
            }
        }
    }
    s
}

#[cfg(test)]
#[path = "drain_tests.rs"]
mod tests;
