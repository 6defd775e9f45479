//! The propagation pane's rows, pure: one row per ResourceBinding and ClusterResourceBinding of
//! every Karmada control-plane context — the template, its policy, the `Scheduled` condition and, per target cluster, the
//! replicas assigned (`spec.clusters`), applied and health (`status.aggregatedStatus`) and, when
//! the member is one of the contexts, its live Deployment (ready of desired). The join is a
//! lookup by key in the member's Deployment store (O(1) a target, no scan); members that are
//! not contexts show Karmada's view only. Rows with a problem come first.
//!
//! [`rows`] builds every row from scratch; [`PropView`] keeps them and, after a change, rebuilds
//! only the rows whose binding or joined member object changed (`propagation_view.rs`).

use std::cmp::Ordering;

use serde_json::{Value, json};

use crate::fleet::{ClusterId, FleetModel, Str};
use crate::kinds::binding::{EvictionTask, PolicyRef, Scheduled};
use crate::kinds::column::{Col, V};

#[path = "propagation_join.rs"]
mod join;
pub use join::{Shared, members, row};

#[path = "propagation_view.rs"]
mod view;
pub use view::{PropView, Refreshed};

/// A member's live object: ready of desired replicas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberLive {
    pub ready: i32,
    pub desired: i32,
}

/// One target cluster of a binding.
#[derive(Clone, Debug, PartialEq)]
pub struct PropTarget {
    pub cluster: Str,
    /// Replicas assigned in `spec.clusters`; None for a cluster only in the aggregated status.
    pub replicas: Option<i32>,
    /// From `status.aggregatedStatus`; None when the member has not reported.
    pub applied: Option<bool>,
    pub health: Option<Str>,
    /// `appliedMessage` (empty when none).
    pub message: Str,
    /// The member is one of the contexts (otherwise: Karmada's view only).
    pub is_context: bool,
    /// The member's object of the same kind, namespace and name (Deployments and StatefulSets:
    /// ready of desired; a Namespace: 1 of 1 when it is there; other kinds: None).
    pub member: Option<MemberLive>,
    /// The template's kind is only checked for being on the member (a Namespace), not counted.
    pub presence: bool,
}

impl PropTarget {
    fn ok(&self) -> bool {
        self.applied == Some(true)
            && self.health.as_deref() == Some("Healthy")
            && self
                .member
                .is_none_or(|m| m.ready >= self.replicas.unwrap_or(0))
            && !(self.presence && self.is_context && self.member.is_none())
    }

    /// `prod-eu 4/4✓`, `prod-ap 2/2 unhealthy`, `ext 2 karmada-only`; a Namespace: `prod-eu✓`
    /// when there, `prod-eu missing`; no count when none is assigned and none is joined.
    pub fn text(&self) -> String {
        let mut s = self.cluster.to_string();
        match (self.member, self.replicas) {
            (Some(_), _) if self.presence => {}
            (Some(m), r) => {
                let assigned = r.map_or("-".to_string(), |r| r.to_string());
                s.push_str(&format!(" {}/{assigned}", m.ready));
            }
            (None, _) if self.presence && self.is_context => s.push_str(" missing"),
            (None, Some(0)) => {}
            (None, Some(r)) => s.push_str(&format!(" {r}")),
            (None, None) => s.push_str(" -"),
        }
        if self.ok() {
            s.push('✓');
        }
        if self.applied != Some(true) {
            s.push_str(" not applied");
        } else if let Some(h) = self.health.as_deref().filter(|h| *h != "Healthy") {
            s.push(' ');
            s.push_str(&h.to_lowercase());
        }
        if !self.is_context {
            s.push_str(" karmada-only");
        }
        s
    }
}

/// One binding on one control-plane context.
#[derive(Clone, Debug, PartialEq)]
pub struct PropRow {
    pub cluster: ClusterId,
    /// The control plane's context (shared by its rows).
    pub context: Str,
    pub kind: Str,
    pub namespace: Option<Str>,
    pub name: Str,
    pub policy: Option<PolicyRef>,
    pub scheduled: Option<Scheduled>,
    pub targets: Vec<PropTarget>,
    pub evictions: Vec<EvictionTask>,
    pub problems: Vec<String>,
    /// The binding this row is built from.
    pub binding: BindingRef,
    /// The template on the control plane (Deployments and StatefulSets; None for other kinds
    /// or when it is not there).
    pub template: Option<TemplateLive>,
    /// The oldest template generation the members report having applied
    /// (`aggregatedStatus[].status.resourceTemplateGeneration`); None when none reports one.
    pub observed_generation: Option<i64>,
}

/// A workload template as the control plane holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TemplateLive {
    /// `spec.replicas`.
    pub replicas: i32,
    /// `metadata.generation` (0 when not set).
    pub generation: i64,
}

/// A row's binding: a ResourceBinding (namespaced) or a ClusterResourceBinding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingRef {
    /// A ClusterResourceBinding.
    pub cluster_wide: bool,
    /// None for a ClusterResourceBinding.
    pub namespace: Option<Str>,
    pub name: Str,
}

impl BindingRef {
    pub fn kind(&self) -> &'static str {
        if self.cluster_wide {
            "ClusterResourceBinding"
        } else {
            "ResourceBinding"
        }
    }

    /// `{"kind", "namespace", "name"}`.
    pub fn json(&self) -> Value {
        json!({"kind": self.kind(), "namespace": self.namespace.as_deref(), "name": &*self.name})
    }
}

