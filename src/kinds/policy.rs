//! Karmada PropagationPolicy and ClusterPropagationPolicy (policy.karmada.io/v1alpha1): what
//! they select, how replicas are scheduled, and the static weights.

use serde::Deserialize;

use super::column::{Col, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, Skip, name, opt, strs};
use crate::fleet::Str;
use crate::fleet::store::Keyed;
use crate::fleet::types::ObjKey;

/// One entry of `weightPreference.staticWeightList`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticWeight {
    pub clusters: Vec<Str>,
    pub weight: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRow {
    /// None for a ClusterPropagationPolicy.
    pub namespace: Option<Str>,
    pub name: Str,
    /// `Kind/name` of each resource selector (`Deployment/web`, `Deployment/*`).
    pub selectors: Vec<Str>,
    /// Duplicated | Divided
    pub scheduling_type: Option<Str>,
    /// Weighted | Aggregated
    pub division_preference: Option<Str>,
    pub static_weights: Vec<StaticWeight>,
    pub dynamic_weight: Option<Str>,
    pub cluster_names: Vec<Str>,
}

impl Keyed for PolicyRow {
    fn key_parts(&self) -> (Option<&str>, &str) {
        (self.namespace.as_deref(), &self.name)
    }
    fn obj_key(&self) -> ObjKey {
        ObjKey {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }
}

impl PolicyRow {
    /// `Divided/Weighted`, `Duplicated`.
    pub fn scheduling(&self) -> String {
        [
            self.scheduling_type.as_deref(),
            self.division_preference.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("/")
    }

    /// `prod-eu=2 prod-us=1`, or `dynamic: AvailableReplicas`.
    pub fn weights(&self) -> String {
        if let Some(d) = &self.dynamic_weight {
            return format!("dynamic: {d}");
        }
        self.static_weights
            .iter()
            .map(|w| format!("{}={}", w.clusters.join("+"), w.weight))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicySpec {
    pub resource_selectors: Option<Vec<ResourceSelector>>,
    pub placement: Option<Placement>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ResourceSelector {
    pub kind: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    pub cluster_affinity: Option<ClusterAffinity>,
    pub replica_scheduling: Option<ReplicaScheduling>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterAffinity {
    pub cluster_names: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaScheduling {
    pub replica_scheduling_type: Option<String>,
    pub replica_division_preference: Option<String>,
    pub weight_preference: Option<WeightPreference>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WeightPreference {
    pub static_weight_list: Option<Vec<StaticWeightL>>,
    pub dynamic_weight: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaticWeightL {
    pub target_cluster: Option<ClusterAffinity>,
    pub weight: Option<i64>,
}

pub type PolicyL = Lean<PolicySpec, Skip>;

fn policy_row(o: PolicyL) -> PolicyRow {
    let selectors = o
        .spec
        .resource_selectors
        .unwrap_or_default()
        .into_iter()
        .map(|sel| {
            let kind = sel.kind.unwrap_or_default();
            match sel.name.filter(|n| !n.is_empty()) {
                Some(n) => Str::from(format!("{kind}/{n}")),
                None => Str::from(format!("{kind}/*")),
            }
        })
        .collect();
    let placement = o.spec.placement.unwrap_or_default();
    let rs = placement.replica_scheduling.unwrap_or_default();
    let wp = rs.weight_preference.unwrap_or_default();
    PolicyRow {
        namespace: opt(o.metadata.namespace.clone()),
        name: name(&o.metadata),
        selectors,
        scheduling_type: opt(rs.replica_scheduling_type),
        division_preference: opt(rs.replica_division_preference),
        static_weights: wp
            .static_weight_list
            .unwrap_or_default()
            .into_iter()
            .map(|w| StaticWeight {
                clusters: strs(w.target_cluster.and_then(|t| t.cluster_names)),
                weight: w.weight.unwrap_or(0),
            })
            .collect(),
        dynamic_weight: opt(wp.dynamic_weight),
        cluster_names: strs(placement.cluster_affinity.and_then(|a| a.cluster_names)),
    }
}

fn text(s: String) -> V<'static> {
    if s.is_empty() { V::None } else { V::Text(s) }
}

/// The columns both policy kinds show.
const COLUMNS: &[Col<PolicyRow>] = &[
    Col::new("namespace", "NAMESPACE", 9, 24, 2, |p| match &p.namespace {
        Some(ns) => V::Str(ns),
        None => V::None,
    }),
    Col::new("name", "NAME", 10, 63, 0, |p| V::Str(&p.name)),
    Col::new("scheduling", "SCHEDULING", 10, 22, 1, |p| {
        text(p.scheduling())
    }),
    Col::flex("weights", "WEIGHTS", 7, 60, 1, |p| text(p.weights())),
    Col::flex("selectors", "SELECTORS", 9, 60, 2, |p| {
        text(p.selectors.join(","))
    }),
];

pub struct PropagationPolicy;

impl KindDef for PropagationPolicy {
    type Row = PolicyRow;
    type Lean = PolicyL;
    const API: ApiSpec = ApiSpec {
        group: "policy.karmada.io",
        versions: &["v1alpha1"],
        kind: "PropagationPolicy",
        plural: "propagationpolicies",
        namespaced: true,
    };
    const TITLE: &'static str = "Policies";
    const SINGULAR: &'static str = "policy";

    fn project(o: PolicyL) -> PolicyRow {
        policy_row(o)
    }
    fn columns() -> &'static [Col<PolicyRow>] {
        COLUMNS
    }
}

pub struct ClusterPropagationPolicy;

impl KindDef for ClusterPropagationPolicy {
    type Row = PolicyRow;
    type Lean = PolicyL;
    const API: ApiSpec = ApiSpec {
        group: "policy.karmada.io",
        versions: &["v1alpha1"],
        kind: "ClusterPropagationPolicy",
        plural: "clusterpropagationpolicies",
        namespaced: false,
    };
    const TITLE: &'static str = "Cluster policies";
    const SINGULAR: &'static str = "cluster-policy";

    fn project(o: PolicyL) -> PolicyRow {
        let mut row = policy_row(o);
        row.namespace = None;
        row
    }
    fn columns() -> &'static [Col<PolicyRow>] {
        &COLUMNS[1..]
    }
}
