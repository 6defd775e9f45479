//! Fleet overview: one summary per cluster, pure queries over the model.

use serde::Serialize;

use crate::fleet::{Cluster, ClusterId, ClusterState, FleetModel, KarmadaClusterRow, Ts};
use crate::kinds::event::Event;
use crate::kinds::karmada_cluster::KarmadaCluster;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Serves the Karmada `Cluster` API.
    #[serde(rename = "karmada-control-plane")]
    ControlPlane,
    /// Registered as a Karmada member on a control plane of this fleet.
    Member,
    Standalone,
}

impl Role {
    pub fn label(&self) -> &'static str {
        match self {
            Role::ControlPlane => "karmada",
            Role::Member => "member",
            Role::Standalone => "standalone",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub ready: usize,
    pub total: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PodCounts {
    pub total: usize,
    pub running: usize,
    pub pending: usize,
    pub failed: usize,
}

/// What the control plane says about a member (its Karmada `Cluster` object).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KarmadaFacts {
    pub ready: Option<bool>,
    pub reason: Option<String>,
    pub region: Option<String>,
    pub provider: Option<String>,
    #[serde(rename = "syncMode")]
    pub sync_mode: Option<String>,
    pub taints: Vec<String>,
    /// Context of the control plane that registered it.
    #[serde(skip)]
    pub control_plane: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterSummary {
    #[serde(skip)]
    pub id: ClusterId,
    pub context: String,
    #[serde(serialize_with = "ser_state")]
    pub state: ClusterState,
    pub role: Role,
    pub version: Option<String>,
    pub nodes: Counts,
    pub edge_nodes: Counts,
    pub pods: PodCounts,
    pub warnings: usize,
    pub karmada: Option<KarmadaFacts>,
    /// Karmada members registered on this control plane.
    #[serde(skip)]
    pub members: usize,
    pub error: Option<String>,
}

fn ser_state<S: serde::Serializer>(s: &ClusterState, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.label())
}

pub const WARNING_WINDOW_SECS: i64 = 3600;

impl ClusterSummary {
    /// Lower is worse; the overview sorts by this first.
    pub fn health_rank(&self) -> u8 {
        match &self.state {
            ClusterState::Unreachable { .. } => return 0,
            ClusterState::Degraded(_) => return 1,
            _ => {}
        }
        if self
            .karmada
            .as_ref()
            .is_some_and(|k| k.ready == Some(false))
        {
            return 2;
        }
        if self.nodes.ready < self.nodes.total || self.pods.failed > 0 || self.cordoned() {
            return 3;
        }
        match self.state {
            ClusterState::Connecting | ClusterState::Syncing(_) => 4,
            _ if self.pods.pending > 0 || self.warnings > 0 => 5,
            _ => 6,
        }
    }

    /// Cordoned through Karmada: new workloads are not scheduled to it.
    pub fn cordoned(&self) -> bool {
        self.karmada.as_ref().is_some_and(|k| {
            k.taints
                .iter()
                .any(|t| t.starts_with("cluster.karmada.io/unschedulable"))
        })
    }

