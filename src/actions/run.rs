//! Sending a plan's steps: the server dry-run of every step, then the applies with an audit
//! line each, and the revert of what was applied when a step fails. Steps on different clusters
//! are independent, so each cluster's steps go in plan order while the clusters go at once; a
//! failure on one cluster stops the others before their next step, then everything applied is
//! reverted, last applied first, each revert guarded so it never overwrites a change made since.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::future::join_all;
use serde_json::Value;

use super::audit::{AuditEntry, AuditLog, AuditUndo};
use super::execute::{ActionError, Cause, Report, cause_text, check_writable, label, step_name};
use super::plan::{Plan, Step};
use crate::sources::{ApiError, Executor};

/// Send a step: its JSON patch, or the POST of the object it creates.
async fn send(exec: &dyn Executor, s: &Step, dry_run: bool) -> Result<Value, ApiError> {
    match &s.create {
        Some(c) => {
            exec.create(s.cluster, &c.api, &c.namespace, &c.object, dry_run)
                .await
        }
        None => {
            exec.patch(s.cluster, s.kind, &s.key, &s.patch(), dry_run)
                .await
        }
    }
}

/// The steps' indices grouped by cluster, each group in plan order.
fn by_cluster(plan: &Plan) -> Vec<Vec<usize>> {
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, s) in plan.steps.iter().enumerate() {
        match groups.iter_mut().find(|(c, _)| *c == s.cluster) {
            Some((_, g)) => g.push(i),
            None => groups.push((s.cluster, vec![i])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// Dry-run every step (each cluster's in order, the clusters at once); the refusal of the
/// earliest step refused, if any.
pub async fn dry_run(exec: &dyn Executor, plan: &Plan) -> Result<(), ActionError> {
    let n = plan.steps.len();
    let groups = by_cluster(plan);
    let refusals = join_all(groups.iter().map(|g| async move {
        for &i in g {
            let s = &plan.steps[i];
            match send(exec, s, true).await {
                Err(e) => return Some((i, Cause::of(&e))),
                Ok(answer) => {
                    if let Some(path) = s.missing_in(&answer) {
                        return Some((i, Cause::Dropped(path)));
                    }
                }
            }
        }
        None
    }))
    .await;
    match refusals.into_iter().flatten().min_by_key(|(i, _)| *i) {
        Some((i, cause)) => Err(ActionError::DryRun {
            step: label(i, n),
            object: step_name(&plan.steps[i]),
            cause,
        }),
        None => Ok(()),
    }
}

/// What the applies left: audit lines, the order steps were applied in, each object's
/// resourceVersion after our last write, the steps that failed.
#[derive(Default)]
struct Progress {
    report_audit: Vec<AuditEntry>,
    audit_error: Option<String>,
    done: Vec<usize>,
    ours: Vec<(usize, String)>,
    failed: Vec<(usize, ApiError)>,
}

fn rv_of(v: &Value) -> Option<String> {
    v["metadata"]["resourceVersion"]
        .as_str()
        .filter(|rv| !rv.is_empty())
        .map(str::to_string)
}

/// Read-only check, dry-run of every step, then (when `apply`) apply with an audit line each,
/// reverting the applied steps if one fails.
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
    let entry = |i: usize, result: &str| {
        let s = &plan.steps[i];
        AuditEntry {
            time: time.clone(),
            plan: plan.id.clone(),
            step: label(i, n),
            user: exec.user(s.cluster),
            context: s.context.clone(),
            object: s.object_ref(),
            change: s.change.clone(),
            result: result.to_string(),
            verb: plan.verb.clone(),
            // A created object (a Volcano Command) is not taken back: no undo.
            undo: (result == "applied" && s.create.is_none()).then(|| AuditUndo {
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
        }
    };
    let write = |e: AuditEntry, p: &mut Progress| {
        tracing::info!(plan = %e.plan, step = %e.step, context = %e.context, object = %e.object,
            change = %e.change, result = %e.result, "audit");
        if let Err(err) = audit.append(&e) {
            p.audit_error.get_or_insert(err.to_string());
        }
        p.report_audit.push(e);
    };
    let progress = Mutex::new(Progress::default());
    let stop_flag = AtomicBool::new(false);
    let stop = &stop_flag;
    let lock = || progress.lock().unwrap_or_else(|p| p.into_inner());
    let groups = by_cluster(plan);
    join_all(groups.iter().map(|g| async move {
        for &i in g {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let s = &plan.steps[i];
            let r = send(exec, s, false).await;
            let mut p = lock();
            match r {
                Ok(answer) => {
                    let mut e = entry(i, "applied");
                    if let Some(c) = &s.create {
                        // The object created, by the name the server gave it.
                        let name = answer["metadata"]["name"].as_str().unwrap_or("");
                        e.object = format!("{}/{}/{name}", c.resource(), c.namespace);
                    } else {
                        set_rv(&mut p.ours, plan, i, rv_of(&answer));
                    }
                    p.done.push(i);
                    write(e, &mut p);
                }
                Err(e) => {
                    stop.store(true, Ordering::SeqCst);
                    if e.code.is_none() {
                        // No HTTP status (a timeout, a dropped connection): it may have landed.
                        write(entry(i, &format!("outcome unknown: {e}")), &mut p);
                    }
                    p.failed.push((i, e));
                    break;
                }
            }
        }
    }))
    .await;
    let mut p = progress.into_inner().unwrap_or_else(|p| p.into_inner());
    p.failed.sort_by_key(|(i, _)| *i);
    if p.failed.is_empty() {
        report.audit = p.report_audit;
        report.applied = true;
        return match p.audit_error {
            Some(e) => Err(ActionError::Audit(e)),
            None => Ok(report),
        };
    }
    let (i, e) = p.failed.remove(0);
    let s = &plan.steps[i];
    let mut unreverted: Vec<(String, String)> = p
        .failed
        .iter()
        .filter(|(_, e)| e.code.is_none())
        .map(|(j, e)| {
            let what = format!("step {} ({})", label(*j, n), step_name(&plan.steps[*j]));
            (
                what,
                format!("outcome unknown ({e}): it may have been applied"),
            )
        })
        .collect();
    let mut reverted = Vec::new();
    let done: Vec<usize> = p.done.iter().rev().copied().collect();
    for j in done {
        let d = &plan.steps[j];
        let what = format!("step {} ({})", label(j, n), step_name(d));
        if d.create.is_some() {
            let why = "a created object is not taken back (its controller acts on it)";
            write(entry(j, &format!("revert failed: {why}")), &mut p);
            unreverted.push((what, why.to_string()));
            continue;
        }
        let rv = rv_of_step(&p.ours, plan, j).or_else(|| d.guarded_by_tests().then(String::new));
        let Some(rv) = rv else {
            let why = "no resourceVersion to guard the revert with".to_string();
            write(entry(j, &format!("revert failed: {why}")), &mut p);
            unreverted.push((what, why));
            continue;
        };
        match exec
            .patch(d.cluster, d.kind, &d.key, &d.undo_patch(&rv), false)
            .await
        {
            Ok(answer) => {
                set_rv(&mut p.ours, plan, j, rv_of(&answer));
                write(entry(j, "reverted"), &mut p);
                reverted.push(what);
            }
            Err(re) => {
                let why = match Cause::of(&re) {
                    Cause::Conflict => "changed by someone else since".to_string(),
                    c => cause_text(&d.object_ref(), &c),
                };
                write(entry(j, &format!("revert failed: {why}")), &mut p);
                unreverted.push((what, why));
            }
        }
    }
    tracing::warn!(plan = %plan.id, step = i + 1, error = %e, "plan failed");
    let unknown = e.code.is_none();
    let cause = if unknown {
        Cause::Other(format!(
            "{e}; it may have been applied: look at {} before trying again",
            step_name(s)
        ))
    } else {
        Cause::of(&e)
    };
    Err(ActionError::Failed {
        step: label(i, n),
        object: step_name(s),
        cause,
        reverted,
        unreverted,
        unknown,
    })
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
