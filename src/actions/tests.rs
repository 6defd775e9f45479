//! The mutation path end to end over the demo fleet's executor (the real-apiserver runs are in
//! tests/e2e/): dry-run of every step, apply in order, one audit line per step, revert of what
//! was applied when a later step fails, never over someone else's change.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::*;
use crate::fleet::{FleetModel, Kind, ObjKey};
use crate::sources::demo::{self, DemoBackend, DemoSim};
use crate::sources::{ApiError, BoxFut, Executor};

const NOW: i64 = 1_750_000_000;

fn demo() -> (DemoBackend, mpsc::Receiver<crate::fleet::FleetEvent>) {
    let sim = DemoSim::new(7, NOW);
    let (tx, rx) = mpsc::channel(10_000);
    let (ctx, crx) = mpsc::channel(8);
    tokio::spawn(demo::run(sim, tx, crx, None, || NOW));
    (DemoBackend::new(ctx), rx)
}

fn audit() -> (tempfile::TempDir, AuditLog) {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path().join("state/audit.log"));
    (dir, log)
}

async fn cordon_plan(exec: &dyn Executor, member: &str, cordon: bool) -> Plan {
    let contexts: Vec<String> = ["karmada-host", "prod-eu", "prod-us", "prod-ap", "edge-cn"]
        .map(String::from)
        .to_vec();
    Verb::Cordon {
        control_plane: 0,
        member: member.into(),
        cordon,
    }
    .plan(exec, &contexts)
    .await
    .unwrap()
}

/// Two cordons as one plan (a multi-object plan for the tests).
async fn two_step_plan(exec: &dyn Executor) -> Plan {
    let mut p = cordon_plan(exec, "prod-eu", true).await;
    let q = cordon_plan(exec, "prod-us", true).await;
    p.steps.extend(q.steps);
    p
}

async fn taints(exec: &dyn Executor, member: &str) -> Value {
    let v = exec
        .get(0, Kind::KarmadaCluster, &ObjKey::cluster_scoped(member))
        .await
        .unwrap();
    v["spec"]["taints"].clone()
}

#[tokio::test]
async fn cordon_lands_through_the_model_with_one_audit_line() {
    let (exec, mut rx) = demo();
    let (_d, log) = audit();
    let plan = cordon_plan(&exec, "prod-ap", true).await;
    assert!(plan.id.starts_with("p-"));
    let report = run(&exec, &plan, false, true, &log, NOW).await.unwrap();
    assert!(report.applied);
    let lines = log.read_all().unwrap();
    assert_eq!(lines, report.audit);
    assert_eq!(lines.len(), 1);
    let e = &lines[0];
    assert_eq!(
        (e.context.as_str(), e.object.as_str()),
        ("karmada-host", "clusters.cluster.karmada.io/prod-ap")
    );
    assert_eq!(
        (e.plan.as_str(), e.step.as_str(), e.result.as_str()),
        (plan.id.as_str(), "1/1", "applied")
    );
    // The state dir is private and the audit log too.
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(log.path()), 0o600);
    assert_eq!(mode(log.path().parent().unwrap()), 0o700);
    // The change reaches the model through the same projections as everything else.
    let mut model = FleetModel::new(["karmada-host", "prod-eu", "prod-us", "prod-ap", "edge-cn"]);
    while let Ok(ev) = rx.try_recv() {
        model.apply(ev);
    }
    let row = model.clusters[0]
        .store::<crate::kinds::karmada_cluster::KarmadaCluster>()
        .get(&ObjKey::cluster_scoped("prod-ap"))
        .cloned()
        .unwrap();
    assert_eq!(
        row.taints[0].to_string(),
        "cluster.karmada.io/unschedulable:NoSchedule"
    );
    // Planned again: nothing to do.
    let again = cordon_plan(&exec, "prod-ap", true).await;
    assert_eq!(again.noop.as_deref(), Some("prod-ap is already cordoned"));
    assert!(matches!(
        run(&exec, &again, false, true, &log, NOW).await,
        Err(ActionError::Noop(_))
    ));
}