    /// A one-line reason for the state, or None when healthy.
    pub fn problem(&self, now: Ts) -> Option<String> {
        match &self.state {
            ClusterState::Unreachable { error, retry_at } => {
                let secs = (retry_at - now).max(0);
                Some(format!("{error} (retry in {secs}s)"))
            }
            ClusterState::Degraded(failed) => Some(
                failed
                    .iter()
                    .map(|(k, e)| format!("{}: {e}", k.name()))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            ClusterState::Syncing(kinds) if !kinds.is_empty() => Some(format!(
                "listing {}",
                kinds
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ => {
                if let Some(k) = &self.karmada
                    && k.ready == Some(false)
                {
                    return Some(format!(
                        "Karmada: NotReady ({})",
                        k.reason.as_deref().unwrap_or("no reason")
                    ));
                }
                if self.cordoned() {
                    return Some("cordoned: Karmada schedules nothing new here".into());
                }
                if self.nodes.ready < self.nodes.total {
                    return Some(format!(
                        "{} node(s) NotReady",
                        self.nodes.total - self.nodes.ready
                    ));
                }
                if self.pods.failed > 0 {
                    return Some(format!("{} pod(s) Failed", self.pods.failed));
                }
                None
            }
        }
    }
}

fn facts(row: &KarmadaClusterRow, control_plane: &str) -> KarmadaFacts {
    KarmadaFacts {
        ready: row.ready,
        reason: row.reason.as_deref().map(str::to_string),
        region: row.region.as_deref().map(str::to_string),
        provider: row.provider.as_deref().map(str::to_string),
        sync_mode: row.sync_mode.as_deref().map(str::to_string),
        taints: row.taints.iter().map(|t| t.to_string()).collect(),
        control_plane: control_plane.to_string(),
    }
}

/// The Karmada `Cluster` row that stands for `member` on some control plane of the fleet:
/// matched by name = context, or by apiEndpoint = the context's server URL.
pub fn karmada_row_for<'a>(
    model: &'a FleetModel,
    member: &Cluster,
) -> Option<(&'a Cluster, &'a KarmadaClusterRow)> {
    model
        .clusters
        .iter()
        .filter(|cp| cp.is_karmada_control_plane() && cp.context != member.context)
        .find_map(|cp| {
            cp.store::<KarmadaCluster>()
                .values()
                .find(|row| {
                    *row.name == *member.context
                        || (row.api_endpoint.is_some()
                            && row.api_endpoint.as_deref() == member.server.as_deref())
                })
                .map(|row| (cp, row))
        })
}

pub fn summarize(model: &FleetModel, id: ClusterId, now: Ts) -> ClusterSummary {
    let c = &model.clusters[id];
    let state = c.state();
    // Maintained by the model as rows change: O(1), not a pass over every pod per frame.
    let (nt, pt) = (c.node_tally(), c.pod_tally());
    let nodes = Counts {
        ready: nt.ready,
        total: nt.total,
    };
    let edge_nodes = Counts {
        ready: nt.edge_ready,
        total: nt.edge_total,
    };
    let pods = PodCounts {
        total: pt.total,
        running: pt.running,
        pending: pt.pending,
        failed: pt.failed,
    };
    let warnings = c
        .store::<Event>()
        .values()
        .filter(|e| e.last_seen >= now - WARNING_WINDOW_SECS)
        .count();
    let control_plane = c.is_karmada_control_plane();
    let karmada = if control_plane {
        None
    } else {
        karmada_row_for(model, c).map(|(cp, row)| facts(row, &cp.context))
    };
    let role = if control_plane {
        Role::ControlPlane
    } else if karmada.is_some() {
        Role::Member
    } else {
        Role::Standalone
    };
    let error = match &state {
        ClusterState::Unreachable { error, .. } => Some(error.clone()),
        ClusterState::Degraded(f) => Some(
            f.iter()
                .map(|(k, e)| format!("{}: {e}", k.name()))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => None,
    };
    ClusterSummary {
        id,
        context: c.context.clone(),
        state,
        role,
        version: c.version.clone(),
        nodes,
        edge_nodes,
        pods,
        warnings,
        karmada,
        members: c.store::<KarmadaCluster>().len(),
        error,
    }
}

/// Every cluster, unhealthy first, then by context name.
pub fn fleet_overview(model: &FleetModel, now: Ts) -> Vec<ClusterSummary> {
    let mut rows: Vec<ClusterSummary> = (0..model.clusters.len())
        .map(|id| summarize(model, id, now))
        .collect();
    rows.sort_by(|a, b| {
        a.health_rank()
            .cmp(&b.health_rank())
            .then_with(|| a.context.cmp(&b.context))
    });
    rows
}

#[derive(Serialize)]
pub struct SnapshotJson {
    pub clusters: Vec<ClusterSummary>,
    pub sync_ms: u64,
}
