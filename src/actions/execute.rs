//! The executor: thin. Readonly check → server dry-run → apply → audit line.
//! Nothing is retried blindly: a 409 or 403 is reported as it is.

use super::audit::{AuditEntry, AuditLog};
use super::plan::Plan;
use crate::sources::{ApiError, Backend};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ActionError {
    #[error("read-only mode (--readonly): refusing to {0}")]
    ReadOnly(String),
    #[error("nothing to do: {0}")]
    Noop(String),
    #[error(
        "conflict: {object} was changed by someone else since it was planned; nothing was applied. Plan again to see the current state."
    )]
    Conflict { object: String },
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("server dry-run rejected the change: {0}")]
    DryRun(String),
    #[error("apply failed: {0}")]
    Apply(String),
    #[error("applied, but the audit log could not be written: {0}")]
    Audit(String),
}

fn classify(plan: &Plan, e: ApiError, stage: fn(String) -> ActionError) -> ActionError {
    if e.is_conflict() {
        ActionError::Conflict {
            object: plan.object_ref(),
        }
    } else if e.is_forbidden() {
        ActionError::Forbidden(e.message)
    } else {
        stage(e.message)
    }
}

/// Refuse in read-only mode; called before planning too, so nothing is even fetched.
pub fn check_writable(readonly: bool, what: &str) -> Result<(), ActionError> {
    if readonly {
        Err(ActionError::ReadOnly(what.to_string()))
    } else {
        Ok(())
    }
}

/// Dry-run, apply, audit. Returns the audit entry written.
pub async fn execute(
    backend: &Backend,
    plan: &Plan,
    readonly: bool,
    audit: &AuditLog,
    now: i64,
) -> Result<AuditEntry, ActionError> {
    check_writable(readonly, &plan.title.to_lowercase())?;
    if plan.noop {
        return Err(ActionError::Noop(plan.title.clone()));
    }
    backend
        .replace(
            plan.cluster,
            plan.kind,
            &plan.key,
            plan.object.clone(),
            true,
        )
        .await
        .map_err(|e| classify(plan, e, ActionError::DryRun))?;
    backend
        .replace(
            plan.cluster,
            plan.kind,
            &plan.key,
            plan.object.clone(),
            false,
        )
        .await
        .map_err(|e| classify(plan, e, ActionError::Apply))?;
    let entry = AuditEntry {
        time: crate::sources::parse::format_rfc3339(now),
        user: backend.user(plan.cluster),
        context: plan.context.clone(),
        object: plan.object_ref(),
        change: plan.change.clone(),
    };
    tracing::info!(context = %entry.context, object = %entry.object, change = %entry.change, "applied");
    audit
        .append(&entry)
        .map_err(|e| ActionError::Audit(e.to_string()))?;
    Ok(entry)
}
