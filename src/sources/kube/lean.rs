//! Lean watch types: only the fields the projections need. Everything else in the apiserver's
//! JSON (managedFields, annotations, pod specs, ...) is skipped by serde without being built.
//! They implement `kube::Resource` with a dynamic `ApiResource`, so `Api::all_with` and the
//! kube-runtime watcher work with them directly.

use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::core::{ApiResource, DynamicResourceScope, ObjectMeta, Resource};
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};

use crate::sources::parse::rfc3339;

#[path = "lean_labels.rs"]
mod labels;
pub use labels::KEPT_LABELS;

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
    creation_timestamp: Option<String>,
    deletion_timestamp: Option<String>,
    #[serde(default, deserialize_with = "labels::kept_labels")]
    labels: Option<BTreeMap<String, String>>,
}

fn time(s: Option<String>) -> Option<Time> {
    let t = rfc3339(s.as_deref()?);
    if t == 0 {
        return None;
    }
    Some(Time(k8s_openapi::jiff::Timestamp::from_second(t).ok()?))
}

/// `metadata` with only name/namespace/uid/resourceVersion/creationTimestamp/
/// deletionTimestamp and the [`KEPT_LABELS`]: managedFields, annotations, ownerReferences and
/// other labels are skipped.
pub fn lean_meta<'de, D: Deserializer<'de>>(d: D) -> Result<ObjectMeta, D::Error> {
    let m = Option::<MetaFields>::deserialize(d)?.unwrap_or_default();
    Ok(ObjectMeta {
        name: m.name,
        namespace: m.namespace,
        uid: m.uid,
        resource_version: m.resource_version,
        creation_timestamp: time(m.creation_timestamp),
        deletion_timestamp: time(m.deletion_timestamp),
        labels: m.labels,
        ..ObjectMeta::default()
    })
}

/// Unix seconds of a metadata time (0 = unknown).
pub fn secs(t: &Option<Time>) -> i64 {
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

macro_rules! dynamic_resource {
    ($ty:ty $(, $g:ident)*) => {
        impl<$($g),*> Resource for $ty {
            type DynamicType = ApiResource;
            type Scope = DynamicResourceScope;
            fn kind(dt: &ApiResource) -> Cow<'_, str> {
                dt.kind.as_str().into()
            }
            fn group(dt: &ApiResource) -> Cow<'_, str> {
                dt.group.as_str().into()
            }
            fn version(dt: &ApiResource) -> Cow<'_, str> {
                dt.version.as_str().into()
            }
            fn api_version(dt: &ApiResource) -> Cow<'_, str> {
                dt.api_version.as_str().into()
            }
            fn plural(dt: &ApiResource) -> Cow<'_, str> {
                dt.plural.as_str().into()
            }
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
        }
    };
}

dynamic_resource!(Lean<S, T>, S, T);
dynamic_resource!(EventL);

/// Skipped entirely (a spec or status nothing is read from).
pub type Skip = IgnoredAny;

// ---------------------------------------------------------------- core kinds

#[derive(Clone, Debug, Default, Deserialize)]
pub struct NamespaceStatus {
    pub phase: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(rename = "type", default)]
    pub type_: String,
    pub status: Option<String>,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub last_heartbeat_time: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct NodeSpec {
    pub unschedulable: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    pub conditions: Option<Vec<Condition>>,
    pub node_info: Option<NodeInfo>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    pub kubelet_version: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    pub node_name: Option<String>,
    /// Only counted: each container is skipped without being decoded.
    pub containers: Option<Vec<IgnoredAny>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    pub phase: Option<String>,
    pub reason: Option<String>,
    pub container_statuses: Option<Vec<ContainerStatus>>,
    pub init_container_statuses: Option<Vec<ContainerStatus>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatus {
    pub ready: Option<bool>,
    pub restart_count: Option<i64>,
    pub state: Option<ContainerState>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ContainerState {
    pub waiting: Option<Reasoned>,
    pub terminated: Option<Reasoned>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Reasoned {
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct DeploymentSpec {
    pub replicas: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStatus {
    pub ready_replicas: Option<i32>,
    pub updated_replicas: Option<i32>,
    pub available_replicas: Option<i32>,
}

/// A core/v1 Event: its fields are top level (no spec/status).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventL {
    #[serde(default, deserialize_with = "lean_meta")]
    pub metadata: ObjectMeta,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub count: Option<i32>,
    pub involved_object: Option<InvolvedObject>,
    pub first_timestamp: Option<String>,
    pub last_timestamp: Option<String>,
    pub event_time: Option<String>,
    pub series: Option<EventSeries>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct InvolvedObject {
    pub kind: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventSeries {
    pub count: Option<i32>,
    pub last_observed_time: Option<String>,
}

// ---------------------------------------------------------------- Karmada

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
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KarmadaClusterStatus {
    pub kubernetes_version: Option<String>,
    pub conditions: Option<Vec<Condition>>,
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

#[derive(Clone, Debug, Default, Deserialize)]
pub struct BindingSpec {
    pub resource: Option<ResourceRef>,
    pub clusters: Option<Vec<TargetCluster>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ResourceRef {
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TargetCluster {
    pub name: Option<String>,
    pub replicas: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingStatusL {
    pub aggregated_status: Option<Vec<AggregatedItem>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregatedItem {
    pub cluster_name: Option<String>,
    pub applied: Option<bool>,
    pub health: Option<String>,
}

// ---------------------------------------------------------------- Volcano, Istio, KubeEdge

#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueSpec {
    pub weight: Option<i64>,
    pub reclaimable: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueStatus {
    pub state: Option<String>,
    pub running: Option<i64>,
    pub pending: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct VirtualServiceSpec {
    pub hosts: Option<Vec<String>>,
    pub http: Option<Vec<HttpRoute>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct HttpRoute {
    pub route: Option<Vec<RouteL>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct RouteL {
    pub destination: Option<Destination>,
    pub weight: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Destination {
    pub host: Option<String>,
    pub subset: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct DestinationRuleSpec {
    pub host: Option<String>,
    pub subsets: Option<Vec<Named>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Named {
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeGroupSpec {
    pub nodes: Option<Vec<String>>,
    pub match_labels: Option<BTreeMap<String, String>>,
}

pub type NamespaceL = Lean<Skip, NamespaceStatus>;
pub type NodeL = Lean<NodeSpec, NodeStatus>;
pub type PodL = Lean<PodSpec, PodStatus>;
pub type DeploymentL = Lean<DeploymentSpec, DeploymentStatus>;
pub type KarmadaClusterL = Lean<KarmadaClusterSpec, KarmadaClusterStatus>;
pub type PolicyL = Lean<PolicySpec, Skip>;
pub type BindingL = Lean<BindingSpec, BindingStatusL>;
pub type QueueL = Lean<QueueSpec, QueueStatus>;
pub type VirtualServiceL = Lean<VirtualServiceSpec, Skip>;
pub type DestinationRuleL = Lean<DestinationRuleSpec, Skip>;
pub type NodeGroupL = Lean<NodeGroupSpec, Skip>;
