//! The tables of one cluster's drill-down: nodes, deployments, pods, warning events, and the
//! fleet kinds the cluster serves.

use crate::fleet::{Cluster, Kind, PodPhase, Ts};

use super::table::{Cell, Column, Row, TableView, Tone, col};

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Nodes,
    Deployments,
    Pods,
    Events,
    KarmadaClusters,
    Policies,
    Bindings,
    Queues,
    Routes,
}

impl Tab {
    pub fn title(self) -> &'static str {
        match self {
            Tab::Nodes => "Nodes",
            Tab::Deployments => "Deployments",
            Tab::Pods => "Pods",
            Tab::Events => "Warnings",
            Tab::KarmadaClusters => "Karmada clusters",
            Tab::Policies => "Policies",
            Tab::Bindings => "Bindings",
            Tab::Queues => "Queues",
            Tab::Routes => "Routes",
        }
    }

    /// The kind whose sync state governs this tab.
    pub fn kind(self) -> Kind {
        match self {
            Tab::Nodes => Kind::Node,
            Tab::Deployments => Kind::Deployment,
            Tab::Pods => Kind::Pod,
            Tab::Events => Kind::Event,
            Tab::KarmadaClusters => Kind::KarmadaCluster,
            Tab::Policies => Kind::PropagationPolicy,
            Tab::Bindings => Kind::ResourceBinding,
            Tab::Queues => Kind::Queue,
            Tab::Routes => Kind::VirtualService,
        }
    }
}

/// Tabs shown for a cluster: the core four, then whatever fleet APIs it serves.
pub fn tabs(c: &Cluster) -> Vec<Tab> {
    let mut t = vec![Tab::Nodes, Tab::Deployments, Tab::Pods, Tab::Events];
    for extra in [
        Tab::KarmadaClusters,
        Tab::Policies,
        Tab::Bindings,
        Tab::Queues,
        Tab::Routes,
    ] {
        if c.has_kind(extra.kind()) {
            t.push(extra);
        }
    }
    t
}

fn tone(ok: bool) -> Tone {
    if ok { Tone::Normal } else { Tone::Err }
}

