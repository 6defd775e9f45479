//! The propagation pane's rows, pure: one row per ResourceBinding of every Karmada control-plane
//! context — the template, its policy, the `Scheduled` condition and, per target cluster, the
//! replicas assigned (`spec.clusters`), applied and health (`status.aggregatedStatus`) and, when
//! the member is one of the contexts, its live Deployment (ready of desired). The join is a
//! lookup by key in the member's Deployment store (O(1) a target, no scan); members that are
//! not contexts show Karmada's view only. Rows with a problem come first.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::fleet::{ClusterId, FleetModel, Kind, Str};
use crate::kinds::binding::{BindingRow, EvictionTask, PolicyRef, ResourceBinding, Scheduled};
use crate::kinds::column::{Col, V};
use crate::kinds::deployment::Deployment;

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
    /// The member's object of the same kind, namespace and name (Deployments only).
    pub member: Option<MemberLive>,
}

impl PropTarget {
    fn ok(&self) -> bool {
        self.applied == Some(true)
            && self.health.as_deref() == Some("Healthy")
            && self
                .member
                .is_none_or(|m| m.ready >= self.replicas.unwrap_or(0))
    }

    /// `prod-eu 4/4✓`, `prod-ap 2/2 unhealthy`, `ext 2 karmada-only`.
    pub fn text(&self) -> String {
        let assigned = self.replicas.map_or("-".to_string(), |r| r.to_string());
        let mut s = match self.member {
            Some(m) => format!("{} {}/{}", self.cluster, m.ready, assigned),
            None => format!("{} {}", self.cluster, assigned),
        };
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
            "targets": targets, "evictions": evictions, "problems": self.problems})
    }
}

pub const COLUMNS: &[Col<PropRow>] = &[
    Col::new("context", "CONTEXT", 7, 24, 3, |r| V::Str(&r.context)),
    Col::new("kind", "KIND", 4, 24, 4, |r| V::Str(&r.kind)),
    Col::new("object", "NAMESPACE/NAME", 12, 63, 0, |r| {
        V::Text(r.object())
    }),
    Col::new("policy", "POLICY", 6, 40, 2, |r| V::Text(r.policy_text())),
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

/// What the rows depend on: every cluster's bindings and Deployments.
pub fn generations(m: &FleetModel) -> Vec<u64> {
    m.clusters
        .iter()
        .flat_map(|c| [Kind::ResourceBinding, Kind::Deployment].map(|k| c.kind_generation(k)))
        .collect()
}

/// Member cluster name → its context's cluster id (Karmada's cluster names are the contexts').
pub fn members(m: &FleetModel) -> HashMap<&str, ClusterId> {
    m.clusters
        .iter()
        .enumerate()
        .map(|(i, c)| (c.context.as_str(), i))
        .collect()
}

/// Strings rows share: their context's and the kinds' (no allocation per row).
#[derive(Default)]
pub struct Shared {
    pub context: Str,
    kinds: Vec<Str>,
}

impl Shared {
    fn kind(&mut self, k: &str) -> Str {
        if let Some(s) = self.kinds.iter().find(|s| &***s == k) {
            return s.clone();
        }
        let s = Str::from(k);
        self.kinds.push(s.clone());
        s
    }
}

/// One binding's row: targets joined with the members' Deployments (a key lookup each).
pub fn row(
    m: &FleetModel,
    members: &HashMap<&str, ClusterId>,
    shared: &mut Shared,
    cluster: ClusterId,
    b: &BindingRow,
) -> PropRow {
    let (kind, ns, name) = b.template();
    let mut targets: Vec<PropTarget> = b
        .clusters
        .iter()
        .map(|t| PropTarget {
            cluster: t.cluster.clone(),
            replicas: Some(t.replicas),
            applied: None,
            health: None,
            message: Str::from(""),
            is_context: false,
            member: None,
        })
        .collect();
    for a in &b.aggregated {
        let i = match targets.iter().position(|t| t.cluster == a.cluster) {
            Some(i) => i,
            None => {
                targets.push(PropTarget {
                    cluster: a.cluster.clone(),
                    replicas: None,
                    applied: None,
                    health: None,
                    message: Str::from(""),
                    is_context: false,
                    member: None,
                });
                targets.len() - 1
            }
        };
        let t = &mut targets[i];
        t.applied = Some(a.applied);
        t.health = Some(a.health.clone());
        t.message = a.message.clone();
    }
    let mut problems = Vec::new();
    match &b.scheduled {
        Some(s) if &*s.status == "True" => {}
        Some(s) if !s.reason.is_empty() => problems.push(format!("not scheduled: {}", s.reason)),
        _ => problems.push("not scheduled".into()),
    }
    for t in &mut targets {
        if let Some(&id) = members.get(&*t.cluster) {
            t.is_context = true;
            if kind == "Deployment"
                && let Some(c) = m.cluster(id)
            {
                let store = c.store::<Deployment>();
                t.member = store
                    .find(ns, name)
                    .and_then(|r| store.row(r))
                    .map(|d| MemberLive {
                        ready: d.ready,
                        desired: d.replicas,
                    });
            }
        }
        let c = &t.cluster;
        if t.replicas.is_some() && t.applied != Some(true) {
            problems.push(format!("not applied on {c}"));
        }
        if t.health.as_deref() == Some("Unhealthy") {
            problems.push(format!("unhealthy on {c}"));
        }
        if let (Some(mem), Some(r)) = (t.member, t.replicas)
            && mem.ready < r
        {
            problems.push(format!("ready {}/{r} on {c}", mem.ready));
        }
        if t.is_context && kind == "Deployment" && t.member.is_none() && t.replicas.is_some() {
            problems.push(format!("no {kind} on {c}"));
        }
    }
    for e in &b.evictions {
        problems.push(format!("evicting from {}", e.cluster));
    }
    if b.unobserved {
        problems.push("generation not observed".into());
    }
    PropRow {
        cluster,
        context: shared.context.clone(),
        kind: shared.kind(kind),
        // A namespaced template is in its binding's namespace (interned by the model).
        namespace: ns.map(|n| {
            if n == &*b.namespace {
                b.namespace.clone()
            } else {
                Str::from(n)
            }
        }),
        name: Str::from(name),
        policy: b.policy.clone(),
        scheduled: b.scheduled.clone(),
        targets,
        evictions: b.evictions.clone(),
        problems,
    }
}

/// Every binding of every control-plane context; rows with a problem first, then by context
/// (in the order of the contexts), namespace, name and kind.
pub fn rows(m: &FleetModel) -> Vec<PropRow> {
    let members = members(m);
    let mut shared = Shared::default();
    let mut out = Vec::new();
    for (id, c) in m.clusters.iter().enumerate() {
        if !c.is_karmada_control_plane() {
            continue;
        }
        shared.context = Str::from(c.context.as_str());
        let store = c.store::<ResourceBinding>();
        out.reserve(store.len());
        for b in store.values() {
            out.push(row(m, &members, &mut shared, id, b));
        }
    }
    // Contexts in the order of the contexts (their ids): a number to compare, not a name.
    out.sort_unstable_by(|a, b| {
        (
            a.problems.is_empty(),
            a.cluster,
            &a.namespace,
            &a.name,
            &a.kind,
        )
            .cmp(&(
                b.problems.is_empty(),
                b.cluster,
                &b.namespace,
                &b.name,
                &b.kind,
            ))
    });
    out
}
