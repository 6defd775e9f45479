//! Actions: pure planners (object + intent → new object + diff) and a thin executor
//! (plan → diff shown → confirm → dry-run → apply → audit line).

pub mod audit;
pub mod cordon;
pub mod diff;
pub mod execute;
pub mod plan;
#[cfg(test)]
mod tests;

pub use audit::{AuditEntry, AuditLog};
pub use execute::{ActionError, check_writable, execute};
pub use plan::{Plan, PlanError};