pub fn table(c: &Cluster, tab: Tab, now: Ts) -> TableView {
    let (columns, rows): (Vec<Column>, Vec<Row>) = match tab {
        Tab::Nodes => (
            vec![
                col("NAME", 20),
                col("STATUS", 10),
                col("ROLE", 7),
                col("VERSION", 10),
                col("HEARTBEAT", 9),
                col("AGE", 5),
            ],
            c.nodes
                .iter()
                .map(|(k, n)| {
                    let mut status = if n.ready { "Ready" } else { "NotReady" }.to_string();
                    if n.unschedulable {
                        status.push_str(",SchedulingDisabled");
                    }
                    Row {
                        kind: Kind::Node,
                        key: k.clone(),
                        cells: vec![
                            Cell::text(&*n.name),
                            Cell::text(status),
                            Cell::text(if n.edge { "edge" } else { "-" }),
                            Cell::text(&*n.kubelet_version),
                            Cell::age(n.last_heartbeat, now),
                            Cell::age(n.created, now),
                        ],
                        tone: tone(n.ready),
                    }
                })
                .collect(),
        ),
        Tab::Deployments => (
            vec![
                col("NAMESPACE", 12),
                col("NAME", 20),
                col("READY", 7),
                col("UP-TO-DATE", 10),
                col("AVAILABLE", 9),
                col("AGE", 5),
            ],
            c.deployments
                .iter()
                .map(|(k, d)| Row {
                    kind: Kind::Deployment,
                    key: k.clone(),
                    cells: vec![
                        Cell::text(&*d.namespace),
                        Cell::text(&*d.name),
                        Cell::with_num(format!("{}/{}", d.ready, d.replicas), d.ready as i64),
                        Cell::num(d.updated as i64),
                        Cell::num(d.available as i64),
                        Cell::age(d.created, now),
                    ],
                    tone: if d.ready < d.replicas {
                        Tone::Warn
                    } else {
                        Tone::Normal
                    },
                })
                .collect(),
        ),
        Tab::Pods => (
            vec![
                col("NAMESPACE", 12),
                col("NAME", 28),
                col("READY", 5),
                col("STATUS", 12),
                col("RESTARTS", 8),
                col("NODE", 12),
                col("AGE", 5),
            ],
            c.pods
                .iter()
                .map(|(k, p)| {
                    let status = p.reason.as_deref().unwrap_or(p.phase.as_str()).to_string();
                    let t = match p.phase {
                        PodPhase::Failed => Tone::Err,
                        PodPhase::Pending => Tone::Warn,
                        PodPhase::Succeeded => Tone::Dim,
                        _ if p.reason.is_some() => Tone::Err,
                        _ => Tone::Normal,
                    };
                    Row {
                        kind: Kind::Pod,
                        key: k.clone(),
                        cells: vec![
                            Cell::text(&*p.namespace),
                            Cell::text(&*p.name),
                            Cell::with_num(format!("{}/{}", p.ready, p.containers), p.ready as i64),
                            Cell::text(status),
                            Cell::num(p.restarts as i64),
                            Cell::text(p.node.as_deref().unwrap_or("<none>")),
                            Cell::age(p.created, now),
                        ],
                        tone: t,
                    }
                })
                .collect(),
        ),
        Tab::Events => (
            vec![
                col("LAST SEEN", 9),
                col("NAMESPACE", 12),
                col("REASON", 16),
                col("OBJECT", 28),
                col("COUNT", 5),
                col("MESSAGE", 20),
            ],
            c.events
                .iter()
                .map(|(k, e)| Row {
                    kind: Kind::Event,
                    key: k.clone(),
                    cells: vec![
                        Cell::age(e.last_seen, now),
                        Cell::text(&*e.namespace),
                        Cell::text(&*e.reason),
                        Cell::text(&*e.object),
                        Cell::num(e.count as i64),
                        Cell::text(&*e.message),
                    ],
                    tone: Tone::Warn,
                })
                .collect(),
        ),
        Tab::KarmadaClusters => (
            vec![
                col("NAME", 14),
                col("READY", 6),
                col("REASON", 20),
                col("REGION", 15),
                col("PROVIDER", 9),
                col("MODE", 5),
                col("TAINTS", 20),
            ],
            c.karmada_clusters
                .iter()
                .map(|(k, r)| Row {
                    kind: Kind::KarmadaCluster,
                    key: k.clone(),
                    cells: vec![
                        Cell::text(&*r.name),
                        Cell::text(match r.ready {
                            Some(true) => "True",
                            Some(false) => "False",
                            None => "Unknown",
                        }),
                        Cell::text(r.reason.as_deref().unwrap_or("")),
                        Cell::text(r.region.as_deref().unwrap_or("")),
                        Cell::text(r.provider.as_deref().unwrap_or("")),
                        Cell::text(r.sync_mode.as_deref().unwrap_or("")),
                        Cell::text(
                            r.taints
                                .iter()
                                .map(|t| t.to_string())
                                .collect::<Vec<_>>()
                                .join(","),
                        ),
                    ],
                    tone: tone(r.ready == Some(true)),
                })
                .collect(),
        ),
        Tab::Policies => (
            vec![
                col("NAMESPACE", 12),
                col("NAME", 20),
                col("SCHEDULING", 20),
                col("WEIGHTS", 28),
                col("SELECTORS", 20),
            ],
            c.policies
                .iter()
                .map(|(k, p)| (Kind::PropagationPolicy, k, p))
                .chain(
                    c.cluster_policies
                        .iter()
                        .map(|(k, p)| (Kind::ClusterPropagationPolicy, k, p)),
                )
                .map(|(kind, k, p)| {
                    let sched = [
                        p.scheduling_type.as_deref(),
                        p.division_preference.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("/");
                    let weights = if let Some(d) = &p.dynamic_weight {
                        format!("dynamic: {d}")
                    } else {
                        p.static_weights
                            .iter()
                            .map(|w| format!("{}={}", w.clusters.join("+"), w.weight))
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    Row {
                        kind,
                        key: k.clone(),
                        cells: vec![
                            Cell::text(p.namespace.as_deref().unwrap_or("(cluster)")),
                            Cell::text(&*p.name),
                            Cell::text(sched),
                            Cell::text(weights),
                            Cell::text(p.selectors.join(",")),
                        ],
                        tone: Tone::Normal,
                    }
                })
                .collect(),
        ),
        Tab::Bindings => (
            vec![
                col("NAMESPACE", 12),
                col("NAME", 24),
                col("RESOURCE", 24),
                col("PLACEMENT", 24),
                col("HEALTH", 20),
            ],
            c.bindings
                .iter()
                .map(|(k, b)| {
                    let healthy = b
                        .aggregated
                        .iter()
                        .all(|s| s.applied && &*s.health == "Healthy");
                    Row {
                        kind: Kind::ResourceBinding,
                        key: k.clone(),
                        cells: vec![
                            Cell::text(&*b.namespace),
                            Cell::text(&*b.name),
                            Cell::text(&*b.resource),
                            Cell::text(
                                b.clusters
                                    .iter()
                                    .map(|t| format!("{}:{}", t.cluster, t.replicas))
                                    .collect::<Vec<_>>()
                                    .join(" "),
                            ),
                            Cell::text(
                                b.aggregated
                                    .iter()
                                    .map(|s| format!("{}:{}", s.cluster, s.health))
                                    .collect::<Vec<_>>()
                                    .join(" "),
                            ),
                        ],
                        tone: if healthy { Tone::Normal } else { Tone::Warn },
                    }
                })
                .collect(),
        ),
        Tab::Queues => (
            vec![
                col("NAME", 16),
                col("STATE", 8),
                col("WEIGHT", 6),
                col("RUNNING", 7),
                col("PENDING", 7),
            ],
            c.queues
                .iter()
                .map(|(k, q)| Row {
                    kind: Kind::Queue,
                    key: k.clone(),
                    cells: vec![
                        Cell::text(&*q.name),
                        Cell::text(&*q.state),
                        Cell::num(q.weight),
                        Cell::num(q.running),
                        Cell::num(q.pending),
                    ],
                    tone: if &*q.state == "Open" {
                        Tone::Normal
                    } else {
                        Tone::Warn
                    },
                })
                .collect(),
        ),
        Tab::Routes => (
            vec![
                col("NAMESPACE", 12),
                col("NAME", 20),
                col("HOSTS", 20),
                col("ROUTES", 30),
            ],
            c.virtual_services
                .iter()
                .map(|(k, v)| Row {
                    kind: Kind::VirtualService,
                    key: k.clone(),
                    cells: vec![
                        Cell::text(&*v.namespace),
                        Cell::text(&*v.name),
                        Cell::text(v.hosts.join(",")),
                        Cell::text(
                            v.http
                                .iter()
                                .map(|routes| {
                                    routes
                                        .iter()
                                        .map(|r| {
                                            format!(
                                                "{}{}={}",
                                                r.host,
                                                r.subset
                                                    .as_deref()
                                                    .map(|s| format!("/{s}"))
                                                    .unwrap_or_default(),
                                                r.weight.unwrap_or(100)
                                            )
                                        })
                                        .collect::<Vec<_>>()
                                        .join(" ")
                                })
                                .collect::<Vec<_>>()
                                .join(" | "),
                        ),
                    ],
                    tone: Tone::Normal,
                })
                .collect(),
        ),
    };
    TableView::new(columns, rows)
}
