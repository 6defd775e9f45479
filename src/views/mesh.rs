//! What the mesh pane shows, from the fleet model: one row per VirtualService of every context,
//! with the traffic share per member cluster it sends (the mean over its http routes, as the
//! roll-up and the drain plan count it), its DestinationRules (subsets → cluster, outlier
//! detection, locality load balancing), readiness warnings, and the roll-up of the traffic
//! share per cluster across every route of every context.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::actions::Verb;
use crate::fleet::{ClusterId, FleetModel};
use crate::kinds::column::{Col, V};
use crate::kinds::istio::{DestinationRule, DestinationRuleRow, VirtualService};
use crate::kinds::karmada_cluster::KarmadaCluster;
use crate::mesh::{self, RouteShare, UNKNOWN};
use crate::views::weights::{dest_cluster, dest_labels, known_cluster, route_weights};

/// One http route: each destination's label, cluster and weight (as Istio counts it).
#[derive(Clone, Debug, PartialEq)]
pub struct MeshRoute {
    pub index: usize,
    pub name: Option<String>,
    pub labels: Vec<String>,
    pub clusters: Vec<Option<String>>,
    pub weights: Vec<i64>,
}

/// A DestinationRule of a service, as the pane shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct MeshDr {
    pub name: String,
    pub host: String,
    /// Subset → its `topology.istio.io/cluster` label.
    pub subsets: Vec<(String, Option<String>)>,
    pub outlier: bool,
    pub locality: Option<String>,
}

/// One VirtualService on one context.
#[derive(Clone, Debug, PartialEq)]
pub struct MeshRow {
    pub cluster: ClusterId,
    pub context: String,
    pub namespace: String,
    pub name: String,
    pub routes: Vec<MeshRoute>,
    /// Cluster → percent of its traffic: the mean over its routes with weight.
    pub shares: BTreeMap<String, f64>,
    pub drs: Vec<MeshDr>,
    pub warnings: Vec<String>,
}

/// `prod-eu 42% · prod-us 58%`.
pub fn shares_text(s: &BTreeMap<String, f64>, sep: &str) -> String {
    s.iter()
        .map(|(c, p)| format!("{c} {p:.0}%"))
        .collect::<Vec<_>>()
        .join(sep)
}

impl MeshRow {
    pub fn id(&self) -> String {
        format!("{}/{}/{}", self.context, self.namespace, self.name)
    }

