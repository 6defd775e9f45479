//! Columns and cell texts of the cluster tabs: what a row looks like on screen.

use crate::fleet::{Kind, PodPhase, PodRow, Ts};

use super::cluster::{RowView, Tab};
use super::table::{Cell, Column, Row, Tone, col};

pub fn columns(tab: Tab) -> Vec<Column> {
    match tab {
        Tab::Nodes => vec![
            col("NAME", 20),
            col("STATUS", 10),
            col("ROLE", 7),
            col("VERSION", 10),
            col("HEARTBEAT", 9),
            col("AGE", 5),
        ],
        Tab::Deployments => vec![
            col("NAMESPACE", 12),
            col("NAME", 20),
            col("READY", 7),
            col("UP-TO-DATE", 10),
            col("AVAILABLE", 9),
            col("AGE", 5),
        ],
        Tab::Pods => vec![
            col("NAMESPACE", 12),
            col("NAME", 28),
            col("READY", 5),
            col("STATUS", 12),
            col("RESTARTS", 8),
            col("NODE", 12),
            col("AGE", 5),
        ],
        Tab::Events => vec![
            col("LAST SEEN", 9),
            col("NAMESPACE", 12),
            col("REASON", 16),
            col("OBJECT", 28),
            col("COUNT", 5),
            col("MESSAGE", 20),
        ],
        Tab::KarmadaClusters => vec![
            col("NAME", 14),
            col("READY", 6),
            col("REASON", 20),
            col("REGION", 15),
            col("PROVIDER", 9),
            col("MODE", 5),
            col("TAINTS", 20),
        ],
        Tab::Policies => vec![
            col("NAMESPACE", 12),
            col("NAME", 20),
            col("SCHEDULING", 20),
            col("WEIGHTS", 28),
            col("SELECTORS", 20),
        ],
        Tab::Bindings => vec![
            col("NAMESPACE", 12),
            col("NAME", 24),
            col("RESOURCE", 24),
            col("PLACEMENT", 24),
            col("HEALTH", 20),
        ],
        Tab::Queues => vec![
            col("NAME", 16),
            col("STATE", 8),
            col("WEIGHT", 6),
            col("RUNNING", 7),
            col("PENDING", 7),
        ],
        Tab::Routes => vec![
            col("NAMESPACE", 12),
            col("NAME", 20),
            col("HOSTS", 20),
            col("ROUTES", 30),
        ],
    }
}

fn tone(ok: bool) -> Tone {
    if ok { Tone::Normal } else { Tone::Err }
}

/// The node STATUS text.
pub fn node_status(ready: bool, unschedulable: bool) -> &'static str {
    match (ready, unschedulable) {
        (true, false) => "Ready",
        (false, false) => "NotReady",
        (true, true) => "Ready,SchedulingDisabled",
        (false, true) => "NotReady,SchedulingDisabled",
    }
}

/// The pod STATUS text: the reason that explains trouble, else the phase.
pub fn pod_status(p: &PodRow) -> &str {
    p.reason.as_deref().unwrap_or(p.phase.as_str())
}

pub fn pod_tone(p: &PodRow) -> Tone {
    match p.phase {
        PodPhase::Failed => Tone::Err,
        PodPhase::Pending => Tone::Warn,
        PodPhase::Succeeded => Tone::Dim,
        _ if p.reason.is_some() => Tone::Err,
        _ => Tone::Normal,
    }
}

