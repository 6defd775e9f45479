//! What the edge pane shows, from the fleet model: every node labelled
//! `node-role.kubernetes.io/edge` on every context, with its heartbeat (the Ready condition's
//! `lastHeartbeatTime` or its Lease's `renewTime` in `kube-node-lease`, whichever is newer), how
//! long it has been offline, its pods (the per-node count the model keeps), its KubeEdge version;
//! offline nodes first, then stale ones (no heartbeat for [`GRACE_SECS`]), then the rest.
//! KubeEdge NodeGroups (ready of total as the controller says and as the member label says)
//! and the EdgeApplications that target them.
//!
//! The rows are rebuilt when a node, lease, pod, group or application store moves; the clock
//! alone only re-ranks them ([`EdgeView::tick`]): ages are computed from `now` as they are drawn.

use std::collections::HashMap;
use std::net::IpAddr;

use serde_json::{Value, json};

use crate::fleet::{ClusterId, FleetModel, Str, Ts};
use crate::kinds::column::{Col, V};
use crate::kinds::edge_app::{EdgeApp, EdgeAppRow};
use crate::kinds::lease::{Lease, NODE_LEASE_NS};
use crate::kinds::node::Node;
use crate::kinds::node_group::NodeGroup;
use crate::kinds::{Kind, Tone};

#[path = "edge_groups.rs"]
mod groups;
pub use groups::{AppRow, GROUP_COLUMNS, GroupRow};

/// A node whose heartbeat is older than this is stale (KubeEdge's and the node lifecycle
/// controller's default grace period), before any controller marks it NotReady.
pub const GRACE_SECS: Ts = 40;

/// Offline (Ready is not True), stale (Ready, but no heartbeat within the grace), online.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    Offline,
    Stale,
    Online,
}

pub fn health(ready: bool, heartbeat: Ts, now: Ts) -> Health {
    if !ready {
        Health::Offline
    } else if heartbeat > 0 && now - heartbeat > GRACE_SECS {
        Health::Stale
    } else {
        Health::Online
    }
}

/// `v1.29.5-kubeedge-v1.18.0` → `v1.18.0`; None for a kubelet that is not KubeEdge's.
pub fn kubeedge_version(kubelet: &str) -> Option<&str> {
    let (_, v) = kubelet.split_once("-kubeedge-")?;
    (!v.is_empty()).then_some(v)
}

/// One edge node.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeRow {
    pub cluster: ClusterId,
    pub context: Str,
    /// The context's place in alphabetical order (sorting compares it, not the text).
    pub context_rank: u32,
    pub node: Str,
    pub group: Option<Str>,
    pub ready: bool,
    pub unschedulable: bool,
    /// The newer of the Ready heartbeat and the Lease's renew time (0 = never).
    pub heartbeat: Ts,
    /// The heartbeat is the Lease's.
    pub from_lease: bool,
    /// When Ready last changed.
    pub ready_since: Ts,
    pub pods: u32,
    pub kubelet: Str,
    pub arch: Str,
    pub ip: Option<IpAddr>,
    /// At the view's clock.
    pub health: Health,
}

impl EdgeRow {
    pub fn id(&self) -> String {
        format!("{}/{}", self.context, self.node)
    }

