//! Which Karmada Clusters a placement admits, as karmada-scheduler decides it: a
//! `ClusterAffinity` (clusterNames, labelSelector, fieldSelector on provider/region/zone,
//! exclude; karmada-io/karmada pkg/util/selector.go `ClusterMatches`) and the cluster's
//! NoSchedule/NoExecute taints against the placement's `clusterTolerations`.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The parts of a Karmada `Cluster` placement decisions read.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterFacts<'a> {
    pub name: &'a str,
    pub labels: &'a BTreeMap<String, String>,
    pub provider: Option<&'a str>,
    pub region: Option<&'a str>,
    pub zones: &'a [String],
    /// (key, value, effect)
    pub taints: Vec<(&'a str, Option<&'a str>, &'a str)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default)]
    pub values: Vec<String>,
}

impl Requirement {
    /// A label selector's or a node selector's requirement on a set of labels.
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let v = labels.get(&self.key);
        match self.operator.as_str() {
            "In" => v.is_some_and(|v| self.values.contains(v)),
            "NotIn" => v.is_none_or(|v| !self.values.contains(v)),
            "Exists" => v.is_some(),
            "DoesNotExist" => v.is_none(),
            // Node selectors only: one value, compared as integers.
            "Gt" | "Lt" => {
                let (Some(v), Some(x)) = (v, self.values.first()) else {
                    return false;
                };
                match (v.parse::<i64>(), x.parse::<i64>()) {
                    (Ok(v), Ok(x)) if self.operator == "Gt" => v > x,
                    (Ok(v), Ok(x)) => v < x,
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default)]
    pub match_labels: BTreeMap<String, String>,
    #[serde(default)]
    pub match_expressions: Vec<Requirement>,
}

impl LabelSelector {
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| r.matches(labels))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldSelector {
    #[serde(default)]
    pub match_expressions: Vec<Requirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterAffinity {
    #[serde(default)]
    pub label_selector: Option<LabelSelector>,
    #[serde(default)]
    pub field_selector: Option<FieldSelector>,
    #[serde(default)]
    pub cluster_names: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

fn zones_match(r: &Requirement, zones: &[String]) -> bool {
    match r.operator.as_str() {
        "In" => zones.iter().any(|z| r.values.contains(z)),
        "NotIn" => !zones.iter().any(|z| r.values.contains(z)),
        "Exists" => !zones.is_empty(),
        "DoesNotExist" => zones.is_empty(),
        _ => false,
    }
}

impl ClusterAffinity {
    /// karmada's `ClusterMatches`.
    pub fn matches(&self, c: &ClusterFacts) -> bool {
        self.miss(c).is_none()
    }

    /// Why `c` does not match, checked in `ClusterMatches`' order; None when it matches.
    pub fn miss(&self, c: &ClusterFacts) -> Option<&'static str> {
        if self.exclude.iter().any(|x| x == c.name) {
            return Some("excluded by name");
        }
        if let Some(s) = &self.label_selector
            && !s.matches(c.labels)
        {
            return Some("its labels do not match");
        }
        if let Some(f) = &self.field_selector {
            let mut fields = BTreeMap::new();
            if let Some(p) = c.provider.filter(|p| !p.is_empty()) {
                fields.insert("provider".to_string(), p.to_string());
            }
            if let Some(r) = c.region.filter(|r| !r.is_empty()) {
                fields.insert("region".to_string(), r.to_string());
            }
            for r in &f.match_expressions {
                let ok = if r.key == "zone" {
                    zones_match(r, c.zones)
                } else {
                    r.matches(&fields)
                };
                if !ok {
                    return Some("its provider/region/zone does not match");
                }
            }
        }
        if self.cluster_names.is_empty() || self.cluster_names.iter().any(|n| n == c.name) {
            None
        } else {
            Some("not in clusterNames")
        }
    }

    /// Whether the rule names its clusters only (clusterNames, nothing else).
    pub fn by_names_only(&self) -> bool {
        self.label_selector.is_none()
            && self.field_selector.is_none()
            && self.exclude.is_empty()
            && !self.cluster_names.is_empty()
    }

    /// For the slider's rule column: `prod-eu`, `labels region=eu`, `all`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.cluster_names.is_empty() {
            parts.push(self.cluster_names.join(","));
        }
        if let Some(s) = &self.label_selector {
            let mut l: Vec<String> = s
                .match_labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            l.extend(
                s.match_expressions
                    .iter()
                    .map(|r| format!("{} {} ({})", r.key, r.operator, r.values.join(","))),
            );
            parts.push(format!("labels {}", l.join(",")));
        }
        if let Some(f) = &self.field_selector {
            let l: Vec<String> = f
                .match_expressions
                .iter()
                .map(|r| format!("{} {} ({})", r.key, r.operator, r.values.join(",")))
                .collect();
            parts.push(format!("fields {}", l.join(",")));
        }
        if !self.exclude.is_empty() {
            parts.push(format!("not {}", self.exclude.join(",")));
        }
        if parts.is_empty() {
            "all".into()
        } else {
            parts.join(" ")
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Toleration {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub effect: String,
}

impl Toleration {
    /// `cluster.karmada.io/not-ready:NoSchedule (any value)`, `team=a:NoExecute`,
    /// `every NoSchedule taint`.
    pub fn describe(&self) -> String {
        let exists = self.operator == "Exists";
        let effect = if self.effect.is_empty() {
            String::new()
        } else {
            format!(":{}", self.effect)
        };
        match (self.key.is_empty(), exists) {
            (true, true) if self.effect.is_empty() => "every taint".into(),
            (true, true) => format!("every {} taint", self.effect),
            (false, true) => format!("{}{effect} (any value)", self.key),
            _ => format!("{}={}{effect}", self.key, self.value),
        }
    }

    /// core/v1 `Toleration.ToleratesTaint`.
    fn tolerates(&self, key: &str, value: Option<&str>, effect: &str) -> bool {
        if !self.effect.is_empty() && self.effect != effect {
            return false;
        }
        if !self.key.is_empty() && self.key != key {
            return false;
        }
        match self.operator.as_str() {
            "Exists" => true,
            "" | "Equal" => self.value == value.unwrap_or(""),
            _ => false,
        }
    }
}

/// The first NoSchedule/NoExecute taint of `c` no toleration tolerates: the scheduler's
/// TaintToleration filter leaves the cluster out for it.
pub fn untolerated(c: &ClusterFacts, tolerations: &[Toleration]) -> Option<String> {
    c.taints
        .iter()
        .filter(|(_, _, e)| *e == "NoSchedule" || *e == "NoExecute")
        .find(|(k, v, e)| !tolerations.iter().any(|t| t.tolerates(k, *v, e)))
        .map(|(k, v, e)| match v {
            Some(v) if !v.is_empty() => format!("{k}={v}:{e}"),
            _ => format!("{k}:{e}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn facts<'a>(name: &'a str, labels: &'a BTreeMap<String, String>) -> ClusterFacts<'a> {
        ClusterFacts {
            name,
            labels,
            provider: Some("aws"),
            region: Some("eu-west-1"),
            zones: &[],
            taints: vec![],
        }
    }

    fn aff(v: serde_json::Value) -> ClusterAffinity {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn names_labels_fields_and_exclude() {
        let l: BTreeMap<String, String> = [("tier".to_string(), "gold".to_string())].into();
        let c = facts("m1", &l);
        assert!(aff(json!({})).matches(&c));
        assert!(aff(json!({"clusterNames": ["m1", "m2"]})).matches(&c));
        assert!(!aff(json!({"clusterNames": ["m2"]})).matches(&c));
        assert!(aff(json!({"labelSelector": {"matchLabels": {"tier": "gold"}}})).matches(&c));
        assert!(!aff(json!({"labelSelector": {"matchLabels": {"tier": "x"}}})).matches(&c));
        assert!(
            aff(json!({"labelSelector": {"matchExpressions": [
                {"key": "tier", "operator": "NotIn", "values": ["x"]}]}}))
            .matches(&c)
        );
        assert!(
            aff(json!({"fieldSelector": {"matchExpressions": [
                {"key": "region", "operator": "In", "values": ["eu-west-1"]}]}}))
            .matches(&c)
        );
        assert!(
            !aff(json!({"fieldSelector": {"matchExpressions": [
                {"key": "provider", "operator": "In", "values": ["gcp"]}]}}))
            .matches(&c)
        );
        assert!(
            !aff(json!({"fieldSelector": {"matchExpressions": [
                {"key": "zone", "operator": "Exists"}]}}))
            .matches(&c)
        );
        assert!(!aff(json!({"exclude": ["m1"]})).matches(&c));
        assert_eq!(
            aff(json!({"exclude": ["m1"]})).miss(&c),
            Some("excluded by name")
        );
        assert_eq!(
            aff(json!({"clusterNames": ["m2"]})).miss(&c),
            Some("not in clusterNames")
        );
        assert_eq!(
            aff(json!({"labelSelector": {"matchLabels": {"tier": "x"}}})).miss(&c),
            Some("its labels do not match")
        );
        assert!(aff(json!({"clusterNames": ["m1"]})).by_names_only());
        assert!(!aff(json!({"labelSelector": {}})).by_names_only());
    }

    #[test]
    fn taints_need_a_toleration() {
        let l = BTreeMap::new();
        let mut c = facts("m1", &l);
        c.taints = vec![
            ("cluster.karmada.io/not-ready", None, "NoSchedule"),
            ("soft", None, "PreferNoSchedule"),
        ];
        assert_eq!(
            untolerated(&c, &[]).as_deref(),
            Some("cluster.karmada.io/not-ready:NoSchedule")
        );
        let t: Toleration = serde_json::from_value(
            json!({"key": "cluster.karmada.io/not-ready", "operator": "Exists"}),
        )
        .unwrap();
        assert_eq!(untolerated(&c, &[t]), None);
        let any: Toleration = serde_json::from_value(json!({"operator": "Exists"})).unwrap();
        assert_eq!(untolerated(&c, &[any]), None);
        let wrong: Toleration = serde_json::from_value(
            json!({"key": "cluster.karmada.io/not-ready", "effect": "NoExecute", "operator": "Exists"}),
        )
        .unwrap();
        assert!(untolerated(&c, &[wrong]).is_some());
    }
}
