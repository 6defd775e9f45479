//! Volcano queues (scheduling.volcano.sh/v1beta1): state (`status.state`), weight, parent,
//! resources. Volcano 1.11 and later no longer write PodGroup counters on the queue: the
//! counts by phase come from the cluster's PodGroups (`crate::fleet::tally::QueueTally`).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, name, opt};
use crate::fleet::Str;
use crate::fleet::intern::Interner;
use crate::fleet::store::keyed;

/// cpu, memory and nvidia.com/gpu of a resource list, in human units (`4`, `16Gi`, `2`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Res {
    pub cpu: Option<Str>,
    pub memory: Option<Str>,
    pub gpu: Option<Str>,
}

impl Res {
    fn of(m: Option<BTreeMap<String, Value>>) -> Res {
        let m = m.unwrap_or_default();
        let q = |k: &str, mem: bool| m.get(k).and_then(|v| human(v, mem)).map(Str::from);
        Res {
            cpu: q("cpu", false),
            memory: q("memory", true),
            gpu: q("nvidia.com/gpu", false),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.cpu.is_none() && self.memory.is_none() && self.gpu.is_none()
    }

    /// `cpu 4 · mem 16Gi · gpu 2` (what is set), or `-`.
    pub fn text(&self) -> String {
        let parts: Vec<String> = [
            ("cpu", &self.cpu),
            ("mem", &self.memory),
            ("gpu", &self.gpu),
        ]
        .iter()
        .filter_map(|(l, v)| v.as_ref().map(|v| format!("{l} {v}")))
        .collect();
        if parts.is_empty() {
            "-".into()
        } else {
            parts.join(" · ")
        }
    }

    /// `{"cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "2"}` (what is set).
    pub fn json(&self) -> Value {
        let mut m = serde_json::Map::new();
        for (k, v) in [
            ("cpu", &self.cpu),
            ("memory", &self.memory),
            ("nvidia.com/gpu", &self.gpu),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), Value::from(&**v));
            }
        }
        Value::Object(m)
    }
}

/// A quantity in human units: strings as written (`16Gi`, `500m`); a plain number of bytes
/// for memory in the largest binary unit that divides it (`17179869184` → `16Gi`).
pub fn human(v: &Value, memory: bool) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => {
            let Some(b) = n.as_u64() else {
                return Some(n.to_string());
            };
            if !memory || b == 0 {
                return Some(b.to_string());
            }
            let units = [
                ("Ti", 1u64 << 40),
                ("Gi", 1 << 30),
                ("Mi", 1 << 20),
                ("Ki", 1 << 10),
            ];
            Some(
                units
                    .iter()
                    .find(|(_, u)| b % u == 0)
                    .map_or(b.to_string(), |(s, u)| format!("{}{s}", b / u)),
            )
        }
        _ => None,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct QueueRow {
    pub name: Str,
    /// Open, Closed, Closing, Unknown.
    pub state: Str,
    pub weight: i64,
    pub reclaimable: Option<bool>,
    /// `spec.parent` (hierarchical queues; Volcano's `root` has none).
    pub parent: Option<Str>,
    pub capability: Res,
    pub guarantee: Res,
    pub deserved: Res,
}
keyed!(cluster: QueueRow);

impl QueueRow {
    /// A queue with just a name, a state and a weight (tests, benches).
    pub fn new(name: &str, state: &str, weight: i64, parent: Option<&str>) -> QueueRow {
        QueueRow {
            name: Str::from(name),
            state: Str::from(state),
            weight,
            reclaimable: None,
            parent: parent.map(Str::from),
            capability: Res::default(),
            guarantee: Res::default(),
            deserved: Res::default(),
        }
    }

    pub fn is_open(&self) -> bool {
        &*self.state == "Open"
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Guarantee {
    pub resource: Option<BTreeMap<String, Value>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueSpec {
    pub weight: Option<i64>,
    pub reclaimable: Option<bool>,
    pub parent: Option<String>,
    pub capability: Option<BTreeMap<String, Value>>,
    pub guarantee: Option<Guarantee>,
    pub deserved: Option<BTreeMap<String, Value>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueStatus {
    pub state: Option<String>,
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
        let s = o.spec;
        QueueRow {
            name: name(&o.metadata),
            state: Str::from(o.status.state.as_deref().unwrap_or("Unknown")),
            // Volcano defaults the weight to 1.
            weight: s.weight.unwrap_or(1),
            reclaimable: s.reclaimable,
            parent: opt(s.parent),
            capability: Res::of(s.capability),
            guarantee: Res::of(s.guarantee.and_then(|g| g.resource)),
            deserved: Res::of(s.deserved),
        }
    }

    fn columns() -> &'static [Col<QueueRow>] {
        const C: &[Col<QueueRow>] = &[
            Col::new("name", "NAME", 10, 63, 0, |q| V::Str(&q.name)),
            Col::new("state", "STATE", 6, 10, 0, |q| V::Str(&q.state)),
            Col::num("weight", "WEIGHT", 6, 7, 1, |q| V::Int(q.weight)),
            Col::new("parent", "PARENT", 6, 24, 2, |q| match &q.parent {
                Some(p) => V::Str(p),
                None => V::None,
            }),
            Col::new("reclaimable", "RECLAIMABLE", 11, 11, 3, |q| {
                match q.reclaimable {
                    Some(true) => V::Str("true"),
                    Some(false) => V::Str("false"),
                    None => V::None,
                }
            }),
        ];
        C
    }

    fn tone(q: &QueueRow) -> Tone {
        if q.is_open() {
            Tone::Normal
        } else {
            Tone::Warn
        }
    }

    fn intern(q: &mut QueueRow, i: &mut Interner) {
        q.state = i.intern(&q.state);
        if let Some(p) = &q.parent {
            q.parent = Some(i.intern(p));
        }
    }
}
