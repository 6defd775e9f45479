//! The propagation detail of one binding, pure: the chain on one screen — the template, its
//! policy (selectors, placement, replica scheduling, tolerations, failover), the binding
//! (conditions, last scheduled, graceful evictions) and every Karmada cluster of the control
//! plane: the targets (assigned, applied, health, the member's live object, the Work Karmada
//! writes, the Karmada Cluster's Ready and taints) and the others with why the workload is not
//! there (not ready, excluded by the affinity, an untolerated taint, an eviction, or eligible
//! but not chosen). Lines are built here (`items`) and wrapped and drawn by the pane.

use serde_json::{Value, json};

use super::propagation::{PropRow, PropTarget, Shared, members, row};
use crate::fleet::{Cluster, ClusterId, FleetModel, Keyed, ObjKey, Store, Str, Ts};
use crate::karmada::affinity::untolerated;
use crate::karmada::names::work_ref;
use crate::karmada::placement::Mode;
use crate::kinds::Tone;
use crate::kinds::binding::{BindingRow, ClusterResourceBinding, ResourceBinding};
use crate::kinds::column::format_age;
use crate::kinds::karmada_cluster::{KarmadaCluster, KarmadaClusterRow};
use crate::kinds::policy::{ClusterPropagationPolicy, PolicyRow, PropagationPolicy};
use crate::sources::parse::format_rfc3339;

#[path = "propagation_detail_text.rs"]
mod text;
pub use text::{Item, Link, Seg};

/// One Karmada cluster of the control plane, as the detail shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterLine {
    pub name: Str,
    /// The binding's target there (None: not a target).
    pub target: Option<PropTarget>,
    /// The control plane's `Cluster` object (None: it has none by that name).
    pub karmada: Option<KarmadaClusterRow>,
    /// The member's context, when it is one.
    pub member: Option<ClusterId>,
    /// Why the workload is not there (not a target only).
    pub why_not: Vec<String>,
}

/// One binding's chain.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    /// The list's row: targets joined with the members, problems.
    pub row: PropRow,
    pub binding: BindingRow,
    /// The policy the binding names, when the control plane has it.
    pub policy: Option<PolicyRow>,
    /// Targets first (in the binding's order), then the other Karmada clusters by name.
    pub clusters: Vec<ClusterLine>,
}

/// A namespaced template has a ResourceBinding, a cluster-scoped one a ClusterResourceBinding.
fn bindings(c: &Cluster, namespaced: bool) -> &Store<BindingRow> {
    if namespaced {
        c.store::<ResourceBinding>()
    } else {
        c.store::<ClusterResourceBinding>()
    }
}

/// The binding `key` on control plane `cp` (keyed without a namespace: a
/// ClusterResourceBinding).
pub fn binding<'a>(m: &'a FleetModel, cp: ClusterId, key: &ObjKey) -> Option<&'a BindingRow> {
    bindings(m.cluster(cp)?, key.namespace.is_some()).get(key)
}

/// The binding of template `kind` `ns/name` on control plane `cp`: Karmada's own name first
/// (`name-kind`, lowercased, in the template's namespace), else a scan of the bindings.
pub fn template_binding<'a>(
    m: &'a FleetModel,
    cp: ClusterId,
    kind: &str,
    ns: Option<&str>,
    name: &str,
) -> Option<&'a BindingRow> {
    let store = bindings(m.cluster(cp)?, ns.is_some());
    let is = |b: &BindingRow| b.template() == (kind, ns, name);
    let guess = format!("{}-{}", name.replace(':', "."), kind).to_lowercase();
    match store.find(ns, &guess).and_then(|id| store.row(id)) {
        Some(b) if is(b) => Some(b),
        _ => store.values().find(|b| is(b)),
    }
}

/// [`template_binding`]'s key.
pub fn find_binding(
    m: &FleetModel,
    cp: ClusterId,
    kind: &str,
    ns: Option<&str>,
    name: &str,
) -> Option<ObjKey> {
    template_binding(m, cp, kind, ns, name).map(|b| b.obj_key())
}

