//! Volcano queues (scheduling.volcano.sh/v1beta1): state (`status.state`), weight, jobs.

use serde::Deserialize;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, name};
use crate::fleet::Str;
use crate::fleet::store::keyed;

#[derive(Clone, Debug, PartialEq)]
pub struct QueueRow {
    pub name: Str,
    pub state: Str,
    pub weight: i64,
    pub reclaimable: Option<bool>,
    pub running: i64,
    pub pending: i64,
}
keyed!(cluster: QueueRow);

#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueSpec {
    pub weight: Option<i64>,
    pub reclaimable: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueStatus {
    pub state: Option<String>,
    pub running: Option<i64>,
    pub pending: Option<i64>,
}

pub type QueueL = Lean<QueueSpec, QueueStatus>;

pub struct Queue;

impl KindDef for Queue {
    type Row = QueueRow;
    type Lean = QueueL;
    const API: ApiSpec = ApiSpec {
        group: "scheduling.volcano.sh",
        versions: &["v1beta1"],
        kind: "Queue",
        plural: "queues",
        namespaced: false,
    };
    const TITLE: &'static str = "Queues";
    const SINGULAR: &'static str = "queue";

    fn project(o: QueueL) -> QueueRow {
        QueueRow {
            name: name(&o.metadata),
            state: Str::from(o.status.state.as_deref().unwrap_or("Unknown")),
            // Volcano defaults the weight to 1.
            weight: o.spec.weight.unwrap_or(1),
            reclaimable: o.spec.reclaimable,
            running: o.status.running.unwrap_or(0),
            pending: o.status.pending.unwrap_or(0),
        }
    }

    fn columns() -> &'static [Col<QueueRow>] {
        const C: &[Col<QueueRow>] = &[
            Col::new("name", "NAME", 10, 63, 0, |q| V::Str(&q.name)),
            Col::new("state", "STATE", 6, 10, 0, |q| V::Str(&q.state)),
            Col::num("weight", "WEIGHT", 6, 7, 1, |q| V::Int(q.weight)),
            Col::num("running", "RUNNING", 7, 8, 1, |q| V::Int(q.running)),
            Col::num("pending", "PENDING", 7, 8, 1, |q| V::Int(q.pending)),
        ];
        C
    }

    fn tone(q: &QueueRow) -> Tone {
        if &*q.state == "Open" {
            Tone::Normal
        } else {
            Tone::Warn
        }
    }
}
