//! Lean objects → the fleet model's compact rows. Pure functions.

use kube::core::ObjectMeta;

use super::lean::*;
use crate::fleet::*;
use crate::sources::parse::rfc3339;

fn s(x: &str) -> Str {
    Str::from(x)
}

fn name(m: &ObjectMeta) -> Str {
    s(m.name.as_deref().unwrap_or(""))
}

fn namespace_of(m: &ObjectMeta) -> Str {
    s(m.namespace.as_deref().unwrap_or(""))
}

fn created(m: &ObjectMeta) -> Ts {
    secs(&m.creation_timestamp)
}

/// A non-empty string, shared.
fn opt(x: Option<String>) -> Option<Str> {
    x.filter(|v| !v.is_empty()).map(Str::from)
}

fn strs(v: Option<Vec<String>>) -> Vec<Str> {
    v.unwrap_or_default().into_iter().map(Str::from).collect()
}

fn ready_condition(conditions: &mut Option<Vec<Condition>>) -> Option<Condition> {
    let v = conditions.as_mut()?;
    let i = v.iter().position(|c| c.type_ == "Ready")?;
    Some(v.swap_remove(i))
}

pub fn namespace(o: NamespaceL) -> Obj {
    Obj::Namespace(NamespaceRow {
        name: name(&o.metadata),
        phase: s(o.status.phase.as_deref().unwrap_or("Active")),
        created: created(&o.metadata),
    })
}

pub fn node(mut o: NodeL) -> Obj {
    let ready = ready_condition(&mut o.status.conditions);
    let is_ready = ready.as_ref().and_then(|c| c.status.as_deref()) == Some("True");
    let edge = o
        .metadata
        .labels
        .as_ref()
        .is_some_and(|l| l.contains_key("node-role.kubernetes.io/edge"));
    let kubelet = o.status.node_info.and_then(|i| i.kubelet_version);
    Obj::Node(NodeRow {
        name: name(&o.metadata),
        ready: is_ready,
        reason: if is_ready {
            None
        } else {
            opt(ready.as_ref().and_then(|c| c.reason.clone()))
        },
        edge,
        unschedulable: o.spec.unschedulable.unwrap_or(false),
        kubelet_version: s(kubelet.as_deref().unwrap_or("")),
        last_heartbeat: ready
            .and_then(|c| c.last_heartbeat_time)
            .map(|t| rfc3339(&t))
            .unwrap_or(0),
        created: created(&o.metadata),
    })
}

fn state_reason(c: &ContainerStatus) -> Option<String> {
    let st = c.state.as_ref()?;
    let w = st.waiting.as_ref().and_then(|w| w.reason.clone());
    let t = || st.terminated.as_ref().and_then(|t| t.reason.clone());
    w.filter(|r| !r.is_empty())
        .or_else(|| t().filter(|r| !r.is_empty()))
}

/// Like kubectl's STATUS column: a container's waiting/terminated reason (an init container's
/// as `Init:Reason`), else the pod's own reason (Evicted, NodeLost); `Terminating` once deleted.
fn pod_reason(meta: &ObjectMeta, st: &PodStatus) -> Option<String> {
    let init = st.init_container_statuses.iter().flatten().find_map(|c| {
        let done_ok = c
            .state
            .as_ref()
            .and_then(|s| s.terminated.as_ref())
            .is_some_and(|t| t.reason.as_deref() == Some("Completed"));
        if done_ok {
            return None;
        }
        state_reason(c)
            .filter(|r| r != "PodInitializing")
            .map(|r| format!("Init:{r}"))
    });
    let reason = init
        .or_else(|| {
            st.container_statuses
                .iter()
                .flatten()
                .find_map(state_reason)
        })
        .or_else(|| st.reason.clone().filter(|r| !r.is_empty()));
    if meta.deletion_timestamp.is_some() {
        if st.reason.as_deref() == Some("NodeLost") {
            return Some("Unknown".into());
        }
        return Some("Terminating".into());
    }
    reason
}

