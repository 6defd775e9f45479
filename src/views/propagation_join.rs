//! Building one propagation row: a binding's targets joined with the members' live objects (a
//! key lookup each, never a scan), and its problems. Each row also says which objects besides
//! its binding it read ([`Dep`]), so [`super::PropView`] knows which rows a change touches.

use std::collections::HashMap;

use super::{BindingRef, MemberLive, PropRow, PropTarget, TemplateLive};
use crate::fleet::{Cluster, ClusterId, FleetModel, Kind, ObjKey, RowId, Store, Str};
use crate::kinds::binding::{BindingRow, ClusterResourceBinding, ResourceBinding};
use crate::kinds::deployment::{Deployment, DeploymentRow, StatefulSet};
use crate::kinds::namespace::Namespace;

/// The binding kinds rows are built from.
pub(super) const BINDING_KINDS: &[Kind] = &[Kind::ResourceBinding, Kind::ClusterResourceBinding];

/// The kinds a template's member object can be (the joins a row makes).
pub(super) const MEMBER_KINDS: &[Kind] = &[Kind::Deployment, Kind::StatefulSet, Kind::Namespace];

/// A binding: its control plane, its kind (ResourceBinding or ClusterResourceBinding) and its
/// slot in that store (stable while the binding lives).
pub(super) type BindingId = (ClusterId, Kind, RowId);

/// An object a row read besides its binding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Dep {
    /// The object of this kind found in this slot of this cluster's store.
    Found(ClusterId, Kind, RowId),
    /// No object of this kind and key on this cluster (yet).
    Missing(ClusterId, Kind, ObjKey),
}

/// The bindings of `kind` on `c`.
pub(super) fn binding_store(c: &Cluster, kind: Kind) -> &Store<BindingRow> {
    match kind {
        Kind::ResourceBinding => c.store::<ResourceBinding>(),
        Kind::ClusterResourceBinding => c.store::<ClusterResourceBinding>(),
        k => unreachable!("{k:?} is not a binding kind"),
    }
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

/// The kind a template's member object is watched as (None: not joined, `member` stays null):
/// workloads (ready of desired) and Namespaces (there or not).
fn member_kind(kind: &str) -> Option<Kind> {
    match kind {
        "Deployment" => Some(Kind::Deployment),
        "StatefulSet" => Some(Kind::StatefulSet),
        "Namespace" => Some(Kind::Namespace),
        _ => None,
    }
}

/// Whether the member object of `kind` is only checked for being there (no replicas).
fn presence_only(kind: Kind) -> bool {
    kind == Kind::Namespace
}

/// A Deployment or StatefulSet by key on `c`: its slot and row.
fn workload<'a>(
    c: &'a Cluster,
    kind: Kind,
    ns: Option<&str>,
    name: &str,
) -> Option<(RowId, &'a DeploymentRow)> {
    let store = match kind {
        Kind::Deployment => c.store::<Deployment>(),
        Kind::StatefulSet => c.store::<StatefulSet>(),
        _ => return None,
    };
    let slot = store.find(ns, name)?;
    Some((slot, store.row(slot)?))
}

/// A workload template on the control plane `cp`: its slot, replicas and generation.
fn template_of(
    cp: &Cluster,
    kind: Kind,
    ns: Option<&str>,
    name: &str,
) -> Option<(RowId, TemplateLive)> {
    let (slot, d) = workload(cp, kind, ns, name)?;
    let t = TemplateLive {
        replicas: d.replicas,
        generation: d.generation,
    };
    Some((slot, t))
}

/// The object of `kind` with this key on `c`: its slot and what a row shows of it (a Namespace
/// that is there shows as 1 of 1).
fn live(c: &Cluster, kind: Kind, ns: Option<&str>, name: &str) -> Option<(RowId, MemberLive)> {
    match kind {
        Kind::Deployment | Kind::StatefulSet => {
            let (slot, d) = workload(c, kind, ns, name)?;
            let live = MemberLive {
                ready: d.ready,
                desired: d.replicas,
            };
            Some((slot, live))
        }
        Kind::Namespace => {
            let id = c.store::<Namespace>().find(None, name)?;
            Some((
                id,
                MemberLive {
                    ready: 1,
                    desired: 1,
                },
            ))
        }
        _ => None,
    }
}

/// One ResourceBinding's row: targets joined with the members' objects (a key lookup each).
/// A target as `spec.clusters` (or only the aggregated status) names it, before the join.
fn target(cluster: Str, replicas: Option<i32>, presence: bool) -> PropTarget {
    PropTarget {
        cluster,
        replicas,
        applied: None,
        health: None,
        message: Str::from(""),
        is_context: false,
        member: None,
        presence,
    }
}

pub fn row(
    m: &FleetModel,
    members: &HashMap<&str, ClusterId>,
    shared: &mut Shared,
    cluster: ClusterId,
    b: &BindingRow,
) -> PropRow {
    // A ClusterResourceBinding's row has no namespace.
    let binding = BindingRef {
        cluster_wide: b.namespace.is_empty(),
        namespace: Some(b.namespace.clone()).filter(|n| !n.is_empty()),
        name: b.name.clone(),
    };
    build(m, members, shared, cluster, binding, b, &mut Vec::new())
}

