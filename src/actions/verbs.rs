//! The verbs: one per action, shared by the TUI and `fleetdeck act VERB`. A verb fetches the
//! objects its planner needs and calls the planner (pure).

use super::audit::AuditEntry;
use super::execute::ActionError;
use super::fetch::{find_queue, karmada_fleet, plan_drain, read_error, rows};
use super::plan::{Plan, new_plan_id};
use super::routes::{self, RouteSel};
use super::{apply_policy, cordon, cordon_node, drain, queues, restore, weights};
use crate::fleet::Obj;
use crate::fleet::{ClusterId, Kind, ObjKey};
use crate::sources::Executor;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verb {
    /// Cordon (or uncordon) the Karmada member `member`, whose Cluster object lives on the
    /// control plane `control_plane`.
    Cordon {
        control_plane: ClusterId,
        member: String,
        cordon: bool,
    },
    /// Cordon (or uncordon) node `node` of `cluster` (`spec.unschedulable`).
    CordonNode {
        cluster: ClusterId,
        node: String,
        cordon: bool,
    },
    /// Set static weights of a (Cluster)PropagationPolicy on `control_plane`.
    SetWeights {
        control_plane: ClusterId,
        /// PropagationPolicy or ClusterPropagationPolicy.
        kind: Kind,
        policy: ObjKey,
        /// cluster → weight; the clusters not named keep theirs.
        weights: Vec<(String, i64)>,
        /// Rewrite the rules as one per cluster, by name.
        pin: bool,
    },
    /// Set the weights of one http route of a VirtualService, found on the one of `clusters`
    /// that has it.
    SetRouteWeights {
        clusters: Vec<ClusterId>,
        vs: ObjKey,
        route: RouteSel,
        /// destination (subset or host) → weight; the others keep theirs.
        weights: Vec<(String, i64)>,
    },
    /// Drain cluster `member` out of every VirtualService route on `clusters` (to the
    /// destinations in `to` only, when given), and cordon it in Karmada when `cordon`.
    Drain {
        clusters: Vec<ClusterId>,
        /// The Karmada control planes: member names, and where to cordon.
        control_planes: Vec<ClusterId>,
        member: String,
        to: Option<String>,
        cordon: bool,
    },
    /// Close (or open) the Volcano queue `queue`, found on the one of `clusters` that has it.
    QueueState {
        clusters: Vec<ClusterId>,
        queue: String,
        open: bool,
    },
    /// Set the weights of Volcano queues (queue → weight), all on the one of `clusters` that
    /// has the first.
    QueueWeights {
        clusters: Vec<ClusterId>,
        weights: Vec<(String, i64)>,
    },
    /// Apply an edited (Cluster)PropagationPolicy on `cluster` (a Karmada control plane):
    /// `base` is the object the edit began from (the editor's), None for a file or a new policy.
    ApplyPolicy {
        cluster: ClusterId,
        edited: serde_json::Value,
        base: Option<serde_json::Value>,
    },
    /// Undo what plan `plan_id` changed, where the objects still hold what it set; `entries`:
    /// the audit log.
    Restore {
        plan_id: String,
        entries: Vec<AuditEntry>,
    },
}