pub fn pod(o: PodL) -> Obj {
    let reason = pod_reason(&o.metadata, &o.status);
    let statuses = o.status.container_statuses.unwrap_or_default();
    let containers = o
        .spec
        .containers
        .map(|c| c.len())
        .unwrap_or(statuses.len())
        .max(statuses.len());
    let ready = statuses.iter().filter(|c| c.ready == Some(true)).count();
    let restarts: i64 = statuses.iter().filter_map(|c| c.restart_count).sum();
    Obj::Pod(PodRow {
        namespace: namespace_of(&o.metadata),
        name: name(&o.metadata),
        phase: PodPhase::parse(o.status.phase.as_deref().unwrap_or("")),
        reason: opt(reason),
        ready: ready.min(u16::MAX as usize) as u16,
        containers: containers.min(u16::MAX as usize) as u16,
        restarts: restarts.clamp(0, u32::MAX as i64) as u32,
        node: opt(o.spec.node_name),
        created: created(&o.metadata),
    })
}

pub fn deployment(o: DeploymentL) -> Obj {
    Obj::Deployment(DeploymentRow {
        namespace: namespace_of(&o.metadata),
        name: name(&o.metadata),
        replicas: o.spec.replicas.unwrap_or(1),
        ready: o.status.ready_replicas.unwrap_or(0),
        updated: o.status.updated_replicas.unwrap_or(0),
        available: o.status.available_replicas.unwrap_or(0),
        created: created(&o.metadata),
    })
}

