//! Volcano PodGroups (scheduling.volcano.sh/v1beta1): a job's gang of pods, the queue it waits in,
//! and how far it got.

use serde::Deserialize;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, created, name, namespace};
use crate::fleet::intern::Interner;
use crate::fleet::store::keyed;
use crate::fleet::{Str, Ts};

#[derive(Clone, Debug, PartialEq)]
pub struct PodGroupRow {
    pub namespace: Str,
    pub name: Str,
    /// `spec.queue` (Volcano's default queue when unset).
    pub queue: Str,
    /// Pending, Inqueue, Running, Unknown, Completed.
    pub phase: Str,
    pub min_member: i64,
    pub running: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub created: Ts,
}
keyed!(namespaced: PodGroupRow);

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodGroupSpec {
    pub queue: Option<String>,
    pub min_member: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct PodGroupStatus {
    pub phase: Option<String>,
    pub running: Option<i64>,
    pub succeeded: Option<i64>,
    pub failed: Option<i64>,
}

pub type PodGroupL = Lean<PodGroupSpec, PodGroupStatus>;

/// The phases the queues pane counts, in its order; any other phase counts as Unknown.
pub const PHASES: [&str; 5] = ["Pending", "Inqueue", "Running", "Completed", "Unknown"];

impl PodGroupRow {
    /// Its phase's index in [`PHASES`].
    pub fn phase_index(&self) -> usize {
        PHASES.iter().position(|p| *p == &*self.phase).unwrap_or(4)
    }
}

pub struct PodGroup;

impl KindDef for PodGroup {
    type Row = PodGroupRow;
    type Lean = PodGroupL;
    const API: ApiSpec = ApiSpec {
        group: "scheduling.volcano.sh",
        versions: &["v1beta1"],
        kind: "PodGroup",
        plural: "podgroups",
        namespaced: true,
    };
    const TITLE: &'static str = "PodGroups";
    const SINGULAR: &'static str = "podgroup";

    fn project(o: PodGroupL) -> PodGroupRow {
        let s = o.status;
        PodGroupRow {
            namespace: namespace(&o.metadata),
            name: name(&o.metadata),
            queue: Str::from(o.spec.queue.as_deref().unwrap_or("default")),
            phase: Str::from(s.phase.as_deref().unwrap_or("Pending")),
            min_member: o.spec.min_member.unwrap_or(1),
            running: s.running.unwrap_or(0),
            succeeded: s.succeeded.unwrap_or(0),
            failed: s.failed.unwrap_or(0),
            created: created(&o.metadata),
        }
    }

    fn columns() -> &'static [Col<PodGroupRow>] {
        const C: &[Col<PodGroupRow>] = &[
            Col::new("namespace", "NAMESPACE", 9, 24, 2, |g| V::Str(&g.namespace)),
            Col::new("name", "NAME", 12, 63, 0, |g| V::Str(&g.name)),
            Col::new("queue", "QUEUE", 5, 24, 0, |g| V::Str(&g.queue)),
            Col::new("phase", "PHASE", 5, 10, 0, |g| V::Str(&g.phase)),
            Col::num("min_member", "MIN", 3, 5, 3, |g| V::Int(g.min_member)),
            Col::num("running", "RUNNING", 7, 8, 1, |g| V::Int(g.running)),
            Col::num("succeeded", "SUCCEEDED", 9, 9, 3, |g| V::Int(g.succeeded)),
            Col::num("failed", "FAILED", 6, 7, 2, |g| V::Int(g.failed)),
            Col::age("age", "AGE", 2, |g| V::Age(g.created)),
        ];
        C
    }

    fn tone(g: &PodGroupRow) -> Tone {
        match &*g.phase {
            _ if g.failed > 0 => Tone::Err,
            "Pending" | "Unknown" => Tone::Warn,
            "Completed" => Tone::Dim,
            _ => Tone::Normal,
        }
    }

    fn intern(g: &mut PodGroupRow, i: &mut Interner) {
        g.namespace = i.intern(&g.namespace);
        g.queue = i.intern(&g.queue);
        g.phase = i.intern(&g.phase);
    }
}
