//! Actions: pure planners (current objects + the change → a [`Plan`] of steps) and one way to
//! carry a plan out (diff shown → confirm → server dry-run of every step → apply → one audit
//! line per step; all or nothing).

pub mod apply_policy;
mod apply_policy_verb;
pub mod audit;
pub mod cordon;
pub mod cordon_node;
pub mod diff;
pub mod drain;
pub mod execute;
mod fetch;
pub mod merge;
pub mod plan;
pub mod policy_impact;
pub mod queues;
pub mod restore;
pub mod routes;
mod run;
#[cfg(test)]
mod tests;
pub mod verbs;
pub mod weights;

pub use audit::{AuditEntry, AuditLog};
pub use execute::{ActionError, Cause, Report, check_writable, run};
pub use plan::{Plan, PlanError, Step, new_plan_id};
pub use verbs::Verb;