#[tokio::test]
async fn a_stale_plan_conflicts_and_overwrites_nothing() {
    let (exec, _rx) = demo();
    let (_d, log) = audit();
    let stale = cordon_plan(&exec, "prod-eu", true).await;
    // Someone else changes the Cluster first.
    let other = cordon_plan(&exec, "prod-eu", true).await;
    run(&exec, &other, false, true, &log, NOW).await.unwrap();
    let theirs = taints(&exec, "prod-eu").await;
    let err = run(&exec, &stale, false, true, &log, NOW)
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 3, "{err}");
    assert!(err.to_string().contains("conflict"), "{err}");
    assert!(err.to_string().contains("nothing was applied"), "{err}");
    assert_eq!(
        log.read_all().unwrap().len(),
        1,
        "only the other plan's line"
    );
    assert_eq!(taints(&exec, "prod-eu").await, theirs);
}

#[tokio::test]
async fn readonly_refuses_and_writes_nothing() {
    let (exec, _rx) = demo();
    let (_d, log) = audit();
    let plan = cordon_plan(&exec, "prod-us", true).await;
    let before = taints(&exec, "prod-us").await;
    let err = run(&exec, &plan, true, true, &log, NOW).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "read-only mode (--readonly): refusing to cordon karmada member prod-us"
    );
    assert_eq!(err.exit_code(), 2);
    assert!(log.read_all().unwrap().is_empty());
    assert_eq!(taints(&exec, "prod-us").await, before);
}

#[tokio::test]
async fn a_dry_run_applies_nothing() {
    let (exec, _rx) = demo();
    let (_d, log) = audit();
    let plan = two_step_plan(&exec).await;
    let report = run(&exec, &plan, false, false, &log, NOW).await.unwrap();
    assert!(!report.applied);
    assert!(log.read_all().unwrap().is_empty());
    assert_eq!(taints(&exec, "prod-eu").await, Value::Null);
}

#[tokio::test]
async fn a_step_refused_in_the_dry_run_stops_everything_before_any_apply() {
    let (exec, _rx) = demo();
    let (_d, log) = audit();
    let mut plan = two_step_plan(&exec).await;
    // The second step's object changes after planning: its dry-run conflicts.
    run(
        &exec,
        &cordon_plan(&exec, "prod-us", true).await,
        false,
        true,
        &log,
        NOW,
    )
    .await
    .unwrap();
    plan.steps[1].resource_version = "1".into();
    let err = run(&exec, &plan, false, true, &log, NOW).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("server dry-run of step 2/2 refused: conflict"),
        "{err}"
    );
    assert_eq!(
        taints(&exec, "prod-eu").await,
        Value::Null,
        "step 1 not applied"
    );
}

/// Delegates to the demo, but makes the Nth real (non-dry-run) patch fail, and can change an
/// object behind the plan's back just before that.
struct Faulty {
    inner: DemoBackend,
    fail_at: usize,
    applies: AtomicUsize,
    meddle: Mutex<Option<(ObjKey, Value)>>,
    /// The failure has no HTTP status (a timeout): the outcome is unknown.
    no_answer: bool,
    /// Answers without a resourceVersion.
    strip_rv: bool,
}

