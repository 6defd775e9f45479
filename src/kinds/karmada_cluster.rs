//! Karmada `Cluster` objects (cluster.karmada.io/v1alpha1), as a control plane sees its members:
//! Ready and why, region, provider, sync mode, taints.

use serde::Deserialize;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use std::collections::BTreeMap;

use super::lean::{
    Condition, dynamic_resource, meta_all_labels, name, null_default, opt, ready_condition,
};
use crate::fleet::Str;
use crate::fleet::store::keyed;
use crate::karmada::affinity::ClusterFacts;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Taint {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub effect: String,
}

impl std::fmt::Display for Taint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.value {
            Some(v) if !v.is_empty() => write!(f, "{}={}:{}", self.key, v, self.effect),
            _ => write!(f, "{}:{}", self.key, self.effect),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct KarmadaClusterRow {
    pub name: Str,
    pub ready: Option<bool>,
    pub reason: Option<Str>,
    pub message: Option<Str>,
    pub region: Option<Str>,
    pub provider: Option<Str>,
    pub sync_mode: Option<Str>,
    pub taints: Vec<Taint>,
    pub kubernetes_version: Option<Str>,
    pub api_endpoint: Option<Str>,
    /// Every label: placements select clusters by them.
    pub labels: BTreeMap<String, String>,
    /// `spec.zones` (and the older `spec.zone`).
    pub zones: Vec<String>,
}
keyed!(cluster: KarmadaClusterRow);

impl KarmadaClusterRow {
    /// What placement decisions read of it.
    pub fn facts(&self) -> ClusterFacts<'_> {
        ClusterFacts {
            name: &self.name,
            labels: &self.labels,
            provider: self.provider.as_deref(),
            region: self.region.as_deref(),
            zones: &self.zones,
            taints: self
                .taints
                .iter()
                .map(|t| (t.key.as_str(), t.value.as_deref(), t.effect.as_str()))
                .collect(),
        }
    }

    pub fn ready_text(&self) -> &'static str {
        match self.ready {
            Some(true) => "True",
            Some(false) => "False",
            None => "Unknown",
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TaintL {
    pub key: Option<String>,
    pub value: Option<String>,
    pub effect: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KarmadaClusterSpec {
    pub sync_mode: Option<String>,
    pub provider: Option<String>,
    pub region: Option<String>,
    pub taints: Option<Vec<TaintL>>,
    pub api_endpoint: Option<String>,
    pub zones: Option<Vec<String>>,
    pub zone: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KarmadaClusterStatus {
    pub kubernetes_version: Option<String>,
    pub conditions: Option<Vec<Condition>>,
}

/// As `Lean`, with every label kept.
#[derive(Clone, Debug, Deserialize)]
pub struct KarmadaClusterL {
    #[serde(default, deserialize_with = "meta_all_labels")]
    pub metadata: kube::core::ObjectMeta,
    #[serde(default, deserialize_with = "null_default")]
    pub spec: KarmadaClusterSpec,
    #[serde(default, deserialize_with = "null_default")]
    pub status: KarmadaClusterStatus,
}
dynamic_resource!(KarmadaClusterL);

fn opt_v(s: &Option<Str>) -> V<'_> {
    match s {
        Some(s) => V::Str(s),
        None => V::None,
    }
}

pub struct KarmadaCluster;

impl KindDef for KarmadaCluster {
    type Row = KarmadaClusterRow;
    type Lean = KarmadaClusterL;
    const API: ApiSpec = ApiSpec {
        group: "cluster.karmada.io",
        versions: &["v1alpha1"],
        kind: "Cluster",
        plural: "clusters",
        namespaced: false,
    };
    const TITLE: &'static str = "Karmada clusters";
    const SINGULAR: &'static str = "karmada-cluster";

    fn project(mut o: KarmadaClusterL) -> KarmadaClusterRow {
        let ready = ready_condition(&mut o.status.conditions);
        let sp = o.spec;
        let taints = sp
            .taints
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| {
                Some(Taint {
                    key: t.key?,
                    value: t.value,
                    effect: t.effect.unwrap_or_default(),
                })
            })
            .collect();
        let (status, reason, message) = match ready {
            Some(c) => (c.status, c.reason, c.message),
            None => (None, None, None),
        };
        KarmadaClusterRow {
            name: name(&o.metadata),
            ready: match status.as_deref() {
                Some("True") => Some(true),
                Some("False") => Some(false),
                _ => None,
            },
            reason: opt(reason),
            message: opt(message),
            region: opt(sp.region),
            provider: opt(sp.provider),
            sync_mode: opt(sp.sync_mode),
            taints,
            kubernetes_version: opt(o.status.kubernetes_version),
            api_endpoint: opt(sp.api_endpoint),
            labels: o.metadata.labels.unwrap_or_default(),
            zones: match (sp.zones, sp.zone) {
                (Some(z), _) if !z.is_empty() => z,
                (_, Some(z)) if !z.is_empty() => vec![z],
                _ => vec![],
            },
        }
    }

    fn columns() -> &'static [Col<KarmadaClusterRow>] {
        const C: &[Col<KarmadaClusterRow>] = &[
            Col::new("name", "NAME", 10, 63, 0, |r| V::Str(&r.name)),
            Col::new("ready", "READY", 5, 7, 0, |r| V::Str(r.ready_text())),
            Col::new("reason", "REASON", 8, 28, 2, |r| opt_v(&r.reason)),
            Col::new("region", "REGION", 6, 20, 1, |r| opt_v(&r.region)),
            Col::new("provider", "PROVIDER", 8, 12, 3, |r| opt_v(&r.provider)),
            Col::new("mode", "MODE", 4, 5, 3, |r| opt_v(&r.sync_mode)),
            Col::flex("taints", "TAINTS", 6, 80, 1, |r| {
                if r.taints.is_empty() {
                    V::None
                } else {
                    V::Text(
                        r.taints
                            .iter()
                            .map(|t| t.to_string())
                            .collect::<Vec<_>>()
                            .join(","),
                    )
                }
            }),
        ];
        C
    }

    fn tone(r: &KarmadaClusterRow) -> Tone {
        if r.ready == Some(true) {
            Tone::Normal
        } else {
            Tone::Err
        }
    }
}