pub fn event(o: EventL) -> Obj {
    let inv = o.involved_object.unwrap_or_default();
    let object = format!(
        "{}/{}",
        inv.kind.as_deref().unwrap_or(""),
        inv.name.as_deref().unwrap_or("")
    );
    let series = o.series.unwrap_or_default();
    let last_seen = [
        series.last_observed_time.as_deref(),
        o.last_timestamp.as_deref(),
        o.event_time.as_deref(),
        o.first_timestamp.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(rfc3339)
    .max()
    .filter(|t| *t > 0)
    .unwrap_or_else(|| created(&o.metadata));
    Obj::Event(WarningEvent {
        namespace: namespace_of(&o.metadata),
        name: name(&o.metadata),
        reason: s(o.reason.as_deref().unwrap_or("")),
        message: s(o.message.as_deref().unwrap_or("").trim_end()),
        object: Str::from(object),
        count: o.count.filter(|c| *c > 0).or(series.count).unwrap_or(1),
        last_seen,
    })
}

pub fn karmada_cluster(mut o: KarmadaClusterL) -> Obj {
    let ready = ready_condition(&mut o.status.conditions);
    let sp = o.spec;
    let taints = sp
        .taints
        .unwrap_or_default()
        .into_iter()
        .filter_map(|t| {
            Some(Taint {
                key: t.key?,
                value: t.value,
                effect: t.effect.unwrap_or_default(),
            })
        })
        .collect();
    let (status, reason, message) = match ready {
        Some(c) => (c.status, c.reason, c.message),
        None => (None, None, None),
    };
    Obj::KarmadaCluster(KarmadaClusterRow {
        name: name(&o.metadata),
        ready: match status.as_deref() {
            Some("True") => Some(true),
            Some("False") => Some(false),
            _ => None,
        },
        reason: opt(reason),
        message: opt(message),
        region: opt(sp.region),
        provider: opt(sp.provider),
        sync_mode: opt(sp.sync_mode),
        taints,
        kubernetes_version: opt(o.status.kubernetes_version),
        api_endpoint: opt(sp.api_endpoint),
    })
}

fn policy_row(o: PolicyL) -> PolicyRow {
    let selectors = o
        .spec
        .resource_selectors
        .unwrap_or_default()
        .into_iter()
        .map(|sel| {
            let kind = sel.kind.unwrap_or_default();
            match sel.name.filter(|n| !n.is_empty()) {
                Some(n) => Str::from(format!("{kind}/{n}")),
                None => Str::from(format!("{kind}/*")),
            }
        })
        .collect();
    let placement = o.spec.placement.unwrap_or_default();
    let rs = placement.replica_scheduling.unwrap_or_default();
    let wp = rs.weight_preference.unwrap_or_default();
    PolicyRow {
        namespace: opt(o.metadata.namespace.clone()),
        name: name(&o.metadata),
        selectors,
        scheduling_type: opt(rs.replica_scheduling_type),
        division_preference: opt(rs.replica_division_preference),
        static_weights: wp
            .static_weight_list
            .unwrap_or_default()
            .into_iter()
            .map(|w| StaticWeight {
                clusters: strs(w.target_cluster.and_then(|t| t.cluster_names)),
                weight: w.weight.unwrap_or(0),
            })
            .collect(),
        dynamic_weight: opt(wp.dynamic_weight),
        cluster_names: strs(placement.cluster_affinity.and_then(|a| a.cluster_names)),
    }
}

pub fn propagation_policy(o: PolicyL) -> Obj {
    Obj::PropagationPolicy(policy_row(o))
}

pub fn cluster_propagation_policy(o: PolicyL) -> Obj {
    let mut row = policy_row(o);
    row.namespace = None;
    Obj::ClusterPropagationPolicy(row)
}

pub fn resource_binding(o: BindingL) -> Obj {
    let r = o.spec.resource.unwrap_or_default();
    let kind = r.kind.unwrap_or_default();
    let rname = r.name.unwrap_or_default();
    let resource = match r.namespace.filter(|n| !n.is_empty()) {
        Some(ns) => format!("{kind} {ns}/{rname}"),
        None => format!("{kind} {rname}"),
    };
    Obj::ResourceBinding(BindingRow {
        namespace: namespace_of(&o.metadata),
        name: name(&o.metadata),
        resource: Str::from(resource),
        clusters: o
            .spec
            .clusters
            .unwrap_or_default()
            .into_iter()
            .map(|t| BindingTarget {
                cluster: s(t.name.as_deref().unwrap_or("")),
                replicas: t.replicas.unwrap_or(0),
            })
            .collect(),
        aggregated: o
            .status
            .aggregated_status
            .unwrap_or_default()
            .into_iter()
            .map(|a| BindingStatus {
                cluster: s(a.cluster_name.as_deref().unwrap_or("")),
                applied: a.applied.unwrap_or(false),
                health: s(a.health.as_deref().unwrap_or("Unknown")),
            })
            .collect(),
    })
}

pub fn queue(o: QueueL) -> Obj {
    Obj::Queue(QueueRow {
        name: name(&o.metadata),
        state: s(o.status.state.as_deref().unwrap_or("Unknown")),
        // Volcano defaults the weight to 1.
        weight: o.spec.weight.unwrap_or(1),
        reclaimable: o.spec.reclaimable,
        running: o.status.running.unwrap_or(0),
        pending: o.status.pending.unwrap_or(0),
    })
}

pub fn virtual_service(o: VirtualServiceL) -> Obj {
    let http = o
        .spec
        .http
        .unwrap_or_default()
        .into_iter()
        .map(|h| {
            h.route
                .unwrap_or_default()
                .into_iter()
                .map(|r| {
                    let d = r.destination.unwrap_or_default();
                    RouteDest {
                        host: s(d.host.as_deref().unwrap_or("")),
                        subset: opt(d.subset),
                        weight: r.weight,
                    }
                })
                .collect()
        })
        .collect();
    Obj::VirtualService(VirtualServiceRow {
        namespace: namespace_of(&o.metadata),
        name: name(&o.metadata),
        hosts: strs(o.spec.hosts),
        http,
    })
}

pub fn destination_rule(o: DestinationRuleL) -> Obj {
    Obj::DestinationRule(DestinationRuleRow {
        namespace: namespace_of(&o.metadata),
        name: name(&o.metadata),
        host: s(o.spec.host.as_deref().unwrap_or("")),
        subsets: o
            .spec
            .subsets
            .unwrap_or_default()
            .into_iter()
            .filter_map(|x| x.name.map(Str::from))
            .collect(),
    })
}

pub fn node_group(o: NodeGroupL) -> Obj {
    Obj::NodeGroup(NodeGroupRow {
        name: name(&o.metadata),
        nodes: strs(o.spec.nodes),
        match_labels: o
            .spec
            .match_labels
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (Str::from(k), Str::from(v)))
            .collect(),
    })
}

#[cfg(test)]
#[path = "project_tests.rs"]
mod tests;