impl Executor for Faulty {
    fn get<'a>(
        &'a self,
        c: usize,
        k: Kind,
        key: &'a ObjKey,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        self.inner.get(c, k, key)
    }
    fn list(&self, c: usize, k: Kind) -> BoxFut<'_, Result<Vec<Value>, ApiError>> {
        self.inner.list(c, k)
    }
    fn patch<'a>(
        &'a self,
        c: usize,
        k: Kind,
        key: &'a ObjKey,
        ops: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Box::pin(async move {
            if !dry_run {
                let n = self.applies.fetch_add(1, Ordering::SeqCst) + 1;
                if n == self.fail_at {
                    let meddle = self.meddle.lock().unwrap().take();
                    if let Some((mkey, mops)) = meddle {
                        self.inner.patch(c, k, &mkey, &mops, false).await.unwrap();
                    }
                    if self.no_answer {
                        return Err(ApiError::other("timed out (127.0.0.1:16443)"));
                    }
                    return Err(ApiError {
                        code: Some(500),
                        reason: "InternalError".into(),
                        message: "etcdserver: request timed out".into(),
                    });
                }
            }
            let mut answer = self.inner.patch(c, k, key, ops, dry_run).await?;
            if self.strip_rv && !dry_run {
                answer["metadata"]
                    .as_object_mut()
                    .map(|m| m.remove("resourceVersion"));
            }
            Ok(answer)
        })
    }
    fn create<'a>(
        &'a self,
        c: usize,
        api: &'a crate::kinds::ApiSpec,
        ns: &'a str,
        obj: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        self.inner.create(c, api, ns, obj, dry_run)
    }
    fn user(&self, c: usize) -> String {
        self.inner.user(c)
    }
}

/// The demo, its second real patch failing.
fn faulty() -> (Faulty, mpsc::Receiver<crate::fleet::FleetEvent>) {
    let (inner, rx) = demo();
    let exec = Faulty {
        inner,
        fail_at: 2,
        applies: AtomicUsize::new(0),
        meddle: Mutex::new(None),
        no_answer: false,
        strip_rv: false,
    };
    (exec, rx)
}

#[tokio::test]
async fn a_failed_step_reverts_the_applied_ones() {
    let (exec, _rx) = faulty();
    let (_d, log) = audit();
    let plan = two_step_plan(&exec).await;
    let err = run(&exec, &plan, false, true, &log, NOW).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("step 2/2 failed: etcdserver: request timed out"),
        "{text}"
    );
    assert!(
        text.contains("reverted: step 1/2 (clusters.cluster.karmada.io/prod-eu on karmada-host)"),
        "{text}"
    );
    assert_eq!(err.exit_code(), 1);
    assert_eq!(taints(&exec, "prod-eu").await, Value::Null, "step 1 undone");
    assert_eq!(
        taints(&exec, "prod-us").await,
        Value::Null,
        "step 2 never applied"
    );
    let lines = log.read_all().unwrap();
    let results: Vec<(&str, &str)> = lines
        .iter()
        .map(|e| (e.step.as_str(), e.result.as_str()))
        .collect();
    assert_eq!(results, [("1/2", "applied"), ("1/2", "reverted")]);
    assert!(lines.iter().all(|e| e.plan == plan.id));
}

#[tokio::test]
async fn a_revert_never_overwrites_a_change_made_since() {
    let (exec, _rx) = faulty();
    let (_d, log) = audit();
    let plan = two_step_plan(&exec).await;
    // After step 1 lands, someone else edits prod-eu's Cluster (its region).
    *exec.meddle.lock().unwrap() = Some((
        ObjKey::cluster_scoped("prod-eu"),
        json!([{"op": "replace", "path": "/spec/region", "value": "eu-central-1"}]),
    ));
    let err = run(&exec, &plan, false, true, &log, NOW).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("NOT reverted: step 1/2 (clusters.cluster.karmada.io/prod-eu on karmada-host) (changed by someone else since)"), "{text}");
    let eu = exec
        .get(0, Kind::KarmadaCluster, &ObjKey::cluster_scoped("prod-eu"))
        .await
        .unwrap();
    assert_eq!(eu["spec"]["region"], "eu-central-1", "their change kept");
    assert_eq!(
        eu["spec"]["taints"][0]["key"],
        cordon::UNSCHEDULABLE_TAINT,
        "ours left, and said so"
    );
    let results: Vec<String> = log
        .read_all()
        .unwrap()
        .into_iter()
        .map(|e| e.result)
        .collect();
    assert_eq!(
        results,
        ["applied", "revert failed: changed by someone else since"]
    );
}

