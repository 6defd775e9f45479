//! The queues pane's rows, pure: every Volcano Queue of every cluster, grouped by cluster with
//! the parent tree in depth-first order, each with its share of weight among the cluster's open
//! queues and its PodGroups by phase (from the cluster's `QueueTally`, O(1) a queue: no scan of
//! the PodGroups).

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::fleet::{ClusterId, FleetModel, Kind, Str};
use crate::kinds::pod_group::PHASES;
use crate::kinds::queue::{Queue, QueueRow};
use crate::kinds::{Col, V};

/// One row of the queues pane.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueLine {
    pub cluster: ClusterId,
    pub context: String,
    pub queue: QueueRow,
    /// Depth in the parent tree (0: a root, or a queue whose parent is not there).
    pub depth: usize,
    /// `prod/prod-batch`: its own name with its ancestors', as the tree shows it.
    pub path: String,
    /// Percent of the weights of the cluster's open queues; None when it is not open.
    pub share: Option<f64>,
    /// PodGroups by phase: Pending, Inqueue, Running, Completed, Unknown.
    pub podgroups: [u32; 5],
}

impl QueueLine {
    pub fn id(&self) -> String {
        format!("{}/{}", self.context, self.queue.name)
    }

    /// The name indented by its depth in the tree (`  └ prod-batch`).
    pub fn tree_name(&self) -> String {
        if self.depth == 0 {
            self.queue.name.to_string()
        } else {
            format!("{}└ {}", "  ".repeat(self.depth - 1), self.queue.name)
        }
    }

    pub fn running_or_inqueue(&self) -> (u32, u32) {
        (self.podgroups[2], self.podgroups[1])
    }

    /// `snapshot --pane queues --json`'s row.
    pub fn json(&self) -> Value {
        let pg: serde_json::Map<String, Value> = PHASES
            .iter()
            .zip(self.podgroups)
            .map(|(p, n)| (p.to_string(), json!(n)))
            .collect();
        let q = &self.queue;
        json!({"cluster": self.context, "name": &*q.name, "state": &*q.state,
            "weight": q.weight, "share": self.share.map(round2),
            "parent": q.parent.as_deref(), "reclaimable": q.reclaimable,
            "capability": q.capability.json(), "guarantee": q.guarantee.json(),
            "deserved": q.deserved.json(), "podgroups": pg})
    }
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Each queue's share (percent) of the weights of the open ones among `queues` (name, weight,
/// open); None for a queue that is not open.
pub fn open_shares(queues: &[(&str, i64, bool)]) -> Vec<Option<f64>> {
    let sum: i64 = queues.iter().filter(|q| q.2).map(|q| q.1.max(0)).sum();
    queues
        .iter()
        .map(|(_, w, open)| {
            open.then(|| {
                if sum > 0 {
                    100.0 * (*w).max(0) as f64 / sum as f64
                } else {
                    0.0
                }
            })
        })
        .collect()
}

/// The generations of what the pane reads: Queues and PodGroups of every cluster.
pub fn generations(m: &FleetModel) -> Vec<u64> {
    m.clusters
        .iter()
        .flat_map(|c| [Kind::Queue, Kind::PodGroup].map(|k| c.kind_generation(k)))
        .collect()
}

/// Queue names in tree order (depth first, siblings by name) with their depth and path; a
/// queue whose parent is missing (or a cycle) is a root.
pub fn tree_order<'a>(queues: &[&'a QueueRow]) -> Vec<(&'a QueueRow, usize, String)> {
    let names: HashMap<&str, usize> = queues
        .iter()
        .enumerate()
        .map(|(i, q)| (&*q.name, i))
        .collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (i, q) in queues.iter().enumerate() {
        match q.parent.as_deref().and_then(|p| names.get(p)) {
            Some(&p) if p != i => children.entry(p).or_default().push(i),
            _ => roots.push(i),
        }
    }
    let by_name = |v: &mut Vec<usize>| v.sort_by(|a, b| queues[*a].name.cmp(&queues[*b].name));
    by_name(&mut roots);
    children.values_mut().for_each(by_name);
    let mut out = Vec::with_capacity(queues.len());
    let mut seen = vec![false; queues.len()];
    let mut stack: Vec<(usize, usize, String)> = roots
        .iter()
        .rev()
        .map(|&i| (i, 0, queues[i].name.to_string()))
        .collect();
    while let Some((i, d, path)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        if let Some(c) = children.get(&i) {
            for &j in c.iter().rev() {
                stack.push((j, d + 1, format!("{path}/{}", queues[j].name)));
            }
        }
        out.push((queues[i], d, path));
    }
    // A cycle (a → b → a) reaches no root: shown flat, at the end.
    for (i, q) in queues.iter().enumerate() {
        if !seen[i] {
            out.push((q, 0, q.name.to_string()));
        }
    }
    out
}