    /// `outlier · failover`, `-` without a rule.
    pub fn dr_text(&self) -> String {
        if self.drs.is_empty() {
            return "-".into();
        }
        self.drs
            .iter()
            .map(|d| {
                format!(
                    "{} · {}",
                    if d.outlier { "outlier" } else { "no outlier" },
                    d.locality.as_deref().unwrap_or("no locality")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn json(&self) -> Value {
        let drs: Vec<Value> = self
            .drs
            .iter()
            .map(|d| {
                let subsets: serde_json::Map<String, Value> = d
                    .subsets
                    .iter()
                    .map(|(s, c)| (s.clone(), json!(c)))
                    .collect();
                json!({"name": d.name, "subsets": subsets, "outlier_detection": d.outlier,
                    "locality": d.locality})
            })
            .collect();
        json!({"context": self.context, "namespace": self.namespace, "name": self.name,
            "routes": self.routes.len(), "shares": self.shares, "destination_rules": drs,
            "warnings": self.warnings})
    }
}

pub const COLUMNS: &[Col<MeshRow>] = &[
    Col::new("context", "CONTEXT", 7, 24, 1, |r| V::Str(&r.context)),
    Col::new("virtualservice", "VIRTUALSERVICE", 10, 60, 0, |r| {
        V::Text(format!("{}/{}", r.namespace, r.name))
    }),
    Col::num("routes", "ROUTES", 6, 6, 1, |r| {
        V::Int(r.routes.len() as i64)
    }),
    Col::flex("clusters", "CLUSTERS", 12, 120, 0, |r| {
        V::Text(shares_text(&r.shares, " "))
    }),
    Col::new("dr", "DR", 4, 40, 2, |r| V::Text(r.dr_text())),
    Col::new("warn", "WARN", 4, 6, 0, |r| {
        V::Text(if r.warnings.is_empty() {
            String::new()
        } else {
            r.warnings.len().to_string()
        })
    }),
];

fn short(h: &str) -> &str {
    h.split('.').next().unwrap_or("")
}

/// Karmada member → why it is not Ready (`NotReady (reason)`, `Unreachable`), over every
/// control plane; Ready members are not listed.
pub fn not_ready(m: &FleetModel) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for c in &m.clusters {
        for k in c.store::<KarmadaCluster>().values() {
            let why = match (k.ready, k.reason.as_deref()) {
                (Some(true), _) => continue,
                (Some(false), Some(r))
                    if r.contains("Unreachable") || r.contains("NotReachable") =>
                {
                    format!("Unreachable ({r})")
                }
                (Some(false), Some(r)) => format!("NotReady ({r})"),
                (Some(false), None) => "NotReady".into(),
                (None, _) => "Unreachable (Ready is Unknown)".into(),
            };
            out.insert(k.name.to_string(), why);
        }
    }
    out
}

fn dr_view(d: &DestinationRuleRow) -> MeshDr {
    MeshDr {
        name: d.name.to_string(),
        host: d.host.to_string(),
        subsets: d
            .subsets
            .iter()
            .map(|s| (s.name.to_string(), s.cluster.as_deref().map(str::to_string)))
            .collect(),
        outlier: d.outlier,
        locality: d.locality.as_deref().map(str::to_string),
    }
}

/// Every VirtualService of every context, by context then namespace/name.
pub fn rows(m: &FleetModel) -> Vec<MeshRow> {
    let down = not_ready(m);
    let mut out = Vec::new();
    for (id, c) in m.clusters.iter().enumerate() {
        let drs = c.store::<DestinationRule>();
        for v in c.store::<VirtualService>().values() {
            let ns = &*v.namespace;
            let routes: Vec<MeshRoute> = v
                .http
                .iter()
                .enumerate()
                .map(|(i, r)| MeshRoute {
                    index: i,
                    name: v
                        .route_names
                        .get(i)
                        .cloned()
                        .flatten()
                        .map(|n| n.to_string()),
                    labels: dest_labels(r),
                    clusters: r.iter().map(|d| dest_cluster(m, id, ns, d)).collect(),
                    weights: route_weights(r),
                })
                .collect();
            let shares = mesh::rollup(routes.iter().map(|r| RouteShare {
                clusters: &r.clusters,
                weights: &r.weights,
            }));
            let hosts: Vec<&str> = v.http.iter().flatten().map(|d| &*d.host).collect();
            let mine: Vec<MeshDr> = drs
                .values()
                .filter(|d| {
                    &*d.namespace == ns
                        && hosts
                            .iter()
                            .any(|h| *h == &*d.host || short(h) == short(&d.host))
                })
                .map(dr_view)
                .collect();
            let mut warnings = Vec::new();
            for d in &mine {
                if d.locality.as_deref() == Some("failover") && !d.outlier {
                    warnings.push(format!(
                        "DestinationRule {}: locality failover without outlierDetection (Istio fails over only with it)",
                        d.name
                    ));
                }
                for (s, cl) in &d.subsets {
                    if let Some(cl) = cl.as_deref().filter(|cl| !known_cluster(m, cl)) {
                        warnings.push(format!(
                            "DestinationRule {}: subset {s}'s cluster label names no known cluster: {cl}",
                            d.name
                        ));
                    }
                }
            }
            for (cl, p) in &shares {
                if let Some(why) = down.get(cl).filter(|_| *p > 0.0) {
                    warnings.push(format!(
                        "{cl} receives {p:.0}% of its traffic and is {why} in Karmada"
                    ));
                }
            }
            out.push(MeshRow {
                cluster: id,
                context: c.context.clone(),
                namespace: ns.to_string(),
                name: v.name.to_string(),
                routes,
                shares,
                drs: mine,
                warnings,
            });
        }
    }
    out
}

/// The traffic share per cluster across every route of every context.
pub fn rollup(rows: &[MeshRow]) -> BTreeMap<String, f64> {
    mesh::rollup(rows.iter().flat_map(|r| {
        r.routes.iter().map(|x| RouteShare {
            clusters: &x.clusters,
            weights: &x.weights,
        })
    }))
}

/// The clusters a drain can be asked for: those the roll-up names, but not [`UNKNOWN`].
pub fn drainable(rollup: &BTreeMap<String, f64>) -> Vec<String> {
    rollup.keys().filter(|k| *k != UNKNOWN).cloned().collect()
}

/// Drain `member` out of every route of every context (cordoning it in Karmada when `cordon`).
pub fn drain_verb(m: &FleetModel, member: &str, cordon: bool) -> Verb {
    Verb::Drain {
        clusters: (0..m.clusters.len()).collect(),
        control_planes: m
            .clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_karmada_control_plane())
            .map(|(i, _)| i)
            .collect(),
        member: member.to_string(),
        to: None,
        cordon,
    }
}

#[cfg(test)]
#[path = "mesh_tests.rs"]
mod tests;