    pub fn status(&self) -> &'static str {
        match (self.health, self.unschedulable) {
            (Health::Online, false) => "Ready",
            (Health::Stale, false) => "Stale",
            (Health::Offline, false) => "NotReady",
            (Health::Online, true) => "Ready,SchedulingDisabled",
            (Health::Stale, true) => "Stale,SchedulingDisabled",
            (Health::Offline, true) => "NotReady,SchedulingDisabled",
        }
    }

    pub fn tone(&self) -> Tone {
        match self.health {
            Health::Offline => Tone::Err,
            Health::Stale => Tone::Warn,
            Health::Online => Tone::Normal,
        }
    }

    /// The `snapshot --pane edge --json` row.
    pub fn json(&self, now: Ts) -> Value {
        let age = |t: Ts| (t > 0).then(|| (now - t).max(0));
        json!({"cluster": &*self.context, "node": &*self.node, "group": self.group.as_deref(),
            "ready": self.ready, "heartbeat_age_s": age(self.heartbeat),
            "offline_for_s": if self.ready { None } else { age(self.ready_since) },
            "stale": self.health == Health::Stale, "pods": self.pods,
            "kubeedge_version": kubeedge_version(&self.kubelet),
            "unschedulable": self.unschedulable, "arch": &*self.arch,
            "internal_ip": self.ip.map(|i| i.to_string()),
            "heartbeat_source": if self.from_lease { "lease" } else { "node" }})
    }
}

pub const COLUMNS: &[Col<EdgeRow>] = &[
    Col::new("cluster", "CLUSTER", 7, 20, 1, |r| V::Str(&r.context)),
    Col::new("node", "NODE", 8, 48, 0, |r| V::Str(&r.node)),
    Col::new("group", "NODEGROUP", 9, 28, 2, |r| match &r.group {
        Some(g) => V::Str(g),
        None => V::None,
    }),
    Col::new("status", "STATUS", 8, 27, 0, |r| V::Str(r.status())),
    Col::age("heartbeat", "HEARTBEAT", 0, |r| V::Age(r.heartbeat)),
    Col::age("offline", "OFFLINE FOR", 1, |r| {
        if r.ready {
            V::None
        } else {
            V::Age(r.ready_since)
        }
    }),
    Col::num("pods", "PODS", 4, 5, 1, |r| V::Int(r.pods as i64)),
    Col::new(
        "kubeedge",
        "KUBEEDGE",
        8,
        12,
        3,
        |r| match kubeedge_version(&r.kubelet) {
            Some(v) => V::Str(v),
            None => V::None,
        },
    ),
    Col::new("arch", "ARCH", 5, 8, 4, |r| V::Str(&r.arch)),
    Col::new("ip", "INTERNAL-IP", 11, 39, 4, |r| match r.ip {
        Some(ip) => V::Text(ip.to_string()),
        None => V::None,
    }),
];

/// The kinds whose stores the rows are built from.
const KINDS: [Kind; 5] = [
    Kind::Node,
    Kind::Lease,
    Kind::Pod,
    Kind::NodeGroup,
    Kind::EdgeApplication,
];

/// The edge rows, the groups and the applications, kept up to date.
#[derive(Default)]
pub struct EdgeView {
    gens: Vec<[u64; 5]>,
    now: Ts,
    /// Offline, then stale, then online; by context and node within each.
    pub rows: Vec<EdgeRow>,
    pub groups: Vec<GroupRow>,
    pub apps: Vec<AppRow>,
    /// Contexts whose Leases could not be read (heartbeats from the nodes only).
    pub no_leases: Vec<String>,
    /// (cluster, node) → position in `rows`, while no row has moved.
    index: Option<HashMap<(ClusterId, Str), u32>>,
}

fn order(a: &EdgeRow, b: &EdgeRow) -> std::cmp::Ordering {
    a.health
        .cmp(&b.health)
        .then_with(|| a.context_rank.cmp(&b.context_rank))
        .then_with(|| a.node.cmp(&b.node))
}

impl EdgeView {
    pub fn new(m: &FleetModel, now: Ts) -> Self {
        let mut v = EdgeView::default();
        v.refresh(m, now);
        v
    }

    /// Bring the rows up to `m` and `now`: rebuilt when a store they come from moved, only
    /// re-ranked when the clock alone did. Returns whether anything was redone.
    pub fn refresh(&mut self, m: &FleetModel, now: Ts) -> bool {
        let gens: Vec<[u64; 5]> = m
            .clusters
            .iter()
            .map(|c| KINDS.map(|k| c.kind_generation(k)))
            .collect();
        if gens != self.gens {
            if !self.renewed(m, &gens, now) {
                self.rebuild(m, now);
            }
            self.gens = gens;
            true
        } else if now != self.now {
            self.tick(now);
            true
        } else {
            false
        }
    }