/// Every queue of the fleet, by cluster (in the model's order), each cluster's in tree order.
pub fn rows(m: &FleetModel) -> Vec<QueueLine> {
    let mut out = Vec::new();
    for (id, c) in m.clusters.iter().enumerate() {
        let store = c.store::<Queue>();
        if store.is_empty() {
            continue;
        }
        let queues: Vec<&QueueRow> = store.values().collect();
        let tree = tree_order(&queues);
        let ws: Vec<(&str, i64, bool)> = tree
            .iter()
            .map(|(q, _, _)| (&*q.name, q.weight, q.is_open()))
            .collect();
        let shares = open_shares(&ws);
        let tally = c.queue_tally();
        for ((q, depth, path), share) in tree.into_iter().zip(shares) {
            out.push(QueueLine {
                cluster: id,
                context: c.context.clone(),
                queue: q.clone(),
                depth,
                path,
                share,
                podgroups: tally.of_queue(&q.name),
            });
        }
    }
    out
}

/// The queues of one cluster (names, weights, states), in tree order: the sliders' rows.
pub fn of_cluster(m: &FleetModel, cluster: ClusterId) -> Vec<(Str, i64, Str)> {
    rows(m)
        .into_iter()
        .filter(|r| r.cluster == cluster)
        .map(|r| (r.queue.name.clone(), r.queue.weight, r.queue.state.clone()))
        .collect()
}

fn pct(r: &QueueLine) -> V<'_> {
    match r.share {
        Some(s) => V::Text(format!("{s:.0}%")),
        None => V::None,
    }
}

pub const COLUMNS: &[Col<QueueLine>] = &[
    Col::new("cluster", "CLUSTER", 7, 20, 0, |r| V::Str(&r.context)),
    Col::new("name", "QUEUE", 8, 40, 0, |r| V::Text(r.tree_name())),
    Col::new("state", "STATE", 7, 16, 0, |r| V::Str(&r.queue.state)),
    Col::num("weight", "WEIGHT", 6, 6, 0, |r| V::Int(r.queue.weight)),
    Col::num("share", "SHARE", 5, 6, 0, pct),
    Col::num("pending", "PEND", 4, 5, 1, |r| {
        V::Int(r.podgroups[0] as i64)
    }),
    Col::num("inqueue", "INQ", 3, 5, 1, |r| V::Int(r.podgroups[1] as i64)),
    Col::num("running", "RUN", 3, 5, 0, |r| V::Int(r.podgroups[2] as i64)),
    Col::num("completed", "DONE", 4, 5, 2, |r| {
        V::Int(r.podgroups[3] as i64)
    }),
    Col::num("unknown", "UNK", 3, 5, 3, |r| V::Int(r.podgroups[4] as i64)),
    Col::new("reclaimable", "RECLAIM", 7, 7, 4, |r| {
        match r.queue.reclaimable {
            Some(true) => V::Str("yes"),
            Some(false) => V::Str("no"),
            None => V::None,
        }
    }),
    Col::flex("capability", "CAPABILITY", 10, 36, 5, |r| {
        V::Text(r.queue.capability.text())
    }),
];

#[cfg(test)]
#[path = "queues_tests.rs"]
mod tests;