/// One row's cells (`now` for the age columns) and tone.
pub fn row(v: &RowView, now: Ts) -> Row {
    let (cells, tone) = match *v {
        RowView::Node(n) => (
            vec![
                Cell::text(&*n.name),
                Cell::text(node_status(n.ready, n.unschedulable)),
                Cell::text(if n.edge { "edge" } else { "-" }),
                Cell::text(&*n.kubelet_version),
                Cell::age(n.last_heartbeat, now),
                Cell::age(n.created, now),
            ],
            tone(n.ready),
        ),
        RowView::Deployment(d) => (
            vec![
                Cell::text(&*d.namespace),
                Cell::text(&*d.name),
                Cell::with_num(format!("{}/{}", d.ready, d.replicas), d.ready as i64),
                Cell::num(d.updated as i64),
                Cell::num(d.available as i64),
                Cell::age(d.created, now),
            ],
            if d.ready < d.replicas {
                Tone::Warn
            } else {
                Tone::Normal
            },
        ),
        RowView::Pod(p) => (
            vec![
                Cell::text(&*p.namespace),
                Cell::text(&*p.name),
                Cell::with_num(format!("{}/{}", p.ready, p.containers), p.ready as i64),
                Cell::text(pod_status(p)),
                Cell::num(p.restarts as i64),
                Cell::text(p.node.as_deref().unwrap_or("<none>")),
                Cell::age(p.created, now),
            ],
            pod_tone(p),
        ),
        RowView::Event(e) => (
            vec![
                Cell::age(e.last_seen, now),
                Cell::text(&*e.namespace),
                Cell::text(&*e.reason),
                Cell::text(&*e.object),
                Cell::num(e.count as i64),
                Cell::text(&*e.message),
            ],
            Tone::Warn,
        ),
        RowView::KarmadaCluster(r) => (
            vec![
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
                Cell::text(join(r.taints.iter().map(|t| t.to_string()), ",")),
            ],
            tone(r.ready == Some(true)),
        ),
        RowView::Policy(_, p) => {
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
                join(
                    p.static_weights
                        .iter()
                        .map(|w| format!("{}={}", w.clusters.join("+"), w.weight)),
                    " ",
                )
            };
            (
                vec![
                    Cell::text(p.namespace.as_deref().unwrap_or("(cluster)")),
                    Cell::text(&*p.name),
                    Cell::text(sched),
                    Cell::text(weights),
                    Cell::text(p.selectors.join(",")),
                ],
                Tone::Normal,
            )
        }
        RowView::Binding(b) => {
            let healthy = b
                .aggregated
                .iter()
                .all(|s| s.applied && &*s.health == "Healthy");
            (
                vec![
                    Cell::text(&*b.namespace),
                    Cell::text(&*b.name),
                    Cell::text(&*b.resource),
                    Cell::text(join(
                        b.clusters
                            .iter()
                            .map(|t| format!("{}:{}", t.cluster, t.replicas)),
                        " ",
                    )),
                    Cell::text(join(
                        b.aggregated
                            .iter()
                            .map(|s| format!("{}:{}", s.cluster, s.health)),
                        " ",
                    )),
                ],
                if healthy { Tone::Normal } else { Tone::Warn },
            )
        }
        RowView::Queue(q) => (
            vec![
                Cell::text(&*q.name),
                Cell::text(&*q.state),
                Cell::num(q.weight),
                Cell::num(q.running),
                Cell::num(q.pending),
            ],
            if &*q.state == "Open" {
                Tone::Normal
            } else {
                Tone::Warn
            },
        ),
        RowView::Route(v) => (
            vec![
                Cell::text(&*v.namespace),
                Cell::text(&*v.name),
                Cell::text(v.hosts.join(",")),
                Cell::text(join(
                    v.http.iter().map(|routes| {
                        join(
                            routes.iter().map(|r| {
                                format!(
                                    "{}{}={}",
                                    r.host,
                                    r.subset
                                        .as_deref()
                                        .map(|s| format!("/{s}"))
                                        .unwrap_or_default(),
                                    r.weight.unwrap_or(100)
                                )
                            }),
                            " ",
                        )
                    }),
                    " | ",
                )),
            ],
            Tone::Normal,
        ),
    };
    Row {
        kind: v.kind(),
        key: v.obj_key(),
        cells,
        tone,
    }
}

fn join(parts: impl Iterator<Item = String>, sep: &str) -> String {
    parts.collect::<Vec<_>>().join(sep)
}

/// Whether the tab's column `col` is an age (its text moves with the clock).
pub fn is_age_column(tab: Tab, col: usize) -> bool {
    matches!(
        (tab, col),
        (Tab::Nodes, 4 | 5) | (Tab::Deployments, 5) | (Tab::Pods, 6) | (Tab::Events, 0)
    )
}

/// Kinds whose rows can be many (the others are small: formatting them to sort or filter is fine).
pub fn is_bulk(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Pod | Kind::Node | Kind::Deployment | Kind::Event
    )
}