#[tokio::test]
async fn a_step_without_an_answer_is_audited_as_unknown_and_never_said_not_applied() {
    let (mut exec, _rx) = faulty();
    exec.no_answer = true;
    let (_d, log) = audit();
    let plan = two_step_plan(&exec).await;
    let err = run(&exec, &plan, false, true, &log, NOW).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("it may have been applied"), "{text}");
    assert!(!text.contains("nothing was applied"), "{text}");
    assert!(text.contains("reverted: step 1/2"), "{text}");
    let results: Vec<String> = log
        .read_all()
        .unwrap()
        .into_iter()
        .map(|e| e.result)
        .collect();
    assert_eq!(
        results,
        [
            "applied",
            "outcome unknown: timed out (127.0.0.1:16443)",
            "reverted"
        ]
    );
}

#[tokio::test]
async fn no_revert_without_a_resource_version_to_guard_it() {
    let (mut exec, _rx) = faulty();
    exec.strip_rv = true;
    let (_d, log) = audit();
    let plan = two_step_plan(&exec).await;
    let err = run(&exec, &plan, false, true, &log, NOW).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("NOT reverted: step 1/2 (clusters.cluster.karmada.io/prod-eu on karmada-host) (no resourceVersion to guard the revert with)"),
        "{text}"
    );
    assert_eq!(
        taints(&exec, "prod-eu").await[0]["key"],
        cordon::UNSCHEDULABLE_TAINT,
        "left, and said so"
    );
}

#[tokio::test]
async fn steps_on_one_object_revert_in_a_chain() {
    let (mut exec, _rx) = faulty();
    exec.fail_at = 3;
    let (_d, log) = audit();
    let eu = ObjKey::cluster_scoped("prod-eu");
    let before = exec.get(0, Kind::KarmadaCluster, &eu).await.unwrap();
    let mut plan = cordon_plan(&exec, "prod-eu", true).await;
    // A second step on the same object (its region), guarded by a `test` of the region: it
    // applies over what step 1 wrote.
    let mut region = plan.steps[0].clone();
    region.ops = vec![
        json!({"op": "test", "path": "/spec/region", "value": "eu-west-1"}),
        json!({"op": "replace", "path": "/spec/region", "value": "eu-central-1"}),
    ];
    region.undo = vec![json!({"op": "replace", "path": "/spec/region", "value": "eu-west-1"})];
    region.resource_version = String::new();
    plan.steps.push(region);
    plan.steps
        .extend(cordon_plan(&exec, "prod-us", true).await.steps);
    let err = run(&exec, &plan, false, true, &log, NOW).await.unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("step 3/3 failed"), "{text}");
    assert!(
        text.contains("reverted: step 2/3") && text.contains("step 1/3"),
        "{text}"
    );
    assert!(!text.contains("NOT reverted"), "{text}");
    let after = exec.get(0, Kind::KarmadaCluster, &eu).await.unwrap();
    assert_eq!(after["spec"], before["spec"], "both steps undone, in order");
}

#[tokio::test]
async fn nothing_is_applied_when_the_audit_log_cannot_be_written() {
    let (exec, _rx) = demo();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("state"),
        "a file where the state dir should be",
    )
    .unwrap();
    let log = AuditLog::new(dir.path().join("state/audit.log"));
    let plan = cordon_plan(&exec, "prod-eu", true).await;
    let err = run(&exec, &plan, false, true, &log, NOW).await.unwrap_err();
    assert!(err.to_string().contains("cannot be written"), "{err}");
    assert!(err.to_string().ends_with("nothing was applied"), "{err}");
    assert_eq!(taints(&exec, "prod-eu").await, Value::Null);
}

