//! Karmada ResourceBindings and ClusterResourceBindings (work.karmada.io/v1alpha2): which
//! resource, where its replicas went, and how healthy each member reports it. Both kinds share
//! the row and the projection (as PropagationPolicy and ClusterPropagationPolicy do); a
//! ClusterResourceBinding's row has an empty namespace and is keyed without one.

use serde::Deserialize;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{CLUSTER_POLICY_NAME, Lean, POLICY_NAME, POLICY_NAMESPACE, name, namespace};
use crate::fleet::intern::Interner;
use crate::fleet::store::Keyed;
use crate::fleet::{ObjKey, Str, Ts};

#[derive(Clone, Debug, PartialEq)]
pub struct BindingTarget {
    pub cluster: Str,
    pub replicas: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BindingStatus {
    pub cluster: Str,
    pub applied: bool,
    pub health: Str,
    /// `appliedMessage`: why it was not applied (empty when none).
    pub message: Str,
    /// `status.resourceTemplateGeneration`: the template generation the member's object was
    /// made from, as Karmada's status interpreter reports it (Deployments, StatefulSets...; 0
    /// when not reported).
    pub template_generation: i64,
}

/// A `spec.gracefulEvictionTasks` item: replicas leaving `cluster` once their replacements are
/// up elsewhere.
#[derive(Clone, Debug, PartialEq)]
pub struct EvictionTask {
    pub cluster: Str,
    pub reason: Str,
    /// The controller that asked for it (`TaintManager`, `ApplicationFailover`, …).
    pub producer: Str,
    pub message: Str,
}

/// The binding's `Scheduled` condition.
#[derive(Clone, Debug, PartialEq)]
pub struct Scheduled {
    /// `True`, `False` or `Unknown`.
    pub status: Str,
    pub reason: Str,
}

/// The policy a binding comes from (its `propagationpolicy.karmada.io/*` or
/// `clusterpropagationpolicy.karmada.io/*` annotations, or labels in older Karmada).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyRef {
    /// A ClusterPropagationPolicy.
    pub cluster_wide: bool,
    /// The PropagationPolicy's namespace when the binding says it (it is the binding's own: a
    /// PropagationPolicy binds templates of its namespace only).
    pub namespace: Option<Str>,
    pub name: Str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BindingRow {
    /// Empty for a ClusterResourceBinding.
    pub namespace: Str,
    pub name: Str,
    /// `Kind ns/name` of the bound resource.
    pub resource: Str,
    /// The template's uid (karmada breaks ties in the replica split by it).
    pub uid: Str,
    /// `spec.replicas`: the template's desired replicas.
    pub replicas: i64,
    pub policy: Option<PolicyRef>,
    pub clusters: Vec<BindingTarget>,
    pub aggregated: Vec<BindingStatus>,
    /// The `Scheduled` condition; None when the scheduler has not written it yet.
    pub scheduled: Option<Scheduled>,
    pub evictions: Vec<EvictionTask>,
    /// `metadata.generation` is ahead of `status.schedulerObservedGeneration`: the scheduler
    /// has not seen the binding's latest spec (false when either is missing).
    pub unobserved: bool,
    /// What only the propagation detail reads (boxed: a binding row stays small in events).
    pub detail: Box<BindingDetail>,
}

/// A ResourceBinding by namespace and name, a ClusterResourceBinding (no namespace) by name.
impl Keyed for BindingRow {
    fn key_parts(&self) -> (Option<&str>, &str) {
        (Some(&*self.namespace).filter(|n| !n.is_empty()), &self.name)
    }
    fn obj_key(&self) -> ObjKey {
        ObjKey {
            namespace: Some(self.namespace.clone()).filter(|n| !n.is_empty()),
            name: self.name.clone(),
        }
    }
}

/// A condition of the binding (`Scheduled`, `FullyApplied`, …).
#[derive(Clone, Debug, PartialEq)]
pub struct BindingCondition {
    pub type_: Str,
    pub status: Str,
    pub reason: Str,
    /// Kept only when the status is not `True` (a True condition's message is boilerplate).
    pub message: Str,
}

/// What the propagation detail shows of a binding besides the list's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BindingDetail {
    pub conditions: Vec<BindingCondition>,
    /// `status.lastScheduledTime` (0: not written).
    pub last_scheduled: Ts,
    /// `metadata.generation` and `status.schedulerObservedGeneration` (0: not written).
    pub generation: i64,
    pub observed_generation: i64,
}

