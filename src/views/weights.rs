//! What the weights panes show, from the fleet model: every policy with static (or dynamic)
//! weights on every Karmada control plane and every VirtualService http route of every context,
//! and for one of them the sliders' rows (candidate clusters or route destinations).

use serde_json::{Value, json};

use crate::actions::routes::{effective_weights, labels, shares};
use crate::fleet::{ClusterId, FleetModel, Kind, ObjKey};
use crate::karmada::placement::{Candidate, Mode};
use crate::karmada::preview::binds;
use crate::kinds::binding::{BindingRow, ResourceBinding};
use crate::kinds::column::{Col, V};
use crate::kinds::istio::{DestinationRule, RouteDest, VirtualService};
use crate::kinds::karmada_cluster::KarmadaCluster;
use crate::kinds::policy::{ClusterPropagationPolicy, PolicyRow, PropagationPolicy};
use crate::mesh::{self, DrView};

/// What a slider pane edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WeightsOf {
    /// A (Cluster)PropagationPolicy on the control plane `cluster`.
    Policy {
        cluster: ClusterId,
        kind: Kind,
        key: ObjKey,
    },
    /// `spec.http[route]` of a VirtualService on `cluster`.
    Route {
        cluster: ClusterId,
        key: ObjKey,
        route: usize,
    },
    /// The Volcano queues of `cluster` (free weights; shares among the open ones).
    Queues { cluster: ClusterId },
}

/// A row of the weights list.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightsRow {
    pub of: WeightsOf,
    pub context: String,
    /// `policy` or `route`.
    pub what: &'static str,
    /// `shop/web`, `shop/web http[0]`.
    pub object: String,
    /// `static`, `dynamic: AvailableReplicas`, `total 100`, `free`.
    pub mode: String,
    /// `prod-eu=2 prod-us=1`, `prod-eu 80% prod-us 20%`.
    pub weights: String,
    /// Bound templates (policies).
    pub templates: usize,
}

impl WeightsOf {
    /// Its id on `context`, also its `snapshot --pane weights:ID` argument.
    pub fn id(&self, context: &str) -> String {
        match self {
            WeightsOf::Policy { kind, key, .. } => format!("{context}/{}/{key}", kind.api().kind),
            WeightsOf::Route { key, route, .. } => {
                format!("{context}/VirtualService/{key}/{route}")
            }
            WeightsOf::Queues { .. } => format!("{context}/Queues"),
        }
    }

    pub fn cluster(&self) -> ClusterId {
        match self {
            WeightsOf::Policy { cluster, .. }
            | WeightsOf::Route { cluster, .. }
            | WeightsOf::Queues { cluster } => *cluster,
        }
    }
}

/// The kinds the weights panes read: their rows change only when one of these does.
const READ: [Kind; 6] = [
    Kind::PropagationPolicy,
    Kind::ClusterPropagationPolicy,
    Kind::ResourceBinding,
    Kind::KarmadaCluster,
    Kind::VirtualService,
    Kind::DestinationRule,
];

/// The generations of what the weights panes read, per cluster: pods churning change nothing.
pub fn generations(m: &FleetModel) -> Vec<u64> {
    m.clusters
        .iter()
        .flat_map(|c| READ.iter().map(|k| c.kind_generation(*k)))
        .collect()
}

impl WeightsRow {
    /// Its id, also its `snapshot --pane weights:ID` argument.
    pub fn id(&self) -> String {
        self.of.id(&self.context)
    }

    pub fn json(&self) -> Value {
        json!({"id": self.id(), "context": self.context, "what": self.what,
            "object": self.object, "mode": self.mode, "weights": self.weights,
            "templates": self.templates})
    }
}

pub const COLUMNS: &[Col<WeightsRow>] = &[
    Col::new("what", "WHAT", 6, 6, 1, |r| V::Str(r.what)),
    Col::new("context", "CONTEXT", 7, 24, 0, |r| V::Str(&r.context)),
    Col::new("object", "OBJECT", 10, 60, 0, |r| V::Str(&r.object)),
    Col::new("mode", "MODE", 6, 28, 2, |r| V::Str(&r.mode)),
    Col::flex("weights", "WEIGHTS", 10, 120, 0, |r| V::Str(&r.weights)),
];

fn mode_text(p: &PolicyRow) -> Option<String> {
    match p.placement.mode() {
        Mode::Static => Some("static".into()),
        Mode::Dynamic(d) => Some(format!("dynamic: {d}")),
        Mode::Other(_) => None,
    }
}