/// The policy `b` names on control plane `cp` (a PropagationPolicy of the template's
/// namespace when the binding does not say its namespace).
pub fn policy_of(m: &FleetModel, cp: ClusterId, b: &BindingRow) -> Option<PolicyRow> {
    let p = b.policy.as_ref()?;
    let c = m.cluster(cp)?;
    if p.cluster_wide {
        return c
            .store::<ClusterPropagationPolicy>()
            .get(&ObjKey::cluster_scoped(&p.name))
            .cloned();
    }
    let ns = p.namespace.as_deref().or(b.template().1)?;
    c.store::<PropagationPolicy>()
        .get(&ObjKey::new(Some(ns), &p.name))
        .cloned()
}

/// Why a Karmada cluster that is not a target has none of the workload, as karmada-scheduler
/// filters: only Ready clusters are considered, then the affinity, the taints the placement
/// does not tolerate and the clusters a graceful eviction is leaving. None of those: it was
/// eligible and the scheduler did not pick it (spread constraints, replica division).
pub fn why_not(c: &KarmadaClusterRow, b: &BindingRow, policy: Option<&PolicyRow>) -> Vec<String> {
    let mut why = Vec::new();
    if c.ready != Some(true) {
        why.push(match &c.reason {
            Some(r) => format!("not ready ({r})"),
            None => "not ready".to_string(),
        });
    }
    let facts = c.facts();
    match policy {
        Some(p) => {
            if let Some(a) = p.placement.affinity()
                && let Some(miss) = a.miss(&facts)
            {
                why.push(format!("excluded by the affinity: {miss}"));
            }
            if let Some(t) = untolerated(&facts, &p.placement.cluster_tolerations) {
                why.push(format!("tainted {t}, not tolerated"));
            }
        }
        None if b.policy.is_some() => why.push("the policy is not found: cannot tell".into()),
        None => {}
    }
    for e in b.evictions.iter().filter(|e| e.cluster == c.name) {
        why.push(format!("graceful eviction in progress ({})", e.reason));
    }
    if why.is_empty() {
        why.push("eligible, not chosen (spread constraints or replica division)".into());
    }
    why
}

impl Detail {
    /// The binding `key` of control plane `cp` and everything around it; None when it is gone.
    pub fn build(m: &FleetModel, cp: ClusterId, key: &ObjKey) -> Option<Detail> {
        let c = m.cluster(cp)?;
        let b = binding(m, cp, key)?;
        let mut shared = Shared::default();
        shared.context = Str::from(c.context.as_str());
        let contexts = members(m);
        let row = row(m, &contexts, &mut shared, cp, b);
        let policy = policy_of(m, cp, b);
        let karmada = c.store::<KarmadaCluster>();
        let mut clusters: Vec<ClusterLine> = row
            .targets
            .iter()
            .map(|t| ClusterLine {
                name: t.cluster.clone(),
                target: Some(t.clone()),
                karmada: karmada.get(&ObjKey::cluster_scoped(&t.cluster)).cloned(),
                member: contexts.get(&*t.cluster).copied(),
                why_not: vec![],
            })
            .collect();
        let mut others: Vec<&KarmadaClusterRow> = karmada
            .values()
            .filter(|k| !row.targets.iter().any(|t| t.cluster == k.name))
            .collect();
        others.sort_by(|a, b| a.name.cmp(&b.name));
        clusters.extend(others.into_iter().map(|k| ClusterLine {
            name: k.name.clone(),
            target: None,
            karmada: Some(k.clone()),
            member: contexts.get(&*k.name).copied(),
            why_not: why_not(k, b, policy.as_ref()),
        }));
        Some(Detail {
            row,
            binding: b.clone(),
            policy,
            clusters,
        })
    }

    /// `kind ns/name` → the Work's `karmada-es-C/NAME` on cluster `c`.
    pub fn work(&self, cluster: &str) -> String {
        let r = &self.row;
        work_ref(
            cluster,
            &r.kind,
            &r.name,
            r.namespace.as_deref().unwrap_or(""),
        )
    }

    /// The policy's kind and key (what the binding names, found or not).
    pub fn policy_ref(&self) -> Option<(&'static str, ObjKey)> {
        let p = self.binding.policy.as_ref()?;
        if p.cluster_wide {
            return Some(("ClusterPropagationPolicy", ObjKey::cluster_scoped(&p.name)));
        }
        let ns = p.namespace.as_deref().or(self.row.namespace.as_deref());
        Some(("PropagationPolicy", ObjKey::new(ns, &p.name)))
    }

