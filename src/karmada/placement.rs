//! A (Cluster)PropagationPolicy's `spec.placement`, as far as where replicas go is concerned,
//! and the weights karmada-scheduler derives from it: which clusters are candidates, which are
//! left out by a taint, each one's static weight (the highest of the `staticWeightList` rules
//! that match it), and the replicas of a template on each.

use serde::Deserialize;

use super::affinity::{ClusterAffinity, ClusterFacts, Toleration, untolerated};
use super::division::webster_at;
use crate::fleet::Str;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    #[serde(default)]
    pub cluster_affinity: Option<ClusterAffinity>,
    /// Affinity groups: the scheduler tries them in order; the first is shown.
    #[serde(default)]
    pub cluster_affinities: Vec<ClusterAffinity>,
    #[serde(default)]
    pub cluster_tolerations: Vec<Toleration>,
    #[serde(default)]
    pub replica_scheduling: Option<ReplicaScheduling>,
    #[serde(default)]
    pub spread_constraints: Vec<SpreadConstraint>,
}

/// A `spreadConstraints` item: how many groups (clusters, regions, zones, providers or a
/// label's values) the replicas spread over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpreadConstraint {
    #[serde(default)]
    pub spread_by_field: Option<String>,
    #[serde(default)]
    pub spread_by_label: Option<String>,
    #[serde(default)]
    pub max_groups: Option<i64>,
    #[serde(default)]
    pub min_groups: Option<i64>,
}

