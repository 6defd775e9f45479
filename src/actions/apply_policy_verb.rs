//! `apply-policy`'s fetches: the live policy (none: a new one) and, for the impact, the
//! control plane's Karmada Clusters and ResourceBindings; then the pure planner.

use serde_json::Value;

use super::apply_policy::{ApplyError, plan_apply_policy, target};
use super::execute::ActionError;
use super::fetch::{karmada_fleet, read_error};
use super::plan::Plan;
use super::policy_impact::impact;
use super::weights::Fleet;
use crate::fleet::ClusterId;
use crate::sources::Executor;

pub(super) async fn plan(
    exec: &dyn Executor,
    cluster: ClusterId,
    context: &str,
    edited: &Value,
    base: Option<&Value>,
) -> Result<Plan, ActionError> {
    let invalid = |e: ApplyError| match e {
        ApplyError::Invalid(m) => ActionError::Invalid(m),
        ApplyError::Conflict(m) => ActionError::Conflict(m),
    };
    let (kind, key) = target(edited).map_err(invalid)?;
    let live = match exec.get(cluster, kind, &key).await {
        Ok(v) => Some(v),
        Err(e) if e.is_not_found() => None,
        Err(e) => {
            return Err(read_error(
                e,
                &format!("{} {key} on {context}", kind.api().kind),
            ));
        }
    };
    let mut plan =
        plan_apply_policy(cluster, context, edited, base, live.as_ref()).map_err(invalid)?;
    if plan.noop.is_none() {
        let (clusters, bindings) = karmada_fleet(exec, cluster, context).await?;
        let fleet = Fleet {
            clusters: &clusters,
            bindings: &bindings,
        };
        let i = impact(
            live.as_ref(),
            edited,
            key.namespace.as_deref(),
            &key.name,
            &fleet,
        );
        plan.summary = i.summary;
        plan.preview = Some(i.preview);
    }
    Ok(plan)
}