    /// Only Leases moved, a few of them (kubelets renew theirs every 10 s: at KubeEdge scale
    /// nearly every change is one): their nodes' heartbeats are updated in place and the rows
    /// re-ranked, no rebuild. False when anything else moved (then the caller rebuilds).
    fn renewed(&mut self, m: &FleetModel, gens: &[[u64; 5]], now: Ts) -> bool {
        if gens.len() != self.gens.len() {
            return false;
        }
        let mut renewed = Vec::new();
        for (id, (new, old)) in gens.iter().zip(&self.gens).enumerate() {
            if new == old {
                continue;
            }
            if new[0] != old[0] || new[2..] != old[2..] {
                return false;
            }
            let c = &m.clusters[id];
            let Some(ids) = c.kind_changes_since(Kind::Lease, old[1]) else {
                return false;
            };
            for lid in ids {
                // Gone (or its slot reused): rebuild.
                let Some(l) = c.store::<Lease>().row(lid) else {
                    return false;
                };
                renewed.push((id, l.name.clone(), l.renew));
            }
            if renewed.len() > self.rows.len() / 8 + 16 {
                return false;
            }
        }
        let rows = &self.rows;
        let index = self.index.get_or_insert_with(|| {
            rows.iter()
                .enumerate()
                .map(|(i, r)| ((r.cluster, r.node.clone()), i as u32))
                .collect()
        });
        for (id, name, renew) in renewed {
            let Some(&i) = index.get(&(id, name)) else {
                continue; // not an edge node
            };
            let r = &mut self.rows[i as usize];
            let own = m.clusters[id]
                .store::<Node>()
                .find(None, &r.node)
                .and_then(|n| m.clusters[id].store::<Node>().row(n))
                .map_or(0, |n| n.last_heartbeat);
            r.heartbeat = own.max(renew);
            r.from_lease = renew > own;
        }
        self.tick(now);
        true
    }

    /// The clock moved: a node whose heartbeat ran out turns stale (and moves up). Nothing is
    /// moved when no row changes rank; otherwise the rows that did are taken out, sorted, and
    /// merged back in one pass (no sort of the whole list).
    pub fn tick(&mut self, now: Ts) {
        self.now = now;
        let changed: Vec<usize> = (0..self.rows.len())
            .filter(|i| {
                let r = &self.rows[*i];
                health(r.ready, r.heartbeat, now) != r.health
            })
            .collect();
        if changed.is_empty() {
            return;
        }
        self.index = None;
        let old = std::mem::take(&mut self.rows);
        let mut kept = Vec::with_capacity(old.len());
        let mut moved = Vec::with_capacity(changed.len());
        let mut next = changed.iter().copied().peekable();
        for (i, mut r) in old.into_iter().enumerate() {
            if next.peek() == Some(&i) {
                next.next();
                r.health = health(r.ready, r.heartbeat, now);
                moved.push(r);
            } else {
                kept.push(r);
            }
        }
        moved.sort_unstable_by(order);
        let cap = kept.len() + moved.len();
        self.rows = super::rows::merge_by(kept, moved, cap, order);
    }

