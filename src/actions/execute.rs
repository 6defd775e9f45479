//! Carrying out a plan: read-only check → server dry-run of every step (and a check that the
//! server kept what was sent) → apply → one audit line per applied step (`run.rs`). If a step
//! fails after others were applied, those are reverted, last applied first, each guarded by the
//! resourceVersion its apply returned (or by `test` ops), so a revert never overwrites a change
//! made since. Nothing is retried blindly: a 409 or 403 is reported as it is. This file holds
//! what a run answers: its errors and its report.

use std::fmt;

use super::audit::AuditEntry;
use super::plan::Step;
use crate::sources::ApiError;

/// Why a plan (or a step of it) did not go through.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// The object changed since it was planned.
    Conflict,
    Forbidden(String),
    /// The server's dry-run answer lacks a field that was sent (pruned by the CRD's schema).
    Dropped(String),
    Other(String),
}

impl Cause {
    pub(super) fn of(e: &ApiError) -> Cause {
        if e.is_conflict() || e.is_test_failed() {
            Cause::Conflict
        } else if e.is_forbidden() {
            Cause::Forbidden(e.message.clone())
        } else {
            Cause::Other(e.message.clone())
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ActionError {
    #[error("read-only mode (--readonly): refusing to {0}")]
    ReadOnly(String),
    /// Bad input: an unknown object, a value out of range.
    #[error("{0}")]
    Invalid(String),
    #[error("nothing to do: {0}")]
    Noop(String),
    /// The object changed since the edit began (found while planning): nothing was sent.
    #[error("{0}")]
    Conflict(String),
    /// The server refused a step in the dry-run: nothing was applied.
    #[error("{}", dry_run_text(.step, .object, .cause))]
    DryRun {
        step: String,
        object: String,
        cause: Cause,
    },
    /// A step failed while applying; what could be reverted was.
    #[error("{}", failed_text(.step, .object, .cause, .reverted, .unreverted, *.unknown))]
    Failed {
        step: String,
        object: String,
        cause: Cause,
        reverted: Vec<String>,
        /// (step, why) of the applied steps that could not be reverted.
        unreverted: Vec<(String, String)>,
        /// The failed step's own outcome is unknown (no answer from the server).
        unknown: bool,
    },
    /// Reading what the plan needs was forbidden.
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("applied, but the audit log could not be written: {0}")]
    Audit(String),
    #[error("{0}")]
    Other(String),
}

impl ActionError {
    /// `act`'s exit code: 2 refused (read-only, bad input — a field the server would drop
    /// among it), 3 conflict, 4 forbidden, 1 else.
    pub fn exit_code(&self) -> i32 {
        match self {
            ActionError::ReadOnly(_) | ActionError::Invalid(_) => 2,
            ActionError::Forbidden(_) => 4,
            ActionError::Conflict(_) => 3,
            ActionError::DryRun { cause, .. } | ActionError::Failed { cause, .. } => match cause {
                Cause::Conflict => 3,
                Cause::Forbidden(_) => 4,
                Cause::Dropped(_) => 2,
                _ => 1,
            },
            _ => 1,
        }
    }
}

pub(super) fn cause_text(object: &str, c: &Cause) -> String {
    match c {
        Cause::Conflict => format!(
            "conflict: {object} was changed by someone else since it was planned. Plan again to see the current state."
        ),
        Cause::Forbidden(m) => format!("forbidden: {m}"),
        Cause::Dropped(path) => {
            format!("the server dropped {path} of {object} (its schema does not know the field?)")
        }
        Cause::Other(m) => m.clone(),
    }
}

fn dry_run_text(step: &str, object: &str, c: &Cause) -> String {
    format!(
        "server dry-run of step {step} refused: {}; nothing was applied",
        cause_text(object, c)
    )
}

fn failed_text(
    step: &str,
    object: &str,
    c: &Cause,
    reverted: &[String],
    unreverted: &[(String, String)],
    unknown: bool,
) -> String {
    let mut s = format!("step {step} failed: {}", cause_text(object, c));
    if !reverted.is_empty() {
        s.push_str(&format!("; reverted: {}", reverted.join(", ")));
    }
    for (what, why) in unreverted {
        s.push_str(&format!("; NOT reverted: {what} ({why})"));
    }
    if reverted.is_empty() && unreverted.is_empty() && !unknown {
        s.push_str("; nothing was applied");
    }
    s
}

/// Refuse in read-only mode; called before planning too, so nothing is even fetched.
pub fn check_writable(readonly: bool, what: &str) -> Result<(), ActionError> {
    if readonly {
        Err(ActionError::ReadOnly(what.to_string()))
    } else {
        Ok(())
    }
}

/// What a run did, step by step.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub plan_id: String,
    /// Every step applied (false for a dry run).
    pub applied: bool,
    /// The audit lines written.
    pub audit: Vec<AuditEntry>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.applied {
            return write!(f, "server dry-run passed; nothing was applied");
        }
        let changes: Vec<String> = self
            .audit
            .iter()
            .map(|e| format!("{} on {} ({})", e.change, e.context, e.object))
            .collect();
        write!(f, "applied: {}", changes.join("; "))
    }
}

pub(super) fn label(i: usize, n: usize) -> String {
    format!("{}/{n}", i + 1)
}

pub(super) fn step_name(s: &Step) -> String {
    format!("{} on {}", s.object_ref(), s.context)
}

pub use super::run::{dry_run, run};
