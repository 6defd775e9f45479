//! Carrying out a plan: read-only check → server dry-run of every step (and a check that the
//! server kept what was sent) → apply in order → one audit line per applied step. If a step
//! fails after earlier ones were applied, those are reverted in reverse order, each guarded by
//! the resourceVersion its apply returned, so a revert never overwrites a change made since.
//! Nothing is retried blindly: a 409 or 403 is reported as it is.

use std::fmt;

use super::audit::{AuditEntry, AuditLog, AuditUndo};
use super::plan::{Plan, Step};
use crate::sources::{ApiError, Executor};

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
    fn of(e: &ApiError) -> Cause {
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
    /// `act`'s exit code: 2 refused (read-only, bad input), 3 conflict, 4 forbidden, 1 else.
    pub fn exit_code(&self) -> i32 {
        match self {
            ActionError::ReadOnly(_) | ActionError::Invalid(_) => 2,
            ActionError::Forbidden(_) => 4,
            ActionError::DryRun { cause, .. } | ActionError::Failed { cause, .. } => match cause {
                Cause::Conflict => 3,
                Cause::Forbidden(_) => 4,
                _ => 1,
            },
            _ => 1,
        }
    }
}

fn cause_text(object: &str, c: &Cause) -> String {
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

fn label(i: usize, n: usize) -> String {
    format!("{}/{n}", i + 1)
}

fn step_name(s: &Step) -> String {
    format!("{} on {}", s.object_ref(), s.context)
}

/// Dry-run every step; stop at the first refusal.
pub async fn dry_run(exec: &dyn Executor, plan: &Plan) -> Result<(), ActionError> {
    let n = plan.steps.len();
    for (i, s) in plan.steps.iter().enumerate() {
        let refused = |cause| ActionError::DryRun {
            step: label(i, n),
            object: step_name(s),
            cause,
        };
        let answer = exec
            .patch(s.cluster, s.kind, &s.key, &s.patch(), true)
            .await
            .map_err(|e| refused(Cause::of(&e)))?;
        if let Some(path) = s.missing_in(&answer) {
            return Err(refused(Cause::Dropped(path)));
        }
    }
    Ok(())
}

/// Read-only check, dry-run of every step, then (when `apply`) apply in order with an audit
/// line each, reverting applied steps if a later one fails.
pub async fn run(
    exec: &dyn Executor,
    plan: &Plan,
    readonly: bool,
    apply: bool,
    audit: &AuditLog,
    now: i64,
) -> Result<Report, ActionError> {
    check_writable(readonly, &plan.title.to_lowercase())?;
    if let Some(why) = &plan.noop {
        return Err(ActionError::Noop(why.clone()));
    }
    dry_run(exec, plan).await?;
    let mut report = Report {
        plan_id: plan.id.clone(),
        applied: false,
        audit: Vec::new(),
    };
    if !apply {
        return Ok(report);
    }
    // Fail closed: nothing is applied that could not be audited.
    audit.check().map_err(|e| {
        ActionError::Other(format!(
            "the audit log {} cannot be written ({e}); nothing was applied",
            audit.path().display()
        ))
    })?;
    let n = plan.steps.len();
    let time = crate::sources::parse::format_rfc3339(now);
    let entry = |i: usize, s: &Step, result: &str| AuditEntry {
        time: time.clone(),
        plan: plan.id.clone(),
        step: label(i, n),
        user: exec.user(s.cluster),
        context: s.context.clone(),
        object: s.object_ref(),
        change: s.change.clone(),
        result: result.to_string(),
        verb: plan.verb.clone(),
        undo: (result == "applied").then(|| AuditUndo {
            kind: s.kind.api().kind.to_string(),
            namespace: s.key.namespace.as_deref().map(str::to_string),
            name: s.key.name.to_string(),
            guard: if s.guarded_by_tests() {
                "test"
            } else {
                "resourceVersion"
            }
            .into(),
            ops: s.undo.clone(),
        }),
    };
    let mut audit_error = None;
    let mut write = |e: AuditEntry, report: &mut Report| {
        tracing::info!(plan = %e.plan, step = %e.step, context = %e.context, object = %e.object,
            change = %e.change, result = %e.result, "audit");
        if let Err(err) = audit.append(&e) {
            audit_error.get_or_insert(err.to_string());
        }
        report.audit.push(e);
    };
    // The steps applied, in order.
    let mut done: Vec<usize> = Vec::new();
    // Each object's resourceVersion as our last write left it: what a revert is guarded by.
    let mut ours: Vec<(usize, String)> = Vec::new();
    let rv_of = |v: &serde_json::Value| {
        v["metadata"]["resourceVersion"]
            .as_str()
            .filter(|rv| !rv.is_empty())
            .map(str::to_string)
    };
    for (i, s) in plan.steps.iter().enumerate() {
        match exec
            .patch(s.cluster, s.kind, &s.key, &s.patch(), false)
            .await
        {
            Ok(answer) => {
                set_rv(&mut ours, plan, i, rv_of(&answer));
                done.push(i);
                write(entry(i, s, "applied"), &mut report);
            }
            Err(e) => {
                // No HTTP status (a timeout, a dropped connection): the step may have landed.
                let unknown = e.code.is_none();
                if unknown {
                    write(entry(i, s, &format!("outcome unknown: {e}")), &mut report);
                }
                let mut reverted = Vec::new();
                let mut unreverted = Vec::new();
                for j in done.iter().rev().copied() {
                    let d = &plan.steps[j];
                    let what = format!("step {} ({})", label(j, n), step_name(d));
                    let rv = rv_of_step(&ours, plan, j)
                        .or_else(|| d.guarded_by_tests().then(String::new));
                    let Some(rv) = rv else {
                        let why = "no resourceVersion to guard the revert with".to_string();
                        write(entry(j, d, &format!("revert failed: {why}")), &mut report);
                        unreverted.push((what, why));
                        continue;
                    };
                    match exec
                        .patch(d.cluster, d.kind, &d.key, &d.undo_patch(&rv), false)
                        .await
                    {
                        Ok(answer) => {
                            set_rv(&mut ours, plan, j, rv_of(&answer));
                            write(entry(j, d, "reverted"), &mut report);
                            reverted.push(what);
                        }
                        Err(re) => {
                            let why = match Cause::of(&re) {
                                Cause::Conflict => "changed by someone else since".to_string(),
                                c => cause_text(&d.object_ref(), &c),
                            };
                            write(entry(j, d, &format!("revert failed: {why}")), &mut report);
                            unreverted.push((what, why));
                        }
                    }
                }
                tracing::warn!(plan = %plan.id, step = i + 1, error = %e, "plan failed");
                let cause = if unknown {
                    Cause::Other(format!(
                        "{e}; it may have been applied: look at {} before trying again",
                        step_name(s)
                    ))
                } else {
                    Cause::of(&e)
                };
                return Err(ActionError::Failed {
                    step: label(i, n),
                    object: step_name(s),
                    cause,
                    reverted,
                    unreverted,
                    unknown,
                });
            }
        }
    }
    report.applied = true;
    if let Some(e) = audit_error {
        return Err(ActionError::Audit(e));
    }
    Ok(report)
}

/// Steps on the same object share one entry: the object's resourceVersion after our last write.
fn set_rv(ours: &mut Vec<(usize, String)>, plan: &Plan, step: usize, rv: Option<String>) {
    ours.retain(|(j, _)| !plan.steps[*j].same_object(&plan.steps[step]));
    if let Some(rv) = rv {
        ours.push((step, rv));
    }
}

fn rv_of_step(ours: &[(usize, String)], plan: &Plan, step: usize) -> Option<String> {
    ours.iter()
        .find(|(j, _)| plan.steps[*j].same_object(&plan.steps[step]))
        .map(|(_, rv)| rv.clone())
}