impl Verb {
    /// The `act` verb name.
    pub fn name(&self) -> &'static str {
        match self {
            Verb::Cordon { cordon: true, .. } => cordon::CORDON,
            Verb::Cordon { cordon: false, .. } => cordon::UNCORDON,
            Verb::CordonNode { cordon: true, .. } => cordon_node::CORDON_NODE,
            Verb::CordonNode { cordon: false, .. } => cordon_node::UNCORDON_NODE,
            Verb::SetWeights { .. } => weights::SET_WEIGHTS,
            Verb::SetRouteWeights { .. } => routes::SET_ROUTE_WEIGHTS,
            Verb::Drain { .. } => drain::DRAIN,
            Verb::Restore { .. } => restore::RESTORE,
            Verb::ApplyPolicy { .. } => apply_policy::APPLY_POLICY,
            Verb::QueueState { open: true, .. } => queues::QUEUE_OPEN,
            Verb::QueueState { open: false, .. } => queues::QUEUE_CLOSE,
            Verb::QueueWeights { .. } => queues::QUEUE_WEIGHT,
        }
    }

    /// For messages: `cordon karmada member prod-eu`.
    pub fn describe(&self) -> String {
        match self {
            Verb::Cordon { member, cordon, .. } => format!(
                "{} karmada member {member}",
                if *cordon { "cordon" } else { "uncordon" }
            ),
            Verb::CordonNode { node, cordon, .. } => format!(
                "{} node {node}",
                if *cordon { "cordon" } else { "uncordon" }
            ),
            Verb::SetWeights { policy, .. } => format!("set the static weights of {policy}"),
            Verb::SetRouteWeights { vs, .. } => format!("set the route weights of {vs}"),
            Verb::Drain { member, .. } => format!("drain {member} out of the mesh"),
            Verb::Restore { plan_id, .. } => format!("restore plan {plan_id}"),
            Verb::ApplyPolicy { edited, .. } => format!(
                "apply {} {}",
                edited["kind"].as_str().unwrap_or("a policy"),
                edited["metadata"]["name"].as_str().unwrap_or("")
            ),
            Verb::QueueState { queue, open, .. } => format!(
                "{} Volcano queue {queue}",
                if *open { "open" } else { "close" }
            ),
            Verb::QueueWeights { weights, .. } => {
                let names: Vec<&str> = weights.iter().map(|(n, _)| n.as_str()).collect();
                format!("set the weight of Volcano queue(s) {}", names.join(", "))
            }
        }
    }

    /// Fetch what the planner needs and plan. `contexts`: the context of each cluster id.
    pub async fn plan(
        &self,
        exec: &dyn Executor,
        contexts: &[String],
    ) -> Result<Plan, ActionError> {
        let context = |id: ClusterId| contexts.get(id).cloned().unwrap_or_default();
        let mut plan = match self {
            Verb::Cordon {
                control_plane,
                member,
                cordon,
            } => {
                let key = ObjKey::cluster_scoped(member);
                let obj = exec
                    .get(*control_plane, Kind::KarmadaCluster, &key)
                    .await
                    .map_err(|e| {
                        let what =
                            format!("Karmada Cluster {member} on {}", context(*control_plane));
                        read_error(e, &what)
                    })?;
                cordon::plan_cordon(*control_plane, &context(*control_plane), &obj, *cordon)
                    .map_err(|e| ActionError::Other(format!("cannot plan: {e}")))?
            }
            Verb::CordonNode {
                cluster,
                node,
                cordon,
            } => {
                let key = ObjKey::cluster_scoped(node);
                let obj = exec
                    .get(*cluster, Kind::Node, &key)
                    .await
                    .map_err(|e| read_error(e, &format!("node {node} on {}", context(*cluster))))?;
                cordon_node::plan_cordon_node(*cluster, &context(*cluster), &obj, *cordon)
                    .map_err(|e| ActionError::Other(format!("cannot plan: {e}")))?
            }
            Verb::SetWeights {
                control_plane: cp,
                kind,
                policy,
                weights: set,
                pin,
            } => {
                let ctx = context(*cp);
                let obj = exec.get(*cp, *kind, policy).await.map_err(|e| {
                    read_error(e, &format!("{} {policy} on {ctx}", kind.api().kind))
                })?;
                let (clusters, bindings) = karmada_fleet(exec, *cp, &ctx).await?;
                let fleet = weights::Fleet {
                    clusters: &clusters,
                    bindings: &bindings,
                };
                weights::plan_set_weights(*cp, &ctx, &obj, &fleet, set, *pin)
                    .map_err(ActionError::Invalid)?
            }
            Verb::SetRouteWeights {
                clusters,
                vs,
                route,
                weights: set,
            } => {
                let mut found = Vec::new();
                let mut failed = Vec::new();
                for &c in clusters {
                    match exec.get(c, Kind::VirtualService, vs).await {
                        Ok(obj) => found.push((c, obj)),
                        Err(e) if e.is_not_found() => {}
                        Err(e) => failed.push(format!("{}: {e}", context(c))),
                    }
                }
                let (c, obj) = match found.len() {
                    1 => found.remove(0),
                    0 if failed.is_empty() => {
                        return Err(ActionError::Invalid(format!(
                            "no context has VirtualService {vs}"
                        )));
                    }
                    0 => {
                        return Err(ActionError::Other(format!(
                            "VirtualService {vs} not found where it could be read; {}",
                            failed.join("; ")
                        )));
                    }
                    _ => {
                        let names: Vec<String> = found.iter().map(|(c, _)| context(*c)).collect();
                        return Err(ActionError::Invalid(format!(
                            "VirtualService {vs} is on several contexts ({}): pick one with --context",
                            names.join(", ")
                        )));
                    }
                };
                routes::plan_route_weights(c, &context(c), &obj, route, set)
                    .map_err(ActionError::Invalid)?
            }
            Verb::Drain {
                clusters,
                control_planes,
                member,
                to,
                cordon,
            } => {
                plan_drain(
                    exec,
                    contexts,
                    clusters,
                    control_planes,
                    member,
                    to,
                    *cordon,
                )
                .await?
            }
            Verb::QueueState {
                clusters,
                queue,
                open,
            } => {
                let (c, obj) = find_queue(exec, contexts, clusters, queue).await?;
                let ctx = context(c);
                let mut counts = [0u32; 5];
                for g in rows(exec, c, Kind::PodGroup, &ctx).await? {
                    if let Obj::PodGroup(g) = g
                        && *g.queue == **queue
                    {
                        counts[g.phase_index()] += 1;
                    }
                }
                queues::plan_queue_state(c, &ctx, &obj, counts, *open)
                    .map_err(ActionError::Invalid)?
            }
            Verb::QueueWeights { clusters, weights } => {
                let first = weights
                    .first()
                    .map(|(n, _)| n.clone())
                    .ok_or_else(|| ActionError::Invalid("no weights given".into()))?;
                let (c, _) = find_queue(exec, contexts, clusters, &first).await?;
                let ctx = context(c);
                let all = exec
                    .list(c, Kind::Queue)
                    .await
                    .map_err(|e| read_error(e, &format!("the queues on {ctx}")))?;
                queues::plan_queue_weights(c, &ctx, &all, weights).map_err(ActionError::Invalid)?
            }
            Verb::ApplyPolicy {
                cluster,
                edited,
                base,
            } => {
                super::apply_policy_verb::plan(
                    exec,
                    *cluster,
                    &context(*cluster),
                    edited,
                    base.as_ref(),
                )
                .await?
            }
            Verb::Restore { plan_id, entries } => {
                let mut steps = Vec::new();
                for e in AuditEntry::standing(entries, plan_id) {
                    let Some(u) = &e.undo else { continue };
                    let kind = Kind::find(&u.kind).ok_or_else(|| {
                        ActionError::Other(format!(
                            "the audit log names an unknown kind {}",
                            u.kind
                        ))
                    })?;
                    let cluster = contexts.iter().position(|c| *c == e.context).ok_or_else(|| {
                        ActionError::Invalid(format!(
                            "plan {plan_id} changed context {}, which is not among the contexts now",
                            e.context
                        ))
                    })?;
                    let key = ObjKey::new(u.namespace.as_deref(), &u.name);
                    let current = match exec.get(cluster, kind, &key).await {
                        Ok(v) => Some(v),
                        Err(err) if err.is_not_found() => None,
                        Err(err) => {
                            return Err(read_error(
                                err,
                                &format!("{} {key} on {}", u.kind, e.context),
                            ));
                        }
                    };
                    steps.push(restore::Standing {
                        entry: e,
                        cluster,
                        kind,
                        key,
                        current,
                    });
                }
                restore::plan_restore(plan_id, &steps).map_err(|why| {
                    let recent: Vec<String> = restore::recent(entries, 5)
                        .into_iter()
                        .map(|(id, verb, time, n)| {
                            format!(
                                "{id} ({}, {time}, {n} step(s) standing)",
                                if verb.is_empty() { "?" } else { &verb }
                            )
                        })
                        .collect();
                    ActionError::Invalid(if recent.is_empty() {
                        format!("{why}; the audit log has no plans")
                    } else {
                        format!("{why}; recent plans: {}", recent.join(", "))
                    })
                })?
            }
        };
        plan.id = new_plan_id();
        Ok(plan)
    }
}