impl PropRow {
    pub fn id(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.context,
            self.kind,
            self.namespace.as_deref().unwrap_or(""),
            self.name
        )
    }

    /// `ns/name`, or the name of a cluster-scoped template.
    pub fn object(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{ns}/{}", self.name),
            None => self.name.to_string(),
        }
    }

    /// `PP web` (a PropagationPolicy of the template's namespace), `PP ns/web` (another
    /// namespace: should not happen), `CPP batch-global`, `-`.
    pub fn policy_text(&self) -> String {
        match &self.policy {
            None => "-".into(),
            Some(p) if p.cluster_wide => format!("CPP {}", p.name),
            Some(p) => match &p.namespace {
                Some(ns) if Some(ns) != self.namespace.as_ref() => {
                    format!("PP {ns}/{}", p.name)
                }
                _ => format!("PP {}", p.name),
            },
        }
    }

    /// `True`, `False (NoClusterFit)`, `-` when not written yet.
    pub fn scheduled_text(&self) -> String {
        match &self.scheduled {
            None => "-".into(),
            Some(s) if &*s.status == "True" || s.reason.is_empty() => s.status.to_string(),
            Some(s) => format!("{} ({})", s.status, s.reason),
        }
    }

    pub fn targets_text(&self) -> String {
        self.targets
            .iter()
            .map(PropTarget::text)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `snapshot --pane propagation --json`'s row.
    pub fn json(&self) -> Value {
        let policy = self.policy.as_ref().map(|p| {
            json!({"kind": if p.cluster_wide { "ClusterPropagationPolicy" } else { "PropagationPolicy" },
                "namespace": p.namespace.as_deref(), "name": &*p.name})
        });
        let targets: Vec<Value> = self
            .targets
            .iter()
            .map(|t| {
                json!({"cluster": &*t.cluster, "replicas": t.replicas, "applied": t.applied,
                    "health": t.health.as_deref(),
                    "applied_message": Some(&*t.message).filter(|m| !m.is_empty()),
                    "karmada_only": !t.is_context,
                    "member": t.member.map(|m| json!({"ready": m.ready, "desired": m.desired}))})
            })
            .collect();
        let evictions: Vec<Value> = self
            .evictions
            .iter()
            .map(|e| json!({"cluster": &*e.cluster, "reason": &*e.reason}))
            .collect();
        json!({"context": &*self.context, "kind": &*self.kind, "namespace": self.namespace.as_deref(),
            "name": &*self.name, "policy": policy,
            "scheduled": self.scheduled.as_ref().map(|s| &*s.status),
            "reason": self.scheduled.as_ref().map(|s| &*s.reason).filter(|r| !r.is_empty()),
            "targets": targets, "evictions": evictions, "problems": self.problems,
            "binding": self.binding.json(),
            "template": self.template.map(|t| json!({"replicas": t.replicas,
                "generation": t.generation, "observed_generation": self.observed_generation}))})
    }
}

pub const COLUMNS: &[Col<PropRow>] = &[
    Col::new("context", "CONTEXT", 7, 24, 4, |r| V::Str(&r.context)),
    Col::new("kind", "KIND", 4, 24, 2, |r| V::Str(&r.kind)),
    Col::new("object", "NAMESPACE/NAME", 12, 63, 0, |r| {
        V::Text(r.object())
    }),
    Col::new("policy", "POLICY", 6, 40, 3, |r| V::Text(r.policy_text())),
    Col::new("scheduled", "SCHEDULED", 9, 30, 1, |r| {
        V::Text(r.scheduled_text())
    }),
    Col::flex("targets", "TARGETS", 12, 120, 0, |r| {
        V::Text(r.targets_text())
    }),
    Col::new("problems", "PROBLEMS", 8, 40, 0, |r| {
        V::Text(r.problems.join(", "))
    }),
];

/// The rows' order: problems first, then context (in the order of the contexts: their ids, a
/// number to compare, not a name), namespace, name and kind of the template, then the binding
/// (a total order: an incremental update puts a row exactly where a full sort would).
pub fn order(a: &PropRow, b: &PropRow) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

type SortKey<'a> = (
    bool,
    ClusterId,
    &'a Option<Str>,
    &'a Str,
    &'a Str,
    bool,
    &'a Option<Str>,
    &'a Str,
);

/// [`order`]'s fields of a row, owned (shared strings, no copy of the text).
struct RowKey {
    ok: bool,
    cluster: ClusterId,
    namespace: Option<Str>,
    name: Str,
    kind: Str,
    cluster_wide: bool,
    binding_namespace: Option<Str>,
    binding: Str,
}

impl RowKey {
    fn of(r: &PropRow) -> Self {
        RowKey {
            ok: r.problems.is_empty(),
            cluster: r.cluster,
            namespace: r.namespace.clone(),
            name: r.name.clone(),
            kind: r.kind.clone(),
            cluster_wide: r.binding.cluster_wide,
            binding_namespace: r.binding.namespace.clone(),
            binding: r.binding.name.clone(),
        }
    }

    fn get(&self) -> SortKey<'_> {
        (
            self.ok,
            self.cluster,
            &self.namespace,
            &self.name,
            &self.kind,
            self.cluster_wide,
            &self.binding_namespace,
            &self.binding,
        )
    }
}

fn sort_key(r: &PropRow) -> SortKey<'_> {
    (
        r.problems.is_empty(),
        r.cluster,
        &r.namespace,
        &r.name,
        &r.kind,
        r.binding.cluster_wide,
        &r.binding.namespace,
        &r.binding.name,
    )
}

/// Every binding of every control-plane context, built from scratch, in [`order`].
pub fn rows(m: &FleetModel) -> Vec<PropRow> {
    let mut out = Vec::new();
    join::each_row(m, |_, r, _| out.push(r));
    out.sort_unstable_by(order);
    out
}