/// Every route weight of every VirtualService on the demo's members.
async fn route_weights(exec: &dyn Executor) -> Vec<Value> {
    let mut out = Vec::new();
    for c in 1..=4 {
        for v in exec.list(c, Kind::VirtualService).await.unwrap_or_default() {
            out.push(json!([v["metadata"]["name"], v["spec"]["http"]]));
        }
    }
    out
}

#[tokio::test]
async fn a_drain_over_several_clusters_that_fails_reverts_everything_applied() {
    let (mut exec, _rx) = faulty();
    exec.fail_at = 4;
    let (_d, log) = audit();
    let contexts = crate::sources::demo::DemoSim::new(1, NOW).contexts();
    let plan = Verb::Drain {
        clusters: (0..contexts.len()).collect(),
        control_planes: vec![0],
        member: "prod-eu".into(),
        to: None,
        cordon: true,
    }
    .plan(&exec, &contexts)
    .await
    .unwrap();
    let clusters: std::collections::BTreeSet<_> = plan.steps.iter().map(|s| s.cluster).collect();
    assert!(
        clusters.len() >= 3,
        "steps on several clusters: {clusters:?}"
    );
    let before = route_weights(&exec).await;
    let err = run(&exec, &plan, false, true, &log, NOW).await.unwrap_err();
    let ActionError::Failed {
        reverted,
        unreverted,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert!(unreverted.is_empty(), "{err}");
    assert!(reverted.len() >= 3, "{err}");
    assert_eq!(route_weights(&exec).await, before, "every route as it was");
    assert_eq!(taints(&exec, "prod-eu").await, Value::Null, "not cordoned");
    let lines = log.read_all().unwrap();
    let count = |r: &str| lines.iter().filter(|e| e.result == r).count();
    assert_eq!(count("applied"), reverted.len());
    assert_eq!(count("reverted"), reverted.len());
}

/// A close (a created Command) then a weight patch on prod-eu's queues.
async fn close_then_weight(exec: &dyn Executor) -> Plan {
    let contexts = demo_contexts();
    let eu = contexts.iter().position(|c| c == "prod-eu").unwrap();
    let close = Verb::QueueState {
        clusters: vec![eu],
        queue: "research".into(),
        open: false,
    };
    let weight = Verb::QueueWeights {
        clusters: vec![eu],
        weights: vec![("prod".into(), 9)],
    };
    let mut plan = close.plan(exec, &contexts).await.unwrap();
    let w = weight.plan(exec, &contexts).await.unwrap();
    plan.steps.extend(w.steps);
    plan
}

fn demo_contexts() -> Vec<String> {
    DemoSim::new(7, NOW).contexts()
}

#[tokio::test]
async fn a_create_step_is_audited_by_the_name_given_and_never_said_reverted() {
    let (exec, _rx) = faulty();
    let exec = Faulty { fail_at: 1, ..exec };
    let (_d, log) = audit();
    let plan = close_then_weight(&exec).await;
    assert!(plan.steps[0].create.is_some() && plan.steps[1].create.is_none());
    let err = run(&exec, &plan, false, true, &log, NOW).await.unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("step 2/2 failed"), "{text}");
    assert!(
        text.contains(
            "NOT reverted: step 1/2 (commands.bus.volcano.sh/default/research-closequeue- on \
             prod-eu) (a created object is not taken back (its controller acts on it))"
        ),
        "{text}"
    );
    let lines = log.read_all().unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0]
            .object
            .starts_with("commands.bus.volcano.sh/default/research-closequeue-")
            && lines[0].object.len() > "commands.bus.volcano.sh/default/research-closequeue-".len(),
        "{lines:?}"
    );
    assert_eq!(lines[0].result, "applied");
    assert_eq!(lines[0].undo, None);
    assert!(lines[1].result.starts_with("revert failed"), "{lines:?}");
}