/// Every weighted policy and every VirtualService http route, policies first.
pub fn rows(m: &FleetModel) -> Vec<WeightsRow> {
    let mut out = Vec::new();
    for (id, c) in m.clusters.iter().enumerate() {
        let bindings = c.store::<ResourceBinding>();
        let pols = c
            .store::<PropagationPolicy>()
            .values()
            .map(|p| (Kind::PropagationPolicy, p))
            .chain(
                c.store::<ClusterPropagationPolicy>()
                    .values()
                    .map(|p| (Kind::ClusterPropagationPolicy, p)),
            );
        for (kind, p) in pols {
            let Some(mode) = mode_text(p) else { continue };
            let key = ObjKey::new(p.namespace.as_deref(), &p.name);
            let templates = bindings
                .values()
                .filter(|b| binds(b, p.namespace.as_deref(), &p.name))
                .count();
            let slider = policy_sliders(m, id, p);
            out.push(WeightsRow {
                of: WeightsOf::Policy {
                    cluster: id,
                    kind,
                    key: key.clone(),
                },
                context: c.context.clone(),
                what: "policy",
                object: if kind == Kind::ClusterPropagationPolicy {
                    format!("{key} (cluster)")
                } else {
                    key.to_string()
                },
                mode,
                weights: if matches!(p.placement.mode(), Mode::Dynamic(_)) {
                    "decided by the scheduler from available replicas".into()
                } else {
                    slider
                        .iter()
                        .map(|c| format!("{}={}", c.name, c.weight))
                        .collect::<Vec<_>>()
                        .join(" ")
                },
                templates,
            });
        }
    }
    for (id, c) in m.clusters.iter().enumerate() {
        for v in c.store::<VirtualService>().values() {
            for (i, r) in v.http.iter().enumerate() {
                let w = route_weights(r);
                let total: i64 = w.iter().sum();
                let sh = shares(&w);
                out.push(WeightsRow {
                    of: WeightsOf::Route {
                        cluster: id,
                        key: ObjKey::new(Some(&v.namespace), &v.name),
                        route: i,
                    },
                    context: c.context.clone(),
                    what: "route",
                    object: match v.route_names.get(i).cloned().flatten() {
                        Some(n) => format!("{}/{} http[{i}] {n}", v.namespace, v.name),
                        None => format!("{}/{} http[{i}]", v.namespace, v.name),
                    },
                    mode: if total == 100 { "total 100" } else { "free" }.into(),
                    weights: dest_labels(r)
                        .iter()
                        .zip(sh)
                        .map(|(l, s)| format!("{l} {s:.0}%"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    templates: 0,
                });
            }
        }
    }
    out
}

/// What `--weights` names each destination of a route.
pub fn dest_labels(r: &[RouteDest]) -> Vec<String> {
    let hs: Vec<(&str, Option<&str>)> = r.iter().map(|d| (&*d.host, d.subset.as_deref())).collect();
    labels(&hs)
}

/// A route's weights as Istio counts them.
pub fn route_weights(r: &[RouteDest]) -> Vec<i64> {
    effective_weights(&r.iter().map(|d| d.weight).collect::<Vec<_>>())
}

/// The candidates of policy `p` on control plane `cp`.
pub fn policy_sliders(m: &FleetModel, cp: ClusterId, p: &PolicyRow) -> Vec<Candidate> {
    let Some(c) = m.cluster(cp) else {
        return vec![];
    };
    let rows: Vec<_> = c.store::<KarmadaCluster>().values().collect();
    let facts: Vec<_> = rows.iter().map(|r| r.facts()).collect();
    p.placement.candidates(&facts)
}

/// The bindings of policy `p` (cloned: the slider pane keeps them while it is open).
pub fn bound(m: &FleetModel, cp: ClusterId, p: &PolicyRow) -> Vec<BindingRow> {
    m.cluster(cp)
        .map(|c| {
            c.store::<ResourceBinding>()
                .values()
                .filter(|b| binds(b, p.namespace.as_deref(), &p.name))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// The member cluster a route destination goes to: its DestinationRule subset's
/// `topology.istio.io/cluster` label, else a subset or host naming a known cluster.
pub fn dest_cluster(m: &FleetModel, cluster: ClusterId, ns: &str, d: &RouteDest) -> Option<String> {
    let c = m.cluster(cluster)?;
    let drs = c.store::<DestinationRule>().values().map(|dr| DrView {
        namespace: &dr.namespace,
        host: &dr.host,
        subsets: &dr.subsets,
    });
    mesh::dest_cluster(
        drs,
        |n| known_cluster(m, n),
        ns,
        &d.host,
        d.subset.as_deref(),
    )
}

/// Whether `n` names a context or a Karmada member cluster.
pub fn known_cluster(m: &FleetModel, n: &str) -> bool {
    m.clusters.iter().any(|c| {
        c.context == n
            || c.store::<KarmadaCluster>()
                .contains_key(&ObjKey::cluster_scoped(n))
    })
}
