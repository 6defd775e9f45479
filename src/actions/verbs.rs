//! The verbs: one per action, shared by the TUI and `fleetdeck act VERB`. A verb fetches the
//! objects its planner needs and calls the planner (pure).

use super::cordon;
use super::execute::ActionError;
use super::plan::{Plan, new_plan_id};
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
}

impl Verb {
    /// The `act` verb name.
    pub fn name(&self) -> &'static str {
        match self {
            Verb::Cordon { cordon: true, .. } => cordon::CORDON,
            Verb::Cordon { cordon: false, .. } => cordon::UNCORDON,
        }
    }

    /// For messages: `cordon karmada member prod-eu`.
    pub fn describe(&self) -> String {
        match self {
            Verb::Cordon { member, cordon, .. } => format!(
                "{} karmada member {member}",
                if *cordon { "cordon" } else { "uncordon" }
            ),
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
                        let msg = format!(
                            "cannot read Karmada Cluster {member} on {}: {e}",
                            context(*control_plane)
                        );
                        if e.is_not_found() {
                            ActionError::Invalid(msg)
                        } else if e.is_forbidden() {
                            ActionError::Forbidden(e.message)
                        } else {
                            ActionError::Other(msg)
                        }
                    })?;
                cordon::plan_cordon(*control_plane, &context(*control_plane), &obj, *cordon)
                    .map_err(|e| ActionError::Other(format!("cannot plan: {e}")))?
            }
        };
        plan.id = new_plan_id();
        Ok(plan)
    }
}
