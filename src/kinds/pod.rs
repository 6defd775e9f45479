//! Pods: phase, the reason that explains trouble (like kubectl's STATUS), readiness, restarts.

use kube::core::ObjectMeta;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, created, name, namespace, opt};
use crate::fleet::intern::Interner;
use crate::fleet::store::keyed;
use crate::fleet::{Str, Ts};

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PodPhase {
    Running,
    Pending,
    Succeeded,
    Failed,
    Unknown,
}

impl PodPhase {
    pub fn parse(s: &str) -> Self {
        match s {
            "Running" => PodPhase::Running,
            "Pending" => PodPhase::Pending,
            "Succeeded" => PodPhase::Succeeded,
            "Failed" => PodPhase::Failed,
            _ => PodPhase::Unknown,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Running => "Running",
            PodPhase::Pending => "Pending",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
            PodPhase::Unknown => "Unknown",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodRow {
    pub namespace: Str,
    pub name: Str,
    pub phase: PodPhase,
    /// A waiting/terminated reason that explains trouble (CrashLoopBackOff, ...).
    pub reason: Option<Str>,
    pub ready: u16,
    pub containers: u16,
    pub restarts: u32,
    pub node: Option<Str>,
    pub created: Ts,
}
keyed!(namespaced: PodRow);

impl PodRow {
    /// The STATUS text: the reason that explains trouble, else the phase.
    pub fn status(&self) -> &str {
        self.reason.as_deref().unwrap_or(self.phase.as_str())
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    pub node_name: Option<String>,
    /// Only counted: each container is skipped without being decoded.
    pub containers: Option<Vec<IgnoredAny>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    pub phase: Option<String>,
    pub reason: Option<String>,
    pub container_statuses: Option<Vec<ContainerStatus>>,
    pub init_container_statuses: Option<Vec<ContainerStatus>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatus {
    pub ready: Option<bool>,
    pub restart_count: Option<i64>,
    pub state: Option<ContainerState>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ContainerState {
    pub waiting: Option<Reasoned>,
    pub terminated: Option<Reasoned>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Reasoned {
    pub reason: Option<String>,
}

pub type PodL = Lean<PodSpec, PodStatus>;

fn state_reason(c: &ContainerStatus) -> Option<String> {
    let st = c.state.as_ref()?;
    let w = st.waiting.as_ref().and_then(|w| w.reason.clone());
    let t = || st.terminated.as_ref().and_then(|t| t.reason.clone());
    w.filter(|r| !r.is_empty())
        .or_else(|| t().filter(|r| !r.is_empty()))
}

/// Like kubectl's STATUS column: a container's waiting/terminated reason (an init container's
/// as `Init:Reason`), else the pod's own reason (Evicted, NodeLost); `Terminating` once deleted.
fn pod_reason(meta: &ObjectMeta, st: &PodStatus) -> Option<String> {
    let init = st.init_container_statuses.iter().flatten().find_map(|c| {
        let done_ok = c
            .state
            .as_ref()
            .and_then(|s| s.terminated.as_ref())
            .is_some_and(|t| t.reason.as_deref() == Some("Completed"));
        if done_ok {
            return None;
        }
        state_reason(c)
            .filter(|r| r != "PodInitializing")
            .map(|r| format!("Init:{r}"))
    });
    let reason = init
        .or_else(|| {
            st.container_statuses
                .iter()
                .flatten()
                .find_map(state_reason)
        })
        .or_else(|| st.reason.clone().filter(|r| !r.is_empty()));
    if meta.deletion_timestamp.is_some() {
        if st.reason.as_deref() == Some("NodeLost") {
            return Some("Unknown".into());
        }
        return Some("Terminating".into());
    }
    reason
}

pub struct Pod;

impl KindDef for Pod {
    type Row = PodRow;
    type Lean = PodL;
    const API: ApiSpec = ApiSpec {
        group: "",
        versions: &["v1"],
        kind: "Pod",
        plural: "pods",
        namespaced: true,
    };
    const CORE: bool = true;
    const TITLE: &'static str = "Pods";
    const SINGULAR: &'static str = "pod";

    fn project(o: PodL) -> PodRow {
        let reason = pod_reason(&o.metadata, &o.status);
        let statuses = o.status.container_statuses.unwrap_or_default();
        let containers = o
            .spec
            .containers
            .map(|c| c.len())
            .unwrap_or(statuses.len())
            .max(statuses.len());
        let ready = statuses.iter().filter(|c| c.ready == Some(true)).count();
        let restarts: i64 = statuses.iter().filter_map(|c| c.restart_count).sum();
        PodRow {
            namespace: namespace(&o.metadata),
            name: name(&o.metadata),
            phase: PodPhase::parse(o.status.phase.as_deref().unwrap_or("")),
            reason: opt(reason),
            ready: ready.min(u16::MAX as usize) as u16,
            containers: containers.min(u16::MAX as usize) as u16,
            restarts: restarts.clamp(0, u32::MAX as i64) as u32,
            node: opt(o.spec.node_name),
            created: created(&o.metadata),
        }
    }

    fn columns() -> &'static [Col<PodRow>] {
        const C: &[Col<PodRow>] = &[
            Col::new("namespace", "NAMESPACE", 9, 24, 3, |p| V::Str(&p.namespace)),
            Col::new("name", "NAME", 24, 63, 0, |p| V::Str(&p.name)),
            Col::num("ready", "READY", 5, 7, 1, |p| {
                V::Ratio(p.ready.into(), p.containers.into())
            }),
            Col::new("status", "STATUS", 7, 26, 0, |p| V::Str(p.status())),
            Col::num("restarts", "RESTARTS", 8, 8, 2, |p| {
                V::Int(p.restarts.into())
            }),
            Col::new("node", "NODE", 8, 40, 4, |p| match &p.node {
                Some(n) => V::Str(n),
                None => V::Str("<none>"),
            }),
            Col::age("age", "AGE", 2, |p| V::Age(p.created)),
        ];
        C
    }

    fn tone(p: &PodRow) -> Tone {
        match p.phase {
            PodPhase::Failed => Tone::Err,
            PodPhase::Pending => Tone::Warn,
            PodPhase::Succeeded => Tone::Dim,
            _ if p.reason.is_some() => Tone::Err,
            _ => Tone::Normal,
        }
    }

    fn intern(p: &mut PodRow, i: &mut Interner) {
        p.namespace = i.intern(&p.namespace);
        p.node = i.intern_opt(&p.node);
        p.reason = i.intern_opt(&p.reason);
    }
}