impl BindingRow {
    /// The bound template as (kind, namespace, name), from `resource` (`Kind ns/name`).
    pub fn template(&self) -> (&str, Option<&str>, &str) {
        let (kind, rest) = self
            .resource
            .split_once(' ')
            .unwrap_or(("", &self.resource));
        match rest.split_once('/') {
            Some((ns, name)) => (kind, Some(ns), name),
            None => (kind, None, rest),
        }
    }

    pub fn healthy(&self) -> bool {
        self.aggregated
            .iter()
            .all(|s| s.applied && &*s.health == "Healthy")
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingSpec {
    pub resource: Option<ResourceRef>,
    pub replicas: Option<i64>,
    pub clusters: Option<Vec<TargetCluster>>,
    pub graceful_eviction_tasks: Option<Vec<EvictionTaskL>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvictionTaskL {
    pub from_cluster: Option<String>,
    pub reason: Option<String>,
    pub producer: Option<String>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ConditionL {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub status: Option<String>,
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ResourceRef {
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub uid: Option<String>,
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
    pub conditions: Option<Vec<ConditionL>>,
    pub scheduler_observed_generation: Option<i64>,
    pub last_scheduled_time: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregatedItem {
    pub cluster_name: Option<String>,
    pub applied: Option<bool>,
    pub health: Option<String>,
    pub applied_message: Option<String>,
    pub status: Option<ItemStatus>,
}

/// What is read of a member's reflected status.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemStatus {
    pub resource_template_generation: Option<i64>,
}

pub type BindingL = Lean<BindingSpec, BindingStatusL>;

fn policy_ref(m: &kube::core::ObjectMeta) -> Option<PolicyRef> {
    let get = |k: &str| {
        let a = m.annotations.as_ref().and_then(|a| a.get(k));
        a.or_else(|| m.labels.as_ref().and_then(|l| l.get(k)))
            .filter(|v| !v.is_empty())
            .map(|v| Str::from(v.as_str()))
    };
    if let Some(name) = get(POLICY_NAME) {
        return Some(PolicyRef {
            cluster_wide: false,
            namespace: get(POLICY_NAMESPACE),
            name,
        });
    }
    get(CLUSTER_POLICY_NAME).map(|name| PolicyRef {
        cluster_wide: true,
        namespace: None,
        name,
    })
}

fn s(x: Option<&str>) -> Str {
    Str::from(x.unwrap_or(""))
}

fn condition(c: &ConditionL) -> BindingCondition {
    let status = s(c.status.as_deref());
    BindingCondition {
        type_: s(c.type_.as_deref()),
        message: if &*status == "True" {
            Str::from("")
        } else {
            s(c.message.as_deref())
        },
        status,
        reason: s(c.reason.as_deref()),
    }
}

/// The row of either binding kind.
fn binding_row(o: BindingL) -> BindingRow {
    let r = o.spec.resource.unwrap_or_default();
    let kind = r.kind.unwrap_or_default();
    let rname = r.name.unwrap_or_default();
    let resource = match r.namespace.filter(|n| !n.is_empty()) {
        Some(ns) => format!("{kind} {ns}/{rname}"),
        None => format!("{kind} {rname}"),
    };
    let status = o.status;
    let conditions = status.conditions.unwrap_or_default();
    let scheduled = conditions
        .iter()
        .find(|c| c.type_.as_deref() == Some("Scheduled"))
        .map(|c| Scheduled {
            status: s(c.status.as_deref()),
            reason: s(c.reason.as_deref()),
        });
    let detail = Box::new(BindingDetail {
        conditions: conditions.iter().map(condition).collect(),
        last_scheduled: status
            .last_scheduled_time
            .as_deref()
            .map_or(0, crate::sources::parse::rfc3339),
        generation: o.metadata.generation.unwrap_or(0),
        observed_generation: status.scheduler_observed_generation.unwrap_or(0),
    });
    let unobserved = match (o.metadata.generation, status.scheduler_observed_generation) {
        (Some(g), Some(seen)) => seen < g,
        _ => false,
    };
    BindingRow {
        namespace: namespace(&o.metadata),
        name: name(&o.metadata),
        resource: Str::from(resource),
        uid: s(r.uid.as_deref()),
        replicas: o.spec.replicas.unwrap_or(0),
        policy: policy_ref(&o.metadata),
        clusters: o
            .spec
            .clusters
            .unwrap_or_default()
            .into_iter()
            .map(|t| BindingTarget {
                cluster: s(t.name.as_deref()),
                replicas: t.replicas.unwrap_or(0),
            })
            .collect(),
        evictions: o
            .spec
            .graceful_eviction_tasks
            .unwrap_or_default()
            .into_iter()
            .map(|t| EvictionTask {
                cluster: s(t.from_cluster.as_deref()),
                reason: s(t.reason.as_deref()),
                producer: s(t.producer.as_deref()),
                message: s(t.message.as_deref()),
            })
            .collect(),
        scheduled,
        unobserved,
        detail,
        aggregated: status
            .aggregated_status
            .unwrap_or_default()
            .into_iter()
            .map(|a| BindingStatus {
                cluster: s(a.cluster_name.as_deref()),
                applied: a.applied.unwrap_or(false),
                health: Str::from(a.health.as_deref().unwrap_or("Unknown")),
                message: s(a.applied_message.as_deref()),
                template_generation: a
                    .status
                    .and_then(|st| st.resource_template_generation)
                    .unwrap_or(0),
            })
            .collect(),
    }
}

fn intern_detail(b: &mut BindingRow, i: &mut Interner) {
    for c in &mut b.detail.conditions {
        c.type_ = i.intern(&c.type_);
        c.status = i.intern(&c.status);
        c.reason = i.intern(&c.reason);
    }
}

/// The columns both binding kinds show (a ClusterResourceBinding has no namespace).
const COLUMNS: &[Col<BindingRow>] = &[
    Col::new("namespace", "NAMESPACE", 9, 24, 2, |b| V::Str(&b.namespace)),
    Col::new("name", "NAME", 12, 63, 0, |b| V::Str(&b.name)),
    Col::flex("resource", "RESOURCE", 10, 60, 1, |b| V::Str(&b.resource)),
    Col::flex("placement", "PLACEMENT", 10, 80, 0, |b| {
        V::Text(
            b.clusters
                .iter()
                .map(|t| format!("{}:{}", t.cluster, t.replicas))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }),
    Col::flex("health", "HEALTH", 8, 80, 1, |b| {
        V::Text(
            b.aggregated
                .iter()
                .map(|s| format!("{}:{}", s.cluster, s.health))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }),
];

pub struct ResourceBinding;

impl KindDef for ResourceBinding {
    type Row = BindingRow;
    type Lean = BindingL;
    const API: ApiSpec = ApiSpec {
        group: "work.karmada.io",
        versions: &["v1alpha2"],
        kind: "ResourceBinding",
        plural: "resourcebindings",
        namespaced: true,
    };
    const TITLE: &'static str = "Bindings";
    const SINGULAR: &'static str = "binding";

    fn project(o: BindingL) -> BindingRow {
        binding_row(o)
    }

    fn columns() -> &'static [Col<BindingRow>] {
        COLUMNS
    }

    fn intern(b: &mut BindingRow, i: &mut Interner) {
        intern_detail(b, i);
    }

    fn tone(b: &BindingRow) -> Tone {
        if b.healthy() {
            Tone::Normal
        } else {
            Tone::Warn
        }
    }
}

pub struct ClusterResourceBinding;

impl KindDef for ClusterResourceBinding {
    type Row = BindingRow;
    type Lean = BindingL;
    const API: ApiSpec = ApiSpec {
        group: "work.karmada.io",
        versions: &["v1alpha2"],
        kind: "ClusterResourceBinding",
        plural: "clusterresourcebindings",
        namespaced: false,
    };
    const TITLE: &'static str = "Cluster bindings";
    const SINGULAR: &'static str = "cluster-binding";

    fn project(o: BindingL) -> BindingRow {
        binding_row(o)
    }

    fn columns() -> &'static [Col<BindingRow>] {
        &COLUMNS[1..]
    }

    fn intern(b: &mut BindingRow, i: &mut Interner) {
        intern_detail(b, i);
    }

    fn tone(b: &BindingRow) -> Tone {
        ResourceBinding::tone(b)
    }
}
