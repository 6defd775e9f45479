//! Karmada PropagationPolicy and ClusterPropagationPolicy (policy.karmada.io/v1alpha1): what
//! they select, how replicas are scheduled, and the static weights.

use serde::Deserialize;

use super::column::{Col, V};
use super::def::{ApiSpec, KindDef};
use std::sync::Arc;

use super::lean::{Lean, Skip, name, opt};
use crate::fleet::Str;
use crate::fleet::store::Keyed;
use crate::fleet::types::ObjKey;
use crate::karmada::placement::{Mode, Placement};

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRow {
    /// None for a ClusterPropagationPolicy.
    pub namespace: Option<Str>,
    pub name: Str,
    /// `Kind/name` of each resource selector (`Deployment/web`, `Deployment/*`).
    pub selectors: Vec<Str>,
    /// Where replicas go: affinity, tolerations, replica scheduling, static weights.
    pub placement: Arc<Placement>,
    /// `spec.failover`, when set.
    pub failover: Option<Failover>,
}

/// `spec.failover`: when Karmada moves the workload away from a cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failover {
    #[serde(default)]
    pub application: Option<AppFailover>,
    #[serde(default)]
    pub cluster: Option<ClusterFailover>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppFailover {
    #[serde(default)]
    pub decision_conditions: Option<DecisionConditions>,
    #[serde(default)]
    pub purge_mode: Option<String>,
    #[serde(default)]
    pub grace_period_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionConditions {
    #[serde(default)]
    pub toleration_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterFailover {
    #[serde(default)]
    pub purge_mode: Option<String>,
}

impl Failover {
    /// `application: after 300s unhealthy, purge Gracefully (grace 600s) · cluster: purge
    /// Directly`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(a) = &self.application {
            // Karmada's defaults: 300 s, Gracefully.
            let after = a
                .decision_conditions
                .as_ref()
                .and_then(|d| d.toleration_seconds)
                .unwrap_or(300);
            let mut s = format!(
                "application: after {after}s unhealthy, purge {}",
                a.purge_mode.as_deref().unwrap_or("Gracefully")
            );
            if let Some(g) = a.grace_period_seconds {
                s.push_str(&format!(" (grace {g}s)"));
            }
            parts.push(s);
        }
        if let Some(c) = &self.cluster {
            parts.push(format!(
                "cluster: purge {}",
                c.purge_mode.as_deref().unwrap_or("Gracefully")
            ));
        }
        if parts.is_empty() {
            "set, nothing configured".into()
        } else {
            parts.join(" · ")
        }
    }
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
        let rs = self.placement.replica_scheduling.as_ref();
        [
            rs.and_then(|r| r.replica_scheduling_type.as_deref()),
            rs.and_then(|r| r.replica_division_preference.as_deref()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("/")
    }

    /// `prod-eu=2 prod-us=1`, or `dynamic: AvailableReplicas`.
    pub fn weights(&self) -> String {
        if let Mode::Dynamic(d) = self.placement.mode() {
            return format!("dynamic: {d}");
        }
        self.placement
            .rules()
            .iter()
            .map(|w| format!("{}={}", w.target_cluster.describe(), w.weight))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicySpec {
    pub resource_selectors: Option<Vec<ResourceSelector>>,
    #[serde(default, deserialize_with = "super::lean::null_default")]
    pub placement: Placement,
    #[serde(default)]
    pub failover: Option<Failover>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ResourceSelector {
    pub kind: Option<String>,
    pub name: Option<String>,
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
    PolicyRow {
        namespace: opt(o.metadata.namespace.clone()),
        name: name(&o.metadata),
        selectors,
        placement: Arc::new(o.spec.placement),
        failover: o.spec.failover,
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