/// One binding's row; what it read besides the binding is pushed to `deps`.
pub(super) fn build(
    m: &FleetModel,
    members: &HashMap<&str, ClusterId>,
    shared: &mut Shared,
    cluster: ClusterId,
    binding: BindingRef,
    b: &BindingRow,
    deps: &mut Vec<Dep>,
) -> PropRow {
    let (kind, ns, name) = b.template();
    // A namespaced template is in its binding's namespace (interned by the model).
    let namespace = ns.map(|n| {
        if n == &*b.namespace {
            b.namespace.clone()
        } else {
            Str::from(n)
        }
    });
    let name = Str::from(name);
    let joined = member_kind(kind);
    let presence = joined.is_some_and(presence_only);
    let mut targets: Vec<PropTarget> = b
        .clusters
        .iter()
        .map(|t| target(t.cluster.clone(), Some(t.replicas), presence))
        .collect();
    for a in &b.aggregated {
        let i = match targets.iter().position(|t| t.cluster == a.cluster) {
            Some(i) => i,
            None => {
                targets.push(target(a.cluster.clone(), None, presence));
                targets.len() - 1
            }
        };
        let t = &mut targets[i];
        t.applied = Some(a.applied);
        t.health = Some(a.health.clone());
        t.message = a.message.clone();
    }
    // The template on the control plane (a workload's replicas and generation).
    let template = match joined.filter(|k| !presence_only(*k)) {
        Some(k) => {
            let cp = &m.clusters[cluster];
            let found = template_of(cp, k, ns, &name);
            deps.push(match found {
                Some((slot, _)) => Dep::Found(cluster, k, slot),
                None => Dep::Missing(
                    cluster,
                    k,
                    ObjKey {
                        namespace: namespace.clone(),
                        name: name.clone(),
                    },
                ),
            });
            found.map(|(_, t)| t)
        }
        None => None,
    };
    let observed_generation = b
        .aggregated
        .iter()
        .map(|a| a.template_generation)
        .filter(|g| *g > 0)
        .min();
    let mut problems = Vec::new();
    match &b.scheduled {
        Some(s) if &*s.status == "True" => {}
        Some(s) if !s.reason.is_empty() => problems.push(format!("not scheduled: {}", s.reason)),
        _ => problems.push("not scheduled".into()),
    }
    for t in &mut targets {
        if let Some(&id) = members.get(&*t.cluster) {
            t.is_context = true;
            if let Some(k) = joined
                && let Some(c) = m.cluster(id)
            {
                match live(c, k, ns, &name) {
                    Some((slot, live)) => {
                        t.member = Some(live);
                        deps.push(Dep::Found(id, k, slot));
                    }
                    None => deps.push(Dep::Missing(
                        id,
                        k,
                        ObjKey {
                            namespace: namespace.clone(),
                            name: name.clone(),
                        },
                    )),
                }
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
        if t.is_context && joined.is_some() && t.member.is_none() && t.replicas.is_some() {
            problems.push(format!("no {kind} on {c}"));
        }
    }
    for e in &b.evictions {
        problems.push(format!("evicting from {}", e.cluster));
    }
    if b.unobserved {
        problems.push("generation not observed".into());
    }
    // The members whose object is still made from an older template (short: it shares a
    // narrow PROBLEMS column).
    if let Some(t) = template {
        let behind: Vec<&str> = b
            .aggregated
            .iter()
            .filter(|a| a.template_generation > 0 && a.template_generation < t.generation)
            .map(|a| &*a.cluster)
            .collect();
        if !behind.is_empty() {
            problems.push(format!(
                "template gen {} not yet on {}",
                t.generation,
                behind.join(", ")
            ));
        }
    }
    PropRow {
        cluster,
        context: shared.context.clone(),
        kind: shared.kind(kind),
        namespace,
        name,
        policy: b.policy.clone(),
        scheduled: b.scheduled.clone(),
        targets,
        evictions: b.evictions.clone(),
        problems,
        binding,
        template,
        observed_generation,
    }
}

/// A binding of `kind` as a row names it.
pub(super) fn binding_ref(kind: Kind, b: &BindingRow) -> BindingRef {
    let cluster_wide = kind != Kind::ResourceBinding;
    BindingRef {
        cluster_wide,
        namespace: (!cluster_wide).then(|| b.namespace.clone()),
        name: b.name.clone(),
    }
}

/// Every binding of every control-plane context: `f(binding, row, deps)`, in store order. `deps`
/// is scratch space, cleared for each binding: a caller that keeps it copies it.
pub(super) fn each_row(m: &FleetModel, mut f: impl FnMut(BindingId, PropRow, &[Dep])) {
    let members = members(m);
    let mut shared = Shared::default();
    let mut deps = Vec::new();
    for (id, c) in m.clusters.iter().enumerate() {
        if !c.is_karmada_control_plane() {
            continue;
        }
        shared.context = Str::from(c.context.as_str());
        for &kind in BINDING_KINDS {
            for (slot, b) in binding_store(c, kind).rows() {
                deps.clear();
                let binding = binding_ref(kind, b);
                let r = build(m, &members, &mut shared, id, binding, b, &mut deps);
                f((id, kind, slot), r, &deps);
            }
        }
    }
}