    fn rebuild(&mut self, m: &FleetModel, now: Ts) {
        self.now = now;
        self.index = None;
        self.rows.clear();
        self.groups.clear();
        self.apps.clear();
        self.no_leases.clear();
        let edge: usize = m.clusters.iter().map(|c| c.node_tally().edge_total).sum();
        self.rows.reserve_exact(edge);
        let mut by_name: Vec<ClusterId> = (0..m.clusters.len()).collect();
        by_name.sort_by(|a, b| m.clusters[*a].context.cmp(&m.clusters[*b].context));
        let mut ranks = vec![0u32; m.clusters.len()];
        for (rank, id) in by_name.into_iter().enumerate() {
            ranks[id] = rank as u32;
        }
        for (id, c) in m.clusters.iter().enumerate() {
            let context = Str::from(c.context.as_str());
            let leases = c.store::<Lease>();
            if matches!(
                c.kinds.get(&Kind::Lease),
                Some(crate::fleet::KindSync::Failed(_))
            ) {
                self.no_leases.push(c.context.clone());
            }
            let pods = c.pods_per_node();
            // Members by the belonging-to label: (ready, total).
            let mut labelled: HashMap<&str, (u32, u32)> = HashMap::new();
            for n in c.store::<Node>().values().filter(|n| n.edge) {
                let renew = if leases.is_empty() {
                    0
                } else {
                    leases
                        .find(Some(NODE_LEASE_NS), &n.name)
                        .and_then(|i| leases.row(i))
                        .map_or(0, |l| l.renew)
                };
                let heartbeat = n.last_heartbeat.max(renew);
                if let Some(g) = &n.group {
                    let e = labelled.entry(g).or_default();
                    e.0 += n.ready as u32;
                    e.1 += 1;
                }
                self.rows.push(EdgeRow {
                    cluster: id,
                    context: context.clone(),
                    context_rank: ranks[id],
                    node: n.name.clone(),
                    group: n.group.clone(),
                    ready: n.ready,
                    unschedulable: n.unschedulable,
                    heartbeat,
                    from_lease: renew > n.last_heartbeat,
                    ready_since: n.ready_since,
                    pods: pods.get(&n.name),
                    kubelet: n.kubelet_version.clone(),
                    arch: n.arch.clone(),
                    ip: n.internal_ip,
                    health: health(n.ready, heartbeat, now),
                });
            }
            let apps: Vec<&EdgeAppRow> = c.store::<EdgeApp>().values().collect();
            for g in c.store::<NodeGroup>().values() {
                let (label_ready, label_total) = labelled.get(&*g.name).copied().unwrap_or((0, 0));
                self.groups.push(GroupRow {
                    cluster: id,
                    context: context.clone(),
                    name: g.name.clone(),
                    status_ready: g.selected_ready,
                    status_total: g.selected,
                    label_ready,
                    label_total,
                    match_labels: g
                        .match_labels
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(","),
                    nodes: g.nodes.clone(),
                    apps: apps
                        .iter()
                        .filter(|a| a.groups.contains(&g.name))
                        .map(|a| {
                            let s = a.group_status(&g.name).map(str::to_string);
                            (format!("{}/{}", a.namespace, a.name), s)
                        })
                        .collect(),
                });
            }
            for a in apps {
                self.apps.push(AppRow {
                    cluster: id,
                    context: context.clone(),
                    namespace: a.namespace.clone(),
                    name: a.name.clone(),
                    groups: a
                        .groups
                        .iter()
                        .map(|g| (g.clone(), a.group_status(g).map(str::to_string)))
                        .collect(),
                });
            }
        }
        self.rows.sort_unstable_by(order);
        self.groups
            .sort_by(|a, b| (&a.context, &a.name).cmp(&(&b.context, &b.name)));
        self.apps.sort_by(|a, b| {
            (&a.context, &a.namespace, &a.name).cmp(&(&b.context, &b.namespace, &b.name))
        });
    }

    /// Offline, stale, total (the rows are ranked: no scan).
    pub fn counts(&self) -> (usize, usize, usize) {
        let off = self.rows.partition_point(|r| r.health == Health::Offline);
        let stale = self.rows.partition_point(|r| r.health <= Health::Stale) - off;
        (off, stale, self.rows.len())
    }
}

#[cfg(test)]
#[path = "edge_tests.rs"]
mod tests;
