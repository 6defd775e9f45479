//! Set the weights of one Istio VirtualService http route: a JSON patch of
//! `/spec/http/<i>/route/<j>/weight` only, with `test` ops on every destination and weight of
//! the route as planned (a merge patch would replace the whole array), so a change made
//! meanwhile fails as a conflict instead of being overwritten. Istio's rules: no negative
//! weight; a route with several destinations cannot send all of them 0. A route whose weights
//! total 100 must still total 100.

use serde_json::{Value, json};

use super::diff::to_yaml;
use super::plan::{Plan, Step};
use crate::fleet::{ClusterId, Kind, ObjKey};

pub const SET_ROUTE_WEIGHTS: &str = "set-route-weights";

/// Which http route: its index in `spec.http` or its `name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteSel {
    Index(usize),
    Name(String),
}

impl RouteSel {
    pub fn parse(s: &str) -> RouteSel {
        match s.parse() {
            Ok(i) => RouteSel::Index(i),
            Err(_) => RouteSel::Name(s.to_string()),
        }
    }
}

/// One destination of a route as planned.
#[derive(Clone, Debug, PartialEq)]
pub struct Dest {
    /// The subset, else the host: what `--weights` names.
    pub label: String,
    pub host: String,
    pub subset: Option<String>,
    pub weight: Option<i64>,
}

/// What `--weights` names each destination (host, subset) of a route: its subset, else its
/// host; `host/subset` where a subset name repeats.
pub fn labels(dests: &[(&str, Option<&str>)]) -> Vec<String> {
    let plain: Vec<&str> = dests.iter().map(|(h, s)| s.unwrap_or(h)).collect();
    dests
        .iter()
        .zip(&plain)
        .map(|((host, subset), l)| match subset {
            Some(s) if plain.iter().filter(|x| *x == l).count() > 1 => format!("{host}/{s}"),
            _ => l.to_string(),
        })
        .collect()
}

/// A route's weights as Istio counts them: unset is 100 for a lone destination, else 0.
pub fn effective_weights(set: &[Option<i64>]) -> Vec<i64> {
    let lone = set.len() == 1;
    set.iter()
        .map(|w| w.unwrap_or(if lone { 100 } else { 0 }))
        .collect()
}

