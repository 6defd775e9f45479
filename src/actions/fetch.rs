//! What the verbs read before planning: the routes of every context for a drain, the one
//! Queue a queue verb names, a control plane's Karmada Clusters and bindings, any kind's rows
//! (projected as the watchers project them), and how a failed read is reported.

use super::drain;
use super::execute::ActionError;
use super::plan::Plan;
use crate::fleet::Obj;
use crate::fleet::{ClusterId, Kind, ObjKey};
use crate::kinds::binding::BindingRow;
use crate::kinds::karmada_cluster::KarmadaClusterRow;
use crate::sources::Executor;

/// Read every context's routes (a context that serves no Istio API has none; one that cannot
/// be read is said in the plan) and the Karmada members' names, then plan the drain.
pub(super) async fn plan_drain(
    exec: &dyn Executor,
    contexts: &[String],
    clusters: &[ClusterId],
    control_planes: &[ClusterId],
    member: &str,
    to: &Option<String>,
    cordon: bool,
) -> Result<Plan, ActionError> {
    let context = |id: ClusterId| contexts.get(id).cloned().unwrap_or_default();
    let mut mesh = Vec::new();
    let mut unreadable = Vec::new();
    for &c in clusters {
        let mut ctx = drain::MeshCtx {
            cluster: c,
            context: context(c),
            ..Default::default()
        };
        let vs = exec.list(c, Kind::VirtualService).await;
        let dr = exec.list(c, Kind::DestinationRule).await;
        match (vs, dr) {
            (Err(e), _) if e.is_not_found() => continue,
            (Err(e), _) | (_, Err(e)) if !e.is_not_found() => {
                unreadable.push((context(c), e.to_string()));
                continue;
            }
            (Ok(v), d) => {
                ctx.virtual_services = v;
                ctx.destination_rules = d.unwrap_or_default();
            }
            (Err(_), _) => continue,
        }
        mesh.push(ctx);
    }
    let mut known: Vec<String> = contexts.to_vec();
    for &cp in control_planes {
        if let Ok(items) = exec.list(cp, Kind::KarmadaCluster).await {
            known.extend(
                items
                    .iter()
                    .filter_map(|v| v["metadata"]["name"].as_str().map(str::to_string)),
            );
        }
    }
    known.sort();
    known.dedup();
    let cordon_obj = if cordon {
        let cp = match control_planes {
            [one] => *one,
            [] => {
                return Err(ActionError::Invalid(
                    "--cordon: no context serves Karmada's Cluster API".into(),
                ));
            }
            _ => {
                return Err(ActionError::Invalid(
                    "--cordon: several Karmada control planes; pick one with --context".into(),
                ));
            }
        };
        let key = ObjKey::cluster_scoped(member);
        let obj = exec
            .get(cp, Kind::KarmadaCluster, &key)
            .await
            .map_err(|e| read_error(e, &format!("Karmada Cluster {member} on {}", context(cp))))?;
        Some((cp, context(cp), obj))
    } else {
        None
    };
    drain::plan_drain(&drain::DrainInput {
        mesh: &mesh,
        known: &known,
        cluster: member,
        to: to.as_deref(),
        cordon: cordon_obj
            .as_ref()
            .map(|(cp, ctx, obj)| (*cp, ctx.clone(), obj)),
        unreadable: &unreadable,
    })
    .map_err(ActionError::Invalid)
}

/// The Queue `name` on the one of `clusters` that has it (exit 2 when none or several do).
pub(super) async fn find_queue(
    exec: &dyn Executor,
    contexts: &[String],
    clusters: &[ClusterId],
    name: &str,
) -> Result<(ClusterId, serde_json::Value), ActionError> {
    let context = |id: ClusterId| contexts.get(id).cloned().unwrap_or_default();
    let key = ObjKey::cluster_scoped(name);
    let mut found = Vec::new();
    let mut failed = Vec::new();
    for &c in clusters {
        match exec.get(c, Kind::Queue, &key).await {
            Ok(obj) => found.push((c, obj)),
            Err(e) if e.is_not_found() => {}
            Err(e) => failed.push(format!("{}: {e}", context(c))),
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 if failed.is_empty() => Err(ActionError::Invalid(format!(
            "no context has Volcano queue {name}"
        ))),
        0 => Err(ActionError::Other(format!(
            "queue {name} not found where it could be read; {}",
            failed.join("; ")
        ))),
        _ => {
            let names: Vec<String> = found.iter().map(|(c, _)| context(*c)).collect();
            Err(ActionError::Invalid(format!(
                "queue {name} is on several contexts ({}): pick one with --context",
                names.join(", ")
            )))
        }
    }
}

/// A read the planner needs failed: not found is the input's fault (exit 2).
pub(super) fn read_error(e: crate::sources::ApiError, what: &str) -> ActionError {
    let msg = format!("cannot read {what}: {e}");
    if e.is_not_found() {
        ActionError::Invalid(msg)
    } else if e.is_forbidden() {
        ActionError::Forbidden(e.message)
    } else {
        ActionError::Other(msg)
    }
}

/// A control plane's Karmada Clusters and ResourceBindings, as rows.
pub(super) async fn karmada_fleet(
    exec: &dyn Executor,
    cp: ClusterId,
    ctx: &str,
) -> Result<(Vec<KarmadaClusterRow>, Vec<BindingRow>), ActionError> {
    let clusters = rows(exec, cp, Kind::KarmadaCluster, ctx).await?;
    let bindings = rows(exec, cp, Kind::ResourceBinding, ctx).await?;
    let clusters = clusters
        .into_iter()
        .filter_map(|o| match o {
            Obj::KarmadaCluster(c) => Some(c),
            _ => None,
        })
        .collect();
    let bindings = bindings
        .into_iter()
        .filter_map(|o| match o {
            Obj::ResourceBinding(b) => Some(b),
            _ => None,
        })
        .collect();
    Ok((clusters, bindings))
}

/// Every object of `kind` on `cluster`, projected as the watchers project them.
pub(super) async fn rows(
    exec: &dyn Executor,
    cluster: ClusterId,
    kind: Kind,
    context: &str,
) -> Result<Vec<Obj>, ActionError> {
    let items = exec
        .list(cluster, kind)
        .await
        .map_err(|e| read_error(e, &format!("{} on {context}", kind.name())))?;
    Ok(items
        .iter()
        .filter_map(|v| crate::kinds::project_json(kind, v).ok())
        .collect())
}