    /// `snapshot --pane propagation:ID --json`'s rows: one per Karmada cluster, targets first.
    pub fn rows_json(&self) -> Vec<Value> {
        self.clusters
            .iter()
            .map(|c| {
                let t = c.target.as_ref();
                let karmada = c.karmada.as_ref().map(|k| {
                    json!({"ready": k.ready, "reason": k.reason.as_deref(),
                        "taints": k.taints.iter().map(|t| t.to_string()).collect::<Vec<_>>()})
                });
                json!({"cluster": &*c.name, "target": t.is_some(),
                    "replicas": t.and_then(|t| t.replicas),
                    "applied": t.and_then(|t| t.applied),
                    "health": t.and_then(|t| t.health.as_deref()),
                    "applied_message": t.map(|t| &*t.message).filter(|m| !m.is_empty()),
                    "karmada_only": c.member.is_none(),
                    "member": t.and_then(|t| t.member)
                        .map(|m| json!({"ready": m.ready, "desired": m.desired})),
                    "work": t.map(|_| self.work(&c.name)),
                    "karmada": karmada, "why_not": c.why_not})
            })
            .collect()
    }

    /// Its `summary`: the template, the policy and the binding.
    pub fn summary_json(&self) -> Value {
        let (r, b) = (&self.row, &self.binding);
        let policy = self.policy_ref().map(|(kind, key)| {
            let p = self.policy.as_ref();
            json!({"kind": kind, "namespace": key.namespace.as_deref(), "name": &*key.name,
                "found": p.is_some(),
                "selectors": p.map(|p| p.selectors.iter().map(|s| &**s).collect::<Vec<_>>()),
                "affinity": p.map(|p| p.placement.affinity().map_or("all".into(), |a| a.describe())),
                "spread": p.map(|p| p.placement.spread_constraints.iter()
                    .map(|s| s.describe()).collect::<Vec<_>>()),
                "scheduling": p.map(text::scheduling),
                "tolerations": p.map(|p| p.placement.cluster_tolerations.iter()
                    .map(|t| t.describe()).collect::<Vec<_>>()),
                "failover": p.and_then(|p| p.failover.as_ref()).map(|f| f.describe())})
        });
        let d = &b.detail;
        json!({"context": &*r.context,
            "template": {"kind": &*r.kind, "namespace": r.namespace.as_deref(),
                "name": &*r.name, "replicas": b.replicas},
            "policy": policy,
            "binding": {"namespace": &*b.namespace, "name": &*b.name,
                "generation": (d.generation > 0).then_some(d.generation),
                "observed_generation": (d.observed_generation > 0).then_some(d.observed_generation),
                "last_scheduled": (d.last_scheduled > 0).then(|| format_rfc3339(d.last_scheduled)),
                "conditions": d.conditions.iter().map(|c| json!({"type": &*c.type_,
                    "status": &*c.status, "reason": &*c.reason,
                    "message": Some(&*c.message).filter(|m| !m.is_empty())})).collect::<Vec<_>>(),
                "evictions": b.evictions.iter().map(|e| json!({"cluster": &*e.cluster,
                    "reason": &*e.reason,
                    "producer": Some(&*e.producer).filter(|p| !p.is_empty()),
                    "message": Some(&*e.message).filter(|m| !m.is_empty())})).collect::<Vec<_>>()},
            "problems": r.problems})
    }

    /// The lines of the detail, grouped in items (a selectable item has a link).
    pub fn items(&self, now: Ts) -> Vec<Item> {
        text::items(self, now)
    }
}

/// `3h ago`, or `-`.
pub(crate) fn ago(t: Ts, now: Ts) -> String {
    if t <= 0 {
        "-".into()
    } else {
        format!("{} ago", format_age((now - t).max(0)))
    }
}

/// `Divided/Weighted`, `Duplicated`: the policy's replica scheduling, weights included.
pub(crate) fn mode_text(p: &PolicyRow) -> String {
    match p.placement.mode() {
        Mode::Static if !p.placement.rules().is_empty() => {
            format!("Divided/Weighted, static weights {}", p.weights())
        }
        Mode::Static => "Divided/Weighted, equal weights".into(),
        Mode::Dynamic(d) => format!("Divided/Weighted, dynamic weights ({d})"),
        Mode::Other(o) => o,
    }
}

/// The tone of a target's health.
pub(crate) fn health_tone(h: Option<&str>) -> Tone {
    match h {
        Some("Healthy") => Tone::Ok,
        Some("Unhealthy") => Tone::Err,
        _ => Tone::Warn,
    }
}
