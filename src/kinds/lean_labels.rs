//! Decoding only the labels something reads.

use std::collections::BTreeMap;

use serde::Deserializer;
use serde::de::IgnoredAny;

/// The label keys a projection reads (a node's KubeEdge edge role and NodeGroup, the policy a Karmada binding
/// comes from). Every other label is skipped while decoding, without building a string: pods
/// carry several labels each and none is shown.
pub const KEPT_LABELS: &[&str] = &[
    "node-role.kubernetes.io/edge",
    "apps.kubeedge.io/belonging-to",
    POLICY_NAME,
    POLICY_NAMESPACE,
    CLUSTER_POLICY_NAME,
];

/// The annotation keys a projection reads: Karmada (since v1.7) names a binding's policy in
/// annotations, older releases in labels.
pub const KEPT_ANNOTATIONS: &[&str] = &[POLICY_NAME, POLICY_NAMESPACE, CLUSTER_POLICY_NAME];

pub const POLICY_NAME: &str = "propagationpolicy.karmada.io/name";
pub const POLICY_NAMESPACE: &str = "propagationpolicy.karmada.io/namespace";
pub const CLUSTER_POLICY_NAME: &str = "clusterpropagationpolicy.karmada.io/name";

/// `metadata.labels`, only the [`KEPT_LABELS`]; None when it holds none of them.
pub(super) fn kept_labels<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    kept(d, KEPT_LABELS)
}

/// `metadata.annotations`, only the [`KEPT_ANNOTATIONS`].
pub(super) fn kept_annotations<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    kept(d, KEPT_ANNOTATIONS)
}

/// Every label (a Karmada Cluster's: placements select clusters by any of them).
pub(super) fn all_labels<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    use serde::Deserialize;
    Ok(Option::<BTreeMap<String, String>>::deserialize(d)?.filter(|m| !m.is_empty()))
}

fn kept<'de, D: Deserializer<'de>>(
    d: D,
    keys: &'static [&'static str],
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    use serde::de::{DeserializeSeed, MapAccess, Visitor};
    use std::fmt;

    struct Key(&'static [&'static str]);
    impl<'de> Visitor<'de> for Key {
        type Value = Option<&'static str>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a label key")
        }
        fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
            Ok(self.0.iter().find(|k| **k == s).copied())
        }
    }
    impl<'de> DeserializeSeed<'de> for Key {
        type Value = Option<&'static str>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
    }

    struct Labels(&'static [&'static str]);
    impl<'de> Visitor<'de> for Labels {
        type Value = Option<BTreeMap<String, String>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map of labels")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
            let mut kept = BTreeMap::new();
            while let Some(key) = m.next_key_seed(Key(self.0))? {
                match key {
                    Some(k) => {
                        kept.insert(k.to_string(), m.next_value::<String>()?);
                    }
                    None => {
                        m.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok((!kept.is_empty()).then_some(kept))
        }
    }
    d.deserialize_option(Labels(keys))
}

#[cfg(test)]
mod tests {
    use crate::kinds::node::NodeL;
    use crate::kinds::pod::PodL;

    #[test]
    fn only_kept_labels_are_decoded() {
        let pod: PodL = serde_json::from_str(
            r#"{"metadata": {"name": "p", "labels": {"app": "web", "pod-template-hash": "x"}}}"#,
        )
        .unwrap();
        assert_eq!(pod.metadata.labels, None);
        let node: NodeL = serde_json::from_str(
            r#"{"metadata": {"name": "n", "labels": {"kubernetes.io/os": "linux",
                "node-role.kubernetes.io/edge": "", "zone": "a"}}}"#,
        )
        .unwrap();
        let labels = node.metadata.labels.unwrap();
        assert_eq!(labels.len(), 1);
        assert_eq!(labels["node-role.kubernetes.io/edge"], "");
        let none: NodeL =
            serde_json::from_str(r#"{"metadata": {"name": "n", "labels": null}}"#).unwrap();
        assert_eq!(none.metadata.labels, None);
    }
}