/// The destinations of `http[i]`, with their labels.
pub fn dests(route: &Value) -> Vec<Dest> {
    let raw = route["route"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let hs: Vec<(&str, Option<&str>)> = raw
        .iter()
        .map(|r| {
            let d = &r["destination"];
            (d["host"].as_str().unwrap_or(""), d["subset"].as_str())
        })
        .collect();
    labels(&hs)
        .into_iter()
        .zip(raw.iter().zip(&hs))
        .map(|(label, (r, (host, subset)))| Dest {
            label,
            host: host.to_string(),
            subset: subset.map(str::to_string),
            weight: r["weight"].as_i64(),
        })
        .collect()
}

/// Percent of the route's traffic per destination (weights relative; an unset weight on a lone
/// destination is all of it).
pub fn shares(weights: &[i64]) -> Vec<f64> {
    let sum: i64 = weights.iter().sum();
    weights
        .iter()
        .map(|w| {
            if sum > 0 {
                (*w as f64) * 100.0 / sum as f64
            } else {
                0.0
            }
        })
        .collect()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Pure: the VirtualService, the route and the weights asked (destination label → weight; the
/// destinations not named keep theirs) → the plan.
pub fn plan_route_weights(
    cluster: ClusterId,
    context: &str,
    vs: &Value,
    sel: &RouteSel,
    set: &[(String, i64)],
) -> Result<Plan, String> {
    if vs["kind"] != "VirtualService" {
        return Err(format!("expected a VirtualService, got {}", vs["kind"]));
    }
    let meta = &vs["metadata"];
    let key = ObjKey::new(
        meta["namespace"].as_str(),
        meta["name"].as_str().unwrap_or(""),
    );
    let http = vs["spec"]["http"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let i = match sel {
        RouteSel::Index(i) if *i < http.len() => *i,
        RouteSel::Index(i) => {
            return Err(format!(
                "{key} has {} http route(s): there is no route {i}",
                http.len()
            ));
        }
        RouteSel::Name(n) => http
            .iter()
            .position(|h| h["name"] == n.as_str())
            .ok_or_else(|| format!("{key} has no http route named {n:?}"))?,
    };
    let d = dests(&http[i]);
    if d.is_empty() {
        return Err(format!("route {i} of {key} has no destinations"));
    }
    let old = effective_weights(&d.iter().map(|x| x.weight).collect::<Vec<_>>());
    let mut new = old.clone();
    for (label, w) in set {
        let j = d
            .iter()
            .position(|x| x.label == *label)
            .or_else(|| {
                let by_host: Vec<usize> = (0..d.len()).filter(|&j| d[j].host == *label).collect();
                (by_host.len() == 1).then(|| by_host[0])
            })
            .ok_or_else(|| {
                let names: Vec<&str> = d.iter().map(|x| x.label.as_str()).collect();
                format!(
                    "route {i} of {key} has no destination {label} (it has: {})",
                    names.join(", ")
                )
            })?;
        if *w < 0 {
            return Err(format!("{label}: Istio takes no negative weight ({w})"));
        }
        new[j] = *w;
    }
    if d.len() > 1 && new.iter().all(|w| *w == 0) {
        return Err("a route with several destinations cannot send every one of them 0".into());
    }
    let (old_sum, new_sum): (i64, i64) = (old.iter().sum(), new.iter().sum());
    if old_sum == 100 && new_sum != 100 {
        return Err(format!(
            "route {i} of {key} totals 100 and would total {new_sum}: give weights that total 100"
        ));
    }
    let label = |j: usize| d[j].label.clone();
    let pct = |w: &[i64]| -> Value {
        Value::Object(
            shares(w)
                .into_iter()
                .enumerate()
                .map(|(j, s)| (label(j), json!(round2(s))))
                .collect(),
        )
    };
    let route_name = http[i]["name"]
        .as_str()
        .map_or(String::new(), |n| format!(" ({n})"));
    let mut plan = Plan::new(
        SET_ROUTE_WEIGHTS,
        format!("Set the weights of route {i}{route_name} of VirtualService {key} on {context}"),
    );
    plan.preview = Some(json!({"before": pct(&old), "after": pct(&new)}));
    let (so, sn) = (shares(&old), shares(&new));
    plan.summary = vec![format!(
        "traffic: {}",
        (0..d.len())
            .map(|j| format!("{} {:.0}%→{:.0}%", label(j), so[j], sn[j]))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    let changed: Vec<usize> = (0..d.len()).filter(|&j| new[j] != old[j]).collect();
    if new == old {
        plan.noop = Some(format!("route {i} of {key} already has these weights"));
        return Ok(plan);
    }
    let (ops, undo) = weight_ops(i, &http[i], &d, &new);
    let mut after = http.to_vec();
    for &j in &changed {
        after[i]["route"][j]["weight"] = json!(new[j]);
    }
    let show = |h: &[Value]| to_yaml(&json!({"spec": {"http": h}}));
    plan.steps.push(Step {
        cluster,
        context: context.to_string(),
        kind: Kind::VirtualService,
        key,
        // Guarded by the `test` ops, not by the resourceVersion: a change elsewhere in the
        // object does not stop it, a change to this route's destinations or weights does.
        resource_version: String::new(),
        ops,
        undo,
        change: format!(
            "http[{i}] weights: {}",
            changed
                .iter()
                .map(|&j| format!("{} {}→{}", label(j), old[j], new[j]))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        before: show(http),
        after: show(&after),
        create: None,
    });
    Ok(plan)
}

/// The JSON patch ops that set route `i`'s weights to `new`: `test` ops on every destination
/// and weight as read, then the weights that change; and the ops that undo them (guarded by
/// `test` ops on the values set).
pub fn weight_ops(i: usize, route: &Value, d: &[Dest], new: &[i64]) -> (Vec<Value>, Vec<Value>) {
    let old = effective_weights(&d.iter().map(|x| x.weight).collect::<Vec<_>>());
    let base = format!("/spec/http/{i}/route");
    let raw = route["route"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut ops = Vec::new();
    let mut undo = Vec::new();
    for (j, r) in raw.iter().enumerate() {
        let test = json!({"op": "test", "path": format!("{base}/{j}/destination"), "value": r["destination"]});
        ops.push(test.clone());
        undo.push(test);
        if let Some(w) = d[j].weight {
            ops.push(json!({"op": "test", "path": format!("{base}/{j}/weight"), "value": w}));
        }
    }
    for j in (0..d.len()).filter(|&j| new[j] != old[j]) {
        let path = format!("{base}/{j}/weight");
        ops.push(json!({"op": if d[j].weight.is_some() {"replace"} else {"add"}, "path": path, "value": new[j]}));
        undo.push(json!({"op": "test", "path": path, "value": new[j]}));
        undo.push(match d[j].weight {
            Some(w) => json!({"op": "replace", "path": path, "value": w}),
            None => json!({"op": "remove", "path": path}),
        });
    }
    (ops, undo)
}

#[cfg(test)]
#[path = "routes_tests.rs"]
mod tests;