impl SpreadConstraint {
    /// `cluster 2..3`, `label topology/zone ≤2`, `region ≥1`.
    pub fn describe(&self) -> String {
        let by = match (&self.spread_by_field, &self.spread_by_label) {
            (Some(f), _) if !f.is_empty() => f.clone(),
            (_, Some(l)) if !l.is_empty() => format!("label {l}"),
            _ => "cluster".to_string(),
        };
        match (
            self.min_groups.filter(|n| *n > 0),
            self.max_groups.filter(|n| *n > 0),
        ) {
            (Some(a), Some(b)) => format!("{by} {a}..{b}"),
            (Some(a), None) => format!("{by} ≥{a}"),
            (None, Some(b)) => format!("{by} ≤{b}"),
            (None, None) => by,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaScheduling {
    #[serde(default)]
    pub replica_scheduling_type: Option<String>,
    #[serde(default)]
    pub replica_division_preference: Option<String>,
    #[serde(default)]
    pub weight_preference: Option<WeightPreference>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WeightPreference {
    #[serde(default)]
    pub static_weight_list: Vec<StaticWeightRule>,
    #[serde(default)]
    pub dynamic_weight: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaticWeightRule {
    #[serde(default)]
    pub target_cluster: ClusterAffinity,
    #[serde(default)]
    pub weight: i64,
}

/// How a policy places replicas, for the weights pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Divided/Weighted by static weights (or none: every candidate weighs 1).
    Static,
    /// Divided/Weighted by `dynamicWeight` (the scheduler decides from available replicas).
    Dynamic(String),
    /// Duplicated, Divided/Aggregated, or no replicaScheduling.
    Other(String),
}

/// One cluster the placement admits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub name: Str,
    /// The static weight (0 when no rule matches it).
    pub weight: i64,
    /// The untolerated NoSchedule/NoExecute taint that leaves it out.
    pub tainted: Option<String>,
}

impl Placement {
    pub fn mode(&self) -> Mode {
        let rs = self.replica_scheduling.clone().unwrap_or_default();
        let t = rs
            .replica_scheduling_type
            .as_deref()
            .unwrap_or("Duplicated");
        let d = rs.replica_division_preference.as_deref().unwrap_or("");
        match (t, d) {
            ("Divided", "Weighted") => match rs.weight_preference.and_then(|w| w.dynamic_weight) {
                Some(dw) if !dw.is_empty() => Mode::Dynamic(dw),
                _ => Mode::Static,
            },
            ("Divided", d) if !d.is_empty() => Mode::Other(format!("Divided/{d}")),
            (t, _) => Mode::Other(t.to_string()),
        }
    }

    pub fn rules(&self) -> &[StaticWeightRule] {
        self.replica_scheduling
            .as_ref()
            .and_then(|r| r.weight_preference.as_ref())
            .map_or(&[], |w| &w.static_weight_list)
    }

    /// The affinity in force: `clusterAffinity`, else the first of `clusterAffinities`.
    pub fn affinity(&self) -> Option<&ClusterAffinity> {
        self.cluster_affinity
            .as_ref()
            .or(self.cluster_affinities.first())
    }

    /// The weight of `c` by the rules: the highest of those that match it, 0 if none.
    pub fn rule_weight(&self, c: &ClusterFacts) -> i64 {
        self.rules()
            .iter()
            .filter(|r| r.target_cluster.matches(c))
            .map(|r| r.weight)
            .max()
            .unwrap_or(0)
    }

    /// Every cluster the placement admits, by name, with its weight (as the scheduler counts
    /// it: all 1 when no schedulable one has any) and what leaves it out.
    pub fn candidates(&self, clusters: &[ClusterFacts]) -> Vec<Candidate> {
        let mut v: Vec<Candidate> = clusters
            .iter()
            .filter(|c| self.affinity().is_none_or(|a| a.matches(c)))
            .map(|c| Candidate {
                name: Str::from(c.name),
                weight: self.rule_weight(c),
                tainted: untolerated(c, &self.cluster_tolerations),
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        // No schedulable cluster has weight: the scheduler weighs them all 1.
        if v.iter().all(|c| c.tainted.is_some() || c.weight == 0) {
            for c in v.iter_mut().filter(|c| c.tainted.is_none()) {
                c.weight = 1;
            }
        }
        v
    }
}

impl Placement {
    /// Where karmada-scheduler puts `replicas` of a template (its `uid`) among `candidates`
    /// (from [`Placement::candidates`]), by name, when that follows from the placement alone:
    /// Duplicated — every candidate no taint leaves out runs them all; Divided/Weighted by
    /// static weights — [`split`]. Err: how the scheduler decides instead, from the clusters'
    /// free resources (dynamic weights, Aggregated).
    pub fn place(
        &self,
        candidates: &[Candidate],
        replicas: i64,
        uid: &str,
    ) -> Result<Vec<(Str, i64)>, String> {
        match self.mode() {
            Mode::Static => {
                let w: Vec<i64> = candidates.iter().map(|c| c.weight).collect();
                Ok(split(candidates, &w, replicas, uid))
            }
            Mode::Other(t) if t == "Duplicated" => Ok(candidates
                .iter()
                .filter(|c| c.tainted.is_none())
                .map(|c| (c.name.clone(), replicas))
                .collect()),
            Mode::Dynamic(d) => Err(format!("dynamic weight {d}")),
            Mode::Other(t) => Err(t),
        }
    }
}

/// The replicas of a template (`replicas`, its `uid`) on each cluster when the candidates
/// weigh `weights` (by candidate index): tainted candidates take no part.
pub fn split(
    candidates: &[Candidate],
    weights: &[i64],
    replicas: i64,
    uid: &str,
) -> Vec<(Str, i64)> {
    let left_in: Vec<&Candidate> = candidates.iter().filter(|c| c.tainted.is_none()).collect();
    let w: Vec<(&str, i64)> = candidates
        .iter()
        .zip(weights)
        .filter(|(c, _)| c.tainted.is_none())
        .map(|(c, w)| (&*c.name, *w))
        .collect();
    webster_at(replicas, &w, uid)
        .into_iter()
        .map(|(i, s)| (left_in[i].name.clone(), s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[test]
    fn candidates_weights_and_taints() {
        let p: Placement = serde_json::from_value(json!({
            "clusterAffinity": {"exclude": ["m4"]},
            "replicaScheduling": {"replicaSchedulingType": "Divided",
                "replicaDivisionPreference": "Weighted",
                "weightPreference": {"staticWeightList": [
                    {"targetCluster": {"labelSelector": {"matchLabels": {"tier": "gold"}}}, "weight": 3},
                    {"targetCluster": {"clusterNames": ["m1"]}, "weight": 5},
                    {"targetCluster": {"clusterNames": ["m2"]}, "weight": 1}]}}
        }))
        .unwrap();
        assert_eq!(p.mode(), Mode::Static);
        let gold: BTreeMap<String, String> = [("tier".into(), "gold".into())].into();
        let none = BTreeMap::new();
        let facts = |name, labels, taints| ClusterFacts {
            name,
            labels,
            provider: None,
            region: None,
            zones: &[],
            taints,
        };
        let clusters = [
            facts("m1", &gold, vec![]),
            facts("m2", &gold, vec![]),
            facts(
                "m3",
                &none,
                vec![("cluster.karmada.io/not-ready", None, "NoSchedule")],
            ),
            facts("m4", &gold, vec![]),
        ];
        let c = p.candidates(&clusters);
        let got: Vec<(&str, i64, bool)> = c
            .iter()
            .map(|c| (&*c.name, c.weight, c.tainted.is_some()))
            .collect();
        // m1: max(3, 5); m2: max(3, 1); m3: no rule, tainted; m4 excluded.
        assert_eq!(got, [("m1", 5, false), ("m2", 3, false), ("m3", 0, true)]);
        let w: Vec<i64> = c.iter().map(|c| c.weight).collect();
        assert_eq!(split(&c, &w, 8, ""), [("m1".into(), 5), ("m2".into(), 3)]);
    }

    #[test]
    fn modes() {
        let m = |v| serde_json::from_value::<Placement>(v).unwrap().mode();
        assert_eq!(
            m(json!({"replicaScheduling": {"replicaSchedulingType": "Duplicated"}})),
            Mode::Other("Duplicated".into())
        );
        assert_eq!(
            m(
                json!({"replicaScheduling": {"replicaSchedulingType": "Divided",
                "replicaDivisionPreference": "Weighted",
                "weightPreference": {"dynamicWeight": "AvailableReplicas"}}})
            ),
            Mode::Dynamic("AvailableReplicas".into())
        );
        assert_eq!(m(json!({})), Mode::Other("Duplicated".into()));
    }

    #[test]
    fn place_duplicates_to_the_untainted_divides_static_and_leaves_dynamic_to_the_scheduler() {
        let c = |name: &str, weight, tainted: bool| Candidate {
            name: Str::from(name),
            weight,
            tainted: tainted.then(|| "k:NoSchedule".to_string()),
        };
        let cands = [c("a", 1, false), c("b", 3, false), c("x", 1, true)];
        let p = |sched: serde_json::Value| -> Placement {
            serde_json::from_value(json!({"replicaScheduling": sched})).unwrap()
        };
        let dup = p(json!({"replicaSchedulingType": "Duplicated"}));
        assert_eq!(
            dup.place(&cands, 4, "u"),
            Ok(vec![(Str::from("a"), 4), (Str::from("b"), 4)])
        );
        let weighted = p(json!({"replicaSchedulingType": "Divided",
            "replicaDivisionPreference": "Weighted"}));
        assert_eq!(
            weighted.place(&cands, 4, "u"),
            Ok(vec![(Str::from("a"), 1), (Str::from("b"), 3)])
        );
        let dynamic = p(json!({"replicaSchedulingType": "Divided",
            "replicaDivisionPreference": "Weighted",
            "weightPreference": {"dynamicWeight": "AvailableReplicas"}}));
        assert_eq!(
            dynamic.place(&cands, 4, "u"),
            Err("dynamic weight AvailableReplicas".into())
        );
        let aggregated = p(json!({"replicaSchedulingType": "Divided",
            "replicaDivisionPreference": "Aggregated"}));
        assert_eq!(
            aggregated.place(&cands, 4, "u"),
            Err("Divided/Aggregated".into())
        );
    }
}
