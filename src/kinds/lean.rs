//! Lean watch types: only the fields the projections need. Everything else in the apiserver's
//! JSON (managedFields, annotations, pod specs, ...) is skipped by serde without being built.
//! They implement `kube::Resource` with a dynamic `ApiResource`, so `Api::all_with` and the
//! kube-runtime watcher work with them directly. The demo fleet decodes its JSON objects into
//! the same types, so both sources share every projection.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::core::ObjectMeta;
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};

use crate::fleet::{Str, Ts};

#[path = "lean_labels.rs"]
mod labels;
pub use labels::{CLUSTER_POLICY_NAME, KEPT_LABELS, POLICY_NAME, POLICY_NAMESPACE};

/// `null` decodes as the default (apiservers and users write `field: null` now and then).
pub fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct MetaFields {
    name: Option<String>,
    namespace: Option<String>,
    uid: Option<String>,
    resource_version: Option<String>,
    generation: Option<i64>,
    creation_timestamp: Option<String>,
    deletion_timestamp: Option<String>,
    #[serde(default, deserialize_with = "labels::kept_labels")]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default, deserialize_with = "labels::kept_annotations")]
    annotations: Option<BTreeMap<String, String>>,
}

/// [`MetaFields`] with every label.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct MetaAllLabels {
    name: Option<String>,
    uid: Option<String>,
    resource_version: Option<String>,
    creation_timestamp: Option<String>,
    deletion_timestamp: Option<String>,
    #[serde(default, deserialize_with = "labels::all_labels")]
    labels: Option<BTreeMap<String, String>>,
}

fn time(s: Option<String>) -> Option<Time> {
    s?.parse::<k8s_openapi::jiff::Timestamp>().ok().map(Time)
}

/// `metadata` with only name/namespace/uid/resourceVersion/creationTimestamp/
/// deletionTimestamp, the [`KEPT_LABELS`] and the kept annotations: managedFields,
/// ownerReferences and other labels and annotations are skipped.
pub fn lean_meta<'de, D: Deserializer<'de>>(d: D) -> Result<ObjectMeta, D::Error> {
    let m = Option::<MetaFields>::deserialize(d)?.unwrap_or_default();
    Ok(ObjectMeta {
        name: m.name,
        namespace: m.namespace,
        uid: m.uid,
        resource_version: m.resource_version,
        generation: m.generation,
        creation_timestamp: time(m.creation_timestamp),
        deletion_timestamp: time(m.deletion_timestamp),
        labels: m.labels,
        annotations: m.annotations,
        ..ObjectMeta::default()
    })
}

/// Lean `metadata` with every label (a Karmada Cluster's: placements select by any of them).
pub fn meta_all_labels<'de, D: Deserializer<'de>>(d: D) -> Result<ObjectMeta, D::Error> {
    let m = Option::<MetaAllLabels>::deserialize(d)?.unwrap_or_default();
    Ok(ObjectMeta {
        name: m.name,
        uid: m.uid,
        resource_version: m.resource_version,
        creation_timestamp: time(m.creation_timestamp),
        deletion_timestamp: time(m.deletion_timestamp),
        labels: m.labels,
        ..ObjectMeta::default()
    })
}

/// Unix seconds of a metadata time (0 = unknown).
pub fn secs(t: &Option<Time>) -> Ts {
    t.as_ref().map(|t| t.0.as_second()).unwrap_or(0)
}

/// A watched object: lean metadata, spec and status.
#[derive(Clone, Debug, Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default, T: Deserialize<'de> + Default"))]
pub struct Lean<S, T> {
    #[serde(default, deserialize_with = "lean_meta")]
    pub metadata: ObjectMeta,
    #[serde(default, deserialize_with = "null_default")]
    pub spec: S,
    #[serde(default, deserialize_with = "null_default")]
    pub status: T,
}

/// `impl kube::Resource` with a dynamic `ApiResource` for a lean type with a `metadata` field.
macro_rules! dynamic_resource {
    ($ty:ty $(, $g:ident)*) => {
        impl<$($g),*> kube::core::Resource for $ty {
            type DynamicType = kube::core::ApiResource;
            type Scope = kube::core::DynamicResourceScope;
            fn kind(dt: &kube::core::ApiResource) -> std::borrow::Cow<'_, str> {
                dt.kind.as_str().into()
            }
            fn group(dt: &kube::core::ApiResource) -> std::borrow::Cow<'_, str> {
                dt.group.as_str().into()
            }
            fn version(dt: &kube::core::ApiResource) -> std::borrow::Cow<'_, str> {
                dt.version.as_str().into()
            }
            fn api_version(dt: &kube::core::ApiResource) -> std::borrow::Cow<'_, str> {
                dt.api_version.as_str().into()
            }
            fn plural(dt: &kube::core::ApiResource) -> std::borrow::Cow<'_, str> {
                dt.plural.as_str().into()
            }
            fn meta(&self) -> &kube::core::ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut kube::core::ObjectMeta {
                &mut self.metadata
            }
        }
    };
}
pub(crate) use dynamic_resource;

dynamic_resource!(Lean<S, T>, S, T);

/// Skipped entirely (a spec or status nothing is read from).
pub type Skip = IgnoredAny;

/// A status condition (`Ready`, ...).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(rename = "type", default)]
    pub type_: String,
    pub status: Option<String>,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub last_heartbeat_time: Option<String>,
    pub last_transition_time: Option<String>,
}

/// Take the `Ready` condition out of a list.
pub fn ready_condition(conditions: &mut Option<Vec<Condition>>) -> Option<Condition> {
    let v = conditions.as_mut()?;
    let i = v.iter().position(|c| c.type_ == "Ready")?;
    Some(v.swap_remove(i))
}

/// `metadata.name`, shared.
pub fn name(m: &ObjectMeta) -> Str {
    Str::from(m.name.as_deref().unwrap_or(""))
}

/// `metadata.namespace`, shared (`""` when cluster-scoped).
pub fn namespace(m: &ObjectMeta) -> Str {
    Str::from(m.namespace.as_deref().unwrap_or(""))
}

pub fn created(m: &ObjectMeta) -> Ts {
    secs(&m.creation_timestamp)
}

/// A non-empty string, shared.
pub fn opt(x: Option<String>) -> Option<Str> {
    x.filter(|v| !v.is_empty()).map(Str::from)
}

/// A list of strings, shared.
pub fn strs(v: Option<Vec<String>>) -> Vec<Str> {
    v.unwrap_or_default().into_iter().map(Str::from).collect()
}
